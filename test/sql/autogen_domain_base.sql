-- autogenerate: a domain whose base type changes (widened: a longer
-- varchar, a larger numeric, int to bigint) for columns that hold rows:
-- the domain is made again and its columns converted, their rows kept
-- (with an index, a check, a default and a view over them). Each pair
-- checked both ways with ag_check, then the SQL written: a widening loses
-- no value, so its conversion is not marked destructive; a narrowing is.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('varchar widened', $$CREATE DOMAIN d AS varchar(10) CHECK (VALUE <> ''); CREATE TABLE t (id int PRIMARY KEY, a d DEFAULT 'x', b d NOT NULL); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT id, a FROM t;$$,
  $$CREATE DOMAIN d AS varchar(20) CHECK (VALUE <> ''); CREATE TABLE t (id int PRIMARY KEY, a d DEFAULT 'x', b d NOT NULL); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT id, a FROM t;$$,
  $$INSERT INTO t VALUES (1, 'abcdefghij', 'b'), (2, NULL, 'c')$$,
  $$SELECT string_agg(id || '/' || coalesce(a, 'null') || '/' || b, ',' ORDER BY id) FROM t$$);
SELECT * FROM ag_pair('numeric widened', $$CREATE DOMAIN d AS numeric(5,2); CREATE TABLE t (id int, a d);$$,
  $$CREATE DOMAIN d AS numeric(8,2); CREATE TABLE t (id int, a d);$$,
  $$INSERT INTO t VALUES (1, 123.45), (2, -0.5)$$,
  $$SELECT string_agg(id || '/' || a, ',' ORDER BY id) FROM t$$);
SELECT * FROM ag_pair('int to bigint', $$CREATE DOMAIN d AS int NOT NULL DEFAULT 7; CREATE TABLE t (id int, a d, c d[]);$$,
  $$CREATE DOMAIN d AS bigint NOT NULL DEFAULT 7; CREATE TABLE t (id int, a d, c d[]);$$,
  $$INSERT INTO t VALUES (1, 2147483647, '{1,2}'), (2, -3, NULL)$$,
  $$SELECT string_agg(id || '/' || a || '/' || coalesce(c::text, 'null'), ',' ORDER BY id) FROM t$$);
-- a domain over it, and a composite type holding it
SELECT * FROM ag_pair('under a domain and a composite', $$CREATE DOMAIN d AS varchar(10); CREATE DOMAIN e AS d; CREATE TYPE p AS (x d, y int); CREATE TABLE t (id int, a e, b p);$$,
  $$CREATE DOMAIN d AS varchar(20); CREATE DOMAIN e AS d; CREATE TYPE p AS (x d, y int); CREATE TABLE t (id int, a e, b p);$$,
  $$INSERT INTO t VALUES (1, 'abc', ROW('def', 1)), (2, NULL, NULL)$$,
  $$SELECT string_agg(id || '/' || coalesce(a, 'null') || '/' || coalesce(b::text, 'null'), ',' ORDER BY id) FROM t$$);

-- the SQL
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
CREATE DOMAIN d AS varchar(10) CHECK (VALUE <> ''); CREATE TABLE t (id int PRIMARY KEY, a d DEFAULT 'x', b d NOT NULL); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT id, a FROM t;
SELECT line FROM schemamig.diff($$CREATE DOMAIN d AS varchar(20) CHECK (VALUE <> ''); CREATE TABLE t (id int PRIMARY KEY, a d DEFAULT 'x', b d NOT NULL); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT id, a FROM t;$$, 'ag') AS d,
  regexp_split_to_table(d.upgrade, E'\n') AS line WHERE line !~ '^(SELECT |    [a-z]|   FROM )';  -- not the view's body, printed as 15 or 16+ prints it
SELECT line FROM schemamig.diff($$CREATE DOMAIN d AS varchar(5) CHECK (VALUE <> ''); CREATE TABLE t (id int PRIMARY KEY, a d DEFAULT 'x', b d NOT NULL); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT id, a FROM t;$$, 'ag') AS d,
  regexp_split_to_table(d.upgrade, E'\n') AS line WHERE line !~ '^(SELECT |    [a-z]|   FROM )';  -- not the view's body, printed as 15 or 16+ prints it
SELECT line FROM schemamig.diff($$CREATE DOMAIN d AS varchar(20) COLLATE "C" CHECK (VALUE <> ''); CREATE TABLE t (id int PRIMARY KEY, a d DEFAULT 'x', b d NOT NULL); CREATE INDEX t_a ON t (a); CREATE VIEW v AS SELECT id, a FROM t;$$, 'ag') AS d,
  regexp_split_to_table(d.upgrade, E'\n') AS line WHERE line LIKE '-- %';
DROP SCHEMA ag CASCADE;
CREATE SCHEMA ag;
CREATE DOMAIN d AS int; CREATE DOMAIN n AS numeric(5,2); CREATE TABLE t (a d, b n);
SELECT line FROM schemamig.diff($$CREATE DOMAIN d AS bigint; CREATE DOMAIN n AS numeric(8,2); CREATE TABLE t (a d, b n);$$, 'ag') AS d,
  regexp_split_to_table(d.upgrade, E'\n') AS line WHERE line LIKE '-- %' OR line LIKE 'ALTER TABLE%';
SELECT line FROM schemamig.diff($$CREATE DOMAIN d AS smallint; CREATE DOMAIN n AS numeric(8,3); CREATE TABLE t (a d, b n);$$, 'ag') AS d,
  regexp_split_to_table(d.upgrade, E'\n') AS line WHERE line LIKE '-- %' OR line LIKE 'ALTER TABLE%';
RESET search_path;
DROP SCHEMA ag CASCADE;
\a
\t

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
