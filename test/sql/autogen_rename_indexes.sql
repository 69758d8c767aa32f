-- autogenerate: an index (plain, unique, partial, over expressions, with
-- an operator class, INCLUDE or a collation), an exclusion or a check
-- constraint over a column a mark renames is kept, not dropped and made
-- again: the server renames the column in it, so rebuilding (or
-- validating) it is for nothing; each pair checked both ways with
-- ag_check, then the SQL, and that the indexes of the schema are the same
-- ones (by oid) after the upgrade and after the downgrade
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all
-- (without the renames of not-null constraints, which only 18 names)
CREATE FUNCTION public.no_not_null(sql text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l, E'\n') FROM regexp_split_to_table(sql, E'\n') AS l
   WHERE l NOT LIKE '%not_null%'
$$;

SELECT $$CREATE TABLE t (id int, n text, r int4range, "Mixed" int, lower int,
      CONSTRAINT t_excl EXCLUDE USING gist (r WITH &&) WHERE (id > 0));
    CREATE INDEX t_n ON t (n);
    CREATE UNIQUE INDEX t_id_n ON t (id, n) INCLUDE ("Mixed");
    CREATE INDEX t_lower ON t (lower(n) text_pattern_ops DESC) WHERE n IS NOT NULL AND id <> 3;
    CREATE INDEX t_fn ON t (lower(n), lower);
    CREATE INDEX t_expr ON t ((id + "Mixed"), (n COLLATE "C"), ((r).lower)) WITH (fillfactor = 70);
    CREATE TABLE f (o int, m text, FOREIGN KEY (o, m) REFERENCES t (id, n));$$ AS idx_before,
  $$CREATE TABLE t (pk int, -- schemamig: renamed from id
      name text, -- schemamig: renamed from n
      during int4range, -- schemamig: renamed from r
      "Other" int, -- schemamig: renamed from "Mixed"
      low int, -- schemamig: renamed from lower
      CONSTRAINT t_excl EXCLUDE USING gist (during WITH &&) WHERE (pk > 0));
    CREATE INDEX t_name ON t (name);
    CREATE UNIQUE INDEX t_id_n ON t (pk, name) INCLUDE ("Other");
    CREATE INDEX t_lower ON t (lower(name) text_pattern_ops DESC) WHERE name IS NOT NULL AND pk <> 3;
    CREATE INDEX t_fn ON t (lower(name), low);
    CREATE INDEX t_expr ON t ((pk + "Other"), (name COLLATE "C"), ((during).lower)) WITH (fillfactor = 70);
    CREATE TABLE f (o int, m text, FOREIGN KEY (o, m) REFERENCES t (pk, name));$$ AS idx_after \gset
SELECT * FROM ag_pair('indexes and an exclusion constraint over renamed columns',
  :'idx_before', :'idx_after',
  $$INSERT INTO t VALUES (1, 'a', '[1,2)', 4, 5); INSERT INTO f VALUES (1, 'a')$$,
  $$SELECT count(*) FROM f JOIN t ON true$$);
-- a check constraint over renamed columns is kept too (not validated
-- again over the whole table), its name changing or not; one that names
-- a value a mark renames (in a literal) is made again
SELECT $$CREATE TYPE st AS ENUM ('on', 'off');
    CREATE TABLE k (a int CHECK (a > 0), b text, s st,
      CONSTRAINT k_ab CHECK (a < 100 OR lower(b) = 'x'),
      CONSTRAINT k_s CHECK (s <> 'off'));$$ AS chk_before,
  $$CREATE TYPE st AS ENUM ('on', 'down' -- schemamig: renamed from 'off'
    );
    CREATE TABLE k (x int CHECK (x > 0), -- schemamig: renamed from a
      "B" text, -- schemamig: renamed from b
      state st, -- schemamig: renamed from s
      CONSTRAINT k_ab CHECK (x < 100 OR lower("B") = 'x'),
      CONSTRAINT k_s CHECK (state <> 'down'));$$ AS chk_after \gset
SELECT * FROM ag_pair('check constraints over renamed columns',
  :'chk_before', :'chk_after',
  $$INSERT INTO k VALUES (1, 'y', 'on')$$, $$SELECT count(*) FROM k$$);
CREATE SCHEMA ag;
SET search_path = ag;
:chk_before
RESET search_path;
SELECT public.no_not_null(upgrade) AS upgrade, public.no_not_null(downgrade) AS downgrade
  FROM schemamig.diff(:'chk_after', 'ag');
DROP SCHEMA ag CASCADE;
-- an index that also changes (another column, another predicate) is
-- still made again
SELECT * FROM ag_pair('an index over a renamed column that changes too',
  $$CREATE TABLE t (id int, n text, r int4range,
      CONSTRAINT t_excl EXCLUDE USING gist (r WITH &&));
    CREATE INDEX t_n ON t (n) WHERE id > 0;$$,
  $$CREATE TABLE t (pk int, -- schemamig: renamed from id
      name text, -- schemamig: renamed from n
      during int4range, -- schemamig: renamed from r
      CONSTRAINT t_excl EXCLUDE USING gist (during WITH &&) WHERE (pk > 0));
    CREATE INDEX t_n ON t (name) WHERE pk > 1;$$);
-- a routine's argument named like a renamed column (f(a => x)) is not the
-- column: RENAME COLUMN leaves it as it is, so the check and the index
-- that name another argument are made again
SELECT * FROM ag_pair('a routine argument named like a renamed column',
  $$CREATE FUNCTION f(a int DEFAULT 0, b int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE
      AS 'SELECT coalesce($1, 1)';
    CREATE TABLE t (a int, x int, CONSTRAINT t_f CHECK (f(a => x) > 0));
    CREATE INDEX t_fx ON t (f(a => x));$$,
  $$CREATE FUNCTION f(a int DEFAULT 0, b int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE
      AS 'SELECT coalesce($1, 1)';
    CREATE TABLE t (b int, -- schemamig: renamed from a
      x int, CONSTRAINT t_f CHECK (f(b => x) > 0));
    CREATE INDEX t_fx ON t (f(b => x));$$);
-- nor is a keyword (true) a column of that name, which is quoted ("true")
SELECT * FROM ag_pair('a keyword named like a renamed column',
  $$CREATE TABLE t (a bool, "true" bool, CONSTRAINT t_a CHECK (a = true));
    CREATE INDEX t_ai ON t (a) WHERE (a = true);$$,
  $$CREATE TABLE t (a bool, b bool, -- schemamig: renamed from "true"
      CONSTRAINT t_a CHECK (a = b));
    CREATE INDEX t_ai ON t (a) WHERE (a = b);$$);
-- nor is EXTRACT's field (year, month) a column of that name
SELECT * FROM ag_pair('EXTRACT''s field named like a renamed column',
  $$CREATE TABLE t (year int, d date, CONSTRAINT t_y CHECK (EXTRACT(year FROM d) > 0));
    CREATE INDEX t_yi ON t ((EXTRACT(year FROM d)));$$,
  $$CREATE TABLE t (month int, -- schemamig: renamed from year
      d date, CONSTRAINT t_y CHECK (EXTRACT(month FROM d) > 0));
    CREATE INDEX t_yi ON t ((EXTRACT(month FROM d)));$$,
  $$INSERT INTO t VALUES (1, '2020-01-01')$$, $$SELECT count(*)::text FROM t$$);

CREATE SCHEMA ag;
SET search_path = ag;
:idx_before
CREATE TEMP TABLE before_oids AS
  SELECT i.indexrelid AS oid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'ag'::regnamespace;
CREATE TEMP TABLE d AS SELECT * FROM schemamig.diff(:'idx_after', 'ag');
SELECT public.no_not_null(upgrade) AS upgrade, public.no_not_null(downgrade) AS downgrade FROM d;
CREATE FUNCTION public.same_indexes() RETURNS TABLE (kept bigint, made bigint) LANGUAGE sql AS $$
  SELECT count(*) FILTER (WHERE i.indexrelid IN (SELECT oid FROM before_oids)),
         count(*) FILTER (WHERE i.indexrelid NOT IN (SELECT oid FROM before_oids))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
   WHERE c.relnamespace = 'ag'::regnamespace
$$;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM d); END $$;
SELECT * FROM public.same_indexes();
SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relnamespace = 'ag'::regnamespace ORDER BY c.relname COLLATE "C";
DO $$ BEGIN EXECUTE (SELECT downgrade FROM d); END $$;
SELECT * FROM public.same_indexes();
RESET search_path;
DROP SCHEMA ag CASCADE;
DROP FUNCTION public.no_not_null, public.same_indexes;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
