-- The calls that run SQL in a subtransaction of their own and roll it back
-- (trace(), check_reversible(), diff(), lint()'s judging of a default) may
-- run while the caller's transaction commits: COMMIT fills a cursor WITH
-- HOLD over them, and fires deferred triggers that call them. An
-- assert-enabled server stopped at each (it asserts, when such a
-- subtransaction of the transaction's top level is rolled back, that the
-- transaction is not ending); now the subtransaction they roll back is
-- always a subtransaction's own, and each runs as at any other time.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE TABLE ct_x (a int);
CREATE SCHEMA ct_d;
SELECT schemamig.add_revision('c1', 'CREATE TABLE ct_t (a int)', 'DROP TABLE ct_t', '{}');
SELECT schemamig.add_revision('c2', 'ALTER TABLE public.ct_x ADD COLUMN b int DEFAULT 1', 'ALTER TABLE public.ct_x DROP COLUMN b', '{c1}');
SELECT schemamig.add_tenant('ct_a');

-- cursors WITH HOLD, which COMMIT fills by running their queries
BEGIN;
DECLARE h1 CURSOR WITH HOLD FOR SELECT revision, relation, lock_mode FROM schemamig.trace() ORDER BY 1, 2, 3;
DECLARE h2 CURSOR WITH HOLD FOR SELECT * FROM schemamig.check_reversible();
DECLARE h3 CURSOR WITH HOLD FOR SELECT upgrade FROM schemamig.diff('CREATE TABLE ct_m (a int)', 'ct_d');
DECLARE h4 CURSOR WITH HOLD FOR SELECT revision, statement, rule, relation FROM schemamig.lint() ORDER BY 1, 2, 3, 4;
COMMIT;
-- a tenant's (the cursors run with the settings COMMIT finds)
BEGIN;
SET LOCAL schemamig.tenant = 'ct_a';
DECLARE h5 CURSOR WITH HOLD FOR SELECT revision, relation, lock_mode FROM schemamig.trace() ORDER BY 1, 2, 3;
DECLARE h6 CURSOR WITH HOLD FOR SELECT * FROM schemamig.check_reversible();
COMMIT;
FETCH ALL FROM h1;
FETCH ALL FROM h2;
FETCH ALL FROM h3;
FETCH ALL FROM h4;
FETCH ALL FROM h5;
FETCH ALL FROM h6;
CLOSE ALL;

-- the same when COMMIT AND CHAIN ends the block
BEGIN;
DECLARE h7 CURSOR WITH HOLD FOR SELECT count(*) FROM schemamig.trace();
COMMIT AND CHAIN;
FETCH ALL FROM h7;
COMMIT;
CLOSE h7;

-- a deferred trigger that calls them, fired by COMMIT
CREATE TABLE ct_fire (a int);
CREATE TABLE ct_seen (what text, n bigint);
CREATE FUNCTION ct_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ct_seen SELECT 'trace', count(*) FROM schemamig.trace();
    INSERT INTO ct_seen SELECT 'check_reversible', count(*) FROM schemamig.check_reversible();
    INSERT INTO ct_seen SELECT 'diff', count(*) FROM schemamig.diff('CREATE TABLE ct_m (a int)', 'ct_d');
    INSERT INTO ct_seen SELECT 'lint', count(*) FROM schemamig.lint();
    RETURN NULL;
END$$;
CREATE CONSTRAINT TRIGGER ct_deferred AFTER INSERT ON ct_fire
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ct_calls();
BEGIN;
INSERT INTO ct_fire VALUES (1);
COMMIT;
SELECT what, n FROM ct_seen ORDER BY what;

-- nothing of what they ran stayed, and the server is still here
SELECT count(*) AS applied, to_regclass('ct_t') AS ct_t, to_regclass('ct_a.ct_t') AS ct_a_t,
       to_regclass('ct_d.ct_m') AS ct_m, (SELECT count(*) FROM pg_attribute WHERE attrelid = 'ct_x'::regclass AND attnum > 0) AS ct_x_columns
  FROM schemamig.applied;
SELECT 1 AS alive;

-- The calls that apply revisions in the caller's transaction, at COMMIT:
-- a revision's PL/pgSQL block that catches an error rolls back a
-- subtransaction of its own, which stopped an assert-enabled server as
-- the above did, when the transaction was its parent; now the revisions
-- run in a subtransaction of the call's. (c3 is a head of its own.)
SELECT schemamig.add_revision('c3',
    $r$DO $d$ BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero THEN CREATE TABLE ct_caught (a int); END $d$$r$,
    $r$DO $d$ BEGIN PERFORM 1 / 0; EXCEPTION WHEN division_by_zero THEN DROP TABLE ct_caught; END $d$$r$, '{}');
BEGIN;
DECLARE u1 CURSOR WITH HOLD FOR SELECT schemamig.upgrade('c3');
COMMIT;
FETCH ALL FROM u1;
SELECT to_regclass('ct_caught') AS applied_at_commit;
BEGIN;
DECLARE u2 CURSOR WITH HOLD FOR SELECT schemamig.downgrade(1);
COMMIT;
FETCH ALL FROM u2;
SELECT to_regclass('ct_caught') AS reverted_at_commit;
BEGIN;
DECLARE u3 CURSOR WITH HOLD FOR SELECT * FROM schemamig.upgrade_tenants('c3', '{ct_a}');
COMMIT;
FETCH ALL FROM u3;
SELECT to_regclass('ct_a.ct_caught') AS tenant_applied_at_commit;
CLOSE ALL;
-- and a deferred trigger that applies it, fired by COMMIT
CREATE FUNCTION ct_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ct_seen SELECT 'upgrade', schemamig.upgrade('c3');
    RETURN NULL;
END$$;
CREATE CONSTRAINT TRIGGER ct_deferred_apply AFTER INSERT ON ct_fire
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ct_apply();
DROP TRIGGER ct_deferred ON ct_fire;
BEGIN;
INSERT INTO ct_fire VALUES (2);
COMMIT;
SELECT what, n FROM ct_seen WHERE what = 'upgrade';
SELECT to_regclass('ct_caught') AS applied_by_trigger;
SELECT revision, count(*) FROM schemamig.applied GROUP BY revision ORDER BY revision;
SELECT 1 AS alive;
SELECT schemamig.downgrade(1);
SET schemamig.tenant = 'ct_a';
SELECT schemamig.downgrade(1);
RESET schemamig.tenant;

-- upgrade_tenants() runs every tenant's revisions below one
-- subtransaction of its own, not one per tenant: a transaction over
-- thousands of tenants holds a few subtransaction IDs, not thousands (past
-- 64, other sessions' snapshots must read pg_subtrans). IDs are handed out
-- in order: count those the call took.
SELECT schemamig.add_revision('c4', 'CREATE TABLE ct_four (a int)', 'DROP TABLE ct_four', '{}');
SELECT count(*) AS tenants_added
  FROM (SELECT schemamig.add_tenant(('ct_m' || i)::name) FROM generate_series(1, 40) AS i) AS s;
SET client_min_messages = warning;
BEGIN;
SELECT pg_current_xact_id()::text::bigint AS xid_before \gset
SELECT count(*) AS tenants, sum(applied) AS applied
  FROM schemamig.upgrade_tenants('c4', (SELECT array_agg(('ct_m' || i)::name) FROM generate_series(1, 40) AS i));
COMMIT;
RESET client_min_messages;
SELECT pg_current_xact_id()::text::bigint - :xid_before - 1 < 10 AS few_subtransaction_ids;
SELECT count(*) AS tenant_tables FROM pg_class WHERE relname = 'ct_four';
SET client_min_messages = warning;
DO $$BEGIN FOR i IN 1..40 LOOP EXECUTE format('DROP SCHEMA %I CASCADE', 'ct_m' || i); END LOOP; END$$;
RESET client_min_messages;

DROP TABLE ct_fire, ct_seen, ct_x;
DROP FUNCTION ct_calls(), ct_apply();
SELECT schemamig.remove_tenant('ct_a');
DROP SCHEMA ct_a, ct_d;
DROP EXTENSION schemamig;
