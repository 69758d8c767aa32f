-- CALL schemamig.migrate(): upgrade() with a commit after each revision
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE TABLE mg_seen (rev text, xid xid8);
SELECT schemamig.add_revision('m' || i, format('INSERT INTO mg_seen VALUES (%L, pg_current_xact_id())', 'm' || i),
                              format('DELETE FROM mg_seen WHERE rev = %L', 'm' || i),
                              message => 'step ' || i)
  FROM generate_series(1, 3) AS i;
-- m4 fails; m5 after it
SELECT schemamig.add_revision('m4', 'INSERT INTO mg_seen VALUES (''m4'', pg_current_xact_id()); SELECT 1/0', 'SELECT 1', message => 'fails');
SELECT schemamig.add_revision('m5', 'SELECT 1', 'SELECT 1', message => 'after the failure');

-- the failing revision stops the procedure; the three before it stay, each
-- committed in its own transaction; m4 left nothing behind
CALL schemamig.migrate();
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT rev FROM mg_seen ORDER BY rev;
SELECT count(DISTINCT xid) AS transactions FROM mg_seen;
SELECT action, revision FROM schemamig.log ORDER BY seq;

-- inside a transaction block it refuses (25001), and changes nothing
DELETE FROM schemamig.revision WHERE id IN ('m4', 'm5');
SELECT schemamig.add_revision('m4', 'INSERT INTO mg_seen VALUES (''m4'', pg_current_xact_id())', 'SELECT 1', parents => '{m3}');
BEGIN;
CALL schemamig.migrate();
ROLLBACK;
\set VERBOSITY sqlstate
BEGIN;
CALL schemamig.migrate();
ROLLBACK;
BEGIN;
DO $$ BEGIN CALL schemamig.migrate(); END $$;
ROLLBACK;
\set VERBOSITY terse
SELECT count(*) AS applied FROM schemamig.applied;
CALL schemamig.migrate();
SELECT count(*) AS applied FROM schemamig.applied;

-- targets work as for upgrade(); NULL and malformed ones are refused
CALL schemamig.migrate(NULL);
CALL schemamig.migrate('bad target!');
CALL schemamig.migrate('nope');
SELECT schemamig.downgrade_to('m1');
CALL schemamig.migrate('+1');
SELECT schemamig.current();
CALL schemamig.migrate('m3');
SELECT schemamig.current();
CALL schemamig.migrate('heads');
CALL schemamig.migrate();
SELECT schemamig.current(), (SELECT count(*) FROM schemamig.applied) AS applied;

-- it refuses non-transactional revisions and problems verify() reports, before committing anything
SELECT schemamig.add_revision('nt', 'CREATE INDEX CONCURRENTLY mg_i ON mg_seen (rev)', 'DROP INDEX CONCURRENTLY mg_i', transactional => false);
CALL schemamig.migrate();
SELECT schemamig.remove_revision('nt');
SET session_replication_role = replica;
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'm1';
RESET session_replication_role;
SELECT schemamig.add_revision('m6', 'SELECT 1', 'SELECT 1');
CALL schemamig.migrate();
SELECT count(*) AS applied FROM schemamig.applied;

DROP EXTENSION schemamig;
DROP TABLE mg_seen;
