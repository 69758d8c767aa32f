-- ALTER EXTENSION schemamig UPDATE from 0.8.2 to 0.8.3: the comment of
-- check_tenant() says all it checks; nothing else changes, and what is
-- registered and applied stays.
CREATE EXTENSION schemamig VERSION '0.8.2';
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT schemamig.add_revision('v1', 'SELECT 1', 'SELECT 1', '{}', message => 'one');
SELECT schemamig.upgrade();
SELECT obj_description('schemamig.check_tenant()'::regprocedure, 'pg_proc') LIKE '%cascading%' AS says_cascades;
CREATE TEMP TABLE upd83_before AS
  SELECT p.oid::regprocedure::text AS fn, obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc AS p WHERE p.pronamespace = 'schemamig'::regnamespace;

ALTER EXTENSION schemamig UPDATE TO '0.8.3';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';
SELECT obj_description('schemamig.check_tenant()'::regprocedure, 'pg_proc');
-- every other function is as it was, comment included
SELECT b.fn FROM upd83_before AS b
  LEFT JOIN pg_proc AS p ON p.oid::regprocedure::text = b.fn
 WHERE p.oid IS NULL OR (obj_description(p.oid, 'pg_proc') IS DISTINCT FROM b.comment AND b.fn <> 'schemamig.check_tenant()');
SELECT count(*) AS functions FROM pg_proc WHERE pronamespace = 'schemamig'::regnamespace;
SELECT count(*) AS functions_before FROM upd83_before;
SELECT revision FROM schemamig.applied;
SELECT * FROM schemamig.verify();

DROP EXTENSION schemamig;
