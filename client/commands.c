/*-------------------------------------------------------------------------
 *
 * client/commands.c
 *	  The commands of the schemamig client.
 *
 * The server does the work: sync registers files with add_revision(),
 * upgrade and downgrade call the extension's functions, each stretch of
 * transactional revisions in one transaction. Only non-transactional
 * revisions are run here, statement by statement as the server's parser
 * splits them (schemamig.statements()), then recorded with
 * record_applied() or record_reverted().
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
	printf("%s\nContinue? [y/N] ", question);
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
	printf("%s\n", write_new_file(opt.dir, opt.message, parents, nheads, !opt.empty));
	return 0;
}

/* Does this SQL parse, and hold no transaction control? (The server says.) */
static void
check_sql(PGconn *conn, const RevFile *f, const char *sql, const char *section)
{
	const char *params[1] = {sql};
	PGresult   *res = db_try(conn, "SELECT count(*) FROM schemamig.statements($1)", 1, params);

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
							 "SELECT r.id, r.parents::text, r.message, r.transactional::text, r.checksum,"
							 " a.revision IS NOT NULL"
							 " FROM schemamig.revision AS r LEFT JOIN schemamig.applied AS a ON a.revision = r.id"
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

					PQclear(db_exec(conn, "UPDATE schemamig.revision SET message = $2 WHERE id = $1", 2, mparams));
				}
				else
					PQclear(db_exec(conn, "UPDATE schemamig.revision SET upgrade = $2, downgrade = $3,"
									" parents = $4, message = $5, transactional = $6 WHERE id = $1", 6, params));
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
				list = realloc(list, len + strlen(PQgetvalue(db, r, 0)) + strlen(PQgetvalue(db, r, 2)) + 8);
				len += sprintf(list + len, "\n  %s  %s", PQgetvalue(db, r, 0), PQgetvalue(db, r, 2));
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
 * Run a non-transactional revision's upgrade (or downgrade) SQL statement
 * by statement, outside any transaction, then record it.
 */
static void
run_outside(PGconn *conn, const char *id, bool upgrade)
{
	const char *params[2] = {id, NULL};
	PGresult   *res = db_exec(conn, upgrade ?
							  "SELECT upgrade FROM schemamig.revision WHERE id = $1" :
							  "SELECT downgrade FROM schemamig.revision WHERE id = $1", 1, params);
	PGresult   *stmts;
	double		start = now_ms();
	char		duration[64];

	if (PQgetisnull(res, 0, 0))
		fail("revision \"%s\" is irreversible: it has no downgrade SQL", id);
	params[0] = PQgetvalue(res, 0, 0);
	stmts = db_exec(conn, "SELECT statement FROM schemamig.statements($1)", 1, params);
	PQclear(res);
	for (int i = 0; i < PQntuples(stmts); i++)
	{
		PGresult   *r = PQexec(conn, PQgetvalue(stmts, i, 0));

		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		{
			db_report(r, NULL);
			fail("revision \"%s\" (not transactional) failed at statement %d of %d; the statements "
				 "before it ran and stay, and the revision is not recorded as %s",
				 id, i + 1, PQntuples(stmts), upgrade ? "applied" : "reverted");
		}
		PQclear(r);
	}
	PQclear(stmts);
	snprintf(duration, sizeof(duration), "%.3f ms", now_ms() - start);
	params[0] = id;
	params[1] = duration;
	PQclear(db_exec(conn, upgrade ? "SELECT schemamig.record_applied($1, $2::interval)" :
					"SELECT schemamig.record_reverted($1, $2::interval)", 2, params));
	say("%s revision \"%s\" outside a transaction in %s", upgrade ? "applied" : "reverted", id, duration);
}

/* upgrade [TARGET] [--dry-run] */
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
				   " JOIN schemamig.revision AS r ON r.id = p.revision ORDER BY p.n", 1, params);
	n = PQntuples(plan);
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
 * What a downgrade would revert, newest first: id, message, transactional.
 * By count, the most recently applied; with --to, what is neither the
 * target nor its ancestor.
 */
static PGresult *
downgrade_plan(PGconn *conn, const char *count)
{
	if (opt.to == NULL)
	{
		const char *params[1] = {count};

		return db_exec(conn, "SELECT a.revision, r.message, r.transactional FROM schemamig.applied AS a"
					   " JOIN schemamig.revision AS r ON r.id = a.revision ORDER BY a.seq DESC LIMIT $1::int",
					   1, params);
	}
	else
	{
		const char *params[1] = {opt.to};

		return db_exec(conn,
					   "WITH RECURSIVE keep (id) AS ("
					   "  SELECT id FROM schemamig.revision WHERE id = $1"
					   "  UNION SELECT p FROM keep JOIN schemamig.revision AS r ON r.id = keep.id, unnest(r.parents) AS p)"
					   " SELECT a.revision, r.message, r.transactional FROM schemamig.applied AS a"
					   " JOIN schemamig.revision AS r ON r.id = a.revision"
					   " WHERE a.revision NOT IN (SELECT id FROM keep) ORDER BY a.seq DESC", 1, params);
	}
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

	if (opt.to && strcmp(opt.to, "base") != 0)
	{
		const char *params[1] = {opt.to};
		PGresult   *res = db_exec(conn, "SELECT 1 FROM schemamig.revision WHERE id = $1", 1, params);

		if (PQntuples(res) == 0)
			fail("revision \"%s\" does not exist", opt.to);
		PQclear(res);
	}
	if (opt.to == NULL && n < atoi(count))
		fail("cannot revert %s revisions: only %d %s applied", count, n, n == 1 ? "is" : "are");
	if (n == 0)
	{
		say("downgrade: nothing to revert");
		return 0;
	}
	len = 64;
	for (int i = 0; i < n; i++)
		len += strlen(PQgetvalue(plan, i, 0)) + strlen(PQgetvalue(plan, i, 1)) + 8;
	question = xmalloc(len);
	len = sprintf(question, "This reverts %d revision%s, newest first:", n, n == 1 ? "" : "s");
	for (int i = 0; i < n; i++)
	{
		len += sprintf(question + len, "\n  %s  %s", PQgetvalue(plan, i, 0), PQgetvalue(plan, i, 1));
		all_tx = all_tx && PQgetvalue(plan, i, 2)[0] == 't';
	}
	if (!opt.dry_run)
		confirm(question);
	else
		say("%s", question);

	db_command(conn, "BEGIN");
	if (all_tx)
	{
		const char *params[1] = {opt.to ? opt.to : count};

		PQclear(db_exec(conn, opt.to ? "SELECT schemamig.downgrade_to($1)" : "SELECT schemamig.downgrade($1::int)",
						1, params));
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
	PGresult   *res = db_exec(conn, heads ? "SELECT unnest(schemamig.heads())" :
							  "SELECT unnest(schemamig.current())", 0, NULL);

	for (int i = 0; i < PQntuples(res); i++)
		printf("%s\n", PQgetvalue(res, i, 0));
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
		else if ((unsigned char) *s < 0x20)
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
							  "SELECT revision, array_to_string(parents, ', '), message, applied, applied_at, applied_by,"
							  " extract(epoch FROM duration) * 1000, is_head, is_current, array_to_json(parents)"
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
				   PQgetvalue(res, i, 1)[0] ? PQgetvalue(res, i, 1) : "<base>",
				   PQgetvalue(res, i, 0),
				   PQgetvalue(res, i, 7)[0] == 't' ? " (head)" : "",
				   PQgetvalue(res, i, 8)[0] == 't' ? " (current)" : "",
				   PQgetvalue(res, i, 2)[0] ? PQgetvalue(res, i, 2) : "(no message)");
			if (applied)
				printf("  [applied %s by %s]\n", PQgetvalue(res, i, 4), PQgetvalue(res, i, 5));
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
		printf("%s: %s\n", PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
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

/* Print text as a dollar-quoted literal, with a tag the text does not hold. */
static void
dollar_quote(const char *text)
{
	char		tag[32];

	for (int k = 0;; k++)
	{
		snprintf(tag, sizeof(tag), "$sm%d$", k);
		if (strstr(text, tag) == NULL)
			break;
	}
	printf("%s%s%s", tag, text, tag);
}

static void
quote_literal(const char *text)
{
	putchar('\'');
	for (; *text; text++)
	{
		if (*text == '\'')
			putchar('\'');
		putchar(*text);
	}
	putchar('\'');
}

/* sql [TARGET] [--from REV]: offline, from the files alone */
int
cmd_sql(const char *target)
{
	RevFiles	rf = load_files(opt.dir);
	bool	   *want = xmalloc(rf.n + 1);
	bool	   *have = xmalloc(rf.n + 1);
	int			count = 0;
	bool		in_tx;

	if (strcmp(target, "heads") == 0)
		memset(want, 1, rf.n);
	else if (strcmp(target, "head") == 0)
	{
		int		   *heads;
		int			nheads;

		file_heads(&rf, &heads, &nheads);
		if (nheads > 1)
			fail("%s has %d heads: name one, or \"heads\"", opt.dir, nheads);
		if (nheads == 1)
			want = file_ancestors(&rf, heads[0]);
	}
	else if (strcmp(target, "base") != 0)
	{
		int			t = find_file(&rf, target);

		if (t < 0)
			fail("revision \"%s\" is in no file of %s", target, opt.dir);
		want = file_ancestors(&rf, t);
	}
	if (opt.from)
	{
		int			f = find_file(&rf, opt.from);

		if (f < 0)
			fail("revision \"%s\" is in no file of %s", opt.from, opt.dir);
		have = file_ancestors(&rf, f);
	}
	for (int i = 0; i < rf.n; i++)
		count += want[i] && !have[i];

	printf("-- schemamig offline script: upgrade from %s to %s, %d revision%s, from %s\n"
		   "-- Review it, then run it with: psql -v ON_ERROR_STOP=1 -f FILE\n"
		   "-- It registers each revision, runs its SQL and records it, as upgrade would.\n\n"
		   "BEGIN;\n", opt.from ? opt.from : "base", target, count, count == 1 ? "" : "s", opt.dir);
	in_tx = true;
	for (int i = 0; i < rf.n; i++)
	{
		const RevFile *f = &rf.files[i];
		char	   *parents;

		if (!want[i] || have[i])
			continue;
		parents = parents_literal(f->parents, f->nparents);
		printf("\n-- revision %s: %s (%s)\n", f->id, f->message, f->path);
		if (!in_tx)
		{
			printf("BEGIN;\n");
			in_tx = true;
		}
		printf("SELECT schemamig.add_revision(");
		quote_literal(f->id);
		printf(", ");
		dollar_quote(f->upgrade);
		printf(", ");
		if (f->downgrade)
			dollar_quote(f->downgrade);
		else
			printf("NULL");
		printf(", ");
		quote_literal(parents);
		printf(", ");
		quote_literal(f->message);
		printf(", %s)\n WHERE NOT EXISTS (SELECT FROM schemamig.revision WHERE id = ", f->transactional ? "true" : "false");
		quote_literal(f->id);
		printf(");\n");
		if (!f->transactional)
		{
			printf("COMMIT;\n-- not transactional: psql runs each statement on its own, outside a transaction\n");
			in_tx = false;
		}
		printf("%s\n;\nSELECT schemamig.record_applied(", f->upgrade);
		quote_literal(f->id);
		printf(");\n");
		free(parents);
	}
	printf("\n%s\n", in_tx ? "COMMIT;" : "-- (the last revision ran outside a transaction)");
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
				printf("  %s  %s\n", PQgetvalue(hist, i, 0), PQgetvalue(hist, i, 2));
		}
		printf("pending in the database (%d):\n", pending);
		for (int i = 0; i < PQntuples(hist); i++)
		{
			if (PQgetvalue(hist, i, 1)[0] == 'f')
				printf("  %s  %s\n", PQgetvalue(hist, i, 0), PQgetvalue(hist, i, 2));
		}
		printf("only as files in %s (%d):\n", opt.dir, files_only);
		for (int i = 0; i < rf.n; i++)
		{
			if (only_file[i])
				printf("  %s  %s\n", rf.files[i].id, rf.files[i].path);
		}
	}
	PQclear(hist);
	PQfinish(conn);
	if (!opt.check)
		return 0;
	return pending + files_only == 0 ? 0 : 1;
}
