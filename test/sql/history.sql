-- history(), current(), heads(): columns, order and flags
CREATE EXTENSION schemamig;
\set VERBOSITY terse
SET client_min_messages = warning;

SELECT * FROM schemamig.history();
SELECT schemamig.current() AS current_at_base, schemamig.heads() AS no_heads;

-- registered out of id order, with a branch: z1 -> (y2, a3) -> m4
SELECT schemamig.add_revision('z1', 'SELECT 1', 'SELECT 1', message => 'first');
SELECT schemamig.add_revision('y2', 'SELECT 1', 'SELECT 1', message => 'left');
SELECT schemamig.add_revision('a3', 'SELECT 1', 'SELECT 1', parents => '{z1}', message => 'right');
SELECT schemamig.heads();
SELECT schemamig.upgrade('heads');
-- current() is ordered by id, not by apply order
SELECT schemamig.current();
SELECT schemamig.add_revision('m4', 'SELECT pg_sleep(0.01)', 'SELECT 1', parents => '{y2,a3}', message => 'merge');
SELECT schemamig.heads();

SELECT revision, parents, message, applied, applied_at IS NOT NULL AS has_applied_at,
       applied_by = current_user AS by_me, duration IS NOT NULL AS has_duration,
       is_head, is_current
  FROM schemamig.history();

SELECT schemamig.upgrade();
SELECT revision, applied, is_head, is_current FROM schemamig.history();
SELECT schemamig.current();

-- applied_at and duration come from the applied table; the sleep shows in duration
SELECT h.applied_at = a.applied_at AND h.duration = a.duration AS matches_applied,
       h.duration >= interval '10 ms' AS slept
  FROM schemamig.history() h JOIN schemamig.applied a ON a.revision = h.revision
 WHERE h.revision = 'm4';

-- after a downgrade, the reverted revision loses its applied columns
SELECT schemamig.downgrade();
SELECT revision, applied, applied_at IS NULL AS no_applied_at, applied_by IS NULL AS no_by,
       duration IS NULL AS no_duration, is_current
  FROM schemamig.history() WHERE revision = 'm4';
SELECT schemamig.current();

-- the backend caches the graph; a change made around the functions
-- (a direct UPDATE) or a rolled-back call must not leave it stale
SELECT message FROM schemamig.history() WHERE revision = 'z1';
UPDATE schemamig.revision SET message = 'first, edited' WHERE id = 'z1';
SELECT message FROM schemamig.history() WHERE revision = 'z1';
BEGIN;
SELECT schemamig.upgrade();
SELECT schemamig.current();
ROLLBACK;
SELECT schemamig.current();
BEGIN;
SAVEPOINT s;
SELECT schemamig.upgrade();
SELECT schemamig.current();
ROLLBACK TO s;
SELECT schemamig.current();
COMMIT;

DROP EXTENSION schemamig;
