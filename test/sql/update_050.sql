-- ALTER EXTENSION schemamig UPDATE from 0.4.0 to 0.5.0: every function
-- re-pointed to its prefixed C symbol with nothing else changed, and the
-- library serving the 0.4.0 objects before the update
CREATE EXTENSION schemamig VERSION '0.4.0';
SET client_min_messages = warning;
\set VERBOSITY terse

-- the library exports no unprefixed name: not even for functions that
-- scripts before 0.5.0 made (their rows named "upgrade", "history", ...)
\set VERBOSITY sqlstate
CREATE FUNCTION upd5_old_symbol() RETURNS void LANGUAGE C AS '$libdir/schemamig', 'upgrade';
\set VERBOSITY terse
SELECT schemamig.add_revision('w1', 'CREATE TABLE upd5_t (id int)', 'DROP TABLE upd5_t', message => 'one');
SELECT schemamig.add_revision('w2', 'ALTER TABLE upd5_t ADD COLUMN a int', 'ALTER TABLE upd5_t DROP COLUMN a');
SELECT schemamig.upgrade('w1');
SELECT revision, applied FROM schemamig.history();
-- no tenants before the update: the setting is refused
SET schemamig.tenant = 'early';
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
RESET schemamig.tenant;
CREATE ROLE regress_upd5_deployer;
CREATE ROLE regress_upd5_reader;
SELECT schemamig.grant_deployer('regress_upd5_deployer'), schemamig.grant_reader('regress_upd5_reader');
SELECT * FROM schemamig.pending();

-- an installation made by the released 0.4.0 scripts, whose rows name the
-- old symbols (today's scripts name the prefixed ones): such a row fails
-- with the server's own error and changes nothing until the update
-- re-points it
UPDATE pg_proc SET prosrc = substr(prosrc, length('schemamig_') + 1)
 WHERE pronamespace = 'schemamig'::regnamespace AND prolang = 13
   AND substr(prosrc, length('schemamig_') + 1) IN
       ('history', 'current', 'heads', 'pending', 'downgrade_plan_n', 'downgrade_plan_to',
        'verify', 'statements', 'add_revision', 'upgrade', 'downgrade', 'downgrade_to',
        'stamp', 'remove_revision', 'record_applied', 'record_reverted', 'trace', 'lint', 'migrate');
SELECT count(*) AS old_symbols
  FROM pg_proc WHERE pronamespace = 'schemamig'::regnamespace AND prolang = 13
   AND prosrc NOT LIKE 'schemamig\_%';
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT revision FROM schemamig.applied;
CREATE TEMP TABLE before_defs AS
  SELECT p.oid::regprocedure::text AS fn,
         regexp_replace(pg_get_functiondef(p.oid), '\$(function|procedure)\$\w+\$(function|procedure)\$', '') AS def,
         p.proacl, obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc p WHERE p.pronamespace = 'schemamig'::regnamespace AND p.prolang = 13;

ALTER EXTENSION schemamig UPDATE TO '0.5.0';

-- every C function names a prefixed symbol now
SELECT p.oid::regprocedure AS unprefixed, p.prosrc
  FROM pg_proc p WHERE p.pronamespace = 'schemamig'::regnamespace AND p.prolang = 13
   AND p.prosrc NOT LIKE 'schemamig\_%';
-- and nothing else about them changed: signature, defaults, volatility,
-- grants, comments
SELECT b.fn, b.def = regexp_replace(pg_get_functiondef(p.oid), '\$(function|procedure)\$\w+\$(function|procedure)\$', '') AS same_def,
       b.proacl IS NOT DISTINCT FROM p.proacl AS same_acl,
       b.comment IS NOT DISTINCT FROM obj_description(p.oid, 'pg_proc') AS same_comment
  FROM before_defs b JOIN pg_proc p ON p.oid = b.fn::regprocedure
 WHERE b.def <> regexp_replace(pg_get_functiondef(p.oid), '\$(function|procedure)\$\w+\$(function|procedure)\$', '')
    OR b.proacl IS DISTINCT FROM p.proacl
    OR b.comment IS DISTINCT FROM obj_description(p.oid, 'pg_proc');
SELECT count(*) > 15 AS functions_compared FROM before_defs;

-- what was applied and logged is the default tenant's; no tenant yet
SELECT tenant, revision FROM schemamig.applied;
SELECT tenant, action, revision FROM schemamig.log ORDER BY seq;
SELECT tenant FROM schemamig.state;
-- roles granted before get the tenant functions that go with their grants
SELECT f, has_function_privilege('regress_upd5_deployer', f, 'EXECUTE') AS deployer,
       has_function_privilege('regress_upd5_reader', f, 'EXECUTE') AS reader
  FROM unnest(ARRAY['schemamig.add_tenant(name)', 'schemamig.remove_tenant(name)',
                    'schemamig.tenants()', 'schemamig.upgrade_tenants(text,name[])',
                    'schemamig.migrate_tenants(text,name[])']) AS f ORDER BY 1;
SELECT has_column_privilege('regress_upd5_reader', 'schemamig.applied', 'tenant', 'SELECT') AS reader_sees_tenant,
       has_column_privilege('regress_upd5_reader', 'schemamig.applied', 'checksum', 'SELECT') AS reader_sees_checksum;

-- and they work on what 0.4.0 recorded
SELECT schemamig.upgrade();
SELECT revision, applied FROM schemamig.history();
SELECT schemamig.downgrade_to('base');
SELECT to_regclass('upd5_t') IS NULL AS reverted;
-- tenants work on the updated installation
SELECT schemamig.add_tenant('upd5_tenant');
SET schemamig.tenant = 'upd5_tenant';
SELECT schemamig.upgrade();
RESET schemamig.tenant;
SELECT tenant, revision FROM schemamig.applied ORDER BY seq;
SELECT to_regclass('upd5_tenant.upd5_t') IS NOT NULL AS in_tenant_schema;
DROP EXTENSION schemamig;
DROP SCHEMA upd5_tenant CASCADE;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd5_deployer, regress_upd5_reader;
DROP ROLE regress_upd5_deployer;
DROP ROLE regress_upd5_reader;
