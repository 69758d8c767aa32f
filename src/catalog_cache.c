/*-------------------------------------------------------------------------
 *
 * src/catalog_cache.c
 *	  Loading the revision graph, the backend's cache of it, and the
 *	  generation that says when the cache is stale.
 *
 * The graph is loaded with one query per table and cached for as long as
 * schemamig.state's generations stay the same; every change to the tables
 * moves a generation (our own calls at their end, anything else through
 * the touch trigger). The revisions are shared by every tenant and cached
 * once; the applied set marked in them is one tenant's, and another
 * tenant's replaces it with one query.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "catalog.h"

/*
 * The backend's graph cache: the revisions are valid while (relid, the
 * graph's generation) match; the applied set marked in them is the one of
 * cache_tenant, valid while that tenant's generation matches too. Another
 * tenant's set replaces it with one query, the revisions staying.
 */
static MemoryContext cache_cxt = NULL;
static MigGraph *cache_graph = NULL;
static Oid	cache_relid = InvalidOid;
static int64 cache_generation = 0;
static NameData cache_tenant;
static int64 cache_tenant_generation = 0;

/* A name datum (for a name parameter) from a C string. */
Datum
catalog_name_datum(const char *name)
{
	return DirectFunctionCall1(namein, CStringGetDatum(name));
}

/*
 * The generations of the graph and of a tenant, as a given snapshot (or the
 * usual one) sees them. An unknown tenant is 42704.
 */
CatalogGenerations
catalog_read_generations(Snapshot snapshot, const char *tenant)
{
	CatalogGenerations gens;
	bool		have_graph = false;
	bool		have_tenant = false;
	Datum		values[1];

	values[0] = catalog_name_datum(tenant);
	catalog_run_query_at(catalog_compat_query(CQ_GENERATION), values, NULL,
						 SPI_OK_SELECT, 0, snapshot);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		char	   *name = NameStr(*DatumGetName(SPI_getbinval(SPI_tuptable->vals[r],
																SPI_tuptable->tupdesc, 1, &isnull)));
		int64		gen = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r],
													  SPI_tuptable->tupdesc, 2, &isnull));

		if (name[0] == '\0')
		{
			if (have_graph)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("schemamig.state must hold exactly one row for the default tenant"),
						 errhint("Reinstall the schemamig extension.")));
			gens.graph = gen;
			have_graph = true;
		}
		if (strcmp(name, tenant) == 0)
		{
			gens.tenant = gen;
			have_tenant = true;
		}
	}
	SPI_freetuptable(SPI_tuptable);
	if (!have_graph)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("schemamig.state holds no row for the default tenant"),
				 errhint("Reinstall the schemamig extension.")));
	if (!have_tenant)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("tenant \"%s\" does not exist", tenant),
				 errdetail("schemamig.tenant is set to a name that schemamig.add_tenant() has not registered."),
				 errhint("Register it with SELECT schemamig.add_tenant(%s), or RESET schemamig.tenant.",
						 quote_literal_cstr(tenant))));
	return gens;
}

/* qsort comparator: revisions by registration order */
static int
cmp_revision_seq(const void *a, const void *b)
{
	int64		sa = ((const MigRevision *) a)->seq;
	int64		sb = ((const MigRevision *) b)->seq;

	return (sa > sb) - (sa < sb);
}

/*
 * The strings of a loaded graph, packed one after another in blocks of the
 * graph's context rather than palloc'd one by one: 10,000 revisions are
 * 50,000 strings, and a new backend pays for each page of memory it
 * touches. Nothing frees them one by one; they go with the context.
 */
typedef struct Strings
{
	MemoryContext cxt;
	char	   *next;
	Size		left;
} Strings;

#define STRINGS_BLOCK 16384

/* Make sure the block has size bytes left, taking a new one if not. */
static void
strings_reserve(Strings *s, Size size)
{
	if (s->next == NULL || size > s->left)
	{
		s->left = Max(size, STRINGS_BLOCK);
		s->next = MemoryContextAlloc(s->cxt, s->left);
	}
}

/* size bytes, aligned for any type */
static void *
strings_alloc(Strings *s, Size size)
{
	void	   *p;

	strings_reserve(s, size + MAXIMUM_ALIGNOF);
	p = (void *) MAXALIGN(s->next);
	s->left -= (char *) p + size - s->next;
	s->next = (char *) p + size;
	return p;
}

/* a copy of len bytes and a zero byte */
static char *
strings_copy(Strings *s, const char *src, Size len)
{
	char	   *p;

	strings_reserve(s, len + 1);
	p = s->next;
	memcpy(p, src, len);
	p[len] = '\0';
	s->next += len + 1;
	s->left -= len + 1;
	return p;
}

/* a text value's copy (detoasted, if need be, in the current context) */
static char *
strings_text(Strings *s, Datum d)
{
	text	   *t = DatumGetTextPP(d);

	return strings_copy(s, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
}

/*
 * A role name, shared with the row before when it is the same: revisions
 * are mostly registered and applied by one role or a few.
 */
static char *
strings_role(Strings *s, Datum d, char **last)
{
	const char *name = NameStr(*DatumGetName(d));

	if (*last == NULL || strcmp(*last, name) != 0)
		*last = strings_copy(s, name, strlen(name));
	return *last;
}

/* What load_revisions() builds, row by row. */
typedef struct RevisionRows
{
	MigRevision *revs;
	int			nrevs;
	int			capacity;
	Strings		strings;
	char	   *last_author;
	MemoryContext row_cxt;		/* what a row needs only while it is read */
} RevisionRows;

static void
revision_row(Datum *values, bool *nulls, void *arg)
{
	RevisionRows *rows = arg;
	MemoryContext old;
	MigRevision *rev;
	Datum	   *elems;
	bool	   *enulls;
	int			nparents;

	if (rows->nrevs == rows->capacity)
	{
		rows->capacity *= 2;
		rows->revs = repalloc(rows->revs, sizeof(MigRevision) * rows->capacity);
	}
	rev = &rows->revs[rows->nrevs++];
	memset(rev, 0, sizeof(MigRevision));

	/*
	 * What the row needs only while it is read (detoasted values, the
	 * parents array's pieces) goes in the row's context; what the graph
	 * keeps, the strings_* functions put in theirs.
	 */
	MemoryContextReset(rows->row_cxt);
	old = MemoryContextSwitchTo(rows->row_cxt);
	rev->id = strings_text(&rows->strings, values[0]);
	rev->seq = DatumGetInt64(values[1]);
	deconstruct_array(DatumGetArrayTypeP(values[2]), TEXTOID, -1, false, TYPALIGN_INT,
					  &elems, &enulls, &nparents);
	rev->nparents = nparents;
	rev->parent_ids = strings_alloc(&rows->strings, sizeof(char *) * (nparents > 0 ? nparents : 1));
	for (int p = 0; p < nparents; p++)
		rev->parent_ids[p] = enulls[p] ? strings_copy(&rows->strings, "", 0) :
			strings_text(&rows->strings, elems[p]);
	rev->message = strings_text(&rows->strings, values[3]);
	rev->transactional = DatumGetBool(values[4]);
	rev->checksum = nulls[5] ? NULL : strings_text(&rows->strings, values[5]);
	rev->author = strings_role(&rows->strings, values[6], &rows->last_author);
	MemoryContextSwitchTo(old);
}

/* Load the revisions and build the graph in CurrentMemoryContext. */
static MigGraph *
load_revisions(Snapshot snapshot)
{
	RevisionRows rows = {.capacity = 64, .strings = {.cxt = CurrentMemoryContext}};

	rows.revs = palloc(sizeof(MigRevision) * rows.capacity);
	rows.row_cxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig revision row",
										 ALLOCSET_SMALL_SIZES);
	catalog_scan_query_at(catalog_compat_query(CQ_REVISIONS), NULL, NULL, snapshot,
						  revision_row, &rows);
	MemoryContextDelete(rows.row_cxt);
	/* registration order; sorting here is cheaper than ORDER BY there */
	qsort(rows.revs, rows.nrevs, sizeof(MigRevision), cmp_revision_seq);
	return graph_build(rows.revs, rows.nrevs);
}

/* Does t hold exactly the string s? */
static bool
text_is(text *t, const char *s)
{
	Size		len = VARSIZE_ANY_EXHDR(t);

	return strlen(s) == len && memcmp(VARDATA_ANY(t), s, len) == 0;
}

/* What load_applied() marks, row by row. */
typedef struct AppliedRows
{
	MigGraph   *graph;
	Strings		strings;		/* in the graph's applied_cxt */
	char	   *last_applied_by;
} AppliedRows;

static void
applied_row(Datum *values, bool *nulls, void *arg)
{
	AppliedRows *rows = arg;
	MemoryContext old = MemoryContextSwitchTo(rows->strings.cxt);
	char	   *idstr = TextDatumGetCString(values[0]);
	int			i = graph_find(rows->graph, idstr);
	MigRevision *rev;

	/* the guards keep this from happening, short of replica mode */
	if (i < 0)
	{
		rows->graph->orphans = lappend(rows->graph->orphans, idstr);
		MemoryContextSwitchTo(old);
		return;
	}
	pfree(idstr);
	rev = &rows->graph->revs[i];
	rev->applied = true;
	rev->applied_seq = DatumGetInt64(values[1]);
	rev->applied_at = DatumGetTimestampTz(values[2]);
	rev->applied_by = strings_role(&rows->strings, values[3], &rows->last_applied_by);
	rev->duration = *DatumGetIntervalP(values[4]);
	rev->changed = rev->checksum == NULL || nulls[5] ||
		!text_is(DatumGetTextPP(values[5]), rev->checksum);
	MemoryContextSwitchTo(old);
}

/*
 * Mark a tenant's applied set in a graph that has none marked, with one
 * query; what it allocates goes in the graph's applied_cxt.
 */
static void
load_applied(MigGraph *graph, Snapshot snapshot, const char *tenant)
{
	AppliedRows rows = {graph, {.cxt = graph->applied_cxt}, NULL};
	Datum		values[1];

	values[0] = catalog_name_datum(tenant);
	catalog_scan_query_at(catalog_compat_query(CQ_APPLIED), values, NULL, snapshot,
						  applied_row, &rows);
	graph_mark_applied(graph);
}

/*
 * The revisions alone, with no applied state and not cached, as the
 * transaction sees them, the current statement's changes included: what
 * the revision table's statement trigger checks after an edit by hand
 * (src/triggers.c). Must be called inside SPI_connect.
 */
MigGraph *
catalog_revisions(void)
{
	Snapshot	snapshot;
	MigGraph   *graph;

	CommandCounterIncrement();
	snapshot = RegisterSnapshot(GetTransactionSnapshot());
	graph = load_revisions(snapshot);
	UnregisterSnapshot(snapshot);
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
	const char *tenant = catalog_tenant();

	/* one snapshot for all the queries, so that they agree */
	Snapshot	snapshot = RegisterSnapshot(GetTransactionSnapshot());
	CatalogGenerations gens = catalog_read_generations(snapshot, tenant);
	MigGraph   *graph;
	MemoryContext old;

	if (!may_cache)
	{
		graph = load_revisions(snapshot);
		load_applied(graph, snapshot, tenant);
	}
	else if (cache_graph != NULL && cache_relid == relid &&
			 cache_generation == gens.graph)
	{
		graph = cache_graph;
		if (strcmp(NameStr(cache_tenant), tenant) != 0 ||
			cache_tenant_generation != gens.tenant)
		{
			/* the same revisions, another applied set: one query */
			cache_graph = NULL;
			graph_clear_applied(graph);
			load_applied(graph, snapshot, tenant);
			namestrcpy(&cache_tenant, tenant);
			cache_tenant_generation = gens.tenant;
			cache_graph = graph;
		}
	}
	else
	{
		if (cache_cxt == NULL)
			cache_cxt = AllocSetContextCreate(TopMemoryContext,
											  "schemamig graph cache",
											  ALLOCSET_DEFAULT_SIZES);
		cache_graph = NULL;
		MemoryContextReset(cache_cxt);
		old = MemoryContextSwitchTo(cache_cxt);
		graph = load_revisions(snapshot);
		load_applied(graph, snapshot, tenant);
		MemoryContextSwitchTo(old);
		cache_graph = graph;
		cache_relid = relid;
		cache_generation = gens.graph;
		namestrcpy(&cache_tenant, tenant);
		cache_tenant_generation = gens.tenant;
	}
	/* its revisions are those of this generation (the cache's: the same) */
	graph->generation = gens.graph;
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
 * The (sub)transaction that last moved a state row's generation, and to
 * what: one tracker for the default tenant's row (which is the graph's
 * generation too), one for the last other tenant's. Once a generation has
 * moved in a transaction, further changes in it need not move it again:
 * other backends see only the committed value, and this backend keeps its
 * cache in step or drops it. Updating one state row again and again would
 * leave a chain of dead versions that every later read must walk (10,000
 * registrations in one transaction made that quadratic). If the
 * subtransaction that moved it aborts, so did the move; when it commits,
 * the move belongs to its parent.
 */
typedef struct Moved
{
	SubTransactionId in;
	Oid			relid;
	NameData	tenant;
	int64		to;
	bool		settled;		/* the state row says settled */
	char	   *synced;			/* and keeps this digest (TopMemoryContext) */
} Moved;

static Moved moved_graph;
static Moved moved_tenant;

/*
 * Whether a tenant's row was marked settled at the graph's current
 * generation since that generation moved in this transaction. A tenant is
 * settled "at" the graph's generation; a registration that took the
 * shortcut above (no new generation) would leave such a tenant settled
 * with a revision it lacks, so then it moves the generation after all.
 */
static bool tenants_settled = false;

static void
moved_xact_callback(XactEvent event, void *arg)
{
	moved_graph.in = InvalidSubTransactionId;
	moved_tenant.in = InvalidSubTransactionId;
	tenants_settled = false;
}

static void
moved_subxact_one(Moved *m, SubXactEvent event, SubTransactionId mySubid,
				  SubTransactionId parentSubid)
{
	if (mySubid != m->in)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB)
		m->in = InvalidSubTransactionId;
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		m->in = parentSubid;
}

static void
moved_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					   SubTransactionId parentSubid, void *arg)
{
	moved_subxact_one(&moved_graph, event, mySubid, parentSubid);
	moved_subxact_one(&moved_tenant, event, mySubid, parentSubid);
}

/* Called once at load (_PG_init): follow transaction ends for the above. */
void
catalog_cache_init(void)
{
	RegisterXactCallback(moved_xact_callback, NULL);
	RegisterSubXactCallback(moved_subxact_callback, NULL);
}

/* Remember the digest a state row now keeps, for the calls that follow. */
static void
remember_synced(Moved *m, const char *digest)
{
	if (m->synced)
		pfree(m->synced);
	m->synced = digest ? MemoryContextStrdup(TopMemoryContext, digest) : NULL;
}

/* Do two digests, either NULL, differ? */
static bool
digests_differ(const char *a, const char *b)
{
	return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

/*
 * The digest a tenant's state row keeps while it is settled: the registered
 * revisions' (for up_to_date()), computed once per graph. Every tenant's
 * row keeps it, beside the graph's generation it was settled at, so that
 * a tenant's answer depends on no other tenant's state. NULL when not
 * settled and for tables older than 0.5.0.
 */
static char *
synced_digest(MigGraph *graph, bool settled)
{
	if (!settled || catalog_tables_version() < 5)
		return NULL;
	if (!graph->digest_known)
	{
		char	   *digest = graph_digest(graph);

		graph->digest = digest ?
			MemoryContextStrdup(GetMemoryChunkContext(graph), digest) : NULL;
		graph->digest_known = true;
	}
	return graph->digest;
}

/*
 * The state row's update just run must have changed exactly that row, or
 * the generation would stay where it was, and every session's cached graph
 * would pass for current.
 */
static void
require_state_moved(const char *tenant)
{
	catalog_require_written(SPI_processed, "schemamig.state",
							psprintf("schemamig's state row for %s was not updated",
									 tenant[0] == '\0' ? "the default tenant" :
									 psprintf("tenant \"%s\"", tenant)));
}

/*
 * Move a tenant's state row to a new generation, unless this very
 * subtransaction already did (a change made in a subtransaction must be able
 * to roll back with a generation of its own, or the cache would keep what
 * the rollback undid), and record whether it is settled, with the digest
 * of the revisions and the graph's generation they are those of (at_graph:
 * the generation the graph the caller judged by was loaded at). A row is
 * marked settled only at that generation: should the revisions have moved
 * on meanwhile (a direct change committed by another session), the default
 * tenant's row stays unsettled and a tenant's row is settled at a
 * generation that is no longer the graph's, so neither claims revisions it
 * has not seen. Returns the generation.
 */
static int64
move_generation(Moved *m, const char *tenant, bool settled, const char *synced,
				int64 at_graph)
{
	Oid			relid = catalog_relid("state");
	Datum		values[5];
	char		nulls[5] = {' ', ' ', ' ', synced ? ' ' : 'n', ' '};

	if (m->in != GetCurrentSubTransactionId() || m->relid != relid ||
		strcmp(NameStr(m->tenant), tenant) != 0)
	{
		/* random, so that no two changes, even rolled-back ones, share one */
		if (!pg_strong_random(&m->to, sizeof(m->to)))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not generate a random number")));
		values[0] = Int64GetDatum(m->to);
		values[1] = BoolGetDatum(settled);
		values[2] = catalog_name_datum(tenant);
		values[3] = synced ? CStringGetTextDatum(synced) : (Datum) 0;
		values[4] = Int64GetDatum(at_graph);
		catalog_run_query(catalog_compat_query(CQ_SET_GENERATION),
						  values, nulls, SPI_OK_UPDATE, 0);
		require_state_moved(tenant);
		m->in = GetCurrentSubTransactionId();
		m->relid = relid;
		namestrcpy(&m->tenant, tenant);
		m->settled = settled;
		remember_synced(m, synced);
		if (m == &moved_graph)
			tenants_settled = false;
	}
	else if (settled != m->settled || digests_differ(synced, m->synced))
	{
		/* the generation stays; whether it is settled, or its digest, changed */
		values[0] = BoolGetDatum(settled);
		values[1] = catalog_name_datum(tenant);
		values[2] = synced ? CStringGetTextDatum(synced) : (Datum) 0;
		values[3] = Int64GetDatum(at_graph);
		nulls[2] = nulls[3];
		nulls[3] = ' ';
		catalog_run_query(catalog_compat_query(CQ_SET_SETTLED),
						  values, nulls, SPI_OK_UPDATE, 0);
		require_state_moved(tenant);
		m->settled = settled;
		remember_synced(m, synced);
	}
	if (settled && tenant[0] != '\0')
		tenants_settled = true;
	return m->to;
}

/* Is this graph the one in the cache (rather than a private copy)? */
static bool
is_cached(MigGraph *graph)
{
	return graph != NULL && cache_cxt != NULL &&
		GetMemoryChunkContext(graph) == cache_cxt;
}

/*
 * Record that this call changed the current tenant's applied set: move its
 * generation, so every backend's cache and every stale snapshot notices
 * (once per transaction, see above). Called once, after the call's last
 * change. When the caller brought the cached graph it planned with in step
 * with the tables (upgrade marks what it applied), the graph stays cached
 * under the new generation; otherwise the cache is dropped.
 */
void
catalog_changed(MigGraph *in_step)
{
	const char *tenant = catalog_tenant();
	bool		settled = in_step != NULL && catalog_tables_version() >= 4 &&
		graph_settled(in_step);
	int64		gen;

	cache_graph = NULL;
	gen = move_generation(tenant[0] == '\0' ? &moved_graph : &moved_tenant,
						  tenant, settled, synced_digest(in_step, settled),
						  in_step ? in_step->generation : 0);
	if (tenant[0] == '\0' && in_step != NULL)
		in_step->generation = gen;
	if (is_cached(in_step))
	{
		if (tenant[0] == '\0')
			cache_generation = gen;
		cache_tenant_generation = gen;
		cache_graph = in_step;
	}
}

/*
 * Record that this call (or a direct change: the touch trigger) changed the
 * revisions: move the graph's generation, which every tenant's cached
 * applied set and settled state depend on. As catalog_changed() otherwise;
 * add_revision keeps the cached graph in step by appending what it added.
 */
void
catalog_registered(MigGraph *in_step)
{
	bool		is_default = catalog_tenant()[0] == '\0';

	/* the default tenant's row says settled only from its own applied set */
	bool		settled = in_step != NULL && is_default &&
		catalog_tables_version() >= 4 && graph_settled(in_step);
	int64		gen;

	cache_graph = NULL;
	if (tenants_settled)
		moved_graph.in = InvalidSubTransactionId;
	gen = move_generation(&moved_graph, "", settled, synced_digest(in_step, settled),
						  in_step ? in_step->generation : 0);
	if (in_step != NULL)
		in_step->generation = gen;
	if (is_cached(in_step))
	{
		cache_generation = gen;
		if (is_default)
			cache_tenant_generation = gen;
		cache_graph = in_step;
	}
}

/* The 0-based position of one of schemamig.state's columns. */
static int
attnum_in(TupleDesc desc, const char *column)
{
	int			att = SPI_fnumber(desc, column);

	if (att <= 0)
		elog(ERROR, "schemamig.state has no column \"%s\"", column);
	return att - 1;
}

/*
 * One row of schemamig.state (0.5.0's layout: a row per tenant, keyed by
 * tenant, column tenant_att) fetched through its primary key, deformed
 * into values and nulls; false when there is none.
 */
static bool
state_row(Relation rel, Oid pkey, int tenant_att, Snapshot snapshot,
		  const char *tenant, Datum *values, bool *nulls)
{
	NameData	name;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;

	/* systable_beginscan() wants the table's column number */
	namestrcpy(&name, tenant);
	ScanKeyInit(&key, tenant_att + 1, BTEqualStrategyNumber, F_NAMEEQ, NameGetDatum(&name));
	scan = systable_beginscan(rel, pkey, true, snapshot, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		heap_deform_tuple(tup, RelationGetDescr(rel), values, nulls);
	systable_endscan(scan);
	return HeapTupleIsValid(tup);
}

/*
 * The settled question of 0.5.0's tables, read straight from the primary
 * key of schemamig.state rather than through a planned query: in a new
 * backend, which is where a container asks it, parsing and planning that
 * query (the catalog lookups of a first plan) cost more than the rest of a
 * no-op upgrade() together. Reads as SPI would: after the commands before
 * it (unless it serves a reader, which must not move the command counter
 * under its query), with the transaction's snapshot for the statement.
 */
static bool
state_settled(const char *tenant, bool after_commands, int64 *at)
{
	Relation	rel;
	TupleDesc	desc;
	Oid			pkey;
	int			tenant_att;
	int			settled;
	int			generation;
	int			synced;
	Datum	   *values;
	bool	   *nulls;
	Snapshot	snapshot;
	int64		graph_generation = 0;
	bool		result = false;

	if (after_commands)
		CommandCounterIncrement();
	/* its columns and key, read here directly, as they should be */
	catalog_require_shape();
	rel = table_open(catalog_relid("state"), AccessShareLock);
	desc = RelationGetDescr(rel);
	pkey = catalog_relid("state_pkey");
	tenant_att = attnum_in(desc, "tenant");
	settled = attnum_in(desc, "settled");
	generation = attnum_in(desc, "generation");
	synced = attnum_in(desc, "synced");
	values = palloc(desc->natts * sizeof(Datum));
	nulls = palloc(desc->natts * sizeof(bool));
	snapshot = RegisterSnapshot(GetTransactionSnapshot());
	if (state_row(rel, pkey, tenant_att, snapshot, "", values, nulls))
	{
		graph_generation = DatumGetInt64(values[generation]);
		/* the default tenant's row is the one just read */
		result = (tenant[0] == '\0' ||
				  state_row(rel, pkey, tenant_att, snapshot, tenant, values, nulls)) &&
			!nulls[settled] && !nulls[synced] &&
			DatumGetInt64(values[settled]) == graph_generation;
	}
	*at = graph_generation;
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);
	pfree(values);
	pfree(nulls);
	return result;
}

/*
 * Is the current tenant settled: every registered revision applied, one
 * head at most, nothing for verify() to report, as of the current
 * generations? Then upgrade('head') or ('heads') has nothing to do, which
 * it can tell without loading the graph: a container that migrates on
 * every start pays one read of one row (two for a tenant).
 */
bool
catalog_settled(void)
{
	bool		isnull;
	Datum		d;
	int			version = catalog_tables_version();
	int64		at;

	if (version < 4)
		return false;
	if (version >= 5)
		return state_settled(catalog_tenant(), true, &at);
	catalog_run_query(catalog_compat_query(CQ_SETTLED), NULL, NULL, SPI_OK_SELECT, 0);
	if (SPI_processed != 1)
		return false;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	SPI_freetuptable(SPI_tuptable);
	return !isnull && DatumGetBool(d);
}

/*
 * The same question for a reader (tenants()), a STABLE function: the
 * command counter stays; *at is the graph's generation the answer is of.
 * Tables older than 0.5.0's say not settled here, and the reader loads
 * the tenant's applied set.
 */
bool
catalog_settled_reading(int64 *at)
{
	*at = 0;
	return catalog_tables_version() >= 5 && state_settled(catalog_tenant(), false, at);
}

/*
 * After a call that changed nothing: record that the state is settled when
 * the graph says so and the state row does not yet (after an update of the
 * extension, say). The generation stays, and with it the cache.
 */
void
catalog_settle(MigGraph *graph)
{
	const char *tenant = catalog_tenant();
	Moved	   *m = tenant[0] == '\0' ? &moved_graph : &moved_tenant;
	char	   *synced;
	Datum		values[4];
	char		nulls[4] = {' ', ' ', 'n', ' '};

	if (catalog_tables_version() < 4 || !graph_settled(graph))
		return;
	synced = synced_digest(graph, true);
	if (catalog_settled())
	{
		bool		isnull;
		Datum		d;
		bool		same;

		if (synced == NULL)
			return;
		/* the digest too: a message-only sync changes it */
		values[0] = catalog_name_datum(tenant);
		catalog_run_query(catalog_compat_query(CQ_SYNCED), values, NULL, SPI_OK_SELECT, 0);
		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		same = !isnull && strcmp(TextDatumGetCString(d), synced) == 0;
		SPI_freetuptable(SPI_tuptable);
		if (same)
			return;
	}
	values[0] = BoolGetDatum(true);
	values[1] = catalog_name_datum(tenant);
	values[2] = synced ? CStringGetTextDatum(synced) : (Datum) 0;
	nulls[2] = synced ? ' ' : 'n';
	values[3] = Int64GetDatum(graph->generation);
	catalog_run_query(catalog_compat_query(CQ_SET_SETTLED), values, nulls, SPI_OK_UPDATE, 0);
	require_state_moved(tenant);
	if (tenant[0] != '\0')
		tenants_settled = true;
	if (m->in == GetCurrentSubTransactionId() && strcmp(NameStr(m->tenant), tenant) == 0)
	{
		m->settled = true;
		remember_synced(m, synced);
	}
}
