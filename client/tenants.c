/*-------------------------------------------------------------------------
 *
 * client/tenants.c
 *	  Tenants from the client: --tenant NAME selects one for every command;
 *	  upgrade --all-tenants [-j N] upgrades each registered tenant in a
 *	  transaction of its own, N at once over N connections; status
 *	  --all-tenants lists them with what is pending.
 *
 * The server keeps tenants (schemamig.add_tenant(), schemamig.tenants(),
 * the setting schemamig.tenant, schemamig.upgrade_tenants()); the client
 * only picks them. The files are synced once, in the database: the graph
 * is shared by every tenant. Then each tenant is one statement,
 * upgrade_tenants(target, ARRAY[tenant]), in autocommit: its own
 * transaction, all or nothing, sent asynchronously on whichever of the N
 * connections is free, so N backends work at once.
 *
 * A tenant that has a non-transactional revision pending cannot be
 * upgraded inside the server: it gets what --tenant NAME upgrade does, in a
 * process of its own (fleet.c's), N at a time, after the others.
 *
 * Names travel as parameters (set_config(), never SET with a name spliced
 * in); every query is qualified, as in commands.c.
 *
 *-------------------------------------------------------------------------
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * --tenant NAME, on every connection the client opens: set schemamig.tenant
 * for the session, and put the tenant's schema first on search_path (a
 * non-transactional revision runs its statements from here, where they
 * must land in the tenant's schema, as the server's runner puts them). Then
 * ask the server for the tenant's current revisions: an unknown tenant is
 * the server's error (42704) before anything is done.
 */
void
tenant_select(PGconn *conn)
{
	const char *params[1] = {opt.tenant};
	PGresult   *res;

	res = db_exec(conn, "SELECT pg_catalog.to_regprocedure('schemamig.tenants()') IS NOT NULL,"
				  " pg_catalog.set_config('schemamig.tenant', $1, false),"
				  " pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', pg_catalog.quote_ident($1),"
				  " CASE WHEN pg_catalog.current_setting('search_path') OPERATOR(pg_catalog.<>) ''"
				  " THEN pg_catalog.current_setting('search_path') END), false)", 1, params);
	if (PQgetvalue(res, 0, 0)[0] != 't')
		fail("--tenant: the schemamig extension in this database has no tenants (they came in 0.5.0): "
			 "update it with ALTER EXTENSION schemamig UPDATE");
	PQclear(res);
	/* loading the library applies the setting; then it must still be NAME */
	res = db_exec(conn, "SELECT pg_catalog.cardinality(schemamig.current()),"
				  " pg_catalog.current_setting('schemamig.tenant')", 0, NULL);
	if (strcmp(PQgetvalue(res, 0, 1), opt.tenant) != 0)
		fail("--tenant: the server did not take tenant \"%s\" (schemamig.tenant is \"%s\")",
			 opt.tenant, PQgetvalue(res, 0, 1));
	PQclear(res);
}

/*
 * On conn, whose path tenant_select() set, before a non-transactional
 * revision of the tenant runs there: what the server checks before it runs
 * a tenant's SQL itself (schemamig.check_tenant(): the schema heads the
 * path, and no role without the connected role's privileges could have put
 * names in it that the revision's unqualified names would find first).
 */
void
tenant_check(PGconn *conn)
{
	PQclear(db_exec(conn, "SELECT schemamig.check_tenant()", 0, NULL));
}

/*
 * Before anything runs for a tenant: when the plan (its column col says
 * whether each revision is transactional) holds a non-transactional
 * revision, the server must have check_tenant(), which came in 0.8.0.
 */
void
tenant_require_check(PGconn *conn, PGresult *plan, int col)
{
	bool		outside = false;
	PGresult   *res;
	bool		have;

	if (opt.tenant == NULL || opt.dry_run)
		return;
	for (int i = 0; i < PQntuples(plan); i++)
		outside = outside || PQgetvalue(plan, i, col)[0] == 'f';
	if (!outside)
		return;
	res = db_exec(conn, "SELECT pg_catalog.to_regprocedure('schemamig.check_tenant()') IS NOT NULL",
				  0, NULL);
	have = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!have)
		fail("--tenant: the client runs a tenant's non-transactional revision only after "
			 "schemamig.check_tenant(), which came in schemamig 0.8.0: nothing was applied; update "
			 "the extension with ALTER EXTENSION schemamig UPDATE");
}

/* The ids of the files, as a text[] literal. */
static char *
file_ids(PGconn *conn, const RevFiles *rf)
{
	PQExpBufferData ids;
	char	   *s;

	initPQExpBuffer(&ids);
	appendPQExpBufferChar(&ids, '{');
	for (int i = 0; i < rf->n; i++)
		append_array_element(&ids, conn, rf->files[i].id);
	appendPQExpBufferChar(&ids, '}');
	if (PQExpBufferBroken(&ids))
		fail("out of memory");
	s = xstrdup(ids.data);
	termPQExpBuffer(&ids);
	return s;
}

/* The server's progress NOTICEs of N tenants at once: only with -v. */
static void
tenant_notice(void *arg, const PGresult *res)
{
	if (opt.verbosity > 1)
		db_print_message(res);
}

/* One of the N connections, and the tenant it is upgrading (-1: none). */
typedef struct Worker
{
	PGconn	   *conn;
	int			tenant;
	bool		alive;
} Worker;

/* One tenant's outcome. */
typedef struct TenantResult
{
	const char *name;
	int			applied;		/* -1: failed; -2: not done */
	char	   *error;
	bool		current;		/* nothing pending, as tenants() said */
} TenantResult;

/* A tenant upgraded: its count, and a line saying it. */
static void
tenant_applied(TenantResult *t, const char *applied)
{
	char	   *name = printable(t->name);

	t->applied = atoi(applied);
	if (t->applied > 0)
		say("%s: %d revision%s applied", name, t->applied, t->applied == 1 ? "" : "s");
	else
		say("%s: already current", name);
	free(name);
}

/* A tenant is done: its result, and a line saying it. */
static void
tenant_done(TenantResult *t, PGresult *res, const char *lost)
{
	char	   *name = printable(t->name);

	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		tenant_applied(t, PQgetvalue(res, 0, 0));
	else if (res != NULL)
	{
		PQExpBufferData what;
		char	   *line = db_error_line(res);

		initPQExpBuffer(&what);
		appendPQExpBuffer(&what, "tenant \"%s\"", name);
		db_report(res, what.data);
		termPQExpBuffer(&what);
		t->applied = -1;
		t->error = printable(line);
		free(line);
	}
	else
	{
		char	   *first = xstrndup(lost, strcspn(lost, "\n"));

		t->applied = -1;
		t->error = printable(first);
		free(first);
		print_printable(stderr, "schemamig: error: tenant \"%s\": %s\n", name, t->error);
	}
	free(name);
}

/*
 * The tenants that tenants() said have nothing pending, in one statement
 * upgrade_tenants(target, their names), one transaction: each is a no-op
 * (a settled tenant is told from its state row, and takes no lock), and
 * 10,000 of them cost one round trip instead of 10,000 transactions. A
 * tenant that turns out to have something to do is upgraded in it as alone.
 * Should the statement fail, nothing of it stays, and they are upgraded one
 * by one like the others, each with its own outcome.
 */
static void
current_together(PGconn *conn, TenantResult *tenants, int n, const char *target)
{
	PQExpBufferData names;
	const char *params[2];
	PGresult   *res;
	int			count = 0;

	initPQExpBuffer(&names);
	appendPQExpBufferChar(&names, '{');
	for (int k = 0; k < n; k++)
	{
		if (tenants[k].current)
		{
			append_array_element(&names, conn, tenants[k].name);
			count++;
		}
	}
	appendPQExpBufferChar(&names, '}');
	if (PQExpBufferBroken(&names))
		fail("out of memory");
	if (count < 2 || interrupt_refuses(conn))
	{
		termPQExpBuffer(&names);
		return;
	}
	params[0] = target;
	params[1] = names.data;
	res = PQexecParams(conn, "SELECT t.tenant, t.applied"
					   " FROM schemamig.upgrade_tenants($1, $2::pg_catalog.name[]) AS t",
					   2, NULL, params, NULL, NULL, 0);
	if (opt.verbosity > 1 && PQresultStatus(res) == PGRES_TUPLES_OK)
		fprintf(stderr, "schemamig: ran: upgrade_tenants() of the %d tenants with nothing pending\n", count);
	else if (opt.verbosity > 1)
	{
		char	   *line = db_error_line(res);
		char	   *shown = printable(line);

		fprintf(stderr, "schemamig: ran: upgrade_tenants() of the %d tenants with nothing pending, "
				"which failed (they go one by one): %s\n", count, shown);
		free(shown);
		free(line);
	}
	/* rows in order of name, as tenants() lists them */
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == count)
	{
		for (int k = 0, r = 0; k < n; k++)
		{
			if (!tenants[k].current)
				continue;
			if (strcmp(PQgetvalue(res, r, 0), tenants[k].name) != 0)
				fail("upgrade_tenants() answered for tenant \"%s\" where \"%s\" was expected",
					 PQgetvalue(res, r, 0), tenants[k].name);
			tenant_applied(&tenants[k], PQgetvalue(res, r++, 1));
		}
	}
	PQclear(res);
	termPQExpBuffer(&names);
}

/* The next tenant not done from k on (n: none). */
static int
next_not_done(const TenantResult *tenants, int k, int n)
{
	while (k < n && tenants[k].applied != -2)
		k++;
	return k;
}

/* Send one tenant's upgrade on a free connection. */
static void
send_tenant(Worker *w, int k, TenantResult *tenants, const char *target)
{
	const char *params[2] = {target, tenants[k].name};

	w->tenant = k;
	if (!PQsendQueryParams(w->conn, "SELECT COALESCE(pg_catalog.sum(t.applied), 0)"
						   " FROM schemamig.upgrade_tenants($1, ARRAY[$2::pg_catalog.name]) AS t",
						   2, NULL, params, NULL, NULL, 0))
	{
		tenant_done(&tenants[k], NULL, PQerrorMessage(w->conn));
		w->tenant = -1;
		w->alive = false;
	}
}

/*
 * Read what has arrived on a busy connection; when its tenant's statement
 * is done, record it and free the connection.
 */
static void
receive(Worker *w, TenantResult *tenants)
{
	if (!PQconsumeInput(w->conn))
	{
		if (tenants[w->tenant].applied == -2)
			tenant_done(&tenants[w->tenant], NULL, PQerrorMessage(w->conn));
		w->tenant = -1;
		w->alive = false;
		return;
	}
	while (!PQisBusy(w->conn))
	{
		PGresult   *res = PQgetResult(w->conn);

		if (res == NULL)
		{
			w->tenant = -1;
			if (PQstatus(w->conn) != CONNECTION_OK)
				w->alive = false;
			return;
		}
		if (tenants[w->tenant].applied == -2)
			tenant_done(&tenants[w->tenant], res, NULL);
		PQclear(res);
	}
}

/*
 * upgrade --all-tenants --dry-run [TARGET] [-j N]: for each tenant, in a
 * process of its own, what upgrade --dry-run does for one (--tenant NAME):
 * the files synced and the tenant's plan run in one transaction, rolled
 * back, its output under the tenant's name; then the summary upgrade
 * --all-tenants prints. Each tenant's transaction holds the registration
 * lock of its sync until its rollback, so the tenants' dry runs follow one
 * another whatever -j says; nothing of any of them stays.
 */
static int
tenants_dry_run(const char *target)
{
	PGconn	   *conn;
	PGresult   *res;
	FleetJob   *jobs;
	int			n;
	int			counts[4] = {0};

	/* bad files fail once, here, not once per tenant */
	(void) load_files(opt.dir);
	conn = db_connect();
	res = db_exec(conn, "SELECT t.tenant FROM schemamig.tenants() AS t", 0, NULL);
	n = PQntuples(res);
	jobs = xmalloc(sizeof(FleetJob) * (n + 1));
	for (int k = 0; k < n; k++)
	{
		memset(&jobs[k], 0, sizeof(FleetJob));
		jobs[k].tenant = PQgetvalue(res, k, 0);
		jobs[k].label = printable(PQgetvalue(res, k, 0));
	}
	/* no connection stays open across fork() */
	db_finish(conn);
	fleet_fork_all(jobs, n, "upgrade", target, false);
	for (int k = 0; k < n; k++)
		counts[jobs[k].result]++;
	printf("upgrade --all-tenants --dry-run: %d tenant%s: %d upgraded, %d already current, %d failed; "
		   "everything was rolled back\n",
		   n, n == 1 ? "" : "s", counts[JOB_OK], counts[JOB_CURRENT], counts[JOB_FAILED]);
	fleet_print_failed(jobs, n);
	PQclear(res);
	return counts[JOB_FAILED] > 0 ? 1 : 0;
}

/* upgrade --all-tenants [TARGET] [-j N] */
static int
tenants_upgrade(const char *target)
{
	RevFiles	rf = load_files_connecting(opt.dir);
	PGconn	   *conn = db_connect();
	char	   *ids = file_ids(conn, &rf);
	const char *params[1] = {ids};
	PGresult   *res;
	TenantResult *tenants;
	Worker	   *workers;
	struct pollfd *fds;
	int			n;
	FleetJob   *outside;
	int			noutside = 0;
	int			nworkers;
	int			todo;
	int			next;
	int			counts[3] = {0};	/* upgraded, already current, failed */

	/* the graph is shared: sync once, and refuse what is in no file */
	db_command(conn, "BEGIN");
	sync_hold_report();
	sync_files(conn, &rf, false);
	res = db_exec(conn, "SELECT r.id FROM schemamig.revision AS r WHERE NOT EXISTS"
				  " (SELECT FROM pg_catalog.unnest($1::pg_catalog.text[]) AS f (id)"
				  " WHERE f.id OPERATOR(pg_catalog.=) r.id) ORDER BY r.id", 1, params);
	if (PQntuples(res) > 0 && !opt.include_db_only)
	{
		PQExpBufferData list;

		initPQExpBuffer(&list);
		for (int i = 0; i < PQntuples(res); i++)
			appendPQExpBuffer(&list, "\n  %s", PQgetvalue(res, i, 0));
		db_finish(conn);
		fail("%d registered revision%s %s in no file of %s:%s\n"
			 "the files are the source of truth, and --all-tenants cannot tell which tenants would apply them: "
			 "add the files, remove the revisions (sync --prune), or pass --include-db-only; nothing was applied",
			 PQntuples(res), PQntuples(res) == 1 ? "" : "s", PQntuples(res) == 1 ? "is" : "are", opt.dir, list.data);
	}
	PQclear(res);
	sync_report();
	db_command(conn, "COMMIT");

	/*
	 * the tenants, whether a non-transactional revision is not applied in
	 * each, and whether anything is pending
	 */
	res = db_exec(conn, "SELECT t.tenant, EXISTS (SELECT FROM schemamig.revision AS r"
				  " WHERE NOT r.transactional AND NOT EXISTS (SELECT FROM schemamig.applied AS a"
				  " WHERE a.tenant OPERATOR(pg_catalog.=) t.tenant AND a.revision OPERATOR(pg_catalog.=) r.id)),"
				  " t.pending OPERATOR(pg_catalog.=) 0"
				  " FROM schemamig.tenants() AS t", 0, NULL);
	tenants = xmalloc(sizeof(TenantResult) * (PQntuples(res) + 1));
	outside = xmalloc(sizeof(FleetJob) * (PQntuples(res) + 1));
	n = 0;
	for (int k = 0; k < PQntuples(res); k++)
	{
		if (PQgetvalue(res, k, 1)[0] == 't')
		{
			outside[noutside].tenant = PQgetvalue(res, k, 0);
			outside[noutside++].label = printable(PQgetvalue(res, k, 0));
			continue;
		}
		tenants[n].name = PQgetvalue(res, k, 0);
		tenants[n].current = PQgetvalue(res, k, 2)[0] == 't';
		tenants[n++].applied = -2;	/* not done */
	}
	/* its statement's NOTICEs, a tenant each, are the workers': only with -v */
	PQsetNoticeReceiver(conn, (PQnoticeReceiver) tenant_notice, NULL);
	current_together(conn, tenants, n, target);
	todo = 0;
	for (int k = 0; k < n; k++)
		todo += tenants[k].applied == -2;
	next = next_not_done(tenants, 0, n);
	nworkers = todo < fleet_jobs ? todo : fleet_jobs;
	workers = xmalloc(sizeof(Worker) * (nworkers + 1));
	fds = xmalloc(sizeof(struct pollfd) * (nworkers + 1));
	for (int i = 0; i < nworkers; i++)
	{
		workers[i].conn = i == 0 ? conn : db_connect_again(conn);
		workers[i].tenant = -1;
		workers[i].alive = true;
		PQsetNoticeReceiver(workers[i].conn, (PQnoticeReceiver) tenant_notice, NULL);
	}

	for (;;)
	{
		int			busy = 0;
		int			alive = 0;

		for (int i = 0; i < nworkers; i++)
		{
			if (workers[i].alive && workers[i].tenant < 0 && next < n && !interrupt_signal)
			{
				send_tenant(&workers[i], next, tenants, target);
				next = next_not_done(tenants, next + 1, n);
			}
			if (workers[i].tenant >= 0)
			{
				fds[busy].fd = PQsocket(workers[i].conn);
				fds[busy].events = POLLIN;
				fds[busy].revents = 0;
				busy++;
			}
			alive += workers[i].alive;
		}
		if (busy == 0)
		{
			if (next < n && alive > 0 && !interrupt_signal)
				continue;
			break;
		}
		if (poll(fds, busy, -1) < 0)
			continue;			/* EINTR: look again */
		for (int i = 0, b = 0; i < nworkers; i++)
		{
			if (workers[i].tenant < 0)
				continue;
			if (fds[b++].revents != 0)
				receive(&workers[i], tenants);
		}
	}
	for (; next < n; next = next_not_done(tenants, next + 1, n))
		tenant_done(&tenants[next], NULL, interrupt_signal ? "not tried: interrupted" :
					"not tried: every connection was lost");
	/* no connection stays open across fork() */
	for (int i = 0; i < nworkers; i++)
		db_finish(workers[i].conn);
	if (nworkers == 0)
		db_finish(conn);

	/* the tenants with a non-transactional revision: as upgrade runs them */
	fleet_fork_all(outside, noutside, "upgrade", target, false);
	for (int k = 0; k < noutside; k++)
	{
		tenants[n].name = outside[k].tenant;
		tenants[n].applied = outside[k].result == JOB_OK ? 1 : outside[k].result == JOB_CURRENT ? 0 : -1;
		tenants[n++].error = outside[k].error;
	}

	for (int k = 0; k < n; k++)
		counts[tenants[k].applied > 0 ? 0 : tenants[k].applied == 0 ? 1 : 2]++;
	printf("upgrade --all-tenants: %d tenant%s: %d upgraded, %d already current, %d failed\n",
		   n, n == 1 ? "" : "s", counts[0], counts[1], counts[2]);
	for (int k = 0; k < n; k++)
	{
		if (tenants[k].applied < 0)
			print_printable(stdout, "failed: %s: %s\n", tenants[k].name, tenants[k].error);
	}
	fflush(stdout);
	PQclear(res);
	return counts[2] > 0 ? 1 : 0;
}

/* status --all-tenants [--check] */
static int
tenants_status(void)
{
	RevFiles	rf = load_files_connecting(opt.dir);
	PGconn	   *conn = db_connect();
	char	   *ids = file_ids(conn, &rf);
	const char *params[1] = {ids};
	PGresult   *res = db_exec(conn, "SELECT t.tenant, t.pending, pg_catalog.array_to_string(t.current, ' ')"
							  " FROM schemamig.tenants() AS t", 0, NULL);
	PGresult   *fo = db_exec(conn, "SELECT pg_catalog.count(*) FROM pg_catalog.unnest($1::pg_catalog.text[]) AS f (id)"
							 " WHERE NOT EXISTS (SELECT FROM schemamig.revision AS r"
							 " WHERE r.id OPERATOR(pg_catalog.=) f.id)", 1, params);
	int			files_only = atoi(PQgetvalue(fo, 0, 0));
	int			behind = 0;

	if (!opt.check)
		printf("tenants (%d):\n", PQntuples(res));
	for (int k = 0; k < PQntuples(res); k++)
	{
		int			pending = atoi(PQgetvalue(res, k, 1));

		behind += pending > 0;
		if (!opt.check)
		{
			char	   *tenant = printable(PQgetvalue(res, k, 0));
			char	   *current = printable(PQgetvalue(res, k, 2));

			printf("  %s: %d pending, %s%s\n", tenant, pending, current[0] ? "current: " : "at base", current);
			free(tenant);
			free(current);
		}
	}
	if (!opt.check)
		print_printable(stdout, "only as files in %s (%d)%s\n", opt.dir, files_only,
						files_only > 0 ? ": pending for every tenant once synced" : "");
	PQclear(res);
	PQclear(fo);
	db_finish(conn);
	return opt.check && (behind > 0 || files_only > 0) ? 1 : 0;
}

/* upgrade or status --all-tenants */
int
tenants_run(const char *command, const char *arg)
{
	if (strcmp(command, "upgrade") == 0 && opt.dry_run)
		return tenants_dry_run(arg ? arg : "head");
	if (strcmp(command, "upgrade") == 0)
		return tenants_upgrade(arg ? arg : "head");
	return tenants_status();
}
