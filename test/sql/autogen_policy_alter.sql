-- autogenerate: a policy whose roles, USING or WITH CHECK change (same
-- command, same PERMISSIVE or RESTRICTIVE) is altered in place (ALTER
-- POLICY), keeping its comment; a new command or kind, or a USING or WITH
-- CHECK taken away (ALTER POLICY cannot), makes it again, and so does a
-- routine it calls that is made again or goes, which its drop waits for.
-- Each pair checked both ways with ag_check, then the SQL written and
-- what applying it keeps.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all
CREATE ROLE regress_agp_a;
CREATE ROLE regress_agp_b;

\set before 'CREATE TABLE t (a int, b int); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p_all ON t TO regress_agp_a USING (a > 0); CREATE POLICY p_upd ON t FOR UPDATE USING (a > 0) WITH CHECK (b > 0); CREATE POLICY p_ins ON t FOR INSERT WITH CHECK (b > 0); CREATE POLICY p_sel ON t FOR SELECT USING (a > 0); CREATE POLICY p_res ON t AS RESTRICTIVE USING (b IS NOT NULL); COMMENT ON POLICY p_all ON t IS ''all''; COMMENT ON POLICY p_upd ON t IS ''upd''; COMMENT ON POLICY p_ins ON t IS ''ins'';'
\set after 'CREATE TABLE t (a int, b int); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p_all ON t TO regress_agp_a, regress_agp_b USING (a > 1) WITH CHECK (b > 0); CREATE POLICY p_upd ON t FOR UPDATE USING (a > 0); CREATE POLICY p_ins ON t FOR INSERT TO regress_agp_b WITH CHECK (b > 1); CREATE POLICY p_sel ON t FOR ALL USING (a > 0); CREATE POLICY p_res ON t USING (b IS NOT NULL); COMMENT ON POLICY p_all ON t IS ''all''; COMMENT ON POLICY p_upd ON t IS ''upd''; COMMENT ON POLICY p_ins ON t IS ''ins, changed'';'
SELECT * FROM ag_pair('policies altered or made again', :'before', :'after',
  $$INSERT INTO t VALUES (1, 2)$$, $$SELECT count(*) FROM t$$);

-- the SQL: p_all gets its new roles, USING and a WITH CHECK, p_ins its
-- roles and WITH CHECK, in place; p_upd loses its WITH CHECK, p_sel its
-- command and p_res its kind: made again. The downgrade alters p_upd
-- (gets the WITH CHECK back) and p_ins, and makes p_all again (loses it).
\a
\t
CREATE SCHEMA ag;
SET search_path = ag;
SELECT set_config('ag.before', :'before', false) IS NOT NULL AS set;
DO $$ BEGIN EXECUTE current_setting('ag.before'); END $$;
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff(:'after', 'ag');
SELECT upgrade FROM sqls;
SELECT downgrade FROM sqls;
CREATE TEMP TABLE pols AS SELECT polname, oid FROM pg_policy;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
\a
\t
-- the policies altered are the same ones (same OIDs) and keep their comments
SELECT o.polname, o.oid = p.oid AS kept, obj_description(o.oid, 'pg_policy') AS comment
  FROM pg_policy o JOIN pols p USING (polname) ORDER BY 1;
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(:'after', 'ag');
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT upgrade = '' AND downgrade = '' AS converged FROM schemamig.diff(:'before', 'ag');
SELECT polname, obj_description(oid, 'pg_policy') AS comment FROM pg_policy ORDER BY 1;
DROP TABLE sqls, pols;
RESET search_path;
DROP SCHEMA ag CASCADE;

-- a routine that a policy calls is made again (an argument renamed): the
-- policy, changed or not, goes before it and is made again after; one
-- that a policy stops calling and that goes: the policy is made again
-- (ALTER POLICY would come after the routine's drop, which the policy
-- would block)
SELECT * FROM ag_pair('policy over a routine made again',
  $$CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE FUNCTION f(x int) RETURNS bool LANGUAGE sql AS 'SELECT x > 0';
    CREATE POLICY same ON t USING (f(a)); CREATE POLICY changed ON t USING (f(a));$$,
  $$CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE FUNCTION f(y int) RETURNS bool LANGUAGE sql AS 'SELECT y > 0';
    CREATE POLICY same ON t USING (f(a)); CREATE POLICY changed ON t USING (f(a) AND a < 9);$$);
SELECT * FROM ag_pair('policy that stops calling a routine that goes',
  $$CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE FUNCTION f(x int) RETURNS bool LANGUAGE sql AS 'SELECT x > 0';
    CREATE POLICY p ON t USING (f(a));$$,
  $$CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY;
    CREATE POLICY p ON t USING (a > 0);$$);
\a
\t
CREATE SCHEMA ag;
CREATE TABLE ag.t (a int);
CREATE FUNCTION ag.f(x int) RETURNS bool LANGUAGE sql AS 'SELECT x > 0';
CREATE POLICY same ON ag.t USING (ag.f(a));
SELECT upgrade FROM schemamig.diff($$CREATE TABLE t (a int);
  CREATE FUNCTION f(y int) RETURNS bool LANGUAGE sql AS 'SELECT y > 0';
  CREATE POLICY same ON t USING (f(a));$$, 'ag');
SELECT upgrade FROM schemamig.diff($$CREATE TABLE t (a int);
  CREATE POLICY same ON t USING (a > 0);$$, 'ag');
\a
\t
DROP SCHEMA ag CASCADE;

DROP ROLE regress_agp_a, regress_agp_b;
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
