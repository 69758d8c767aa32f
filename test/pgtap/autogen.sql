-- The SQL contract of autogenerate (issue 9): signatures, and every SQLSTATE.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION schemamig;
SELECT plan(25);

-- signatures, as the issue fixes them
SELECT function_returns('schemamig', 'diff', ARRAY['text', 'text'], 'setof record');
SELECT function_returns('schemamig', 'autogenerate', ARRAY['text', 'text', 'text', 'text'], 'text');
SELECT function_returns('schemamig', 'fingerprint', ARRAY['text'], 'text');
SELECT function_returns('schemamig', 'check_reversible', ARRAY['text'], 'setof record');
SELECT is((SELECT pg_get_function_arguments('schemamig.diff(text,text)'::regprocedure)),
          'model text, schema text DEFAULT ''public''::text', 'diff() arguments and default');
SELECT is((SELECT pg_get_function_result('schemamig.diff(text,text)'::regprocedure)),
          'TABLE(upgrade text, downgrade text)', 'diff() returns (upgrade, downgrade)');
SELECT is((SELECT pg_get_function_arguments('schemamig.autogenerate(text,text,text,text)'::regprocedure)),
          'model text, message text DEFAULT ''''::text, schema text DEFAULT ''public''::text, id text DEFAULT NULL::text',
          'autogenerate() arguments and defaults');
SELECT is((SELECT pg_get_function_result('schemamig.check_reversible(text)'::regprocedure)),
          'TABLE(revision text, problem text)', 'check_reversible() returns (revision, problem)');
SELECT is((SELECT pg_get_function_arguments('schemamig.check_reversible(text)'::regprocedure)),
          'target text DEFAULT ''heads''::text', 'check_reversible() defaults to heads');

-- one row, empty strings when they match
CREATE SCHEMA ag_tap;
SELECT results_eq($$SELECT upgrade, downgrade FROM schemamig.diff('', 'ag_tap')$$,
                  $$VALUES ('', '')$$, 'diff() of matching schemas: one row of empty strings');
SELECT is((SELECT count(*)::int FROM schemamig.diff('CREATE TABLE t ()', 'ag_tap')), 1, 'diff() returns exactly one row');

-- SQLSTATEs
SELECT throws_ok($$SELECT * FROM schemamig.diff(NULL)$$, '22004', NULL, 'diff(NULL) is 22004');
SELECT throws_ok($$SELECT * FROM schemamig.diff('', NULL)$$, '22004', NULL, 'diff(schema NULL) is 22004');
SELECT throws_ok($$SELECT * FROM schemamig.diff('', 'no_such_schema')$$, '3F000', NULL, 'unknown schema is 3F000');
SELECT throws_ok($$SELECT * FROM schemamig.diff('CREATE TABLE t (); COMMIT')$$, '0A000', NULL, 'transaction control is 0A000');
SELECT throws_ok($$SELECT * FROM schemamig.diff('CREATE TABLE t (); CREATE TABLE t ()')$$, '42P07', NULL,
                 'a failing model raises its own SQLSTATE');
SELECT throws_ok($$SELECT * FROM schemamig.diff('CREATE TABLE t (')$$, '42601', NULL, 'a syntax error is 42601');
SELECT throws_ok($$SELECT schemamig.fingerprint(NULL)$$, '22004', NULL, 'fingerprint(NULL) is 22004');
SELECT throws_ok($$SELECT schemamig.fingerprint('no_such_schema')$$, '3F000', NULL, 'fingerprint of an unknown schema is 3F000');
SELECT throws_ok($$SELECT schemamig.autogenerate(NULL)$$, '22004', NULL, 'autogenerate(NULL) is 22004');
SELECT throws_ok($$SELECT schemamig.autogenerate('', 'nothing', 'ag_tap')$$, '55000', NULL,
                 'autogenerate() with no difference is 55000');
SELECT lives_ok($$SELECT schemamig.autogenerate('CREATE TABLE t ()', 'a', 'ag_tap', 'tap1')$$, 'autogenerate() registers');
SELECT schemamig.add_revision('tap2', 'SELECT 1', 'SELECT 1', parents => '{}');
SELECT throws_ok($$SELECT schemamig.autogenerate('CREATE TABLE u ()', 'b', 'ag_tap')$$, '55000', NULL,
                 'autogenerate() with several heads is 55000');
SELECT throws_ok($$SELECT * FROM schemamig.check_reversible(NULL)$$, '22004', NULL, 'check_reversible(NULL) is 22004');
SELECT schemamig.add_revision('tap3', 'CREATE INDEX CONCURRENTLY i ON t (x)', NULL, parents => '{tap1}', transactional => false);
SELECT throws_ok($$SELECT * FROM schemamig.check_reversible()$$, '55000', NULL,
                 'check_reversible() refuses a non-transactional revision with 55000');

SELECT * FROM finish();
ROLLBACK;
