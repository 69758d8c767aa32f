/*-------------------------------------------------------------------------
 *
 * src/lint/domains.c
 *	  A domain's constraints and default as the plan leaves them. A column
 *	  changed to a domain that checks its values has every row checked, and
 *	  a column added of one, or of a domain whose default is volatile, is
 *	  written into every row. ALTER DOMAIN ... ADD or DROP CONSTRAINT, SET
 *	  or DROP NOT NULL, SET or DROP DEFAULT change that: constraints are
 *	  followed by name, an unnamed one named as the server names it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

/* Does a domain check its own values? */
static bool
constrained(const PlanDomain *d)
{
	return d != NULL && (d->checks != NIL || d->notnull);
}

/*
 * Is a type's own default (a domain's, used for a column that has none)
 * volatile? Read from the catalog's stored expression, so nothing runs.
 */
static bool
catalog_default_is_volatile(HeapTuple tup)
{
	bool		isnull;
	Datum		bin = SysCacheGetAttr(TYPEOID, tup, Anum_pg_type_typdefaultbin, &isnull);

	return !isnull && contain_volatile_functions(stringToNode(TextDatumGetCString(bin)));
}

/* The cell of a name in a list of constraint names; NULL for none. */
static ListCell *
name_cell(List *names, const char *name)
{
	ListCell   *lc;

	foreach(lc, names)
	{
		if (strcmp(lfirst(lc), name) == 0)
			return lc;
	}
	return NULL;
}

/*
 * A constraint a statement gives a domain: a CHECK, by its name or the
 * one the server would choose, or NOT NULL, which has a name of its own
 * from 17 on. Either name is the schema's as the plan leaves them.
 */
static void
add_constraint(LintState *st, PlanDomain *d, const char *domname, Oid nspid, Constraint *c)
{
	char	   *name = NULL;

	if (c->contype == CONSTR_CHECK)
	{
		name = c->conname ? c->conname : lint_choose_constraint_name(st, domname, NULL, "check", nspid);
		d->checks = lappend(d->checks, MemoryContextStrdup(st->plancxt, name));
	}
	else if (c->contype == CONSTR_NOTNULL && !d->notnull)
	{
		d->notnull = true;
#if PG_VERSION_NUM >= 170000
		name = c->conname ? c->conname : lint_choose_constraint_name(st, domname, NULL, "not_null", nspid);
		d->notnull_name = MemoryContextStrdup(st->plancxt, name);
#endif
	}
	if (name != NULL)
		lint_note_domain_constraint_name(st, d, name);
}

/* A constraint a statement drops by name; nothing when there is none. */
static void
drop_constraint(LintState *st, PlanDomain *d, const char *name)
{
	ListCell   *lc = name_cell(d->checks, name);

	if (lc != NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);

		d->checks = list_delete_cell(d->checks, lc);
		MemoryContextSwitchTo(old);
	}
	else if (d->notnull_name != NULL && strcmp(d->notnull_name, name) == 0)
	{
		d->notnull = false;
		d->notnull_name = NULL;
	}
}

/*
 * A domain of the catalog as the plan leaves it, with its name and schema
 * then (where asked): read once, when the plan or a question first needs
 * it; NULL for a type that is no domain.
 */
static PlanDomain *
catalog_domain(LintState *st, Oid typid, const char **name, Oid *nspid)
{
	static SPIPlanPtr plan = NULL;
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	Form_pg_type form;
	PlanKey    *key;

	if (!HeapTupleIsValid(tup))
		return NULL;
	form = (Form_pg_type) GETSTRUCT(tup);
	if (form->typtype != TYPTYPE_DOMAIN)
	{
		ReleaseSysCache(tup);
		return NULL;
	}
	key = lint_oid_key(st->type_oids, typid, true);
	if (name != NULL)
		*name = key->type != NULL ? key->type->name : pstrdup(NameStr(form->typname));
	if (nspid != NULL)
		*nspid = form->typnamespace;
	if (key->domain == NULL)
	{
		SPITupleTable *rows = lint_query(&plan,
										 "SELECT c.conname::pg_catalog.text, c.contype OPERATOR(pg_catalog.=) 'n'"
										 " FROM pg_catalog.pg_constraint c"
										 " WHERE c.contypid OPERATOR(pg_catalog.=) $1"
										 "  AND c.contype OPERATOR(pg_catalog.=) ANY ('{c,n}'::pg_catalog.\"char\"[])"
										 " ORDER BY c.oid", typid);
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);
		PlanDomain *d = palloc0(sizeof(PlanDomain));

		d->nspid = form->typnamespace;
		d->notnull = form->typnotnull;
		d->volatile_default = catalog_default_is_volatile(tup);
		for (uint64 i = 0; i < SPI_processed; i++)
		{
			char	   *conname = SPI_getvalue(rows->vals[i], rows->tupdesc, 1);
			bool		isnull;

			if (DatumGetBool(SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull)))
				d->notnull_name = conname;
			else
				d->checks = lappend(d->checks, conname);
		}
		MemoryContextSwitchTo(old);
		key->domain = d;
	}
	ReleaseSysCache(tup);
	return key->domain;
}

/* A domain as the plan leaves it: one it created, or the catalog's. */
static PlanDomain *
domain_of(LintState *st, Oid typid, PlanType *created)
{
	return created ? created->domain : catalog_domain(st, typid, NULL, NULL);
}

/*
 * A domain a statement creates: its constraints, and whether its default
 * (its own, or the one it takes from the domain it is over) is volatile.
 */
PlanDomain *
lint_note_domain(LintState *st, PlanType *pt, List *constraints)
{
	Oid			nspid = get_namespace_oid(pt->schema, true);
	PlanDomain *d = MemoryContextAllocZero(st->plancxt, sizeof(PlanDomain));
	bool		has_default = false;
	ListCell   *lc;

	d->nspid = nspid;
	foreach(lc, constraints)
	{
		Constraint *c = lfirst_node(Constraint, lc);

		if (c->contype != CONSTR_DEFAULT)
			add_constraint(st, d, pt->name, nspid, c);
		else
		{
			has_default = true;
			d->volatile_default = OidIsValid(pt->base_typid) &&
				lint_default_is_volatile(st, c->raw_expr, pt->base_typid, pt->base_typmod, pt->name);
		}
	}
	if (!has_default)
		d->volatile_default = lint_type_default_is_volatile(st, pt->base_typid, pt->base_type);
	return d;
}

/*
 * ALTER DOMAIN ... ADD or DROP CONSTRAINT, SET or DROP NOT NULL, SET or
 * DROP DEFAULT, of a domain the plan created or the catalog's.
 */
void
lint_note_domain_altered(LintState *st, AlterDomainStmt *stmt, Oid typid, PlanType *created)
{
	const char *name = NULL;
	Oid			nspid = InvalidOid;
	Oid			base = InvalidOid;
	int32		typmod = -1;
	PlanDomain *d;

	if (created != NULL)
	{
		d = created->domain;
		name = created->name;
		nspid = get_namespace_oid(created->schema, true);
		base = created->base_typid;
		typmod = created->base_typmod;
	}
	else
	{
		d = catalog_domain(st, typid, &name, &nspid);
		base = getBaseTypeAndTypmod(typid, &typmod);
	}
	if (d == NULL)
		return;
	switch (stmt->subtype)
	{
		case 'T':
			d->volatile_default = stmt->def != NULL && OidIsValid(base) &&
				lint_default_is_volatile(st, stmt->def, base, typmod, name);
			break;
		case 'N':
			d->notnull = false;
			d->notnull_name = NULL;
			break;
		case 'O':
			{
				Constraint *c = makeNode(Constraint);

				c->contype = CONSTR_NOTNULL;
				add_constraint(st, d, name, nspid, c);
				break;
			}
		case 'C':
			add_constraint(st, d, name, nspid, castNode(Constraint, stmt->def));
			break;
		case 'X':
			drop_constraint(st, d, stmt->name);
			break;
	}
}

/*
 * Does a domain of the catalog check its values: constraints of its own or
 * of a domain it is over, as the plan leaves them?
 */
bool
lint_domain_checks(LintState *st, Oid typid)
{
	/*
	 * Read from the catalog, never through the type cache: loading a
	 * domain's constraints there plans their expressions, which evaluates
	 * the immutable functions they call on constants, as the caller of
	 * lint(), whoever wrote them.
	 */
	for (; OidIsValid(typid); typid = lint_domain_base(typid))
	{
		if (constrained(catalog_domain(st, typid, NULL, NULL)))
			return true;
	}
	return false;
}

/* Does a domain the plan created check its values, or one it is over? */
bool
lint_created_domain_checks(LintState *st, PlanType *pt)
{
	for (; pt != NULL && pt->domain != NULL; pt = pt->base_type)
	{
		if (constrained(pt->domain))
			return true;
		if (pt->base_type == NULL)
			return OidIsValid(pt->base_typid) && lint_domain_checks(st, pt->base_typid);
	}
	return false;
}

/*
 * Is the default of a type (the plan's created, or the catalog's typid)
 * volatile, as the plan leaves it? Only a domain has one.
 */
bool
lint_type_default_is_volatile(LintState *st, Oid typid, PlanType *created)
{
	PlanDomain *d = domain_of(st, typid, created);

	return d != NULL && d->volatile_default;
}

/* ALTER DOMAIN ... RENAME CONSTRAINT: it goes by its new name after. */
void
lint_note_domain_constraint_renamed(LintState *st, List *names, const char *from, const char *to)
{
	Oid			typid;
	int32		typmod;
	PlanType   *created;
	PlanDomain *d;
	ListCell   *lc;

	if (!lint_lookup_type(st, makeTypeNameFromNameList(names), &typid, &typmod, &created))
		return;
	d = domain_of(st, typid, created);
	if (d == NULL)
		return;
	if ((lc = name_cell(d->checks, from)) != NULL)
		lfirst(lc) = MemoryContextStrdup(st->plancxt, to);
	else if (d->notnull_name != NULL && strcmp(d->notnull_name, from) == 0)
		d->notnull_name = MemoryContextStrdup(st->plancxt, to);
	else
		return;
	lint_note_domain_constraint_name(st, d, to);
}

/* Does a domain of the plan's record have a constraint of a name? */
bool
lint_plan_domain_has(const PlanDomain *d, const char *name)
{
	return !d->dropped &&
		(schemamig_string_in_list(d->checks, name) ||
		 (d->notnull_name != NULL && strcmp(d->notnull_name, name) == 0));
}

/*
 * Does a domain of the catalog have a constraint of a name in a schema, as
 * the plan leaves both?
 */
bool
lint_domain_constraint_in(LintState *st, Oid typid, Oid nspid, const char *name)
{
	PlanDomain *d = domain_of(st, typid, NULL);

	return d != NULL && d->nspid == nspid && lint_plan_domain_has(d, name);
}

/* ALTER DOMAIN ... SET SCHEMA: its constraints' names go with it. */
void
lint_note_domain_moved(LintState *st, Oid typid, PlanType *created, const char *schema)
{
	PlanDomain *d = domain_of(st, typid, created);

	if (d != NULL)
		d->nspid = get_namespace_oid(schema, true);
}

/* DROP DOMAIN or TYPE: its constraints' names are free after. */
void
lint_note_domain_dropped(LintState *st, Oid typid, PlanType *created)
{
	PlanDomain *d = domain_of(st, typid, created);

	if (d != NULL)
		d->dropped = true;
}

/* Does a domain have a constraint of a name, as the plan leaves it? */
bool
lint_domain_has_constraint(LintState *st, Oid typid, PlanType *created, const char *name)
{
	PlanDomain *d = domain_of(st, typid, created);

	return d != NULL && lint_plan_domain_has(d, name);
}
