-- ALTER EXTENSION schemamig UPDATE from 0.8.4 to 0.8.5: the comment on
-- schemamig.revision.id says every id refused ("heads" and "base" too) and
-- which characters an id has; nothing else changes, and what is registered
-- and applied stays.
CREATE EXTENSION schemamig VERSION '0.8.4';
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('v1', 'SELECT 1', 'SELECT 1', '{}', message => 'one');
SELECT schemamig.upgrade();
CREATE TEMP TABLE upd85_before AS
  SELECT c.relname, a.attname, col_description(c.oid, a.attnum) AS comment
    FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
   WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind = 'r'
  UNION ALL
  SELECT p.oid::regprocedure::text, NULL, obj_description(p.oid, 'pg_proc')
    FROM pg_proc AS p WHERE p.pronamespace = 'schemamig'::regnamespace;

ALTER EXTENSION schemamig UPDATE TO '0.8.5';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';
SELECT col_description('schemamig.revision'::regclass, 1) AS id_comment;
-- the ids it names are the ones refused
SELECT schemamig.add_revision('heads', 'SELECT 1', NULL, '{}');
SELECT schemamig.add_revision('base', 'SELECT 1', NULL, '{}');
SELECT schemamig.add_revision('a/b', 'SELECT 1', NULL, '{}');
-- no other comment changed: what differs from before is the id's old one
(SELECT * FROM upd85_before EXCEPT
 SELECT c.relname, a.attname, col_description(c.oid, a.attnum)
   FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
  WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind = 'r'
 EXCEPT
 SELECT p.oid::regprocedure::text, NULL, obj_description(p.oid, 'pg_proc')
   FROM pg_proc AS p WHERE p.pronamespace = 'schemamig'::regnamespace);
SELECT revision FROM schemamig.applied;
SELECT * FROM schemamig.verify();
-- a new installation says the same
DROP EXTENSION schemamig;
CREATE EXTENSION schemamig;
SELECT col_description('schemamig.revision'::regclass, 1) AS id_comment;

DROP EXTENSION schemamig;
