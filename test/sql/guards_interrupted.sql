-- A lock timeout (or a cancel) while schemamig lists the guard triggers,
-- before a revision runs, leaves the list to be made again: it must not
-- stay short, or the session's next revisions could disable a guard,
-- rewrite the books and enable it again unseen (src/guards_watch.c).
CREATE EXTENSION schemamig;
CREATE EXTENSION dblink;
SET client_min_messages = warning;
\set VERBOSITY terse
-- this database, as the superuser (the server's socket, no password)
SELECT format('dbname=%s port=%s host=%s user=%s', current_database(), current_setting('port'),
              split_part(current_setting('unix_socket_directories'), ',', 1), current_user) AS conn \gset

SELECT schemamig.add_revision('gi1', 'SELECT 1', 'SELECT 1');
SELECT schemamig.upgrade();
SELECT schemamig.add_revision('gi2', 'SELECT 2', 'SELECT 1');
-- a change of any function has the guards listed again before the next revision
CREATE FUNCTION gi_touch() RETURNS int LANGUAGE sql AS 'SELECT 1';
-- another session holds pg_trigger: the listing waits, and times out
SELECT dblink_connect('gi_conn', :'conn');
SELECT dblink_exec('gi_conn', 'BEGIN; LOCK TABLE pg_catalog.pg_trigger IN ACCESS EXCLUSIVE MODE');
SET lock_timeout = '200ms';
SELECT schemamig.upgrade();
RESET lock_timeout;
SELECT dblink_exec('gi_conn', 'ROLLBACK');
SELECT dblink_disconnect('gi_conn');
-- the same session goes on
SELECT schemamig.upgrade();
SELECT schemamig.current();

-- a revision that disables the guards of schemamig.log, deletes its rows
-- and puts the guards back as they were is refused (55000): nothing applied
SELECT schemamig.add_revision('gi3', $$ALTER TABLE schemamig.log DISABLE TRIGGER USER;
DELETE FROM schemamig.log;
ALTER TABLE schemamig.log ENABLE TRIGGER log_guard;
ALTER TABLE schemamig.log ENABLE TRIGGER log_guard_truncate;
ALTER TABLE schemamig.log ENABLE ALWAYS TRIGGER log_guard_call;
ALTER TABLE schemamig.log ENABLE ALWAYS TRIGGER log_owner$$, 'SELECT 1');
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT schemamig.current();
SELECT action, revision FROM schemamig.log ORDER BY seq;
SELECT tgname, tgenabled FROM pg_trigger
 WHERE tgrelid OPERATOR(pg_catalog.=) 'schemamig.log'::regclass ORDER BY tgname;
SELECT * FROM schemamig.verify();

DROP FUNCTION gi_touch();
DROP EXTENSION dblink;
DROP EXTENSION schemamig;
