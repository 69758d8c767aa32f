/*-------------------------------------------------------------------------
 *
 * src/lint/types.c
 *	  Types as the plan leaves them: the catalog's, but those it drops or
 *	  renames away; the types it creates, a domain with its base type (so
 *	  that a change of a column to it is judged from the base type), and
 *	  with its constraints and default (domains.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

/* The plan's last word on a type name in a schema, if it has one. */
static PlanType *
plan_type(LintState *st, const char *schema, const char *name)
{
	PlanKey    *key = lint_key(st->type_names, quote_qualified_identifier(schema, name), false);

	return key != NULL ? key->type : NULL;
}

/* Has the plan dropped a catalog type? */
static bool
type_dropped(LintState *st, Oid typid)
{
	PlanKey    *key = lint_oid_key(st->type_oids, typid, false);

	return key != NULL && (key->flags & PLAN_KEY_DROPPED) != 0;
}

static void
mark_dropped(LintState *st, Oid typid)
{
	lint_oid_key(st->type_oids, typid, true)->flags |= PLAN_KEY_DROPPED;
}

/*
 * Is a catalog type of a schema (nspid) still there as the plan leaves it:
 * not dropped, nor renamed into another schema?
 */
bool
lint_type_there(LintState *st, Oid typid, Oid nspid)
{
	PlanKey    *key = lint_oid_key(st->type_oids, typid, false);
	const char *schema;

	if (key == NULL)
		return true;
	if ((key->flags & PLAN_KEY_DROPPED) != 0)
		return false;
	schema = lint_schema_name(st, nspid);
	return key->type == NULL ||
		(!key->type->dropped && schema != NULL && strcmp(key->type->schema, schema) == 0);
}

typedef struct TypeLookup
{
	TypeName   *name;
	Oid			typid;
	int32		typmod;
} TypeLookup;

static void
look_up(void *arg)
{
	TypeLookup *l = arg;
	Type		typ = LookupTypeName(NULL, l->name, &l->typmod, true);

	if (typ != NULL)
	{
		l->typid = typeTypeId(typ);
		ReleaseSysCache(typ);
	}
}

/*
 * The catalog's type of a name, unless the plan dropped it. A length the
 * type refuses (varchar(0)), a name of another database, or %TYPE of what
 * is not there fail the statement when it runs, not lint: such a name is
 * read in a subtransaction, and counts as no type.
 */
static bool
catalog_type(LintState *st, TypeName *name, Oid *typid, int32 *typmod)
{
	TypeLookup	l = {name, InvalidOid, -1};

	if (name->typmods == NIL && !name->pct_type && list_length(name->names) <= 2)
		look_up(&l);
	else
		schemamig_rethrow_call_ending(schemamig_subtransaction(look_up, &l, false));
	if (!OidIsValid(l.typid) || type_dropped(st, l.typid))
		return false;
	*typid = l.typid;
	*typmod = l.typmod;
	return true;
}

/*
 * The type a name stands for in one schema, as the plan leaves it: the
 * plan's (one it created, or a catalog type it renamed), or the
 * catalog's; false for none (the plan dropped or renamed it away).
 */
static bool
type_in(LintState *st, TypeName *name, const char *schema, Oid *typid, int32 *typmod,
		PlanType **created)
{
	PlanType   *pt = plan_type(st, schema, strVal(llast(name->names)));
	TypeName   *qualified;

	if (pt != NULL)
	{
		if (pt->dropped)
			return false;
		if (!OidIsValid(pt->typid))
			*created = pt;
		*typid = pt->typid;
		return true;
	}
	qualified = copyObject(name);
	qualified->names = list_make2(makeString((char *) schema), llast(name->names));
	return catalog_type(st, qualified, typid, typmod);
}

/*
 * The type a name stands for as the plan leaves it, found as the server
 * finds it (in the schema named, or along the search path: pg_catalog
 * first unless the path places it): a type the plan created (*created; no
 * OID yet), a catalog type (with its typmod), or none (false).
 */
bool
lint_lookup_type(LintState *st, TypeName *name, Oid *typid, int32 *typmod,
				 PlanType **created)
{
	ListCell   *lc;

	*created = NULL;
	*typid = InvalidOid;
	*typmod = -1;
	if (hash_get_num_entries(st->type_names) == 0 || name->pct_type ||
		list_length(name->names) != 1)
	{
		if (list_length(name->names) == 2 && hash_get_num_entries(st->type_names) > 0)
			return type_in(st, name, strVal(linitial(name->names)), typid, typmod, created);
		return catalog_type(st, name, typid, typmod);
	}
	foreach(lc, lint_search_schemas(st, NULL))
	{
		if (type_in(st, name, lfirst(lc), typid, typmod, created))
			return true;
	}
	return false;
}

/*
 * What a column's values become when it changes to a type the plan
 * created: a domain without constraints over a type lint can name counts
 * as that type (*typid, *typmod); false for another kind of type, or a
 * domain that checks its values, whose every row is converted or checked.
 */
bool
lint_created_type_base(LintState *st, PlanType *pt, Oid *typid, int32 *typmod)
{
	if (lint_created_domain_checks(st, pt))
		return false;
	/* (a domain is over a type made before it: the chain ends) */
	for (; pt != NULL && pt->domain != NULL; pt = pt->base_type)
	{
		if (pt->base_type == NULL)
		{
			*typid = pt->base_typid;
			*typmod = pt->base_typmod;
			return OidIsValid(*typid);
		}
	}
	return false;
}

/*
 * Is a type (the plan's created, or the catalog's typid) a row, or a
 * domain over one, whose IS NOT NULL tests its fields?
 */
bool
lint_type_is_row(Oid typid, PlanType *created)
{
	for (; created != NULL; created = created->base_type)
	{
		if (created->composite)
			return true;
		if (created->base_type == NULL)
			return OidIsValid(created->base_typid) && type_is_rowtype(created->base_typid);
	}
	return OidIsValid(typid) && type_is_rowtype(typid);
}

/* The type a domain is over; InvalidOid for a type that is no domain. */
Oid
lint_domain_base(Oid typid)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Oid			base = InvalidOid;

	if (HeapTupleIsValid(tup))
	{
		if (((Form_pg_type) GETSTRUCT(tup))->typtype == TYPTYPE_DOMAIN)
			base = ((Form_pg_type) GETSTRUCT(tup))->typbasetype;
		ReleaseSysCache(tup);
	}
	return base;
}

/* The schema and name of a catalog type. */
static void
type_place(LintState *st, Oid typid, const char **schema, char **name)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));

	*schema = NULL;
	*name = NULL;
	if (!HeapTupleIsValid(tup))
		return;
	*schema = lint_schema_name(st, ((Form_pg_type) GETSTRUCT(tup))->typnamespace);
	*name = pstrdup(NameStr(((Form_pg_type) GETSTRUCT(tup))->typname));
	ReleaseSysCache(tup);
}

/* A new word of the plan on a type name in a schema. */
static PlanType *
note_name(LintState *st, const char *schema, const char *name)
{
	MemoryContext old = MemoryContextSwitchTo(st->plancxt);
	PlanType   *pt = palloc0(sizeof(PlanType));

	pt->schema = pstrdup(schema);
	pt->name = pstrdup(name);
	MemoryContextSwitchTo(old);
	lint_key(st->type_names, quote_qualified_identifier(schema, name), true)->type = pt;
	return pt;
}

/*
 * A type a statement creates, in the schema named or the first of the
 * path: a domain with its base type, constraints and default; base NULL
 * for an enum, composite, range or base type.
 */
void
lint_note_type(LintState *st, List *names, TypeName *base, List *constraints, bool composite)
{
	const char *schema;
	PlanType   *pt;
	PlanType   *base_type = NULL;
	Oid			base_typid = InvalidOid;
	int32		base_typmod = -1;

	if (list_length(names) == 2)
		schema = strVal(linitial(names));
	else
		(void) lint_search_schemas(st, &schema);
	if (schema == NULL || list_length(names) > 2)
		return;

	/*
	 * A domain's base type is the one its name stands for now, as for the
	 * server (an OID): names the plan changes later do not move it.
	 */
	if (base != NULL && !lint_lookup_type(st, base, &base_typid, &base_typmod, &base_type))
		base_typid = InvalidOid;
	pt = note_name(st, schema, strVal(llast(names)));
	pt->composite = composite;
	pt->base_type = base_type;
	pt->base_typid = base_typid;
	pt->base_typmod = base_typmod;
	if (base != NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);

		pt->domain = lint_note_domain(st, pt, constraints);
		st->domains = lappend(st->domains, pt);
		MemoryContextSwitchTo(old);
	}
}

/*
 * A type's name as the plan leaves it, given it to change it: the plan's
 * own type (*created), or the catalog's (*typid), with where it is.
 */
static bool
type_named(LintState *st, TypeName *name, Oid *typid, PlanType **created,
		   const char **schema, char **typname)
{
	int32		typmod;

	if (!lint_lookup_type(st, name, typid, &typmod, created))
		return false;
	if (*created == NULL)
	{
		/* a catalog type goes by the name the plan gave it, if it did */
		PlanKey    *key = lint_oid_key(st->type_oids, *typid, false);

		if (key != NULL && key->type != NULL)
		{
			*schema = key->type->schema;
			*typname = key->type->name;
			return true;
		}
		type_place(st, *typid, schema, typname);
		return *typname != NULL;
	}
	*schema = (*created)->schema;
	*typname = (*created)->name;
	return true;
}

/* A type a statement drops: nothing goes by its name after. */
void
lint_note_type_dropped(LintState *st, TypeName *name)
{
	Oid			typid;
	PlanType   *created;
	const char *schema;
	char	   *typname;

	if (!type_named(st, name, &typid, &created, &schema, &typname))
		return;
	note_name(st, schema, typname)->dropped = true;
	if (OidIsValid(typid))
		mark_dropped(st, typid);
}

/*
 * ALTER TYPE or DOMAIN ... RENAME (to) or SET SCHEMA (to_schema): the type
 * goes by its new name after, and nothing by its old one.
 */
void
lint_note_type_renamed(LintState *st, List *names, const char *to_schema, const char *to)
{
	Oid			typid;
	PlanType   *created;
	const char *schema;
	char	   *typname;

	if (!type_named(st, makeTypeNameFromNameList(names), &typid, &created, &schema, &typname))
		return;
	note_name(st, schema, typname)->dropped = true;
	if (to_schema != NULL)
		lint_note_domain_moved(st, typid, created, to_schema);
	if (to_schema == NULL)
		to_schema = schema;
	if (to == NULL)
		to = typname;
	if (created != NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);

		/* (the columns changed to it keep it, under its new name) */
		created->schema = pstrdup(to_schema);
		created->name = pstrdup(to);
		MemoryContextSwitchTo(old);
		lint_key(st->type_names, quote_qualified_identifier(to_schema, to), true)->type = created;
	}
	else
	{
		PlanType   *pt = note_name(st, to_schema, to);

		pt->typid = typid;
		lint_oid_key(st->type_oids, typid, true)->type = pt;
	}
}

/*
 * DROP SCHEMA ... CASCADE drops the schema's types, and with them the
 * columns of other schemas' tables that are of them (the catalog's types:
 * enums, domains, ranges, composite types and the row types of its tables;
 * and those the plan created there); none of them is there after. The
 * tables whose columns go are returned.
 */
List *
lint_drop_schema_types(LintState *st, const char *schema, Oid nspid)
{
	HASH_SEQ_STATUS seq;
	PlanKey    *key;
	List	   *tables = NIL;
	ListCell   *lc;

	if (OidIsValid(nspid))
	{
		foreach(lc, lint_schema_types(st, nspid))
		{
			const char *where;
			char	   *typname;
			PlanType   *pt;

			/* (not one the plan renamed or moved away: below, if still here) */
			type_place(st, lfirst_oid(lc), &where, &typname);
			pt = typname != NULL ? plan_type(st, where, typname) : NULL;
			if (pt != NULL && pt->dropped)
				continue;
			tables = list_concat(tables, lint_drop_type_columns(st, lfirst_oid(lc), NULL, "DROP SCHEMA"));
			mark_dropped(st, lfirst_oid(lc));
		}
	}
	hash_seq_init(&seq, st->type_names);
	while ((key = hash_seq_search(&seq)) != NULL)
	{
		PlanType   *pt = key->type;

		if (pt != NULL && !pt->dropped && strcmp(pt->schema, schema) == 0)
		{
			tables = list_concat(tables, lint_drop_type_columns(st, pt->typid, OidIsValid(pt->typid) ? NULL : pt,
																"DROP SCHEMA"));
			if (OidIsValid(pt->typid))
				mark_dropped(st, pt->typid);
			pt->dropped = true;
		}
	}
	return tables;
}

