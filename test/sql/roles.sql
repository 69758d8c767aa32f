-- grant_reader() and grant_deployer(), tried as real non-superuser roles
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_reader LOGIN;
CREATE ROLE regress_deployer2 LOGIN;
CREATE ROLE regress_other LOGIN;
CREATE SCHEMA ro_app AUTHORIZATION regress_deployer2;
CREATE TABLE public.ro_not_theirs (id int);

SELECT schemamig.grant_reader(NULL);
-- a role that does not exist: 0, and the OID of a dropped role
SELECT schemamig.grant_reader('-');
SELECT schemamig.grant_deployer(0::oid::regrole);
CREATE ROLE regress_gone;
SELECT 'regress_gone'::regrole::oid AS gone \gset
DROP ROLE regress_gone;
\set VERBOSITY sqlstate
SELECT schemamig.grant_reader(:gone);
SELECT schemamig.grant_deployer(:gone);
\set VERBOSITY terse
SELECT schemamig.grant_reader('regress_reader');
SELECT schemamig.grant_deployer('regress_deployer2');
-- granting twice is harmless
SELECT schemamig.grant_reader('regress_reader');

-- the helpers themselves are not for these roles
SET ROLE regress_deployer2;
SELECT schemamig.grant_deployer('regress_other');
RESET ROLE;

-- the deployer can do everything the contract offers
SET ROLE regress_deployer2;
SELECT schemamig.add_revision('r1', 'CREATE TABLE ro_app.t1 (id int)', 'DROP TABLE ro_app.t1', message => 'one');
SELECT schemamig.add_revision('r2', 'ALTER TABLE ro_app.t1 ADD COLUMN a int', 'ALTER TABLE ro_app.t1 DROP COLUMN a', message => 'two');
SELECT schemamig.add_revision('r3', 'CREATE TABLE ro_app.t3 (id int)', 'DROP TABLE ro_app.t3', message => 'three');
SELECT schemamig.add_revision('gone', 'SELECT 1', parents => '{r3}');
SELECT schemamig.remove_revision('gone');
SELECT * FROM schemamig.pending();
SELECT schemamig.upgrade('r1');
CALL schemamig.migrate('r2');
SELECT schemamig.upgrade();
SELECT schemamig.downgrade();
SELECT schemamig.downgrade_to('r1');
SELECT schemamig.stamp('r2');
SELECT schemamig.stamp('r1');
SELECT * FROM schemamig.verify();
SELECT schemamig.current(), schemamig.heads();
SELECT revision, applied_by FROM schemamig.history() WHERE applied;
SELECT action, revision, by FROM schemamig.log ORDER BY seq;
-- its revisions run with its own privileges: what it does not own stays out of reach
SELECT schemamig.add_revision('r4', 'DROP TABLE public.ro_not_theirs', 'SELECT 1', parents => '{r3}');
SELECT schemamig.upgrade('r4');
SELECT schemamig.remove_revision('r4');
-- and it cannot get around the guards
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 'r1';
DELETE FROM schemamig.applied;
-- nor write the books directly: the applied set, the log and the state
-- change only through schemamig's functions
INSERT INTO schemamig.applied VALUES ('r3', 99, now(), 'x', '0', 'x');
INSERT INTO schemamig.log (action, revision, at, by, duration) VALUES ('upgrade', 'r3', now(), 'x', '0');
UPDATE schemamig.applied SET applied_by = 'nobody';
DELETE FROM schemamig.state;
SELECT * FROM schemamig.state FOR UPDATE;
BEGIN;
LOCK TABLE schemamig.state IN EXCLUSIVE MODE;
ROLLBACK;
INSERT INTO schemamig.revision (id, parents, message, upgrade, transactional) VALUES ('forged', '{}', '', 'SELECT 1', true);
DELETE FROM schemamig.revision WHERE id = 'r3';
-- a pending revision's SQL, parents, message and flag it may edit
UPDATE schemamig.revision SET message = 'three, edited' WHERE id = 'r3';
RESET ROLE;
SELECT id, message FROM schemamig.revision WHERE id = 'r3';
SELECT to_regclass('public.ro_not_theirs') IS NOT NULL AS still_there;
-- privileges beyond grant_deployer's (a dump of a version before 0.4.0
-- brings back that version's table-wide grants) do not let it write the
-- books either: only the owner of schemamig's tables writes them directly
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON schemamig.revision, schemamig.applied,
    schemamig.log, schemamig.state TO regress_deployer2;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA schemamig TO regress_deployer2;
SET ROLE regress_deployer2;
INSERT INTO schemamig.revision (id, parents, message, upgrade, transactional, author)
    VALUES ('forged', '{r3}', '', 'ALTER ROLE regress_deployer2 SUPERUSER', true,
            (SELECT rolname FROM pg_roles WHERE oid = 10));
DELETE FROM schemamig.revision WHERE id = 'r3';
TRUNCATE schemamig.revision;
INSERT INTO schemamig.applied VALUES ('r3', 99, now(), 'x', '0', 'x');
INSERT INTO schemamig.log (action, revision, at, by, duration) VALUES ('upgrade', 'r3', now(), 'x', '0');
TRUNCATE schemamig.log;
UPDATE schemamig.state SET settled = NULL;
DELETE FROM schemamig.state;
-- editing a pending revision is still its to do
UPDATE schemamig.revision SET message = 'three, again' WHERE id = 'r3';
RESET ROLE;
SELECT id, message, author = 'regress_deployer2' AS by_deployer FROM schemamig.revision ORDER BY seq;
SELECT count(*) AS applied, (SELECT count(*) FROM schemamig.log) AS log_rows,
       (SELECT count(*) FROM schemamig.state) AS state_rows FROM schemamig.applied;
-- still, where the guards do not fire (a restore's origin-only window, a
-- subscription's rows) such grants are all that stands in the way:
-- verify() reports them, and upgrade() refuses, until the REVOKE it gives
-- (and grant_deployer() again, for the column grants it takes) repairs them
SELECT * FROM schemamig.verify();
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schemamig.revision, schemamig.applied,
    schemamig.log, schemamig.state FROM regress_deployer2;
SELECT schemamig.grant_deployer('regress_deployer2');
SELECT * FROM schemamig.verify();
-- its edits are judged even with revision_guard disabled (a restore that
-- stopped half-way leaves it so): an applied revision stays as it ran, and
-- whoever edits a pending one's SQL becomes its author
SELECT schemamig.add_revision('su1', 'SELECT 1', 'SELECT 1', '{r3}');
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_guard;
SET ROLE regress_deployer2;
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'r1';
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'su1';
RESET ROLE;
ALTER TABLE schemamig.revision ENABLE TRIGGER revision_guard;
SELECT id, upgrade, author = 'regress_deployer2' AS by_deployer FROM schemamig.revision
 WHERE id IN ('r1', 'su1') ORDER BY id;
SELECT schemamig.remove_revision('su1');

-- the reader sees history, current, heads, pending, verify and the log ...
SET ROLE regress_reader;
SELECT revision, message, applied, is_head, is_current FROM schemamig.history();
SELECT schemamig.current(), schemamig.heads();
SELECT * FROM schemamig.pending();
SELECT * FROM schemamig.verify();
SELECT action, revision FROM schemamig.log ORDER BY seq;
SELECT id, message, author FROM schemamig.revision ORDER BY seq;
SELECT revision, applied_by FROM schemamig.applied ORDER BY seq;
-- ... but neither the revision SQL nor the checksums (an unsalted hash of
-- SQL that may hold a secret), and it can change nothing
SELECT checksum FROM schemamig.revision;
SELECT checksum FROM schemamig.applied;
SELECT upgrade FROM schemamig.revision;
SELECT downgrade FROM schemamig.revision;
SELECT * FROM schemamig.revision;
SELECT schemamig.add_revision('x', 'SELECT 1');
SELECT schemamig.upgrade();
SELECT schemamig.downgrade();
SELECT schemamig.downgrade_to('base');
SELECT schemamig.stamp('base');
SELECT schemamig.remove_revision('r3');
CALL schemamig.migrate();
UPDATE schemamig.revision SET message = 'x';
INSERT INTO schemamig.applied VALUES ('r3', 1, now(), 'x', '0', 'x');
DELETE FROM schemamig.log;
RESET ROLE;
SELECT count(*) AS applied, (SELECT count(*) FROM schemamig.revision) AS registered FROM schemamig.applied;

-- a role with nothing granted sees nothing
SET ROLE regress_other;
SELECT * FROM schemamig.history();
SELECT * FROM schemamig.log;
RESET ROLE;

SELECT schemamig.downgrade_to('base');
DROP EXTENSION schemamig;
DROP SCHEMA ro_app CASCADE;
DROP TABLE public.ro_not_theirs;
REVOKE ALL ON SCHEMA schemamig FROM regress_reader, regress_deployer2;
DROP ROLE regress_reader;
DROP ROLE regress_deployer2;
DROP ROLE regress_other;
