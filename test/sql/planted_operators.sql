-- Operators a role plants for the catalog's types are never called by
-- schemamig. An unqualified operator is looked up on the search_path, and
-- one that takes exactly the operands' types wins over pg_catalog's that
-- needs a coercion (oid = integer, regproc = integer), wherever it sits on
-- the path. The readers of autogenerate put the schema they read first on
-- it; a caller may put any schema there. regress_planter owns a schema with
-- an operator of every common name for every pair of these types (each
-- raising), and objects of every kind schemamig reads; a superuser then
-- runs each of schemamig's functions with that schema first on the path.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE ROLE regress_planter;
CREATE SCHEMA planted AUTHORIZATION regress_planter;
SET ROLE regress_planter;
CREATE FUNCTION planted.trap() RETURNS void LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'a planted operator ran as %', current_user; END$$;
DO $$
DECLARE
    types text[] := ARRAY['oid', 'smallint', 'integer', 'bigint', 'text', 'name', '"char"', 'boolean',
                          'regclass', 'regproc', 'regtype', 'regrole', 'regnamespace', 'oidvector', 'int2vector',
                          'text[]', 'name[]', 'oid[]', '"char"[]', 'smallint[]', 'aclitem[]', 'pg_node_tree',
                          'timestamp with time zone', 'interval'];
    ops text[] := ARRAY['=', '<>', '<', '>', '<=', '>=', '||', '~~'];
    l text;
    r text;
    n int := 0;
BEGIN
    FOREACH l IN ARRAY types LOOP
        FOREACH r IN ARRAY types LOOP
            n := n + 1;
            EXECUTE format('CREATE FUNCTION planted.f%s(%s, %s) RETURNS boolean LANGUAGE sql AS %L',
                           n, l, r, 'SELECT planted.trap() IS NULL');
            DECLARE
                o text;
            BEGIN
                FOREACH o IN ARRAY ops LOOP
                    EXECUTE format('CREATE OPERATOR planted.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = planted.f%s)',
                                   o, l, r, n);
                END LOOP;
            END;
        END LOOP;
    END LOOP;
END
$$;
SELECT count(*) AS planted FROM pg_operator WHERE oprnamespace = 'planted'::regnamespace;

-- what schemamig reads: every kind of object autogenerate compares, and
-- those it leaves alone (a partitioned table, an aggregate)
CREATE TYPE planted.mood AS ENUM ('ok', 'sad');
CREATE TYPE planted.pair AS (a int, b text);
CREATE TYPE planted.span AS RANGE (subtype = int4);
CREATE DOMAIN planted.posint AS int CONSTRAINT positive CHECK (VALUE > 0) NOT NULL;
CREATE SEQUENCE planted.s AS bigint INCREMENT 2 CACHE 3;
CREATE TABLE planted.t (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    m planted.mood DEFAULT 'ok',
    p planted.posint,
    n bigint DEFAULT nextval('planted.s'),
    txt text COLLATE "C",
    g int GENERATED ALWAYS AS (p * 2) STORED,
    CONSTRAINT t_txt CHECK (txt <> ''),
    UNIQUE (txt)
) WITH (fillfactor = 70);
ALTER TABLE planted.t ALTER COLUMN txt SET STATISTICS 50, ALTER COLUMN txt SET STORAGE EXTERNAL;
ALTER TABLE planted.t REPLICA IDENTITY FULL;
CREATE TABLE planted.child (id int REFERENCES planted.t ON DELETE CASCADE, e planted.mood[]);
CREATE UNLOGGED TABLE planted.u (a int);
CREATE INDEX t_m ON planted.t (m) WHERE p > 1;
CREATE INDEX t_lower ON planted.t (lower(txt)) INCLUDE (p);
CREATE STATISTICS planted.st ON m, p FROM planted.t;
CREATE VIEW planted.v AS SELECT id, m FROM planted.t WHERE p > 0;
CREATE MATERIALIZED VIEW planted.mv AS SELECT m, count(*) FROM planted.t GROUP BY m;
CREATE FUNCTION planted.tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER tr BEFORE UPDATE OF p, txt ON planted.t FOR EACH ROW WHEN (NEW.p > 0) EXECUTE FUNCTION planted.tf();
ALTER TABLE planted.t DISABLE TRIGGER tr;
CREATE RULE r AS ON INSERT TO planted.u DO ALSO NOTIFY planted_u;
ALTER TABLE planted.t ENABLE ROW LEVEL SECURITY;
CREATE POLICY pol ON planted.t AS RESTRICTIVE FOR UPDATE TO PUBLIC USING (p > 0) WITH CHECK (txt <> '');
CREATE FUNCTION planted.body(x int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT x + 1; END;
CREATE PROCEDURE planted.proc() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE planted.agg(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0');
CREATE TABLE planted.part (k int, v text) PARTITION BY RANGE (k);
CREATE TABLE planted.part_1 PARTITION OF planted.part FOR VALUES FROM (0) TO (10);
COMMENT ON TABLE planted.t IS 'a table';
COMMENT ON COLUMN planted.t.m IS 'a column';
COMMENT ON TYPE planted.mood IS 'an enum';
GRANT SELECT ON planted.t TO PUBLIC;
INSERT INTO planted.t (m, p, txt) VALUES ('ok', 1, 'a');
RESET ROLE;

-- autogenerate's readers (each reads the schema named, first on their path)
SET search_path = planted, public;
SELECT schemamig.fingerprint('planted') ~ '^[0-9a-f]{64}$' AS fingerprinted;
SELECT d.upgrade <> '' AS upgrade_written, d.downgrade <> '' AS downgrade_written
  FROM schemamig.diff($m$CREATE TYPE mood AS ENUM ('ok', 'sad', 'glad');
CREATE TABLE t (id int PRIMARY KEY, m mood, txt text);$m$, 'planted') AS d;
-- revisions, applied, looked at, undone, linted and traced with the
-- planter's schema first on the caller's path
SELECT schemamig.add_revision('p1', $u$SET LOCAL lock_timeout = '1s';
CREATE TABLE t2 (a int, m planted.mood DEFAULT 'sad');
CREATE INDEX t2_a ON t2 (a) WHERE a > 0;
ALTER TABLE t ADD COLUMN z int;$u$, $d$DROP TABLE t2;
ALTER TABLE t DROP COLUMN z;$d$);
SELECT revision, problem FROM schemamig.check_reversible();
SELECT count(*) >= 1 AS linted FROM schemamig.lint();
SELECT count(*) >= 1 AS traced FROM schemamig.trace();
SELECT schemamig.upgrade();
SELECT revision FROM schemamig.history();
SELECT schemamig.current(), schemamig.heads();
SELECT revision FROM schemamig.downgrade_plan(1);
SELECT schemamig.remove_revision(schemamig.add_revision($$p2$$, $$SELECT 1$$)::text);
SELECT count(*) AS problems FROM schemamig.verify();
SELECT count(*) AS pending FROM schemamig.pending();
SELECT schemamig.stamp('p1');
SELECT schemamig.downgrade(1);
CALL schemamig.migrate();
SELECT schemamig.downgrade_to('base');
SELECT schemamig.upgrade('p1');
SELECT schemamig.remove_revision(schemamig.autogenerate($m$CREATE TABLE t3 (a int);$m$, 'planted model', 'planted'));
SELECT count(*) AS statements FROM schemamig.statements('SELECT 1; SELECT 2');
SELECT schemamig.add_tenant('planted_tenant');
CREATE TABLE planted_tenant.t (id int);
SET schemamig.tenant = 'planted_tenant';
SELECT schemamig.upgrade();
RESET schemamig.tenant;
SELECT tenant, current, pending FROM schemamig.tenants();
SELECT tenant, applied FROM schemamig.upgrade_tenants();
CALL schemamig.migrate_tenants();
SELECT count(*) >= 1 AS logged FROM schemamig.log;

RESET search_path;
-- (a function at a time: one DROP of them all would lock more objects
-- than the lock table holds)
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'planted'::regnamespace AND p.proname ~ '^f[0-9]+$' LOOP
        EXECUTE format('DROP FUNCTION %s CASCADE', f);
        COMMIT;
    END LOOP;
END
$$;
DROP SCHEMA planted, planted_tenant CASCADE;
DROP EXTENSION schemamig;
DROP ROLE regress_planter;
