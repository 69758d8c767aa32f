/*-------------------------------------------------------------------------
 *
 * src/autogen/reach.c
 *	  What a model may reach outside its scratch schema: refusing (0A000) a
 *	  model that made an object elsewhere, or that used or changed one of
 *	  the schema it describes that it does not make.
 *
 * The model runs in a subtransaction that is always rolled back, so what
 * it did outside the scratch schema leaves no trace in the catalog that
 * diff() reads next: the SQL would drop what the model used there, or
 * leave out what it changed, without a word. These checks run after the
 * model, still inside its subtransaction: they know the catalog rows it
 * wrote by their xids, and what was there before by a snapshot taken
 * before it ran.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_attrdef.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_index.h"
#include "catalog/pg_largeobject.h"
#include "catalog/pg_description.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_sequence.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "autogen.h"

/*
 * Did the model insert (or update) a catalog row? Its rows carry xids of
 * the model's subtransaction or of those under it, none older than first.
 */
static bool
by_model(HeapTuple tup, TransactionId first)
{
	TransactionId xmin = HeapTupleHeaderGetXmin(tup->t_data);

	return !TransactionIdPrecedes(xmin, first) && TransactionIdIsCurrentTransactionId(xmin);
}

/*
 * The whole object an object is part of (a table for its index or
 * constraint, a type for its array), through the automatic and internal
 * dependencies that make it so, as pg_depend is in snapshot (NULL: now);
 * *extension tells whether it, or what it is part of, is an extension's.
 */
static ObjectAddress
whole_object(Relation depend, ObjectAddress obj, bool *extension, Snapshot snapshot)
{
	*extension = false;
	for (int depth = 0; depth < 8 && !*extension; depth++)
	{
		ScanKeyData key[2];
		SysScanDesc scan;
		HeapTuple	tup;
		ObjectAddress whole = obj;

		ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(obj.classId));
		ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(obj.objectId));
		scan = systable_beginscan(depend, DependDependerIndexId, true, snapshot, 2, key);
		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

			if (dep->deptype == DEPENDENCY_EXTENSION)
				*extension = true;
			else if ((dep->deptype == DEPENDENCY_AUTO || dep->deptype == DEPENDENCY_INTERNAL) &&
					 whole.classId == obj.classId && whole.objectId == obj.objectId)
				ObjectAddressSet(whole, dep->refclassid, dep->refobjid);
		}
		systable_endscan(scan);
		if (*extension || (whole.classId == obj.classId && whole.objectId == obj.objectId))
			break;
		obj = whole;
	}
	return obj;
}

/*
 * Was obj there before the model ran? *nsp is then its schema (InvalidOid
 * for an object of a kind that has none).
 */
static bool
found_before(ObjectAddress obj, const AgReach *r, Oid *nsp)
{
	Relation	catalog = table_open(obj.classId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	AttrNumber	nspatt = get_object_attnum_namespace(obj.classId);
	bool		found;

	ScanKeyInit(&key, get_object_attnum_oid(obj.classId), BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(obj.objectId));
	scan = systable_beginscan(catalog, get_object_oid_index(obj.classId), true, r->before, 1, &key);
	tup = systable_getnext(scan);
	found = HeapTupleIsValid(tup);
	*nsp = InvalidOid;
	if (found && nspatt != InvalidAttrNumber)
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, nspatt, RelationGetDescr(catalog), &isnull);

		if (!isnull)
			*nsp = DatumGetObjectId(d);
	}
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
	return found;
}

/*
 * Did the model make obj? The snapshot taken before it ran does not see
 * an object it made, however often it changed it since (ALTER TABLE ...
 * SET SCHEMA included), and sees every other.
 */
static bool
made_by_model(ObjectAddress obj, const AgReach *r)
{
	Oid			nsp;

	return !found_before(obj, r, &nsp);
}

/*
 * The hint for a model that uses or changes obj of schema target (an
 * errhint() call): when the model makes a relation or type of that name
 * itself, its qualified name found the schema's instead.
 */
static int
hint_own_object(const ObjectAddress *obj, const AgReach *r, const char *otherwise)
{
	char	   *name = NULL;
	bool		own = false;

	if (obj->classId == RelationRelationId)
	{
		name = get_rel_name(obj->objectId);
		own = name && OidIsValid(get_relname_relid(name, r->scratch));
	}
	else if (obj->classId == TypeRelationId)
	{
		HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(obj->objectId));

		if (HeapTupleIsValid(tup))
		{
			name = pstrdup(NameStr(((Form_pg_type) GETSTRUCT(tup))->typname));
			ReleaseSysCache(tup);
			own = OidIsValid(GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
											 CStringGetDatum(name),
											 ObjectIdGetDatum(r->scratch)));
		}
	}
	if (own)
		return errhint("The model makes its own \"%s\": write its name without the schema \"%s\", which finds the one that is there already.",
					   name, r->schema);
	return errhint("%s", otherwise);
}

/*
 * Refuse a model that changed obj of schema target, which it does not
 * make: the SQL would drop it (missing from the model), or leave the
 * change out when obj is an extension's.
 */
static void
refuse_change(const ObjectAddress *obj, const AgReach *r, bool extension)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("the model changed %s, which it does not make",
					getObjectDescription(obj, false)),
			 extension ?
			 errdetail("diff() compares what the model makes with schema \"%s\": what the model only changes there is missing from the model, and the SQL would leave it out.",
					   r->schema) :
			 errdetail("diff() compares what the model makes with schema \"%s\": what the model only changes there is missing from the model, and the SQL would drop it.",
					   r->schema),
			 extension ?
			 errhint("An extension's objects are the extension's: a model may use them, not change them.") :
			 hint_own_object(obj, r, "Make it in the model.")));
}

/*
 * obj described as the model names it: without the scratch schema, whose
 * name is the session's (an object of another schema keeps its schema).
 */
static char *
scratch_description(const ObjectAddress *obj, const AgReach *r)
{
	int			level = autogen_search_path(get_namespace_name(r->scratch), NULL);
	char	   *desc = getObjectDescription(obj, false);

	AtEOXact_GUC(true, level);
	return desc;
}

/*
 * Refuse a model that makes obj (its catalog row tup) in the scratch
 * schema under the name (for a routine, the name and arguments) of an
 * extension's object in schema target: diff() leaves that one out of what
 * it compares, so the SQL would make the model's there, where CREATE fails
 * and CREATE OR REPLACE changes the extension's.
 */
static void
refuse_extension_namesake(const ObjectAddress *obj, HeapTuple tup, const AgReach *r)
{
	ObjectAddress same;
	Relation	depend;
	bool		extension;

	ObjectAddressSet(same, obj->classId, InvalidOid);
	if (obj->classId == RelationRelationId)
		same.objectId = get_relname_relid(NameStr(((Form_pg_class) GETSTRUCT(tup))->relname),
										  r->target);
	else if (obj->classId == TypeRelationId)
	{
		Form_pg_type t = (Form_pg_type) GETSTRUCT(tup);

		/* (a table's row type and an array type come with what they are of) */
		if (!OidIsValid(t->typrelid) && !IsTrueArrayType(t))
			same.objectId = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
											CStringGetDatum(NameStr(t->typname)),
											ObjectIdGetDatum(r->target));
	}
	else
	{
		Form_pg_proc p = (Form_pg_proc) GETSTRUCT(tup);

		same.objectId = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid,
										CStringGetDatum(NameStr(p->proname)),
										PointerGetDatum(&p->proargtypes),
										ObjectIdGetDatum(r->target));
	}
	if (!OidIsValid(same.objectId))
		return;
	depend = table_open(DependRelationId, AccessShareLock);
	(void) whole_object(depend, same, &extension, NULL);
	table_close(depend, AccessShareLock);
	if (!extension)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("the model makes %s, which has the name of %s",
					scratch_description(obj, r), getObjectDescription(&same, false)),
			 errdetail("That one is an extension's, which diff() leaves out of what it compares with schema \"%s\": the SQL would make the model's there, where CREATE fails and CREATE OR REPLACE changes the extension's.",
					   r->schema),
			 errhint("Give the model's another name, or use the extension's.")));
}

/*
 * Refuse a model that made a table, type or routine outside the scratch
 * schema (and pg_temp): a schema-qualified name, or a search_path it set
 * (pg_dump's output sets one), would leave that object out of what is
 * read, and the migration would drop or miss it without a word; so would
 * one it made in the scratch schema and then moved (SET SCHEMA). What it
 * changed of an object made before is refuse_changed_rows()'s. The three
 * catalogs are scanned whole, once per diff().
 */
static void
refuse_made_elsewhere(const AgReach *r)
{
	static const struct
	{
		Oid			catalog;
		AttrNumber	oid;
		AttrNumber	nsp;
	}			cats[] = {
		{RelationRelationId, Anum_pg_class_oid, Anum_pg_class_relnamespace},
		{TypeRelationId, Anum_pg_type_oid, Anum_pg_type_typnamespace},
		{ProcedureRelationId, Anum_pg_proc_oid, Anum_pg_proc_pronamespace},
	};

	for (int i = 0; i < (int) lengthof(cats); i++)
	{
		Relation	rel = table_open(cats[i].catalog, AccessShareLock);
		SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
		HeapTuple	tup;

		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			bool		isnull;
			Oid			nsp;
			ObjectAddress addr;

			if (!by_model(tup, r->first))
				continue;
			nsp = DatumGetObjectId(heap_getattr(tup, cats[i].nsp, RelationGetDescr(rel), &isnull));
			ObjectAddressSet(addr, cats[i].catalog,
							 DatumGetObjectId(heap_getattr(tup, cats[i].oid, RelationGetDescr(rel), &isnull)));
			if (nsp == r->scratch && OidIsValid(r->target))
				refuse_extension_namesake(&addr, tup, r);
			if (nsp == r->scratch || nsp == PG_TOAST_NAMESPACE || isAnyTempNamespace(nsp))
				continue;
			/* (a change of what was there: refuse_changed_rows()) */
			if ((tup->t_data->t_infomask & HEAP_UPDATED) != 0 && !made_by_model(addr, r))
				continue;
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("the model made %s, outside the schema it describes",
							getObjectDescription(&addr, false)),
					 errdetail("diff() reads what the model makes in a scratch schema that stands for schema \"%s\"; an object the model puts in another schema would be missing from the SQL it writes.",
							   r->schema),
					 errhint("Write the model's names without a schema, and let it leave search_path as it is.")));
		}
		systable_endscan(scan);
		table_close(rel, AccessShareLock);
	}
}

/*
 * The catalogs whose rows a model writes when it changes an object that
 * was there before it ran, and how a row names that object: by its own oid
 * (class), by the relation it is of (class and the column holding its oid),
 * or by a class and an oid it holds (classatt and oidatt); a trigger or
 * an index by itself, as the table it is part of may not be the one it is
 * on (a foreign key's triggers on the table it references are the
 * referencing table's, and go when the model drops that). All are read
 * for rows of what was there that the model changed or deleted; those
 * marked added also for rows it added (a column, a comment, a dependency:
 * a part it added, such as a check or a default, refuse_target_uses()
 * refuses by its dependency). cache finds a row as it is now by oidatt
 * (pg_attribute's by attnum too), for row_kept(); -1: none.
 */
typedef struct ChangeCatalog
{
	Oid			catalog;
	Oid			class;			/* InvalidOid: classatt holds it */
	AttrNumber	classatt;
	AttrNumber	oidatt;
	bool		added;
	int			cache;
} ChangeCatalog;

static const ChangeCatalog change_catalogs[] = {
	{RelationRelationId, RelationRelationId, 0, Anum_pg_class_oid, false, RELOID},
	{TypeRelationId, TypeRelationId, 0, Anum_pg_type_oid, false, TYPEOID},
	{ProcedureRelationId, ProcedureRelationId, 0, Anum_pg_proc_oid, false, PROCOID},
	{OperatorRelationId, OperatorRelationId, 0, Anum_pg_operator_oid, false, OPEROID},
	{SequenceRelationId, RelationRelationId, 0, Anum_pg_sequence_seqrelid, false, SEQRELID},
	{AttrDefaultRelationId, RelationRelationId, 0, Anum_pg_attrdef_adrelid, false, -1},
	{PolicyRelationId, RelationRelationId, 0, Anum_pg_policy_polrelid, false, -1},
	{RewriteRelationId, RelationRelationId, 0, Anum_pg_rewrite_ev_class, false, -1},
	{TriggerRelationId, TriggerRelationId, 0, Anum_pg_trigger_oid, false, -1},
	{IndexRelationId, RelationRelationId, 0, Anum_pg_index_indexrelid, false, INDEXRELID},
	{ConstraintRelationId, InvalidOid, 0, 0, false, -1},
	{AttributeRelationId, RelationRelationId, 0, Anum_pg_attribute_attrelid, true, ATTNUM},
	{DescriptionRelationId, InvalidOid, Anum_pg_description_classoid, Anum_pg_description_objoid, true, -1},
	{DependRelationId, InvalidOid, Anum_pg_depend_classid, Anum_pg_depend_objid, true, -1},
};

/* The object a row of catalog c is about. */
static ObjectAddress
row_object(const ChangeCatalog *c, HeapTuple tup, TupleDesc desc)
{
	ObjectAddress obj;
	bool		isnull;

	if (c->catalog == ConstraintRelationId)
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

		if (OidIsValid(con->conrelid))
			ObjectAddressSet(obj, RelationRelationId, con->conrelid);
		else
			ObjectAddressSet(obj, TypeRelationId, con->contypid);
	}
	else if (OidIsValid(c->class))
		ObjectAddressSet(obj, c->class,
						 DatumGetObjectId(heap_getattr(tup, c->oidatt, desc, &isnull)));
	else
		ObjectAddressSet(obj, DatumGetObjectId(heap_getattr(tup, c->classatt, desc, &isnull)),
						 DatumGetObjectId(heap_getattr(tup, c->oidatt, desc, &isnull)));
	return obj;
}

/*
 * Did the model update or delete this row, as the snapshot taken before it
 * ran sees it?
 */
static bool
changed_by_model(HeapTuple tup, TransactionId first)
{
	TransactionId xmax;

	if ((tup->t_data->t_infomask & HEAP_XMAX_INVALID) != 0 ||
		HEAP_XMAX_IS_LOCKED_ONLY(tup->t_data->t_infomask))
		return false;
	xmax = HeapTupleHeaderGetUpdateXid(tup->t_data);
	return TransactionIdIsValid(xmax) && !TransactionIdPrecedes(xmax, first) &&
		TransactionIdIsCurrentTransactionId(xmax);
}

/*
 * Are rows a and b of a catalog (desc) the same? Of pg_class rows
 * (relation), the columns that a model using the relation changes without
 * changing it are not compared: statistics and the flags a foreign key to
 * it (relhastriggers) or a table inheriting it (relhassubclass) set, or a
 * new file (TRUNCATE of an extension's table, whose rows the model may
 * write).
 */
static bool
same_row(HeapTuple a, HeapTuple b, TupleDesc desc, bool relation)
{
	static const AttrNumber kept[] = {
		Anum_pg_class_relfilenode, Anum_pg_class_relpages, Anum_pg_class_reltuples,
		Anum_pg_class_relallvisible,
#if PG_VERSION_NUM >= 180000
		Anum_pg_class_relallfrozen,
#endif
		Anum_pg_class_relhasindex, Anum_pg_class_relhastriggers,
		Anum_pg_class_relhassubclass, Anum_pg_class_relispopulated,
		Anum_pg_class_relfrozenxid, Anum_pg_class_relminmxid,
	};
	bool		same = true;

	for (int att = 1; same && att <= desc->natts; att++)
	{
		Form_pg_attribute at = TupleDescAttr(desc, att - 1);
		bool		anull;
		bool		bnull;
		Datum		av;
		Datum		bv;
		bool		skip = false;

		for (int k = 0; relation && k < (int) lengthof(kept); k++)
			skip |= kept[k] == att;
		if (skip)
			continue;
		av = heap_getattr(a, att, desc, &anull);
		bv = heap_getattr(b, att, desc, &bnull);
		same = anull == bnull &&
			(anull || datum_image_eq(av, bv, at->attbyval, at->attlen));
	}
	return same;
}

/*
 * Is old, a row of catalog c as it was that the model changed, as it was
 * again now (a column renamed and renamed back; of pg_class, see
 * same_row())? Only the catalogs whose rows a syscache finds by their key
 * are compared so; another's row changed is a change.
 */
static bool
row_kept(const ChangeCatalog *c, HeapTuple old, TupleDesc desc)
{
	HeapTuple	now;
	bool		same;
	bool		isnull;
	Datum		key;

	if (c->cache < 0)
		return false;
	key = heap_getattr(old, c->oidatt, desc, &isnull);
	now = c->catalog == AttributeRelationId ?
		SearchSysCache2(c->cache, key, Int16GetDatum(((Form_pg_attribute) GETSTRUCT(old))->attnum)) :
		SearchSysCache1(c->cache, key);
	if (!HeapTupleIsValid(now))
		return false;
	same = same_row(old, now, desc, c->catalog == RelationRelationId);
	ReleaseSysCache(now);
	return same;
}

/*
 * Is tup, a pg_attribute row the model wrote, the column as it was before
 * the model ran (renamed and renamed back)? The row as it was is found by
 * its key in snapshot r->before.
 */
static bool
attribute_as_before(HeapTuple tup, TupleDesc desc, Relation rel, const AgReach *r)
{
	Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(tup);
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple	old;
	bool		same = false;

	ScanKeyInit(&keys[0], Anum_pg_attribute_attrelid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(att->attrelid));
	ScanKeyInit(&keys[1], Anum_pg_attribute_attnum, BTEqualStrategyNumber, F_INT2EQ,
				Int16GetDatum(att->attnum));
	scan = systable_beginscan(rel, AttributeRelidNumIndexId, true, r->before, 2, keys);
	if (HeapTupleIsValid(old = systable_getnext(scan)))
		same = same_row(old, tup, desc, false);
	systable_endscan(scan);
	return same;
}

/*
 * Refuse a model that made an object a member of an extension that was
 * there before it ran (ALTER EXTENSION ... ADD): diff() leaves an
 * extension's objects out, so the object would be missing from the SQL
 * (the model's) or its change left out (the schema's).
 */
static void
refuse_extension_member(HeapTuple tup, const AgReach *r)
{
	Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);
	ObjectAddress obj;
	ObjectAddress ext;

	ObjectAddressSet(ext, dep->refclassid, dep->refobjid);
	if (made_by_model(ext, r))
		return;
	ObjectAddressSet(obj, dep->classid, dep->objid);
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("the model made %s a member of %s",
					scratch_description(&obj, r), getObjectDescription(&ext, false)),
			 errdetail("diff() leaves an extension's objects out of what it compares with schema \"%s\": the SQL would leave this one out.",
					   r->schema),
			 errhint("Leave ALTER EXTENSION out of the model.")));
}

/*
 * Refuse a model that changed an object of schema target that was there
 * before it ran, and that it does not make: the schema's own (the SQL
 * would drop it, missing from the model) or an extension's (the SQL would
 * leave the change out). Such a change need not add a dependency, a part
 * or a row to pg_class, pg_type or pg_proc that the other checks see: a
 * column added, renamed, dropped or given NOT NULL, a comment, a grant, a
 * routine's new name or settings, a domain's default, a sequence's
 * increment, a policy, rule or trigger altered, an object moved out of
 * an extension. The catalogs are scanned whole as they were before the model
 * (for rows it updated or deleted) and as they are (for rows it added),
 * once per diff(). An object it dropped is not refused (the SQL drops
 * what the model does not make), nor an extension it created (extensions
 * are not covered), nor a row it changed back to what it was (a column
 * renamed and renamed back: row_kept(), attribute_as_before()). A model
 * that made any object a member of an extension that was there is refused
 * too: the object would be that extension's, and left out.
 */
static void
refuse_changed_rows(const AgReach *r)
{
	Relation	depend = table_open(DependRelationId, AccessShareLock);

	for (int i = 0; i < (int) lengthof(change_catalogs); i++)
	{
		const ChangeCatalog *c = &change_catalogs[i];
		Relation	rel = table_open(c->catalog, AccessShareLock);
		TupleDesc	desc = RelationGetDescr(rel);

		for (int pass = 0; pass < (c->added ? 2 : 1); pass++)
		{
			bool		was = pass == 0;
			SysScanDesc scan = systable_beginscan(rel, InvalidOid, false,
												  was ? r->before : NULL, 0, NULL);
			HeapTuple	tup;
			ObjectAddress last = InvalidObjectAddress;

			while (HeapTupleIsValid(tup = systable_getnext(scan)))
			{
				ObjectAddress obj;
				bool		extension;
				Oid			nsp;

				if (was ? !changed_by_model(tup, r->first) : !by_model(tup, r->first))
					continue;
				if (was ? row_kept(c, tup, desc) :
					c->catalog == AttributeRelationId &&
					attribute_as_before(tup, desc, rel, r))
					continue;
				if (!was && c->catalog == DependRelationId &&
					((Form_pg_depend) GETSTRUCT(tup))->deptype == DEPENDENCY_EXTENSION)
					refuse_extension_member(tup, r);
				obj = row_object(c, tup, desc);
				/*
				 * (a table's columns come one after another: judged once; a
				 * large object is of no schema, and its oid is not in the
				 * catalog its class names)
				 */
				if ((obj.classId == last.classId && obj.objectId == last.objectId) ||
					!is_objectclass_supported(obj.classId) || obj.classId == LargeObjectRelationId)
					continue;
				last = obj;
				/* (most rows added are of what the model made: one lookup) */
				if (!was && !found_before(obj, r, &nsp))
					continue;
				obj = whole_object(depend, obj, &extension, r->before);
				/* (only an object of a schema can be schema target's) */
				if (!is_objectclass_supported(obj.classId) ||
					get_object_attnum_namespace(obj.classId) == InvalidAttrNumber ||
					!found_before(obj, r, &nsp) || nsp != r->target ||
					getObjectDescription(&obj, true) == NULL)
					continue;
				refuse_change(&obj, r, extension);
			}
			systable_endscan(scan);
		}
		table_close(rel, AccessShareLock);
	}
	table_close(depend, AccessShareLock);
}

/*
 * Refuse a model that added, renamed or reordered a value of an enum of
 * the schema it describes (ALTER TYPE ... ADD VALUE, RENAME VALUE, on the
 * schema's own enum or an extension's there): a pg_enum row records no
 * dependency and takes no relation lock, nor does it touch the type's
 * pg_type row, so neither refuse_made_elsewhere() nor the checks of what
 * the model uses see it, and the change, rolled back with the model, was
 * missing from the SQL without a word. pg_enum is scanned whole, once per
 * diff().
 */
static void
refuse_enum_changes(const AgReach *r)
{
	Relation	rel = table_open(EnumRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple	tup;

	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		ObjectAddress type;

		if (!by_model(tup, r->first))
			continue;
		ObjectAddressSet(type, TypeRelationId, ((Form_pg_enum) GETSTRUCT(tup))->enumtypid);
		if (get_object_namespace(&type) != r->target)
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the model changed the values of %s, which it does not make",
						getObjectDescription(&type, false)),
				 errdetail("diff() compares what the model makes with schema \"%s\": what the model only changes there is missing from the model, and the SQL would leave it out.",
						   r->schema),
				 errhint("Make the enum in the model, with its values as they should be.")));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/*
 * Refuse a model that dropped or changed an extension that was there
 * before it ran (DROP EXTENSION, ALTER EXTENSION ... UPDATE, SET SCHEMA,
 * also from a DO block): autogenerate does not cover extensions, so the
 * SQL would leave the extension as it is, and what the model then made
 * under the name of one of its objects (a type citext, a function
 * citext(boolean)) would fail when applied, or replace the extension's
 * (CREATE OR REPLACE FUNCTION). pg_extension is scanned whole as it was
 * before the model, once per diff().
 */
static void
refuse_extension_changes(const AgReach *r)
{
	Relation	rel = table_open(ExtensionRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, r->before, 0, NULL);
	HeapTuple	tup;

	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_extension ext = (Form_pg_extension) GETSTRUCT(tup);
		bool		dropped;

		if (!changed_by_model(tup, r->first))
			continue;
		dropped = get_extension_name(ext->oid) == NULL;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the model %s extension %s, which autogenerate does not cover",
						dropped ? "dropped" : "changed", quote_identifier(NameStr(ext->extname))),
				 errdetail("diff() writes no statement for an extension: the SQL would leave extension %s as it is, so it would not do what the model says, and what the model makes in place of the extension's objects could fail when applied or replace them.",
						   quote_identifier(NameStr(ext->extname))),
				 errhint("%s the extension in a revision of your own, and leave it out of the model.",
						 dropped ? "Drop" : "Change")));
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/* Refuse a model that uses obj of schema, which it does not make. */
static void
refuse_use(const ObjectAddress *obj, const AgReach *r)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("the model uses %s, which it does not make",
					getObjectDescription(obj, false)),
			 errdetail("diff() compares what the model makes with schema \"%s\": what the model only finds there is missing from the model, and the SQL would drop it.",
					   r->schema),
			 hint_own_object(obj, r,
							 psprintf("Make it in the model too. From schema \"%s\" itself, a model may use only what extensions installed there provide.",
									  r->schema))));
}

/*
 * Refuse a model whose objects use one of schema target's that is not an
 * extension's (by a qualified name, or an unqualified one when the schema
 * is on its path): the model would not have it, and the migration would
 * drop it. An extension's it may use, but not give a part of its own (an
 * index, a trigger, a domain's check). pg_depend's rows the model inserted
 * (as refuse_made_elsewhere() finds them) are scanned whole, once per
 * diff().
 */
static void
refuse_target_uses(const AgReach *r)
{
	Relation	rel = table_open(DependRelationId, AccessShareLock);
	SysScanDesc scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	HeapTuple	tup;

	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);
		ObjectAddress ref;
		bool		extension;

		if (!by_model(tup, r->first) || !is_objectclass_supported(dep->refclassid) ||
			get_object_attnum_namespace(dep->refclassid) == InvalidAttrNumber)
			continue;
		ObjectAddressSet(ref, dep->refclassid, dep->refobjid);
		if (get_object_namespace(&ref) != r->target)
			continue;
		ref = whole_object(rel, ref, &extension, NULL);
		if (made_by_model(ref, r))
			continue;
		if (extension)
		{
			ObjectAddress part;
			bool		part_extension;

			/*
			 * An extension's object may be used, not changed: a part the
			 * model gave it (a domain's constraint, a table's trigger,
			 * index, policy, rule or default) is missing from the SQL.
			 */
			ObjectAddressSet(part, dep->classid, dep->objid);
			part = whole_object(rel, part, &part_extension, NULL);
			if (part.classId == ref.classId && part.objectId == ref.objectId)
				refuse_change(&ref, r, true);
			continue;
		}
		refuse_use(&ref, r);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
}

/*
 * The relations of schema target this backend holds a lock on: what a
 * model reads, writes or copies from (CREATE TABLE ... (LIKE t), CREATE
 * TABLE ... AS, INSERT, SELECT) it locks, but that leaves no pg_depend row
 * for refuse_target_uses() to find.
 */
static List *
target_locks(Oid target)
{
	LockData   *locks = GetLockStatusData();
	List	   *rels = NIL;

	for (int i = 0; i < locks->nelements; i++)
	{
		LockInstanceData *lock = &locks->locks[i];

		if (lock->pid == MyProcPid && lock->locktag.locktag_type == LOCKTAG_RELATION &&
			lock->locktag.locktag_field1 == MyDatabaseId &&
			get_rel_namespace(lock->locktag.locktag_field2) == target)
			rels = list_append_unique_oid(rels, lock->locktag.locktag_field2);
	}
	return rels;
}

/*
 * Refuse a model that locked a relation of schema target (one not locked
 * before it ran, in before) that is not an extension's: it read it,
 * wrote it or copied its columns, and the model does not make it.
 */
static void
refuse_target_reads(const AgReach *r, List *before)
{
	List	   *after = target_locks(r->target);
	Relation	depend = table_open(DependRelationId, AccessShareLock);
	ListCell   *lc;

	/* in the order they were made in, whatever the lock table's */
	list_sort(after, list_oid_cmp);

	foreach(lc, after)
	{
		ObjectAddress rel;
		bool		extension;

		if (list_member_oid(before, lfirst_oid(lc)))
			continue;
		ObjectAddressSet(rel, RelationRelationId, lfirst_oid(lc));
		rel = whole_object(depend, rel, &extension, NULL);
		if (extension || made_by_model(rel, r))
			continue;
		refuse_use(&rel, r);
	}
	table_close(depend, AccessShareLock);
}

/*
 * Begin watching a model's reach: called in its subtransaction before it
 * runs, for the scratch schema that stands for schema.
 */
void
autogen_reach_begin(AgReach *r, const char *schema, Oid scratch)
{
	r->first = GetCurrentTransactionId();
	/*
	 * (the subtransaction's resource owner's, released when it is rolled
	 * back if the model fails)
	 */
	r->before = RegisterSnapshot(GetLatestSnapshot());
	/* (before the model runs, which may rename the schema) */
	r->target = get_namespace_oid(schema, true);
	r->schema = schema;
	r->scratch = scratch;
	r->locked = OidIsValid(r->target) ? target_locks(r->target) : NIL;
}

/* Refuse what the model reached, once it has run; ends the watch. */
void
autogen_reach_check(AgReach *r)
{
	if (OidIsValid(r->target))
		refuse_target_uses(r);
	refuse_extension_changes(r);
	refuse_made_elsewhere(r);
	if (OidIsValid(r->target))
	{
		refuse_changed_rows(r);
		refuse_enum_changes(r);
		refuse_target_reads(r, r->locked);
	}
	UnregisterSnapshot(r->before);
}
