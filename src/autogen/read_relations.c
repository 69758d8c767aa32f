/*-------------------------------------------------------------------------
 *
 * src/autogen/read_relations.c
 *	  Catalog readers for relations: tables and their columns, constraints,
 *	  indexes and sequences.
 *
 * One query per family; rows come sorted by table and name in byte order,
 * which is the order the comparison merges in.
 *
 * Index, primary key, unique and foreign key definitions are composed here
 * from the names the column reader has already read, whenever the query
 * finds the definition to be one whose text can be composed exactly as
 * pg_get_indexdef() or pg_get_constraintdef() print it (plain columns,
 * default operator classes and order, a foreign key to a visible table of
 * the schema, ...); any other definition the query has those functions
 * print. The text is the same either way; but each of their calls fills
 * catalog caches one miss at a time in a new backend, and
 * pg_get_indexdef() also builds the relation cache entry of the index's
 * table: for 1,000 tables, most of what a session's first fingerprint()
 * took more than its later ones.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/transam.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/syscache.h"

#include "compat.h"
#include "autogen.h"
#include "compare.h"

static AgQuery q_tables = {
	.sql = AG_REL_CTE
	"SELECT r.relname, d.description, c.relrowsecurity, c.relforcerowsecurity,"
	AG_OTHER_OWNER("c.relowner") ", c.relpersistence" AG_EQ "'u',"
	" (SELECT pg_catalog.string_agg(o.o, E'\\n' ORDER BY o.o COLLATE pg_catalog.\"C\")"
	"  FROM (SELECT pg_catalog.unnest(c.reloptions) AS o UNION ALL"
	"   SELECT 'toast.' OPERATOR(pg_catalog.||) pg_catalog.unnest(tc.reloptions)) AS o),"
	" c.relreplident, (SELECT x.relname FROM pg_catalog.pg_index AS i"
	"  JOIN pg_catalog.pg_class AS x ON x.oid" AG_EQ "i.indexrelid"
	"  WHERE i.indrelid" AG_EQ "c.oid AND i.indisreplident)"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "r.oid"
	" LEFT JOIN pg_catalog.pg_class AS tc ON tc.oid" AG_EQ "c.reltoastrelid"
	AG_COMMENT_JOIN("pg_class", "r.oid", "0")
	"ORDER BY r.relname COLLATE pg_catalog.\"C\""
};

static AgQuery q_columns = {
	.sql = AG_REL_CTE
	"SELECT r.relname, a.attname, a.attnum,"
	" pg_catalog.format_type(a.atttypid, a.atttypmod),"
	" CASE WHEN t.typnamespace" AG_EQ "'pg_catalog'::pg_catalog.regnamespace"
	"  THEN a.atttypid ELSE 0 END, a.atttypmod,"
	" CASE WHEN a.attcollation" AG_NE "t.typcollation AND a.attcollation" AG_NE "0 THEN"
	"  CASE WHEN pg_catalog.pg_collation_is_visible(co.oid) THEN pg_catalog.quote_ident(co.collname)"
	"  ELSE pg_catalog.quote_ident(cn.nspname) OPERATOR(pg_catalog.||) '.'"
	"   OPERATOR(pg_catalog.||) pg_catalog.quote_ident(co.collname) END END,"
	/*
	 * a default names no column, so it deparses without its table, which
	 * pg_get_expr() would otherwise open (locking it and building its
	 * relcache entry, in a new backend once per table); a generated
	 * column's expression names columns and needs it
	 */
	" a.attnotnull, pg_catalog.pg_get_expr(ad.adbin,"
	"  CASE WHEN a.attgenerated" AG_EQ "'' THEN 0::pg_catalog.oid ELSE ad.adrelid END),"
	" a.attidentity, a.attgenerated,"
	" CASE WHEN et.typtype OPERATOR(pg_catalog.=) ANY ('{e,d,c}'::pg_catalog.\"char\"[])"
	"  AND et.typnamespace" AG_EQ "$1 THEN et.typname END,"
	" d.description,"
	/* an identity column's sequence options (not its name) */
	" CASE WHEN a.attidentity" AG_NE "'' THEN (SELECT pg_catalog.format("
	"  'START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s %s"
	"|SET START WITH %1$s SET INCREMENT BY %2$s SET MINVALUE %3$s SET MAXVALUE %4$s"
	" SET CACHE %5$s SET %6$s',"
	"  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
	"  CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_sequence AS s ON s.seqrelid" AG_EQ "q.objid"
	"  WHERE q.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND q.refobjid" AG_EQ "a.attrelid AND q.refobjsubid" AG_EQ "a.attnum"
	"  AND q.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.deptype" AG_EQ "'i') END,"
	/* the schema's routines its default calls */
	" CASE WHEN ad.oid IS NOT NULL THEN " ROUTINES_CALLED("pg_attrdef", "ad.oid")
	" END, a.atttypid, a.attcollation,"
	/*
	 * its type (or element type; a multirange: its range) when it is one
	 * of this schema that autogenerate does not make, named as the
	 * uncovered objects are; its collation when it is one of this schema
	 */
	" CASE WHEN et.typnamespace" AG_EQ "$1"
	"  AND et.typtype OPERATOR(pg_catalog.=) ANY ('{b,r,m,p}'::pg_catalog.\"char\"[]) THEN"
	"  CASE WHEN et.typtype" AG_EQ "'m' THEN (SELECT rt.typname FROM pg_catalog.pg_range AS rg"
	"   JOIN pg_catalog.pg_type AS rt ON rt.oid" AG_EQ "rg.rngtypid WHERE rg.rngmultitypid" AG_EQ "et.oid)"
	"  ELSE et.typname END END,"
	" CASE WHEN et.typtype OPERATOR(pg_catalog.=) ANY ('{r,m}'::pg_catalog.\"char\"[]) THEN 'range type'"
	"  ELSE 'type' END,"
	" CASE WHEN co.collnamespace" AG_EQ "$1 THEN co.collname END, et.oid" AG_NE "t.oid,"
	" CASE WHEN a.attnotnull THEN " AG_COLUMN_NOT_NULL_NAME("a") " END,"
	" a.attstorage, t.typstorage, a.attcompression,"
	/*
	 * the columns a generated column reads: its expression's dependencies
	 * (of its pg_attrdef row; of the column itself on some releases), less
	 * the expression's on its own column
	 */
	" CASE WHEN a.attgenerated" AG_NE "'' THEN (SELECT pg_catalog.array_agg(DISTINCT q.refobjsubid::pg_catalog.int2)"
	"  FROM pg_catalog.pg_depend AS q"
	"  WHERE (q.classid" AG_EQ "'pg_catalog.pg_attrdef'::pg_catalog.regclass AND q.objid" AG_EQ "ad.oid"
	"   OR q.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.objid" AG_EQ "a.attrelid"
	"   AND q.objsubid" AG_EQ "a.attnum)"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.refobjid" AG_EQ "a.attrelid"
	"  AND q.refobjsubid OPERATOR(pg_catalog.>) 0 AND q.refobjsubid" AG_NE "a.attnum) END"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "r.oid"
	"  AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
	" JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "a.atttypid"
	" JOIN pg_catalog.pg_type AS et ON et.oid" AG_EQ "CASE WHEN t.typcategory" AG_EQ "'A'"
	"  AND t.typelem" AG_NE "0 THEN t.typelem ELSE t.oid END"
	" LEFT JOIN pg_catalog.pg_attrdef AS ad ON ad.adrelid" AG_EQ "a.attrelid"
	"  AND ad.adnum" AG_EQ "a.attnum"
	" LEFT JOIN pg_catalog.pg_collation AS co ON co.oid" AG_EQ "a.attcollation"
	" LEFT JOIN pg_catalog.pg_namespace AS cn ON cn.oid" AG_EQ "co.collnamespace"
	AG_COMMENT_JOIN("pg_class", "r.oid", "a.attnum")
	"ORDER BY r.relname COLLATE pg_catalog.\"C\", a.attname COLLATE pg_catalog.\"C\""
};

static AgQuery q_constraints = {
	.sql = AG_REL_CTE
	"SELECT r.relname, co.conname, co.contype,"
	/*
	 * the definition, unless it is one that autogen_read_constraints()
	 * may compose: a primary key or unique constraint with no INCLUDE
	 * columns or NULLS NOT DISTINCT, a foreign key to a relation of the
	 * schema that no relation of pg_catalog hides, with no ON DELETE SET
	 * NULL (columns) and a match type and actions it knows; it checks that
	 * the relation is one of the tables it read, and that the search_path
	 * is the readers' (so that pg_get_constraintdef() would name it
	 * unqualified)
	 */
	" CASE WHEN co.contype OPERATOR(pg_catalog.=) ANY ('{p,u}'::pg_catalog.\"char\"[])"
	"  AND x.indnatts" AG_EQ "pg_catalog.cardinality(co.conkey) AND NOT x.indnullsnotdistinct"
	SCHEMAMIG_CON_PLAIN " THEN NULL"
	" WHEN co.contype" AG_EQ "'f' AND co.confdelsetcols IS NULL"
	"  AND co.confmatchtype OPERATOR(pg_catalog.=) ANY ('{s,f,p}'::pg_catalog.\"char\"[])"
	"  AND co.confupdtype OPERATOR(pg_catalog.=) ANY ('{a,r,c,n,d}'::pg_catalog.\"char\"[])"
	"  AND co.confdeltype OPERATOR(pg_catalog.=) ANY ('{a,r,c,n,d}'::pg_catalog.\"char\"[])"
	"  AND fr.oid IS NOT NULL AND pc.oid IS NULL"
	SCHEMAMIG_CON_PLAIN " THEN NULL"
	" ELSE pg_catalog.pg_get_constraintdef(co.oid) END,"
	" fr.relname, d.description,"
	/* an exclusion constraint's expressions are its index's */
	" CASE WHEN co.contype" AG_EQ "'c' THEN " ROUTINES_CALLED("pg_constraint", "co.oid")
	" WHEN co.contype" AG_EQ "'x' THEN " ROUTINES_CALLED("pg_class", "co.conindid") " END,"
	" co.oid, co.conkey, co.confkey, co.confmatchtype, co.confupdtype, co.confdeltype,"
	" co.condeferrable, co.condeferred, co.convalidated,"
	/* the columns it uses, and those its index uses (0: a whole row) */
	" (SELECT pg_catalog.array_agg(q.refobjsubid::pg_catalog.int2) FROM pg_catalog.pg_depend AS q"
	"  WHERE q.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.refobjid" AG_EQ "co.conrelid"
	"  AND ((q.classid" AG_EQ "'pg_catalog.pg_constraint'::pg_catalog.regclass AND q.objid" AG_EQ "co.oid)"
	"   OR (co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog.\"char\"[])"
	"    AND q.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.objid" AG_EQ "co.conindid)))"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_constraint AS co ON co.conrelid" AG_EQ "r.oid"
	" LEFT JOIN pg_catalog.pg_class AS fr ON fr.oid" AG_EQ "co.confrelid"
	"  AND fr.relnamespace" AG_EQ "$1"
	" LEFT JOIN pg_catalog.pg_index AS x ON x.indexrelid" AG_EQ "co.conindid"
	/* a relation of pg_catalog of the same name would hide it */
	" LEFT JOIN pg_catalog.pg_class AS pc ON pc.relname" AG_EQ "fr.relname"
	"  AND pc.relnamespace" AG_EQ "'pg_catalog'::pg_catalog.regnamespace"
	AG_COMMENT_JOIN("pg_constraint", "co.oid", "0")
	"WHERE co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,c,f,x}'::pg_catalog.\"char\"[])"
	/*
	 * not a foreign key's clone for each partition of the partitioned table
	 * it references (t_fkey_1 REFERENCES p1): the server makes and drops
	 * those with the foreign key itself
	 */
	" AND co.conparentid" AG_EQ "0 "
	"ORDER BY r.relname COLLATE pg_catalog.\"C\", co.conname COLLATE pg_catalog.\"C\""
};

/*
 * indexes that no primary key, unique or exclusion constraint owns, of
 * tables and of materialized views
 */
static AgQuery q_indexes = {
	.sql = AG_REL_CTE_OF(AG_EQ "ANY ('{r,m}'::pg_catalog.\"char\"[])")
	"SELECT r.relname, i.relname, x.indisunique,"
	/*
	 * the definition, unless autogen_read_indexes() may compose it: no
	 * expression, predicate, INCLUDE, NULLS NOT DISTINCT, storage parameter
	 * or operator class option, a plain index in a schema that is not the
	 * session's temporary one (which pg_get_indexdef() names pg_temp); it
	 * checks each column itself
	 */
	" CASE WHEN x.indexprs IS NULL AND x.indpred IS NULL"
	"  AND x.indnatts" AG_EQ "x.indnkeyatts AND NOT x.indnullsnotdistinct"
	"  AND i.reloptions IS NULL AND i.relkind" AG_EQ "'i'"
	"  AND $1" AG_NE "pg_catalog.pg_my_temp_schema()"
	"  AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute AS ia"
	"   WHERE ia.attrelid" AG_EQ "x.indexrelid AND ia.attoptions IS NOT NULL)"
	" THEN NULL ELSE pg_catalog.pg_get_indexdef(x.indexrelid) END,"
	" d.description,"
	" CASE WHEN x.indexprs IS NOT NULL OR x.indpred IS NOT NULL THEN"
	" " ROUTINES_CALLED("pg_class", "x.indexrelid") " END,"
	" x.indexrelid, am.amname, x.indkey, x.indclass, x.indcollation, x.indoption,"
	/*
	 * the statistics targets of its expressions' columns (no other can
	 * have one), -1 before PostgreSQL 17 and NULL since for the default
	 */
	" CASE WHEN x.indexprs IS NOT NULL THEN"
	" (SELECT pg_catalog.string_agg(pg_catalog.format('%s %s', ia.attnum, ia.attstattarget), E'\\n'"
	"   ORDER BY ia.attnum) FROM pg_catalog.pg_attribute AS ia"
	"  WHERE ia.attrelid" AG_EQ "x.indexrelid"
	"  AND COALESCE(ia.attstattarget::pg_catalog.int4, -1)" AG_NE "-1) END,"
	/* the key columns of a unique index a foreign key may reference */
	" CASE WHEN x.indisunique AND x.indexprs IS NULL AND x.indpred IS NULL THEN"
	" (SELECT pg_catalog.array_agg(k.attnum ORDER BY k.o)"
	"  FROM pg_catalog.unnest(x.indkey) WITH ORDINALITY AS k(attnum, o)"
	"  WHERE k.o OPERATOR(pg_catalog.<=) x.indnkeyatts) END,"
	/* the columns it uses (0: a whole row) */
	" (SELECT pg_catalog.array_agg(q.refobjsubid::pg_catalog.int2) FROM pg_catalog.pg_depend AS q"
	"  WHERE q.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.objid" AG_EQ "x.indexrelid"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.refobjid" AG_EQ "x.indrelid)"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_index AS x ON x.indrelid" AG_EQ "r.oid"
	" JOIN pg_catalog.pg_class AS i ON i.oid" AG_EQ "x.indexrelid"
	" JOIN pg_catalog.pg_am AS am ON am.oid" AG_EQ "i.relam"
	AG_COMMENT_JOIN("pg_class", "i.oid", "0")
	"WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint AS co"
	" WHERE co.conindid" AG_EQ "x.indexrelid AND co.conrelid" AG_EQ "x.indrelid"
	" AND co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog.\"char\"[]))"
	"ORDER BY r.relname COLLATE pg_catalog.\"C\", i.relname COLLATE pg_catalog.\"C\""
};

/* row-level security policies of the schema's tables */
static AgQuery q_policies = {
	.sql = AG_REL_CTE
	"SELECT r.relname, o.polname, pg_catalog.concat("
	" 'AS ', CASE WHEN o.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,"
	" ' FOR ', CASE WHEN o.polcmd" AG_EQ "'r' THEN 'SELECT' WHEN o.polcmd" AG_EQ "'a' THEN 'INSERT'"
	"  WHEN o.polcmd" AG_EQ "'w' THEN 'UPDATE' WHEN o.polcmd" AG_EQ "'d' THEN 'DELETE' ELSE 'ALL' END),"
	" CASE WHEN o.polroles" AG_EQ "'{0}' THEN 'PUBLIC' ELSE"
	"  pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(a.rolname)"
	"   FROM pg_catalog.pg_roles AS a WHERE a.oid OPERATOR(pg_catalog.=) ANY (o.polroles)"
	"   ORDER BY a.rolname COLLATE pg_catalog.\"C\"), ', ') END,"
	" pg_catalog.pg_get_expr(o.polqual, o.polrelid), pg_catalog.pg_get_expr(o.polwithcheck, o.polrelid),"
	" d.description, " ROUTINES_CALLED("pg_policy", "o.oid")
	" FROM rel AS r"
	" JOIN pg_catalog.pg_policy AS o ON o.polrelid" AG_EQ "r.oid"
	AG_COMMENT_JOIN("pg_policy", "o.oid", "0")
	"ORDER BY r.relname COLLATE pg_catalog.\"C\", o.polname COLLATE pg_catalog.\"C\""
};

/*
 * the columns of the schema's tables that a policy's USING or WITH CHECK
 * reads: their type cannot change while it does
 */
static AgQuery q_policy_reads = {
	.sql = AG_REL_CTE
	"SELECT r.relname, o.polname, c.relname::pg_catalog.text, a.attname::pg_catalog.text"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_policy AS o ON o.polrelid" AG_EQ "r.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_policy'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "o.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND d.refobjsubid" AG_NE "0"
	" JOIN rel AS c ON c.oid" AG_EQ "d.refobjid"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "d.refobjid"
	"  AND a.attnum" AG_EQ "d.refobjsubid"
	" ORDER BY r.relname COLLATE pg_catalog.\"C\", o.polname COLLATE pg_catalog.\"C\""
};

/*
 * views and materialized views; a materialized view's options with its
 * TOAST table's (toast.name=value), after its own; each sorted, as the
 * order a model gives them in (WITH (check_option = local,
 * security_barrier = true)) is kept in reloptions and means nothing
 */
static AgQuery q_views = {
	.sql = "SELECT c.relname, c.relkind" AG_EQ "'m', c.relispopulated,"
	" pg_catalog.array_to_string((SELECT pg_catalog.array_agg(o.o ORDER BY o.o COLLATE pg_catalog.\"C\")"
	"   FROM pg_catalog.unnest(c.reloptions) AS o) OPERATOR(pg_catalog.||)"
	"  (SELECT pg_catalog.array_agg('toast.' OPERATOR(pg_catalog.||) o.o ORDER BY o.o COLLATE pg_catalog.\"C\")"
	"   FROM pg_catalog.unnest(tc.reloptions) AS o), ', '),"
	" pg_catalog.pg_get_viewdef(c.oid, true), d.description," AG_OTHER_OWNER("c.relowner") ","
	/* its columns, as CREATE OR REPLACE VIEW compares them */
	" (SELECT pg_catalog.string_agg(pg_catalog.format('%I %s %s', a.attname,"
	"   pg_catalog.format_type(a.atttypid, a.atttypmod), a.attcollation::pg_catalog.regcollation),"
	"   E'\\n' ORDER BY a.attnum) FROM pg_catalog.pg_attribute AS a"
	"  WHERE a.attrelid" AG_EQ "c.oid AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped)"
	" FROM pg_catalog.pg_class AS c"
	" LEFT JOIN pg_catalog.pg_class AS tc ON tc.oid" AG_EQ "c.reltoastrelid"
	AG_COMMENT_JOIN("pg_class", "c.oid", "0")
	"WHERE c.relnamespace" AG_EQ "$1"
	" AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND e.objid" AG_EQ "c.oid AND e.deptype" AG_EQ "'e')"
	"ORDER BY c.relname COLLATE pg_catalog.\"C\""
};

/* the comments on views' columns (COMMENT ON COLUMN view.column) */
static AgQuery q_view_column_comments = {
	.sql = "SELECT c.relname, a.attname, d.description"
	" FROM pg_catalog.pg_class AS c"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "c.oid AND a.attnum OPERATOR(pg_catalog.>) 0"
	"  AND NOT a.attisdropped"
	" JOIN pg_catalog.pg_description AS d ON d.objoid" AG_EQ "c.oid"
	"  AND d.classoid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid" AG_EQ "a.attnum"
	" WHERE c.relnamespace" AG_EQ "$1"
	" AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	" ORDER BY c.relname COLLATE pg_catalog.\"C\", a.attnum"
};

/*
 * what each view reads of the schema, through its rule: relations (kind
 * 'r', 'v', 'm', ...) and routines (kind 'f', named by identity)
 */
static AgQuery q_view_uses = {
	.sql = "SELECT DISTINCT v.relname, u.relname::pg_catalog.text, u.relkind, a.attname::pg_catalog.text"
	" FROM pg_catalog.pg_class AS v"
	" JOIN pg_catalog.pg_rewrite AS w ON w.ev_class" AG_EQ "v.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_rewrite'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "w.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	" JOIN pg_catalog.pg_class AS u ON u.oid" AG_EQ "d.refobjid"
	/* (a column it reads: the server binds the view to it) */
	" LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "u.oid"
	"  AND a.attnum" AG_EQ "d.refobjsubid AND d.refobjsubid" AG_NE "0"
	" WHERE v.relnamespace" AG_EQ "$1 AND u.relnamespace" AG_EQ "$1 AND u.oid" AG_NE "v.oid"
	" AND v.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	" UNION SELECT v.relname, pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)), 'f'::pg_catalog.\"char\", NULL::pg_catalog.text"
	" FROM pg_catalog.pg_class AS v"
	" JOIN pg_catalog.pg_rewrite AS w ON w.ev_class" AG_EQ "v.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_rewrite'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "w.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	" JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "d.refobjid"
	" WHERE v.relnamespace" AG_EQ "$1 AND p.pronamespace" AG_EQ "$1"
	" AND v.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	/* not one the server made (a range's constructors): no routine of the schema's */
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND e.objid" AG_EQ "p.oid AND e.deptype OPERATOR(pg_catalog.=) ANY ('{e,i}'::pg_catalog.\"char\"[]))"
};

/* sequences, but those of identity columns (deptype 'i') */
static AgQuery q_sequences = {
	.sql = "SELECT c.relname,"
	" pg_catalog.format('AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %s',"
	"  pg_catalog.format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,"
	"  s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END),"
	" oc.relname, oa.attname, d.description," AG_OTHER_OWNER("c.relowner")
	" FROM pg_catalog.pg_class AS c"
	" JOIN pg_catalog.pg_sequence AS s ON s.seqrelid" AG_EQ "c.oid"
	" LEFT JOIN pg_catalog.pg_depend AS o ON o.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND o.objid" AG_EQ "c.oid AND o.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND o.deptype OPERATOR(pg_catalog.=) ANY ('{a,i}'::pg_catalog.\"char\"[])"
	"  AND o.refobjsubid OPERATOR(pg_catalog.>) 0"
	" LEFT JOIN pg_catalog.pg_class AS oc ON oc.oid" AG_EQ "o.refobjid"
	"  AND oc.relnamespace" AG_EQ "$1"
	" LEFT JOIN pg_catalog.pg_attribute AS oa ON oa.attrelid" AG_EQ "oc.oid"
	"  AND oa.attnum" AG_EQ "o.refobjsubid"
	AG_COMMENT_JOIN("pg_class", "c.oid", "0")
	"WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" AG_EQ "'S'"
	" AND (o.deptype IS NULL OR o.deptype" AG_EQ "'a')"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND e.objid" AG_EQ "c.oid AND e.deptype" AG_EQ "'e')"
	"ORDER BY c.relname COLLATE pg_catalog.\"C\""
};

/*
 * What an index definition says before its body: "CREATE [UNIQUE] INDEX
 * name ON schema.table ". pg_get_indexdef() always qualifies the table;
 * the rest (columns, expressions, predicate) it prints under the
 * search_path, which names the schema read alone.
 */
static char *
index_prefix(bool unique, const char *name, const char *nspname, const char *table)
{
	return psprintf("CREATE %sINDEX %s ON %s ", unique ? "UNIQUE " : "",
					quote_identifier(name), quote_qualified_identifier(nspname, table));
}

/* Order two strings of a List (list_sort()) byte by byte. */
static int
cmp_string_cells(const ListCell *a, const ListCell *b)
{
	return strcmp(lfirst(a), lfirst(b));
}

/*
 * def, an index's or constraint's definition as pg_get_indexdef() or
 * pg_get_constraintdef() print it, with the storage parameters of its
 * WITH (...) clause sorted: they are printed in the order they were given
 * in (WITH (fillfactor = 70, deduplicate_items = off)), which means
 * nothing, and an index compared on its definition was made again when
 * the model gave them in another order than the schema's. The clause is
 * the first " WITH (" outside parentheses and quotes (an exclusion
 * constraint's "c WITH &&" is inside them); its parameters are split at
 * ", " outside quotes.
 */
static char *
sort_with_options(char *def)
{
	int			depth = 0;
	char		quote = 0;
	const char *start = NULL;
	const char *end;
	List	   *options = NIL;
	const char *item;
	StringInfoData buf;
	ListCell   *lc;

	if (def == NULL)
		return NULL;
	for (const char *c = def; *c && start == NULL; c++)
	{
		if (quote)
			quote = *c == quote ? 0 : quote;
		else if (*c == '\'' || *c == '"')
			quote = *c;
		else if (*c == '(')
			depth++;
		else if (*c == ')')
			depth--;
		else if (depth == 0 && strncmp(c, " WITH (", 7) == 0)
			start = c + 7;
	}
	if (start == NULL)
		return def;
	item = start;
	for (end = start; *end; end++)
	{
		if (quote)
			quote = *end == quote ? 0 : quote;
		else if (*end == '\'' || *end == '"')
			quote = *end;
		else if (*end == '(')
			depth++;
		else if (*end == ')' && depth-- == 0)
			break;
		else if (depth == 0 && strncmp(end, ", ", 2) == 0)
		{
			options = lappend(options, pnstrdup(item, end - item));
			item = end + 2;
		}
	}
	if (*end != ')' || list_length(options) == 0)
		return def;
	options = lappend(options, pnstrdup(item, end - item));
	list_sort(options, cmp_string_cells);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, def, start - def);
	foreach(lc, options)
		appendStringInfo(&buf, "%s%s", foreach_current_index(lc) > 0 ? ", " : "",
						 (char *) lfirst(lc));
	appendStringInfoString(&buf, end);
	return buf.data;
}

/*
 * What an index definition says after its prefix, so that two indexes that
 * differ only in name or table compare equal, and so that the definition
 * read from the scratch schema can be written for the real one.
 */
static char *
index_body(const char *def, bool unique, const char *name, const char *nspname,
		   const char *table)
{
	char	   *prefix = index_prefix(unique, name, nspname, table);
	size_t		len = strlen(prefix);

	if (strncmp(def, prefix, len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("unexpected definition of index \"%s\"", name),
				 errdetail("It reads: %s", def)));
	return pstrdup(def + len);
}

/*
 * A column of the last query's row that holds a one-dimensional array of
 * int2 or oid (int2[], int2vector, oidvector), as its values and their
 * number; false for NULL.
 */
static bool
row_array(int row, int col, Oid elemtype, Datum **values, int *n)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc,
								  col, &isnull);

	*values = NULL;
	*n = 0;
	if (isnull)
		return false;
	if (elemtype == INT2OID)
		deconstruct_array(DatumGetArrayTypeP(d), INT2OID, sizeof(int16), true,
						  TYPALIGN_SHORT, values, NULL, n);
	else
		deconstruct_array(DatumGetArrayTypeP(d), OIDOID, sizeof(Oid), true,
						  TYPALIGN_INT, values, NULL, n);
	return true;
}

/* Column attnum of table t, as the column reader read it; NULL if none. */
static const AgColumn *
column_by_number(const AgSchema *s, const AgTable *t, int attnum)
{
	for (int j = 0; j < t->ncols; j++)
		if (s->columns[t->firstcol + j].attnum == attnum)
			return &s->columns[t->firstcol + j];
	return NULL;
}

/*
 * Append the names of the columns of table t that the int2 array in column
 * col of the last query's row numbers, quoted and separated as
 * pg_get_constraintdef() and pg_get_indexdef() list them; false if one is
 * not a column the column reader read.
 */
static bool
append_columns(StringInfo buf, const AgSchema *s, const AgTable *t, int row, int col)
{
	Datum	   *keys;
	int			n;

	if (t == NULL || !row_array(row, col, INT2OID, &keys, &n) || n == 0)
		return false;
	for (int k = 0; k < n; k++)
	{
		const AgColumn *c = column_by_number(s, t, DatumGetInt16(keys[k]));

		if (c == NULL)
			return false;
		appendStringInfo(buf, "%s%s", k > 0 ? ", " : "", quote_identifier(c->name));
	}
	return true;
}

/*
 * The names of the columns of table t numbered in an int2[] of row. A
 * number that is no column the column reader read (0: a whole-row
 * reference) is left out, or with all_or_none makes the answer NIL: for
 * the columns a constraint or index uses, as pg_depend lists them, where
 * NIL counts as every column.
 */
static List *
column_names(const AgSchema *s, const AgTable *t, int row, int col, bool all_or_none)
{
	Datum	   *keys;
	int			n;
	List	   *names = NIL;

	if (t == NULL || !row_array(row, col, INT2OID, &keys, &n))
		return NIL;
	for (int k = 0; k < n; k++)
	{
		const AgColumn *c = column_by_number(s, t, DatumGetInt16(keys[k]));

		if (c != NULL)
			names = lappend(names, c->name);
		else if (all_or_none)
			return NIL;
	}
	return names;
}

/* The table named name, as the table reader read it; NULL if none. */
static const AgTable *
table_named(const AgSchema *s, const char *name)
{
	int			t = name ? autogen_find_table(s, name) : -1;

	return t < 0 ? NULL : &s->tables[t];
}

/* A foreign key's action as pg_get_constraintdef() prints it; NULL: none. */
static const char *
fk_action(char action)
{
	switch (action)
	{
		case 'r':
			return "RESTRICT";
		case 'c':
			return "CASCADE";
		case 'n':
			return "SET NULL";
		case 'd':
			return "SET DEFAULT";
		default:
			return NULL;
	}
}

/*
 * The definition of the primary key, unique or foreign key constraint in
 * row of q_constraints that the query left to be composed, of table t:
 * the text pg_get_constraintdef() prints; NULL if it cannot be composed.
 * visible: the tables of the schema that no relation of pg_catalog hides
 * are visible, so that pg_get_constraintdef() names them unqualified.
 */
static char *
compose_constraint(const AgSchema *s, int row, const AgTable *t, const AgConstraint *c,
				   bool visible)
{
	StringInfoData buf;
	char		match = autogen_char(row, 11);
	const char *action;

	initStringInfo(&buf);
	if (c->contype == 'p' || c->contype == 'u')
	{
		appendStringInfoString(&buf, c->contype == 'p' ? "PRIMARY KEY (" : "UNIQUE (");
		if (!append_columns(&buf, s, t, row, 9))
			return NULL;
		appendStringInfoChar(&buf, ')');
	}
	else if (c->contype == 'f' && visible)
	{
		appendStringInfoString(&buf, "FOREIGN KEY (");
		if (!append_columns(&buf, s, t, row, 9))
			return NULL;
		appendStringInfo(&buf, ") REFERENCES %s(", quote_identifier(c->reftable));
		if (!append_columns(&buf, s, table_named(s, c->reftable), row, 10))
			return NULL;
		appendStringInfoChar(&buf, ')');
		if (match == 'f')
			appendStringInfoString(&buf, " MATCH FULL");
		else if (match == 'p')
			appendStringInfoString(&buf, " MATCH PARTIAL");
		else if (match != 's')
			return NULL;
		if ((action = fk_action(autogen_char(row, 12))) != NULL)
			appendStringInfo(&buf, " ON UPDATE %s", action);
		if ((action = fk_action(autogen_char(row, 13))) != NULL)
			appendStringInfo(&buf, " ON DELETE %s", action);
	}
	else
		return NULL;
	if (autogen_bool(row, 14))
		appendStringInfoString(&buf, " DEFERRABLE");
	if (autogen_bool(row, 15))
		appendStringInfoString(&buf, " INITIALLY DEFERRED");
	if (!autogen_bool(row, 16))
		appendStringInfoString(&buf, " NOT VALID");
	return buf.data;
}

/*
 * The body of the index in row of q_indexes that the query left to be
 * composed, of table t: "USING method (columns)", as pg_get_indexdef()
 * prints it when each key is a column, ascending with nulls last, of the
 * column's own collation and of the default operator class of the
 * column's type (one of the server's own, so never of a domain); NULL if
 * it cannot be composed so.
 */
static char *
compose_index_body(const AgSchema *s, int row, const AgTable *t)
{
	StringInfoData buf;
	Datum	   *keys;
	Datum	   *classes;
	Datum	   *collations;
	Datum	   *options;
	int			n;
	int			nclasses;
	int			ncollations;
	int			noptions;

	if (t == NULL ||
		!row_array(row, 9, INT2OID, &keys, &n) ||
		!row_array(row, 10, OIDOID, &classes, &nclasses) ||
		!row_array(row, 11, OIDOID, &collations, &ncollations) ||
		!row_array(row, 12, INT2OID, &options, &noptions) ||
		n == 0 || nclasses != n || ncollations != n || noptions != n)
		return NULL;
	initStringInfo(&buf);
	appendStringInfo(&buf, "USING %s (", quote_identifier(autogen_value(row, 8)));
	for (int k = 0; k < n; k++)
	{
		const AgColumn *c = column_by_number(s, t, DatumGetInt16(keys[k]));
		Oid			opclass = DatumGetObjectId(classes[k]);
		Oid			collation = DatumGetObjectId(collations[k]);
		HeapTuple	tup;
		bool		plain;

		if (c == NULL || DatumGetInt16(options[k]) != 0 ||
			(OidIsValid(collation) && collation != c->collid) ||
			opclass >= FirstNormalObjectId)
			return NULL;
		tup = SearchSysCache1(CLAOID, ObjectIdGetDatum(opclass));
		if (!HeapTupleIsValid(tup))
			return NULL;
		plain = ((Form_pg_opclass) GETSTRUCT(tup))->opcdefault &&
			((Form_pg_opclass) GETSTRUCT(tup))->opcintype == c->typid;
		ReleaseSysCache(tup);
		if (!plain)
			return NULL;
		appendStringInfo(&buf, "%s%s", k > 0 ? ", " : "", quote_identifier(c->name));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/* Tables and their columns. */
void
autogen_read_tables(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_tables, nsp);
	int			t = 0;
	int		   *tables;			/* each column's table */

	s->ntables = n;
	s->tables = palloc0(sizeof(AgTable) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		s->tables[i].name = autogen_value(i, 1);
		s->tables[i].comment = autogen_value(i, 2);
		s->tables[i].rls = autogen_bool(i, 3);
		s->tables[i].force_rls = autogen_bool(i, 4);
		s->tables[i].owner = autogen_value(i, 5);
		s->tables[i].unlogged = autogen_bool(i, 6);
		s->tables[i].options = autogen_value(i, 7);
		s->tables[i].replident = autogen_char(i, 8);
		s->tables[i].replindex = autogen_value(i, 9);
		/* an identity index since dropped: as NOTHING, which it acts as */
		if (s->tables[i].replident == 'i' && s->tables[i].replindex == NULL)
			s->tables[i].replident = 'n';
	}

	n = autogen_query(&q_columns, nsp);
	s->ncolumns = n;
	s->columns = palloc0(sizeof(AgColumn) * (n + 1));
	tables = palloc(sizeof(int) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgColumn   *c = &s->columns[i];
		char	   *relname = autogen_value(i, 1);
		char	   *v;

		/* both queries sort by table name: walk the tables alongside */
		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		if (t == s->ntables)
			elog(ERROR, "column of unknown table \"%s\"", relname);
		if (s->tables[t].ncols == 0)
			s->tables[t].firstcol = i;
		s->tables[t].ncols++;
		tables[i] = t;
		c->table = s->tables[t].name;
		c->name = autogen_value(i, 2);
		c->attnum = pg_strtoint32(autogen_value(i, 3));
		c->type = autogen_value(i, 4);
		c->builtin_type = (Oid) strtoul(autogen_value(i, 5), NULL, 10);
		c->typmod = pg_strtoint32(autogen_value(i, 6));
		c->collation = autogen_value(i, 7);
		c->notnull = autogen_bool(i, 8);
		c->defexpr = autogen_value(i, 9);
		v = autogen_value(i, 10);
		c->identity = v ? v[0] : '\0';
		v = autogen_value(i, 11);
		c->generated = v ? v[0] : '\0';
		c->schematype = autogen_value(i, 12);
		c->comment = autogen_value(i, 13);
		c->identity_options = autogen_value(i, 14);
		c->routines = autogen_value(i, 15);
		c->typid = autogen_oid(i, 16);
		c->collid = autogen_oid(i, 17);
		c->localtype = autogen_value(i, 18);
		c->localtype_kind = autogen_value(i, 19);
		c->localcollation = autogen_value(i, 20);
		c->array = autogen_bool(i, 21);
		c->notnull_name = autogen_value(i, 22);
		c->storage = autogen_char(i, 23);
		c->typstorage = autogen_char(i, 24);
		c->compression = autogen_char(i, 25);
		if (c->identity_options && strchr(c->identity_options, '|'))
		{
			/* "options|SET clauses", as the query writes both */
			c->identity_set = strchr(c->identity_options, '|') + 1;
			c->identity_set[-1] = '\0';
		}
	}
	/* what generated columns read, by name, once every column is read */
	for (int i = 0; i < n; i++)
		s->columns[i].reads = column_names(s, &s->tables[tables[i]], i, 26, false);
}

/*
 * Whether the search_path is the readers' (autogen_search_path()): the
 * schema nsp right after pg_catalog, so that a relation of nsp is visible
 * unless one of pg_catalog has its name.
 */
static bool
readers_search_path(Oid nsp)
{
	List	   *path = fetch_search_path(true);

	return list_length(path) >= 2 && linitial_oid(path) == PG_CATALOG_NAMESPACE &&
		lsecond_oid(path) == nsp;
}

/* Primary key, unique, check, exclusion and foreign key constraints. */
void
autogen_read_constraints(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_constraints, nsp);
	int			t = 0;
	bool		visible = readers_search_path(nsp);

	s->nconstraints = n;
	s->constraints = palloc0(sizeof(AgConstraint) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgConstraint *c = &s->constraints[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		c->table = t < s->ntables ? s->tables[t].name : relname;
		c->name = autogen_value(i, 2);
		c->contype = autogen_char(i, 3);
		c->def = autogen_value(i, 4);
		c->reftable = autogen_value(i, 5);
		c->comment = autogen_value(i, 6);
		c->routines = autogen_value(i, 7);
		if (c->contype == 'f' && c->reftable)
		{
			c->columns = column_names(s, t < s->ntables ? &s->tables[t] : NULL, i, 9, false);
			c->refcolumns = column_names(s, table_named(s, c->reftable), i, 10, false);
		}
		else if (c->contype == 'p' || c->contype == 'u')
			c->columns = column_names(s, t < s->ntables ? &s->tables[t] : NULL, i, 9, false);
		c->uses = column_names(s, t < s->ntables ? &s->tables[t] : NULL, i, 17, true);
		if (c->def == NULL)
			c->def = compose_constraint(s, i, t < s->ntables ? &s->tables[t] : NULL, c,
										visible);
		if (c->def == NULL)
			c->def = autogen_printed(pg_get_constraintdef, autogen_oid(i, 8), "constraint", c->name);
		c->def = sort_with_options(c->def);
	}
}

/* Indexes of their own (not a constraint's). */
void
autogen_read_indexes(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_indexes, nsp);
	int			t = 0;

	s->nindexes = n;
	s->indexes = palloc0(sizeof(AgIndex) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgIndex    *x = &s->indexes[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		x->table = t < s->ntables ? s->tables[t].name : relname;
		x->name = autogen_value(i, 2);
		x->unique = autogen_bool(i, 3);
		x->def = autogen_value(i, 4);
		x->comment = autogen_value(i, 5);
		x->routines = autogen_value(i, 6);
		x->statistics = autogen_value(i, 13);
		x->keycolumns = column_names(s, table_named(s, relname), i, 14, false);
		x->uses = column_names(s, table_named(s, relname), i, 15, true);
		if (x->def == NULL &&
			(x->body = compose_index_body(s, i, table_named(s, relname))) != NULL)
		{
			x->def = psprintf("%s%s", index_prefix(x->unique, x->name, s->readfrom,
												  x->table),
							  x->body);
			continue;
		}
		if (x->def == NULL)
			x->def = autogen_printed(pg_get_indexdef, autogen_oid(i, 7), "index", x->name);
		x->def = sort_with_options(x->def);
		x->body = index_body(x->def, x->unique, x->name, s->readfrom, x->table);
	}
}

/* Sequences, with what they are owned by. */
void
autogen_read_sequences(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_sequences, nsp);

	s->nsequences = n;
	s->sequences = palloc0(sizeof(AgSequence) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgSequence *q = &s->sequences[i];

		q->name = autogen_value(i, 1);
		q->options = autogen_value(i, 2);
		q->owner_table = autogen_value(i, 3);
		q->owner_column = autogen_value(i, 4);
		q->comment = autogen_value(i, 5);
		q->owner = autogen_value(i, 6);
		if (q->owner_column == NULL)
			q->owner_table = NULL;
	}
}

static int
find_view(AgSchema *s, const char *name)
{
	return autogen_bsearch(s->views, s->nviews, sizeof(AgView), offsetof(AgView, name), name);
}

/* Views and materialized views, with what they read and hold. */
void
autogen_read_views(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_views, nsp);

	s->nviews = n;
	s->views = palloc0(sizeof(AgView) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgView	   *v = &s->views[i];

		v->name = autogen_value(i, 1);
		v->materialized = autogen_bool(i, 2);
		v->populated = autogen_bool(i, 3);
		v->options = autogen_value(i, 4);
		if (v->options && v->options[0] == '\0')
			v->options = NULL;
		v->def = autogen_defined(autogen_value(i, 5), "view", v->name);
		v->comment = autogen_value(i, 6);
		v->owner = autogen_value(i, 7);
		v->columns = autogen_value(i, 8);
	}
	if (n == 0)
		return;
	n = autogen_query(&q_view_column_comments, nsp);
	for (int i = 0; i < n; i++)
	{
		int			k = find_view(s, autogen_value(i, 1));

		if (k < 0)
			continue;
		s->views[k].column_names = lappend(s->views[k].column_names, autogen_value(i, 2));
		s->views[k].column_comments = lappend(s->views[k].column_comments, autogen_value(i, 3));
	}
	n = autogen_query(&q_view_uses, nsp);
	for (int i = 0; i < n; i++)
	{
		int			k = find_view(s, autogen_value(i, 1));
		char	   *kind = autogen_value(i, 3);

		if (k < 0)
			continue;
		if (kind[0] == 'v' || kind[0] == 'm')
			s->views[k].uses_views = lappend(s->views[k].uses_views, autogen_value(i, 2));
		else if (kind[0] == 'f')
			s->views[k].uses_routines = lappend(s->views[k].uses_routines, autogen_value(i, 2));
		else
		{
			s->views[k].uses_tables = lappend(s->views[k].uses_tables, autogen_value(i, 2));
			s->views[k].uses_columns = lappend(s->views[k].uses_columns, autogen_value(i, 4));
		}
	}
}

/* Row-level security policies. */
void
autogen_read_policies(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_policies, nsp);
	int			t = 0;

	s->npolicies = n;
	s->policies = palloc0(sizeof(AgPolicy) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgPolicy   *p = &s->policies[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		p->table = t < s->ntables ? s->tables[t].name : relname;
		p->name = autogen_value(i, 2);
		p->command = autogen_value(i, 3);
		p->roles = autogen_value(i, 4);
		p->qual = autogen_value(i, 5);
		p->check = autogen_value(i, 6);
		p->def = psprintf("%s TO %s%s%s", p->command, p->roles,
						  p->qual ? psprintf(" USING (%s)", p->qual) : "",
						  p->check ? psprintf(" WITH CHECK (%s)", p->check) : "");
		p->comment = autogen_value(i, 7);
		p->routines = autogen_value(i, 8);
	}
	autogen_read_column_reads(&q_policy_reads, nsp, s->policies, sizeof(AgPolicy), s->npolicies,
							  offsetof(AgPolicy, reads_tables), offsetof(AgPolicy, reads_columns));
}
