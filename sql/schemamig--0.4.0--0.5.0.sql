\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.5.0'" to load this file. \quit

-- schemamig 0.4.0 -> 0.5.0

-- == client no-op in one round trip ==

-- The digest of the registered revisions (ids, parents, transactional
-- flags, checksums, messages; README defines it) whenever the row says
-- settled, NULL otherwise. A client that holds the files computes the same
-- digest from them, and up_to_date() compares the two by reading this one
-- row. It comes first: once it exists, the library writes it.
ALTER TABLE schemamig.state ADD COLUMN synced pg_catalog.text;
COMMENT ON COLUMN schemamig.state.synced IS
    'schemamig: digest of the registered revisions, kept while settled is the generation (internal)';

-- Is there nothing to do for these files? True when every registered
-- revision is applied (one head at most, nothing for verify() to report:
-- settled at the current generation) and the registered revisions are
-- exactly those whose digest is given. Any change of the tables, by
-- schemamig's functions or directly, moves the generation, so a stale
-- answer is impossible. SQL, not C: a fresh backend answers it without
-- loading the library or the graph.
CREATE FUNCTION schemamig.up_to_date(digest pg_catalog.text)
RETURNS pg_catalog.bool
    LANGUAGE sql STABLE STRICT
AS $fn$
SELECT COALESCE(s.settled OPERATOR(pg_catalog.=) s.generation
                AND s.synced OPERATOR(pg_catalog.=) digest, false)
  FROM schemamig.state AS s
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

-- grant_reader() as in 0.4.0, with up_to_date() (grant_deployer() calls it)
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
                              'schemamig.fingerprint(pg_catalog.text), '
                              'schemamig.up_to_date(pg_catalog.text) TO %s', role);
END
$fn$;
COMMENT ON FUNCTION schemamig.grant_reader(pg_catalog.regrole) IS
    'schemamig: let a role read history, current, heads, pending, up_to_date, downgrade_plan, verify, fingerprint and the log, but neither revision SQL nor checksums';
