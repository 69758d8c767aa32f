/*-------------------------------------------------------------------------
 *
 * src/catalog.c
 *	  Reading and writing schemamig's tables through SPI, the lock that
 *	  serializes migrations, and the backend's cache of the revision graph.
 *
 * Every query here is a saved plan over fully qualified names, with values
 * passed as parameters, so a user's objects on the search_path cannot change
 * what it does. Every query runs as the owner of schemamig's tables: roles
 * that migrate change the tables only through schemamig's functions, never
 * directly, so the bookkeeping needs privileges they do not have. The role
 * that called is passed as a value where a row records who acted. The graph is loaded with one query per table and cached
 * for as long as schemamig.state's generation stays the same; every change
 * to the tables moves the generation (our own calls at their end, anything
 * else through the touch trigger).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/* A query of ours, planned once per backend and kept. */
typedef struct CatalogQuery
{
	const char *sql;
	int			nargs;
	Oid			argtypes[8];
	SPIPlanPtr	plan;
} CatalogQuery;

static CatalogQuery q_generation = {
	.sql = "SELECT generation FROM schemamig.state",
	.nargs = 0
};
static CatalogQuery q_set_generation = {
	.sql = "UPDATE schemamig.state SET generation = $1,"
	" settled = CASE WHEN $2 THEN $1 END",
	.nargs = 2,
	.argtypes = {INT8OID, BOOLOID}
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
/*
 * Since 0.5.0 the state row also keeps, whenever it says settled, the
 * digest of the registered revisions (state.synced; see digest.c), and
 * NULL otherwise.
 */
static CatalogQuery q_set_generation_v5 = {
	.sql = "UPDATE schemamig.state SET generation = $1,"
	" settled = CASE WHEN $2 THEN $1 END, synced = CASE WHEN $2 THEN $3 END",
	.nargs = 3,
	.argtypes = {INT8OID, BOOLOID, TEXTOID}
};
static CatalogQuery q_set_settled_v5 = {
	.sql = "UPDATE schemamig.state SET settled = CASE WHEN $1 THEN generation END,"
	" synced = CASE WHEN $1 THEN $2 END",
	.nargs = 2,
	.argtypes = {BOOLOID, TEXTOID}
};
/* settled, and with its digest: an update from 0.4.0 leaves it out */
static CatalogQuery q_settled_v5 = {
	.sql = "SELECT settled OPERATOR(pg_catalog.=) generation AND synced IS NOT NULL FROM schemamig.state",
	.nargs = 0
};
static CatalogQuery q_synced = {
	.sql = "SELECT synced FROM schemamig.state",
	.nargs = 0
};
static CatalogQuery q_revisions = {
	.sql = "SELECT id, seq, parents, message, transactional, checksum, author"
	" FROM schemamig.revision",
	.nargs = 0
};
static CatalogQuery q_applied = {
	.sql = "SELECT revision, seq, applied_at, applied_by, duration, checksum"
	" FROM schemamig.applied",
	.nargs = 0
};
static CatalogQuery q_insert_revision = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by, author)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
	.nargs = 7,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID}
};

/*
 * Older versions of the tables, which this library keeps serving until ALTER
 * EXTENSION schemamig UPDATE. Before 0.4.0 there is no author column: the
 * role that registered a revision is its author. Before 0.2.0 the checksum
 * is written by add_revision, and there is no log.
 */
static CatalogQuery q_set_generation_v3 = {
	.sql = "UPDATE schemamig.state SET generation = $1",
	.nargs = 1,
	.argtypes = {INT8OID}
};
static CatalogQuery q_revisions_v3 = {
	.sql = "SELECT id, seq, parents, message, transactional, checksum, registered_by"
	" FROM schemamig.revision",
	.nargs = 0
};
static CatalogQuery q_insert_revision_v3 = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)",
	.nargs = 7,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID}
};
static CatalogQuery q_insert_revision_v1 = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by, checksum)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	.nargs = 8,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID, TEXTOID}
};
static CatalogQuery q_insert_applied_v1 = {
	.sql = "INSERT INTO schemamig.applied"
	" (revision, applied_at, applied_by, duration, checksum)"
	" VALUES ($1, $2, $5, $3, $4)",
	.nargs = 5,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, TEXTOID, NAMEOID}
};
static CatalogQuery q_delete_applied_v1 = {
	.sql = "DELETE FROM schemamig.applied WHERE revision OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {TEXTOID}
};

static CatalogQuery q_insert_applied = {
	.sql = "WITH a AS (INSERT INTO schemamig.applied"
	" (revision, applied_at, applied_by, duration, checksum)"
	" VALUES ($1, $2, $5, $3, $4)"
	" RETURNING revision, applied_at, applied_by, duration)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'upgrade', revision, applied_at, applied_by, duration FROM a",
	.nargs = 5,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, TEXTOID, NAMEOID}
};
static CatalogQuery q_delete_applied = {
	.sql = "WITH d AS (DELETE FROM schemamig.applied"
	" WHERE revision OPERATOR(pg_catalog.=) $1 RETURNING revision)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'downgrade', revision, $2, $4, $3 FROM d",
	.nargs = 4,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, NAMEOID}
};
static CatalogQuery q_stamp_add = {
	.sql = "WITH a AS (INSERT INTO schemamig.applied"
	" (revision, applied_at, applied_by, duration, checksum)"
	" SELECT r.id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval, r.checksum"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id ORDER BY u.ord"
	" RETURNING revision, applied_at, applied_by, duration, seq)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'stamp', revision, applied_at, applied_by, duration FROM a ORDER BY seq",
	.nargs = 2,
	.argtypes = {TEXTARRAYOID, NAMEOID}
};
static CatalogQuery q_stamp_remove = {
	.sql = "WITH d AS (DELETE FROM schemamig.applied"
	" WHERE revision OPERATOR(pg_catalog.=) ANY ($1) RETURNING revision)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'stamp', u.id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" WHERE u.id OPERATOR(pg_catalog.=) ANY (SELECT revision FROM d) ORDER BY u.ord",
	.nargs = 2,
	.argtypes = {TEXTARRAYOID, NAMEOID}
};
static CatalogQuery q_remove_revision = {
	.sql = "WITH d AS (DELETE FROM schemamig.revision"
	" WHERE id OPERATOR(pg_catalog.=) $1 RETURNING id)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'remove', id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval FROM d",
	.nargs = 2,
	.argtypes = {TEXTOID, NAMEOID}
};
static CatalogQuery q_is_applied = {
	.sql = "SELECT 1 FROM schemamig.applied WHERE revision OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {TEXTOID}
};
static CatalogQuery q_any_applied = {
	.sql = "SELECT 1 FROM schemamig.applied LIMIT 1",
	.nargs = 0
};
static CatalogQuery q_irreversible = {
	.sql = "SELECT u.id FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
	" WHERE r.downgrade IS NULL ORDER BY u.ord LIMIT 1",
	.nargs = 1,
	.argtypes = {TEXTARRAYOID}
};
static CatalogQuery q_sql = {
	.sql = "SELECT r.id, r.upgrade, r.downgrade"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
	" ORDER BY u.ord",
	.nargs = 1,
	.argtypes = {TEXTARRAYOID}
};

/* schemamig.lock_wait_timeout, in ms: -1 waits without limit */
int			schemamig_lock_wait_timeout = -1;

/* The backend's graph cache: valid while (relid, generation) match. */
static MemoryContext cache_cxt = NULL;
static MigGraph *cache_graph = NULL;
static Oid	cache_relid = InvalidOid;
static int64 cache_generation = 0;

/* The query's saved plan, prepared on first use. */
static SPIPlanPtr
query_plan(CatalogQuery *q)
{
	if (q->plan == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(q->sql, q->nargs, q->argtypes);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s",
				 q->sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		q->plan = plan;
	}
	return q->plan;
}

/* OID of one of schemamig's tables. */
static Oid
schemamig_relid(const char *relname)
{
	Oid			nspid = get_namespace_oid("schemamig", false);
	Oid			relid = get_relname_relid(relname, nspid);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"schemamig.%s\" does not exist", relname),
				 errhint("The schemamig extension may be damaged; reinstall it.")));
	return relid;
}

/* The role that owns schemamig's tables, and so may write them. */
static Oid
tables_owner(void)
{
	Oid			relid = schemamig_relid("state");
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * Run fn(arg) as the owner of schemamig's tables, with the guards told that
 * it is schemamig's own bookkeeping (see schemamig_bookkeeping). The
 * security context the caller runs in (a revision's security-restricted
 * operation, say) is kept; both are restored however fn ends.
 */
static void
as_owner(void (*fn) (void *), void *arg)
{
	Oid			save_userid;
	int			save_sec_context;
	bool		save_bookkeeping = schemamig_bookkeeping;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(tables_owner(),
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	schemamig_bookkeeping = true;
	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
		schemamig_bookkeeping = save_bookkeeping;
	}
	PG_END_TRY();
}

/* One query's arguments and result code, for as_owner. */
typedef struct QueryCall
{
	CatalogQuery *q;
	Datum	   *values;
	const char *nulls;
	long		tcount;
	Snapshot	snapshot;
	int			rc;
} QueryCall;

static void
execute_query(void *arg)
{
	QueryCall  *c = (QueryCall *) arg;

	if (c->snapshot == InvalidSnapshot)
		c->rc = SPI_execute_plan(query_plan(c->q), c->values, c->nulls,
								 false, c->tcount);
	else
		c->rc = SPI_execute_snapshot(query_plan(c->q), c->values, c->nulls,
									 c->snapshot, InvalidSnapshot, true,
									 false, c->tcount);
}

/*
 * Run a saved query; raise unless SPI returns the expected code. With a
 * snapshot, the query reads as of that snapshot (and must only read).
 */
static void
run_query_at(CatalogQuery *q, Datum *values, const char *nulls, int expected,
			 long tcount, Snapshot snapshot)
{
	MemoryContext cxt = CurrentMemoryContext;
	QueryCall	call = {q, values, nulls, tcount, snapshot, 0};

	as_owner(execute_query, &call);

	/* SPI leaves us in its procedure context; callers expect their own */
	MemoryContextSwitchTo(cxt);

	if (call.rc != expected)
		elog(ERROR, "SPI_execute_plan failed for \"%s\": %s",
			 q->sql, SPI_result_code_string(call.rc));
}

/* The calling role's name, as a datum, for the rows that record it. */
static Datum
caller_name(void)
{
	return DirectFunctionCall1(namein,
							   CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
}

/* Run a saved query under the usual snapshot. */
static void
run_query(CatalogQuery *q, Datum *values, const char *nulls, int expected,
		  long tcount)
{
	run_query_at(q, values, nulls, expected, tcount, InvalidSnapshot);
}

/*
 * Which version of the tables is installed: 1 before 0.2.0 (no log), 3
 * before 0.4.0 (no author), 4 before 0.5.0 (no state.synced), 5 since. The
 * library uses the queries written for them.
 */
static int
tables_version(void)
{
	Oid			nspid = get_namespace_oid("schemamig", false);
	Oid			relid = get_relname_relid("revision", nspid);

	if (!OidIsValid(get_relname_relid("log", nspid)))
		return 1;
	if (get_attnum(relid, "author") == InvalidAttrNumber)
		return 3;
	if (get_attnum(get_relname_relid("state", nspid), "synced") == InvalidAttrNumber)
		return 4;
	return 5;
}

/* The current generation, as a given snapshot (or the usual one) sees it. */
static int64
read_generation(Snapshot snapshot)
{
	bool		isnull;
	Datum		d;

	run_query_at(&q_generation, NULL, NULL, SPI_OK_SELECT, 0, snapshot);
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

/* Say which wait a lock timeout interrupted. */
static void
lock_wait_error_callback(void *arg)
{
	errcontext("waiting for schemamig's migration lock (schemamig.lock_wait_timeout = %d ms)",
			   schemamig_lock_wait_timeout);
}

/*
 * Take the lock that serializes upgrade, downgrade, downgrade_to and
 * add_revision: an EXCLUSIVE lock on schemamig.state, which blocks the
 * other migrators but no reader. Under READ COMMITTED the queries after it
 * see what the previous holder committed. Under REPEATABLE READ or
 * SERIALIZABLE they would not, so a caller whose snapshot predates the
 * latest change fails with 40001 instead of applying anything twice.
 */
void
catalog_lock(void)
{
	Oid			relid = schemamig_relid("state");

	if (schemamig_lock_wait_timeout == 0)
	{
		if (!ConditionalLockRelationOid(relid, ExclusiveLock))
			ereport(ERROR,
					(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
					 errmsg("could not obtain schemamig's migration lock"),
					 errdetail("Another session is registering, applying or reverting revisions, and schemamig.lock_wait_timeout is 0."),
					 errhint("Try again when it is done, or raise schemamig.lock_wait_timeout.")));
	}
	else
	{
		/*
		 * The caller's lock_timeout is meant for the revisions' DDL, not for
		 * waiting on another deployer: wait by our own setting instead, and
		 * give the revisions theirs back.
		 */
		int			saved = LockTimeout;
		ErrorContextCallback callback;

		callback.callback = lock_wait_error_callback;
		callback.arg = NULL;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		LockTimeout = schemamig_lock_wait_timeout > 0 ? schemamig_lock_wait_timeout : 0;
		PG_TRY();
		{
			LockRelationOid(relid, ExclusiveLock);
		}
		PG_FINALLY();
		{
			LockTimeout = saved;
		}
		PG_END_TRY();
		/* after PG_END_TRY, which restores the stack as PG_TRY found it */
		error_context_stack = callback.previous;
	}

	if (IsolationUsesXactSnapshot() &&
		read_generation(InvalidSnapshot) != read_generation(GetLatestSnapshot()))
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to a concurrent schemamig change"),
				 errdetail("Another transaction changed the revisions or the applied set after this transaction's snapshot was taken."),
				 errhint("Retry the transaction.")));
}

/* Copy a text column of the current SPI row into CurrentMemoryContext. */
static char *
text_column(HeapTuple tuple, TupleDesc desc, int col, bool *isnull)
{
	bool		null;
	Datum		d = SPI_getbinval(tuple, desc, col, &null);

	if (isnull)
		*isnull = null;
	return null ? NULL : TextDatumGetCString(d);
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

	run_query_at(tables_version() >= 4 ? &q_revisions : &q_revisions_v3,
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

		rev->id = text_column(tup, tt->tupdesc, 1, NULL);
		rev->seq = DatumGetInt64(SPI_getbinval(tup, tt->tupdesc, 2, &isnull));
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, tt->tupdesc, 3, &isnull)),
						  TEXTOID, -1, false, TYPALIGN_INT,
						  &elems, &enulls, &nelems);
		rev->nparents = nelems;
		rev->parent_ids = palloc(sizeof(char *) * (nelems > 0 ? nelems : 1));
		for (int p = 0; p < nelems; p++)
			rev->parent_ids[p] = enulls[p] ? pstrdup("") : TextDatumGetCString(elems[p]);
		rev->message = text_column(tup, tt->tupdesc, 4, NULL);
		rev->transactional = DatumGetBool(SPI_getbinval(tup, tt->tupdesc, 5, &isnull));
		rev->checksum = text_column(tup, tt->tupdesc, 6, &isnull);
		rev->author = pstrdup(NameStr(*DatumGetName(SPI_getbinval(tup, tt->tupdesc, 7, &isnull))));
	}
	/* registration order; sorting here is cheaper than ORDER BY there */
	qsort(revs, nrevs, sizeof(MigRevision), cmp_revision_seq);
	graph = graph_build(revs, nrevs);
	SPI_freetuptable(tt);

	run_query_at(&q_applied, NULL, NULL, SPI_OK_SELECT, 0, snapshot);
	tt = SPI_tuptable;
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = tt->vals[r];
		bool		isnull;
		char	   *id = text_column(tup, tt->tupdesc, 1, NULL);
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
		checksum = text_column(tup, tt->tupdesc, 6, &isnull);
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
	Oid			relid = schemamig_relid("state");

	/* one snapshot for all three queries, so that they agree */
	Snapshot	snapshot = RegisterSnapshot(GetTransactionSnapshot());
	int64		generation = read_generation(snapshot);
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
static char *moved_synced = NULL;	/* and has this digest (TopMemoryContext) */

/* Remember the digest the state row now holds, for the calls that follow. */
static void
remember_synced(const char *digest)
{
	if (moved_synced)
		pfree(moved_synced);
	moved_synced = digest ? MemoryContextStrdup(TopMemoryContext, digest) : NULL;
}

/* Do two digests, either NULL, differ? */
static bool
digests_differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

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

/* Called once at load: follow transaction ends for the above. */
void
catalog_init(void)
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
	Oid			relid = schemamig_relid("state");
	int			version = tables_version();
	bool		settled = in_step != NULL && version >= 4 &&
		graph_settled(in_step);
	char	   *synced = settled && version >= 5 ? graph_digest(in_step) : NULL;
	Datum		values[3];
	char		nulls[3] = {' ', ' ', synced ? ' ' : 'n'};

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
		values[2] = synced ? CStringGetTextDatum(synced) : (Datum) 0;
		run_query(version >= 5 ? &q_set_generation_v5 :
				  version >= 4 ? &q_set_generation : &q_set_generation_v3,
				  values, nulls, SPI_OK_UPDATE, 0);
		moved_in = GetCurrentSubTransactionId();
		moved_relid = relid;
		moved_settled = settled;
		remember_synced(synced);
	}
	else if (settled != moved_settled || digests_differ(synced, moved_synced))
	{
		/* the generation stays; whether it is settled, or its digest, changed */
		values[0] = BoolGetDatum(settled);
		values[1] = synced ? CStringGetTextDatum(synced) : (Datum) 0;
		nulls[0] = ' ';
		nulls[1] = synced ? ' ' : 'n';
		run_query(version >= 5 ? &q_set_settled_v5 : &q_set_settled, values,
				  version >= 5 ? nulls : NULL, SPI_OK_UPDATE, 0);
		moved_settled = settled;
		remember_synced(synced);
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
	int			version = tables_version();

	if (version < 4)
		return false;
	run_query(version >= 5 ? &q_settled_v5 : &q_settled, NULL, NULL, SPI_OK_SELECT, 0);
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
	int			version = tables_version();
	Datum		values[2];
	char	   *synced = NULL;

	if (version < 4 || !graph_settled(graph))
		return;
	if (version >= 5)
	{
		bool		isnull;
		Datum		d;
		bool		same;

		/* the digest too: after an update of the extension it is missing */
		synced = graph_digest(graph);
		run_query(&q_synced, NULL, NULL, SPI_OK_SELECT, 0);
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		same = !digests_differ(synced, isnull ? NULL : TextDatumGetCString(d));
		SPI_freetuptable(SPI_tuptable);
		if (same && catalog_settled())
			return;
	}
	else if (catalog_settled())
		return;
	values[0] = BoolGetDatum(true);
	values[1] = synced ? CStringGetTextDatum(synced) : (Datum) 0;
	run_query(version >= 5 ? &q_set_settled_v5 : &q_set_settled, values,
			  version >= 5 ? (synced ? "  " : " n") : NULL, SPI_OK_UPDATE, 0);
	if (moved_in == GetCurrentSubTransactionId())
	{
		moved_settled = true;
		remember_synced(synced);
	}
}

/* Insert a row into schemamig.revision. */
void
catalog_insert_revision(const char *id, Datum parents, const char *message,
						const char *upgrade, const char *downgrade,
						bool transactional)
{
	Datum		values[8];
	char		nulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
	int			version = tables_version();

	values[0] = CStringGetTextDatum(id);
	values[1] = parents;
	values[2] = CStringGetTextDatum(message);
	values[3] = CStringGetTextDatum(upgrade);
	if (downgrade)
		values[4] = CStringGetTextDatum(downgrade);
	else
		nulls[4] = 'n';
	values[5] = BoolGetDatum(transactional);
	values[6] = caller_name();
	if (version == 1)
	{
		values[7] = CStringGetTextDatum(revsql_checksum(upgrade, downgrade));
		run_query(&q_insert_revision_v1, values, nulls, SPI_OK_INSERT, 0);
	}
	else
		run_query(version == 3 ? &q_insert_revision_v3 : &q_insert_revision,
				  values, nulls, SPI_OK_INSERT, 0);
}

/* The plan's ids as a text[] datum, for the queries that take one. */
static Datum
plan_ids(const MigGraph *graph, List *plan)
{
	List	   *ids = NIL;
	ListCell   *lc;

	foreach(lc, plan)
		ids = lappend(ids, graph->revs[lfirst_int(lc)].id);
	return text_array(ids);
}

/*
 * Refuse a downgrade plan that reaches an irreversible revision (one with no
 * downgrade SQL), before anything is reverted.
 */
void
catalog_require_reversible(const MigGraph *graph, List *plan)
{
	Datum		values[1];

	values[0] = plan_ids(graph, plan);
	run_query(&q_irreversible, values, NULL, SPI_OK_SELECT, 1);
	if (SPI_processed > 0)
	{
		char	   *id = text_column(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, NULL);
		int			i = graph_find(graph, id);

		Assert(i >= 0);
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("revision %s is irreversible", revision_label(&graph->revs[i])),
				 errdetail("It has no downgrade SQL. Nothing was reverted."),
				 errhint("Downgrade to a target after it, or register its downgrade SQL before it is applied.")));
	}
}

/* Does a registered revision have downgrade SQL? (check_reversible) */
bool
catalog_has_downgrade(const char *id)
{
	Datum		values[1];

	values[0] = text_array(list_make1((char *) id));
	run_query(&q_irreversible, values, NULL, SPI_OK_SELECT, 1);
	return SPI_processed == 0;
}

/* Insert a row into schemamig.applied. */
void
catalog_record_applied(const char *id, TimestampTz started,
					   Interval *duration, const char *checksum)
{
	Datum		values[5];

	values[0] = CStringGetTextDatum(id);
	values[1] = TimestampTzGetDatum(started);
	values[2] = IntervalPGetDatum(duration);
	values[3] = CStringGetTextDatum(checksum);
	values[4] = caller_name();
	run_query(tables_version() == 1 ? &q_insert_applied_v1 : &q_insert_applied,
			  values, NULL, SPI_OK_INSERT, 0);
}

/* Delete a row from schemamig.applied, and log it. */
void
catalog_forget_applied(const char *id, TimestampTz started, Interval *duration)
{
	Datum		values[4];

	values[0] = CStringGetTextDatum(id);
	values[1] = TimestampTzGetDatum(started);
	values[2] = IntervalPGetDatum(duration);
	values[3] = caller_name();
	if (tables_version() == 1)
		run_query(&q_delete_applied_v1, values, NULL, SPI_OK_DELETE, 0);
	else
		run_query(&q_delete_applied, values, NULL, SPI_OK_INSERT, 0);
	if (SPI_processed != 1)
		elog(ERROR, "revision \"%s\" was not applied", id);
}

/*
 * Insert applied rows for the ids in add (in that order) and delete those
 * in remove, logging each as a stamp. Returns how many rows changed.
 */
int
catalog_stamp(List *add, List *remove)
{
	Datum		values[2];
	int			changed = 0;

	values[1] = caller_name();
	if (add != NIL)
	{
		values[0] = text_array(add);
		run_query(&q_stamp_add, values, NULL, SPI_OK_INSERT, 0);
		changed += (int) SPI_processed;
	}
	if (remove != NIL)
	{
		values[0] = text_array(remove);
		run_query(&q_stamp_remove, values, NULL, SPI_OK_INSERT, 0);
		changed += (int) SPI_processed;
	}
	return changed;
}

/* Delete a revision, and log it. */
void
catalog_remove_revision(const char *id)
{
	Datum		values[2];

	values[0] = CStringGetTextDatum(id);
	values[1] = caller_name();
	run_query(&q_remove_revision, values, NULL, SPI_OK_INSERT, 0);
	if (SPI_processed != 1)
		elog(ERROR, "revision \"%s\" was not removed", id);
}

/* Is this revision applied? (For the guard triggers.) */
bool
catalog_is_applied(const char *id)
{
	Datum		values[1];

	values[0] = CStringGetTextDatum(id);
	run_query(&q_is_applied, values, NULL, SPI_OK_SELECT, 1);
	return SPI_processed > 0;
}

/* Is any revision applied? */
bool
catalog_any_applied(void)
{
	run_query(&q_any_applied, NULL, NULL, SPI_OK_SELECT, 1);
	return SPI_processed > 0;
}

/*
 * The SQL of count revisions of the plan, from its index first on, in plan
 * order, read with one query into CurrentMemoryContext. Revisions are read
 * in batches, not through a cursor kept open while their SQL runs: that SQL
 * could close, fetch from or move any cursor of ours.
 */
static RevisionSql *
read_sql(const MigGraph *graph, List *plan, int first, int count)
{
	MemoryContext cxt = CurrentMemoryContext;
	List	   *ids = NIL;
	Datum		values[1];
	RevisionSql *sql;
	SPITupleTable *tt;

	for (int k = first; k < first + count; k++)
		ids = lappend(ids, graph->revs[list_nth_int(plan, k)].id);
	values[0] = text_array(ids);
	run_query(&q_sql, values, NULL, SPI_OK_SELECT, 0);
	tt = SPI_tuptable;
	sql = palloc0(sizeof(RevisionSql) * count);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		sql[r].id = text_column(tt->vals[r], tt->tupdesc, 1, NULL);
		sql[r].upgrade = text_column(tt->vals[r], tt->tupdesc, 2, NULL);
		sql[r].downgrade = text_column(tt->vals[r], tt->tupdesc, 3, NULL);
	}
	SPI_freetuptable(tt);
	MemoryContextSwitchTo(cxt);

	/* the lock keeps revisions from vanishing; a restore in replica mode might not */
	for (int k = 0; k < count; k++)
	{
		const char *id = graph->revs[list_nth_int(plan, first + k)].id;

		if (sql[k].id == NULL || strcmp(sql[k].id, id) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" disappeared while it was being planned", id)));
	}
	return sql;
}

/* Start reading the SQL of a plan's revisions, in a context of its own. */
void
catalog_plan_sql_init(PlanSql *r, const MigGraph *graph, List *plan)
{
	r->graph = graph;
	r->plan = plan;
	r->cxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig revision SQL",
								   ALLOCSET_DEFAULT_SIZES);
	r->batch = NULL;
}

/*
 * The SQL of the k-th revision of the plan (k counting up from 0): a batch
 * of SCHEMAMIG_SQL_BATCH revisions is read with one query when k enters
 * it, replacing the previous batch, so memory holds one batch at a time.
 */
const RevisionSql *
catalog_plan_sql(PlanSql *r, int k)
{
	if (r->batch == NULL || k % SCHEMAMIG_SQL_BATCH == 0)
	{
		MemoryContext old;

		MemoryContextReset(r->cxt);
		old = MemoryContextSwitchTo(r->cxt);
		r->batch = read_sql(r->graph, r->plan, k - k % SCHEMAMIG_SQL_BATCH,
							Min(SCHEMAMIG_SQL_BATCH,
								list_length(r->plan) - (k - k % SCHEMAMIG_SQL_BATCH)));
		MemoryContextSwitchTo(old);
	}
	return &r->batch[k % SCHEMAMIG_SQL_BATCH];
}

/* Done reading. */
void
catalog_plan_sql_end(PlanSql *r)
{
	MemoryContextDelete(r->cxt);
}
