-- The SQL contract of schemamig: objects, signatures, and every SQLSTATE.
\set ON_ERROR_STOP 1
\set QUIET 1
SET client_min_messages = warning;
BEGIN;
CREATE EXTENSION pgtap;
CREATE EXTENSION schemamig;
SELECT plan(86);

-- objects and signatures
SELECT has_schema('schemamig');
SELECT has_table('schemamig', 'revision', 'revision table');
SELECT has_table('schemamig', 'applied', 'applied table');
SELECT has_function('schemamig', 'add_revision', ARRAY['text', 'text', 'text', 'text[]', 'text', 'boolean']);
SELECT function_returns('schemamig', 'add_revision', ARRAY['text', 'text', 'text', 'text[]', 'text', 'boolean'], 'text');
SELECT function_returns('schemamig', 'upgrade', ARRAY['text'], 'integer');
SELECT function_returns('schemamig', 'downgrade', ARRAY['integer'], 'integer');
SELECT function_returns('schemamig', 'downgrade_to', ARRAY['text'], 'integer');
SELECT function_returns('schemamig', 'history', ARRAY[]::text[], 'setof record');
SELECT function_returns('schemamig', 'current', ARRAY[]::text[], 'text[]');
SELECT function_returns('schemamig', 'heads', ARRAY[]::text[], 'text[]');
SELECT function_returns('schemamig', 'pending', ARRAY['text'], 'setof record');
SELECT is(pg_get_function_arguments('schemamig.add_revision(text,text,text,text[],text,boolean)'::regprocedure),
          'id text, upgrade text, downgrade text DEFAULT NULL::text, parents text[] DEFAULT NULL::text[], message text DEFAULT ''''::text, transactional boolean DEFAULT true',
          'add_revision argument names and defaults');
SELECT is(pg_get_function_arguments('schemamig.upgrade(text)'::regprocedure), 'target text DEFAULT ''head''::text', 'upgrade default target');
SELECT is(pg_get_function_arguments('schemamig.downgrade(integer)'::regprocedure), 'n integer DEFAULT 1', 'downgrade default n');
SELECT is(pg_get_function_result('schemamig.history()'::regprocedure),
          'TABLE(revision text, parents text[], message text, applied boolean, applied_at timestamp with time zone, applied_by name, duration interval, is_head boolean, is_current boolean)',
          'history columns');
SELECT is(pg_get_function_result('schemamig.pending(text)'::regprocedure), 'TABLE(revision text, message text)', 'pending columns');
SELECT set_eq($$SELECT unnest(extconfig)::regclass::text FROM pg_extension WHERE extname = 'schemamig'$$,
              ARRAY['schemamig.revision', 'schemamig.applied', 'schemamig.log',
                    'schemamig.revision_seq', 'schemamig.applied_seq', 'schemamig.log_seq',
                    'schemamig.state'],
              'revision, applied, log (and their sequences) and the registered tenants are kept by pg_dump');
-- tenants (issue 11's contract)
SELECT is(pg_get_function_arguments('schemamig.add_tenant(name)'::regprocedure), 'tenant name', 'add_tenant arguments');
SELECT function_returns('schemamig', 'add_tenant', ARRAY['name'], 'void');
SELECT is(pg_get_function_arguments('schemamig.remove_tenant(name)'::regprocedure), 'tenant name', 'remove_tenant arguments');
SELECT function_returns('schemamig', 'remove_tenant', ARRAY['name'], 'void');
SELECT is(pg_get_function_result('schemamig.tenants()'::regprocedure),
          'TABLE(tenant name, current text[], pending integer)', 'tenants columns');
SELECT is(pg_get_function_arguments('schemamig.upgrade_tenants(text, name[])'::regprocedure),
          'target text DEFAULT ''head''::text, tenants name[] DEFAULT NULL::name[]', 'upgrade_tenants arguments');
SELECT is(pg_get_function_result('schemamig.upgrade_tenants(text, name[])'::regprocedure),
          'TABLE(tenant name, applied integer)', 'upgrade_tenants columns');
SELECT is((SELECT prokind FROM pg_proc WHERE oid = 'schemamig.migrate_tenants(text, name[])'::regprocedure), 'p', 'migrate_tenants is a procedure');
SELECT is(pg_get_function_arguments('schemamig.migrate_tenants(text, name[])'::regprocedure),
          'IN target text DEFAULT ''head''::text, IN tenants name[] DEFAULT NULL::name[]', 'migrate_tenants arguments');
SELECT is(current_setting('schemamig.tenant'), '', 'schemamig.tenant defaults to the database''s own');
SELECT is_empty($$SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'schemamig'::regnamespace
                   AND obj_description(p.oid, 'pg_proc') IS NULL$$,
                'every function has a comment');
SELECT is_empty($$SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'schemamig'::regnamespace
                   AND c.relkind IN ('r', 'S') AND obj_description(c.oid, 'pg_class') IS NULL$$,
                'every table and sequence has a comment');
SELECT is_empty($$SELECT p.proname FROM pg_proc p WHERE p.pronamespace = 'schemamig'::regnamespace AND p.prosecdef$$,
                'no SECURITY DEFINER function');

-- a small graph: a <- b; a <- c (branch), all reversible
SELECT is(schemamig.add_revision('a', 'CREATE TABLE tap_a (id int)', 'DROP TABLE tap_a'), 'a', 'add_revision returns the id');
SELECT is(schemamig.add_revision('b', 'CREATE TABLE tap_b (id int)', 'DROP TABLE tap_b'), 'b', 'parents => NULL takes the head');
SELECT is(parents, '{a}', 'b''s parent is a') FROM schemamig.revision WHERE id = 'b';
SELECT matches(schemamig.add_revision(NULL, 'SELECT 1', 'SELECT 1', '{a}'), '^[0-9a-f]{12}$', 'id => NULL generates 12 hex digits');

CREATE TEMP TABLE snap_rev AS SELECT * FROM schemamig.revision;
CREATE TEMP TABLE snap_app AS SELECT * FROM schemamig.applied;

-- 22004: NULL where a value is needed
SELECT throws_ok($$SELECT schemamig.add_revision('x', NULL)$$, '22004', 'add_revision: upgrade must not be NULL', 'upgrade NULL');
SELECT throws_ok($$SELECT schemamig.add_revision('x', 'SELECT 1', parents => '{NULL}')$$, '22004', NULL, 'NULL parent');
SELECT throws_ok($$SELECT schemamig.upgrade(NULL)$$, '22004', NULL, 'upgrade(NULL)');
SELECT throws_ok($$SELECT schemamig.downgrade(NULL)$$, '22004', NULL, 'downgrade(NULL)');
SELECT throws_ok($$SELECT schemamig.downgrade_to(NULL)$$, '22004', NULL, 'downgrade_to(NULL)');
SELECT throws_ok($$SELECT * FROM schemamig.pending(NULL)$$, '22004', NULL, 'pending(NULL)');
-- 22023: malformed id, n < 0, malformed target, empty upgrade SQL
SELECT throws_ok($$SELECT schemamig.add_revision('a b', 'SELECT 1')$$, '22023', 'invalid revision id "a b"', 'malformed id');
SELECT throws_ok($$SELECT schemamig.add_revision(repeat('a', 129), 'SELECT 1')$$, '22023', NULL, 'id too long');
SELECT throws_ok($$SELECT schemamig.add_revision('x', '  ')$$, '22023', 'add_revision: upgrade SQL is empty', 'empty upgrade SQL');
SELECT throws_ok($$SELECT schemamig.downgrade(-1)$$, '22023', NULL, 'n < 0');
SELECT throws_ok($$SELECT schemamig.upgrade('+x')$$, '22023', 'invalid upgrade target "+x"', 'malformed upgrade target');
SELECT throws_ok($$SELECT schemamig.downgrade_to('heads')$$, '22023', NULL, 'malformed downgrade target');
-- 42704: unknown revision or target
SELECT throws_ok($$SELECT schemamig.upgrade('zzz')$$, '42704', 'revision "zzz" does not exist', 'unknown upgrade target');
SELECT throws_ok($$SELECT schemamig.downgrade_to('zzz')$$, '42704', NULL, 'unknown downgrade target');
SELECT throws_ok($$SELECT schemamig.add_revision('x', 'SELECT 1', parents => '{zzz}')$$, '42704', NULL, 'unknown parent');
-- 42710: duplicate id
SELECT throws_ok($$SELECT schemamig.add_revision('a', 'SELECT 1')$$, '42710', 'revision "a" already exists', 'duplicate id');
-- 55000: state that forbids the call
SELECT throws_ok($$SELECT schemamig.upgrade()$$, '55000', NULL, 'several heads, upgrade(''head'')');
SELECT throws_ok($$SELECT schemamig.add_revision('x', 'SELECT 1')$$, '55000', NULL, 'several heads, parents => NULL');
SELECT throws_ok($$SELECT schemamig.downgrade(1)$$, '55000', 'cannot revert 1 revision: only 0 are applied', 'n beyond base');
-- transaction control and syntax errors are refused at registration
SELECT throws_ok($$SELECT schemamig.add_revision('x', 'ROLLBACK', parents => '{}')$$, '0A000', NULL, 'ROLLBACK refused');
SELECT throws_ok($$SELECT schemamig.add_revision('x', 'SELECT 1', 'COMMIT', parents => '{}')$$, '0A000', NULL, 'COMMIT in downgrade refused');
SELECT throws_ok($$SELECT schemamig.add_revision('x', 'SELEC 1', parents => '{}')$$, '42601', NULL, 'syntax error refused');

SELECT set_eq('SELECT * FROM schemamig.revision', 'SELECT * FROM snap_rev', 'refused calls left revision unchanged');
SELECT set_eq('SELECT * FROM schemamig.applied', 'SELECT * FROM snap_app', 'refused calls left applied unchanged');

-- apply b's branch; irreversible and non-transactional revisions are refused in full
SELECT is(schemamig.upgrade('b'), 2, 'upgrade(b) applies a and b');
SELECT is(schemamig.add_revision('irr', 'CREATE TABLE tap_irr (id int)', NULL, '{b}'), 'irr', 'irreversible revision registered');
SELECT is(schemamig.upgrade('irr'), 1, 'irreversible revision applied');
SELECT throws_ok($$SELECT schemamig.downgrade(2)$$, '55000', 'revision "irr" is irreversible', 'irreversible revision in range');
SELECT throws_ok($$SELECT schemamig.downgrade_to('a')$$, '55000', NULL, 'irreversible revision in downgrade_to range');
SELECT is(schemamig.add_revision('nt', 'CREATE INDEX CONCURRENTLY tap_b_id ON tap_b (id)', 'DROP INDEX CONCURRENTLY tap_b_id', '{irr}', transactional => false), 'nt', 'non-transactional revision registered');
SELECT throws_ok($$SELECT schemamig.upgrade('nt')$$, '55000', 'revision "nt" is not transactional and cannot be applied inside a transaction', 'non-transactional revision refused');
SELECT results_eq($$SELECT revision FROM schemamig.applied ORDER BY seq$$, ARRAY['a', 'b', 'irr'], 'refusals applied and reverted nothing');
SELECT has_table('tap_irr', 'irreversible revision''s table is still there');

-- pending(target) is exactly what upgrade(target) applies
SELECT results_eq($$SELECT revision FROM schemamig.pending('heads')$$,
                  $$SELECT id FROM schemamig.revision WHERE id NOT IN (SELECT revision FROM schemamig.applied) ORDER BY seq$$,
                  'pending(heads) lists every pending revision in registration order');
DELETE FROM schemamig.revision WHERE id = 'nt';
CREATE TEMP TABLE planned AS SELECT revision FROM schemamig.pending('heads');
SELECT is(schemamig.upgrade('heads'), (SELECT count(*)::int FROM planned), 'upgrade(heads) applied as many as pending listed');
SELECT results_eq($$SELECT revision FROM schemamig.applied ORDER BY seq DESC LIMIT (SELECT count(*) FROM planned)$$,
                  $$SELECT revision FROM planned ORDER BY 1 DESC$$, 'and exactly those');
SELECT is(schemamig.current(), (SELECT array_agg(id ORDER BY id COLLATE "C") FROM schemamig.revision
                                WHERE id NOT IN (SELECT unnest(parents) FROM schemamig.revision)),
          'current() is every head once all is applied');
SELECT is(schemamig.heads(), schemamig.current(), 'heads() equals current() when all is applied');

-- 0.4.0: authors, the plans the client shows, lint and trace
SELECT has_column('schemamig', 'revision', 'author', 'revision.author');
SELECT col_not_null('schemamig', 'revision', 'author', 'every revision has an author');
SELECT is(pg_get_function_result('schemamig.lint(text)'::regprocedure),
          'TABLE(revision text, statement integer, line integer, severity text, rule text, relation text, message text, hint text)',
          'lint columns');
SELECT is(pg_get_function_arguments('schemamig.lint(text)'::regprocedure), 'target text DEFAULT ''head''::text', 'lint default target');
SELECT is(pg_get_function_result('schemamig.trace(text)'::regprocedure),
          'TABLE(revision text, statement integer, line integer, relation text, lock_mode text, rewritten boolean, duration interval)',
          'trace columns');
SELECT is(pg_get_function_arguments('schemamig.trace(text)'::regprocedure), 'target text DEFAULT ''head''::text', 'trace default target');
SELECT is(pg_get_function_result('schemamig.downgrade_plan(integer)'::regprocedure),
          'TABLE(revision text, message text, transactional boolean)', 'downgrade_plan(n) columns');
SELECT is(pg_get_function_result('schemamig.downgrade_plan(text)'::regprocedure),
          'TABLE(revision text, message text, transactional boolean)', 'downgrade_plan(target) columns');
-- 42501: a caller without the privileges of a revision's author, before anything runs
CREATE ROLE regress_tap_author;
CREATE ROLE regress_tap_caller;
SELECT schemamig.grant_deployer('regress_tap_author'), schemamig.grant_deployer('regress_tap_caller');
SET LOCAL ROLE regress_tap_author;
SELECT is(schemamig.add_revision('by_author', 'SELECT 1', 'SELECT 1', '{}'), 'by_author', 'a deployer registers');
RESET ROLE;
SELECT is(author, 'regress_tap_author', 'and is its author') FROM schemamig.revision WHERE id = 'by_author';
SET LOCAL ROLE regress_tap_caller;
SELECT throws_ok($$SELECT schemamig.upgrade('by_author')$$, '42501',
                 'permission denied to run revision "by_author" as its author "regress_tap_author"', 'another deployer may not run it');
RESET ROLE;
-- 55000: a revision's SQL changing schemamig's tables
SELECT is(schemamig.add_revision('books', 'DELETE FROM schemamig.log', 'SELECT 1', '{}'), 'books', 'a revision that edits the log');
SELECT throws_ok($$SELECT schemamig.upgrade('books')$$, '55000', 'the SQL of revision "books" cannot change schemamig.log', 'is refused');

SELECT * FROM finish();
ROLLBACK;
