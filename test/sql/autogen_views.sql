-- autogenerate: views and materialized views; each pair checked both ways
-- with ag_check (see autogen_check.inc)
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

-- created, dropped, changed; options and comments
SELECT * FROM ag_pair('views',
  $$CREATE TABLE t (a int, b text);
    CREATE VIEW gone AS SELECT a FROM t;
    CREATE VIEW changes AS SELECT a FROM t;$$,
  $$CREATE TABLE t (a int, b text);
    CREATE VIEW changes AS SELECT a, b FROM t WHERE a > 0;
    CREATE VIEW "New View" WITH (security_barrier) AS SELECT b FROM t;
    CREATE VIEW checked AS SELECT a FROM t WHERE a > 1 WITH CASCADED CHECK OPTION;
    COMMENT ON VIEW changes IS 'positive';$$);

-- a chain of views: dropped dependents first, made again what they read first
SELECT * FROM ag_pair('view chain',
  $$CREATE TABLE t (a int);
    CREATE VIEW v1 AS SELECT a FROM t;
    CREATE VIEW v2 AS SELECT a FROM v1;
    CREATE VIEW v3 AS SELECT a FROM v2;$$,
  $$CREATE TABLE t (a int, b int);
    CREATE VIEW v1 AS SELECT a, b FROM t;
    CREATE VIEW v2 AS SELECT a, b FROM v1;
    CREATE VIEW v3 AS SELECT a FROM v2;$$);

-- a view over a column whose type changes, with rows
SELECT * FROM ag_pair('view over a column whose type changes',
  $$CREATE TABLE t (id int, amount int);
    CREATE VIEW big AS SELECT id, amount FROM t WHERE amount > 10;
    CREATE VIEW bigger AS SELECT id FROM big;$$,
  $$CREATE TABLE t (id int, amount numeric(12,2));
    CREATE VIEW big AS SELECT id, amount FROM t WHERE amount > 10;
    CREATE VIEW bigger AS SELECT id FROM big;$$,
  $$INSERT INTO t VALUES (1, 5), (2, 50)$$, $$SELECT string_agg(id::text, ',') FROM bigger$$);

-- materialized views with their indexes, populated or not
SELECT * FROM ag_pair('columns that a view does not read go or change type under it',
  $$CREATE TABLE t (k int, gone text, retyped int);
    CREATE VIEW v AS SELECT k FROM t; CREATE VIEW w AS SELECT count(*) AS n FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT k + 1 AS k1 FROM t;$$,
  $$CREATE TABLE t (k int, retyped bigint);
    CREATE VIEW v AS SELECT k FROM t; CREATE VIEW w AS SELECT count(*) AS n FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT k + 1 AS k1 FROM t;$$,
  $$INSERT INTO t VALUES (1, 'x', 2)$$, $$SELECT string_agg(k::text, ',') FROM v$$);

SELECT * FROM ag_pair('materialized views',
  $$CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
    CREATE INDEX m_a ON m (a);$$,
  $$CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
    CREATE UNIQUE INDEX m_a ON m (a);
    CREATE MATERIALIZED VIEW empty AS SELECT a * 2 AS b FROM t WITH NO DATA;
    CREATE INDEX empty_b ON empty (b);
    COMMENT ON MATERIALIZED VIEW m IS 'cached';$$);

-- a materialized view made again (its query changes) gets its indexes back
SELECT * FROM ag_pair('materialized view made again',
  $$CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
    CREATE INDEX m_a ON m (a);$$,
  $$CREATE TABLE t (a int);
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t WHERE a > 0;
    CREATE INDEX m_a ON m (a);$$);

-- the SQL: the dependent view goes before the type change and comes back after
-- (the server deparses a one-table view's columns with their table's name
-- before PostgreSQL 16 and without it since: shown without, on every version)
\a
\t
CREATE SCHEMA shown;
CREATE TABLE shown.t (id int, amount int);
CREATE VIEW shown.big AS SELECT id, amount FROM shown.t WHERE amount > 10;
CREATE VIEW shown.bigger AS SELECT id FROM shown.big;
SELECT regexp_replace(upgrade, '\m(t|big)\.(id|amount)\M', '\2', 'g') FROM schemamig.diff($$
  CREATE TABLE t (id int, amount numeric(12,2));
  CREATE VIEW big AS SELECT id, amount FROM t WHERE amount > 10;
  CREATE VIEW bigger AS SELECT id FROM big;$$, 'shown');
DROP SCHEMA shown CASCADE;
\a
\t
-- a view that calls a range type's constructor, which the server made
-- with the type: not a routine of the schema's, so the view is not made
-- again for it, and diff() is empty once it is applied
SELECT * FROM ag_pair('view calling a range constructor',
  $$CREATE TYPE r AS RANGE (subtype = int4); CREATE TABLE t (x int);$$,
  $$CREATE TYPE r AS RANGE (subtype = int4); CREATE TABLE t (x int);
    CREATE VIEW v AS SELECT r(1, 2) AS a, x FROM t;$$);

-- a view made again would lose its INSTEAD OF trigger or rule, which
-- autogenerate does not make: refused (0A000), rather than dropped silently
CREATE SCHEMA agv_io;
CREATE TABLE agv_io.t (id int);
CREATE VIEW agv_io.v AS SELECT id FROM agv_io.t;
CREATE FUNCTION agv_io.ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER v_ins INSTEAD OF INSERT ON agv_io.v FOR EACH ROW EXECUTE FUNCTION agv_io.ins();
SET client_min_messages = warning;
\set VERBOSITY default
SELECT * FROM schemamig.diff($$CREATE TABLE t (id bigint); CREATE VIEW v AS SELECT id FROM t;
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$, 'agv_io');
DROP TRIGGER v_ins ON agv_io.v;
CREATE RULE v_del AS ON DELETE TO agv_io.v DO INSTEAD NOTHING;
SELECT * FROM schemamig.diff($$CREATE TABLE t (id bigint); CREATE VIEW v AS SELECT id FROM t;
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$, 'agv_io');
\set VERBOSITY terse
-- a change that does not make the view again leaves it, and its rule, be
SELECT upgrade FROM schemamig.diff($$CREATE TABLE t (id int, a text); CREATE VIEW v AS SELECT id FROM t;
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$, 'agv_io');
-- nor does a column the view does not read, going or changing type (the
-- server binds a view to the columns it reads, not to the others)
ALTER TABLE agv_io.t ADD COLUMN gone text, ADD COLUMN retyped int;
SELECT upgrade FROM schemamig.diff($$CREATE TABLE t (id int, retyped bigint); CREATE VIEW v AS SELECT id FROM t;
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$, 'agv_io');
-- a view that reads no column of the table (count(*)) stays too
CREATE VIEW agv_io.n AS SELECT count(*) AS n FROM agv_io.t;
SELECT upgrade ~ 'VIEW n' AS n_made_again FROM schemamig.diff($$CREATE TABLE t (id int, retyped bigint);
  CREATE VIEW v AS SELECT id FROM t; CREATE VIEW n AS SELECT count(*) AS n FROM t;
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$, 'agv_io');
DROP VIEW agv_io.n;
ALTER TABLE agv_io.t DROP COLUMN gone, DROP COLUMN retyped;
-- a rule on a table whose name ends like the view's ("r on x on v") is not
-- on the view: the view is made again
DROP RULE v_del ON agv_io.v;
CREATE TABLE agv_io."x on v" (a int);
CREATE RULE r AS ON DELETE TO agv_io."x on v" DO INSTEAD NOTHING;
SELECT upgrade LIKE E'DROP VIEW v;\n%CREATE VIEW v AS%' AS view_made_again
  FROM schemamig.diff($$CREATE TABLE t (id bigint); CREATE VIEW v AS SELECT id FROM t;
  CREATE TABLE "x on v" (a int);
  CREATE FUNCTION ins() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';$$, 'agv_io');
-- a view's options given in another order are the same options: the view
-- is not made again (it was, as they were compared in stored order); one
-- that changes replaces it (autogen_view_replace), its options sorted
CREATE SCHEMA agv_o;
CREATE TABLE agv_o.o (a int);
CREATE VIEW agv_o.ov WITH (security_barrier = true, check_option = local) AS SELECT a FROM agv_o.o;
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade FROM schemamig.diff($$CREATE TABLE o (a int);
  CREATE VIEW ov WITH (check_option = local, security_barrier = true) AS SELECT a FROM o;$$, 'agv_o');
SELECT upgrade LIKE E'CREATE OR REPLACE VIEW ov WITH (check_option=local, security_barrier=false) AS%' AS replaced
  FROM schemamig.diff($$CREATE TABLE o (a int);
  CREATE VIEW ov WITH (security_barrier = false, check_option = local) AS SELECT a FROM o;$$, 'agv_o');
DROP SCHEMA agv_o CASCADE;
RESET client_min_messages;
DROP SCHEMA agv_io CASCADE;
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
