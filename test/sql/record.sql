-- statements(), record_applied(), record_reverted(): what the command-line
-- client uses to run non-transactional revisions itself
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

-- the server's parser splits: dollar quotes, comments, semicolons in strings
SELECT * FROM schemamig.statements($q$CREATE INDEX CONCURRENTLY rc_i ON rc_t (a);
-- a comment; with a semicolon
SELECT 'a;b'; DO $d$ BEGIN NULL; END $d$$q$);
SELECT count(*) AS none FROM schemamig.statements('  -- nothing  ');
SELECT * FROM schemamig.statements(NULL);
SELECT * FROM schemamig.statements('COMMIT');
SELECT * FROM schemamig.statements('SELEC 1');

CREATE TABLE rc_t (a int);
SELECT schemamig.add_revision('r1', 'CREATE TABLE rc_t2 (a int)', 'DROP TABLE rc_t2');
SELECT schemamig.add_revision('r2', 'CREATE INDEX CONCURRENTLY rc_i ON rc_t (a)', 'DROP INDEX CONCURRENTLY rc_i', transactional => false);
SELECT schemamig.add_revision('r3', 'SELECT 1', 'SELECT 1');

-- refusals
SELECT schemamig.record_applied(NULL);
SELECT schemamig.record_applied('r2', NULL);
SELECT schemamig.record_applied('bad id!');
SELECT schemamig.record_applied('nope');
SELECT schemamig.record_applied('r2', '-1 s');
-- nor an infinite one (PostgreSQL 17 on), which history() reported as is
-- and the client's history --json wrote as Infinity, which is no JSON
DO $d$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int < 170000 THEN
        RAISE WARNING 'infinity: refused (22023)';  -- no infinite intervals before 17
        RETURN;
    END IF;
    PERFORM schemamig.record_applied('r2', 'infinity'::interval);
    RAISE WARNING 'infinity: recorded';
EXCEPTION WHEN invalid_parameter_value THEN
    RAISE WARNING 'infinity: refused (%)', SQLSTATE;
END
$d$;
SELECT schemamig.record_applied('r2');
SELECT schemamig.record_reverted('r1');
SELECT schemamig.record_reverted('r2');
-- only what its author could have run: a deployer records no superuser's revision
CREATE ROLE regress_rec_deployer;
SELECT schemamig.grant_deployer('regress_rec_deployer');
SET ROLE regress_rec_deployer;
SELECT schemamig.record_applied('r2');
RESET ROLE;
SELECT count(*) AS applied FROM schemamig.applied;

-- the client's sequence: upgrade to the parent, run the statements, record
SELECT schemamig.upgrade('r1');
CREATE INDEX rc_i ON rc_t (a);
SELECT schemamig.record_applied('r2', '1.5 s');
SELECT schemamig.record_applied('r2');
SELECT revision, duration, checksum = (SELECT checksum FROM schemamig.revision WHERE id = 'r2') AS checksum_recorded
  FROM schemamig.applied WHERE revision = 'r2';
SELECT schemamig.upgrade();
SELECT * FROM schemamig.verify();

-- and back: revert the child, then record the revert of r2
SELECT schemamig.record_reverted('r2');
SELECT schemamig.downgrade();
-- nor a revert of SQL that changed since it ran (only a write around the guards changes it)
SET session_replication_role = replica;
UPDATE schemamig.revision SET downgrade = 'SELECT 1' WHERE id = 'r2';
RESET session_replication_role;
SELECT schemamig.record_reverted('r2');
SET session_replication_role = replica;
UPDATE schemamig.revision SET downgrade = 'DROP INDEX CONCURRENTLY rc_i' WHERE id = 'r2';
RESET session_replication_role;
SET ROLE regress_rec_deployer;
SELECT schemamig.record_reverted('r2');
RESET ROLE;
DROP INDEX rc_i;
SELECT schemamig.record_reverted('r2', '0.5 s');
SELECT schemamig.record_reverted('r2');
SELECT action, revision, CASE WHEN revision = 'r2' THEN duration::text ELSE 'as measured' END AS duration FROM schemamig.log ORDER BY seq;
SELECT schemamig.current();

SELECT schemamig.downgrade_to('base');
DROP EXTENSION schemamig;
DROP TABLE rc_t;
REVOKE ALL ON SCHEMA schemamig FROM regress_rec_deployer;
DROP ROLE regress_rec_deployer;
