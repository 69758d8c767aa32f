/*-------------------------------------------------------------------------
 *
 * src/lint/related.c
 *	  The other tables a statement reaches: those a foreign key joins to
 *	  it, the tables TRUNCATE ... CASCADE empties, and a partitioned
 *	  table's partitions and DEFAULT partition.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/heap.h"
#include "catalog/index.h"
#include "catalog/partition.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "commands/defrem.h"
#include "nodes/nodeFuncs.h"
#include "rewrite/rewriteSupport.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

/* The foreign key a constraint name stands for on a table, if any. */
Oid
lint_foreign_key_target(Oid relid, const char *conname)
{
	Oid			conoid = get_relation_constraint_oid(relid, conname, true);
	HeapTuple	tup;
	Oid			confrelid = InvalidOid;

	if (!OidIsValid(conoid))
		return InvalidOid;
	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

		if (con->contype == CONSTRAINT_FOREIGN)
			confrelid = con->confrelid;
		ReleaseSysCache(tup);
	}
	return confrelid;
}

/* A foreign key of the database, as lint_foreign_key_partners() reads it. */
typedef struct LintForeignKey
{
	Oid			conrelid;		/* the referencing table */
	Oid			confrelid;		/* the referenced one */
	Oid			conindid;		/* the unique index it references */
	int			nkeys;
	AttrNumber *conkey;			/* its columns on each side */
	AttrNumber *confkey;
} LintForeignKey;

/* A foreign key's column list (conkey or confkey), as n attribute numbers. */
static AttrNumber *
key_columns(HeapTuple tup, TupleDesc desc, int keyattr, int *n)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, keyattr, desc, &isnull);
	Datum	   *cols;
	AttrNumber *result;

	*n = 0;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(d), INT2OID, sizeof(int16), true,
					  TYPALIGN_SHORT, &cols, NULL, n);
	result = palloc(sizeof(AttrNumber) * (*n + 1));
	for (int i = 0; i < *n; i++)
		result[i] = DatumGetInt16(cols[i]);
	return result;
}

/*
 * The database's foreign keys, read once per lint() (no index finds those
 * that reference a table) into the plan's memory; a partition's copy of
 * its parent's key is left out, counted as the parent's.
 */
static List *
foreign_keys(LintState *st)
{
	Relation	conrel;
	SysScanDesc scan;
	HeapTuple	tup;
	MemoryContext old;

	if (st->fkeys_read)
		return st->fkeys;
	old = MemoryContextSwitchTo(st->plancxt);
	conrel = table_open(ConstraintRelationId, AccessShareLock);
	scan = systable_beginscan(conrel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);
		LintForeignKey *fk;
		int			n;

		if (con->contype != CONSTRAINT_FOREIGN || OidIsValid(con->conparentid))
			continue;
		fk = palloc(sizeof(LintForeignKey));
		fk->conrelid = con->conrelid;
		fk->confrelid = con->confrelid;
		fk->conindid = con->conindid;
		fk->conkey = key_columns(tup, RelationGetDescr(conrel), Anum_pg_constraint_conkey, &fk->nkeys);
		fk->confkey = key_columns(tup, RelationGetDescr(conrel), Anum_pg_constraint_confkey, &n);
		st->fkeys = lappend(st->fkeys, fk);
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);
	MemoryContextSwitchTo(old);
	st->fkeys_read = true;
	return st->fkeys;
}

/* Does a key's column list hold the column? */
static bool
key_has_column(const AttrNumber *keys, int n, AttrNumber attnum)
{
	for (int i = 0; i < n; i++)
	{
		if (keys[i] == attnum)
			return true;
	}
	return false;
}

/*
 * The tables on the other side of a table's foreign keys: those it
 * references, and with referencing those that reference it; with attnum,
 * only keys that hold that column. The server takes ACCESS EXCLUSIVE on
 * them when it drops such a key (its triggers live on both tables): when
 * the table goes, or when a key column's type changes and the key is made
 * again.
 */
List *
lint_foreign_key_partners(LintState *st, Oid relid, bool referencing, AttrNumber attnum)
{
	List	   *partners = NIL;
	ListCell   *lc;

	foreach(lc, foreign_keys(st))
	{
		LintForeignKey *fk = lfirst(lc);
		Oid			other;
		const AttrNumber *keys;

		if (fk->conrelid == relid)
		{
			other = fk->confrelid;
			keys = fk->conkey;
		}
		else if (fk->confrelid == relid && referencing)
		{
			other = fk->conrelid;
			keys = fk->confkey;
		}
		else
			continue;
		if (other == relid ||
			(attnum != InvalidAttrNumber && !key_has_column(keys, fk->nkeys, attnum)))
			continue;
		partners = list_append_unique_oid(partners, other);
	}
	return partners;
}

/*
 * The unique index a table's primary key, unique or exclusion constraint of
 * the name is built on (InvalidOid: none, or another kind of constraint).
 */
Oid
lint_key_constraint_index(Oid relid, const char *conname)
{
	Oid			conoid = get_relation_constraint_oid(relid, conname, true);
	HeapTuple	tup;
	Oid			indexid = InvalidOid;

	if (!OidIsValid(conoid))
		return InvalidOid;
	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

		if (con->contype == CONSTRAINT_PRIMARY || con->contype == CONSTRAINT_UNIQUE ||
			con->contype == CONSTRAINT_EXCLUSION)
			indexid = con->conindid;
		ReleaseSysCache(tup);
	}
	return indexid;
}

/*
 * The tables whose foreign keys reference an index: dropping the index (or
 * the constraint it backs) with CASCADE drops those keys, and takes ACCESS
 * EXCLUSIVE on each of their tables (without CASCADE it fails).
 */
List *
lint_foreign_keys_on_index(LintState *st, Oid indexid)
{
	List	   *tables = NIL;
	ListCell   *lc;

	foreach(lc, foreign_keys(st))
	{
		LintForeignKey *fk = lfirst(lc);

		if (fk->conindid == indexid && fk->conrelid != fk->confrelid)
			tables = list_append_unique_oid(tables, fk->conrelid);
	}
	return tables;
}

/*
 * ACCESS EXCLUSIVE on tables a statement locks beside those it names (the
 * other tables of foreign keys it drops, a dropped partition's parent),
 * but those in skip (which the statement drops itself).
 */
void
lint_related_locks(LintState *st, List *relids, List *skip, const char *what)
{
	ListCell   *lc;

	foreach(lc, relids)
	{
		LintTable	pt;

		if (list_member_oid(skip, lfirst_oid(lc)))
			continue;
		pt = lint_table_by_oid(st, lfirst_oid(lc), true);
		lint_access_exclusive(st, &pt, what);
	}
}

/* What LOCK TABLE of a view reaches, as view_tables() walks it. */
typedef struct ViewLock
{
	LintState  *st;
	LOCKMODE	mode;
	const char *what;
	List	   *views;			/* those walked, against a loop */
	List	   *tables;			/* those reported */
} ViewLock;

static void lock_view(ViewLock *vl, Oid viewid);

/*
 * A view's query as LockViewRecurse_walker() walks it: each table its range
 * tables name (with the tables under it, unless ONLY) in the lock's mode,
 * each view in turn, in subqueries, CTEs and sublinks too.
 */
static bool
view_tables(Node *node, ViewLock *vl)
{
	ListCell   *lc;

	if (node == NULL)
		return false;
	if (!IsA(node, Query))
		return expression_tree_walker(node, view_tables, vl);
	foreach(lc, ((Query *) node)->rtable)
	{
		RangeTblEntry *rte = lfirst_node(RangeTblEntry, lc);
		LintTable	t;

		if (rte->rtekind != RTE_RELATION)
			continue;
		if (rte->relkind == RELKIND_VIEW)
		{
			lock_view(vl, rte->relid);
			continue;
		}
		/* (the server locks no other kind: a materialized view not) */
		if ((rte->relkind != RELKIND_RELATION && rte->relkind != RELKIND_PARTITIONED_TABLE) ||
			list_member_oid(vl->tables, rte->relid))
			continue;
		vl->tables = lappend_oid(vl->tables, rte->relid);
		t = lint_table_by_oid(vl->st, rte->relid, rte->inh);
		if (vl->mode == AccessExclusiveLock)
			lint_access_exclusive(vl->st, &t, vl->what);
		else
			lint_blocking_lock(vl->st, &t, vl->mode, vl->what);
	}
	return query_tree_walker((Query *) node, view_tables, vl, QTW_IGNORE_JOINALIASES);
}

/* A view's query, read from its _RETURN rule without a lock. */
static void
lock_view(ViewLock *vl, Oid viewid)
{
	HeapTuple	tup;
	Datum		action;
	bool		isnull;
	List	   *queries;

	if (list_member_oid(vl->views, viewid))
		return;
	vl->views = lappend_oid(vl->views, viewid);
	tup = SearchSysCache2(RULERELNAME, ObjectIdGetDatum(viewid), CStringGetDatum(ViewSelectRuleName));
	if (!HeapTupleIsValid(tup))
		return;
	action = SysCacheGetAttr(RULERELNAME, tup, Anum_pg_rewrite_ev_action, &isnull);
	queries = isnull ? NIL : (List *) stringToNode(TextDatumGetCString(action));
	ReleaseSysCache(tup);
	(void) view_tables((Node *) queries, vl);
}

/*
 * LOCK TABLE of a view locks, in the same mode, every table and view its
 * query reads, and theirs (LockViewRecurse): of a view in the catalog.
 */
void
lint_lock_view(LintState *st, const LintTable *view, LOCKMODE mode)
{
	ViewLock	vl = {st, mode, NULL, NIL, NIL};

	if (!OidIsValid(view->relid) || view->is_new)
		return;
	vl.what = psprintf("LOCK TABLE of view %s", view->name);
	lock_view(&vl, view->relid);
}

/* The relation a rule (pg_rewrite's OID) belongs to, if its _RETURN rule. */
static Oid
view_of_rule(Relation rewrite, Oid ruleid)
{
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			relid = InvalidOid;

	ScanKeyInit(&key, Anum_pg_rewrite_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ruleid));
	scan = systable_beginscan(rewrite, RewriteOidIndexId, true, NULL, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_rewrite rule = (Form_pg_rewrite) GETSTRUCT(tup);

		if (strcmp(NameStr(rule->rulename), ViewSelectRuleName) == 0)
			relid = rule->ev_class;
	}
	systable_endscan(scan);
	return relid;
}

/*
 * The views and materialized views whose _RETURN rule depends on a
 * relation (with attnum, on that column of it), but those in seen: added to
 * seen and todo, and the materialized views to matviews too.
 */
static void
dependent_views(Relation depend, Relation rewrite, Oid relid, AttrNumber attnum,
				List **seen, List **todo, List **matviews)
{
	ScanKeyData keys[3];
	SysScanDesc scan;
	HeapTuple	tup;

	ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(RelationRelationId));
	ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(relid));
	ScanKeyInit(&keys[2], Anum_pg_depend_refobjsubid, BTEqualStrategyNumber, F_INT4EQ,
				Int32GetDatum((int32) attnum));
	scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL,
							  attnum != InvalidAttrNumber ? 3 : 2, keys);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);
		Oid			view;
		char		relkind;

		if (dep->classid != RewriteRelationId || dep->deptype != DEPENDENCY_NORMAL ||
			!OidIsValid(view = view_of_rule(rewrite, dep->objid)) ||
			list_member_oid(*seen, view))
			continue;
		relkind = get_rel_relkind(view);
		if (relkind != RELKIND_VIEW && relkind != RELKIND_MATVIEW)
			continue;
		*seen = lappend_oid(*seen, view);
		*todo = lappend_oid(*todo, view);
		if (relkind == RELKIND_MATVIEW)
			*matviews = lappend_oid(*matviews, view);
	}
	systable_endscan(scan);
}

/*
 * DROP ... CASCADE of relations (with attnum, DROP COLUMN ... CASCADE of
 * that column of one) drops the views and materialized views whose query
 * reads one, and those that read them in turn (a view's _RETURN rule
 * depends on what it reads), as the catalog has them: destructive and
 * access-exclusive on each materialized view, but those in skip (which
 * the statement names itself).
 */
void
lint_cascade_matviews(LintState *st, List *relids, AttrNumber attnum, List *skip,
					  const char *what)
{
	List	   *seen = list_copy(relids);
	List	   *todo = NIL;
	List	   *matviews = NIL;
	Relation	depend;
	Relation	rewrite;
	ListCell   *lc;

	if (relids == NIL)
		return;
	depend = table_open(DependRelationId, AccessShareLock);
	rewrite = table_open(RewriteRelationId, AccessShareLock);
	foreach(lc, relids)
		dependent_views(depend, rewrite, lfirst_oid(lc), attnum, &seen, &todo, &matviews);
	while (todo != NIL)
	{
		Oid			relid = linitial_oid(todo);

		todo = list_delete_first(todo);
		dependent_views(depend, rewrite, relid, InvalidAttrNumber, &seen, &todo, &matviews);
	}
	table_close(rewrite, AccessShareLock);
	table_close(depend, AccessShareLock);
	foreach(lc, matviews)
	{
		LintTable	mv = lint_table_by_oid(st, lfirst_oid(lc), false);

		if (list_member_oid(skip, mv.relid))
			continue;
		lint_destructive(st, &mv, what);
		lint_access_exclusive(st, &mv, what);
		/* (a later CREATE ... IF NOT EXISTS creates it anew) */
		lint_note_dropped(st, &mv);
	}
}

/*
 * The table a constraint, default, trigger, policy or rule (by its catalog
 * and OID) belongs to, and for a default its column; InvalidOid: none of
 * those (a domain's constraint). view_query: the rule is a view's query.
 */
static Oid
table_of(Oid classid, Oid objid, AttrNumber *attnum, bool *view_query)
{
	Oid			indexid;
	AttrNumber	oidattr;
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			relid = InvalidOid;

	*attnum = InvalidAttrNumber;
	*view_query = false;
	switch (classid)
	{
		case ConstraintRelationId:
			tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(objid));
			if (HeapTupleIsValid(tup))
			{
				relid = ((Form_pg_constraint) GETSTRUCT(tup))->conrelid;
				ReleaseSysCache(tup);
			}
			return relid;
		case AttrDefaultRelationId:
			indexid = AttrDefaultOidIndexId;
			oidattr = Anum_pg_attrdef_oid;
			break;
		case TriggerRelationId:
			indexid = TriggerOidIndexId;
			oidattr = Anum_pg_trigger_oid;
			break;
		case PolicyRelationId:
			indexid = PolicyOidIndexId;
			oidattr = Anum_pg_policy_oid;
			break;
		case RewriteRelationId:
			indexid = RewriteOidIndexId;
			oidattr = Anum_pg_rewrite_oid;
			break;
		default:
			return InvalidOid;
	}
	rel = table_open(classid, AccessShareLock);
	ScanKeyInit(&key, oidattr, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objid));
	scan = systable_beginscan(rel, indexid, true, NULL, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		if (classid == AttrDefaultRelationId)
		{
			relid = ((Form_pg_attrdef) GETSTRUCT(tup))->adrelid;
			*attnum = ((Form_pg_attrdef) GETSTRUCT(tup))->adnum;
		}
		else if (classid == TriggerRelationId)
			relid = ((Form_pg_trigger) GETSTRUCT(tup))->tgrelid;
		else if (classid == PolicyRelationId)
			relid = ((Form_pg_policy) GETSTRUCT(tup))->polrelid;
		else
		{
			relid = ((Form_pg_rewrite) GETSTRUCT(tup))->ev_class;
			*view_query = strcmp(NameStr(((Form_pg_rewrite) GETSTRUCT(tup))->rulename),
								 ViewSelectRuleName) == 0;
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return relid;
}

/*
 * DROP FUNCTION or DROP SEQUENCE ... CASCADE drops what uses the object
 * (RemoveAttrDefaultById, RemoveConstraintById, RemoveTriggerById,
 * index_drop, RemovePolicyById, RemoveRewriteRuleById each take ACCESS
 * EXCLUSIVE on its table): access-exclusive on the tables of the defaults,
 * constraints, triggers, indexes, policies and rules that use it, also
 * destructive where a generated column goes with its expression, and with
 * views_too on the materialized views that use it, or read a view that
 * does; none on the tables in skip (the statement's own findings).
 */
void
lint_cascade_dependents(LintState *st, Oid classid, Oid objid, List *skip,
						bool views_too, const char *what)
{
	Relation	depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple	tup;
	List	   *locked = NIL;
	List	   *destroyed = NIL;
	List	   *views = NIL;
	ListCell   *lc;

	ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(classid));
	ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(objid));
	scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 2, keys);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);
		Oid			relid;
		AttrNumber	attnum = InvalidAttrNumber;
		bool		view_query = false;
		char		relkind;

		if (dep->deptype != DEPENDENCY_NORMAL)
			continue;
		if (dep->classid == RelationRelationId)
		{
			/* an index that uses it, or a column (which goes) */
			relid = dep->objid;
			attnum = dep->objsubid;
		}
		else
			relid = table_of(dep->classid, dep->objid, &attnum, &view_query);
		if (!OidIsValid(relid))
			continue;
		relkind = get_rel_relkind(relid);
		if (view_query)
		{
			/* the view goes, and what reads it */
			if (!views_too)
				continue;
			views = list_append_unique_oid(views, relid);
			if (relkind == RELKIND_MATVIEW)
				destroyed = list_append_unique_oid(destroyed, relid);
			continue;
		}
		if (relkind == RELKIND_INDEX || relkind == RELKIND_PARTITIONED_INDEX)
			relid = IndexGetRelation(relid, true);
		if (!OidIsValid(relid) || list_member_oid(skip, relid) ||
			(relkind != RELKIND_INDEX && relkind != RELKIND_PARTITIONED_INDEX &&
			 relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
			 relkind != RELKIND_MATVIEW))
			continue;
		locked = list_append_unique_oid(locked, relid);
		/* a column of pg_class's, or one whose generated value goes */
		if (attnum != InvalidAttrNumber &&
			(dep->classid == RelationRelationId || get_attgenerated(relid, attnum) != '\0'))
			destroyed = list_append_unique_oid(destroyed, relid);
	}
	systable_endscan(scan);
	table_close(depend, AccessShareLock);

	foreach(lc, destroyed)
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		lint_destructive(st, &t, what);
	}
	foreach(lc, list_concat_unique_oid(list_copy(destroyed), locked))
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		lint_access_exclusive(st, &t, what);
	}
	lint_cascade_matviews(st, views, InvalidAttrNumber, NIL, what);
}

/*
 * Adding a foreign key (ADD CONSTRAINT, a column's REFERENCES, one of
 * CREATE TABLE) takes SHARE ROW EXCLUSIVE on the table it references
 * (ATAddForeignKeyConstraint), NOT VALID or not: of constraints, those.
 */
void
lint_references_locks(LintState *st, List *constraints, const char *what)
{
	ListCell   *lc;

	foreach(lc, constraints)
	{
		Constraint *c = lfirst_node(Constraint, lc);
		LintTable	ref;

		if (c->contype != CONSTR_FOREIGN)
			continue;
		ref = lint_lookup_table(st, c->pktable);
		lint_lock_wait(st, &ref, what, ShareRowExclusiveLock);
	}
}

/*
 * Dropping a partition takes ACCESS EXCLUSIVE on its parent too, and on
 * the parent's DEFAULT partition, whose constraint changes
 * (heap_drop_with_catalog): on each of parents, and their DEFAULT
 * partitions, but those the statement drops itself.
 */
void
lint_partition_parent_locks(LintState *st, List *parents, List *dropped, const char *statement)
{
	List	   *defaults = NIL;
	ListCell   *lc;

	foreach(lc, parents)
	{
		Oid			def = get_default_partition_oid(lfirst_oid(lc));

		/* (the catalog's DEFAULT partition, unless the plan detached it) */
		if (OidIsValid(def) && !list_member_oid(dropped, lfirst_oid(lc)) &&
			lint_partition_parent_of(st, def) == lfirst_oid(lc))
			defaults = list_append_unique_oid(defaults, def);
	}
	lint_related_locks(st, parents, dropped, psprintf("%s, which drops a partition of it,", statement));
	lint_related_locks(st, defaults, dropped,
						   psprintf("%s, which drops another partition of its parent,", statement));
}

/*
 * TRUNCATE ... CASCADE also empties every table with a foreign key that
 * references a table it empties, and so on: found as the server finds them
 * (ExecuteTruncate), and each taken alone (the server adds no children of
 * its own for them; a partition's foreign key is a constraint of its own).
 */
void
lint_truncate_cascade(LintState *st, List *relids)
{
	List	   *found;

	while ((found = list_difference_oid(heap_truncate_find_FKs(relids), relids)) != NIL)
	{
		ListCell   *lc;

		foreach(lc, found)
		{
			LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

			lint_destructive(st, &t, "TRUNCATE ... CASCADE");
			lint_access_exclusive(st, &t, "TRUNCATE ... CASCADE");
		}
		relids = list_concat(relids, found);
	}
}

/*
 * The parent's DEFAULT partition, when a partition is attached, detached or
 * created: the server takes ACCESS EXCLUSIVE on it and, but for a detach,
 * scans it for rows that belong to the new partition's bound (unless its
 * own constraints rule them out).
 */
static void
default_partition(LintState *st, const LintTable *parent, Oid except,
				  const char *what, bool scan)
{
	Oid			def;
	LintTable	dt;

	if (!OidIsValid(parent->relid) || parent->is_new ||
		!OidIsValid(def = get_default_partition_oid(parent->relid)) || def == except ||
		lint_partition_parent_of(st, def) != parent->relid)
		return;
	dt = lint_table_by_oid(st, def, true);
	what = psprintf("%s of %s", what, parent->name);
	lint_access_exclusive(st, &dt, what);
	if (scan)
		lint_validating_scan(st, &dt, what,
							 "The DEFAULT partition is scanned for rows of the new bound unless a valid CHECK constraint on it excludes them: add one first (NOT VALID, then VALIDATE CONSTRAINT in an earlier revision), or keep the DEFAULT partition small.");
}

/*
 * ALTER TABLE ... ATTACH PARTITION takes ACCESS EXCLUSIVE on the table it
 * attaches and scans it for rows outside the bound, DETACH PARTITION takes
 * it on the partition (ATExecAttachPartition, ATExecDetachPartition); the
 * lock on the parent is AlterTableGetLockLevel()'s. DETACH ... CONCURRENTLY
 * takes weaker locks.
 */
void
lint_check_partition_cmd(LintState *st, const LintTable *parent, AlterTableCmd *cmd)
{
	PartitionCmd *pc = castNode(PartitionCmd, cmd->def);
	bool		attach = cmd->subtype == AT_AttachPartition;
	const char *what = attach ? "ATTACH PARTITION" : "DETACH PARTITION";
	LintTable	part;

	part = lint_lookup_table(st, pc->name);
	if (pc->concurrent)
	{
		if (!attach)
			lint_not_in_transaction(st, "DETACH PARTITION ... CONCURRENTLY");
	}
	else
	{
		lint_access_exclusive(st, &part, what);
		if (attach)
			lint_validating_scan(st, &part, what,
								 "Add a CHECK constraint that matches the partition bound first (NOT VALID, then VALIDATE CONSTRAINT in an earlier revision): the server then skips the scan.");
		default_partition(st, parent, part.relid, what, attach);
	}
	lint_note_partition(st, &part, attach && !parent->is_new ? parent->relid : InvalidOid);
	if (OidIsValid(part.relid) && !part.is_new && OidIsValid(parent->relid) && !parent->is_new)
		lint_note_constraints_inherited(st, part.relid, parent->relid, attach);
}

/*
 * CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the parent
 * (DefineRelation) and on its DEFAULT partition, which it scans.
 */
void
lint_check_partition_of(LintState *st, CreateStmt *stmt)
{
	LintTable	parent = lint_lookup_table(st, linitial_node(RangeVar, stmt->inhRelations));
	LintTable	part;

	lint_access_exclusive(st, &parent, "CREATE TABLE ... PARTITION OF");
	if (!stmt->partbound->is_default)
		default_partition(st, &parent, InvalidOid, "CREATE TABLE ... PARTITION OF", true);
	part = lint_lookup_table(st, stmt->relation);
	lint_note_partition(st, &part, parent.is_new ? InvalidOid : parent.relid);
}
