-- What differs between the PostgreSQL versions schemamig is tested on (15,
-- 17 and 18), checked with one expected output for all: the statement
-- splitter (PostgreSQL 18's parser reports where a statement starts
-- differently), syntax that is new in 17 and 18, and 17's MAINTAIN
-- privilege.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse
SELECT current_setting('server_version_num')::int >= 170000 AS pg17,
       current_setting('server_version_num')::int >= 180000 AS pg18 \gset

-- each comment stays with the statement below it; stray semicolons vanish
SELECT * FROM schemamig.statements($q$-- first, a comment
SELECT 1;;
/* a block /* nested */ comment; with a semicolon */ SELECT 2 ; ;
  -- the last statement has no semicolon
SELECT 3
-- a trailing comment$q$);
SELECT count(*) AS none FROM schemamig.statements(';; -- only semicolons ;');

-- an error names the statement's own line, below its comments
SELECT schemamig.add_revision('v_lines', $q$SELECT 1;
-- a comment; with a semicolon
/* and another */
SELECT 1 / 0;$q$, NULL, message => 'line numbers');
\set VERBOSITY default
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT schemamig.remove_revision('v_lines');

-- a revision is read with standard_conforming_strings on, whatever the
-- session says: one that changes it stops there (0A000), its context
-- naming the statement that changed it, even when it is the last
SELECT schemamig.add_revision('v_scs', $q$SET standard_conforming_strings = off; SELECT 'a\'; SELECT 1$q$, NULL,
                              message => 'strings');
\set VERBOSITY default
SELECT schemamig.upgrade();
UPDATE schemamig.revision SET upgrade = $q$SELECT 1; SET standard_conforming_strings = off$q$ WHERE id = 'v_scs';
SELECT schemamig.upgrade();
\set VERBOSITY terse
SELECT current_setting('standard_conforming_strings') AS scs, count(*) AS applied FROM schemamig.applied;
SELECT schemamig.remove_revision('v_scs');

-- so a string with a backslash is one string with the setting off too,
-- not a string and a DROP, and the session keeps its setting
CREATE TABLE v_keep (a int);
SET standard_conforming_strings = off;
SET escape_string_warning = off;
SELECT schemamig.add_revision('v_std', $q$CREATE TABLE v_std (s text DEFAULT '\''; DROP TABLE v_keep; --')$q$, 'DROP TABLE v_std',
                              message => 'standard strings');
SELECT schemamig.upgrade();
SELECT pg_catalog.to_regclass('v_keep') IS NOT NULL AS kept, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS v_std_default,
       pg_catalog.current_setting('standard_conforming_strings') AS scs
  FROM pg_catalog.pg_attrdef AS d WHERE d.adrelid = 'v_std'::regclass;
SELECT schemamig.downgrade();
RESET standard_conforming_strings;
RESET escape_string_warning;
SELECT schemamig.remove_revision('v_std');
DROP TABLE v_keep;

-- each version's newest syntax goes through the splitter and runs: MERGE
-- (15), MERGE ... RETURNING (17), a virtual generated column and RETURNING
-- old and new (18); the table ends up the same on each
\set create_t 'CREATE TABLE v_t (a int PRIMARY KEY, b int GENERATED ALWAYS AS (a * 2) STORED)'
\set merge_t 'MERGE INTO v_t USING (VALUES (1), (2)) s (a) ON v_t.a = s.a WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)'
\set update_t 'UPDATE v_t SET a = a + 10 WHERE a = 2 RETURNING a'
\if :pg17
\set merge_t :merge_t ' RETURNING merge_action(), v_t.a'
\endif
\if :pg18
\set create_t 'CREATE TABLE v_t (a int PRIMARY KEY, b int GENERATED ALWAYS AS (a * 2) VIRTUAL)'
\set update_t 'UPDATE v_t SET a = a + 10 WHERE a = 2 RETURNING old.a AS was, new.a AS now'
\endif
\set newest :create_t ';\n' :merge_t ';\n' :update_t
SELECT count(*) AS statements FROM schemamig.statements(:'newest');
SELECT schemamig.add_revision('v_newest', :'newest', 'DROP TABLE v_t', message => 'newest syntax');
SELECT schemamig.upgrade();
SELECT a, b FROM v_t ORDER BY a;
SELECT schemamig.downgrade();
SELECT to_regclass('v_t') IS NULL AS dropped;

-- MAINTAIN (17): neither PUBLIC nor the granting helpers' roles may VACUUM,
-- CLUSTER, REFRESH or LOCK schemamig's tables; on 15, which has no such
-- privilege, the same query asks about the others
\set public_privileges 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'
\set deployer_extra 'TRUNCATE, REFERENCES, TRIGGER'
\set reader_extra 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'
\if :pg17
\set public_privileges :public_privileges ', MAINTAIN'
\set deployer_extra :deployer_extra ', MAINTAIN'
\set reader_extra :reader_extra ', MAINTAIN'
\endif
CREATE ROLE regress_v_deployer;
CREATE ROLE regress_v_reader;
SELECT schemamig.grant_deployer('regress_v_deployer');
SELECT schemamig.grant_reader('regress_v_reader');
SELECT c.relname,
       has_table_privilege('public', c.oid, :'public_privileges') AS public_any,
       has_table_privilege('regress_v_deployer', c.oid, 'SELECT, INSERT, UPDATE, DELETE') AS deployer_writes,
       has_table_privilege('regress_v_deployer', c.oid, :'deployer_extra') AS deployer_more,
       has_table_privilege('regress_v_reader', c.oid, :'reader_extra') AS reader_more
  FROM pg_class c WHERE c.relnamespace = 'schemamig'::regnamespace AND c.relkind = 'r'
 ORDER BY c.relname COLLATE "C";

DROP OWNED BY regress_v_deployer, regress_v_reader;
DROP ROLE regress_v_deployer, regress_v_reader;
DROP EXTENSION schemamig;
