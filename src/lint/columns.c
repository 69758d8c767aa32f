/*-------------------------------------------------------------------------
 *
 * src/lint/columns.c
 *	  Columns: whether ALTER COLUMN ... TYPE or ADD COLUMN rewrites the
 *	  table (from the type the plan leaves a column, and the default as the
 *	  server cooks it), and whether SET NOT NULL scans it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/sysattr.h"
#include "access/transam.h"
#include "catalog/heap.h"
#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_node.h"
#include "parser/parse_type.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/portal.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "lint.h"

/*
 * A column of an existing table in the plan's own record of columns, which
 * holds those a statement of the plan touched (HASH_FIND: NULL when none
 * did).
 */
static PlannedColumn *
planned_column(LintState *st, Oid relid, const char *name, HASHACTION action)
{
	PlannedColumn key;

	memset(&key, 0, sizeof(key));
	key.relid = relid;
	strlcpy(key.name, name, sizeof(key.name));
	return hash_search(st->columns, &key, action, NULL);
}

/* A column has got a type: it is listed under it (ColumnsOfType). */
static void
index_column(LintState *st, PlannedColumn *col)
{
	ColumnsOfType key;
	ColumnsOfType *entry;
	bool		found;
	MemoryContext old;

	memset(&key, 0, sizeof(key));
	key.typid = col->newtype ? InvalidOid : col->typid;
	key.created = col->newtype;
	entry = hash_search(st->columns_by_type, &key, HASH_ENTER, &found);
	if (!found)
		entry->columns = NIL;
	old = MemoryContextSwitchTo(st->plancxt);
	entry->columns = lappend(entry->columns, col);
	MemoryContextSwitchTo(old);
}

/*
 * The columns of existing tables that are of a type now, as the plan
 * leaves them: the catalog's typid, or the plan's created (the catalog's
 * columns of it once catalog_types_over() entered them). A column may be
 * listed twice.
 */
List *
lint_columns_of(LintState *st, Oid typid, PlanType *created)
{
	ColumnsOfType key;
	ColumnsOfType *entry;
	List	   *columns = NIL;
	ListCell   *lc;

	memset(&key, 0, sizeof(key));
	key.typid = created ? InvalidOid : typid;
	key.created = created;
	if ((entry = hash_search(st->columns_by_type, &key, HASH_FIND, NULL)) == NULL)
		return NIL;
	foreach(lc, entry->columns)
	{
		PlannedColumn *col = lfirst(lc);

		/* (listed under every type it had) */
		if (!col->gone && col->newtype == created && (created != NULL || col->typid == typid))
			columns = lappend(columns, col);
	}
	return columns;
}

/*
 * A column of an existing table as the plan leaves it: the plan's record,
 * made from the catalog's column when no statement touched it yet; NULL
 * when there is none (or the plan dropped it, or renamed it away).
 */
PlannedColumn *
lint_column(LintState *st, Oid relid, const char *name)
{
	PlannedColumn *col = planned_column(st, relid, name, HASH_FIND);
	HeapTuple	tup;
	Form_pg_attribute att;

	if (col != NULL)
		return col->gone ? NULL : col;
	tup = SearchSysCacheAttName(relid, name);
	if (!HeapTupleIsValid(tup))
		return NULL;
	att = (Form_pg_attribute) GETSTRUCT(tup);
	col = planned_column(st, relid, name, HASH_ENTER);
	col->typid = att->atttypid;
	col->typmod = att->atttypmod;
	col->attnum = att->attnum;
	col->notnull = att->attnotnull;
	col->notnull_own = false;
	col->gone = false;
	col->newtype = NULL;
	ReleaseSysCache(tup);
#if PG_VERSION_NUM >= 180000
	/* (a NOT VALID NOT NULL constraint marks it too: SET NOT NULL checks it) */
	if (col->notnull &&
		HeapTupleIsValid(tup = findNotNullConstraintAttnum(relid, col->attnum)))
	{
		col->notnull = ((Form_pg_constraint) GETSTRUCT(tup))->convalidated;
		col->notnull_own = ((Form_pg_constraint) GETSTRUCT(tup))->conislocal;
		heap_freetuple(tup);
	}
#endif
	index_column(st, col);
	return col;
}

/* The catalog's number of a column as the plan leaves it (none if added). */
AttrNumber
lint_column_attnum(LintState *st, Oid relid, const char *name)
{
	PlannedColumn *col = lint_column(st, relid, name);

	return col != NULL ? col->attnum : InvalidAttrNumber;
}

/*
 * The tables a statement on a column of t changes the column of: t, and
 * without ONLY the children and partitions under it (which have it too),
 * as the catalog has them; none for a table that is not there yet, or
 * that the plan created.
 */
List *
lint_column_tables(LintState *st, const LintTable *t)
{
	if (!OidIsValid(t->relid) || t->is_new)
		return NIL;
	return t->inh ? lint_tables_under(st, t->relid) : list_make1_oid(t->relid);
}

/*
 * A table and the tables under it as the plan leaves them: the catalog's
 * children, but for partitions the plan detached (or attached elsewhere)
 * and children it made NO INHERIT, and the partitions it attached and
 * children it made INHERIT; the table first.
 */
List *
lint_tables_under(LintState *st, Oid relid)
{
	List	   *tables = list_make1_oid(relid);

	for (int i = 0; i < list_length(tables); i++)
	{
		Oid			parent = list_nth_oid(tables, i);
		HASH_SEQ_STATUS seq;
		PlanPartition *p;
		PlanInherit *i;
		ListCell   *lc;

		foreach(lc, has_subclass(parent) ? find_inheritance_children(parent, NoLock) : NIL)
		{
			if (get_rel_relispartition(lfirst_oid(lc)) ?
				lint_partition_parent_of(st, lfirst_oid(lc)) == parent :
				lint_still_inherits(st, lfirst_oid(lc), parent))
				tables = list_append_unique_oid(tables, lfirst_oid(lc));
		}
		hash_seq_init(&seq, st->partitions);
		while ((p = hash_seq_search(&seq)) != NULL)
		{
			if (p->parent == parent)
				tables = list_append_unique_oid(tables, p->relid);
		}
		hash_seq_init(&seq, st->inherits);
		while ((i = hash_seq_search(&seq)) != NULL)
		{
			if (i->parent == parent && i->inherits)
				tables = list_append_unique_oid(tables, i->child);
		}
	}
	return tables;
}

/* A column in the plan's record as another is (renamed, or inherited). */
static void
copy_column(LintState *st, Oid relid, const char *name, const PlannedColumn *like)
{
	PlannedColumn *col = planned_column(st, relid, name, HASH_ENTER);

	memcpy((char *) col + offsetof(PlannedColumn, typid), (const char *) like + offsetof(PlannedColumn, typid),
		   sizeof(PlannedColumn) - offsetof(PlannedColumn, typid));
	index_column(st, col);
}

/*
 * RENAME COLUMN: the plan's later statements find the column, as the plan
 * leaves it, under its new name, and none under the old.
 */
void
lint_note_column_renamed(LintState *st, const LintTable *t, const char *from,
						 const char *to)
{
	ListCell   *lc;

	foreach(lc, lint_column_tables(st, t))
	{
		PlannedColumn *col = lint_column(st, lfirst_oid(lc), from);

		if (col == NULL)
			continue;
		copy_column(st, lfirst_oid(lc), to, col);
		col->gone = true;
		lint_note_proof_column_renamed(st, lfirst_oid(lc), from, to);
	}
}

/*
 * DROP COLUMN: nothing of the name after, in the table and in those under
 * it that have the column only from it.
 */
void
lint_note_column_dropped(LintState *st, const LintTable *t, const char *name)
{
	ListCell   *lc;

	foreach(lc, lint_column_tables(st, t))
	{
		PlannedColumn *col = lint_column(st, lfirst_oid(lc), name);
		HeapTuple	tup;

		if (col == NULL)
			continue;
		if (lfirst_oid(lc) != t->relid && col->attnum != InvalidAttrNumber &&
			HeapTupleIsValid(tup = SearchSysCache2(ATTNUM, ObjectIdGetDatum(lfirst_oid(lc)),
												   Int16GetDatum(col->attnum))))
		{
			Form_pg_attribute att = (Form_pg_attribute) GETSTRUCT(tup);
			bool		own = att->attislocal || att->attinhcount > 1;

			ReleaseSysCache(tup);
			if (own)
				continue;
		}
		col->gone = true;
		lint_note_checks_of_column_dropped(st, lfirst_oid(lc), col->attnum, name);
	}
}

/*
 * DROP NOT NULL: a later SET NOT NULL checks the rows again. From 18 on a
 * table under t keeps a NOT NULL constraint of its own, and so do the
 * tables under it, which inherit it from there.
 */
void
lint_note_null(LintState *st, const LintTable *t, const char *name)
{
	List	   *kept = NIL;
	ListCell   *lc;

	foreach(lc, lint_column_tables(st, t))
	{
		PlannedColumn *col = lint_column(st, lfirst_oid(lc), name);

		if (col == NULL || list_member_oid(kept, lfirst_oid(lc)))
			continue;
#if PG_VERSION_NUM >= 180000
		if (lfirst_oid(lc) != t->relid && col->notnull && col->notnull_own)
		{
			kept = list_concat(kept, lint_tables_under(st, lfirst_oid(lc)));
			continue;
		}
#endif
		col->notnull = false;
	}
}

/*
 * SET NOT NULL scans the table, but where the column is NOT NULL already
 * (as the plan leaves it), or a valid CHECK proves it holds no NULL: the
 * table's own, and each table's under it that has rows of its own (a
 * parent's NO INHERIT proof does not reach them). From 18 on it makes a
 * NOT NULL constraint (conname, or the server's name).
 */
void
lint_set_not_null(LintState *st, const LintTable *t, const char *column, const char *conname,
				  const char *what)
{
	PlannedColumn *col;
	bool		scans = false;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new)
		return;
	col = lint_column(st, t->relid, column);
	/* (18 on: an inherited NOT NULL constraint becomes the table's own too) */
	if (col != NULL && col->notnull)
	{
		col->notnull_own = true;
		return;
	}
	foreach(lc, lint_column_tables(st, t))
	{
		/* (a partitioned table has no rows of its own) */
		if (!RELKIND_HAS_STORAGE(get_rel_relkind(lfirst_oid(lc))))
			continue;
		col = lint_column(st, lfirst_oid(lc), column);
		if (col == NULL || (!col->notnull && !lint_proven_not_null(st, lfirst_oid(lc), col->attnum, column)))
		{
			scans = true;
			break;
		}
	}
	if (scans)
		lint_validating_scan(st, t, psprintf("%s on %s", what, quote_identifier(column)),
							 psprintf("First ADD CONSTRAINT ... CHECK (%s IS NOT NULL) NOT VALID, VALIDATE it in a later revision, then SET NOT NULL finds it and skips the scan.",
									  quote_identifier(column)));
	/* (18 on: a table under t that has one merges t's, and keeps its own) */
	foreach(lc, lint_column_tables(st, t))
	{
		if ((col = lint_column(st, lfirst_oid(lc), column)) == NULL)
			continue;
		col->notnull_own = lfirst_oid(lc) == t->relid || (col->notnull && col->notnull_own);
		col->notnull = true;
	}
#if PG_VERSION_NUM >= 180000
	lint_note_not_null_added(st, t, column, conname);
#endif
}

/*
 * ADD PRIMARY KEY: its columns are NOT NULL after, on the table and the
 * tables under it. USING INDEX, the index's columns (the catalog's index)
 * that are not yet are checked: a scan.
 */
void
lint_primary_key(LintState *st, const LintTable *t, Constraint *c)
{
	List	   *columns = NIL;
	bool		scans = false;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new)
		return;
	foreach(lc, c->keys)
		columns = lappend(columns, strVal(lfirst(lc)));
	if (c->indexname != NULL)
	{
		Oid			index = get_relname_relid(c->indexname, get_rel_namespace(t->relid));
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(index));

		if (HeapTupleIsValid(tup))
		{
			Form_pg_index form = (Form_pg_index) GETSTRUCT(tup);

			for (int i = 0; i < form->indnkeyatts; i++)
			{
				PlannedColumn *col = lint_column_by_attnum(st, t->relid, form->indkey.values[i]);

				if (col != NULL)
					columns = lappend(columns, col->name);
			}
			ReleaseSysCache(tup);
		}
	}
	foreach(lc, columns)
	{
		ListCell   *table;

		foreach(table, lint_column_tables(st, t))
		{
			PlannedColumn *col = lint_column(st, lfirst_oid(table), lfirst(lc));

			if (col == NULL || col->notnull)
				continue;
			scans |= c->indexname != NULL && RELKIND_HAS_STORAGE(get_rel_relkind(lfirst_oid(table)));
			col->notnull = true;
			col->notnull_own = lfirst_oid(table) == t->relid;
		}
	}
	if (scans)
		lint_validating_scan(st, t, "ADD PRIMARY KEY USING INDEX, which sets its columns NOT NULL,",
							 "SET NOT NULL first, after a validated CHECK (col IS NOT NULL) NOT VALID, so the key finds the columns NOT NULL.");
}

/*
 * A column of an existing table by the catalog's number, as the plan
 * leaves it (under the name it gave it); NULL when there is none.
 */
PlannedColumn *
lint_column_by_attnum(LintState *st, Oid relid, AttrNumber attnum)
{
	char	   *name = get_attname(relid, attnum, true);
	PlannedColumn *col = name ? lint_column(st, relid, name) : NULL;
	HASH_SEQ_STATUS seq;

	if (col != NULL || name == NULL)
		return col;
	/* (renamed: a rare statement's walk of the columns the plan changed) */
	hash_seq_init(&seq, st->columns);
	while ((col = hash_seq_search(&seq)) != NULL)
	{
		if (col->relid == relid && col->attnum == attnum && !col->gone)
		{
			hash_seq_term(&seq);
			return col;
		}
	}
	return NULL;
}

/*
 * A type named in a statement, as a column's values would become it: a
 * type of the catalog, or one the plan created that counts as one (a
 * domain without constraints over it); false for none, or for one whose
 * every row is converted or checked (*checks).
 */
static bool
target_type(LintState *st, TypeName *name, Oid *typid, int32 *typmod, bool *checks)
{
	PlanType   *created;

	*checks = false;
	if (!lint_lookup_type(st, name, typid, typmod, &created))
		return false;
	if (created != NULL && !lint_created_type_base(st, created, typid, typmod))
	{
		*checks = true;
		return false;
	}
	return true;
}

/*
 * A USING expression as the server builds it from the column's values
 * (var), where lint can: the column itself (also as table.column), or
 * casts of it; NULL for anything else, which is judged a rewrite (so is a
 * cast to a domain that checks its values).
 */
static Node *
using_expr(LintState *st, Node *raw, const char *column, const char *relname, Var *var)
{
	/* a cast of a cast...: the parser builds any depth without recursing */
	check_stack_depth();
	if (IsA(raw, ColumnRef))
	{
		List	   *f = ((ColumnRef *) raw)->fields;

		if (IsA(llast(f), String) && strcmp(strVal(llast(f)), column) == 0 &&
			(list_length(f) == 1 ||
			 (list_length(f) == 2 && IsA(linitial(f), String) &&
			  strcmp(strVal(linitial(f)), relname) == 0)))
			return (Node *) var;
	}
	else if (IsA(raw, TypeCast))
	{
		TypeCast   *cast = (TypeCast *) raw;
		Node	   *arg = using_expr(st, cast->arg, column, relname, var);
		Oid			typid;
		int32		typmod;
		bool		checks;
		ParseState *pstate;

		if (arg == NULL || !target_type(st, cast->typeName, &typid, &typmod, &checks) ||
			lint_domain_checks(st, typid))
			return NULL;
		pstate = make_parsestate(NULL);
		arg = coerce_to_target_type(pstate, arg, exprType(arg), typid, typmod,
									COERCION_EXPLICIT, COERCE_EXPLICIT_CAST, -1);
		free_parsestate(pstate);
		return arg;
	}
	return NULL;
}

/* Is a function one the server was built with (not a role's)? */
static bool
user_function(Oid funcid, void *context)
{
	return funcid >= FirstNormalObjectId;
}

/*
 * Does a coerced expression call a function some role created (a cast's,
 * an I/O function of a type)? Planning it would inline such a function
 * when it is SQL and fold what its body calls on constants, running the
 * code of whoever wrote the cast with the privileges of whoever calls
 * lint(); the server's own functions run nothing of anyone's.
 */
static bool
calls_user_function(Node *node, void *context)
{
	if (node == NULL)
		return false;
	if (check_functions_in_node(node, user_function, context))
		return true;
	return expression_tree_walker(node, calls_user_function, context);
}

/* What strip_domains() found. */
typedef struct DomainStrip
{
	LintState  *st;
	bool		checks;			/* a domain that checks its values */
} DomainStrip;

/*
 * A coerced expression with each coercion to a domain that checks nothing
 * (as the plan leaves it) made a relabel, as planning would make it; one to
 * a domain that checks its values sets checks. Planning a CoerceToDomain
 * would load the domain into the type cache, which plans its constraints
 * (the catalog's, whatever the plan does to them) and folds the immutable
 * calls they make on constants, as the caller of lint().
 */
static Node *
strip_domains(Node *node, void *context)
{
	DomainStrip *ds = (DomainStrip *) context;

	if (node == NULL)
		return NULL;
	if (IsA(node, CoerceToDomain))
	{
		CoerceToDomain *c = (CoerceToDomain *) node;

		if (lint_domain_checks(ds->st, c->resulttype))
		{
			ds->checks = true;
			return node;
		}
		return (Node *) makeRelabelType((Expr *) strip_domains((Node *) c->arg, context),
										c->resulttype, c->resulttypmod, c->resultcollid,
										c->coercionformat);
	}
	return expression_tree_mutator(node, strip_domains, context);
}

/*
 * Does changing a column from one type to another rewrite the table? As
 * the server decides it (ATPrepAlterColumnType): the column's values (or
 * its USING expression) coerced to the new type as assignment does, and
 * planned, so that the typmod casts' support functions make a widening
 * (of varchar, numeric, the precision of times and intervals, ...) a
 * relabel, must come down to the column itself through relabels, domains
 * without constraints, and, where the TimeZone is UTC, timestamp to
 * timestamptz or back (ATColumnChangeRequiresRewrite). A USING lint cannot
 * follow rewrites; a type the values cannot be assigned to, the statement
 * fails.
 */
static bool
type_change_rewrites(LintState *st, Oid oldtype, int32 oldmod, Node *using,
					 const char *column, const char *relname, Oid newtype, int32 newmod)
{
	Var		   *var = makeVar(1, 1, oldtype, oldmod, get_typcollation(oldtype), 0);
	Node	   *expr = using ? using_expr(st, using, column, relname, var) : (Node *) var;
	ParseState *pstate;
	DomainStrip domains = {st, false};

	if (expr == NULL)
		return true;
	/* (planning drops a domain that has no constraints yet) */
	if (newtype != oldtype && lint_domain_checks(st, newtype))
		return true;
	pstate = make_parsestate(NULL);
	expr = coerce_to_target_type(pstate, expr, exprType(expr), newtype, newmod,
								 COERCION_ASSIGNMENT, COERCE_IMPLICIT_CAST, -1);
	free_parsestate(pstate);
	if (expr == NULL)
		return false;
	/*
	 * A cast by a function a role wrote converts every row: judged a
	 * rewrite without planning it, which would run that role's code (a SQL
	 * function is inlined and what its body calls on constants evaluated)
	 * as the caller of lint().
	 */
	if (calls_user_function(expr, NULL))
		return true;
	expr = strip_domains(expr, &domains);
	if (domains.checks)
		return true;
	expr = (Node *) expression_planner((Expr *) expr);
	for (;;)
	{
		if (IsA(expr, Var))
			return false;
		else if (IsA(expr, RelabelType))
			expr = (Node *) ((RelabelType *) expr)->arg;
		else if (IsA(expr, FuncExpr) &&
				 (((FuncExpr *) expr)->funcid == F_TIMESTAMP_TIMESTAMPTZ ||
				  ((FuncExpr *) expr)->funcid == F_TIMESTAMPTZ_TIMESTAMP) &&
				 !TimestampTimestampTzRequiresRewrite())
			expr = linitial(((FuncExpr *) expr)->args);
		else
			return true;
	}
}

/*
 * An index of a table (the catalog's, there as the plan leaves it) whose
 * expressions or predicate name a column: ALTER COLUMN ... TYPE builds it
 * again, where it keeps an index on the plain column (CheckIndexCompatible).
 * Its name, or NULL for none.
 */
static const char *
expression_index_on(LintState *st, Oid relid, AttrNumber attnum)
{
	static SPIPlanPtr plan = NULL;
	CatalogTable *t = lint_catalog_table(st, relid);
	Oid			nspid;
	ListCell   *lc;

	if (attnum == InvalidAttrNumber)
		return NULL;
	if (!t->indexes_read)
	{
		SPITupleTable *rows = lint_query(&plan, "SELECT indexrelid, indexprs, indpred FROM pg_catalog.pg_index"
										 " WHERE indrelid OPERATOR(pg_catalog.=) $1"
										 " AND (indexprs IS NOT NULL OR indpred IS NOT NULL)", relid);
		MemoryContext old = MemoryContextSwitchTo(st->plancxt);

		for (uint64 i = 0; i < SPI_processed; i++)
		{
			CatalogIndex *index = palloc0(sizeof(CatalogIndex));
			bool		isnull;

			index->index = DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 1, &isnull));
			for (int field = 2; field <= 3; field++)
			{
				char	   *tree = SPI_getvalue(rows->vals[i], rows->tupdesc, field);

				if (tree != NULL)
					pull_varattnos(stringToNode(tree), 1, &index->attrs);
			}
			t->indexes = lappend(t->indexes, index);
		}
		MemoryContextSwitchTo(old);
		t->indexes_read = true;
	}
	foreach(lc, t->indexes)
	{
		CatalogIndex *index = lfirst(lc);

		if (bms_is_member(attnum - FirstLowInvalidHeapAttributeNumber, index->attrs) &&
			lint_table_there(st, index->index, &nspid))
			return lint_relname(st, index->index);
	}
	return NULL;
}

/*
 * ALTER COLUMN ... TYPE: a rewrite unless the server can relabel, judged
 * from the column's type as the plan leaves it before the statement: the
 * catalog's, or the one an earlier statement gave it (a column the plan
 * added, or retyped); a type the plan creates counts as the type it is a
 * domain over, or is a rewrite.
 */
void
lint_check_type_change(LintState *st, const LintTable *t, AlterTableCmd *cmd,
					   const char *relname)
{
	ColumnDef  *def = castNode(ColumnDef, cmd->def);
	PlannedColumn *col;
	Oid			oldtype;
	int32		oldmod;
	Oid			newtype;
	int32		newmod;
	bool		checks;
	bool		known;
	PlanType   *created;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new || (col = lint_column(st, t->relid, cmd->name)) == NULL)
		return;
	oldtype = col->typid;
	oldmod = col->typmod;
	known = target_type(st, def->typeName, &newtype, &newmod, &checks);
	/* what the column is of, for the statements after, here and below */
	foreach(lc, lint_column_tables(st, t))
	{
		PlannedColumn *c = lint_column(st, lfirst_oid(lc), cmd->name);

		if (c != NULL)
		{
			(void) lint_lookup_type(st, def->typeName, &c->typid, &c->typmod, &created);
			c->newtype = created;
			index_column(st, c);
		}
	}
	if (checks ||
		(known && OidIsValid(oldtype) &&
		 type_change_rewrites(st, oldtype, oldmod, def->raw_default, cmd->name, relname,
							  newtype, newmod)))
		lint_table_rewrite(st, t, psprintf("ALTER COLUMN %s TYPE %s", quote_identifier(cmd->name),
										   TypeNameToString(def->typeName)));
	else
	{
		const char *severity = lint_severity_for(t);
		const char *index = NULL;
		bool		checked = false;

		/*
		 * (the server adds a valid CHECK that names it again, and checks it;
		 * an index whose expressions or predicate name it, built again)
		 */
		foreach(lc, lint_column_tables(st, t))
		{
			PlannedColumn *c = lint_column(st, lfirst_oid(lc), cmd->name);

			if (c == NULL)
				continue;
			checked = checked || lint_checked_column(st, lfirst_oid(lc), c->attnum, cmd->name);
			if (index == NULL)
				index = expression_index_on(st, lfirst_oid(lc), c->attnum);
		}
		if (checked)
			lint_validating_scan(st, t, psprintf("ALTER COLUMN %s TYPE %s, which checks again a CHECK constraint on it",
												 quote_identifier(cmd->name), TypeNameToString(def->typeName)),
								 "Change the type in a revision of its own, when the table is quiet; or drop the CHECK, change the type, and add the CHECK again NOT VALID, then VALIDATE CONSTRAINT in a later revision.");
		if (index != NULL && severity != NULL)
			lint_emit(st, severity, "blocking-index", t->name,
					  psprintf("ALTER COLUMN %s TYPE %s builds index %s again on %s (%s) under its ACCESS EXCLUSIVE lock: reads and writes wait until it is built",
							   quote_identifier(cmd->name), TypeNameToString(def->typeName), index, t->name, t->size),
					  "Drop the index first, and build it again with CREATE INDEX CONCURRENTLY in a non-transactional revision after the change.");
	}
}

/*
 * Is a column default volatile (each row gets its own value, so the table
 * is rewritten)? Decided as the server decides it, by cooking the
 * expression, in a subtransaction: an expression that does not cook (a
 * function created earlier in the plan, say) is not judged. Cooking runs
 * type input functions and domain checks on the expression's constants,
 * which may call functions the revision's author wrote: it runs as the
 * author, in a security-restricted operation, as the revision itself will.
 */
typedef struct CookedDefault
{
	Node	   *raw;
	Oid			typid;
	int32		typmod;
	const char *column;
	Oid			author;
	bool		isvolatile;
	bool		skipped;		/* another role's, with a cursor open */
} CookedDefault;

static void
cook_default_as_author(void *arg)
{
	CookedDefault *d = (CookedDefault *) arg;
	Oid			save_userid;
	int			save_sec_context;
	Node	   *expr;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);

	/*
	 * Not another role's code while the caller has a cursor open, which it
	 * could fetch from (a revision would not run then either: src/execute.c).
	 * ThereAreNoReadyPortals() leaves its hash scan open when it finds one:
	 * the subtransaction's rollback ends it.
	 */
	if (d->author != save_userid && !ThereAreNoReadyPortals())
	{
		d->skipped = true;
		return;
	}
	SetUserIdAndSecContext(d->author, save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	expr = cookDefault(make_parsestate(NULL), d->raw, d->typid, d->typmod,
					   d->column, '\0');
	d->isvolatile = contain_volatile_functions(expr);
	/* on an error, the subtransaction's abort restores them */
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/*
 * The author's code runs in the caller's session, whose dblink connections
 * are the caller's: refused while it runs, as for the revision itself
 * (src/session_links.c). And, as for a revision's SQL, it runs as part of a
 * schemamig call: it may not call schemamig's functions that change the
 * books, nor write schemamig's tables, and its reads do not use or replace
 * the backend's cached graph. lint() walks that very graph: a registration
 * from here would grow it (moving its array of revisions), and a read
 * after it would load it afresh in the memory lint() is reading.
 */
static bool cooking = false;

static void
cook_default(void *arg)
{
	bool		was_active = schemamig_call_active;

	/*
	 * Nor is a default judged by a lint() that the author's code calls
	 * while one is cooked: each would cook it again, and run that code
	 * again, until the stack ran out (twice a level, twice as often).
	 */
	if (cooking)
	{
		((CookedDefault *) arg)->skipped = true;
		return;
	}
	schemamig_call_active = true;
	cooking = true;
	/* (not PG_FINALLY, whose flag gcc 16's -Wclobbered flags) */
	PG_TRY();
	{
		session_links_run(true, cook_default_as_author, arg);
	}
	PG_CATCH();
	{
		schemamig_call_active = was_active;
		cooking = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	schemamig_call_active = was_active;
	cooking = false;
}

/* Would the revision run, as role, with the tenant's schema first? */
static bool
tenant_trusted_by(Oid role)
{
	const char *tenant = catalog_tenant();
	Oid			nspoid = tenant[0] == '\0' ? InvalidOid : get_namespace_oid(tenant, true);
	TrustFinding found;

	return !OidIsValid(nspoid) || trust_schema(nspoid, role, &found);
}

/*
 * CREATE [OR REPLACE] FUNCTION: a default that calls it later is judged by
 * the volatility it gives it (VOLATILE unless it says otherwise).
 */
void
lint_note_function(LintState *st, CreateFunctionStmt *stmt)
{
	MemoryContext old = MemoryContextSwitchTo(st->plancxt);
	PlanFunction *f = palloc0(sizeof(PlanFunction));
	ListCell   *lc;

	f->schema = list_length(stmt->funcname) == 2 ? pstrdup(strVal(linitial(stmt->funcname))) : NULL;
	f->name = pstrdup(strVal(llast(stmt->funcname)));
	f->isvolatile = true;
	foreach(lc, stmt->parameters)
	{
		FunctionParameterMode mode = lfirst_node(FunctionParameter, lc)->mode;

		if (mode != FUNC_PARAM_OUT && mode != FUNC_PARAM_TABLE)
			f->nargs++;
	}
	foreach(lc, stmt->options)
	{
		DefElem    *opt = lfirst_node(DefElem, lc);

		if (strcmp(opt->defname, "volatility") == 0)
			f->isvolatile = strcmp(strVal(opt->arg), "volatile") == 0;
	}
	st->functions = lappend(st->functions, f);
	MemoryContextSwitchTo(old);
}

/*
 * What a call of a name is, where the plan created or replaced a function
 * of it (the last such statement decides): -1 none, else volatile or not.
 */
static int
plan_function_volatile(LintState *st, FuncCall *call)
{
	const char *name = strVal(llast(call->funcname));
	const char *schema = list_length(call->funcname) == 2 ? strVal(linitial(call->funcname)) : NULL;
	int			result = -1;
	ListCell   *lc;

	foreach(lc, st->functions)
	{
		PlanFunction *f = lfirst(lc);

		if (strcmp(f->name, name) == 0 && f->nargs == list_length(call->args) &&
			(schema == NULL || f->schema == NULL || strcmp(f->schema, schema) == 0))
			result = f->isvolatile ? 1 : 0;
	}
	return result;
}

typedef struct VolatileCalls
{
	LintState  *st;
	bool		catalog;		/* also judge by the catalog's functions */
} VolatileCalls;

/*
 * Does a raw expression call a volatile function: one the plan creates (or
 * replaces) so, or, with catalog, one every function of whose name (and
 * number of arguments) in the catalog is volatile? For a default that does
 * not cook because it names an object the plan creates before it, or
 * calls a function the plan made: nothing runs.
 */
static bool
calls_volatile(Node *node, void *context)
{
	VolatileCalls *v = context;

	if (node == NULL)
		return false;
	if (IsA(node, FuncCall))
	{
		FuncCall   *call = (FuncCall *) node;
		int			planned = plan_function_volatile(v->st, call);

		if (planned == 1)
			return true;
		if (planned == -1 && v->catalog)
		{
			FuncCandidateList c = FuncnameGetCandidates(call->funcname, list_length(call->args), NIL,
														false, false, false, true);
			bool		all = c != NULL;

			for (; c != NULL; c = c->next)
				all = all && func_volatile(c->oid) == PROVOLATILE_VOLATILE;
			if (all)
				return true;
		}
	}
	return raw_expression_tree_walker(node, calls_volatile, context);
}

bool
lint_default_is_volatile(LintState *st, Node *raw, Oid typid, int32 typmod,
					const char *column)
{
	CookedDefault d = {raw, typid, typmod, column,
	st->author ? get_role_oid(st->author, true) : InvalidOid, false, false};

	/*
	 * Only for a caller with the author's privileges, as for running the
	 * revision: the type was looked up on the caller's path, and what it
	 * names must not run with privileges the caller lacks. A revision whose
	 * author is gone does not run at all. Neither is judged, nor another
	 * role's while the caller has a cursor open (cook_default_as_author()).
	 */
	if (OidIsValid(d.author) && has_privs_of_role(GetUserId(), d.author) &&
		tenant_trusted_by(d.author))
	{
		ErrorData  *edata = schemamig_subtransaction(cook_default, &d, false);
		VolatileCalls v = {st, edata != NULL};

		schemamig_rethrow_call_ending(edata);
		if (d.skipped)
			return false;
		/* (one that names what the plan creates first, as nextval('seq')) */
		if (!d.isvolatile && (edata != NULL || st->functions != NIL))
			d.isvolatile = calls_volatile(raw, &v);
	}
	return d.isvolatile;
}

/*
 * ADD COLUMN: a rewrite with a volatile default (the column's, or its
 * type's when it has none), identity or stored value, or of a domain with
 * constraints, which the server checks on every row whatever the default
 * (ATExecAddColumn). A virtual generated column stores nothing.
 */
void
lint_check_add_column(LintState *st, const LintTable *t, ColumnDef *def)
{
	const char *why = NULL;
	char	   *typname = TypeNameToString(def->typeName);
	Oid			typid = InvalidOid;
	int32		typmod = -1;
	bool		typed;
	bool		has_default = false;
	bool		virtual = false;
	PlannedColumn *col;
	PlanType   *created;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new)
		return;
	/* the later statements of the plan find it so */
	col = planned_column(st, t->relid, def->colname, HASH_ENTER);
	typed = lint_lookup_type(st, def->typeName, &col->typid, &col->typmod, &created);
	col->newtype = created;
	col->attnum = InvalidAttrNumber;
	col->notnull = def->is_not_null;
	col->notnull_own = true;
	col->gone = false;
	index_column(st, col);
	typed = typed && created == NULL;
	typid = col->typid;
	typmod = col->typmod;
	if (strcmp(typname, "serial") == 0 || strcmp(typname, "bigserial") == 0 ||
		strcmp(typname, "smallserial") == 0 || strcmp(typname, "serial4") == 0 ||
		strcmp(typname, "serial8") == 0 || strcmp(typname, "serial2") == 0)
	{
		why = "a serial column";
		col->notnull = true;
	}
	foreach(lc, def->constraints)
	{
		Constraint *c = lfirst_node(Constraint, lc);

		/* (an identity column is NOT NULL too) */
		if (c->contype == CONSTR_NOTNULL || c->contype == CONSTR_PRIMARY ||
			c->contype == CONSTR_IDENTITY)
			col->notnull = true;
#if PG_VERSION_NUM >= 180000
		if (c->contype == CONSTR_NOTNULL)
			lint_note_not_null_added(st, t, def->colname, c->conname);
#endif
		if (c->contype == CONSTR_PRIMARY || c->contype == CONSTR_UNIQUE)
			lint_constraint_index(st, t, c);
		if (c->conname != NULL && lint_keyed_constraint(c))
			lint_note_constraint_named(st, t, c->conname);
		if (c->contype == CONSTR_CHECK)
			(void) lint_note_constraint_added(st, t, c);
		if (c->contype == CONSTR_IDENTITY)
			why = "an identity column";
		else if (c->contype == CONSTR_GENERATED && schemamig_generated_stored(c))
			why = "a stored generated column";
		else if (c->contype == CONSTR_GENERATED)
			virtual = true;
		else if (c->contype == CONSTR_CHECK)
			lint_validating_scan(st, t, psprintf("ADD COLUMN %s ... CHECK", quote_identifier(def->colname)),
								 "Add the column without it, then ADD CONSTRAINT ... CHECK ... NOT VALID and VALIDATE CONSTRAINT in a later revision.");
		else if (c->contype == CONSTR_DEFAULT)
		{
			has_default = true;
			if (why == NULL && typed &&
				lint_default_is_volatile(st, c->raw_expr, typid, typmod, def->colname))
				why = "a column with a volatile default";
		}
	}
	if (why == NULL && !virtual && (typed || created != NULL))
	{
		const char *type = created ? quote_identifier(created->name) : format_type_be_qualified(typid);

		if (created ? lint_created_domain_checks(st, created) : lint_domain_checks(st, typid))
			why = psprintf("a column of domain %s, which has constraints", type);
		else if (!has_default && lint_type_default_is_volatile(st, typid, created))
			why = psprintf("a column of type %s, whose default is volatile", type);
	}
	if (why)
		lint_table_rewrite(st, t, psprintf("ADD COLUMN %s, %s,",
										   quote_identifier(def->colname), why));
	/* (the tables under it get the column too) */
	foreach(lc, lint_column_tables(st, t))
	{
		if (lfirst_oid(lc) != t->relid)
			copy_column(st, lfirst_oid(lc), def->colname, col);
	}
}
