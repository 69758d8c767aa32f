\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.2.0'" to load this file. \quit

-- schemamig 0.1.0 -> 0.2.0: checksums the server keeps, guards on applied
-- revisions, verify(), stamp(), remove_revision(), the migrate procedure,
-- the action log, and grant_reader()/grant_deployer(). A new installation
-- runs 0.1.0 and then this script.

-- The schema must not belong to a role that could later drop or replace
-- what is in it: CREATE EXTENSION uses a pre-existing schema as it is.
DO $check$
BEGIN
    IF NOT (SELECT r.rolsuper
              FROM pg_catalog.pg_namespace AS n
              JOIN pg_catalog.pg_roles AS r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
             WHERE n.nspname OPERATOR(pg_catalog.=) 'schemamig') THEN
        RAISE EXCEPTION 'schema schemamig is owned by a role that is not a superuser'
            USING ERRCODE = '42501',
                  HINT = 'Drop the schema or make a superuser its owner, then create the extension again.';
    END IF;
END
$check$;

-- The checksum of a revision's SQL, as README defines it.
CREATE FUNCTION schemamig.checksum(upgrade pg_catalog.text, downgrade pg_catalog.text)
RETURNS pg_catalog.text
    LANGUAGE C IMMUTABLE PARALLEL SAFE AS 'MODULE_PATHNAME', 'schemamig_checksum';

-- revision.checksum becomes a generated column: whatever path the SQL takes
-- into the table (an UPDATE, a restore, replica mode), the stored checksum
-- is that of the SQL as it stands, and verify() compares it with the one
-- recorded when the revision was applied.
ALTER TABLE schemamig.revision DROP COLUMN checksum;
ALTER TABLE schemamig.revision ADD COLUMN checksum pg_catalog.text
    GENERATED ALWAYS AS (schemamig.checksum(upgrade, downgrade)) STORED;

-- The guards below refuse deleting an applied revision with 55000, which a
-- foreign key would pre-empt (23503, and 0A000 for TRUNCATE); verify()
-- reports an applied revision that is not registered instead.
ALTER TABLE schemamig.applied DROP CONSTRAINT applied_revision_fkey;

-- Every action, in order; survives downgrades.
CREATE SEQUENCE schemamig.log_seq;
CREATE TABLE schemamig.log (
    seq             pg_catalog.int8 NOT NULL
                    DEFAULT pg_catalog.nextval('schemamig.log_seq'::pg_catalog.regclass),
    action          pg_catalog.text NOT NULL,
    revision        pg_catalog.text NOT NULL,
    at              pg_catalog.timestamptz NOT NULL,
    by              pg_catalog.name NOT NULL,
    duration        pg_catalog.interval NOT NULL,
    CONSTRAINT log_pkey PRIMARY KEY (seq),
    CONSTRAINT log_action_check
        CHECK (action OPERATOR(pg_catalog.=) ANY (ARRAY['upgrade', 'downgrade', 'stamp', 'remove']::pg_catalog.text[]))
);
SELECT pg_catalog.pg_extension_config_dump('schemamig.log', '');
SELECT pg_catalog.pg_extension_config_dump('schemamig.log_seq', '');

-- The generation must move even in replica mode, where ordinary triggers
-- stay silent; the guards, like any trigger, do not fire there.
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_touch;
ALTER TABLE schemamig.applied ENABLE ALWAYS TRIGGER applied_touch;

-- Applied revisions cannot be edited or deleted, and the applied set and
-- the log change only through schemamig's functions.
CREATE FUNCTION schemamig.guard() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'schemamig_guard';
CREATE TRIGGER revision_guard
    BEFORE UPDATE OR DELETE ON schemamig.revision
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER revision_guard_truncate
    BEFORE TRUNCATE ON schemamig.revision
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER applied_guard
    BEFORE UPDATE OR DELETE ON schemamig.applied
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER applied_guard_truncate
    BEFORE TRUNCATE ON schemamig.applied
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER log_guard
    BEFORE UPDATE OR DELETE ON schemamig.log
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER log_guard_truncate
    BEFORE TRUNCATE ON schemamig.log
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();

CREATE FUNCTION schemamig.verify()
RETURNS TABLE (revision pg_catalog.text, problem pg_catalog.text)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_verify';

CREATE FUNCTION schemamig.stamp(target pg_catalog.text)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_stamp';

CREATE FUNCTION schemamig.remove_revision(id pg_catalog.text)
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_remove_revision';

CREATE PROCEDURE schemamig.migrate(target pg_catalog.text DEFAULT 'head')
    LANGUAGE C AS 'MODULE_PATHNAME', 'schemamig_migrate';

-- Granting helpers. They run with the caller's privileges: only a role that
-- may grant on schemamig's objects (a superuser) can use them.
CREATE FUNCTION schemamig.grant_reader(role pg_catalog.regrole)
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
END
$fn$;

CREATE FUNCTION schemamig.grant_deployer(role pg_catalog.regrole)
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
                              'schemamig.remove_revision(pg_catalog.text) TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE schemamig.migrate(pg_catalog.text) TO %s', role);
END
$fn$;

REVOKE ALL ON FUNCTION schemamig.checksum(pg_catalog.text, pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.guard() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.verify() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.stamp(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.remove_revision(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON PROCEDURE schemamig.migrate(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.grant_reader(pg_catalog.regrole) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.grant_deployer(pg_catalog.regrole) FROM PUBLIC;

COMMENT ON COLUMN schemamig.revision.checksum IS
    'schemamig: checksum of upgrade and downgrade SQL, computed by the server (see README)';
COMMENT ON TABLE schemamig.log IS
    'schemamig: one row per action (upgrade, downgrade, stamp, remove) on a revision, kept across downgrades';
COMMENT ON SEQUENCE schemamig.log_seq IS
    'schemamig: order of the actions in schemamig.log';
COMMENT ON FUNCTION schemamig.checksum(pg_catalog.text, pg_catalog.text) IS
    'schemamig: SHA-256 of a revision''s SQL as README defines it (CRLF read as LF)';
COMMENT ON FUNCTION schemamig.guard() IS
    'schemamig: trigger that refuses editing applied revisions and changing applied or log directly (internal)';
COMMENT ON FUNCTION schemamig.verify() IS
    'schemamig: problems with applied revisions (changed SQL, missing or unapplied parents); no rows when all is well';
COMMENT ON FUNCTION schemamig.stamp(pg_catalog.text) IS
    'schemamig: make the applied set exactly target and its ancestors without running SQL; returns rows changed';
COMMENT ON FUNCTION schemamig.remove_revision(pg_catalog.text) IS
    'schemamig: delete a pending revision that no other revision names as parent';
COMMENT ON PROCEDURE schemamig.migrate(pg_catalog.text) IS
    'schemamig: like upgrade(), but commits after each revision';
COMMENT ON FUNCTION schemamig.grant_reader(pg_catalog.regrole) IS
    'schemamig: let a role read history, current, heads, pending, verify and the log, but not revision SQL';
COMMENT ON FUNCTION schemamig.grant_deployer(pg_catalog.regrole) IS
    'schemamig: let a role register, upgrade, downgrade, stamp, remove and migrate';
