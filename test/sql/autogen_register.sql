-- autogenerate: fingerprint(), autogenerate(), and who may call them
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

-- fingerprint: the same structure built by different paths hashes the
-- same: creation order, column order, identity sequence names, dropped
-- columns, enum sort-order numbers do not count
CREATE SCHEMA f1;
CREATE SCHEMA f2;
CREATE TABLE f1.a (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x text, y int);
CREATE TABLE f1.b (id int REFERENCES f1.a);
CREATE TABLE f2.b (id int);
CREATE SEQUENCE f2.a_id_seq;
CREATE TABLE f2.a (id int PRIMARY KEY, y int, junk int);
ALTER TABLE f2.a DROP COLUMN junk;
ALTER TABLE f2.a ADD COLUMN x text;
ALTER TABLE f2.a ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;
ALTER TABLE f2.b ADD FOREIGN KEY (id) REFERENCES f2.a;
DROP SEQUENCE f2.a_id_seq;
SELECT (SELECT pg_get_serial_sequence('f1.a', 'id')) <> (SELECT pg_get_serial_sequence('f2.a', 'id')) AS seq_names_differ;
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same;
SELECT length(schemamig.fingerprint('f1')) AS hex_digits;
-- anything diff() would act on changes it
CREATE TEMP TABLE fp AS SELECT schemamig.fingerprint('f2') AS h;
ALTER TABLE f2.a ALTER COLUMN y SET DEFAULT 1;
SELECT schemamig.fingerprint('f2') <> (SELECT h FROM fp) AS default_counts;
ALTER TABLE f2.a ALTER COLUMN y DROP DEFAULT;
SELECT schemamig.fingerprint('f2') = (SELECT h FROM fp) AS back;
COMMENT ON COLUMN f2.a.x IS 'x';
SELECT schemamig.fingerprint('f2') <> (SELECT h FROM fp) AS comment_counts;
COMMENT ON COLUMN f2.a.x IS NULL;
CREATE INDEX a_y ON f2.a (y);
SELECT schemamig.fingerprint('f2') <> (SELECT h FROM fp) AS index_counts;
DROP INDEX f2.a_y;
ALTER TABLE f2.a ALTER COLUMN x TYPE varchar(3);
SELECT schemamig.fingerprint('f2') <> (SELECT h FROM fp) AS type_counts;
-- the fingerprint of a schema equals that of its model run elsewhere
CREATE SCHEMA f3;
SET search_path = f3;
CREATE TABLE b (id int);
CREATE TABLE a (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, x text, y int);
ALTER TABLE b ADD FOREIGN KEY (id) REFERENCES a;
RESET search_path;
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f3') AS model_same;
DROP SCHEMA f1, f2, f3 CASCADE;

-- autogenerate: registers diff()'s SQL as a child of the single head; the
-- SQL runs with the schema first on the search_path, as diff() writes it
CREATE SCHEMA app;
SET search_path = app, public;
SELECT schemamig.autogenerate('CREATE TABLE users (id int PRIMARY KEY)', 'users', 'app', 'r1');
SELECT id, parents, message, upgrade, downgrade, transactional FROM schemamig.revision;
-- it applies nothing
SELECT to_regclass('app.users') AS not_applied;
SELECT schemamig.upgrade();
SELECT upgrade = '' AND downgrade = '' AS in_sync
  FROM schemamig.diff('CREATE TABLE users (id int PRIMARY KEY)', 'app');
-- no difference: 55000
SELECT schemamig.autogenerate('CREATE TABLE users (id int PRIMARY KEY)', 'again', 'app');
-- a generated id, parent the head
SELECT length(schemamig.autogenerate('CREATE TABLE users (id int PRIMARY KEY, email text)', 'email', 'app')) AS id_length;
SELECT parents, message FROM schemamig.revision WHERE id <> 'r1';
SELECT schemamig.upgrade();
SELECT schemamig.downgrade(2);
SELECT to_regclass('app.users') AS gone;
-- an id that exists, and several heads: refused
SELECT schemamig.autogenerate('CREATE TABLE t ()', 'dup', 'app', 'r1');
SELECT schemamig.add_revision('r2', 'SELECT 1', 'SELECT 1', parents => '{r1}');
SELECT schemamig.autogenerate('CREATE TABLE t ()', 'branch', 'app');
RESET search_path;
DROP SCHEMA app CASCADE;

-- privileges: nothing to PUBLIC; a reader may fingerprint; a deployer may
-- diff, autogenerate and check_reversible
CREATE ROLE regress_ag_reader;
CREATE ROLE regress_ag_deployer;
CREATE ROLE regress_ag_nobody;
SELECT schemamig.grant_reader('regress_ag_reader'), schemamig.grant_deployer('regress_ag_deployer');
SELECT r.rolname, p.proname, has_function_privilege(r.oid, p.oid, 'EXECUTE') AS can
  FROM pg_roles r, pg_proc p
 WHERE r.rolname IN ('regress_ag_reader', 'regress_ag_deployer', 'regress_ag_nobody')
   AND p.pronamespace = 'schemamig'::regnamespace
   AND p.proname IN ('diff', 'autogenerate', 'fingerprint', 'check_reversible')
 ORDER BY r.rolname COLLATE "C", p.proname COLLATE "C";
SELECT count(*) AS public_grants FROM pg_proc p, aclexplode(p.proacl) a
 WHERE p.pronamespace = 'schemamig'::regnamespace AND a.grantee = 0
   AND p.proname IN ('diff', 'autogenerate', 'fingerprint', 'check_reversible');
SET ROLE regress_ag_reader;
SELECT length(schemamig.fingerprint()) AS reader_fingerprints;
SELECT * FROM schemamig.diff('');
RESET ROLE;
DROP EXTENSION schemamig;
DROP OWNED BY regress_ag_reader, regress_ag_deployer;

-- the step from 0.3.0: the functions arrive, not for PUBLIC, and the
-- replaced grant functions hand them out
CREATE EXTENSION schemamig VERSION '0.3.0';
SELECT to_regprocedure('schemamig.diff(text,text)') IS NULL AS no_diff_yet;
ALTER EXTENSION schemamig UPDATE TO '0.4.0';
SELECT p.oid::regprocedure AS function, has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute,
       obj_description(p.oid, 'pg_proc') IS NOT NULL AS commented
  FROM pg_proc p
 WHERE p.pronamespace = 'schemamig'::regnamespace
   AND p.proname IN ('diff', 'autogenerate', 'fingerprint', 'check_reversible')
 ORDER BY p.proname COLLATE "C";
SELECT schemamig.grant_reader('regress_ag_reader'), schemamig.grant_deployer('regress_ag_deployer');
SELECT has_function_privilege('regress_ag_reader', 'schemamig.fingerprint(text)', 'EXECUTE') AS reader_fingerprint,
       has_function_privilege('regress_ag_reader', 'schemamig.diff(text,text)', 'EXECUTE') AS reader_diff,
       has_function_privilege('regress_ag_deployer', 'schemamig.check_reversible(text)', 'EXECUTE') AS deployer_check;
DROP EXTENSION schemamig;
DROP OWNED BY regress_ag_reader, regress_ag_deployer;
DROP ROLE regress_ag_reader, regress_ag_deployer, regress_ag_nobody;
