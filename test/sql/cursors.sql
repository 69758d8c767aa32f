-- No statement of a revision crashes the server: revisions that close,
-- fetch from and move every cursor they can name, declare their own, and
-- play with settings and plans, through upgrade, migrate and downgrade.
-- (The server log is read for signals by test/reliability/fuzz.sh.)
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE TABLE cur_seen (n int);
SELECT schemamig.add_revision('k' || i, sql, sql, CASE WHEN i = 1 THEN '{}'::text[] ELSE ARRAY['k' || (i - 1)] END)
  FROM unnest(ARRAY[
    'CLOSE ALL',
    'CLOSE ALL; INSERT INTO cur_seen VALUES (2)',
    'DECLARE c1 CURSOR FOR SELECT g FROM generate_series(1, 3) AS g; FETCH c1; MOVE LAST IN c1; CLOSE c1',
    'DECLARE c2 CURSOR FOR SELECT 1; CLOSE ALL',
    'DECLARE h1 CURSOR WITH HOLD FOR SELECT 1; FETCH ALL FROM h1; CLOSE h1',
    'SET LOCAL search_path = nowhere; SET LOCAL work_mem = ''64kB''; RESET ALL',
    'DISCARD PLANS; DEALLOCATE ALL; SELECT set_config(''search_path'', '''', true)',
    'SET LOCAL statement_timeout = ''1h''; SET LOCAL lock_timeout = 1; CLOSE ALL',
    'INSERT INTO cur_seen VALUES (9)'
  ]) WITH ORDINALITY AS u (sql, i);

-- every portal schemamig could have open has one of these names
SELECT schemamig.add_revision('k10', string_agg(format('CLOSE %I', '<unnamed portal ' || n || '>'), '; '), 'SELECT 1', '{k9}')
  FROM generate_series(1, 5) AS n;
SELECT schemamig.add_revision('k11', string_agg(format('FETCH ALL FROM %I', '<unnamed portal ' || n || '>'), '; '), 'SELECT 1', '{k10}')
  FROM generate_series(1, 5) AS n;
SELECT schemamig.add_revision('k12', string_agg(format('MOVE FORWARD ALL IN %I', '<unnamed portal ' || n || '>'), '; '), 'SELECT 1', '{k11}')
  FROM generate_series(1, 5) AS n;

-- the cursor statements naming portals that are not there fail cleanly
SELECT schemamig.upgrade();
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT schemamig.upgrade('k9');
SELECT schemamig.downgrade_to('base');
CALL schemamig.migrate('k9');
SELECT count(*) AS applied, (SELECT string_agg(n::text, ',' ORDER BY n) FROM cur_seen) AS seen FROM schemamig.applied;
SELECT schemamig.downgrade(9);
SELECT count(*) AS applied FROM schemamig.applied;
-- the server is still here
SELECT 1 AS alive;
-- nor may a rule that a revision puts on schemamig's tables, after
-- verify() looked, turn the bookkeeping's writes into something else (DO
-- INSTEAD NOTHING kept no record): that was an internal error (XX000),
-- and the rule's plan stayed saved, so that every later call of the
-- session failed the same way, the rule rolled back
SELECT schemamig.add_revision('rr', 'CREATE RULE keep_nothing AS ON UPDATE TO schemamig.state DO INSTEAD NOTHING',
                              'SELECT 1', '{k9}');
SELECT schemamig.upgrade('rr');
SELECT count(*) AS applied, (SELECT count(*) FROM pg_rules WHERE schemaname = 'schemamig') AS rules FROM schemamig.applied;
SELECT schemamig.remove_revision('rr');
-- nor a trigger that a revision puts on schemamig.state, returning NULL:
-- the state row kept its generation, so that every session's cached graph
-- passed for current, and the call went on with the next revisions; now
-- the call fails, and rolls back, at the first write the trigger swallows
CREATE FUNCTION cur_skip() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
SELECT schemamig.add_revision('rt', 'CREATE TRIGGER a_skip BEFORE UPDATE ON schemamig.state FOR EACH ROW EXECUTE FUNCTION cur_skip()',
                              'SELECT 1', '{k9}');
SELECT schemamig.add_revision('rt2', 'SELECT 1', 'SELECT 1', '{rt}');
SELECT schemamig.upgrade('rt2');
CALL schemamig.migrate('rt2');
SELECT count(*) AS applied,
       (SELECT count(*) FROM pg_trigger WHERE tgrelid = 'schemamig.state'::regclass AND tgname = 'a_skip') AS triggers
  FROM schemamig.applied;
SELECT schemamig.remove_revision('rt2'), schemamig.remove_revision('rt');
-- nor on schemamig.revision: a registration, an update by sync() or a
-- removal it swallowed was reported as done, and the backend's graph held
-- a revision the table did not (pending() listed it); now each fails
SELECT schemamig.add_revision('rs0', 'SELECT 1', 'SELECT 1', '{k9}');
CREATE TRIGGER a_skip BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision
  FOR EACH ROW EXECUTE FUNCTION cur_skip();
SELECT schemamig.add_revision('rs1', 'SELECT 1', 'SELECT 1', '{k9}');
SELECT * FROM schemamig.sync('{rs0}', '{k9}', '{changed}', '{"SELECT 2"}', '{"SELECT 1"}', '{t}');
SELECT schemamig.remove_revision('rs0');
SELECT revision FROM schemamig.pending('heads') WHERE revision LIKE 'rs%' ORDER BY 1;
DROP TRIGGER a_skip ON schemamig.revision;
SELECT id, upgrade FROM schemamig.revision WHERE id LIKE 'rs%' ORDER BY 1;
SELECT schemamig.remove_revision('rs0');
-- nor on schemamig.state, for a tenant's registration or removal, which
-- were reported done (and add_tenant() left the schema it created)
SELECT schemamig.add_tenant('cur_t2');
CREATE TRIGGER a_skip BEFORE INSERT OR DELETE ON schemamig.state
  FOR EACH ROW EXECUTE FUNCTION cur_skip();
SELECT schemamig.add_tenant('cur_t1');
SELECT schemamig.remove_tenant('cur_t2');
DROP TRIGGER a_skip ON schemamig.state;
SELECT tenant, to_regnamespace('cur_t1') IS NULL AS no_schema FROM schemamig.tenants() ORDER BY 1;
SELECT schemamig.remove_tenant('cur_t2');
DROP SCHEMA cur_t2;
DROP FUNCTION cur_skip();

-- nor does one that changes schemamig's own tables under its code: the
-- bookkeeping after it refuses to read a column of another type, or the
-- state through another index than its key, and the call rolls back
SELECT schemamig.add_revision('t1', 'ALTER TABLE schemamig.revision ALTER COLUMN message TYPE int8 USING 0', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('t1');
SELECT schemamig.add_revision('t2', 'ALTER INDEX schemamig.state_pkey RENAME TO state_pkey_moved; CREATE UNIQUE INDEX state_pkey ON schemamig.state (generation)', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('t2');
CALL schemamig.migrate('t2');
-- the version of the tables is read off a few columns: renaming one of
-- them does not pass the tables off as an older version's
SELECT schemamig.add_revision('t3', 'ALTER TABLE schemamig.state RENAME COLUMN tenant TO tnt', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('t3');
CALL schemamig.migrate('t3');
-- nor do the tables going with the extension: the default tenant's
-- bookkeeping and a tenant's (the tables are not an older version's) say so
SELECT schemamig.add_revision('t4', 'DROP EXTENSION schemamig', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('t4');
BEGIN;
SELECT schemamig.add_tenant('cur_t4');
SELECT * FROM schemamig.upgrade_tenants('t4');
ROLLBACK;
SELECT count(*) AS applied, pg_catalog.format_type(atttypid, atttypmod) AS message_type
  FROM schemamig.applied, pg_attribute WHERE attrelid = 'schemamig.revision'::regclass AND attname = 'message' GROUP BY 2;
-- changed outside schemamig: every call that reads them refuses, until
-- they are put back
BEGIN;
ALTER TABLE schemamig.revision ALTER COLUMN message TYPE int8 USING 0;
SELECT * FROM schemamig.history();
ROLLBACK;
BEGIN;
ALTER INDEX schemamig.state_pkey RENAME TO state_pkey_moved;
CREATE UNIQUE INDEX state_pkey ON schemamig.state (generation);
SELECT schemamig.upgrade();
ROLLBACK;
BEGIN;
ALTER TABLE schemamig.revision ALTER COLUMN upgrade DROP NOT NULL;
SELECT schemamig.upgrade();
ROLLBACK;
BEGIN;
ALTER TABLE schemamig.state DROP COLUMN synced;
SELECT schemamig.upgrade();
ROLLBACK;
BEGIN;
ALTER TABLE schemamig.log RENAME TO log_moved;
SELECT schemamig.upgrade();
ROLLBACK;

-- a cursor WITH HOLD that a revision running as the caller leaves is
-- read at the caller's COMMIT, after upgrade() returned: the migration
-- call in it runs then, as the caller's own would; at migrate's own
-- commit it is refused (55000) and the revision rolls back
SELECT schemamig.add_revision('w1', 'DECLARE late CURSOR WITH HOLD FOR SELECT schemamig.downgrade(1) AS reverted', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('w1');
FETCH ALL FROM late;
CLOSE late;
SELECT string_agg(revision, ',' ORDER BY seq) AS applied FROM schemamig.applied;
SELECT schemamig.downgrade_to('base');
CALL schemamig.migrate('w1');
SELECT count(*) AS applied, count(*) FILTER (WHERE revision = 'w1') AS w1 FROM schemamig.applied;
CLOSE ALL;
SELECT count(*) AS revisions FROM schemamig.history();

-- nor may it switch the guards of schemamig's tables off for a while and
-- on again: the DELETE between took the record of an applied revision (k1)
-- out of the books, the call went on and recorded the revision as applied,
-- and verify() found nothing once the triggers were as before; now the
-- revision fails when it ends (55000), through every path that runs it, as
-- one that drops a guard or replaces its function does, and the books stay
SELECT schemamig.stamp('k9');
SELECT schemamig.add_revision('g1', 'ALTER TABLE schemamig.applied DISABLE TRIGGER ALL;'
    ' DELETE FROM schemamig.applied WHERE revision = ''k1'';'
    ' ALTER TABLE schemamig.applied ENABLE TRIGGER ALL, ENABLE ALWAYS TRIGGER applied_guard_call,'
    ' ENABLE ALWAYS TRIGGER applied_owner, ENABLE ALWAYS TRIGGER applied_touch', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g1');
CALL schemamig.migrate('g1');
SELECT revision, substr(problem, 1, 80) AS problem FROM schemamig.check_reversible('g1');
SELECT schemamig.remove_revision('g1');
SELECT schemamig.add_revision('g2', 'DROP TRIGGER log_guard ON schemamig.log; DROP TRIGGER log_guard_call ON schemamig.log;'
    ' DROP TRIGGER log_owner ON schemamig.log; DELETE FROM schemamig.log', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g2');
SELECT schemamig.remove_revision('g2');
SELECT schemamig.add_revision('g3', $r$CREATE OR REPLACE FUNCTION schemamig.guard() RETURNS trigger
    LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'; DELETE FROM schemamig.applied$r$, 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g3');
SELECT schemamig.remove_revision('g3');
SELECT schemamig.add_revision('g4', 'SELECT 1', 'ALTER TABLE schemamig.log DISABLE TRIGGER USER; DELETE FROM schemamig.log;'
    ' ALTER TABLE schemamig.log ENABLE TRIGGER USER, ENABLE ALWAYS TRIGGER log_guard_call, ENABLE ALWAYS TRIGGER log_owner',
    '{k9}');
SELECT schemamig.upgrade('g4');
SELECT schemamig.downgrade(1);
SELECT schemamig.stamp('k9');
-- a guard its last statement disables, with nothing after it
SELECT schemamig.add_revision('g5', 'ALTER TABLE schemamig.state DISABLE TRIGGER state_owner', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g5');
SELECT schemamig.remove_revision('g5');
-- nor may it leave row-level security on them: enabled or forced, or a
-- policy it creates or alters (RLS off: enabled later, it would apply);
-- each fails when the revision ends (55000). Switched on and off again
-- within the revision, RLS leaves nothing behind, and the revision applies.
SELECT schemamig.add_revision('g6', 'ALTER TABLE schemamig.log ENABLE ROW LEVEL SECURITY', 'SELECT 1', '{k9}');
\set VERBOSITY default
SELECT schemamig.upgrade('g6');
\set VERBOSITY terse
SELECT schemamig.remove_revision('g6');
SELECT schemamig.add_revision('g7', 'ALTER TABLE schemamig.applied FORCE ROW LEVEL SECURITY', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g7');
SELECT schemamig.remove_revision('g7');
SELECT schemamig.add_revision('g8', 'CREATE POLICY hide ON schemamig.log USING (false)', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g8');
SELECT schemamig.remove_revision('g8');
CREATE POLICY cur_all ON schemamig.revision USING (true);
SELECT schemamig.add_revision('g9', 'ALTER POLICY cur_all ON schemamig.revision USING (false)', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g9');
SELECT schemamig.remove_revision('g9');
DROP POLICY cur_all ON schemamig.revision;
SELECT schemamig.add_revision('g10', 'ALTER TABLE schemamig.state ENABLE ROW LEVEL SECURITY;'
    ' CREATE POLICY brief ON schemamig.state USING (true); DROP POLICY brief ON schemamig.state;'
    ' ALTER TABLE schemamig.state DISABLE ROW LEVEL SECURITY', 'SELECT 1', '{k9}');
SELECT schemamig.upgrade('g10');
SELECT schemamig.stamp('k9');
SELECT schemamig.remove_revision('g10');
SELECT count(*) AS policies FROM pg_policy WHERE polrelid::regclass::text LIKE 'schemamig.%';
SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
 WHERE relnamespace = 'schemamig'::regnamespace AND relkind = 'r' AND (relrowsecurity OR relforcerowsecurity);
SELECT count(*) AS applied, count(*) FILTER (WHERE revision = 'k1') AS k1,
       (SELECT count(*) > 0 FROM schemamig.log) AS logged FROM schemamig.applied;
SELECT * FROM schemamig.verify();

DROP EXTENSION schemamig;
DROP TABLE cur_seen;
