-- A failing revision: the error names it, keeps its SQLSTATE and statement,
-- and nothing of the call stays applied.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;

SELECT schemamig.add_revision('at1', 'CREATE TABLE at_t1 (id int PRIMARY KEY)', 'DROP TABLE at_t1', message => 'create t1');
SELECT schemamig.add_revision('at2', 'INSERT INTO at_t1 VALUES (1)', 'DELETE FROM at_t1', message => 'fill t1');
SELECT schemamig.add_revision('at3', $$CREATE TABLE at_t3 (id int);
-- the second statement violates the primary key
INSERT INTO at_t1 VALUES (1);$$, 'DROP TABLE at_t3', message => 'duplicate row');

-- the error carries the original SQLSTATE (23505), the failing statement,
-- and a context line naming the revision, its message and the line
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT count(*) AS applied_rows FROM schemamig.applied;
SELECT to_regclass('at_t1') IS NULL AS no_t1, to_regclass('at_t3') IS NULL AS no_t3;

-- the SQLSTATE is catchable as such
DO $$
BEGIN
  PERFORM schemamig.upgrade();
EXCEPTION WHEN unique_violation THEN
  RAISE WARNING 'caught %', SQLSTATE;
END $$;

-- an earlier successful call survives a later failing one in the same transaction
BEGIN;
SELECT schemamig.upgrade('at2');
SAVEPOINT s;
SELECT schemamig.upgrade();
ROLLBACK TO s;
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT count(*) AS t1_rows FROM at_t1;
COMMIT;

-- errors raised by the revision itself keep their SQLSTATE too
DELETE FROM schemamig.revision WHERE id = 'at3';
SELECT schemamig.add_revision('at5', $q$DO $b$ BEGIN RAISE EXCEPTION 'custom' USING ERRCODE = 'P0042'; END $b$$q$, parents => '{at2}');
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT count(*) AS applied_rows FROM schemamig.applied;
DELETE FROM schemamig.revision WHERE id = 'at5';

-- nested migration calls from a revision are refused (55000)
SELECT schemamig.add_revision('at6', 'SELECT schemamig.downgrade(1)', parents => '{at2}');
SELECT schemamig.upgrade();
DELETE FROM schemamig.revision WHERE id = 'at6';
-- the procedures too: a revision's CALL of migrate or migrate_tenants is the
-- same 55000 under upgrade() and under migrate, not the 25001 of a
-- transaction block (a revision never runs where a procedure may commit)
SELECT schemamig.add_revision('at6', 'CALL schemamig.migrate()', parents => '{at2}');
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT schemamig.upgrade();
CALL schemamig.migrate();
DELETE FROM schemamig.revision WHERE id = 'at6';
SELECT schemamig.add_revision('at6', 'CALL schemamig.migrate_tenants()', parents => '{at2}');
SELECT schemamig.upgrade();
CALL schemamig.migrate();
DELETE FROM schemamig.revision WHERE id = 'at6';
SELECT count(*) AS applied_rows FROM schemamig.applied;

-- a revision whose downgrade will fail, applied before the next two
SELECT schemamig.add_revision('at9', 'CREATE TABLE at_t9 (id int)', 'DROP TABLE at_t9_does_not_exist', parents => '{at1}', message => 'bad downgrade');
SELECT schemamig.upgrade('at9');

-- reading functions work from inside a revision, and see the call so far
CREATE TABLE at_seen (cur text[]);
SELECT schemamig.add_revision('at7', 'INSERT INTO at_seen SELECT schemamig.current()', 'DELETE FROM at_seen', parents => '{at2}');
SELECT schemamig.add_revision('at8', 'CREATE TABLE at_t8 (id int); INSERT INTO at_seen SELECT schemamig.current()', 'DROP TABLE at_t8', parents => '{at7}');
SELECT schemamig.upgrade('at8');
SELECT cur FROM at_seen ORDER BY cur;

-- a failing downgrade undoes the downgrades before it in the same call:
-- at8 and at7 are reverted first, then at9's downgrade fails
SELECT schemamig.downgrade_to('base');
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT to_regclass('at_t8') IS NOT NULL AS t8_kept, to_regclass('at_t9') IS NOT NULL AS t9_kept,
       (SELECT count(*) FROM at_seen) AS seen_rows;

DROP EXTENSION schemamig;
DROP TABLE at_seen, at_t1, at_t8, at_t9;
