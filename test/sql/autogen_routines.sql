-- autogenerate: functions, procedures and triggers; each pair checked both
-- ways with ag_check (see autogen_check.inc)
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

-- created, dropped, a body that changes (CREATE OR REPLACE), comments
SELECT * FROM ag_pair('routines',
  $$CREATE FUNCTION gone(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
    CREATE FUNCTION body(a int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN a; END';$$,
  $$CREATE FUNCTION body(a int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN a + 1; END';
    CREATE FUNCTION "Mixed Case"("select" text DEFAULT 'x') RETURNS text LANGUAGE sql AS 'SELECT $1';
    CREATE PROCEDURE p(INOUT n int) LANGUAGE plpgsql AS 'BEGIN n := n * 2; END';
    COMMENT ON FUNCTION body(int) IS 'adds one';$$);

-- a result type or an argument's name that changes: dropped and created
SELECT * FROM ag_pair('result type',
  $$CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(a int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN a; END';$$,
  $$CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(b int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN b; END';$$);

-- a SQL-standard body binds to the objects it names: it must name the
-- schema's own table, not the scratch schema's, and comes after the table
SELECT * FROM ag_pair('BEGIN ATOMIC',
  $$CREATE TABLE t (a int);$$,
  $$CREATE TABLE t (a int);
    CREATE FUNCTION n() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END;
    CREATE TABLE u (b int DEFAULT 0);$$);

-- a default that calls a LANGUAGE sql function reading a table made in
-- the same revision: the function comes first, its body checked by the model
SELECT * FROM ag_pair('default calls a SQL function',
  $$CREATE TABLE keep (id int);$$,
  $$CREATE TABLE keep (id int);
    CREATE TABLE codes (code int);
    CREATE FUNCTION next_code() RETURNS int LANGUAGE sql AS 'SELECT coalesce(max(code), 0) + 1 FROM codes';
    CREATE TABLE coded (code int DEFAULT next_code(), name text);$$);

-- triggers: created, dropped, changed; the function a trigger calls
-- changes its name (a trigger function takes no declared arguments)
SELECT * FROM ag_pair('triggers',
  $$CREATE TABLE t (a int, changed timestamptz);
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.changed := now(); RETURN NEW; END';
    CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE TRIGGER t_gone BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();$$,
  $$CREATE TABLE t (a int, changed timestamptz);
    CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.changed := now(); RETURN NEW; END';
    CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION stamp();
    COMMENT ON TRIGGER t_touch ON t IS 'stamps';$$,
  $$INSERT INTO t (a) VALUES (1)$$, $$SELECT count(*)::text FROM t$$);

-- a function whose result changes while a trigger uses it: the trigger is
-- dropped before it and made again after
SELECT * FROM ag_pair('trigger over a function made again',
  $$CREATE TABLE t (a int);
    CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();$$,
  $$CREATE TABLE t (a int);
    CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg();$$);

-- a function whose result changes while a default, a check and an index
-- call it: they go before it and come back after, rows kept
SELECT * FROM ag_pair('default, check and index over a function made again',
  $$CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';
    CREATE TABLE t (a text DEFAULT norm('X'), CHECK (norm(a) <> ''));
    CREATE INDEX t_norm ON t (norm(a));$$,
  $$CREATE FUNCTION norm(y text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(y)';
    CREATE TABLE t (a text DEFAULT norm('X'), CHECK (norm(a) <> ''));
    CREATE INDEX t_norm ON t (norm(a));$$,
  $$INSERT INTO t VALUES ('Ab')$$, $$SELECT string_agg(a, ',') FROM t$$);

-- a function whose result changes while a view calls it: the view goes
-- first and comes back after
SELECT * FROM ag_pair('view over a function made again',
  $$CREATE TABLE t (a int);
    CREATE FUNCTION half(n int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT n / 2';
    CREATE VIEW halves AS SELECT half(a) AS h FROM t;$$,
  $$CREATE TABLE t (a int);
    CREATE FUNCTION half(n int) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT n / 2.0';
    CREATE VIEW halves AS SELECT half(a) AS h FROM t;$$,
  $$INSERT INTO t VALUES (3)$$, $$SELECT count(*)::text FROM halves$$);

-- a function whose argument's name changes while only a check and an
-- index call it, while an index of a materialized view calls it, or
-- another function's argument default and a BEGIN ATOMIC body: what calls
-- it goes before it (in both directions) and comes back after
SELECT * FROM ag_pair('check and index over a function made again',
  $$CREATE FUNCTION norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';
    CREATE TABLE t (a text CONSTRAINT t_a_check CHECK (norm(a) <> ''));
    CREATE INDEX t_norm ON t (norm(a));$$,
  $$CREATE FUNCTION norm(y text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(y)';
    CREATE TABLE t (a text CONSTRAINT t_a_check CHECK (norm(a) <> ''));
    CREATE INDEX t_norm ON t (norm(a));$$,
  $$INSERT INTO t VALUES ('Ab')$$, $$SELECT string_agg(a, ',') FROM t$$);
-- routines that go while the types they take are moved aside (made
-- again, changing kind, or going while another object takes the name):
-- dropped by the names the types have by then (not the routine's own
-- name, should it be a type's)
SELECT * FROM ag_pair('routines that go over types moved aside',
  $$CREATE TYPE e AS ENUM ('a', 'b'); CREATE TYPE k AS ENUM ('a'); CREATE TYPE g AS ENUM ('a');
    CREATE TABLE t (c e);
    CREATE FUNCTION f(x e, y int) RETURNS text LANGUAGE sql AS 'SELECT x::text';
    CREATE FUNCTION h(x k[]) RETURNS text LANGUAGE sql AS 'SELECT x::text';
    CREATE PROCEDURE p(x g) LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION e(x e, y "e") RETURNS int LANGUAGE sql AS 'SELECT 1';$$,
  $$CREATE TYPE e AS ENUM ('b', 'a'); CREATE TYPE k AS (x text); CREATE TABLE g (x int);
    CREATE TABLE t (c e);$$,
  $$INSERT INTO t VALUES ('a')$$, $$SELECT string_agg(c::text, ',') FROM t$$);
-- a routine kept over a type made again (or changing kind), called by a
-- column default: the default goes first, by the table's and column's old
-- names, then the routine, before the type is moved aside
SELECT * FROM ag_pair('column default calls a routine over a type made again',
  $$CREATE TYPE e AS ENUM ('a', 'b'); CREATE TYPE k AS ENUM ('x');
    CREATE FUNCTION f(x e) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(x k) RETURNS int LANGUAGE sql AS 'SELECT 2';
    CREATE TABLE t (c int DEFAULT f('a'), d int DEFAULT g(NULL));$$,
  $$CREATE TYPE e AS ENUM ('b', 'a'); CREATE DOMAIN k AS text;
    CREATE FUNCTION f(x e) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(x k) RETURNS int LANGUAGE sql AS 'SELECT 2';
    -- schemamig: renamed from t
    CREATE TABLE t2 (
      c int DEFAULT f('a'),
      dd int DEFAULT g(NULL) -- schemamig: renamed from d
    );$$,
  $$INSERT INTO t DEFAULT VALUES$$, $$SELECT string_agg(format('%s %s', c, d), ',') FROM t$$,
  $$SELECT string_agg(format('%s %s', c, dd), ',') FROM t2$$);
-- routines over the row types of tables and views come after them and go
-- before them, and by the name the row type has (a table that goes while
-- an enum takes its name is moved aside first)
SELECT * FROM ag_pair('routines over row types',
  $$CREATE TABLE t (x int);$$,
  $$CREATE TABLE t (x int); CREATE TABLE tb (x int); CREATE VIEW vb AS SELECT 1 AS a;
    CREATE FUNCTION f(r tb) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(r vb[]) RETURNS int LANGUAGE sql AS 'SELECT 2';
    CREATE FUNCTION h() RETURNS SETOF tb LANGUAGE sql AS 'SELECT * FROM tb';$$);
SELECT * FROM ag_pair('routine over the row type of a table whose name an enum takes',
  $$CREATE TABLE tb (x int); CREATE FUNCTION f(r tb) RETURNS int LANGUAGE sql AS 'SELECT 1';$$,
  $$CREATE TYPE tb AS ENUM ('a');$$);
-- a routine that keeps its identity while the type it takes goes from a
-- table's row type to a composite type of that name, or back: made again
SELECT * FROM ag_pair('routine kept while its row type becomes a composite type',
  $$CREATE TABLE tb (x int); CREATE FUNCTION f(r tb) RETURNS int LANGUAGE sql AS 'SELECT 1';$$,
  $$CREATE TYPE tb AS (x int); CREATE FUNCTION f(r tb) RETURNS int LANGUAGE sql AS 'SELECT 1';$$);
-- ... when the table is renamed (its identity changes with it: dropped
-- first, by its old name), becomes a view, or is a view whose query
-- changes (made again with it)
SELECT * FROM ag_pair('routines over row types of relations renamed or made again',
  $$CREATE TABLE tb (x int); CREATE FUNCTION f(r tb) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE TABLE tv (x int); CREATE FUNCTION g(r tv) RETURNS int LANGUAGE sql AS 'SELECT 2';
    CREATE VIEW v AS SELECT 1 AS a; CREATE FUNCTION h(r v) RETURNS int LANGUAGE sql AS 'SELECT 3';$$,
  $$-- schemamig: renamed from tb
    CREATE TABLE tb2 (x int); CREATE FUNCTION f(r tb2) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE VIEW tv AS SELECT 1 AS x; CREATE FUNCTION g(r tv) RETURNS int LANGUAGE sql AS 'SELECT 2';
    CREATE VIEW v AS SELECT 2 AS a, 3 AS b; CREATE FUNCTION h(r v) RETURNS int LANGUAGE sql AS 'SELECT 3';$$);
-- ... and when the view is made again only for what it reads: a column
-- of a table it reads changes type, a view it reads or a routine it calls
-- is made again (each routine over its row type, and a view calling one,
-- follows)
SELECT * FROM ag_pair('routines over row types of views made again for what they read',
  $$CREATE TABLE t (x int); CREATE VIEW v AS SELECT x FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT x FROM t;
    CREATE FUNCTION f(r v) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(r m) RETURNS int LANGUAGE sql AS 'SELECT 2';
    CREATE VIEW v1 AS SELECT 1 AS a; CREATE VIEW v2 AS SELECT a FROM v1;
    CREATE FUNCTION h(r v2[]) RETURNS SETOF v2 LANGUAGE sql AS 'SELECT * FROM unnest(r)';
    CREATE FUNCTION k(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
    CREATE VIEW vk AS SELECT k(1) AS a; CREATE FUNCTION fk(r vk) RETURNS int LANGUAGE sql AS 'SELECT 3';
    CREATE VIEW w AS SELECT fk(NULL::vk) AS b;$$,
  $$CREATE TABLE t (x bigint); CREATE VIEW v AS SELECT x FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT x FROM t;
    CREATE FUNCTION f(r v) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE FUNCTION g(r m) RETURNS int LANGUAGE sql AS 'SELECT 2';
    CREATE VIEW v1 AS SELECT 2 AS a; CREATE VIEW v2 AS SELECT a FROM v1;
    CREATE FUNCTION h(r v2[]) RETURNS SETOF v2 LANGUAGE sql AS 'SELECT * FROM unnest(r)';
    CREATE FUNCTION k(x int) RETURNS bigint LANGUAGE sql AS 'SELECT x';
    CREATE VIEW vk AS SELECT k(1) AS a; CREATE FUNCTION fk(r vk) RETURNS int LANGUAGE sql AS 'SELECT 3';
    CREATE VIEW w AS SELECT fk(NULL::vk) AS b;$$,
  $$INSERT INTO t VALUES (1)$$);
-- what casts to the row type of a view made again is bound to it: a view,
-- a column default, a check constraint, an index, a BEGIN ATOMIC body and
-- a policy go before the view and come back after it
SELECT * FROM ag_pair('casts to the row type of a view made again',
  $$CREATE TABLE t (x int); CREATE VIEW z AS SELECT x FROM t;
    CREATE VIEW a AS SELECT (NULL::z).x AS b;
    CREATE FUNCTION im(text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT $1';
    CREATE TABLE u (k text DEFAULT (NULL::z)::text CHECK (k <> (NULL::z)::text));
    CREATE INDEX ui ON u (im(k || (NULL::z)::text));
    CREATE FUNCTION a0() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT (NULL::z)::text; END;
    ALTER TABLE u ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON u USING (k <> (NULL::z)::text);$$,
  $$CREATE TABLE t (x numeric); CREATE VIEW z AS SELECT x FROM t;
    CREATE VIEW a AS SELECT (NULL::z).x AS b;
    CREATE FUNCTION im(text) RETURNS text IMMUTABLE LANGUAGE sql AS 'SELECT $1';
    CREATE TABLE u (k text DEFAULT (NULL::z)::text CHECK (k <> (NULL::z)::text));
    CREATE INDEX ui ON u (im(k || (NULL::z)::text));
    CREATE FUNCTION a0() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT (NULL::z)::text; END;
    ALTER TABLE u ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON u USING (k <> (NULL::z)::text);$$,
  $$INSERT INTO t VALUES (1); INSERT INTO u VALUES ('a')$$);
-- a routine over the row type of a table renamed that a default, a check
-- or an index calls: they go before it, and come back after
SELECT * FROM ag_pair('routine over a renamed table row type called by a default, check and index',
  $$CREATE TABLE tb (x int); CREATE FUNCTION f(r tb) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';
    CREATE TABLE t (c int DEFAULT f(NULL::tb) CHECK (c >= f(NULL::tb)));
    CREATE INDEX ti ON t ((c + f(NULL::tb)));$$,
  $$-- schemamig: renamed from tb
    CREATE TABLE tb2 (x int); CREATE FUNCTION f(r tb2) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT 1';
    CREATE TABLE t (c int DEFAULT f(NULL::tb2) CHECK (c >= f(NULL::tb2)));
    CREATE INDEX ti ON t ((c + f(NULL::tb2)));$$,
  $$INSERT INTO t DEFAULT VALUES$$, $$SELECT string_agg(c::text, ',') FROM t$$);
-- a column that goes whose default calls a routine over a type made again
SELECT * FROM ag_pair('column that goes, its default calling a routine over a type made again',
  $$CREATE TYPE e AS ENUM ('a', 'b'); CREATE FUNCTION f(x e) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE TABLE t (c int DEFAULT f('a'), k int);$$,
  $$CREATE TYPE e AS ENUM ('b', 'a'); CREATE FUNCTION f(x e) RETURNS int LANGUAGE sql AS 'SELECT 1';
    CREATE TABLE t (k int);$$);
SELECT * FROM ag_pair('materialized view index over a function made again',
  $$CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';
    CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
    CREATE INDEX mi ON m (f(a));$$,
  $$CREATE FUNCTION f(x int) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x::bigint';
    CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
    CREATE INDEX mi ON m (f(a));$$);
SELECT * FROM ag_pair('routines over a function made again',
  $$CREATE FUNCTION g(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
    CREATE FUNCTION f(x int DEFAULT g(1)) RETURNS int LANGUAGE sql AS 'SELECT x';
    CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT g(2); END;$$,
  $$CREATE FUNCTION g(b int) RETURNS int LANGUAGE sql AS 'SELECT b';
    CREATE FUNCTION f(x int DEFAULT g(1)) RETURNS int LANGUAGE sql AS 'SELECT x';
    CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT g(2); END;$$);

-- BEGIN ATOMIC bodies bind to the columns and tables they read: while one
-- of those goes or changes type, the routine is dropped before (with the
-- view that calls it) and made again after, or just dropped first
SELECT * FROM ag_pair('BEGIN ATOMIC over a column that goes or changes',
  $$CREATE TABLE t (a int, b int, c int);
    CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(b) FROM t; END;
    CREATE FUNCTION g() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(c) FROM t; END;
    CREATE VIEW v AS SELECT f() AS total;
    CREATE TABLE u (x int);
    CREATE FUNCTION h() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM u; END;$$,
  $$CREATE TABLE t (a int, c bigint);
    CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(a) FROM t; END;
    CREATE FUNCTION g() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(c) FROM t; END;
    CREATE VIEW v AS SELECT f() AS total;$$,
  $$INSERT INTO t VALUES (1, 2, 3)$$, $$SELECT format('%s %s', a, c) FROM t$$);

-- row-level security: ENABLE, FORCE, policies (roles, commands, USING,
-- WITH CHECK, permissive or restrictive)
CREATE ROLE regress_ag_app;
SELECT * FROM ag_pair('row-level security',
  $$CREATE TABLE t (owner text, a int);
    CREATE TABLE u (b int);
    ALTER TABLE u ENABLE ROW LEVEL SECURITY;
    CREATE POLICY gone ON u USING (true);
    CREATE POLICY mine ON t USING (owner = current_user);$$,
  $$CREATE TABLE t (owner text, a int);
    CREATE TABLE u (b int);
    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    ALTER TABLE t FORCE ROW LEVEL SECURITY;
    CREATE POLICY mine ON t FOR UPDATE TO regress_ag_app USING (owner = current_user) WITH CHECK (a > 0);
    CREATE POLICY "Strict" ON t AS RESTRICTIVE FOR SELECT USING (a IS NOT NULL);
    COMMENT ON POLICY mine ON t IS 'own rows';$$);
DROP ROLE regress_ag_app;

-- the SQL: bodies of LANGUAGE sql are not checked while the revision runs
\a
\t
CREATE SCHEMA shown_sql;
SELECT upgrade FROM schemamig.diff($$
  CREATE TABLE codes (code int);
  CREATE FUNCTION next_code() RETURNS int LANGUAGE sql AS 'SELECT coalesce(max(code), 0) + 1 FROM codes';
  CREATE TABLE coded (code int DEFAULT next_code(), name text);$$, 'shown_sql');
DROP SCHEMA shown_sql;
CREATE SCHEMA shown;
CREATE TABLE shown.t (a int);
CREATE FUNCTION shown.f(x int) RETURNS int LANGUAGE sql AS 'SELECT x';
CREATE FUNCTION shown.trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t_trg BEFORE INSERT ON shown.t FOR EACH ROW EXECUTE FUNCTION shown.trg();
SELECT upgrade, downgrade FROM schemamig.diff($$
  CREATE TABLE t (a int);
  CREATE FUNCTION f(y int) RETURNS int LANGUAGE sql AS 'SELECT y';
  CREATE FUNCTION trg2() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
  CREATE TRIGGER t_trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trg2();$$, 'shown');
DROP SCHEMA shown CASCADE;
\a
\t
-- a new body for an immutable function rebuilds the indexes over it, which
-- held what the old body computed: an index scan then finds the row
CREATE SCHEMA agr_ix;
CREATE FUNCTION agr_ix.norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(t)';
CREATE TABLE agr_ix.t (e text);
CREATE UNIQUE INDEX t_norm ON agr_ix.t (agr_ix.norm(e));
INSERT INTO agr_ix.t VALUES ('a');
SELECT upgrade FROM schemamig.diff($$CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(t)';
  CREATE TABLE t (e text); CREATE UNIQUE INDEX t_norm ON t (norm(e));$$, 'agr_ix') \gset
SELECT regexp_replace(:'upgrade', E'\n(RETURNS|LANGUAGE|IMMUTABLE| )[^\n]*', '', 'g') AS upgrade;
SET search_path = agr_ix;
BEGIN;
SET LOCAL enable_seqscan = off;
:upgrade
SELECT count(*) AS found FROM agr_ix.t WHERE agr_ix.norm(e) = agr_ix.norm('a');
ROLLBACK;
RESET search_path;
DROP SCHEMA agr_ix CASCADE;
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
