/*-------------------------------------------------------------------------
 *
 * src/catalog_cache.c
 *	  Loading the revision graph, the backend's cache of it, and the
 *	  generation that says when the cache is stale.
 *
 * The graph is loaded with one query per table and cached for as long as
 * schemamig.state's generation stays the same; every change to the tables
 * moves the generation (our own calls at their end, anything else through
 * the touch trigger).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "catalog.h"

static CatalogQuery q_generation = {
	.sql = "SELECT generation FROM schemamig.state",
	.nargs = 0
};
static CatalogQuery q_set_settled = {
	.sql = "UPDATE schemamig.state SET settled = CASE WHEN $1 THEN generation END",
	.nargs = 1,
	.argtypes = {BOOLOID}
};
static CatalogQuery q_settled = {
	.sql = "SELECT settled OPERATOR(pg_catalog.=) generation FROM schemamig.state",
	.nargs = 0
};
static CatalogQuery q_applied = {
	.sql = "SELECT revision, seq, applied_at, applied_by, duration, checksum"
	" FROM schemamig.applied",
	.nargs = 0
};

/* The backend's graph cache: valid while (relid, generation) match. */
static MemoryContext cache_cxt = NULL;
static MigGraph *cache_graph = NULL;
static Oid	cache_relid = InvalidOid;
static int64 cache_generation = 0;

/* The current generation, as a given snapshot (or the usual one) sees it. */
int64
catalog_read_generation(Snapshot snapshot)
{
	bool		isnull;
	Datum		d;

	catalog_run_query_at(&q_generation, NULL, NULL, SPI_OK_SELECT, 0, snapshot);
	if (SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("schemamig.state must hold exactly one row, but holds " UINT64_FORMAT,
						(uint64) SPI_processed),
				 errhint("Reinstall the schemamig extension.")));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	SPI_freetuptable(SPI_tuptable);
	return DatumGetInt64(d);
}

/* qsort comparator: revisions by registration order */
static int
cmp_revision_seq(const void *a, const void *b)
{
	int64		sa = ((const MigRevision *) a)->seq;
	int64		sb = ((const MigRevision *) b)->seq;

	return (sa > sb) - (sa < sb);
}

/* Load both tables and build the graph in CurrentMemoryContext. */
static MigGraph *
load_graph(Snapshot snapshot)
{
	MigRevision *revs;
	MigGraph   *graph;
	int			nrevs;
	SPITupleTable *tt;

	catalog_run_query_at(catalog_compat_query(CQ_REVISIONS),
				 NULL, NULL, SPI_OK_SELECT, 0, snapshot);
	tt = SPI_tuptable;
	nrevs = (int) SPI_processed;
	revs = palloc0(sizeof(MigRevision) * (nrevs > 0 ? nrevs : 1));
	for (int i = 0; i < nrevs; i++)
	{
		HeapTuple	tup = tt->vals[i];
		MigRevision *rev = &revs[i];
		bool		isnull;
		Datum	   *elems;
		bool	   *enulls;
		int			nelems;

		rev->id = catalog_text_column(tup, tt->tupdesc, 1, NULL);
		rev->seq = DatumGetInt64(SPI_getbinval(tup, tt->tupdesc, 2, &isnull));
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, tt->tupdesc, 3, &isnull)),
						  TEXTOID, -1, false, TYPALIGN_INT,
						  &elems, &enulls, &nelems);
		rev->nparents = nelems;
		rev->parent_ids = palloc(sizeof(char *) * (nelems > 0 ? nelems : 1));
		for (int p = 0; p < nelems; p++)
			rev->parent_ids[p] = enulls[p] ? pstrdup("") : TextDatumGetCString(elems[p]);
		rev->message = catalog_text_column(tup, tt->tupdesc, 4, NULL);
		rev->transactional = DatumGetBool(SPI_getbinval(tup, tt->tupdesc, 5, &isnull));
		rev->checksum = catalog_text_column(tup, tt->tupdesc, 6, &isnull);
		rev->author = pstrdup(NameStr(*DatumGetName(SPI_getbinval(tup, tt->tupdesc, 7, &isnull))));
	}
	/* registration order; sorting here is cheaper than ORDER BY there */
	qsort(revs, nrevs, sizeof(MigRevision), cmp_revision_seq);
	graph = graph_build(revs, nrevs);
	SPI_freetuptable(tt);

	catalog_run_query_at(&q_applied, NULL, NULL, SPI_OK_SELECT, 0, snapshot);
	tt = SPI_tuptable;
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = tt->vals[r];
		bool		isnull;
		char	   *id = catalog_text_column(tup, tt->tupdesc, 1, NULL);
		int			i = graph_find(graph, id);
		MigRevision *rev;
		char	   *checksum;

		/* the guards keep this from happening, short of replica mode */
		if (i < 0)
		{
			graph->orphans = lappend(graph->orphans, id);
			continue;
		}
		rev = &graph->revs[i];
		rev->applied = true;
		rev->applied_seq = DatumGetInt64(SPI_getbinval(tup, tt->tupdesc, 2, &isnull));
		rev->applied_at = DatumGetTimestampTz(SPI_getbinval(tup, tt->tupdesc, 3, &isnull));
		rev->applied_by = pstrdup(NameStr(*DatumGetName(SPI_getbinval(tup, tt->tupdesc, 4, &isnull))));
		rev->duration = *DatumGetIntervalP(SPI_getbinval(tup, tt->tupdesc, 5, &isnull));
		checksum = catalog_text_column(tup, tt->tupdesc, 6, &isnull);
		rev->changed = rev->checksum == NULL || checksum == NULL ||
			strcmp(rev->checksum, checksum) != 0;
		pfree(id);
	}
	graph_mark_applied(graph);
	SPI_freetuptable(tt);
	return graph;
}

/*
 * The revision graph with its applied state, as the current snapshot sees
 * it. With may_cache, it comes from the backend's cache when the generation
 * has not moved, and is cached otherwise; the migration functions plan this
 * way. Readers called from a revision's SQL while a migration runs pass
 * false: the tables are changing under an unchanged generation then, so they
 * load afresh and leave the cache (which the running call is using) alone.
 * Must be called inside SPI_connect; an uncached result lives in the
 * caller's SPI procedure context.
 */
MigGraph *
catalog_graph(bool may_cache)
{
	Oid			relid = catalog_relid("state");

	/* one snapshot for all three queries, so that they agree */
	Snapshot	snapshot = RegisterSnapshot(GetTransactionSnapshot());
	int64		generation = catalog_read_generation(snapshot);
	MigGraph   *graph;
	MemoryContext old;

	if (!may_cache)
		graph = load_graph(snapshot);
	else if (cache_graph != NULL && cache_relid == relid &&
			 cache_generation == generation)
		graph = cache_graph;
	else
	{
		if (cache_cxt == NULL)
			cache_cxt = AllocSetContextCreate(TopMemoryContext,
											  "schemamig graph cache",
											  ALLOCSET_DEFAULT_SIZES);
		cache_graph = NULL;
		MemoryContextReset(cache_cxt);
		old = MemoryContextSwitchTo(cache_cxt);
		graph = load_graph(snapshot);
		MemoryContextSwitchTo(old);
		cache_graph = graph;
		cache_relid = relid;
		cache_generation = generation;
	}
	UnregisterSnapshot(snapshot);
	return graph;
}

/*
 * Stop trusting the cached graph before changing it: should the change fail
 * half-way, the cache must not claim to match the old generation.
 */
void
catalog_forget_cache(void)
{
	cache_graph = NULL;
}

/*
 * The (sub)transaction that last moved the generation, and to what. Once
 * the generation has moved in a transaction, further changes in it need not
 * move it again: other backends see only the committed value, and this
 * backend keeps its cache in step or drops it. Updating the one state row
 * again and again would leave a chain of dead versions that every later
 * read must walk (10,000 registrations in one transaction made that
 * quadratic). If the subtransaction that moved it aborts, so did the move;
 * when it commits, the move belongs to its parent.
 */
static SubTransactionId moved_in = InvalidSubTransactionId;
static Oid	moved_relid = InvalidOid;
static int64 moved_to = 0;
static bool moved_settled = false;	/* the state row says settled */

static void
moved_xact_callback(XactEvent event, void *arg)
{
	moved_in = InvalidSubTransactionId;
}

static void
moved_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	if (mySubid != moved_in)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB)
		moved_in = InvalidSubTransactionId;
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		moved_in = parentSubid;
}

/* Called once at load (_PG_init): follow transaction ends for the above. */
void
catalog_cache_init(void)
{
	RegisterXactCallback(moved_xact_callback, NULL);
	RegisterSubXactCallback(moved_subxact_callback, NULL);
}

/*
 * Record that this call changed the tables: move the generation, so every
 * backend's cache and every stale snapshot notices (once per transaction,
 * see above). Called once, after the call's last change. When the caller
 * brought the cached graph it planned with in step with the tables
 * (add_revision appends the new revision, upgrade marks what it applied),
 * the graph stays cached under the new generation; otherwise the cache is
 * dropped.
 */
void
catalog_changed(MigGraph *in_step)
{
	Oid			relid = catalog_relid("state");
	bool		settled = in_step != NULL && catalog_tables_version() >= 4 &&
		graph_settled(in_step);
	Datum		values[2];

	cache_graph = NULL;

	/*
	 * Move it unless this very subtransaction already did: a change made in
	 * a subtransaction must be able to roll back with a generation of its
	 * own, or the cache would keep what the rollback undid.
	 */
	if (moved_in != GetCurrentSubTransactionId() || moved_relid != relid)
	{
		/* random, so that no two changes, even rolled-back ones, share one */
		if (!pg_strong_random(&moved_to, sizeof(moved_to)))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not generate a random number")));
		values[0] = Int64GetDatum(moved_to);
		values[1] = BoolGetDatum(settled);
		catalog_run_query(catalog_compat_query(CQ_SET_GENERATION),
				  values, NULL, SPI_OK_UPDATE, 0);
		moved_in = GetCurrentSubTransactionId();
		moved_relid = relid;
		moved_settled = settled;
	}
	else if (settled != moved_settled)
	{
		/* the generation stays; whether it is settled changed */
		values[0] = BoolGetDatum(settled);
		catalog_run_query(&q_set_settled, values, NULL, SPI_OK_UPDATE, 0);
		moved_settled = settled;
	}

	if (in_step != NULL && cache_cxt != NULL &&
		GetMemoryChunkContext(in_step) == cache_cxt)
	{
		cache_graph = in_step;
		cache_relid = relid;
		cache_generation = moved_to;
	}
}

/*
 * Is the state settled: every registered revision applied, one head at
 * most, nothing for verify() to report, as of the current generation? Then
 * upgrade('head') or ('heads') has nothing to do, which it can tell without
 * loading the graph: a container that migrates on every start pays one
 * read of one row.
 */
bool
catalog_settled(void)
{
	bool		isnull;
	Datum		d;

	if (catalog_tables_version() < 4)
		return false;
	catalog_run_query(&q_settled, NULL, NULL, SPI_OK_SELECT, 0);
	if (SPI_processed != 1)
		return false;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	SPI_freetuptable(SPI_tuptable);
	return !isnull && DatumGetBool(d);
}

/*
 * After a call that changed nothing: record that the state is settled when
 * the graph says so and the state row does not yet (after an update of the
 * extension, say). The generation stays, and with it the cache.
 */
void
catalog_settle(const MigGraph *graph)
{
	Datum		values[1];

	if (catalog_tables_version() < 4 || !graph_settled(graph) || catalog_settled())
		return;
	values[0] = BoolGetDatum(true);
	catalog_run_query(&q_set_settled, values, NULL, SPI_OK_UPDATE, 0);
	if (moved_in == GetCurrentSubTransactionId())
		moved_settled = true;
}

