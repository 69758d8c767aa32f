-- The contract of verify, stamp, remove_revision, migrate, the grant
-- helpers and the log: signatures, columns and SQLSTATEs.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION schemamig;
SELECT plan(51);

SELECT function_returns('schemamig', 'verify', ARRAY[]::text[], 'setof record');
SELECT is(pg_get_function_result('schemamig.verify()'::regprocedure), 'TABLE(revision text, problem text)', 'verify columns');
SELECT function_returns('schemamig', 'stamp', ARRAY['text'], 'integer');
SELECT function_returns('schemamig', 'remove_revision', ARRAY['text'], 'void');
SELECT is((SELECT prokind FROM pg_proc WHERE oid = 'schemamig.migrate(text)'::regprocedure), 'p', 'migrate is a procedure');
SELECT is(pg_get_function_arguments('schemamig.migrate(text)'::regprocedure), 'IN target text DEFAULT ''head''::text', 'migrate default target');
SELECT function_returns('schemamig', 'grant_reader', ARRAY['regrole'], 'void');
SELECT function_returns('schemamig', 'record_applied', ARRAY['text', 'interval'], 'void');
SELECT function_returns('schemamig', 'record_reverted', ARRAY['text', 'interval'], 'void');
SELECT is(pg_get_function_result('schemamig.statements(text)'::regprocedure), 'TABLE(statement text)', 'statements columns');
SELECT function_returns('schemamig', 'grant_deployer', ARRAY['regrole'], 'void');
SELECT throws_ok($$SELECT schemamig.grant_reader(NULL)$$, '22004', NULL, 'grant_reader(NULL)');
SELECT throws_ok($$SELECT schemamig.grant_reader('-')$$, '42704', 'grant_reader: role with OID 0 does not exist', 'grant_reader: no such role');
SELECT throws_ok($$SELECT schemamig.grant_deployer(NULL)$$, '22004', NULL, 'grant_deployer(NULL)');
SELECT throws_ok($$SELECT schemamig.grant_deployer(0::oid::regrole)$$, '42704', 'grant_deployer: role with OID 0 does not exist', 'grant_deployer: no such role');
SELECT has_table('schemamig', 'log', 'log table');
SELECT columns_are('schemamig', 'log', ARRAY['seq', 'action', 'revision', 'at', 'by', 'duration', 'tenant'], 'log columns');
SELECT col_type_is('schemamig', 'log', 'seq', 'bigint', 'log.seq');
SELECT col_type_is('schemamig', 'log', 'action', 'text', 'log.action');
SELECT col_type_is('schemamig', 'log', 'revision', 'text', 'log.revision');
SELECT col_type_is('schemamig', 'log', 'at', 'timestamp with time zone', 'log.at');
SELECT col_type_is('schemamig', 'log', 'by', 'name', 'log.by');
SELECT col_type_is('schemamig', 'log', 'duration', 'interval', 'log.duration');
SELECT is((SELECT setting FROM pg_settings WHERE name = 'schemamig.lock_wait_timeout'), '-1', 'lock_wait_timeout defaults to no limit');
SELECT is((SELECT unit FROM pg_settings WHERE name = 'schemamig.lock_wait_timeout'), 'ms', 'lock_wait_timeout is in milliseconds');

\o /dev/null
SELECT schemamig.add_revision('a', 'CREATE TABLE tap_a (id int)', 'DROP TABLE tap_a');
SELECT schemamig.add_revision('b', 'CREATE TABLE tap_b (id int)', 'DROP TABLE tap_b');
SELECT schemamig.add_revision('c', 'SELECT 1', 'SELECT 1', '{a}');
SELECT schemamig.upgrade('a');
\o
CREATE TEMP TABLE snap AS SELECT * FROM schemamig.applied;

-- stamp
SELECT throws_ok($$SELECT schemamig.stamp(NULL)$$, '22004', NULL, 'stamp(NULL)');
SELECT throws_ok($$SELECT schemamig.stamp('+1')$$, '22023', 'invalid stamp target "+1"', 'stamp(+N)');
SELECT throws_ok($$SELECT schemamig.stamp('a b')$$, '22023', NULL, 'stamp: malformed target');
SELECT throws_ok($$SELECT schemamig.stamp('zzz')$$, '42704', NULL, 'stamp: unknown target');
SELECT throws_ok($$SELECT schemamig.stamp('head')$$, '55000', NULL, 'stamp(head) with two heads');
-- remove_revision
SELECT throws_ok($$SELECT schemamig.remove_revision(NULL)$$, '22004', NULL, 'remove_revision(NULL)');
SELECT throws_ok($$SELECT schemamig.remove_revision('a b')$$, '22023', NULL, 'remove_revision: malformed id');
SELECT throws_ok($$SELECT schemamig.remove_revision('zzz')$$, '42704', NULL, 'remove_revision: unknown id');
SELECT throws_ok($$SELECT schemamig.remove_revision('a')$$, '55000', 'cannot remove revision "a": it is applied', 'remove_revision: applied');
-- migrate inside a transaction block (this whole file is one)
SELECT throws_ok($$CALL schemamig.migrate()$$, '25001', NULL, 'migrate inside a transaction block');
SELECT throws_ok($$CALL schemamig.migrate(NULL)$$, '25001', NULL, 'migrate refuses the transaction block before anything else');
-- record_applied, record_reverted
SELECT throws_ok($$SELECT schemamig.record_applied('a')$$, '55000', 'cannot record revision "a" as applied: it is transactional', 'record_applied: a transactional revision is upgrade()''s');
SELECT throws_ok($$SELECT schemamig.record_reverted('zzz')$$, '42704', NULL, 'record_reverted: unknown revision');
SELECT throws_ok($$SELECT schemamig.record_applied('a', NULL)$$, '22004', NULL, 'record_applied: NULL duration');
-- guards
SELECT throws_ok($$UPDATE schemamig.revision SET upgrade = 'x' WHERE id = 'a'$$, '55000', NULL, 'applied SQL is frozen');
SELECT throws_ok($$DELETE FROM schemamig.revision WHERE id = 'a'$$, '55000', NULL, 'applied revision cannot be deleted');
SELECT throws_ok($$TRUNCATE schemamig.revision CASCADE$$, '55000', NULL, 'revision cannot be truncated');
SELECT throws_ok($$DELETE FROM schemamig.applied$$, '55000', NULL, 'applied changes only through functions');
SELECT throws_ok($$TRUNCATE schemamig.log$$, '55000', NULL, 'log cannot be truncated');
SELECT throws_ok($$INSERT INTO schemamig.log (action, revision, at, by, duration) VALUES ('migrate', 'a', now(), 'x', '0')$$,
                 '23514', NULL, 'log actions are upgrade, downgrade, stamp, remove');
SELECT set_eq('SELECT * FROM schemamig.applied', 'SELECT * FROM snap', 'refusals changed nothing');

-- what works
SELECT is(schemamig.stamp('b'), 1, 'stamp(b) adds one row');
SELECT is(schemamig.stamp('c'), 2, 'stamp(c) adds c, removes b');
SELECT is_empty('SELECT * FROM schemamig.verify()', 'verify() is clean');
SELECT lives_ok($$SELECT schemamig.remove_revision('b')$$, 'a pending leaf can be removed');
SELECT results_eq($$SELECT action, revision FROM schemamig.log ORDER BY seq$$,
                  $$VALUES ('upgrade', 'a'), ('stamp', 'b'), ('stamp', 'c'), ('stamp', 'b'), ('remove', 'b')$$,
                  'the log holds every action in order');

SELECT * FROM finish();
ROLLBACK;
