\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.4.0'" to load this file. \quit

-- schemamig 0.3.0 -> 0.4.0

-- The generation at which every registered revision was applied, with one
-- head at most and nothing for verify() to report; NULL when that is not
-- known. upgrade('head') finds nothing to do by reading this one row,
-- without loading the revision graph. It comes first: once
-- revision.author exists, the library takes these for 0.4.0 tables and
-- writes this column too, and the statements below fire its triggers.
ALTER TABLE schemamig.state ADD COLUMN settled pg_catalog.int8;
COMMENT ON COLUMN schemamig.state.settled IS
    'schemamig: generation at which nothing was pending for upgrade(''head'') (internal)';

-------------------------------------------------------------------------------
-- Security: a revision runs as its author, and the books are out of reach
-------------------------------------------------------------------------------

-- The role that registered a revision or last changed what it runs (its
-- SQL, parents or transactional flag). The revision runs with that role's
-- privileges, so whoever may register SQL gains nothing by it. Revisions
-- registered before this version take the role that registered them.
ALTER TABLE schemamig.revision ADD COLUMN author pg_catalog.name;
-- (the guard keeps registration columns as they were on UPDATE: not now)
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_guard;
UPDATE schemamig.revision SET author = registered_by;
ALTER TABLE schemamig.revision ENABLE TRIGGER revision_guard;
ALTER TABLE schemamig.revision ALTER COLUMN author SET NOT NULL;

-- The guard now also sees INSERTs into schemamig.revision, to fill in the
-- author of a row inserted directly; and on UPDATE it keeps seq,
-- registered_at, registered_by and author as they were, making whoever
-- changes what a revision runs its author.
DROP TRIGGER revision_guard ON schemamig.revision;
CREATE TRIGGER revision_guard
    BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard();

-- While a call runs, nothing but schemamig's own bookkeeping may change its
-- tables: not the SQL of a revision being applied, whatever its author may
-- do otherwise. ALWAYS, so that replica mode does not lift it.
CREATE TRIGGER revision_guard_call
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemamig.revision
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER applied_guard_call
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemamig.applied
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER log_guard_call
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemamig.log
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
CREATE TRIGGER state_guard_call
    BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemamig.state
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.guard();
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_guard_call;
ALTER TABLE schemamig.applied ENABLE ALWAYS TRIGGER applied_guard_call;
ALTER TABLE schemamig.log ENABLE ALWAYS TRIGGER log_guard_call;
ALTER TABLE schemamig.state ENABLE ALWAYS TRIGGER state_guard_call;

-- What downgrade(n) and downgrade_to(target) would revert, in that order.
CREATE FUNCTION schemamig.downgrade_plan(n pg_catalog.int4)
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text, transactional pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_downgrade_plan_n';
CREATE FUNCTION schemamig.downgrade_plan(target pg_catalog.text)
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text, transactional pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_downgrade_plan_to';
REVOKE ALL ON FUNCTION schemamig.downgrade_plan(pg_catalog.int4) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.downgrade_plan(pg_catalog.text) FROM PUBLIC;
COMMENT ON FUNCTION schemamig.downgrade_plan(pg_catalog.int4) IS
    'schemamig: the revisions downgrade(n) would revert, in order';
COMMENT ON FUNCTION schemamig.downgrade_plan(pg_catalog.text) IS
    'schemamig: the revisions downgrade_to(target) would revert, in order';

-- Bring the registered revisions in line with a set of migration files in
-- one call: one element per file in each array (parents as ids separated
-- by spaces, '' for a root; downgrade NULL for an irreversible one), parents
-- first. Returns what it registered or updated, then the pending revisions
-- that no file names ('db-only').
CREATE FUNCTION schemamig.sync(ids pg_catalog.text[], parents pg_catalog.text[],
                               messages pg_catalog.text[], upgrades pg_catalog.text[],
                               downgrades pg_catalog.text[], transactional pg_catalog.bool[])
RETURNS TABLE (revision pg_catalog.text, action pg_catalog.text)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_sync';
REVOKE ALL ON FUNCTION schemamig.sync(pg_catalog.text[], pg_catalog.text[], pg_catalog.text[],
                                      pg_catalog.text[], pg_catalog.text[], pg_catalog.bool[]) FROM PUBLIC;
COMMENT ON FUNCTION schemamig.sync(pg_catalog.text[], pg_catalog.text[], pg_catalog.text[],
                                   pg_catalog.text[], pg_catalog.text[], pg_catalog.bool[]) IS
    'schemamig: register new files, update changed pending revisions, refuse changed applied ones, in one call';

-------------------------------------------------------------------------------
-- What a migration will do to production, before it runs
-------------------------------------------------------------------------------

-- Findings for every statement that upgrade(target) would run, without
-- running any: locks that block reads or writes of tables with rows,
-- rewrites, validating scans, destruction, and statements that will fail.
CREATE FUNCTION schemamig.lint(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, statement pg_catalog.int4, line pg_catalog.int4,
               severity pg_catalog.text, rule pg_catalog.text, relation pg_catalog.text,
               message pg_catalog.text, hint pg_catalog.text)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_lint';
REVOKE ALL ON FUNCTION schemamig.lint(pg_catalog.text) FROM PUBLIC;
COMMENT ON FUNCTION schemamig.lint(pg_catalog.text) IS
    'schemamig: what the revisions upgrade(target) would apply do to production tables (locks, rewrites, scans), without running them';

-- The locks and rewrites they really take: run in a subtransaction that is
-- always rolled back, under the same lock and author rules as upgrade().
CREATE FUNCTION schemamig.trace(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, statement pg_catalog.int4, line pg_catalog.int4,
               relation pg_catalog.text, lock_mode pg_catalog.text, rewritten pg_catalog.bool,
               duration pg_catalog.interval)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_trace';
REVOKE ALL ON FUNCTION schemamig.trace(pg_catalog.text) FROM PUBLIC;
COMMENT ON FUNCTION schemamig.trace(pg_catalog.text) IS
    'schemamig: run what upgrade(target) would apply and roll it back, reporting the locks each statement took and the tables it rewrote';

-------------------------------------------------------------------------------
-- Autogenerate: revisions written from a models file, and proof that each
-- downgrade undoes its upgrade
-------------------------------------------------------------------------------

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

-------------------------------------------------------------------------------
-- Grants
-------------------------------------------------------------------------------

-- A reader sees no checksum: it is an unsalted hash of SQL that may hold a
-- secret, and a short secret falls to brute force.
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
    EXECUTE pg_catalog.format('GRANT SELECT (revision, seq, applied_at, applied_by, duration) '
                              'ON schemamig.applied TO %s', role);
    EXECUTE pg_catalog.format('GRANT SELECT ON schemamig.log, schemamig.state TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.history(), schemamig.current(), '
                              'schemamig.heads(), schemamig.pending(pg_catalog.text), schemamig.verify(), '
                              'schemamig.downgrade_plan(pg_catalog.int4), schemamig.downgrade_plan(pg_catalog.text), '
                              'schemamig.checksum(pg_catalog.text, pg_catalog.text), '
                              'schemamig.fingerprint(pg_catalog.text) TO %s', role);
END
$fn$;

-- A deployer changes schemamig's tables only through its functions, which
-- keep the books; directly, only what a pending revision may change.
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
                              'pg_catalog.text), schemamig.check_reversible(pg_catalog.text) TO %s', role);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE schemamig.migrate(pg_catalog.text) TO %s', role);
END
$fn$;

-- Take the grants made by earlier versions (or by hand) to the new ones.
-- Revoking a table privilege revokes its column privileges too, so the
-- column grants come after.
DO $grants$
DECLARE
    g record;
    owner pg_catalog.oid := (SELECT c.relowner FROM pg_catalog.pg_class AS c
                              WHERE c.oid OPERATOR(pg_catalog.=) 'schemamig.state'::pg_catalog.regclass);
    deployers pg_catalog.oid[];
    readers pg_catalog.oid[];
BEGIN
    -- deployers: whoever could UPDATE schemamig.revision as a whole
    SELECT pg_catalog.array_agg(DISTINCT a.grantee) INTO deployers
      FROM pg_catalog.pg_class AS c, pg_catalog.aclexplode(c.relacl) AS a
     WHERE c.oid OPERATOR(pg_catalog.=) 'schemamig.revision'::pg_catalog.regclass
       AND a.privilege_type OPERATOR(pg_catalog.=) 'UPDATE'
       AND a.grantee OPERATOR(pg_catalog.<>) owner;
    -- readers: whoever may read revision.checksum but not the SQL
    SELECT pg_catalog.array_agg(DISTINCT a.grantee) INTO readers
      FROM pg_catalog.pg_attribute AS t, pg_catalog.aclexplode(t.attacl) AS a
     WHERE t.attrelid OPERATOR(pg_catalog.=) 'schemamig.revision'::pg_catalog.regclass
       AND t.attname OPERATOR(pg_catalog.=) 'checksum'
       AND a.privilege_type OPERATOR(pg_catalog.=) 'SELECT'
       AND a.grantee OPERATOR(pg_catalog.<>) owner;

    -- nobody but the owner writes the tables or draws from the sequences
    FOR g IN SELECT DISTINCT c.oid::pg_catalog.regclass AS rel, c.relkind, a.grantee
               FROM pg_catalog.pg_class AS c, pg_catalog.aclexplode(c.relacl) AS a
              WHERE c.relnamespace OPERATOR(pg_catalog.=) 'schemamig'::pg_catalog.regnamespace
                AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'S']::pg_catalog.char[])
                AND a.grantee OPERATOR(pg_catalog.<>) owner
                AND a.privilege_type OPERATOR(pg_catalog.<>) 'SELECT'
    LOOP
        EXECUTE pg_catalog.format(
            CASE WHEN g.relkind OPERATOR(pg_catalog.=) 'S'
                 THEN 'REVOKE USAGE, UPDATE ON SEQUENCE %s FROM %s'
                 ELSE 'REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %s FROM %s' END,
            g.rel,
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
    FOR g IN SELECT pg_catalog.unnest(deployers) AS grantee LOOP
        EXECUTE pg_catalog.format('GRANT UPDATE (upgrade, downgrade, parents, message, transactional) '
                                  'ON schemamig.revision TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
    -- whoever may call upgrade() may call lint(), trace(), sync(), diff(),
    -- autogenerate() and check_reversible()
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_proc AS p, pg_catalog.aclexplode(p.proacl) AS a
              WHERE p.oid OPERATOR(pg_catalog.=) 'schemamig.upgrade(pg_catalog.text)'::pg_catalog.regprocedure
                AND a.grantee OPERATOR(pg_catalog.<>) owner LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.lint(pg_catalog.text), '
                                  'schemamig.trace(pg_catalog.text), '
                                  'schemamig.sync(pg_catalog.text[], pg_catalog.text[], pg_catalog.text[], '
                                  'pg_catalog.text[], pg_catalog.text[], pg_catalog.bool[]), '
                                  'schemamig.diff(pg_catalog.text, pg_catalog.text), '
                                  'schemamig.autogenerate(pg_catalog.text, pg_catalog.text, pg_catalog.text, '
                                  'pg_catalog.text), schemamig.check_reversible(pg_catalog.text) TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
    -- whoever may call pending() may call downgrade_plan() and fingerprint()
    FOR g IN SELECT DISTINCT a.grantee
               FROM pg_catalog.pg_proc AS p, pg_catalog.aclexplode(p.proacl) AS a
              WHERE p.oid OPERATOR(pg_catalog.=) 'schemamig.pending(pg_catalog.text)'::pg_catalog.regprocedure
                AND a.grantee OPERATOR(pg_catalog.<>) owner LOOP
        EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION schemamig.downgrade_plan(pg_catalog.int4), '
                                  'schemamig.downgrade_plan(pg_catalog.text), schemamig.fingerprint(pg_catalog.text) TO %s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
    FOR g IN SELECT pg_catalog.unnest(readers) AS grantee LOOP
        IF pg_catalog.has_table_privilege(g.grantee, 'schemamig.revision', 'SELECT') THEN
            CONTINUE;       -- a deployer: reads the SQL anyway
        END IF;
        EXECUTE pg_catalog.format('REVOKE SELECT (checksum) ON schemamig.revision FROM %1$s; '
                                  'GRANT SELECT (author) ON schemamig.revision TO %1$s; '
                                  'REVOKE SELECT ON schemamig.applied FROM %1$s; '
                                  'GRANT SELECT (revision, seq, applied_at, applied_by, duration) '
                                  'ON schemamig.applied TO %1$s',
            CASE WHEN g.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                 ELSE g.grantee::pg_catalog.regrole::pg_catalog.text END);
    END LOOP;
END
$grants$;

COMMENT ON COLUMN schemamig.revision.author IS
    'schemamig: role that registered the revision or last changed its SQL, parents or flag; the revision runs with its privileges';
COMMENT ON FUNCTION schemamig.grant_reader(pg_catalog.regrole) IS
    'schemamig: let a role read history, current, heads, pending, downgrade_plan, verify, fingerprint and the log, but neither revision SQL nor checksums';
COMMENT ON FUNCTION schemamig.grant_deployer(pg_catalog.regrole) IS
    'schemamig: let a role register, sync, upgrade, downgrade, stamp, remove, migrate, lint, trace, diff, autogenerate and check_reversible (tables change only through these functions)';
