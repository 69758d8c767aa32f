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
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/fmgroids.h"
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
 * dependencies that make it so; *extension tells whether it, or what it
 * is part of, is an extension's.
 */
static ObjectAddress
whole_object(Relation depend, ObjectAddress obj, bool *extension)
{
	for (int depth = 0; depth < 8; depth++)
	{
		ScanKeyData key[2];
		SysScanDesc scan;
		HeapTuple	tup;
		bool		part = false;

		if ((*extension = OidIsValid(getExtensionOfObject(obj.classId, obj.objectId))))
			break;
		ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(obj.classId));
		ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(obj.objectId));
		scan = systable_beginscan(depend, DependDependerIndexId, true, NULL, 2, key);
		while (!part && HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

			if (dep->deptype == DEPENDENCY_AUTO || dep->deptype == DEPENDENCY_INTERNAL)
			{
				ObjectAddressSet(obj, dep->refclassid, dep->refobjid);
				part = true;
			}
		}
		systable_endscan(scan);
		if (!part)
			break;
	}
	return obj;
}

/*
 * Did the model make obj? The snapshot taken before it ran does not see
 * an object it made, however often it changed it since (ALTER TABLE ...
 * SET SCHEMA included), and sees every other.
 */
static bool
made_by_model(ObjectAddress obj, const AgReach *r)
{
	Relation	catalog = table_open(obj.classId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	bool		made;

	ScanKeyInit(&key, get_object_attnum_oid(obj.classId), BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(obj.objectId));
	scan = systable_beginscan(catalog, get_object_oid_index(obj.classId), true, r->before, 1, &key);
	made = !HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(catalog, AccessShareLock);
	return made;
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
 * Refuse a model that made a table, type or routine outside the scratch
 * schema (and pg_temp): a schema-qualified name, or a search_path it set
 * (pg_dump's output sets one), would leave that object out of what is
 * read, and the migration would drop or miss it without a word; so would
 * one it made in the scratch schema and then moved (SET SCHEMA). A row it
 * updated of an object made before, such as the pg_class row of another
 * schema's table that a foreign key gives triggers, it may change, but not
 * in schema target: that object would be missing from the model, and the
 * SQL would drop it. The three catalogs are scanned whole, once per diff().
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

	Relation	depend = table_open(DependRelationId, AccessShareLock);

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
			if (nsp == r->scratch || nsp == PG_TOAST_NAMESPACE || isAnyTempNamespace(nsp))
				continue;
			ObjectAddressSet(addr, cats[i].catalog,
							 DatumGetObjectId(heap_getattr(tup, cats[i].oid, RelationGetDescr(rel), &isnull)));
			if ((tup->t_data->t_infomask & HEAP_UPDATED) != 0 && !made_by_model(addr, r))
			{
				bool		extension = true;

				if (nsp == r->target)
					addr = whole_object(depend, addr, &extension);
				if (!extension)
					refuse_change(&addr, r, false);
				continue;
			}
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
		ref = whole_object(rel, ref, &extension);
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
			part = whole_object(rel, part, &part_extension);
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
		rel = whole_object(depend, rel, &extension);
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
	refuse_made_elsewhere(r);
	if (OidIsValid(r->target))
	{
		refuse_enum_changes(r);
		refuse_target_reads(r, r->locked);
	}
	UnregisterSnapshot(r->before);
}
