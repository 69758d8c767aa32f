-- autogenerate: a stored generated column whose expression alone changes
-- takes it with ALTER COLUMN ... SET EXPRESSION from PostgreSQL 17 on: the
-- column keeps its place, comment and grants, and what reads it (a view, a
-- materialized view, a policy, a trigger's UPDATE OF, a BEGIN ATOMIC body)
-- stays; the server makes its indexes, checks and foreign keys again as it
-- rewrites the table. Before 17 the column is dropped and added again, with
-- all of those. Both are checked both ways with ag_check; the outputs hold
-- on every version.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all
CREATE ROLE regress_age_app;

-- the expression comes to read a new column, or stops reading one that goes
\set before 'CREATE TABLE r (g int UNIQUE); CREATE TABLE t (id int PRIMARY KEY, a int, g int GENERATED ALWAYS AS (a * 2 + coalesce(x, 0)) STORED CHECK (g > 0) REFERENCES r (g), x int); CREATE INDEX t_g ON t (g); CREATE VIEW v AS SELECT id, g FROM t; CREATE MATERIALIZED VIEW mv AS SELECT g FROM t; CREATE UNIQUE INDEX mv_g ON mv (g); COMMENT ON COLUMN t.g IS ''doubled''; ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (g > 0); CREATE FUNCTION total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(g) AS s FROM t; END; CREATE TRIGGER tr BEFORE UPDATE OF g ON t FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();'
\set after 'CREATE TABLE r (g int UNIQUE); CREATE TABLE t (id int PRIMARY KEY, a int, g int GENERATED ALWAYS AS (a * 2 + coalesce(y, 0)) STORED CHECK (g > 0) REFERENCES r (g), y int); CREATE INDEX t_g ON t (g); CREATE VIEW v AS SELECT id, g FROM t; CREATE MATERIALIZED VIEW mv AS SELECT g FROM t; CREATE UNIQUE INDEX mv_g ON mv (g); COMMENT ON COLUMN t.g IS ''doubled''; ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (g > 0); CREATE FUNCTION total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(g) AS s FROM t; END; CREATE TRIGGER tr BEFORE UPDATE OF g ON t FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();'
SELECT * FROM ag_pair('expression changes', :'before', :'after',
  $$INSERT INTO r VALUES (2), (4); INSERT INTO t (id, a) VALUES (1, 1), (2, 2); REFRESH MATERIALIZED VIEW mv$$,
  $$SELECT string_agg(id || ':' || g, ',' ORDER BY id) FROM t$$);

-- the SQL, applied: from 17 on, SET EXPRESSION, and the objects that read
-- the column are the same ones (same OIDs), the column keeps its place;
-- its grant and comment stay (given back before 17); the rows get the new
-- expression's values
CREATE SCHEMA ag;
SET search_path = ag;
SELECT set_config('ag.before', :'before', false) IS NOT NULL AS set;
DO $$ BEGIN EXECUTE current_setting('ag.before'); END $$;
GRANT SELECT (g) ON t TO regress_age_app;
INSERT INTO r VALUES (2), (4), (5);
INSERT INTO t (id, a, x) VALUES (1, 1, 0), (2, 2, 1);
CREATE TEMP TABLE objs AS
  SELECT 'v'::regclass::oid AS v, 'mv'::regclass::oid AS mv,
         (SELECT oid FROM pg_policy WHERE polname = 'p') AS pol,
         (SELECT oid FROM pg_trigger WHERE tgname = 'tr') AS trg,
         (SELECT attnum FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'g') AS g;
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff(:'after', 'ag');
SELECT (upgrade LIKE '%ALTER TABLE t ALTER COLUMN g SET EXPRESSION AS (((a * 2) + COALESCE(y, 0)));%') =
         (current_setting('server_version_num')::int >= 170000) AS upgrade_by_version,
       (downgrade LIKE '%ALTER TABLE t ALTER COLUMN g SET EXPRESSION AS (((a * 2) + COALESCE(x, 0)));%') =
         (current_setting('server_version_num')::int >= 170000) AS downgrade_by_version,
       (upgrade LIKE '%DROP COLUMN g%') = (current_setting('server_version_num')::int < 170000) AS dropped_before_17
  FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT ('v'::regclass::oid = v AND 'mv'::regclass::oid = mv AND
        (SELECT oid FROM pg_policy WHERE polname = 'p') = pol AND
        (SELECT oid FROM pg_trigger WHERE tgname = 'tr') = trg AND
        (SELECT attnum FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'g') = g) =
         (current_setting('server_version_num')::int >= 170000) AS kept_by_version
  FROM objs;
SELECT has_column_privilege('regress_age_app', 't', 'g', 'SELECT') AS granted,
       col_description('t'::regclass, (SELECT attnum FROM pg_attribute
                                       WHERE attrelid = 't'::regclass AND attname = 'g')) AS comment;
UPDATE t SET y = 1 WHERE id = 2;
SELECT id, a, g, y FROM t ORDER BY id;
SELECT total();
SELECT upgrade, downgrade FROM schemamig.diff(:'after', 'ag');
-- the downgrade's expression reads x again, which it adds back empty
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT id, a, g, x FROM t ORDER BY id;
SELECT upgrade, downgrade FROM schemamig.diff(:'before', 'ag');
SELECT has_column_privilege('regress_age_app', 't', 'g', 'SELECT') AS granted;
DROP TABLE sqls, objs;
RESET search_path;
DROP SCHEMA ag CASCADE;

-- a column it reads changes type: the column is dropped and added again
-- on every version (the server refuses ALTER COLUMN ... TYPE of a column a
-- generated column reads)
SELECT * FROM ag_pair('expression and a column type change',
  $$CREATE TABLE t (a int, b int, g int GENERATED ALWAYS AS (a * 2) STORED);$$,
  $$CREATE TABLE t (a bigint, b int, g int GENERATED ALWAYS AS (a * 3) STORED);$$,
  $$INSERT INTO t (a, b) VALUES (1, 2)$$, $$SELECT string_agg(a || ':' || b, ',') FROM t$$);
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE t (a int, b int, g int GENERATED ALWAYS AS (a * 2) STORED);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE t (a bigint, b int, g int GENERATED ALWAYS AS (a * 3) STORED);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP ROLE regress_age_app;
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
