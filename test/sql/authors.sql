-- A revision runs as its author: a deployer (a real non-superuser role)
-- tries to become superuser through revisions that a superuser applies,
-- through every path that runs revision SQL.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_dep LOGIN;
CREATE ROLE regress_dep2 LOGIN;
SELECT schemamig.grant_deployer('regress_dep'), schemamig.grant_deployer('regress_dep2');
CREATE SCHEMA au_app AUTHORIZATION regress_dep;
CREATE TABLE au_secret (v text);

-- the server says who wrote a revision; nobody writes it by hand
SET ROLE regress_dep;
SELECT schemamig.add_revision('esc1', 'ALTER ROLE regress_dep SUPERUSER', 'SELECT 1', '{}', 'become superuser');
RESET ROLE;
SELECT id, author, registered_by FROM schemamig.revision;

-- the server's own privilege errors are worded differently from 16 on:
-- their SQLSTATE is what counts
\set VERBOSITY sqlstate
-- the superuser applies it: it runs as regress_dep, which may not do that
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_dep';
-- the same through the other paths to superuser
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CREATE ROLE regress_evil SUPERUSER LOGIN' WHERE id = 'esc1';
RESET ROLE;
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = $$COPY (SELECT 1) TO PROGRAM 'echo pwned'$$ WHERE id = 'esc1';
RESET ROLE;
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
CALL schemamig.migrate();
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY terse
SELECT count(*) AS evil_roles FROM pg_roles WHERE rolname = 'regress_evil';
SELECT count(*) AS applied FROM schemamig.applied;

-- editing a pending revision the superuser registered makes the editor its author
SET ROLE regress_dep;
SELECT schemamig.remove_revision('esc1');
RESET ROLE;
SELECT schemamig.add_revision('dba1', 'CREATE TABLE au_app.by_dba (id int)', 'DROP TABLE au_app.by_dba', '{}', 'by the DBA');
SELECT id, author FROM schemamig.revision;
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'INSERT INTO au_secret VALUES (''stolen'')' WHERE id = 'dba1';
RESET ROLE;
SELECT id, author, registered_by FROM schemamig.revision;
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS stolen FROM au_secret;
-- a message is no authorship
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CREATE TABLE au_app.t1 (id int)', downgrade = 'DROP TABLE au_app.t1' WHERE id = 'dba1';
RESET ROLE;
UPDATE schemamig.revision SET message = 'edited by the DBA' WHERE id = 'dba1';
SELECT id, author, message FROM schemamig.revision;
-- nor may the deployer's edit name a parent that is not registered
SET ROLE regress_dep;
UPDATE schemamig.revision SET parents = '{ghost}' WHERE id = 'dba1';
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT id, parents, author FROM schemamig.revision;

-- registration columns cannot be forged: the deployer is refused, the
-- superuser's change does not stick
SET ROLE regress_dep;
UPDATE schemamig.revision SET author = 'postgres' WHERE id = 'dba1';
\echo :LAST_ERROR_SQLSTATE
UPDATE schemamig.revision SET registered_by = 'postgres' WHERE id = 'dba1';
\echo :LAST_ERROR_SQLSTATE
UPDATE schemamig.revision SET seq = 1000 WHERE id = 'dba1';
UPDATE schemamig.revision SET registered_at = now() - interval '1 year' WHERE id = 'dba1';
RESET ROLE;
CREATE TEMP TABLE au_before AS SELECT seq, registered_at, registered_by, author FROM schemamig.revision WHERE id = 'dba1';
UPDATE schemamig.revision SET author = 'regress_dep2', registered_by = 'regress_dep2', seq = 1000,
       registered_at = now() - interval '1 year' WHERE id = 'dba1';
SELECT (SELECT (seq, registered_at, registered_by, author) FROM schemamig.revision WHERE id = 'dba1')
       = (SELECT (seq, registered_at, registered_by, author) FROM au_before) AS unchanged;

-- a revision by the deployer runs as the deployer, and the books keep who applied it
SELECT schemamig.upgrade();
SELECT tableowner FROM pg_tables WHERE schemaname = 'au_app';
SELECT revision, applied_by FROM schemamig.applied;
SELECT action, revision, by FROM schemamig.log ORDER BY seq;

-- downgrade SQL runs as its author too
SET ROLE regress_dep;
SELECT schemamig.add_revision('esc2', 'SELECT 1', 'ALTER ROLE regress_dep SUPERUSER', message => 'harmless up, evil down');
SELECT schemamig.upgrade();
RESET ROLE;
\set VERBOSITY sqlstate
SELECT schemamig.downgrade();
\echo :LAST_ERROR_SQLSTATE
SELECT schemamig.downgrade_to('dba1');
\echo :LAST_ERROR_SQLSTATE
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_dep';
SET ROLE regress_dep;
SELECT schemamig.downgrade();
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY terse
RESET ROLE;

-- a caller without the author's privileges is refused before anything runs
SELECT schemamig.stamp('dba1');
SET ROLE regress_dep2;
SELECT schemamig.add_revision('mine', 'CREATE TABLE public.au_mine (id int)', 'DROP TABLE IF EXISTS public.au_mine', '{esc2}');
RESET ROLE;
SET ROLE regress_dep;
SELECT schemamig.add_revision('theirs', 'CREATE TABLE au_app.t2 (id int)', 'DROP TABLE au_app.t2', '{mine}');
RESET ROLE;
GRANT CREATE ON SCHEMA public TO regress_dep2;
SET ROLE regress_dep2;
UPDATE schemamig.revision SET upgrade = 'SELECT 1', downgrade = 'SELECT 1' WHERE id = 'esc2';
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
CALL schemamig.migrate();
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT to_regclass('public.au_mine') IS NULL AS nothing_ran;
-- a member of the author's role has its privileges
GRANT regress_dep TO regress_dep2;
SET ROLE regress_dep2;
SELECT schemamig.upgrade();
SELECT schemamig.downgrade(2);
RESET ROLE;
REVOKE regress_dep FROM regress_dep2;
-- an author that no longer exists: nobody has its privileges
CREATE ROLE regress_gone;
SELECT schemamig.grant_deployer('regress_gone');
SET ROLE regress_gone;
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id = 'theirs';
RESET ROLE;
REVOKE ALL ON SCHEMA schemamig FROM regress_gone;
REVOKE ALL ON ALL TABLES IN SCHEMA schemamig FROM regress_gone;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA schemamig FROM regress_gone;
REVOKE ALL ON ALL PROCEDURES IN SCHEMA schemamig FROM regress_gone;
DROP ROLE regress_gone;
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CREATE TABLE au_app.t2 (id int)' WHERE id = 'theirs';
RESET ROLE;

-- run as another role, a revision is a security-restricted operation: it
-- can neither change role nor leave anything in the caller's session
SELECT schemamig.downgrade_to('base');
SELECT schemamig.stamp('mine');
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'SET ROLE NONE' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'SET SESSION AUTHORIZATION DEFAULT' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CREATE TEMP TABLE au_shadow (id int)' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'PREPARE au_p AS SELECT 1' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'LISTEN au_channel' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'DECLARE au_c CURSOR WITH HOLD FOR SELECT 1' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
-- a cursor without HOLD would outlive the revision and run as whoever fetched
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'DECLARE au_c CURSOR FOR SELECT current_user' WHERE id = 'theirs';
RESET ROLE;
BEGIN;
SELECT schemamig.upgrade();
ROLLBACK;
-- (nor may it CLOSE one: cursors are the caller's)
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CLOSE ALL' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
\echo :LAST_ERROR_SQLSTATE
-- nor reach one from PL/pgSQL: CLOSE and OPEN under the caller's cursor's
-- name would have the caller's FETCH run the author's query as the caller
CREATE TABLE au_private (v text);
INSERT INTO au_private VALUES ('the caller''s');
SET ROLE regress_dep;
CREATE FUNCTION au_app.au_whoami() RETURNS text LANGUAGE sql AS 'SELECT current_user::text';
UPDATE schemamig.revision SET upgrade = $r$DO $$ DECLARE c refcursor := 'au_cur'; BEGIN CLOSE c; OPEN c FOR SELECT au_app.au_whoami(); END $$$r$ WHERE id = 'theirs';
RESET ROLE;
BEGIN;
DECLARE au_cur CURSOR FOR SELECT v FROM au_private;
SELECT schemamig.upgrade();
ROLLBACK;
-- a cursor kept across transactions, too; fetching from it is refused the same way
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = $r$DO $$ DECLARE c refcursor := 'au_cur'; r record; BEGIN FETCH c INTO r; RAISE NOTICE 'stolen: %', r; END $$$r$ WHERE id = 'theirs';
RESET ROLE;
BEGIN;
DECLARE au_cur CURSOR WITH HOLD FOR SELECT v FROM au_private;
COMMIT;
SELECT schemamig.upgrade();
FETCH au_cur;
CLOSE au_cur;
-- and a cursor PL/pgSQL opens without closing it is left open, whatever its name
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = $r$DO $$ DECLARE c refcursor; BEGIN OPEN c FOR SELECT 1; END $$$r$ WHERE id = 'theirs';
RESET ROLE;
BEGIN;
SELECT schemamig.upgrade();
ROLLBACK;
SELECT (SELECT count(*) FROM pg_cursors) AS cursors, (SELECT count(*) FROM schemamig.applied WHERE revision = 'theirs') AS applied;
-- nor objects in the caller's temporary schema (42501): a domain pg_temp.text
-- would be what "text" means to the caller's next SQL, its check running
-- the author's function with the caller's privileges (some servers refuse
-- the type themselves); nor a function or operator there
CREATE TABLE au_loot (who text);
GRANT INSERT ON au_loot TO regress_dep;
SET ROLE regress_dep;
CREATE FUNCTION au_app.au_evil(text) RETURNS boolean LANGUAGE sql
    AS $$INSERT INTO public.au_loot VALUES (current_user) RETURNING true$$;
UPDATE schemamig.revision SET upgrade = 'CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (au_app.au_evil(VALUE))' WHERE id = 'theirs';
RESET ROLE;
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
SELECT schemamig.trace();
SELECT 'after'::text AS plain_text;
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = $r$DO $$BEGIN EXECUTE 'CREATE FUNCTION pg_temp.au_f() RETURNS int LANGUAGE sql AS ''SELECT 1'''; END$$$r$ WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CREATE OPERATOR pg_temp.=== (FUNCTION = pg_catalog.int4eq, LEFTARG = int, RIGHTARG = int)' WHERE id = 'theirs';
RESET ROLE;
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT (SELECT count(*) FROM au_loot) AS loot,
       (SELECT count(*) FROM pg_type WHERE typnamespace = pg_my_temp_schema() AND typname = 'text') AS temp_text,
       (SELECT count(*) FROM schemamig.applied WHERE revision = 'theirs') AS applied;
-- one it drops before it ends is not left: the revision applies
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'CREATE FUNCTION pg_temp.au_g() RETURNS int LANGUAGE sql AS ''SELECT 1''; DROP FUNCTION pg_temp.au_g()' WHERE id = 'theirs';
RESET ROLE;
BEGIN;
SELECT schemamig.upgrade();
ROLLBACK;
DROP TABLE au_loot;
-- its settings end with it; it leaves the caller as it found it
SET ROLE regress_dep;
UPDATE schemamig.revision SET upgrade = 'SET search_path = au_app; CREATE TABLE t2 (id int)' WHERE id = 'theirs';
RESET ROLE;
BEGIN;
SELECT schemamig.upgrade();
SELECT (SELECT count(*) FROM pg_cursors) AS cursors, to_regclass('au_app.t2') IS NOT NULL AS t2_in_au_app;
SELECT current_user, current_setting('search_path') AS search_path, count(*) AS prepared FROM pg_prepared_statements;
COMMIT;

-- the caller's own revisions run as today, with no restriction
SELECT schemamig.add_revision('own', 'CREATE TEMP TABLE au_tmp (id int); SET ROLE regress_dep; SELECT 1', 'SELECT 1', '{theirs}');
SELECT schemamig.upgrade();
SELECT current_user;

-- a caller who took the author's role (SET ROLE, SET SESSION AUTHORIZATION)
-- runs the author's revision as that role, in a security-restricted
-- operation: the revision cannot go back to the role that logged in, now
-- or at commit (a deferred trigger, a cursor WITH HOLD) (42501)
SET ROLE regress_dep;
SELECT schemamig.add_revision('back', 'RESET ROLE; ALTER ROLE regress_dep SUPERUSER', 'SELECT 1', '{own}');
\set VERBOSITY sqlstate
SELECT schemamig.upgrade();
RESET ROLE;
SET SESSION AUTHORIZATION regress_dep;
UPDATE schemamig.revision SET upgrade = 'SET SESSION AUTHORIZATION DEFAULT; ALTER ROLE regress_dep SUPERUSER'
 WHERE id = 'back';
SELECT schemamig.upgrade();
RESET SESSION AUTHORIZATION;
SET ROLE regress_dep;
CREATE TABLE au_app.dt (a int);
CREATE FUNCTION au_app.dt_fire() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_catalog.set_config('role', 'none', false); ALTER ROLE regress_dep SUPERUSER; RETURN NULL; END $f$;
CREATE FUNCTION au_app.hold_fire() RETURNS int LANGUAGE plpgsql AS $f$
BEGIN PERFORM pg_catalog.set_config('role', 'none', false); ALTER ROLE regress_dep SUPERUSER; RETURN 1; END $f$;
UPDATE schemamig.revision SET upgrade = $r$CREATE CONSTRAINT TRIGGER dt_tg AFTER INSERT ON au_app.dt
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION au_app.dt_fire(); INSERT INTO au_app.dt VALUES (1)$r$
 WHERE id = 'back';
SELECT schemamig.upgrade();
UPDATE schemamig.revision SET upgrade = 'DECLARE hc CURSOR WITH HOLD FOR SELECT au_app.hold_fire()' WHERE id = 'back';
SELECT schemamig.upgrade();
RESET ROLE;
\set VERBOSITY terse
SELECT rolsuper, (SELECT count(*) FROM schemamig.applied WHERE revision = 'back') AS applied
  FROM pg_roles WHERE rolname = 'regress_dep';
SELECT schemamig.remove_revision('back');

-- lint() runs none of a revision's SQL, but judging a column's default
-- parses it, which runs domain checks on its constants: those run as the
-- author, as the revision will
SET ROLE regress_dep;
CREATE TABLE au_app.lt (id int);
CREATE SEQUENCE au_app.lint_hits;
CREATE FUNCTION au_app.lint_probe(int) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    IF current_user <> 'regress_dep' THEN
        PERFORM pg_catalog.nextval('au_app.lint_hits');
    END IF;
    RETURN true;
END $f$;
CREATE DOMAIN au_app.lint_d AS int CHECK (au_app.lint_probe(VALUE));
SELECT schemamig.add_revision('lintme', $r$ALTER TABLE au_app.lt ADD COLUMN c int[] DEFAULT '{1}'::au_app.lint_d[]$r$,
                              'ALTER TABLE au_app.lt DROP COLUMN c', '{own}');
RESET ROLE;
SELECT revision, rule FROM schemamig.lint();
SELECT is_called AS ran_as_another_role FROM au_app.lint_hits;
SELECT schemamig.remove_revision('lintme');
-- nor does a caller without the author's privileges have them judged: the
-- domain is the caller's, the revision a superuser's
SELECT schemamig.add_revision('lintsu', $r$ALTER TABLE au_app.lt ADD COLUMN c int[] DEFAULT '{1}'::au_app.lint_d[]$r$,
                              'ALTER TABLE au_app.lt DROP COLUMN c', '{own}');
SET ROLE regress_dep;
SELECT revision, rule FROM schemamig.lint();
RESET ROLE;
SELECT is_called AS ran_as_another_role FROM au_app.lint_hits;
SELECT schemamig.remove_revision('lintsu');
-- nor is it judged while the caller has a cursor open, which the
-- author's code could fetch from (it is, once none is)
SET ROLE regress_dep;
CREATE SEQUENCE au_app.cursor_hits;
CREATE FUNCTION au_app.cursor_probe(int) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM pg_catalog.nextval('au_app.cursor_hits');
    RETURN true;
END $f$;
CREATE DOMAIN au_app.cursor_d AS int CHECK (au_app.cursor_probe(VALUE));
SELECT schemamig.add_revision('lintcur', $r$ALTER TABLE au_app.lt ADD COLUMN c int[] DEFAULT '{1}'::au_app.cursor_d[]$r$,
                              'ALTER TABLE au_app.lt DROP COLUMN c', '{own}');
RESET ROLE;
BEGIN;
DECLARE au_open CURSOR FOR SELECT 1;
SELECT revision, rule FROM schemamig.lint();
COMMIT;
SELECT is_called AS ran_with_a_cursor_open FROM au_app.cursor_hits;
SELECT count(*) > 0 AS judged FROM schemamig.lint();
SELECT is_called AS ran_once_none_is FROM au_app.cursor_hits;
SELECT schemamig.remove_revision('lintcur');
-- nor does judging whether a column's new type rewrites the table run a
-- cast a role wrote: planning it would inline a SQL cast function and fold
-- what its body calls on constants, with the caller's privileges
SET ROLE regress_dep;
CREATE SEQUENCE au_app.cast_hits;
CREATE TYPE au_app.cast_e AS ENUM ('x');
CREATE FUNCTION au_app.cast_probe(int) RETURNS au_app.cast_e LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    IF current_user <> 'regress_dep' THEN
        PERFORM pg_catalog.nextval('au_app.cast_hits');
    END IF;
    RETURN 'x';
END $f$;
CREATE FUNCTION au_app.cast_fn(int) RETURNS au_app.cast_e LANGUAGE sql IMMUTABLE
    AS 'SELECT au_app.cast_probe(0)';
CREATE CAST (int AS au_app.cast_e) WITH FUNCTION au_app.cast_fn(int) AS ASSIGNMENT;
SELECT schemamig.add_revision('lintcast', 'ALTER TABLE au_app.lt ALTER COLUMN id TYPE au_app.cast_e',
                              'SELECT 1', '{own}');
RESET ROLE;
SELECT revision, rule FROM schemamig.lint();
SELECT is_called AS ran_as_another_role FROM au_app.cast_hits;
SELECT schemamig.remove_revision('lintcast');
-- nor does it load a domain's constraints into the type cache, which plans
-- them and folds the immutable calls they make on constants, as the caller:
-- whether the plan leaves the domain its constraints or drops them first
SET ROLE regress_dep;
CREATE SEQUENCE au_app.dom_hits;
CREATE FUNCTION au_app.dom_probe(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    IF current_user <> 'regress_dep' THEN
        PERFORM pg_catalog.nextval('au_app.dom_hits');
    END IF;
    RETURN 0;
END $f$;
CREATE DOMAIN au_app.dom_d AS int CHECK (VALUE > au_app.dom_probe(0));
CREATE DOMAIN au_app.dom_d2 AS int CONSTRAINT dom_c CHECK (VALUE > au_app.dom_probe(1));
SELECT schemamig.add_revision('lintdom', 'ALTER TABLE au_app.lt ALTER COLUMN id TYPE au_app.dom_d',
                              'SELECT 1', '{own}');
SELECT schemamig.add_revision('lintdom2', 'ALTER DOMAIN au_app.dom_d2 DROP CONSTRAINT dom_c;
ALTER TABLE au_app.lt ALTER COLUMN id TYPE au_app.dom_d2', 'SELECT 1', '{lintdom}');
RESET ROLE;
SELECT revision, rule FROM schemamig.lint();
SELECT is_called AS ran_as_another_role FROM au_app.dom_hits;
SELECT schemamig.remove_revision('lintdom2'), schemamig.remove_revision('lintdom');
-- nor may the author's code that judging runs call schemamig back, as a
-- revision's SQL may not: a registration from there grew the graph lint()
-- was walking (moving its array of revisions), a read after it loaded the
-- graph afresh in the memory lint() was reading, and the server crashed;
-- and a lint() it calls judges no default, which would run that code again
-- and again until the stack ran out
SET ROLE regress_dep;
CREATE SEQUENCE au_app.reenter_hits;
CREATE FUNCTION au_app.reenter_probe(int) RETURNS boolean LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM pg_catalog.nextval('au_app.reenter_hits');
    PERFORM count(*) FROM schemamig.lint();
    BEGIN
        PERFORM schemamig.add_revision('reenter_' || i, 'SELECT 1', 'SELECT 1', '{}')
           FROM pg_catalog.generate_series(1, 50) AS i;
        RAISE NOTICE 'registered from lint()';
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'refused: % (%)', SQLERRM, SQLSTATE;
    END;
    BEGIN
        UPDATE schemamig.revision SET message = 'edited from lint()' WHERE id = 'own';
        RAISE NOTICE 'edited from lint()';
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'refused: % (%)', SQLERRM, SQLSTATE;
    END;
    PERFORM count(*) FROM schemamig.history();
    RETURN true;
END $f$;
CREATE DOMAIN au_app.reenter_d AS int CHECK (au_app.reenter_probe(VALUE));
SELECT schemamig.add_revision('lintre', $r$ALTER TABLE au_app.lt ADD COLUMN c int[] DEFAULT '{1}'::au_app.reenter_d[] || (pg_catalog.random() * 0)::int;
ALTER TABLE au_app.lt ALTER COLUMN id TYPE bigint$r$, 'SELECT 1', '{own}');
RESET ROLE;
SELECT revision, statement, rule FROM schemamig.lint();
SELECT count(*) AS registered_from_lint FROM schemamig.revision WHERE id LIKE 'reenter%';
SELECT last_value AS probe_runs FROM au_app.reenter_hits;
SELECT schemamig.remove_revision('lintre');

-- stamp() says that a revision's SQL ran, or did not: only a role with its
-- author's privileges may, so a deployer can neither skip a revision
-- another role registered nor have it run again; a refused stamp changes
-- nothing
SELECT schemamig.stamp('base');
SELECT schemamig.add_revision('dbafix', 'SELECT 1', 'SELECT 1', '{}');
SET ROLE regress_dep;
SELECT schemamig.add_revision('depown', 'SELECT 1', 'SELECT 1', '{}');
\set VERBOSITY sqlstate
SELECT schemamig.stamp('dbafix');
\echo :LAST_ERROR_SQLSTATE
SELECT schemamig.stamp('depown');
RESET ROLE;
SELECT schemamig.upgrade('dbafix');
SET ROLE regress_dep;
SELECT schemamig.stamp('base');
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY terse
RESET ROLE;
SELECT revision, applied_by FROM schemamig.applied ORDER BY seq;
SELECT schemamig.stamp('base');
SELECT schemamig.remove_revision('dbafix'), schemamig.remove_revision('depown');

-- whatever its author may do elsewhere, a revision's SQL cannot rewrite the
-- books it is entered in (even a superuser's, even in replica mode)
SELECT schemamig.upgrade('dba1');
SELECT schemamig.add_revision('books', 'SELECT 1', 'SELECT 1', '{dba1}');
CREATE FUNCTION au_try_books(sql text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE schemamig.revision SET upgrade = sql WHERE id = 'books';
    PERFORM schemamig.upgrade('books');
    RETURN 'applied';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END
$f$;
SELECT sql, au_try_books(sql) FROM unnest(ARRAY[
    'DELETE FROM schemamig.log',
    'UPDATE schemamig.applied SET applied_by = ''nobody''',
    'DELETE FROM schemamig.applied WHERE revision = ''dba1''',
    'INSERT INTO schemamig.applied VALUES (''ghost'', 99, now(), ''x'', ''0'', ''x'')',
    'UPDATE schemamig.revision SET message = ''rewritten''',
    'INSERT INTO schemamig.log (action, revision, at, by, duration) VALUES (''stamp'', ''x'', now(), ''x'', ''0'')',
    'UPDATE schemamig.state SET generation = 0',
    'TRUNCATE schemamig.state',
    'SET LOCAL session_replication_role = replica; DELETE FROM schemamig.log',
    'SET LOCAL session_replication_role = replica; TRUNCATE schemamig.log',
    'SELECT schemamig.stamp(''base'')'
]) AS sql;
SELECT revision, applied_by FROM schemamig.applied ORDER BY seq;
SELECT count(*) AS log_rows FROM schemamig.log;
SELECT * FROM schemamig.verify();
-- nor by dropping the extension and creating it again: the revision's record
-- is then gone, and the call fails instead of writing a false one
SELECT schemamig.add_revision('reborn', 'DROP EXTENSION schemamig CASCADE; CREATE EXTENSION schemamig',
    'DROP EXTENSION schemamig CASCADE; CREATE EXTENSION schemamig', '{dba1}');
SELECT schemamig.upgrade('reborn');
UPDATE schemamig.revision SET upgrade = 'SELECT 1' WHERE id = 'reborn';
SELECT schemamig.upgrade('reborn');
SELECT schemamig.downgrade(1);
SELECT revision FROM schemamig.applied ORDER BY seq;
SELECT schemamig.stamp('base');
DROP EXTENSION schemamig;
DROP SCHEMA au_app CASCADE;
DROP TABLE au_secret;
DROP TABLE au_private;
DROP TABLE IF EXISTS public.au_mine;
REVOKE CREATE ON SCHEMA public FROM regress_dep2;
REVOKE ALL ON SCHEMA schemamig FROM regress_dep, regress_dep2;
DROP ROLE regress_dep;
DROP ROLE regress_dep2;
