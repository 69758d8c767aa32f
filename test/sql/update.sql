-- ALTER EXTENSION schemamig UPDATE from 0.1.0 (through every update script):
-- revisions and applied state survive
CREATE EXTENSION schemamig VERSION '0.1.0';
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('u1', 'CREATE TABLE up_t (id int)', 'DROP TABLE up_t', message => 'one');
SELECT schemamig.add_revision('u2', E'ALTER TABLE up_t ADD COLUMN a int;\r\n', 'ALTER TABLE up_t DROP COLUMN a', message => 'two');
SELECT schemamig.add_revision('u3', 'SELECT 1', NULL, message => 'pending, irreversible');
SELECT schemamig.upgrade('u2');
-- this library still serves the 0.1.0 tables until the update
SELECT schemamig.downgrade(), schemamig.upgrade('u2');
CREATE TEMP TABLE before_rev AS SELECT id, seq, parents, message, upgrade, downgrade, transactional, checksum, registered_at FROM schemamig.revision;
CREATE TEMP TABLE before_app AS SELECT * FROM schemamig.applied;

ALTER EXTENSION schemamig UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';

-- everything registered and applied is still there, checksums unchanged
SELECT count(*) AS revisions_kept
  FROM (SELECT * FROM before_rev
        INTERSECT
        SELECT id, seq, parents, message, upgrade, downgrade, transactional, checksum, registered_at
          FROM schemamig.revision) AS kept;
SELECT count(*) AS applied_kept FROM (SELECT * FROM before_app INTERSECT SELECT * FROM schemamig.applied) AS kept;
SELECT * FROM schemamig.verify();
SELECT schemamig.current();

-- and the new version works on it
SELECT schemamig.upgrade();
SELECT action, revision FROM schemamig.log ORDER BY seq;
-- the guards apply to what was applied before the update
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'u1';
SELECT schemamig.downgrade_to('u1');
SELECT schemamig.stamp('base');
SELECT to_regclass('up_t') IS NOT NULL AS table_kept_by_stamp;

-- sequences continue where they were
SELECT schemamig.add_revision('u4', 'SELECT 1', parents => '{u3}');
SELECT id, seq > (SELECT max(seq) FROM before_rev) AS later FROM schemamig.revision WHERE id = 'u4';

-- the updated installation has the same objects as a fresh one
CREATE TEMP TABLE updated AS
  SELECT pg_describe_object(classid, objid, objsubid) AS obj FROM pg_depend
   WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
     AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemamig');
DROP EXTENSION schemamig;
DROP TABLE up_t;
CREATE EXTENSION schemamig;
SELECT obj FROM (SELECT pg_describe_object(classid, objid, objsubid) AS obj FROM pg_depend
                  WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
                    AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'schemamig')) fresh
 EXCEPT SELECT obj FROM updated;
SELECT count(*) > 20 AS many_objects FROM updated;
DROP EXTENSION schemamig;
