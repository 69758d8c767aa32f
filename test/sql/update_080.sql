-- ALTER EXTENSION schemamig UPDATE from 0.7.0 to 0.8.0: check_tenant(), the
-- server's checks of a tenant's schema for the client and the offline
-- script, granted to every role that may record what it ran outside (a
-- deployer) and to none other. Revisions, the applied set and grants are kept.
CREATE EXTENSION schemamig VERSION '0.7.0';
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_upd8_deployer;
CREATE ROLE regress_upd8_reader;
SELECT schemamig.grant_deployer('regress_upd8_deployer');
SELECT schemamig.grant_reader('regress_upd8_reader');
SELECT schemamig.add_revision('v1', 'SELECT 1', 'SELECT 1', '{}', message => 'one');
SELECT schemamig.upgrade();

ALTER EXTENSION schemamig UPDATE TO '0.8.0';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';

SELECT has_function_privilege('regress_upd8_deployer', 'schemamig.check_tenant()', 'EXECUTE') AS deployer,
       has_function_privilege('regress_upd8_reader', 'schemamig.check_tenant()', 'EXECUTE') AS reader,
       has_function_privilege('public', 'schemamig.check_tenant()', 'EXECUTE') AS public,
       obj_description('schemamig.check_tenant()'::regprocedure, 'pg_proc') LIKE 'schemamig: %' AS commented;
-- a deployer granted after the update gets it too
CREATE ROLE regress_upd8_later;
SELECT schemamig.grant_deployer('regress_upd8_later');
SELECT has_function_privilege('regress_upd8_later', 'schemamig.check_tenant()', 'EXECUTE') AS later;
-- the books are kept, and work as before
SELECT id, message FROM schemamig.revision ORDER BY seq;
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT * FROM schemamig.verify();
SET ROLE regress_upd8_deployer;
SELECT schemamig.check_tenant();
SELECT schemamig.add_revision('v2', 'SELECT 2', 'SELECT 2', message => 'two');
SELECT schemamig.upgrade();
RESET ROLE;
SELECT revision FROM schemamig.applied ORDER BY seq;

DROP EXTENSION schemamig;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd8_deployer, regress_upd8_reader, regress_upd8_later;
DROP ROLE regress_upd8_deployer;
DROP ROLE regress_upd8_reader;
DROP ROLE regress_upd8_later;
