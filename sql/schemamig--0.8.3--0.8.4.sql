\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.8.4'" to load this file. \quit

-- schemamig 0.8.3 -> 0.8.4

-- == Comments: the schema and every column say what they hold ==
-- \d+ and \dn+ showed nothing for the schema and for most columns of the
-- four tables; grant_deployer()'s comment said the tables change only
-- through the functions, while a deployer may edit a pending revision's
-- SQL, parents and message directly; grant_reader()'s left out checksum().
-- The schema is not the extension's (DROP EXTENSION leaves it, pg_dump
-- dumps it and its comment on its own): a comment someone gave it stays.
DO $schema_comment$
BEGIN
    IF pg_catalog.obj_description('schemamig'::pg_catalog.regnamespace, 'pg_namespace') IS NULL THEN
        COMMENT ON SCHEMA schemamig IS
            'schemamig: schema migrations applied inside the server (its tables and functions; see README)';
    END IF;
END
$schema_comment$;

COMMENT ON FUNCTION schemamig.grant_deployer(regrole) IS
    'schemamig: let a role register, sync, upgrade, downgrade, stamp, remove, migrate, lint, trace, diff, autogenerate, check_reversible and manage tenants, and edit pending revisions (UPDATE of their SQL, parents, message and flag); applied revisions and the bookkeeping change only through the functions';
COMMENT ON FUNCTION schemamig.grant_reader(regrole) IS
    'schemamig: let a role read history, current, heads, pending, up_to_date, downgrade_plan, verify, fingerprint, tenants and the log, and call checksum(), but neither revision SQL nor stored checksums';

COMMENT ON COLUMN schemamig.revision.id IS
    'schemamig: the revision''s id (1 to 128 characters, not "head"), as its file names it';
COMMENT ON COLUMN schemamig.revision.seq IS
    'schemamig: registration order';
COMMENT ON COLUMN schemamig.revision.parents IS
    'schemamig: ids of the revisions it follows (empty for a first one)';
COMMENT ON COLUMN schemamig.revision.message IS
    'schemamig: what the revision does, in a line';
COMMENT ON COLUMN schemamig.revision.upgrade IS
    'schemamig: SQL that applies the revision';
COMMENT ON COLUMN schemamig.revision.downgrade IS
    'schemamig: SQL that reverts it; NULL for an irreversible revision';
COMMENT ON COLUMN schemamig.revision.transactional IS
    'schemamig: false for a revision that must run outside a transaction block (CREATE INDEX CONCURRENTLY), which the client runs statement by statement and upgrade() refuses';
COMMENT ON COLUMN schemamig.revision.registered_at IS
    'schemamig: when it was registered';
COMMENT ON COLUMN schemamig.revision.registered_by IS
    'schemamig: the role that registered it';

COMMENT ON COLUMN schemamig.applied.revision IS
    'schemamig: the applied revision''s id';
COMMENT ON COLUMN schemamig.applied.seq IS
    'schemamig: application order';
COMMENT ON COLUMN schemamig.applied.applied_at IS
    'schemamig: when it was applied (or stamped)';
COMMENT ON COLUMN schemamig.applied.applied_by IS
    'schemamig: the role that applied it';
COMMENT ON COLUMN schemamig.applied.duration IS
    'schemamig: how long its upgrade SQL ran (0 when stamped)';
COMMENT ON COLUMN schemamig.applied.checksum IS
    'schemamig: checksum of the SQL that ran, which verify() compares with the revision''s';

COMMENT ON COLUMN schemamig.log.seq IS
    'schemamig: order of the actions';
COMMENT ON COLUMN schemamig.log.action IS
    'schemamig: upgrade, downgrade, stamp or remove';
COMMENT ON COLUMN schemamig.log.revision IS
    'schemamig: the revision acted on';
COMMENT ON COLUMN schemamig.log.at IS
    'schemamig: when';
COMMENT ON COLUMN schemamig.log.by IS
    'schemamig: the role that acted';
COMMENT ON COLUMN schemamig.log.duration IS
    'schemamig: how long the revision''s SQL ran (0 when none ran: stamp, remove)';

COMMENT ON COLUMN schemamig.state.generation IS
    'schemamig: generation of the graph (the default tenant''s row) or of the tenant''s applied set, advanced by each change (internal)';
