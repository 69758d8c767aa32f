-- Privileges: PUBLIC gets nothing; the README's GRANTs let a deployer role
-- migrate; internal queries cannot be hijacked through the search_path.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

-- nothing in the extension is PUBLIC's
SELECT p.oid::regprocedure AS function, has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute
  FROM pg_proc p WHERE p.pronamespace = 'schemamig'::regnamespace ORDER BY p.oid::regprocedure::text COLLATE "C";
SELECT c.relname, has_table_privilege('public', c.oid, 'SELECT, INSERT, UPDATE, DELETE') AS public_any
  FROM pg_class c WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind IN ('r', 'S')
 ORDER BY c.relname COLLATE "C";
SELECT has_schema_privilege('public', 'schemamig', 'USAGE') AS public_usage;
-- no SECURITY DEFINER function anywhere in the extension
SELECT count(*) AS security_definer FROM pg_proc WHERE pronamespace = 'schemamig'::regnamespace AND prosecdef;

CREATE ROLE regress_deployer LOGIN;
CREATE ROLE regress_nobody LOGIN;
CREATE SCHEMA sec_app AUTHORIZATION regress_deployer;

-- a role with no grants can do nothing
SET ROLE regress_nobody;
SELECT schemamig.upgrade();
SELECT * FROM schemamig.history();
SELECT * FROM schemamig.revision;
RESET ROLE;

-- the GRANTs README shows for a deployer role
GRANT USAGE ON SCHEMA schemamig TO regress_deployer;
GRANT SELECT ON schemamig.revision, schemamig.applied, schemamig.log, schemamig.state TO regress_deployer;
GRANT UPDATE (upgrade, downgrade, parents, message, transactional) ON schemamig.revision TO regress_deployer;
GRANT EXECUTE ON FUNCTION schemamig.add_revision(text, text, text, text[], text, boolean),
    schemamig.upgrade(text), schemamig.downgrade(integer), schemamig.downgrade_to(text),
    schemamig.stamp(text), schemamig.remove_revision(text), schemamig.checksum(text, text),
    schemamig.record_applied(text, interval), schemamig.record_reverted(text, interval),
    schemamig.statements(text),
    schemamig.history(), schemamig.current(), schemamig.heads(), schemamig.pending(text),
    schemamig.verify()
    TO regress_deployer;
GRANT EXECUTE ON PROCEDURE schemamig.migrate(text) TO regress_deployer;

SET ROLE regress_deployer;
SELECT schemamig.add_revision('sec1', 'CREATE TABLE sec_app.t (id int)', 'DROP TABLE sec_app.t', message => 'in own schema');
SELECT schemamig.upgrade();
SELECT revision, applied, applied_by FROM schemamig.history();
-- revision SQL runs with the deployer's own privileges: it cannot touch what it does not own
SELECT schemamig.add_revision('sec2', 'CREATE TABLE public.sec_not_mine (id int)', 'DROP TABLE public.sec_not_mine', message => 'not allowed');
SELECT schemamig.upgrade();
SELECT count(*) AS applied FROM schemamig.applied;
SELECT schemamig.remove_revision('sec2');
SELECT schemamig.downgrade();
SELECT schemamig.current();
RESET ROLE;
SELECT to_regclass('sec_app.t') IS NULL AS reverted;

-- hijack attempt: an "=" operator and an unnest() in public that lie, with
-- public searched before pg_catalog. The extension's queries must not use them.
CREATE FUNCTION public.sec_always_true(text, text) RETURNS boolean LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.sec_always_true);
CREATE FUNCTION public.unnest(text[]) RETURNS SETOF text LANGUAGE sql AS $$ SELECT 'hijacked'::text $$;
CREATE FUNCTION public.count(anyelement) RETURNS bigint LANGUAGE sql AS 'SELECT 42::bigint';
CREATE TABLE public.revision (id text);
CREATE TABLE public.applied (revision text);
SET search_path = public, pg_catalog;
SELECT schemamig.add_revision('h1', 'CREATE TABLE sec_app.h1 (id int)', 'DROP TABLE sec_app.h1');
SELECT schemamig.add_revision('h2', 'CREATE TABLE sec_app.h2 (id int)', 'DROP TABLE sec_app.h2');
-- "=" that always matches would make add_revision believe every id exists
SELECT schemamig.add_revision('h3', 'SELECT 1', 'SELECT 1', parents => '{h2}');
SELECT * FROM schemamig.pending();
SELECT schemamig.upgrade();
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT schemamig.downgrade(1);
SELECT schemamig.current();
SELECT * FROM schemamig.verify();
SELECT schemamig.stamp('h1'), schemamig.current();
SELECT schemamig.remove_revision('h3');
SELECT revision, applied FROM schemamig.history();
SELECT action, revision FROM schemamig.log ORDER BY seq;
SELECT schemamig.downgrade_to('base');
SELECT count(*) AS applied_rows FROM schemamig.applied;
RESET search_path;

DROP EXTENSION schemamig;
DROP OPERATOR public.= (text, text);
DROP FUNCTION public.sec_always_true(text, text);
DROP FUNCTION public.unnest(text[]);
DROP FUNCTION public.count(anyelement);
DROP TABLE public.revision, public.applied;
DROP SCHEMA sec_app CASCADE;
-- the schema outlives DROP EXTENSION, and so do grants on it
REVOKE USAGE ON SCHEMA schemamig FROM regress_deployer;
DROP ROLE regress_deployer;
DROP ROLE regress_nobody;

-- a schemamig schema that a non-superuser created beforehand is refused:
-- its owner could drop or replace what the extension puts in it
DROP SCHEMA schemamig;
CREATE ROLE regress_squatter;
CREATE SCHEMA schemamig AUTHORIZATION regress_squatter;
CREATE EXTENSION schemamig;
SELECT count(*) AS installed FROM pg_extension WHERE extname = 'schemamig';
DROP SCHEMA schemamig;
DROP ROLE regress_squatter;
-- a fresh install creates the schema, owned by the installing superuser
CREATE EXTENSION schemamig;
SELECT r.rolsuper AS owner_is_superuser FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = 'schemamig';
DROP EXTENSION schemamig;

-- check_reversible() reads each schema a revision changed as its caller,
-- with that schema first on the search_path: an "=" planted there for
-- exactly the types of a NULLIF() or a CASE ... WHEN of its reading (oid
-- and integer, regproc and integer) would be chosen over pg_catalog's and
-- run with the caller's privileges. The schema's owner plants them, with
-- what makes the reading use them: a partitioned table, an aggregate.
CREATE EXTENSION schemamig;
CREATE ROLE regress_planter;
CREATE SCHEMA sec_plant AUTHORIZATION regress_planter;
SET ROLE regress_planter;
CREATE FUNCTION sec_plant.planted(oid, integer) RETURNS boolean LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'planted operator ran as %', current_user; END$$;
CREATE FUNCTION sec_plant.planted(regproc, integer) RETURNS boolean LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'planted operator ran as %', current_user; END$$;
CREATE OPERATOR sec_plant.= (LEFTARG = oid, RIGHTARG = integer, FUNCTION = sec_plant.planted);
CREATE OPERATOR sec_plant.= (LEFTARG = regproc, RIGHTARG = integer, FUNCTION = sec_plant.planted);
CREATE TABLE sec_plant.p (a int) PARTITION BY RANGE (a);
CREATE AGGREGATE sec_plant.total (int) (SFUNC = int4pl, STYPE = int);
CREATE TABLE sec_plant.t (a int);
RESET ROLE;
SELECT schemamig.add_revision('cr1', 'ALTER TABLE sec_plant.t ADD COLUMN b int', 'ALTER TABLE sec_plant.t DROP COLUMN b');
SELECT * FROM schemamig.check_reversible();
DROP EXTENSION schemamig;
DROP SCHEMA sec_plant CASCADE;
DROP ROLE regress_planter;
