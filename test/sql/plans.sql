-- The plans the command-line client shows come from the server:
-- downgrade_plan(n) and downgrade_plan(target) list exactly what downgrade(n)
-- and downgrade_to(target) revert, in order; and upgrade() with nothing to
-- do answers from the state row (settled), kept exact through every change.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('p1', 'CREATE TABLE pl_t (id int)', 'DROP TABLE pl_t', '{}', 'one');
SELECT schemamig.add_revision('p2', 'ALTER TABLE pl_t ADD a int', 'ALTER TABLE pl_t DROP a', message => 'two');
SELECT schemamig.add_revision('p3', 'SELECT 1', 'SELECT 1', message => 'three');
SELECT schemamig.add_revision('p4', 'SELECT 1', 'SELECT 1', message => 'four');
SELECT schemamig.add_revision('nt', 'SELECT 1', 'SELECT 1', message => 'not transactional', transactional => false);

SELECT schemamig.upgrade('p4');
SELECT schemamig.stamp('nt');
SELECT * FROM schemamig.downgrade_plan(2);
SELECT * FROM schemamig.downgrade_plan('p2');
SELECT * FROM schemamig.downgrade_plan('base');
SELECT * FROM schemamig.downgrade_plan(0);
-- refused as downgrade() refuses
SELECT * FROM schemamig.downgrade_plan(9);
SELECT * FROM schemamig.downgrade_plan(-1);
SELECT * FROM schemamig.downgrade_plan(NULL::int);
SELECT * FROM schemamig.downgrade_plan(NULL::text);
SELECT * FROM schemamig.downgrade_plan('nope');
SELECT * FROM schemamig.downgrade_plan('head');

-- applied rows out of order (a restore, or stamp() adding ancestors after
-- their children): the server reverts children first, and the plan says so
SELECT schemamig.stamp('base');
INSERT INTO schemamig.applied (revision, seq, applied_at, applied_by, duration, checksum)
SELECT id, 100 - seq, now(), 'restore', '0', checksum FROM schemamig.revision WHERE id <> 'nt';
SELECT revision FROM schemamig.applied ORDER BY seq;
CREATE FUNCTION pl_check(plan text, call text) RETURNS TABLE (planned text[], reverted text[]) LANGUAGE plpgsql AS $f$
DECLARE
    before bigint := (SELECT max(seq) FROM schemamig.log);
BEGIN
    EXECUTE format('SELECT array_agg(revision ORDER BY n) FROM %s WITH ORDINALITY AS p (revision, message, transactional, n)', plan)
       INTO planned;
    EXECUTE 'SELECT ' || call;
    reverted := (SELECT array_agg(revision ORDER BY seq) FROM schemamig.log WHERE seq > before);
    RETURN NEXT;
END
$f$;
SELECT * FROM pl_check('schemamig.downgrade_plan(2)', 'schemamig.downgrade(2)');
SELECT * FROM pl_check('schemamig.downgrade_plan(''p1'')', 'schemamig.downgrade_to(''p1'')');
DROP FUNCTION pl_check(text, text);
SELECT schemamig.upgrade('p4');

-- settled: set when a call leaves everything applied with one head ...
SELECT schemamig.stamp('nt');
SELECT settled = generation AS settled FROM schemamig.state;
SELECT schemamig.upgrade();
SELECT settled = generation AS settled FROM schemamig.state;
-- ... cleared by a registration, in the same transaction too
BEGIN;
SELECT schemamig.add_revision('p5', 'CREATE TABLE pl_5 (id int)', 'DROP TABLE pl_5');
SELECT settled IS NULL AS cleared FROM schemamig.state;
SELECT schemamig.upgrade();
SELECT settled = generation AS settled FROM schemamig.state;
SELECT schemamig.add_revision('p6', 'CREATE TABLE pl_6 (id int)', 'DROP TABLE pl_6');
SELECT schemamig.upgrade();
SELECT to_regclass('pl_6') IS NOT NULL AS p6_applied;
COMMIT;
-- ... rolled back with a subtransaction
BEGIN;
SAVEPOINT s;
SELECT schemamig.add_revision('p7', 'CREATE TABLE pl_7 (id int)', 'DROP TABLE pl_7');
ROLLBACK TO s;
SELECT settled = generation AS settled FROM schemamig.state;
SELECT schemamig.upgrade();
COMMIT;
-- ... moved by a direct edit (the generation moves, settled stays behind)
UPDATE schemamig.revision SET message = 'six' WHERE id = 'p6';
SELECT settled = generation AS settled FROM schemamig.state;
SELECT schemamig.upgrade();
SELECT settled = generation AS settled FROM schemamig.state;
-- ... not set with two heads, nor while verify() reports a problem
SELECT schemamig.add_revision('h2', 'SELECT 1', 'SELECT 1', '{p1}');
SELECT schemamig.upgrade('heads');
SELECT settled IS NULL AS not_with_two_heads FROM schemamig.state;
SELECT schemamig.downgrade(1), schemamig.remove_revision('h2');
SELECT schemamig.upgrade();
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_guard;
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'p4';
ALTER TABLE schemamig.revision ENABLE TRIGGER revision_guard;
SELECT settled = generation AS settled FROM schemamig.state;
SELECT schemamig.upgrade();
SELECT * FROM schemamig.verify();
ALTER TABLE schemamig.revision DISABLE TRIGGER revision_guard;
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 'p4';
ALTER TABLE schemamig.revision ENABLE TRIGGER revision_guard;
-- ... and the fast path keeps the lock: a read-only transaction is refused
BEGIN READ ONLY;
SELECT schemamig.upgrade();
ROLLBACK;
SELECT schemamig.upgrade();
SELECT settled = generation AS settled FROM schemamig.state;
-- migrate stops there too
CALL schemamig.migrate();

-- ... and the state row is what answers, read as the call's snapshot sees
-- it: a row that says settled while a revision waits (only a direct edit of
-- the books can say that) applies nothing; once it does not, the revision
-- applies
SELECT schemamig.add_revision('p8', 'CREATE TABLE pl_8 (id int)', 'DROP TABLE pl_8');
UPDATE schemamig.state SET settled = generation, synced = 'x';
SELECT schemamig.upgrade();
SELECT to_regclass('pl_8') IS NULL AS p8_waits;
UPDATE schemamig.state SET settled = generation, synced = NULL;
SELECT schemamig.upgrade();
SELECT to_regclass('pl_8') IS NOT NULL AS p8_applied;
SELECT settled = generation AND synced IS NOT NULL AS settled FROM schemamig.state;
-- ... for a tenant, its own row, against the generation in the default
-- tenant's row
SELECT schemamig.add_tenant('pl_ten');
SET schemamig.tenant = 'pl_ten';
SELECT schemamig.stamp('heads');
SELECT schemamig.add_revision('p9', 'CREATE TABLE pl_9 (id int)', 'DROP TABLE pl_9');
UPDATE schemamig.state SET synced = 'x',
       settled = (SELECT d.generation FROM schemamig.state AS d WHERE d.tenant = '')
 WHERE tenant = 'pl_ten';
SELECT schemamig.upgrade();
SELECT to_regclass('pl_ten.pl_9') IS NULL AS p9_waits;
UPDATE schemamig.state SET settled = NULL WHERE tenant = 'pl_ten';
SELECT schemamig.upgrade();
SELECT to_regclass('pl_ten.pl_9') IS NOT NULL AS p9_applied;
RESET schemamig.tenant;

SELECT schemamig.stamp('base');
DROP EXTENSION schemamig;
DROP TABLE pl_t, pl_5, pl_6, pl_8;
DROP SCHEMA pl_ten CASCADE;
