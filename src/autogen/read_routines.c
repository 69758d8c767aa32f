/*-------------------------------------------------------------------------
 *
 * src/autogen/read_routines.c
 *	  Catalog readers for routines: functions and procedures, and the
 *	  triggers that call them.
 *
 * pg_get_functiondef() always qualifies the routine's own name; the rest
 * (argument and result types, a SQL-standard body's references) it prints
 * under the search_path, which names the schema read alone. So what
 * follows "name(" is kept, and the writer puts the unqualified name back:
 * a BEGIN ATOMIC body read from the scratch schema then names the target
 * schema's objects, as the SQL runs with that schema first on the path.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "autogen.h"

/* a SQL-standard body (BEGIN ATOMIC) */
#define SQL_BODY "p.prosqlbody IS NOT NULL"

static AgQuery q_routines = {
	.sql = "SELECT * FROM (SELECT p.proname, pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)) AS identity,"
	" p.prokind, pg_catalog.pg_get_function_arguments(p.oid),"
	" pg_catalog.pg_get_function_result(p.oid), pg_catalog.pg_get_functiondef(p.oid),"
	" " SQL_BODY ", l.lanname" AG_EQ "'sql' AND NOT " SQL_BODY ", d.description,"
	AG_OTHER_OWNER("p.proowner") ","
	/* the schema's other routines its argument defaults or SQL body call */
	" (SELECT pg_catalog.string_agg(pg_catalog.format('%s(%s)', c.proname,"
	"  pg_catalog.oidvectortypes(c.proargtypes)), E'\\n')"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_proc AS c ON c.oid" AG_EQ "q.refobjid"
	"  WHERE q.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass AND q.objid" AG_EQ "p.oid"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND c.pronamespace" AG_EQ "$1 AND c.oid" AG_NE "p.oid),"
	/* the relations of the schema whose row types (or arrays) it takes or returns */
	" (SELECT pg_catalog.string_agg(DISTINCT c.relname::pg_catalog.text, E'\\n')"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "q.refobjid"
	"  JOIN pg_catalog.pg_type AS e ON e.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"   AND t.typelem" AG_NE "0 AND t.typtype" AG_NE "'d' THEN t.typelem ELSE t.oid END"
	"  JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "e.typrelid"
	"  WHERE q.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass AND q.objid" AG_EQ "p.oid"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND c.relnamespace" AG_EQ "$1 AND c.relkind" AG_NE "'c')"
	" FROM pg_catalog.pg_proc AS p"
	" JOIN pg_catalog.pg_language AS l ON l.oid" AG_EQ "p.prolang"
	AG_COMMENT_JOIN("pg_proc", "p.oid", "0")
	"WHERE p.pronamespace" AG_EQ "$1"
	" AND p.prokind OPERATOR(pg_catalog.=) ANY ('{f,p}'::pg_catalog.\"char\"[])"
	/* not an extension's, nor one the server made (a range's constructors) */
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND e.objid" AG_EQ "p.oid AND e.deptype OPERATOR(pg_catalog.=) ANY ('{e,i}'::pg_catalog.\"char\"[]))"
	") AS r ORDER BY identity COLLATE pg_catalog.\"C\""
};

/*
 * the tables, and their columns, that a SQL-standard body reads: it binds
 * to them, and they cannot go or change type while it does; and whether
 * each is one autogenerate covers (a partitioned table, say, is not)
 */
static AgQuery q_routine_reads = {
	.sql = AG_REL_CTE
	"SELECT DISTINCT pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)), r.relname::pg_catalog.text,"
	" a.attname::pg_catalog.text, EXISTS (SELECT FROM rel WHERE rel.oid" AG_EQ "r.oid)"
	" FROM pg_catalog.pg_proc AS p"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "p.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	" JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "d.refobjid AND r.relnamespace" AG_EQ "$1"
	"  AND r.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,f}'::pg_catalog.\"char\"[])"
	" LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "d.refobjid"
	"  AND a.attnum" AG_EQ "d.refobjsubid AND d.refobjsubid" AG_NE "0"
	" WHERE p.pronamespace" AG_EQ "$1 AND " SQL_BODY
};

/*
 * Triggers; the last column is the definition with the columns of UPDATE
 * OF in the order of their names, which is what is compared.
 */
static AgQuery q_triggers = {
	.sql = AG_REL_CTE
	"SELECT r.relname, g.tgname, x.def,"
	" CASE WHEN p.pronamespace" AG_EQ "$1 THEN pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)) END, d.description, g.tgenabled,"
	" " AG_TRIGGERDEF_COLUMNS_BY_NAME("g", "x.def")
	" FROM rel AS r"
	" JOIN pg_catalog.pg_trigger AS g ON g.tgrelid" AG_EQ "r.oid AND NOT g.tgisinternal"
	" JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "g.tgfoid"
	" CROSS JOIN LATERAL (SELECT pg_catalog.pg_get_triggerdef(g.oid, true) AS def) AS x"
	AG_COMMENT_JOIN("pg_trigger", "g.oid", "0")
	"ORDER BY r.relname COLLATE pg_catalog.\"C\", g.tgname COLLATE pg_catalog.\"C\""
};

/*
 * the columns of the schema's tables that a trigger's WHEN or UPDATE OF
 * names: their type cannot change while it does
 */
static AgQuery q_trigger_reads = {
	.sql = AG_REL_CTE
	"SELECT r.relname, g.tgname, c.relname::pg_catalog.text, a.attname::pg_catalog.text"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_trigger AS g ON g.tgrelid" AG_EQ "r.oid AND NOT g.tgisinternal"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_trigger'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "g.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND d.refobjsubid" AG_NE "0"
	" JOIN rel AS c ON c.oid" AG_EQ "d.refobjid"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "d.refobjid"
	"  AND a.attnum" AG_EQ "d.refobjsubid"
	" ORDER BY r.relname COLLATE pg_catalog.\"C\", g.tgname COLLATE pg_catalog.\"C\""
};

/* Functions and procedures. */
void
autogen_read_routines(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_routines, nsp);

	s->nroutines = n;
	s->routines = palloc0(sizeof(AgRoutine) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgRoutine  *r = &s->routines[i];
		char	   *def;
		char	   *prefix;

		r->name = autogen_value(i, 1);
		r->identity = autogen_value(i, 2);
		r->kind = autogen_char(i, 3);
		r->args = autogen_defined(autogen_value(i, 4), "routine", r->identity);
		r->result = autogen_value(i, 5);	/* NULL for a procedure */
		def = autogen_defined(autogen_value(i, 6), "routine", r->identity);
		r->late = autogen_bool(i, 7);
		r->sql_string = autogen_bool(i, 8);
		r->comment = autogen_value(i, 9);
		r->owner = autogen_value(i, 10);
		r->routines = autogen_value(i, 11);
		r->rowtypes = autogen_value(i, 12);
		prefix = psprintf("CREATE OR REPLACE %s %s(",
						  r->kind == 'p' ? "PROCEDURE" : "FUNCTION",
						  quote_qualified_identifier(s->readfrom, r->name));
		if (strncmp(def, prefix, strlen(prefix)) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("unexpected definition of routine \"%s\"", r->identity),
					 errdetail("It reads: %s", def)));
		r->body = pstrdup(def + strlen(prefix));
	}
	if (n == 0)
		return;
	n = autogen_query(&q_routine_reads, nsp);
	for (int i = 0; i < n; i++)
	{
		int			k = autogen_bsearch(s->routines, s->nroutines, sizeof(AgRoutine),
										offsetof(AgRoutine, identity), autogen_value(i, 1));

		if (k < 0)
			continue;
		if (!autogen_bool(i, 4))
		{
			s->routines[k].reads_left_tables = lappend(s->routines[k].reads_left_tables,
													   autogen_value(i, 2));
			s->routines[k].reads_left_columns = lappend(s->routines[k].reads_left_columns,
														autogen_value(i, 3));
			continue;
		}
		s->routines[k].reads_tables = lappend(s->routines[k].reads_tables, autogen_value(i, 2));
		s->routines[k].reads_columns = lappend(s->routines[k].reads_columns, autogen_value(i, 3));
	}
}

/* Triggers of the schema's tables. */
void
autogen_read_triggers(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_triggers, nsp);
	int			t = 0;

	s->ntriggers = n;
	s->triggers = palloc0(sizeof(AgTrigger) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgTrigger  *g = &s->triggers[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		g->table = t < s->ntables ? s->tables[t].name : relname;
		g->name = autogen_value(i, 2);
		g->def = autogen_defined(autogen_value(i, 3), "trigger", g->name);
		g->function = autogen_value(i, 4);
		g->comment = autogen_value(i, 5);
		g->enabled = autogen_char(i, 6);
		g->compared = autogen_value(i, 7);
	}
	autogen_read_column_reads(&q_trigger_reads, nsp, s->triggers, sizeof(AgTrigger), s->ntriggers,
							  offsetof(AgTrigger, reads_tables), offsetof(AgTrigger, reads_columns));
}
