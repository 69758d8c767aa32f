-- autogenerate: an enum value that the same revision adds and uses where
-- the server checks it when the object is made (a view, a materialized
-- view, a policy, a trigger's WHEN, a domain's check or default, a
-- routine's argument default or BEGIN ATOMIC body): ADD VALUE cannot be
-- used in the transaction that adds it (55P04), so the type is made again,
-- as for a column default; each pair checked both ways with ag_check
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('enum value added and used by a view',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE VIEW tv AS SELECT k, v FROM t WHERE v = 'c';$$,
  $$INSERT INTO t VALUES (1, 'a'), (2, 'b')$$, $$SELECT string_agg(k || v::text, ',' ORDER BY k) FROM t$$);

SELECT * FROM ag_pair('enum value added and used by a view that changes',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);
    CREATE VIEW tv AS SELECT k, v FROM t WHERE v = 'b';$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE VIEW tv AS SELECT k, v FROM t WHERE v = 'c';$$);

SELECT * FROM ag_pair('enum value added and used by a materialized view',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE MATERIALIZED VIEW mv AS SELECT k FROM t WHERE v = 'c';$$);

SELECT * FROM ag_pair('enum value added and used by a policy',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);
    ALTER TABLE t ENABLE ROW LEVEL SECURITY;$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (v <> 'c');$$);

SELECT * FROM ag_pair('enum value added and used by a trigger''s WHEN',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);
    CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.v = 'c') EXECUTE FUNCTION f();$$);

SELECT * FROM ag_pair('enum value added and used by a domain',
  $$CREATE TYPE st AS ENUM ('a', 'b');$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE DOMAIN d AS st DEFAULT 'c' CHECK (VALUE <> 'c');$$);

SELECT * FROM ag_pair('enum value added and used by a routine',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE FUNCTION g(x st DEFAULT 'c') RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION cnt() RETURNS bigint LANGUAGE sql
      BEGIN ATOMIC SELECT count(*) AS n FROM t WHERE v = 'c'; END;$$);

-- in an array literal (as the server prints one: quoted where the value
-- needs it), of a column default or a check
SELECT * FROM ag_pair('enum value added and used in an array literal',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st[]);$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c d'); CREATE TABLE t (k int, v st[] DEFAULT '{a,"c d"}');$$,
  $$INSERT INTO t VALUES (1, '{a,b}')$$, $$SELECT string_agg(k || v::text, ',' ORDER BY k) FROM t$$);
SELECT * FROM ag_pair('enum value added and used in an array literal of a check',
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'b', 'it''s');
    CREATE TABLE t (k int, v st CHECK (v <> ALL ('{{b},{it''s}}'::st[])));$$);
-- a value added in place still, where the array holds only its neighbours
CREATE SCHEMA agx;
CREATE TYPE agx.st AS ENUM ('a', 'b');
CREATE TABLE agx.t (k int, v agx.st[] DEFAULT '{a}');
SELECT upgrade FROM schemamig.diff(
  $$CREATE TYPE st AS ENUM ('a', 'b', 'bb'); CREATE TABLE t (k int, v st[] DEFAULT '{a,b}');$$,
  'agx') AS in_place;
SELECT upgrade ~ 'RENAME TO' AS made_again FROM schemamig.diff(
  $$CREATE TYPE st AS ENUM ('a', 'b', 'bb'); CREATE TABLE t (k int, v st[] DEFAULT '{a,bb}');$$,
  'agx');
DROP SCHEMA agx CASCADE;

-- the SQL: the type is made again, the view after it (its statements'
-- first lines: the server prints a view's query another way before 16)
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (k int, v st);
SELECT l.line AS upgrade
  FROM schemamig.diff(
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE VIEW tv AS SELECT k, v FROM t WHERE v = 'c';$$, 'ag') AS d,
       regexp_split_to_table(d.upgrade, E'\n') WITH ORDINALITY AS l(line, n)
 WHERE l.line ~ '^(ALTER|CREATE|DROP) '
 ORDER BY l.n;
-- a value added and used only by a string body (not parsed when the
-- routine is made) is still added in place
SELECT upgrade FROM schemamig.diff(
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE TABLE t (k int, v st);
    CREATE FUNCTION h() RETURNS st LANGUAGE plpgsql AS $b$BEGIN RETURN 'c'::st; END$b$;$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
