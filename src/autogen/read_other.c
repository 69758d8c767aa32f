/*-------------------------------------------------------------------------
 *
 * src/autogen/read_other.c
 *	  What autogenerate does not cover: one row per object of the schema
 *	  that diff() leaves alone, so that it can say so (one NOTICE each)
 *	  instead of ignoring it silently.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "autogen.h"

#define NOT_MEMBER(catalog, oidexpr) \
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS x" \
	"  WHERE x.classid" AG_EQ "'pg_catalog." catalog "'::pg_catalog.regclass" \
	"  AND x.objid" AG_EQ oidexpr " AND x.deptype" AG_EQ "'e')"

static AgQuery q_uncovered = {
	.sql = "SELECT kind, name FROM ("
	/* relations of kinds not covered, partitions and inheritance children */
	" SELECT CASE WHEN c.relkind" AG_EQ "'f' THEN 'foreign table'"
	"  WHEN c.relkind" AG_EQ "'p' THEN 'partitioned table'"
	"  WHEN c.relispartition THEN 'partition'"
	"  ELSE 'inheritance child table' END AS kind, c.relname::pg_catalog.text AS name"
	" FROM pg_catalog.pg_class AS c"
	" WHERE c.relnamespace" AG_EQ "$1"
	" AND (c.relkind OPERATOR(pg_catalog.=) ANY ('{f,p}'::pg_catalog.\"char\"[])"
	"  OR (c.relkind" AG_EQ "'r' AND (c.relispartition OR EXISTS (SELECT FROM pg_catalog.pg_inherits AS i"
	"   WHERE i.inhrelid" AG_EQ "c.oid))))"
	NOT_MEMBER("pg_class", "c.oid")
	/* base, range and pseudo types (enums, domains, composites are covered) */
	" UNION ALL SELECT CASE t.typtype WHEN 'r' THEN 'range type'"
	"  ELSE 'type' END, t.typname::pg_catalog.text"
	" FROM pg_catalog.pg_type AS t"
	" WHERE t.typnamespace" AG_EQ "$1"
	" AND t.typtype OPERATOR(pg_catalog.=) ANY ('{b,r,p}'::pg_catalog.\"char\"[])"
	/* not an array type (every table has one): no scan of pg_type per type */
	" AND t.typcategory" AG_NE "'A'"
	NOT_MEMBER("pg_type", "t.oid")
	" UNION ALL SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,"
	"  pg_catalog.format('%s(%s)', p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid))"
	" FROM pg_catalog.pg_proc AS p WHERE p.pronamespace" AG_EQ "$1"
	" AND p.prokind OPERATOR(pg_catalog.=) ANY ('{a,w}'::pg_catalog.\"char\"[])"
	NOT_MEMBER("pg_proc", "p.oid")
	" UNION ALL SELECT 'trigger', pg_catalog.format('%s on %s', g.tgname, c.relname)"
	" FROM pg_catalog.pg_trigger AS g JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "g.tgrelid"
	" WHERE c.relnamespace" AG_EQ "$1 AND NOT g.tgisinternal"
	" AND c.relkind" AG_NE "'r'"
	" UNION ALL SELECT 'policy', pg_catalog.format('%s on %s', o.polname, c.relname)"
	" FROM pg_catalog.pg_policy AS o JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "o.polrelid"
	" WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" AG_NE "'r'"
	" UNION ALL SELECT 'operator', o.oprname::pg_catalog.text FROM pg_catalog.pg_operator AS o"
	" WHERE o.oprnamespace" AG_EQ "$1" NOT_MEMBER("pg_operator", "o.oid")
	" UNION ALL SELECT 'collation', o.collname::pg_catalog.text FROM pg_catalog.pg_collation AS o"
	" WHERE o.collnamespace" AG_EQ "$1" NOT_MEMBER("pg_collation", "o.oid")
	" UNION ALL SELECT 'statistics object', o.stxname::pg_catalog.text"
	" FROM pg_catalog.pg_statistic_ext AS o WHERE o.stxnamespace" AG_EQ "$1"
	" UNION ALL SELECT 'extension', e.extname::pg_catalog.text FROM pg_catalog.pg_extension AS e"
	" WHERE e.extnamespace" AG_EQ "$1"
	") AS u ORDER BY kind COLLATE \"C\", name COLLATE \"C\""
};

/* The objects of the schema that autogenerate does not cover. */
void
autogen_read_uncovered(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_uncovered, nsp);

	s->nuncovered = n;
	s->uncovered = palloc0(sizeof(AgUncovered) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		s->uncovered[i].kind = autogen_value(i, 1);
		s->uncovered[i].name = autogen_value(i, 2);
	}
}
