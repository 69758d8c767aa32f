-- stamp(), remove_revision() and the log
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

-- an existing database adopts schemamig: its schema is already there
CREATE TABLE st_users (id int);
SELECT schemamig.add_revision('s1', 'CREATE TABLE st_users (id int)', 'DROP TABLE st_users', message => 'baseline');
SELECT schemamig.add_revision('s2', 'ALTER TABLE st_users ADD COLUMN email text', 'ALTER TABLE st_users DROP COLUMN email');
SELECT schemamig.add_revision('b1', 'CREATE TABLE st_b1 (id int)', 'DROP TABLE st_b1', parents => '{s1}', message => 'branch');
SELECT schemamig.stamp('s1');
SELECT revision, applied_by = current_user AS by_me, duration FROM schemamig.applied ORDER BY seq;
-- upgrade() now runs s2 alone; s1 would have failed on the existing table
SELECT schemamig.upgrade('s2');
SELECT column_name FROM information_schema.columns WHERE table_name = 'st_users' ORDER BY ordinal_position;

-- stamp makes the applied set exactly target and its ancestors; returns rows changed
SELECT schemamig.stamp('s2');
SELECT schemamig.stamp('b1');
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT schemamig.stamp('heads');
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT schemamig.stamp('base');
SELECT count(*) AS applied FROM schemamig.applied;
SELECT schemamig.stamp('base');
-- several heads: 'head' is refused
SELECT schemamig.stamp('head');
SELECT schemamig.add_revision('m1', 'SELECT 1', 'SELECT 1', parents => '{s2,b1}', message => 'merge');
SELECT schemamig.stamp('head');
SELECT schemamig.current();
-- a stamp runs no SQL: b1's table was never created
SELECT to_regclass('st_b1') IS NULL AS no_b1_table;

-- refusals change nothing
SELECT schemamig.stamp(NULL);
SELECT schemamig.stamp('+1');
SELECT schemamig.stamp('bad id!');
SELECT schemamig.stamp('nope');
SELECT count(*) AS applied FROM schemamig.applied;

-- remove_revision: only a pending revision without children
SELECT schemamig.add_revision('p1', 'SELECT 1', 'SELECT 1', message => 'pending');
SELECT schemamig.add_revision('p2', 'SELECT 1', 'SELECT 1', message => 'pending child');
SELECT schemamig.remove_revision(NULL);
SELECT schemamig.remove_revision('bad id!');
SELECT schemamig.remove_revision('nope');
SELECT schemamig.remove_revision('m1');
SELECT schemamig.remove_revision('p1');
SELECT schemamig.remove_revision('p2');
SELECT schemamig.remove_revision('p1');
SELECT schemamig.heads();

-- the log: every action in order, kept across downgrades
SELECT schemamig.downgrade();
SELECT seq, action, revision, by = current_user AS by_me, at IS NOT NULL AS has_at,
       duration >= '0' AS has_duration
  FROM schemamig.log ORDER BY seq;
SELECT schemamig.upgrade();
SELECT action, revision FROM schemamig.log ORDER BY seq DESC LIMIT 2;
-- durations of upgrades and downgrades are measured; the log agrees with applied
SELECT l.duration = a.duration AND l.at = a.applied_at AS matches
  FROM schemamig.log l JOIN schemamig.applied a ON a.revision = l.revision
 WHERE l.seq = (SELECT max(seq) FROM schemamig.log);

SELECT schemamig.stamp('base');
SELECT count(*) AS applied FROM schemamig.applied;
DROP EXTENSION schemamig;
DROP TABLE st_users;
