-- ALTER EXTENSION schemamig UPDATE from 0.4.0 to 0.5.0: every function
-- re-pointed to its prefixed C symbol with nothing else changed, and the
-- library serving the 0.4.0 objects before the update
CREATE EXTENSION schemamig VERSION '0.4.0';
SET client_min_messages = warning;
\set VERBOSITY terse

-- before the update: the 0.4.0 rows name the old symbols, which still work
SELECT count(*) > 15 AS old_symbols
  FROM pg_proc WHERE pronamespace = 'schemamig'::regnamespace AND prolang = 13
   AND prosrc NOT LIKE 'schemamig\_%';
SELECT schemamig.add_revision('w1', 'CREATE TABLE upd5_t (id int)', 'DROP TABLE upd5_t', message => 'one');
SELECT schemamig.add_revision('w2', 'ALTER TABLE upd5_t ADD COLUMN a int', 'ALTER TABLE upd5_t DROP COLUMN a');
SELECT schemamig.upgrade('w1');
SELECT revision, applied FROM schemamig.history();
SELECT * FROM schemamig.pending();
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

-- and they work on what 0.4.0 recorded
SELECT schemamig.upgrade();
SELECT revision, applied FROM schemamig.history();
SELECT schemamig.downgrade_to('base');
SELECT to_regclass('upd5_t') IS NULL AS reverted;
DROP EXTENSION schemamig;
