/*-------------------------------------------------------------------------
 *
 * client/sync.c
 *	  schemamig sync, and the sync every command that reads the files does
 *	  first: all files in one call of schemamig.sync(), the server compares.
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

/*
 * The file that holds the revision a server error names (revision "ID" in
 * its message, detail or context), or NULL.
 */
static const RevFile *
file_named_in(const RevFiles *rf, const PGresult *res)
{
	const char *texts[3] = {PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY),
		PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL),
	PQresultErrorField(res, PG_DIAG_CONTEXT)};

	for (int t = 0; t < 3; t++)
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
 * After the server refused the files' text for its encoding (invalid or
 * untranslatable bytes in the client encoding), the first file whose text
 * it refuses, by sending each file's alone, with the server's error for it;
 * NULL when none is refused alone. Only on that error: the caller's
 * transaction is rolled back first, and the caller exits.
 */
static const RevFile *
file_badly_encoded(PGconn *conn, const RevFiles *rf, PGresult **error)
{
	PQclear(PQexec(conn, "ROLLBACK"));
	for (int i = 0; i < rf->n; i++)
	{
		const RevFile *f = &rf->files[i];
		const char *params[3] = {f->message, f->upgrade, f->downgrade};
		PGresult   *res = PQexecParams(conn, "SELECT $1::pg_catalog.text, $2::pg_catalog.text,"
									   " $3::pg_catalog.text", 3, NULL, params, NULL, NULL, 0);

		if (PQresultStatus(res) != PGRES_TUPLES_OK)
		{
			*error = res;
			return f;
		}
		PQclear(res);
	}
	return NULL;
}

/*
 * What the last sync_files() registered or updated, held back until
 * sync_report(): a command that may still refuse (and roll the sync back)
 * prints it only once nothing can.
 */
static struct
{
	bool		hold;
	int			n;
	int			room;
	const RevFile **files;		/* each with its id */
	bool	   *registered;		/* or updated */
}			synced;

/* Hold back the lines the next sync_files() prints, until sync_report(). */
void
sync_hold_report(void)
{
	synced.hold = true;
	synced.n = 0;
}

/* Print what the sync held back. */
void
sync_report(void)
{
	for (int i = 0; i < synced.n; i++)
	{
		if (synced.registered[i])
			say("registered %s (%s)", synced.files[i]->id, synced.files[i]->path);
		else
			say("updated %s from %s", synced.files[i]->id, synced.files[i]->path);
	}
	synced.n = 0;
	synced.hold = false;
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
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const RevFile *f = file_named_in(rf, res);

		/* which file: an invalid byte names only the parameter */
		if (f == NULL && state && (strcmp(state, "22021") == 0 || strcmp(state, "22P05") == 0))
		{
			PGresult   *alone;

			if ((f = file_badly_encoded(conn, rf, &alone)) != NULL)
			{
				PQclear(res);
				res = alone;
			}
		}
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
		if (synced.n == synced.room)
		{
			synced.room = synced.room * 2 + 16;
			synced.files = realloc(synced.files, sizeof(RevFile *) * synced.room);
			synced.registered = realloc(synced.registered, sizeof(bool) * synced.room);
			if (synced.files == NULL || synced.registered == NULL)
				fail("out of memory");
		}
		synced.files[synced.n] = &rf->files[k];
		synced.registered[synced.n++] = strcmp(action, "registered") == 0;
		changed++;
	}
	PQclear(res);
	/* with revisions to prune, not before the question, which may roll it back */
	if (!synced.hold && !(prune && ngone > 0))
		sync_report();
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
		PQclear(msgs);
		if (!synced.hold)
			sync_report();
		/*
		 * In one statement. sync lists them parents first: remove children
		 * first, one row of the ordered list after another (a nested loop
		 * keeps its outer rows' order).
		 */
		msgs = db_exec(conn, "SELECT u.id FROM (SELECT g.id, g.n"
					   " FROM pg_catalog.unnest($1::pg_catalog.text[]) WITH ORDINALITY AS g (id, n)"
					   " ORDER BY g.n DESC) AS u"
					   " CROSS JOIN LATERAL schemamig.remove_revision(u.id) AS r", 1, gparams);
		for (int r = 0; r < PQntuples(msgs); r++)
			say("removed %s", PQgetvalue(msgs, r, 0));
		changed += PQntuples(msgs);
		PQclear(msgs);
	}
	termPQExpBuffer(&gone);
	return changed;
}

/* sync [--prune] */
int
cmd_sync(const char *arg)
{
	RevFiles	rf = load_files_connecting(opt.dir);
	PGconn	   *conn = db_connect();
	int			changed;

	db_command(conn, "BEGIN");
	changed = sync_files(conn, &rf, opt.prune);
	db_command(conn, "COMMIT");
	say("sync: %d revision%s changed, %d file%s", changed, changed == 1 ? "" : "s", rf.n, rf.n == 1 ? "" : "s");
	db_finish(conn);
	return 0;
}
