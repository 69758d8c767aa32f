/*-------------------------------------------------------------------------
 *
 * src/trace.c
 *	  trace(target): run what upgrade(target) would apply, in a
 *	  subtransaction that is always rolled back, and record, statement by
 *	  statement, the locks it really took and the tables it really rewrote.
 *
 * The revisions run through the one revision runner (execute.c), under
 * schemamig's lock and the author rules, exactly as upgrade() runs them;
 * an observer looks at the backend's own locks before and after each
 * statement, and compares each newly locked relation's file number with the
 * one it had before the statement (read under a snapshot taken then); so
 * too for a relation locked earlier whose relcache entry the statement
 * invalidated, which a rewrite does, reported when its file changed. No
 * statement waits for a lock longer than the caller's lock_timeout, or a
 * second without one, whatever the revision sets: a trace belongs on a
 * staging copy or in a quiet moment, but must never queue production
 * behind it for long.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/catalog.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "storage/lock.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timeout.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/* The strongest mode this backend holds on each relation, by OID. */
typedef struct HeldLock
{
	Oid			relid;
	LOCKMODE	mode;
} HeldLock;

/* The relation locks a backend holds, sorted by relation, one each. */
typedef struct HeldLocks
{
	int			n;
	HeldLock   *locks;
} HeldLocks;

typedef struct TraceState
{
	Tuplestorestate *store;
	TupleDesc	desc;
	MemoryContext resultcxt;
	int			cap;			/* ms a lock may be waited for */
	HeldLocks	held;			/* before the statement */
	MemoryContext heldcxt;		/* held's, and the lock table's copy */
	MemoryContext nowcxt;		/* the same after the statement */
	/* the revision and statement whose locks after it held has, or NULL */
	const MigRevision *held_after_rev;
	int			held_after_stmt;
	Snapshot	before;			/* the catalog as it was before it */
	TimestampTz start;
	SPIPlanPtr	filenode;		/* relfilenode of a relation */
	const RevStatement *stmt;	/* running, or NULL */
} TraceState;

/*
 * The relations whose relcache entries the running statement invalidated:
 * a rewrite changes pg_class.relfilenode, which invalidates the relation's
 * entry at the statement's command-counter increment. A fixed array, so
 * that the callback, which runs inside invalidation processing (at abort
 * too), never allocates; more than fit, or a cache reset, counts as all.
 */
#define TRACE_MAX_INVALIDATED 256

static struct
{
	bool		active;			/* a statement is traced */
	bool		all;
	int			n;
	Oid			relids[TRACE_MAX_INVALIDATED];
}			invalidated;

static void
note_invalidated(Datum arg, Oid relid)
{
	if (!invalidated.active || invalidated.all)
		return;
	if (!OidIsValid(relid) || invalidated.n == TRACE_MAX_INVALIDATED)
	{
		invalidated.all = true;
		return;
	}
	for (int i = 0; i < invalidated.n; i++)
	{
		if (invalidated.relids[i] == relid)
			return;
	}
	invalidated.relids[invalidated.n++] = relid;
}

/* Start noting invalidations (the callback is registered once a backend). */
static void
note_invalidations(bool on)
{
	static bool registered = false;

	if (on && !registered)
	{
		CacheRegisterRelcacheCallback(note_invalidated, (Datum) 0);
		registered = true;
	}
	invalidated.active = on;
	invalidated.all = false;
	invalidated.n = 0;
}

/* Did the statement invalidate the relation's relcache entry? */
static bool
was_invalidated(Oid relid)
{
	if (invalidated.all)
		return true;
	for (int i = 0; i < invalidated.n; i++)
	{
		if (invalidated.relids[i] == relid)
			return true;
	}
	return false;
}

static int
cmp_held(const void *a, const void *b)
{
	Oid			ra = ((const HeldLock *) a)->relid;
	Oid			rb = ((const HeldLock *) b)->relid;

	return (ra > rb) - (ra < rb);
}

/*
 * Relation locks this backend holds now, one entry a relation with the
 * strongest mode held (a relation can show twice in the lock manager: once
 * on the fast path, once in the main table). Allocated in cxt, reset first,
 * which frees the last copy of the lock table GetLockStatusData() made
 * there: a plan of any length holds two at a time.
 */
static HeldLocks
held_locks(MemoryContext cxt)
{
	MemoryContext old;
	LockData   *data;
	HeldLocks	held;
	int			n = 0;

	MemoryContextReset(cxt);
	old = MemoryContextSwitchTo(cxt);
	data = GetLockStatusData();
	held.n = 0;
	held.locks = palloc(sizeof(HeldLock) * (data->nelements + 1));
	MemoryContextSwitchTo(old);

	for (int i = 0; i < data->nelements; i++)
	{
		LockInstanceData *l = &data->locks[i];
		HeldLock   *h = &held.locks[n++];

		if (l->pid != MyProcPid || l->locktag.locktag_type != LOCKTAG_RELATION ||
			l->locktag.locktag_field1 != MyDatabaseId || l->holdMask == 0)
		{
			n--;
			continue;
		}
		h->relid = l->locktag.locktag_field2;
		h->mode = 0;
		for (LOCKMODE m = 1; m <= MaxLockMode; m++)
		{
			if (l->holdMask & LOCKBIT_ON(m))
				h->mode = m;
		}
	}
	qsort(held.locks, n, sizeof(HeldLock), cmp_held);
	for (int i = 0; i < n; i++)
	{
		if (held.n > 0 && held.locks[held.n - 1].relid == held.locks[i].relid)
			held.locks[held.n - 1].mode = Max(held.locks[held.n - 1].mode, held.locks[i].mode);
		else
			held.locks[held.n++] = held.locks[i];
	}
	return held;
}

/* The mode held on a relation; 0: none. */
static LOCKMODE
mode_in(const HeldLocks *held, Oid relid)
{
	HeldLock	key = {relid, 0};
	HeldLock   *h = bsearch(&key, held->locks, held->n, sizeof(HeldLock), cmp_held);

	return h ? h->mode : 0;
}

/*
 * The relation's file number as a snapshot sees it (InvalidOid: none) and,
 * when name is not NULL, its qualified name then (NULL: none), for a
 * relation that is gone since.
 */
static Oid
filenode_at(TraceState *ts, Oid relid, Snapshot snapshot, char **name)
{
	Datum		values[1] = {ObjectIdGetDatum(relid)};
	bool		isnull;
	Oid			result = InvalidOid;
	int			rc;

	rc = SPI_execute_snapshot(ts->filenode, values, NULL, snapshot,
							  InvalidSnapshot, true, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_snapshot failed: %s", SPI_result_code_string(rc));
	if (name)
		*name = NULL;
	if (SPI_processed == 1)
	{
		HeapTuple	row = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		Datum		d = SPI_getbinval(row, desc, 1, &isnull);

		if (!isnull)
			result = DatumGetObjectId(d);
		if (name)
		{
			Oid			nspid = DatumGetObjectId(SPI_getbinval(row, desc, 2, &isnull));

			if (!IsCatalogNamespace(nspid) && !IsToastNamespace(nspid))
				*name = quote_qualified_identifier(SPI_getvalue(row, desc, 3),
												   SPI_getvalue(row, desc, 4));
		}
	}
	SPI_freetuptable(SPI_tuptable);
	return result;
}

/*
 * The cap's watchdog. lock_timeout, lowered to the cap before each
 * statement, is read when a wait begins, so a statement that sets it itself
 * (in a DO block, a function, set_config() in the same query) would wait
 * without limit: every 100 ms while a trace runs, a lock wait longer than
 * the cap is cancelled, which trace_body() reports as the lock timeout it
 * stands for; each wait once, so that a revision that catches the cancel
 * and waits again is stopped again. Every tick also notes which relation
 * the wait is for, which the statement may not name (a table a view reads,
 * one a cascade reaches). A signal handler: it only reads, notes and
 * signals.
 */
static TimeoutId cap_timeout = MAX_TIMEOUTS;	/* registered on first use */
static volatile sig_atomic_t cap_hit = false;
static volatile TimestampTz cap_wait = 0;	/* the wait it cancelled */
static volatile Oid cap_relid = InvalidOid;	/* the relation of the wait it saw last */
static int	cap_ms;

static void
cap_watchdog(void)
{
	TimestampTz waiting_since;
	const LOCKTAG *tag;

	/*
	 * A FATAL while a trace runs (pg_terminate_backend()) exits without
	 * trace_body()'s clean-up, so the watchdog goes on ticking while the
	 * backend exits, after it gave up its PGPROC.
	 */
	if (MyProc == NULL)
		return;
	waiting_since = (TimestampTz) pg_atomic_read_u64(&MyProc->waitStart);
	if (MyProc->waitLock == NULL || waiting_since == 0)
		return;
	tag = &MyProc->waitLock->tag;
	if (tag->locktag_type == LOCKTAG_RELATION &&
		(tag->locktag_field1 == MyDatabaseId || tag->locktag_field1 == InvalidOid))
		cap_relid = tag->locktag_field2;
	else
		cap_relid = InvalidOid;
	if (waiting_since == cap_wait)
		return;
	/* a wait after the one cancelled: the revision caught that cancel */
	cap_hit = false;
	/* each wait once: a revision that catches the cancel may wait again */
	if (TimestampDifferenceExceeds(waiting_since, GetCurrentTimestamp(), cap_ms))
	{
		cap_wait = waiting_since;
		cap_hit = true;
		kill(MyProcPid, SIGINT);
	}
}

/*
 * After a statement timed out waiting for a lock (55P03): which lock, on
 * which of the tables it names and the one the watchdog saw it wait for,
 * held by whom. The mode is the one this backend last waited for; the
 * holders are the other sessions holding a lock that conflicts with it on
 * such a table.
 */
static char *
describe_wait(TraceState *ts, Node *raw)
{
	LOCKMODE	mode = MyProc->waitLockMode;
	LockData   *data = GetLockStatusData();
	StringInfoData holders;
	List	   *relids = NIL;
	ListCell   *lc;

	foreach(lc, lint_statement_relations(raw))
	{
		Oid			relid = RangeVarGetRelid(lfirst_node(RangeVar, lc), NoLock, true);

		if (OidIsValid(relid))
			relids = lappend_oid(relids, relid);
	}
	/*
	 * and the one the watchdog saw it wait for: a DO block's, a table of a
	 * view it locks (none when the cap is shorter than a tick)
	 */
	if (OidIsValid(cap_relid))
		relids = list_append_unique_oid(relids, cap_relid);
	initStringInfo(&holders);
	for (int i = 0; i < data->nelements && mode > 0; i++)
	{
		LockInstanceData *l = &data->locks[i];

		if (l->pid == MyProcPid || l->locktag.locktag_type != LOCKTAG_RELATION ||
			l->locktag.locktag_field1 != MyDatabaseId ||
			!list_member_oid(relids, l->locktag.locktag_field2))
			continue;
		for (LOCKMODE m = 1; m <= MaxLockMode; m++)
		{
			if ((l->holdMask & LOCKBIT_ON(m)) && DoLockModesConflict(mode, m))
			{
				Oid			relid = l->locktag.locktag_field2;
				char	   *relname = get_rel_name(relid);
				char	   *nspname = relname == NULL ? NULL :
					get_namespace_name(get_rel_namespace(relid));

				/*
				 * A relation the watchdog saw the statement wait for may be
				 * one this transaction cannot see: another one's, created
				 * and not yet committed, that a function locks by its OID
				 * before it looks it up (pg_relation_size(oid)); or one
				 * dropped between the two lookups.
				 */
				appendStringInfo(&holders, "%s%s held in %s by process %d",
								 holders.len > 0 ? "; " : "",
								 nspname == NULL ? "a table this transaction cannot see" :
								 quote_qualified_identifier(nspname, relname),
								 GetLockmodeName(DEFAULT_LOCKMETHOD, m), l->pid);
				break;
			}
		}
	}
	if (mode == 0)
		return psprintf("trace waits at most %d ms for any lock.", ts->cap);
	if (holders.len == 0)
		return psprintf("trace waited %d ms for %s on a table the statement names, or on a row or an advisory lock another transaction holds.",
						ts->cap, GetLockmodeName(DEFAULT_LOCKMETHOD, mode));
	return psprintf("trace waited %d ms for %s: %s.",
					ts->cap, GetLockmodeName(DEFAULT_LOCKMETHOD, mode), holders.data);
}

static void
before_statement(const MigRevision *rev, const RevStatement *stmt, void *arg)
{
	TraceState *ts = (TraceState *) arg;

	/* whatever the revision set, no wait longer than the cap */
	if (LockTimeout <= 0 || LockTimeout > ts->cap)
		LockTimeout = ts->cap;
	/* a cancel of the watchdog's that the last statement caught is over */
	cap_hit = false;
	cap_relid = InvalidOid;

	/*
	 * The locks held after the statement before it in the revision are
	 * those held now: nothing runs between two statements of a revision
	 * but the observer, whose own reads of pg_class lock catalogs only,
	 * which are never reported. Between two revisions schemamig reads and
	 * writes its own tables, so the first statement of each is looked at
	 * afresh. (Walking the lock table costs about 2 ms with
	 * max_locks_per_transaction = 2048.)
	 */
	if (ts->held_after_rev != rev || ts->held_after_stmt != stmt->number - 1)
		ts->held = held_locks(ts->heldcxt);
	ts->held_after_rev = NULL;
	ts->before = RegisterSnapshot(GetLatestSnapshot());
	ts->stmt = stmt;
	note_invalidations(true);
	ts->start = GetCurrentTimestamp();
}

static void
after_statement(const MigRevision *rev, const RevStatement *stmt, void *arg)
{
	TraceState *ts = (TraceState *) arg;
	TimestampTz end = GetCurrentTimestamp();
	Interval	duration = {0};
	HeldLocks	now;

	duration.time = end - ts->start;
	invalidated.active = false;
	now = held_locks(ts->nowcxt);

	for (int i = 0; i < now.n; i++)
	{
		HeldLock   *h = &now.locks[i];
		bool		newly = h->mode > mode_in(&ts->held, h->relid);
		Oid			nspid;
		Oid			was = InvalidOid;
		Oid			is = InvalidOid;
		char	   *gone = NULL;
		Datum		values[7];
		bool		nulls[7] = {0};
		MemoryContext old;

		/*
		 * What the statement took or strengthened, or may have rewritten
		 * under a lock taken before; not the catalogs. One it took and
		 * dropped is named as it was before it (none that it made too).
		 */
		if (!newly && !was_invalidated(h->relid))
			continue;
		nspid = get_rel_namespace(h->relid);
		if (!OidIsValid(nspid))
		{
			if (!newly)
				continue;
			(void) filenode_at(ts, h->relid, ts->before, &gone);
			if (gone == NULL)
				continue;
		}
		else if (IsCatalogNamespace(nspid) || IsToastNamespace(nspid))
			continue;
		else
		{
			was = filenode_at(ts, h->relid, ts->before, NULL);
			is = filenode_at(ts, h->relid, GetLatestSnapshot(), NULL);
			if (!newly && (!OidIsValid(was) || !OidIsValid(is) || was == is))
				continue;
		}

		old = MemoryContextSwitchTo(ts->resultcxt);
		values[0] = CStringGetTextDatum(rev->id);
		values[1] = Int32GetDatum(stmt->number);
		values[2] = Int32GetDatum(stmt->line);
		values[3] = CStringGetTextDatum(gone ? gone :
										quote_qualified_identifier(get_namespace_name(nspid),
																   get_rel_name(h->relid)));
		values[4] = CStringGetTextDatum(GetLockmodeName(DEFAULT_LOCKMETHOD, h->mode));
		values[5] = BoolGetDatum(OidIsValid(was) && OidIsValid(is) && was != is);
		values[6] = IntervalPGetDatum(&duration);
		tuplestore_putvalues(ts->store, ts->desc, values, nulls);
		MemoryContextSwitchTo(old);
	}
	UnregisterSnapshot(ts->before);
	ts->before = NULL;
	ts->stmt = NULL;

	/* what the next statement of the revision starts from */
	{
		MemoryContext swap = ts->heldcxt;

		ts->heldcxt = ts->nowcxt;
		ts->nowcxt = swap;
		ts->held = now;
		ts->held_after_rev = rev;
		ts->held_after_stmt = stmt->number;
	}
}

typedef struct TraceArgs
{
	MigTarget	target;
	TraceState *ts;
	MigGraph   *graph;
	List	   *plan;
} TraceArgs;

/* Run the plan, observed statement by statement. */
static void
run_observed(void *arg)
{
	TraceArgs  *a = (TraceArgs *) arg;
	StatementObserver observer = {before_statement, after_statement, a->ts};

	(void) execute_plan(a->graph, a->plan, true, &observer);
}

/* Plan as upgrade() plans, run in a subtransaction, roll it back. */
static void
trace_body(void *arg)
{
	TraceArgs  *a = (TraceArgs *) arg;
	TraceState *ts = a->ts;
	int			saved_timeout = LockTimeout;
	bool		was_quiet;
	Oid			types[1] = {OIDOID};
	ErrorData  *volatile edata = NULL;

	a->graph = catalog_graph(true);
	graph_require_verified(a->graph, "trace");
	graph_require_consistent(a->graph);
	a->plan = plan_upgrade(a->graph, &a->target);
	plan_require_transactional(a->graph, a->plan, true);

	ts->filenode = SPI_prepare("SELECT c.relfilenode, c.relnamespace, n.nspname, c.relname"
							   " FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n"
							   " ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
							   " WHERE c.oid OPERATOR(pg_catalog.=) $1", 1, types);
	if (ts->filenode == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	ts->cap = saved_timeout > 0 ? saved_timeout : 1000;
	/* the locks before and after the statement, reset statement by statement */
	ts->heldcxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig trace locks",
										ALLOCSET_DEFAULT_SIZES);
	ts->nowcxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig trace locks",
									   ALLOCSET_DEFAULT_SIZES);

	/*
	 * Nothing of it stays: not the schema, the data, nor the books; nor the
	 * cap, also when the end of the rolled-back run fails (a cancel). Nor is
	 * a revision said to be applied (no NOTICE).
	 */
	was_quiet = execute_set_quiet(true);
	if (cap_timeout == MAX_TIMEOUTS)
		cap_timeout = RegisterTimeout(USER_TIMEOUT, cap_watchdog);
	cap_ms = ts->cap;
	cap_hit = false;
	cap_wait = 0;
	cap_relid = InvalidOid;
	PG_TRY();
	{
		enable_timeout_every(cap_timeout, TimestampTzPlusMilliseconds(GetCurrentTimestamp(), 100), 100);
		edata = schemamig_rolled_back(run_observed, a, NULL);
	}
	PG_FINALLY();
	{
		disable_timeout(cap_timeout, false);
		LockTimeout = saved_timeout;
		note_invalidations(false);
		execute_set_quiet(was_quiet);
		MemoryContextDelete(ts->heldcxt);
		MemoryContextDelete(ts->nowcxt);
	}
	PG_END_TRY();
	if (edata != NULL)
	{
		if (edata->sqlerrcode == ERRCODE_QUERY_CANCELED && cap_hit &&
			strcmp(edata->message, "canceling statement due to user request") == 0)
		{
			edata->sqlerrcode = ERRCODE_LOCK_NOT_AVAILABLE;
			edata->message = pstrdup("canceling statement due to lock timeout");
		}
		if (edata->sqlerrcode == ERRCODE_LOCK_NOT_AVAILABLE && ts->stmt != NULL)
			edata->detail = describe_wait(ts, ts->stmt->raw);
		ReThrowError(edata);
	}
}

/*
 * trace(target): for each statement of what upgrade(target) would apply,
 * every relation it newly locked or locked more strongly, the mode, whether
 * its storage was rewritten, and how long the statement took; and every
 * relation locked before that it rewrote, with the mode held.
 */
PG_FUNCTION_INFO_V1(schemamig_trace);
Datum
schemamig_trace(PG_FUNCTION_ARGS)
{
	TraceState	ts = {0};
	TraceArgs	a;

	a.target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "trace", "target"),
							TARGETS_UPGRADE, "upgrade");
	a.ts = &ts;
	ts.resultcxt = CurrentMemoryContext;
	ts.store = schemamig_result_set(fcinfo, &ts.desc);
	calls_locked("trace", trace_body, &a);
	return (Datum) 0;
}
