/*-------------------------------------------------------------------------
 *
 * src/autogen/read_other.c
 *	  What autogenerate does not cover: one row per object of the schema
 *	  that diff() leaves alone, so that it can say so (one NOTICE each)
 *	  instead of ignoring it silently; for check_reversible(), what each
 *	  is, so that a downgrade that does not restore one is seen.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "autogen.h"

/*
 * Not an extension's member: one probe of pg_depend's index per object
 * (OFFSET 0 keeps the subquery a subquery). As an anti-join, the planner,
 * trusting statistics of pg_depend taken before the objects were made,
 * scanned every row of the catalog's class per object: diff() of a schema
 * of 4,608 operators took 4.9 s.
 */
#define NOT_MEMBER(catalog, oidexpr) \
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS x" \
	"  WHERE x.classid" AG_EQ "'pg_catalog." catalog "'::pg_catalog.regclass" \
	"  AND x.objid" AG_EQ oidexpr " AND x.deptype" AG_EQ "'e' OFFSET 0)"

/* Is relation c one autogenerate leaves alone (the tables of q_uncovered)? */
#define LEFT_ALONE(c) \
	"(" c ".relkind OPERATOR(pg_catalog.=) ANY ('{f,p}'::pg_catalog.\"char\"[])" \
	" OR (" c ".relkind" AG_EQ "'r' AND (" c ".relispartition" \
	" OR EXISTS (SELECT FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid" AG_EQ c ".oid)" \
	" OR " c ".reloftype" AG_NE "0 OR " AG_HAS_VIRTUAL_COLUMN(c) ")))"

/*
 * What an object autogenerate leaves alone is, as text, for
 * check_reversible() to tell whether a downgrade restored it: what
 * pg_catalog's functions print of it, and what they do not (whether a
 * trigger or rule is enabled, a relation's owner and settings); names, not
 * OIDs, so that an object made again the same way reads the same.
 */
#define TRIGGER_DEFINITION(g) \
	"pg_catalog.concat_ws(' ', " AG_TRIGGERDEF_COLUMNS_BY_NAME(g, "pg_catalog.pg_get_triggerdef(" g ".oid)") "," \
	" 'enabled ' OPERATOR(pg_catalog.||) (" AG_NULLIF(g ".tgenabled", "'O'") ")::pg_catalog.text)"
#define RULE_DEFINITION(r) \
	"pg_catalog.concat_ws(' ', pg_catalog.regexp_replace(pg_catalog.pg_get_ruledef(" r ".oid), '[[:space:]]+', ' ', 'g')," \
	" 'enabled ' OPERATOR(pg_catalog.||) (" AG_NULLIF(r ".ev_enabled", "'O'") ")::pg_catalog.text)"
#define POLICY_DEFINITION(o) \
	"pg_catalog.concat_ws(' ', 'POLICY', pg_catalog.quote_ident(" o ".polname)," \
	" CASE WHEN NOT " o ".polpermissive THEN 'AS RESTRICTIVE' END, 'FOR '" \
	" OPERATOR(pg_catalog.||) CASE WHEN " o ".polcmd" AG_EQ "'r' THEN 'SELECT'" \
	" WHEN " o ".polcmd" AG_EQ "'a' THEN 'INSERT' WHEN " o ".polcmd" AG_EQ "'w' THEN 'UPDATE'" \
	" WHEN " o ".polcmd" AG_EQ "'d' THEN 'DELETE' ELSE 'ALL' END," \
	" 'TO ' OPERATOR(pg_catalog.||) (SELECT pg_catalog.string_agg(CASE WHEN r" AG_EQ "0 THEN 'PUBLIC'" \
	"  ELSE r::pg_catalog.regrole::pg_catalog.text END, ', ') FROM pg_catalog.unnest(" o ".polroles) AS r)," \
	" 'USING (' OPERATOR(pg_catalog.||) pg_catalog.pg_get_expr(" o ".polqual, " o ".polrelid) OPERATOR(pg_catalog.||) ')'," \
	" 'WITH CHECK (' OPERATOR(pg_catalog.||) pg_catalog.pg_get_expr(" o ".polwithcheck, " o ".polrelid)" \
	" OPERATOR(pg_catalog.||) ')')"
#define COMMENT_OF(oid, catalog) \
	" 'comment ' OPERATOR(pg_catalog.||) pg_catalog.quote_literal(pg_catalog.obj_description(" oid ", '" catalog "'))"
/* an aggregate's parts, a window function's code */
#define ROUTINE_DEFINITION(p) \
	"pg_catalog.concat_ws(' ', 'RETURNS ' OPERATOR(pg_catalog.||) pg_catalog.pg_get_function_result(" p ".oid)," \
	" 'owner ' OPERATOR(pg_catalog.||) pg_catalog.pg_get_userbyid(" p ".proowner)," \
	" 'privileges ' OPERATOR(pg_catalog.||) " p ".proacl::pg_catalog.text," \
	" (SELECT pg_catalog.concat_ws(' ', 'SFUNC ' OPERATOR(pg_catalog.||) a.aggtransfn::pg_catalog.text," \
	"  'STYPE ' OPERATOR(pg_catalog.||) a.aggtranstype::pg_catalog.regtype::pg_catalog.text," \
	"  'FINALFUNC ' OPERATOR(pg_catalog.||) (" AG_NULLIF("a.aggfinalfn", "0::pg_catalog.regproc") ")::pg_catalog.regproc::pg_catalog.text," \
	"  'COMBINEFUNC ' OPERATOR(pg_catalog.||) (" AG_NULLIF("a.aggcombinefn", "0::pg_catalog.regproc") ")::pg_catalog.regproc::pg_catalog.text," \
	"  'INITCOND ' OPERATOR(pg_catalog.||) pg_catalog.quote_literal(a.agginitval))" \
	"  FROM pg_catalog.pg_aggregate AS a WHERE a.aggfnoid" AG_EQ p ".oid)," \
	" CASE WHEN " p ".prokind" AG_EQ "'w' THEN pg_catalog.concat_ws(' ', 'AS', " \
	"  pg_catalog.quote_literal(" p ".prosrc), pg_catalog.quote_literal(" p ".probin)) END," \
	COMMENT_OF(p ".oid", "pg_proc") ")"
/*
 * A relation's: its settings, partition key or bound, parents, server,
 * then its columns, constraints, indexes, triggers, policies and rules,
 * one line each (a column's position counts; whether it is its own or
 * inherited does not: a partition detached and attached again is the same;
 * nor does the version recent minor releases keep among a column's options)
 */
#define RELATION_DEFINITION \
	"pg_catalog.concat_ws(E'\\n'," \
	" pg_catalog.concat_ws(' ', 'owner ' OPERATOR(pg_catalog.||) pg_catalog.pg_get_userbyid(c.relowner)," \
	"  'privileges ' OPERATOR(pg_catalog.||) c.relacl::pg_catalog.text," \
	"  CASE WHEN c.relpersistence" AG_EQ "'u' THEN 'UNLOGGED' END," \
	"  'WITH ' OPERATOR(pg_catalog.||) c.reloptions::pg_catalog.text," \
	"  CASE WHEN c.relrowsecurity THEN 'ROW LEVEL SECURITY' END," \
	"  CASE WHEN c.relforcerowsecurity THEN 'FORCE ROW LEVEL SECURITY' END," \
	"  'REPLICA IDENTITY ' OPERATOR(pg_catalog.||) (" AG_NULLIF("c.relreplident", "'d'") ")::pg_catalog.text," \
	"  'OF ' OPERATOR(pg_catalog.||) (" AG_NULLIF("c.reloftype", "0::pg_catalog.oid") ")::pg_catalog.regtype::pg_catalog.text," \
	COMMENT_OF("c.oid", "pg_class") ")," \
	" 'PARTITION BY ' OPERATOR(pg_catalog.||) pg_catalog.pg_get_partkeydef(c.oid)," \
	" 'PARTITION ' OPERATOR(pg_catalog.||) pg_catalog.pg_get_expr(c.relpartbound, c.oid)," \
	" (SELECT pg_catalog.string_agg('INHERITS ' OPERATOR(pg_catalog.||)" \
	"  i.inhparent::pg_catalog.regclass::pg_catalog.text, E'\\n' ORDER BY i.inhseqno)" \
	"  FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid" AG_EQ "c.oid)," \
	" (SELECT pg_catalog.concat_ws(' ', 'SERVER', pg_catalog.quote_ident(v.srvname)," \
	"  'OPTIONS ' OPERATOR(pg_catalog.||) f.ftoptions::pg_catalog.text)" \
	"  FROM pg_catalog.pg_foreign_table AS f" \
	"  JOIN pg_catalog.pg_foreign_server AS v ON v.oid" AG_EQ "f.ftserver WHERE f.ftrelid" AG_EQ "c.oid)," \
	" (SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', 'COLUMN', pg_catalog.quote_ident(a.attname)," \
	"  pg_catalog.format_type(a.atttypid, a.atttypmod)," \
	"  'COLLATE ' OPERATOR(pg_catalog.||)" \
	"  (CASE WHEN a.attcollation" AG_EQ "t.typcollation OR a.attcollation" AG_EQ "0::pg_catalog.oid" \
	"  THEN NULL ELSE a.attcollation END)::pg_catalog.regcollation::pg_catalog.text," \
	"  CASE WHEN a.attnotnull THEN 'NOT NULL' END," \
	"  CASE WHEN a.attgenerated" AG_NE "'' THEN 'GENERATED ALWAYS AS (' ELSE 'DEFAULT ' END" \
	"  OPERATOR(pg_catalog.||) pg_catalog.pg_get_expr(d.adbin, d.adrelid) OPERATOR(pg_catalog.||)" \
	"  CASE WHEN a.attgenerated" AG_EQ "'s' THEN ') STORED' WHEN a.attgenerated" AG_EQ "'v' THEN ') VIRTUAL' ELSE '' END," \
	"  CASE WHEN a.attidentity" AG_EQ "'a' THEN 'GENERATED ALWAYS AS IDENTITY'" \
	"  WHEN a.attidentity" AG_EQ "'d' THEN 'GENERATED BY DEFAULT AS IDENTITY' END," \
	"  'STORAGE ' OPERATOR(pg_catalog.||) (" AG_NULLIF("a.attstorage", "t.typstorage") ")::pg_catalog.text," \
	"  'COMPRESSION ' OPERATOR(pg_catalog.||) " AG_NULLIF("a.attcompression::pg_catalog.text", "''") "," \
	"  'STATISTICS ' OPERATOR(pg_catalog.||) " AG_NULLIF("COALESCE(a.attstattarget::pg_catalog.int4, -1)", "-1") "," \
	"  'WITH ' OPERATOR(pg_catalog.||) (SELECT pg_catalog.array_agg(o ORDER BY o)::pg_catalog.text" \
	"  FROM pg_catalog.unnest(a.attoptions) AS o WHERE NOT pg_catalog.starts_with(o, 'pg_attver='))," \
	"  'OPTIONS ' OPERATOR(pg_catalog.||) a.attfdwoptions::pg_catalog.text," \
	"  'privileges ' OPERATOR(pg_catalog.||) a.attacl::pg_catalog.text," \
	"  'comment ' OPERATOR(pg_catalog.||) pg_catalog.quote_literal(pg_catalog.col_description(c.oid, a.attnum)))," \
	"  E'\\n' ORDER BY a.attnum)" \
	"  FROM pg_catalog.pg_attribute AS a JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "a.atttypid" \
	"  LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid" AG_EQ "a.attrelid AND d.adnum" AG_EQ "a.attnum" \
	"  WHERE a.attrelid" AG_EQ "c.oid AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped)," \
	" (SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', 'CONSTRAINT', pg_catalog.quote_ident(o.conname)," \
	"  pg_catalog.pg_get_constraintdef(o.oid)," COMMENT_OF("o.oid", "pg_constraint") ")," \
	"  E'\\n' ORDER BY o.conname COLLATE pg_catalog.\"C\")" \
	"  FROM pg_catalog.pg_constraint AS o WHERE o.conrelid" AG_EQ "c.oid)," \
	" (SELECT pg_catalog.string_agg(pg_catalog.concat_ws(' ', pg_catalog.pg_get_indexdef(x.indexrelid)," \
	"  CASE WHEN x.indisclustered THEN 'CLUSTER' END," COMMENT_OF("x.indexrelid", "pg_class") ")," \
	"  E'\\n' ORDER BY xc.relname COLLATE pg_catalog.\"C\")" \
	"  FROM pg_catalog.pg_index AS x JOIN pg_catalog.pg_class AS xc ON xc.oid" AG_EQ "x.indexrelid" \
	"  WHERE x.indrelid" AG_EQ "c.oid)," \
	" (SELECT pg_catalog.string_agg(" TRIGGER_DEFINITION("g") ", E'\\n' ORDER BY g.tgname COLLATE pg_catalog.\"C\")" \
	"  FROM pg_catalog.pg_trigger AS g WHERE g.tgrelid" AG_EQ "c.oid AND NOT g.tgisinternal)," \
	" (SELECT pg_catalog.string_agg(" POLICY_DEFINITION("o") ", E'\\n' ORDER BY o.polname COLLATE pg_catalog.\"C\")" \
	"  FROM pg_catalog.pg_policy AS o WHERE o.polrelid" AG_EQ "c.oid)," \
	" (SELECT pg_catalog.string_agg(" RULE_DEFINITION("r") ", E'\\n' ORDER BY r.rulename COLLATE pg_catalog.\"C\")" \
	"  FROM pg_catalog.pg_rewrite AS r WHERE r.ev_class" AG_EQ "c.oid))"

/* an object of catalog, in the schema, that only its name tells of */
#define NAMED_ONLY(kind, catalog, name, namespace) \
	" UNION ALL SELECT '" kind "', o." name "::pg_catalog.text, NULL, NULL FROM pg_catalog." catalog " AS o" \
	" WHERE o." namespace AG_EQ "$1" NOT_MEMBER(catalog, "o.oid")

#define UNCOVERED(D) \
	/* \
	 * and whether it is a table, which diff() leaves alone on both sides; \
	 * a range type's multirange type, when in the schema \
	 */ \
	"SELECT kind, name, kind OPERATOR(pg_catalog.=) ANY ('{foreign table,partitioned table,partition," \
	"inheritance child table,typed table,table with a virtual generated column}'::pg_catalog.text[])," \
	" CASE WHEN kind" AG_EQ "'range type' THEN (SELECT m.typname FROM pg_catalog.pg_type AS t" \
	"  JOIN pg_catalog.pg_range AS g ON g.rngtypid" AG_EQ "t.oid" \
	"  JOIN pg_catalog.pg_type AS m ON m.oid" AG_EQ "g.rngmultitypid" \
	"  WHERE t.typnamespace" AG_EQ "$1 AND t.typname" AG_EQ "u.name::pg_catalog.name" \
	"  AND m.typnamespace" AG_EQ "$1) END," \
	/* a typed table's composite type, when in the schema */ \
	" CASE WHEN kind" AG_EQ "'typed table' THEN (SELECT y.typname FROM pg_catalog.pg_class AS c" \
	"  JOIN pg_catalog.pg_type AS y ON y.oid" AG_EQ "c.reloftype" \
	"  WHERE c.relnamespace" AG_EQ "$1 AND c.relname" AG_EQ "u.name::pg_catalog.name" \
	"  AND y.typnamespace" AG_EQ "$1) END," \
	/* the relation a rule, trigger, policy or constraint is on */ \
	" on_relation, definition FROM (" \
	/* \
	 * relations of kinds not covered, partitions and inheritance children, \
	 * typed tables and tables with a virtual generated column \
	 */ \
	" SELECT CASE WHEN c.relkind" AG_EQ "'f' THEN 'foreign table'" \
	"  WHEN c.relkind" AG_EQ "'p' THEN 'partitioned table'" \
	"  WHEN c.relispartition THEN 'partition'" \
	"  WHEN EXISTS (SELECT FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid" AG_EQ "c.oid)" \
	"   THEN 'inheritance child table'" \
	"  WHEN c.reloftype" AG_NE "0 THEN 'typed table'" \
	"  ELSE 'table with a virtual generated column' END AS kind, c.relname::pg_catalog.text AS name" \
	", NULL::pg_catalog.text AS on_relation, " D(RELATION_DEFINITION) "::pg_catalog.text AS definition" \
	" FROM pg_catalog.pg_class AS c" \
	" WHERE c.relnamespace" AG_EQ "$1" \
	" AND " LEFT_ALONE("c") \
	NOT_MEMBER("pg_class", "c.oid") \
	/* properties of covered tables that diff() does not compare */ \
	" UNION ALL SELECT 'rule', pg_catalog.format('%s on %s', r.rulename, c.relname)" \
	", c.relname::pg_catalog.text, " D(RULE_DEFINITION("r")) " FROM pg_catalog.pg_rewrite AS r JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "r.ev_class" \
	" WHERE c.relnamespace" AG_EQ "$1 AND r.rulename" AG_NE "'_RETURN'" \
	/* -1 before PostgreSQL 17, NULL since: the default */ \
	" UNION ALL SELECT 'column statistics target', pg_catalog.format('%s.%s', c.relname, a.attname)" \
	", NULL, " D("'SET STATISTICS ' OPERATOR(pg_catalog.||) a.attstattarget::pg_catalog.text") \
	" FROM pg_catalog.pg_attribute AS a JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "a.attrelid" \
	" WHERE c.relnamespace" AG_EQ "$1" \
	" AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,m,i}'::pg_catalog.\"char\"[])" \
	" AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped" \
	" AND COALESCE(a.attstattarget::pg_catalog.int4, -1)" AG_NE "-1" \
	NOT_MEMBER("pg_class", "c.oid") \
	/* PostgreSQL 18: a not-null constraint NOT VALID, or NO INHERIT */ \
	" UNION ALL SELECT 'not-null constraint', pg_catalog.format('%s on %s', o.conname, c.relname)" \
	", c.relname::pg_catalog.text, " D("pg_catalog.pg_get_constraintdef(o.oid)") \
	" FROM pg_catalog.pg_constraint AS o JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "o.conrelid" \
	" WHERE c.relnamespace" AG_EQ "$1 AND o.contype" AG_EQ "'n'" \
	" AND (NOT o.convalidated OR o.connoinherit)" \
	NOT_MEMBER("pg_class", "c.oid") \
	NAMED_ONLY("text search configuration", "pg_ts_config", "cfgname", "cfgnamespace") \
	NAMED_ONLY("text search dictionary", "pg_ts_dict", "dictname", "dictnamespace") \
	NAMED_ONLY("text search parser", "pg_ts_parser", "prsname", "prsnamespace") \
	NAMED_ONLY("text search template", "pg_ts_template", "tmplname", "tmplnamespace") \
	NAMED_ONLY("operator class", "pg_opclass", "opcname", "opcnamespace") \
	NAMED_ONLY("operator family", "pg_opfamily", "opfname", "opfnamespace") \
	NAMED_ONLY("conversion", "pg_conversion", "conname", "connamespace") \
	/* base, range and pseudo types (enums, domains, composites are covered) */ \
	" UNION ALL SELECT CASE WHEN t.typtype" AG_EQ "'r' THEN 'range type'" \
	"  ELSE 'type' END, t.typname::pg_catalog.text" \
	", NULL, NULL FROM pg_catalog.pg_type AS t" \
	" WHERE t.typnamespace" AG_EQ "$1" \
	" AND t.typtype OPERATOR(pg_catalog.=) ANY ('{b,r,p}'::pg_catalog.\"char\"[])" \
	/* not an array type (every table has one): no scan of pg_type per type */ \
	" AND t.typcategory" AG_NE "'A'" \
	NOT_MEMBER("pg_type", "t.oid") \
	" UNION ALL SELECT CASE WHEN p.prokind" AG_EQ "'a' THEN 'aggregate' ELSE 'window function' END," \
	"  pg_catalog.format('%s(%s)', p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid))" \
	", NULL, " D(ROUTINE_DEFINITION("p")) " FROM pg_catalog.pg_proc AS p WHERE p.pronamespace" AG_EQ "$1" \
	" AND p.prokind OPERATOR(pg_catalog.=) ANY ('{a,w}'::pg_catalog.\"char\"[])" \
	NOT_MEMBER("pg_proc", "p.oid") \
	" UNION ALL SELECT 'trigger', pg_catalog.format('%s on %s', g.tgname, c.relname)" \
	", c.relname::pg_catalog.text, " D(TRIGGER_DEFINITION("g")) " FROM pg_catalog.pg_trigger AS g JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "g.tgrelid" \
	" WHERE c.relnamespace" AG_EQ "$1 AND NOT g.tgisinternal" \
	" AND c.relkind" AG_NE "'r'" \
	" UNION ALL SELECT 'policy', pg_catalog.format('%s on %s', o.polname, c.relname)" \
	", c.relname::pg_catalog.text, " D(POLICY_DEFINITION("o")) " FROM pg_catalog.pg_policy AS o JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "o.polrelid" \
	" WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" AG_NE "'r'" \
	NAMED_ONLY("operator", "pg_operator", "oprname", "oprnamespace") \
	NAMED_ONLY("collation", "pg_collation", "collname", "collnamespace") \
	" UNION ALL SELECT 'statistics object', o.stxname::pg_catalog.text" \
	", NULL, " D("pg_catalog.concat_ws(' ', pg_catalog.pg_get_statisticsobjdef(o.oid), 'STATISTICS '" \
				 " OPERATOR(pg_catalog.||) " AG_NULLIF("COALESCE(o.stxstattarget::pg_catalog.int4, -1)", "-1") ")") \
	" FROM pg_catalog.pg_statistic_ext AS o WHERE o.stxnamespace" AG_EQ "$1" \
	" UNION ALL SELECT 'extension', e.extname::pg_catalog.text, NULL," \
	" " D("'VERSION ' OPERATOR(pg_catalog.||) pg_catalog.quote_literal(e.extversion)") \
	" FROM pg_catalog.pg_extension AS e" \
	" WHERE e.extnamespace" AG_EQ "$1" \
	") AS u ORDER BY kind COLLATE pg_catalog.\"C\", name COLLATE pg_catalog.\"C\""

/* (read without their definitions, and with them) */
#define WITHOUT(expression) "NULL::pg_catalog.text"
#define WITH(expression) expression

static AgQuery q_uncovered = {.sql = UNCOVERED(WITHOUT)};
static AgQuery q_uncovered_defined = {.sql = UNCOVERED(WITH)};

/*
 * The casts from or to a type of the schema, or with a function of it
 * (pg_cast has no schema): their function and target type, and their
 * name, "a AS b"
 */
#define AG_MODEL_CASTS \
	"SELECT c.castfunc, c.casttarget, pg_catalog.format('%s AS %s'," \
	" pg_catalog.format_type(c.castsource, NULL), pg_catalog.format_type(c.casttarget, NULL)) AS name" \
	" FROM pg_catalog.pg_cast AS c" \
	" JOIN pg_catalog.pg_type AS s ON s.oid" AG_EQ "c.castsource" \
	" JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "c.casttarget" \
	" LEFT JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "c.castfunc" \
	" WHERE s.typnamespace" AG_EQ "$1 OR t.typnamespace" AG_EQ "$1 OR p.pronamespace" AG_EQ "$1"

static AgQuery q_casts = {
	.sql = "SELECT m.name FROM (" AG_MODEL_CASTS ") AS m ORDER BY m.name COLLATE pg_catalog.\"C\""
};

/*
 * Which objects of the schema (AgUncoveredUse) depend on a type (range,
 * multirange, base or pseudo type, or an array of one), a range type's
 * constructor, a collation, an operator, an operator class or a text
 * search configuration or dictionary of the schema that autogenerate does
 * not make: the kind and name it is listed under above (a multirange type's
 * or a constructor's range type).
 */
static AgQuery q_uncovered_uses = {
	.sql = "WITH mc AS MATERIALIZED (" AG_MODEL_CASTS ")"
	" SELECT u.what, u.key, k.kind, k.name FROM ("
	" SELECT 'v'::pg_catalog.\"char\" AS what, v.relname::pg_catalog.text AS key,"
	"  d.classid, d.refclassid, d.refobjid, d.refobjsubid FROM pg_catalog.pg_class AS v"
	" JOIN pg_catalog.pg_rewrite AS w ON w.ev_class" AG_EQ "v.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_rewrite'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "w.oid"
	" WHERE v.relnamespace" AG_EQ "$1"
	" AND v.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	" UNION ALL SELECT 'f', pg_catalog.format('%s(%s)', p.proname, pg_catalog.oidvectortypes(p.proargtypes)),"
	"  d.classid, d.refclassid, d.refobjid, d.refobjsubid FROM pg_catalog.pg_proc AS p"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "p.oid"
	" WHERE p.pronamespace" AG_EQ "$1"
	" UNION ALL SELECT 'i', i.relname::pg_catalog.text, d.classid, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM pg_catalog.pg_class AS i"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "i.oid"
	" WHERE i.relnamespace" AG_EQ "$1"
	" AND i.relkind OPERATOR(pg_catalog.=) ANY ('{i,I}'::pg_catalog.\"char\"[])"
	/* a table's constraints (a domain's are its own: 'y') */
	" UNION ALL SELECT (CASE WHEN c.contypid" AG_NE "0 THEN 'y' ELSE 'c' END)::pg_catalog.\"char\","
	"  CASE WHEN c.contypid" AG_NE "0 THEN y.typname::pg_catalog.text"
	"  ELSE pg_catalog.format('%s.%s', r.relname, c.conname) END, d.classid, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM pg_catalog.pg_constraint AS c"
	" LEFT JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "c.conrelid"
	" LEFT JOIN pg_catalog.pg_type AS y ON y.oid" AG_EQ "c.contypid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_constraint'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "c.oid"
	" WHERE c.connamespace" AG_EQ "$1"
	/* columns' defaults and generation expressions */
	" UNION ALL SELECT 'd', pg_catalog.format('%s.%s', r.relname, a.attname), d.classid, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM pg_catalog.pg_attrdef AS f"
	" JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "f.adrelid"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "f.adrelid AND a.attnum" AG_EQ "f.adnum"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_attrdef'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "f.oid"
	" WHERE r.relnamespace" AG_EQ "$1"
	" UNION ALL SELECT 'p', pg_catalog.format('%s.%s', r.relname, p.polname), d.classid, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM pg_catalog.pg_policy AS p"
	" JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "p.polrelid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_policy'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "p.oid"
	" WHERE r.relnamespace" AG_EQ "$1"
	" UNION ALL SELECT 't', pg_catalog.format('%s.%s', r.relname, t.tgname), d.classid, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM pg_catalog.pg_trigger AS t"
	" JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "t.tgrelid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_trigger'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "t.oid"
	" WHERE r.relnamespace" AG_EQ "$1 AND NOT t.tgisinternal"
	/* a domain: its base type, collation and default */
	" UNION ALL SELECT 'y', y.typname::pg_catalog.text, d.classid, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM pg_catalog.pg_type AS y"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "y.oid"
	" WHERE y.typnamespace" AG_EQ "$1 AND y.typtype" AG_EQ "'d') AS u"
	" JOIN LATERAL (SELECT CASE WHEN e.typtype OPERATOR(pg_catalog.=) ANY ('{r,m}'::pg_catalog.\"char\"[])"
	"   THEN 'range type' ELSE 'type' END AS kind,"
	"  COALESCE((SELECT r.typname FROM pg_catalog.pg_range AS g"
	"   JOIN pg_catalog.pg_type AS r ON r.oid" AG_EQ "g.rngtypid"
	"   WHERE g.rngmultitypid" AG_EQ "e.oid), e.typname)::pg_catalog.text AS name"
	"  FROM pg_catalog.pg_type AS t"
	"  JOIN pg_catalog.pg_type AS e ON e.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"   AND t.typelem" AG_NE "0 AND t.typtype" AG_NE "'d' THEN t.typelem ELSE t.oid END"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid" AG_EQ "u.refobjid"
	"  AND e.typnamespace" AG_EQ "$1"
	"  AND e.typtype OPERATOR(pg_catalog.=) ANY ('{b,r,m,p}'::pg_catalog.\"char\"[])"
	/* a range type's constructors, which the server makes with it */
	"  UNION ALL SELECT 'range type', r.typname::pg_catalog.text FROM pg_catalog.pg_depend AS i"
	"  JOIN pg_catalog.pg_type AS r ON r.oid" AG_EQ "i.refobjid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND i.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass AND i.objid" AG_EQ "u.refobjid"
	"  AND i.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND i.deptype" AG_EQ "'i'"
	"  AND r.typnamespace" AG_EQ "$1 AND r.typtype" AG_EQ "'r'"
	/*
	 * a table that autogenerate leaves alone, a partitioned table say, or
	 * its row type (or an array of it), "table": not made either
	 * (autogen_require_uncovered()); a foreign key's table, one a policy
	 * reads
	 */
	"  UNION ALL SELECT 'table', c.relname::pg_catalog.text FROM pg_catalog.pg_type AS t"
	"  JOIN pg_catalog.pg_type AS e ON e.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"   AND t.typelem" AG_NE "0 AND t.typtype" AG_NE "'d' THEN t.typelem ELSE t.oid END"
	"  JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "e.typrelid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid" AG_EQ "u.refobjid"
	"  AND c.relnamespace" AG_EQ "$1 AND " LEFT_ALONE("c")
	"  UNION ALL SELECT 'table', c.relname::pg_catalog.text FROM pg_catalog.pg_class AS c"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid" AG_EQ "u.refobjid"
	"  AND c.relnamespace" AG_EQ "$1 AND " LEFT_ALONE("c")
	/* and the column of it, "table column", named "table\ncolumn" */
	"  UNION ALL SELECT 'table column', c.relname::pg_catalog.text OPERATOR(pg_catalog.||) E'\\n'"
	"   OPERATOR(pg_catalog.||) a.attname::pg_catalog.text"
	"  FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "c.oid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND c.oid" AG_EQ "u.refobjid"
	"  AND a.attnum" AG_EQ "u.refobjsubid AND u.refobjsubid" AG_NE "0"
	"  AND c.relnamespace" AG_EQ "$1 AND " LEFT_ALONE("c")
	/*
	 * and the unique index of one that a foreign key needs, "table key",
	 * named "table\ncolumn\n..." by its key columns in order of name
	 */
	"  UNION ALL SELECT 'table key', c.relname::pg_catalog.text OPERATOR(pg_catalog.||)"
	"   (SELECT pg_catalog.string_agg(E'\\n' OPERATOR(pg_catalog.||) a.attname::pg_catalog.text, ''"
	"     ORDER BY a.attname COLLATE pg_catalog.\"C\") FROM pg_catalog.pg_attribute AS a"
	"    WHERE a.attrelid" AG_EQ "c.oid AND a.attnum OPERATOR(pg_catalog.=) ANY"
	"     ((x.indkey::pg_catalog.int2[])[0:x.indnkeyatts OPERATOR(pg_catalog.-) 1]))"
	"  FROM pg_catalog.pg_index AS x JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "x.indrelid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND x.indexrelid" AG_EQ "u.refobjid"
	"  AND c.relnamespace" AG_EQ "$1 AND " LEFT_ALONE("c")
	"  UNION ALL SELECT 'collation', c.collname::pg_catalog.text FROM pg_catalog.pg_collation AS c"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_collation'::pg_catalog.regclass"
	"  AND c.oid" AG_EQ "u.refobjid AND c.collnamespace" AG_EQ "$1"
	/*
	 * an operator (a check's c === c), an index's operator class, a text
	 * search configuration or dictionary (to_tsvector('cfg', ...)) of the
	 * schema, which autogenerate does not make either
	 */
	"  UNION ALL SELECT 'operator', o.oprname::pg_catalog.text FROM pg_catalog.pg_operator AS o"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_operator'::pg_catalog.regclass"
	"  AND o.oid" AG_EQ "u.refobjid AND o.oprnamespace" AG_EQ "$1"
	"  UNION ALL SELECT 'operator class', o.opcname::pg_catalog.text FROM pg_catalog.pg_opclass AS o"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_opclass'::pg_catalog.regclass"
	"  AND o.oid" AG_EQ "u.refobjid AND o.opcnamespace" AG_EQ "$1"
	"  UNION ALL SELECT 'text search configuration', o.cfgname::pg_catalog.text FROM pg_catalog.pg_ts_config AS o"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_ts_config'::pg_catalog.regclass"
	"  AND o.oid" AG_EQ "u.refobjid AND o.cfgnamespace" AG_EQ "$1"
	"  UNION ALL SELECT 'text search dictionary', o.dictname::pg_catalog.text FROM pg_catalog.pg_ts_dict AS o"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_ts_dict'::pg_catalog.regclass"
	"  AND o.oid" AG_EQ "u.refobjid AND o.dictnamespace" AG_EQ "$1"
	/*
	 * a cast of the schema's (mc), which autogenerate does not make: used
	 * by an expression that calls its function or converts to its type of
	 * the schema (the dependencies a cast's use leaves; not a routine's or
	 * a domain's own types)
	 */
	"  UNION ALL SELECT 'cast', mc.name FROM mc"
	"  WHERE u.classid" AG_NE "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND u.classid" AG_NE "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND ((u.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass AND u.refobjid" AG_EQ "mc.castfunc)"
	"   OR (u.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND u.refobjid" AG_EQ "mc.casttarget))) AS k ON true"
	" ORDER BY u.key COLLATE pg_catalog.\"C\""
};

/*
 * What of each table that autogenerate leaves alone depends on an enum,
 * domain or composite type (or an array of one) or a routine of the
 * schema, or on a covered table, its unique key or a column of it
 * (AgLeftAloneUse). A column, default, constraint or index that the
 * table has only through its parent (a partition's, an inherited one) is
 * not counted: the parent's own change reaches it (ALTER TABLE recurses),
 * or the parent, left alone too, is named for it. A typed table's type is
 * refused on its own (require_no_typed_table()).
 */
static AgQuery q_left_alone_uses = {
	.sql = "WITH alone AS (SELECT c.oid, c.relname, c.reloftype FROM pg_catalog.pg_class AS c"
	" WHERE c.relnamespace" AG_EQ "$1"
	" AND " LEFT_ALONE("c")
	NOT_MEMBER("pg_class", "c.oid") ")"
	" SELECT * FROM (SELECT DISTINCT u.relname::pg_catalog.text AS relname, u.what, k.kind, k.name FROM ("
	/*
	 * its own columns, and its partition key or its parents (objsubid 0:
	 * an inheritance child depends on each parent so)
	 */
	" SELECT a.relname, CASE WHEN d.objsubid" AG_NE "0 THEN pg_catalog.format('column %s', t.attname)"
	"  WHEN d.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND EXISTS ("
	"   SELECT FROM pg_catalog.pg_inherits AS h WHERE h.inhrelid" AG_EQ "a.oid"
	"   AND h.inhparent" AG_EQ "d.refobjid) THEN 'parent'"
	"  ELSE 'partition key' END AS what, d.refclassid, d.refobjid, d.refobjsubid"
	" FROM alone AS a JOIN pg_catalog.pg_depend AS d"
	"  ON d.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid" AG_EQ "a.oid"
	" LEFT JOIN pg_catalog.pg_attribute AS t ON t.attrelid" AG_EQ "a.oid AND t.attnum" AG_EQ "d.objsubid"
	" WHERE d.refobjid" AG_NE "a.reloftype AND (d.objsubid" AG_EQ "0 OR t.attinhcount" AG_EQ "0)"
	/* defaults and generation expressions, but those its parent's also drop */
	" UNION ALL SELECT a.relname, pg_catalog.format(CASE WHEN t.attgenerated" AG_EQ "''"
	"  THEN 'default of column %s' ELSE 'generation expression of column %s' END, t.attname),"
	"  d.refclassid, d.refobjid, d.refobjsubid"
	" FROM alone AS a JOIN pg_catalog.pg_attrdef AS f ON f.adrelid" AG_EQ "a.oid"
	" JOIN pg_catalog.pg_attribute AS t ON t.attrelid" AG_EQ "a.oid AND t.attnum" AG_EQ "f.adnum"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_attrdef'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "f.oid"
	" WHERE NOT (t.attinhcount OPERATOR(pg_catalog.>) 0 AND EXISTS (SELECT FROM pg_catalog.pg_inherits AS i"
	"  JOIN pg_catalog.pg_attribute AS pa ON pa.attrelid" AG_EQ "i.inhparent AND pa.attname" AG_EQ "t.attname"
	"  JOIN pg_catalog.pg_attrdef AS pf ON pf.adrelid" AG_EQ "pa.attrelid AND pf.adnum" AG_EQ "pa.attnum"
	/* (as printed: before 17 a child's copy has no parse locations) */
	"  WHERE i.inhrelid" AG_EQ "a.oid AND pg_catalog.pg_get_expr(pf.adbin, pf.adrelid)"
	"   OPERATOR(pg_catalog.=) pg_catalog.pg_get_expr(f.adbin, f.adrelid)))"
	/* constraints of its own */
	" UNION ALL SELECT a.relname, pg_catalog.format('constraint %s', o.conname), d.refclassid, d.refobjid, d.refobjsubid"
	" FROM alone AS a JOIN pg_catalog.pg_constraint AS o ON o.conrelid" AG_EQ "a.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_constraint'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "o.oid"
	" WHERE o.conislocal OR o.coninhcount" AG_EQ "0"
	/* indexes, but a partition's that its parent's index owns */
	" UNION ALL SELECT a.relname, pg_catalog.format('index %s', i.relname), d.refclassid, d.refobjid, d.refobjsubid"
	" FROM alone AS a JOIN pg_catalog.pg_index AS x ON x.indrelid" AG_EQ "a.oid"
	" JOIN pg_catalog.pg_class AS i ON i.oid" AG_EQ "x.indexrelid AND NOT i.relispartition"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "i.oid"
	/* triggers, but a partition's that its parent's trigger owns */
	" UNION ALL SELECT a.relname, pg_catalog.format('trigger %s', g.tgname), d.refclassid, d.refobjid, d.refobjsubid"
	" FROM alone AS a JOIN pg_catalog.pg_trigger AS g ON g.tgrelid" AG_EQ "a.oid"
	"  AND NOT g.tgisinternal AND g.tgparentid" AG_EQ "0"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_trigger'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "g.oid"
	" UNION ALL SELECT a.relname, pg_catalog.format('policy %s', p.polname), d.refclassid, d.refobjid, d.refobjsubid"
	" FROM alone AS a JOIN pg_catalog.pg_policy AS p ON p.polrelid" AG_EQ "a.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_policy'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "p.oid"
	") AS u JOIN LATERAL ("
	/* an enum, domain or composite type of the schema, or an array of one */
	" SELECT 't'::pg_catalog.\"char\" AS kind, e.typname::pg_catalog.text AS name"
	"  FROM pg_catalog.pg_type AS t"
	"  JOIN pg_catalog.pg_type AS e ON e.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"   AND t.typelem" AG_NE "0 AND t.typtype" AG_NE "'d' THEN t.typelem ELSE t.oid END"
	"  LEFT JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "e.typrelid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid" AG_EQ "u.refobjid"
	"  AND e.typnamespace" AG_EQ "$1"
	"  AND (e.typtype OPERATOR(pg_catalog.=) ANY ('{e,d}'::pg_catalog.\"char\"[]) OR r.relkind" AG_EQ "'c')"
	" UNION ALL SELECT 'f', pg_catalog.format('%s(%s)', p.proname, pg_catalog.oidvectortypes(p.proargtypes))"
	"  FROM pg_catalog.pg_proc AS p"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass AND p.oid" AG_EQ "u.refobjid"
	"  AND p.pronamespace" AG_EQ "$1"
	/*
	 * another table of the schema ('r': a foreign key's, a policy's), and
	 * the table whose unique index a foreign key needs ('k')
	 */
	" UNION ALL SELECT 'r', r.relname::pg_catalog.text FROM pg_catalog.pg_class AS r"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND r.oid" AG_EQ "u.refobjid"
	"  AND r.relnamespace" AG_EQ "$1 AND r.relkind" AG_EQ "'r' AND r.relname" AG_NE "u.relname"
	/*
	 * and a column of one that a policy reads ('a', "table\ncolumn"): the
	 * server refuses to change its type or drop it; or that a foreign key
	 * references ('e'): it makes the key again when the type changes, and
	 * fails when the new type cannot be compared with the key's column's
	 */
	" UNION ALL SELECT (CASE WHEN u.what OPERATOR(pg_catalog.^@) 'policy ' THEN 'a' ELSE 'e' END)::pg_catalog.\"char\","
	"  r.relname::pg_catalog.text OPERATOR(pg_catalog.||) E'\\n'"
	"  OPERATOR(pg_catalog.||) t.attname::pg_catalog.text"
	"  FROM pg_catalog.pg_class AS r JOIN pg_catalog.pg_attribute AS t ON t.attrelid" AG_EQ "r.oid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND r.oid" AG_EQ "u.refobjid"
	"  AND t.attnum" AG_EQ "u.refobjsubid AND u.refobjsubid" AG_NE "0"
	"  AND (u.what OPERATOR(pg_catalog.^@) 'policy ' OR u.what OPERATOR(pg_catalog.^@) 'constraint ')"
	"  AND r.relnamespace" AG_EQ "$1 AND r.relkind" AG_EQ "'r' AND r.relname" AG_NE "u.relname"
	/*
	 * and the row type of one (or an array of it) that a column holds
	 * ('w'): the server refuses to drop the table or change a column's type
	 */
	" UNION ALL SELECT 'w', r.relname::pg_catalog.text FROM pg_catalog.pg_type AS t"
	"  JOIN pg_catalog.pg_type AS e ON e.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"   AND t.typelem" AG_NE "0 AND t.typtype" AG_NE "'d' THEN t.typelem ELSE t.oid END"
	"  JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "e.typrelid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass AND t.oid" AG_EQ "u.refobjid"
	"  AND u.what OPERATOR(pg_catalog.^@) 'column '"
	"  AND r.relnamespace" AG_EQ "$1 AND r.relkind" AG_EQ "'r' AND r.relname" AG_NE "u.relname"
	" UNION ALL SELECT 'k', r.relname::pg_catalog.text FROM pg_catalog.pg_index AS x"
	"  JOIN pg_catalog.pg_class AS r ON r.oid" AG_EQ "x.indrelid"
	"  WHERE u.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND x.indexrelid" AG_EQ "u.refobjid"
	"  AND r.relnamespace" AG_EQ "$1 AND r.relkind" AG_EQ "'r' AND r.relname" AG_NE "u.relname"
	") AS k ON true) AS s"
	" ORDER BY s.relname COLLATE pg_catalog.\"C\", s.what COLLATE pg_catalog.\"C\","
	" s.name COLLATE pg_catalog.\"C\""
};

/*
 * The objects of the schema that autogenerate does not cover, with their
 * definitions if defined.
 */
void
autogen_read_uncovered(AgSchema *s, Oid nsp, bool defined)
{
	int			n = autogen_query(defined ? &q_uncovered_defined : &q_uncovered, nsp);

	s->nuncovered = n;
	s->uncovered = palloc0(sizeof(AgUncovered) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		s->uncovered[i].kind = autogen_value(i, 1);
		s->uncovered[i].name = autogen_value(i, 2);
		s->uncovered[i].table = autogen_bool(i, 3);
		s->uncovered[i].multirange = autogen_value(i, 4);
		s->uncovered[i].of_type = autogen_value(i, 5);
		s->uncovered[i].on_relation = autogen_value(i, 6);
		s->uncovered[i].definition = autogen_value(i, 7);
	}
	/* its casts, which no uncovered object lists (pg_cast has no schema) */
	s->casts = NIL;
	for (int i = 0, m = autogen_query(&q_casts, nsp); i < m; i++)
		s->casts = lappend(s->casts, autogen_value(i, 1));
	if (n == 0 && s->casts == NIL)
		return;
	for (int i = 0; i < s->nuncovered; i++)
		if (s->uncovered[i].table)
		{
			int			m = autogen_query(&q_left_alone_uses, nsp);

			s->nleft_alone_uses = m;
			s->left_alone_uses = palloc0(sizeof(AgLeftAloneUse) * (m + 1));
			for (int j = 0; j < m; j++)
			{
				s->left_alone_uses[j].table = autogen_value(j, 1);
				s->left_alone_uses[j].what = autogen_value(j, 2);
				s->left_alone_uses[j].kind = autogen_value(j, 3)[0];
				s->left_alone_uses[j].name = autogen_value(j, 4);
			}
			break;
		}
	n = autogen_query(&q_uncovered_uses, nsp);
	s->nuncovered_uses = n;
	s->uncovered_uses = palloc0(sizeof(AgUncoveredUse) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		s->uncovered_uses[i].what = autogen_value(i, 1)[0];
		s->uncovered_uses[i].key = autogen_value(i, 2);
		s->uncovered_uses[i].kind = autogen_value(i, 3);
		s->uncovered_uses[i].name = autogen_value(i, 4);
	}
}
