-- autogenerate: a view whose columns stay first and alike (name, type,
-- typmod, collation) under a new query or new options is replaced in
-- place (CREATE OR REPLACE VIEW), keeping what reads it and what is on it
-- (a view over it, an INSTEAD OF trigger, a rule, a routine over its row
-- type, its grants and comments); its options are the model's (CREATE OR
-- REPLACE VIEW sets them all, none clearing them). Any other change of
-- its columns, and any change of a materialized view, makes it again.
-- Each pair checked both ways with ag_check, then the SQL written and
-- what applying it keeps.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

\set before 'CREATE TABLE t (a int, b text, c numeric(5,2)); CREATE VIEW v WITH (security_barrier = true) AS SELECT a, b FROM t; CREATE VIEW w AS SELECT a FROM v; CREATE VIEW opts WITH (check_option = local, security_barrier = true) AS SELECT a FROM t; CREATE VIEW plain AS SELECT a FROM t WHERE a > 0; COMMENT ON VIEW v IS ''vee''; COMMENT ON COLUMN v.b IS ''the b'';'
\set after 'CREATE TABLE t (a int, b text, c numeric(5,2)); CREATE VIEW v WITH (check_option = cascaded) AS SELECT a, b, c, a + 1 AS "Next" FROM t WHERE a > 0; CREATE VIEW w AS SELECT a FROM v; CREATE VIEW opts WITH (security_invoker = true) AS SELECT a FROM t; CREATE VIEW plain WITH (security_barrier) AS SELECT a FROM t WHERE a > 1; COMMENT ON VIEW v IS ''vee''; COMMENT ON COLUMN v.b IS ''the b''; COMMENT ON COLUMN v.c IS ''new'';'
SELECT * FROM ag_pair('views replaced', :'before', :'after',
  $$INSERT INTO t VALUES (1, 'x', 2)$$, $$SELECT count(*) FROM w$$);

-- the SQL: v takes its new query, columns and options, opts and plain new
-- options, in place; the downgrade takes v's columns away, which CREATE
-- OR REPLACE cannot: v is made again, with w
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
SELECT set_config('ag.before', :'before', false) IS NOT NULL AS set;
DO $$ BEGIN EXECUTE current_setting('ag.before'); END $$;
CREATE FUNCTION over_v(r v) RETURNS int LANGUAGE sql AS 'SELECT r.a';
CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS
  'BEGIN INSERT INTO t (a, b) VALUES (NEW.a, NEW.b); RETURN NEW; END';
CREATE TRIGGER v_insert INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION v_insert();
CREATE RULE v_delete AS ON DELETE TO v DO INSTEAD NOTHING;
GRANT SELECT ON v TO PUBLIC;
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff(:'after' ||
  $$ CREATE FUNCTION over_v(r v) RETURNS int LANGUAGE sql AS 'SELECT r.a';
  CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS
    'BEGIN INSERT INTO t (a, b) VALUES (NEW.a, NEW.b); RETURN NEW; END';$$, 'ag');
-- (the queries, which PostgreSQL 15 deparses otherwise, left out)
SELECT string_agg(l, E'\n') FROM sqls, regexp_split_to_table(upgrade, E'\n') AS l
 WHERE l ~ '^(CREATE|DROP|ALTER|COMMENT)';
SELECT string_agg(l, E'\n') FROM sqls, regexp_split_to_table(downgrade, E'\n') AS l
 WHERE l ~ '^(CREATE|DROP|ALTER|COMMENT)';
CREATE TEMP TABLE objs AS
  SELECT 'v'::regclass::oid AS v, 'w'::regclass::oid AS w, 'over_v'::regproc::oid AS over_v;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
\a
\t
-- the same views, function, trigger and rule; the options the model's
SELECT 'v'::regclass::oid = v AS v_kept, 'w'::regclass::oid = w AS w_kept,
       'over_v'::regproc::oid = over_v AS function_kept,
       (SELECT count(*) FROM pg_trigger WHERE tgname = 'v_insert') AS triggers,
       (SELECT count(*) FROM pg_rewrite WHERE rulename = 'v_delete') AS rules,
       has_table_privilege('public', 'v', 'SELECT') AS granted
  FROM objs;
SELECT relname, reloptions, obj_description(oid, 'pg_class') AS comment FROM pg_class
 WHERE relnamespace = 'ag'::regnamespace AND relkind = 'v' ORDER BY 1;
SELECT attname, col_description(attrelid, attnum) FROM pg_attribute
 WHERE attrelid = 'v'::regclass AND attnum > 0 ORDER BY attnum;
INSERT INTO v (a, b) VALUES (3, 'y');
SELECT a, "Next", over_v(v) FROM v ORDER BY a;
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(:'after' ||
  $$ CREATE FUNCTION over_v(r v) RETURNS int LANGUAGE sql AS 'SELECT r.a';
  CREATE FUNCTION v_insert() RETURNS trigger LANGUAGE plpgsql AS
    'BEGIN INSERT INTO t (a, b) VALUES (NEW.a, NEW.b); RETURN NEW; END';$$, 'ag');
DROP TABLE sqls, objs;
RESET search_path;
DROP SCHEMA ag CASCADE;

-- not replaced: a column changes type, typmod, collation or name, goes or
-- moves (a new one before it): the view is made again, with what reads
-- it; a materialized view is made again when its query changes, even at
-- the end
SELECT * FROM ag_pair('views made again',
  $$CREATE TABLE t (a int, b text, c numeric(5,2));
    CREATE VIEW ty AS SELECT a FROM t; CREATE VIEW ty_r AS SELECT a FROM ty;
    CREATE VIEW tm AS SELECT c FROM t; CREATE VIEW co AS SELECT b FROM t;
    CREATE VIEW na AS SELECT a FROM t; CREATE VIEW go AS SELECT a, b FROM t;
    CREATE VIEW mo AS SELECT a FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a FROM t;$$,
  $$CREATE TABLE t (a int, b text, c numeric(5,2));
    CREATE VIEW ty AS SELECT a::bigint AS a FROM t; CREATE VIEW ty_r AS SELECT a FROM ty;
    CREATE VIEW tm AS SELECT c::numeric(6,2) AS c FROM t; CREATE VIEW co AS SELECT b COLLATE "C" AS b FROM t;
    CREATE VIEW na AS SELECT a AS z FROM t; CREATE VIEW go AS SELECT a FROM t;
    CREATE VIEW mo AS SELECT b, a FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;$$);
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE t (a int, b text, c numeric(5,2));
CREATE VIEW ty AS SELECT a FROM t; CREATE VIEW ty_r AS SELECT a FROM ty;
CREATE VIEW tm AS SELECT c FROM t; CREATE VIEW co AS SELECT b FROM t;
CREATE VIEW na AS SELECT a FROM t; CREATE VIEW go AS SELECT a, b FROM t;
CREATE VIEW mo AS SELECT a FROM t;
CREATE MATERIALIZED VIEW m AS SELECT a FROM t;
SELECT string_agg(l, E'\n') FROM schemamig.diff($$CREATE TABLE t (a int, b text, c numeric(5,2));
    CREATE VIEW ty AS SELECT a::bigint AS a FROM t; CREATE VIEW ty_r AS SELECT a FROM ty;
    CREATE VIEW tm AS SELECT c::numeric(6,2) AS c FROM t; CREATE VIEW co AS SELECT b COLLATE "C" AS b FROM t;
    CREATE VIEW na AS SELECT a AS z FROM t; CREATE VIEW go AS SELECT a FROM t;
    CREATE VIEW mo AS SELECT b, a FROM t;
    CREATE MATERIALIZED VIEW m AS SELECT a, b FROM t;$$, 'ag'),
  regexp_split_to_table(upgrade, E'\n') AS l
 WHERE l ~ '^(CREATE|DROP|ALTER|COMMENT)';
\a
\t
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
