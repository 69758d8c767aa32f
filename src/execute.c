/*-------------------------------------------------------------------------
 *
 * src/execute.c
 *	  Applying and reverting revisions: running their SQL through SPI in the
 *	  caller's transaction, and the bookkeeping that goes with it.
 *
 * Modelled on how the server runs extension scripts: each statement runs on
 * its own, under an error context that names the revision and the line of
 * the failing statement; settings the revision changes are undone when it
 * ends; and everything a revision allocates goes with a per-revision memory
 * context, so a call of 10,000 revisions needs no more memory than one.
 *
 * A revision runs with the privileges of its author, the role that wrote its
 * SQL, as the server runs a table owner's index expressions during VACUUM:
 * when whoever applies it is another role, it runs as its author inside a
 * security-restricted operation, so it can neither change role nor leave
 * a cursor, prepared statement, setting or temporary object behind in the
 * caller's session
 * (advisory locks are the exception: README says why); and the caller must
 * have the author's privileges, so that registering SQL never lends a role
 * more privileges than it has.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_namespace.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "parser/parser.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/portal.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/* What the error context callback reports about the running revision. */
typedef struct RunContext
{
	const char *tenant;			/* '' for the default tenant */
	const MigRevision *rev;
	const char *direction;		/* "upgrade" or "downgrade" */
	const RevStatement *stmt;	/* NULL outside the revision's statements */
	Oid			trusted_by;		/* the tenant's schema was found safe for the
								 * role that ran the previous revision */
} RunContext;

static void
run_error_callback(void *arg)
{
	RunContext *cxt = (RunContext *) arg;
	char	   *tenant = cxt->tenant[0] == '\0' ? "" :
		psprintf("tenant \"%s\", ", cxt->tenant);

	if (cxt->stmt)
		errcontext("%srevision %s, %s statement %d at line %d",
				   tenant, graph_revision_label(cxt->rev), cxt->direction,
				   cxt->stmt->number, cxt->stmt->line);
	else
		errcontext("%srevision %s, %s", tenant, graph_revision_label(cxt->rev),
				   cxt->direction);
}

/* The tenant's schema, which its revisions cannot run without. */
static Oid
tenant_schema(const char *tenant)
{
	Oid			nspoid = get_namespace_oid(tenant, true);

	/* without its schema, the path would send the SQL to the next one */
	if (!OidIsValid(nspoid))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_SCHEMA_NAME),
				 errmsg("schema \"%s\" of tenant \"%s\" does not exist", tenant, tenant),
				 errdetail("A tenant's revisions run with its schema first on the search_path; without it they would create and change objects in another schema."),
				 errhint("Create the schema again, or forget the tenant with schemamig.remove_tenant().")));
	return nspoid;
}

/*
 * Check that the tenant's schema heads the path as the current user sees it
 * (a schema the role that runs the SQL cannot use drops out of its path, and
 * the SQL would create its objects in the next schema); and, if
 * require_trusted, that no role with fewer privileges can have put names
 * there (trust_schema()). session_path: the path is the session's
 * own (check_tenant()), not the one the server set to run the revisions.
 */
static void
require_tenant_first(const char *tenant, Oid nspoid, bool require_trusted, bool session_path)
{
	List	   *path = fetch_search_path(false);
	TrustFinding found;

	if (path == NIL || linitial_oid(path) != nspoid)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_SCHEMA_NAME),
				 errmsg("schema \"%s\" of tenant \"%s\" is not the first schema of the search_path", tenant, tenant),
				 session_path ?
				 errdetail("The session's search_path is %s, and a schema the current role cannot use (USAGE) drops out of it.",
						   namespace_search_path) :
				 errdetail("Role \"%s\", which runs the tenant's revisions, cannot use the schema (USAGE), or its name is not taken literally on a search_path.",
						   GetUserNameFromId(GetUserId(), false)),
				 session_path ?
				 errhint("Put the tenant's schema first, as in SET search_path = %s, followed by the rest of the path.",
						 quote_identifier(tenant)) :
				 errhint("Grant USAGE and CREATE on schema \"%s\" to role \"%s\".",
						 tenant, GetUserNameFromId(GetUserId(), false))));
	list_free(path);

	/* first on the path: nobody with fewer privileges may plant names there */
	if (require_trusted && !trust_schema(nspoid, GetUserId(), &found))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("schema \"%s\" of tenant \"%s\" is not safe to run role \"%s\"'s SQL in",
						tenant, tenant, GetUserNameFromId(GetUserId(), false)),
				 found.unseen ?
				 errdetail("It holds %s, which the check cannot follow: %s. Its server may connect back to this cluster, where the remote query would run another role's code with the mapped user's privileges.",
						   getObjectDescription(&found.planted, false), found.unseen) :
				 found.granted ?
				 errdetail("%s may add %s %s (%s) without having role \"%s\"'s privileges; what it adds, even while a revision runs, would fire with those privileges.",
						   found.public ? "Every role (PUBLIC)" :
						   psprintf("Role \"%s\"", GetUserNameFromId(found.other, false)),
						   found.planted.objectSubId != 0 ? "foreign keys that cascade from" :
						   "triggers, or foreign keys that cascade from it, to",
						   getObjectDescription(&found.planted, false),
						   found.planted.objectSubId != 0 ? "REFERENCES" : "TRIGGER, REFERENCES",
						   GetUserNameFromId(GetUserId(), false)) :
				 found.public ?
				 errdetail("Every role may create objects in it, which the SQL's unqualified names would find first and run with role \"%s\"'s privileges.",
						   GetUserNameFromId(GetUserId(), false)) :
				 OidIsValid(found.planted.objectId) ?
				 errdetail("It holds %s (or what it holds reaches it: a function its code calls, a type of its columns, a relation its views read or its writes reach), owned by role \"%s\", which does not have role \"%s\"'s privileges; the SQL would find or fire it and run it with those privileges.",
						   getObjectDescription(&found.planted, false), GetUserNameFromId(found.other, false),
						   GetUserNameFromId(GetUserId(), false)) :
				 errdetail("Role \"%s\" owns it or may create objects in it without having role \"%s\"'s privileges; what it creates there, the SQL's unqualified names would find first and run with those privileges.",
						   GetUserNameFromId(found.other, false), GetUserNameFromId(GetUserId(), false)),
				 found.unseen ?
				 errhint("Name in the server's dbname option the database it reads (this one, with the relation there, or one of another server), or keep the foreign table out of the tenant's schema.") :
				 errhint("Have the revisions written by the schema's owner (they then run as that role), or give the schema and what it holds to a role with \"%s\"'s privileges and let no other role create in it.",
						 GetUserNameFromId(GetUserId(), false))));
}

/*
 * A tenant's revisions find unqualified names in its schema first, then on
 * the caller's path. Sets search_path so for a tenant other than '' (and
 * schemamig.tenant to the tenant), until the caller's GUC nest level
 * (NewGUCNestLevel) ends, and checks the path as
 * require_tenant_first() does. So a revision run as its author is checked
 * after the switch to the author.
 */
void
execute_tenant_search_path(const char *tenant, bool require_trusted)
{
	Oid			nspoid;

	/*
	 * upgrade_tenants() and migrate_tenants() work on a tenant the setting
	 * does not name: the SQL reads the tenant it runs for in the setting.
	 */
	if (strcmp(GetConfigOption("schemamig.tenant", false, false), tenant) != 0)
		(void) set_config_option("schemamig.tenant", tenant,
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
	if (tenant[0] == '\0')
		return;
	nspoid = tenant_schema(tenant);
	(void) set_config_option("search_path",
							 psprintf("%s, %s", quote_identifier(tenant),
									  namespace_search_path),
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	require_tenant_first(tenant, nspoid, require_trusted, false);
}

/*
 * The same checks of a tenant's schema on the session's own path, which
 * the command-line client and the offline script set before they run a
 * tenant's non-transactional revision in the session themselves.
 */
void
execute_require_tenant_path(const char *tenant)
{
	if (tenant[0] != '\0')
		require_tenant_first(tenant, tenant_schema(tenant), true, true);
}

/*
 * When set, execute_plan() reports no NOTICE per revision: upgrade_tenants()
 * and migrate_tenants() report one per tenant instead, and trace() applies
 * nothing.
 */
static bool quiet = false;

/* Set whether execute_plan() is quiet; returns what it was. */
bool
execute_set_quiet(bool value)
{
	bool		old = quiet;

	quiet = value;
	return old;
}

/*
 * The revision whose SQL is running, or NULL: the guards name it when that
 * SQL tries to change schemamig's tables.
 */
const MigRevision *schemamig_running_revision = NULL;

/*
 * The role a revision runs as: InvalidOid when that is the caller itself.
 * Raises 42501 unless the caller has the author's privileges.
 */
static Oid
revision_runs_as(const MigRevision *rev, bool upgrade)
{
	Oid			caller = GetUserId();
	Oid			author = get_role_oid(rev->author, true);

	if (author == caller)
		return InvalidOid;
	if (!OidIsValid(author))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("revision %s cannot run: its author \"%s\" does not exist",
						graph_revision_label(rev), rev->author),
				 errdetail("A revision runs with the privileges of its author, the role that registered it or last changed its SQL. Nothing was %s.",
						   upgrade ? "applied" : "reverted"),
				 errhint("Have the role that should answer for this SQL update it, which makes that role its author.")));
	if (!has_privs_of_role(caller, author))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to run revision %s as its author \"%s\"",
						graph_revision_label(rev), rev->author),
				 errdetail("A revision runs with the privileges of its author, the role that registered it or last changed its SQL, and role \"%s\" does not have the privileges of role \"%s\". Nothing was %s.",
						   GetUserNameFromId(caller, false), rev->author,
						   upgrade ? "applied" : "reverted"),
				 errhint("Run it as \"%s\" or as a role that has its privileges.",
						 rev->author)));
	return author;
}

/*
 * Refuse, before anything runs, a plan with a revision whose author's
 * privileges the caller lacks.
 */
void
execute_require_authors(const MigGraph *graph, List *plan, bool upgrade)
{
	ListCell   *lc;

	foreach(lc, plan)
		(void) revision_runs_as(&graph->revs[lfirst_int(lc)], upgrade);
}

/*
 * A revision run restricted (see run_statements) must not reach the
 * caller's cursors, nor leave one behind: every portal can be fetched from
 * by name, and PL/pgSQL's CLOSE and OPEN can replace one under its name,
 * after which the caller's FETCH would run the author's query with the
 * caller's privileges. A security-restricted operation stops neither. So
 * no cursor may be open in the session (no portal ready to run, whether
 * pg_cursor() lists it or a client bound it through the protocol) before
 * such a revision runs, nor after it: the running query's own portals are
 * active, not ready.
 */
static void
require_no_cursors(const RunContext *cxt, bool before)
{
	if (ThereAreNoReadyPortals())
		return;
	if (before)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("cannot run revision %s as its author \"%s\" while a cursor is open",
						graph_revision_label(cxt->rev), cxt->rev->author),
				 errdetail("A revision another role wrote could fetch from, or replace, the cursors of the role that runs it."),
				 errhint("Close the session's cursors first (CLOSE ALL, or end the loop that calls schemamig), or apply the revision in a session that \"%s\" logged in.",
						 cxt->rev->author)));
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("revision %s left a cursor open",
					graph_revision_label(cxt->rev)),
			 errdetail("It runs as its author \"%s\", in a security-restricted operation, and must leave nothing behind in the caller's session.",
					   cxt->rev->author),
			 errhint("Close the cursors the revision declares before it ends.")));
}

/* Was this catalog row written by a command of this transaction since "since"? */
bool
execute_written_since(HeapTuple tup, CommandId since)
{
	return TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tup->t_data)) &&
		HeapTupleHeaderGetCmin(tup->t_data) >= since;
}

/*
 * Nor may it leave objects in the session's temporary schema: type names are
 * looked up there before pg_catalog, so a domain pg_temp.text would be what
 * "text" means to the caller's next revision and queries, its checks calling
 * the author's functions with the caller's privileges; and a column of that
 * type would vanish with the session. The security-restricted operation
 * stops only temporary tables. A row of pg_depend naming the schema, which
 * every object in it has, and that a command since "since" inserted, is such
 * an object.
 */
static void
require_no_temp_objects(const RunContext *cxt, CommandId since)
{
	Oid			nsp = LookupExplicitNamespace("pg_temp", true);
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tup;
	ObjectAddress left = {InvalidOid, InvalidOid, 0};

	if (!OidIsValid(nsp))
		return;
	rel = table_open(DependRelationId, AccessShareLock);
	scan = trust_depend_scan(rel, true, NamespaceRelationId, nsp);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		if (execute_written_since(tup, since))
		{
			left.classId = ((Form_pg_depend) GETSTRUCT(tup))->classid;
			left.objectId = ((Form_pg_depend) GETSTRUCT(tup))->objid;
			break;
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (OidIsValid(left.classId))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("revision %s left %s in the caller's temporary schema",
						graph_revision_label(cxt->rev), getObjectDescription(&left, false)),
				 errdetail("It runs as its author \"%s\", in a security-restricted operation, and must leave nothing behind in the caller's session, whose SQL would find it there (a type there before pg_catalog's).",
						   cxt->rev->author),
				 errhint("Create the object in a schema of the database, or drop it before the revision ends.")));
}

/* What run_statements() hands run_each(). */
typedef struct StatementRun
{
	List	   *stmts;
	RunContext *cxt;
	const StatementObserver *observer;
} StatementRun;

/* Run each statement of a revision through SPI, in order. */
static void
run_each(void *arg)
{
	StatementRun *run = (StatementRun *) arg;
	RunContext *cxt = run->cxt;
	MemoryContext memcxt = CurrentMemoryContext;
	ListCell   *lc;

	foreach(lc, run->stmts)
	{
		int			rc;

		cxt->stmt = lfirst(lc);
		if (run->observer)
			run->observer->before(cxt->rev, cxt->stmt, run->observer->arg);
		rc = SPI_execute(cxt->stmt->text, false, 0);
		MemoryContextSwitchTo(memcxt);
		if (rc < 0)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
		SPI_freetuptable(SPI_tuptable);
		/* the text was split with the setting on: each statement runs so */
		if (!standard_conforming_strings)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("revision %s changed standard_conforming_strings",
							graph_revision_label(cxt->rev)),
					 errdetail("Its statements were told apart with standard_conforming_strings on, which a revision's statements must leave as it is."),
					 errhint("Leave the setting as it is, and write strings whose backslashes escape as E'...'.")));
		if (run->observer)
			run->observer->after(cxt->rev, cxt->stmt, run->observer->arg);
	}
	cxt->stmt = NULL;
}

/*
 * Run statements one by one, as the role given (InvalidOid: as the caller).
 * Settings they change (SET, SET LOCAL, set_config) are rolled back when
 * they are done, as if the revision were a subtransaction that ended, so
 * they leak neither into the next revision nor into the caller. Should a
 * statement fail, the (sub)transaction's abort restores the user id, as it
 * does for REFRESH MATERIALIZED VIEW.
 */
static void
run_statements(List *stmts, RunContext *cxt, Oid as_role,
			   const StatementObserver *observer)
{
	StatementRun run = {stmts, cxt, observer};
	Oid			save_userid;
	int			save_sec_context;
	int			nestlevel;
	bool		restricted;
	List	   *paths;
	CommandId	start = GetCurrentCommandId(false);

	GetUserIdAndSecContext(&save_userid, &save_sec_context);

	/*
	 * Run as another role than the caller's, and run as the caller when the
	 * caller took the author's role (SET ROLE, SET SESSION AUTHORIZATION):
	 * either way the revision must not reach the privileges of the role
	 * that logged in (by RESET ROLE, by what runs at commit: a deferred
	 * trigger, a cursor WITH HOLD, or by the session's dblink connections,
	 * or by another role's PL/pgSQL function compiled on its own path,
	 * which the session keeps: src/session_links.c), and runs in a
	 * security-restricted operation.
	 */
	restricted = OidIsValid(as_role) || save_userid != GetAuthenticatedUserId();
	/* the session's paths, which another role's function must compile on */
	paths = restricted ? session_links_paths() : NIL;
	nestlevel = NewGUCNestLevel();
	/* as its text was split: src/revsql.c */
	revsql_standard_strings();

	if (restricted)
	{
		require_no_cursors(cxt, true);
		SetUserIdAndSecContext(OidIsValid(as_role) ? as_role : save_userid,
							   save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION);
	}
	/*
	 * As the role that runs the SQL; undone with the revision's own
	 * settings. The schema is judged again unless the previous revision ran
	 * as this role and found it safe: nothing but that role's own SQL has
	 * run in the call since, which spares a new tenant's sign-up a check of
	 * its growing schema per revision.
	 */
	execute_tenant_search_path(cxt->tenant, cxt->trusted_by != GetUserId());
	cxt->trusted_by = GetUserId();
	schemamig_running_revision = cxt->rev;

	guards_watch_begin();
	session_links_run_as(restricted, GetUserId(), paths, run_each, &run);
	guards_watch_end(cxt->rev, start);

	schemamig_running_revision = NULL;
	AtEOXact_GUC(false, nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
	if (restricted)
	{
		require_no_cursors(cxt, false);
		require_no_temp_objects(cxt, start);
	}
}

/*
 * The SQL about to run must be the SQL the call planned, and its author the
 * one whose privileges were checked: the SQL is read from the table in
 * batches as the call goes. An edit by another session waits for the
 * call's lock (the guards take the registration lock), so this catches
 * what gets around the guards: an edit in replica mode.
 */
static void
require_as_planned(const MigRevision *rev, const RevisionSql *sql, const char *checksum)
{
	if ((rev->checksum != NULL && strcmp(checksum, rev->checksum) != 0) ||
		sql->author == NULL || strcmp(sql->author, rev->author) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("revision %s changed while the call was running",
						graph_revision_label(rev)),
				 errdetail("Another session changed its SQL after this call planned it, and it did not run."),
				 errhint("Run the call again: it plans the revision as it stands.")));
}

/* Milliseconds between two timestamps, for NOTICEs. */
static double
elapsed_ms(TimestampTz start, TimestampTz end)
{
	return (double) (end - start) / 1000.0;
}

/* What execute_plan() hands run_plan(), and how many ran. */
typedef struct PlanRun
{
	MigGraph   *graph;
	List	   *plan;
	bool		upgrade;
	const StatementObserver *observer;
	int			done;
} PlanRun;

/* Run the revisions of a plan, in order: see execute_plan(). */
static void
run_plan(void *arg)
{
	PlanRun    *run = (PlanRun *) arg;
	MigGraph   *graph = run->graph;
	List	   *plan = run->plan;
	bool		upgrade = run->upgrade;
	const StatementObserver *observer = run->observer;
	PlanSql		reader;
	MemoryContext revcxt;
	MemoryContext oldcxt;
	ListCell   *lc;
	int			done = 0;
	RunContext	cxt = {catalog_tenant(), NULL, upgrade ? "upgrade" : "downgrade", NULL, InvalidOid};
	ErrorContextCallback callback;
	char	   *user;

	execute_require_authors(graph, plan, upgrade);

	catalog_plan_sql_init(&reader, graph, plan);
	revcxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig revision",
								   ALLOCSET_DEFAULT_SIZES);
	user = GetUserNameFromId(GetUserId(), false);
	catalog_forget_cache();
	callback.callback = run_error_callback;
	callback.arg = &cxt;
	callback.previous = error_context_stack;

	foreach(lc, plan)
	{
		int			k = foreach_current_index(lc);
		MigRevision *rev = &graph->revs[lfirst_int(lc)];
		const RevisionSql *sql = catalog_plan_sql(&reader, k);
		List	   *stmts;
		TimestampTz start;
		TimestampTz end;
		Interval	duration;
		Oid			as_role;
		char	   *checksum;


		oldcxt = MemoryContextSwitchTo(revcxt);
		cxt.rev = rev;
		error_context_stack = &callback;

		checksum = revsql_checksum(sql->upgrade, sql->downgrade);
		require_as_planned(rev, sql, checksum);
		/* its author may have been dropped, or lost to the caller, since */
		as_role = revision_runs_as(rev, upgrade);
		stmts = revsql_split(upgrade ? sql->upgrade : sql->downgrade,
							 psprintf("%s SQL of revision \"%s\"", cxt.direction, rev->id));
		start = GetCurrentTimestamp();
		run_statements(stmts, &cxt, as_role, observer);
		end = GetCurrentTimestamp();

		memset(&duration, 0, sizeof(duration));
		duration.time = end - start;
		if (upgrade)
		{
			catalog_record_applied(rev->id, start, &duration, checksum);
			graph_mark_one_applied(graph, lfirst_int(lc), start, user, &duration);
		}
		else
			catalog_forget_applied(rev->id, start, &duration);

		error_context_stack = callback.previous;

		if (!quiet)
			ereport(NOTICE,
					(errmsg("%s revision %s in %.3f ms",
							upgrade ? "applied" : "reverted", graph_revision_label(rev),
							elapsed_ms(start, end))));

		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(revcxt);
		done++;
		run->done = done;
	}

	MemoryContextDelete(revcxt);
	catalog_plan_sql_end(&reader);
}

/*
 * Run fn(arg), which runs revisions, in a subtransaction that is released
 * (schemamig_subtransaction(), which adds one more that is always
 * released) when it is called at the top level of the transaction, so that
 * a subtransaction of their SQL (a PL/pgSQL block with an exception
 * handler that catches an error) has a subtransaction as its parent. The
 * call may be running while the transaction commits (upgrade() in a
 * deferred trigger, or in a cursor WITH HOLD that COMMIT fills), and the
 * server asserts, when it rolls back a subtransaction whose parent is the
 * transaction, that the transaction is not ending. An error is rethrown as
 * it was raised, once the subtransaction is rolled back. Called once per
 * call: upgrade_tenants() runs every tenant's plan in one, which keeps a
 * transaction of thousands of tenants from holding thousands of
 * subtransaction IDs (past 64 of them, other sessions' snapshots must read
 * pg_subtrans).
 */
void
execute_below_subtransaction(void (*fn) (void *), void *arg)
{
	ErrorData  *edata;

	if (IsSubTransaction())
		fn(arg);
	else if ((edata = schemamig_subtransaction(fn, arg, true)) != NULL)
		ReThrowError(edata);
}

/*
 * Apply (upgrade) or revert (downgrade) the revisions of a plan, in order.
 * The plan was checked in full before this is called, but for its authors,
 * checked here before anything runs. Returns how many ran. Revisions
 * applied are marked so in the graph as well, which the caller may then
 * keep cached (catalog_changed); until then the cache is not trusted, so a
 * failure half-way cannot leave it claiming what rolled back. An observer,
 * when given, is called around each statement (trace() records locks so).
 * They run below a subtransaction: execute_below_subtransaction().
 */
int
execute_plan(MigGraph *graph, List *plan, bool upgrade,
			 const StatementObserver *observer)
{
	PlanRun		run = {graph, plan, upgrade, observer, 0};

	if (plan == NIL)
		return 0;
	execute_below_subtransaction(run_plan, &run);
	return run.done;
}
