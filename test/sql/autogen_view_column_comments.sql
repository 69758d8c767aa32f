-- autogenerate: comments on a view's or materialized view's columns
-- (COMMENT ON COLUMN view.column) are compared, and a view made again (a
-- column it reads changes type) gets them back, both ways; they were
-- lost. Each pair checked both ways with ag_check, then the comments
-- the SQL writes and what the schema holds after each direction
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

-- the views' columns' comments, as this test reads them
CREATE FUNCTION public.view_column_comments() RETURNS TABLE (view name, col name, comment text)
LANGUAGE sql AS $$
  SELECT c.relname, a.attname, d.description
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
    JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass
     AND d.objsubid = a.attnum
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'ag' AND c.relkind IN ('v', 'm')
   ORDER BY c.relname COLLATE "C", a.attname COLLATE "C"
$$;
-- the COMMENT ON COLUMN lines of generated SQL
CREATE FUNCTION public.column_comments(sql text) RETURNS SETOF text LANGUAGE sql AS $$
  SELECT l FROM regexp_split_to_table(sql, E'\n') AS l
   WHERE l LIKE 'COMMENT ON COLUMN %' ORDER BY l COLLATE "C"
$$;

SELECT * FROM ag_pair('views made again around a type change',
  $$CREATE TABLE t (a int, b text);
    CREATE VIEW v AS SELECT a, b, a + 1 AS "Next" FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
    CREATE VIEW w AS SELECT a FROM v;
    COMMENT ON COLUMN v.a IS 'the a';
    COMMENT ON COLUMN v."Next" IS 'a plus one';
    COMMENT ON COLUMN m.b IS 'the b';
    COMMENT ON COLUMN w.a IS 'a, again';$$,
  $$CREATE TABLE t (a bigint, b text);
    CREATE VIEW v AS SELECT a, b, a + 1 AS "Next" FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
    CREATE VIEW w AS SELECT a FROM v;
    COMMENT ON COLUMN v.a IS 'the a';
    COMMENT ON COLUMN v."Next" IS 'a plus one';
    COMMENT ON COLUMN m.b IS 'the b';
    COMMENT ON COLUMN w.a IS 'a, again';$$,
  $$INSERT INTO t VALUES (1, 'x')$$, $$SELECT count(*) FROM v$$);
SELECT * FROM ag_pair('comments changed, added and removed on views kept',
  $$CREATE TABLE t (a int, b text);
    CREATE VIEW v AS SELECT a, b FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
    COMMENT ON COLUMN v.a IS 'the a';
    COMMENT ON COLUMN m.a IS 'gone';$$,
  $$CREATE TABLE t (a int, b text);
    CREATE VIEW v AS SELECT a, b FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
    COMMENT ON COLUMN v.a IS 'the a, changed';
    COMMENT ON COLUMN v.b IS 'new';$$);
SELECT * FROM ag_pair('views made again that change their comments',
  $$CREATE TABLE t (a int, b text);
    CREATE VIEW v AS SELECT a, b FROM t;
    COMMENT ON COLUMN v.a IS 'old';$$,
  $$CREATE TABLE t (a bigint, b text);
    CREATE VIEW v AS SELECT a, b FROM t;
    COMMENT ON COLUMN v.b IS 'new';$$);

CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE t (a int, b text);
CREATE VIEW v AS SELECT a, b, a + 1 AS "Next" FROM t;
CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
COMMENT ON COLUMN v.a IS 'the a';
COMMENT ON COLUMN v."Next" IS 'a plus one';
COMMENT ON COLUMN m.b IS 'the b';
CREATE TEMP TABLE d AS SELECT * FROM schemamig.diff($$
  CREATE TABLE t (a bigint, b text);
  CREATE VIEW v AS SELECT a, b, a + 1 AS "Next" FROM t;
  CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;
  COMMENT ON COLUMN v.a IS 'the a';
  COMMENT ON COLUMN v."Next" IS 'a plus one';
  COMMENT ON COLUMN m.b IS 'the b';$$, 'ag');
SELECT public.column_comments(upgrade) AS upgrade FROM d;
SELECT public.column_comments(downgrade) AS downgrade FROM d;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM d); END $$;
SELECT * FROM public.view_column_comments();
DO $$ BEGIN EXECUTE (SELECT downgrade FROM d); END $$;
SELECT * FROM public.view_column_comments();
-- a model without them: dropped (the model is what the schema should be)
SELECT public.column_comments(upgrade) AS upgrade FROM schemamig.diff($$
  CREATE TABLE t (a int, b text);
  CREATE VIEW v AS SELECT a, b, a + 1 AS "Next" FROM t;
  CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;
DROP FUNCTION public.view_column_comments, public.column_comments;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
