/*-------------------------------------------------------------------------
 *
 * src/autogen/left_alone.c
 *	  What autogenerate leaves alone (partitioned tables, partitions,
 *	  inheritance children, typed and foreign tables, range and base
 *	  types, aggregates, ...): a NOTICE for each, the refusals (0A000) of a
 *	  model whose migration would fail on one when applied, and taking such
 *	  tables out of both sides before they are compared.
 *
 * The migration never makes or changes what is left alone, so whatever
 * the model makes around one (a view reading it, an object of its name, a
 * foreign key to it) must already hold in the schema; these checks run
 * on both sides as read, before any SQL is written.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "autogen.h"
#include "compare.h"

/* One NOTICE per object that autogenerate leaves alone. */
static void
report_uncovered(const AgSchema *s, const char *where)
{
	for (int i = 0; i < s->nuncovered; i++)
		ereport(NOTICE,
				(errmsg("%s \"%s\" %s is not covered by autogenerate",
						s->uncovered[i].kind, s->uncovered[i].name, where),
				 errdetail("diff() leaves it out of the migration it writes; see README.")));
}

/* "a" or "an", before a kind of table. */
static const char *
article(const char *kind)
{
	return strchr("aeiou", kind[0]) ? "an" : "a";
}

/*
 * A table that is ordinary on one side and of a kind autogenerate leaves
 * alone on the other (plain in the schema and partitioned in the model,
 * or the other way round; an inheritance child, a typed or foreign table)
 * is refused (0A000) before any SQL is written. Autogenerate writes no
 * statement that turns the one into the other (ALTER TABLE cannot
 * partition a table or undo it), so the migration would leave the table
 * as it is: it would not do what the model says, and could fail when
 * applied (a type or routine the table uses dropped under it, a view made
 * again over a column the table lacks), as nothing reads such a table's
 * uses on the side where it is ordinary.
 */
static void
refuse_kind_changes(const AgSchema *current, const AgSchema *desired, const char *schema)
{
	for (int side = 0; side < 2; side++)
	{
		const AgSchema *ordinary = side == 0 ? current : desired;
		const AgSchema *other = side == 0 ? desired : current;

		for (int i = 0; i < ordinary->ntables; i++)
		{
			const char *name = ordinary->tables[i].name;
			const AgUncovered *u = autogen_uncovered_table(other, name);
			const char *now;
			const char *wanted;

			if (u == NULL)
				continue;
			now = side == 0 ? "ordinary table" : u->kind;
			wanted = side == 0 ? u->kind : "ordinary table";
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("autogenerate cannot turn table %s from %s %s into %s %s",
							quote_identifier(name), article(now), now, article(wanted), wanted),
					 errdetail("Table %s is %s %s in schema \"%s\" and %s %s in the model. The migration would leave it as it is, so it would not do what the model says, and could fail when applied.",
							   quote_identifier(name), article(now), now, schema,
							   article(wanted), wanted),
					 strcmp(u->kind, "partitioned table") == 0 ?
					 errhint("ALTER TABLE cannot partition a table or undo it: change %s in a revision of your own (create the new table under another name, move the rows, drop the old table and rename the new one), or declare it in the model as the schema has it; then run diff() again.",
							 quote_identifier(name)) :
					 errhint("Change %s in a revision of your own, or declare it in the model as the schema has it; then run diff() again.",
							 quote_identifier(name))));
		}
	}
}

/*
 * Refuse (0A000) the model's object name of kind, which takes the name of
 * a table or type of kind left_kind that autogenerate leaves alone in
 * schema.
 */
static void
refuse_name_left_alone(const char *schema, const char *name, const char *left_kind,
					   const char *kind)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("autogenerate cannot turn %s %s into %s %s",
					left_kind, quote_identifier(name), article(kind), kind),
			 errdetail("Schema \"%s\" has %s %s named %s, which autogenerate leaves alone, and the model makes %s %s of that name. The migration would leave the %s as it is, so making the %s would fail when applied.",
					   schema, article(left_kind), left_kind, quote_identifier(name),
					   article(kind), kind, left_kind, kind),
			 errhint("Drop or rename %s %s in a revision of your own, or give the %s another name in the model; then run diff() again.",
					 left_kind, quote_identifier(name), kind)));
}

/*
 * A routine of the model whose name and argument types are those of an
 * aggregate or window function of the schema, which autogenerate leaves
 * alone: its CREATE OR REPLACE would fail when applied (42809, cannot
 * change routine kind). Refused (0A000). The schema's are looked up by
 * name only for the model's routines named as one of them.
 */
static void
refuse_routines_left_alone(const AgSchema *current, const AgSchema *desired, Oid nsp,
						   const char *schema)
{
	HTAB	   *names = NULL;

	for (int i = 0; i < current->nuncovered; i++)
	{
		const AgUncovered *u = &current->uncovered[i];

		if (strcmp(u->kind, "aggregate") != 0 && strcmp(u->kind, "window function") != 0)
			continue;
		if (names == NULL)
			names = autogen_name_set("aggregates left alone");
		autogen_name_set_add(names, pnstrdup(u->name, strcspn(u->name, "(")), u->kind);
	}
	if (names == NULL)
		return;
	for (int i = 0; i < desired->nroutines; i++)
	{
		const AgRoutine *r = &desired->routines[i];
		CatCList   *list;

		if (autogen_name_set_find(names, r->name) == NULL)
			continue;
		list = SearchSysCacheList1(PROCNAMEARGSNSP, CStringGetDatum(r->name));
		for (int j = 0; j < list->n_members; j++)
		{
			Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(&list->members[j]->tuple);
			char	   *identity;

			if (proc->pronamespace != nsp || (proc->prokind != PROKIND_AGGREGATE &&
											  proc->prokind != PROKIND_WINDOW))
				continue;
			identity = psprintf("%s(%s)", NameStr(proc->proname),
								TextDatumGetCString(DirectFunctionCall1(oidvectortypes,
																		PointerGetDatum(&proc->proargtypes))));
			if (strcmp(identity, r->identity) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("autogenerate cannot turn %s %s into a %s",
								proc->prokind == PROKIND_AGGREGATE ? "aggregate" : "window function",
								identity, r->kind == 'p' ? "procedure" : "function"),
						 errdetail("Schema \"%s\" has %s %s, which autogenerate leaves alone, and the model makes a %s of that name and argument types. The migration would leave the %s as it is, so its CREATE OR REPLACE would fail when applied.",
								   schema, proc->prokind == PROKIND_AGGREGATE ? "an aggregate" : "a window function",
								   identity, r->kind == 'p' ? "procedure" : "function",
								   proc->prokind == PROKIND_AGGREGATE ? "aggregate" : "window function"),
						 errhint("Drop the %s in a revision of your own, or give the %s another name in the model; then run diff() again.",
								 proc->prokind == PROKIND_AGGREGATE ? "aggregate" : "window function",
								 r->kind == 'p' ? "procedure" : "function")));
		}
		ReleaseSysCacheList(list);
	}
}

/*
 * A table or type of the schema that autogenerate leaves alone (a
 * partitioned table, a partition, an inheritance child, ...; a range or
 * base type, a range type's multirange type) whose name the model gives
 * to something it makes is refused before any SQL is written: the
 * migration leaves the table or type as it is, so the statement that makes
 * the model's object would fail when applied (42P07, 42710). A table's
 * name is a relation's and a type's (its row type); a type's is taken by a
 * table, view, materialized view, composite type, enum or domain, whose
 * row type or type has the name; a relation's by those and by a sequence,
 * an index or a key's or exclusion constraint's index. One pass over each
 * family, the names left alone in hash tables.
 */
static void
refuse_names_left_alone(const AgSchema *current, const AgSchema *desired, Oid nsp,
						const char *schema)
{
	HTAB	   *relations = NULL;
	HTAB	   *types = NULL;
	const char *k;

	for (int i = 0; i < current->nuncovered; i++)
	{
		const AgUncovered *u = &current->uncovered[i];

		if (!u->table && strcmp(u->kind, "range type") != 0 && strcmp(u->kind, "type") != 0)
			continue;
		if (types == NULL)
		{
			relations = autogen_name_set("relations left alone");
			types = autogen_name_set("types left alone");
		}
		autogen_name_set_add(types, u->name, u->kind);
		if (u->table)
			autogen_name_set_add(relations, u->name, u->kind);
		if (u->multirange)
			autogen_name_set_add(types, u->multirange, "multirange type");
	}
	refuse_routines_left_alone(current, desired, nsp, schema);
	if (types == NULL)
		return;
	/* (an ordinary table named as a table left alone is refused already) */
	for (int i = 0; i < desired->ntables; i++)
		if ((k = autogen_name_set_find(types, desired->tables[i].name)) != NULL)
			refuse_name_left_alone(schema, desired->tables[i].name, k, "table");
	for (int i = 0; i < desired->nviews; i++)
		if ((k = autogen_name_set_find(types, desired->views[i].name)) != NULL)
			refuse_name_left_alone(schema, desired->views[i].name, k,
								   desired->views[i].materialized ? "materialized view" : "view");
	for (int i = 0; i < desired->ncomposites; i++)
		if ((k = autogen_name_set_find(types, desired->composites[i].name)) != NULL)
			refuse_name_left_alone(schema, desired->composites[i].name, k, "composite type");
	for (int i = 0; i < desired->nenums; i++)
		if ((k = autogen_name_set_find(types, desired->enums[i].name)) != NULL)
			refuse_name_left_alone(schema, desired->enums[i].name, k, "enum");
	for (int i = 0; i < desired->ndomains; i++)
		if ((k = autogen_name_set_find(types, desired->domains[i].name)) != NULL)
			refuse_name_left_alone(schema, desired->domains[i].name, k, "domain");
	for (int i = 0; i < desired->nsequences; i++)
		if ((k = autogen_name_set_find(relations, desired->sequences[i].name)) != NULL)
			refuse_name_left_alone(schema, desired->sequences[i].name, k, "sequence");
	/* (an index or constraint of a table left alone in the model is not made) */
	for (int i = 0; i < desired->nindexes; i++)
		if ((k = autogen_name_set_find(relations, desired->indexes[i].name)) != NULL &&
			autogen_uncovered_table(desired, desired->indexes[i].table) == NULL)
			refuse_name_left_alone(schema, desired->indexes[i].name, k, "index");
	for (int i = 0; i < desired->nconstraints; i++)
		if (strchr("pux", desired->constraints[i].contype) != NULL &&
			(k = autogen_name_set_find(relations, desired->constraints[i].name)) != NULL &&
			autogen_uncovered_table(desired, desired->constraints[i].table) == NULL)
			refuse_name_left_alone(schema, desired->constraints[i].name, k, "constraint with an index");
}

/*
 * A view (or routine) of the model, what ("view v"), that reads a table
 * autogenerate leaves alone (a partitioned one, say), or a column of one,
 * that schema (nsp) lacks is refused (0A000) before any SQL is written:
 * the migration never makes or changes such a table, so the statement
 * that makes it, made, would fail when applied. (A view of the schema,
 * made again by the downgrade, reads the schema's table, which the
 * upgrade left as it was.)
 */
static void
refuse_reads_of_missing(const AgSchema *desired, Oid nsp, const char *schema,
						const char *what, const char *made, List *tables, List *columns)
{
	ListCell   *tc;
	ListCell   *cc;

	forboth(tc, tables, cc, columns)
	{
		const char *table = lfirst(tc);
		const char *column = lfirst(cc);
		const AgUncovered *u = autogen_uncovered_table(desired, table);
		Oid			relid;

		if (u == NULL)
			continue;
		relid = get_relname_relid(table, nsp);
		if (OidIsValid(relid) &&
			(column == NULL || get_attnum(relid, column) != InvalidAttrNumber))
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 OidIsValid(relid) ?
				 errmsg("autogenerate cannot write the upgrade: %s reads column %s of table %s, which schema \"%s\" lacks",
						what, quote_identifier(column), quote_identifier(table), schema) :
				 errmsg("autogenerate cannot write the upgrade: %s reads table %s, which schema \"%s\" lacks",
						what, quote_identifier(table), schema),
				 errdetail("Table %s is %s %s in the model, which autogenerate leaves alone: the migration would not make it or change it, and its %s would fail when applied.",
						   quote_identifier(table), article(u->kind), u->kind, made),
				 errhint("Make table %s as the model has it in a revision of your own first, then run diff() again; or keep %s out of the model until then.",
						 quote_identifier(table), what)));
	}
}

/*
 * The views of the model, and its routines with a SQL-standard body
 * (BEGIN ATOMIC, bound to what it reads when it is made), that read a
 * table left alone, or a column of one, that the schema lacks: refused
 * (refuse_reads_of_missing()). A routine the schema has already reads
 * what the schema has. So is a sequence OWNED BY such a column.
 */
static void
refuse_views_over_missing(const AgSchema *desired, Oid nsp, const char *schema)
{
	for (int i = 0; i < desired->nviews; i++)
	{
		const AgView *v = &desired->views[i];

		if (v->uses_tables == NIL)
			continue;
		refuse_reads_of_missing(desired, nsp, schema, psprintf("view %s", quote_identifier(v->name)),
								psprintf("CREATE VIEW %s", quote_identifier(v->name)),
								v->uses_tables, v->uses_columns);
	}
	/* a sequence OWNED BY a column of one */
	for (int i = 0; i < desired->nsequences; i++)
	{
		const AgSequence *q = &desired->sequences[i];
		const AgUncovered *u;
		Oid			relid;

		if (q->owner_table == NULL || (u = autogen_uncovered_table(desired, q->owner_table)) == NULL)
			continue;
		relid = get_relname_relid(q->owner_table, nsp);
		if (OidIsValid(relid) && get_attnum(relid, q->owner_column) != InvalidAttrNumber)
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("autogenerate cannot write the upgrade: sequence %s is owned by column %s of table %s, which schema \"%s\" lacks",
						quote_identifier(q->name), quote_identifier(q->owner_column),
						quote_identifier(q->owner_table), schema),
				 errdetail("Table %s is %s %s in the model, which autogenerate leaves alone: the migration would not make it or change it, and its ALTER SEQUENCE %s OWNED BY would fail when applied.",
						   quote_identifier(q->owner_table), article(u->kind), u->kind,
						   quote_identifier(q->name)),
				 errhint("Make table %s as the model has it in a revision of your own first, then run diff() again; or keep sequence %s out of the model until then.",
						 quote_identifier(q->owner_table), quote_identifier(q->name))));
	}
	for (int i = 0; i < desired->nroutines; i++)
	{
		const AgRoutine *r = &desired->routines[i];

		if (r->reads_left_tables == NIL)
			continue;
		refuse_reads_of_missing(desired, nsp, schema, psprintf("routine %s", r->identity),
								psprintf("CREATE %s %s", r->kind == 'p' ? "PROCEDURE" : "FUNCTION",
										 r->identity),
								r->reads_left_tables, r->reads_left_columns);
	}
}

/* Is name a table that a or b has and autogenerate leaves alone? */
static bool
left_alone(const AgSchema *a, const AgSchema *b, const char *name)
{
	return autogen_uncovered_table(a, name) != NULL || autogen_uncovered_table(b, name) != NULL;
}

/* Keep the elements of an array "by table" whose table is not left alone. */
#define KEEP_COVERED(arr, n, a, b) \
	do { \
		int			kept_ = 0; \
		for (int j_ = 0; j_ < (n); j_++) \
			if (!left_alone((a), (b), (arr)[j_].table)) \
				(arr)[kept_++] = (arr)[j_]; \
		(n) = kept_; \
	} while (0)

/*
 * Take out of s the tables that either side has but autogenerate leaves
 * alone (a partition, a typed table, ...), with what belongs to them: a
 * table the model makes so must not be dropped from the schema as missing,
 * nor one the schema has so made again as new. (One ordinary on the other
 * side was refused first: refuse_kind_changes().)
 */
static void
leave_alone_tables(AgSchema *s, const AgSchema *a, const AgSchema *b)
{
	AgColumn   *columns = palloc(sizeof(AgColumn) * Max(s->ncolumns, 1));
	int			ntables = 0;
	int			ncolumns = 0;

	for (int i = 0; i < s->ntables; i++)
	{
		AgTable		t = s->tables[i];

		if (left_alone(a, b, t.name))
			continue;
		memcpy(&columns[ncolumns], &s->columns[t.firstcol], sizeof(AgColumn) * t.ncols);
		t.firstcol = ncolumns;
		ncolumns += t.ncols;
		s->tables[ntables++] = t;
	}
	s->ntables = ntables;
	s->columns = columns;
	s->ncolumns = ncolumns;
	KEEP_COVERED(s->constraints, s->nconstraints, a, b);
	KEEP_COVERED(s->indexes, s->nindexes, a, b);
	KEEP_COVERED(s->triggers, s->ntriggers, a, b);
	KEEP_COVERED(s->policies, s->npolicies, a, b);
}

/*
 * Everything diff() does about what autogenerate leaves alone, between
 * reading current (schema nsp) and desired (the model) and comparing them:
 * refuse what the migration could not write, name each object left alone,
 * and take those tables out of both sides.
 */
void
autogen_leave_alone(AgSchema *current, AgSchema *desired, Oid nsp, const char *schema)
{
	refuse_kind_changes(current, desired, schema);
	refuse_names_left_alone(current, desired, nsp, schema);
	refuse_views_over_missing(desired, nsp, schema);
	report_uncovered(current, psprintf("in schema \"%s\"", schema));
	report_uncovered(desired, "in the model");
	leave_alone_tables(current, current, desired);
	leave_alone_tables(desired, current, desired);
}
