-- autogenerate: comments on a composite type's attributes (COMMENT ON
-- COLUMN type.attribute) are compared, and a composite type made again
-- gets them back; each pair checked both ways with ag_check, whose
-- catalog does not read them, then the SQL and the comments it leaves
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('attribute comment added, changed, dropped',
  $$CREATE TYPE c AS (a int, b text); COMMENT ON COLUMN c.a IS 'the a';
    COMMENT ON COLUMN c.b IS 'the b';$$,
  $$CREATE TYPE c AS (a int, b text); COMMENT ON COLUMN c.a IS 'an a';
    CREATE TYPE "d d" AS ("x y" int); COMMENT ON COLUMN "d d"."x y" IS 'it''s x';$$);
SELECT * FROM ag_pair('attributes reordered: made again',
  $$CREATE TYPE c AS (a int, b text); COMMENT ON COLUMN c.a IS 'the a';
    CREATE TABLE t (v c); INSERT INTO t VALUES (ROW(1, 'x'));$$,
  $$CREATE TYPE c AS (b text, a int); COMMENT ON COLUMN c.a IS 'the a';
    CREATE TABLE t (v c);$$, '', $$SELECT (v).a || (v).b FROM t$$);

CREATE SCHEMA ag;
SET search_path = ag;
CREATE FUNCTION public.attribute_comments() RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(c.relname || '.' || a.attname || '=' || coalesce(col_description(c.oid, a.attnum), '-'),
                    ' ' ORDER BY c.relname COLLATE "C", a.attnum)
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
   WHERE c.relnamespace = 'ag'::regnamespace AND c.relkind = 'c'
$$;
CREATE TYPE c AS (a int, b text); COMMENT ON COLUMN c.a IS 'the a';
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE TYPE c AS (b text, a int, n int); COMMENT ON COLUMN c.a IS 'the a';
  COMMENT ON COLUMN c.n IS 'new';$$, 'ag');
SELECT upgrade, downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT public.attribute_comments();
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT public.attribute_comments();
DROP TABLE sqls;
-- an attribute added in place, with a comment
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE TYPE c AS (a int, b text, n int); COMMENT ON COLUMN c.a IS 'the a';
  COMMENT ON COLUMN c.n IS 'new';$$, 'ag');
SELECT upgrade, downgrade FROM sqls;
DROP TABLE sqls;
-- the fingerprint sees one
SELECT schemamig.fingerprint('ag') AS before \gset
COMMENT ON COLUMN c.b IS 'b';
SELECT schemamig.fingerprint('ag') <> :'before' AS changed;
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION public.attribute_comments;
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
