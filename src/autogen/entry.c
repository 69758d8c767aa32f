/*-------------------------------------------------------------------------
 *
 * src/autogen/entry.c
 *	  The SQL-callable functions of autogenerate: diff, autogenerate and
 *	  fingerprint.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "schemamig.h"
#include "autogen.h"
#include "compare.h"

/* What a diff comes to. */
typedef struct AgDiff
{
	char	   *upgrade;
	char	   *downgrade;
} AgDiff;

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
 * Read the schema named schema, with its objects printed unqualified; with
 * the objects autogenerate leaves alone if uncovered.
 */
static AgSchema *
read_target(const char *schema, Oid nsp, bool uncovered)
{
	int			level = autogen_search_path(schema, NULL);
	AgSchema   *s = autogen_read_schema(schema, schema, nsp, uncovered);

	AtEOXact_GUC(true, level);
	return s;
}

/*
 * The SQL that turns "from" into "to", in the current memory context. The
 * comparison's lists and names live in a context of their own, gone before
 * the other direction is compared.
 */
static char *
compare_and_write(const AgSchema *from, const AgSchema *to, List *renames, bool reverse)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext cxt = AllocSetContextCreate(caller, "schemamig comparison",
											  ALLOCSET_DEFAULT_SIZES);
	char	   *sql;

	MemoryContextSwitchTo(cxt);
	sql = MemoryContextStrdup(caller,
							  autogen_write_actions(autogen_compare(from, to, renames, reverse)));
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(cxt);
	return sql;
}

/*
 * Give each object of to a field of from's object of the same key: both
 * arrays hold elements of size bytes, sorted by the string at keyoff, with
 * the field (a string) at fieldoff. An owner is taken only where to's
 * object has none of its own; grants always (NULL where from has no such
 * object).
 */
static void
keep_field(void *to, int nto, const void *from, int nfrom, size_t size,
		   size_t keyoff, size_t fieldoff, bool always)
{
	for (int i = 0; i < nto; i++)
	{
		char	   *elem = (char *) to + (size_t) i * size;
		char	  **field = (char **) (elem + fieldoff);
		int			j;

		if (*field != NULL && !always)
			continue;
		j = autogen_bsearch(from, nfrom, size, keyoff, *(char **) (elem + keyoff));
		*field = j >= 0 ? *(char **) ((const char *) from + (size_t) j * size + fieldoff) : NULL;
	}
}

#define KEEP_OWNERS(to, from, arr, n, type, key) \
	keep_field((to)->arr, (to)->n, (from)->arr, (from)->n, sizeof(type), \
			   offsetof(type, key), offsetof(type, owner), false)
#define KEEP_OWNERS_AND_GRANTS(to, from, arr, n, type, key) \
	(KEEP_OWNERS(to, from, arr, n, type, key), \
	 keep_field((to)->arr, (to)->n, (from)->arr, (from)->n, sizeof(type), \
				offsetof(type, key), offsetof(type, acl), true))

/*
 * The index of the only routine of s named name, or -1 (none, or several).
 * The routines are in byte order of their identities, name(types), so
 * those whose identity starts with "name(" are next to each other.
 */
static int
only_routine(const AgSchema *s, const char *name)
{
	char	   *prefix = psprintf("%s(", name);
	size_t		len = strlen(prefix);
	int			lo = 0;
	int			hi = s->nroutines;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(s->routines[mid].identity, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= s->nroutines || strncmp(s->routines[lo].identity, prefix, len) != 0 ||
		(lo + 1 < s->nroutines && strncmp(s->routines[lo + 1].identity, prefix, len) == 0))
		return -1;
	return lo;
}

/*
 * A routine whose argument types change is another identity, dropped and
 * created: where its name is not overloaded on either side, the new one is
 * the old one's successor, and takes its owner and grants (a SECURITY
 * DEFINER function given a defaulted argument must not come back owned by
 * whoever applies the revision, and callable by PUBLIC).
 */
static void
keep_replaced_routines(AgSchema *desired, const AgSchema *current)
{
	for (int i = 0; i < desired->nroutines; i++)
	{
		AgRoutine  *r = &desired->routines[i];
		int			c;

		if (autogen_find_routine(current, r->identity) >= 0 ||
			only_routine(desired, r->name) != i ||
			(c = only_routine(current, r->name)) < 0)
			continue;
		if (r->owner == NULL)
			r->owner = current->routines[c].owner;
		r->acl = current->routines[c].acl;
	}
}

/*
 * The name a mark of model m renames table (column NULL) or its column
 * from, or "" for none (which no table or column has).
 */
static const char *
renamed_from(const AgSchema *m, const char *table, const char *column)
{
	ListCell   *lc;

	foreach(lc, m->renames)
	{
		const AgRename *r = lfirst(lc);

		if (r->label == NULL && strcmp(r->table, table) == 0 &&
			autogen_str_eq(r->column, column))
			return r->from;
	}
	return "";
}

/*
 * What the upgrade makes again stays its owner's, with its grants, as the
 * downgrade's does: the model's objects are the caller's, so each takes the
 * owner of the schema's object it stands for (when that is another role);
 * and the schema's grants, which diff() does not compare, whatever the
 * model granted.
 */
static void
keep_schema_owners(AgSchema *desired, const AgSchema *current)
{
	KEEP_OWNERS(desired, current, tables, ntables, AgTable, name);
	KEEP_OWNERS(desired, current, sequences, nsequences, AgSequence, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, enums, nenums, AgEnum, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, domains, ndomains, AgDomain, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, composites, ncomposites, AgComposite, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, views, nviews, AgView, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, routines, nroutines, AgRoutine, identity);
	keep_replaced_routines(desired, current);
	/* an index's statistics targets, for the same index made again */
	for (int i = 0; i < desired->nindexes; i++)
	{
		AgIndex    *x = &desired->indexes[i];
		int			first;
		int			n = SLICE(current->indexes, current->nindexes, x->table, &first);

		x->statistics = NULL;
		for (int j = first; j < first + n; j++)
			if (strcmp(current->indexes[j].name, x->name) == 0 &&
				autogen_index_same(&current->indexes[j], x))
				x->statistics = current->indexes[j].statistics;
	}
	/*
	 * a column's grants, for a column added again (a generated one): the
	 * column of that name, or else of the name a mark renames it from, in
	 * the table of that name, or else of the name a mark renames it from
	 */
	for (int i = 0; i < desired->ntables; i++)
	{
		const AgTable *t = &desired->tables[i];
		int			c = autogen_find_table(current, t->name);

		if (c < 0)
			c = autogen_find_table(current, renamed_from(desired, t->name, NULL));
		for (int j = 0; j < t->ncols; j++)
		{
			AgColumn   *col = &desired->columns[t->firstcol + j];
			const AgColumn *was = NULL;

			if (c >= 0 &&
				(was = autogen_find_column(current, &current->tables[c], col->name)) == NULL)
				was = autogen_find_column(current, &current->tables[c],
										  renamed_from(desired, t->name, col->name));
			col->acl = was ? was->acl : NULL;
		}
	}
}

/*
 * Compare the model with schema: the SQL both ways, in the caller's
 * memory context. Connects to SPI itself.
 */
static AgDiff
compute_diff(const char *model, const char *schema)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = AllocSetContextCreate(caller, "schemamig autogenerate",
											   ALLOCSET_DEFAULT_SIZES);
	Oid			nsp = autogen_schema_oid(schema);
	AgSchema   *desired;
	AgSchema   *current;
	TimestampTz start;
	TimestampTz read;
	AgDiff		d;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(work);

	desired = autogen_read_model(model, schema);
	start = GetCurrentTimestamp();
	current = read_target(schema, nsp, true);
	read = GetCurrentTimestamp();
	refuse_kind_changes(current, desired, schema);
	refuse_names_left_alone(current, desired, nsp, schema);
	refuse_views_over_missing(desired, nsp, schema);
	report_uncovered(current, psprintf("in schema \"%s\"", schema));
	report_uncovered(desired, "in the model");
	leave_alone_tables(current, current, desired);
	leave_alone_tables(desired, current, desired);
	keep_schema_owners(desired, current);

	d.upgrade = compare_and_write(current, desired, desired->renames, false);
	d.downgrade = compare_and_write(desired, current, desired->renames, true);
	elog(DEBUG1, "diff: schema \"%s\" read in %.3f ms, compared and written in %.3f ms",
		 schema, (double) (read - start) / 1000.0,
		 (double) (GetCurrentTimestamp() - read) / 1000.0);
	d.upgrade = MemoryContextStrdup(caller, d.upgrade);
	d.downgrade = MemoryContextStrdup(caller, d.downgrade);

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(work);
	return d;
}

/*
 * diff(model, schema): the SQL that turns schema into what the model
 * describes, and the SQL that turns it back, as one row; empty strings
 * when they already match.
 */
PG_FUNCTION_INFO_V1(schemamig_diff);
Datum
schemamig_diff(PG_FUNCTION_ARGS)
{
	char	   *model = schemamig_arg_text(fcinfo, 0, "diff", "model");
	char	   *schema = schemamig_arg_text(fcinfo, 1, "diff", "schema");
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	Datum		values[2];
	bool		nulls[2] = {false, false};
	AgDiff		d = compute_diff(model, schema);

	values[0] = CStringGetTextDatum(d.upgrade);
	values[1] = CStringGetTextDatum(d.downgrade);
	tuplestore_putvalues(store, desc, values, nulls);
	return (Datum) 0;
}

/*
 * autogenerate(model, message, schema, id): register what diff() writes as
 * a new revision, a child of the single head; returns its id. Refuses
 * (55000) when there is nothing to change. Applies nothing.
 */
PG_FUNCTION_INFO_V1(schemamig_autogenerate);
Datum
schemamig_autogenerate(PG_FUNCTION_ARGS)
{
	char	   *model = schemamig_arg_text(fcinfo, 0, "autogenerate", "model");
	char	   *message = schemamig_arg_text(fcinfo, 1, "autogenerate", "message");
	char	   *schema = schemamig_arg_text(fcinfo, 2, "autogenerate", "schema");
	char	   *id = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	AgDiff		d;

	if (id != NULL)
		plan_check_id(id, "revision id");
	d = compute_diff(model, schema);
	if (d.upgrade[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("autogenerate: schema \"%s\" already matches the model", schema),
				 errdetail("diff() finds nothing to change, so there is no revision to write."),
				 errhint("Change the model first, or upgrade the database to head if the model's changes are in a pending revision.")));
	PG_RETURN_TEXT_P(cstring_to_text(schemamig_register_revision(id, message,
																 d.upgrade,
																 d.downgrade)));
}

/* fingerprint(schema): a stable hash of what diff() compares in schema. */
PG_FUNCTION_INFO_V1(schemamig_fingerprint);
Datum
schemamig_fingerprint(PG_FUNCTION_ARGS)
{
	char	   *schema = schemamig_arg_text(fcinfo, 0, "fingerprint", "schema");
	Oid			nsp = autogen_schema_oid(schema);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = AllocSetContextCreate(caller, "schemamig fingerprint",
											   ALLOCSET_DEFAULT_SIZES);
	char	   *hash;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(work);
	hash = MemoryContextStrdup(caller, autogen_fingerprint(read_target(schema, nsp, false)));
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(work);
	PG_RETURN_TEXT_P(cstring_to_text(hash));
}
