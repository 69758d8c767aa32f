-- ALTER EXTENSION schemamig UPDATE from 0.6.0 to 0.7.0: row triggers that
-- fire always refuse a direct write by a role that does not own the tables
-- (but for the edit of a pending revision), for the rows a logical
-- replication subscription applies too (test/shell/replication.sh runs
-- one). Revisions, the applied set and grants are kept.
CREATE EXTENSION schemamig VERSION '0.6.0';
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_upd7_deployer;
SELECT schemamig.grant_deployer('regress_upd7_deployer');
SET ROLE regress_upd7_deployer;
SELECT schemamig.add_revision('v1', 'SELECT 1', 'SELECT 1', '{}', message => 'one');
SELECT schemamig.add_revision('v2', 'SELECT 2', 'SELECT 2', message => 'two');
RESET ROLE;
SELECT schemamig.upgrade('v1');

ALTER EXTENSION schemamig UPDATE TO '0.7.0';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';

-- one per table, before each row, firing always (replica mode included)
SELECT c.relname, t.tgname, t.tgenabled, t.tgtype & 1 = 1 AS for_each_row,
       pg_catalog.encode(t.tgargs, 'escape') AS args,
       obj_description(t.oid, 'pg_trigger') LIKE 'schemamig: only the owner%' AS commented
  FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid
 WHERE c.relnamespace = 'schemamig'::regnamespace AND t.tgname LIKE '%\_owner'
 ORDER BY c.relname;
-- the books are kept, and work as before
SELECT id, author, message FROM schemamig.revision ORDER BY seq;
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT * FROM schemamig.verify();
SELECT schemamig.upgrade();
-- the deployer still edits a pending revision, registers and applies
SET ROLE regress_upd7_deployer;
SELECT schemamig.add_revision('v3', 'SELECT 3', 'SELECT 3', message => 'three');
UPDATE schemamig.revision SET message = 'three, edited' WHERE id = 'v3';
SELECT schemamig.upgrade();
RESET ROLE;
-- given table-wide grants by hand, it writes nothing else
GRANT INSERT, UPDATE, DELETE ON schemamig.revision, schemamig.applied, schemamig.log, schemamig.state
    TO regress_upd7_deployer;
SET ROLE regress_upd7_deployer;
INSERT INTO schemamig.revision (id, parents, upgrade, transactional) VALUES ('forged', '{v3}', 'SELECT 1', true);
RESET ROLE;
-- a superuser in replica mode is not refused (the owner restores dumps so)
SET session_replication_role = replica;
UPDATE schemamig.state SET settled = settled;
RESET session_replication_role;
SELECT revision FROM schemamig.applied ORDER BY seq;

DROP EXTENSION schemamig;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd7_deployer;
DROP ROLE regress_upd7_deployer;
