\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.6.0'" to load this file. \quit

-- schemamig 0.5.0 -> 0.6.0

-- == tenant digest: up_to_date() for every tenant ==
-- Every tenant's state row now keeps the digest of the registered
-- revisions beside the graph's generation it is settled at (synced, while
-- settled), not only the default tenant's row: a tenant's no-op answers
-- from its own row and the graph's generation, whatever the default
-- tenant's state. The library writes it for every tenant; rows settled
-- before the update have none, and say false until their tenant's next
-- sync or upgrade settles them again.
COMMENT ON COLUMN schemamig.state.synced IS
    'schemamig: digest of the registered revisions at the graph''s generation this row is settled at, kept while settled (internal)';

-- Is there nothing to do for these files? True when every registered
-- revision is applied for the current tenant (schemamig.tenant; one head at
-- most, nothing for verify() to report: its row settled at the graph's
-- current generation) and the registered revisions are exactly those whose
-- digest is given: the tenant's row keeps the digest of the revisions at
-- the generation it is settled at. Any change of the revisions, by
-- schemamig's functions or directly, moves the graph's generation, so a
-- stale answer is impossible. SQL, not C: a fresh backend answers it
-- without loading the library or the graph. CREATE OR REPLACE keeps its
-- grants.
CREATE OR REPLACE FUNCTION schemamig.up_to_date(digest pg_catalog.text)
RETURNS pg_catalog.bool
    LANGUAGE sql STABLE STRICT
AS $fn$
SELECT COALESCE((SELECT t.settled OPERATOR(pg_catalog.=) d.generation
                        AND t.synced OPERATOR(pg_catalog.=) digest
                   FROM schemamig.state AS d, schemamig.state AS t
                  WHERE d.tenant OPERATOR(pg_catalog.=) ''
                    AND t.tenant::pg_catalog.text OPERATOR(pg_catalog.=)
                        COALESCE(pg_catalog.current_setting('schemamig.tenant', true), '')),
                false)
$fn$;
COMMENT ON FUNCTION schemamig.up_to_date(pg_catalog.text) IS
    'schemamig: true when nothing is pending for the current tenant and the registered revisions are exactly those of the given digest';
