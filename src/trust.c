/*-------------------------------------------------------------------------
 *
 * src/trust.c
 *	  Whether a tenant's schema is safe to put first on the search_path of
 *	  SQL that runs as a given role.
 *
 * Unqualified names in a tenant's revisions find the tenant's schema first,
 * and writing or reading its relations runs their code (triggers, defaults,
 * checks, rules, policies, a view's query, the checks of their columns'
 * domains) as whoever runs the SQL. So every role that could have put an
 * object there, and every owner of code that such names can reach, must
 * have the privileges of the role the SQL runs as; else a less privileged
 * role could have its code run with more privileges than it has.
 *
 * What can run is found in pg_depend, through its two indexes, as the
 * server finds what a DROP ... CASCADE reaches: a relation's own code (its
 * dependents other than mere users of it, and what those depend on), the
 * relations that code reads (a view's query, a rule's actions, a policy's
 * expressions) and the children and partitions that a write of the
 * relation reaches, wherever they live; and the types of its columns, down
 * to the domains, composites and ranges they are made of. Each object is
 * walked once (a hash table), so the walk costs as many lookups as it finds
 * objects. What a function's body runs is in pg_depend only for a
 * SQL-standard body (BEGIN ATOMIC): any other is trusted as its owner's,
 * who decides what it runs.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "schemamig.h"

/*
 * One walk: whose privileges every owner must have (role), the first
 * object found without them (planted, owned by *other), and the objects
 * walked already.
 */
typedef struct TrustWalk
{
	Relation	depend;			/* pg_depend, open */
	Oid			role;
	Oid		   *other;
	ObjectAddress *planted;
	HTAB	   *walked;			/* ObjectAddress (class and OID) -> itself */
} TrustWalk;

static bool calls_trusted(TrustWalk *w, Oid classid, Oid objid, bool reads);
static bool code_trusted(TrustWalk *w, Oid classid, Oid objid);
static bool relation_trusted(TrustWalk *w, Oid relid);

/* True the first time the walk meets (classid, objid). */
static bool
first_visit(TrustWalk *w, Oid classid, Oid objid)
{
	ObjectAddress key;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.classId = classid;
	key.objectId = objid;
	(void) hash_search(w->walked, &key, HASH_ENTER, &found);
	return !found;
}

/*
 * A scan of pg_depend for the rows of object (classid, objid): those that
 * depend on it (referenced true, through the referenced-object index) or
 * those it depends on (false, through the dependent-object index).
 */
SysScanDesc
trust_depend_scan(Relation depend, bool referenced, Oid classid, Oid objid)
{
	ScanKeyData key[2];

	/* systable_beginscan() copies the keys */
	ScanKeyInit(&key[0], referenced ? Anum_pg_depend_refclassid : Anum_pg_depend_classid,
				BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(classid));
	ScanKeyInit(&key[1], referenced ? Anum_pg_depend_refobjid : Anum_pg_depend_objid,
				BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(objid));
	return systable_beginscan(depend, referenced ? DependReferenceIndexId : DependDependerIndexId,
							  true, NULL, 2, key);
}

/* Whether the walk's role may run what owner owns; else object is planted. */
static bool
owner_trusted(TrustWalk *w, Oid owner, Oid classid, Oid objid)
{
	if (has_privs_of_role(owner, w->role))
		return true;
	*w->other = owner;
	ObjectAddressSet(*w->planted, classid, objid);
	return false;
}

/*
 * Whether function funcoid (none: InvalidOid) is owned by a role with the
 * role's privileges, and so is what it depends on: an aggregate's
 * functions, what a SQL-standard body (BEGIN ATOMIC) calls and reads, the
 * domain it returns. What any other body runs is its owner's to decide.
 */
static bool
function_trusted(TrustWalk *w, Oid funcoid)
{
	HeapTuple	proc;
	bool		trusted;

	if (!OidIsValid(funcoid) || funcoid < FirstNormalObjectId ||
		!first_visit(w, ProcedureRelationId, funcoid))
		return true;
	proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcoid));
	if (!HeapTupleIsValid(proc))
		return true;
	trusted = owner_trusted(w, ((Form_pg_proc) GETSTRUCT(proc))->proowner, ProcedureRelationId, funcoid);
	ReleaseSysCache(proc);
	return trusted && calls_trusted(w, ProcedureRelationId, funcoid, true);
}

/*
 * Whether what an operator runs is: its owner may point its estimators
 * elsewhere, and whoever owns its function may replace the function's body.
 */
static bool
operator_trusted(TrustWalk *w, Oid oproid)
{
	HeapTuple	tup;
	Form_pg_operator op;
	bool		trusted;

	if (!first_visit(w, OperatorRelationId, oproid))
		return true;
	tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(oproid));
	if (!HeapTupleIsValid(tup))
		return true;
	op = (Form_pg_operator) GETSTRUCT(tup);
	trusted = owner_trusted(w, op->oprowner, OperatorRelationId, oproid) &&
		function_trusted(w, op->oprcode) &&
		function_trusted(w, op->oprrest) &&
		function_trusted(w, op->oprjoin);
	ReleaseSysCache(tup);
	return trusted;
}

/*
 * Whether a type's values run only trusted code when they are made or
 * checked: a domain's checks (its owner may add them) over its base type;
 * a composite's attributes (its owner may add one of such a domain); an
 * array's element; a range's subtype and functions; a multirange's range.
 */
static bool
type_trusted(TrustWalk *w, Oid typid)
{
	HeapTuple	tup;
	char		typtype;
	Oid			owner;
	Oid			typrelid;
	bool		trusted = true;

	/* the system's own, made at initdb, run only its code */
	if (typid < FirstNormalObjectId || !first_visit(w, TypeRelationId, typid))
		return true;
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tup))
		return true;
	typtype = ((Form_pg_type) GETSTRUCT(tup))->typtype;
	owner = ((Form_pg_type) GETSTRUCT(tup))->typowner;
	typrelid = ((Form_pg_type) GETSTRUCT(tup))->typrelid;
	ReleaseSysCache(tup);

	if (typtype == TYPTYPE_DOMAIN || typtype == TYPTYPE_COMPOSITE)
		trusted = owner_trusted(w, owner, TypeRelationId, typid);
	/* what it is made of: a base type, an element, a subtype, a default */
	trusted = trusted && calls_trusted(w, TypeRelationId, typid, false);
	if (trusted && typtype == TYPTYPE_COMPOSITE)
		trusted = calls_trusted(w, RelationRelationId, typrelid, false);
	/* a domain's constraints, which depend on it */
	if (trusted && typtype == TYPTYPE_DOMAIN)
	{
		SysScanDesc scan = trust_depend_scan(w->depend, true, TypeRelationId, typid);
		HeapTuple	dtup;

		while (trusted && HeapTupleIsValid(dtup = systable_getnext(scan)))
		{
			Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(dtup);

			if (dep->classid == ConstraintRelationId)
				trusted = calls_trusted(w, dep->classid, dep->objid, false);
		}
		systable_endscan(scan);
	}
	return trusted;
}

/*
 * Whether what object (classid, objid) depends on runs only code of roles
 * with the role's privileges: the functions it calls, directly or through
 * an operator, the types whose values it makes; and, if reads (a view's
 * query, a rule's actions, a policy's expressions), the relations it reads
 * or writes, whose own code then runs.
 */
static bool
calls_trusted(TrustWalk *w, Oid classid, Oid objid, bool reads)
{
	SysScanDesc scan = trust_depend_scan(w->depend, false, classid, objid);
	HeapTuple	tup;
	bool		trusted = true;

	check_stack_depth();
	while (trusted && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend call = (Form_pg_depend) GETSTRUCT(tup);

		if (call->refclassid == ProcedureRelationId)
			trusted = function_trusted(w, call->refobjid);
		else if (call->refclassid == OperatorRelationId)
			trusted = operator_trusted(w, call->refobjid);
		else if (call->refclassid == TypeRelationId)
			trusted = type_trusted(w, call->refobjid);
		else if (call->refclassid == RelationRelationId && reads)
			trusted = relation_trusted(w, call->refobjid);
	}
	systable_endscan(scan);
	return trusted;
}

/*
 * Whether the code of object (classid, objid), in the schema or part of a
 * relation, runs only trusted code: what it depends on, and what is part
 * of it in turn (a constraint trigger belongs to its constraint, not to
 * the table). A relation, type, function or operator is walked as such.
 */
static bool
code_trusted(TrustWalk *w, Oid classid, Oid objid)
{
	SysScanDesc scan;
	HeapTuple	tup;
	bool		trusted;

	if (classid == RelationRelationId)
		return relation_trusted(w, objid);
	if (classid == TypeRelationId)
		return type_trusted(w, objid);
	if (classid == ProcedureRelationId)
		return function_trusted(w, objid);
	if (classid == OperatorRelationId)
		return operator_trusted(w, objid);
	if (!first_visit(w, classid, objid))
		return true;
	trusted = calls_trusted(w, classid, objid,
							classid == RewriteRelationId || classid == PolicyRelationId);
	scan = trust_depend_scan(w->depend, true, classid, objid);
	while (trusted && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend part = (Form_pg_depend) GETSTRUCT(tup);

		if (part->deptype == DEPENDENCY_AUTO || part->deptype == DEPENDENCY_INTERNAL)
			trusted = code_trusted(w, part->classid, part->objid);
	}
	systable_endscan(scan);
	return trusted;
}

/*
 * Whether the code a relation runs for whoever writes or reads it calls
 * only functions, operators and types whose owners have the role's
 * privileges: what the relation depends on (its columns' types), its own
 * code (its triggers, column defaults, constraints, rules, policies, index
 * expressions, a view's query: the objects that depend on it but for
 * those that merely use it, such as another relation's view), and its
 * children and partitions, which a write of it reaches, with their owners.
 */
static bool
relation_code_trusted(TrustWalk *w, Oid relid)
{
	SysScanDesc scan;
	HeapTuple	tup;
	bool		trusted;

	if (!first_visit(w, RelationRelationId, relid))
		return true;
	trusted = calls_trusted(w, RelationRelationId, relid, false);
	scan = trust_depend_scan(w->depend, true, RelationRelationId, relid);
	while (trusted && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

		if (dep->classid == RelationRelationId || dep->deptype != DEPENDENCY_NORMAL)
			trusted = code_trusted(w, dep->classid, dep->objid);
	}
	systable_endscan(scan);
	return trusted;
}

/*
 * Whether a relation that a tenant's relation reaches (read by its view,
 * its child, its partition) is owned by a role with the role's privileges,
 * who alone may change its code, and its code trusted. The system's own
 * are the bootstrap superuser's, and read by many: not walked.
 */
static bool
relation_trusted(TrustWalk *w, Oid relid)
{
	HeapTuple	tup;
	bool		trusted;

	if (relid < FirstNormalObjectId)
		return true;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		return true;
	trusted = owner_trusted(w, ((Form_pg_class) GETSTRUCT(tup))->relowner, RelationRelationId, relid);
	ReleaseSysCache(tup);
	return trusted && relation_code_trusted(w, relid);
}

/*
 * Whether every object in schema nspoid is owned by a role with the role's
 * privileges, and so is everything its code reaches (its relations', and
 * that of the operators, domains and aggregates the SQL may find there); else
 * *planted is the first that is not, and *other its owner.
 * A role that could create there once (or was given an object since) may
 * have left one that the SQL's unqualified names would find first, whoever
 * may create there now. Every such object records its schema in pg_depend.
 */
static bool
schema_objects_trusted(TrustWalk *w, Oid nspoid)
{
	SysScanDesc scan = trust_depend_scan(w->depend, true, NamespaceRelationId, nspoid);
	HeapTuple	tup;
	bool		trusted = true;

	while (trusted && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);
		AttrNumber	attnum;
		Relation	catalog;
		HeapTuple	obj;
		Datum		owner = (Datum) 0;
		bool		isnull = true;

		if (!is_objectclass_supported(dep->classid) ||
			(attnum = get_object_attnum_owner(dep->classid)) == InvalidAttrNumber)
			continue;
		/* by its catalog's OID index: not every catalog has a syscache (pg_extension) */
		catalog = table_open(dep->classid, AccessShareLock);
		obj = get_catalog_object_by_oid(catalog, get_object_attnum_oid(dep->classid), dep->objid);
		if (HeapTupleIsValid(obj))
			owner = heap_getattr(obj, attnum, RelationGetDescr(catalog), &isnull);
		if (!isnull)
			trusted = owner_trusted(w, DatumGetObjectId(owner), dep->classid, dep->objid);
		table_close(catalog, AccessShareLock);
		if (trusted)
			trusted = code_trusted(w, dep->classid, dep->objid);
	}
	systable_endscan(scan);
	return trusted;
}

/*
 * Whether SQL run as role may find names first in schema nspoid: whether
 * every role that can put objects there (its owner, and whoever may CREATE
 * in it) has role's privileges, and so has every owner of what is in it
 * already and of what its relations' code reaches. *other is then
 * InvalidOid, else the first role that lacks them (InvalidOid with *public
 * for PUBLIC's CREATE), with *planted the object it owns, if that is why
 * (else planted->objectId is InvalidOid).
 */
bool
trust_schema(Oid nspoid, Oid role, Oid *other, bool *public, ObjectAddress *planted)
{
	HeapTuple	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nspoid));
	Datum		acl;
	bool		isnull;
	HASHCTL		ctl;
	TrustWalk	w;
	bool		trusted;

	*other = InvalidOid;
	*public = false;
	ObjectAddressSet(*planted, InvalidOid, InvalidOid);
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for schema %u", nspoid);
	if (!has_privs_of_role(((Form_pg_namespace) GETSTRUCT(tup))->nspowner, role))
		*other = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	acl = SysCacheGetAttr(NAMESPACEOID, tup, Anum_pg_namespace_nspacl, &isnull);
	if (!OidIsValid(*other) && !isnull)
	{
		Datum	   *items;
		int			n;
		int16		typlen;
		bool		typbyval;
		char		typalign;

		/* aclitem's alignment differs between versions */
		get_typlenbyvalalign(ACLITEMOID, &typlen, &typbyval, &typalign);
		deconstruct_array(DatumGetAclP(acl), ACLITEMOID, typlen, typbyval, typalign,
						  &items, NULL, &n);
		for (int i = 0; i < n && !OidIsValid(*other) && !*public; i++)
		{
			AclItem    *item = (AclItem *) DatumGetPointer(items[i]);

			if (!(ACLITEM_GET_PRIVS(*item) & ACL_CREATE))
				continue;
			if (item->ai_grantee == ACL_ID_PUBLIC)
				*public = true;
			else if (!has_privs_of_role(item->ai_grantee, role))
				*other = item->ai_grantee;
		}
	}
	ReleaseSysCache(tup);
	if (OidIsValid(*other) || *public)
		return false;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(ObjectAddress);
	ctl.entrysize = sizeof(ObjectAddress);
	ctl.hcxt = CurrentMemoryContext;
	w.depend = table_open(DependRelationId, AccessShareLock);
	w.role = role;
	w.other = other;
	w.planted = planted;
	w.walked = hash_create("schemamig trust walk", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	trusted = schema_objects_trusted(&w, nspoid);
	hash_destroy(w.walked);
	table_close(w.depend, AccessShareLock);
	return trusted;
}
