-- Autogenerate and ownership: what the SQL makes again of another role's
-- objects goes back to that role. A non-superuser owns a schema with a
-- SECURITY DEFINER function that makes it superuser when a superuser runs
-- it; a superuser autogenerates a revision whose upgrade drops it, applies
-- it and downgrades: the function must come back owned by its author.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_ago_owner;
CREATE SCHEMA ago_app AUTHORIZATION regress_ago_owner;
SET ROLE regress_ago_owner;
CREATE TABLE ago_app.users (id int PRIMARY KEY);
CREATE TABLE ago_app.notes (id int);
CREATE SEQUENCE ago_app.ticket;
CREATE TYPE ago_app.mood AS ENUM ('ok', 'meh');
CREATE DOMAIN ago_app.positive AS int CHECK (VALUE > 0);
CREATE TYPE ago_app.pair AS (a int, b int);
CREATE VIEW ago_app.user_ids AS SELECT id FROM ago_app.users;
-- a materialized view whose query calls the owner's function, which leaves
-- a mark when another role runs it
CREATE FUNCTION ago_app.mv_probe() RETURNS int LANGUAGE plpgsql AS $f$
BEGIN
    IF current_user <> 'regress_ago_owner' THEN
        INSERT INTO ago_app.users VALUES (-1);
    END IF;
    RETURN 1;
END $f$;
CREATE MATERIALIZED VIEW ago_app.probed AS SELECT ago_app.mv_probe() AS x;
CREATE FUNCTION ago_app.touch() RETURNS int LANGUAGE plpgsql SECURITY DEFINER AS $f$
BEGIN
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'ALTER ROLE regress_ago_owner SUPERUSER';
    END IF;
    RETURN 1;
END $f$;
RESET ROLE;

-- the model keeps only users: everything else goes in the upgrade, and the
-- downgrade makes each again and gives it back to its owner
\set model 'CREATE TABLE users (id int PRIMARY KEY);'
-- (the statements' first lines: a view's text differs between versions);
-- the materialized view is filled by REFRESH, as its owner, once it is
-- the owner's again
SELECT line FROM schemamig.diff(:'model', 'ago_app') AS d,
       regexp_split_to_table(d.downgrade, E'\n') AS line
 WHERE line ~ '^(CREATE|ALTER|REFRESH|WITH)';
-- what the caller itself owns is written as before, without an owner
CREATE SCHEMA ago_mine;
CREATE TABLE ago_mine.t (id int);
SELECT downgrade FROM schemamig.diff('', 'ago_mine');
DROP SCHEMA ago_mine CASCADE;

-- the attack: applied and reverted by the superuser, the function is its
-- author's again, and calling it gives its author nothing
SELECT schemamig.autogenerate(:'model', 'only users', 'ago_app', 'ag1');
SET search_path = ago_app, public;
SELECT schemamig.upgrade();
SELECT to_regprocedure('ago_app.touch()') IS NULL AS touch_dropped;
SELECT schemamig.downgrade();
RESET search_path;
SELECT p.proname, pg_get_userbyid(p.proowner) AS owner, p.prosecdef
  FROM pg_proc p WHERE p.pronamespace = 'ago_app'::regnamespace
 ORDER BY p.proname COLLATE "C";
SELECT c.relname, pg_get_userbyid(c.relowner) AS owner
  FROM pg_class c WHERE c.relnamespace = 'ago_app'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S')
 ORDER BY c.relname COLLATE "C";
SELECT t.typname, pg_get_userbyid(t.typowner) AS owner
  FROM pg_type t WHERE t.typnamespace = 'ago_app'::regnamespace AND t.typtype IN ('e', 'd', 'c')
   AND t.typrelid NOT IN (SELECT oid FROM pg_class WHERE relkind <> 'c')
 ORDER BY t.typname COLLATE "C";
SELECT (SELECT x FROM ago_app.probed) AS probed, count(*) AS ran_as_another_role
  FROM ago_app.users WHERE id = -1;
SET ROLE regress_ago_owner;
SELECT ago_app.touch();
RESET ROLE;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_ago_owner';

SELECT schemamig.remove_revision('ag1');
-- the upgrade too: a model that reorders an enum's values and widens a
-- column under a view makes the enum, the SECURITY DEFINER function that
-- takes it and the view again, and gives each back to its owner, with the
-- grants it had (not the model's): the function's EXECUTE stays revoked
-- from PUBLIC; so does a function whose arguments change (its name is not
-- overloaded)
CREATE ROLE regress_ago_reader;
-- (a grantee's name is one identifier, whatever it holds: a line feed)
CREATE ROLE "regress_ago_
x";
CREATE ROLE "; ALTER ROLE regress_ago_owner SUPERUSER; --";
CREATE SCHEMA ago_up AUTHORIZATION regress_ago_owner;
SET ROLE regress_ago_owner;
CREATE TYPE ago_up.e AS ENUM ('a', 'b');
CREATE FUNCTION ago_up.f(m ago_up.e) RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION ago_up.f(ago_up.e) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ago_up.f(ago_up.e) TO regress_ago_reader, "regress_ago_
x", "; ALTER ROLE regress_ago_owner SUPERUSER; --";
REVOKE USAGE ON TYPE ago_up.e FROM PUBLIC;
GRANT USAGE ON TYPE ago_up.e TO regress_ago_reader WITH GRANT OPTION;
CREATE TABLE ago_up.t (id int);
CREATE VIEW ago_up.v AS SELECT id FROM ago_up.t;
GRANT SELECT ON ago_up.v TO regress_ago_reader;
CREATE FUNCTION ago_up.g(m ago_up.e) RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 2';
REVOKE EXECUTE ON FUNCTION ago_up.g(ago_up.e) FROM PUBLIC;
CREATE FUNCTION ago_up.h(i int) RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 3';
REVOKE EXECUTE ON FUNCTION ago_up.h(int) FROM PUBLIC;
RESET ROLE;
\set model 'CREATE TYPE e AS ENUM (''b'', ''a''); CREATE FUNCTION f(m e) RETURNS int LANGUAGE sql SECURITY DEFINER AS ''SELECT 1''; GRANT EXECUTE ON FUNCTION f(e) TO PUBLIC; CREATE FUNCTION g(m e) RETURNS int LANGUAGE sql SECURITY DEFINER AS ''SELECT 2''; CREATE FUNCTION h(i int, j int DEFAULT 0) RETURNS int LANGUAGE sql SECURITY DEFINER AS ''SELECT 3''; CREATE TABLE t (id bigint); CREATE VIEW v AS SELECT id FROM t;'
SELECT line FROM schemamig.diff(:'model', 'ago_up') AS d,
       regexp_split_to_table(d.upgrade, E'\n') AS line
 WHERE line ~ '^(CREATE|ALTER [A-Z]+ [a-z.()]+ OWNER|REVOKE|GRANT)';
SELECT schemamig.autogenerate(:'model', 'reorder e', 'ago_up', 'ag_up');
SET search_path = ago_up, public;
SELECT schemamig.upgrade('ag_up');
RESET search_path;
SELECT pg_describe_object(classid, objid, 0) AS object, pg_get_userbyid(owner) AS owner,
       array(SELECT a::text FROM unnest(acl) AS a WHERE a::text NOT LIKE 'regress_ago_owner=%') AS others
  FROM (SELECT 'pg_type'::regclass AS classid, 'ago_up.e'::regtype::oid AS objid, typowner AS owner, typacl AS acl FROM pg_type WHERE oid = 'ago_up.e'::regtype
        UNION ALL SELECT 'pg_proc'::regclass, oid, proowner, proacl FROM pg_proc WHERE pronamespace = 'ago_up'::regnamespace
        UNION ALL SELECT 'pg_class'::regclass, oid, relowner, relacl FROM pg_class WHERE oid = 'ago_up.v'::regclass) AS o
 ORDER BY 1;
SELECT has_function_privilege('public', 'ago_up.f(ago_up.e)', 'EXECUTE') AS public_may_call_f,
       has_function_privilege('public', 'ago_up.g(ago_up.e)', 'EXECUTE') AS public_may_call_g,
       has_function_privilege('public', 'ago_up.h(int, int)', 'EXECUTE') AS public_may_call_h;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_ago_owner';
DROP SCHEMA ago_up CASCADE;
DROP ROLE regress_ago_reader, "regress_ago_
x", "; ALTER ROLE regress_ago_owner SUPERUSER; --";

DROP EXTENSION schemamig;
DROP SCHEMA ago_app CASCADE;
DROP ROLE regress_ago_owner;
