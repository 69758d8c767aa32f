-- Settings a revision changes end with that revision; revisions run with
-- the caller's search_path and privileges.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE SCHEMA st_app;
CREATE TABLE st_seen (rev text, setting text, value text);
SET search_path = st_app, public;

SELECT schemamig.add_revision('s1', $$
SET search_path = pg_catalog;
SET LOCAL statement_timeout = '12s';
SELECT set_config('work_mem', '7MB', false);
SET application_name = 'from s1';
INSERT INTO public.st_seen SELECT 's1', 'search_path', current_setting('search_path');
$$, 'SELECT 1', message => 'changes settings');
-- s2 sees the caller's settings again, and creates its table in st_app
SELECT schemamig.add_revision('s2', $$
INSERT INTO st_seen SELECT 's2', name, setting FROM pg_settings
 WHERE name IN ('search_path', 'statement_timeout', 'work_mem', 'application_name');
CREATE TABLE st_created (id int);
$$, 'DROP TABLE st_created', message => 'sees caller settings');

SET work_mem = '4MB';
SET application_name = 'caller';
SELECT schemamig.upgrade();
SELECT rev, setting, value FROM st_seen ORDER BY rev, setting;
-- the caller's settings are unchanged after the call
SELECT current_setting('search_path') AS search_path, current_setting('statement_timeout') AS statement_timeout,
       current_setting('work_mem') AS work_mem, current_setting('application_name') AS application_name;
SELECT to_regclass('st_app.st_created') IS NOT NULL AS created_in_callers_schema;

-- the same holds when the call fails (the transaction is rolled back)
SELECT schemamig.add_revision('s3', 'SET work_mem = ''9MB''; SELECT 1/0', message => 'fails');
SELECT schemamig.upgrade();
SELECT current_setting('work_mem') AS work_mem;

-- and inside an explicit transaction, SET LOCAL does not survive either
DELETE FROM schemamig.revision WHERE id = 's3';
SELECT schemamig.add_revision('s4', 'SET LOCAL work_mem = ''9MB''; SET ROLE NONE', message => 'local');
BEGIN;
SELECT schemamig.upgrade();
SELECT current_setting('work_mem') AS work_mem_in_txn;
COMMIT;

RESET search_path;
RESET work_mem;
RESET application_name;
DROP EXTENSION schemamig;
DROP TABLE st_seen;
DROP SCHEMA st_app CASCADE;
