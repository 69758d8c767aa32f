\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.3.0'" to load this file. \quit

-- schemamig 0.2.0 -> 0.3.0: what the command-line client needs to run
-- non-transactional revisions itself and keep the server's bookkeeping.

-- The statements of a text, as the server's parser splits it.
CREATE FUNCTION schemamig.statements(sql pg_catalog.text)
RETURNS TABLE (statement pg_catalog.text)
    LANGUAGE C IMMUTABLE AS 'MODULE_PATHNAME', 'schemamig_statements';

-- Record a revision run (or reverted) outside schemamig's functions.
CREATE FUNCTION schemamig.record_applied(id pg_catalog.text,
                                         duration pg_catalog.interval DEFAULT '0')
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_record_applied';
CREATE FUNCTION schemamig.record_reverted(id pg_catalog.text,
                                          duration pg_catalog.interval DEFAULT '0')
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_record_reverted';

-- A deployer may use them too. (Replacing our own function, created by
-- the previous version of this extension.)
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
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON schemamig.revision, '
                              'schemamig.applied, schemamig.log, schemamig.state TO %s', role);
    EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE schemamig.revision_seq, schemamig.applied_seq, '
                              'schemamig.log_seq TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION '
                              'schemamig.add_revision(pg_catalog.text, pg_catalog.text, pg_catalog.text, '
                              'pg_catalog.text[], pg_catalog.text, pg_catalog.bool), '
                              'schemamig.upgrade(pg_catalog.text), schemamig.downgrade(pg_catalog.int4), '
                              'schemamig.downgrade_to(pg_catalog.text), schemamig.stamp(pg_catalog.text), '
                              'schemamig.remove_revision(pg_catalog.text), '
                              'schemamig.record_applied(pg_catalog.text, pg_catalog.interval), '
                              'schemamig.record_reverted(pg_catalog.text, pg_catalog.interval), '
                              'schemamig.statements(pg_catalog.text) TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE schemamig.migrate(pg_catalog.text) TO %s', role);
END
$fn$;

REVOKE ALL ON FUNCTION schemamig.statements(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.record_applied(pg_catalog.text, pg_catalog.interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.record_reverted(pg_catalog.text, pg_catalog.interval) FROM PUBLIC;

COMMENT ON FUNCTION schemamig.statements(pg_catalog.text) IS
    'schemamig: the statements of a SQL text, split by the server''s parser';
COMMENT ON FUNCTION schemamig.record_applied(pg_catalog.text, pg_catalog.interval) IS
    'schemamig: record a revision whose SQL was run outside schemamig as applied';
COMMENT ON FUNCTION schemamig.record_reverted(pg_catalog.text, pg_catalog.interval) IS
    'schemamig: record a revision whose downgrade SQL was run outside schemamig as reverted';
