\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.4.0'" to load this file. \quit

-- schemamig 0.3.0 -> 0.4.0

-- autogenerate (issue 9)
--
-- diff() compares a model (SQL that creates the schema as it should be)
-- with a schema and writes the SQL both ways; autogenerate() registers that
-- SQL as a revision; fingerprint() hashes what diff() compares;
-- check_reversible() proves that each pending downgrade undoes its upgrade. The model
-- runs with the caller's privileges in a subtransaction that is always
-- rolled back; creating its scratch schema needs CREATE on the database.

CREATE FUNCTION schemamig.diff(model pg_catalog.text,
                               schema pg_catalog.text DEFAULT 'public')
RETURNS TABLE (upgrade pg_catalog.text, downgrade pg_catalog.text)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_diff';

CREATE FUNCTION schemamig.autogenerate(model pg_catalog.text,
                                       message pg_catalog.text DEFAULT '',
                                       schema pg_catalog.text DEFAULT 'public',
                                       id pg_catalog.text DEFAULT NULL)
RETURNS pg_catalog.text
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_autogenerate';

CREATE FUNCTION schemamig.fingerprint(schema pg_catalog.text DEFAULT 'public')
RETURNS pg_catalog.text
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_fingerprint';

CREATE FUNCTION schemamig.check_reversible(target pg_catalog.text DEFAULT 'heads')
RETURNS TABLE (revision pg_catalog.text, problem pg_catalog.text)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_check_reversible';

-- Not for PUBLIC: diff() and autogenerate() run the caller's SQL and register
-- revisions, check_reversible() runs revisions; fingerprint() describes a
-- schema. grant_reader and grant_deployer hand them out.
REVOKE ALL ON FUNCTION schemamig.diff(pg_catalog.text, pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.autogenerate(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.fingerprint(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.check_reversible(pg_catalog.text) FROM PUBLIC;

COMMENT ON FUNCTION schemamig.diff(pg_catalog.text, pg_catalog.text) IS
    'schemamig: the SQL that turns a schema into what a model describes, and back';
COMMENT ON FUNCTION schemamig.autogenerate(pg_catalog.text, pg_catalog.text, pg_catalog.text, pg_catalog.text) IS
    'schemamig: register what diff() writes as a new revision on the single head';
COMMENT ON FUNCTION schemamig.fingerprint(pg_catalog.text) IS
    'schemamig: a stable hash of everything diff() compares in a schema';
COMMENT ON FUNCTION schemamig.check_reversible(pg_catalog.text) IS
    'schemamig: check that each pending revision''s downgrade undoes its upgrade, changing nothing';

-- A reader may fingerprint; a deployer may diff, autogenerate and
-- check_reversible. (Replacing
-- our own functions, created by earlier versions of this extension.)
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
    -- every column but the revision SQL
    EXECUTE pg_catalog.format('GRANT SELECT (id, seq, parents, message, transactional, checksum, '
                              'registered_at, registered_by) ON schemamig.revision TO %s', role);
    EXECUTE pg_catalog.format('GRANT SELECT ON schemamig.applied, schemamig.log, schemamig.state TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.history(), schemamig.current(), '
                              'schemamig.heads(), schemamig.pending(pg_catalog.text), schemamig.verify(), '
                              'schemamig.checksum(pg_catalog.text, pg_catalog.text) TO %s', role);
    -- autogenerate (issue 9)
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.fingerprint(pg_catalog.text) TO %s', role);
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
    -- autogenerate (issue 9)
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION '
                              'schemamig.diff(pg_catalog.text, pg_catalog.text), '
                              'schemamig.autogenerate(pg_catalog.text, pg_catalog.text, pg_catalog.text, '
                              'pg_catalog.text), schemamig.check_reversible(pg_catalog.text) TO %s', role);
END
$fn$;
