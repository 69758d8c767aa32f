/*-------------------------------------------------------------------------
 *
 * src/migrate.c
 *	  CALL schemamig.migrate(target): upgrade() with a commit after each
 *	  revision.
 *
 * A long series keeps the revisions that succeeded when a later one fails,
 * and never holds every revision's locks at once. Each revision runs in its
 * own transaction under schemamig's lock, planned afresh from a graph kept
 * in the backend's cache across the commits, so the cost per revision does
 * not grow with the number of revisions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "schemamig.h"

/* Is this a CALL outside a transaction block, free to commit? */
bool
schemamig_can_commit(FunctionCallInfo fcinfo)
{
	return fcinfo->context != NULL && IsA(fcinfo->context, CallContext) &&
		!castNode(CallContext, fcinfo->context)->atomic;
}

/*
 * Apply the next revision of the plan for target, in the current
 * transaction. Returns false when nothing is left to apply.
 */
static bool
migrate_one(MigTarget *target, int done)
{
	MigGraph   *graph;
	List	   *plan;
	MigTarget	remaining = *target;

	if (target->kind == TARGET_RELATIVE)
	{
		remaining.count = target->count - done;
		if (remaining.count <= 0)
			return false;
	}

	catalog_lock();
	if ((target->kind == TARGET_HEAD || target->kind == TARGET_HEADS) &&
		catalog_settled())
		return false;
	graph = catalog_graph(true);
	graph_require_verified(graph, "migrate");
	graph_require_consistent(graph);
	plan = plan_upgrade(graph, &remaining);
	plan_require_transactional(graph, plan, true);
	if (plan == NIL)
	{
		catalog_settle(graph);
		return false;
	}
	/* no revision of the call may commit when a later one would be refused */
	if (done == 0)
		execute_require_authors(graph, plan, true);

	execute_plan(graph, list_make1_int(linitial_int(plan)), true, NULL);
	catalog_changed(graph);
	return true;
}

/* Apply one revision a transaction, until nothing is left to apply. */
static void
migrate_loop(MigTarget *target)
{
	MemoryContext itercxt;
	MemoryContext oldcxt;
	int			done = 0;

	/* plans are rebuilt each time: keep their memory from piling up */
	itercxt = AllocSetContextCreate(CurrentMemoryContext,
									"schemamig migrate",
									ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(itercxt);
	while (migrate_one(target, done))
	{
		done++;
		SPI_commit();
		SPI_start_transaction();
		MemoryContextSwitchTo(itercxt);
		MemoryContextReset(itercxt);
	}
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(itercxt);
}

/* Connect SPI so that it may commit, then apply one revision a transaction. */
static void
migrate_body(void *arg)
{
	MigTarget  *target = (MigTarget *) arg;
	const char *previous;

	if (SPI_connect_ext(SPI_OPT_NONATOMIC) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect_ext failed");

	/*
	 * The tenant the call began with, for every revision of it: a setting
	 * made with SET LOCAL or set_config(..., true), as a procedure behind a
	 * pooler makes it, ends with the first commit, and the rest of the
	 * revisions would otherwise go to the database's own applied set (in
	 * SPI's procedure context, which outlives the commits).
	 */
	previous = catalog_set_tenant(pstrdup(catalog_tenant()));
	PG_TRY();
	{
		migrate_loop(target);
	}
	PG_FINALLY();
	{
		catalog_set_tenant(previous);
	}
	PG_END_TRY();

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/* migrate(target): apply pending revisions up to target, one commit each. */
PG_FUNCTION_INFO_V1(schemamig_migrate);
Datum
schemamig_migrate(PG_FUNCTION_ARGS)
{
	MigTarget	target;

	calls_refuse_nested("migrate");
	if (!schemamig_can_commit(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
				 errmsg("schemamig.migrate() cannot run inside a transaction block"),
				 errdetail("It commits after each revision it applies."),
				 errhint("CALL it on its own, outside BEGIN ... COMMIT; or use SELECT schemamig.upgrade() to apply everything in the current transaction.")));
	target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "migrate", "target"),
						  TARGETS_UPGRADE, "upgrade");
	calls_guarded("migrate", migrate_body, &target);
	PG_RETURN_VOID();
}
