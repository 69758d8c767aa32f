/*-------------------------------------------------------------------------
 *
 * src/readers.c
 *	  The SQL-callable functions that only read: history, current, heads,
 *	  pending, downgrade_plan and verify.
 *
 * They take no lock and use the backend's cached graph, so they never wait
 * for a migration and cost little at any size.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/*
 * Set up a materialized result set. Written out rather than using
 * InitMaterializedSRF(), which takes only a row type: a one-column TABLE
 * (statements()) comes back as a scalar.
 */
Tuplestorestate *
schemamig_result_set(FunctionCallInfo fcinfo, TupleDesc *desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	TupleDesc	tupdesc;
	Oid			rettype;
	Tuplestorestate *store;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	switch (get_call_result_type(fcinfo, &rettype, &tupdesc))
	{
		case TYPEFUNC_COMPOSITE:
			break;
		case TYPEFUNC_SCALAR:
			/* a one-column TABLE is returned as a set of its type */
			tupdesc = CreateTemplateTupleDesc(1);
			TupleDescInitEntry(tupdesc, 1, "result", rettype, -1, 0);
			break;
		default:
			elog(ERROR, "return type must be a row type");
	}

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*desc = CreateTupleDescCopy(tupdesc);
	store = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = *desc;
	MemoryContextSwitchTo(old);
	return store;
}

/*
 * Connect SPI and load the graph for a reading function. Fresh, not from
 * the backend's cache, for verify(), which finds the writes made around the
 * guards: the cache follows the generation, which statement triggers move,
 * and rows written without them (a subscription's, a restore's with the
 * triggers off) leave it as it was.
 */
static MigGraph *
read_graph_as(bool fresh)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	return catalog_graph(!fresh && !schemamig_call_active);
}

static MigGraph *
read_graph(void)
{
	return read_graph_as(false);
}

static void
finish_read(void)
{
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/* history(): every registered revision, in apply order. */
PG_FUNCTION_INFO_V1(schemamig_history);
Datum
schemamig_history(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	MigGraph   *graph = read_graph();
	bool	   *is_current = palloc0(sizeof(bool) * (graph->nrevs + 1));
	ListCell   *lc;
	MemoryContext spicxt;
	MemoryContext rowcxt;

	foreach(lc, graph_current(graph))
		is_current[lfirst_int(lc)] = true;

	/* a row's values only until the store has copied them */
	rowcxt = AllocSetContextCreate(callcxt, "schemamig history row", ALLOCSET_SMALL_SIZES);
	spicxt = MemoryContextSwitchTo(rowcxt);
	for (int k = 0; k < graph->nrevs; k++)
	{
		int			i = graph->order[k];
		MigRevision *rev = &graph->revs[i];
		Datum		values[9];
		bool		nulls[9] = {0};
		List	   *parents = NIL;

		MemoryContextReset(rowcxt);

		for (int p = 0; p < rev->nparents; p++)
			parents = lappend(parents, rev->parent_ids[p]);
		values[0] = CStringGetTextDatum(rev->id);
		values[1] = schemamig_text_array(parents);
		values[2] = CStringGetTextDatum(rev->message);
		values[3] = BoolGetDatum(rev->applied);
		if (rev->applied)
		{
			values[4] = TimestampTzGetDatum(rev->applied_at);
			values[5] = DirectFunctionCall1(namein, CStringGetDatum(rev->applied_by));
			values[6] = IntervalPGetDatum(&rev->duration);
		}
		else
			nulls[4] = nulls[5] = nulls[6] = true;
		values[7] = BoolGetDatum(rev->nchildren == 0);
		values[8] = BoolGetDatum(is_current[i]);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	MemoryContextSwitchTo(spicxt);
	MemoryContextDelete(rowcxt);
	finish_read();
	return (Datum) 0;
}

/* A text[] of revision ids, allocated in cxt. */
static Datum
id_array(const MigGraph *graph, List *indexes, MemoryContext cxt)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	List	   *ids = NIL;
	ListCell   *lc;
	Datum		result;

	foreach(lc, indexes)
		ids = lappend(ids, graph->revs[lfirst_int(lc)].id);
	result = schemamig_text_array(ids);
	MemoryContextSwitchTo(old);
	return result;
}

/* current(): applied revisions with no applied child, ordered by id. */
PG_FUNCTION_INFO_V1(schemamig_current);
Datum
schemamig_current(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigGraph   *graph = read_graph();
	Datum		result = id_array(graph, graph_current(graph), callcxt);

	finish_read();
	PG_RETURN_DATUM(result);
}

/* heads(): registered revisions with no child, ordered by id. */
PG_FUNCTION_INFO_V1(schemamig_heads);
Datum
schemamig_heads(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigGraph   *graph = read_graph();
	Datum		result = id_array(graph, graph_heads(graph), callcxt);

	finish_read();
	PG_RETURN_DATUM(result);
}

/* pending(target): what upgrade(target) would apply, in order. */
PG_FUNCTION_INFO_V1(schemamig_pending);
Datum
schemamig_pending(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigTarget	target;
	TupleDesc	desc;
	Tuplestorestate *store;
	MigGraph   *graph;
	List	   *plan;
	ListCell   *lc;
	MemoryContext spicxt;

	target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "pending", "target"),
						  TARGETS_UPGRADE, "upgrade");
	store = schemamig_result_set(fcinfo, &desc);
	graph = read_graph();
	graph_require_consistent(graph);
	plan = plan_upgrade(graph, &target);

	spicxt = MemoryContextSwitchTo(callcxt);
	foreach(lc, plan)
	{
		MigRevision *rev = &graph->revs[lfirst_int(lc)];
		Datum		values[2];
		bool		nulls[2] = {0};

		values[0] = CStringGetTextDatum(rev->id);
		values[1] = CStringGetTextDatum(rev->message);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	MemoryContextSwitchTo(spicxt);
	finish_read();
	return (Datum) 0;
}

/*
 * downgrade_plan(n) and downgrade_plan(target): what downgrade(n) and
 * downgrade_to(target) would revert, in that order, refused for the same
 * reasons (but for non-transactional revisions, which are listed as such:
 * the command-line client reverts those itself). The client shows and
 * runs exactly this plan rather than walking the graph on its own.
 */
static Datum
downgrade_plan(FunctionCallInfo fcinfo, bool by_count)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigTarget	target = {0};
	int			n = 0;
	TupleDesc	desc;
	Tuplestorestate *store;
	MigGraph   *graph;
	List	   *plan;
	ListCell   *lc;
	MemoryContext spicxt;

	if (by_count)
	{
		schemamig_require_arg(fcinfo, 0, "downgrade_plan", "n");
		n = PG_GETARG_INT32(0);
		if (n < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("downgrade_plan: n must not be negative, but is %d", n)));
	}
	else
		target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "downgrade_plan", "target"),
							  TARGETS_DOWNGRADE, "downgrade");
	store = schemamig_result_set(fcinfo, &desc);
	graph = read_graph();
	graph_require_consistent(graph);
	plan = by_count ? plan_downgrade_n(graph, n) : plan_downgrade_to(graph, &target);
	if (plan != NIL)
	{
		catalog_require_unchanged(graph, plan);
		catalog_require_reversible(graph, plan);
	}

	spicxt = MemoryContextSwitchTo(callcxt);
	foreach(lc, plan)
	{
		MigRevision *rev = &graph->revs[lfirst_int(lc)];
		Datum		values[3];
		bool		nulls[3] = {0};

		values[0] = CStringGetTextDatum(rev->id);
		values[1] = CStringGetTextDatum(rev->message);
		values[2] = BoolGetDatum(rev->transactional);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	MemoryContextSwitchTo(spicxt);
	finish_read();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(schemamig_downgrade_plan_n);
Datum
schemamig_downgrade_plan_n(PG_FUNCTION_ARGS)
{
	return downgrade_plan(fcinfo, true);
}

PG_FUNCTION_INFO_V1(schemamig_downgrade_plan_to);
Datum
schemamig_downgrade_plan_to(PG_FUNCTION_ARGS)
{
	return downgrade_plan(fcinfo, false);
}

/*
 * verify(): problems with the applied revisions, then with the triggers that
 * guard them; no rows when all is well.
 */
PG_FUNCTION_INFO_V1(schemamig_verify);
Datum
schemamig_verify(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	MigGraph   *graph = read_graph_as(true);
	List	   *problems = graph_verify_problems(graph);
	ListCell   *lc;
	MemoryContext spicxt = MemoryContextSwitchTo(callcxt);

	foreach(lc, problems)
	{
		MigProblem *p = lfirst(lc);
		Datum		values[2];
		bool		nulls[2] = {0};

		/* a trigger's problem names no revision */
		nulls[0] = p->revision == NULL;
		values[0] = p->revision ? CStringGetTextDatum(p->revision) : (Datum) 0;
		values[1] = CStringGetTextDatum(p->problem);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	MemoryContextSwitchTo(spicxt);
	finish_read();
	return (Datum) 0;
}

/*
 * statements(sql): the statements of a text as the server's parser splits
 * it, refusing what revisions may not hold. The command-line client runs a
 * non-transactional revision's statements one by one with it, without a
 * second SQL lexer of its own.
 */
PG_FUNCTION_INFO_V1(schemamig_statements);
Datum
schemamig_statements(PG_FUNCTION_ARGS)
{
	char	   *sql = schemamig_arg_text(fcinfo, 0, "statements", "sql");
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	ListCell   *lc;

	foreach(lc, revsql_split(sql, "SQL given to schemamig.statements()"))
	{
		Datum		values[1];
		bool		nulls[1] = {0};

		values[0] = CStringGetTextDatum(((RevStatement *) lfirst(lc))->text);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}
