/*-------------------------------------------------------------------------
 *
 * src/lint/cascade.c
 *	  What a statement reaches through the catalog's dependencies rather
 *	  than its names: the tables LOCK TABLE of a view locks (every table
 *	  its query reads, through the views it reads), and what DROP ...
 *	  CASCADE drops with its objects (materialized views that read them,
 *	  directly or through views; the defaults, constraints, indexes,
 *	  triggers, policies and rules of other tables that use them), each
 *	  read from pg_depend and pg_rewrite as the catalog has them.
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
#include "catalog/pg_policy.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
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

/*
 * The views and materialized views whose _RETURN rule depends on a
 * relation (with attnum, on that column of it), but those in seen: added to
 * seen and todo, and the materialized views to matviews too.
 */
static void
dependent_views(Relation depend, Oid relid, AttrNumber attnum,
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
		AttrNumber	none;
		bool		view_query;
		char		relkind;

		if (dep->classid != RewriteRelationId || dep->deptype != DEPENDENCY_NORMAL)
			continue;
		view = table_of(RewriteRelationId, dep->objid, &none, &view_query);
		if (!view_query || list_member_oid(*seen, view))
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
	ListCell   *lc;

	if (relids == NIL)
		return;
	depend = table_open(DependRelationId, AccessShareLock);
	foreach(lc, relids)
		dependent_views(depend, lfirst_oid(lc), attnum, &seen, &todo, &matviews);
	while (todo != NIL)
	{
		Oid			relid = linitial_oid(todo);

		todo = list_delete_first(todo);
		dependent_views(depend, relid, InvalidAttrNumber, &seen, &todo, &matviews);
	}
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
