/*-------------------------------------------------------------------------
 *
 * src/autogen/compare.c
 *	  The comparison: from two schemas read into memory, the actions that
 *	  turn the first into the second. No SPI, and no catalog access but
 *	  syscache probes of built-in types (whether a cast exists, a type's
 *	  category: require_cast() in compare_tables.c, require_base_cast() in
 *	  compare_types.c) and of pg_catalog's names (late_drops_free_names(),
 *	  nothing_shadowed(), which scans pg_proc's index by name), and of a
 *	  table of the schema that autogenerate leaves alone, whose columns
 *	  and indexes are not read (whether it has a column or a unique key
 *	  the model uses: autogen_require_uncovered()).
 *	  This file matches objects (lookups, renames), keeps names from
 *	  colliding (renames, late drops), refuses what the model uses that
 *	  autogenerate does not make, and runs the families' comparisons in
 *	  order: compare_types.c, compare_tables.c, compare_objects.c.
 *
 * Objects are matched by name (or through a rename the model asks for);
 * every array is sorted by name, so matching is binary search, and what is
 * marked on the way (types, views and routines made again, names taken) is
 * kept in sets of names (names.c): the whole comparison costs O(n log n)
 * in the number of objects.
 *
 * The same code writes the upgrade (from the schema to the model) and the
 * downgrade (from the model back to the schema); "reverse" says which, so
 * that renames are read the right way round.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_index.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "mb/pg_wchar.h"
#include "parser/parse_coerce.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"

#include "compare.h"

bool
autogen_str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * Index of the element of arr (n elements of size bytes, sorted by the
 * const char * at offset within each) whose key is key, or -1.
 */
int
autogen_bsearch(const void *arr, int n, size_t size, size_t offset, const char *key)
{
	int			lo = 0;
	int			hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(*(const char *const *) ((const char *) arr + (size_t) mid * size + offset),
							   key);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Index of the table named name, or -1. */
int
autogen_find_table(const AgSchema *s, const char *name)
{
	return autogen_bsearch(s->tables, s->ntables, sizeof(AgTable), offsetof(AgTable, name), name);
}

/* The column of table t named name, or NULL. */
AgColumn *
autogen_find_column(const AgSchema *s, const AgTable *t, const char *name)
{
	int			i = autogen_bsearch(&s->columns[t->firstcol], t->ncols, sizeof(AgColumn),
									offsetof(AgColumn, name), name);

	return i < 0 ? NULL : &s->columns[t->firstcol + i];
}

int
autogen_slice_bounds(const void *arr, size_t size, int n, const char *table, int *first)
{
	int			lo = 0;
	int			hi = n;
	int			end;

	/* every element type starts with "const char *table" */
#define TABLE_AT(i) (*(const char *const *) ((const char *) arr + (size_t) (i) * size))
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(TABLE_AT(mid), table) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	end = lo;
	while (end < n && strcmp(TABLE_AT(end), table) == 0)
		end++;
#undef TABLE_AT
	return end - lo;
}

int
autogen_find_enum(const AgSchema *s, const char *name)
{
	return autogen_bsearch(s->enums, s->nenums, sizeof(AgEnum), offsetof(AgEnum, name), name);
}

int
autogen_find_sequence(const AgSchema *s, const char *name)
{
	return autogen_bsearch(s->sequences, s->nsequences, sizeof(AgSequence), offsetof(AgSequence, name), name);
}

/*
 * Does either schema use name for anything a type or relation made or
 * renamed in its place would clash with, or is it a temporary name given
 * already? Every relation has a row type of its name except an index;
 * what is not covered may be either, so any name counts. Indexes,
 * constraints and uncovered objects, not sorted by name, go into a set
 * the first time (cmp->taken), with the temporary names as they are given.
 */
static bool
name_taken(Cmp *cmp, const char *name)
{
	const AgSchema *schemas[] = {cmp->from, cmp->to};

	if (cmp->taken == NULL)
	{
		cmp->taken = autogen_name_set("names taken");
		for (int k = 0; k < 2; k++)
		{
			const AgSchema *s = schemas[k];

			for (int i = 0; i < s->nuncovered; i++)
				autogen_name_set_add(cmp->taken, s->uncovered[i].name, s->uncovered[i].name);
			for (int i = 0; i < s->nindexes; i++)
				autogen_name_set_add(cmp->taken, s->indexes[i].name, s->indexes[i].name);
			for (int i = 0; i < s->nconstraints; i++)
				autogen_name_set_add(cmp->taken, s->constraints[i].name, s->constraints[i].name);
		}
	}
	for (int k = 0; k < 2; k++)
	{
		const AgSchema *s = schemas[k];

		if (autogen_find_enum(s, name) >= 0 || autogen_find_domain(s, name) >= 0 ||
			autogen_find_composite(s, name) >= 0 || autogen_find_table(s, name) >= 0 ||
			autogen_find_view(s, name) >= 0 || autogen_find_sequence(s, name) >= 0)
			return true;
	}
	return autogen_name_set_find(cmp->taken, name) != NULL;
}

/*
 * A temporary name for an object, within NAMEDATALEN: name followed by
 * suffix, with a number after it when that is taken in either schema or
 * by another temporary name of this migration.
 */
char *
autogen_temp_name(Cmp *cmp, const char *name, const char *suffix)
{
	for (int n = 0;; n++)
	{
		char	   *end = n == 0 ? pstrdup(suffix) : psprintf("%s%d", suffix, n);
		int			len = pg_mbcliplen(name, strlen(name), NAMEDATALEN - 1 - strlen(end));
		char	   *temp = psprintf("%.*s%s", len, name, end);

		if (!name_taken(cmp, temp))
		{
			autogen_name_set_add(cmp->taken, temp, temp);
			return temp;
		}
	}
}

/* The statement of a RelationRename (without its ";"), from "from" to "to". */
static char *
rename_sql(const RelationRename *r, const char *table, const char *from, const char *to)
{
	if (r->kind == 'c')
		return psprintf("ALTER TABLE %s RENAME CONSTRAINT %s TO %s", qi(table), qi(from), qi(to));
	return psprintf("ALTER %s %s RENAME TO %s", r->kind == 't' ? "TABLE" : "INDEX", qi(from), qi(to));
}

/*
 * Rename a table, an index, or a constraint that owns one or is a not-null
 * constraint (kind 't', 'i', 'c'; a constraint's table by its names before
 * and after the renames). Tables are renamed first (key "0"), then
 * constraints ("2") and indexes ("3"). A not-null constraint's name is
 * its table's alone; taking it as the schema's only means a rename goes
 * through a temporary name when it need not.
 */
void
autogen_rename_relation(Cmp *cmp, char kind, const char *key, const char *table_before,
						const char *table_after, const char *from, const char *to)
{
	RelationRename *r = palloc(sizeof(RelationRename));

	r->kind = kind;
	r->table_before = table_before;
	r->table_after = table_after;
	r->from = from;
	r->to = to;
	r->action = autogen_action(&cmp->actions, PH_RENAME, key, false, "%s",
							   rename_sql(r, table_after, from, to));
	cmp->relation_renames = lappend(cmp->relation_renames, r);
}

/*
 * Renames that swap names, or pass one on (a to b while b goes to c), would
 * take a name still in use. Each rename whose old name another rename wants
 * moves out of the way first, under a temporary name, before every other
 * rename (key "!", indexes and constraints before the tables they are on),
 * and is renamed from there in its place. Then no rename meets a name that
 * is still taken: a name any rename wants is either free in "from", freed
 * by a drop (earlier phases), or one of these old names.
 */
static void
renames_avoid_collisions(Cmp *cmp)
{
	int			n = list_length(cmp->relation_renames);
	const char **wanted = palloc(sizeof(char *) * (n + 1));
	ListCell   *lc;

	foreach(lc, cmp->relation_renames)
		wanted[foreach_current_index(lc)] = ((RelationRename *) lfirst(lc))->to;
	qsort(wanted, n, sizeof(char *), pg_qsort_strcmp);
	foreach(lc, cmp->relation_renames)
	{
		RelationRename *r = lfirst(lc);
		char	   *temp;

		if (bsearch(&r->from, wanted, n, sizeof(char *), pg_qsort_strcmp) == NULL)
			continue;
		temp = autogen_temp_name(cmp, r->from, "_schemamig_tmp");
		autogen_action(&cmp->actions, PH_RENAME, r->kind == 't' ? "!1" : "!0", false, "%s",
					   rename_sql(r, r->table_before, r->from, temp));
		r->action->sql = psprintf("%s;", rename_sql(r, r->table_after, temp, r->to));
	}
}

/*
 * Record an object that goes late (LateDrop): drop is the statement that
 * drops it by its name, or NULL when its table's or column's drop does.
 */
void
autogen_late_drop(Cmp *cmp, AgAction *drop, const char *keyword, const char *name)
{
	LateDrop   *d = palloc(sizeof(LateDrop));

	d->drop = drop;
	d->keyword = keyword;
	d->name = name;
	cmp->late_drops = lappend(cmp->late_drops, d);
}

/* Has pg_catalog a relation named name? */
static bool
pg_catalog_relation(const char *name)
{
	return OidIsValid(get_relname_relid(name, PG_CATALOG_NAMESPACE));
}

/* Has pg_catalog a type or relation named name? */
static bool
pg_catalog_has(const char *name)
{
	return OidIsValid(GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum(name),
									  ObjectIdGetDatum(PG_CATALOG_NAMESPACE))) ||
		pg_catalog_relation(name);
}

/*
 * Refuse (42710) what statements naming the schema's object name would
 * do: pg_catalog, first on the path, has an object of that name, which
 * they would name instead (and a superuser's could alter it).
 */
static void
refuse_pg_catalog_name(const char *name, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_DUPLICATE_OBJECT),
			 errmsg("autogenerate cannot %s", what),
			 errdetail("pg_catalog has an object named \"%s\", which the migration's unqualified statements would name instead.",
					   name),
			 errhint("Rename the schema's object in a revision of your own first.")));
}

/* A name of the schema's that pg_catalog has too, and what it names. */
typedef struct Shadowed
{
	const char *name;			/* first, for SLICE() */
	const char *what;
	bool		index;			/* named second in a "table.name" key */
} Shadowed;

/* by name, then by what (so that which one is named is stable) */
static int
cmp_shadowed(const void *a, const void *b)
{
	const Shadowed *x = a;
	const Shadowed *y = b;
	int			c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->what, y->what);
}

/*
 * Is routine r's identity, name(argument types) as oidvectortypes() prints
 * them, one of pg_catalog's routines? An index scan of pg_proc (procs) by
 * name: the syscache's lists of routines by name are searched one by one
 * before PostgreSQL 16, which a schema's thousands of names make slow.
 */
static bool
pg_catalog_has_routine(Relation procs, const AgRoutine *r)
{
	NameData	name;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	bool		found = false;

	namestrcpy(&name, r->name);
	ScanKeyInit(&key, Anum_pg_proc_proname, BTEqualStrategyNumber, F_NAMEEQ, NameGetDatum(&name));
	scan = systable_beginscan(procs, ProcedureNameArgsNspIndexId, true, NULL, 1, &key);
	while (!found && HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_proc p = (Form_pg_proc) GETSTRUCT(tup);
		StringInfoData buf;

		if (p->pronamespace != PG_CATALOG_NAMESPACE)
			continue;
		initStringInfo(&buf);
		appendStringInfo(&buf, "%s(", NameStr(p->proname));
		for (int k = 0; k < p->pronargs; k++)
			appendStringInfo(&buf, "%s%s", k > 0 ? ", " : "",
							 format_type_extended(p->proargtypes.values[k], -1,
												  FORMAT_TYPE_ALLOW_INVALID));
		appendStringInfoChar(&buf, ')');
		found = strcmp(buf.data, r->identity) == 0;
	}
	systable_endscan(scan);
	return found;
}

static void
add_shadowed(Shadowed *out, int *n, const char *name, const char *what, bool shadowed)
{
	if (!shadowed)
		return;
	out[*n].name = name;
	out[*n].what = psprintf("%s %s", what, name);
	out[*n].index = strcmp(what, "index") == 0;
	(*n)++;
}

/*
 * No statement may name an object of either schema that pg_catalog has an
 * object of the same name (a type or relation) or identity (a routine)
 * as: pg_catalog comes first on the path, so an unqualified DROP VIEW
 * pg_tables, COMMENT ON FUNCTION lower(text) or ALTER TYPE box would name
 * pg_catalog's, and a superuser's would change it. Such objects are rare:
 * they are found with a syscache probe each, then the actions are searched
 * for a key that names one (an action's key is its object's name, a
 * routine's identity, or "table.name", perhaps after one character that
 * orders it).
 */
static void
nothing_shadowed(Cmp *cmp)
{
	const AgSchema *schemas[] = {cmp->from, cmp->to};
	Shadowed   *sh;
	int			n = 0;
	int			max = 0;
	Relation	procs;
	ListCell   *lc;

	for (int k = 0; k < 2; k++)
		max += schemas[k]->nenums + schemas[k]->ndomains + schemas[k]->ncomposites +
			schemas[k]->ntables + schemas[k]->nviews + schemas[k]->nsequences +
			schemas[k]->nindexes + schemas[k]->nroutines;
	sh = palloc(sizeof(Shadowed) * (max + 1));
	procs = table_open(ProcedureRelationId, AccessShareLock);
	for (int k = 0; k < 2; k++)
	{
		const AgSchema *s = schemas[k];

		for (int i = 0; i < s->nenums; i++)
			add_shadowed(sh, &n, s->enums[i].name, "type", pg_catalog_has(s->enums[i].name));
		for (int i = 0; i < s->ndomains; i++)
			add_shadowed(sh, &n, s->domains[i].name, "domain", pg_catalog_has(s->domains[i].name));
		for (int i = 0; i < s->ncomposites; i++)
			add_shadowed(sh, &n, s->composites[i].name, "type",
						 pg_catalog_has(s->composites[i].name));
		for (int i = 0; i < s->ntables; i++)
			add_shadowed(sh, &n, s->tables[i].name, "table", pg_catalog_relation(s->tables[i].name));
		for (int i = 0; i < s->nviews; i++)
			add_shadowed(sh, &n, s->views[i].name, "view", pg_catalog_relation(s->views[i].name));
		for (int i = 0; i < s->nsequences; i++)
			add_shadowed(sh, &n, s->sequences[i].name, "sequence", pg_catalog_relation(s->sequences[i].name));
		for (int i = 0; i < s->nindexes; i++)
			add_shadowed(sh, &n, s->indexes[i].name, "index", pg_catalog_relation(s->indexes[i].name));
		for (int i = 0; i < s->nroutines; i++)
			add_shadowed(sh, &n, s->routines[i].identity, "routine",
						 pg_catalog_has_routine(procs, &s->routines[i]));
	}
	table_close(procs, AccessShareLock);
	if (n == 0)
		return;
	qsort(sh, n, sizeof(Shadowed), cmp_shadowed);
	foreach(lc, cmp->actions)
	{
		const char *key = ((AgAction *) lfirst(lc))->key;

		/* the key, and without its first character; each whole and by parts */
		for (const char *k = key; k <= key + 1 && *k; k++)
		{
			const char *dot = strchr(k, '.');
			const char *names[3] = {k, dot ? pnstrdup(k, dot - k) : k, dot ? dot + 1 : k};

			for (int i = 0; i < (int) lengthof(names); i++)
			{
				int			first;
				int			count = SLICE(sh, n, names[i], &first);

				/*
				 * after the dot: an index, not a column or trigger so named
				 * (each of the objects so named: a table of one schema may
				 * share its name with an index of the other)
				 */
				for (int j = first; j < first + count; j++)
					if (i < 2 || sh[j].index)
						refuse_pg_catalog_name(sh[j].name,
											   psprintf("write the statements for %s of the schema",
														sh[j].what));
			}
		}
	}
}

/*
 * A name that a late drop frees (a dropped table's, its indexes', a dropped
 * sequence's or type's) and that the model gives to another object (a
 * table, sequence, type, index or constraint's index: what is made or
 * renamed before the late drops; views come after them) would still be
 * taken when that object is made or renamed. Such an object moves out of
 * the way first, under a temporary name, before every rename (key "!"),
 * and is dropped under it in its place. The model's index names are
 * sorted once and searched, as a schema may drop thousands of them.
 */
static void
late_drops_free_names(Cmp *cmp)
{
	const AgSchema *to = cmp->to;
	const char **indexes;
	int			n = 0;
	ListCell   *lc;

	if (cmp->late_drops == NIL)
		return;
	indexes = palloc(sizeof(char *) * (to->nindexes + to->nconstraints + 1));
	for (int i = 0; i < to->nindexes; i++)
		indexes[n++] = to->indexes[i].name;
	for (int i = 0; i < to->nconstraints; i++)
		if (strchr("pux", to->constraints[i].contype))
			indexes[n++] = to->constraints[i].name;
	qsort(indexes, n, sizeof(char *), pg_qsort_strcmp);

	foreach(lc, cmp->late_drops)
	{
		LateDrop   *d = lfirst(lc);
		char	   *temp;

		if (autogen_find_enum(to, d->name) < 0 && autogen_find_domain(to, d->name) < 0 &&
			autogen_find_composite(to, d->name) < 0 && autogen_find_table(to, d->name) < 0 &&
			autogen_find_sequence(to, d->name) < 0 &&
			bsearch(&d->name, indexes, n, sizeof(char *), pg_qsort_strcmp) == NULL)
			continue;
		/* pg_catalog comes first on the path: the rename would name its object */
		if (pg_catalog_has(d->name))
			refuse_pg_catalog_name(d->name,
								   psprintf("move %s %s out of the way of the model's object of that name",
											asc_tolower(d->keyword, strlen(d->keyword)),
											quote_identifier(d->name)));
		temp = autogen_temp_name(cmp, d->name, "_schemamig_tmp");
		autogen_action(&cmp->actions, PH_RENAME, "!", false, "ALTER %s %s RENAME TO %s",
					   d->keyword, qi(d->name), qi(temp));
		/* a table's row type goes along */
		if (strcmp(d->keyword, "TYPE") == 0 || strcmp(d->keyword, "DOMAIN") == 0 ||
			strcmp(d->keyword, "TABLE") == 0)
			autogen_type_moved(cmp, d->name, temp);
		if (d->drop)
			d->drop->sql = psprintf("DROP %s %s;", d->keyword, qi(temp));
	}
}

/*
 * The length of a type as printed (by format_type(), perhaps with a
 * composite attribute's COLLATE clause) without that clause.
 */
size_t
autogen_type_end(const char *type)
{
	bool		quoted = false;
	size_t		len;

	for (len = 0; type[len]; len++)
	{
		if (type[len] == '"')
			quoted = !quoted;
		else if (!quoted && strncmp(type + len, " COLLATE ", 9) == 0)
			break;
	}
	return len;
}

/*
 * The name a type of the schema printed (by format_type(), perhaps with a
 * composite attribute's COLLATE clause) as type has, or the name of the
 * type it is an array of: the clause and the "[]" taken off, then the
 * quotes ("Kind" is Kind, "a""b" is a"b). A type of another schema stays
 * qualified, so it names nothing of the schema. When collation is not NULL
 * it gets the clause's collation, unquoted the same way, or NULL.
 */
char *
autogen_type_name(const char *type, char **collation)
{
	size_t		len = autogen_type_end(type);
	StringInfoData buf;

	if (collation)
		*collation = type[len] ? autogen_type_name(type + len + 9, NULL) : NULL;
	while (len >= 2 && strncmp(type + len - 2, "[]", 2) == 0)
		len -= 2;
	if (len < 2 || type[0] != '"' || type[len - 1] != '"')
		return pnstrdup(type, len);
	initStringInfo(&buf);
	for (size_t i = 1; i < len - 1; i++)
	{
		appendStringInfoChar(&buf, type[i]);
		if (type[i] == '"' && type[i + 1] == '"')
			i++;
	}
	return buf.data;
}

/* Is an object of kind named name one that schema s has but does not cover? */
static bool
uncovered_in(const AgSchema *s, const char *kind, const char *name)
{
	for (int i = 0; i < s->nuncovered; i++)
		if (strcmp(s->uncovered[i].kind, kind) == 0 && strcmp(s->uncovered[i].name, name) == 0)
			return true;
	return false;
}

/* The table named name that schema s has and autogenerate leaves alone. */
const AgUncovered *
autogen_uncovered_table(const AgSchema *s, const char *name)
{
	for (int i = 0; i < s->nuncovered; i++)
		if (s->uncovered[i].table && strcmp(s->uncovered[i].name, name) == 0)
			return &s->uncovered[i];
	return NULL;
}

/* The kind a table that schema s leaves alone is listed under. */
static const char *
uncovered_kind(const AgSchema *s, const char *name)
{
	const AgUncovered *u = autogen_uncovered_table(s, name);

	return u ? u->kind : "table";
}

/*
 * What kind of type of schema s name is: "enum", "domain", "composite
 * type", "range type" (one it does not cover), or NULL for none of these.
 */
const char *
autogen_type_kind(const AgSchema *s, const char *name)
{
	if (autogen_find_enum(s, name) >= 0)
		return "enum";
	if (autogen_find_domain(s, name) >= 0)
		return "domain";
	if (autogen_find_composite(s, name) >= 0)
		return "composite type";
	if (uncovered_in(s, "range type", name))
		return "range type";
	return NULL;
}

/*
 * Has relation relid a unique index that a foreign key to columns
 * ("\ncolumn\n...") can reference, as the server looks for one: unique,
 * not deferrable, not partial, of those columns and no expression, in any
 * order?
 */
static bool
has_unique_key(Oid relid, const char *columns)
{
	Relation	rel = table_open(relid, AccessShareLock);
	List	   *indexes = RelationGetIndexList(rel);
	char	   *haystack = psprintf("%s\n", columns);
	int			ncolumns = 0;
	bool		found = false;
	ListCell   *lc;

	for (const char *c = columns; *c; c++)
		ncolumns += *c == '\n';
	foreach(lc, indexes)
	{
		HeapTuple	tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index x;
		bool		all = true;

		if (!HeapTupleIsValid(tup))
			continue;
		x = (Form_pg_index) GETSTRUCT(tup);
		if (!x->indisunique || !x->indimmediate || x->indnkeyatts != ncolumns ||
			!heap_attisnull(tup, Anum_pg_index_indpred, NULL) ||
			!heap_attisnull(tup, Anum_pg_index_indexprs, NULL))
			all = false;
		for (int k = 0; all && k < x->indnkeyatts; k++)
			all = strstr(haystack, psprintf("\n%s\n",
											get_attname(relid, x->indkey.values[k], false))) != NULL;
		ReleaseSysCache(tup);
		if ((found = all))
			break;
	}
	table_close(rel, AccessShareLock);
	return found;
}

/* The columns ("\ncolumn\n...") of a key, as "a, b" for a message. */
static char *
key_columns(const char *columns)
{
	StringInfoData buf;
	const char *c = columns;

	initStringInfo(&buf);
	while (*c == '\n')
	{
		size_t		len = strcspn(c + 1, "\n");

		appendStringInfo(&buf, "%s%s", buf.len ? ", " : "",
						 quote_identifier(pnstrdup(c + 1, len)));
		c += len + 1;
	}
	return buf.data;
}

/*
 * What of the model (what: "column t.c", "domain d") uses an object of the
 * model's schema of kind named name (NULL: none) that autogenerate does not
 * make (a range or base type, a collation, an operator, an operator class,
 * a text search configuration or dictionary; "table": the row type of a
 * table, which counts when the table is one autogenerate leaves alone): its
 * statement fails unless the schema has that object already. Checked in the upgrade only: the
 * downgrade runs where the schema's such objects still are, as
 * autogenerate leaves them alone.
 */
void
autogen_require_uncovered(Cmp *cmp, const char *what, const char *kind, const char *name)
{
	if (name == NULL || cmp->reverse)
		return;
	/*
	 * "table": a table's row type, one only of a table that the model has
	 * and autogenerate leaves alone (a partitioned table, a partition, ...)
	 * while the schema has no such table of that name
	 */
	if (strcmp(kind, "table") == 0)
	{
		const AgUncovered *u = autogen_uncovered_table(cmp->to, name);

		if (u == NULL || autogen_uncovered_table(cmp->from, name) != NULL)
			return;
		kind = u->kind;
	}
	else if (strcmp(kind, "table column") == 0)
	{
		/* "table\ncolumn": a column of such a table that the schema's lacks */
		char	   *table = pnstrdup(name, strcspn(name, "\n"));
		const char *column = name + strlen(table) + (name[strlen(table)] ? 1 : 0);
		const AgUncovered *u = autogen_uncovered_table(cmp->to, table);
		Oid			relid;

		if (u == NULL)
			return;
		if (autogen_uncovered_table(cmp->from, table) == NULL)
		{
			autogen_require_uncovered(cmp, what, "table", table);
			return;
		}
		relid = get_relname_relid(table, get_namespace_oid(cmp->from->name, false));
		if (!OidIsValid(relid) || get_attnum(relid, column) != InvalidAttrNumber)
			return;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s of the model uses column %s of %s %s, which autogenerate does not add",
						what, quote_identifier(column), u->kind, quote_identifier(table)),
				 errdetail("The schema's %s \"%s\" has no column \"%s\", and the migration would not add it.",
						   u->kind, table, column),
				 errhint("Add it in a revision of your own first, or keep it out of the model.")));
	}
	else if (strcmp(kind, "table key") == 0)
	{
		/* "table\ncolumn\n...": a unique key of such a table, by columns */
		char	   *table = pnstrdup(name, strcspn(name, "\n"));
		const char *columns = name + strlen(table);
		const AgUncovered *u = autogen_uncovered_table(cmp->to, table);
		Oid			relid;

		if (u == NULL)
			return;
		if (autogen_uncovered_table(cmp->from, table) == NULL)
		{
			autogen_require_uncovered(cmp, what, "table", table);
			return;
		}
		relid = get_relname_relid(table, get_namespace_oid(cmp->from->name, false));
		if (!OidIsValid(relid) || has_unique_key(relid, columns))
			return;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s of the model references a unique key of %s %s on (%s), which autogenerate does not add",
						what, u->kind, quote_identifier(table), key_columns(columns)),
				 errdetail("The schema's %s \"%s\" has no unique key or unique index of those columns that a foreign key can reference, and the migration would not add it, so the foreign key would fail when applied.",
						   u->kind, table),
				 errhint("Add the key in a revision of your own first, or keep the foreign key out of the model.")));
	}
	else if (strcmp(kind, "cast") == 0)
	{
		ListCell   *lc;

		/* the schema's cast of the same types (and name) serves as well */
		foreach(lc, cmp->from->casts)
			if (strcmp(lfirst(lc), name) == 0)
				return;
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s of the model uses cast (%s), which autogenerate does not create",
						what, name),
				 errdetail("The schema has no cast (%s), and the migration would not make it: the SQL written would fail (42846, cannot cast).",
						   name),
				 errhint("Create it in a revision of your own first, or keep it out of the model.")));
	}
	else if (uncovered_in(cmp->from, kind, name))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s of the model uses %s %s, which autogenerate does not create",
					what, kind, quote_identifier(name)),
			 errdetail("The schema has no %s named \"%s\", and the migration would not make it.",
					   kind, name),
			 errhint("Create it in a revision of your own first (autogenerate then leaves it alone), or keep it out of the model.")));
}

/*
 * Is type, as printed, one of pg_catalog's or of another schema, rather
 * than one of the schema's own? The schema's are printed with pg_catalog
 * first on the path: one of the name of a type of pg_catalog qualified, one
 * whose name needs quotes quoted. So a name printed without quotes that
 * needs them (integer, character varying(5), other.t) or that pg_catalog
 * has a type of (text) is not the schema's, whatever the model names a
 * table it leaves alone.
 */
static bool
printed_from_elsewhere(const char *type)
{
	char	   *elem;

	if (type[0] == '"')
		return false;
	elem = autogen_type_name(type, NULL);
	elem = pnstrdup(elem, strcspn(elem, "("));
	return strcmp(quote_identifier(elem), elem) != 0 || pg_catalog_has(elem);
}

/*
 * The same for a type as printed (a domain's base type and collation, a
 * composite type's attribute) that is one of the model's uncovered types
 * or collations, or an array of one.
 */
void
autogen_require_uncovered_type(Cmp *cmp, const char *what, const char *type)
{
	const char *kinds[] = {"range type", "type"};
	char	   *coll;
	char	   *elem;

	if (cmp->reverse)
		return;
	elem = autogen_type_name(type, &coll);
	if (coll && uncovered_in(cmp->to, "collation", coll))
		autogen_require_uncovered(cmp, what, "collation", coll);
	if (printed_from_elsewhere(type))
		return;
	for (int i = 0; i < (int) lengthof(kinds); i++)
		if (uncovered_in(cmp->to, kinds[i], elem))
			autogen_require_uncovered(cmp, what, kinds[i], elem);
	/* a multirange type comes with its range type */
	for (int i = 0; i < cmp->to->nuncovered; i++)
		if (autogen_str_eq(cmp->to->uncovered[i].multirange, elem))
			autogen_require_uncovered(cmp, what, "range type", cmp->to->uncovered[i].name);
	/* the row type of a table left alone */
	autogen_require_uncovered(cmp, what, "table", elem);
}

/*
 * The same for a view, routine or index of the model that is created
 * (what and key as in AgUncoveredUse; desc names it): the types and
 * collations it depends on.
 */
void
autogen_require_uncovered_uses(Cmp *cmp, char what, const char *key, const char *desc)
{
	int			first;
	int			count;

	if (cmp->reverse || cmp->to->nuncovered_uses == 0)
		return;
	count = SLICE(cmp->to->uncovered_uses, cmp->to->nuncovered_uses, key, &first);
	for (int i = first; i < first + count; i++)
		if (cmp->to->uncovered_uses[i].what == what)
			autogen_require_uncovered(cmp, desc, cmp->to->uncovered_uses[i].kind,
									  cmp->to->uncovered_uses[i].name);
}

/*
 * Does the migration drop type name of "from" (an enum, domain or
 * composite type made again, or one that goes)?
 */
static bool
type_dropped(Cmp *cmp, const char *name)
{
	return autogen_is_recreated(cmp, name) || autogen_type_kind(cmp->to, name) == NULL;
}

/*
 * Refuse (0A000) an upgrade that the server would refuse to apply because
 * of what table (one that holds or uses what the SQL changes) has, or warn
 * (WARNING) that such a downgrade will fail when applied: the SQL does
 * what "does" says, for the reason detail gives; hint says what to do
 * instead of the upgrade, and the downgrade's is to write it by hand.
 */
static void
refuse_for_table(Cmp *cmp, const char *table, const char *does, const char *detail,
				 const char *hint)
{
	ereport(cmp->reverse ? WARNING : ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s: it %s", cmp->reverse ? "the downgrade will fail when applied" :
					"autogenerate cannot write the upgrade", does),
			 errdetail("%s", detail),
			 cmp->reverse ?
			 errhint("Write the downgrade yourself, changing %s too, or leave it out.",
					 quote_identifier(table)) :
			 errhint("%s", hint)));
}

/*
 * Refuse (0A000; a WARNING for the downgrade) a migration that drops or
 * changes column of covered table, which policy u of a table autogenerate
 * leaves alone reads (refuse_left_alone_references()).
 */
static void
refuse_policy_column(Cmp *cmp, const AgLeftAloneUse *u, const char *table, const char *column)
{
	refuse_for_table(cmp, u->table,
					 psprintf("drops or changes column %s of table %s, which %s of table %s reads",
							  quote_identifier(column), quote_identifier(table), u->what,
							  quote_identifier(u->table)),
					 psprintf("Table %s is one that autogenerate leaves alone (%s), so the migration would not change its policy, and the server refuses to drop a column that a policy reads, or to change its type or collation.",
							  quote_identifier(u->table), uncovered_kind(cmp->from, u->table)),
					 psprintf("Drop or change the %s in a revision of your own first, or keep column %s of table %s as it is in the model.",
							  u->what, quote_identifier(column), quote_identifier(table)));
}

/*
 * The type of the column of the schema's table "table" that its foreign
 * key conname pairs with column refcol of the table it references; 0
 * when the catalog does not say (a schema read and gone, say).
 */
static Oid
referencing_type(const AgSchema *s, const char *table, const char *conname, const char *refcol)
{
	Oid			relid = get_relname_relid(table, get_namespace_oid(s->readfrom, true));
	Oid			conoid = OidIsValid(relid) ? get_relation_constraint_oid(relid, conname, true) : InvalidOid;
	HeapTuple	tup;
	Datum		key;
	Datum		refkey;
	bool		nokey;
	bool		norefkey;
	Datum	   *keys;
	Datum	   *refkeys;
	int			nkeys;
	int			nrefkeys;
	Oid			type = InvalidOid;

	if (!OidIsValid(conoid) ||
		!HeapTupleIsValid(tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid))))
		return InvalidOid;
	key = SysCacheGetAttr(CONSTROID, tup, Anum_pg_constraint_conkey, &nokey);
	refkey = SysCacheGetAttr(CONSTROID, tup, Anum_pg_constraint_confkey, &norefkey);
	if (((Form_pg_constraint) GETSTRUCT(tup))->contype == CONSTRAINT_FOREIGN && !nokey && !norefkey)
	{
		AttrNumber	refattnum = get_attnum(((Form_pg_constraint) GETSTRUCT(tup))->confrelid, refcol);

		deconstruct_array(DatumGetArrayTypeP(key), INT2OID, sizeof(int16), true, TYPALIGN_SHORT,
						  &keys, NULL, &nkeys);
		deconstruct_array(DatumGetArrayTypeP(refkey), INT2OID, sizeof(int16), true, TYPALIGN_SHORT,
						  &refkeys, NULL, &nrefkeys);
		for (int i = 0; i < nkeys && i < nrefkeys; i++)
			if (DatumGetInt16(refkeys[i]) == refattnum)
				type = get_atttype(relid, DatumGetInt16(keys[i]));
	}
	ReleaseSysCache(tup);
	return type;
}

/*
 * Can a foreign key whose referencing column is of type fktype reference
 * a column of built-in type pktype, through the unique index the server
 * builds again with pktype's default btree operator class? As
 * ATAddForeignKeyConstraint() asks when ALTER COLUMN ... TYPE makes the
 * key again: an equality operator of the class's family between the two,
 * and of fktype with itself, or both types coerced implicitly to the
 * class's input type. True when it cannot tell (no such class).
 */
static bool
foreign_key_implementable(Oid pktype, Oid fktype)
{
	Oid			opclass = GetDefaultOpClass(pktype, BTREE_AM_OID);
	Oid			family;
	Oid			intype;
	Oid			fkbase = getBaseType(fktype);
	Oid			input[2];
	Oid			target[2];

	if (!OidIsValid(opclass))
		return true;
	family = get_opclass_family(opclass);
	intype = get_opclass_input_type(opclass);
	if (OidIsValid(get_opfamily_member(family, intype, fkbase, BTEqualStrategyNumber)) &&
		OidIsValid(get_opfamily_member(family, fkbase, fkbase, BTEqualStrategyNumber)))
		return true;
	input[0] = pktype;
	input[1] = fktype;
	target[0] = target[1] = intype;
	return can_coerce_type(2, input, target, COERCION_IMPLICIT);
}

/*
 * Refuse (0A000; a WARNING for the downgrade) a migration that changes
 * column of covered table to a built-in type that foreign key u of a
 * table autogenerate leaves alone cannot reference: the server makes the
 * key again after ALTER COLUMN ... TYPE, and fails (42804, cannot be
 * implemented). A type of the schema is not judged.
 */
static void
refuse_referenced_type(Cmp *cmp, const AgLeftAloneUse *u, const char *table, const char *column)
{
	int			f = autogen_find_table(cmp->from, table);
	const AgColumn *fc;
	const AgColumn *tc;
	Oid			fktype;

	if (f < 0 || cmp->from_match[f] < 0 ||
		(fc = autogen_find_column(cmp->from, &cmp->from->tables[f], column)) == NULL ||
		(tc = autogen_to_column(cmp, &cmp->to->tables[cmp->from_match[f]], column)) == NULL ||
		strcmp(fc->type, tc->type) == 0 || !OidIsValid(tc->builtin_type) ||
		!OidIsValid(fktype = referencing_type(cmp->from, u->table, u->what + strlen("constraint "), column)) ||
		foreign_key_implementable(tc->builtin_type, fktype))
		return;
	refuse_for_table(cmp, u->table,
					 psprintf("changes column %s of table %s to type %s, which %s of table %s cannot reference",
							  quote_identifier(column), quote_identifier(table), tc->type, u->what,
							  quote_identifier(u->table)),
					 psprintf("Table %s is one that autogenerate leaves alone (%s), so the migration would not change its foreign key, which the server makes again after the type changes and cannot implement between %s and its column's %s (42804).",
							  quote_identifier(u->table), uncovered_kind(cmp->from, u->table),
							  tc->type, format_type_be(fktype)),
					 psprintf("Change the foreign key's column of table %s in a revision of your own first, or keep column %s of table %s as it is in the model.",
							  quote_identifier(u->table), quote_identifier(column), quote_identifier(table)));
}

/*
 * Does the migration change table ft (tt in "to") in a way the server
 * refuses while a column holds its row type: a column's type changed, or a
 * column added with a default, identity or generation expression?
 */
static bool
row_type_altered(Cmp *cmp, const AgTable *ft, const AgTable *tt)
{
	if (autogen_type_changes_in(cmp, ft, tt))
		return true;
	for (int i = 0; i < tt->ncols; i++)
	{
		const AgColumn *tc = &cmp->to->columns[tt->firstcol + i];

		if ((tc->defexpr || tc->identity || tc->generated) &&
			autogen_find_column(cmp->from, ft, tc->name) == NULL &&
			autogen_find_pair(cmp, tt->name, tc->name) == NULL)
			return true;
	}
	return false;
}

/*
 * Refuse (0A000; a WARNING for the downgrade) a migration that drops
 * covered table u->name, or changes the type of a column of it, while a
 * column u->what of table u->table holds its row type: one autogenerate
 * leaves alone (left: refuse_left_alone_references()) or a covered one
 * that the migration keeps (refuse_covered_row_type_uses()).
 */
static void
refuse_row_type_use(Cmp *cmp, const AgLeftAloneUse *u, bool dropped, bool left)
{
	const char *does = dropped ? "drops table" :
		"changes the type of a column of, or adds one with a default to, table";

	refuse_for_table(cmp, u->table,
					 psprintf("%s %s, whose row type %s of table %s holds",
							  does, quote_identifier(u->name), u->what, quote_identifier(u->table)),
					 left ?
					 psprintf("Table %s is one that autogenerate leaves alone (%s), so the migration would not change it, and the server refuses to drop a table, to change the type of a column of it or to add one with a default, while a column holds its row type.",
							  quote_identifier(u->table), uncovered_kind(cmp->from, u->table)) :
					 psprintf("The server refuses to drop a table, to change the type of a column of it or to add one with a default, while a column holds its row type, as %s of table %s does until the migration has changed the table.",
							  u->what, quote_identifier(u->table)),
					 psprintf("Change %s in a revision of your own first, or keep table %s as it is in the model.",
							  quote_identifier(u->table), quote_identifier(u->name)));
}

/*
 * The same for a column of a covered table that the migration keeps that
 * holds the row type of another covered table, or an array of it: the
 * server refuses the other table's DROP TABLE, ALTER COLUMN ... TYPE or
 * ADD COLUMN ... DEFAULT as it does for a table left alone's, and the SQL
 * changes that table first, also where the column changes type or goes
 * after (a revision of your own can change the column first); a table
 * dropped goes after the column has changed or gone.
 */
static void
refuse_covered_row_type_uses(Cmp *cmp)
{
	for (int i = 0; i < cmp->from->ncolumns; i++)
	{
		const AgColumn *c = &cmp->from->columns[i];
		char	   *elem = autogen_type_name(c->type, NULL);
		int			f = autogen_find_table(cmp->from, elem);
		AgLeftAloneUse u;

		if (f < 0 || strcmp(elem, c->table) == 0 ||
			(cmp->from_match[f] >= 0 &&
			 !row_type_altered(cmp, &cmp->from->tables[f],
							   &cmp->to->tables[cmp->from_match[f]])) ||
			autogen_from_column_changes(cmp, c->table, NULL) ||
			/* (a table dropped goes late, after the column has changed) */
			(cmp->from_match[f] < 0 && autogen_from_column_changes(cmp, c->table, c->name)))
			continue;
		u.table = (char *) c->table;
		u.what = psprintf("column %s", quote_identifier(c->name));
		u.kind = 'w';
		u.name = elem;
		refuse_row_type_use(cmp, &u, cmp->from_match[f] < 0, false);
	}
}

/*
 * Does the database the SQL runs on have the table left alone that u is
 * of? The upgrade's "from" is that database; the downgrade's is the model,
 * whose tables left alone the upgrade never made: one the schema lacks is
 * not there for the downgrade to fail on.
 */
static bool
use_in_database(Cmp *cmp, const AgLeftAloneUse *u)
{
	return !cmp->reverse || autogen_uncovered_table(cmp->to, u->table) != NULL;
}

/*
 * What of a table autogenerate leaves alone (AgLeftAloneUse) uses another
 * table that the migration drops ('r'), or references a unique key that
 * it drops or makes again ('k', the foreign keys of covered tables go
 * around it: cmp->ref_forced), or is a policy that reads a column the
 * migration drops or changes the type, collation or generation expression
 * of ('a'): refused as refuse_left_alone_uses() does, once the keys are
 * known, since the server would refuse the DROP TABLE or DROP CONSTRAINT
 * (2BP01), or the DROP COLUMN or ALTER COLUMN ... TYPE (0A000, cannot
 * alter type of a column used in a policy definition).
 */
static void
refuse_left_alone_references(Cmp *cmp)
{
	for (int i = 0; i < cmp->from->nleft_alone_uses; i++)
	{
		const AgLeftAloneUse *u = &cmp->from->left_alone_uses[i];
		int			f;
		const char *what;

		if (!use_in_database(cmp, u))
			continue;
		else if (u->kind == 'a' || u->kind == 'e')
		{
			char	   *table = pnstrdup(u->name, strcspn(u->name, "\n"));
			const char *column = u->name + strlen(table) + 1;

			if (u->kind == 'e')
				refuse_referenced_type(cmp, u, table, column);
			else if (autogen_find_table(cmp->from, table) >= 0 &&
					 autogen_from_column_changes(cmp, table, column))
				refuse_policy_column(cmp, u, table, column);
			continue;
		}
		else if (u->kind == 'w')
		{
			if ((f = autogen_find_table(cmp->from, u->name)) >= 0 &&
				(cmp->from_match[f] < 0 ||
				 row_type_altered(cmp, &cmp->from->tables[f],
								  &cmp->to->tables[cmp->from_match[f]])))
				refuse_row_type_use(cmp, u, cmp->from_match[f] < 0, true);
			continue;
		}
		else if (u->kind != 'r' && u->kind != 'k')
			continue;
		else if ((f = autogen_find_table(cmp->from, u->name)) < 0)
			continue;
		else if (u->kind == 'r' ? cmp->from_match[f] >= 0 :
				 autogen_name_set_find(cmp->ref_forced, u->name) == NULL)
			continue;
		else
			what = u->kind == 'r' ? psprintf("table %s", quote_identifier(u->name)) :
				psprintf("the unique key of table %s", quote_identifier(u->name));
		/* (an inheritance child depends on its parents as a whole) */
		refuse_for_table(cmp, u->table,
						 strcmp(u->what, "parent") == 0 ?
						 psprintf("drops %s, which table %s inherits from",
								  what, quote_identifier(u->table)) :
						 psprintf("drops %s, which %s of table %s uses",
								  what, u->what, quote_identifier(u->table)),
						 psprintf("Table %s is one that autogenerate leaves alone (%s), so the migration would not change it, and the server would refuse to drop %s while it is used.",
								  quote_identifier(u->table), uncovered_kind(cmp->from, u->table), what),
						 psprintf("Change %s in a revision of your own, or keep table %s as it is in the model.",
								  quote_identifier(u->table), quote_identifier(u->name)));
	}
}

/*
 * What of a table autogenerate leaves alone (AgLeftAloneUse) uses a type
 * or routine that the migration drops, made again or gone: the upgrade is
 * refused (0A000), naming the table and what of it, as the SQL never
 * changes such a table and the server would refuse the DROP: a refusal
 * now beats a revision that fails when applied. The downgrade is written
 * with a WARNING that says it will fail so: refusing it would refuse its
 * upgrade too (a value added to an enum such a table uses), which works,
 * and a downgrade that fails changes nothing.
 */
static void
refuse_left_alone_uses(Cmp *cmp)
{
	for (int i = 0; i < cmp->from->nleft_alone_uses; i++)
	{
		const AgLeftAloneUse *u = &cmp->from->left_alone_uses[i];
		bool		routine = u->kind == 'f';
		const char *kind;
		const char *name;

		/* (the other kinds are refuse_left_alone_references()'s) */
		if ((u->kind != 't' && !routine) || !use_in_database(cmp, u))
			continue;
		if (routine ? !autogen_routine_dropped(cmp, u->name) : !type_dropped(cmp, u->name))
			continue;
		kind = routine ? "routine" : autogen_type_kind(cmp->from, u->name);
		name = routine ? u->name : quote_identifier(u->name);
		refuse_for_table(cmp, u->table,
						 psprintf("drops %s %s, which %s of table %s uses",
								  kind, name, u->what, quote_identifier(u->table)),
						 psprintf("Table %s is one that autogenerate leaves alone (%s), so the migration would not change it, and the server would refuse to drop %s %s while it is used.",
								  quote_identifier(u->table), uncovered_kind(cmp->from, u->table),
								  kind, name),
						 psprintf("Change %s in a revision of your own, or keep the %s as it is in the model.",
								  quote_identifier(u->table), routine ? "routine" : "type"));
	}
}

/*
 * The name to write for the not-null constraint (name, NULL where the
 * server does not name them) of a column (obj its table) or a domain
 * (column NULL): NULL when it is the one the server would choose.
 */
const char *
autogen_not_null_name(const char *name, const char *obj, const char *column)
{
	if (name == NULL || strcmp(name, makeObjectName(obj, column, "not_null")) == 0)
		return NULL;
	return name;
}

/* The rename pair for a table or column of "to", or NULL. */
Pair *
autogen_find_pair(Cmp *cmp, const char *to_table, const char *column)
{
	ListCell   *lc;

	foreach(lc, cmp->pairs)
	{
		Pair	   *p = lfirst(lc);

		if (column == NULL && p->column == NULL && strcmp(p->to_name, to_table) == 0)
			return p;
		if (column != NULL && p->column != NULL &&
			strcmp(p->to_table, to_table) == 0 && strcmp(p->to_name, column) == 0)
			return p;
	}
	return NULL;
}

/*
 * The renames, as pairs read from "from" to "to": of tables and columns,
 * and of enums' values (*labels).
 */
static List *
rename_pairs(List *renames, bool reverse, List **labels)
{
	List	   *pairs = NIL;
	ListCell   *lc;

	*labels = NIL;
	foreach(lc, renames)
	{
		AgRename   *r = lfirst(lc);
		Pair	   *p = palloc0(sizeof(Pair));

		p->column = r->column;
		if (r->label)
		{
			p->to_table = r->table;
			p->from_name = reverse ? r->label : r->from;
			p->to_name = reverse ? r->from : r->label;
			*labels = lappend(*labels, p);
			continue;
		}
		if (!reverse)
		{
			p->to_table = r->table;
			p->from_name = r->from;
			p->to_name = r->column ? r->column : r->table;
		}
		else
		{
			p->to_table = r->table;
			p->from_name = r->column ? r->column : r->table;
			p->to_name = r->from;
			/* in the schema, the table has its old name if it was renamed */
			if (r->column)
			{
				ListCell   *tc;

				foreach(tc, renames)
				{
					AgRename   *t = lfirst(tc);

					if (t->column == NULL && t->label == NULL &&
						strcmp(t->table, r->table) == 0)
						p->to_table = t->from;
				}
			}
		}
		pairs = lappend(pairs, p);
	}
	return pairs;
}

/* Pair each "to" table with its "from" table, by name or rename. */
static void
match_tables(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	ListCell   *lc;

	cmp->to_match = palloc(sizeof(int) * (to->ntables + 1));
	cmp->from_match = palloc(sizeof(int) * (from->ntables + 1));
	cmp->forced = palloc0(sizeof(List *) * (to->ntables + 1));
	cmp->converted = palloc0(sizeof(bool) * (to->ntables + 1));
	for (int i = 0; i < from->ntables; i++)
		cmp->from_match[i] = -1;
	for (int i = 0; i < to->ntables; i++)
	{
		int			f = autogen_find_table(from, to->tables[i].name);

		cmp->to_match[i] = f;
		if (f >= 0)
			cmp->from_match[f] = i;
	}
	for (int i = 0; i < to->ntables; i++)
	{
		Pair	   *p = autogen_find_pair(cmp, to->tables[i].name, NULL);
		int			f;

		if (p == NULL)
			continue;
		f = autogen_find_table(from, p->from_name);
		if (f >= 0 && cmp->to_match[i] < 0 && cmp->from_match[f] < 0 &&
			autogen_find_table(to, p->from_name) < 0)
		{
			cmp->to_match[i] = f;
			cmp->from_match[f] = i;
		}
		else
			autogen_mark_left_alone(cmp, "table", NULL, to->tables[i].name, p->from_name,
									f < 0 ? (cmp->to_match[i] >= 0 ? MARK_LEFT_OVER :
											 autogen_uncovered_table(from, p->from_name) ? MARK_OLD_UNCOVERED :
											 MARK_NO_OLD) :
									cmp->to_match[i] >= 0 ? MARK_NAME_TAKEN :
									autogen_find_table(to, p->from_name) >= 0 ? MARK_OLD_KEPT :
									MARK_OLD_CLAIMED);
	}
	/* marks on what the model renames or drops after them */
	foreach(lc, cmp->pairs)
	{
		Pair	   *p = lfirst(lc);
		int			t = autogen_find_table(to, p->to_table);
		const AgUncovered *u = t < 0 ? autogen_uncovered_table(to, p->to_table) : NULL;

		/*
		 * A mark on a table the model has of a kind left alone (or on a
		 * column of one). Renaming an ordinary table of the schema into
		 * one is refused, as a change of kind under one name is
		 * (refuse_kind_changes()): the migration would drop the old table
		 * with its rows and not make the new one.
		 */
		if (u != NULL)
		{
			int			f = p->column ? -1 : autogen_find_table(from, p->from_name);

			if (f >= 0 && cmp->from_match[f] < 0 && !cmp->reverse)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("autogenerate cannot rename table %s from an ordinary table into %s %s %s",
								quote_identifier(p->from_name), strchr("aeiou", u->kind[0]) ? "an" : "a",
								u->kind, quote_identifier(p->to_table)),
						 errdetail("A mark \"renamed from %s\" is on table %s, which the model makes as a kind autogenerate leaves alone: the migration would drop table %s with its rows and not make table %s.",
								   p->from_name, quote_identifier(p->to_table),
								   quote_identifier(p->from_name), quote_identifier(p->to_table)),
						 errhint("Make table %s in a revision of your own (create it under its new name, move the rows, drop table %s), or declare it in the model as an ordinary table; then run diff() again.",
								 quote_identifier(p->to_table), quote_identifier(p->from_name))));
			autogen_mark_left_alone(cmp, p->column ? "column" : "table", p->column ? p->to_table : NULL,
									p->column ? p->column : p->to_table, p->from_name, MARK_NEW_UNCOVERED);
			continue;
		}
		if (t < 0 || (p->column && autogen_find_column(to, &to->tables[t], p->column) == NULL))
			autogen_mark_left_alone(cmp, p->column ? "column" : "table", p->column ? p->to_table : NULL,
									p->column ? p->column : p->to_table, p->from_name, MARK_NAME_GONE);
	}
}

/*
 * A "renamed from" mark of the model that is not followed, and why (see
 * MarkLeft): said once, by the upgrade's comparison (the downgrade's reads
 * the mark the other way round).
 */
void
autogen_mark_left_alone(Cmp *cmp, const char *kind, const char *table, const char *name,
						const char *old, MarkLeft why)
{
	bool		value = strcmp(kind, "value") == 0;
	const char *what = value ? psprintf("value %s of type %s", quote_literal_cstr(name), qi(table)) :
		table ? psprintf("%s %s", kind, autogen_qcol(table, name)) :
		psprintf("%s %s", kind, quote_identifier(name));
	const char *detail = NULL;
	const char *hint = "If an applied migration followed this mark, remove it; names cannot be swapped through marks.";

	if (cmp->reverse)
		return;
	switch (why)
	{
		case MARK_LEFT_OVER:
			detail = psprintf("The schema has no %s named \"%s\".", kind, old);
			hint = "If an applied migration followed this mark, remove it.";
			break;
		case MARK_NO_OLD:
			detail = psprintf("The schema has no %s named \"%s\".", kind, old);
			hint = value ? "Correct the old value: as it is, the new one is added." :
				psprintf("Correct the old name: as it is, the %s is created new and empty.", kind);
			break;
		case MARK_OLD_UNCOVERED:
			detail = psprintf("The schema's %s \"%s\" is one that autogenerate leaves alone.",
							  autogen_uncovered_table(cmp->from, old)->kind, old);
			hint = "Rename it in a revision of your own; as it is, the table is created new and empty.";
			break;
		case MARK_NEW_UNCOVERED:
			detail = psprintf("The model's %s \"%s\" is one that autogenerate leaves alone.",
							  autogen_uncovered_table(cmp->to, table ? table : name)->kind,
							  table ? table : name);
			hint = "Remove the mark: the migration neither makes nor renames that table.";
			break;
		case MARK_NAME_TAKEN:
			detail = psprintf("The schema already has a %s named \"%s\".", kind, name);
			break;
		case MARK_OLD_KEPT:
			detail = psprintf("The model still has a %s named \"%s\".", kind, old);
			break;
		case MARK_OLD_CLAIMED:
			detail = psprintf("Another mark of the model renames %s \"%s\" already.", kind, old);
			hint = "Keep one mark per old name.";
			break;
		case MARK_NAME_GONE:
			if (value)
			{
				detail = psprintf("The model has no enum \"%s\" with the value \"%s\" at its end.",
								  table, name);
				hint = "Put the mark on the value in the statement that makes the enum as the model leaves it, or remove it.";
				break;
			}
			detail = psprintf("The model renames or drops the %s later, so it has no %s of that name at its end.",
							  kind, kind);
			hint = psprintf("Put the mark on the statement that gives the %s its last name, or remove it.", kind);
			break;
	}
	ereport(NOTICE,
			(errmsg("the mark \"renamed from %s\" on %s is not followed",
					value ? quote_literal_cstr(old) : old, what),
			 errdetail_internal("%s", detail),
			 errhint("%s", hint)));
}

/* Emit a comment change when the comments differ. */
void
autogen_comment_change(Cmp *cmp, const char *key, const char *what, const char *from,
			   const char *to)
{
	if (!autogen_str_eq(from, to))
		autogen_action(&cmp->actions, PH_COMMENT, key, false,
					   "COMMENT ON %s IS %s", what, autogen_literal(to));
}

int
autogen_find_domain(const AgSchema *s, const char *name)
{
	return autogen_bsearch(s->domains, s->ndomains, sizeof(AgDomain), offsetof(AgDomain, name), name);
}

int
autogen_find_composite(const AgSchema *s, const char *name)
{
	return autogen_bsearch(s->composites, s->ncomposites, sizeof(AgComposite), offsetof(AgComposite, name), name);
}

int
autogen_find_view(const AgSchema *s, const char *name)
{
	return autogen_bsearch(s->views, s->nviews, sizeof(AgView), offsetof(AgView, name), name);
}

int
autogen_find_routine(const AgSchema *s, const char *identity)
{
	return autogen_bsearch(s->routines, s->nroutines, sizeof(AgRoutine), offsetof(AgRoutine, identity), identity);
}

static int
cmp_first_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * A List of structs of size bytes that start with a name, copied into an
 * array sorted by it, for SLICE(): the passes that match two such lists
 * search one instead of walking it once per element of the other.
 */
void *
autogen_by_name(List *list, size_t size, int *n)
{
	char	   *arr = palloc(size * (list_length(list) + 1));
	ListCell   *lc;

	*n = 0;
	foreach(lc, list)
		memcpy(arr + size * (*n)++, lfirst(lc), size);
	if (*n > 1)
		qsort(arr, *n, size, cmp_first_name);
	return arr;
}

/* The names in a list of one a line (routines' identities), as a List. */
List *
autogen_lines(const char *lines)
{
	List	   *out = NIL;
	char	   *copy;
	char	   *line;
	char	   *save;

	if (lines == NULL)
		return NIL;
	copy = pstrdup(lines);
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		out = lappend(out, line);
	return out;
}

/*
 * Is routine identity of "from" made again, or gone from "to"? Either way
 * it is dropped, and what calls it must go first.
 */
bool
autogen_routine_dropped(Cmp *cmp, const char *identity)
{
	return autogen_is_redone(cmp, identity) || autogen_find_routine(cmp->to, identity) < 0;
}

/* Does an object that calls these routines call one made again? */
bool
autogen_uses_redone(Cmp *cmp, const char *routines)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(routines))
		if (autogen_is_redone(cmp, lfirst(lc)))
			return true;
	return false;
}

/* The drop that provides what (a routine's or a view's) waits for key. */
void
autogen_drop_waits(Cmp *cmp, AgAction *drop, char *what, const char *key)
{
	DropWait   *d = palloc(sizeof(DropWait));

	d->drop = what;
	d->key = pstrdup(key);
	cmp->drop_waits = lappend(cmp->drop_waits, d);
	autogen_provides(drop, "%s", key);
}

/*
 * An object that calls a routine made again is dropped by "drop": the
 * routine's own drop waits for it (its key, provided by drop).
 */
void
autogen_depends_on_redone(Cmp *cmp, AgAction *drop, const char *routines, const char *key)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(routines))
		if (autogen_is_redone(cmp, lfirst(lc)))
			autogen_drop_waits(cmp, drop, psprintf("dropped-routine:%s", (char *) lfirst(lc)), key);
}

/*
 * An object whose definition (def) casts to the row type of a view made
 * again is bound to it: dropped by "drop" before the view (key, provided
 * by drop), and made again (make) after it.
 */
void
autogen_depends_on_redone_views(Cmp *cmp, AgAction *drop, const char *def, const char *key)
{
	ListCell   *lc;

	foreach(lc, autogen_redone_views_cast(cmp, def))
		autogen_drop_waits(cmp, drop, psprintf("dropped-view:%s", (char *) lfirst(lc)), key);
}

void
autogen_require_redone_views(Cmp *cmp, AgAction *make, const char *def)
{
	ListCell   *lc;

	foreach(lc, autogen_redone_views_cast(cmp, def))
		autogen_requires(make, "view:%s", (char *) lfirst(lc));
}

/*
 * Once everything is compared: the drop of each routine or view made again
 * waits for the drops of what calls or casts to it (drop_waits, sorted by
 * the drop once, searched per action), which the tables' keys, the
 * materialized views' indexes and other routines recorded after the
 * routine's or view's own drop was made.
 */
static void
drops_wait_for_callers(Cmp *cmp)
{
	int			n;
	DropWait   *waits;
	ListCell   *lc;

	if (cmp->drop_waits == NIL)
		return;
	waits = autogen_by_name(cmp->drop_waits, sizeof(DropWait), &n);
	foreach(lc, cmp->actions)
	{
		AgAction   *a = lfirst(lc);
		int			first;
		int			count;

		if (a->provides == NULL)
			continue;
		count = SLICE(waits, n, a->provides, &first);
		for (int i = first; i < first + count; i++)
			if (strcmp(waits[i].key, a->provides) != 0)
				autogen_requires(a, "%s", waits[i].key);
	}
}

/* Is routine identity (of "from") dropped and made again? */
bool
autogen_is_redone(Cmp *cmp, const char *identity)
{
	return autogen_name_set_find(cmp->redone_routines, identity) != NULL;
}

void
autogen_mark_redone(Cmp *cmp, const char *identity)
{
	if (cmp->redone_routines == NULL)
		cmp->redone_routines = autogen_name_set("routines made again");
	autogen_name_set_add(cmp->redone_routines, identity, identity);
}

/* An object that calls routines is made after them. */
void
autogen_require_routines(AgAction *a, const char *routines)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(routines))
		autogen_requires(a, "routine:%s", (char *) lfirst(lc));
}

/*
 * The actions that turn "from" into "to". renames are the model's, read
 * from "from" to "to" when reverse is false (the upgrade), the other way
 * round when it is true (the downgrade).
 */
List *
autogen_compare(const AgSchema *from, const AgSchema *to, List *renames,
				bool reverse)
{
	Cmp			cmp;

	memset(&cmp, 0, sizeof(cmp));
	cmp.from = from;
	cmp.to = to;
	cmp.pairs = rename_pairs(renames, reverse, &cmp.label_pairs);
	cmp.reverse = reverse;

	match_tables(&cmp);
	autogen_compare_enums(&cmp);
	autogen_compare_domains_composites(&cmp);
	autogen_find_redone_routines(&cmp);
	autogen_alter_domains(&cmp);
	refuse_left_alone_uses(&cmp);
	autogen_compare_sequences(&cmp);

	/* tables, renamed first, and their columns */
	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];

		if (cmp.to_match[ti] < 0)
		{
			autogen_create_table(&cmp, tt);
			/* its columns have no old names to follow */
			for (int i = 0; i < tt->ncols; i++)
			{
				const char *column = to->columns[tt->firstcol + i].name;
				Pair	   *p = autogen_find_pair(&cmp, tt->name, column);

				if (p)
					autogen_mark_left_alone(&cmp, "column", tt->name, column, p->from_name,
											MARK_NO_OLD);
			}
			continue;
		}
		if (strcmp(from->tables[cmp.to_match[ti]].name, tt->name) != 0)
			autogen_rename_relation(&cmp, 't', psprintf("0%s", tt->name), NULL, NULL,
									from->tables[cmp.to_match[ti]].name, tt->name);
		autogen_compare_columns(&cmp, ti);
		autogen_compare_table_storage(&cmp, ti);
		autogen_comment_change(&cmp, tt->name, psprintf("TABLE %s", qi(tt->name)),
					   from->tables[cmp.to_match[ti]].comment, tt->comment);
	}
	for (int fi = 0; fi < from->ntables; fi++)
	{
		const AgTable *ft = &from->tables[fi];
		int			ff;
		int			fn;

		if (cmp.from_match[fi] >= 0)
			continue;
		autogen_late_drop(&cmp, autogen_action(&cmp.actions, PH_DROP_TABLE, ft->name, true,
											   "DROP TABLE %s", qi(ft->name)),
						  "TABLE", ft->name);
		autogen_drop_defaults_of_gone(&cmp, ft);

		/*
		 * Foreign keys between tables that go: dropped first, for cycles.
		 * A constraint or index that calls a routine made again goes before
		 * the routine's drop, which it would block, as a default does.
		 */
		fn = SLICE(from->constraints, from->nconstraints, ft->name, &ff);
		for (int i = ff; i < ff + fn; i++)
		{
			const AgConstraint *c = &from->constraints[i];

			if ((c->contype == 'f' && c->reftable && strcmp(c->reftable, ft->name) != 0) ||
				autogen_uses_redone(&cmp, c->routines))
				autogen_drop_constraint(&cmp, ft->name, c);
			else if (strchr("pux", c->contype))
				autogen_late_drop(&cmp, NULL, "INDEX", c->name);
		}
		fn = SLICE(from->indexes, from->nindexes, ft->name, &ff);
		for (int i = ff; i < ff + fn; i++)
		{
			if (autogen_uses_redone(&cmp, from->indexes[i].routines))
				autogen_drop_index(&cmp, ft->name, &from->indexes[i]);
			else
				autogen_late_drop(&cmp, NULL, "INDEX", from->indexes[i].name);
		}
	}

	/* views, once the tables' changes are known; routines, triggers */
	autogen_compare_routines(&cmp);
	autogen_compare_views(&cmp);
	autogen_compare_policies(&cmp);

	/* constraints and indexes, once the columns are known */
	autogen_find_ref_forced(&cmp);
	refuse_left_alone_references(&cmp);
	refuse_covered_row_type_uses(&cmp);
	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];

		if (cmp.to_match[ti] >= 0)
			autogen_compare_table_keys(&cmp, ti);
		else
		{
			int			tf;
			int			tn = SLICE(to->constraints, to->nconstraints, tt->name, &tf);

			for (int i = tf; i < tf + tn; i++)
				autogen_add_constraint(&cmp, tt->name, &to->constraints[i], NULL);
			tn = SLICE(to->indexes, to->nindexes, tt->name, &tf);
			for (int i = tf; i < tf + tn; i++)
				autogen_create_index(&cmp, tt->name, &to->indexes[i], NULL);
		}
	}
	autogen_compare_replica_identity(&cmp);
	nothing_shadowed(&cmp);
	autogen_attribute_changes_wait(&cmp);
	autogen_relation_drops_wait(&cmp);
	autogen_row_type_drops_wait(&cmp);
	drops_wait_for_callers(&cmp);
	renames_avoid_collisions(&cmp);
	late_drops_free_names(&cmp);
	autogen_routine_drops_name_moved_types(&cmp);
	return cmp.actions;
}
