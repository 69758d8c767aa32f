-- autogenerate: a stored generated column made again (its type changes,
-- or a column it may read does; before PostgreSQL 17 also its expression)
-- is dropped and added again, which loses its column grants: they are
-- given back after the ADD COLUMN (the schema's, in both directions,
-- whatever the model grants)
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE ROLE regress_agc_app;
CREATE ROLE "regress_agc odd";
CREATE SCHEMA ag;
SET search_path = ag;
CREATE FUNCTION public.column_grants(t regclass) RETURNS TABLE (col name, grantee text, privs text)
LANGUAGE sql AS $$
  SELECT a.attname, CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee)::text END COLLATE "C",
         string_agg(x.privilege_type || CASE WHEN x.is_grantable THEN '*' ELSE '' END, ','
                    ORDER BY x.privilege_type)
    FROM pg_attribute a, aclexplode(a.attacl) x
   WHERE a.attrelid = t AND a.attnum > 0 AND NOT a.attisdropped GROUP BY 1, 2 ORDER BY 1, 2
$$;

CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 2) STORED, k int);
GRANT SELECT (g), REFERENCES (g) ON t TO regress_agc_app;
GRANT SELECT (g) ON t TO "regress_agc odd" WITH GRANT OPTION;
GRANT SELECT (g), SELECT (k) ON t TO PUBLIC;
INSERT INTO t (a) VALUES (1);

-- the type and expression change; the model grants nothing
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE TABLE t (a int, g bigint GENERATED ALWAYS AS (a * 3) STORED, k int);$$, 'ag');
SELECT upgrade, downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT * FROM public.column_grants('t');
SELECT a, g FROM t;
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT * FROM public.column_grants('t');
SELECT a, g FROM t;
DROP TABLE sqls;

-- a column the expression may read changes type; the model grants
-- something else, which is not compared
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE TABLE t (a bigint, g int GENERATED ALWAYS AS (a * 2) STORED, k int);
  GRANT UPDATE (g) ON t TO regress_agc_app;$$, 'ag');
SELECT upgrade, downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT * FROM public.column_grants('t');
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT * FROM public.column_grants('t');
SELECT a, g FROM t;
DROP TABLE sqls;

-- the table and the column renamed by marks, and the type and expression
-- change
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  -- schemamig: renamed from t
  CREATE TABLE u (a int,
    h bigint GENERATED ALWAYS AS (a * 5) STORED, -- schemamig: renamed from g
    k int);$$, 'ag');
SELECT upgrade, downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT * FROM public.column_grants('u');
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT * FROM public.column_grants('t');
SELECT a, g FROM t;
DROP TABLE sqls;

RESET search_path;
DROP SCHEMA ag CASCADE;
DROP FUNCTION public.column_grants;
DROP ROLE regress_agc_app, "regress_agc odd";
DROP EXTENSION schemamig;
