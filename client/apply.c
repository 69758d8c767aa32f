/*-------------------------------------------------------------------------
 *
 * client/apply.c
 *	  The commands that change what is applied: upgrade, downgrade, stamp.
 *
 * The server plans and does the work: upgrade and downgrade call the
 * extension's functions, each stretch of transactional revisions in one
 * transaction and, where the graph allows, one call. Only non-transactional
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
 * A non-transactional revision runs on the client's connection, outside the
 * server's control: its statements could RESET ROLE, or leave settings
 * behind. So the client runs one only in a session its author (the role
 * that wrote it, which the server records) logged in, and refuses
 * otherwise, naming both: a role taken with SET ROLE or PGOPTIONS='-c
 * role=' does not count, since RESET ROLE returns to the role logged in.
 * res holds the revision's row: its author, then SESSION_USER.
 */
static void
refuse_other_author(PGresult *res, const char *id)
{
	if (PQntuples(res) != 1)
		fail("revision \"%s\" does not exist", id);
	if (strcmp(PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1)) != 0)
		fail("revision \"%s\" is not transactional, and its author is role \"%s\", not the role "
			 "logged in, \"%s\": it would run outside the server's control, where RESET ROLE "
			 "returns to the role logged in, so only a session its author logged in may run it; "
			 "apply it logged in as role \"%s\"; nothing was run",
			 id, PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 0));
}

/* Refuse revision id, before anything runs, unless its author logged in. */
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
	res = db_exec(conn, "SELECT r.author, SESSION_USER FROM schemamig.revision AS r"
				  " WHERE r.id OPERATOR(pg_catalog.=) $1", 1, params);
	refuse_other_author(res, id);
	PQclear(res);
}

/*
 * Record on conn that the non-transactional revision id ran outside, with
 * the SQL whose checksum and author were read with it: in one transaction,
 * record_applied() (or record_reverted()) and then a check that the
 * revision is still that SQL by that author. An edit of a pending
 * revision waits for a migrator's lock, which the record holds, so what
 * the check sees is what the record read; should another session have
 * changed the revision while its statements ran, nothing is recorded.
 */
static void
record_outside(PGconn *conn, const char *id, bool upgrade, const char *duration,
			   const char *checksum, const char *author)
{
	const char *params[3] = {id, duration, NULL};
	PGresult   *res;

	db_command(conn, "BEGIN");
	PQclear(db_exec(conn, upgrade ? "SELECT schemamig.record_applied($1, $2::pg_catalog.interval)" :
					"SELECT schemamig.record_reverted($1, $2::pg_catalog.interval)", 2, params));
	params[1] = checksum;
	params[2] = author;
	res = db_exec(conn, "SELECT FROM schemamig.revision AS r WHERE r.id OPERATOR(pg_catalog.=) $1"
				  " AND r.checksum OPERATOR(pg_catalog.=) $2 AND r.author OPERATOR(pg_catalog.=) $3",
				  3, params);
	if (PQntuples(res) != 1)
	{
		db_command(conn, "ROLLBACK");
		fail("revision \"%s\" (not transactional) was changed by another session while its statements "
			 "ran: they ran as they were read, but the revision is not recorded as %s; "
			 "see what it is now with schemamig status and schemamig verify",
			 id, upgrade ? "applied" : "reverted");
	}
	PQclear(res);
	db_command(conn, "COMMIT");
}

/*
 * The settings the server reads a statement's text by. A statement that
 * changes one makes it read the next ones otherwise than they were told
 * apart and registered (a backslash, or a multibyte character, moves where
 * a string ends), so run_outside() stops there, as the server's own runner
 * does.
 */
static const char *const lexing_settings[] = {"client_encoding", "standard_conforming_strings"};

static const char *
setting_of(PGconn *conn, const char *name)
{
	const char *value = PQparameterStatus(conn, name);

	return value ? value : "";
}

/*
 * After a non-transactional statement failed: the INVALID indexes of the
 * database, which a CREATE INDEX CONCURRENTLY that failed (a duplicate
 * key, a cancel) leaves behind, and which the next run then trips over
 * ("already exists") or, written with IF NOT EXISTS, records as built.
 * As a clause for the error, or "" when there are none. Asked on conn,
 * whose session state the revision did not touch, unless a signal came
 * (then nothing more is sent); should the query itself fail, no clause.
 */
static char *
invalid_indexes(PGconn *conn)
{
	PQExpBufferData names;
	PQExpBufferData clause;
	PGresult   *res;
	int			n;

	initPQExpBuffer(&clause);
	if (interrupt_signal)
		return buffer_done(&clause);
	res = PQexec(conn, "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname), pg_catalog.count(*) OVER ()"
				 " FROM pg_catalog.pg_index AS i"
				 " JOIN pg_catalog.pg_class AS c ON c.oid OPERATOR(pg_catalog.=) i.indexrelid"
				 " JOIN pg_catalog.pg_namespace AS n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
				 " WHERE NOT i.indisvalid AND c.relkind OPERATOR(pg_catalog.=) 'i'"
				 " ORDER BY 1 LIMIT 5");
	n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	if (n > 0)
	{
		int			all = atoi(PQgetvalue(res, 0, 1));

		initPQExpBuffer(&names);
		for (int i = 0; i < n; i++)
			appendPQExpBuffer(&names, "%s%s", i == 0 ? "" : ", ", PQgetvalue(res, i, 0));
		if (all > n)
			appendPQExpBuffer(&names, " and %d more", all - n);
		appendPQExpBuffer(&clause, "; the database holds %s (%s), as a CREATE INDEX CONCURRENTLY "
						  "that fails or is cancelled leaves its index: drop %s with DROP INDEX "
						  "CONCURRENTLY before you run the command again",
						  all == 1 ? "an INVALID index" : "INVALID indexes", names.data, all == 1 ? "it" : "them");
		termPQExpBuffer(&names);
	}
	PQclear(res);
	return buffer_done(&clause);
}

/*
 * Run a non-transactional revision's upgrade (or downgrade) SQL statement
 * by statement, outside any transaction, on a connection of its own that
 * is closed afterwards: whatever session state its statements leave
 * (settings, role, temporary objects, prepared statements) goes with that
 * connection before anything else runs. Then record it on conn.
 *
 * The SQL is read on that connection in the same query as its author and
 * the role logged in, so that what runs is what the author wrote, however
 * the revision changes meanwhile (for a tenant, after the checks the
 * server makes of the tenant's schema before it runs a tenant's SQL); and
 * its SQL must be the SQL the plan saw
 * (planned: its checksum; for a downgrade, the one downgrade_plan() found
 * unchanged since the revision ran). A signal cancels the statement that
 * runs, never the record: once every statement has run, the revision is
 * recorded, and the signal stops the client after that.
 */
static void
run_outside(PGconn *conn, const char *id, bool upgrade, const char *planned)
{
	const char *params[1] = {id};
	PGconn	   *own = db_connect_again(conn);
	PGresult   *res;
	PGresult   *stmts;
	char	   *told_apart[lengthof(lexing_settings)];
	double		start;
	PQExpBufferData duration;

	interrupt_protect(conn);
	if (opt.tenant != NULL)
		tenant_check(own);
	res = db_exec(own, upgrade ?
				  "SELECT r.author, SESSION_USER, r.checksum, r.upgrade FROM schemamig.revision AS r"
				  " WHERE r.id OPERATOR(pg_catalog.=) $1" :
				  "SELECT r.author, SESSION_USER, r.checksum, r.downgrade FROM schemamig.revision AS r"
				  " WHERE r.id OPERATOR(pg_catalog.=) $1",
				  1, params);
	refuse_other_author(res, id);
	if (planned != NULL && strcmp(PQgetvalue(res, 0, 2), planned) != 0)
		fail("revision \"%s\" (not transactional) was changed by another session after this command "
			 "planned it; nothing of it was run: run the command again", id);
	if (PQgetisnull(res, 0, 3))
		fail("revision \"%s\" is irreversible: it has no downgrade SQL", id);
	params[0] = PQgetvalue(res, 0, 3);
	/*
	 * Told apart with standard_conforming_strings on, as the server reads
	 * every revision, and run so: the setting is pinned on at session level,
	 * where a configuration reloaded meanwhile no longer changes it.
	 */
	stmts = db_exec(own, "SELECT s.statement, pg_catalog.set_config('standard_conforming_strings', 'on', false)"
					" FROM schemamig.statements($1) WITH ORDINALITY AS s (statement, n) ORDER BY s.n",
					1, params);
	for (int k = 0; k < (int) lengthof(lexing_settings); k++)
		told_apart[k] = xstrdup(setting_of(own, lexing_settings[k]));
	start = now_ms();
	for (int i = 0; i < PQntuples(stmts); i++)
	{
		/*
		 * The extended protocol runs one statement, never several: should
		 * the server read the text otherwise than it was told apart, it
		 * refuses rather than run what none registered.
		 */
		PGresult   *r;

		if (interrupt_signal)
			fail("revision \"%s\" (not transactional) was interrupted by %s before statement %d of %d; "
				 "the statements before it ran and stay, and the revision is not recorded as %s",
				 id, interrupt_name(), i + 1, PQntuples(stmts), upgrade ? "applied" : "reverted");
		r = PQexecParams(own, PQgetvalue(stmts, i, 0), 0, NULL, NULL, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		{
			db_report(r, NULL);
			fail("revision \"%s\" (not transactional) failed at statement %d of %d; the statements "
				 "before it ran and stay, and the revision is not recorded as %s%s",
				 id, i + 1, PQntuples(stmts), upgrade ? "applied" : "reverted", invalid_indexes(conn));
		}
		PQclear(r);
		/* the server reports both settings with each result: no round trip */
		for (int k = 0; k < (int) lengthof(lexing_settings); k++)
		{
			if (strcmp(setting_of(own, lexing_settings[k]), told_apart[k]) != 0)
				fail("revision \"%s\" (not transactional) changed %s at statement %d of %d; the server "
					 "would read the statements after it otherwise than they were registered, so none of "
					 "them was run; the statements up to it ran and stay, and the revision is not "
					 "recorded as %s", id, lexing_settings[k], i + 1, PQntuples(stmts),
					 upgrade ? "applied" : "reverted");
		}
	}
	for (int k = 0; k < (int) lengthof(lexing_settings); k++)
		free(told_apart[k]);
	db_finish(own);
	PQclear(stmts);
	initPQExpBuffer(&duration);
	appendPQExpBuffer(&duration, "%.3f ms", now_ms() - start);
	record_outside(conn, id, upgrade, buffer_done(&duration), PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 0));
	interrupt_protect(NULL);
	PQclear(res);
	{
		PQExpBufferData line;

		initPQExpBuffer(&line);
		appendPQExpBuffer(&line, "%s revision \"%s\" outside a transaction in %s",
						  upgrade ? "applied" : "reverted", id, duration.data);
		progress_step(buffer_done(&line));
		termPQExpBuffer(&line);
	}
	termPQExpBuffer(&duration);
}

/*
 * Before anything runs: upgrade() refuses while verify() reports anything,
 * and so does the client before it runs a non-transactional revision of
 * the plan (transactional in column tx_col) itself. One query, and only
 * for a plan that has one.
 */
static void
require_verified(PGconn *conn, PGresult *plan, int tx_col)
{
	PGresult   *res;
	int			n;

	for (n = 0; n < PQntuples(plan) && PQgetvalue(plan, n, tx_col)[0] == 't'; n++)
		;
	if (n == PQntuples(plan))
		return;
	res = db_exec(conn, "SELECT v.revision, v.problem FROM schemamig.verify() AS v", 0, NULL);
	n = PQntuples(res);
	if (n > 0)
		fail("upgrade refused: schemamig.verify() reports %d problem%s, the first: %s%s%s; nothing was applied: "
			 "run schemamig verify, and repair what it reports",
			 n, n == 1 ? "" : "s", shown(PQgetvalue(res, 0, 0)), PQgetisnull(res, 0, 0) ? "" : ": ",
			 shown(PQgetvalue(res, 0, 1)));
	PQclear(res);
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
 * How many revisions a statement applying part of the stretch plan[from..to)
 * applied (res: its result, NULL when it failed, which was reported), of
 * left still pending: at least one, at most left, all of them when all.
 * Anything else ends the client (the transaction is rolled back).
 */
static int
stretch_applied(PGconn *conn, PGresult *res, PGresult *plan, int from, int to, int left, bool all)
{
	int			applied;

	if (res == NULL)
	{
		db_finish(conn);
		fail("upgrade stopped in the stretch of %d transactional revision%s from \"%s\" to \"%s\"; "
			 "nothing of that stretch stays applied",
			 to - from, to - from == 1 ? "" : "s", PQgetvalue(plan, from, 0), PQgetvalue(plan, to - 1, 0));
	}
	applied = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	if (applied < 1 || applied > left || (all && applied != left))
	{
		db_finish(conn);
		fail("upgrade applied %d revision%s of the stretch ending at \"%s\" where %d of the plan were left: "
			 "the revisions changed since the plan was made; nothing of this stretch stays applied, run upgrade again",
			 applied, applied == 1 ? "" : "s", PQgetvalue(plan, to - 1, 0), left);
	}
	return applied;
}

/*
 * Apply the transactional revisions plan[from..to), which the server
 * planned in order, in two statements at most. upgrade(id) applies id and
 * its pending ancestors; every one of those is in the stretch, since what
 * comes before it in the plan is applied by now. On a chain the last one's
 * upgrade is the whole stretch. On a branched graph the stretch also holds
 * revisions on other branches: then one more statement upgrades, in plan
 * order, every revision of the stretch that no other one of it names as a
 * parent, which brings in the rest. A call that applies more or less than
 * is left of the stretch means that the graph changed after the plan was
 * made: refuse (the transaction is rolled back).
 *
 * In a transaction of its own (recheck: the sync committed before, since
 * the plan holds a non-transactional revision), the stretch must also have
 * run the SQL the files hold: another session could have changed a pending
 * revision since the sync. An edit committed before the stretch took the
 * migration lock shows in the revision's checksum afterwards (a later one
 * waits for that lock), and then nothing of the stretch commits.
 */
static void
apply_stretch(PGconn *conn, PGresult *plan, int from, int to, bool recheck)
{
	int			left = to - from;
	const char *params[2] = {PQgetvalue(plan, to - 1, 0)};
	PQExpBufferData ids;
	PQExpBufferData sums;
	PGresult   *changed;

	left -= stretch_applied(conn, db_try(conn, "SELECT schemamig.upgrade($1)", 1, params),
							plan, from, to, left, false);
	if (left == 0 && !recheck)
		return;
	initPQExpBuffer(&ids);
	initPQExpBuffer(&sums);
	appendPQExpBufferChar(&ids, '{');
	appendPQExpBufferChar(&sums, '{');
	for (int k = from; k < to; k++)
	{
		append_array_element(&ids, conn, PQgetvalue(plan, k, 0));
		append_array_element(&sums, conn, PQgetvalue(plan, k, 3));
	}
	appendPQExpBufferChar(&ids, '}');
	appendPQExpBufferChar(&sums, '}');
	params[0] = buffer_done(&ids);
	params[1] = buffer_done(&sums);
	/* a nested loop keeps the ordered outer rows' order */
	if (left > 0)
		(void) stretch_applied(conn,
							   db_try(conn, "WITH s AS (SELECT u.id, u.n FROM pg_catalog.unnest($1::pg_catalog.text[])"
									  " WITH ORDINALITY AS u (id, n)),"
									  " p AS (SELECT pg_catalog.unnest(r.parents) AS id FROM schemamig.revision AS r"
									  " JOIN s ON r.id OPERATOR(pg_catalog.=) s.id)"
									  " SELECT COALESCE(pg_catalog.sum(a.n), 0) FROM (SELECT s.id, s.n FROM s"
									  " WHERE NOT EXISTS (SELECT FROM p WHERE p.id OPERATOR(pg_catalog.=) s.id)"
									  " ORDER BY s.n) AS m CROSS JOIN LATERAL schemamig.upgrade(m.id) AS a (n)",
									  1, params),
							   plan, from, to, left, true);
	if (recheck)
	{
		changed = db_exec(conn, "SELECT u.id FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.text[]),"
						  " pg_catalog.unnest($2::pg_catalog.text[])) AS u (id, checksum) LEFT JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
						  " WHERE r.checksum IS NULL OR r.checksum OPERATOR(pg_catalog.<>) u.checksum LIMIT 1", 2, params);
		if (PQntuples(changed) > 0)
		{
			db_finish(conn);
			fail("revision \"%s\" changed in the database after upgrade synced the files (another session edited it): "
				 "nothing of the stretch from \"%s\" to \"%s\" stays applied; run upgrade again, which syncs the files first",
				 PQgetvalue(changed, 0, 0), PQgetvalue(plan, from, 0), PQgetvalue(plan, to - 1, 0));
		}
		PQclear(changed);
	}
	termPQExpBuffer(&ids);
	termPQExpBuffer(&sums);
}

/*
 * Before upgrade applies anything: print the statements of the plan (id in
 * column 0, upgrade SQL in column sql_col) marked destructive, and on a
 * terminal ask first, unless --yes. Without a terminal (a container, CI) it
 * goes ahead, as it always did. With --fleet or --all-tenants each
 * database or tenant runs in a process of its own (fleet_child), where a
 * question cannot be asked: on a terminal it needs --yes. A "no" applies nothing and says whether the files were synced.
 */
static void
confirm_destructive(PGconn *conn, PGresult *plan, int sql_col, bool synced)
{
	bool		terminal = !opt.yes && !opt.dry_run && isatty(STDIN_FILENO);
	bool		ask = terminal && !fleet_child;
	int			count = 0;
	char		answer[16];

	/* -q leaves them out, unless the question needs them */
	for (int i = 0; i < PQntuples(plan); i++)
	{
		PQExpBufferData section;
		char	   *id;

		if (PQgetisnull(plan, i, sql_col))
			continue;
		id = printable(PQgetvalue(plan, i, 0));
		initPQExpBuffer(&section);
		appendPQExpBuffer(&section, "revision %s", id);
		count += print_destructive(section.data, PQgetvalue(plan, i, sql_col),
								   opt.verbosity > 0 || terminal);
		termPQExpBuffer(&section);
		free(id);
	}
	fflush(stdout);
	if (count == 0 || !terminal)
		return;
	if (!ask)
	{
		db_finish(conn);
		fail("upgrade applies %d statement%s marked destructive (above) and, run for many databases or tenants, asks no question: add --yes to go ahead",
			 count, count == 1 ? "" : "s");
	}
	printf("upgrade applies %d statement%s marked destructive (above).\nContinue? [y/N] ",
		   count, count == 1 ? "" : "s");
	fflush(stdout);
	if (fgets(answer, sizeof(answer), stdin) == NULL ||
		(answer[0] != 'y' && answer[0] != 'Y'))
	{
		printf(synced ? "Nothing was applied (the files were synced).\n" : "Nothing was done.\n");
		db_finish(conn);
		exit(1);
	}
}

/* upgrade [TARGET] [--dry-run] [--include-db-only] [--yes] */
int
cmd_upgrade(const char *target)
{
	RevFiles	rf = load_files_connecting(opt.dir);
	/* head or heads: with nothing to do, one round trip says so */
	bool		quick = !opt.dry_run && (strcmp(target, "head") == 0 || strcmp(target, "heads") == 0);
	PGconn	   *conn = quick ? db_connect_lean() : db_connect();
	const char *params[1] = {target};
	PGresult   *plan;
	int			n;
	int			i = 0;
	int			j;
	bool		one_tx = opt.dry_run;

	if (quick && files_up_to_date(conn, &rf))
	{
		upgrade_applied = 0;
		say("upgrade: 0 revisions applied");
		db_finish(conn);
		return 0;
	}
	db_command(conn, "BEGIN");
	sync_hold_report();
	sync_files(conn, &rf, false);
	plan = db_exec(conn, "SELECT p.revision, r.transactional, r.upgrade, r.checksum"
				   " FROM schemamig.pending($1) WITH ORDINALITY AS p (revision, message, n)"
				   " JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) p.revision ORDER BY p.n",
				   1, params);
	n = PQntuples(plan);
	/*
	 * In a fleet each database is all or nothing: when every revision of the
	 * plan is transactional, the sync and all of them are one transaction.
	 */
	if (opt.fleet != NULL && !opt.dry_run)
	{
		one_tx = true;
		for (int k = 0; k < n; k++)
			one_tx = one_tx && PQgetvalue(plan, k, 1)[0] == 't';
	}
	/* refusals first: the sync is then rolled back with the rest */
	refuse_db_only(&rf, plan);
	require_verified(conn, plan, 1);
	require_authors(conn, plan, 1);
	tenant_require_check(conn, plan, 1);
	/*
	 * What it registered, once no refusal rolls it back: in a fleet's
	 * database, where the sync commits with the revisions, not before the
	 * question about destructive statements, which refuses there
	 */
	if (!one_tx)
	{
		sync_report();
		db_command(conn, "COMMIT");
	}
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
	confirm_destructive(conn, plan, 2, !one_tx);
	if (one_tx)
		sync_report();
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
				run_outside(conn, PQgetvalue(plan, i, 0), true, PQgetvalue(plan, i, 3));
			i++;
			continue;
		}
		/* a stretch of transactional revisions: one transaction */
		for (j = i; j < n && PQgetvalue(plan, j, 1)[0] == 't'; j++)
			;
		if (!one_tx)
			db_command(conn, "BEGIN");
		apply_stretch(conn, plan, i, j, !one_tx);
		if (!one_tx)
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
	{
		if (one_tx)
			db_command(conn, "COMMIT");
		say("upgrade: %d revision%s applied", n, n == 1 ? "" : "s");
	}
	upgrade_applied = n;
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
cmd_downgrade(const char *arg)
{
	const char *count = arg ? arg : "1";
	PGconn	   *conn;
	PGresult   *plan;
	int			n;
	bool		all_tx = true;
	PQExpBufferData question;

	if (arg && opt.to)
		usage_fail("downgrade takes N or --to, not both");
	/* (nine digits at most: the server's N is an integer) */
	if (arg && (arg[0] == '\0' || strspn(arg, "0123456789") != strlen(arg) || strlen(arg) > 9))
		usage_fail("downgrade: \"%s\" is not a number of revisions", arg);
	conn = db_connect();
	plan = downgrade_plan(conn, count);
	n = PQntuples(plan);

	if (n == 0)
	{
		say("downgrade: nothing to revert");
		db_finish(conn);
		return 0;
	}
	require_authors(conn, plan, 2);
	tenant_require_check(conn, plan, 2);
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
			PQExpBufferData segment;
			const char *params[1];
			PGresult   *now;

			for (j = i + 1; PQgetvalue(plan, i, 2)[0] == 't' && j < n && PQgetvalue(plan, j, 2)[0] == 't'; j++)
				;
			initPQExpBuffer(&segment);
			appendPQExpBuffer(&segment, "%d", j - i);
			params[0] = buffer_done(&segment);
			/*
			 * downgrade_plan() refuses a revision changed since it ran; its
			 * checksum now is the one run_outside() must then read
			 */
			now = db_exec(conn, "SELECT p.revision, r.checksum"
						  " FROM schemamig.downgrade_plan($1::pg_catalog.int4) WITH ORDINALITY"
						  " AS p (revision, message, transactional, n)"
						  " JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) p.revision"
						  " ORDER BY p.n", 1, params);
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
				run_outside(conn, PQgetvalue(plan, i, 0), false, PQgetvalue(now, 0, 1));
				db_command(conn, "BEGIN");
			}
			PQclear(now);
			termPQExpBuffer(&segment);
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

/* stamp TARGET [--yes] */
int
cmd_stamp(const char *target)
{
	PGconn	   *conn = db_connect();
	const char *params[1] = {target};
	PQExpBufferData question;
	PGresult   *res;

	initPQExpBuffer(&question);
	appendPQExpBuffer(&question,
					  "This makes the applied set exactly \"%.128s\" and its ancestors, without running any SQL.", target);
	confirm(buffer_done(&question));
	termPQExpBuffer(&question);
	res = db_exec(conn, "SELECT schemamig.stamp($1)", 1, params);
	say("stamp: %s row%s changed", PQgetvalue(res, 0, 0), strcmp(PQgetvalue(res, 0, 0), "1") ? "s" : "");
	PQclear(res);
	db_finish(conn);
	return 0;
}
