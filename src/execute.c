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
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/* What the error context callback reports about the running revision. */
typedef struct RunContext
{
	const MigRevision *rev;
	const char *direction;		/* "upgrade" or "downgrade" */
	const RevStatement *stmt;	/* NULL outside the revision's statements */
} RunContext;

static void
run_error_callback(void *arg)
{
	RunContext *cxt = (RunContext *) arg;

	if (cxt->stmt)
		errcontext("revision %s, %s statement %d at line %d",
				   revision_label(cxt->rev), cxt->direction,
				   cxt->stmt->number, cxt->stmt->line);
	else
		errcontext("revision %s, %s", revision_label(cxt->rev),
				   cxt->direction);
}

/*
 * Run statements one by one. Settings they change (SET, SET LOCAL,
 * set_config) are rolled back when they are done, as if the revision were
 * a subtransaction that ended, so they leak neither into the next revision
 * nor into the caller.
 */
static void
run_statements(List *stmts, RunContext *cxt)
{
	MemoryContext memcxt = CurrentMemoryContext;
	int			nestlevel = NewGUCNestLevel();
	ListCell   *lc;

	foreach(lc, stmts)
	{
		int			rc;

		cxt->stmt = lfirst(lc);
		rc = SPI_execute(cxt->stmt->text, false, 0);
		MemoryContextSwitchTo(memcxt);
		if (rc < 0)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
		SPI_freetuptable(SPI_tuptable);
	}
	cxt->stmt = NULL;
	AtEOXact_GUC(false, nestlevel);
}

/* Milliseconds between two timestamps, for NOTICEs. */
static double
elapsed_ms(TimestampTz start, TimestampTz end)
{
	return (double) (end - start) / 1000.0;
}

/*
 * Apply (upgrade) or revert (downgrade) the revisions of a plan, in order.
 * The plan was checked in full before this is called. Returns how many ran.
 * Revisions applied are marked so in the graph as well, which the caller
 * may then keep cached (catalog_changed); until then the cache is not
 * trusted, so a failure half-way cannot leave it claiming what rolled back.
 */
int
execute_plan(MigGraph *graph, List *plan, bool upgrade)
{
	MemoryContext revcxt;
	MemoryContext oldcxt;
	Portal		portal;
	ListCell   *lc;
	int			done = 0;
	RunContext	cxt = {NULL, upgrade ? "upgrade" : "downgrade", NULL};
	ErrorContextCallback callback;
	char	   *user;

	if (plan == NIL)
		return 0;

	revcxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig revision",
								   ALLOCSET_DEFAULT_SIZES);
	user = GetUserNameFromId(GetUserId(), false);
	catalog_forget_cache();
	portal = catalog_open_sql(graph, plan);
	callback.callback = run_error_callback;
	callback.arg = &cxt;
	callback.previous = error_context_stack;

	foreach(lc, plan)
	{
		MigRevision *rev = &graph->revs[lfirst_int(lc)];
		char	   *id;
		char	   *upsql;
		char	   *downsql;
		List	   *stmts;
		TimestampTz start;
		TimestampTz end;
		Interval	duration;

		oldcxt = MemoryContextSwitchTo(revcxt);
		if (!catalog_fetch_sql(portal, &id, &upsql, &downsql) ||
			strcmp(id, rev->id) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" disappeared while it was being %s",
							rev->id, upgrade ? "applied" : "reverted")));

		cxt.rev = rev;
		error_context_stack = &callback;

		stmts = revsql_split(upgrade ? upsql : downsql,
							 psprintf("%s SQL of revision \"%s\"", cxt.direction, rev->id));
		start = GetCurrentTimestamp();
		run_statements(stmts, &cxt);
		end = GetCurrentTimestamp();

		memset(&duration, 0, sizeof(duration));
		duration.time = end - start;
		if (upgrade)
		{
			catalog_record_applied(rev->id, start, &duration,
								   revsql_checksum(upsql, downsql));
			graph_mark_one_applied(graph, lfirst_int(lc), start, user, &duration);
		}
		else
			catalog_forget_applied(rev->id, start, &duration);

		error_context_stack = callback.previous;

		ereport(NOTICE,
				(errmsg("%s revision %s in %.3f ms",
						upgrade ? "applied" : "reverted", revision_label(rev),
						elapsed_ms(start, end))));

		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(revcxt);
		done++;
	}

	SPI_cursor_close(portal);
	MemoryContextDelete(revcxt);
	return done;
}
