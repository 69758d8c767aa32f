/*-------------------------------------------------------------------------
 *
 * src/autogen/compare.c
 *	  The comparison: from two schemas read into memory, the actions that
 *	  turn the first into the second. Pure: no catalog access, no SPI.
 *
 * Objects are matched by name (or through a rename the model asks for);
 * every array is sorted by name, so matching is binary search and the
 * whole comparison costs O(n log n) in the number of objects.
 *
 * The same code writes the upgrade (from the schema to the model) and the
 * downgrade (from the model back to the schema); "reverse" says which, so
 * that renames are read the right way round.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "autogen.h"

#define qi(s) quote_identifier(s)

/* A rename, as it reads from the "from" schema to the "to" schema. */
typedef struct Pair
{
	const char *to_table;		/* the table's name in "to" */
	const char *column;			/* NULL: a table rename */
	const char *from_name;
	const char *to_name;
} Pair;

typedef struct Cmp
{
	const AgSchema *from;
	const AgSchema *to;
	List	   *pairs;
	List	   *actions;
	int		   *to_match;		/* per "to" table: "from" table, or -1 */
	int		   *from_match;		/* per "from" table: "to" table, or -1 */
	bool	   *forced;			/* per "to" table: recreate constraints, indexes */
	bool	   *converted;		/* per "to" table: an enum column is converted */
	List	   *recreated_types;	/* names of enums recreated */
	List	   *ref_forced;		/* "from" tables whose unique keys go */
	List	   *altered;		/* "from" tables whose columns change type or go */
	List	   *redone_routines;	/* identities of routines dropped and made again */
} Cmp;

static int	find_routine(const AgSchema *s, const char *identity);

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
in_list(List *names, const char *name)
{
	ListCell   *lc;

	foreach(lc, names)
	{
		if (strcmp(lfirst(lc), name) == 0)
			return true;
	}
	return false;
}

/* Index of the table named name, or -1. */
static int
find_table(const AgSchema *s, const char *name)
{
	int			lo = 0;
	int			hi = s->ntables - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->tables[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The column of table t named name, or NULL. */
static AgColumn *
find_column(const AgSchema *s, const AgTable *t, const char *name)
{
	int			lo = 0;
	int			hi = t->ncols - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		AgColumn   *c = &s->columns[t->firstcol + mid];
		int			cmp = strcmp(c->name, name);

		if (cmp == 0)
			return c;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/*
 * The slice of an array sorted by (table, name) that belongs to table:
 * sets *first and returns the count. The element types (AgColumn,
 * AgConstraint, AgIndex, AgTrigger, AgPolicy) all start with their table.
 */
#define SLICE(arr, n, table, first) \
	slice_bounds((const void *) (arr), sizeof(*(arr)), (n), (table), (first))

static int
slice_bounds(const void *arr, size_t size, int n, const char *table, int *first)
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

static int
find_enum(const AgSchema *s, const char *name)
{
	for (int lo = 0, hi = s->nenums - 1; lo <= hi;)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->enums[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int
find_sequence(const AgSchema *s, const char *name)
{
	for (int lo = 0, hi = s->nsequences - 1; lo <= hi;)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->sequences[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The rename pair for a table or column of "to", or NULL. */
static Pair *
find_pair(Cmp *cmp, const char *to_table, const char *column)
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

/* The renames, as pairs read from "from" to "to". */
static List *
rename_pairs(List *renames, bool reverse)
{
	List	   *pairs = NIL;
	ListCell   *lc;

	foreach(lc, renames)
	{
		AgRename   *r = lfirst(lc);
		Pair	   *p = palloc0(sizeof(Pair));

		p->column = r->column;
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

					if (t->column == NULL && strcmp(t->table, r->table) == 0)
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

	cmp->to_match = palloc(sizeof(int) * (to->ntables + 1));
	cmp->from_match = palloc(sizeof(int) * (from->ntables + 1));
	cmp->forced = palloc0(sizeof(bool) * (to->ntables + 1));
	cmp->converted = palloc0(sizeof(bool) * (to->ntables + 1));
	for (int i = 0; i < from->ntables; i++)
		cmp->from_match[i] = -1;
	for (int i = 0; i < to->ntables; i++)
	{
		int			f = find_table(from, to->tables[i].name);

		cmp->to_match[i] = f;
		if (f >= 0)
			cmp->from_match[f] = i;
	}
	for (int i = 0; i < to->ntables; i++)
	{
		Pair	   *p;
		int			f;

		if (cmp->to_match[i] >= 0)
			continue;
		p = find_pair(cmp, to->tables[i].name, NULL);
		if (p == NULL)
			continue;
		f = find_table(from, p->from_name);
		if (f >= 0 && cmp->from_match[f] < 0 && find_table(to, p->from_name) < 0)
		{
			cmp->to_match[i] = f;
			cmp->from_match[f] = i;
		}
	}
}

/* Is a change of type from f to t one that loses nothing? */
static bool
is_widening(const AgColumn *f, const AgColumn *t)
{
	Oid			a = f->builtin_type;
	Oid			b = t->builtin_type;

	if (a == InvalidOid || b == InvalidOid)
		return false;
	if (a == b && (a == VARCHAROID || a == BPCHAROID))
		return t->typmod < 0 || (f->typmod >= 0 && t->typmod >= f->typmod);
	if (a == b && a == NUMERICOID)
	{
		if (t->typmod < 0)
			return true;
		if (f->typmod < 0)
			return false;
		/* typmod: ((precision << 16) | scale) + VARHDRSZ */
		return ((t->typmod - VARHDRSZ) & 0xffff) == ((f->typmod - VARHDRSZ) & 0xffff) &&
			((t->typmod - VARHDRSZ) >> 16) >= ((f->typmod - VARHDRSZ) >> 16);
	}
	if (a == INT2OID)
		return b == INT4OID || b == INT8OID || (b == NUMERICOID && t->typmod < 0);
	if (a == INT4OID)
		return b == INT8OID || (b == NUMERICOID && t->typmod < 0);
	if (a == INT8OID)
		return b == NUMERICOID && t->typmod < 0;
	if (a == FLOAT4OID)
		return b == FLOAT8OID;
	if (a == VARCHAROID || a == BPCHAROID)
		return b == TEXTOID;
	if (a == TEXTOID)
		return b == VARCHAROID && t->typmod < 0;
	return false;
}

/* A column's definition, as CREATE TABLE and ADD COLUMN take it. */
static char *
column_def(const AgColumn *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s %s", qi(c->name), c->type);
	if (c->collation)
		appendStringInfo(&buf, " COLLATE %s", c->collation);
	if (c->generated == 's')
		appendStringInfo(&buf, " GENERATED ALWAYS AS (%s) STORED", c->defexpr);
	else if (c->identity)
		appendStringInfo(&buf, " GENERATED %s AS IDENTITY",
						 c->identity == 'a' ? "ALWAYS" : "BY DEFAULT");
	else if (c->defexpr)
		appendStringInfo(&buf, " DEFAULT %s", c->defexpr);
	if (c->notnull)
		appendStringInfoString(&buf, " NOT NULL");
	return buf.data;
}

static const char *
plain_default(const AgColumn *c)
{
	return c && c->generated != 's' ? c->defexpr : NULL;
}

/* Emit a comment change when the comments differ. */
static void
comment_change(Cmp *cmp, const char *key, const char *what, const char *from,
			   const char *to)
{
	if (!str_eq(from, to))
		autogen_action(&cmp->actions, PH_COMMENT, key, false,
					   "COMMENT ON %s IS %s", what, autogen_literal(to));
}

/* A temporary name for an enum being recreated, within NAMEDATALEN. */
static char *
old_enum_name(const char *name)
{
	int			len = pg_mbcliplen(name, strlen(name), NAMEDATALEN - 1 - 14);

	return psprintf("%.*s_schemamig_old", len, name);
}

/* Does any default or definition in "to" use label of enum e? */
static bool
label_used(const AgSchema *to, const char *e, const char *label)
{
	char	   *lit = psprintf("%s::%s", quote_literal_cstr(label), qi(e));

	for (int i = 0; i < to->ncolumns; i++)
		if (to->columns[i].defexpr && strstr(to->columns[i].defexpr, lit))
			return true;
	for (int i = 0; i < to->nconstraints; i++)
		if (strstr(to->constraints[i].def, lit))
			return true;
	for (int i = 0; i < to->nindexes; i++)
		if (strstr(to->indexes[i].def, lit))
			return true;
	return false;
}

static bool
has_label(const AgEnum *e, const char *label)
{
	for (int i = 0; i < e->nlabels; i++)
		if (strcmp(e->labels[i], label) == 0)
			return true;
	return false;
}

/* Enum types: create, add values, recreate, drop. */
static void
compare_enums(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int i = 0; i < to->nenums; i++)
	{
		const AgEnum *t = &to->enums[i];
		int			f = find_enum(from, t->name);
		const AgEnum *fe = f >= 0 ? &from->enums[f] : NULL;
		bool		subsequence = true;
		bool		same;
		int			k = 0;
		StringInfoData labels;

		initStringInfo(&labels);
		for (int j = 0; j < t->nlabels; j++)
			appendStringInfo(&labels, "%s%s", j > 0 ? ", " : "",
							 quote_literal_cstr(t->labels[j]));

		if (fe == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
										   "CREATE TYPE %s AS ENUM (%s)", qi(t->name), labels.data);

			autogen_provides(a, "type:%s", t->name);
			comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}

		/* are the old labels, in order, among the new ones, none used yet? */
		for (int j = 0; j < t->nlabels && k < fe->nlabels; j++)
		{
			if (strcmp(t->labels[j], fe->labels[k]) == 0)
				k++;
		}
		subsequence = (k == fe->nlabels);
		same = subsequence && fe->nlabels == t->nlabels;
		if (subsequence && !same)
		{
			for (int j = 0; j < t->nlabels; j++)
			{
				if (!has_label(fe, t->labels[j]) && label_used(to, t->name, t->labels[j]))
					subsequence = false;
			}
		}

		if (same)
			;
		else if (subsequence)
		{
			for (int j = 0; j < t->nlabels; j++)
			{
				const char *lab = t->labels[j];

				if (has_label(fe, lab))
					continue;
				if (j == t->nlabels - 1)
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER TYPE %s ADD VALUE %s", qi(t->name),
								   quote_literal_cstr(lab));
				else if (j > 0)
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER TYPE %s ADD VALUE %s AFTER %s", qi(t->name),
								   quote_literal_cstr(lab), quote_literal_cstr(t->labels[j - 1]));
				else
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER TYPE %s ADD VALUE %s BEFORE %s", qi(t->name),
								   quote_literal_cstr(lab), quote_literal_cstr(fe->labels[0]));
			}
		}
		else
		{
			/* removed, reordered or used at once: a new type, columns converted */
			char	   *old = old_enum_name(t->name);
			bool		lossy = false;
			AgAction   *a;

			for (int j = 0; j < fe->nlabels; j++)
				if (!has_label(t, fe->labels[j]))
					lossy = true;
			autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
						   "ALTER TYPE %s RENAME TO %s", qi(t->name), qi(old));
			a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
							   "CREATE TYPE %s AS ENUM (%s)", qi(t->name), labels.data);
			autogen_provides(a, "type:%s", t->name);
			autogen_action(&cmp->actions, PH_DROP_TYPE, t->name, false,
						   "DROP TYPE %s", qi(old));
			cmp->recreated_types = lappend(cmp->recreated_types, t->name);
			/* the conversions come with the columns; lossy ones are marked */
			if (lossy)
				cmp->recreated_types = lappend(cmp->recreated_types,
											   psprintf("lossy:%s", t->name));
			comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}
		comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), fe->comment, t->comment);
	}
	for (int i = 0; i < from->nenums; i++)
	{
		if (find_enum(to, from->enums[i].name) < 0)
			autogen_action(&cmp->actions, PH_DROP_TYPE, from->enums[i].name, true,
						   "DROP TYPE %s", qi(from->enums[i].name));
	}
}

/* Does a column of the table (both schemas have it) change type? */
static bool
type_changes_in(Cmp *cmp, const AgTable *ft, const AgTable *tt)
{
	for (int i = 0; i < tt->ncols; i++)
	{
		const AgColumn *tc = &cmp->to->columns[tt->firstcol + i];
		const AgColumn *fc = find_column(cmp->from, ft, tc->name);

		if (fc == NULL)
		{
			Pair	   *p = find_pair(cmp, tt->name, tc->name);

			if (p)
				fc = find_column(cmp->from, ft, p->from_name);
		}
		if (fc && tc->generated != 's' &&
			(strcmp(fc->type, tc->type) != 0 ||
			 (tc->schematype && in_list(cmp->recreated_types, tc->schematype))))
			return true;
	}
	return false;
}

static int
find_domain(const AgSchema *s, const char *name)
{
	for (int lo = 0, hi = s->ndomains - 1; lo <= hi;)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->domains[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int
find_composite(const AgSchema *s, const char *name)
{
	for (int lo = 0, hi = s->ncomposites - 1; lo <= hi;)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->composites[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Is name (as printed) a type of "to" made in this migration? */
static void
require_type(Cmp *cmp, AgAction *a, const char *type)
{
	if (find_enum(cmp->to, type) >= 0 || find_domain(cmp->to, type) >= 0 ||
		find_composite(cmp->to, type) >= 0)
		autogen_requires(a, "type:%s", type);
}

/*
 * Make a type again: rename the old one aside, create the new one, convert
 * the columns that use it (compare_columns, through recreated_types), drop
 * the old one.
 */
static void
recreate_type(Cmp *cmp, const char *name, const char *keyword, char *create,
			  bool lossy, const char *requires)
{
	char	   *old = old_enum_name(name);
	AgAction   *a;

	autogen_action(&cmp->actions, PH_TYPE_PREPARE, name, false,
				   "ALTER %s %s RENAME TO %s", keyword, qi(name), qi(old));
	a = autogen_action(&cmp->actions, PH_CREATE_TYPE, name, false, "%s", create);
	autogen_provides(a, "type:%s", name);
	if (requires)
		require_type(cmp, a, requires);
	autogen_action(&cmp->actions, PH_DROP_TYPE, name, false, "DROP %s %s", keyword, qi(old));
	cmp->recreated_types = lappend(cmp->recreated_types, (char *) name);
	if (lossy)
		cmp->recreated_types = lappend(cmp->recreated_types, psprintf("lossy:%s", name));
}

static char *
domain_create(const AgDomain *d)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE DOMAIN %s AS %s", qi(d->name), d->base);
	if (d->collation)
		appendStringInfo(&buf, " COLLATE %s", d->collation);
	if (d->defexpr)
		appendStringInfo(&buf, " DEFAULT %s", d->defexpr);
	if (d->notnull)
		appendStringInfoString(&buf, " NOT NULL");
	for (int i = 0; i < d->nchecks; i++)
		appendStringInfo(&buf, " CONSTRAINT %s %s", qi(d->check_names[i]), d->check_defs[i]);
	return buf.data;
}

static char *
composite_create(const AgComposite *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE TYPE %s AS (", qi(c->name));
	for (int i = 0; i < c->nattrs; i++)
		appendStringInfo(&buf, "%s%s %s", i > 0 ? ", " : "", qi(c->attr_names[i]),
						 c->attr_types[i]);
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/*
 * Domains: ALTER DOMAIN for the default, NOT NULL and check constraints;
 * made again when the base type or collation changes. Composite types:
 * attributes added or dropped with ALTER TYPE when the others keep their
 * order and type; made again otherwise.
 */
static void
compare_domains_composites(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int j = 0; j < to->ndomains; j++)
	{
		const AgDomain *t = &to->domains[j];
		int			f = find_domain(from, t->name);
		const AgDomain *fd = f >= 0 ? &from->domains[f] : NULL;
		const char *name = qi(t->name);

		if (fd == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
										   "%s", domain_create(t));

			autogen_provides(a, "type:%s", t->name);
			require_type(cmp, a, t->base);
			comment_change(cmp, t->name, psprintf("DOMAIN %s", name), NULL, t->comment);
			continue;
		}
		if (strcmp(fd->base, t->base) != 0 || !str_eq(fd->collation, t->collation))
		{
			recreate_type(cmp, t->name, "DOMAIN", domain_create(t), true, t->base);
			comment_change(cmp, t->name, psprintf("DOMAIN %s", name), NULL, t->comment);
			continue;
		}
		if (!str_eq(fd->defexpr, t->defexpr))
		{
			if (t->defexpr)
				autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
							   "ALTER DOMAIN %s SET DEFAULT %s", name, t->defexpr);
			else
				autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
							   "ALTER DOMAIN %s DROP DEFAULT", name);
		}
		if (fd->notnull != t->notnull)
			autogen_action(&cmp->actions, t->notnull ? PH_ADD_CONSTRAINT : PH_TYPE_PREPARE,
						   t->name, false, "ALTER DOMAIN %s %s NOT NULL", name,
						   t->notnull ? "SET" : "DROP");
		for (int i = 0; i < fd->nchecks; i++)
		{
			bool		same = false;

			for (int k = 0; k < t->nchecks; k++)
				if (strcmp(fd->check_names[i], t->check_names[k]) == 0 &&
					strcmp(fd->check_defs[i], t->check_defs[k]) == 0)
					same = true;
			if (!same)
				autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
							   "ALTER DOMAIN %s DROP CONSTRAINT %s", name, qi(fd->check_names[i]));
		}
		for (int k = 0; k < t->nchecks; k++)
		{
			bool		same = false;

			for (int i = 0; i < fd->nchecks; i++)
				if (strcmp(fd->check_names[i], t->check_names[k]) == 0 &&
					strcmp(fd->check_defs[i], t->check_defs[k]) == 0)
					same = true;
			if (!same)
				autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, t->name, false,
							   "ALTER DOMAIN %s ADD CONSTRAINT %s %s", name,
							   qi(t->check_names[k]), t->check_defs[k]);
		}
		comment_change(cmp, t->name, psprintf("DOMAIN %s", name), fd->comment, t->comment);
	}
	for (int i = 0; i < from->ndomains; i++)
		if (find_domain(to, from->domains[i].name) < 0)
			autogen_action(&cmp->actions, PH_DROP_TYPE, from->domains[i].name, true,
						   "DROP DOMAIN %s", qi(from->domains[i].name));

	for (int j = 0; j < to->ncomposites; j++)
	{
		const AgComposite *t = &to->composites[j];
		int			f = find_composite(from, t->name);
		const AgComposite *fc = f >= 0 ? &from->composites[f] : NULL;
		bool		alterable = true;
		int			k = 0;

		if (fc == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
										   "%s", composite_create(t));

			autogen_provides(a, "type:%s", t->name);
			for (int i = 0; i < t->nattrs; i++)
				require_type(cmp, a, t->attr_types[i]);
			comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}
		/* the kept attributes in the same order with the same types */
		for (int i = 0; i < fc->nattrs; i++)
		{
			int			m = -1;

			for (int q = 0; q < t->nattrs; q++)
				if (strcmp(t->attr_names[q], fc->attr_names[i]) == 0)
					m = q;
			if (m < 0)
				continue;
			if (m < k || strcmp(t->attr_types[m], fc->attr_types[i]) != 0)
				alterable = false;
			k = m + 1;
		}
		/* and what is added comes after them (ADD ATTRIBUTE appends) */
		for (int q = 0; q < k && alterable; q++)
		{
			bool		had = false;

			for (int i = 0; i < fc->nattrs; i++)
				if (strcmp(t->attr_names[q], fc->attr_names[i]) == 0)
					had = true;
			if (!had)
				alterable = false;
		}
		if (!alterable)
		{
			recreate_type(cmp, t->name, "TYPE", composite_create(t), true, NULL);
			comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}
		for (int i = 0; i < fc->nattrs; i++)
		{
			bool		kept = false;

			for (int q = 0; q < t->nattrs; q++)
				if (strcmp(t->attr_names[q], fc->attr_names[i]) == 0)
					kept = true;
			if (!kept)
				autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, true,
							   "ALTER TYPE %s DROP ATTRIBUTE %s", qi(t->name),
							   qi(fc->attr_names[i]));
		}
		for (int q = 0; q < t->nattrs; q++)
		{
			bool		had = false;

			for (int i = 0; i < fc->nattrs; i++)
				if (strcmp(t->attr_names[q], fc->attr_names[i]) == 0)
					had = true;
			if (!had)
				autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
							   "ALTER TYPE %s ADD ATTRIBUTE %s %s", qi(t->name),
							   qi(t->attr_names[q]), t->attr_types[q]);
		}
		comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), fc->comment, t->comment);
	}
	for (int i = 0; i < from->ncomposites; i++)
		if (find_composite(to, from->composites[i].name) < 0)
			autogen_action(&cmp->actions, PH_DROP_TYPE, from->composites[i].name, true,
						   "DROP TYPE %s", qi(from->composites[i].name));
}

/* Columns of a table that both schemas have. */
static void
compare_columns(Cmp *cmp, int ti)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	const AgTable *tt = &to->tables[ti];
	const AgTable *ft = &from->tables[cmp->to_match[ti]];
	bool	   *used = palloc0(sizeof(bool) * (ft->ncols + 1));
	const char *tname = qi(tt->name);

	for (int i = 0; i < tt->ncols; i++)
	{
		const AgColumn *tc = &to->columns[tt->firstcol + i];
		const AgColumn *fc = find_column(from, ft, tc->name);
		char	   *key = psprintf("%s.%s", tt->name, tc->name);
		const char *cname = qi(tc->name);
		bool		type_changed;
		bool		enum_converted;
		bool		recreate_column = false;

		if (fc == NULL)
		{
			Pair	   *p = find_pair(cmp, tt->name, tc->name);

			if (p && (fc = find_column(from, ft, p->from_name)) != NULL &&
				find_column(to, tt, p->from_name) == NULL)
				autogen_action(&cmp->actions, PH_RENAME, psprintf("1%s", key), false,
							   "ALTER TABLE %s RENAME COLUMN %s TO %s", tname,
							   qi(fc->name), cname);
			else
				fc = NULL;
		}
		if (fc == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
										   "ALTER TABLE %s ADD COLUMN %s", tname, column_def(tc));

			if (tc->schematype)
				autogen_requires(a, "type:%s", tc->schematype);
			comment_change(cmp, key, psprintf("COLUMN %s", autogen_qcol(tt->name, tc->name)),
						   NULL, tc->comment);
			continue;
		}
		used[fc - &from->columns[ft->firstcol]] = true;

		/*
		 * A generated column whose expression changes is made again, and so
		 * is one in a table where a column changes type (it may use it): it
		 * goes before the types change and comes back after.
		 */
		if (tc->generated == 's' &&
			(fc->generated != 's' || !str_eq(fc->defexpr, tc->defexpr) ||
			 type_changes_in(cmp, ft, tt)))
			recreate_column = true;
		if (recreate_column)
		{
			autogen_action(&cmp->actions, PH_ALTER_COLUMN_PREPARE, key, fc->generated != 's',
						   "ALTER TABLE %s DROP COLUMN %s", tname, cname);
			autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH, key, false,
						   "ALTER TABLE %s ADD COLUMN %s", tname, column_def(tc));
			cmp->forced[ti] = true;
			cmp->altered = lappend(cmp->altered, ft->name);
			comment_change(cmp, key, psprintf("COLUMN %s", autogen_qcol(tt->name, tc->name)),
						   NULL, tc->comment);
			continue;
		}

		type_changed = strcmp(fc->type, tc->type) != 0;
		enum_converted = !type_changed && tc->schematype &&
			in_list(cmp->recreated_types, tc->schematype);
		if (enum_converted)
			cmp->converted[ti] = true;
		if (type_changed || enum_converted || !str_eq(fc->collation, tc->collation))
			cmp->altered = lappend(cmp->altered, ft->name);

		/* early, so that a serial's sequence can take its sequence's name */
		if (fc->identity && fc->identity != tc->identity && !tc->identity)
			autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
						   psprintf("%s.%s", ft->name, fc->name), false,
						   "ALTER TABLE %s ALTER COLUMN %s DROP IDENTITY",
						   qi(ft->name), qi(fc->name));
		if (fc->generated == 's' && tc->generated != 's')
			autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
						   "ALTER TABLE %s ALTER COLUMN %s DROP EXPRESSION", tname, cname);

		if (type_changed || enum_converted)
		{
			/* a default may not convert: drop it around the change */
			if (plain_default(fc))
				autogen_action(&cmp->actions, PH_ALTER_COLUMN_PREPARE, key, false,
							   "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", tname, cname);
			autogen_action(&cmp->actions, PH_ALTER_COLUMN, key,
						   enum_converted ?
						   in_list(cmp->recreated_types, psprintf("lossy:%s", tc->schematype)) :
						   !is_widening(fc, tc),
						   "ALTER TABLE %s ALTER COLUMN %s TYPE %s%s%s USING %s::%s%s",
						   tname, cname, tc->type,
						   tc->collation ? " COLLATE " : "", tc->collation ? tc->collation : "",
						   cname, enum_converted ? "text::" : "", tc->type);
			if (plain_default(tc))
				autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH, key, false,
							   "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
							   tname, cname, tc->defexpr);
		}
		else
		{
			if (!str_eq(fc->collation, tc->collation))
				autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "ALTER TABLE %s ALTER COLUMN %s TYPE %s COLLATE %s",
							   tname, cname, tc->type,
							   tc->collation ? tc->collation : "pg_catalog.\"default\"");
			if (!str_eq(plain_default(fc), plain_default(tc)))
			{
				if (plain_default(tc))
					autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
								   tname, cname, tc->defexpr);
				else
					autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", tname, cname);
			}
		}
		if (fc->notnull != tc->notnull)
			autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
						   "ALTER TABLE %s ALTER COLUMN %s %s NOT NULL", tname, cname,
						   tc->notnull ? "SET" : "DROP");
		if (tc->identity && fc->identity != tc->identity)
		{
			const char *kind = tc->identity == 'a' ? "ALWAYS" : "BY DEFAULT";

			if (fc->identity)
				autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "ALTER TABLE %s ALTER COLUMN %s SET GENERATED %s",
							   tname, cname, kind);
			else
			{
				AgAction   *a;

				/* after a serial's sequence goes, so that it takes its name */
				a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY",
								   tname, cname, kind);
				autogen_requires(a, "dropped-sequence-of:%s.%s", ft->name, fc->name);
				/* go on after the values the column already holds */
				a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%s, %s),"
							   " pg_catalog.max(%s)) FROM %s HAVING pg_catalog.max(%s) IS NOT NULL",
							   quote_literal_cstr(tname), quote_literal_cstr(tc->name),
							   cname, tname, cname);
				autogen_requires(a, "dropped-sequence-of:%s.%s", ft->name, fc->name);
			}
		}
		comment_change(cmp, key, psprintf("COLUMN %s", autogen_qcol(tt->name, tc->name)),
					   fc->comment, tc->comment);
	}

	for (int i = 0; i < ft->ncols; i++)
	{
		const AgColumn *fc = &from->columns[ft->firstcol + i];

		if (!used[i])
		{
			autogen_action(&cmp->actions, PH_DROP_COLUMN, psprintf("%s.%s", tt->name, fc->name),
						   true, "ALTER TABLE %s DROP COLUMN %s", tname, qi(fc->name));
			cmp->altered = lappend(cmp->altered, ft->name);
		}
	}
}

static int
cmp_attnum(const void *a, const void *b)
{
	int			x = (*(AgColumn *const *) a)->attnum;
	int			y = (*(AgColumn *const *) b)->attnum;

	return (x > y) - (x < y);
}

/* A table of "to" that "from" lacks: CREATE TABLE with its columns. */
static void
create_table(Cmp *cmp, const AgTable *t)
{
	const AgSchema *to = cmp->to;
	AgColumn  **cols = palloc(sizeof(AgColumn *) * (t->ncols + 1));
	StringInfoData buf;
	AgAction   *a;

	for (int i = 0; i < t->ncols; i++)
		cols[i] = &to->columns[t->firstcol + i];
	if (t->ncols > 1)
		qsort(cols, t->ncols, sizeof(AgColumn *), cmp_attnum);

	initStringInfo(&buf);
	for (int i = 0; i < t->ncols; i++)
		appendStringInfo(&buf, "%s\n    %s", i > 0 ? "," : "", column_def(cols[i]));
	a = autogen_action(&cmp->actions, PH_CREATE_TABLE, t->name, false,
					   "CREATE TABLE %s (%s%s)", qi(t->name), buf.data,
					   t->ncols > 0 ? "\n" : "");
	autogen_provides(a, "table:%s", t->name);
	for (int i = 0; i < t->ncols; i++)
	{
		if (cols[i]->schematype)
			autogen_requires(a, "type:%s", cols[i]->schematype);
		comment_change(cmp, psprintf("%s.%s", t->name, cols[i]->name),
					   psprintf("COLUMN %s", autogen_qcol(t->name, cols[i]->name)),
					   NULL, cols[i]->comment);
	}
	comment_change(cmp, t->name, psprintf("TABLE %s", qi(t->name)), NULL, t->comment);
}

/* Does a definition name one of the enums being recreated? */
static bool
names_recreated_enum(Cmp *cmp, const char *def)
{
	ListCell   *lc;

	foreach(lc, cmp->recreated_types)
	{
		if (strstr(def, psprintf("::%s", qi(lfirst(lc)))))
			return true;
	}
	return false;
}

/* Must a constraint or index of "to" table ti be made again? */
static bool
must_recreate(Cmp *cmp, int ti, const char *def)
{
	return cmp->forced[ti] || (cmp->converted[ti] && names_recreated_enum(cmp, def));
}

static void
drop_constraint(Cmp *cmp, const char *table, const AgConstraint *c)
{
	autogen_action(&cmp->actions, c->contype == 'f' ? PH_DROP_FKEY : PH_DROP_CONSTRAINT,
				   psprintf("%s.%s", table, c->name), false,
				   "ALTER TABLE %s DROP CONSTRAINT %s", qi(table), qi(c->name));
}

static void
add_constraint(Cmp *cmp, const char *table, const AgConstraint *c, const char *oldcomment)
{
	char	   *key = psprintf("%s.%s", table, c->name);
	AgAction   *a = autogen_action(&cmp->actions,
								   c->contype == 'f' ? PH_ADD_FKEY : PH_ADD_CONSTRAINT,
								   key, false, "ALTER TABLE %s ADD CONSTRAINT %s %s",
								   qi(table), qi(c->name), c->def);

	if (c->reftable)
		autogen_requires(a, "table:%s", c->reftable);
	comment_change(cmp, key, psprintf("CONSTRAINT %s ON %s", qi(c->name), qi(table)),
				   oldcomment, c->comment);
}

static bool
index_same(const AgIndex *a, const AgIndex *b)
{
	return a->unique == b->unique && strcmp(a->body, b->body) == 0;
}

static void
create_index(Cmp *cmp, const char *table, const AgIndex *x, const char *oldcomment)
{
	char	   *key = psprintf("%s.%s", table, x->name);

	autogen_action(&cmp->actions, PH_CREATE_INDEX, key, false,
				   "CREATE %sINDEX %s ON %s %s", x->unique ? "UNIQUE " : "",
				   qi(x->name), qi(table), x->body);
	comment_change(cmp, key, psprintf("INDEX %s", qi(x->name)), oldcomment, x->comment);
}

/*
 * "from" tables whose primary key, unique constraint or unique index goes
 * or is made again: foreign keys that point at them must be dropped first
 * and made again after.
 */
static void
find_ref_forced(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];
		const AgTable *ft;
		int			ff;
		int			fn;
		bool		goes = false;

		if (cmp->to_match[ti] < 0)
			continue;
		ft = &from->tables[cmp->to_match[ti]];
		fn = SLICE(from->constraints, from->nconstraints, ft->name, &ff);
		for (int i = ff; i < ff + fn && !goes; i++)
		{
			const AgConstraint *fc = &from->constraints[i];
			int			tf;
			int			tn = SLICE(to->constraints, to->nconstraints, tt->name, &tf);
			bool		kept = false;

			if (fc->contype != 'p' && fc->contype != 'u')
				continue;
			for (int j = tf; j < tf + tn; j++)
				if (strcmp(to->constraints[j].def, fc->def) == 0 &&
					!must_recreate(cmp, ti, fc->def))
					kept = true;
			goes = !kept;
		}
		fn = SLICE(from->indexes, from->nindexes, ft->name, &ff);
		for (int i = ff; i < ff + fn && !goes; i++)
		{
			const AgIndex *fx = &from->indexes[i];
			int			tf;
			int			tn = SLICE(to->indexes, to->nindexes, tt->name, &tf);
			bool		kept = false;

			if (!fx->unique)
				continue;
			for (int j = tf; j < tf + tn; j++)
				if (index_same(&to->indexes[j], fx) && !must_recreate(cmp, ti, fx->def))
					kept = true;
			goes = !kept;
		}
		if (goes)
			cmp->ref_forced = lappend(cmp->ref_forced, ft->name);
	}
}

/* Constraints and indexes of a table both schemas have. */
static void
compare_table_keys(Cmp *cmp, int ti)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	const AgTable *tt = &to->tables[ti];
	const AgTable *ft = &from->tables[cmp->to_match[ti]];
	int			ff,
				tf;
	int			fn = SLICE(from->constraints, from->nconstraints, ft->name, &ff);
	int			tn = SLICE(to->constraints, to->nconstraints, tt->name, &tf);
	bool	   *fused = palloc0(sizeof(bool) * (fn + 1));
	bool	   *tused = palloc0(sizeof(bool) * (tn + 1));

	/* same name */
	for (int j = 0; j < tn; j++)
	{
		const AgConstraint *tc = &to->constraints[tf + j];

		for (int i = 0; i < fn; i++)
		{
			const AgConstraint *fc = &from->constraints[ff + i];

			if (fused[i] || strcmp(fc->name, tc->name) != 0)
				continue;
			fused[i] = tused[j] = true;
			if (strcmp(fc->def, tc->def) != 0 || must_recreate(cmp, ti, tc->def) ||
				(fc->contype == 'f' && fc->reftable && in_list(cmp->ref_forced, fc->reftable)))
			{
				drop_constraint(cmp, ft->name, fc);
				add_constraint(cmp, tt->name, tc, NULL);
			}
			else
				comment_change(cmp, psprintf("%s.%s", tt->name, tc->name),
							   psprintf("CONSTRAINT %s ON %s", qi(tc->name), qi(tt->name)),
							   fc->comment, tc->comment);
			break;
		}
	}
	/* renamed: same definition, other name */
	for (int j = 0; j < tn; j++)
	{
		const AgConstraint *tc = &to->constraints[tf + j];

		if (tused[j] || must_recreate(cmp, ti, tc->def))
			continue;
		for (int i = 0; i < fn; i++)
		{
			const AgConstraint *fc = &from->constraints[ff + i];

			if (fused[i] || fc->contype != tc->contype || strcmp(fc->def, tc->def) != 0 ||
				(fc->contype == 'f' && fc->reftable && in_list(cmp->ref_forced, fc->reftable)))
				continue;
			fused[i] = tused[j] = true;
			autogen_action(&cmp->actions, PH_RENAME, psprintf("2%s.%s", tt->name, tc->name),
						   false, "ALTER TABLE %s RENAME CONSTRAINT %s TO %s",
						   qi(tt->name), qi(fc->name), qi(tc->name));
			comment_change(cmp, psprintf("%s.%s", tt->name, tc->name),
						   psprintf("CONSTRAINT %s ON %s", qi(tc->name), qi(tt->name)),
						   fc->comment, tc->comment);
			break;
		}
	}
	for (int i = 0; i < fn; i++)
		if (!fused[i])
			drop_constraint(cmp, ft->name, &from->constraints[ff + i]);
	for (int j = 0; j < tn; j++)
		if (!tused[j])
			add_constraint(cmp, tt->name, &to->constraints[tf + j], NULL);

	/* indexes, the same way */
	fn = SLICE(from->indexes, from->nindexes, ft->name, &ff);
	tn = SLICE(to->indexes, to->nindexes, tt->name, &tf);
	fused = palloc0(sizeof(bool) * (fn + 1));
	tused = palloc0(sizeof(bool) * (tn + 1));
	for (int j = 0; j < tn; j++)
	{
		const AgIndex *tx = &to->indexes[tf + j];

		for (int i = 0; i < fn; i++)
		{
			const AgIndex *fx = &from->indexes[ff + i];

			if (fused[i] || strcmp(fx->name, tx->name) != 0)
				continue;
			fused[i] = tused[j] = true;
			if (!index_same(fx, tx) || must_recreate(cmp, ti, tx->def))
			{
				autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
							   psprintf("%s.%s", ft->name, fx->name), false,
							   "DROP INDEX %s", qi(fx->name));
				create_index(cmp, tt->name, tx, NULL);
			}
			else
				comment_change(cmp, psprintf("%s.%s", tt->name, tx->name),
							   psprintf("INDEX %s", qi(tx->name)), fx->comment, tx->comment);
			break;
		}
	}
	for (int j = 0; j < tn; j++)
	{
		const AgIndex *tx = &to->indexes[tf + j];

		if (tused[j] || must_recreate(cmp, ti, tx->def))
			continue;
		for (int i = 0; i < fn; i++)
		{
			const AgIndex *fx = &from->indexes[ff + i];

			if (fused[i] || !index_same(fx, tx))
				continue;
			fused[i] = tused[j] = true;
			autogen_action(&cmp->actions, PH_RENAME, psprintf("3%s.%s", tt->name, tx->name),
						   false, "ALTER INDEX %s RENAME TO %s", qi(fx->name), qi(tx->name));
			comment_change(cmp, psprintf("%s.%s", tt->name, tx->name),
						   psprintf("INDEX %s", qi(tx->name)), fx->comment, tx->comment);
			break;
		}
	}
	for (int i = 0; i < fn; i++)
		if (!fused[i])
			autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
						   psprintf("%s.%s", ft->name, from->indexes[ff + i].name), false,
						   "DROP INDEX %s", qi(from->indexes[ff + i].name));
	for (int j = 0; j < tn; j++)
		if (!tused[j])
			create_index(cmp, tt->name, &to->indexes[tf + j], NULL);
}

static int
find_view(const AgSchema *s, const char *name)
{
	for (int lo = 0, hi = s->nviews - 1; lo <= hi;)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->views[mid].name, name);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* A view's query as CREATE VIEW takes it: pg_get_viewdef() less its ";". */
static char *
view_query(const char *def)
{
	int			len = strlen(def);

	while (*def == ' ' || *def == '\n')
		def++, len--;
	while (len > 0 && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
		len--;
	return pnstrdup(def, len);
}

/* Indexes of a materialized view, as CREATE INDEX; all or those not in "from". */
static void
view_indexes(Cmp *cmp, const char *view, bool all)
{
	int			tf;
	int			tn = SLICE(cmp->to->indexes, cmp->to->nindexes, view, &tf);
	int			ff;
	int			fn = SLICE(cmp->from->indexes, cmp->from->nindexes, view, &ff);

	for (int j = tf; j < tf + tn; j++)
	{
		const AgIndex *tx = &cmp->to->indexes[j];
		const AgIndex *fx = NULL;

		for (int i = ff; i < ff + fn && !all; i++)
			if (strcmp(cmp->from->indexes[i].name, tx->name) == 0)
				fx = &cmp->from->indexes[i];
		if (fx && index_same(fx, tx))
		{
			comment_change(cmp, psprintf("%s.%s", view, tx->name),
						   psprintf("INDEX %s", qi(tx->name)), fx->comment, tx->comment);
			continue;
		}
		if (fx)
			autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
						   psprintf("%s.%s", view, fx->name), false, "DROP INDEX %s", qi(fx->name));
		autogen_action(&cmp->actions, PH_CREATE_VIEW_INDEX, psprintf("%s.%s", view, tx->name),
					   false, "CREATE %sINDEX %s ON %s %s", tx->unique ? "UNIQUE " : "",
					   qi(tx->name), qi(view), tx->body);
		comment_change(cmp, psprintf("%s.%s", view, tx->name),
					   psprintf("INDEX %s", qi(tx->name)), NULL, tx->comment);
	}
	for (int i = ff; i < ff + fn && !all; i++)
	{
		bool		kept = false;

		for (int j = tf; j < tf + tn; j++)
			if (strcmp(cmp->from->indexes[i].name, cmp->to->indexes[j].name) == 0)
				kept = true;
		if (!kept)
			autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
						   psprintf("%s.%s", view, cmp->from->indexes[i].name), false,
						   "DROP INDEX %s", qi(cmp->from->indexes[i].name));
	}
}

/*
 * Views and materialized views. One that changes, or that reads a table
 * whose columns change type or go, or a view that is made again, is
 * dropped before the tables change (dependents first) and made again after
 * (what it reads first).
 */
static void
compare_views(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	bool	   *redo = palloc0(sizeof(bool) * (from->nviews + 1));
	AgAction  **drops = palloc0(sizeof(AgAction *) * (from->nviews + 1));
	bool		changed = true;

	for (int i = 0; i < from->nviews; i++)
	{
		const AgView *fv = &from->views[i];
		int			t = find_view(to, fv->name);
		ListCell   *lc;

		if (t < 0 || fv->materialized != to->views[t].materialized ||
			strcmp(fv->def, to->views[t].def) != 0 ||
			!str_eq(fv->options, to->views[t].options))
			redo[i] = true;
		foreach(lc, fv->uses_routines)
		{
			if (in_list(cmp->redone_routines, lfirst(lc)) || find_routine(to, lfirst(lc)) < 0)
				redo[i] = true;
		}
		foreach(lc, fv->uses_tables)
		{
			int			ft = find_table(from, lfirst(lc));

			/* a table that changes under it, or goes (sequences do not count) */
			if (ft >= 0 && (in_list(cmp->altered, lfirst(lc)) || cmp->from_match[ft] < 0))
				redo[i] = true;
		}
	}
	/* and every view that reads one made again, transitively */
	while (changed)
	{
		changed = false;
		for (int i = 0; i < from->nviews; i++)
		{
			ListCell   *lc;

			if (redo[i])
				continue;
			foreach(lc, from->views[i].uses_views)
			{
				int			k = find_view(from, lfirst(lc));

				if (k >= 0 && redo[k])
				{
					redo[i] = changed = true;
					break;
				}
			}
		}
	}

	for (int i = 0; i < from->nviews; i++)
	{
		const AgView *fv = &from->views[i];

		if (!redo[i])
			continue;
		drops[i] = autogen_action(&cmp->actions, PH_DROP_VIEW, fv->name, false,
								  "DROP %sVIEW %s", fv->materialized ? "MATERIALIZED " : "",
								  qi(fv->name));
		autogen_provides(drops[i], "dropped-view:%s", fv->name);
		{
			ListCell   *rc;

			/* a routine dropped in this migration goes after the views calling it */
			foreach(rc, fv->uses_routines)
			{
				ListCell   *ac;

				foreach(ac, cmp->actions)
				{
					AgAction   *ra = lfirst(ac);

					if (ra->provides && strncmp(ra->provides, "dropped-routine:", 16) == 0 &&
						strcmp(ra->provides + 16, lfirst(rc)) == 0)
						autogen_requires(ra, "dropped-view:%s", fv->name);
				}
			}
		}
	}
	/* a view is dropped after the views that read it */
	for (int i = 0; i < from->nviews; i++)
	{
		ListCell   *lc;

		if (!redo[i])
			continue;
		foreach(lc, from->views[i].uses_views)
		{
			int			k = find_view(from, lfirst(lc));

			if (k >= 0 && drops[k])
				autogen_requires(drops[k], "dropped-view:%s", from->views[i].name);
		}
	}

	for (int j = 0; j < to->nviews; j++)
	{
		const AgView *tv = &to->views[j];
		int			f = find_view(from, tv->name);
		bool		create = f < 0 || redo[f];
		const char *what = tv->materialized ? "MATERIALIZED VIEW" : "VIEW";
		ListCell   *lc;
		AgAction   *a;

		if (!create)
		{
			comment_change(cmp, tv->name, psprintf("%s %s", what, qi(tv->name)),
						   from->views[f].comment, tv->comment);
			if (tv->materialized)
				view_indexes(cmp, tv->name, false);
			continue;
		}
		a = autogen_action(&cmp->actions, PH_CREATE_VIEW, tv->name, false,
						   "CREATE %s %s%s%s%s AS\n%s%s", what, qi(tv->name),
						   tv->options ? " WITH (" : "", tv->options ? tv->options : "",
						   tv->options ? ")" : "", view_query(tv->def),
						   tv->materialized && !tv->populated ? "\nWITH NO DATA" : "");
		autogen_provides(a, "view:%s", tv->name);
		foreach(lc, tv->uses_views)
			autogen_requires(a, "view:%s", (char *) lfirst(lc));
		foreach(lc, tv->uses_routines)
			autogen_requires(a, "routine:%s", (char *) lfirst(lc));
		comment_change(cmp, tv->name, psprintf("%s %s", what, qi(tv->name)), NULL, tv->comment);
		if (tv->materialized)
			view_indexes(cmp, tv->name, true);
	}
}

static int
find_routine(const AgSchema *s, const char *identity)
{
	for (int lo = 0, hi = s->nroutines - 1; lo <= hi;)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(s->routines[mid].identity, identity);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Does text name the identifier word as a whole (a type in an argument list)? */
static bool
names_word(const char *text, const char *word)
{
	size_t		len = strlen(word);

	if (text == NULL)
		return false;
	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word))
	{
		bool		before = p == text || !(isalnum((unsigned char) p[-1]) || p[-1] == '_' || p[-1] == '"');
		bool		after = !(isalnum((unsigned char) p[len]) || p[len] == '_' || p[len] == '"');

		if (before && after)
			return true;
	}
	return false;
}

/* Does a routine take or return a type that is made again? */
static bool
uses_recreated_type(Cmp *cmp, const AgRoutine *r)
{
	ListCell   *lc;

	foreach(lc, cmp->recreated_types)
	{
		const char *t = lfirst(lc);

		if (strncmp(t, "lossy:", 6) == 0)
			continue;
		if (names_word(r->args, qi(t)) || names_word(r->result, qi(t)))
			return true;
	}
	return false;
}

/* A routine's name and argument types, quoted, as DROP and COMMENT take it. */
static char *
routine_sig(const AgRoutine *r)
{
	return psprintf("%s%s", qi(r->name), r->identity + strlen(r->name));
}

static void
create_routine(Cmp *cmp, const AgRoutine *r)
{
	AgAction   *a = autogen_action(&cmp->actions,
								   r->late ? PH_CREATE_ROUTINE_LATE : PH_CREATE_ROUTINE,
								   r->identity, false, "CREATE OR REPLACE %s %s(%s",
								   r->kind == 'p' ? "PROCEDURE" : "FUNCTION",
								   qi(r->name), r->body);

	/* pg_get_functiondef() ends with a newline; the writer adds its own */
	if (a->sql[strlen(a->sql) - 2] == '\n')
	{
		a->sql[strlen(a->sql) - 2] = ';';
		a->sql[strlen(a->sql) - 1] = '\0';
	}
	autogen_provides(a, "routine:%s", r->identity);
}

/*
 * Functions and procedures: CREATE OR REPLACE when the body (or an
 * attribute) changes; drop and create when what CREATE OR REPLACE cannot
 * change does (kind, result, argument names or defaults), with the
 * triggers that call it dropped before and made again after. Triggers:
 * by table and name, made again when their definition changes.
 */
static void
compare_routines(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	List	   *redone = NIL;	/* identities dropped and created again */

	/* (the views that call them are made again too: compare_views) */

	for (int j = 0; j < to->nroutines; j++)
	{
		const AgRoutine *tr = &to->routines[j];
		int			f = find_routine(from, tr->identity);
		const AgRoutine *fr = f >= 0 ? &from->routines[f] : NULL;
		const char *what = tr->kind == 'p' ? "PROCEDURE" : "FUNCTION";

		if (fr && fr->kind == tr->kind && str_eq(fr->result, tr->result) &&
			strcmp(fr->args, tr->args) == 0 && !uses_recreated_type(cmp, fr))
		{
			if (strcmp(fr->body, tr->body) != 0)
				create_routine(cmp, tr);
			comment_change(cmp, tr->identity, psprintf("%s %s", what, routine_sig(tr)),
						   fr->comment, tr->comment);
			continue;
		}
		if (fr)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_DROP_VIEW,
										   psprintf("~%s", fr->identity), false,
										   "DROP %s %s", fr->kind == 'p' ? "PROCEDURE" : "FUNCTION",
										   routine_sig(fr));

			autogen_requires(a, "dropped-triggers-of:%s", fr->identity);
			autogen_provides(a, "dropped-routine:%s", fr->identity);
			redone = lappend(redone, fr->identity);
		}
		create_routine(cmp, tr);
		comment_change(cmp, tr->identity, psprintf("%s %s", what, routine_sig(tr)), NULL,
					   tr->comment);
	}
	for (int i = 0; i < from->nroutines; i++)
	{
		const AgRoutine *fr = &from->routines[i];

		if (find_routine(to, fr->identity) < 0)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_DROP_ROUTINE, fr->identity, false,
										   "DROP %s %s", fr->kind == 'p' ? "PROCEDURE" : "FUNCTION",
										   routine_sig(fr));

			autogen_provides(a, "dropped-routine:%s", fr->identity);
		}
	}

	cmp->redone_routines = redone;

	/* triggers, by table and name */
	for (int j = 0; j < to->ntriggers; j++)
	{
		const AgTrigger *tg = &to->triggers[j];
		int			ti = find_table(to, tg->table);
		const AgTrigger *fg = NULL;
		char	   *key = psprintf("%s.%s", tg->table, tg->name);
		AgAction   *a;

		if (ti >= 0 && cmp->to_match[ti] >= 0)
		{
			const char *ftable = from->tables[cmp->to_match[ti]].name;
			int			ff;
			int			fn = SLICE(from->triggers, from->ntriggers, ftable, &ff);

			for (int i = ff; i < ff + fn; i++)
				if (strcmp(from->triggers[i].name, tg->name) == 0)
					fg = &from->triggers[i];
		}
		if (fg && strcmp(fg->def, tg->def) == 0 &&
			!(fg->function && in_list(redone, fg->function)))
		{
			comment_change(cmp, key, psprintf("TRIGGER %s ON %s", qi(tg->name), qi(tg->table)),
						   fg->comment, tg->comment);
			continue;
		}
		a = autogen_action(&cmp->actions, PH_CREATE_TRIGGER, key, false, "%s", tg->def);
		if (tg->function)
			autogen_requires(a, "routine:%s", tg->function);
		comment_change(cmp, key, psprintf("TRIGGER %s ON %s", qi(tg->name), qi(tg->table)),
					   NULL, tg->comment);
	}
	for (int i = 0; i < from->ntriggers; i++)
	{
		const AgTrigger *fg = &from->triggers[i];
		int			fi = find_table(from, fg->table);
		int			ti = fi >= 0 ? cmp->from_match[fi] : -1;
		bool		keep = false;
		AgAction   *a;

		if (ti < 0)
			continue;			/* goes with its table */
		for (int j = 0; j < to->ntriggers; j++)
		{
			const AgTrigger *tg = &to->triggers[j];

			if (strcmp(tg->table, to->tables[ti].name) == 0 &&
				strcmp(tg->name, fg->name) == 0 && strcmp(tg->def, fg->def) == 0 &&
				!(fg->function && in_list(redone, fg->function)))
				keep = true;
		}
		if (keep)
			continue;
		a = autogen_action(&cmp->actions, PH_DROP_VIEW, psprintf("%s.%s", fg->table, fg->name),
						   false, "DROP TRIGGER %s ON %s", qi(fg->name), qi(fg->table));
		if (fg->function)
			autogen_provides(a, "dropped-triggers-of:%s", fg->function);
	}
}

/*
 * Row-level security: the tables' ENABLE and FORCE flags, and policies by
 * table and name, made again when they change. Policies come last, once
 * the functions and columns they use exist, and go first.
 */
static void
compare_policies(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];
		const AgTable *ft = cmp->to_match[ti] >= 0 ? &from->tables[cmp->to_match[ti]] : NULL;

		if ((ft ? ft->rls : false) != tt->rls)
			autogen_action(&cmp->actions, PH_CREATE_TRIGGER, tt->name, false,
						   "ALTER TABLE %s %s ROW LEVEL SECURITY", qi(tt->name),
						   tt->rls ? "ENABLE" : "DISABLE");
		if ((ft ? ft->force_rls : false) != tt->force_rls)
			autogen_action(&cmp->actions, PH_CREATE_TRIGGER, tt->name, false,
						   "ALTER TABLE %s %s ROW LEVEL SECURITY", qi(tt->name),
						   tt->force_rls ? "FORCE" : "NO FORCE");
	}
	for (int j = 0; j < to->npolicies; j++)
	{
		const AgPolicy *tp = &to->policies[j];
		int			ti = find_table(to, tp->table);
		const AgPolicy *fp = NULL;
		char	   *key = psprintf("%s.%s", tp->table, tp->name);

		if (ti >= 0 && cmp->to_match[ti] >= 0)
		{
			int			ff;
			int			fn = SLICE(from->policies, from->npolicies,
								   from->tables[cmp->to_match[ti]].name, &ff);

			for (int i = ff; i < ff + fn; i++)
				if (strcmp(from->policies[i].name, tp->name) == 0)
					fp = &from->policies[i];
		}
		if (fp && strcmp(fp->def, tp->def) == 0)
		{
			comment_change(cmp, key, psprintf("POLICY %s ON %s", qi(tp->name), qi(tp->table)),
						   fp->comment, tp->comment);
			continue;
		}
		if (fp)
			autogen_action(&cmp->actions, PH_DROP_VIEW, psprintf("%s.%s", fp->table, fp->name),
						   false, "DROP POLICY %s ON %s", qi(fp->name), qi(fp->table));
		autogen_action(&cmp->actions, PH_CREATE_TRIGGER, key, false, "CREATE POLICY %s ON %s %s",
					   qi(tp->name), qi(tp->table), tp->def);
		comment_change(cmp, key, psprintf("POLICY %s ON %s", qi(tp->name), qi(tp->table)),
					   NULL, tp->comment);
	}
	for (int i = 0; i < from->npolicies; i++)
	{
		const AgPolicy *fp = &from->policies[i];
		int			fi = find_table(from, fp->table);
		int			ti = fi >= 0 ? cmp->from_match[fi] : -1;
		int			tf;
		int			tn;
		bool		kept = false;

		if (ti < 0)
			continue;			/* goes with its table */
		tn = SLICE(to->policies, to->npolicies, to->tables[ti].name, &tf);
		for (int j = tf; j < tf + tn; j++)
			if (strcmp(to->policies[j].name, fp->name) == 0)
				kept = true;
		if (!kept)
			autogen_action(&cmp->actions, PH_DROP_VIEW, psprintf("%s.%s", fp->table, fp->name),
						   false, "DROP POLICY %s ON %s", qi(fp->name), qi(fp->table));
	}
}

/* Is column of "from" table kept (its table and itself)? */
static bool
from_column_kept(Cmp *cmp, const char *table, const char *column)
{
	int			f = find_table(cmp->from, table);
	int			t;
	const AgTable *tt;

	if (f < 0 || (t = cmp->from_match[f]) < 0)
		return false;
	tt = &cmp->to->tables[t];
	if (find_column(cmp->to, tt, column))
		return true;
	/* or renamed */
	{
		ListCell   *lc;

		foreach(lc, cmp->pairs)
		{
			Pair	   *p = lfirst(lc);

			if (p->column && strcmp(p->to_table, tt->name) == 0 &&
				strcmp(p->from_name, column) == 0 && find_column(cmp->to, tt, p->to_name))
				return true;
		}
	}
	return false;
}

/* Sequences: create, change, own, drop. */
static void
compare_sequences(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int i = 0; i < to->nsequences; i++)
	{
		const AgSequence *t = &to->sequences[i];
		int			f = find_sequence(from, t->name);
		const AgSequence *fs = f >= 0 ? &from->sequences[f] : NULL;

		if (fs == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_SEQUENCE, t->name, false,
										   "CREATE SEQUENCE %s %s", qi(t->name), t->options);

			autogen_provides(a, "sequence:%s", t->name);
		}
		else if (strcmp(fs->options, t->options) != 0)
			autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
						   "ALTER SEQUENCE %s %s", qi(t->name), t->options);
		if (!fs || !str_eq(fs->owner_table, t->owner_table) ||
			!str_eq(fs->owner_column, t->owner_column))
		{
			if (t->owner_table)
			{
				int			tt = find_table(to, t->owner_table);

				autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
							   "ALTER SEQUENCE %s OWNED BY %s", qi(t->name),
							   autogen_qcol(t->owner_table, t->owner_column));
				/* a new sequence for a column that holds values already */
				if (!fs && tt >= 0 && cmp->to_match[tt] >= 0)
					autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
								   "SELECT pg_catalog.setval(%s, pg_catalog.max(%s)) FROM %s"
								   " HAVING pg_catalog.max(%s) IS NOT NULL",
								   quote_literal_cstr(qi(t->name)), qi(t->owner_column),
								   qi(t->owner_table), qi(t->owner_column));
			}
			else if (fs)
				autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
							   "ALTER SEQUENCE %s OWNED BY NONE", qi(t->name));
		}
		comment_change(cmp, t->name, psprintf("SEQUENCE %s", qi(t->name)),
					   fs ? fs->comment : NULL, t->comment);
	}
	for (int i = 0; i < from->nsequences; i++)
	{
		const AgSequence *fs = &from->sequences[i];

		if (find_sequence(to, fs->name) >= 0)
			continue;
		/* dropping the column that owns it drops it */
		if (fs->owner_table && !from_column_kept(cmp, fs->owner_table, fs->owner_column))
			continue;
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_DROP_SEQUENCE, fs->name, true,
										   "DROP SEQUENCE %s", qi(fs->name));

			if (fs->owner_table)
				autogen_provides(a, "dropped-sequence-of:%s.%s", fs->owner_table,
								 fs->owner_column);
		}
	}
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
	cmp.pairs = rename_pairs(renames, reverse);

	match_tables(&cmp);
	compare_enums(&cmp);
	compare_domains_composites(&cmp);
	compare_sequences(&cmp);

	/* tables, renamed first, and their columns */
	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];

		if (cmp.to_match[ti] < 0)
		{
			create_table(&cmp, tt);
			continue;
		}
		if (strcmp(from->tables[cmp.to_match[ti]].name, tt->name) != 0)
			autogen_action(&cmp.actions, PH_RENAME, psprintf("0%s", tt->name), false,
						   "ALTER TABLE %s RENAME TO %s",
						   qi(from->tables[cmp.to_match[ti]].name), qi(tt->name));
		compare_columns(&cmp, ti);
		comment_change(&cmp, tt->name, psprintf("TABLE %s", qi(tt->name)),
					   from->tables[cmp.to_match[ti]].comment, tt->comment);
	}
	for (int fi = 0; fi < from->ntables; fi++)
	{
		const AgTable *ft = &from->tables[fi];
		int			ff;
		int			fn;

		if (cmp.from_match[fi] >= 0)
			continue;
		autogen_action(&cmp.actions, PH_DROP_TABLE, ft->name, true,
					   "DROP TABLE %s", qi(ft->name));
		/* foreign keys between tables that go: dropped first, for cycles */
		fn = SLICE(from->constraints, from->nconstraints, ft->name, &ff);
		for (int i = ff; i < ff + fn; i++)
		{
			const AgConstraint *c = &from->constraints[i];

			if (c->contype == 'f' && c->reftable && strcmp(c->reftable, ft->name) != 0)
				drop_constraint(&cmp, ft->name, c);
		}
	}

	/* views, once the tables' changes are known; routines, triggers */
	compare_routines(&cmp);
	compare_views(&cmp);
	compare_policies(&cmp);

	/* constraints and indexes, once the columns are known */
	find_ref_forced(&cmp);
	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];

		if (cmp.to_match[ti] >= 0)
			compare_table_keys(&cmp, ti);
		else
		{
			int			tf;
			int			tn = SLICE(to->constraints, to->nconstraints, tt->name, &tf);

			for (int i = tf; i < tf + tn; i++)
				add_constraint(&cmp, tt->name, &to->constraints[i], NULL);
			tn = SLICE(to->indexes, to->nindexes, tt->name, &tf);
			for (int i = tf; i < tf + tn; i++)
				create_index(&cmp, tt->name, &to->indexes[i], NULL);
		}
	}
	return cmp.actions;
}
