\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.8.1'" to load this file. \quit

-- schemamig 0.8.0 -> 0.8.1

-- == grant_reader() and grant_deployer(): a role that does not exist ==
-- A regrole holds any OID: 0 ('-'::regrole) or the OID of a dropped role
-- printed as a number, which the GRANTs these functions build then failed
-- to parse (42601, "syntax error"). They now refuse it as PostgreSQL refuses
-- an unknown role (42704) before granting anything.
CREATE OR REPLACE FUNCTION schemamig.grant_reader(role pg_catalog.regrole)
RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'grant_reader: role must not be NULL' USING ERRCODE = '22004';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles AS r
                    WHERE r.oid OPERATOR(pg_catalog.=) role::pg_catalog.oid) THEN
        RAISE EXCEPTION 'grant_reader: role with OID % does not exist', role::pg_catalog.oid
            USING ERRCODE = '42704';
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
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles AS r
                    WHERE r.oid OPERATOR(pg_catalog.=) role::pg_catalog.oid) THEN
        RAISE EXCEPTION 'grant_deployer: role with OID % does not exist', role::pg_catalog.oid
            USING ERRCODE = '42704';
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
