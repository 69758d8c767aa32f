-- ALTER EXTENSION schemamig UPDATE from 0.8.0 to 0.8.1: grant_reader() and
-- grant_deployer() refuse a role that does not exist (42704) instead of
-- failing to parse the GRANT they build (42601). Their grants, privileges
-- and comments are kept.
CREATE EXTENSION schemamig VERSION '0.8.0';
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_upd81_deployer;
SELECT schemamig.grant_deployer('regress_upd81_deployer');
SELECT schemamig.add_revision('v1', 'SELECT 1', 'SELECT 1', '{}', message => 'one');
SELECT schemamig.upgrade();
\set VERBOSITY sqlstate
SELECT schemamig.grant_reader('-');
\set VERBOSITY terse

ALTER EXTENSION schemamig UPDATE TO '0.8.1';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';

SELECT schemamig.grant_reader('-');
SELECT schemamig.grant_deployer('-');
SELECT p.proname,
       has_function_privilege('regress_upd81_deployer', p.oid, 'EXECUTE') AS deployer,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public,
       obj_description(p.oid, 'pg_proc') LIKE 'schemamig: let a role %' AS commented
  FROM pg_proc AS p
 WHERE p.pronamespace = 'schemamig'::regnamespace AND p.proname IN ('grant_reader', 'grant_deployer')
 ORDER BY 1;
-- a deployer granted before and after the update can work as before
CREATE ROLE regress_upd81_later;
SELECT schemamig.grant_deployer('regress_upd81_later');
SET ROLE regress_upd81_deployer;
SELECT schemamig.add_revision('v2', 'SELECT 2', 'SELECT 2', message => 'two');
SELECT schemamig.upgrade();
RESET ROLE;
SET ROLE regress_upd81_later;
SELECT schemamig.add_revision('v3', 'SELECT 3', 'SELECT 3', message => 'three');
SELECT schemamig.upgrade();
RESET ROLE;
SELECT revision FROM schemamig.applied ORDER BY seq;

DROP EXTENSION schemamig;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd81_deployer, regress_upd81_later;
DROP ROLE regress_upd81_deployer;
DROP ROLE regress_upd81_later;
