-- autogenerate: a domain whose default or check constraint calls a routine
-- that the migration makes again (an argument renamed: dropped and
-- created). The default and the check are taken off before the routine's
-- drop, which they would block (2BP01), and put back once the routine is
-- back (a check NOT VALID stays so, and keeps its comment); a domain made
-- again or going loses them from its old self first. Each pair checked
-- both ways with ag_check, then the SQL written.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

\set model 'CREATE FUNCTION f(y int) RETURNS bool LANGUAGE sql IMMUTABLE AS ''SELECT y > 0''; CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql IMMUTABLE AS ''SELECT y + 1'';'
\set schema 'CREATE FUNCTION f(x int) RETURNS bool LANGUAGE sql IMMUTABLE AS ''SELECT x > 0''; CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql IMMUTABLE AS ''SELECT x + 1'';'
SELECT * FROM ag_pair('default', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t (a) VALUES (1)$$, $$SELECT string_agg(a || '/' || b, ',') FROM t$$);
SELECT * FROM ag_pair('check', :'schema' || $$CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); COMMENT ON CONSTRAINT d_f ON DOMAIN d IS 'positive'; CREATE TABLE t (a d);$$,
  :'model' || $$CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); COMMENT ON CONSTRAINT d_f ON DOMAIN d IS 'positive'; CREATE TABLE t (a d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
-- a value the check NOT VALID would refuse stays
SELECT * FROM ag_pair('check NOT VALID', :'schema' || $$CREATE DOMAIN d AS int; CREATE TABLE t (a d); INSERT INTO t VALUES (-1); ALTER DOMAIN d ADD CONSTRAINT d_f CHECK (f(VALUE)) NOT VALID;$$,
  :'model' || $$CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT d_f CHECK (f(VALUE)) NOT VALID; CREATE TABLE t (a d);$$,
  '', $$SELECT string_agg(a::text, ',') FROM t$$);
SELECT * FROM ag_pair('check NOT VALID validated', :'schema' || $$CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT d_f CHECK (f(VALUE)) NOT VALID; CREATE TABLE t (a d);$$,
  :'model' || $$CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
SELECT * FROM ag_pair('default and check changed', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(2) CONSTRAINT d_f CHECK (f(VALUE + 1)); CREATE TABLE t (a d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
-- made again (its base type changes), and going
SELECT * FROM ag_pair('domain made again', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d);$$,
  :'model' || $$CREATE DOMAIN d AS bigint DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE::int)); CREATE TABLE t (a d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
SELECT * FROM ag_pair('domain going', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d);$$,
  :'model' || $$CREATE TABLE t (a int);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
-- a domain over one
SELECT * FROM ag_pair('domain over it', :'schema' || $$CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); CREATE DOMAIN e AS d DEFAULT g(1); CREATE TABLE t (a e);$$,
  :'model' || $$CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); CREATE DOMAIN e AS d DEFAULT g(1); CREATE TABLE t (a e);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
-- a new default or check that calls a new routine comes after it
SELECT * FROM ag_pair('calls a new routine', $$CREATE DOMAIN d AS int; CREATE TABLE t (a d);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
SELECT * FROM ag_pair('new domain calls a new routine', $$CREATE TABLE t (a int);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a int, b d);$$);

-- a domain an array holds: the server would refuse to check its values
-- when its check is added back (0A000), so the SQL is not written
\set VERBOSITY terse
CREATE SCHEMA ag;
SET search_path = ag;
CREATE FUNCTION f(x int) RETURNS bool LANGUAGE sql IMMUTABLE AS 'SELECT x > 0';
CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d[]);
SELECT upgrade FROM schemamig.diff(:'model' || $$CREATE DOMAIN d AS int CONSTRAINT d_f CHECK (f(VALUE)); CREATE TABLE t (a d[]);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;
\set VERBOSITY default

-- the SQL
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
SELECT set_config('ag.before', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); ALTER DOMAIN d ADD CONSTRAINT d_p CHECK (f(VALUE + 1)) NOT VALID; COMMENT ON CONSTRAINT d_f ON DOMAIN d IS 'positive'; CREATE DOMAIN e AS int DEFAULT g(2); CREATE TABLE t (a d, b e);$$, false) IS NOT NULL AS set;
DO $$ BEGIN EXECUTE current_setting('ag.before'); END $$;
SELECT set_config('ag.after', :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1) CONSTRAINT d_f CHECK (f(VALUE)); ALTER DOMAIN d ADD CONSTRAINT d_p CHECK (f(VALUE + 1)) NOT VALID; COMMENT ON CONSTRAINT d_f ON DOMAIN d IS 'positive'; CREATE TABLE t (a d, b int);$$, false) IS NOT NULL AS set;
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff(current_setting('ag.after'), 'ag');
SELECT upgrade FROM sqls;
SELECT downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
\a
\t
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(current_setting('ag.after'), 'ag');
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(current_setting('ag.before'), 'ag');
DROP TABLE sqls;
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
