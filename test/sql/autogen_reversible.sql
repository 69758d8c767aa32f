-- check_reversible(): each pending revision upgraded, downgraded, compared
-- and upgraded again, inside a subtransaction that is always rolled back
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

-- a correct revision: no row
SELECT schemamig.add_revision('r1', 'CREATE TABLE rv (a int, b int); CREATE INDEX rv_a ON rv (a)',
                              'DROP TABLE rv');
SELECT * FROM schemamig.check_reversible();
-- its downgrade forgets an index: named, with what restoring takes
SELECT schemamig.add_revision('r2', 'CREATE INDEX rv_b ON rv (b)', 'SELECT 1');
SELECT * FROM schemamig.check_reversible();
-- a downgrade that leaves a column of another type, and one that fails
SELECT schemamig.remove_revision('r2');
SELECT schemamig.add_revision('r2', 'ALTER TABLE rv ALTER COLUMN b TYPE bigint', 'SELECT 1');
SELECT schemamig.add_revision('r3', 'ALTER TABLE rv ADD COLUMN c int', 'ALTER TABLE rv DROP COLUMN no_such_column');
SELECT * FROM schemamig.check_reversible();
-- a target: only what upgrade(target) would apply
SELECT * FROM schemamig.check_reversible('r1');
-- no downgrade at all
SELECT schemamig.remove_revision('r3');
SELECT schemamig.remove_revision('r2');
SELECT schemamig.add_revision('r2', 'CREATE TABLE rv2 (x int)', NULL);
SELECT * FROM schemamig.check_reversible();
-- nothing stays: no table, nothing applied, nothing logged
SELECT to_regclass('rv') AS rv, to_regclass('rv2') AS rv2;
SELECT count(*) AS applied FROM schemamig.applied;
SELECT count(*) AS logged FROM schemamig.log WHERE action IN ('upgrade', 'downgrade');
-- what is applied already is not checked; what follows it is
SELECT schemamig.upgrade('r1');
SELECT * FROM schemamig.check_reversible();
SELECT schemamig.current();
-- a plan with a non-transactional revision is refused, naming it (55000)
SELECT schemamig.add_revision('r3', 'CREATE INDEX CONCURRENTLY rv_c ON rv (a)', 'DROP INDEX CONCURRENTLY rv_c',
                              parents => '{r2}', transactional => false);
\set VERBOSITY default
SELECT * FROM schemamig.check_reversible();
\set VERBOSITY terse
SELECT * FROM schemamig.check_reversible('r2');
-- arguments
SELECT * FROM schemamig.check_reversible(NULL);
SELECT * FROM schemamig.check_reversible('no_such');
SELECT schemamig.downgrade();
-- what a revision leaves in the session goes after each step, on success
-- and on error: a revision that prepares a statement and takes a session
-- lock upgrades again after its downgrade, and nothing of it stays
SELECT schemamig.add_revision('rs',
  $$CREATE TABLE rs (a int); PREPARE rs_up AS SELECT 1; SELECT pg_advisory_lock(77);$$,
  $$DROP TABLE rs; PREPARE rs_down AS SELECT 2; SELECT pg_advisory_lock(78);$$, parents => '{r1}');
SELECT * FROM schemamig.check_reversible('rs');
SELECT schemamig.add_revision('rf',
  $$PREPARE rf_up AS SELECT 1; SELECT pg_advisory_lock(79); SELECT 1/0;$$, 'SELECT 1', parents => '{rs}');
SELECT * FROM schemamig.check_reversible('rf');
SELECT count(*) AS prepared FROM pg_prepared_statements;
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SELECT to_regclass('rs') AS rs;
SELECT schemamig.remove_revision('rf');
SELECT schemamig.remove_revision('rs');
-- a transaction-level advisory lock is no session's: nothing to release
-- (an unlock of it would only warn), the check's rollback ends it
SELECT schemamig.add_revision('rx', $$CREATE TABLE rx (a int); SELECT pg_advisory_xact_lock(80);$$,
                              $$DROP TABLE rx; SELECT pg_advisory_xact_lock(80), pg_advisory_lock(81);$$, parents => '{r1}');
SELECT * FROM schemamig.check_reversible('rx');
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SELECT schemamig.remove_revision('rx');
-- a revision that deallocates the caller's prepared statement: one WARNING
-- for the whole check, not one for each time it runs
PREPARE callers AS SELECT 1;
SELECT schemamig.add_revision('rd', $$CREATE TABLE rd (a int); DO 'BEGIN EXECUTE ''DEALLOCATE ALL''; END'$$,
                              'DROP TABLE rd', parents => '{r1}');
SELECT * FROM schemamig.check_reversible('rd');
SELECT count(*) AS prepared FROM pg_prepared_statements;
SELECT schemamig.remove_revision('rd');
-- differences in any schema, whichever schema the revision was about; a
-- revision whose downgrade drops what it made, or drops a column it added
-- (the dropped column stays in the catalog), has none
CREATE SCHEMA rva;
CREATE SCHEMA rvb;
CREATE TABLE rvb.t (x int, y int);
CREATE ROLE regress_rv_one;
CREATE POLICY rvp ON rvb.t TO regress_rv_one USING (true);
SELECT schemamig.add_revision('v1', 'CREATE TABLE rva.t (a int)', 'DROP TABLE rva.t', parents => '{r1}');
SELECT schemamig.add_revision('v2', 'ALTER TABLE rva.t ADD COLUMN b int', 'ALTER TABLE rva.t DROP COLUMN b',
                              parents => '{v1}');
-- an index left in another schema
SELECT schemamig.add_revision('v3', 'ALTER TABLE rva.t ADD COLUMN c int; CREATE INDEX IF NOT EXISTS rvb_y ON rvb.t (y)',
                              'ALTER TABLE rva.t DROP COLUMN c', parents => '{v2}');
-- a comment left
SELECT schemamig.add_revision('v4', 'COMMENT ON COLUMN rvb.t.x IS $$the x$$', 'SELECT 1', parents => '{v3}');
-- a role renamed: no schema holds it, but the policy names it
SELECT schemamig.add_revision('v5',
  $r$DO $do$BEGIN IF to_regrole('regress_rv_one') IS NOT NULL THEN ALTER ROLE regress_rv_one RENAME TO regress_rv_two; END IF; END$do$$r$,
  'SELECT 1', parents => '{v4}');
-- a schema left, and one dropped
SELECT schemamig.add_revision('v6', 'CREATE SCHEMA IF NOT EXISTS rvc; DROP SCHEMA IF EXISTS rva CASCADE', 'SELECT 1',
                              parents => '{v5}');
SELECT * FROM schemamig.check_reversible('v6');
SELECT schemamig.current(), to_regrole('regress_rv_one') AS role_kept, to_regclass('rva.t') AS rva_t,
       to_regnamespace('rvc') AS rvc, obj_description('rvb.t'::regclass) AS comment;
SELECT count(*) AS removed FROM unnest('{v6,v5,v4,v3,v2,v1}'::text[]) AS r, schemamig.remove_revision(r);
-- a table that becomes one autogenerate leaves alone (an inheritance
-- child, a partition) or stops being one: named, with no restoring SQL
-- (it used to suggest CREATE TABLE of a table that is there)
CREATE TABLE rvb.u (x int);
SELECT schemamig.add_revision('k1', 'ALTER TABLE rvb.t INHERIT rvb.u', 'SELECT 1', parents => '{r1}');
SELECT * FROM schemamig.check_reversible('k1');
SELECT schemamig.remove_revision('k1');
ALTER TABLE rvb.t INHERIT rvb.u;
SELECT schemamig.add_revision('k2', 'ALTER TABLE rvb.t NO INHERIT rvb.u', 'SELECT 1', parents => '{r1}');
SELECT * FROM schemamig.check_reversible('k2');
SELECT schemamig.remove_revision('k2');
ALTER TABLE rvb.t NO INHERIT rvb.u;
DROP TABLE rvb.u;
-- what autogenerate leaves alone is compared by its definition: a
-- downgrade that does not undo a change to a partitioned table or a
-- partition (idempotent, so that the second upgrade works), a rule, a
-- statistics object, or that leaves a partition or a statistics target,
-- is named with the first line of the definition that differs
CREATE TABLE rvb.m (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE rvb.m1 PARTITION OF rvb.m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE INDEX m_at ON rvb.m (at);
CREATE RULE r AS ON INSERT TO rvb.t DO ALSO NOTIFY rvb_x;
CREATE STATISTICS rvb.s ON id, at FROM rvb.m1;
SELECT schemamig.add_revision('l1', $$ALTER TABLE rvb.m ALTER COLUMN id SET DEFAULT 5;
  DROP INDEX IF EXISTS rvb.m_at; ALTER TABLE rvb.t ALTER COLUMN x SET STATISTICS 50;
  CREATE OR REPLACE RULE r AS ON INSERT TO rvb.t DO ALSO NOTIFY rvb_y;
  ALTER STATISTICS rvb.s SET STATISTICS 7;
  CREATE TABLE IF NOT EXISTS rvb.m2 PARTITION OF rvb.m FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')$$,
  'SELECT 1', parents => '{r1}');
SELECT * FROM schemamig.check_reversible('l1');
SELECT schemamig.remove_revision('l1');
-- a downgrade that undoes it: a partition detached and attached again
SELECT schemamig.add_revision('l2',
  'ALTER TABLE rvb.m DETACH PARTITION rvb.m1; ALTER TABLE rvb.m ALTER COLUMN id SET DEFAULT 5',
  $$ALTER TABLE rvb.m ALTER COLUMN id DROP DEFAULT;
    ALTER TABLE rvb.m ATTACH PARTITION rvb.m1 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')$$,
  parents => '{r1}');
SELECT * FROM schemamig.check_reversible('l2');
SELECT schemamig.remove_revision('l2');
-- a trigger of a partitioned table (left alone) made again with the
-- columns of UPDATE OF in another order is the same trigger; with another
-- column list it is not
CREATE TRIGGER mt BEFORE UPDATE OF id, at ON rvb.m
  FOR EACH ROW EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger();
SELECT schemamig.add_revision('l3', $$DROP TRIGGER IF EXISTS mt ON rvb.m;
  CREATE TRIGGER mt BEFORE UPDATE OF at ON rvb.m FOR EACH ROW EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger()$$,
  $$DROP TRIGGER mt ON rvb.m;
  CREATE TRIGGER mt BEFORE UPDATE OF at, id ON rvb.m FOR EACH ROW EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger()$$,
  parents => '{r1}');
SELECT * FROM schemamig.check_reversible('l3');
SELECT schemamig.remove_revision('l3');
SELECT schemamig.add_revision('l4', $$DROP TRIGGER IF EXISTS mt ON rvb.m;
  CREATE TRIGGER mt BEFORE UPDATE OF at ON rvb.m FOR EACH ROW EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger()$$,
  $$DROP TRIGGER mt ON rvb.m;
  CREATE TRIGGER mt BEFORE UPDATE OF at ON rvb.m FOR EACH ROW EXECUTE FUNCTION pg_catalog.suppress_redundant_updates_trigger()$$,
  parents => '{r1}');
SELECT * FROM schemamig.check_reversible('l4');
SELECT schemamig.remove_revision('l4');
DROP TABLE rvb.m;
DROP RULE r ON rvb.t;
-- a cancel (statement_timeout, pg_cancel_backend) is no revision's problem:
-- it cancels the whole call (57014), and nothing stays: no object, no
-- prepared statement, no session lock, no pinned cursor; the same for a
-- model, and diff() works again afterwards
BEGIN;
DECLARE rv_keep CURSOR WITH HOLD FOR SELECT 1;
COMMIT;
SELECT schemamig.add_revision('c1', 'CREATE TABLE rvb.c (a int); PREPARE rv_p AS SELECT 1; SELECT pg_advisory_lock(777);'
                              ' SELECT pg_cancel_backend(pg_backend_pid()), pg_sleep(5)',
                              'DROP TABLE rvb.c', parents => '{r1}');
\set VERBOSITY sqlstate
SELECT * FROM schemamig.check_reversible('c1');
SELECT * FROM schemamig.diff('CREATE TABLE c (a int); PREPARE rv_p AS SELECT 1; SELECT pg_advisory_lock(777);'
                             ' SELECT pg_cancel_backend(pg_backend_pid()), pg_sleep(5)', 'rvb');
-- so are the other errors that are about the run and not about the
-- revision's SQL (out of memory, a deadlock; a lock timeout:
-- test/specs/reversible_lock.spec): raised with their SQLSTATE, no row
SELECT schemamig.add_revision('c2', $r$DO $d$BEGIN RAISE EXCEPTION 'no memory left' USING ERRCODE = 'out_of_memory'; END$d$$r$,
                              'SELECT 1', parents => '{r1}');
SELECT * FROM schemamig.check_reversible('c2');
SELECT schemamig.remove_revision('c2');
SELECT schemamig.add_revision('c3', 'CREATE TABLE rvb.c (a int)',
                              $r$DO $d$BEGIN RAISE EXCEPTION 'a deadlock' USING ERRCODE = 'deadlock_detected'; END$d$$r$,
                              parents => '{r1}');
SELECT * FROM schemamig.check_reversible('c3');
SELECT schemamig.remove_revision('c3');
\set VERBOSITY terse
SELECT to_regclass('rvb.c') AS left_behind, schemamig.remove_revision('c1'),
       (SELECT count(*) FROM pg_prepared_statements) AS prepared,
       (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS session_locks;
CLOSE rv_keep;
SELECT upgrade FROM schemamig.diff('CREATE TABLE x (y int, a int)', 'rvb');
-- a statement that leaves an invalidation pending past the next command
-- (the server's ALTER DOMAIN ... DROP CONSTRAINT) does not stop the
-- subtransaction that diff() starts after it in one function (a plain
-- PL/pgSQL exception block there fails: "cannot start a subtransaction
-- when there are unprocessed inval messages")
CREATE DOMAIN rvb.dpos AS int CONSTRAINT dpos_check CHECK (VALUE > 0);
DO $$
DECLARE
    d record;
BEGIN
    EXECUTE 'ALTER DOMAIN rvb.dpos DROP CONSTRAINT dpos_check';
    SELECT * INTO d FROM schemamig.diff('CREATE TABLE x (y int, a int); CREATE DOMAIN dpos AS int', 'rvb');
    RAISE WARNING 'diff after ALTER DOMAIN: %', d.upgrade;
END
$$;
DROP DOMAIN rvb.dpos;
DROP SCHEMA rva, rvb CASCADE;
DROP ROLE regress_rv_one;

-- a schema whose name starts with pg but not pg_ is compared, whatever
-- standard_conforming_strings says in the backend's first call
\c
SET client_min_messages = warning;
SET standard_conforming_strings = off;
SET escape_string_warning = off;
CREATE SCHEMA pgapp;
SELECT schemamig.add_revision('pg1', 'CREATE TABLE pgapp.x (a int)', 'SELECT 1', '{}');
SELECT count(*) > 0 AS found FROM schemamig.check_reversible('pg1');
RESET standard_conforming_strings;
RESET escape_string_warning;
SELECT schemamig.remove_revision('pg1');
DROP SCHEMA pgapp;
DROP EXTENSION schemamig;
