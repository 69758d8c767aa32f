-- ALTER EXTENSION schemamig UPDATE from 0.8.3 to 0.8.4: the schema and
-- every column of the four tables get a comment, and grant_deployer()'s
-- and grant_reader()'s say what they grant; nothing else changes, and what
-- is registered and applied stays.
CREATE EXTENSION schemamig VERSION '0.8.3';
-- (as an earlier test may have left it)
COMMENT ON SCHEMA schemamig IS NULL;
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('v1', 'SELECT 1', 'SELECT 1', '{}', message => 'one');
SELECT schemamig.upgrade();
SELECT count(*) AS columns_without_comment
  FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind = 'r'
   AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL;
CREATE TEMP TABLE upd84_before AS
  SELECT p.oid::regprocedure::text AS fn, obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc AS p WHERE p.pronamespace = 'schemamig'::regnamespace;
CREATE TEMP TABLE upd84_acl AS
  SELECT c.relname, c.relacl::text, a.attname, a.attacl::text AS attacl
    FROM pg_class AS c LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
   WHERE c.relnamespace = 'schemamig'::regnamespace;

ALTER EXTENSION schemamig UPDATE TO '0.8.4';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';
SELECT obj_description('schemamig'::regnamespace, 'pg_namespace');
-- every column of every table has one now
SELECT c.relname, a.attname
  FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind = 'r'
   AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL;
SELECT obj_description('schemamig.grant_deployer(regrole)'::regprocedure, 'pg_proc');
SELECT obj_description('schemamig.grant_reader(regrole)'::regprocedure, 'pg_proc');
-- every other function is as it was, comment included; privileges too
SELECT b.fn FROM upd84_before AS b
  LEFT JOIN pg_proc AS p ON p.oid::regprocedure::text = b.fn
 WHERE p.oid IS NULL OR (obj_description(p.oid, 'pg_proc') IS DISTINCT FROM b.comment
                         AND b.fn NOT IN ('schemamig.grant_deployer(regrole)', 'schemamig.grant_reader(regrole)'));
SELECT count(*) AS functions FROM pg_proc WHERE pronamespace = 'schemamig'::regnamespace;
SELECT count(*) AS functions_before FROM upd84_before;
(SELECT * FROM upd84_acl EXCEPT
 SELECT c.relname, c.relacl::text, a.attname, a.attacl::text
   FROM pg_class AS c LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0
  WHERE c.relnamespace = 'schemamig'::regnamespace);
SELECT revision FROM schemamig.applied;
SELECT * FROM schemamig.verify();
-- a new installation has the same comments as an updated one
DROP EXTENSION schemamig;
CREATE EXTENSION schemamig;
SELECT count(*) AS columns_without_comment
  FROM pg_attribute AS a JOIN pg_class AS c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind = 'r'
   AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL;
DROP EXTENSION schemamig;
-- a comment of the schema's own stays (the schema is not the extension's)
COMMENT ON SCHEMA schemamig IS 'ours';
CREATE EXTENSION schemamig;
SELECT obj_description('schemamig'::regnamespace, 'pg_namespace') AS kept;
COMMENT ON SCHEMA schemamig IS NULL;

DROP EXTENSION schemamig;
