/*-------------------------------------------------------------------------
 *
 * client/lint.c
 *	  schemamig lint and schemamig trace: what upgrade would do to the
 *	  database, asked of the server before it runs, files included.
 *
 * Both sync the files inside a transaction that they roll back, so that
 * the server plans exactly what "schemamig upgrade TARGET" would apply, and
 * then ask schemamig.lint(target) (findings from the server's parser, lock
 * levels and catalog) or schemamig.trace(target) (the locks and rewrites
 * each statement really takes, in a subtransaction the server rolls back).
 * The server locates a finding by its line in the revision's upgrade SQL;
 * the client adds the line where that section starts in the file, so that
 * a finding reads like a compiler's: migrations/FILE.sql:LINE: warning: ...
 *
 * Every text from the server or a file is printed escaped (printable()).
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * Does the extension on the server have lint() and trace()? They came in
 * 0.4.0; upgrade asks before it lints, so that it still works with an
 * older extension.
 */
bool
server_has_lint(PGconn *conn)
{
	PGresult   *res = db_exec(conn, "SELECT pg_catalog.to_regprocedure('schemamig.lint(pg_catalog.text)')"
							  " IS NOT NULL", 0, NULL);
	bool		has = PQgetvalue(res, 0, 0)[0] == 't';

	PQclear(res);
	return has;
}

/*
 * Where line (of a revision's upgrade SQL, from 1) is: "FILE:LINE" counted
 * in the file that holds the revision, or "revision ID:LINE" for one that
 * is only in the database. Escaped.
 */
static char *
location(const RevFiles *rf, const char *id, const char *line)
{
	int			k = find_file(rf, id);
	PQExpBufferData buf;
	char	   *result;

	initPQExpBuffer(&buf);
	if (k >= 0)
		appendPQExpBuffer(&buf, "%s:%d", rf->files[k].path, rf->files[k].upgrade_line + atoi(line) - 1);
	else
		appendPQExpBuffer(&buf, "revision %s:%s", id, line);
	result = printable(buf.data);
	termPQExpBuffer(&buf);
	return result;
}

/*
 * Print lint(target)'s findings like a compiler's, each as
 * "FILE:LINE: SEVERITY: RULE: MESSAGE" and, when there is one, an indented
 * "hint: HINT" line, those of severity least (LINT_INFO, LINT_WARNING,
 * LINT_ERROR) and above. Returns the counts of all.
 */
LintCounts
lint_print(PGconn *conn, const RevFiles *rf, const char *target, int least, FILE *out)
{
	const char *params[1] = {target};
	PGresult   *res = db_exec(conn, "SELECT l.revision, l.line, l.severity, l.rule, l.message, l.hint"
							  " FROM schemamig.lint($1) AS l", 1, params);
	LintCounts	counts = {0, 0, 0};

	for (int i = 0; i < PQntuples(res); i++)
	{
		const char *severity = PQgetvalue(res, i, 2);
		int			level = strcmp(severity, "error") == 0 ? LINT_ERROR :
			strcmp(severity, "warning") == 0 ? LINT_WARNING : LINT_INFO;
		char	   *where;
		char	   *rule;
		char	   *message;

		counts.errors += level == LINT_ERROR;
		counts.warnings += level == LINT_WARNING;
		counts.infos += level == LINT_INFO;
		if (level < least)
			continue;
		where = location(rf, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
		rule = printable(PQgetvalue(res, i, 3));
		message = printable(PQgetvalue(res, i, 4));
		fprintf(out, "%s: %s: %s: %s\n", where, severity, rule, message);
		if (!PQgetisnull(res, i, 5))
		{
			char	   *hint = printable(PQgetvalue(res, i, 5));

			fprintf(out, "    hint: %s\n", hint);
			free(hint);
		}
		free(where);
		free(rule);
		free(message);
	}
	PQclear(res);
	return counts;
}

/*
 * Connect, and sync the files inside a transaction that the caller rolls
 * back: the server then plans what upgrade would apply. Sync's own lines
 * (registered, updated) are not printed.
 */
PGconn *
connect_synced(const RevFiles *rf)
{
	PGconn	   *conn = db_connect();
	int			verbosity = opt.verbosity;

	if (!server_has_lint(conn))
	{
		PGresult   *res = db_exec(conn, "SELECT FROM pg_catalog.pg_extension AS e"
								  " WHERE e.extname OPERATOR(pg_catalog.=) 'schemamig'", 0, NULL);
		bool		installed = PQntuples(res) > 0;

		PQclear(res);
		db_finish(conn);
		if (!installed)
			fail("this database has no schemamig extension: a superuser creates it with CREATE EXTENSION schemamig");
		fail("the schemamig extension on the server is older than 0.4.0, which this command needs "
			 "(sync(), lint(), trace(), diff()): update it with ALTER EXTENSION schemamig UPDATE");
	}
	db_command(conn, "BEGIN");
	opt.verbosity = 0;
	sync_files(conn, rf, false);
	opt.verbosity = verbosity;
	return conn;
}

/* lint [TARGET] [--strict]: exit 1 on an error finding, or a warning with --strict */
int
cmd_lint(const char *target)
{
	RevFiles	rf = load_files(opt.dir);
	PGconn	   *conn = connect_synced(&rf);
	LintCounts	counts = lint_print(conn, &rf, target, LINT_INFO, stdout);

	db_command(conn, "ROLLBACK");
	db_finish(conn);
	say("lint: %d error%s, %d warning%s, %d info%s", counts.errors, counts.errors == 1 ? "" : "s",
		counts.warnings, counts.warnings == 1 ? "" : "s", counts.infos, counts.infos == 1 ? "" : "s");
	return counts.errors > 0 || (opt.strict && counts.warnings > 0) ? 1 : 0;
}

/* trace [TARGET]: the locks and rewrites of each statement, as a table */
int
cmd_trace(const char *target)
{
	static const char *const headers[] = {"revision", "statement", "line", "relation", "lock", "rewritten", "duration"};
	const int	ncols = lengthof(headers);
	RevFiles	rf = load_files(opt.dir);
	PGconn	   *conn = connect_synced(&rf);
	const char *params[1] = {target};
	int			verbosity = opt.verbosity;
	PGresult   *res;
	int			nrows;
	char	  **cells;
	int			width[lengthof(headers)];

	/* the server's "applied revision" notices would claim what does not stay */
	opt.verbosity = 0;
	res = db_exec(conn, "SELECT t.revision, t.statement, t.line, t.relation, t.lock_mode, t.rewritten,"
				  " EXTRACT(epoch FROM t.duration) OPERATOR(pg_catalog.*) 1000"
				  " FROM schemamig.trace($1) AS t", 1, params);
	opt.verbosity = verbosity;
	nrows = PQntuples(res);
	cells = xmalloc(sizeof(char *) * (nrows + 1) * ncols);
	db_command(conn, "ROLLBACK");
	db_finish(conn);
	for (int c = 0; c < ncols; c++)
		width[c] = strlen(headers[c]);
	for (int r = 0; r < nrows; r++)
	{
		char	  **row = cells + r * ncols;
		int			k = find_file(&rf, PQgetvalue(res, r, 0));
		PQExpBufferData cell;

		for (int c = 0; c < ncols; c++)
			row[c] = printable(PQgetvalue(res, r, c));
		/* the line, counted in the file as lint counts it */
		if (k >= 0)
		{
			initPQExpBuffer(&cell);
			appendPQExpBuffer(&cell, "%d", rf.files[k].upgrade_line + atoi(PQgetvalue(res, r, 2)) - 1);
			free(row[2]);
			row[2] = buffer_done(&cell);
		}
		free(row[5]);
		row[5] = xstrdup(PQgetvalue(res, r, 5)[0] == 't' ? "yes" : "no");
		initPQExpBuffer(&cell);
		appendPQExpBuffer(&cell, "%.3f ms", atof(PQgetvalue(res, r, 6)));
		free(row[6]);
		row[6] = buffer_done(&cell);
		for (int c = 0; c < ncols; c++)
		{
			if ((int) strlen(row[c]) > width[c])
				width[c] = strlen(row[c]);
		}
	}
	for (int c = 0; c < ncols; c++)
		printf("%-*s%s", c == ncols - 1 ? 0 : width[c], headers[c], c == ncols - 1 ? "\n" : "  ");
	for (int c = 0; c < ncols; c++)
	{
		for (int w = 0; w < width[c]; w++)
			putchar('-');
		fputs(c == ncols - 1 ? "\n" : "  ", stdout);
	}
	for (int r = 0; r < nrows; r++)
	{
		char	  **row = cells + r * ncols;

		/* numbers right-aligned, text left-aligned */
		for (int c = 0; c < ncols; c++)
			printf(c == 1 || c == 2 || c == 6 ? "%*s%s" : "%-*s%s", c == ncols - 1 && c != 6 ? 0 : width[c],
				   row[c], c == ncols - 1 ? "\n" : "  ");
	}
	say("trace: %d lock%s taken by what upgrade %s would apply; everything was rolled back",
		nrows, nrows == 1 ? "" : "s", target);
	PQclear(res);
	return 0;
}
