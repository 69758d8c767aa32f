/*-------------------------------------------------------------------------
 *
 * src/autogen/read_types.c
 *	  Catalog reader for types: enums, with their labels in sort order;
 *	  domains, with their checks and what holds them; composite types.
 *
 * The labels are read in order, never with their enumsortorder numbers,
 * which differ between a type created with its values and one whose
 * values were added later.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "autogen.h"

/* one row per label, by type name, then sort order */
static AgQuery q_enums = {
	.sql = "SELECT t.typname, e.enumlabel, d.description," AG_OTHER_OWNER("t.typowner")
	" FROM pg_catalog.pg_type AS t"
	" LEFT JOIN pg_catalog.pg_enum AS e ON e.enumtypid" AG_EQ "t.oid"
	AG_COMMENT_JOIN("pg_type", "t.oid", "0")
	"WHERE t.typnamespace" AG_EQ "$1 AND t.typtype" AG_EQ "'e'"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS x"
	"  WHERE x.classid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND x.objid" AG_EQ "t.oid AND x.deptype" AG_EQ "'e')"
	"ORDER BY t.typname COLLATE pg_catalog.\"C\", e.enumsortorder"
};

#define COLLATION_NAME(oidexpr) \
	"(SELECT CASE WHEN pg_catalog.pg_collation_is_visible(co.oid)" \
	" THEN pg_catalog.quote_ident(co.collname) ELSE pg_catalog.quote_ident(cn.nspname)" \
	" OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(co.collname) END" \
	" FROM pg_catalog.pg_collation AS co JOIN pg_catalog.pg_namespace AS cn" \
	" ON cn.oid" AG_EQ "co.collnamespace WHERE co.oid" AG_EQ oidexpr ")"

static AgQuery q_domains = {
	.sql = "SELECT t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod),"
	" CASE WHEN t.typcollation" AG_NE "b.typcollation THEN " COLLATION_NAME("t.typcollation") " END,"
	" t.typnotnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0), d.description,"
	AG_OTHER_OWNER("t.typowner") ","
	" CASE WHEN t.typnotnull THEN " AG_DOMAIN_NOT_NULL_NAME("t") " END,"
	" CASE WHEN b.typnamespace" AG_EQ "'pg_catalog'::pg_catalog.regnamespace"
	"  THEN b.oid ELSE 0 END,"
	" CASE WHEN b.typnamespace" AG_EQ "$1 THEN coalesce((SELECT e.typname FROM pg_catalog.pg_type AS e"
	"  WHERE e.oid" AG_EQ "b.typelem AND b.typcategory" AG_EQ "'A'), b.typname) END,"
	/* a domain over a domain over an array has the array's category too */
	" b.typcategory" AG_EQ "'A' AND b.typtype" AG_NE "'d',"
	" t.typtypmod, t.typbasetype,"
	/* the schema's routines its default calls (the type's own dependencies) */
	" CASE WHEN t.typdefaultbin IS NOT NULL THEN " ROUTINES_CALLED("pg_type", "t.oid") " END"
	" FROM pg_catalog.pg_type AS t"
	" JOIN pg_catalog.pg_type AS b ON b.oid" AG_EQ "t.typbasetype"
	AG_COMMENT_JOIN("pg_type", "t.oid", "0")
	"WHERE t.typnamespace" AG_EQ "$1 AND t.typtype" AG_EQ "'d'"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS x"
	"  WHERE x.classid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND x.objid" AG_EQ "t.oid AND x.deptype" AG_EQ "'e')"
	" ORDER BY t.typname COLLATE pg_catalog.\"C\""
};

static AgQuery q_domain_checks = {
	.sql = "SELECT t.typname, c.conname, pg_catalog.pg_get_constraintdef(c.oid), d.description,"
	" " ROUTINES_CALLED("pg_constraint", "c.oid")
	" FROM pg_catalog.pg_constraint AS c"
	" JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "c.contypid"
	AG_COMMENT_JOIN("pg_constraint", "c.oid", "0")
	" WHERE t.typnamespace" AG_EQ "$1 AND t.typtype" AG_EQ "'d' AND c.contype" AG_EQ "'c'"
	" ORDER BY t.typname COLLATE pg_catalog.\"C\", c.conname COLLATE pg_catalog.\"C\""
};

/*
 * The domains and composite types of the schema (or arrays of them: true)
 * whose values a materialized view's column holds, or that an expression
 * uses: a view's rule, a constraint (a table's or a domain's), a default,
 * a policy, a trigger's WHEN or a routine's SQL body (normal dependencies;
 * a routine's argument types too, which is more than needed). The server
 * refuses to add a constraint to a domain such a type holds (0A000,
 * "cannot alter type ... because ... uses it"): held_in_containers().
 */
static AgQuery q_held_types = {
	.sql = "SELECT DISTINCT et.typname, et.oid" AG_NE "t.oid"
	" FROM (SELECT a.atttypid AS typ FROM pg_catalog.pg_class AS v"
	"  JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "v.oid"
	"   AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
	"  WHERE v.relnamespace" AG_EQ "$1 AND v.relkind" AG_EQ "'m'"
	/* the schema's types first, then what depends on each (by index) */
	" UNION SELECT y.oid FROM pg_catalog.pg_type AS y WHERE y.typnamespace" AG_EQ "$1"
	"  AND EXISTS (SELECT FROM pg_catalog.pg_depend AS d"
	"   WHERE d.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND d.refobjid" AG_EQ "y.oid"
	"   AND d.deptype" AG_EQ "'n' AND (d.classid OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.pg_rewrite',"
	"    'pg_catalog.pg_constraint', 'pg_catalog.pg_attrdef', 'pg_catalog.pg_policy',"
	"    'pg_catalog.pg_trigger']::pg_catalog.regclass[])"
	"    OR (d.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass AND EXISTS (SELECT"
	"     FROM pg_catalog.pg_proc AS p WHERE p.oid" AG_EQ "d.objid AND p.prosqlbody IS NOT NULL))))) AS u"
	" JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "u.typ"
	" JOIN pg_catalog.pg_type AS et ON et.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"  AND t.typelem" AG_NE "0 AND t.typtype" AG_NE "'d' THEN t.typelem ELSE t.oid END"
	" WHERE et.typnamespace" AG_EQ "$1"
	" AND et.typtype OPERATOR(pg_catalog.=) ANY ('{d,c}'::pg_catalog.\"char\"[])"
};

static AgQuery q_composites = {
	.sql = "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)"
	" OPERATOR(pg_catalog.||) CASE WHEN a.attcollation" AG_NE "y.typcollation"
	"  THEN ' COLLATE ' OPERATOR(pg_catalog.||) " COLLATION_NAME("a.attcollation") " ELSE '' END,"
	" d.description," AG_OTHER_OWNER("t.typowner") ","
	/* an attribute's comment */
	" (SELECT ad.description FROM pg_catalog.pg_description AS ad"
	"  WHERE ad.objoid" AG_EQ "c.oid AND ad.classoid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND ad.objsubid" AG_EQ "a.attnum)"
	" FROM pg_catalog.pg_class AS c"
	" JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "c.reltype"
	" LEFT JOIN (pg_catalog.pg_attribute AS a"
	"  JOIN pg_catalog.pg_type AS y ON y.oid" AG_EQ "a.atttypid)"
	"  ON a.attrelid" AG_EQ "c.oid"
	"  AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
	AG_COMMENT_JOIN("pg_type", "t.oid", "0")
	"WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" AG_EQ "'c'"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS x"
	"  WHERE x.classid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND x.objid" AG_EQ "t.oid AND x.deptype" AG_EQ "'e')"
	" ORDER BY c.relname COLLATE pg_catalog.\"C\", a.attnum"
};

/* How many rows from row i on have the same first column. */
static int
run_length(int i, int n)
{
	char	   *name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
	int			count = 1;

	while (i + count < n &&
		   strcmp(SPI_getvalue(SPI_tuptable->vals[i + count],
							   SPI_tuptable->tupdesc, 1), name) == 0)
		count++;
	return count;
}

/* Domains, with their check constraints. */
void
autogen_read_domains(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_domains, nsp);
	int			k = 0;

	s->ndomains = n;
	s->domains = palloc0(sizeof(AgDomain) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgDomain   *d = &s->domains[i];

		d->name = autogen_value(i, 1);
		d->base = autogen_value(i, 2);
		d->collation = autogen_value(i, 3);
		d->notnull = autogen_bool(i, 4);
		d->defexpr = autogen_value(i, 5);
		d->comment = autogen_value(i, 6);
		d->owner = autogen_value(i, 7);
		d->notnull_name = autogen_value(i, 8);
		d->builtin_base = (Oid) strtoul(autogen_value(i, 9), NULL, 10);
		d->schemabase = autogen_value(i, 10);
		d->base_array = autogen_bool(i, 11);
		d->base_typmod = pg_strtoint32(autogen_value(i, 12));
		d->base_typid = (Oid) strtoul(autogen_value(i, 13), NULL, 10);
		d->routines = autogen_value(i, 14);
	}
	if (n == 0)
		return;
	n = autogen_query(&q_domain_checks, nsp);
	for (int i = 0; i < n;)
	{
		int			count = run_length(i, n);
		char	   *name = autogen_value(i, 1);

		/* both sorted by name: walk the domains alongside */
		while (k < s->ndomains && strcmp(s->domains[k].name, name) != 0)
			k++;
		if (k < s->ndomains)
		{
			AgDomain   *d = &s->domains[k];

			d->nchecks = count;
			d->check_names = palloc(sizeof(char *) * count);
			d->check_defs = palloc(sizeof(char *) * count);
			d->check_comments = palloc(sizeof(char *) * count);
			d->check_routines = palloc(sizeof(char *) * count);
			for (int j = 0; j < count; j++)
			{
				d->check_names[j] = autogen_value(i + j, 2);
				d->check_defs[j] = autogen_defined(autogen_value(i + j, 3), "constraint",
												   d->check_names[j]);
				d->check_comments[j] = autogen_value(i + j, 4);
				d->check_routines[j] = autogen_value(i + j, 5);
			}
		}
		i += count;
	}
	/* what holds a domain matters only when there are domains */
	n = autogen_query(&q_held_types, nsp);
	for (int i = 0; i < n; i++)
	{
		if (autogen_bool(i, 2))
			s->held_arrays = lappend(s->held_arrays, autogen_value(i, 1));
		else
			s->held_types = lappend(s->held_types, autogen_value(i, 1));
	}
}

/* Composite types, with their attributes in order. */
void
autogen_read_composites(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_composites, nsp);

	s->ncomposites = 0;
	s->composites = palloc0(sizeof(AgComposite) * (n + 1));
	for (int i = 0; i < n;)
	{
		int			count = run_length(i, n);
		AgComposite *c = &s->composites[s->ncomposites++];

		c->name = autogen_value(i, 1);
		c->comment = autogen_value(i, 4);
		c->owner = autogen_value(i, 5);
		c->nattrs = 0;
		c->attr_names = palloc(sizeof(char *) * count);
		c->attr_types = palloc(sizeof(char *) * count);
		c->attr_comments = palloc(sizeof(char *) * count);
		for (int j = 0; j < count; j++)
		{
			/* a type of no attribute (AS ()) has one row, without one */
			if (autogen_value(i + j, 2) == NULL)
				continue;
			c->attr_names[c->nattrs] = autogen_value(i + j, 2);
			c->attr_comments[c->nattrs] = autogen_value(i + j, 6);
			c->attr_types[c->nattrs++] = autogen_value(i + j, 3);
		}
		i += count;
	}
}

/* Enum types, with their labels in order (none for AS ENUM ()). */
void
autogen_read_enums(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_enums, nsp);
	AgEnum	   *cur = NULL;

	s->nenums = 0;
	s->enums = palloc0(sizeof(AgEnum) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		char	   *name = autogen_value(i, 1);

		if (cur == NULL || strcmp(cur->name, name) != 0)
		{
			int			count = 1;

			/* rows of one type are adjacent: count them */
			while (i + count < n &&
				   strcmp(SPI_getvalue(SPI_tuptable->vals[i + count],
									   SPI_tuptable->tupdesc, 1), name) == 0)
				count++;
			cur = &s->enums[s->nenums++];
			cur->name = name;
			cur->comment = autogen_value(i, 3);
			cur->owner = autogen_value(i, 4);
			cur->labels = palloc(sizeof(char *) * count);
			cur->nlabels = 0;
		}
		/* an enum of no label (AS ENUM ()) has one row, without one */
		if (autogen_value(i, 2) != NULL)
			cur->labels[cur->nlabels++] = autogen_value(i, 2);
	}
}
