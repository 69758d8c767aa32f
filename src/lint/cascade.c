/*-------------------------------------------------------------------------
 *
 * src/lint/cascade.c
 *	  What a statement reaches through the catalog's dependencies rather
 *	  than its names: the tables LOCK TABLE of a view locks (every table
 *	  its query reads, through the views it reads), and what DROP ...
 *	  CASCADE drops with its objects (the materialized views, columns,
 *	  defaults, constraints, indexes, triggers, policies and rules that
 *	  use them, and what uses those in turn), walked through pg_depend as
 *	  findDependentObjects walks it, and read from pg_rewrite as the
 *	  catalog has them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/index.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "nodes/nodeFuncs.h"
#include "rewrite/rewriteSupport.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

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

/* Is a relation a table, partitioned table or materialized view? */
static bool
has_rows_kind(Oid relid)
{
	char		relkind = get_rel_relkind(relid);

	return relkind == RELKIND_RELATION || relkind == RELKIND_PARTITIONED_TABLE ||
		relkind == RELKIND_MATVIEW;
}

/* What DROP ... CASCADE drops, as cascade_walk() finds it. */
typedef struct CascadeWalk
{
	LintState  *st;
	Relation	depend;
	HTAB	   *gone;			/* ObjectAddress: each object that goes */
	List	   *order;			/* ObjectAddress *: the same, as found */
} CascadeWalk;

/* Is an object (a column: or its relation) among those that go? */
static bool
cascade_gone(CascadeWalk *w, Oid classid, Oid objid, int32 subid)
{
	ObjectAddress key;

	memset(&key, 0, sizeof(key));
	key.classId = classid;
	key.objectId = objid;
	if (hash_search(w->gone, &key, HASH_FIND, NULL) != NULL)
		return true;
	key.objectSubId = subid;
	return subid != 0 && hash_search(w->gone, &key, HASH_FIND, NULL) != NULL;
}

/*
 * An object goes, and with it what it is a part of (findDependentObjects
 * drops the owner of an internal part instead: a view for its _RETURN
 * rule, a constraint for its index, a partitioned index for a partition's),
 * read from the object's own pg_depend rows.
 */
static void
cascade_add(CascadeWalk *w, Oid classid, Oid objid, int32 subid)
{
	ObjectAddress key;
	ObjectAddress *entry;
	ScanKeyData keys[3];
	SysScanDesc scan;
	HeapTuple	tup;
	bool		found;

	if (cascade_gone(w, classid, objid, subid))
		return;
	memset(&key, 0, sizeof(key));
	key.classId = classid;
	key.objectId = objid;
	key.objectSubId = subid;
	entry = hash_search(w->gone, &key, HASH_ENTER, &found);
	w->order = lappend(w->order, entry);
	ScanKeyInit(&keys[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(classid));
	ScanKeyInit(&keys[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(objid));
	ScanKeyInit(&keys[2], Anum_pg_depend_objsubid, BTEqualStrategyNumber, F_INT4EQ,
				Int32GetDatum(subid));
	scan = systable_beginscan(w->depend, DependDependerIndexId, true, NULL, 3, keys);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

		if (dep->deptype == DEPENDENCY_INTERNAL || dep->deptype == DEPENDENCY_PARTITION_PRI)
			cascade_add(w, dep->refclassid, dep->refobjid, dep->refobjsubid);
	}
	systable_endscan(scan);
}

/*
 * What depends on an object that goes goes too (the normal dependencies,
 * which only CASCADE drops: lint walks only for it; the automatic and
 * internal ones), as the plan leaves them: not a relation or type of a
 * schema that the plan dropped or moved away, nor a column of a type that
 * the plan dropped or changed to another (the plan's record of columns
 * says).
 */
static void
cascade_walk(CascadeWalk *w, const ObjectAddress *obj)
{
	ScanKeyData keys[3];
	SysScanDesc scan;
	HeapTuple	tup;

	ScanKeyInit(&keys[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(obj->classId));
	ScanKeyInit(&keys[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(obj->objectId));
	ScanKeyInit(&keys[2], Anum_pg_depend_refobjsubid, BTEqualStrategyNumber, F_INT4EQ,
				Int32GetDatum(obj->objectSubId));
	scan = systable_beginscan(w->depend, DependReferenceIndexId, true, NULL,
							  obj->objectSubId != 0 ? 3 : 2, keys);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

		if (dep->classid == RelationRelationId && dep->objsubid == 0 &&
			obj->classId == NamespaceRelationId)
		{
			Oid			nspid;

			if (!lint_table_there(w->st, dep->objid, &nspid) || nspid != obj->objectId)
				continue;
		}
		else if (dep->classid == TypeRelationId && obj->classId == NamespaceRelationId &&
				 !lint_type_there(w->st, dep->objid, obj->objectId))
			continue;
		else if (dep->classid == RelationRelationId && dep->objsubid != 0 &&
				 obj->classId == TypeRelationId && has_rows_kind(dep->objid))
		{
			PlannedColumn *col = lint_column_by_attnum(w->st, dep->objid, (AttrNumber) dep->objsubid);

			if (col == NULL || col->newtype != NULL ||
				col->typid != get_atttype(dep->objid, (AttrNumber) dep->objsubid))
				continue;
		}
		cascade_add(w, dep->classid, dep->objid, dep->objsubid);
	}
	systable_endscan(scan);
}

/*
 * DROP ... CASCADE (of a table, view, materialized view, function,
 * sequence, schema, type or domain) and DROP COLUMN ... CASCADE: what
 * the object (classid, objid, subid) reaches through pg_depend goes, and
 * what that reaches in turn, as findDependentObjects finds it (each object
 * read by index scans of pg_depend), as the plan leaves it before the
 * statement: the objects that go, but the statement's own, for
 * lint_cascade_report() (after the statement's own findings).
 */
List *
lint_cascade_find(LintState *st, Oid classid, Oid objid, int32 subid)
{
	CascadeWalk w;
	HASHCTL		ctl;
	List	   *gone = NIL;
	ListCell   *lc;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(ObjectAddress);
	ctl.entrysize = sizeof(ObjectAddress);
	ctl.hcxt = CurrentMemoryContext;
	w.st = st;
	w.gone = hash_create("lint cascade", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	w.order = NIL;
	w.depend = table_open(DependRelationId, AccessShareLock);
	cascade_add(&w, classid, objid, subid);
	/* (the list grows as it is walked) */
	for (int i = 0; i < list_length(w.order); i++)
		cascade_walk(&w, list_nth(w.order, i));
	table_close(w.depend, AccessShareLock);
	for_each_from(lc, w.order, 1)
	{
		ObjectAddress *obj = palloc(sizeof(ObjectAddress));

		*obj = *(ObjectAddress *) lfirst(lc);
		gone = lappend(gone, obj);
	}
	hash_destroy(w.gone);
	return gone;
}

/*
 * What goes of what lint_cascade_find() found: a table, materialized view
 * or column destroys data (destructive, and ACCESS EXCLUSIVE on its table);
 * a default, constraint, index, trigger, policy or rule takes ACCESS
 * EXCLUSIVE on its table (RemoveAttrDefaultById, RemoveConstraintById,
 * index_drop, RemoveTriggerById, RemovePolicyById, RemoveRewriteRuleById),
 * a foreign key on the table it references too. Nothing on the tables in
 * skip (those the statement reports itself). The plan goes on without them.
 */
void
lint_cascade_report(LintState *st, List *gone, List *skip, const char *what)
{
	List	   *wholes = NIL;
	List	   *destroyed = NIL;
	List	   *locked = NIL;
	List	   *exclusive;
	List	   *columns = NIL;
	HTAB	   *whole_set = lint_oid_set(NIL);
	HTAB	   *skip_set = lint_oid_set(skip);
	HTAB	   *destroyed_set = lint_oid_set(NIL);
	HTAB	   *locked_set = lint_oid_set(NIL);
	ListCell   *lc;

	foreach(lc, gone)
	{
		ObjectAddress *obj = lfirst(lc);

		if (obj->classId == RelationRelationId && obj->objectSubId == 0)
		{
			wholes = lappend_oid(wholes, obj->objectId);
			(void) lint_oid_set_add(whole_set, obj->objectId);
		}
	}
	foreach(lc, gone)
	{
		ObjectAddress *obj = lfirst(lc);
		Oid			relid = InvalidOid;
		AttrNumber	attnum;
		bool		view_query;
		char		relkind;

		if (obj->classId == RelationRelationId)
		{
			relkind = get_rel_relkind(obj->objectId);
			if (relkind == RELKIND_INDEX || relkind == RELKIND_PARTITIONED_INDEX)
				relid = IndexGetRelation(obj->objectId, true);
			else if (has_rows_kind(obj->objectId) && !lint_oid_set_has(skip_set, obj->objectId) &&
					 (obj->objectSubId == 0 || !lint_oid_set_has(whole_set, obj->objectId)))
			{
				/* a table or a column goes (of a partitioned table: its partitions' rows) */
				if (relkind != RELKIND_PARTITIONED_TABLE)
				{
					if (lint_oid_set_add(destroyed_set, obj->objectId))
						destroyed = lappend_oid(destroyed, obj->objectId);
				}
				else if (lint_oid_set_add(locked_set, obj->objectId))
					locked = lappend_oid(locked, obj->objectId);
				if (obj->objectSubId != 0)
					columns = lappend(columns, obj);
			}
		}
		else if (obj->classId == ConstraintRelationId)
		{
			HeapTuple	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(obj->objectId));

			if (HeapTupleIsValid(tup))
			{
				Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

				relid = con->conrelid;
				if (con->contype == CONSTRAINT_FOREIGN && OidIsValid(con->confrelid) &&
					has_rows_kind(con->confrelid) && !lint_oid_set_has(skip_set, con->confrelid) &&
					lint_oid_set_add(locked_set, con->confrelid))
					locked = lappend_oid(locked, con->confrelid);
				ReleaseSysCache(tup);
			}
		}
		else
		{
			relid = table_of(obj->classId, obj->objectId, &attnum, &view_query);
			/* (a view's query goes with the view, found as its owner) */
			if (view_query)
				continue;
		}
		if (OidIsValid(relid) && has_rows_kind(relid) && !lint_oid_set_has(skip_set, relid) &&
			lint_oid_set_add(locked_set, relid))
			locked = lappend_oid(locked, relid);
	}

	foreach(lc, destroyed)
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		lint_destructive(st, &t, what);
	}
	/* (each table once: those destroyed, then those only locked) */
	exclusive = list_copy(destroyed);
	foreach(lc, locked)
	{
		if (!lint_oid_set_has(destroyed_set, lfirst_oid(lc)))
			exclusive = lappend_oid(exclusive, lfirst_oid(lc));
	}
	foreach(lc, exclusive)
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		lint_access_exclusive(st, &t, what);
	}
	/* (a later CREATE ... IF NOT EXISTS makes a table anew) */
	foreach(lc, columns)
	{
		ObjectAddress *obj = lfirst(lc);
		char	   *name = get_attname(obj->objectId, (AttrNumber) obj->objectSubId, true);
		LintTable	t = lint_table_by_oid(st, obj->objectId, false);

		if (name != NULL && OidIsValid(t.relid))
			lint_note_column_dropped(st, &t, name);
	}
	foreach(lc, wholes)
	{
		LintTable	t;

		if (!has_rows_kind(lfirst_oid(lc)) || lint_oid_set_has(skip_set, lfirst_oid(lc)))
			continue;
		t = lint_table_by_oid(st, lfirst_oid(lc), false);
		if (OidIsValid(t.relid))
			lint_note_dropped(st, &t);
	}
}
