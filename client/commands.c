/*-------------------------------------------------------------------------
 *
 * client/commands.c
 *	  The commands of the schemamig client.
 *
 * The server does the work: sync sends every file in one call of
 * schemamig.sync(), upgrade and downgrade call the extension's functions,
 * each stretch of transactional revisions in one transaction and, where
 * the graph allows, one call. Only non-transactional
 * revisions are run here, statement by statement as the server's parser
 * splits them (schemamig.statements()), on a connection of their own and
 * only by their author, then recorded with record_applied() or
 * record_reverted().
 *
 * Every query here assumes nothing of search_path: each function, type and
 * operator is qualified (pg_catalog., schemamig., OPERATOR(pg_catalog.=)),
 * so that a role that owns a schema on the caller's path (public, in a
 * database it owns) cannot slip in its own unnest() or = and have it run
 * with the caller's privileges.
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/*
 * Ask before a destructive command: on a terminal, a y/N prompt; otherwise
 * --yes is required.
 */
static void
confirm(const char *question)
{
	char		answer[16];

	if (opt.yes)
		return;
	if (!isatty(STDIN_FILENO))
		fail("%s\nnot on a terminal: add --yes to go ahead", question);
	print_printable(stdout, "%s\nContinue? [y/N] ", question);
	fflush(stdout);
	if (fgets(answer, sizeof(answer), stdin) == NULL ||
		(answer[0] != 'y' && answer[0] != 'Y'))
	{
		printf("Nothing was done.\n");
		exit(1);
	}
}

/* new -m MESSAGE [--empty] */
int
cmd_new(void)
{
	RevFiles	rf = {0};
	int		   *heads;
	int			nheads;
	char	   *parents[1];

	if (access(opt.dir, F_OK) == 0)
		rf = load_files(opt.dir);
	else
		rf.n = 0;
	file_heads(&rf, &heads, &nheads);
	if (nheads > 1)
		fail("%s has %d heads (%s, %s%s): write a merge revision by hand, with every head as parent",
			 opt.dir, nheads, rf.files[heads[0]].id, rf.files[heads[1]].id, nheads > 2 ? ", ..." : "");
	if (nheads == 1)
		parents[0] = rf.files[heads[0]].id;
	printf("%s\n", printable(write_new_file(opt.dir, opt.message, parents, nheads, !opt.empty)));
	return 0;
}

/*
 * The file that holds the revision a server error names (revision "ID" in
 * its message or context), or NULL.
 */
static const RevFile *
file_named_in(const RevFiles *rf, const PGresult *res)
{
	const char *texts[2] = {PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY),
	PQresultErrorField(res, PG_DIAG_CONTEXT)};

	for (int t = 0; t < 2; t++)
	{
		for (const char *c = texts[t]; c && (c = strstr(c, "revision \"")) != NULL;)
		{
			const char *id = c + 10;
			const char *end = strchr(id, '"');
			char	   *copy;
			int			k;

			if (end == NULL)
				break;
			copy = xstrndup(id, end - id);
			k = find_file(rf, copy);
			free(copy);
			if (k >= 0)
				return &rf->files[k];
			c = end;
		}
	}
	return NULL;
}

/*
 * Bring the database in line with the files, inside the caller's
 * transaction, in one call of schemamig.sync(): it registers new files,
 * updates pending revisions whose file changed, and refuses, changing
 * nothing, an applied revision whose file differs from what ran; the
 * client names the file. With prune, pending revisions that no file names
 * (sync's 'db-only' rows) are removed, after asking. Returns how many
 * revisions changed.
 */
int
sync_files(PGconn *conn, const RevFiles *rf, bool prune)
{
	PQExpBufferData arrays[6];
	const char *params[6];
	PGresult   *res;
	PQExpBufferData gone;
	int			ngone = 0;
	int			changed = 0;

	for (int k = 0; k < 6; k++)
	{
		initPQExpBuffer(&arrays[k]);
		appendPQExpBufferChar(&arrays[k], '{');
	}
	for (int i = 0; i < rf->n; i++)
	{
		const RevFile *f = &rf->files[i];
		PQExpBufferData parents;

		initPQExpBuffer(&parents);
		for (int p = 0; p < f->nparents; p++)
			appendPQExpBuffer(&parents, "%s%s", p ? " " : "", f->parents[p]);
		append_array_element(&arrays[0], conn, f->id);
		append_array_element(&arrays[1], conn, parents.data);
		append_array_element(&arrays[2], conn, f->message);
		append_array_element(&arrays[3], conn, f->upgrade);
		append_array_element(&arrays[4], conn, f->downgrade);
		append_array_element(&arrays[5], conn, f->transactional ? "t" : "f");
		termPQExpBuffer(&parents);
	}
	for (int k = 0; k < 6; k++)
	{
		appendPQExpBufferChar(&arrays[k], '}');
		if (PQExpBufferBroken(&arrays[k]))
			fail("out of memory");
		params[k] = arrays[k].data;
	}
	res = PQexecParams(conn, "SELECT s.revision, s.action FROM schemamig.sync($1::pg_catalog.text[],"
					   " $2::pg_catalog.text[], $3::pg_catalog.text[], $4::pg_catalog.text[],"
					   " $5::pg_catalog.text[], $6::pg_catalog.bool[]) AS s", 6, NULL, params, NULL, NULL, 0);
	if (opt.verbosity > 1)
		fprintf(stderr, "schemamig: ran: SELECT ... FROM schemamig.sync(...) with %d files\n", rf->n);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
	{
		const RevFile *f = file_named_in(rf, res);

		db_report(res, f ? f->path : NULL);
		db_finish(conn);
		exit(1);
	}
	for (int k = 0; k < 6; k++)
		termPQExpBuffer(&arrays[k]);

	initPQExpBuffer(&gone);
	appendPQExpBufferChar(&gone, '{');
	for (int r = 0; r < PQntuples(res); r++)
	{
		const char *id = PQgetvalue(res, r, 0);
		const char *action = PQgetvalue(res, r, 1);
		int			k = find_file(rf, id);

		if (strcmp(action, "db-only") == 0)
		{
			append_array_element(&gone, conn, id);
			ngone++;
			continue;
		}
		if (k < 0)
			fail("the server reports revision \"%s\" as %s, but it is in no file", id, action);
		if (strcmp(action, "registered") == 0)
			say("registered %s (%s)", id, rf->files[k].path);
		else
			say("updated %s from %s", id, rf->files[k].path);
		changed++;
	}
	PQclear(res);
	appendPQExpBufferChar(&gone, '}');

	if (prune && ngone > 0)
	{
		const char *gparams[1] = {gone.data};
		PGresult   *msgs = db_exec(conn, "SELECT u.id, r.message"
									" FROM pg_catalog.unnest($1::pg_catalog.text[]) WITH ORDINALITY AS u (id, n)"
									" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
									" ORDER BY u.n", 1, gparams);
		PQExpBufferData question;

		initPQExpBuffer(&question);
		appendPQExpBuffer(&question, "This removes %d pending revision%s whose file is gone:",
						  ngone, ngone == 1 ? "" : "s");
		for (int r = 0; r < PQntuples(msgs); r++)
		{
			char	   *message = printable(PQgetvalue(msgs, r, 1));

			appendPQExpBuffer(&question, "\n  %s  %s", PQgetvalue(msgs, r, 0), message);
			free(message);
		}
		confirm(question.data);
		termPQExpBuffer(&question);
		/* sync lists them parents first: remove children first */
		for (int r = PQntuples(msgs) - 1; r >= 0; r--)
		{
			const char *rparams[1] = {PQgetvalue(msgs, r, 0)};

			PQclear(db_exec(conn, "SELECT schemamig.remove_revision($1)", 1, rparams));
			say("removed %s", rparams[0]);
			changed++;
		}
		PQclear(msgs);
	}
	termPQExpBuffer(&gone);
	return changed;
}

/* sync [--prune] */
int
cmd_sync(void)
{
	RevFiles	rf = load_files(opt.dir);
	PGconn	   *conn = db_connect();
	int			changed;

	db_command(conn, "BEGIN");
	changed = sync_files(conn, &rf, opt.prune);
	db_command(conn, "COMMIT");
	say("sync: %d revision%s changed, %d file%s", changed, changed == 1 ? "" : "s", rf.n, rf.n == 1 ? "" : "s");
	db_finish(conn);
	return 0;
}

/*
 * A non-transactional revision runs on the client's connection, outside the
 * server's control: its statements could RESET ROLE, or leave settings
 * behind. So the client runs one only as the role that wrote it (its
 * author, which the server records), and refuses otherwise, naming both.
 */
static void
require_author(PGconn *conn, const char *id)
{
	static int	has_author = -1;
	const char *params[1] = {id};
	PGresult   *res;

	if (has_author < 0)
	{
		res = db_exec(conn, "SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute"
					  " WHERE attrelid OPERATOR(pg_catalog.=) 'schemamig.revision'::pg_catalog.regclass"
					  " AND attname OPERATOR(pg_catalog.=) 'author' AND NOT attisdropped)", 0, NULL);
		has_author = PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
	}
	if (!has_author)
		fail("revision \"%s\" is not transactional, and the schemamig extension on the server does not "
			 "record who wrote a revision (that came in 0.4.0): update it with "
			 "ALTER EXTENSION schemamig UPDATE before running such a revision", id);
	res = db_exec(conn, "SELECT r.author, CURRENT_USER FROM schemamig.revision AS r"
				  " WHERE r.id OPERATOR(pg_catalog.=) $1", 1, params);
	if (PQntuples(res) != 1)
		fail("revision \"%s\" does not exist", id);
	if (strcmp(PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1)) != 0)
		fail("revision \"%s\" is not transactional, and its author is role \"%s\", not \"%s\": "
			 "it would run outside the server's control, so only its author may run it; "
			 "apply it as role \"%s\" (log in as it, or set PGOPTIONS='-c role=%s'); nothing was run",
			 id, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 0));
	PQclear(res);
}

/*
 * Run a non-transactional revision's upgrade (or downgrade) SQL statement
 * by statement, outside any transaction, on a connection of its own that
 * is closed afterwards: whatever session state its statements leave
 * (settings, role, temporary objects, prepared statements) goes with that
 * connection before anything else runs. Then record it on conn.
 */
static void
run_outside(PGconn *conn, const char *id, bool upgrade)
{
	const char *params[2] = {id, NULL};
	PGresult   *res = db_exec(conn, upgrade ?
							  "SELECT upgrade FROM schemamig.revision WHERE id OPERATOR(pg_catalog.=) $1" :
							  "SELECT downgrade FROM schemamig.revision WHERE id OPERATOR(pg_catalog.=) $1",
							  1, params);
	PGresult   *stmts;
	PGconn	   *own;
	double		start;
	char		duration[64];

	if (PQgetisnull(res, 0, 0))
		fail("revision \"%s\" is irreversible: it has no downgrade SQL", id);
	params[0] = PQgetvalue(res, 0, 0);
	stmts = db_exec(conn, "SELECT s.statement FROM schemamig.statements($1) WITH ORDINALITY AS s (statement, n)"
					" ORDER BY s.n", 1, params);
	PQclear(res);
	own = db_connect_again(conn);
	require_author(own, id);
	start = now_ms();
	for (int i = 0; i < PQntuples(stmts); i++)
	{
		PGresult   *r = PQexec(own, PQgetvalue(stmts, i, 0));

		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		{
			db_report(r, NULL);
			fail("revision \"%s\" (not transactional) failed at statement %d of %d; the statements "
				 "before it ran and stay, and the revision is not recorded as %s",
				 id, i + 1, PQntuples(stmts), upgrade ? "applied" : "reverted");
		}
		PQclear(r);
	}
	db_finish(own);
	PQclear(stmts);
	snprintf(duration, sizeof(duration), "%.3f ms", now_ms() - start);
	params[0] = id;
	params[1] = duration;
	PQclear(db_exec(conn, upgrade ? "SELECT schemamig.record_applied($1, $2::pg_catalog.interval)" :
					"SELECT schemamig.record_reverted($1, $2::pg_catalog.interval)", 2, params));
	{
		PQExpBufferData line;

		initPQExpBuffer(&line);
		appendPQExpBuffer(&line, "%s revision \"%s\" outside a transaction in %s",
						  upgrade ? "applied" : "reverted", id, duration);
		progress_step(line.data);
		termPQExpBuffer(&line);
	}
}

/*
 * Before anything runs: every non-transactional revision of a plan (id in
 * column 0, transactional in column tx_col) must be its author's.
 */
static void
require_authors(PGconn *conn, PGresult *plan, int tx_col)
{
	for (int i = 0; i < PQntuples(plan); i++)
	{
		if (PQgetvalue(plan, i, tx_col)[0] == 'f')
			require_author(conn, PQgetvalue(plan, i, 0));
	}
}

/*
 * The files are the source of truth: a pending revision of the plan that is
 * in no file is applied only with --include-db-only. Names each.
 */
static void
refuse_db_only(const RevFiles *rf, PGresult *plan)
{
	PQExpBufferData list;
	int			missing = 0;

	initPQExpBuffer(&list);
	for (int i = 0; i < PQntuples(plan); i++)
	{
		const char *id = PQgetvalue(plan, i, 0);

		if (find_file(rf, id) >= 0)
			continue;
		appendPQExpBuffer(&list, "\n  %s", id);
		missing++;
	}
	if (missing > 0 && !opt.include_db_only)
		fail("%d pending revision%s to apply %s in no file of %s:%s\n"
			 "the files are the source of truth: add the file%s, remove the revision%s "
			 "(sync --prune), or pass --include-db-only to apply %s anyway; nothing was applied",
			 missing, missing == 1 ? "" : "s", missing == 1 ? "is" : "are", opt.dir, list.data,
			 missing == 1 ? "" : "s", missing == 1 ? "" : "s", missing == 1 ? "it" : "them");
	termPQExpBuffer(&list);
}

/*
 * Apply the transactional revisions plan[from..to), which the server
 * planned in order, with as few calls as the graph allows. upgrade(id)
 * applies id and its pending ancestors; every one of those is in the
 * stretch, since what comes before it in the plan is applied by now. On a
 * chain that is the whole stretch in one call. On a branched graph the
 * stretch may hold revisions that are not ancestors of its last one
 * (siblings on other branches): then ask which of the stretch are still
 * pending, and apply up to the last of them, until none is. A call that
 * applies more than is left of the stretch means that the graph changed
 * after the plan was made: refuse (the transaction is rolled back).
 */
static void
apply_stretch(PGconn *conn, PGresult *plan, int from, int to)
{
	int			left = to - from;
	int			last = to - 1;

	while (left > 0)
	{
		const char *id[1] = {PQgetvalue(plan, last, 0)};
		PGresult   *res = db_try(conn, "SELECT schemamig.upgrade($1)", 1, id);
		int			applied;
		PQExpBufferData ids;
		const char *params[1];

		if (res == NULL)
		{
			db_finish(conn);
			fail("upgrade stopped in the stretch of %d transactional revision%s from \"%s\" to \"%s\"; "
				 "nothing of that stretch stays applied",
				 to - from, to - from == 1 ? "" : "s", PQgetvalue(plan, from, 0), PQgetvalue(plan, to - 1, 0));
		}
		applied = atoi(PQgetvalue(res, 0, 0));
		PQclear(res);
		if (applied < 1 || applied > left)
		{
			db_finish(conn);
			fail("upgrade(\"%s\") applied %d revision%s where %d of the plan were left: the revisions "
				 "changed since the plan was made; nothing of this stretch stays applied, run upgrade again",
				 id[0], applied, applied == 1 ? "" : "s", left);
		}
		if (applied == left)
			break;

		/* a branched stretch: which of it is still pending? */
		initPQExpBuffer(&ids);
		appendPQExpBufferChar(&ids, '{');
		for (int k = from; k < to; k++)
			append_array_element(&ids, conn, PQgetvalue(plan, k, 0));
		appendPQExpBufferChar(&ids, '}');
		params[0] = ids.data;
		res = db_exec(conn, "SELECT u.n FROM pg_catalog.unnest($1::pg_catalog.text[]) WITH ORDINALITY AS u (id, n)"
					  " WHERE NOT EXISTS (SELECT FROM schemamig.applied AS a"
					  " WHERE a.revision OPERATOR(pg_catalog.=) u.id) ORDER BY u.n", 1, params);
		termPQExpBuffer(&ids);
		if (PQntuples(res) != left - applied)
		{
			db_finish(conn);
			fail("%d revision%s of the stretch ending at \"%s\" should be pending, but %d are: the revisions "
				 "changed since the plan was made; nothing of this stretch stays applied, run upgrade again",
				 left - applied, left - applied == 1 ? "" : "s", PQgetvalue(plan, to - 1, 0), PQntuples(res));
		}
		left = PQntuples(res);
		last = from + atoi(PQgetvalue(res, left - 1, 0)) - 1;
		PQclear(res);
	}
}

/* upgrade [TARGET] [--dry-run] [--include-db-only] */
int
cmd_upgrade(const char *target)
{
	RevFiles	rf = load_files(opt.dir);
	PGconn	   *conn = db_connect();
	const char *params[1] = {target};
	PGresult   *plan;
	int			n;
	int			i = 0;
	int			j;

	db_command(conn, "BEGIN");
	sync_files(conn, &rf, false);
	if (!opt.dry_run)
		db_command(conn, "COMMIT");
	plan = db_exec(conn, "SELECT p.revision, r.transactional"
				   " FROM schemamig.pending($1) WITH ORDINALITY AS p (revision, message, n)"
				   " JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) p.revision ORDER BY p.n",
				   1, params);
	n = PQntuples(plan);
	refuse_db_only(&rf, plan);
	require_authors(conn, plan, 1);
	/*
	 * What lint() finds in what is about to run, warnings and errors (errors
	 * only with -q). They do not stop it: the server refuses what fails.
	 */
	if (n > 0 && server_has_lint(conn))
	{
		LintCounts	counts;

		fflush(stdout);
		counts = lint_print(conn, &rf, target, opt.verbosity > 0 ? LINT_WARNING : LINT_ERROR, stderr);
		if (counts.errors > 0 || (opt.verbosity > 0 && counts.warnings > 0))
			print_printable(stderr, "schemamig: lint: %d error%s, %d warning%s in what upgrade applies (see schemamig lint %s)\n",
							counts.errors, counts.errors == 1 ? "" : "s",
							counts.warnings, counts.warnings == 1 ? "" : "s", target);
	}
	progress_start(n);
	while (i < n)
	{
		if (PQgetvalue(plan, i, 1)[0] == 'f')
		{
			if (opt.dry_run)
			{
				const char *id[1] = {PQgetvalue(plan, i, 0)};

				say("would run revision \"%s\" outside a transaction (not run in --dry-run)", id[0]);
				PQclear(db_exec(conn, "SELECT schemamig.record_applied($1)", 1, id));
			}
			else
				run_outside(conn, PQgetvalue(plan, i, 0), true);
			i++;
			continue;
		}
		/* a stretch of transactional revisions: one transaction */
		for (j = i; j < n && PQgetvalue(plan, j, 1)[0] == 't'; j++)
			;
		if (!opt.dry_run)
			db_command(conn, "BEGIN");
		apply_stretch(conn, plan, i, j);
		if (!opt.dry_run)
			db_command(conn, "COMMIT");
		i = j;
	}
	progress_end();
	if (opt.dry_run)
	{
		db_command(conn, "ROLLBACK");
		say("dry run: %d revision%s would be applied; everything was rolled back", n, n == 1 ? "" : "s");
	}
	else
		say("upgrade: %d revision%s applied", n, n == 1 ? "" : "s");
	PQclear(plan);
	db_finish(conn);
	return 0;
}

/*
 * What a downgrade would revert, newest first: id, message, transactional,
 * as the server plans it (schemamig.downgrade_plan(), which refuses a count
 * beyond what is applied and a target that does not exist).
 */
static PGresult *
downgrade_plan(PGconn *conn, const char *count)
{
	const char *params[1] = {opt.to ? opt.to : count};

	return db_exec(conn, opt.to ?
				   "SELECT revision, message, transactional FROM schemamig.downgrade_plan($1::pg_catalog.text)" :
				   "SELECT revision, message, transactional FROM schemamig.downgrade_plan($1::pg_catalog.int4)",
				   1, params);
}

/* downgrade [N | --to TARGET] [--yes] [--dry-run] */
int
cmd_downgrade(const char *count)
{
	PGconn	   *conn = db_connect();
	PGresult   *plan = downgrade_plan(conn, count);
	int			n = PQntuples(plan);
	bool		all_tx = true;
	PQExpBufferData question;

	if (n == 0)
	{
		say("downgrade: nothing to revert");
		db_finish(conn);
		return 0;
	}
	require_authors(conn, plan, 2);
	initPQExpBuffer(&question);
	appendPQExpBuffer(&question, "This reverts %d revision%s, newest first:", n, n == 1 ? "" : "s");
	for (int i = 0; i < n; i++)
	{
		char	   *message = printable(PQgetvalue(plan, i, 1));

		appendPQExpBuffer(&question, "\n  %s  %s", PQgetvalue(plan, i, 0), message);
		free(message);
		all_tx = all_tx && PQgetvalue(plan, i, 2)[0] == 't';
	}
	if (!opt.dry_run)
		confirm(question.data);
	else
		print_printable(stdout, "%s\n", question.data);
	termPQExpBuffer(&question);

	progress_start(n);
	db_command(conn, "BEGIN");
	if (all_tx)
	{
		const char *params[1] = {opt.to ? opt.to : count};

		PQclear(db_exec(conn, opt.to ? "SELECT schemamig.downgrade_to($1)" :
						"SELECT schemamig.downgrade($1::pg_catalog.int4)", 1, params));
	}
	else
	{
		/*
		 * Segment by segment: a stretch of transactional revisions in one
		 * downgrade(N) call, a non-transactional one outside a
		 * transaction. Before each, the server's plan for reverting that
		 * many must name exactly the segment.
		 */
		for (int i = 0, j; i < n; i = j)
		{
			char		segment[16];
			const char *params[1] = {segment};
			PGresult   *now;

			for (j = i + 1; PQgetvalue(plan, i, 2)[0] == 't' && j < n && PQgetvalue(plan, j, 2)[0] == 't'; j++)
				;
			snprintf(segment, sizeof(segment), "%d", j - i);
			now = db_exec(conn, "SELECT revision FROM schemamig.downgrade_plan($1::pg_catalog.int4)", 1, params);
			for (int k = 0; k < j - i; k++)
			{
				if (strcmp(PQgetvalue(now, k, 0), PQgetvalue(plan, i + k, 0)) != 0)
				{
					db_finish(conn);
					fail("with non-transactional revisions, downgrade --to must revert the most recent ones; "
						 "\"%s\" is reverted before \"%s\": downgrade by count instead",
						 PQgetvalue(now, k, 0), PQgetvalue(plan, i + k, 0));
				}
			}
			PQclear(now);
			if (PQgetvalue(plan, i, 2)[0] == 't')
				PQclear(db_exec(conn, "SELECT schemamig.downgrade($1::pg_catalog.int4)", 1, params));
			else if (opt.dry_run)
			{
				params[0] = PQgetvalue(plan, i, 0);
				say("would revert revision \"%s\" outside a transaction (not run in --dry-run)", params[0]);
				PQclear(db_exec(conn, "SELECT schemamig.record_reverted($1)", 1, params));
			}
			else
			{
				db_command(conn, "COMMIT");
				run_outside(conn, PQgetvalue(plan, i, 0), false);
				db_command(conn, "BEGIN");
			}
		}
	}
	progress_end();
	db_command(conn, opt.dry_run ? "ROLLBACK" : "COMMIT");
	say(opt.dry_run ? "dry run: %d revision%s would be reverted; everything was rolled back" :
		"downgrade: %d revision%s reverted", n, n == 1 ? "" : "s");
	PQclear(plan);
	db_finish(conn);
	return 0;
}

/* current, heads */
int
cmd_current(bool heads)
{
	PGconn	   *conn = db_connect();
	PGresult   *res = db_exec(conn, heads ? "SELECT pg_catalog.unnest(schemamig.heads())" :
							  "SELECT pg_catalog.unnest(schemamig.current())", 0, NULL);

	for (int i = 0; i < PQntuples(res); i++)
		printf("%s\n", printable(PQgetvalue(res, i, 0)));
	/* stdout holds ids only: at base, nothing; a note on stderr */
	if (PQntuples(res) == 0 && !heads && opt.verbosity > 0)
		fprintf(stderr, "schemamig: at base: nothing applied\n");
	PQclear(res);
	db_finish(conn);
	return 0;
}

/* Print a JSON string. */
static void
json_string(const char *s)
{
	putchar('"');
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char) *s < 0x20 || *s == 0x7f)
			printf("\\u%04x", (unsigned char) *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* history [--json]: newest first */
int
cmd_history(void)
{
	PGconn	   *conn = db_connect();
	PGresult   *res = db_exec(conn,
							  "SELECT revision, pg_catalog.array_to_string(parents, ', '), message, applied,"
							  " applied_at, applied_by,"
							  " EXTRACT(epoch FROM duration) OPERATOR(pg_catalog.*) 1000, is_head, is_current,"
							  " pg_catalog.array_to_json(parents)"
							  " FROM schemamig.history()", 0, NULL);
	int			n = PQntuples(res);

	if (opt.json)
		printf("[");
	for (int i = n - 1; i >= 0; i--)
	{
		bool		applied = PQgetvalue(res, i, 3)[0] == 't';

		if (opt.json)
		{
			printf("%s\n  {\"revision\": ", i == n - 1 ? "" : ",");
			json_string(PQgetvalue(res, i, 0));
			printf(", \"parents\": %s, \"message\": ", PQgetvalue(res, i, 9));
			json_string(PQgetvalue(res, i, 2));
			printf(", \"applied\": %s", applied ? "true" : "false");
			if (applied)
			{
				printf(", \"applied_at\": ");
				json_string(PQgetvalue(res, i, 4));
				printf(", \"applied_by\": ");
				json_string(PQgetvalue(res, i, 5));
				printf(", \"duration_ms\": %s", PQgetvalue(res, i, 6));
			}
			printf(", \"is_head\": %s, \"is_current\": %s}",
				   PQgetvalue(res, i, 7)[0] == 't' ? "true" : "false",
				   PQgetvalue(res, i, 8)[0] == 't' ? "true" : "false");
		}
		else
		{
			printf("%s -> %s%s%s, %s",
				   PQgetvalue(res, i, 1)[0] ? printable(PQgetvalue(res, i, 1)) : "<base>",
				   printable(PQgetvalue(res, i, 0)),
				   PQgetvalue(res, i, 7)[0] == 't' ? " (head)" : "",
				   PQgetvalue(res, i, 8)[0] == 't' ? " (current)" : "",
				   PQgetvalue(res, i, 2)[0] ? printable(PQgetvalue(res, i, 2)) : "(no message)");
			if (applied)
				printf("  [applied %s by %s]\n", PQgetvalue(res, i, 4), printable(PQgetvalue(res, i, 5)));
			else
				printf("  [pending]\n");
		}
	}
	if (opt.json)
		printf("%s]\n", n ? "\n" : "");
	PQclear(res);
	db_finish(conn);
	return 0;
}

/* verify: exit 1 when anything is wrong */
int
cmd_verify(void)
{
	PGconn	   *conn = db_connect();
	PGresult   *res = db_exec(conn, "SELECT revision, problem FROM schemamig.verify()", 0, NULL);
	int			n = PQntuples(res);

	for (int i = 0; i < n; i++)
		printf("%s: %s\n", printable(PQgetvalue(res, i, 0)), printable(PQgetvalue(res, i, 1)));
	if (n == 0)
		say("verify: no problems");
	PQclear(res);
	db_finish(conn);
	return n == 0 ? 0 : 1;
}

/* stamp TARGET [--yes] */
int
cmd_stamp(const char *target)
{
	PGconn	   *conn = db_connect();
	const char *params[1] = {target};
	char		question[512];
	PGresult   *res;

	snprintf(question, sizeof(question),
			 "This makes the applied set exactly \"%.128s\" and its ancestors, without running any SQL.", target);
	confirm(question);
	res = db_exec(conn, "SELECT schemamig.stamp($1)", 1, params);
	say("stamp: %s row%s changed", PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 0), "1") ? "s" : "");
	PQclear(res);
	db_finish(conn);
	return 0;
}

/* status [--check] */
int
cmd_status(void)
{
	RevFiles	rf = load_files(opt.dir);
	PGconn	   *conn = db_connect();
	PGresult   *hist = db_exec(conn, "SELECT revision, applied, message FROM schemamig.history()", 0, NULL);
	int			applied = 0;
	int			pending = 0;
	int			files_only = 0;
	bool	   *only_file = xmalloc(rf.n + 1);

	for (int i = 0; i < PQntuples(hist); i++)
	{
		if (PQgetvalue(hist, i, 1)[0] == 't')
			applied++;
		else
			pending++;
	}
	for (int i = 0; i < rf.n; i++)
		only_file[i] = true;
	files_only = rf.n;
	for (int r = 0; r < PQntuples(hist); r++)
	{
		int			k = find_file(&rf, PQgetvalue(hist, r, 0));

		if (k >= 0)
		{
			only_file[k] = false;
			files_only--;
		}
	}
	if (!opt.check)
	{
		printf("applied (%d):\n", applied);
		for (int i = 0; i < PQntuples(hist); i++)
		{
			if (PQgetvalue(hist, i, 1)[0] == 't')
				printf("  %s  %s\n", printable(PQgetvalue(hist, i, 0)), printable(PQgetvalue(hist, i, 2)));
		}
		printf("pending in the database (%d):\n", pending);
		for (int i = 0; i < PQntuples(hist); i++)
		{
			if (PQgetvalue(hist, i, 1)[0] == 'f')
				printf("  %s  %s\n", printable(PQgetvalue(hist, i, 0)), printable(PQgetvalue(hist, i, 2)));
		}
		printf("only as files in %s (%d):\n", printable(opt.dir), files_only);
		for (int i = 0; i < rf.n; i++)
		{
			if (only_file[i])
				printf("  %s  %s\n", rf.files[i].id, printable(rf.files[i].path));
		}
	}
	PQclear(hist);
	db_finish(conn);
	if (!opt.check)
		return 0;
	return pending + files_only == 0 ? 0 : 1;
}
