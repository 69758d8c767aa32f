/*-------------------------------------------------------------------------
 *
 * client/info.c
 *	  The commands that only read: current, heads, history, verify, status.
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

#include "client.h"

/* current, heads */
static int
show_ids(bool heads)
{
	PGconn	   *conn = db_connect();
	PGresult   *res = db_exec(conn, heads ? "SELECT pg_catalog.unnest(schemamig.heads())" :
							  "SELECT pg_catalog.unnest(schemamig.current())", 0, NULL);

	for (int i = 0; i < PQntuples(res); i++)
		printf("%s\n", shown(PQgetvalue(res, i, 0)));
	/* stdout holds ids only: at base, nothing; a note on stderr */
	if (PQntuples(res) == 0 && !heads && opt.verbosity > 0)
		fprintf(stderr, "schemamig: at base: nothing applied\n");
	PQclear(res);
	db_finish(conn);
	return 0;
}

int
cmd_current(const char *arg)
{
	return show_ids(false);
}

int
cmd_heads(const char *arg)
{
	return show_ids(true);
}

/* history [--json]: newest first */
int
cmd_history(const char *arg)
{
	PGconn	   *conn = db_connect();
	PGresult   *res = db_exec(conn,
							  "SELECT revision, pg_catalog.array_to_string(parents, ', '), message, applied,"
							  " applied_at, applied_by,"
							  " CASE WHEN pg_catalog.isfinite(duration)"
							  " THEN EXTRACT(epoch FROM duration) OPERATOR(pg_catalog.*) 1000 END, is_head, is_current,"
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
			json_string(stdout, PQgetvalue(res, i, 0));
			printf(", \"parents\": %s, \"message\": ", PQgetvalue(res, i, 9));
			json_string(stdout, PQgetvalue(res, i, 2));
			printf(", \"applied\": %s", applied ? "true" : "false");
			if (applied)
			{
				printf(", \"applied_at\": ");
				json_string(stdout, PQgetvalue(res, i, 4));
				printf(", \"applied_by\": ");
				json_string(stdout, PQgetvalue(res, i, 5));
				/* an infinite interval (a restore's, say): null, not Infinity, which is no JSON */
				printf(", \"duration_ms\": %s", PQgetisnull(res, i, 6) ? "null" : PQgetvalue(res, i, 6));
			}
			printf(", \"is_head\": %s, \"is_current\": %s}",
				   PQgetvalue(res, i, 7)[0] == 't' ? "true" : "false",
				   PQgetvalue(res, i, 8)[0] == 't' ? "true" : "false");
		}
		else
		{
			printf("%s -> %s%s%s, %s",
				   PQgetvalue(res, i, 1)[0] ? shown(PQgetvalue(res, i, 1)) : "<base>",
				   shown(PQgetvalue(res, i, 0)),
				   PQgetvalue(res, i, 7)[0] == 't' ? " (head)" : "",
				   PQgetvalue(res, i, 8)[0] == 't' ? " (current)" : "",
				   PQgetvalue(res, i, 2)[0] ? shown(PQgetvalue(res, i, 2)) : "(no message)");
			if (applied)
				printf("  [applied %s by %s]\n", PQgetvalue(res, i, 4), shown(PQgetvalue(res, i, 5)));
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
cmd_verify(const char *arg)
{
	PGconn	   *conn = db_connect();
	PGresult   *res = db_exec(conn, "SELECT revision, problem FROM schemamig.verify()", 0, NULL);
	int			n = PQntuples(res);

	/* a trigger's problem names no revision */
	for (int i = 0; i < n; i++)
		printf("%s%s%s\n", shown(PQgetvalue(res, i, 0)), PQgetisnull(res, i, 0) ? "" : ": ",
			   shown(PQgetvalue(res, i, 1)));
	if (n == 0)
		say("verify: no problems");
	PQclear(res);
	db_finish(conn);
	return n == 0 ? 0 : 1;
}

/*
 * status [--check]. Applied revisions are listed in the files' order
 * (parents first, as the offline script writes them), those without a file
 * after them; what is pending in the database in the order upgrade would
 * apply it. When nothing changed, one statement says so and the list is
 * the files.
 */
int
cmd_status(const char *arg)
{
	RevFiles	rf = load_files_connecting(opt.dir);
	PGconn	   *conn = db_connect_lean();
	PGresult   *hist;
	int			applied = 0;
	int			pending = 0;
	int			files_only = 0;
	int		   *row_of = xmalloc(sizeof(int) * (rf.n + 1));	/* per file */

	if (files_up_to_date(conn, &rf))
	{
		if (!opt.check)
		{
			printf("applied (%d):\n", rf.n);
			for (int i = 0; i < rf.n; i++)
				printf("  %s  %s\n", rf.files[i].id, shown(rf.files[i].message));
			printf("pending in the database (0):\nonly as files in %s (0):\n", shown(opt.dir));
		}
		db_finish(conn);
		free(row_of);
		return 0;
	}
	hist = db_exec(conn, "SELECT revision, applied, message FROM schemamig.history()", 0, NULL);
	for (int i = 0; i < rf.n; i++)
		row_of[i] = -1;
	for (int r = 0; r < PQntuples(hist); r++)
	{
		int			k = find_file(&rf, PQgetvalue(hist, r, 0));

		if (PQgetvalue(hist, r, 1)[0] == 't')
			applied++;
		else
			pending++;
		if (k >= 0)
			row_of[k] = r;
	}
	for (int i = 0; i < rf.n; i++)
		files_only += row_of[i] < 0;
	if (!opt.check)
	{
		printf("applied (%d):\n", applied);
		for (int i = 0; i < rf.n; i++)
		{
			if (row_of[i] >= 0 && PQgetvalue(hist, row_of[i], 1)[0] == 't')
				printf("  %s  %s\n", rf.files[i].id, shown(PQgetvalue(hist, row_of[i], 2)));
		}
		for (int r = 0; r < PQntuples(hist); r++)
		{
			if (PQgetvalue(hist, r, 1)[0] == 't' && find_file(&rf, PQgetvalue(hist, r, 0)) < 0)
				printf("  %s  %s\n", shown(PQgetvalue(hist, r, 0)), shown(PQgetvalue(hist, r, 2)));
		}
		printf("pending in the database (%d):\n", pending);
		for (int r = 0; r < PQntuples(hist); r++)
		{
			if (PQgetvalue(hist, r, 1)[0] == 'f')
				printf("  %s  %s\n", shown(PQgetvalue(hist, r, 0)), shown(PQgetvalue(hist, r, 2)));
		}
		printf("only as files in %s (%d):\n", shown(opt.dir), files_only);
		for (int i = 0; i < rf.n; i++)
		{
			if (row_of[i] < 0)
				printf("  %s  %s\n", rf.files[i].id, shown(rf.files[i].path));
		}
	}
	PQclear(hist);
	db_finish(conn);
	free(row_of);
	if (!opt.check)
		return 0;
	return pending + files_only == 0 ? 0 : 1;
}
