-- autogenerate: the statistics target of an index's expression column
-- (ALTER INDEX ... ALTER COLUMN n SET STATISTICS) is not compared, and is
-- named by a NOTICE as not covered; an index that the SQL makes again
-- (over a routine made again, or of a materialized view made again) with
-- the same definition gets the schema's targets back, in both directions
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA ag;
SET search_path = ag;
CREATE FUNCTION public.index_statistics() RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(c.relname || '.' || a.attnum || '=' || a.attstattarget::int4, ' '
                    ORDER BY c.relname COLLATE "C", a.attnum)
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
   WHERE c.relnamespace = 'ag'::regnamespace AND c.relkind = 'i'
     AND coalesce(a.attstattarget::int4, -1) <> -1
$$;
CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
CREATE TABLE t (a int, b text);
CREATE INDEX "t i" ON t (f(a), lower(b), a);
ALTER INDEX "t i" ALTER COLUMN 1 SET STATISTICS 500;
ALTER INDEX "t i" ALTER COLUMN 2 SET STATISTICS 50;
CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
CREATE INDEX mv_i ON mv (lower(b));
ALTER INDEX mv_i ALTER COLUMN 1 SET STATISTICS 300;
SELECT public.index_statistics();
SET client_min_messages = notice;
SELECT count(*) FROM schemamig.diff($$
  CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
  CREATE TABLE t (a int, b text);
  CREATE INDEX "t i" ON t (f(a), lower(b), a);
  CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
  CREATE INDEX mv_i ON mv (lower(b));$$, 'ag') WHERE upgrade = '';
SET client_min_messages = warning;

-- the function's argument is renamed (it is made again, and the index
-- with it); the view reads another column (it is made again)
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE FUNCTION f(y int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
  CREATE TABLE t (a int, b text);
  CREATE INDEX "t i" ON t (f(a), lower(b), a);
  CREATE MATERIALIZED VIEW mv AS SELECT a, b, a AS c FROM t;
  CREATE INDEX mv_i ON mv (lower(b));$$, 'ag');
-- (the statements of indexes: a view's query prints otherwise on 15)
SELECT string_agg(l, E'\n') AS upgrade FROM sqls, regexp_split_to_table(upgrade, E'\n') AS l
 WHERE l LIKE '%INDEX%';
SELECT string_agg(l, E'\n') AS downgrade FROM sqls, regexp_split_to_table(downgrade, E'\n') AS l
 WHERE l LIKE '%INDEX%';
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT public.index_statistics();
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT public.index_statistics();
DROP TABLE sqls;

-- an index whose definition changes is new: no target is carried over
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + 1';
  CREATE TABLE t (a int, b text);
  CREATE INDEX "t i" ON t (a, f(a), lower(b));
  CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t;
  CREATE INDEX mv_i ON mv (lower(b));$$, 'ag');
SELECT upgrade FROM sqls;
DROP TABLE sqls;

RESET search_path;
DROP SCHEMA ag CASCADE;
DROP FUNCTION public.index_statistics;
DROP EXTENSION schemamig;
