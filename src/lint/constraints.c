/*-------------------------------------------------------------------------
 *
 * src/lint/constraints.c
 *	  Table constraints as the plan leaves them, for what they prove and
 *	  what they cost: a valid CHECK that implies col IS NOT NULL lets SET
 *	  NOT NULL skip its scan, one that names a column is checked again by
 *	  its ALTER ... TYPE, and from PostgreSQL 18 on a NOT NULL constraint
 *	  is one by name. The catalog's constraints are followed by identity
 *	  through RENAME, DROP and VALIDATE CONSTRAINT and DROP COLUMN, those
 *	  the plan adds by their names, which are chosen as the server chooses
 *	  them; a statement on a parent (not ONLY) does the same to the tables
 *	  under it, which merge a constraint of a name they have.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/sysattr.h"
#include "access/table.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_operator.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

static List *catalog_checks(LintState *st, Oid relid);
static bool inherited_elsewhere(LintState *st, Oid relid, const char *name, List *dropping, List *kept);

/* The plan's records of constraints of a name (made when create). */
static PlanConstraintName *
by_name(LintState *st, const char *name)
{
	char		key[NAMEDATALEN] = {0};
	PlanConstraintName *byname;
	bool		found;

	strlcpy(key, name, sizeof(key));
	byname = hash_search(st->constraint_names, key, HASH_ENTER, &found);
	if (!found)
		byname->holders = byname->domains = NIL;
	return byname;
}

/* A domain's constraint the plan names (added, or renamed to the name). */
void
lint_note_domain_constraint_name(LintState *st, PlanDomain *d, const char *name)
{
	PlanConstraintName *byname = by_name(st, name);
	MemoryContext old = MemoryContextSwitchTo(st->plancxt);

	byname->domains = lappend(byname->domains, d);
	MemoryContextSwitchTo(old);
}

/*
 * The plan's record of constraints: by "relid.name" what goes by a name
 * (nothing, a catalog constraint, or one the plan added), by "relid#name"
 * what became of the catalog's constraint of that name.
 */
static PlanConstraint *
entry(LintState *st, Oid relid, char sep, const char *name, bool create)
{
	char		key[LINT_NAME_LEN] = {0};
	PlanConstraint *c;
	bool		found;

	snprintf(key, sizeof(key), "%u%c%s", relid, sep, name);
	c = hash_search(st->constraints, key, create ? HASH_ENTER : HASH_FIND, &found);
	if (c != NULL && !found)
	{
		memset((char *) c + offsetof(PlanConstraint, relid), 0,
			   sizeof(PlanConstraint) - offsetof(PlanConstraint, relid));
		/* (and by its name alone, for name_taken()) */
		if (sep == '.')
		{
			PlanConstraintName *byname = by_name(st, name);
			MemoryContext old = MemoryContextSwitchTo(st->plancxt);

			byname->holders = lappend(byname->holders, c);
			MemoryContextSwitchTo(old);
		}
	}
	if (c != NULL)
		c->relid = relid;
	return c;
}

/* Does the catalog's constraint of a name still go by it? */
static bool
catalog_keeps(LintState *st, Oid relid, const char *name)
{
	PlanConstraint *id = entry(st, relid, '#', name, false);

	return id == NULL || (!id->none && id->current == NULL);
}

/*
 * What goes by a constraint's name now: the catalog's constraint of
 * *catalog's name, or one the plan added (*added); false for nothing.
 */
static bool
holder(LintState *st, Oid relid, const char *name, const char **catalog,
	   PlanConstraint **added)
{
	PlanConstraint *n = entry(st, relid, '.', name, false);

	*catalog = NULL;
	*added = NULL;
	if (n != NULL)
	{
		if (n->none)
			return false;
		if (n->added)
			*added = n;
		else
			*catalog = n->catalog;
		return true;
	}
	if (!catalog_keeps(st, relid, name))
		return false;
	*catalog = name;
	return true;
}

/* The catalog's constraint of a name, or nothing, goes by it after. */
static void
set_name(LintState *st, Oid relid, const char *name, const char *catalog)
{
	PlanConstraint *n = entry(st, relid, '.', name, true);

	n->none = catalog == NULL;
	n->added = false;
	n->not_null = false;
	n->proves = NULL;
	n->catalog = catalog ? MemoryContextStrdup(st->plancxt, catalog) : NULL;
}

/* The constraints the plan added to a table (made when create). */
static List **
added_to(LintState *st, Oid relid, bool create)
{
	bool		found;
	PlanAddedConstraints *t = hash_search(st->added_constraints, &relid,
										  create ? HASH_ENTER : HASH_FIND, &found);

	if (t == NULL)
		return NULL;
	if (!found)
		t->added = NIL;
	return &t->added;
}

/*
 * A constraint the plan added goes by a name: a proof of the columns
 * proves names, naming the columns columns names, valid or not yet.
 */
static void
set_added(LintState *st, PlanConstraint *n, List *proves, List *columns, bool validated)
{
	List	  **added = added_to(st, n->relid, true);

	n->none = false;
	n->added = true;
	n->not_null = false;
	n->inheritable = false;
	n->catalog = NULL;
	n->proves = proves;
	n->columns = columns;
	n->validated = validated;
	if (!list_member_ptr(*added, n))
	{
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);

		*added = lappend(*added, n);
		MemoryContextSwitchTo(old);
	}
}

/* Is an existing table there, in a schema, as the plan leaves it? */
static bool
table_in(LintState *st, Oid relid, Oid nspid)
{
	Oid			now;

	return lint_table_there(st, relid, &now) && now == nspid;
}

/*
 * Does a constraint go by a name in a schema, as the plan leaves them (the
 * server's test in ChooseConstraintName)? One the plan added or renamed to
 * it does, of a table or domain in the schema now; so does the catalog's
 * (of a table there, or a domain), unless the plan dropped it or renamed
 * it away.
 */
static bool
name_taken(LintState *st, Oid nspid, const char *name)
{
	char		key[NAMEDATALEN] = {0};
	PlanConstraintName *byname;
	Relation	rel;
	ScanKeyData keys[2];
	SysScanDesc scan;
	HeapTuple	tup;
	bool		taken = false;
	ListCell   *lc;

	strlcpy(key, name, sizeof(key));
	if ((byname = hash_search(st->constraint_names, key, HASH_FIND, NULL)) != NULL)
	{
		foreach(lc, byname->holders)
		{
			PlanConstraint *n = lfirst(lc);

			if (!n->none && table_in(st, n->relid, nspid))
				return true;
		}
		foreach(lc, byname->domains)
		{
			PlanDomain *d = lfirst(lc);

			if (d->nspid == nspid && lint_plan_domain_has(d, key))
				return true;
		}
	}
	rel = table_open(ConstraintRelationId, AccessShareLock);
	ScanKeyInit(&keys[0], Anum_pg_constraint_conname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum(key));
	ScanKeyInit(&keys[1], Anum_pg_constraint_connamespace, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(nspid));
	scan = systable_beginscan(rel, ConstraintNameNspIndexId, true, NULL, 2, keys);
	while (!taken && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

		taken = OidIsValid(con->contypid) ?
			lint_domain_constraint_in(st, con->contypid, nspid, key) :
			table_in(st, con->conrelid, nspid) && catalog_keeps(st, con->conrelid, key);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	/* (and the catalog's of the tables the plan moved into the schema) */
	foreach(lc, st->moved)
	{
		Oid			relid = lfirst_oid(lc);

		if (!taken && get_rel_namespace(relid) != nspid && table_in(st, relid, nspid) &&
			OidIsValid(get_relation_constraint_oid(relid, key, true)))
			taken = catalog_keeps(st, relid, key);
	}
	return taken;
}

/*
 * The name the server gives an unnamed constraint (ChooseConstraintName):
 * of name1, name2 and label, then label1, label2 and so on, the first that
 * no constraint of the schema goes by, as the plan leaves them.
 */
char *
lint_choose_constraint_name(LintState *st, const char *name1, const char *name2,
							const char *label, Oid nspid)
{
	char		modlabel[NAMEDATALEN];
	char	   *name;

	strlcpy(modlabel, label, sizeof(modlabel));
	for (int pass = 1; name_taken(st, nspid, name = makeObjectName(name1, name2, modlabel)); pass++)
		snprintf(modlabel, sizeof(modlabel), "%s%d", label, pass);
	return name;
}

/*
 * The name of a constraint a statement adds to t: conname, or the one the
 * server gives it, of the table's name as the plan leaves it, a column's
 * and label.
 */
static const char *
added_name(LintState *st, const LintTable *t, const char *conname, const char *column,
		   const char *label)
{
	Oid			nspid;

	if (conname != NULL)
		return conname;
	(void) lint_table_there(st, t->relid, &nspid);
	return lint_choose_constraint_name(st, lint_relname(st, t->relid), column, label, nspid);
}

#if PG_VERSION_NUM >= 180000
/*
 * From 18 on a column's NOT NULL is a constraint: dropping it by name
 * makes the column nullable.
 */
static void
drop_not_null(LintState *st, Oid relid, const char *catalog)
{
	Oid			conid = get_relation_constraint_oid(relid, catalog, true);
	HeapTuple	tup;
	PlannedColumn *col = NULL;

	if (!OidIsValid(conid) ||
		!HeapTupleIsValid(tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conid))))
		return;
	if (((Form_pg_constraint) GETSTRUCT(tup))->contype == CONSTRAINT_NOTNULL)
	{
		bool		isnull;
		Datum		keys = SysCacheGetAttr(CONSTROID, tup, Anum_pg_constraint_conkey, &isnull);
		Datum	   *attnums;
		int			n = 0;

		if (!isnull)
			deconstruct_array_builtin(DatumGetArrayTypeP(keys), INT2OID, &attnums, NULL, &n);
		if (n == 1)
			col = lint_column_by_attnum(st, relid, DatumGetInt16(attnums[0]));
	}
	ReleaseSysCache(tup);
	if (col != NULL)
		col->notnull = false;
}

/*
 * SET NOT NULL, or ADD CONSTRAINT ... NOT NULL, of a column that was not:
 * from 18 on a constraint of its own, by the name given or the server's,
 * on the table and the tables under it.
 */
void
lint_note_not_null_added(LintState *st, const LintTable *t, const char *column, const char *conname)
{
	const char *name;
	List	   *proves;
	MemoryContext old;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new)
		return;
	name = added_name(st, t, conname, column, "not_null");
	old = MemoryContextSwitchTo(st->plancxt);
	proves = list_make1(pstrdup(column));
	MemoryContextSwitchTo(old);
	foreach(lc, lint_column_tables(st, t))
	{
		PlanConstraint *n = entry(st, lfirst_oid(lc), '.', name, true);
		PlannedColumn *col = lint_column(st, lfirst_oid(lc), column);

		set_added(st, n, proves, NIL, true);
		n->not_null = true;
		/* (a table's own merged it: DROP CONSTRAINT of the name leaves it) */
		n->local = lfirst_oid(lc) == t->relid || (col != NULL && col->notnull_own);
	}
}
#endif

/*
 * Has a table the catalog's constraint of a name, and (*local) does it
 * define it itself, as the plan leaves it?
 */
static bool
catalog_has(LintState *st, Oid relid, const char *catalog, bool *local)
{
	Oid			conid = get_relation_constraint_oid(relid, catalog, true);
	PlanConstraint *id = entry(st, relid, '#', catalog, false);
	HeapTuple	tup;

	*local = false;
	if (!OidIsValid(conid) ||
		!HeapTupleIsValid(tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conid))))
		return false;
	*local = id != NULL && id->local_set ? id->local :
		((Form_pg_constraint) GETSTRUCT(tup))->conislocal;
	ReleaseSysCache(tup);
	return true;
}

/*
 * The constraint of a name a table has (the plan's held, or the catalog's)
 * becomes its own, or its parent's only.
 */
static void
set_local(LintState *st, Oid relid, const char *catalog, PlanConstraint *held, bool local)
{
	PlanConstraint *n = held;

	if (n == NULL)
	{
		n = entry(st, relid, '#', catalog, true);
		n->local_set = true;
	}
	n->local = local;
}

/*
 * DROP CONSTRAINT: nothing goes by the name after, on the table and on the
 * tables under it that have it only from it; with ONLY, the copies of the
 * tables right under it become their own.
 */
void
lint_note_constraint_dropped(LintState *st, const LintTable *t, const char *name)
{
	List	   *tables = lint_column_tables(st, t);
	List	   *kept = NIL;
	ListCell   *lc;

	foreach(lc, tables)
	{
		Oid			relid = lfirst_oid(lc);
		const char *catalog;
		PlanConstraint *added;
		bool		local;

		if (list_member_oid(kept, relid) || !holder(st, relid, name, &catalog, &added))
			continue;
		/*
		 * (a child's own copy stays, and the copies under it with it; so
		 * does one it also inherits from a parent that keeps it)
		 */
		if (added != NULL)
			local = added->local;
		else
			(void) catalog_has(st, relid, catalog, &local);
		if (relid != t->relid && (local || inherited_elsewhere(st, relid, name, tables, kept)))
		{
			kept = list_concat(kept, lint_tables_under(st, relid));
			continue;
		}
		if (added != NULL && added->not_null)
		{
			PlannedColumn *col = lint_column(st, relid, linitial(added->proves));

			if (col != NULL)
				col->notnull = false;
		}
		set_name(st, relid, name, NULL);
		if (catalog != NULL)
		{
			entry(st, relid, '#', catalog, true)->none = true;
#if PG_VERSION_NUM >= 180000
			drop_not_null(st, relid, catalog);
#endif
		}
	}
	/* (a partitioned table's can not be dropped ONLY: these inherit) */
	if (!t->inh && OidIsValid(t->relid) && !t->is_new && has_subclass(t->relid))
	{
		foreach(lc, find_inheritance_children(t->relid, NoLock))
		{
			const char *catalog;
			PlanConstraint *added;

			if (holder(st, lfirst_oid(lc), name, &catalog, &added))
				set_local(st, lfirst_oid(lc), catalog, added, true);
		}
	}
}

/* RENAME CONSTRAINT: the constraint goes by its new name after. */
void
lint_note_constraint_renamed(LintState *st, const LintTable *t, const char *from, const char *to)
{
	ListCell   *lc;

	foreach(lc, lint_column_tables(st, t))
	{
		Oid			relid = lfirst_oid(lc);
		const char *catalog;
		PlanConstraint *added;
		PlanConstraint *n;

		if (!holder(st, relid, from, &catalog, &added))
			continue;
		n = entry(st, relid, '.', to, true);
		if (added != NULL)
		{
			set_added(st, n, added->proves, added->columns, added->validated);
			n->not_null = added->not_null;
			n->inheritable = added->inheritable;
			n->local = added->local;
		}
		else
		{
			set_name(st, relid, to, catalog);
			entry(st, relid, '#', catalog, true)->current = MemoryContextStrdup(st->plancxt, to);
		}
		set_name(st, relid, from, NULL);
	}
}

/* VALIDATE CONSTRAINT: one the plan added, or the catalog's, is valid after. */
void
lint_note_constraint_validated(LintState *st, const LintTable *t, const char *name)
{
	ListCell   *lc;

	foreach(lc, lint_column_tables(st, t))
	{
		const char *catalog;
		PlanConstraint *added;

		if (!holder(st, lfirst_oid(lc), name, &catalog, &added))
			continue;
		if (added != NULL)
			added->validated = true;
		else
			entry(st, lfirst_oid(lc), '#', catalog, true)->validated = true;
	}
}

/* A raw expression's column of a table (col, t.col, (t).col). */
typedef struct RawColumn
{
	LintState  *st;
	Oid			relid;
	const char *name;
	List	   *names;			/* column_names(): what it found */
	bool		whole_row;		/* and whether the table's whole row too */
} RawColumn;

/* Is a reference the table's whole row t (no column is called t)? */
static bool
whole_row(ColumnRef *ref, RawColumn *c)
{
	return list_length(ref->fields) == 1 && IsA(linitial(ref->fields), String) &&
		strcmp(strVal(linitial(ref->fields)), lint_relname(c->st, c->relid)) == 0 &&
		lint_column(c->st, c->relid, strVal(linitial(ref->fields))) == NULL;
}

/* The column (t).col names, of the table's whole row; NULL for none. */
static const char *
row_field(Node *node, RawColumn *c)
{
	A_Indirection *ind = (A_Indirection *) node;

	if (!IsA(node, A_Indirection) || list_length(ind->indirection) != 1 ||
		!IsA(linitial(ind->indirection), String) || !IsA(ind->arg, ColumnRef) ||
		!whole_row((ColumnRef *) ind->arg, c))
		return NULL;
	return strVal(linitial(ind->indirection));
}

/* The columns a raw expression names, into c->names. */
static bool
column_names(Node *node, RawColumn *c)
{
	const char *field;

	if (node == NULL)
		return false;
	if ((field = row_field(node, c)) != NULL)
	{
		c->names = list_append_unique(c->names, makeString(pstrdup(field)));
		return false;
	}
	/* (a column, or the table's whole row) */
	if (IsA(node, ColumnRef) && IsA(llast(((ColumnRef *) node)->fields), String))
	{
		if (whole_row((ColumnRef *) node, c))
			c->whole_row = true;
		else
			c->names = list_append_unique(c->names, llast(((ColumnRef *) node)->fields));
	}
	return raw_expression_tree_walker(node, column_names, c);
}

/* A boolean constant, raw or cooked, not NULL: its value. */
static bool
bool_constant(Node *node, bool *value)
{
	if (IsA(node, A_Const) && !((A_Const *) node)->isnull &&
		IsA(&((A_Const *) node)->val, Boolean))
	{
		*value = boolVal(&((A_Const *) node)->val);
		return true;
	}
	if (IsA(node, Const) && ((Const *) node)->consttype == BOOLOID &&
		!((Const *) node)->constisnull)
	{
		*value = DatumGetBool(((Const *) node)->constvalue);
		return true;
	}
	return false;
}

/*
 * x = true, x <> false and the opposites, raw or cooked, which the server
 * makes x and NOT x (simplify_boolean_equality): x, and *negate for NOT.
 */
static Node *
boolean_equality(Node *node, bool *negate)
{
	Node	   *left;
	Node	   *right;
	bool		equal;
	bool		value;

	if (IsA(node, A_Expr) && ((A_Expr *) node)->kind == AEXPR_OP &&
		list_length(((A_Expr *) node)->name) == 1 &&
		((equal = strcmp(strVal(linitial(((A_Expr *) node)->name)), "=") == 0) ||
		 strcmp(strVal(linitial(((A_Expr *) node)->name)), "<>") == 0))
	{
		left = ((A_Expr *) node)->lexpr;
		right = ((A_Expr *) node)->rexpr;
	}
	else if (IsA(node, OpExpr) && list_length(((OpExpr *) node)->args) == 2 &&
			 ((equal = ((OpExpr *) node)->opno == BooleanEqualOperator) ||
			  ((OpExpr *) node)->opno == BooleanNotEqualOperator))
	{
		left = linitial(((OpExpr *) node)->args);
		right = lsecond(((OpExpr *) node)->args);
	}
	else
		return NULL;
	if (right != NULL && bool_constant(right, &value))
		*negate = equal != value;
	else if (left != NULL && bool_constant(left, &value))
	{
		*negate = equal != value;
		left = right;
	}
	else
		return NULL;
	return left;
}

/*
 * x IS DISTINCT FROM NULL, raw (the parser makes it x IS NOT NULL; not of
 * a ROW()): x, and *not_null; NOT DISTINCT is x IS NULL.
 */
static Node *
distinct_from_null(Node *node, bool *not_null)
{
	A_Expr	   *e = (A_Expr *) node;
	Node	   *arg;

	if (!IsA(node, A_Expr) || (e->kind != AEXPR_DISTINCT && e->kind != AEXPR_NOT_DISTINCT))
		return NULL;
	if (IsA(e->rexpr, A_Const) && ((A_Const *) e->rexpr)->isnull)
		arg = e->lexpr;
	else if (IsA(e->lexpr, A_Const) && ((A_Const *) e->lexpr)->isnull)
		arg = e->rexpr;
	else
		return NULL;
	*not_null = e->kind == AEXPR_DISTINCT;
	return IsA(arg, RowExpr) ? NULL : arg;
}

/*
 * Does a CHECK's expression prove a column holds no NULL where the server
 * looks (NotNullImpliedByRelConstraints: eval_const_expressions, which
 * pushes NOT down and splits a ROW's IS NOT NULL into its fields, then
 * predicate_implied_by, weakly, of col IS NOT NULL)? A CHECK holds where
 * its expression is not false: does that leave the column no NULL, or,
 * negated (under a NOT), does the expression not being true? col IS NOT
 * NULL, or ROW(..., col, ...) IS NOT NULL, does as a term of ANDs or in
 * every arm of an OR; NOT turns the question around. Nothing is evaluated.
 * is_column tells whether an argument is the column: a raw expression's
 * reference, or a cooked one's Var.
 */
static bool
proves_not_null(Node *node, bool negated, bool (*is_column) (Node *arg, void *column), void *column)
{
	bool		any;
	bool		flip;
	Node	   *arg;
	ListCell   *lc;

	if (node == NULL)
		return false;
	if ((arg = boolean_equality(node, &flip)) != NULL)
		return proves_not_null(arg, negated != flip, is_column, column);
	/* (the parser's NullTest: x IS [NOT] DISTINCT FROM NULL) */
	if ((arg = distinct_from_null(node, &flip)) != NULL)
		return flip != negated && is_column(arg, column);
	if (IsA(node, NullTest))
	{
		NullTest   *test = (NullTest *) node;

		if (IsA(test->arg, RowExpr))
		{
			List	   *fields = ((RowExpr *) test->arg)->args;

			/* (every field is not null; or, of one field, it is not null) */
			if (test->nulltesttype == IS_NOT_NULL && !negated)
			{
				foreach(lc, fields)
				{
					if (is_column(lfirst(lc), column))
						return true;
				}
			}
			return test->nulltesttype == IS_NULL && negated && list_length(fields) == 1 &&
				is_column(linitial(fields), column);
		}
		return (test->nulltesttype == IS_NOT_NULL) != negated && !test->argisrow &&
			is_column((Node *) test->arg, column);
	}
	if (!IsA(node, BoolExpr))
		return false;
	if (((BoolExpr *) node)->boolop == NOT_EXPR)
		return proves_not_null(linitial(((BoolExpr *) node)->args), !negated, is_column, column);
	/* (one term proves it, or it takes every one) */
	any = (((BoolExpr *) node)->boolop == AND_EXPR) != negated;
	foreach(lc, ((BoolExpr *) node)->args)
	{
		bool		value;
		bool		proves;

		/*
		 * (a constant arm the server drops where it does not decide the
		 * whole: it takes every one but that, and proves nothing alone)
		 */
		if (bool_constant(lfirst(lc), &value))
			proves = !any && value == negated;
		else
			proves = proves_not_null(lfirst(lc), negated, is_column, column);
		if (proves == any)
			return proves;
	}
	return !any;
}

/* Is a raw NullTest's argument the column c->name? */
static bool
is_raw_column(Node *arg, void *column)
{
	RawColumn  *c = column;
	const char *field = row_field(arg, c);

	return field != NULL ? strcmp(field, c->name) == 0 :
		IsA(arg, ColumnRef) && IsA(llast(((ColumnRef *) arg)->fields), String) &&
		strcmp(strVal(llast(((ColumnRef *) arg)->fields)), c->name) == 0;
}

/* A cooked expression's column: the Var of its number. */
static bool
is_var_column(Node *arg, void *column)
{
	return IsA(arg, Var) && ((Var *) arg)->varattno == *(AttrNumber *) column &&
		((Var *) arg)->varlevelsup == 0;
}

/*
 * ADD CONSTRAINT ... CHECK: the name goes to the plan's constraint, which
 * proves the columns it names NOT NULL as proves_not_null() says, once
 * valid. An unnamed one gets the name the server gives it: the table's and
 * its one column's (if it names one), unique among the schema's and the
 * plan's constraints. A table that has a constraint of the name already
 * merges the two (MergeWithExistingConstraint), keeping its own, valid or
 * not: t's inherited one becomes t's own, and a partition's its parent's.
 * True when a table with storage gets it new, which checks its rows.
 */
bool
lint_note_constraint_added(LintState *st, const LintTable *t, Constraint *c)
{
	RawColumn	column = {st, t->relid, NULL, NIL, false};
	List	   *proves = NIL;
	List	   *columns = NIL;
	const char *name;
	bool		checks = false;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new)
		return false;
	(void) column_names(c->raw_expr, &column);
	foreach(lc, column.names)
	{
		MemoryContext old;

		column.name = strVal(lfirst(lc));
		old = MemoryContextSwitchTo(st->plancxt);
		columns = lappend(columns, pstrdup(column.name));
		if (proves_not_null(c->raw_expr, false, is_raw_column, &column))
			proves = lappend(proves, llast(columns));
		MemoryContextSwitchTo(old);
	}
	/* (the column's name when it names one, and not the whole row) */
	name = added_name(st, t, c->conname,
					  c->conname == NULL && list_length(column.names) == 1 && !column.whole_row ?
					  strVal(linitial(column.names)) : NULL,
					  "check");
	foreach(lc, lint_column_tables(st, t))
	{
		Oid			relid = lfirst_oid(lc);
		const char *catalog;
		PlanConstraint *held;
		PlanConstraint *n;
		bool		own = false;
		bool		partition = OidIsValid(lint_partition_parent_of(st, relid));

		/* (NO INHERIT: the table alone, which comes first) */
		if (c->is_no_inherit && relid != t->relid)
			break;
		if (holder(st, relid, name, &catalog, &held) &&
			(held != NULL || catalog_has(st, relid, catalog, &own)))
		{
			if (partition || relid == t->relid)
				set_local(st, relid, catalog, held, !partition);
			else if (held == NULL)
				set_local(st, relid, catalog, held, own);
			continue;
		}
		n = entry(st, relid, '.', name, true);
		set_added(st, n, proves, columns, !c->skip_validation);
		n->local = relid == t->relid;
		n->inheritable = !c->is_no_inherit;
		checks |= RELKIND_HAS_STORAGE(get_rel_relkind(relid));
	}
	return checks;
}

/* Is a constraint a key (primary, unique, exclusion) or a foreign key? */
bool
lint_keyed_constraint(const Constraint *c)
{
	return c->contype == CONSTR_PRIMARY || c->contype == CONSTR_UNIQUE ||
		c->contype == CONSTR_EXCLUSION || c->contype == CONSTR_FOREIGN;
}

/*
 * A key or foreign key a statement adds to t by name: it goes by the
 * name, and proves nothing.
 */
void
lint_note_constraint_named(LintState *st, const LintTable *t, const char *name)
{
	PlanConstraint *n;

	if (!OidIsValid(t->relid) || t->is_new)
		return;
	n = entry(st, t->relid, '.', name, true);
	set_added(st, n, NIL, NIL, true);
	n->local = true;
}

/* Does a cooked expression name a column (a Var of its number)? */
static bool
names_var(Node *expr, AttrNumber attnum)
{
	Bitmapset  *attrs = NULL;

	pull_varattnos(expr, 1, &attrs);
	return bms_is_member(attnum - FirstLowInvalidHeapAttributeNumber, attrs);
}

/* The catalog's CHECKs of a table (CatalogCheck), read once per call. */
static List *
catalog_checks(LintState *st, Oid relid)
{
	static SPIPlanPtr plan = NULL;
	CatalogTable *t = lint_catalog_table(st, relid);

	if (!t->checks_read)
	{
		SPITupleTable *rows = lint_query(&plan, "SELECT conname, convalidated, connoinherit, conbin FROM pg_catalog.pg_constraint"
										 " WHERE conrelid OPERATOR(pg_catalog.=) $1"
										 " AND contype OPERATOR(pg_catalog.=) 'c'", relid);
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);

		for (uint64 i = 0; i < SPI_processed; i++)
		{
			CatalogCheck *c = palloc(sizeof(CatalogCheck));
			bool		isnull;

			c->name = SPI_getvalue(rows->vals[i], rows->tupdesc, 1);
			c->valid = DatumGetBool(SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull));
			c->no_inherit = DatumGetBool(SPI_getbinval(rows->vals[i], rows->tupdesc, 3, &isnull));
			c->expr = stringToNode(SPI_getvalue(rows->vals[i], rows->tupdesc, 4));
			t->checks = lappend(t->checks, c);
		}
		MemoryContextSwitchTo(old);
		t->checks_read = true;
	}
	return t->checks;
}

/* The name a catalog CHECK goes by as the plan leaves it; NULL: dropped. */
static const char *
check_name_now(LintState *st, Oid relid, const CatalogCheck *c)
{
	PlanConstraint *id = entry(st, relid, '#', c->name, false);

	if (id == NULL)
		return c->name;
	return id->none ? NULL : id->current ? id->current : c->name;
}

/*
 * The names of a table's CHECKs that the tables under it get, as the plan
 * leaves them.
 */
static List *
inherited_names(LintState *st, Oid relid)
{
	List	   *names = NIL;
	List	  **added = added_to(st, relid, false);
	const char *name;
	ListCell   *lc;

	foreach(lc, catalog_checks(st, relid))
	{
		CatalogCheck *c = lfirst(lc);

		if (!c->no_inherit && (name = check_name_now(st, relid, c)) != NULL)
			names = lappend(names, (char *) name);
	}
	foreach(lc, added ? *added : NIL)
	{
		PlanConstraint *n = lfirst(lc);

		if (!n->none && n->inheritable)
			names = lappend(names, strchr(n->key, '.') + 1);
	}
	return names;
}

/* Has a table a constraint of a name that the tables under it get? */
static bool
inheritable(LintState *st, Oid relid, const char *name)
{
	const char *catalog;
	PlanConstraint *added;
	ListCell   *lc;

	if (!holder(st, relid, name, &catalog, &added))
		return false;
	if (added != NULL)
		return added->inheritable;
	foreach(lc, catalog_checks(st, relid))
	{
		CatalogCheck *c = lfirst(lc);

		if (strcmp(c->name, catalog) == 0)
			return !c->no_inherit;
	}
	return false;
}

/*
 * Does a table inherit a constraint of a name from a parent that keeps it
 * (the server counts a constraint's parents: coninhcount)? Not from one of
 * the tables a statement drops it from (dropping), unless it keeps its own
 * there (kept).
 */
static bool
inherited_elsewhere(LintState *st, Oid relid, const char *name, List *dropping, List *kept)
{
	ListCell   *lc;

	foreach(lc, lint_parents_of(st, relid))
	{
		Oid			parent = lfirst_oid(lc);

		if ((!list_member_oid(dropping, parent) || list_member_oid(kept, parent)) &&
			inheritable(st, parent, name))
			return true;
	}
	return false;
}

/*
 * A child comes under a parent (INHERIT, ATTACH PARTITION) or leaves it
 * (NO INHERIT, DETACH PARTITION). Coming, it has the parent's constraints
 * already, which merge (MergeConstraintsIntoExisting): a partition's are
 * its parent's after. Leaving, those it inherits from no other parent
 * become its own (RemoveInheritance).
 */
void
lint_note_constraints_inherited(LintState *st, Oid child, Oid parent, bool inherits)
{
	bool		partition = get_rel_relkind(parent) == RELKIND_PARTITIONED_TABLE;
	ListCell   *lc;

	foreach(lc, inherited_names(st, parent))
	{
		const char *catalog;
		PlanConstraint *held;

		if (holder(st, child, lfirst(lc), &catalog, &held) &&
			(inherits ? partition : !inherited_elsewhere(st, child, lfirst(lc), NIL, NIL)))
			set_local(st, child, catalog, held, !inherits);
	}
}

/* What valid_check() looks for. */
typedef enum CheckWanted
{
	CHECK_NAMING,				/* a CHECK that names the column */
	CHECK_PROVING,				/* one that proves it holds no NULL */
	CHECK_PROVING_ROW			/* the same, of a column of a row type: the
								 * catalog's, cooked for that type */
} CheckWanted;

/*
 * Is there a valid CHECK of a table that is what is wanted, as the plan
 * leaves the table's constraints: one of the catalog's that the plan keeps
 * (under any name; valid, or validated by the plan), or one the plan
 * added? attnum: the catalog's column (none for one the plan added);
 * column: its name now.
 */
static bool
valid_check(LintState *st, Oid relid, AttrNumber attnum, const char *column, CheckWanted wanted)
{
	bool		proves = wanted != CHECK_NAMING;
	List	  **added = added_to(st, relid, false);
	ListCell   *lc;

	/* (a row's IS NOT NULL tests its fields: what the plan adds proves nothing) */
	if (wanted == CHECK_PROVING_ROW)
		added = NULL;
	foreach(lc, added ? *added : NIL)
	{
		PlanConstraint *n = lfirst(lc);

		if (!n->none && n->added && n->validated && !n->not_null &&
			schemamig_string_in_list(proves ? n->proves : n->columns, column))
			return true;
	}
	if (attnum == InvalidAttrNumber)
		return false;
	foreach(lc, catalog_checks(st, relid))
	{
		CatalogCheck *c = lfirst(lc);
		PlanConstraint *id = entry(st, relid, '#', c->name, false);

		if ((id != NULL && id->none) || !(c->valid || (id != NULL && id->validated)))
			continue;
		if (proves ? proves_not_null(c->expr, false, is_var_column, &attnum) : names_var(c->expr, attnum))
			return true;
	}
	return false;
}

/*
 * Does a valid CHECK prove a column holds no NULL (valid_check())? Of a
 * row, only the catalog's, cooked when the column had the type it has
 * (its IS DISTINCT FROM NULL proves, and its IS NOT NULL tests the fields).
 */
bool
lint_proven_not_null(LintState *st, Oid relid, AttrNumber attnum, const char *column)
{
	PlannedColumn *col = lint_column(st, relid, column);

	if (col == NULL || !lint_type_is_row(col->typid, col->newtype))
		return valid_check(st, relid, attnum, column, CHECK_PROVING);
	return col->newtype == NULL && attnum != InvalidAttrNumber &&
		col->typid == get_atttype(relid, attnum) &&
		valid_check(st, relid, attnum, column, CHECK_PROVING_ROW);
}

/*
 * DROP COLUMN: the CHECKs that name the column go with it, the plan's and
 * the catalog's.
 */
void
lint_note_checks_of_column_dropped(LintState *st, Oid relid, AttrNumber attnum, const char *column)
{
	List	  **added = added_to(st, relid, false);
	ListCell   *lc;

	foreach(lc, added ? *added : NIL)
	{
		PlanConstraint *n = lfirst(lc);

		if (!n->none && schemamig_string_in_list(n->columns, column))
			set_name(st, relid, strchr(n->key, '.') + 1, NULL);
	}
	if (attnum == InvalidAttrNumber)
		return;
	foreach(lc, catalog_checks(st, relid))
	{
		CatalogCheck *c = lfirst(lc);
		const char *name = check_name_now(st, relid, c);

		if (name == NULL || !names_var(c->expr, attnum))
			continue;
		set_name(st, relid, name, NULL);
		entry(st, relid, '#', c->name, true)->none = true;
	}
}

/*
 * Does a valid CHECK name a column (valid_check())? ALTER COLUMN ... TYPE
 * adds it again, which checks every row where the table is not rewritten.
 */
bool
lint_checked_column(LintState *st, Oid relid, AttrNumber attnum, const char *column)
{
	return valid_check(st, relid, attnum, column, CHECK_NAMING);
}

/*
 * RENAME COLUMN: what the plan's constraints prove and name goes with the
 * column.
 */
void
lint_note_proof_column_renamed(LintState *st, Oid relid, const char *from, const char *to)
{
	List	  **added = added_to(st, relid, false);
	ListCell   *lc;

	foreach(lc, added ? *added : NIL)
	{
		PlanConstraint *n = lfirst(lc);
		ListCell   *cell;

		foreach(cell, n->columns)
		{
			if (strcmp(lfirst(cell), from) == 0)
				lfirst(cell) = MemoryContextStrdup(st->plancxt, to);
		}
		foreach(cell, n->proves)
		{
			if (strcmp(lfirst(cell), from) == 0)
				lfirst(cell) = MemoryContextStrdup(st->plancxt, to);
		}
	}
}
