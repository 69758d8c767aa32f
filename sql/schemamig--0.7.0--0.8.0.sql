\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.8.0'" to load this file. \quit

-- schemamig 0.7.0 -> 0.8.0

-- == check_tenant(): the server's checks of a tenant's schema, for SQL run outside it ==
-- The command-line client and the offline script run a tenant's
-- non-transactional revision in their own session, with the tenant's schema
-- first on the search_path they set. Before they do, this refuses what the
-- server refuses before it runs a tenant's SQL: a schema that does not head
-- the path (3F000), or one a role without the caller's privileges owns, may
-- create in, owns something in, or owns a function the code of its tables
-- calls (42501).
CREATE FUNCTION schemamig.check_tenant()
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_check_tenant';
REVOKE ALL ON FUNCTION schemamig.check_tenant() FROM PUBLIC;
COMMENT ON FUNCTION schemamig.check_tenant() IS
    'schemamig: raise an error unless the current tenant''s schema heads the search_path and only roles with the caller''s privileges own it, may create in it, own what it holds, or own the functions its tables'' code calls (the client checks so before running a tenant''s non-transactional revision itself)';

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
                              'schemamig.upgrade_tenants(pg_catalog.text, pg_catalog.name[]), '
                              'schemamig.check_tenant() TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE schemamig.migrate(pg_catalog.text), '
                              'schemamig.migrate_tenants(pg_catalog.text, pg_catalog.name[]) TO %s', role);
END
$fn$;

-- Whoever may record what it ran outside may check the tenant first.
DO $check_tenant_grants$
DECLARE
    g record;
    owner pg_catalog.oid := (SELECT c.relowner FROM pg_catalog.pg_class AS c
                              WHERE c.oid OPERATOR(pg_catalog.=) 'schemamig.state'::pg_catalog.regclass);
BEGIN
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_proc AS p, pg_catalog.aclexplode(p.proacl) AS a
              WHERE p.oid OPERATOR(pg_catalog.=)
                    'schemamig.record_applied(pg_catalog.text, pg_catalog.interval)'::pg_catalog.regprocedure
                AND a.grantee OPERATOR(pg_catalog.<>) owner LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.check_tenant() TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
END
$check_tenant_grants$;
