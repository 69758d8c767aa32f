/*-------------------------------------------------------------------------
 *
 * src/guards_watch.c
 *	  Whether a revision's SQL changed the guards of schemamig's tables
 *	  while it ran, even when it left them as they were, or left row-level
 *	  security on the tables.
 *
 * A revision whose author may alter schemamig's tables (a superuser's)
 * could disable their guard triggers, rewrite the books it is entered in,
 * and enable the triggers again: guards.c would then find them as
 * installed, and verify() nothing. So when a revision ends, every guard
 * trigger there before it (one on the four tables that calls a function
 * of schemamig's) must be there still, on its table, with neither its
 * pg_trigger row nor its function's pg_proc row written by a command of
 * the revision.
 *
 * Nor may a revision leave row-level security on one of the four tables:
 * enabled (or forced) where it was not before it ran, or a policy it
 * created or altered. A policy would say which rows of the books schemamig
 * and its readers see and write, where only the guards may judge; unlike
 * a guard disabled for a while, RLS switched on and off again within the
 * revision leaves nothing behind (the guards fired throughout), so what
 * counts is what is there when the revision ends.
 *
 * The guards, and whether each table had row-level security, are listed
 * once and the list kept until an invalidation of one of the four tables'
 * relcache entries, or of any function, says they may have changed: every
 * change of a trigger, of a table's row-level security or of its policies
 * invalidates its table's entry, every change of a function its syscache
 * entry, the revision's own at each CommandCounterIncrement. A revision
 * during which none arrived changed nothing of them, and pays no catalog
 * read for this; one during which one did, a fixed number: each guard, and
 * each table's row and policies.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_trigger.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "schemamig.h"

/* A guard trigger as it was listed. */
typedef struct GuardRow
{
	Oid			oid;			/* of its pg_trigger row */
	int			table;			/* index into schemamig_tables[] */
	char		name[NAMEDATALEN];
} GuardRow;

static Oid	table_oids[lengthof(schemamig_tables)];	/* as listed; InvalidOid: none */
static bool table_rls[lengthof(schemamig_tables)];	/* as listed: RLS enabled or forced */
static GuardRow *guards = NULL;		/* in TopMemoryContext */
static int	nguards = 0;
static int	capacity = 0;
static bool stale = true;		/* the list may not be the catalog's */

static void
relcache_changed(Datum arg, Oid relid)
{
	for (size_t i = 0; !stale && i < lengthof(table_oids); i++)
		stale = !OidIsValid(relid) || relid == table_oids[i];
}

static void
function_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	stale = true;
}

/* Register the invalidation callbacks, once per backend (_PG_init()). */
void
guards_watch_init(void)
{
	CacheRegisterRelcacheCallback(relcache_changed, (Datum) 0);
	CacheRegisterSyscacheCallback(PROCOID, function_changed, (Datum) 0);
}

/* Row-level security enabled or forced on a table (false: none, or gone). */
static bool
rls_on(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	bool		on = false;

	if (HeapTupleIsValid(tup))
	{
		Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

		on = c->relrowsecurity || c->relforcerowsecurity;
		ReleaseSysCache(tup);
	}
	return on;
}

/*
 * List the guard triggers of schemamig's tables as the catalog has them,
 * and whether each table has row-level security.
 */
static void
list_guards(void)
{
	Oid			nspid = get_namespace_oid("schemamig", true);
	Relation	rel;

	nguards = 0;
	memset(table_oids, 0, sizeof(table_oids));
	memset(table_rls, 0, sizeof(table_rls));
	if (guards == NULL)
		guards = MemoryContextAlloc(TopMemoryContext, sizeof(GuardRow) * (capacity = 32));
	if (!OidIsValid(nspid))
		return;
	rel = table_open(TriggerRelationId, AccessShareLock);
	for (int t = 0; t < (int) lengthof(schemamig_tables); t++)
	{
		ScanKeyData key;
		SysScanDesc scan;
		HeapTuple	tup;

		table_oids[t] = get_relname_relid(schemamig_tables[t], nspid);
		if (!OidIsValid(table_oids[t]))
			continue;
		table_rls[t] = rls_on(table_oids[t]);
		ScanKeyInit(&key, Anum_pg_trigger_tgrelid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(table_oids[t]));
		scan = systable_beginscan(rel, TriggerRelidNameIndexId, true, NULL, 1, &key);
		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_trigger trig = (Form_pg_trigger) GETSTRUCT(tup);

			if (get_func_namespace(trig->tgfoid) != nspid)
				continue;
			if (nguards == capacity)
				guards = repalloc(guards, sizeof(GuardRow) * (capacity *= 2));
			guards[nguards].oid = trig->oid;
			guards[nguards].table = t;
			strlcpy(guards[nguards].name, NameStr(trig->tgname), NAMEDATALEN);
			nguards++;
		}
		systable_endscan(scan);
	}
	table_close(rel, AccessShareLock);
}

/* Before a revision runs: the guards as they are, listed again if need be. */
void
guards_watch_begin(void)
{
	if (!stale)
		return;

	/*
	 * (an invalidation while listing makes the next end look again; an
	 * error while listing, a cancel or a lock timeout while pg_trigger is
	 * locked, leaves the list stale, or it would stay short: no guard to
	 * look at after the session's next revisions)
	 */
	stale = false;
	PG_TRY();
	{
		list_guards();
	}
	PG_CATCH();
	{
		stale = true;
		PG_RE_THROW();
	}
	PG_END_TRY();
}

/* Is a guard there, on its table, neither it nor its function written since? */
static bool
guard_kept(Relation rel, const GuardRow *g, CommandId since)
{
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	bool		kept = false;

	ScanKeyInit(&key, Anum_pg_trigger_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(g->oid));
	scan = systable_beginscan(rel, TriggerOidIndexId, true, NULL, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)) &&
		((Form_pg_trigger) GETSTRUCT(tup))->tgrelid == table_oids[g->table] &&
		!execute_written_since(tup, since))
	{
		HeapTuple	proc = SearchSysCache1(PROCOID,
										   ObjectIdGetDatum(((Form_pg_trigger) GETSTRUCT(tup))->tgfoid));

		if (HeapTupleIsValid(proc))
		{
			kept = !execute_written_since(proc, since);
			ReleaseSysCache(proc);
		}
	}
	systable_endscan(scan);
	return kept;
}

/*
 * Refuse row-level security that revision rev, run from command "since"
 * on, left on schemamig's table t: switched on, or a policy it created or
 * altered (one index scan of the table's policies).
 */
static void
refuse_rls(const MigRevision *rev, CommandId since, int t)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	char	   *policy = NULL;

	if (!table_rls[t] && rls_on(table_oids[t]))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the SQL of revision %s enabled or forced row-level security on schemamig.%s",
						graph_revision_label(rev), schemamig_tables[t]),
				 errdetail("Policies would then say which rows of schemamig's books its functions and readers see and write, where only its guards may judge them."),
				 errhint("Leave the row-level security of schemamig's tables alone in revisions.")));
	rel = table_open(PolicyRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_policy_polrelid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(table_oids[t]));
	scan = systable_beginscan(rel, PolicyPolrelidPolnameIndexId, true, NULL, 1, &key);
	while (policy == NULL && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		if (execute_written_since(tup, since))
			policy = pstrdup(NameStr(((Form_pg_policy) GETSTRUCT(tup))->polname));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (policy != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the SQL of revision %s created or altered policy \"%s\" on schemamig.%s",
						graph_revision_label(rev), policy, schemamig_tables[t]),
				 errdetail("A policy would say which rows of schemamig's books its functions and readers see and write, once row-level security is enabled, where only its guards may judge them."),
				 errhint("Leave the row-level security of schemamig's tables alone in revisions.")));
}

/*
 * After revision rev ran from command "since" on: when anything may have
 * changed the guards, each listed one must be as it was, but those of a
 * table the revision dropped, which the bookkeeping finds gone; and no
 * table may have row-level security the revision gave it.
 */
void
guards_watch_end(const MigRevision *rev, CommandId since)
{
	Relation	rel;

	/* (the invalidations of the revision's last statement too) */
	CommandCounterIncrement();
	if (!stale)
		return;
	rel = table_open(TriggerRelationId, AccessShareLock);
	for (int g = 0; g < nguards; g++)
	{
		if (!SearchSysCacheExists1(RELOID, ObjectIdGetDatum(table_oids[guards[g].table])) ||
			guard_kept(rel, &guards[g], since))
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the SQL of revision %s changed trigger \"%s\" on schemamig.%s",
						graph_revision_label(rev), guards[g].name, schemamig_tables[guards[g].table]),
				 errdetail("That trigger guards schemamig's books: disabled, dropped or replaced while a revision runs, even if it is put back before the revision ends, it lets the revision's SQL rewrite them."),
				 errhint("Leave schemamig's triggers and functions alone in revisions; repair them as the owner of its tables, outside a migration, as schemamig.verify() says.")));
	}
	table_close(rel, AccessShareLock);
	for (int t = 0; t < (int) lengthof(schemamig_tables); t++)
	{
		if (OidIsValid(table_oids[t]) &&
			SearchSysCacheExists1(RELOID, ObjectIdGetDatum(table_oids[t])))
			refuse_rls(rev, since, t);
	}
}
