-- autogenerate: a table that goes, whose check constraint, policy, column
-- default, stored generated column, index or exclusion constraint calls a
-- routine that the upgrade makes again (an argument renamed: dropped and
-- created): what calls the routine goes before the routine's drop (which
-- it would block, 2BP01), and the table after; the downgrade makes the
-- table again once the routine is back. On a table that stays, a stored
-- generated column or exclusion constraint calling it is made again around
-- it. Each variant checked both ways with ag_check, then the SQL written.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

\set model 'CREATE TABLE u (a int); CREATE FUNCTION f(y int) RETURNS bool LANGUAGE sql IMMUTABLE AS ''SELECT y > 0''; CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql IMMUTABLE AS ''SELECT y + 1'';'
\set schema 'CREATE TABLE u (a int); CREATE FUNCTION f(x int) RETURNS bool LANGUAGE sql IMMUTABLE AS ''SELECT x > 0''; CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql IMMUTABLE AS ''SELECT x + 1'';'
SELECT * FROM ag_pair('check constraint', :'schema' || $$CREATE TABLE t (a int, CONSTRAINT t_f CHECK (f(a)));$$,
  :'model', $$INSERT INTO u VALUES (1)$$, $$SELECT count(*) FROM u$$);
SELECT * FROM ag_pair('policy', :'schema' || $$CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (f(a));$$,
  :'model');
SELECT * FROM ag_pair('column default', :'schema' || $$CREATE TABLE t (a int DEFAULT g(1));$$,
  :'model');
SELECT * FROM ag_pair('index expression', :'schema' || $$CREATE TABLE t (a int); CREATE INDEX t_g ON t (g(a)); CREATE INDEX t_w ON t (a) WHERE f(a);$$,
  :'model');
SELECT * FROM ag_pair('exclusion constraint', :'schema' || $$CREATE TABLE t (a int, CONSTRAINT t_x EXCLUDE USING btree (g(a) WITH =));$$,
  :'model');
-- the name of the index that goes early is the model's index's
SELECT * FROM ag_pair('index name taken', :'schema' || $$CREATE TABLE t (a int); CREATE INDEX t_g ON t (g(a));$$,
  :'model' || $$CREATE INDEX t_g ON u (a);$$);
SELECT * FROM ag_pair('generated column', :'schema' || $$CREATE TABLE t (a int, b int GENERATED ALWAYS AS (g(a)) STORED);$$,
  :'model');
SELECT * FROM ag_pair('generated column that goes from a table that stays', :'schema' || $$CREATE TABLE t (a int, b int GENERATED ALWAYS AS (g(a)) STORED);$$,
  :'model' || $$CREATE TABLE t (a int);$$, $$INSERT INTO t VALUES (1)$$, $$SELECT count(*) FROM t$$);
-- on a table that stays, a stored generated column is made again around
-- the routine (its values computed again), and so is the exclusion constraint
SELECT * FROM ag_pair('generated column of a table that stays', :'schema' || $$CREATE TABLE t (a int, b int GENERATED ALWAYS AS (g(a)) STORED);$$,
  :'model' || $$CREATE TABLE t (a int, b int GENERATED ALWAYS AS (g(a)) STORED);$$, $$INSERT INTO t (a) VALUES (1)$$, $$SELECT a || '/' || b FROM t$$);
SELECT * FROM ag_pair('exclusion constraint of a table that stays', :'schema' || $$CREATE TABLE t (a int, CONSTRAINT t_x EXCLUDE USING btree (g(a) WITH =));$$,
  :'model' || $$CREATE TABLE t (a int, CONSTRAINT t_x EXCLUDE USING btree (g(a) WITH =));$$, $$INSERT INTO t VALUES (1)$$, $$SELECT count(*) FROM t$$);
SELECT * FROM ag_pair('all of them', :'schema' || $$CREATE TABLE t (a int DEFAULT g(0), b int DEFAULT 1, c int GENERATED ALWAYS AS (g(b)) STORED, CONSTRAINT t_f CHECK (f(a)), CONSTRAINT t_x EXCLUDE USING btree (g(a) WITH =)); CREATE INDEX t_g ON t (g(b)); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (f(b));$$,
  :'model', $$INSERT INTO t VALUES (1, 2)$$);

-- the SQL: the constraints, policy, default, expression and index go
-- before the routines' drops, the table after their creation
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
SELECT set_config('ag.before', :'schema' || $$CREATE TABLE t (a int DEFAULT g(0), b int DEFAULT 1, c int GENERATED ALWAYS AS (g(b)) STORED, CONSTRAINT t_f CHECK (f(a)), CONSTRAINT t_x EXCLUDE USING btree (g(a) WITH =)); CREATE INDEX t_g ON t (g(b)); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (f(b));$$, false) IS NOT NULL AS set;
DO $$ BEGIN EXECUTE current_setting('ag.before'); END $$;
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff(:'model', 'ag');
SELECT upgrade FROM sqls;
SELECT downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
\a
\t
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(:'model', 'ag');
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(current_setting('ag.before'), 'ag');
DROP TABLE sqls;
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
