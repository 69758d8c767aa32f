/*-------------------------------------------------------------------------
 *
 * client/commands.c
 *	  The commands of the schemamig client.
 *
 * The server does the work: sync registers files with add_revision(),
 * upgrade and downgrade call the extension's functions, each stretch of
 * transactional revisions in one transaction. Only non-transactional
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
#include <sys/time.h>
#include <unistd.h>

#include "client.h"

static double
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

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
	RevFiles	rf;
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

/* Does this SQL parse, and hold no transaction control? (The server says.) */
static void
check_sql(PGconn *conn, const RevFile *f, const char *sql, const char *section)
{
	const char *params[1] = {sql};
	PGresult   *res = db_try(conn, "SELECT pg_catalog.count(*) FROM schemamig.statements($1)", 1, params);

	if (res == NULL)
		fail("%s: the %s section does not pass", f->path, section);
	PQclear(res);
}

/*
 * Bring the database in line with the files, inside the caller's
 * transaction: register new files, update pending revisions whose file
 * changed, refuse (naming the file) when an applied revision's file
 * differs from what ran. With prune, remove pending revisions whose file is
 * gone. Returns how many revisions changed.
 */
static int
sync_files(PGconn *conn, const RevFiles *rf, bool prune)
{
	PGresult   *db = db_exec(conn,
							 "SELECT r.id, r.parents::pg_catalog.text, r.message, r.transactional::pg_catalog.text,"
							 " r.checksum, a.revision IS NOT NULL"
							 " FROM schemamig.revision AS r LEFT JOIN schemamig.applied AS a"
							 " ON a.revision OPERATOR(pg_catalog.=) r.id"
							 " ORDER BY r.seq", 0, NULL);
	int			changed = 0;

	for (int i = 0; i < rf->n; i++)
	{
		const RevFile *f = &rf->files[i];
		char	   *parents = parents_literal(f->parents, f->nparents);
		const char *tx = f->transactional ? "true" : "false";
		int			row = -1;

		for (int r = 0; r < PQntuples(db) && row < 0; r++)
		{
			if (strcmp(PQgetvalue(db, r, 0), f->id) == 0)
				row = r;
		}
		if (row < 0)
		{
			const char *params[6] = {f->id, f->upgrade, f->downgrade, parents, f->message, tx};
			PGresult   *res = db_try(conn, "SELECT schemamig.add_revision($1, $2, $3, $4, $5, $6)", 6, params);

			if (res == NULL)
				fail("%s: the server refused to register revision \"%s\"", f->path, f->id);
			PQclear(res);
			say("registered %s (%s)", f->id, f->path);
			changed++;
		}
		else
		{
			const char *cparams[2] = {f->upgrade, f->downgrade};
			PGresult   *sum = db_exec(conn, "SELECT schemamig.checksum($1, $2)", 2, cparams);
			bool		sql_differs = strcmp(PQgetvalue(sum, 0, 0), PQgetvalue(db, row, 4)) != 0;
			bool		graph_differs = strcmp(PQgetvalue(db, row, 1), parents) != 0 ||
				strcmp(PQgetvalue(db, row, 3), tx) != 0;
			bool		applied = PQgetvalue(db, row, 5)[0] == 't';

			PQclear(sum);
			if ((sql_differs || graph_differs) && applied)
				fail("%s: revision \"%s\" is applied, but the file's %s differs from what ran; "
					 "leave the file as it was and write a new revision for the change",
					 f->path, f->id, sql_differs ? "SQL" : "parents or no-transaction flag");
			if (sql_differs || graph_differs || strcmp(PQgetvalue(db, row, 2), f->message) != 0)
			{
				const char *params[6] = {f->id, f->upgrade, f->downgrade, parents, f->message, tx};

				if (sql_differs)
				{
					check_sql(conn, f, f->upgrade, "upgrade");
					if (f->downgrade)
						check_sql(conn, f, f->downgrade, "downgrade");
				}
				if (applied)
				{
					const char *mparams[2] = {f->id, f->message};

					PQclear(db_exec(conn, "UPDATE schemamig.revision SET message = $2"
									" WHERE id OPERATOR(pg_catalog.=) $1", 2, mparams));
				}
				else
					PQclear(db_exec(conn, "UPDATE schemamig.revision SET upgrade = $2, downgrade = $3,"
									" parents = $4, message = $5, transactional = $6"
									" WHERE id OPERATOR(pg_catalog.=) $1", 6, params));
				say("updated %s from %s", f->id, f->path);
				changed++;
			}
		}
		free(parents);
	}

	if (prune)
	{
		char	   *list = xmalloc(1);
		size_t		len = 0;
		int			gone = 0;

		for (int r = 0; r < PQntuples(db); r++)
		{
			if (PQgetvalue(db, r, 5)[0] == 'f' && find_file(rf, PQgetvalue(db, r, 0)) < 0)
			{
				char	   *message = printable(PQgetvalue(db, r, 2));

				list = realloc(list, len + strlen(PQgetvalue(db, r, 0)) + strlen(message) + 8);
				len += sprintf(list + len, "\n  %s  %s", PQgetvalue(db, r, 0), message);
				free(message);
				gone++;
			}
		}
		if (gone > 0)
		{
			char	   *question = xmalloc(len + 128);

			sprintf(question, "This removes %d pending revision%s whose file is gone:%s",
					gone, gone == 1 ? "" : "s", list);
			confirm(question);
			/* children before parents: newest first */
			for (int r = PQntuples(db) - 1; r >= 0; r--)
			{
				const char *params[1] = {PQgetvalue(db, r, 0)};

				if (PQgetvalue(db, r, 5)[0] == 'f' && find_file(rf, params[0]) < 0)
				{
					PQclear(db_exec(conn, "SELECT schemamig.remove_revision($1)", 1, params));
					say("removed %s", params[0]);
					changed++;
				}
			}
		}
		free(list);
	}
	PQclear(db);
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
	PQfinish(conn);
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
	PQfinish(own);
	PQclear(stmts);
	snprintf(duration, sizeof(duration), "%.3f ms", now_ms() - start);
	params[0] = id;
	params[1] = duration;
	PQclear(db_exec(conn, upgrade ? "SELECT schemamig.record_applied($1, $2::pg_catalog.interval)" :
					"SELECT schemamig.record_reverted($1, $2::pg_catalog.interval)", 2, params));
	say("%s revision \"%s\" outside a transaction in %s", upgrade ? "applied" : "reverted", id, duration);
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
	char	   *list = xstrdup("");
	int			missing = 0;

	for (int i = 0; i < PQntuples(plan); i++)
	{
		const char *id = PQgetvalue(plan, i, 0);

		if (find_file(rf, id) >= 0)
			continue;
		list = realloc(list, strlen(list) + strlen(id) + 8);
		if (list == NULL)
			fail("out of memory");
		strcat(list, "\n  ");
		strcat(list, id);
		missing++;
	}
	if (missing > 0 && !opt.include_db_only)
		fail("%d pending revision%s to apply %s in no file of %s:%s\n"
			 "the files are the source of truth: add the file%s, remove the revision%s "
			 "(sync --prune), or pass --include-db-only to apply %s anyway; nothing was applied",
			 missing, missing == 1 ? "" : "s", missing == 1 ? "is" : "are", opt.dir, list,
			 missing == 1 ? "" : "s", missing == 1 ? "" : "s", missing == 1 ? "it" : "them");
	free(list);
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
		if (!opt.dry_run)
			db_command(conn, "BEGIN");
		for (; i < n && PQgetvalue(plan, i, 1)[0] == 't'; i++)
		{
			const char *id[1] = {PQgetvalue(plan, i, 0)};
			PGresult   *res = db_try(conn, "SELECT schemamig.upgrade($1)", 1, id);

			if (res == NULL)
				fail("upgrade stopped at revision \"%s\"; nothing of its stretch stays applied", id[0]);
			PQclear(res);
		}
		if (!opt.dry_run)
			db_command(conn, "COMMIT");
	}
	if (opt.dry_run)
	{
		db_command(conn, "ROLLBACK");
		say("dry run: %d revision%s would be applied; everything was rolled back", n, n == 1 ? "" : "s");
	}
	else
		say("upgrade: %d revision%s applied", n, n == 1 ? "" : "s");
	PQclear(plan);
	PQfinish(conn);
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
	char	   *question;
	size_t		len;

	if (n == 0)
	{
		say("downgrade: nothing to revert");
		return 0;
	}
	require_authors(conn, plan, 2);
	len = 64;
	for (int i = 0; i < n; i++)
		len += strlen(PQgetvalue(plan, i, 0)) + 4 * strlen(PQgetvalue(plan, i, 1)) + 8;
	question = xmalloc(len);
	len = sprintf(question, "This reverts %d revision%s, newest first:", n, n == 1 ? "" : "s");
	for (int i = 0; i < n; i++)
	{
		char	   *message = printable(PQgetvalue(plan, i, 1));

		len += sprintf(question + len, "\n  %s  %s", PQgetvalue(plan, i, 0), message);
		free(message);
		all_tx = all_tx && PQgetvalue(plan, i, 2)[0] == 't';
	}
	if (!opt.dry_run)
		confirm(question);
	else
		print_printable(stdout, "%s\n", question);

	db_command(conn, "BEGIN");
	if (all_tx)
	{
		const char *params[1] = {opt.to ? opt.to : count};

		PQclear(db_exec(conn, opt.to ? "SELECT schemamig.downgrade_to($1)" :
						"SELECT schemamig.downgrade($1::pg_catalog.int4)", 1, params));
	}
	else
	{
		/* revert one at a time; a non-transactional one outside a transaction */
		for (int i = 0; i < n; i++)
		{
			const char *id[1] = {PQgetvalue(plan, i, 0)};
			PGresult   *last = db_exec(conn, "SELECT revision FROM schemamig.applied ORDER BY seq DESC LIMIT 1", 0, NULL);

			if (strcmp(PQgetvalue(last, 0, 0), id[0]) != 0)
				fail("with non-transactional revisions, downgrade --to must revert the most recent ones; "
					 "\"%s\" is applied after \"%s\": downgrade by count instead", PQgetvalue(last, 0, 0), id[0]);
			PQclear(last);
			if (PQgetvalue(plan, i, 2)[0] == 't')
				PQclear(db_exec(conn, "SELECT schemamig.downgrade(1)", 0, NULL));
			else if (opt.dry_run)
			{
				say("would revert revision \"%s\" outside a transaction (not run in --dry-run)", id[0]);
				PQclear(db_exec(conn, "SELECT schemamig.record_reverted($1)", 1, id));
			}
			else
			{
				db_command(conn, "COMMIT");
				run_outside(conn, id[0], false);
				db_command(conn, "BEGIN");
			}
		}
	}
	db_command(conn, opt.dry_run ? "ROLLBACK" : "COMMIT");
	say(opt.dry_run ? "dry run: %d revision%s would be reverted; everything was rolled back" :
		"downgrade: %d revision%s reverted", n, n == 1 ? "" : "s");
	PQclear(plan);
	PQfinish(conn);
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
	if (PQntuples(res) == 0 && !heads)
		say("(base: nothing applied)");
	PQclear(res);
	PQfinish(conn);
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
	PQfinish(conn);
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
	PQfinish(conn);
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
	PQfinish(conn);
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
	{
		bool		found = false;

		for (int r = 0; r < PQntuples(hist) && !found; r++)
			found = strcmp(PQgetvalue(hist, r, 0), rf.files[i].id) == 0;
		only_file[i] = !found;
		files_only += !found;
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
	PQfinish(conn);
	if (!opt.check)
		return 0;
	return pending + files_only == 0 ? 0 : 1;
}
