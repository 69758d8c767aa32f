-- A revision that runs as its author cannot use the session's dblink
-- connections: they belong to whoever opened them (here the superuser),
-- and SQL run on them has that role's privileges. The deployer tries it
-- through every path that runs another role's revision.
CREATE EXTENSION schemamig;
CREATE EXTENSION dblink;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_ln_dep LOGIN;
CREATE ROLE regress_ln_flag NOLOGIN;
SELECT schemamig.grant_deployer('regress_ln_dep');
-- this database, as the superuser (the server's socket, no password)
SELECT format('dbname=%s port=%s host=%s user=%s', current_database(), current_setting('port'),
              split_part(current_setting('unix_socket_directories'), ',', 1), current_user) AS conn \gset

SET ROLE regress_ln_dep;
SELECT schemamig.add_revision('ln1', $$SELECT dblink_exec('ln_conn', 'ALTER ROLE regress_ln_flag CREATEDB')$$, 'SELECT 1');
SELECT schemamig.add_revision('ln2', $$SELECT dblink_exec('ALTER ROLE regress_ln_flag CREATEROLE')$$, 'SELECT 1', '{ln1}');
RESET ROLE;

-- the superuser has a named and the unnamed connection open
SELECT dblink_connect('ln_conn', :'conn');
SELECT dblink_connect(:'conn');
\set VERBOSITY default
SELECT schemamig.upgrade('ln1');
\set VERBOSITY terse
SELECT schemamig.upgrade();
CALL schemamig.migrate();
SELECT * FROM schemamig.trace('ln1');
SELECT revision, problem FROM schemamig.check_reversible() ORDER BY 1;
CREATE SCHEMA ln_tenant AUTHORIZATION regress_ln_dep;
SELECT schemamig.add_tenant('ln_tenant');
SELECT * FROM schemamig.upgrade_tenants();
-- a revision of the deployer's that merely lists the connections, or opens
-- one of its own (it would outlive the revision under a name the caller's
-- code uses): refused the same
SET ROLE regress_ln_dep;
UPDATE schemamig.revision SET upgrade = 'SELECT dblink_get_connections()' WHERE id = 'ln1';
UPDATE schemamig.revision SET upgrade = format('SELECT dblink_connect(%L, %L)', 'ln_conn2', :'conn') WHERE id = 'ln2';
RESET ROLE;
SELECT schemamig.upgrade('ln1');
SET ROLE regress_ln_dep;
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 'ln1';
RESET ROLE;
SELECT schemamig.upgrade();
-- nor through the superuser's own function that calls dblink, which
-- PL/pgSQL keeps looked up for the transaction once he has called it
CREATE FUNCTION public.ln_exec(sql text) RETURNS text LANGUAGE plpgsql AS $$BEGIN RETURN dblink_exec('ln_conn', sql); END$$;
SET ROLE regress_ln_dep;
UPDATE schemamig.revision SET upgrade = 'SELECT public.ln_exec(''ALTER ROLE regress_ln_flag CREATEDB'')' WHERE id = 'ln2';
RESET ROLE;
BEGIN;
SELECT public.ln_exec('RESET ALL');
SELECT schemamig.upgrade();
ROLLBACK;
-- nor through lint(), which judges a column's default by cooking it as the
-- revision's author: the checks of a domain run on its constants then
SET ROLE regress_ln_dep;
CREATE TABLE ln_tenant.lt (id int);
CREATE FUNCTION ln_tenant.ln_check(int) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN PERFORM dblink_exec('ln_conn', 'ALTER ROLE regress_ln_flag CREATEDB'); RETURN true; END $f$;
CREATE DOMAIN ln_tenant.ld AS int CHECK (ln_tenant.ln_check(VALUE));
UPDATE schemamig.revision SET upgrade = $$ALTER TABLE ln_tenant.lt ADD COLUMN c int[] DEFAULT '{1}'::ln_tenant.ld[]$$
 WHERE id = 'ln2';
RESET ROLE;
SELECT revision, rule FROM schemamig.lint() ORDER BY 1, 2;
SET ROLE regress_ln_dep;
UPDATE schemamig.revision SET upgrade = 'SELECT public.ln_exec(''ALTER ROLE regress_ln_flag CREATEDB'')' WHERE id = 'ln2';
DROP TABLE ln_tenant.lt;
DROP DOMAIN ln_tenant.ld;
DROP FUNCTION ln_tenant.ln_check(int);
RESET ROLE;
-- nor through a model that diff() runs for a superuser who took the
-- deployer's role to read it: it runs as that role, restricted
SELECT current_database() AS ln_db \gset
GRANT CREATE ON DATABASE :"ln_db" TO regress_ln_dep;
SET ROLE regress_ln_dep;
SELECT count(*) FROM schemamig.diff($m$DO $d$BEGIN PERFORM public.dblink_exec('ln_conn', 'ALTER ROLE regress_ln_flag CREATEDB'); END$d$$m$, 'ln_tenant');
RESET ROLE;
REVOKE CREATE ON DATABASE :"ln_db" FROM regress_ln_dep;
-- nothing ran: the role is as it was, nothing applied, the connections the
-- superuser's own
SELECT rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'regress_ln_flag';
SELECT count(*) AS applied FROM schemamig.applied;
SELECT dblink_get_connections() AS connections;

-- so is one applied by a superuser who took her role: the session is still
-- the superuser's, and so are its connections
SET SESSION AUTHORIZATION regress_ln_dep;
SELECT schemamig.upgrade();
RESET SESSION AUTHORIZATION;
-- the superuser's own revision may use his connections
SELECT schemamig.add_revision('ln3', $$SELECT dblink_exec('ln_conn', 'ALTER ROLE regress_ln_flag CREATEDB')$$, 'SELECT 1', '{}');
SELECT schemamig.upgrade('ln3');
SELECT rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'regress_ln_flag';
SELECT revision FROM schemamig.applied ORDER BY seq;

SELECT dblink_disconnect('ln_conn'), dblink_disconnect();
DROP EXTENSION schemamig;
DROP FUNCTION public.ln_exec(text);
DROP EXTENSION dblink;
DROP SCHEMA ln_tenant;
REVOKE ALL ON SCHEMA schemamig FROM regress_ln_dep;
DROP ROLE regress_ln_dep;
DROP ROLE regress_ln_flag;
