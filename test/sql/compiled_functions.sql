-- A procedural function is compiled once per session, on the search_path of
-- its first call, and keeps what it resolved then (the types of its
-- variables). A revision that runs as its author must not have another
-- role's function compiled on a path of its own: the caller's later calls
-- would run the author's code (a domain's check) with the caller's
-- privileges.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE ROLE regress_cf_deployer LOGIN;
SELECT schemamig.grant_deployer('regress_cf_deployer');
CREATE SCHEMA cf_dep AUTHORIZATION regress_cf_deployer;
CREATE SCHEMA cf_app;
GRANT USAGE ON SCHEMA cf_app TO PUBLIC;
-- a helper of the superuser's that migrations call, with no search_path of its own
CREATE FUNCTION cf_app.helper() RETURNS text LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  t := 'ok';
  RETURN pg_catalog.pg_typeof(t)::pg_catalog.text;
END $$;
-- the same, with a search_path of its own
CREATE FUNCTION cf_app.pinned() RETURNS text LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE t text;
BEGIN
  t := 'ok';
  RETURN pg_catalog.pg_typeof(t)::pg_catalog.text;
END $$;
CREATE TABLE public.cf_pwned (who name, what text);
GRANT INSERT ON public.cf_pwned TO PUBLIC;

SET ROLE regress_cf_deployer;
-- a domain "text" whose check records who runs it
CREATE FUNCTION cf_dep.spy(pg_catalog.text) RETURNS boolean LANGUAGE sql
    AS $$ INSERT INTO public.cf_pwned VALUES (current_user, 'domain check'); SELECT true $$;
CREATE DOMAIN cf_dep.text AS pg_catalog.text CHECK (cf_dep.spy(VALUE));
-- the attack: compile the superuser's helper on the deployer's own path
SELECT schemamig.add_revision('cf1', $r$
SET search_path = cf_dep, pg_catalog;
SELECT cf_app.helper();
$r$, 'SELECT 1');
RESET ROLE;
-- the superuser's own revision calls the helper next
SELECT schemamig.add_revision('cf2', $r$INSERT INTO public.cf_pwned SELECT current_user, cf_app.helper()$r$,
    'SELECT 1', parents => '{cf1}');

-- a new session, where nothing is compiled yet
\c
SET client_min_messages = warning;
\set VERBOSITY terse
SELECT schemamig.upgrade();
SELECT schemamig.current();
SELECT cf_app.helper();
-- the superuser ran nothing of the deployer's
SELECT * FROM public.cf_pwned WHERE who <> 'regress_cf_deployer';
-- the same through a SET clause of the deployer's own function
SET ROLE regress_cf_deployer;
UPDATE schemamig.revision SET upgrade = $r$
CREATE FUNCTION cf_dep.compile() RETURNS text LANGUAGE sql SET search_path = cf_dep, pg_catalog
    AS 'SELECT cf_app.helper()';
SELECT cf_dep.compile();
$r$ WHERE id = 'cf1';
RESET ROLE;
\c
SET client_min_messages = warning;
\set VERBOSITY terse
SELECT schemamig.upgrade('cf1');
SELECT schemamig.current();
-- and by a caller that took the author's role: the path of the role logged in counts
\c
SET client_min_messages = warning;
\set VERBOSITY terse
SET ROLE regress_cf_deployer;
SELECT schemamig.upgrade('cf1');
RESET ROLE;
SELECT cf_app.helper();
SELECT * FROM public.cf_pwned WHERE who <> 'regress_cf_deployer';

-- and through a tenant's schema, first on the path of the tenant's
-- revisions: the deployer's own tenant, no SET needed, for a helper whose
-- type the session's path finds (pg_catalog's come first)
CREATE TYPE cf_app.mood AS ENUM ('ok');
SET check_function_bodies = off;  -- (its type is found on the path it runs on)
CREATE FUNCTION cf_app.moody() RETURNS text LANGUAGE plpgsql AS $$
DECLARE m mood;
BEGIN
  m := 'ok';
  RETURN pg_catalog.pg_typeof(m)::pg_catalog.text;
END $$;
RESET check_function_bodies;
SET ROLE regress_cf_deployer;
CREATE DOMAIN cf_dep.mood AS cf_app.mood CHECK (cf_dep.spy(VALUE::pg_catalog.text));
SELECT schemamig.add_tenant('cf_dep');
UPDATE schemamig.revision SET upgrade = 'SELECT cf_app.moody()' WHERE id = 'cf1';
RESET ROLE;
\c
SET client_min_messages = warning;
\set VERBOSITY terse
SET search_path = cf_app, public;
SELECT * FROM schemamig.upgrade_tenants('cf1');
SELECT * FROM schemamig.tenants();
SELECT cf_app.moody();
SELECT * FROM public.cf_pwned WHERE who <> 'regress_cf_deployer';
SELECT schemamig.remove_tenant('cf_dep');
RESET search_path;

-- what still runs: the helper on the session's own path, a helper with a
-- search_path of its own on any path, and the author's own function
SET ROLE regress_cf_deployer;
CREATE FUNCTION cf_dep.own() RETURNS text LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
  t := 'ok';
  RETURN pg_catalog.pg_typeof(t)::pg_catalog.text;
END $$;
UPDATE schemamig.revision SET upgrade = $r$
SELECT cf_app.helper();
SET search_path = cf_dep, pg_catalog;
SELECT cf_app.pinned();
SELECT cf_dep.own();
$r$ WHERE id = 'cf1';
RESET ROLE;
\c
SET client_min_messages = warning;
\set VERBOSITY terse
SELECT schemamig.upgrade();
SELECT schemamig.current();
SELECT cf_app.helper(), cf_app.pinned();
SELECT * FROM public.cf_pwned WHERE who <> 'regress_cf_deployer';

SELECT schemamig.downgrade_to('base');
DROP TABLE public.cf_pwned;
DROP SCHEMA cf_dep CASCADE;
DROP SCHEMA cf_app CASCADE;
DROP EXTENSION schemamig;
DROP OWNED BY regress_cf_deployer;
DROP ROLE regress_cf_deployer;
