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
 * expressions), its parent, and the children, partitions and cascading
 * foreign keys' tables that a write of the relation reaches, wherever they
 * live; and the types of its columns, down to the domains, composites and
 * ranges they are made of; an operator's commutator and negator; a foreign
 * table's server, and the relation of this database a postgres_fdw table
 * may name (a target the walk cannot see makes the schema unsafe). A role
 * that may add a trigger or a foreign key to such a relation (TRIGGER,
 * REFERENCES) counts as if it owned it. Each
 * object is walked once (a hash table), so the walk costs as many lookups
 * as it finds objects. What a function's body runs is in pg_depend only
 * for a SQL-standard body (BEGIN ATOMIC): any other is trusted as its
 * owner's, who decides what it runs.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_database.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_policy.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_type.h"
#include "commands/dbcommands.h"
#include "commands/defrem.h"
#include "foreign/foreign.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "schemamig.h"

/*
 * One walk: whose privileges every owner must have (role), the first
 * object found without them (found), and the objects walked already.
 */
typedef struct TrustWalk
{
	Relation	depend;			/* pg_depend, open */
	Oid			role;
	TrustFinding *found;
	HTAB	   *walked;			/* ObjectAddress (class and OID) -> itself */
} TrustWalk;

static bool calls_trusted(TrustWalk *w, Oid classid, Oid objid, bool reads);
static bool code_trusted(TrustWalk *w, Oid classid, Oid objid);
static bool relation_trusted(TrustWalk *w, Oid relid);
static bool columns_trusted(TrustWalk *w, Oid relid);
static bool cascade_trusted(TrustWalk *w, Oid conoid, Oid relid);

/*
 * Whether (classid, objid) is to be walked: not when the walk met it
 * already, nor when it is none (InvalidOid) or the system's own, made at
 * initdb (owned by the bootstrap superuser, running only the system's code,
 * and read by many).
 */
static bool
to_walk(TrustWalk *w, Oid classid, Oid objid)
{
	ObjectAddress key;
	bool		found;

	if (objid < FirstNormalObjectId)
		return false;
	memset(&key, 0, sizeof(key));
	key.classId = classid;
	key.objectId = objid;
	(void) hash_search(w->walked, &key, HASH_ENTER, &found);
	return !found;
}

/* Whether the walk has met (classid, objid). */
static bool
walked(TrustWalk *w, Oid classid, Oid objid)
{
	ObjectAddress key;

	memset(&key, 0, sizeof(key));
	key.classId = classid;
	key.objectId = objid;
	return hash_search(w->walked, &key, HASH_FIND, NULL) != NULL;
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

/*
 * Whether a role that owns or was granted something has role's privileges.
 * pg_database_owner stands for the current database's owner (it owns
 * public, and is granted CREATE there, from PostgreSQL 15 on): its
 * privileges are that owner's, so that owner's are what count.
 */
static bool
holder_has_privs(Oid holder, Oid role)
{
	if (holder == ROLE_PG_DATABASE_OWNER)
	{
		HeapTuple	db = SearchSysCache1(DATABASEOID, ObjectIdGetDatum(MyDatabaseId));

		if (!HeapTupleIsValid(db))
			elog(ERROR, "cache lookup failed for database %u", MyDatabaseId);
		holder = ((Form_pg_database) GETSTRUCT(db))->datdba;
		ReleaseSysCache(db);
	}
	return has_privs_of_role(holder, role);
}

/* Whether the walk's role may run what owner owns; else object is planted. */
static bool
owner_trusted(TrustWalk *w, Oid owner, Oid classid, Oid objid)
{
	if (holder_has_privs(owner, w->role))
		return true;
	w->found->other = owner;
	ObjectAddressSet(w->found->planted, classid, objid);
	return false;
}

/*
 * Whether acl (a pg_*acl column's value) grants any privilege of mask to
 * PUBLIC or to a role without role's privileges; the first such in found.
 */
static bool
acl_grants_others(Datum acl, AclMode mask, Oid role, TrustFinding *found)
{
	Datum	   *items;
	int			n;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	/* aclitem's alignment differs between versions */
	get_typlenbyvalalign(ACLITEMOID, &typlen, &typbyval, &typalign);
	deconstruct_array(DatumGetAclP(acl), ACLITEMOID, typlen, typbyval, typalign, &items, NULL, &n);
	for (int i = 0; i < n; i++)
	{
		AclItem    *item = (AclItem *) DatumGetPointer(items[i]);

		if (!(ACLITEM_GET_PRIVS(*item) & mask))
			continue;
		if (item->ai_grantee == ACL_ID_PUBLIC)
			found->public = true;
		else if (!holder_has_privs(item->ai_grantee, role))
			found->other = item->ai_grantee;
		else
			continue;
		return true;
	}
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

	if (!to_walk(w, ProcedureRelationId, funcoid))
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
 * elsewhere, and whoever owns its function may replace the function's body;
 * and so for its commutator and negator, which the planner may run instead
 * (NOT (a = b) as a <> b).
 */
static bool
operator_trusted(TrustWalk *w, Oid oproid)
{
	HeapTuple	tup;
	Form_pg_operator op;
	Oid			owner;
	Oid			code;
	Oid			rest;
	Oid			join;
	Oid			commutator;
	Oid			negator;

	/* a chain of commutators and negators: as long as a schema makes it */
	check_stack_depth();
	if (!to_walk(w, OperatorRelationId, oproid))
		return true;
	tup = SearchSysCache1(OPEROID, ObjectIdGetDatum(oproid));
	if (!HeapTupleIsValid(tup))
		return true;
	op = (Form_pg_operator) GETSTRUCT(tup);
	owner = op->oprowner;
	code = op->oprcode;
	rest = op->oprrest;
	join = op->oprjoin;
	/* not in pg_depend: the planner may use either in its place */
	commutator = op->oprcom;
	negator = op->oprnegate;
	ReleaseSysCache(tup);
	return owner_trusted(w, owner, OperatorRelationId, oproid) &&
		function_trusted(w, code) &&
		function_trusted(w, rest) &&
		function_trusted(w, join) &&
		operator_trusted(w, commutator) &&
		operator_trusted(w, negator);
}

/*
 * Whether a type's values run only trusted code when they are made,
 * checked or cast: its owner's; a domain's checks over its base type; a
 * composite's attributes; an array's element; a range's subtype and
 * functions; a multirange's range.
 */
static bool
type_trusted(TrustWalk *w, Oid typid)
{
	HeapTuple	tup;
	char		typtype;
	Oid			owner;
	Oid			typrelid;
	bool		trusted = true;

	if (!to_walk(w, TypeRelationId, typid))
		return true;
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	if (!HeapTupleIsValid(tup))
		return true;
	typtype = ((Form_pg_type) GETSTRUCT(tup))->typtype;
	owner = ((Form_pg_type) GETSTRUCT(tup))->typowner;
	typrelid = ((Form_pg_type) GETSTRUCT(tup))->typrelid;
	ReleaseSysCache(tup);

	/*
	 * Its owner may add checks to a domain, attributes to a composite, and
	 * casts from or to any type, which an assignment or ALTER COLUMN TYPE
	 * then runs.
	 */
	trusted = owner_trusted(w, owner, TypeRelationId, typid);
	/* what it is made of: a base type, an element, a subtype, a default */
	trusted = trusted && calls_trusted(w, TypeRelationId, typid, false);
	/* a composite's attributes (a table's rowtype: unless the table was walked) */
	if (trusted && typtype == TYPTYPE_COMPOSITE && !walked(w, RelationRelationId, typrelid))
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
 * Whether a foreign table's server is owned by a role with the role's
 * privileges: its owner chooses where it connects and, mapping PUBLIC to
 * any user, as whom (what then runs there is the remote server's).
 */
static bool
server_trusted(TrustWalk *w, Oid srvid)
{
	ForeignServer *server;

	if (!to_walk(w, ForeignServerRelationId, srvid))
		return true;
	server = GetForeignServerExtended(srvid, FSV_MISSING_OK);
	return server == NULL || owner_trusted(w, server->owner, ForeignServerRelationId, srvid);
}

/* A foreign object's option, or otherwise when it has none of that name. */
static const char *
fdw_option(List *options, const char *name, const char *otherwise)
{
	ListCell   *lc;

	foreach(lc, options)
	{
		DefElem    *opt = lfirst(lc);

		if (strcmp(opt->defname, name) == 0)
			return defGetString(opt);
	}
	return otherwise;
}

/*
 * A postgres_fdw table whose remote query the check cannot follow: found
 * names the table, and why (unseen).
 */
static bool
loopback_unseen(TrustWalk *w, Oid relid, const char *why)
{
	ObjectAddressSet(w->found->planted, RelationRelationId, relid);
	w->found->unseen = why;
	return false;
}

/*
 * Whether what a postgres_fdw foreign table reads is trusted. Its server may
 * connect back to this cluster (a host of this machine, a port of this
 * cluster: its options cannot tell for sure), and the remote query then
 * runs, as the mapped user, the code of the relation the table names
 * (schema_name and table_name, by default its own), in the database the
 * server names. Roles are the cluster's, so whichever database that is,
 * that code runs with the mapped user's privileges:
 * - a database this cluster does not have (dbname, as a plain name, and no
 *	 service file that could say otherwise) is another server's: trusted;
 * - this database: the relation counts as one the foreign table reads, and
 *	 one that does not exist yet, whoever creates it chooses what runs;
 * - another database of this cluster, or none named (libpq then picks one
 *	 by the user's name or its environment): not walked from here.
 * Other wrappers' options mean what their handlers decide, and are not
 * followed.
 */
static bool
loopback_trusted(TrustWalk *w, Oid relid)
{
	ForeignTable *table = GetForeignTable(relid);
	ForeignServer *server = GetForeignServer(table->serverid);
	ForeignDataWrapper *fdw = GetForeignDataWrapper(server->fdwid);
	const char *handler = OidIsValid(fdw->fdwhandler) ? get_func_name(fdw->fdwhandler) : NULL;
	char	   *dbname = pstrdup(fdw_option(server->options, "dbname", ""));
	const char *nspname;
	const char *relname;
	Oid			nspoid;
	Oid			target;

	if (handler == NULL || strcmp(handler, "postgres_fdw_handler") != 0)
		return true;
	if (dbname[0] == '\0' || fdw_option(server->options, "service", NULL) != NULL ||
		strchr(dbname, '=') != NULL || strstr(dbname, "://") != NULL)
		return loopback_unseen(w, relid, psprintf("server \"%s\" names no database outright (a plain dbname, and no service)",
												  server->servername));
	/*
	 * The server cuts a longer name to a name's length as it reads it: at
	 * that byte, or (some versions) at the character boundary before it.
	 */
	if (strlen(dbname) >= NAMEDATALEN)
	{
		char	   *cut = pnstrdup(dbname, pg_mbcliplen(dbname, strlen(dbname), NAMEDATALEN - 1));

		dbname[NAMEDATALEN - 1] = '\0';
		if (strcmp(cut, dbname) != 0 && OidIsValid(get_database_oid(cut, true)))
			dbname = cut;
	}
	if (strcmp(dbname, get_database_name(MyDatabaseId)) != 0)
		return !OidIsValid(get_database_oid(dbname, true)) ||
			loopback_unseen(w, relid, psprintf("server \"%s\" names database \"%s\" of this cluster, whose relations are not walked from here",
											   server->servername, dbname));
	nspname = fdw_option(table->options, "schema_name", get_namespace_name(get_rel_namespace(relid)));
	relname = fdw_option(table->options, "table_name", get_rel_name(relid));
	/* the lookups above may take a lock, and with it another session's DROP */
	if (nspname == NULL || relname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("foreign table %u was dropped by another session while schemamig checked what it reads", relid),
				 errhint("Run the call again.")));
	nspoid = get_namespace_oid(nspname, true);
	target = OidIsValid(nspoid) ? get_relname_relid(relname, nspoid) : InvalidOid;
	if (!OidIsValid(target))
		return loopback_unseen(w, relid, psprintf("relation %s, which it names in this database, does not exist yet, and whoever creates it chooses what runs",
												  quote_qualified_identifier(nspname, relname)));
	return relation_trusted(w, target);
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
		else if (call->refclassid == ForeignServerRelationId)
			trusted = server_trusted(w, call->refobjid);
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
	if (!to_walk(w, classid, objid))
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
 * Whether another relation's foreign key conrelid, referencing relid,
 * cascades a write of relid into that relation (CASCADE, SET NULL, SET
 * DEFAULT): the cascade runs as that relation's owner, but before
 * PostgreSQL 18 the AFTER triggers it fires run as whoever wrote relid, so
 * that relation counts (on every version, as README says).
 */
static bool
cascades(char action)
{
	return action == FKCONSTR_ACTION_CASCADE || action == FKCONSTR_ACTION_SETNULL ||
		action == FKCONSTR_ACTION_SETDEFAULT;
}

static bool
cascade_trusted(TrustWalk *w, Oid conoid, Oid relid)
{
	HeapTuple	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	Form_pg_constraint con;
	Oid			referencing = InvalidOid;	/* none: nothing to walk */

	if (!HeapTupleIsValid(tup))
		return true;
	con = (Form_pg_constraint) GETSTRUCT(tup);
	if (con->contype == CONSTRAINT_FOREIGN && con->confrelid == relid &&
		(cascades(con->confdeltype) || cascades(con->confupdtype)))
		referencing = con->conrelid;
	ReleaseSysCache(tup);
	return relation_trusted(w, referencing);
}

/*
 * Whether the code a relation runs for whoever writes or reads it calls
 * only functions, operators and types whose owners have the role's
 * privileges: what the relation depends on (its columns' types, its
 * parent), its own code (its triggers, column defaults, constraints,
 * rules, policies, index expressions, a view's query: the objects that
 * depend on it but for those that merely use it, such as another
 * relation's view), its children and partitions, which a write of it
 * reaches, and the relations its writes cascade into; with their owners.
 */
static bool
relation_code_trusted(TrustWalk *w, Oid relid)
{
	SysScanDesc scan;
	HeapTuple	tup;
	bool		trusted;

	/* with its parent, whose partition key a write of a partition runs */
	trusted = calls_trusted(w, RelationRelationId, relid, true);
	scan = trust_depend_scan(w->depend, true, RelationRelationId, relid);
	while (trusted && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_depend dep = (Form_pg_depend) GETSTRUCT(tup);

		if (dep->classid == RelationRelationId || dep->deptype != DEPENDENCY_NORMAL)
			trusted = code_trusted(w, dep->classid, dep->objid);
		else if (dep->classid == ConstraintRelationId)
			trusted = cascade_trusted(w, dep->objid, relid);
	}
	systable_endscan(scan);
	return trusted;
}

/* Whether only roles with the role's privileges may reference relid's columns. */
static bool
columns_trusted(TrustWalk *w, Oid relid)
{
	Relation	attr = table_open(AttributeRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	bool		trusted = true;

	ScanKeyInit(&key, Anum_pg_attribute_attrelid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(relid));
	scan = systable_beginscan(attr, AttributeRelidNumIndexId, true, NULL, 1, &key);
	while (trusted && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		bool		isnull;
		Datum		acl = heap_getattr(tup, Anum_pg_attribute_attacl, RelationGetDescr(attr), &isnull);

		if (!isnull && acl_grants_others(acl, ACL_REFERENCES, w->role, w->found))
		{
			ObjectAddressSubSet(w->found->planted, RelationRelationId, relid,
								((Form_pg_attribute) GETSTRUCT(tup))->attnum);
			w->found->granted = true;
			trusted = false;
		}
	}
	systable_endscan(scan);
	table_close(attr, AccessShareLock);
	return trusted;
}

/*
 * Whether a relation, the tenant's or one it reaches (read by its view,
 * its child or parent, cascaded into), is owned by a role with the role's
 * privileges, who alone may change its code, lets no other role add a
 * trigger or a foreign key (TRIGGER, REFERENCES: even while a revision
 * runs), and runs only trusted code.
 */
static bool
relation_trusted(TrustWalk *w, Oid relid)
{
	HeapTuple	tup;
	bool		trusted;
	char		relkind;
	Datum		acl;
	bool		isnull;

	if (!to_walk(w, RelationRelationId, relid))
		return true;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		return true;
	relkind = ((Form_pg_class) GETSTRUCT(tup))->relkind;
	trusted = owner_trusted(w, ((Form_pg_class) GETSTRUCT(tup))->relowner, RelationRelationId, relid);
	/* who may add a trigger, or a foreign key that cascades from it */
	acl = SysCacheGetAttr(RELOID, tup, Anum_pg_class_relacl, &isnull);
	if (trusted && !isnull && acl_grants_others(acl, ACL_TRIGGER | ACL_REFERENCES, w->role, w->found))
	{
		ObjectAddressSet(w->found->planted, RelationRelationId, relid);
		w->found->granted = true;
		trusted = false;
	}
	ReleaseSysCache(tup);
	if (!trusted)
		return false;
	switch (relkind)
	{
		case RELKIND_TOASTVALUE:
		case RELKIND_SEQUENCE:
			/* no code of their own */
			return true;
		case RELKIND_INDEX:
		case RELKIND_PARTITIONED_INDEX:
			/* its expressions and predicate; its constraint is its table's */
			return calls_trusted(w, RelationRelationId, relid, false);
		case RELKIND_RELATION:
		case RELKIND_PARTITIONED_TABLE:
			if (!columns_trusted(w, relid))
				return false;
			break;
		case RELKIND_FOREIGN_TABLE:
			if (!loopback_trusted(w, relid))
				return false;
			break;
		default:
			break;
	}
	return relation_code_trusted(w, relid);
}

/*
 * Whether every object in schema nspoid is owned by a role with the role's
 * privileges, and so is everything its code reaches (its relations', and
 * that of the operators, domains and aggregates the SQL may find there); else
 * found names the first that is not, and its owner.
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
 * already and of what its code reaches, and every role that may add a
 * trigger or a foreign key to what it reaches. If not, found says who
 * (other, or public) and, unless it is the schema itself, the object
 * (planted; granted when other holds a privilege on it rather than owns it).
 */
bool
trust_schema(Oid nspoid, Oid role, TrustFinding *found)
{
	HeapTuple	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nspoid));
	Datum		acl;
	bool		isnull;
	HASHCTL		ctl;
	TrustWalk	w;
	bool		trusted;

	memset(found, 0, sizeof(*found));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for schema %u", nspoid);
	trusted = holder_has_privs(((Form_pg_namespace) GETSTRUCT(tup))->nspowner, role);
	if (!trusted)
		found->other = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
	acl = SysCacheGetAttr(NAMESPACEOID, tup, Anum_pg_namespace_nspacl, &isnull);
	if (trusted && !isnull && acl_grants_others(acl, ACL_CREATE, role, found))
		trusted = false;
	ReleaseSysCache(tup);
	if (!trusted)
		return false;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(ObjectAddress);
	ctl.entrysize = sizeof(ObjectAddress);
	ctl.hcxt = CurrentMemoryContext;
	w.depend = table_open(DependRelationId, AccessShareLock);
	w.role = role;
	w.found = found;
	w.walked = hash_create("schemamig trust walk", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	trusted = schema_objects_trusted(&w, nspoid);
	hash_destroy(w.walked);
	table_close(w.depend, AccessShareLock);
	return trusted;
}
