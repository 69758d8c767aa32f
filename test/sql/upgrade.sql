-- upgrade() and pending(): targets, order, counts, refusals
CREATE EXTENSION schemamig;
\set VERBOSITY terse
SET client_min_messages = warning;

-- a log the revisions write to, so the order they ran in is visible
CREATE TABLE up_log (n serial, rev text);

-- a: base; b and c branch from a (c registered first); d merges b and c
SELECT schemamig.add_revision('a', $$INSERT INTO up_log (rev) VALUES ('a')$$, 'DELETE FROM up_log WHERE rev = ''a''');
SELECT schemamig.add_revision('c', $$INSERT INTO up_log (rev) VALUES ('c')$$, 'DELETE FROM up_log WHERE rev = ''c''', parents => '{a}');
SELECT schemamig.add_revision('b', $$INSERT INTO up_log (rev) VALUES ('b')$$, 'DELETE FROM up_log WHERE rev = ''b''', parents => '{a}');

-- two heads: 'head' is refused (55000), before and after nothing ran
SELECT schemamig.heads();
SELECT schemamig.upgrade();
SELECT * FROM schemamig.pending();
SELECT schemamig.upgrade('head');

-- pending(target) lists exactly what upgrade(target) then applies
SELECT * FROM schemamig.pending('b');
SELECT schemamig.upgrade('b');
SELECT rev FROM up_log ORDER BY n;
SELECT schemamig.current();
-- a target already applied returns 0, and so do its ancestors
SELECT schemamig.upgrade('b'), schemamig.upgrade('a');

SELECT schemamig.add_revision('d', $$INSERT INTO up_log (rev) VALUES ('d')$$, 'DELETE FROM up_log WHERE rev = ''d''', parents => '{b,c}', message => 'merge');
SELECT schemamig.add_revision('e', $$INSERT INTO up_log (rev) VALUES ('e')$$, 'DELETE FROM up_log WHERE rev = ''e''', message => 'after merge');
SELECT schemamig.add_revision('f', $$INSERT INTO up_log (rev) VALUES ('f')$$, 'DELETE FROM up_log WHERE rev = ''f''');

-- '+N': the first N of what 'heads' would apply
SELECT * FROM schemamig.pending('+2');
SELECT schemamig.upgrade('+2');
SELECT rev FROM up_log ORDER BY n;
SELECT schemamig.upgrade('+0');

-- 'head' now has a single head
SELECT * FROM schemamig.pending();
SELECT schemamig.upgrade();
SELECT rev FROM up_log ORDER BY n;
SELECT schemamig.upgrade(), schemamig.upgrade('heads'), schemamig.upgrade('base');
SELECT count(*) FROM schemamig.pending('heads');

-- order: parents before children, ties by registration order
SELECT schemamig.downgrade_to('base');
TRUNCATE up_log;
SELECT * FROM schemamig.pending('heads');
SELECT schemamig.upgrade('heads');
SELECT rev FROM up_log ORDER BY n;
SELECT revision FROM schemamig.applied ORDER BY seq;

-- refusals (22004, 22023, 42704) change nothing
SELECT schemamig.downgrade_to('base');
SELECT schemamig.upgrade(NULL);
SELECT schemamig.upgrade('');
SELECT schemamig.upgrade('+');
SELECT schemamig.upgrade('+-1');
SELECT schemamig.upgrade('-1');
SELECT schemamig.upgrade('+1.5');
SELECT schemamig.upgrade('+99999999999');
SELECT schemamig.upgrade('has space');
SELECT schemamig.upgrade('nope');
SELECT * FROM schemamig.pending(NULL);
SELECT * FROM schemamig.pending('bad target!');
SELECT * FROM schemamig.pending('nope');
SELECT count(*) AS applied_rows FROM schemamig.applied;

-- a non-transactional revision is refused by upgrade() before anything runs
SELECT schemamig.add_revision('conc', 'CREATE INDEX CONCURRENTLY up_log_rev ON up_log (rev)',
                              'DROP INDEX CONCURRENTLY up_log_rev', transactional => false);
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT count(*) AS applied_rows FROM schemamig.applied;
-- but the revisions before it can be applied by naming them
SELECT schemamig.upgrade('f');
SELECT * FROM schemamig.pending();
SELECT schemamig.downgrade_to('base');

-- with no revisions at all, 'head' has nothing to do
DROP EXTENSION schemamig;
CREATE EXTENSION schemamig;
SELECT schemamig.upgrade(), schemamig.heads(), schemamig.current();
SELECT count(*) FROM schemamig.pending();

DROP EXTENSION schemamig;
DROP TABLE up_log;
