-- Checksums, the guards on applied revisions, and verify()
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('v1', 'CREATE TABLE v_t (id int)', 'DROP TABLE v_t', message => 'one');
SELECT schemamig.add_revision('v2', 'ALTER TABLE v_t ADD COLUMN a int', 'ALTER TABLE v_t DROP COLUMN a', message => 'two');
SELECT schemamig.add_revision('v3', 'ALTER TABLE v_t ADD COLUMN b int', 'ALTER TABLE v_t DROP COLUMN b', message => 'three');
SELECT schemamig.upgrade('v2');

-- the checksum is stored at registration and again at apply time, and agrees
SELECT r.id, r.checksum = a.checksum AS same,
       r.checksum = schemamig.checksum(r.upgrade, r.downgrade) AS recomputed
  FROM schemamig.revision r JOIN schemamig.applied a ON a.revision = r.id ORDER BY r.seq;
SELECT * FROM schemamig.verify();

-- a NULL downgrade is a revision without one; a NULL upgrade, which no
-- revision has, gives NULL
SELECT schemamig.checksum('SELECT 1', NULL) IS NOT NULL AS no_downgrade,
       schemamig.checksum('SELECT 1', NULL) <> schemamig.checksum('SELECT 1', '') AS differs_from_empty,
       schemamig.checksum(NULL, 'SELECT 1') IS NULL AS no_upgrade;

-- the checksum column cannot be written
UPDATE schemamig.revision SET checksum = 'x' WHERE id = 'v3';

-- guards: an applied revision's id, SQL, parents and transactional flag are frozen (55000)
\set VERBOSITY sqlstate
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 'v1';
UPDATE schemamig.revision SET downgrade = NULL WHERE id = 'v1';
UPDATE schemamig.revision SET parents = '{v3}' WHERE id = 'v2';
UPDATE schemamig.revision SET transactional = false WHERE id = 'v1';
UPDATE schemamig.revision SET id = 'v1b' WHERE id = 'v1';
DELETE FROM schemamig.revision WHERE id = 'v2';
DELETE FROM schemamig.revision;
TRUNCATE schemamig.revision;
TRUNCATE schemamig.revision, schemamig.applied;
-- the applied set and the log change only through schemamig's functions
DELETE FROM schemamig.applied WHERE revision = 'v2';
UPDATE schemamig.applied SET checksum = 'x';
TRUNCATE schemamig.applied;
UPDATE schemamig.log SET action = 'stamp';
DELETE FROM schemamig.log;
TRUNCATE schemamig.log;
\set VERBOSITY terse
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 'v1';
DELETE FROM schemamig.revision WHERE id = 'v2';
TRUNCATE schemamig.revision;
DELETE FROM schemamig.applied WHERE revision = 'v2';
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT count(*) AS log_rows FROM schemamig.log;

-- what may change: the message of an applied revision, anything of a pending one
UPDATE schemamig.revision SET message = 'one, renamed' WHERE id = 'v1';
UPDATE schemamig.revision SET upgrade = 'ALTER TABLE v_t ADD COLUMN c int',
                              downgrade = 'ALTER TABLE v_t DROP COLUMN c' WHERE id = 'v3';
SELECT checksum = schemamig.checksum('ALTER TABLE v_t ADD COLUMN c int', 'ALTER TABLE v_t DROP COLUMN c') AS follows_sql
  FROM schemamig.revision WHERE id = 'v3';
-- setting the same SQL again is not a change
UPDATE schemamig.revision SET upgrade = upgrade, parents = parents WHERE id = 'v1';
SELECT * FROM schemamig.verify();

-- an edit by hand must leave the graph orderable, judged when the statement
-- ends: every parent registered (23503), no cycle (23514); nothing changes
SELECT schemamig.add_revision('v3x', 'SELECT 1', 'SELECT 1', '{v3}');
CREATE TEMP TABLE v_before AS SELECT id, parents FROM schemamig.revision;
\set VERBOSITY sqlstate
UPDATE schemamig.revision SET parents = '{v3x}' WHERE id = 'v3';
UPDATE schemamig.revision SET parents = '{v2,ghost}' WHERE id = 'v3';
UPDATE schemamig.revision SET id = 'v3b' WHERE id = 'v3';
DELETE FROM schemamig.revision WHERE id = 'v3';
UPDATE schemamig.revision SET parents = CASE id WHEN 'v3' THEN '{v3x}'::text[] ELSE '{v3}' END
 WHERE id IN ('v3', 'v3x');
\set VERBOSITY default
UPDATE schemamig.revision SET parents = '{v3x}' WHERE id = 'v3';
UPDATE schemamig.revision SET parents = '{v2,ghost}' WHERE id = 'v3';
\set VERBOSITY terse
SELECT count(*) AS changed FROM (SELECT id, parents FROM schemamig.revision
                                  EXCEPT SELECT * FROM v_before) c;
-- one statement may rename a revision and its children's parents together
UPDATE schemamig.revision SET id = CASE id WHEN 'v3' THEN 'v3b' ELSE id END,
       parents = CASE id WHEN 'v3x' THEN '{v3b}'::text[] ELSE parents END
 WHERE id IN ('v3', 'v3x');
SELECT id, parents FROM schemamig.revision ORDER BY seq;
UPDATE schemamig.revision SET id = CASE id WHEN 'v3b' THEN 'v3' ELSE id END,
       parents = CASE id WHEN 'v3x' THEN '{v3}'::text[] ELSE parents END
 WHERE id IN ('v3b', 'v3x');
DELETE FROM schemamig.revision WHERE id = 'v3x';
SELECT * FROM schemamig.verify();

-- bypassing the guards (replica mode) is what verify() is for
SET session_replication_role = replica;
UPDATE schemamig.revision SET upgrade = 'CREATE TABLE v_t (id bigint)' WHERE id = 'v1';
UPDATE schemamig.revision SET parents = '{ghost}' WHERE id = 'v3';
INSERT INTO schemamig.applied (revision, applied_at, applied_by, duration, checksum)
     VALUES ('v3', now(), current_user, '0', 'whatever'), ('phantom', now(), current_user, '0', 'x');
DELETE FROM schemamig.applied WHERE revision = 'v1';
RESET session_replication_role;
SELECT * FROM schemamig.verify();

-- upgrade() refuses while verify() reports anything; downgrade still works
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT * FROM schemamig.pending('heads');

-- repair: put the SQL back, fix the parent, stamp the applied set
SET session_replication_role = replica;
UPDATE schemamig.revision SET upgrade = 'CREATE TABLE v_t (id int)' WHERE id = 'v1';
UPDATE schemamig.revision SET parents = '{v2}' WHERE id = 'v3';
RESET session_replication_role;
SELECT schemamig.stamp('v2');
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT * FROM schemamig.verify();
SELECT schemamig.upgrade();
SELECT * FROM schemamig.verify();

-- line endings do not matter: CRLF and LF give one checksum
SELECT schemamig.checksum(E'SELECT 1;\r\nSELECT 2;', E'SELECT 3;\r\n') = schemamig.checksum(E'SELECT 1;\nSELECT 2;', E'SELECT 3;\n') AS crlf_is_lf;
SELECT schemamig.checksum('SELECT 1', NULL) <> schemamig.checksum('SELECT 1', '') AS null_differs_from_empty;
SELECT schemamig.checksum(NULL, 'x') IS NULL AS null_upgrade;
-- and the definition is fixed: a known value
SELECT schemamig.checksum('SELECT 1', 'SELECT 2') = encode(sha256('SELECT 1'::bytea || '\x00'::bytea || 'SELECT 2'::bytea), 'hex') AS known_value;

-- the triggers that must fire always: pg_restore --disable-triggers ends
-- with ENABLE TRIGGER ALL, which leaves them firing on origin only
SELECT schemamig.add_revision('v4', 'SELECT 4', 'SELECT 4', '{v3}');
ALTER TABLE schemamig.revision DISABLE TRIGGER ALL;
ALTER TABLE schemamig.revision ENABLE TRIGGER ALL;
ALTER TABLE schemamig.state DISABLE TRIGGER state_owner;
SELECT * FROM schemamig.verify();
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT schemamig.pending();
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_touch;
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_guard_call;
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_owner;
ALTER TABLE schemamig.state ENABLE ALWAYS TRIGGER state_owner;
SELECT * FROM schemamig.verify();
SELECT schemamig.upgrade();
-- a guard disabled, even one that fires on origin only, is reported too
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_guard;
SELECT * FROM schemamig.verify();
ALTER TABLE schemamig.revision ENABLE TRIGGER revision_guard;

-- a downgrade runs the SQL as it is now: never that of a revision changed
-- since it ran (only bypassing the guards changes it)
SET session_replication_role = replica;
UPDATE schemamig.revision SET downgrade = 'SELECT 44' WHERE id = 'v4';
RESET session_replication_role;
SELECT schemamig.downgrade(1);
SELECT * FROM schemamig.downgrade_plan('base');
SELECT schemamig.record_reverted('v4');
SET session_replication_role = replica;
UPDATE schemamig.revision SET downgrade = 'SELECT 4' WHERE id = 'v4';
RESET session_replication_role;
-- a write no statement trigger saw (a subscription's apply worker fires
-- none) leaves the generation, and so a backend's cached graph, as it was:
-- verify() and downgrade_plan() read the rows afresh
SELECT schemamig.current();
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_touch;
SET session_replication_role = replica;
UPDATE schemamig.revision SET downgrade = 'SELECT 44' WHERE id = 'v4';
RESET session_replication_role;
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_touch;
SELECT * FROM schemamig.verify();
SELECT * FROM schemamig.downgrade_plan('base');
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_touch;
SET session_replication_role = replica;
UPDATE schemamig.revision SET downgrade = 'SELECT 4' WHERE id = 'v4';
RESET session_replication_role;
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_touch;
SELECT * FROM schemamig.verify();

-- the guards must be as the extension installed them: a guard dropped, or
-- re-created WHEN (false), a rule, another trigger, a trigger function
-- replaced: each is reported, with what repairs it (ALTER EXTENSION UPDATE
-- does not); upgrade() refuses meanwhile. v5 stays pending throughout.
SELECT schemamig.add_revision('v5', 'SELECT 5', 'SELECT 5', '{v4}');
CREATE FUNCTION guard_problems() RETURNS SETOF text LANGUAGE sql AS
  $$SELECT problem FROM schemamig.verify() WHERE revision IS NULL ORDER BY problem COLLATE "C"$$;
CREATE FUNCTION upgrade_refused() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM schemamig.upgrade('v4');
    RETURN 'ran';
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
-- a guard dropped; the repair the problem names, run as it is, brings it
-- back as the scripts made it, its comment too
SELECT obj_description(oid, 'pg_trigger') AS owner_comment FROM pg_trigger WHERE tgname = 'revision_owner' \gset
DROP TRIGGER revision_owner ON schemamig.revision;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
DO $$
DECLARE
    p text;
BEGIN
    SELECT problem INTO STRICT p FROM schemamig.verify() WHERE revision IS NULL;
    EXECUTE substr(p, strpos(p, 'CREATE TRIGGER'));
END $$;
SELECT * FROM guard_problems();
SELECT obj_description(oid, 'pg_trigger') = :'owner_comment' AS comment_restored
  FROM pg_trigger WHERE tgname = 'revision_owner';
-- a guard re-created WHEN (false): it never fires
CREATE OR REPLACE TRIGGER revision_guard BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision
    FOR EACH ROW WHEN (false) EXECUTE FUNCTION schemamig.guard();
SELECT * FROM guard_problems();
SELECT upgrade_refused();
DROP TRIGGER revision_guard ON schemamig.revision; CREATE TRIGGER revision_guard BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
SELECT * FROM guard_problems();
-- a guard's timing or events changed, a guard on another function
CREATE OR REPLACE TRIGGER applied_guard AFTER UPDATE OR DELETE ON schemamig.applied
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
CREATE OR REPLACE TRIGGER log_guard_truncate BEFORE TRUNCATE ON schemamig.log
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.touch();
SELECT * FROM guard_problems();
DROP TRIGGER applied_guard ON schemamig.applied; CREATE TRIGGER applied_guard BEFORE UPDATE OR DELETE ON schemamig.applied FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
DROP TRIGGER log_guard_truncate ON schemamig.log; CREATE TRIGGER log_guard_truncate BEFORE TRUNCATE ON schemamig.log FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
SELECT * FROM guard_problems();
-- a guard given an argument, one fired only for UPDATE OF a column
CREATE OR REPLACE TRIGGER revision_guard BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard('x');
CREATE OR REPLACE TRIGGER applied_guard BEFORE UPDATE OF revision OR DELETE ON schemamig.applied
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
SELECT * FROM guard_problems();
SELECT upgrade_refused();
DROP TRIGGER revision_guard ON schemamig.revision; CREATE TRIGGER revision_guard BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
DROP TRIGGER applied_guard ON schemamig.applied; CREATE TRIGGER applied_guard BEFORE UPDATE OR DELETE ON schemamig.applied FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
SELECT * FROM guard_problems();
-- a rule on schemamig.revision
CREATE RULE v_quiet AS ON UPDATE TO schemamig.revision DO INSTEAD NOTHING;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
DROP RULE v_quiet ON schemamig.revision;
SELECT * FROM guard_problems();
-- a trigger of the user's own: a BEFORE trigger named after the guards
-- fires after them, and could change what they judged
CREATE FUNCTION v_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER z_after_guards BEFORE UPDATE ON schemamig.revision FOR EACH ROW EXECUTE FUNCTION v_keep();
SELECT * FROM guard_problems();
SELECT upgrade_refused();
DROP TRIGGER z_after_guards ON schemamig.revision;
SELECT * FROM guard_problems();
-- a trigger function replaced (its OID, which the triggers name, stays)
CREATE OR REPLACE FUNCTION schemamig.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
CREATE OR REPLACE FUNCTION schemamig.touch() RETURNS trigger LANGUAGE C AS '$libdir/schemamig', 'schemamig_touch';
SELECT * FROM guard_problems();
-- a table-wide UPDATE grant, as an old dump brings back; grant_deployer()'s
-- column grants are not reported, and are given again after the REVOKE
CREATE ROLE regress_verify_dep;
SELECT schemamig.grant_deployer('regress_verify_dep');
SELECT * FROM guard_problems();
GRANT UPDATE ON schemamig.revision TO regress_verify_dep;
GRANT DELETE, TRUNCATE ON schemamig.log TO PUBLIC;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
REVOKE UPDATE ON schemamig.revision FROM regress_verify_dep;
REVOKE DELETE, TRUNCATE ON schemamig.log FROM PUBLIC;
SELECT has_column_privilege('regress_verify_dep', 'schemamig.revision', 'upgrade', 'UPDATE') AS column_grant_kept;
SELECT schemamig.grant_deployer('regress_verify_dep');
SELECT * FROM guard_problems();
SELECT upgrade_refused();
-- so are column grants that write a table, beyond grant_deployer()'s (a
-- column granted by two grantors is named once)
GRANT INSERT (id, upgrade), UPDATE (author, upgrade) ON schemamig.revision TO regress_verify_dep;
GRANT UPDATE (message) ON schemamig.revision TO regress_verify_dep WITH GRANT OPTION;
SET ROLE regress_verify_dep;
GRANT UPDATE (message) ON schemamig.revision TO PUBLIC;
RESET ROLE;
GRANT UPDATE (message) ON schemamig.revision TO PUBLIC;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
REVOKE INSERT (id, upgrade), UPDATE (author, upgrade, message) ON schemamig.revision FROM regress_verify_dep CASCADE;
REVOKE UPDATE (message) ON schemamig.revision FROM PUBLIC;
SELECT schemamig.grant_deployer('regress_verify_dep');
SELECT * FROM guard_problems();
-- pg_write_all_data writes every table, as a table-wide grant
GRANT pg_write_all_data TO regress_verify_dep;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
REVOKE pg_write_all_data FROM regress_verify_dep;
-- a trigger function made SECURITY DEFINER, or given a setting, judges otherwise
ALTER FUNCTION schemamig.guard() SECURITY DEFINER;
ALTER FUNCTION schemamig.touch() SET session_replication_role = replica;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
CREATE OR REPLACE FUNCTION schemamig.guard() RETURNS trigger LANGUAGE C AS '$libdir/schemamig', 'schemamig_guard';
CREATE OR REPLACE FUNCTION schemamig.touch() RETURNS trigger LANGUAGE C AS '$libdir/schemamig', 'schemamig_touch';
-- a table inheriting from one of schemamig's: reads of it see its rows
CREATE TABLE public.forged () INHERITS (schemamig.applied);
SELECT * FROM guard_problems();
SELECT upgrade_refused();
DROP TABLE public.forged;
-- row-level security: its policies, not the guards, would judge the rows
ALTER TABLE schemamig.log ENABLE ROW LEVEL SECURITY;
SELECT * FROM guard_problems();
ALTER TABLE schemamig.log NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
SELECT * FROM guard_problems();
-- an unlogged table or sequence: a crash empties it, a standby lacks its rows;
-- each repair, run as the problem names it, clears it
CREATE FUNCTION run_repairs() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p text;
BEGIN
    FOR p IN SELECT problem FROM schemamig.verify() WHERE revision IS NULL LOOP
        EXECUTE substr(p, strpos(p, ': ALTER ') + 2);
    END LOOP;
END $$;
ALTER TABLE schemamig.applied SET UNLOGGED;
ALTER SEQUENCE schemamig.log_seq SET UNLOGGED;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
SELECT run_repairs();
SELECT * FROM guard_problems();
SELECT relname FROM pg_class
 WHERE relnamespace = 'schemamig'::regnamespace AND relpersistence <> 'p';
-- a function of the extension made SECURITY DEFINER or given settings of its
-- own (upgrade() would run every revision with them); grant_reader() and
-- grant_deployer() keep the search_path the scripts pin on them
ALTER FUNCTION schemamig.upgrade(text) SET search_path = public;
ALTER FUNCTION schemamig.upgrade(text) SET work_mem = '2MB';
ALTER FUNCTION schemamig.pending(text) SECURITY DEFINER;
ALTER FUNCTION schemamig.grant_reader(regrole) SET work_mem = '1MB';
ALTER FUNCTION schemamig.up_to_date(text) SET search_path = pg_catalog, pg_temp;
SELECT * FROM guard_problems();
SELECT upgrade_refused();
SELECT run_repairs();
SELECT * FROM guard_problems();
SELECT p.oid::regprocedure AS function, p.prosecdef, p.proconfig FROM pg_proc p
 WHERE p.pronamespace = 'schemamig'::regnamespace AND (p.prosecdef OR p.proconfig IS NOT NULL)
 ORDER BY p.oid::regprocedure::text COLLATE "C";

SELECT schemamig.downgrade_to('base');
DROP EXTENSION schemamig;
DROP FUNCTION guard_problems(), upgrade_refused(), v_keep(), run_repairs();
REVOKE ALL ON SCHEMA schemamig FROM regress_verify_dep;
DROP ROLE regress_verify_dep;
