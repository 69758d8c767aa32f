-- ALTER EXTENSION schemamig UPDATE from 0.1.0 (through every update script):
-- revisions and applied state survive
CREATE EXTENSION schemamig VERSION '0.1.0';
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('u1', 'CREATE TABLE up_t (id int)', 'DROP TABLE up_t', message => 'one');
SELECT schemamig.add_revision('u2', E'ALTER TABLE up_t ADD COLUMN a int;\r\n', 'ALTER TABLE up_t DROP COLUMN a', message => 'two');
SELECT schemamig.add_revision('u3', 'SELECT 1', NULL, message => 'pending, irreversible');
SELECT schemamig.upgrade('u2');
-- this library still serves the 0.1.0 tables until the update
SELECT schemamig.downgrade(), schemamig.upgrade('u2');
CREATE TEMP TABLE before_rev AS SELECT id, seq, parents, message, upgrade, downgrade, transactional, checksum, registered_at FROM schemamig.revision;
CREATE TEMP TABLE before_app AS SELECT * FROM schemamig.applied;

ALTER EXTENSION schemamig UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';

-- everything registered and applied is still there, checksums unchanged
SELECT count(*) AS revisions_kept
  FROM (SELECT * FROM before_rev
        INTERSECT
        SELECT id, seq, parents, message, upgrade, downgrade, transactional, checksum, registered_at
          FROM schemamig.revision) AS kept;
SELECT count(*) AS applied_kept FROM (SELECT * FROM before_app INTERSECT SELECT revision, seq, applied_at, applied_by, duration, checksum FROM schemamig.applied) AS kept;
SELECT * FROM schemamig.verify();
SELECT schemamig.current();

-- and the new version works on it
SELECT schemamig.upgrade();
SELECT action, revision FROM schemamig.log ORDER BY seq;
-- the guards apply to what was applied before the update
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'u1';
SELECT schemamig.downgrade_to('u1');
SELECT schemamig.stamp('base');
SELECT to_regclass('up_t') IS NOT NULL AS table_kept_by_stamp;

-- sequences continue where they were
SELECT schemamig.add_revision('u4', 'SELECT 1', parents => '{u3}');
SELECT id, seq > (SELECT max(seq) FROM before_rev) AS later FROM schemamig.revision WHERE id = 'u4';

-- the updated installation has the same objects as a fresh one
CREATE TEMP TABLE updated AS
  SELECT pg_describe_object(classid, objid, objsubid) AS obj FROM pg_depend
   WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
     AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemamig');
DROP EXTENSION schemamig;
DROP TABLE up_t;
CREATE EXTENSION schemamig;
SELECT obj FROM (SELECT pg_describe_object(classid, objid, objsubid) AS obj FROM pg_depend
                  WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
                    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemamig')) fresh
 EXCEPT SELECT obj FROM updated;
SELECT count(*) > 20 AS many_objects FROM updated;
DROP EXTENSION schemamig;

-- the install and update scripts work on the default tenant whatever the
-- session set: the tables they write may have no tenants yet (the guards
-- that their writes fire refused it with 55000); the setting is refused
-- on use afterwards, as ever
SET schemamig.tenant = 'regress_upd_tenant';
CREATE EXTENSION schemamig;
\set VERBOSITY default
SELECT schemamig.current();
\set VERBOSITY terse
RESET schemamig.tenant;
SELECT schemamig.current() AS at_base;
DROP EXTENSION schemamig;
CREATE EXTENSION schemamig VERSION '0.3.0';
SET schemamig.tenant = 'regress_upd_tenant';
ALTER EXTENSION schemamig UPDATE;
SELECT extversion = (SELECT default_version FROM pg_available_extensions WHERE name = 'schemamig') AS updated
  FROM pg_extension WHERE extname = 'schemamig';
RESET schemamig.tenant;
DROP EXTENSION schemamig;

-- 0.3.0 -> 0.4.0: grants made by the old helpers become the new ones, and
-- every revision gets an author (the role that registered it)
CREATE EXTENSION schemamig VERSION '0.3.0';
CREATE ROLE regress_upd_deployer;
CREATE ROLE regress_upd_reader;
SELECT schemamig.grant_deployer('regress_upd_deployer'), schemamig.grant_reader('regress_upd_reader');
CREATE SCHEMA upd_app AUTHORIZATION regress_upd_deployer;
SET ROLE regress_upd_deployer;
SELECT schemamig.add_revision('v1', 'CREATE TABLE upd_app.t (id int)', 'DROP TABLE upd_app.t', '{}');
SELECT schemamig.add_revision('v2', 'ALTER TABLE upd_app.t ADD COLUMN a int', 'ALTER TABLE upd_app.t DROP COLUMN a');
RESET ROLE;
-- before the update this library serves the 0.3.0 tables: the registering
-- role is the author, and the superuser applying runs v1 as that role
SELECT schemamig.upgrade('v1');
SELECT tableowner FROM pg_tables WHERE schemaname = 'upd_app';
ALTER EXTENSION schemamig UPDATE TO '0.4.0';
SELECT id, author, registered_by FROM schemamig.revision ORDER BY seq;
SELECT t.rel, p.priv,
       has_table_privilege('regress_upd_deployer', t.rel, p.priv) AS deployer,
       has_table_privilege('regress_upd_reader', t.rel, p.priv) AS reader
  FROM unnest(ARRAY['schemamig.revision', 'schemamig.applied', 'schemamig.log', 'schemamig.state']) AS t (rel),
       unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p (priv)
 ORDER BY 1, 2;
SELECT c.rel, c.col,
       has_column_privilege('regress_upd_deployer', c.rel, c.col, 'UPDATE') AS deployer_update,
       has_column_privilege('regress_upd_reader', c.rel, c.col, 'SELECT') AS reader_select
  FROM (VALUES ('schemamig.revision', 'upgrade'), ('schemamig.revision', 'message'),
               ('schemamig.revision', 'author'), ('schemamig.revision', 'registered_by'),
               ('schemamig.revision', 'seq'), ('schemamig.revision', 'checksum'),
               ('schemamig.applied', 'applied_by'), ('schemamig.applied', 'checksum')) AS c (rel, col)
 ORDER BY 1, 2;
SELECT has_sequence_privilege('regress_upd_deployer', 'schemamig.applied_seq', 'USAGE') AS deployer_draws_seq;
-- and the updated installation works for both
SET ROLE regress_upd_deployer;
SELECT schemamig.upgrade();
SELECT revision, applied_by FROM schemamig.history() WHERE applied;
RESET ROLE;
SET ROLE regress_upd_reader;
SELECT revision, applied_by FROM schemamig.applied ORDER BY seq;
RESET ROLE;
DROP EXTENSION schemamig;
DROP SCHEMA upd_app CASCADE;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd_deployer, regress_upd_reader;
DROP ROLE regress_upd_deployer;
DROP ROLE regress_upd_reader;

-- 0.4.0 -> 0.5.0: state.synced and up_to_date(). A state settled under
-- 0.4.0 has no digest: up_to_date() says false until the next upgrade()
-- computes it (the one-row answer of upgrade() waits for it too). Whoever
-- could call pending() may call up_to_date().
CREATE EXTENSION schemamig VERSION '0.4.0';
CREATE ROLE regress_upd5_reader;
SELECT schemamig.grant_reader('regress_upd5_reader');
SELECT schemamig.add_revision('w1', 'SELECT 1', NULL, '{}', message => 'one');
SELECT schemamig.upgrade();
SELECT settled = generation AS settled_in_040 FROM schemamig.state;
ALTER EXTENSION schemamig UPDATE TO '0.5.0';
SELECT encode(sha256(convert_to('w1', 'UTF8') || '\x00'::bytea || '\x00'::bytea
                     || convert_to('t', 'UTF8') || '\x00'::bytea
                     || convert_to(schemamig.checksum('SELECT 1', NULL), 'UTF8') || '\x00'::bytea
                     || convert_to('one', 'UTF8') || '\x00'::bytea), 'hex') AS w1_digest \gset
SELECT synced IS NULL AS no_digest_yet, schemamig.up_to_date(:'w1_digest') AS up_to_date_before
  FROM schemamig.state;
SELECT schemamig.upgrade();
SELECT synced = :'w1_digest' AS digest_kept, schemamig.up_to_date(:'w1_digest') AS up_to_date_after
  FROM schemamig.state;
SELECT has_function_privilege('regress_upd5_reader', 'schemamig.up_to_date(text)', 'EXECUTE') AS old_reader_may,
       has_function_privilege('public', 'schemamig.up_to_date(text)', 'EXECUTE') AS public_may;
DROP EXTENSION schemamig;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd5_reader;
DROP ROLE regress_upd5_reader;
