-- Tenants: one revision graph applied to many tenant schemas, each with
-- its own applied set, log and state
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_tn_deployer;
CREATE ROLE regress_tn_reader;
SELECT schemamig.grant_deployer('regress_tn_deployer'), schemamig.grant_reader('regress_tn_reader');
GRANT CREATE ON DATABASE contrib_regression TO regress_tn_deployer;
GRANT CREATE ON SCHEMA public TO regress_tn_deployer;
-- a type on the caller's path, which tenant revisions find after their schema
CREATE TYPE public.tn_mood AS ENUM ('ok', 'meh');

-- everything below runs as a deployer that is not a superuser
SET ROLE regress_tn_deployer;
SHOW schemamig.tenant;

-- the shared graph: registered once, unqualified names
SELECT schemamig.add_revision('t1', 'CREATE TABLE item (id int PRIMARY KEY)', 'DROP TABLE item', '{}', 'items');
SELECT schemamig.add_revision('t2', 'ALTER TABLE item ADD COLUMN mood tn_mood', 'ALTER TABLE item DROP COLUMN mood', message => 'mood');
SELECT schemamig.add_revision('t3', 'INSERT INTO item VALUES (1, ''ok'')', 'DELETE FROM item', message => 'a row');

-- add_tenant: creates the schema, owned by the caller
SELECT schemamig.add_tenant('acme');
SELECT nspname, nspowner::regrole FROM pg_namespace WHERE nspname = 'acme';
-- an existing schema is taken as it is
RESET ROLE;
CREATE SCHEMA globex AUTHORIZATION regress_tn_deployer;
SET ROLE regress_tn_deployer;
SELECT schemamig.add_tenant('globex');
SELECT schemamig.add_tenant('initech');
-- bad names: 42710 twice, 22004 NULL, 22023 empty, 42939 reserved
\set VERBOSITY sqlstate
SELECT schemamig.add_tenant('acme');
SELECT schemamig.add_tenant(NULL);
SELECT schemamig.add_tenant('');
SELECT schemamig.add_tenant('pg_mine');
SELECT schemamig.add_tenant('schemamig');
\set VERBOSITY terse
SELECT schemamig.add_tenant('acme');
SELECT * FROM schemamig.tenants();

-- the default tenant '' is unchanged by all this
SELECT revision, applied FROM schemamig.history();

-- with schemamig.tenant set, upgrade works on that tenant, and the
-- revisions land in its schema
SET schemamig.tenant = 'acme';
SELECT schemamig.upgrade();
SELECT * FROM acme.item;
SELECT to_regclass('public.item') IS NULL AS nothing_in_public;
SELECT revision, applied, is_current FROM schemamig.history();
SELECT schemamig.current();
SELECT * FROM schemamig.pending();
SELECT * FROM schemamig.verify();
-- the caller's search_path is as it was
SHOW search_path;
-- its state row says settled: the next upgrade reads it and nothing else
SELECT schemamig.upgrade();
RESET ROLE;
SELECT tenant, settled = (SELECT generation FROM schemamig.state WHERE tenant = '') AS settled
  FROM schemamig.state ORDER BY tenant;
SET ROLE regress_tn_deployer;

-- downgrade, downgrade_plan, downgrade_to, stamp, migrate: on the tenant
SELECT * FROM schemamig.downgrade_plan(1);
SELECT schemamig.downgrade();
SELECT * FROM acme.item;
SELECT schemamig.downgrade_to('t1');
SELECT column_name FROM information_schema.columns WHERE table_schema = 'acme' AND table_name = 'item' ORDER BY 1;
SELECT revision, severity, rule, relation FROM schemamig.lint();
SELECT revision, relation, lock_mode FROM schemamig.trace() ORDER BY 1, 2;
CALL schemamig.migrate('+1');
SELECT schemamig.current();
SELECT schemamig.stamp('base');
SELECT schemamig.current();
SELECT schemamig.stamp('t2');
SELECT schemamig.upgrade();
SELECT * FROM acme.item;
-- lint looks at the tenant's tables: acme.item has a row to rewrite
SELECT schemamig.add_revision('tl', 'ALTER TABLE item ALTER COLUMN id TYPE bigint', 'SELECT 1');
SELECT revision, severity, rule, relation FROM schemamig.lint();
SELECT schemamig.remove_revision('tl');

-- SET LOCAL, as behind a transaction pooler: a new tenant at sign-up gets
-- the whole graph in one call
BEGIN;
SELECT schemamig.add_tenant('hooli');
SET LOCAL schemamig.tenant = 'hooli';
SELECT schemamig.upgrade();
COMMIT;
SHOW schemamig.tenant;
SELECT * FROM hooli.item;

-- an unknown tenant: 42704, whatever the function
SET schemamig.tenant = 'nope';
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
SELECT * FROM schemamig.history();
SELECT schemamig.current();
SELECT * FROM schemamig.pending();
SELECT schemamig.stamp('base');
SELECT schemamig.downgrade();
\set VERBOSITY terse
SELECT schemamig.upgrade();
-- a name longer than a schema's can be is refused when set (42622), and
-- says which name add_tenant() gives it; the setting is as it was
\set VERBOSITY default
SELECT set_config('schemamig.tenant', repeat('t', 64), false) IS NOT NULL AS set;
\set VERBOSITY sqlstate
SET schemamig.tenant = 'ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt';
\set VERBOSITY terse
SHOW schemamig.tenant;
-- the name the hint gives is the one a name argument becomes, cut on a
-- character boundary: 62 bytes for 62 a's and a two-byte character in UTF8
DO $$
DECLARE
    v text := repeat('a', 62) || U&'\00E9';
    h text;
BEGIN
    PERFORM pg_catalog.set_config('schemamig.tenant', v, false);
    RAISE 'not refused';
EXCEPTION WHEN name_too_long THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    IF h NOT LIKE '%at most 63 bytes on a character boundary: "' || v::name || '".' THEN
        RAISE 'hint names another name: %', h;
    END IF;
END $$;
SHOW schemamig.tenant;
-- while add_tenant(), whose argument is a name, gets the first 63 bytes,
-- and says that a longer name is cut to them
SET client_min_messages = notice;
\set VERBOSITY default
SELECT schemamig.add_tenant(repeat('u', 70));
\set VERBOSITY terse
SET client_min_messages = warning;
SELECT length(tenant) FROM schemamig.tenants() WHERE tenant LIKE 'u%';
-- which is the name the setting takes
SELECT set_config('schemamig.tenant', repeat('u', 63), false) IS NOT NULL AS set;
SELECT schemamig.current();
RESET schemamig.tenant;
SELECT schemamig.remove_tenant(repeat('u', 70));
SELECT format('DROP SCHEMA %I', repeat('u', 63)) \gexec

-- the default tenant still has nothing applied, and the log says whose is what
SELECT revision, applied FROM schemamig.history();
SELECT tenant, action, revision FROM schemamig.log ORDER BY seq;
SELECT * FROM schemamig.tenants();

-- upgrade_tenants: every tenant, in order of name, one NOTICE and one row each
SET client_min_messages = notice;
SELECT * FROM schemamig.upgrade_tenants();
SELECT * FROM initech.item;
SELECT * FROM schemamig.upgrade_tenants();
SELECT * FROM schemamig.tenants();
-- a new revision for all of them; only the tenants named
SELECT schemamig.add_revision('t4', 'CREATE INDEX item_mood ON item (mood)', 'DROP INDEX item_mood');
SELECT * FROM schemamig.upgrade_tenants('head', '{acme,acme}');
SELECT * FROM schemamig.tenants();
-- bad arguments: 22004 NULL target or NULL element, 42704 unknown or '', nothing applied
\set VERBOSITY sqlstate
SELECT * FROM schemamig.upgrade_tenants(NULL);
SELECT * FROM schemamig.upgrade_tenants('head', '{globex,NULL}');
SELECT * FROM schemamig.upgrade_tenants('head', '{globex,nope}');
SELECT * FROM schemamig.upgrade_tenants('head', '{""}');
SELECT * FROM schemamig.upgrade_tenants('nope');
-- 22023 for a tenants array of two dimensions
SELECT * FROM schemamig.upgrade_tenants('head', '{{acme},{globex}}');
\set VERBOSITY terse
-- the unknown tenant named is the first by name, in whatever order they
-- are asked for
SELECT * FROM schemamig.upgrade_tenants('head', '{zeta,globex,nope,acme,nope,alpha}');
SELECT * FROM schemamig.tenants();

-- all or nothing: hooli's schema already has the index's name taken, so
-- its t4 fails; globex, before it by name, is rolled back too. The error is
-- the statement's own, with a context naming tenant and revision.
CREATE TABLE hooli.item_mood (id int);
\set VERBOSITY default
SELECT * FROM schemamig.upgrade_tenants();
\set VERBOSITY terse
SELECT * FROM schemamig.tenants();

-- migrate_tenants commits after each tenant and stops at the first that
-- fails: globex is committed before hooli fails; initech is not reached
CALL schemamig.migrate_tenants();
SELECT * FROM schemamig.tenants();
DROP TABLE hooli.item_mood;
CALL schemamig.migrate_tenants();
SELECT * FROM schemamig.tenants();
CALL schemamig.migrate_tenants();
-- inside a transaction block it refuses: 25001
\set VERBOSITY sqlstate
BEGIN;
CALL schemamig.migrate_tenants();
ROLLBACK;
CALL schemamig.migrate_tenants('head', '{nope}');
\set VERBOSITY terse
SET client_min_messages = warning;

-- the guards cover the tenants' rows: no direct writes, even by a superuser
RESET ROLE;
DELETE FROM schemamig.applied WHERE tenant = 'acme';
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 't1';
DELETE FROM schemamig.revision WHERE id = 't4';
SET ROLE regress_tn_deployer;
-- a revision applied by a tenant cannot be removed, even by the default tenant
SELECT schemamig.add_revision('t5', 'CREATE TABLE extra (id int)', 'DROP TABLE extra');
SET schemamig.tenant = 'initech';
SELECT schemamig.upgrade();
RESET schemamig.tenant;
SELECT schemamig.remove_revision('t5');
SET schemamig.tenant = 'initech';
SELECT schemamig.downgrade();
RESET schemamig.tenant;
SELECT schemamig.remove_revision('t5');

-- remove_tenant: 55000 while anything is applied, 42704 unknown, 22004 NULL,
-- 22023 empty;
-- the schema stays
\set VERBOSITY sqlstate
SELECT schemamig.remove_tenant('initech');
SELECT schemamig.remove_tenant('nope');
SELECT schemamig.remove_tenant(NULL);
SELECT schemamig.remove_tenant('');
\set VERBOSITY terse
SET schemamig.tenant = 'initech';
SELECT schemamig.downgrade_to('base');
RESET schemamig.tenant;
SELECT schemamig.remove_tenant('initech');
SELECT nspname FROM pg_namespace WHERE nspname = 'initech';
SELECT tenant FROM schemamig.tenants();

-- a reader lists tenants but changes none
RESET ROLE;
SET ROLE regress_tn_reader;
SELECT tenant, pending FROM schemamig.tenants();
\set VERBOSITY sqlstate
SELECT schemamig.add_tenant('reader_tenant');
SELECT * FROM schemamig.upgrade_tenants();
\set VERBOSITY terse
RESET ROLE;

-- a tenant's name is taken literally: "$user" is refused (42939); an
-- existing schema of a role whose privileges the caller lacks cannot
-- become a tenant (42501)
CREATE SCHEMA tn_planted;
SET ROLE regress_tn_deployer;
\set VERBOSITY sqlstate
SELECT schemamig.add_tenant('$user');
SELECT schemamig.add_tenant('tn_planted');
\set VERBOSITY terse
SELECT count(*) AS planted_registered FROM schemamig.state WHERE tenant IN ('$user', 'tn_planted');

-- a tenant whose schema is gone: 3F000 before any of its SQL runs, which
-- would otherwise land in the next schema of the path
SELECT schemamig.add_tenant('tn_vanishing');
DROP SCHEMA tn_vanishing;
SET schemamig.tenant = 'tn_vanishing';
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
RESET schemamig.tenant;
SELECT schemamig.remove_tenant('tn_vanishing');

-- a revision registered later in the transaction that settled a tenant:
-- the tenant is not current any more, and gets it
BEGIN;
SELECT schemamig.add_tenant('tn_late');
SELECT * FROM schemamig.upgrade_tenants('head', '{tn_late}');
SELECT schemamig.add_revision('t9', 'CREATE TABLE tn_late_t (a int)', 'DROP TABLE tn_late_t',
                              schemamig.heads());
SELECT * FROM schemamig.upgrade_tenants('head', '{tn_late}');
COMMIT;
SET schemamig.tenant = 'tn_late';
SELECT count(*) AS late_pending FROM schemamig.pending('head');
SELECT to_regclass('tn_late.tn_late_t') IS NOT NULL AS late_has_t9;
RESET schemamig.tenant;
RESET ROLE;

-- a tenant's revisions run as their author, who must be able to use its
-- schema: without USAGE the schema drops out of the author's path and the
-- SQL would land in public. A superuser's new tenant, the deployer's
-- revisions: 3F000 naming the author, nothing applied or created
SELECT schemamig.add_tenant('tn_unusable');
SET schemamig.tenant = 'tn_unusable';
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT count(*) AS unusable_pending FROM schemamig.pending('head');
SELECT to_regclass('public.item') IS NULL AS nothing_in_public;
GRANT USAGE, CREATE ON SCHEMA tn_unusable TO regress_tn_deployer;
SELECT schemamig.upgrade();
SELECT to_regclass('tn_unusable.item') IS NOT NULL AS unusable_has_item,
       to_regclass('public.item') IS NULL AS still_nothing_in_public;
RESET schemamig.tenant;

-- a schema that a less privileged role owns (or may create in) is not put
-- first on the path of SQL that runs with more privileges: the deployer's
-- tenant, where it planted an upper(varchar) that a superuser's own
-- revision would find first, is refused (42501) before that revision runs
SET ROLE regress_tn_deployer;
SELECT schemamig.add_tenant('tn_trap');
CREATE FUNCTION tn_trap.upper(varchar) RETURNS varchar LANGUAGE plpgsql
    AS $f$BEGIN ALTER ROLE regress_tn_deployer SUPERUSER; RETURN 'X'; END$f$;
RESET ROLE;
SELECT schemamig.add_revision('su1', $r$CREATE TABLE su_items (code varchar(10));
INSERT INTO su_items VALUES (upper('a'::varchar))$r$, 'DROP TABLE su_items', schemamig.heads());
SET schemamig.tenant = 'tn_trap';
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT rolsuper, (SELECT count(*) FROM schemamig.pending('head')) AS pending
  FROM pg_roles WHERE rolname = 'regress_tn_deployer';
RESET schemamig.tenant;
-- giving the schema to the superuser, as the hint says, is not enough: what
-- the deployer left there would still be found first (42501 again), and
-- check_tenant(), which the client and the offline script ask before they
-- run a tenant's SQL themselves, says the same on the session's own path
ALTER SCHEMA tn_trap OWNER TO CURRENT_USER;
GRANT USAGE ON SCHEMA tn_trap TO regress_tn_deployer;
SET schemamig.tenant = 'tn_trap';
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
SET search_path = tn_trap, public;
SELECT schemamig.check_tenant();
\set VERBOSITY terse
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_tn_deployer';
DROP FUNCTION tn_trap.upper(varchar);
SELECT schemamig.check_tenant();
-- nor may what the schema holds run the deployer's code from elsewhere: a
-- trigger on the superuser's table there, calling the deployer's function
CREATE SCHEMA tn_dx AUTHORIZATION regress_tn_deployer;
SET ROLE regress_tn_deployer;
CREATE FUNCTION tn_dx.stamp() RETURNS trigger LANGUAGE plpgsql
    AS $f$BEGIN ALTER ROLE regress_tn_deployer SUPERUSER; RETURN NEW; END$f$;
RESET ROLE;
CREATE TABLE tn_trap.guarded (id int);
CREATE TRIGGER guarded_stamp BEFORE INSERT ON tn_trap.guarded FOR EACH ROW EXECUTE FUNCTION tn_dx.stamp();
SET search_path = tn_trap, public;
\set VERBOSITY sqlstate
SELECT schemamig.check_tenant();
\set VERBOSITY terse
DROP TRIGGER guarded_stamp ON tn_trap.guarded;
SELECT schemamig.check_tenant();
-- nor through an operator or a domain of the deployer's: the operator's
-- function and the domain's checks run as whoever writes the table, and
-- their owner may change them at any time
SET ROLE regress_tn_deployer;
CREATE FUNCTION tn_dx.eq3(int, int) RETURNS boolean LANGUAGE sql AS 'SELECT $1 = $2';
CREATE OPERATOR tn_dx.=== (FUNCTION = tn_dx.eq3, LEFTARG = int, RIGHTARG = int);
CREATE DOMAIN tn_dx.posint AS int;
RESET ROLE;
\set VERBOSITY sqlstate
CREATE TABLE tn_trap.by_operator (a int CHECK (a OPERATOR(tn_dx.===) a));
SET search_path = tn_trap, public;
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_operator;
CREATE TABLE tn_trap.by_domain (b tn_dx.posint[]);
SET search_path = tn_trap, public;
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_domain;
CREATE DOMAIN tn_trap.checked AS int CHECK (VALUE OPERATOR(tn_dx.===) VALUE);
CREATE TABLE tn_trap.by_own_domain (c tn_trap.checked);
SET search_path = tn_trap, public;
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_own_domain;
DROP DOMAIN tn_trap.checked;
-- nor what a write or a read of its relations reaches elsewhere: a child
-- table or a partition of the deployer's (whose triggers a write of the
-- parent fires), a relation of the deployer's that a view or a rule there
-- reads or writes (a view of the deployer's that calls its function, a table
-- with its trigger), a constraint trigger calling its function; and the
-- types of the columns down to what they are made of: a composite type of
-- the deployer's, an attribute, a range's subtype or a multirange's range
-- that is the deployer's domain; the error names what it found
\set VERBOSITY default
SET ROLE regress_tn_deployer;
CREATE FUNCTION tn_dx.chk(int) RETURNS boolean LANGUAGE plpgsql
    AS $f$BEGIN ALTER ROLE regress_tn_deployer SUPERUSER; RETURN true; END$f$;
CREATE DOMAIN tn_dx.checked AS int CHECK (tn_dx.chk(VALUE));
CREATE TYPE tn_dx.pair AS (a int, b int);
CREATE TABLE tn_dx.stamped (id int);
CREATE TRIGGER stamped_stamp BEFORE INSERT ON tn_dx.stamped FOR EACH ROW EXECUTE FUNCTION tn_dx.stamp();
CREATE VIEW tn_dx.calls AS SELECT tn_dx.chk(1) AS ok;
RESET ROLE;
CREATE TABLE tn_trap.parent (id int);
CREATE TABLE tn_dx.child () INHERITS (tn_trap.parent);
ALTER TABLE tn_dx.child OWNER TO regress_tn_deployer;
-- (the path stays tn_trap first for every check below)
SET search_path = tn_trap, public;
SELECT schemamig.check_tenant();
DROP TABLE tn_dx.child;
CREATE TABLE tn_trap.parted (id int) PARTITION BY RANGE (id);
CREATE TABLE tn_dx.part (id int);
ALTER TABLE tn_dx.part OWNER TO regress_tn_deployer;
ALTER TABLE tn_trap.parted ATTACH PARTITION tn_dx.part FOR VALUES FROM (0) TO (10);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.parted;
CREATE VIEW tn_trap.over_view AS SELECT ok FROM tn_dx.calls;
SELECT schemamig.check_tenant();
DROP VIEW tn_trap.over_view;
CREATE VIEW tn_trap.over_table AS SELECT id FROM tn_dx.stamped;
SELECT schemamig.check_tenant();
DROP VIEW tn_trap.over_table;
CREATE RULE logged AS ON INSERT TO tn_trap.guarded DO ALSO INSERT INTO tn_dx.stamped VALUES (NEW.id);
SELECT schemamig.check_tenant();
DROP RULE logged ON tn_trap.guarded;
CREATE CONSTRAINT TRIGGER guarded_late AFTER INSERT ON tn_trap.guarded DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION tn_dx.stamp();
SELECT schemamig.check_tenant();
DROP TRIGGER guarded_late ON tn_trap.guarded;
CREATE TABLE tn_trap.by_composite (p tn_dx.pair[]);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_composite;
CREATE TYPE tn_trap.wraps AS (c tn_dx.checked);
CREATE TABLE tn_trap.by_attribute (w tn_trap.wraps);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_attribute;
DROP TYPE tn_trap.wraps;
CREATE TYPE tn_trap.span AS RANGE (subtype = tn_dx.checked, multirange_type_name = tn_trap.spans);
CREATE TABLE tn_trap.by_range (r tn_trap.span);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_range;
CREATE TABLE tn_trap.by_multirange (m tn_trap.spans);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_multirange;
DROP TYPE tn_trap.span;
-- and what the SQL may find in the schema runs no code of the deployer's
-- either: an operator whose function is the deployer's, a domain no column
-- uses whose check calls its function, an aggregate whose transition
-- function is its; nor does a default's function whose SQL-standard body
-- calls the deployer's function
CREATE OPERATOR tn_trap.=== (FUNCTION = tn_dx.eq3, LEFTARG = int, RIGHTARG = int);
SELECT schemamig.check_tenant();
DROP OPERATOR tn_trap.=== (int, int);
CREATE DOMAIN tn_trap.unused AS int CHECK (tn_dx.chk(VALUE));
SELECT schemamig.check_tenant();
DROP DOMAIN tn_trap.unused;
SET ROLE regress_tn_deployer;
CREATE FUNCTION tn_dx.step(int, int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';
RESET ROLE;
CREATE AGGREGATE tn_trap.total(int) (SFUNC = tn_dx.step, STYPE = int);
SELECT schemamig.check_tenant();
DROP AGGREGATE tn_trap.total(int);
CREATE FUNCTION public.tn_first() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1 WHERE tn_dx.chk(1); END;
CREATE TABLE tn_trap.by_atomic (n int DEFAULT public.tn_first());
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_atomic;
DROP FUNCTION public.tn_first();
-- nor the parent of a table there, whose partition key a write of the
-- partition runs; nor a type of the deployer's, which may get a cast of its
-- function; nor the deployer's table that a foreign key cascades a delete
-- into (its AFTER triggers fire as whoever deleted); nor a grant that lets
-- the deployer add a trigger or such a foreign key, even while a revision
-- runs (TRIGGER, REFERENCES, on the table or a column); nor what a
-- SQL-standard function body reads
SET ROLE regress_tn_deployer;
CREATE FUNCTION tn_dx.key(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE TABLE tn_dx.parted (x int) PARTITION BY RANGE ((tn_dx.key(x)));
CREATE TYPE tn_dx.color AS ENUM ('red', 'green');
RESET ROLE;
CREATE TABLE tn_trap.slice (x int);
ALTER TABLE tn_dx.parted ATTACH PARTITION tn_trap.slice FOR VALUES FROM (0) TO (10);
SELECT schemamig.check_tenant();
ALTER TABLE tn_dx.parted DETACH PARTITION tn_trap.slice;
DROP TABLE tn_trap.slice;
CREATE TABLE tn_trap.by_enum (c tn_dx.color);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_enum;
CREATE TABLE tn_trap.keyed (id int PRIMARY KEY);
GRANT REFERENCES ON tn_trap.keyed TO regress_tn_deployer;
SELECT schemamig.check_tenant();
SET ROLE regress_tn_deployer;
CREATE TABLE tn_dx.refs (id int REFERENCES tn_trap.keyed ON DELETE CASCADE);
RESET ROLE;
REVOKE REFERENCES ON tn_trap.keyed FROM regress_tn_deployer;
SELECT schemamig.check_tenant();
DROP TABLE tn_dx.refs;
GRANT TRIGGER ON tn_trap.keyed TO regress_tn_deployer;
SELECT schemamig.check_tenant();
REVOKE TRIGGER ON tn_trap.keyed FROM regress_tn_deployer;
GRANT REFERENCES (id) ON tn_trap.keyed TO regress_tn_deployer;
SELECT schemamig.check_tenant();
REVOKE REFERENCES (id) ON tn_trap.keyed FROM regress_tn_deployer;
DROP TABLE tn_trap.keyed;
CREATE FUNCTION public.tn_reads() RETURNS boolean LANGUAGE sql BEGIN ATOMIC SELECT ok FROM tn_dx.calls; END;
CREATE TABLE tn_trap.by_atomic_read (ok boolean DEFAULT public.tn_reads());
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.by_atomic_read;
DROP FUNCTION public.tn_reads();
-- nor an operator's negator or commutator of the deployer's, which the
-- planner may run in its place (NOT (a === b) as a !== b); nor a foreign
-- table's server of the deployer's, which chooses where and as whom it
-- connects
SET ROLE regress_tn_deployer;
CREATE FUNCTION tn_dx.ne(int, int) RETURNS boolean LANGUAGE plpgsql AS 'BEGIN RETURN $1 <> $2; END';
CREATE OPERATOR tn_dx.!== (FUNCTION = tn_dx.ne, LEFTARG = int, RIGHTARG = int);
RESET ROLE;
CREATE FUNCTION tn_trap.eq(int, int) RETURNS boolean LANGUAGE plpgsql AS 'BEGIN RETURN $1 = $2; END';
CREATE OPERATOR tn_trap.=== (FUNCTION = tn_trap.eq, LEFTARG = int, RIGHTARG = int, NEGATOR = OPERATOR(tn_dx.!==));
SELECT schemamig.check_tenant();
DROP OPERATOR tn_trap.=== (int, int);
DROP FUNCTION tn_trap.eq(int, int);
CREATE FOREIGN DATA WRAPPER tn_wrapper;
GRANT USAGE ON FOREIGN DATA WRAPPER tn_wrapper TO regress_tn_deployer;
SET ROLE regress_tn_deployer;
CREATE SERVER tn_elsewhere FOREIGN DATA WRAPPER tn_wrapper;
RESET ROLE;
CREATE FOREIGN TABLE tn_trap.remote (x int) SERVER tn_elsewhere;
SELECT schemamig.check_tenant();
DROP FOREIGN TABLE tn_trap.remote;
DROP SERVER tn_elsewhere;
DROP FOREIGN DATA WRAPPER tn_wrapper;
-- nor a relation of this database that a postgres_fdw table of the
-- superuser's names, unless its server names another server's database:
-- the server may connect back, and the remote query runs that relation's
-- code as the mapped user. Nor what it cannot see: a server that names no
-- database (libpq picks one), another database of this cluster (roles are
-- the cluster's), or a relation here that does not exist yet
CREATE EXTENSION postgres_fdw;
CREATE SERVER tn_loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host 'localhost');
SET ROLE regress_tn_deployer;
CREATE VIEW tn_dx.loop_target AS SELECT 1 AS x;
RESET ROLE;
CREATE FOREIGN TABLE tn_trap.loop (x int) SERVER tn_loop OPTIONS (schema_name 'tn_dx', table_name 'loop_target');
SELECT schemamig.check_tenant();
ALTER SERVER tn_loop OPTIONS (ADD dbname 'tn_elsewhere');
SELECT schemamig.check_tenant();
ALTER SERVER tn_loop OPTIONS (SET dbname :'DBNAME');
SELECT schemamig.check_tenant();
ALTER SERVER tn_loop OPTIONS (SET dbname 'tn_elsewhere', ADD service 'tn_service');
SELECT schemamig.check_tenant();
ALTER SERVER tn_loop OPTIONS (SET dbname 'template1', DROP service);
SELECT schemamig.check_tenant();
-- a name longer than a name's length is cut to it when the server reads it
SELECT repeat('d', 63) AS long_db \gset
CREATE DATABASE :"long_db";
ALTER SERVER tn_loop OPTIONS (SET dbname :'long_db');
SELECT schemamig.check_tenant();
SELECT :'long_db' || 'beyond' AS longer_db \gset
ALTER SERVER tn_loop OPTIONS (SET dbname :'longer_db');
SELECT schemamig.check_tenant();
DROP DATABASE :"long_db";
ALTER SERVER tn_loop OPTIONS (SET dbname :'DBNAME');
ALTER FOREIGN TABLE tn_trap.loop OPTIONS (SET schema_name 'tn_trap', SET table_name 'loop_later');
SELECT schemamig.check_tenant();
CREATE TABLE tn_trap.loop_later (x int);
SELECT schemamig.check_tenant();
DROP TABLE tn_trap.loop_later;
DROP FOREIGN TABLE tn_trap.loop;
DROP SERVER tn_loop;
DROP EXTENSION postgres_fdw;
DROP VIEW tn_dx.loop_target;
-- a relation of the deployer's that merely reads the tenant's (a view over
-- it) runs nothing when the tenant's relations are written or read
GRANT SELECT ON tn_trap.guarded TO regress_tn_deployer;
SET ROLE regress_tn_deployer;
CREATE VIEW tn_dx.reads_guarded AS SELECT id, tn_dx.chk(id) FROM tn_trap.guarded;
RESET ROLE;
\set VERBOSITY terse
SELECT schemamig.check_tenant();
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_tn_deployer';
\set VERBOSITY terse
SET search_path = tn_trap, public;
SELECT schemamig.check_tenant();
-- check_tenant(): 3F000 unless the schema heads the path, 42704 for no tenant,
-- nothing to check for the database's own; the 3F000 says what the
-- session's path is and how to put the schema first
RESET search_path;
\set VERBOSITY default
SELECT schemamig.check_tenant();
\set VERBOSITY sqlstate
SET schemamig.tenant = 'tn_nope';
SELECT schemamig.check_tenant();
\set VERBOSITY terse
RESET schemamig.tenant;
SELECT schemamig.check_tenant();
SELECT schemamig.remove_revision('su1');

-- a revision's SQL reads the tenant it runs for in schemamig.tenant, in
-- upgrade_tenants() and migrate_tenants() as with the setting set, and the
-- caller's setting is as it was after them
SET ROLE regress_tn_deployer;
SELECT schemamig.add_revision('t10', $r$CREATE TABLE who AS SELECT current_setting('schemamig.tenant') AS tenant$r$,
                              'DROP TABLE who', schemamig.heads());
SELECT * FROM schemamig.upgrade_tenants('head', '{acme,globex}');
SELECT current_setting('schemamig.tenant') = '' AS setting_kept;
SET schemamig.tenant = 'tn_late';
CALL schemamig.migrate_tenants('head', '{hooli}');
SELECT current_setting('schemamig.tenant') AS setting_kept;
SELECT schemamig.upgrade();
RESET schemamig.tenant;
SELECT 'acme' AS schema, tenant FROM acme.who UNION ALL SELECT 'globex', tenant FROM globex.who
UNION ALL SELECT 'hooli', tenant FROM hooli.who UNION ALL SELECT 'tn_late', tenant FROM tn_late.who;

-- migrate() works on the tenant it was called for to its end: a setting
-- made for the transaction (SET LOCAL, set_config(..., true)), as behind a
-- pooler, ends with migrate()'s first commit, after which the rest of the
-- revisions went to the database's own applied set, outside the schema
SELECT schemamig.add_revision('t11', 'CREATE TABLE local_a (i int)', 'DROP TABLE local_a', schemamig.heads());
SELECT schemamig.add_revision('t12', 'CREATE TABLE local_b (i int)', 'DROP TABLE local_b', '{t11}');
DO $d$
BEGIN
    PERFORM pg_catalog.set_config('schemamig.tenant', 'acme', true);
    CALL schemamig.migrate();
END
$d$;
SELECT current_setting('schemamig.tenant') = '' AS setting_ended;
SELECT tenant, revision FROM schemamig.applied WHERE revision IN ('t11', 't12') ORDER BY tenant, revision;
SELECT schemaname, tablename FROM pg_tables WHERE tablename IN ('local_a', 'local_b') ORDER BY 1, 2;
SELECT schemamig.add_revision('t13', 'CREATE TABLE late_c (i int)', 'DROP TABLE late_c', '{t12}');
RESET ROLE;

-- a long name set before the library is loaded (in a new session, as
-- ALTER ROLE ... SET or the client's first statement does) is not dropped
-- for the default tenant when the library loads: the first call refuses it
\c
SET client_min_messages = warning;
SET schemamig.tenant = 'ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt';
\set VERBOSITY default
SELECT schemamig.current();
\set VERBOSITY terse
SHOW schemamig.tenant;
SELECT schemamig.upgrade();
SELECT count(*) AS applied_by_the_default_tenant FROM schemamig.applied WHERE tenant = '';
-- and a parallel worker, which loads the library too, takes it as it is:
-- the session's parallel queries go on
BEGIN;
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'on', true) AS parallel;
SELECT count(*) FROM schemamig.revision;
COMMIT;
RESET schemamig.tenant;

DROP EXTENSION schemamig;
DROP SCHEMA acme, globex, hooli, initech, tn_late, tn_planted, tn_unusable, tn_trap, tn_dx CASCADE;
DROP TYPE public.tn_mood;
REVOKE CREATE ON DATABASE contrib_regression FROM regress_tn_deployer;
REVOKE CREATE ON SCHEMA public FROM regress_tn_deployer;
REVOKE ALL ON SCHEMA schemamig FROM regress_tn_deployer, regress_tn_reader;
DROP ROLE regress_tn_deployer;
DROP ROLE regress_tn_reader;
