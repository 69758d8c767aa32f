-- downgrade(n) and downgrade_to(target): what is reverted, in which order, and refusals
CREATE EXTENSION schemamig;
\set VERBOSITY terse
SET client_min_messages = warning;

CREATE TABLE dn_log (n serial, rev text, dir text);
CREATE FUNCTION dn_rev(id text) RETURNS text LANGUAGE sql AS $$
  SELECT schemamig.add_revision(id,
    format('INSERT INTO dn_log (rev, dir) VALUES (%L, ''up'')', id),
    format('INSERT INTO dn_log (rev, dir) VALUES (%L, ''down'')', id),
    parents => CASE id WHEN 'a' THEN '{}'::text[] WHEN 'x' THEN '{a}' WHEN 'y' THEN '{x}'
                       WHEN 'm' THEN '{c,y}' ELSE NULL END)
$$;
-- a - b - c
--  \- x - y  ; m merges c and y
SELECT dn_rev('a'), dn_rev('b'), dn_rev('c'), dn_rev('x'), dn_rev('y'), dn_rev('m');
SELECT schemamig.upgrade('c');
SELECT schemamig.upgrade('y');
SELECT schemamig.upgrade('m');
SELECT revision FROM schemamig.applied ORDER BY seq;

-- downgrade() reverts the most recently applied revision
TRUNCATE dn_log;
SELECT schemamig.downgrade();
SELECT schemamig.current();
-- downgrade(n): the n most recent, newest first
SELECT schemamig.downgrade(2);
SELECT rev, dir FROM dn_log ORDER BY n;
SELECT schemamig.current();
SELECT schemamig.downgrade(0);

-- downgrade_to(target): everything applied that is not target or its ancestor
SELECT schemamig.upgrade('m');
TRUNCATE dn_log;
SELECT schemamig.downgrade_to('b');
SELECT rev, dir FROM dn_log ORDER BY n;
SELECT schemamig.current();
-- a target with nothing after it reverts nothing
SELECT schemamig.downgrade_to('b');
-- downgrade_to a pending revision keeps only its applied ancestors
SELECT schemamig.upgrade('m');
TRUNCATE dn_log;
SELECT schemamig.downgrade_to('y');
SELECT rev, dir FROM dn_log ORDER BY n;
SELECT schemamig.current();

-- refusals change nothing
CREATE TEMP TABLE before AS SELECT revision FROM schemamig.applied;
SELECT schemamig.downgrade(NULL);
SELECT schemamig.downgrade(-1);
SELECT schemamig.downgrade(5);
SELECT schemamig.downgrade_to(NULL);
SELECT schemamig.downgrade_to('head');
SELECT schemamig.downgrade_to('+1');
SELECT schemamig.downgrade_to('bad id');
SELECT schemamig.downgrade_to('nope');
SELECT (SELECT array_agg(revision ORDER BY revision) FROM schemamig.applied)
     = (SELECT array_agg(revision ORDER BY revision) FROM before) AS unchanged;

-- an irreversible revision (no downgrade SQL) in the range refuses the whole call
SELECT schemamig.add_revision('irr', 'INSERT INTO dn_log (rev, dir) VALUES (''irr'', ''up'')', NULL, parents => '{m}');
SELECT schemamig.add_revision('top', 'INSERT INTO dn_log (rev, dir) VALUES (''top'', ''up'')', 'INSERT INTO dn_log (rev, dir) VALUES (''top'', ''down'')');
SELECT schemamig.upgrade();
TRUNCATE dn_log;
\set VERBOSITY default
SELECT schemamig.downgrade(2);
\set VERBOSITY terse
SELECT schemamig.downgrade_to('base');
SELECT count(*) AS nothing_ran FROM dn_log;
SELECT schemamig.current();
-- reverting only what is after it works
SELECT schemamig.downgrade(1);
SELECT schemamig.current();

-- a non-transactional revision is not reverted by downgrade() either
-- (stamp() marks it applied, as the command-line client would)
SELECT schemamig.add_revision('conc', 'SELECT 1', 'SELECT 1', parents => '{top}', transactional => false);
SELECT schemamig.upgrade('top');
SELECT schemamig.stamp('conc');
SELECT schemamig.downgrade(1);
SELECT 'conc' = ANY (schemamig.current()) AS still_applied;

DROP EXTENSION schemamig;
DROP TABLE dn_log;
DROP FUNCTION dn_rev(text);
