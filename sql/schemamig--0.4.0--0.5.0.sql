\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.5.0'" to load this file. \quit

-- schemamig 0.4.0 -> 0.5.0

-- == structure: prefixed C symbols ==
-- Every C function of the library now has a prefixed name (schemamig_*),
-- so that none of them is a global name like "upgrade" in the server
-- process. Re-point the functions created by earlier versions, with their
-- signatures, defaults and attributes unchanged (CREATE OR REPLACE keeps
-- their grants and comments). The library no longer has the old names:
-- an installation made by the scripts of 0.1.0 to 0.4.0 as released gets
-- "could not find function" from them until this update has run (today's
-- scripts of those versions name the prefixed symbols already).
CREATE OR REPLACE FUNCTION schemamig.add_revision(
    id pg_catalog.text,
    upgrade pg_catalog.text,
    downgrade pg_catalog.text DEFAULT NULL,
    parents pg_catalog.text[] DEFAULT NULL,
    message pg_catalog.text DEFAULT '',
    transactional pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_add_revision';
CREATE OR REPLACE FUNCTION schemamig.upgrade(target pg_catalog.text DEFAULT 'head')
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_upgrade';
CREATE OR REPLACE FUNCTION schemamig.downgrade(n pg_catalog.int4 DEFAULT 1)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_downgrade';
CREATE OR REPLACE FUNCTION schemamig.downgrade_to(target pg_catalog.text)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_downgrade_to';
CREATE OR REPLACE FUNCTION schemamig.history()
RETURNS TABLE (revision pg_catalog.text, parents pg_catalog.text[],
               message pg_catalog.text, applied pg_catalog.bool,
               applied_at pg_catalog.timestamptz, applied_by pg_catalog.name,
               duration pg_catalog.interval, is_head pg_catalog.bool,
               is_current pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_history';
CREATE OR REPLACE FUNCTION schemamig.current()
RETURNS pg_catalog.text[]
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_current';
CREATE OR REPLACE FUNCTION schemamig.heads()
RETURNS pg_catalog.text[]
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_heads';
CREATE OR REPLACE FUNCTION schemamig.pending(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_pending';
CREATE OR REPLACE FUNCTION schemamig.verify()
RETURNS TABLE (revision pg_catalog.text, problem pg_catalog.text)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_verify';
CREATE OR REPLACE FUNCTION schemamig.stamp(target pg_catalog.text)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_stamp';
CREATE OR REPLACE FUNCTION schemamig.remove_revision(id pg_catalog.text)
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_remove_revision';
CREATE OR REPLACE PROCEDURE schemamig.migrate(target pg_catalog.text DEFAULT 'head')
    LANGUAGE C AS 'MODULE_PATHNAME', 'schemamig_migrate';
CREATE OR REPLACE FUNCTION schemamig.statements(sql pg_catalog.text)
RETURNS TABLE (statement pg_catalog.text)
    LANGUAGE C IMMUTABLE AS 'MODULE_PATHNAME', 'schemamig_statements';
CREATE OR REPLACE FUNCTION schemamig.record_applied(id pg_catalog.text,
                                                    duration pg_catalog.interval DEFAULT '0')
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_record_applied';
CREATE OR REPLACE FUNCTION schemamig.record_reverted(id pg_catalog.text,
                                                     duration pg_catalog.interval DEFAULT '0')
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_record_reverted';
CREATE OR REPLACE FUNCTION schemamig.downgrade_plan(n pg_catalog.int4)
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text, transactional pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_downgrade_plan_n';
CREATE OR REPLACE FUNCTION schemamig.downgrade_plan(target pg_catalog.text)
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text, transactional pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_downgrade_plan_to';
CREATE OR REPLACE FUNCTION schemamig.lint(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, statement pg_catalog.int4, line pg_catalog.int4,
               severity pg_catalog.text, rule pg_catalog.text, relation pg_catalog.text,
               message pg_catalog.text, hint pg_catalog.text)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_lint';
CREATE OR REPLACE FUNCTION schemamig.trace(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, statement pg_catalog.int4, line pg_catalog.int4,
               relation pg_catalog.text, lock_mode pg_catalog.text, rewritten pg_catalog.bool,
               duration pg_catalog.interval)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_trace';

-- == client no-op in one round trip ==

-- The digest of the registered revisions (ids, parents, transactional
-- flags, checksums, messages; README defines it) whenever the row says
-- settled, NULL otherwise. A client that holds the files computes the same
-- digest from them, and up_to_date() compares the two by reading this one
-- row. It comes before the tenant column, which tells the library the tables
-- are 0.5.0's (the function that reads it comes after that section).
ALTER TABLE schemamig.state ADD COLUMN synced pg_catalog.text;
COMMENT ON COLUMN schemamig.state.synced IS
    'schemamig: digest of the registered revisions, kept while settled is the generation (internal)';

-- == tenants ==
-- One revision graph, applied to many tenant schemas, each with its own
-- applied set, log rows and state row; the default tenant '' is the
-- database's own, which every existing row becomes.
ALTER TABLE schemamig.applied ADD COLUMN tenant pg_catalog.name NOT NULL DEFAULT '';
ALTER TABLE schemamig.applied DROP CONSTRAINT applied_pkey;
ALTER TABLE schemamig.applied ADD CONSTRAINT applied_pkey PRIMARY KEY (tenant, revision);
-- the guards ask whether a revision is applied for any tenant
CREATE INDEX applied_revision_idx ON schemamig.applied (revision);
ALTER TABLE schemamig.log ADD COLUMN tenant pg_catalog.name NOT NULL DEFAULT '';

-- schemamig.state becomes the registry of tenants: one row each, the
-- default tenant's carrying the graph's generation. Its tenant column comes
-- last: the library takes the tables for 0.5.0 once it exists.
ALTER TABLE schemamig.state DROP CONSTRAINT state_pkey;
ALTER TABLE schemamig.state DROP CONSTRAINT state_singleton_check;
ALTER TABLE schemamig.state DROP COLUMN singleton;
ALTER TABLE schemamig.state ADD COLUMN tenant pg_catalog.name NOT NULL DEFAULT '';
ALTER TABLE schemamig.state ADD CONSTRAINT state_pkey PRIMARY KEY (tenant);
-- the registered tenants are kept by pg_dump; the default tenant's row is
-- the extension's own, and any generation is valid after a restore
SELECT pg_catalog.pg_extension_config_dump('schemamig.state',
    'WHERE tenant OPERATOR(pg_catalog.<>) ''''');

CREATE FUNCTION schemamig.add_tenant(tenant pg_catalog.name)
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_add_tenant';
CREATE FUNCTION schemamig.remove_tenant(tenant pg_catalog.name)
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_remove_tenant';
CREATE FUNCTION schemamig.tenants()
RETURNS TABLE (tenant pg_catalog.name, current pg_catalog.text[], pending pg_catalog.int4)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_tenants';
CREATE FUNCTION schemamig.upgrade_tenants(target pg_catalog.text DEFAULT 'head',
                                          tenants pg_catalog.name[] DEFAULT NULL)
RETURNS TABLE (tenant pg_catalog.name, applied pg_catalog.int4)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_upgrade_tenants';
CREATE PROCEDURE schemamig.migrate_tenants(target pg_catalog.text DEFAULT 'head',
                                           tenants pg_catalog.name[] DEFAULT NULL)
    LANGUAGE C AS 'MODULE_PATHNAME', 'schemamig_migrate_tenants';

-- Not for PUBLIC, as every function here; grant_deployer and grant_reader
-- hand them out.
REVOKE ALL ON FUNCTION schemamig.add_tenant(pg_catalog.name) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.remove_tenant(pg_catalog.name) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.tenants() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.upgrade_tenants(pg_catalog.text, pg_catalog.name[]) FROM PUBLIC;
REVOKE ALL ON PROCEDURE schemamig.migrate_tenants(pg_catalog.text, pg_catalog.name[]) FROM PUBLIC;

-- == client no-op in one round trip (continued) ==

-- Is there nothing to do for these files? True when every registered
-- revision is applied for the current tenant (schemamig.tenant; one head at
-- most, nothing for verify() to report: its row settled at the graph's
-- generation) and the registered revisions are exactly those whose digest
-- is given. The digest is kept in the default tenant's row, whenever that
-- row is settled: a tenant's no-op takes this path only then (otherwise the
-- client does the full sync, as before). Any change of the tables, by
-- schemamig's functions or directly, moves the generation, so a stale
-- answer is impossible. SQL, not C: a fresh backend answers it without
-- loading the library or the graph.
CREATE FUNCTION schemamig.up_to_date(digest pg_catalog.text)
RETURNS pg_catalog.bool
    LANGUAGE sql STABLE STRICT
AS $fn$
SELECT COALESCE((SELECT d.settled OPERATOR(pg_catalog.=) d.generation
                        AND d.synced OPERATOR(pg_catalog.=) digest
                        AND t.settled OPERATOR(pg_catalog.=) d.generation
                   FROM schemamig.state AS d, schemamig.state AS t
                  WHERE d.tenant OPERATOR(pg_catalog.=) ''
                    AND t.tenant::pg_catalog.text OPERATOR(pg_catalog.=)
                        COALESCE(pg_catalog.current_setting('schemamig.tenant', true), '')),
                false)
$fn$;
-- like pending(): for the roles schemamig grants to
REVOKE ALL ON FUNCTION schemamig.up_to_date(pg_catalog.text) FROM PUBLIC;
COMMENT ON FUNCTION schemamig.up_to_date(pg_catalog.text) IS
    'schemamig: true when nothing is pending and the registered revisions are exactly those of the given digest';

-- whoever may call pending() may call up_to_date()
DO $grants$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_proc AS p, pg_catalog.aclexplode(p.proacl) AS a
              WHERE p.oid OPERATOR(pg_catalog.=) 'schemamig.pending(pg_catalog.text)'::pg_catalog.regprocedure
                AND a.grantee OPERATOR(pg_catalog.<>) p.proowner LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.up_to_date(pg_catalog.text) TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
END
$grants$;

-- A reader sees the tenant of each applied row; a deployer manages tenants.
CREATE OR REPLACE FUNCTION schemamig.grant_reader(role pg_catalog.regrole)
RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'grant_reader: role must not be NULL' USING ERRCODE = '22004';
    END IF;
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA schemamig TO %s', role);
    -- every column but the revision SQL and the checksums
    EXECUTE pg_catalog.format('GRANT SELECT (id, seq, parents, message, transactional, '
                              'registered_at, registered_by, author) ON schemamig.revision TO %s', role);
    EXECUTE pg_catalog.format('GRANT SELECT (tenant, revision, seq, applied_at, applied_by, duration) '
                              'ON schemamig.applied TO %s', role);
    EXECUTE pg_catalog.format('GRANT SELECT ON schemamig.log, schemamig.state TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.history(), schemamig.current(), '
                              'schemamig.heads(), schemamig.pending(pg_catalog.text), schemamig.verify(), '
                              'schemamig.downgrade_plan(pg_catalog.int4), schemamig.downgrade_plan(pg_catalog.text), '
                              'schemamig.checksum(pg_catalog.text, pg_catalog.text), '
                              'schemamig.fingerprint(pg_catalog.text), schemamig.tenants(), '
                              'schemamig.up_to_date(pg_catalog.text) TO %s', role);
END
$fn$;

CREATE OR REPLACE FUNCTION schemamig.grant_deployer(role pg_catalog.regrole)
RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'grant_deployer: role must not be NULL' USING ERRCODE = '22004';
    END IF;
    PERFORM schemamig.grant_reader(role);
    EXECUTE pg_catalog.format('GRANT SELECT ON schemamig.revision, schemamig.applied TO %s', role);
    EXECUTE pg_catalog.format('GRANT UPDATE (upgrade, downgrade, parents, message, transactional) '
                              'ON schemamig.revision TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION '
                              'schemamig.add_revision(pg_catalog.text, pg_catalog.text, pg_catalog.text, '
                              'pg_catalog.text[], pg_catalog.text, pg_catalog.bool), '
                              'schemamig.upgrade(pg_catalog.text), schemamig.downgrade(pg_catalog.int4), '
                              'schemamig.downgrade_to(pg_catalog.text), schemamig.stamp(pg_catalog.text), '
                              'schemamig.remove_revision(pg_catalog.text), '
                              'schemamig.record_applied(pg_catalog.text, pg_catalog.interval), '
                              'schemamig.record_reverted(pg_catalog.text, pg_catalog.interval), '
                              'schemamig.statements(pg_catalog.text), schemamig.lint(pg_catalog.text), '
                              'schemamig.trace(pg_catalog.text), '
                              'schemamig.sync(pg_catalog.text[], pg_catalog.text[], pg_catalog.text[], '
                              'pg_catalog.text[], pg_catalog.text[], pg_catalog.bool[]), '
                              'schemamig.diff(pg_catalog.text, pg_catalog.text), '
                              'schemamig.autogenerate(pg_catalog.text, pg_catalog.text, pg_catalog.text, '
                              'pg_catalog.text), schemamig.check_reversible(pg_catalog.text), '
                              'schemamig.add_tenant(pg_catalog.name), schemamig.remove_tenant(pg_catalog.name), '
                              'schemamig.upgrade_tenants(pg_catalog.text, pg_catalog.name[]) TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE schemamig.migrate(pg_catalog.text), '
                              'schemamig.migrate_tenants(pg_catalog.text, pg_catalog.name[]) TO %s', role);
END
$fn$;

-- Take the grants made before to the new objects: whoever may call
-- upgrade() may manage and upgrade tenants, whoever may call pending() may
-- list them, and whoever reads applied_by reads the tenant beside it.
DO $tenant_grants$
DECLARE
    g record;
    owner pg_catalog.oid := (SELECT c.relowner FROM pg_catalog.pg_class AS c
                              WHERE c.oid OPERATOR(pg_catalog.=) 'schemamig.state'::pg_catalog.regclass);
BEGIN
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_proc AS p, pg_catalog.aclexplode(p.proacl) AS a
              WHERE p.oid OPERATOR(pg_catalog.=) 'schemamig.upgrade(pg_catalog.text)'::pg_catalog.regprocedure
                AND a.grantee OPERATOR(pg_catalog.<>) owner LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.add_tenant(pg_catalog.name), '
                                  'schemamig.remove_tenant(pg_catalog.name), '
                                  'schemamig.upgrade_tenants(pg_catalog.text, pg_catalog.name[]) TO %1$s; '
                                  'GRANT EXECUTE ON PROCEDURE '
                                  'schemamig.migrate_tenants(pg_catalog.text, pg_catalog.name[]) TO %1$s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_proc AS p, pg_catalog.aclexplode(p.proacl) AS a
              WHERE p.oid OPERATOR(pg_catalog.=) 'schemamig.pending(pg_catalog.text)'::pg_catalog.regprocedure
                AND a.grantee OPERATOR(pg_catalog.<>) owner LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.tenants() TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_attribute AS t, pg_catalog.aclexplode(t.attacl) AS a
              WHERE t.attrelid OPERATOR(pg_catalog.=) 'schemamig.applied'::pg_catalog.regclass
                AND t.attname OPERATOR(pg_catalog.=) 'applied_by'
                AND a.privilege_type OPERATOR(pg_catalog.=) 'SELECT'
                AND a.grantee OPERATOR(pg_catalog.<>) owner LOOP
        EXECUTE pg_catalog.format('GRANT SELECT (tenant) ON schemamig.applied TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
END
$tenant_grants$;

COMMENT ON COLUMN schemamig.applied.tenant IS
    'schemamig: the tenant whose applied set the row belongs to ('''' is the database''s own)';
COMMENT ON COLUMN schemamig.log.tenant IS
    'schemamig: the tenant the action was taken for ('''' is the database''s own)';
COMMENT ON COLUMN schemamig.state.tenant IS
    'schemamig: a registered tenant ('''' is the database''s own; its row carries the graph''s generation)';
COMMENT ON TABLE schemamig.state IS
    'schemamig: one row per tenant: the registry of tenants and the generations of the graph and applied sets (internal)';
COMMENT ON INDEX schemamig.applied_revision_idx IS
    'schemamig: whether a revision is applied for any tenant (the guards ask)';
COMMENT ON FUNCTION schemamig.add_tenant(pg_catalog.name) IS
    'schemamig: register schema tenant as a tenant, creating it (owned by the caller) when it does not exist';
COMMENT ON FUNCTION schemamig.remove_tenant(pg_catalog.name) IS
    'schemamig: forget a tenant that has nothing applied; its schema stays';
COMMENT ON FUNCTION schemamig.tenants() IS
    'schemamig: the registered tenants, ordered by name, with their current revisions and how many revisions each has not applied';
COMMENT ON FUNCTION schemamig.upgrade_tenants(pg_catalog.text, pg_catalog.name[]) IS
    'schemamig: apply target to every registered tenant (or those named), in order of name, in the caller''s transaction';
COMMENT ON PROCEDURE schemamig.migrate_tenants(pg_catalog.text, pg_catalog.name[]) IS
    'schemamig: apply target to every registered tenant (or those named), in order of name, committing after each';
COMMENT ON FUNCTION schemamig.grant_reader(pg_catalog.regrole) IS
    'schemamig: let a role read history, current, heads, pending, up_to_date, downgrade_plan, verify, fingerprint, tenants and the log, but neither revision SQL nor checksums';
COMMENT ON FUNCTION schemamig.grant_deployer(pg_catalog.regrole) IS
    'schemamig: let a role register, sync, upgrade, downgrade, stamp, remove, migrate, lint, trace, diff, autogenerate, check_reversible and manage tenants (tables change only through these functions)';
