-- autogenerate: a column added to a table that holds rows takes its
-- domain's default (the server fills the rows with it), so the default
-- must be there when the column is added, also when it is put back around
-- a routine made again, or set to call a new routine, whose body is
-- BEGIN ATOMIC (made after the tables' changes). Each pair checked both
-- ways with ag_check: the rows read after the upgrade are those the model
-- alone gives (rows inserted into it without b).
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

\set model 'CREATE TABLE src (v int); CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT y + 1; END;'
\set schema 'CREATE TABLE src (v int); CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT x + 1; END;'
-- put back around g made again
SELECT * FROM ag_pair('default put back', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/2,2/2'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
-- the default set to call a new routine; its body changed (replaced)
SELECT * FROM ag_pair('default calls a new routine', $$CREATE TABLE src (v int); CREATE DOMAIN d AS int; CREATE TABLE t (a int);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/2,2/2'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
SELECT * FROM ag_pair('body replaced', $$CREATE TABLE src (v int); CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT y + 5; END; CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/2,2/2'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
-- NOT NULL: the rows need the default
SELECT * FROM ag_pair('not null', :'schema' || $$CREATE DOMAIN d AS int NOT NULL DEFAULT g(1); CREATE TABLE t (a int);$$,
  :'model' || $$CREATE DOMAIN d AS int NOT NULL DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/2,2/2'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
-- a domain over it, a routine it calls that reads a table, an index on
-- the column and a check on it
SELECT * FROM ag_pair('over it, reads a table', $$CREATE TABLE src (v int); INSERT INTO src VALUES (10); CREATE FUNCTION h(x int) RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT x + (SELECT max(v) FROM src); END; CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT h(x); END; CREATE DOMAIN d AS int DEFAULT g(1); CREATE DOMAIN e AS d; CREATE TABLE t (a int);$$,
  $$CREATE TABLE src (v int); CREATE FUNCTION h(y int) RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT y + (SELECT max(v) FROM src); END; CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT h(y); END; CREATE DOMAIN d AS int DEFAULT g(1); CREATE DOMAIN e AS d; CREATE TABLE t (a int, b e CHECK (b > 0)); CREATE INDEX t_b ON t (b);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/11,2/11'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
-- a body that takes a new sequence's next value
SELECT * FROM ag_pair('reads a new sequence', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int);$$,
  $$CREATE TABLE src (v int); CREATE SEQUENCE s; CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql VOLATILE BEGIN ATOMIC SELECT y + 0 * nextval('s')::int; END; CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/1,2/1'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
-- the column's own default, with a check and an index on it
SELECT * FROM ag_pair('own default, index', :'schema' || $$CREATE TABLE t (a int);$$,
  :'model' || $$CREATE TABLE t (a int, b int DEFAULT g(1) CHECK (b > 0)); CREATE INDEX t_b ON t (b);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/2,2/2'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
SELECT * FROM ag_pair('own default of a new routine, index', $$CREATE TABLE src (v int); CREATE TABLE t (a int);$$,
  :'model' || $$CREATE TABLE t (a int, b int DEFAULT g(1) CHECK (b > 0)); CREATE INDEX t_b ON t (b);$$,
  $$INSERT INTO t (a) VALUES (1), (2)$$, $$SELECT '1/2,2/2'$$,
  $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
-- a column converted to a domain made again, or new, whose default and
-- check call such a routine
SELECT * FROM ag_pair('domain made again, index', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1) CHECK (g(VALUE) > 0); CREATE TABLE t (a int, b d); CREATE INDEX t_b ON t (b);$$,
  :'model' || $$CREATE DOMAIN d AS bigint DEFAULT g(1) CHECK (g(VALUE::int) > 0); CREATE TABLE t (a int, b d); CREATE INDEX t_b ON t (b);$$,
  $$INSERT INTO t (a, b) VALUES (1, 5)$$, $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);
SELECT * FROM ag_pair('converted to a new domain, index', $$CREATE TABLE src (v int); CREATE TABLE t (a int, b int); CREATE INDEX t_b ON t (b);$$,
  :'model' || $$CREATE DOMAIN d AS int DEFAULT g(1) CHECK (g(VALUE) > 0); CREATE TABLE t (a int, b d); CREATE INDEX t_b ON t (b);$$,
  $$INSERT INTO t (a, b) VALUES (1, 5)$$, $$SELECT string_agg(a || '/' || coalesce(b::text, 'null'), ',' ORDER BY a) FROM t$$);

-- its body reads a column the migration adds to a table it has: refused
\set VERBOSITY default
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE src (v int);
CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT x + 1; END;
CREATE DOMAIN d AS int DEFAULT g(1);
CREATE TABLE t (a int);
SELECT upgrade FROM schemamig.diff($$CREATE TABLE src (v int, w int); CREATE FUNCTION g(y int) RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT y + (SELECT max(w) FROM src); END; CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

-- the SQL
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
SELECT set_config('ag.before', :'schema' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int);$$, false) IS NOT NULL AS set;
DO $$ BEGIN EXECUTE current_setting('ag.before'); END $$;
SELECT upgrade FROM schemamig.diff(:'model' || $$CREATE DOMAIN d AS int DEFAULT g(1); CREATE TABLE t (a int, b d);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;
\a
\t

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
