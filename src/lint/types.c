/*-------------------------------------------------------------------------
 *
 * src/lint/types.c
 *	  Types as the plan leaves them: the catalog's, but those it drops;
 *	  the types it creates, a domain with its base type (so that a change
 *	  of a column to it is judged from the base type); the constraints it
 *	  gives domains, which make every row of a column changed to one be
 *	  checked.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "parser/parse_type.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "lint.h"

/* The last part of a type's name, which the plan's own types go by. */
static const char *
last_name(const TypeName *name)
{
	return name->names != NIL ? strVal(llast(name->names)) : NULL;
}

/* The type the plan created last under a name, if it did not drop it. */
static PlanType *
plan_type(LintState *st, const char *name)
{
	PlanType   *found = NULL;
	ListCell   *lc;

	foreach(lc, st->types)
	{
		PlanType   *pt = lfirst(lc);

		if (name != NULL && strcmp(pt->name, name) == 0)
			found = pt;
	}
	return found != NULL && !found->dropped ? found : NULL;
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
 * The type a name stands for as the plan leaves it: a type the plan
 * created (*created; no OID yet), or the catalog's (with its typmod),
 * unless the plan dropped it. false when there is none. A length the type
 * refuses (varchar(0)) fails the statement when it runs, not lint: it is
 * read in a subtransaction, and counts as no type.
 */
bool
lint_lookup_type(LintState *st, TypeName *name, Oid *typid, int32 *typmod,
				 PlanType **created)
{
	TypeLookup	l = {name, InvalidOid, -1};

	*created = plan_type(st, last_name(name));
	*typid = InvalidOid;
	*typmod = -1;
	if (*created != NULL)
		return true;
	if (name->typmods == NIL)
		look_up(&l);
	else
		schemamig_rethrow_call_ending(schemamig_subtransaction(look_up, &l, false));
	if (!OidIsValid(l.typid) || list_member_oid(st->dropped_types, l.typid))
		return false;
	*typid = l.typid;
	*typmod = l.typmod;
	return true;
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
	while (pt != NULL && pt->base != NULL && !pt->checks)
	{
		PlanType   *next;

		if (!lint_lookup_type(st, pt->base, typid, typmod, &next))
			return false;
		if (next == NULL)
			return !lint_domain_checks(st, *typid);
		pt = next;
	}
	return false;
}

/* Does a domain the plan created check its values, or one it is over? */
bool
lint_created_domain_checks(LintState *st, PlanType *pt)
{
	Oid			typid;
	int32		typmod;
	PlanType   *next;

	for (; pt != NULL && pt->base != NULL; pt = next)
	{
		if (pt->checks)
			return true;
		if (!lint_lookup_type(st, pt->base, &typid, &typmod, &next))
			return false;
		if (next == NULL)
			return lint_domain_checks(st, typid);
	}
	return false;
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

/*
 * Does a domain of the catalog check its values: constraints of its own or
 * of a domain it is over, in the catalog or given by an earlier statement
 * of the plan?
 */
bool
lint_domain_checks(LintState *st, Oid typid)
{
	if (DomainHasConstraints(typid))
		return true;
	for (; OidIsValid(typid); typid = lint_domain_base(typid))
	{
		if (list_member_oid(st->checked_domains, typid))
			return true;
	}
	return false;
}

/*
 * A type a statement creates: a domain with its base type, and whether it
 * has constraints of its own (NOT NULL or CHECK); base NULL for an enum,
 * composite, range or base type.
 */
void
lint_note_type(LintState *st, List *names, TypeName *base, List *constraints)
{
	MemoryContext old = MemoryContextSwitchTo(st->plancxt);
	PlanType   *pt = palloc0(sizeof(PlanType));
	ListCell   *lc;

	pt->name = pstrdup(strVal(llast(names)));
	pt->base = copyObject(base);
	foreach(lc, constraints)
	{
		ConstrType	contype = lfirst_node(Constraint, lc)->contype;

		if (contype == CONSTR_CHECK || contype == CONSTR_NOTNULL)
			pt->checks = true;
	}
	st->types = lappend(st->types, pt);
	MemoryContextSwitchTo(old);
}

/*
 * A type of the catalog the plan changes, onto one of its lists (kept as
 * long as the plan): dropped, or a domain given a constraint.
 */
static void
note_catalog_type(LintState *st, List **list, Oid typid)
{
	MemoryContext old = MemoryContextSwitchTo(st->plancxt);

	*list = list_append_unique_oid(*list, typid);
	MemoryContextSwitchTo(old);
}

/* A type a statement drops: the plan's own, or the catalog's. */
void
lint_note_type_dropped(LintState *st, TypeName *name)
{
	Oid			typid;
	int32		typmod;
	PlanType   *pt;

	if (!lint_lookup_type(st, name, &typid, &typmod, &pt))
		return;
	if (pt != NULL)
		pt->dropped = true;
	else
		note_catalog_type(st, &st->dropped_types, typid);
}

/*
 * A constraint a statement gives a domain (ADD CONSTRAINT, valid or not,
 * or SET NOT NULL): from then on a change of a column to it checks every
 * row.
 */
void
lint_note_domain_checked(LintState *st, TypeName *name)
{
	Oid			typid;
	int32		typmod;
	PlanType   *pt;

	if (!lint_lookup_type(st, name, &typid, &typmod, &pt))
		return;
	if (pt != NULL)
		pt->checks = pt->base != NULL;
	else if (get_typtype(typid) == TYPTYPE_DOMAIN)
		note_catalog_type(st, &st->checked_domains, typid);
}
