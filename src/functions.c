/*-------------------------------------------------------------------------
 *
 * src/functions.c
 *	  The SQL-callable functions of schemamig: argument checks, the call
 *	  guard, and turning graphs and plans into result rows.
 *
 * Every function checks all of its arguments before it touches a table, and
 * every mutating call plans in full before the first revision runs, so a
 * refused call changes nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "schemamig.h"

PG_MODULE_MAGIC;

/*
 * True while upgrade(), downgrade(), downgrade_to() or add_revision() runs.
 * A revision's SQL may read schemamig's state, but starting another
 * migration from inside one would plan against a half-applied call.
 */
bool		schemamig_call_active = false;

/* A mutating call's body, run under the guard, SPI and the lock. */
typedef void (*CallBody) (void *arg);

/*
 * Run a mutating call: refuse nesting, connect SPI, take schemamig's lock,
 * run the body, and clear the guard however the body ends.
 */
static void
run_locked_call(const char *fname, CallBody body, void *arg)
{
	if (schemamig_call_active)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s cannot be called while a schemamig call is running", fname),
				 errdetail("It was called from the SQL of a revision that is being applied or reverted.")));

	schemamig_call_active = true;
	PG_TRY();
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		catalog_lock();
		body(arg);
		if (SPI_finish() != SPI_OK_FINISH)
			elog(ERROR, "SPI_finish failed");
	}
	PG_FINALLY();
	{
		schemamig_call_active = false;
	}
	PG_END_TRY();
}

/* Raise 22004 when a required argument is NULL. */
static void
require_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
			const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: %s must not be NULL", fname, argname)));
}

/*
 * Check a parents array: one dimension, no NULLs, well-formed ids, no
 * duplicates. Returns the ids.
 */
static List *
parse_parents(ArrayType *arr)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	List	   *ids = NIL;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("add_revision: parents must be a one-dimensional array")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *id;
		ListCell   *lc;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("add_revision: parents must not contain NULL")));
		id = TextDatumGetCString(elems[i]);
		check_id(id, "parent revision id");
		foreach(lc, ids)
		{
			if (strcmp(lfirst(lc), id) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("add_revision: parent \"%s\" is named twice", id)));
		}
		ids = lappend(ids, id);
	}
	return ids;
}

/* A text[] datum from a list of C strings. */
static Datum
text_array(List *strings)
{
	Datum	   *elems = palloc(sizeof(Datum) * (list_length(strings) + 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, strings)
		elems[n++] = CStringGetTextDatum(lfirst(lc));
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/* A fresh 12-hex-digit id, as Alembic makes them. */
static char *
generate_id(void)
{
	uint8		bytes[6];
	char	   *id = palloc(2 * sizeof(bytes) + 1);

	if (!pg_strong_random(bytes, sizeof(bytes)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random revision id")));
	id[hex_encode((char *) bytes, sizeof(bytes), id)] = '\0';
	return id;
}

typedef struct AddArgs
{
	char	   *id;				/* NULL: generate one */
	List	   *parents;		/* NIL with parents_given false: the head */
	bool		parents_given;
	const char *message;
	const char *upgrade;
	const char *downgrade;
	bool		transactional;
	MemoryContext resultcxt;
} AddArgs;

static void
add_revision_body(void *arg)
{
	AddArgs    *a = (AddArgs *) arg;
	MigGraph   *graph = catalog_graph(true);
	char	   *id = a->id;
	List	   *parents = a->parents;
	ListCell   *lc;

	if (id == NULL)
	{
		do
			id = generate_id();
		while (graph_find(graph, id) >= 0);
	}
	else if (graph_find(graph, id) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("revision \"%s\" already exists", id)));

	if (!a->parents_given)
	{
		int			head = single_head(graph, "add_revision with parents => NULL",
									   "Pass parents explicitly; naming every head makes a merge revision.");

		if (head >= 0)
			parents = list_make1(graph->revs[head].id);
	}
	else
	{
		foreach(lc, parents)
		{
			if (graph_find(graph, lfirst(lc)) < 0)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_OBJECT),
						 errmsg("parent revision \"%s\" does not exist", (char *) lfirst(lc)),
						 errhint("Register parents before their children.")));
		}
	}

	catalog_forget_cache();
	catalog_insert_revision(id, text_array(parents), a->message, a->upgrade,
							a->downgrade, a->transactional,
							revsql_checksum(a->upgrade, a->downgrade));
	graph_append(graph, id, a->message, parents, a->transactional);
	catalog_changed(graph);
	a->id = MemoryContextStrdup(a->resultcxt, id);
}

/*
 * add_revision(id, upgrade, downgrade, parents, message, transactional)
 * Register a revision and return its id. The SQL is parsed now, so syntax
 * errors and transaction control are refused at registration, not at
 * deployment.
 */
PG_FUNCTION_INFO_V1(add_revision);
Datum
add_revision(PG_FUNCTION_ARGS)
{
	AddArgs		a;
	const char *checked_id;

	require_arg(fcinfo, 1, "add_revision", "upgrade");
	require_arg(fcinfo, 4, "add_revision", "message");
	require_arg(fcinfo, 5, "add_revision", "transactional");

	a.id = PG_ARGISNULL(0) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(0));
	a.upgrade = text_to_cstring(PG_GETARG_TEXT_PP(1));
	a.downgrade = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));
	a.parents_given = !PG_ARGISNULL(3);
	a.parents = a.parents_given ? parse_parents(PG_GETARG_ARRAYTYPE_P(3)) : NIL;
	a.message = text_to_cstring(PG_GETARG_TEXT_PP(4));
	a.transactional = PG_GETARG_BOOL(5);
	a.resultcxt = CurrentMemoryContext;

	if (a.id != NULL)
		check_id(a.id, "revision id");
	checked_id = a.id ? a.id : "(new)";
	if (revsql_split(a.upgrade, checked_id, "upgrade") == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("add_revision: upgrade SQL is empty"),
				 errdetail("It holds no statement, only white space or comments."),
				 errhint("A revision that changes nothing is not useful; write the SQL first.")));
	if (a.downgrade != NULL)
		(void) revsql_split(a.downgrade, checked_id, "downgrade");

	run_locked_call("add_revision", add_revision_body, &a);
	PG_RETURN_TEXT_P(cstring_to_text(a.id));
}

/* What an upgrade, downgrade or downgrade_to call plans and runs. */
typedef struct MigrateArgs
{
	bool		upgrade;
	MigTarget	target;			/* upgrade, downgrade_to */
	int			n;				/* downgrade */
	bool		by_count;		/* downgrade(n) rather than downgrade_to */
	int			done;
} MigrateArgs;

static void
migrate_body(void *arg)
{
	MigrateArgs *a = (MigrateArgs *) arg;
	MigGraph   *graph = catalog_graph(true);
	List	   *plan;

	graph_require_consistent(graph);
	if (a->upgrade)
		plan = plan_upgrade(graph, &a->target);
	else if (a->by_count)
		plan = plan_downgrade_n(graph, a->n);
	else
		plan = plan_downgrade_to(graph, &a->target);

	plan_require_transactional(graph, plan, a->upgrade);
	if (!a->upgrade && plan != NIL)
		catalog_require_reversible(graph, plan);

	a->done = execute_plan(graph, plan, a->upgrade);
	if (a->done > 0)
		catalog_changed(NULL);
}

/* upgrade(target): apply pending revisions up to target. */
PG_FUNCTION_INFO_V1(upgrade);
Datum
upgrade(PG_FUNCTION_ARGS)
{
	MigrateArgs a = {0};

	require_arg(fcinfo, 0, "upgrade", "target");
	a.upgrade = true;
	a.target = parse_target(text_to_cstring(PG_GETARG_TEXT_PP(0)), false);
	run_locked_call("upgrade", migrate_body, &a);
	PG_RETURN_INT32(a.done);
}

/* downgrade(n): revert the n most recently applied revisions. */
PG_FUNCTION_INFO_V1(downgrade);
Datum
downgrade(PG_FUNCTION_ARGS)
{
	MigrateArgs a = {0};

	require_arg(fcinfo, 0, "downgrade", "n");
	a.n = PG_GETARG_INT32(0);
	if (a.n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("downgrade: n must not be negative, but is %d", a.n)));
	a.by_count = true;
	run_locked_call("downgrade", migrate_body, &a);
	PG_RETURN_INT32(a.done);
}

/* downgrade_to(target): revert everything that is not target or before it. */
PG_FUNCTION_INFO_V1(downgrade_to);
Datum
downgrade_to(PG_FUNCTION_ARGS)
{
	MigrateArgs a = {0};

	require_arg(fcinfo, 0, "downgrade_to", "target");
	a.target = parse_target(text_to_cstring(PG_GETARG_TEXT_PP(0)), true);
	run_locked_call("downgrade_to", migrate_body, &a);
	PG_RETURN_INT32(a.done);
}

/*
 * Set up a materialized result set. Written out rather than using
 * InitMaterializedSRF() so the same code builds on PostgreSQL 13 and 14.
 */
static Tuplestorestate *
begin_result_set(FunctionCallInfo fcinfo, TupleDesc *desc)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;
	TupleDesc	tupdesc;
	Tuplestorestate *store;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	*desc = CreateTupleDescCopy(tupdesc);
	store = tuplestore_begin_heap(true, false, work_mem);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = *desc;
	MemoryContextSwitchTo(old);
	return store;
}

/* Connect SPI and load the graph for a reading function. */
static MigGraph *
read_graph(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	return catalog_graph(!schemamig_call_active);
}

static void
finish_read(void)
{
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/* history(): every registered revision, in apply order. */
PG_FUNCTION_INFO_V1(history);
Datum
history(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	TupleDesc	desc;
	Tuplestorestate *store = begin_result_set(fcinfo, &desc);
	MigGraph   *graph = read_graph();
	bool	   *is_current = palloc0(sizeof(bool) * (graph->nrevs + 1));
	ListCell   *lc;
	MemoryContext spicxt;

	foreach(lc, graph_current(graph))
		is_current[lfirst_int(lc)] = true;

	spicxt = MemoryContextSwitchTo(callcxt);
	for (int k = 0; k < graph->nrevs; k++)
	{
		int			i = graph->order[k];
		MigRevision *rev = &graph->revs[i];
		Datum		values[9];
		bool		nulls[9] = {0};
		List	   *parents = NIL;

		for (int p = 0; p < rev->nparents; p++)
			parents = lappend(parents, rev->parent_ids[p]);
		values[0] = CStringGetTextDatum(rev->id);
		values[1] = text_array(parents);
		values[2] = CStringGetTextDatum(rev->message);
		values[3] = BoolGetDatum(rev->applied);
		if (rev->applied)
		{
			values[4] = TimestampTzGetDatum(rev->applied_at);
			values[5] = CStringGetDatum(rev->applied_by);
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
	result = text_array(ids);
	MemoryContextSwitchTo(old);
	return result;
}

/* current(): applied revisions with no applied child, ordered by id. */
PG_FUNCTION_INFO_V1(current);
Datum
current(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigGraph   *graph = read_graph();
	Datum		result = id_array(graph, graph_current(graph), callcxt);

	finish_read();
	PG_RETURN_DATUM(result);
}

/* heads(): registered revisions with no child, ordered by id. */
PG_FUNCTION_INFO_V1(heads);
Datum
heads(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigGraph   *graph = read_graph();
	Datum		result = id_array(graph, graph_heads(graph), callcxt);

	finish_read();
	PG_RETURN_DATUM(result);
}

/* pending(target): what upgrade(target) would apply, in order. */
PG_FUNCTION_INFO_V1(pending);
Datum
pending(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	MigTarget	target;
	TupleDesc	desc;
	Tuplestorestate *store;
	MigGraph   *graph;
	List	   *plan;
	ListCell   *lc;
	MemoryContext spicxt;

	require_arg(fcinfo, 0, "pending", "target");
	target = parse_target(text_to_cstring(PG_GETARG_TEXT_PP(0)), false);
	store = begin_result_set(fcinfo, &desc);
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
 * Trigger on schemamig.revision and schemamig.applied: a change that did
 * not come from one of our calls (which move the generation themselves)
 * moves it here, so caches and stale snapshots notice.
 */
PG_FUNCTION_INFO_V1(schemamig_touch);
Datum
schemamig_touch(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("schemamig.touch() must be called as a trigger")));
	if (!schemamig_call_active)
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		catalog_changed(NULL);
		if (SPI_finish() != SPI_OK_FINISH)
			elog(ERROR, "SPI_finish failed");
	}
	return PointerGetDatum(NULL);
}
