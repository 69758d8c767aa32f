-- lint(): every rule fires on a table with rows, is info on an empty one,
-- stays silent on a table the same plan created, and locates the statement
-- and line; error rules fire whatever the table.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE TABLE lint_big (id int PRIMARY KEY, a int, x text);
INSERT INTO lint_big SELECT g, g, 'x' FROM generate_series(1, 1000) AS g;
CREATE TABLE lint_empty (id int PRIMARY KEY, a int);
CREATE TABLE lint_child (id int, pid int, CONSTRAINT lint_child_fk FOREIGN KEY (pid) REFERENCES lint_big (id));
INSERT INTO lint_child SELECT g, g FROM generate_series(1, 10) AS g;
CREATE TABLE lint_gone (id int);
INSERT INTO lint_gone VALUES (1);
CREATE TYPE lint_mood AS ENUM ('sad', 'happy');
CREATE TABLE lint_feel (m lint_mood);
ANALYZE lint_big, lint_empty, lint_child, lint_gone;

CREATE FUNCTION lint_rows(target text DEFAULT 'head') RETURNS TABLE (r text, s int, l int, sev text, rule text, rel text)
LANGUAGE sql AS $$ SELECT revision, statement, line, severity, rule, relation FROM schemamig.lint(target) $$;

SELECT schemamig.add_revision('l01', E'-- an index on a table with rows, and on an empty one\nCREATE INDEX ON lint_big (a);\nCREATE INDEX ON lint_empty (a);', 'SELECT 1', '{}');
SELECT * FROM lint_rows();
SELECT message, hint FROM schemamig.lint() LIMIT 1;

SELECT schemamig.add_revision('l02', E'CREATE TABLE lint_new (id int, a int);\nCREATE INDEX ON lint_new (a);\nALTER TABLE lint_new ALTER COLUMN a TYPE bigint;\nALTER TABLE lint_new ADD CONSTRAINT c CHECK (a > 0);\nDROP TABLE lint_new;', 'SELECT 1');
SELECT schemamig.add_revision('l03', 'ALTER TABLE lint_big ALTER COLUMN a TYPE bigint', 'SELECT 1');
SELECT schemamig.add_revision('l04', E'SET LOCAL lock_timeout = ''2s'';\nALTER TABLE lint_big ADD COLUMN b timestamptz DEFAULT clock_timestamp();\nALTER TABLE lint_big ADD COLUMN c int DEFAULT 0;', 'SELECT 1');
SELECT schemamig.add_revision('l05', E'SET LOCAL lock_timeout = 1000;\nALTER TABLE lint_big ADD CONSTRAINT a_pos CHECK (a > 0);\nALTER TABLE lint_big ADD CONSTRAINT a_pos2 CHECK (a > 0) NOT VALID;', 'SELECT 1');
SELECT schemamig.add_revision('l06', 'ALTER TABLE lint_child ADD CONSTRAINT fk2 FOREIGN KEY (pid) REFERENCES lint_big (id)', 'SELECT 1');
SELECT schemamig.add_revision('l07', 'ALTER TABLE lint_child ADD CONSTRAINT fk3 FOREIGN KEY (pid) REFERENCES lint_big (id) NOT VALID', 'SELECT 1');
SELECT schemamig.add_revision('l08', E'SET lock_timeout = ''1s'';\nALTER TABLE lint_big ALTER COLUMN x SET NOT NULL;\nALTER TABLE lint_empty ALTER COLUMN a SET NOT NULL;', 'SELECT 1');
SELECT schemamig.add_revision('l09', E'DROP TABLE lint_gone;\nTRUNCATE lint_empty;\nALTER TABLE lint_big DROP COLUMN x;', 'SELECT 1');
SELECT schemamig.add_revision('l10', 'ALTER TABLE lint_child DROP CONSTRAINT lint_child_fk', 'SELECT 1');
SELECT schemamig.add_revision('l11', E'CREATE TABLE lint_gone (id int);\nCREATE INDEX ON lint_gone (id);\nTRUNCATE lint_gone;', 'SELECT 1');
SELECT * FROM lint_rows() WHERE r <> 'l01' ORDER BY r, s, rule;

-- the error rules fire whatever the table
SELECT schemamig.add_revision('l12', E'CREATE INDEX CONCURRENTLY ON lint_big (a);\nVACUUM lint_big;', 'SELECT 1');
SELECT schemamig.add_revision('l13', 'CREATE INDEX CONCURRENTLY lint_big_a_c ON lint_big (a)', 'DROP INDEX CONCURRENTLY lint_big_a_c', transactional => false);
SELECT schemamig.add_revision('l14', E'ALTER TYPE lint_mood ADD VALUE ''meh'';\n\n-- the literal, not this comment: ''meh''\nINSERT INTO lint_feel VALUES (''meh'');', 'SELECT 1');
SELECT schemamig.add_revision('l15', E'SELECT 1;\nUPDATE lint_feel SET m = ''meh''::lint_mood;', 'SELECT 1');
SELECT schemamig.add_revision('l16', 'SELECT 1', 'SELECT 1', transactional => false);
SELECT schemamig.add_revision('l17', E'INSERT INTO lint_feel VALUES (''meh'');\nALTER TYPE lint_mood ADD VALUE ''ok'' AFTER ''meh'';', 'SELECT 1');
SELECT schemamig.add_revision('l18', E'SET lock_timeout = ''1s'';\nALTER TABLE lint_empty ALTER COLUMN a TYPE bigint;\nALTER TABLE lint_big ALTER COLUMN a TYPE bigint;', 'SELECT 1');
-- a column's type as the plan leaves it: l18's widening of lint_big.a
-- comes after l03's (no rewrite), l20 widens a column it added (a rewrite)
-- and then names the same type again (none)
SELECT schemamig.add_revision('l20', E'ALTER TABLE lint_big ADD COLUMN w int;\nALTER TABLE lint_big ALTER COLUMN w TYPE bigint;\nALTER TABLE lint_big ALTER COLUMN w TYPE int8;', 'SELECT 1');
-- IF NOT EXISTS would skip the INVALID index an interrupted build leaves
SELECT schemamig.add_revision('l19', E'CREATE INDEX CONCURRENTLY IF NOT EXISTS lint_new_c ON lint_empty (a);\nCREATE INDEX CONCURRENTLY lint_new_d ON lint_empty (a);', 'SELECT 1', transactional => false);
SELECT * FROM lint_rows() WHERE r >= 'l12' ORDER BY r, s, rule;
SELECT message, hint FROM schemamig.lint() WHERE rule = 'enum-value-used' LIMIT 1;
SELECT message, hint FROM schemamig.lint() WHERE rule = 'concurrently-if-not-exists';

-- a caller that runs under a lock_timeout needs no SET in the revision
SET lock_timeout = '3s';
SELECT count(*) AS missing_lock_timeout FROM schemamig.lint() WHERE rule = 'missing-lock-timeout';
RESET lock_timeout;
SELECT count(*) AS missing_lock_timeout FROM schemamig.lint() WHERE rule = 'missing-lock-timeout';

-- targets, as upgrade() takes them; nothing ran
SELECT count(*) FROM schemamig.lint('l01');
SELECT count(*) FROM schemamig.lint('base');
SELECT count(*) FROM schemamig.lint('+2');
SELECT * FROM schemamig.lint('nope');
SELECT * FROM schemamig.lint(NULL);
SELECT count(*) AS applied, (SELECT count(*) FROM pg_indexes WHERE tablename = 'lint_big') AS indexes,
       (SELECT count(*) FROM lint_big) AS big_rows FROM schemamig.applied;

-- after an upgrade, what is applied is not linted
SELECT schemamig.upgrade('l01');
SELECT count(*) FROM schemamig.lint('l01');

-- a deployer may lint; PUBLIC may not
CREATE ROLE regress_linter;
SET ROLE regress_linter;
SELECT count(*) FROM schemamig.lint();
RESET ROLE;
SELECT schemamig.grant_deployer('regress_linter');
SET ROLE regress_linter;
SELECT count(*) > 0 AS linted FROM schemamig.lint();
RESET ROLE;

-- a type change of a column the table does not have: nothing to say, and
-- nothing held (no "resource was not closed" warning)
SELECT schemamig.add_revision('l99', 'ALTER TABLE lint_big ALTER COLUMN no_such_column TYPE int', 'SELECT 1');
SELECT count(*) AS findings FROM schemamig.lint('l99') WHERE rule LIKE '%type%';
SELECT schemamig.remove_revision('l99');

-- from here on each revision is linted alone: the ones above count as
-- applied, and lint_one() registers one, lints it and removes it
SELECT schemamig.stamp('head') > 0 AS stamped;
CREATE FUNCTION lint_one(id text, sql text) RETURNS TABLE (s int, sev text, rule text, rel text)
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM schemamig.add_revision(id, sql, 'SELECT 1');
    RETURN QUERY SELECT l.statement, l.severity, l.rule, l.relation FROM schemamig.lint() AS l
                  ORDER BY l.statement, l.rule COLLATE "C", l.relation COLLATE "C";
    PERFORM schemamig.remove_revision(id);
END
$$;

-- a partitioned table and an inheritance parent are judged by everything
-- under them (their own storage is empty); ONLY means the table alone
CREATE TABLE lint_parted (id int, a int) PARTITION BY RANGE (id);
CREATE TABLE lint_parted_1 PARTITION OF lint_parted FOR VALUES FROM (0) TO (1000);
CREATE TABLE lint_parted_2 PARTITION OF lint_parted FOR VALUES FROM (1000) TO (2000);
CREATE TABLE lint_parted_def PARTITION OF lint_parted DEFAULT;
INSERT INTO lint_parted SELECT g, g FROM generate_series(1, 2500) AS g;
CREATE TABLE lint_inh (id int, a int);
CREATE TABLE lint_inh_child () INHERITS (lint_inh);
INSERT INTO lint_inh_child SELECT g, g FROM generate_series(1, 100) AS g;
ANALYZE lint_parted, lint_parted_1, lint_parted_2, lint_parted_def, lint_inh, lint_inh_child;
SELECT * FROM lint_one('p1', E'ALTER TABLE lint_parted ALTER COLUMN a TYPE bigint;\nCREATE INDEX ON lint_parted (a);\nCREATE INDEX ON ONLY lint_parted (id);');
SELECT * FROM lint_one('p2', E'TRUNCATE lint_inh;\nTRUNCATE ONLY lint_inh;\nDROP TABLE lint_parted;');
SELECT schemamig.add_revision('p3', 'LOCK TABLE lint_parted, lint_inh', 'SELECT 1');
SELECT message FROM schemamig.lint() WHERE rule = 'access-exclusive';
SELECT schemamig.remove_revision('p3');
-- CREATE INDEX CONCURRENTLY of a partitioned table fails, ONLY or not,
-- also of one the plan creates, in any revision; of a partition it does not
SELECT schemamig.add_revision('p4', E'CREATE INDEX CONCURRENTLY ON ONLY lint_parted (a);\nCREATE TABLE lint_p4 (a int) PARTITION BY LIST (a);\nCREATE INDEX CONCURRENTLY ON lint_p4 (a);\nCREATE INDEX CONCURRENTLY ON lint_parted_1 (a);',
                              'SELECT 1', transactional => false);
SELECT statement, severity, rule, relation FROM schemamig.lint() ORDER BY statement, rule;
SELECT message, hint FROM schemamig.lint() WHERE rule = 'concurrently-partitioned' LIMIT 1;
SELECT schemamig.remove_revision('p4');

-- a parent whose last child is gone is measured alone (relhassubclass
-- stays set until a VACUUM of it)
CREATE TABLE lint_lone (id int);
CREATE TABLE lint_lone_child () INHERITS (lint_lone);
DROP TABLE lint_lone_child;
SELECT schemamig.add_revision('p4', 'LOCK TABLE lint_lone', 'SELECT 1');
SELECT message FROM schemamig.lint() WHERE rule = 'access-exclusive';
SELECT schemamig.remove_revision('p4');
DROP TABLE lint_lone;

-- TRUNCATE ... CASCADE empties the tables whose foreign keys reference it,
-- and theirs: lint_fk3 references lint_fk2, which references lint_fk1
CREATE TABLE lint_fk1 (id int PRIMARY KEY);
CREATE TABLE lint_fk2 (id int PRIMARY KEY, pid int REFERENCES lint_fk1 (id));
CREATE TABLE lint_fk3 (id int, pid int REFERENCES lint_fk2 (id));
CREATE TABLE lint_fk4 (pid int REFERENCES lint_fk1 (id));
INSERT INTO lint_fk1 SELECT g FROM generate_series(1, 100) AS g;
INSERT INTO lint_fk2 SELECT g, g FROM generate_series(1, 100) AS g;
INSERT INTO lint_fk3 SELECT g, g FROM generate_series(1, 100) AS g;
ANALYZE lint_fk1, lint_fk2, lint_fk3, lint_fk4;
SELECT * FROM lint_one('c1', E'SET LOCAL lock_timeout = ''1s'';\nTRUNCATE lint_fk2;\nTRUNCATE lint_fk1 CASCADE;');

-- through the keys of partitioned tables too: each partition of a
-- referenced partitioned table has the key's copies, the top one is
-- followed from them (as heap_truncate_find_FKs climbs to it), and a
-- partitioned referencing table's partitions have keys of their own
CREATE TABLE lint_tp (id int PRIMARY KEY) PARTITION BY RANGE (id);
CREATE TABLE lint_tp1 PARTITION OF lint_tp FOR VALUES FROM (0) TO (100) PARTITION BY RANGE (id);
CREATE TABLE lint_tp11 PARTITION OF lint_tp1 FOR VALUES FROM (0) TO (50);
CREATE TABLE lint_tp2 PARTITION OF lint_tp FOR VALUES FROM (100) TO (200);
CREATE TABLE lint_tr (id int PRIMARY KEY, pid int REFERENCES lint_tp) PARTITION BY RANGE (id);
CREATE TABLE lint_tr1 PARTITION OF lint_tr FOR VALUES FROM (0) TO (100);
CREATE TABLE lint_tq (pid int REFERENCES lint_tp, rid int REFERENCES lint_tr);
CREATE TABLE lint_ts (qid int REFERENCES lint_tp2);
INSERT INTO lint_tp SELECT g FROM generate_series(1, 49) AS g UNION ALL SELECT g FROM generate_series(101, 150) AS g;
INSERT INTO lint_tr SELECT g, g FROM generate_series(1, 40) AS g;
INSERT INTO lint_tq SELECT g, g FROM generate_series(1, 40) AS g;
INSERT INTO lint_ts SELECT g FROM generate_series(101, 140) AS g;
ANALYZE lint_tp, lint_tr, lint_tq, lint_ts;
SELECT * FROM lint_one('c2', E'SET LOCAL lock_timeout = ''1s'';\nTRUNCATE lint_tp11 CASCADE;\nTRUNCATE ONLY lint_tr1 CASCADE;\nTRUNCATE lint_tp2 CASCADE;\nTRUNCATE lint_tr, lint_ts CASCADE;');
DROP TABLE lint_ts, lint_tq, lint_tr, lint_tp;

-- CREATE ... IF NOT EXISTS of a table that is there creates nothing: the
-- table keeps its rows (and its findings), unless the plan dropped it; a
-- temporary table is another table than the one of its name in public
SELECT * FROM lint_one('n1', E'CREATE TABLE IF NOT EXISTS lint_big (id int);\nCREATE INDEX ON lint_big (a);\nTRUNCATE lint_big;');
SELECT * FROM lint_one('n2', E'CREATE TABLE IF NOT EXISTS lint_big AS SELECT 1 AS id;\nCREATE MATERIALIZED VIEW IF NOT EXISTS lint_fk2 AS SELECT 1 AS id;\nALTER TABLE lint_big ALTER COLUMN a TYPE bigint;\nTRUNCATE lint_fk2;');
SELECT * FROM lint_one('n3', E'DROP TABLE lint_fk3;\nCREATE TABLE IF NOT EXISTS lint_fk3 (id int);\nCREATE INDEX ON lint_fk3 (id);');
SELECT * FROM lint_one('n4', E'CREATE TEMP TABLE lint_big (id int, a int);\nALTER TABLE public.lint_big ALTER COLUMN a TYPE bigint;\nALTER TABLE lint_big ADD COLUMN r float8 DEFAULT random();\nCREATE TABLE pg_temp.lint_fk2 (id int);\nTRUNCATE lint_fk2;\nTRUNCATE public.lint_fk2;');

-- ATTACH PARTITION locks and scans the table attached and the DEFAULT
-- partition, CREATE TABLE ... PARTITION OF locks the parent and locks and
-- scans the DEFAULT partition, DETACH locks the partition and the DEFAULT one
CREATE TABLE lint_attach (id int, a int);
INSERT INTO lint_attach SELECT g, g FROM generate_series(3000, 3099) AS g;
ANALYZE lint_attach;
SELECT * FROM lint_one('a1', E'ALTER TABLE lint_parted ATTACH PARTITION lint_attach FOR VALUES FROM (3000) TO (4000);\nCREATE TABLE lint_parted_3 PARTITION OF lint_parted FOR VALUES FROM (5000) TO (6000);\nALTER TABLE lint_parted DETACH PARTITION lint_parted_2;\nALTER TABLE lint_parted DETACH PARTITION lint_parted_def;\nCREATE TABLE IF NOT EXISTS lint_parted_1 PARTITION OF lint_parted FOR VALUES FROM (0) TO (1000);');

-- ADD COLUMN of a domain with constraints rewrites whatever the default,
-- and one with no default takes its type's, volatile or not
CREATE DOMAIN lint_pos AS int CHECK (VALUE > 0);
CREATE DOMAIN lint_rnd AS int DEFAULT (random() * 100)::int;
CREATE DOMAIN lint_seven AS int DEFAULT 7;
SELECT * FROM lint_one('d1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_big ADD COLUMN d1 lint_pos;\nALTER TABLE lint_big ADD COLUMN d2 lint_pos DEFAULT 1;\nALTER TABLE lint_big ADD COLUMN d3 lint_rnd;\nALTER TABLE lint_big ADD COLUMN d4 lint_rnd DEFAULT 5;\nALTER TABLE lint_big ADD COLUMN d5 lint_seven;');
SELECT schemamig.add_revision('d2', E'ALTER TABLE lint_big ADD COLUMN d1 lint_pos;\nALTER TABLE lint_big ADD COLUMN d3 lint_rnd;', 'SELECT 1');
SELECT message FROM schemamig.lint() WHERE rule = 'table-rewrite' ORDER BY statement;
SELECT schemamig.remove_revision('d2');
-- serial and bigserial columns (a nextval() default), a default calling a
-- function the plan creates (volatile unless it says otherwise)
SELECT schemamig.add_revision('d3', E'ALTER TABLE lint_big ADD COLUMN s1 serial;\nALTER TABLE lint_big ADD COLUMN s2 bigserial;\n'
  'CREATE FUNCTION lint_mk(x int, y int) RETURNS int LANGUAGE sql AS $$SELECT x + y$$;\n'
  'CREATE FUNCTION lint_mk2(x int, y int) RETURNS int LANGUAGE sql IMMUTABLE AS $$SELECT x + y$$;\n'
  'ALTER TABLE lint_big ADD COLUMN f1 int DEFAULT lint_mk(1, 2);\nALTER TABLE lint_big ADD COLUMN f2 int DEFAULT lint_mk2(1, 2);', 'SELECT 1');
SELECT statement, message FROM schemamig.lint() WHERE rule = 'table-rewrite' ORDER BY statement;
SELECT schemamig.remove_revision('d3');

-- LOCK TABLE in a mode that blocks writes (not reads): blocking-lock, a
-- warning with rows, info without, nothing for a table the plan creates
-- or a mode below SHARE; ACCESS EXCLUSIVE is access-exclusive's
SELECT * FROM lint_one('lk1', E'SET LOCAL lock_timeout = ''1s'';\nLOCK TABLE lint_big IN SHARE MODE;\nLOCK TABLE lint_empty IN EXCLUSIVE MODE;\nCREATE TABLE lint_lk (id int);\nLOCK TABLE lint_lk IN SHARE ROW EXCLUSIVE MODE;\nLOCK TABLE lint_big IN SHARE UPDATE EXCLUSIVE MODE;\nLOCK TABLE lint_big IN ROW EXCLUSIVE MODE;\nLOCK TABLE lint_empty;');
SELECT schemamig.add_revision('lk2', 'LOCK TABLE lint_big IN SHARE ROW EXCLUSIVE MODE', 'SELECT 1');
SELECT message, hint FROM schemamig.lint();
SELECT schemamig.remove_revision('lk2');
-- LOCK TABLE of a view locks, in its mode, what the view's query reads:
-- its tables (with those under them, unless ONLY) and views, and theirs,
-- in subqueries too; of a view the plan creates, nothing is known
CREATE VIEW lint_lv1 AS SELECT id FROM lint_big WHERE EXISTS (SELECT FROM ONLY lint_inh);
CREATE VIEW lint_lv2 AS SELECT l.id FROM lint_lv1 AS l JOIN lint_parted AS p USING (id) UNION ALL SELECT id FROM lint_empty;
SELECT * FROM lint_one('lk3', E'LOCK TABLE lint_lv2 IN SHARE MODE;\nLOCK TABLE lint_lv1;\nCREATE VIEW lint_lv3 AS SELECT id FROM lint_big;\nLOCK TABLE lint_lv3;');
SELECT schemamig.add_revision('lk4', 'LOCK TABLE lint_lv2 IN EXCLUSIVE MODE', 'SELECT 1');
SELECT relation, message FROM schemamig.lint() WHERE rule IN ('blocking-lock', 'missing-lock-timeout') ORDER BY relation COLLATE "C", rule;
SELECT schemamig.remove_revision('lk4');
DROP VIEW lint_lv2, lint_lv1;

-- lock_timeout 0 in any unit turns the timeout off
SELECT v AS lock_timeout, (SELECT count(*) FROM lint_one('lt' || n, format(E'SET LOCAL lock_timeout = %s;\nLOCK TABLE lint_big;', v))
                            WHERE rule = 'missing-lock-timeout') AS missing
  FROM (VALUES (1, '''0s'''), (2, '''0ms'''), (3, '0'), (4, '''0.4ms'''), (5, '''5s'''), (6, '''1min'''), (7, '1000')) AS v (n, v)
 ORDER BY n;
-- RESET lock_timeout, SET ... TO DEFAULT and RESET ALL give it the value the
-- session started with (none here), not the revision's nor the caller's SET
SET lock_timeout = '3s';
SELECT v AS statement, (SELECT count(*) FROM lint_one('rs' || n, format(E'SET LOCAL lock_timeout = ''1s'';\n%s;\nLOCK TABLE lint_big;', v))
                         WHERE rule = 'missing-lock-timeout') AS missing
  FROM (VALUES (1, 'RESET lock_timeout'), (2, 'SET LOCAL lock_timeout TO DEFAULT'), (3, 'RESET ALL'),
               (4, 'SET LOCAL work_mem = ''1MB'''), (5, 'RESET ALL; SET LOCAL lock_timeout = ''2s''')) AS v (n, v)
 ORDER BY n;
RESET lock_timeout;
SELECT current_setting('lock_timeout') AS after_lint;

-- a revision's own SET search_path: the names after it resolve on it, until
-- the revision ends (as when it runs), and nothing of it stays
CREATE SCHEMA lint_app;
CREATE TABLE lint_app.lint_empty (id int, a int);
INSERT INTO lint_app.lint_empty SELECT g, g FROM generate_series(1, 100) AS g;
CREATE TABLE lint_app.lint_only (id int, a int);
INSERT INTO lint_app.lint_only SELECT g, g FROM generate_series(1, 100) AS g;
ANALYZE lint_app.lint_empty, lint_app.lint_only;
SELECT schemamig.add_revision('sp1', E'SET LOCAL search_path = lint_app, public;\nALTER TABLE lint_empty ALTER COLUMN a TYPE bigint;\nCREATE INDEX ON lint_only (a);\nRESET search_path;\nALTER TABLE lint_empty ALTER COLUMN a TYPE bigint;', 'SELECT 1');
SELECT schemamig.add_revision('sp2', E'SET search_path = lint_app;\nTRUNCATE lint_only;', 'SELECT 1');
SELECT schemamig.add_revision('sp3', 'TRUNCATE lint_empty', 'SELECT 1');
SELECT r, s, sev, rule, rel FROM lint_rows() ORDER BY r, s, rule COLLATE "C", rel COLLATE "C";
SHOW search_path;
SELECT schemamig.remove_revision(id) FROM unnest(ARRAY['sp3', 'sp2', 'sp1']) AS id;

-- the other table of a foreign key: ACCESS EXCLUSIVE when a key column's
-- type changes (the key is made again), when the table that references it
-- goes, and with CASCADE when the table it references goes
SELECT * FROM lint_one('k1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk1 ALTER COLUMN id TYPE bigint;\nALTER TABLE lint_fk3 ALTER COLUMN pid TYPE bigint;\nALTER TABLE lint_fk3 ALTER COLUMN id TYPE bigint;');
SELECT * FROM lint_one('k2', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fk3;');
SELECT * FROM lint_one('k3', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fk2 CASCADE;');
SELECT * FROM lint_one('k4', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fk4, lint_fk1;');
-- and when a statement drops the key otherwise: DROP COLUMN of a key
-- column (with CASCADE, of a referenced one), with CASCADE DROP CONSTRAINT
-- of the key it references or DROP INDEX of the unique index (without,
-- the statement fails)
CREATE TABLE lint_fk5 (code int);
CREATE UNIQUE INDEX lint_fk5_code ON lint_fk5 (code);
CREATE TABLE lint_fk6 (code int REFERENCES lint_fk5 (code));
INSERT INTO lint_fk5 SELECT g FROM generate_series(1, 100) AS g;
ANALYZE lint_fk5, lint_fk6;
SELECT * FROM lint_one('k5', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk3 DROP COLUMN pid;');
SELECT * FROM lint_one('k6', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk2 DROP COLUMN id;');
SELECT * FROM lint_one('k7', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk2 DROP COLUMN id CASCADE;');
SELECT * FROM lint_one('k8', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk2 DROP CONSTRAINT lint_fk2_pkey;');
SELECT * FROM lint_one('k9', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk2 DROP CONSTRAINT lint_fk2_pkey CASCADE;');
SELECT * FROM lint_one('k10', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk6 DROP COLUMN code;');
SELECT * FROM lint_one('k10i', E'SET LOCAL lock_timeout = ''1s'';\nDROP INDEX lint_fk5_code;');
SELECT schemamig.add_revision('k11', E'ALTER TABLE lint_fk3 DROP COLUMN pid;\nALTER TABLE lint_fk2 DROP CONSTRAINT lint_fk2_pkey CASCADE;\nDROP INDEX lint_fk5_code CASCADE;', 'SELECT 1');
SELECT statement, relation, message FROM schemamig.lint() WHERE rule = 'access-exclusive' ORDER BY statement, relation COLLATE "C";
SELECT schemamig.remove_revision('k11');
-- DROP TABLE ... CASCADE drops the materialized views that read the table,
-- also through views and other materialized views: destructive and
-- access-exclusive on each (without CASCADE the statement fails); so do
-- DROP VIEW ... CASCADE and DROP COLUMN ... CASCADE of a column they read
CREATE MATERIALIZED VIEW lint_fk_mv AS SELECT code FROM lint_fk5;
CREATE VIEW lint_fk_v AS SELECT code FROM lint_fk5;
CREATE MATERIALIZED VIEW lint_fk_mv2 AS SELECT code FROM lint_fk_v;
CREATE MATERIALIZED VIEW lint_fk_mv3 AS SELECT code FROM lint_fk_mv2;
ANALYZE lint_fk_mv, lint_fk_mv2, lint_fk_mv3;
SELECT * FROM lint_one('k12', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fk6, lint_fk5 CASCADE;\nREFRESH MATERIALIZED VIEW lint_fk_mv3;');
SELECT * FROM lint_one('k13', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fk6, lint_fk5;');
SELECT * FROM lint_one('k14', E'SET LOCAL lock_timeout = ''1s'';\nDROP MATERIALIZED VIEW lint_fk_mv2 CASCADE;\nDROP MATERIALIZED VIEW lint_fk_mv CASCADE;');
SELECT * FROM lint_one('k16', E'SET LOCAL lock_timeout = ''1s'';\nDROP VIEW lint_fk_v;\nDROP VIEW lint_fk_v CASCADE;');
SELECT * FROM lint_one('k17', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_fk5 ADD COLUMN other int;\nALTER TABLE lint_fk5 DROP COLUMN other CASCADE;\nALTER TABLE lint_fk5 DROP COLUMN code CASCADE;');
SELECT schemamig.add_revision('k15', 'DROP TABLE lint_fk5 CASCADE', 'SELECT 1');
SELECT relation, message FROM schemamig.lint() WHERE relation = 'public.lint_fk_mv3' ORDER BY rule;
SELECT schemamig.remove_revision('k15');
DROP MATERIALIZED VIEW lint_fk_mv3, lint_fk_mv2, lint_fk_mv;
DROP VIEW lint_fk_v;
DROP TABLE lint_fk6, lint_fk5;
-- DROP FUNCTION or DROP SEQUENCE ... CASCADE drops what uses it, each
-- under ACCESS EXCLUSIVE on its table: a default (and a generated column
-- with its expression, destructive), a CHECK, an index, a trigger, a
-- materialized view (destructive); without CASCADE the statement fails
CREATE FUNCTION lint_imm(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE FUNCTION lint_fn_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE SEQUENCE lint_fn_seq;
CREATE TABLE lint_fn1 (id int, v int DEFAULT lint_imm(1), w int CHECK (lint_imm(w) > 0));
CREATE TABLE lint_fn2 (id int, z int GENERATED ALWAYS AS (lint_imm(id)) STORED);
CREATE TABLE lint_fn3 (id int DEFAULT nextval('lint_fn_seq'));
CREATE INDEX lint_fn3_i ON lint_fn3 (lint_imm(id));
CREATE TRIGGER lint_fn3_t BEFORE INSERT ON lint_fn3 FOR EACH ROW EXECUTE FUNCTION lint_fn_trg();
CREATE MATERIALIZED VIEW lint_fn_mv AS SELECT lint_imm(1) AS one;
INSERT INTO lint_fn1 (id, w) VALUES (1, 1);
INSERT INTO lint_fn2 (id) VALUES (1);
INSERT INTO lint_fn3 VALUES (1);
ANALYZE lint_fn1, lint_fn2, lint_fn3, lint_fn_mv;
SELECT * FROM lint_one('fn1', E'SET LOCAL lock_timeout = ''1s'';\nDROP FUNCTION lint_imm(int) CASCADE;');
SELECT * FROM lint_one('fn2', E'SET LOCAL lock_timeout = ''1s'';\nDROP FUNCTION lint_fn_trg() CASCADE;\nDROP SEQUENCE lint_fn_seq CASCADE;\nDROP FUNCTION lint_fn_trg();\nDROP SEQUENCE lint_fn_seq;\nDROP FUNCTION IF EXISTS lint_nope() CASCADE;');
SELECT schemamig.add_revision('fn3', E'DROP SEQUENCE lint_fn_seq CASCADE;\nDROP FUNCTION lint_imm(int) CASCADE;', 'SELECT 1');
SELECT statement, rule, relation, message FROM schemamig.lint() WHERE relation IN ('public.lint_fn2', 'public.lint_fn3') ORDER BY statement, relation COLLATE "C", rule;
SELECT schemamig.remove_revision('fn3');
-- so does DROP TABLE ... CASCADE, of the rules and policies of other
-- tables that read it (its foreign keys, views and children are said above)
CREATE RULE lint_fn1_r AS ON INSERT TO lint_fn1 DO ALSO DELETE FROM lint_fn3;
CREATE POLICY lint_fn2_p ON lint_fn2 USING (EXISTS (SELECT FROM lint_fn3));
SELECT * FROM lint_one('fn4', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fn3;');
SELECT * FROM lint_one('fn4c', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_fn3 CASCADE;');
SELECT schemamig.add_revision('fn5', 'DROP TABLE lint_fn3 CASCADE', 'SELECT 1');
SELECT relation, message FROM schemamig.lint() WHERE relation = 'public.lint_fn1';
SELECT schemamig.remove_revision('fn5');
DROP MATERIALIZED VIEW lint_fn_mv;
DROP TABLE lint_fn1, lint_fn2, lint_fn3;
DROP SEQUENCE lint_fn_seq;
DROP FUNCTION lint_imm(int), lint_fn_trg();

-- SET TABLESPACE and SET ACCESS METHOD copy the table, unless it is there
-- already; on a partitioned table they copy nothing
SET allow_in_place_tablespaces = on;
CREATE TABLESPACE lint_ts LOCATION '';
RESET allow_in_place_tablespaces;
CREATE ACCESS METHOD lint_heap2 TYPE TABLE HANDLER heap_tableam_handler;
SELECT * FROM lint_one('m1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_big SET TABLESPACE lint_ts;\nALTER TABLE lint_big SET TABLESPACE pg_default;\nALTER TABLE lint_big SET ACCESS METHOD lint_heap2;\nALTER TABLE lint_big SET ACCESS METHOD heap;\nALTER TABLE lint_parted SET TABLESPACE lint_ts;');

-- a rename or a move takes ACCESS EXCLUSIVE; the later statements find the
-- table under its new name (and nothing under the old one)
SELECT * FROM lint_one('r1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_big RENAME TO lint_big2;\nALTER TABLE lint_big2 ALTER COLUMN a TYPE bigint;\nTRUNCATE lint_big;\nALTER TABLE lint_big2 SET SCHEMA lint_app;\nALTER TABLE lint_app.lint_big2 ADD COLUMN r float8 DEFAULT random();\nCREATE TABLE IF NOT EXISTS lint_app.lint_big2 (id int);\nCREATE INDEX ON lint_app.lint_big2 (a);\nALTER TABLE lint_app.lint_big2 RENAME CONSTRAINT lint_big_pkey TO p;\nCREATE TABLE lint_big (id int);\nTRUNCATE lint_big;');

-- triggers, policies and rules lock their table; REFRESH MATERIALIZED VIEW
-- rewrites the view (but CONCURRENTLY), DROP destroys it
CREATE FUNCTION lint_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER lint_trg BEFORE INSERT ON lint_big FOR EACH ROW EXECUTE FUNCTION lint_trg();
CREATE POLICY lint_pol ON lint_big USING (true);
CREATE RULE lint_rule AS ON UPDATE TO lint_big DO ALSO NOTIFY lint_big;
CREATE MATERIALIZED VIEW lint_mv AS SELECT id, a FROM lint_big;
ANALYZE lint_mv;
SELECT * FROM lint_one('o1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TRIGGER lint_trg ON lint_big RENAME TO lint_trg2;\nDROP TRIGGER lint_trg2 ON lint_big;\nCREATE TRIGGER lint_trg3 AFTER INSERT ON lint_big FOR EACH ROW EXECUTE FUNCTION lint_trg();\nALTER POLICY lint_pol ON lint_big RENAME TO p2;\nALTER POLICY p2 ON lint_big USING (id > 0);\nDROP POLICY p2 ON lint_big;\nCREATE POLICY p3 ON lint_big USING (true);\nALTER RULE lint_rule ON lint_big RENAME TO r2;\nDROP RULE r2 ON lint_big;\nCREATE RULE r3 AS ON DELETE TO lint_big DO ALSO NOTIFY lint_big;');
SELECT * FROM lint_one('o2', E'SET LOCAL lock_timeout = ''1s'';\nREFRESH MATERIALIZED VIEW lint_mv;\nREFRESH MATERIALIZED VIEW CONCURRENTLY lint_mv;\nALTER MATERIALIZED VIEW lint_mv RENAME TO lint_mv2;\nDROP MATERIALIZED VIEW lint_mv2;');

-- what cannot run in a transaction block; CLUSTER and VACUUM FULL without a
-- table rewrite every table they reach, VACUUM FULL of a table rewrites it
SELECT * FROM lint_one('x1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_parted DETACH PARTITION lint_parted_2 CONCURRENTLY;\nCLUSTER;\nCLUSTER lint_parted;\nREINDEX SCHEMA lint_app;\nREINDEX TABLE lint_parted;\nREINDEX (CONCURRENTLY) TABLE lint_big;\nVACUUM FULL;\nDROP INDEX CONCURRENTLY lint_big_pkey;\nREINDEX DATABASE lint_db;\nCREATE DATABASE lint_db;');
SELECT schemamig.add_revision('x2', E'CLUSTER;\nVACUUM (FULL);\nREINDEX SCHEMA lint_app;\nVACUUM FULL lint_big;', 'SELECT 1', transactional => false);
SELECT statement, severity, rule, relation, message FROM schemamig.lint() ORDER BY statement;
SELECT schemamig.remove_revision('x2');

-- REINDEX without CONCURRENTLY: a SHARE lock on the table, ACCESS
-- EXCLUSIVE on its indexes
SELECT * FROM lint_one('i1', E'SET LOCAL lock_timeout = ''1s'';\nREINDEX TABLE lint_big;\nREINDEX INDEX lint_big_pkey;\nREINDEX TABLE lint_empty;');
SELECT schemamig.add_revision('i2', 'REINDEX TABLE lint_big', 'SELECT 1');
SELECT message, hint FROM schemamig.lint();
SELECT schemamig.remove_revision('i2');

-- ALTER DOMAIN checks every column of the domain (and of domains over it)
-- under a SHARE lock: NOT VALID defers the check, VALIDATE makes it
CREATE DOMAIN lint_code AS text;
CREATE DOMAIN lint_code2 AS lint_code;
CREATE TABLE lint_dom (c lint_code2, d lint_code);
INSERT INTO lint_dom SELECT g::text, g::text FROM generate_series(1, 100) AS g;
CREATE TABLE lint_dom_empty (c lint_code);
ANALYZE lint_dom, lint_dom_empty;
SELECT * FROM lint_one('dm1', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_code ADD CONSTRAINT nonempty CHECK (VALUE <> '''');\nALTER DOMAIN lint_code ADD CONSTRAINT nonempty2 CHECK (VALUE <> '''') NOT VALID;\nALTER DOMAIN lint_code2 SET NOT NULL;\nALTER DOMAIN lint_code VALIDATE CONSTRAINT nonempty2;\nALTER DOMAIN lint_code DROP NOT NULL;');
SELECT schemamig.add_revision('dm2', 'ALTER DOMAIN lint_code2 SET NOT NULL', 'SELECT 1');
SELECT message FROM schemamig.lint() WHERE rule = 'validating-scan';
SELECT schemamig.remove_revision('dm2');

-- missing-lock-timeout: any statement waiting for a lock that blocks writes
-- (SHARE or stronger) on a table with rows, however short it is; the first
-- of a revision, naming the mode; none for SHARE UPDATE EXCLUSIVE or less,
-- a table with no rows, or one the plan creates
SELECT n, (SELECT string_agg(format('%s %s', s, rel), ', ') FROM lint_one('w' || n, v) WHERE rule = 'missing-lock-timeout') AS missing
  FROM (VALUES
    (1, 'CREATE TRIGGER lint_w AFTER INSERT ON lint_big FOR EACH ROW EXECUTE FUNCTION lint_trg()'),
    (2, 'ALTER TABLE lint_child ADD CONSTRAINT lint_w FOREIGN KEY (pid) REFERENCES lint_big (id) NOT VALID'),
    (3, 'CREATE TABLE lint_w (id int REFERENCES lint_big (id))'),
    (4, 'CREATE TABLE lint_w (id int, FOREIGN KEY (id) REFERENCES lint_big)'),
    (5, 'ALTER TABLE lint_empty ADD COLUMN w int REFERENCES lint_big (id)'),
    (6, 'ALTER TABLE lint_empty ADD CONSTRAINT lint_w FOREIGN KEY (a) REFERENCES lint_big (id) NOT VALID'),
    (7, 'CREATE INDEX ON lint_big (x)'),
    (8, 'REINDEX INDEX lint_big_pkey'),
    (9, 'ALTER TABLE lint_big DISABLE TRIGGER ALL'),
    (10, 'LOCK TABLE lint_big IN SHARE MODE'),
    (11, 'LOCK TABLE lint_big IN EXCLUSIVE MODE'),
    (12, 'ALTER DOMAIN lint_code ADD CONSTRAINT lint_w CHECK (VALUE <> '''')'),
    (13, 'ALTER TABLE lint_child VALIDATE CONSTRAINT lint_child_fk'),
    (14, 'ALTER TABLE lint_big ALTER COLUMN a SET STATISTICS 100'),
    (15, 'LOCK TABLE lint_big IN SHARE UPDATE EXCLUSIVE MODE'),
    (16, 'CREATE TRIGGER lint_w AFTER INSERT ON lint_empty FOR EACH ROW EXECUTE FUNCTION lint_trg()'),
    (17, 'CREATE TABLE lint_w (id int PRIMARY KEY, p int REFERENCES lint_w)'),
    (18, E'CREATE TABLE lint_w (id int);\nCREATE TRIGGER lint_w AFTER INSERT ON lint_w FOR EACH ROW EXECUTE FUNCTION lint_trg();\nCREATE INDEX ON lint_w (id)'),
    (19, E'CREATE TRIGGER lint_w AFTER INSERT ON lint_child FOR EACH ROW EXECUTE FUNCTION lint_trg();\nLOCK TABLE lint_big'),
    (20, E'SET LOCAL lock_timeout = ''1s'';\nCREATE TRIGGER lint_w AFTER INSERT ON lint_big FOR EACH ROW EXECUTE FUNCTION lint_trg()'),
    (21, 'CREATE TABLE IF NOT EXISTS lint_child (id int REFERENCES lint_big (id))')) AS v (n, v)
 ORDER BY n;
SELECT schemamig.add_revision('w', E'CREATE TABLE lint_w (id int REFERENCES lint_big (id));\nLOCK TABLE lint_w;', 'SELECT 1');
SELECT message FROM schemamig.lint() WHERE rule = 'missing-lock-timeout';
SELECT schemamig.remove_revision('w');
SELECT schemamig.add_revision('w', 'CREATE TRIGGER lint_w AFTER INSERT ON lint_big FOR EACH ROW EXECUTE FUNCTION lint_trg()', 'SELECT 1');
SELECT message, hint FROM schemamig.lint();
SELECT schemamig.remove_revision('w');

-- ADD COLUMN with a CHECK scans the table; SET LOGGED of a logged table
-- does nothing
SELECT * FROM lint_one('ac1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_big ADD COLUMN z int CHECK (z > 0);\nALTER TABLE lint_attach SET LOGGED;\nALTER TABLE lint_attach SET UNLOGGED;');

-- set_config() is followed as SET is; timestamp and timestamptz convert in
-- place at UTC (the revision's own TimeZone counts, and stays its own); a
-- domain without constraints over the type, the finest time precision and
-- USING the column itself relabel
CREATE TABLE lint_ts (t timestamp, tz timestamptz, t3 timestamp(3), v varchar(5), txt text);
INSERT INTO lint_ts SELECT now(), now(), now(), 'x', 'x' FROM generate_series(1, 100);
CREATE DOMAIN lint_text AS text;
CREATE DOMAIN lint_text_ck AS text CHECK (VALUE <> '');
ANALYZE lint_ts;
SELECT current_setting('TimeZone') AS tz_before \gset
SELECT * FROM lint_one('tz1', E'SELECT pg_catalog.set_config(''lock_timeout'', ''1s'', true);\nSET LOCAL TimeZone = ''UTC'';\nALTER TABLE lint_ts ALTER COLUMN t TYPE timestamptz;\nALTER TABLE lint_ts ALTER COLUMN t3 TYPE timestamp(6);\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_text;\nALTER TABLE lint_ts ALTER COLUMN v TYPE text USING v;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_text_ck;\nSELECT set_config(''TimeZone'', ''America/New_York'', true);\nALTER TABLE lint_ts ALTER COLUMN tz TYPE timestamp;');
SELECT * FROM lint_one('tz2', E'ALTER TABLE lint_ts ALTER COLUMN t TYPE timestamptz;\nALTER TABLE lint_ts ALTER COLUMN t3 TYPE timestamp(2);\nALTER TABLE lint_ts ALTER COLUMN v TYPE text USING v || '''';') WHERE rule <> 'access-exclusive';
SELECT current_setting('TimeZone') = :'tz_before' AS timezone_kept;
-- what relabels is what the server's own typmod casts say: an interval's
-- fields or a numeric's precision that only widen
CREATE TABLE lint_iv (i interval, n numeric(10,2));
INSERT INTO lint_iv SELECT '1 day', 1 FROM generate_series(1, 100);
ANALYZE lint_iv;
SELECT * FROM lint_one('iv1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_iv ALTER COLUMN i TYPE interval day to second;\nALTER TABLE lint_iv ALTER COLUMN i TYPE interval hour to minute;\nALTER TABLE lint_iv ALTER COLUMN n TYPE numeric(12,2);\nALTER TABLE lint_iv ALTER COLUMN n TYPE numeric(12,3);');
SELECT v AS set_config, (SELECT count(*) FROM lint_one('sc' || n, format(E'SELECT set_config(''lock_timeout'', %s, false);\nLOCK TABLE lint_big;', v))
                         WHERE rule = 'missing-lock-timeout') AS missing
  FROM (VALUES (1, '''0'''), (2, '''2s'''), (3, 'NULL')) AS v (n, v)
 ORDER BY n;

-- a name resolves as the server resolves it after the plan renamed, moved
-- or dropped tables: along the whole search_path (a table renamed away
-- uncovers the next schema's), in the temporary schema, and in a schema
-- the plan creates
CREATE TABLE lint_app.lint_dup (id int, a int);
INSERT INTO lint_app.lint_dup SELECT g, g FROM generate_series(1, 100) AS g;
CREATE TABLE lint_dup (id int, a int);
INSERT INTO lint_dup SELECT g, g FROM generate_series(1, 100) AS g;
CREATE TEMP TABLE lint_tmp (id int, a int);
INSERT INTO lint_tmp SELECT g, g FROM generate_series(1, 100) AS g;
ANALYZE lint_app.lint_dup, lint_dup, lint_tmp;
SELECT * FROM lint_one('f1', E'SET LOCAL lock_timeout = ''1s'';\nSET LOCAL search_path = lint_app, public;\nALTER TABLE public.lint_attach RENAME TO lint_att2;\nALTER TABLE lint_att2 ALTER COLUMN a TYPE bigint;\nSET LOCAL search_path = public, lint_app;\nALTER TABLE public.lint_dup RENAME TO lint_dup_old;\nALTER TABLE lint_dup ALTER COLUMN a TYPE bigint;\nCREATE SCHEMA lint_new_s;\nALTER TABLE lint_dup_old SET SCHEMA lint_new_s;\nALTER TABLE lint_new_s.lint_dup_old ALTER COLUMN a TYPE bigint;\nALTER TABLE lint_tmp RENAME TO lint_tmp2;\nALTER TABLE lint_tmp2 ALTER COLUMN a TYPE bigint;\nDROP TABLE lint_app.lint_dup;\nTRUNCATE lint_dup;');
-- a table found by what refers to it (a domain, a foreign key) is named as
-- the plan left it, and one the plan dropped is not there
SELECT * FROM lint_one('f2', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_dom RENAME TO lint_dom2;\nALTER DOMAIN lint_code ADD CONSTRAINT k CHECK (VALUE <> '''');\nALTER TABLE lint_fk2 RENAME TO lint_fk2b;\nTRUNCATE lint_fk1 CASCADE;\nDROP TABLE lint_dom_empty;\nALTER DOMAIN lint_code VALIDATE CONSTRAINT k;');
-- SET LOGGED and UNLOGGED as the plan leaves the table (a partitioned or
-- temporary one is not copied); what cannot run in a transaction block on
-- a partitioned table the plan makes
SELECT * FROM lint_one('f3', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_attach SET UNLOGGED;\nALTER TABLE lint_attach SET LOGGED;\nALTER TABLE lint_attach SET LOGGED;\nALTER TABLE lint_parted SET UNLOGGED;\nALTER TABLE lint_tmp SET UNLOGGED;');
SELECT * FROM lint_one('f4', E'CREATE TABLE lint_pn (id int PRIMARY KEY) PARTITION BY LIST (id);\nREINDEX TABLE lint_pn;\nCLUSTER lint_pn USING lint_pn_pkey;\nCREATE INDEX lint_pn_i ON lint_pn (id);\nREINDEX INDEX lint_pn_i;');
-- a column renamed is followed; a domain that gets constraints in the plan
-- (or is made with some) checks every row of a column changed to it, and
-- a column changed to a domain is scanned when the domain gets a constraint
SELECT * FROM lint_one('f5', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_big RENAME COLUMN a TO a2;\nALTER TABLE lint_big ALTER COLUMN a2 TYPE bigint;\nALTER TABLE lint_big ALTER COLUMN a TYPE bigint;');
SELECT * FROM lint_one('f6', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_text ADD CONSTRAINT k CHECK (VALUE <> '''') NOT VALID;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_text;\nCREATE DOMAIN lint_new_ck AS text CHECK (VALUE <> '''');\nALTER TABLE lint_ts ALTER COLUMN v TYPE lint_new_ck;\nALTER TABLE lint_big ALTER COLUMN x TYPE lint_code;\nALTER DOMAIN lint_code ADD CONSTRAINT k2 CHECK (VALUE <> '''');');
-- what locks or scans nothing: IF EXISTS of an object that is not there,
-- SET NOT NULL of a column that is NOT NULL, ADD COLUMN IF NOT EXISTS of
-- one that is there; USING a cast of the column relabels as the cast does
SELECT * FROM lint_one('f7', E'SET LOCAL lock_timeout = ''1s'';\nDROP TRIGGER IF EXISTS nope ON lint_big;\nDROP POLICY IF EXISTS nope ON lint_big;\nDROP RULE IF EXISTS nope ON lint_big;\nDROP TRIGGER IF EXISTS lint_trg ON lint_big;\nALTER TABLE lint_child ALTER COLUMN id SET NOT NULL;\nALTER TABLE lint_big ALTER COLUMN id SET NOT NULL;\nALTER TABLE lint_big ADD COLUMN IF NOT EXISTS a int CHECK (a > 0);\nALTER TABLE lint_ts ALTER COLUMN v TYPE text USING v::text;\nALTER TABLE lint_ts ALTER COLUMN t3 TYPE timestamp(3) USING lint_ts.t3;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE varchar(3) USING txt::varchar(3);');
-- set_config() with a FROM or WHERE may run any number of times: not followed
SELECT count(*) AS missing_lock_timeout FROM lint_one('f8', E'SELECT set_config(''lock_timeout'', ''1s'', true) WHERE false;\nLOCK TABLE lint_big;') WHERE rule = 'missing-lock-timeout';
DROP TABLE lint_app.lint_dup, lint_dup, lint_tmp;
-- DROP TYPE or DOMAIN ... CASCADE drops the columns of the type, of
-- domains over it and of arrays of them (without CASCADE, nothing goes)
CREATE TYPE lint_color AS ENUM ('red');
CREATE DOMAIN lint_color_d AS lint_color;
CREATE TABLE lint_paint (id int, c lint_color);
CREATE TABLE lint_paints (id int, cs lint_color_d[]);
INSERT INTO lint_paint VALUES (1, 'red');
INSERT INTO lint_paints VALUES (1, '{red}');
ANALYZE lint_paint, lint_paints;
SELECT * FROM lint_one('dt', E'SET LOCAL lock_timeout = ''1s'';\nDROP TYPE lint_color CASCADE;\nDROP DOMAIN lint_code CASCADE;\nDROP TYPE lint_mood;');
DROP TABLE lint_paint, lint_paints;
DROP DOMAIN lint_color_d;
DROP TYPE lint_color;
-- DROP SCHEMA ... CASCADE drops every table in it, as the plan leaves it
SELECT * FROM lint_one('ds', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_app.lint_empty RENAME TO lint_e2;\nALTER TABLE lint_fk4 SET SCHEMA lint_app;\nALTER TABLE lint_app.lint_only SET SCHEMA public;\nDROP SCHEMA lint_app CASCADE;\nTRUNCATE lint_app.lint_e2;\nDROP SCHEMA lint_app;');

-- the search path as the server walks it for a relation: pg_catalog and the
-- temporary schema first unless the path places them; a schema the plan
-- creates is there (also to create in), one it drops is not
CREATE TABLE lint_shadow (id int, a int);
INSERT INTO lint_shadow SELECT g, g FROM generate_series(1, 100) AS g;
CREATE TEMP TABLE lint_shadow (id int, a int);
INSERT INTO lint_shadow SELECT g, g FROM generate_series(1, 50) AS g;
CREATE TABLE public.pg_description (id int);
ANALYZE public.lint_shadow, pg_temp.lint_shadow;
SELECT * FROM lint_one('g1', E'SET LOCAL lock_timeout = ''1s'';\nLOCK TABLE pg_description;\nTRUNCATE lint_shadow;\nSET LOCAL search_path = public, pg_temp;\nTRUNCATE lint_shadow;\nCREATE SCHEMA lint_g;\nSET LOCAL search_path = lint_g, public;\nALTER TABLE public.lint_attach SET SCHEMA lint_g;\nALTER TABLE lint_attach ALTER COLUMN a TYPE bigint;\nCREATE TABLE lint_big (id int);\nALTER TABLE public.lint_big ALTER COLUMN a TYPE bigint;\nDROP SCHEMA lint_app CASCADE;\nSET LOCAL search_path = lint_app, public;\nTRUNCATE lint_empty;');
DROP TABLE public.lint_shadow, pg_temp.lint_shadow, public.pg_description;
-- types the plan creates: a change to one is a rewrite, but to a domain
-- without constraints over a type it relabels to; a domain the plan drops
-- and makes again is the new one; a constraint given to a domain the plan
-- made scans the columns changed to it
SELECT * FROM lint_one('g2', E'SET LOCAL lock_timeout = ''1s'';\nCREATE TYPE lint_g_mood AS ENUM (''x'');\nALTER TABLE lint_big ALTER COLUMN x TYPE lint_g_mood USING x::lint_g_mood;\nCREATE DOMAIN lint_g_big AS bigint;\nALTER TABLE lint_big ALTER COLUMN a TYPE lint_g_big;\nCREATE DOMAIN lint_g_t AS text;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_g_t;\nALTER TABLE lint_ts ALTER COLUMN v TYPE text USING v::lint_g_t;\nALTER DOMAIN lint_g_t ADD CONSTRAINT k CHECK (VALUE <> '''');\nALTER TABLE lint_ts ALTER COLUMN tz TYPE text;\nALTER TABLE lint_ts ALTER COLUMN tz TYPE lint_g_t;\nDROP DOMAIN lint_text_ck;\nCREATE DOMAIN lint_text_ck AS text;\nALTER TABLE lint_ts ALTER COLUMN t TYPE text;\nALTER TABLE lint_ts ALTER COLUMN t TYPE lint_text_ck;');
-- NOT NULL, columns and USING as the plan leaves them; a length a type
-- refuses fails the statement, not lint
CREATE TABLE lint_nn (b int NOT NULL, c int CHECK (c IS NOT NULL));
INSERT INTO lint_nn SELECT g, g FROM generate_series(1, 100) AS g;
ANALYZE lint_nn;
SELECT * FROM lint_one('g3', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nn ALTER COLUMN b DROP NOT NULL;\nALTER TABLE lint_nn ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_child ALTER COLUMN id SET NOT NULL;\nALTER TABLE lint_child ALTER COLUMN id SET NOT NULL;\nALTER TABLE lint_nn RENAME COLUMN c TO c2;\nALTER TABLE lint_nn ALTER COLUMN c2 SET NOT NULL;\nALTER TABLE lint_big DROP COLUMN a;\nALTER TABLE lint_big ADD COLUMN IF NOT EXISTS a int CHECK (a > 0);\nALTER TABLE lint_big ADD COLUMN z int;\nALTER TABLE lint_big ADD COLUMN IF NOT EXISTS z int CHECK (z > 0);\nALTER DOMAIN lint_code ADD CONSTRAINT k CHECK (VALUE <> '''') NOT VALID;\nALTER TABLE lint_big ALTER COLUMN x TYPE text USING x::lint_code;\nALTER TABLE lint_ts ALTER COLUMN v TYPE text USING v::varchar(0);\nALTER TABLE lint_ts ALTER COLUMN v TYPE varchar(0);\nALTER INDEX lint_big_pkey RENAME TO lint_big_pk2;\nREINDEX INDEX lint_big_pk2;');
DROP TABLE lint_nn;

-- DROP SCHEMA ... CASCADE: a partition whose parent is elsewhere, the
-- columns of other tables of the schema's types, the tables whose foreign
-- keys reference its tables; DROP TYPE ... CASCADE: the columns the plan
-- changed to the type, and not those it changed away
CREATE SCHEMA lint_h;
CREATE TABLE lint_h_ev (id int, a int) PARTITION BY RANGE (id);
CREATE TABLE lint_h_ev_new PARTITION OF lint_h_ev FOR VALUES FROM (100) TO (200);
CREATE TABLE lint_h.lint_h_ev_old PARTITION OF lint_h_ev FOR VALUES FROM (0) TO (100);
INSERT INTO lint_h_ev SELECT g, g FROM generate_series(1, 199) AS g;
CREATE TYPE lint_h.st AS ENUM ('a');
CREATE TABLE lint_h.t (id int PRIMARY KEY);
INSERT INTO lint_h.t VALUES (1);
CREATE TABLE lint_h_st (id int, s lint_h.st, pid int REFERENCES lint_h.t);
INSERT INTO lint_h_st VALUES (1, 'a', 1);
-- (a domain elsewhere over its type, arrays of both, its table's row type)
CREATE DOMAIN lint_h_sd AS lint_h.st;
CREATE TABLE lint_h_sd1 (id int, d lint_h_sd);
CREATE TABLE lint_h_sd2 (id int, d lint_h_sd[]);
CREATE TABLE lint_h_sd3 (id int, d lint_h.st[]);
CREATE TABLE lint_h_sd4 (id int, d lint_h.t);
CREATE TABLE lint_h_sd5 (id int, d text);
INSERT INTO lint_h_sd1 VALUES (1, 'a');
INSERT INTO lint_h_sd2 VALUES (1, '{a}');
INSERT INTO lint_h_sd3 VALUES (1, '{a}');
INSERT INTO lint_h_sd4 VALUES (1, ROW(1));
INSERT INTO lint_h_sd5 VALUES (1, 'a');
ANALYZE lint_h_ev_new, lint_h.lint_h_ev_old, lint_h.t, lint_h_st, lint_h_sd1, lint_h_sd2, lint_h_sd3, lint_h_sd4, lint_h_sd5;
SELECT * FROM lint_one('h1', E'SET LOCAL lock_timeout = ''1s'';\nDROP SCHEMA lint_h CASCADE;');
SELECT * FROM lint_one('h2', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_h_dn AS text;\nALTER TABLE lint_big ALTER COLUMN x TYPE lint_h_dn;\nDROP DOMAIN lint_h_dn CASCADE;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_code;\nALTER TABLE lint_dom ALTER COLUMN c TYPE text;\nALTER TABLE lint_dom ALTER COLUMN d TYPE text;\nDROP DOMAIN lint_code CASCADE;');
DROP SCHEMA lint_h CASCADE;
DROP TABLE lint_h_ev, lint_h_st, lint_h_sd1, lint_h_sd2, lint_h_sd3, lint_h_sd4, lint_h_sd5;
-- plan types found as the server finds them (by schema, pg_catalog
-- first), renamed, and over one another; a domain's constraint given in
-- the plan rewrites ADD COLUMN of it; CREATE SCHEMA AUTHORIZATION and the
-- tables CREATE SCHEMA makes
SELECT * FROM lint_one('h3', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_app.lint_code AS text CHECK (VALUE <> '''');\nALTER TABLE lint_big ALTER COLUMN x TYPE public.lint_code;\nCREATE DOMAIN lint_app.text AS text CHECK (VALUE <> '''');\nALTER TABLE lint_ts ALTER COLUMN txt TYPE text;\nCREATE DOMAIN lint_h_d1 AS text;\nCREATE DOMAIN lint_h_d2 AS lint_h_d1;\nALTER TABLE lint_ts ALTER COLUMN v TYPE lint_h_d2;\nALTER DOMAIN lint_h_d1 ADD CONSTRAINT k CHECK (VALUE <> '''');\nCREATE DOMAIN lint_h_dd AS bigint;\nALTER DOMAIN lint_h_dd RENAME TO lint_h_dd2;\nALTER TABLE lint_big ALTER COLUMN a TYPE lint_h_dd2;\nALTER DOMAIN lint_text_ck RENAME TO lint_h_ck2;\nALTER TABLE lint_ts ALTER COLUMN tz TYPE text;\nALTER TABLE lint_ts ALTER COLUMN tz TYPE lint_h_ck2;');
SELECT * FROM lint_one('h4', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_code ADD CONSTRAINT k CHECK (VALUE IS NULL OR VALUE <> '''');\nALTER TABLE lint_big ADD COLUMN z lint_code;\nCREATE ROLE regress_lint_bob;\nCREATE SCHEMA AUTHORIZATION regress_lint_bob;\nCREATE TABLE regress_lint_bob.t (id int);\nSET LOCAL search_path = lint_h2, public;\nCREATE SCHEMA lint_h2 CREATE TABLE lint_big (id int, a int);\nALTER TABLE lint_big ALTER COLUMN a TYPE bigint;');
-- a NOT NULL proof the plan drops proves nothing after; an identity
-- column is NOT NULL already
CREATE TABLE lint_nn2 (b int CONSTRAINT b_nn CHECK (b IS NOT NULL));
INSERT INTO lint_nn2 SELECT g FROM generate_series(1, 100) AS g;
ANALYZE lint_nn2;
SELECT * FROM lint_one('h5', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nn2 ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nn2 DROP CONSTRAINT b_nn, ALTER COLUMN b DROP NOT NULL;\nALTER TABLE lint_nn2 ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_big ADD COLUMN z2 int GENERATED ALWAYS AS IDENTITY;\nALTER TABLE lint_big ALTER COLUMN z2 SET NOT NULL;');
DROP TABLE lint_nn2;
-- a view renamed frees its name: CREATE TABLE IF NOT EXISTS makes a table
CREATE VIEW lint_vw AS SELECT 1 AS id;
SELECT * FROM lint_one('h6', E'ALTER VIEW lint_vw RENAME TO lint_vw_old;\nCREATE TABLE IF NOT EXISTS lint_vw (id int);\nALTER TABLE lint_vw ADD COLUMN z float8 DEFAULT random();\nALTER TABLE lint_vw_old RENAME TO lint_vw2;');
DROP VIEW lint_vw;
-- a domain's base type is the one its name stood for when the plan made
-- it: names changed after (renamed around, swapped) do not move it, and
-- no chain of them loops
SET statement_timeout = '60s';
SELECT * FROM lint_one('k1', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_k_da AS int;\nCREATE DOMAIN lint_k_db AS lint_k_da;\nALTER DOMAIN lint_k_da RENAME TO lint_k_dx;\nALTER DOMAIN lint_k_db RENAME TO lint_k_da;\nALTER TABLE lint_big ALTER COLUMN a TYPE lint_k_da;\nALTER TABLE lint_big ADD COLUMN z lint_k_da;\nDROP DOMAIN lint_k_dx CASCADE;');
RESET statement_timeout;
SELECT * FROM lint_one('k2', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_k_dn AS text;\nCREATE DOMAIN lint_k_dn2 AS lint_k_dn;\nALTER TABLE lint_big ALTER COLUMN x TYPE lint_k_dn2;\nALTER DOMAIN lint_k_dn RENAME TO lint_k_dn_r;\nDROP DOMAIN lint_k_dn_r CASCADE;');
SELECT * FROM lint_one('k3', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_k_w AS lint_text_ck;\nALTER DOMAIN lint_text_ck RENAME TO lint_k_ck_old;\nCREATE DOMAIN lint_text_ck AS text;\nALTER TABLE lint_big ALTER COLUMN x TYPE lint_k_w;\nCREATE DOMAIN lint_k_dk AS text CHECK (VALUE <> '''');\nALTER DOMAIN lint_k_dk SET SCHEMA lint_app;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_app.lint_k_dk;');
-- a schema renamed: its tables and types go by the new name, also to DROP
-- SCHEMA ... CASCADE; a type renamed and moved out of a schema is not
-- dropped with it; a NOT NULL proof dropped and added again counts
CREATE TYPE lint_app.lint_k_en AS ENUM ('a');
CREATE TABLE lint_k_uses (e lint_app.lint_k_en);
INSERT INTO lint_k_uses VALUES ('a');
CREATE TABLE lint_nn3 (b int CONSTRAINT b_nn CHECK (b IS NOT NULL));
INSERT INTO lint_nn3 SELECT g FROM generate_series(1, 100) AS g;
ANALYZE lint_k_uses, lint_nn3;
SELECT * FROM lint_one('k4', E'SET LOCAL lock_timeout = ''1s'';\nALTER SCHEMA lint_app RENAME TO lint_k_s;\nALTER TABLE lint_k_s.lint_only ALTER COLUMN a TYPE bigint;\nDROP SCHEMA lint_k_s CASCADE;');
SELECT * FROM lint_one('k5', E'SET LOCAL lock_timeout = ''1s'';\nALTER TYPE lint_app.lint_k_en RENAME TO lint_k_en2;\nALTER TYPE lint_app.lint_k_en2 SET SCHEMA public;\nDROP SCHEMA lint_app CASCADE;\nALTER TABLE lint_nn3 DROP CONSTRAINT b_nn;\nALTER TABLE lint_nn3 ADD CONSTRAINT b_nn CHECK (b IS NOT NULL);\nALTER TABLE lint_nn3 ALTER COLUMN b SET NOT NULL;');
-- a schema renamed to the name of one the plan renamed away brings its
-- tables: none of the other's (nor of one the plan made there) stays
CREATE SCHEMA lint_sa;
CREATE SCHEMA lint_sb;
CREATE TABLE lint_sb.t3 (a int);
INSERT INTO lint_sb.t3 VALUES (1);
ANALYZE lint_sb.t3;
SELECT * FROM lint_one('k8', E'SET LOCAL lock_timeout = ''1s'';\nCREATE TABLE lint_sa.t3 (a int);\nALTER SCHEMA lint_sa RENAME TO lint_sc;\nALTER SCHEMA lint_sb RENAME TO lint_sa;\nTRUNCATE lint_sa.t3;\nTRUNCATE lint_sc.t3;');
DROP SCHEMA lint_sa, lint_sb CASCADE;
-- a schema renamed away, back and away again takes the names the plan
-- left under it each time: the table it renamed by its new name, none by
-- the old (the catalog's table of that name is gone); a dot and a double
-- quote inside its name are its own
CREATE SCHEMA "lint.s""d";
CREATE TABLE "lint.s""d".t4 (a int);
INSERT INTO "lint.s""d".t4 VALUES (1);
ANALYZE "lint.s""d".t4;
SELECT * FROM lint_one('k9', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE "lint.s""d".t4 RENAME TO t5;\nALTER SCHEMA "lint.s""d" RENAME TO lint_se;\nALTER SCHEMA lint_se RENAME TO "lint.s""d";\nALTER SCHEMA "lint.s""d" RENAME TO lint_sf;\nTRUNCATE lint_sf.t5;\nTRUNCATE lint_sf.t4;');
DROP SCHEMA "lint.s""d" CASCADE;
-- a NOT NULL proof is followed through RENAME CONSTRAINT, and lost with it
SELECT * FROM lint_one('k6', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nn3 RENAME CONSTRAINT b_nn TO b_nn2;\nALTER TABLE lint_nn3 ALTER COLUMN b SET NOT NULL;');
SELECT * FROM lint_one('k7', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nn3 RENAME CONSTRAINT b_nn TO b_nn2;\nALTER TABLE lint_nn3 RENAME CONSTRAINT b_nn2 TO b_nn3;\nALTER TABLE lint_nn3 DROP CONSTRAINT b_nn3;\nALTER TABLE lint_nn3 ALTER COLUMN b SET NOT NULL;');
DROP TABLE lint_k_uses, lint_nn3;
DROP TYPE lint_app.lint_k_en;

-- what the plan does to a domain's constraints and default is followed:
-- DROP CONSTRAINT (named, or as the server named it), DROP NOT NULL, SET
-- and DROP DEFAULT, of the catalog's domains (and domains over them) and
-- of its own
CREATE DOMAIN lint_dd_ck AS text CONSTRAINT named CHECK (VALUE <> '') CHECK (length(VALUE) < 100);
CREATE DOMAIN lint_dd_nn AS text NOT NULL;
CREATE DOMAIN lint_dd_over AS lint_dd_ck;
CREATE DOMAIN lint_dd_ts AS timestamptz;
CREATE TEMPORARY TABLE lint_dd (id text, sql text);
INSERT INTO lint_dd VALUES ('dd1', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_dd_ck DROP CONSTRAINT named;\nALTER TABLE lint_ts ALTER COLUMN txt TYPE lint_dd_ck;\nALTER DOMAIN lint_dd_ck DROP CONSTRAINT lint_dd_ck_check;\nALTER TABLE lint_ts ALTER COLUMN v TYPE lint_dd_ck;\nALTER TABLE lint_big ADD COLUMN m0 lint_dd_over;\nALTER TABLE lint_big ADD COLUMN m1 lint_dd_nn DEFAULT ''x'';\nALTER DOMAIN lint_dd_nn DROP NOT NULL;\nALTER TABLE lint_big ADD COLUMN m2 lint_dd_nn;\nALTER DOMAIN lint_dd_ts SET DEFAULT clock_timestamp();\nALTER TABLE lint_big ADD COLUMN m3 lint_dd_ts;\nALTER DOMAIN lint_dd_ts DROP DEFAULT;\nALTER TABLE lint_big ADD COLUMN m4 lint_dd_ts;'),
('ii1', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_inh ALTER COLUMN a SET NOT NULL;\nALTER TABLE lint_inh_child ALTER COLUMN a SET NOT NULL;\nALTER TABLE lint_inh RENAME COLUMN id TO id2;\nALTER TABLE lint_inh_child ALTER COLUMN id2 SET NOT NULL;\nCREATE DOMAIN lint_ii_d AS int;\nALTER TABLE lint_inh ALTER COLUMN a TYPE lint_ii_d;\nALTER DOMAIN lint_ii_d ADD CONSTRAINT k CHECK (VALUE > 0);\nALTER TABLE lint_inh ADD COLUMN z int DEFAULT 0;\nALTER TABLE lint_inh_child ALTER COLUMN z SET NOT NULL;\nDROP DOMAIN lint_ii_d CASCADE;'),
('sc1', E'SET LOCAL lock_timeout = ''1s'';\nDROP SCHEMA lint_app;\nALTER TABLE lint_app.lint_only ALTER COLUMN a TYPE bigint;'),
('sc2', E'SET LOCAL lock_timeout = ''1s'';\nSET LOCAL search_path = lint_sc, public;\nCREATE SCHEMA lint_sc;\nCREATE TABLE lint_sc.lint_child (id int);\nDROP TABLE lint_sc.lint_child;\nDROP SCHEMA lint_sc;\nALTER TABLE lint_child ALTER COLUMN id TYPE bigint;'),
('pd1', E'SET LOCAL lock_timeout = ''1s'';\nDROP TABLE lint_parted_2;\nDROP TABLE lint_parted, lint_parted_1;'),
('dd2', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_dd_new AS timestamptz DEFAULT clock_timestamp();\nALTER TABLE lint_big ADD COLUMN m4 lint_dd_new;\nCREATE DOMAIN lint_dd_new2 AS lint_dd_new;\nALTER TABLE lint_big ADD COLUMN m5 lint_dd_new2;\nCREATE DOMAIN lint_dd_c AS int CHECK (VALUE > 0) CHECK (VALUE < 10000);\nALTER DOMAIN lint_dd_c DROP CONSTRAINT lint_dd_c_check;\nALTER TABLE lint_child ALTER COLUMN id TYPE lint_dd_c;\nALTER DOMAIN lint_dd_c DROP CONSTRAINT lint_dd_c_check1;\nALTER TABLE lint_big ADD COLUMN m6 lint_dd_c DEFAULT 1;\nALTER DOMAIN lint_dd_c SET NOT NULL;\nALTER TABLE lint_big ADD COLUMN m7 lint_dd_c DEFAULT 2;\nALTER DOMAIN lint_dd_c DROP NOT NULL;\nALTER TABLE lint_big ADD COLUMN m8 lint_dd_c;');
SELECT l.* FROM lint_dd, lint_one(id, sql) AS l WHERE id = 'dd1';
SELECT l.* FROM lint_dd, lint_one(id, sql) AS l WHERE id = 'dd2';
-- a statement on a column of a parent (not ONLY) changes its children's
SELECT l.* FROM lint_dd, lint_one(id, sql) AS l WHERE id = 'ii1';
-- DROP SCHEMA without CASCADE of a schema that still holds a table fails:
-- the plan keeps the schema and its tables
SELECT l.* FROM lint_dd, lint_one(id, sql) AS l WHERE id = 'sc1';
SELECT l.* FROM lint_dd, lint_one(id, sql) AS l WHERE id = 'sc2';
-- dropping a partition locks its parent, unless the statement drops it too
SELECT l.* FROM lint_dd, lint_one(id, sql) AS l WHERE id = 'pd1';
-- (the server runs each as lint read it)
CREATE FUNCTION lint_runs(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RAISE EXCEPTION 'ran';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLERRM;
END
$$;
SELECT id, lint_runs(sql) FROM lint_dd ORDER BY id;
DROP DOMAIN lint_dd_ck, lint_dd_over, lint_dd_nn, lint_dd_ts;

-- constraints followed by identity: a domain's through RENAME CONSTRAINT
-- and by the names the server gives; a table's NOT NULL proofs through
-- renames, no-op drops, drops on a parent and VALIDATE CONSTRAINT; and a
-- table moved into a schema that is then renamed; a volatile default naming
-- a sequence the plan creates; partitions the plan attaches and detaches;
-- proofs through column renames, unnamed CHECKs named as the server names
-- them, a child's own copy of a constraint its parent drops; defaults
-- calling functions the plan creates
CREATE DOMAIN lint_rx_two AS int CHECK (VALUE > 0) CHECK (VALUE < 100000);
CREATE DOMAIN lint_rx_ck AS int CONSTRAINT named CHECK (VALUE > 0);
CREATE TABLE lint_nx (b int CONSTRAINT b_nn CHECK (b IS NOT NULL), c int CONSTRAINT c_nn CHECK (c IS NOT NULL), d int);
INSERT INTO lint_nx SELECT g, g, g FROM generate_series(1, 100) AS g;
ALTER TABLE lint_nx ADD CONSTRAINT d_nn CHECK (d IS NOT NULL) NOT VALID;
CREATE TABLE lint_nxp (b int CONSTRAINT pb_nn CHECK (b IS NOT NULL));
CREATE TABLE lint_nxc () INHERITS (lint_nxp);
INSERT INTO lint_nxc SELECT g FROM generate_series(1, 100) AS g;
CREATE TABLE lint_nxc2 (b int CONSTRAINT pb_nn CHECK (b IS NOT NULL)) INHERITS (lint_nxp);
INSERT INTO lint_nxc2 SELECT g FROM generate_series(1, 100) AS g;
CREATE TABLE lint_gp (b int CONSTRAINT g_nn CHECK (b IS NOT NULL));
CREATE TABLE lint_gc (b int CONSTRAINT g_nn CHECK (b IS NOT NULL)) INHERITS (lint_gp);
CREATE TABLE lint_ggc () INHERITS (lint_gc);
INSERT INTO lint_ggc SELECT g FROM generate_series(1, 100) AS g;
ANALYZE lint_nx, lint_nxp, lint_nxc, lint_nxc2, lint_gp, lint_gc, lint_ggc;
TRUNCATE lint_dd;
INSERT INTO lint_dd VALUES
('rx1', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_rx_ck RENAME CONSTRAINT named TO n2;\nALTER DOMAIN lint_rx_ck DROP CONSTRAINT IF EXISTS named;\nALTER TABLE lint_child ALTER COLUMN id TYPE lint_rx_ck;\nALTER DOMAIN lint_rx_ck DROP CONSTRAINT n2;\nALTER TABLE lint_nx ALTER COLUMN c TYPE lint_rx_ck;'),
('rx2', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_rx_two DROP CONSTRAINT lint_rx_two_check;\nALTER DOMAIN lint_rx_two ADD CHECK (VALUE > 5) NOT VALID;\nALTER DOMAIN lint_rx_two DROP CONSTRAINT lint_rx_two_check;\nALTER DOMAIN lint_rx_two DROP CONSTRAINT lint_rx_two_check1;\nALTER TABLE lint_child ALTER COLUMN id TYPE lint_rx_two;'),
('rx3', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nxp DROP CONSTRAINT pb_nn;\nALTER TABLE lint_nxc ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nx RENAME CONSTRAINT b_nn TO x;\nALTER TABLE lint_nx DROP CONSTRAINT IF EXISTS b_nn;\nALTER TABLE lint_nx ADD CONSTRAINT b_nn CHECK (c > 0) NOT VALID;\nALTER TABLE lint_nx DROP CONSTRAINT b_nn;\nALTER TABLE lint_nx ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nx VALIDATE CONSTRAINT d_nn;\nALTER TABLE lint_nx ALTER COLUMN d SET NOT NULL;'),
('rx4', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nx RENAME CONSTRAINT b_nn TO x;\nALTER TABLE lint_nx RENAME CONSTRAINT c_nn TO b_nn;\nALTER TABLE lint_nx DROP CONSTRAINT x;\nALTER TABLE lint_nx ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nx ALTER COLUMN c SET NOT NULL;'),
('rx5', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nx DROP CONSTRAINT c_nn;\nALTER TABLE lint_nx ADD CONSTRAINT v CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE lint_nx RENAME CONSTRAINT v TO v2;\nALTER TABLE lint_nx VALIDATE CONSTRAINT v2;\nALTER TABLE lint_nx ALTER COLUMN c SET NOT NULL;\nALTER TABLE lint_nx ADD CHECK (d IS NOT NULL);\nALTER TABLE lint_nx DROP CONSTRAINT d_nn;\nALTER TABLE lint_nx ALTER COLUMN d SET NOT NULL;\nALTER TABLE lint_nx DROP CONSTRAINT lint_nx_d_check;\nALTER TABLE lint_nx ALTER COLUMN d DROP NOT NULL;'),
('rx6', E'SET LOCAL lock_timeout = ''1s'';\nCREATE DOMAIN lint_rx_d AS int;\nALTER TABLE lint_parted ALTER COLUMN a TYPE lint_rx_d;\nALTER DOMAIN lint_rx_d ADD CONSTRAINT k CHECK (VALUE > 0);'),
('rx7', E'SET LOCAL lock_timeout = ''1s'';\nCREATE SCHEMA lint_sx;\nALTER TABLE lint_app.lint_only SET SCHEMA lint_sx;\nALTER SCHEMA lint_sx RENAME TO lint_sy;\nTRUNCATE lint_sy.lint_only;\nCREATE SCHEMA lint_sx;\nCREATE TABLE lint_sx.lint_only (id int);\nTRUNCATE lint_sx.lint_only;'),
('rx8', E'SET LOCAL lock_timeout = ''1s'';\nALTER DOMAIN lint_rx_ck ADD CONSTRAINT v CHECK (VALUE > 0) NOT VALID;\nALTER TABLE lint_child ALTER COLUMN id TYPE lint_rx_ck;\nALTER DOMAIN lint_rx_ck DROP CONSTRAINT v;\nALTER DOMAIN lint_rx_ck VALIDATE CONSTRAINT v;'),
('rx9', E'SET LOCAL lock_timeout = ''1s'';\nCREATE SEQUENCE lint_rx_seq;\nALTER TABLE lint_big ADD COLUMN n bigint DEFAULT nextval(''lint_rx_seq'');\nCREATE FUNCTION lint_rx_f() RETURNS int LANGUAGE sql IMMUTABLE AS ''SELECT 1'';\nALTER TABLE lint_big ADD COLUMN n2 int DEFAULT lint_rx_f();'),
('rx10', E'SET LOCAL lock_timeout = ''1s'';\nCREATE TABLE lint_pn (id int, a int);\nALTER TABLE lint_parted ATTACH PARTITION lint_pn FOR VALUES FROM (5000) TO (6000);\nDROP TABLE lint_pn;\nALTER TABLE lint_parted DETACH PARTITION lint_parted_2;\nDROP TABLE lint_parted_2;'),
('rx11', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nx DROP CONSTRAINT c_nn;\nALTER TABLE lint_nx ADD CONSTRAINT p CHECK (c IS NOT NULL);\nALTER TABLE lint_nx RENAME COLUMN c TO c2;\nALTER TABLE lint_nx ALTER COLUMN c2 SET NOT NULL;\nALTER TABLE lint_nx RENAME COLUMN b TO c;\nALTER TABLE lint_nx DROP CONSTRAINT b_nn;\nALTER TABLE lint_nx ALTER COLUMN c SET NOT NULL;'),
('rx12', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nx ADD CHECK (d > 0);\nALTER TABLE lint_nx ADD CHECK (d IS NOT NULL);\nALTER TABLE lint_nx DROP CONSTRAINT lint_nx_d_check;\nALTER TABLE lint_nx ALTER COLUMN d SET NOT NULL;'),
('rx13', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nx RENAME TO lint_nx2;\nALTER TABLE lint_nx2 ADD CHECK (d IS NOT NULL);\nALTER TABLE lint_nx2 DROP CONSTRAINT lint_nx2_d_check;\nALTER TABLE lint_nx2 ALTER COLUMN d SET NOT NULL;'),
('rx14', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nxp DROP CONSTRAINT pb_nn;\nALTER TABLE lint_nxc2 ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_parted DETACH PARTITION lint_parted_def;\nDROP TABLE lint_parted_1;'),
('rx15', E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_gp DROP CONSTRAINT g_nn;\nALTER TABLE lint_ggc ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nx DROP CONSTRAINT c_nn;\nALTER TABLE lint_nx ADD CONSTRAINT q CHECK (lint_nx.c IS NOT NULL);\nALTER TABLE lint_nx ALTER COLUMN c SET NOT NULL;'),
('rx16', E'SET LOCAL lock_timeout = ''1s'';\nCREATE FUNCTION lint_rx_v() RETURNS int LANGUAGE plpgsql AS ''BEGIN RETURN 1; END'';\nALTER TABLE lint_big ADD COLUMN n3 int DEFAULT lint_rx_v();\nCREATE FUNCTION lint_rx_s() RETURNS int LANGUAGE plpgsql STABLE AS ''BEGIN RETURN 1; END'';\nALTER TABLE lint_big ADD COLUMN n4 int DEFAULT lint_rx_s();'),
('rx17', E'SET LOCAL lock_timeout = ''1s'';\nCREATE SCHEMA lint_sp;\nCREATE TABLE lint_sp.lint_p5 PARTITION OF lint_parted FOR VALUES FROM (7000) TO (8000);\nALTER SCHEMA lint_sp RENAME TO lint_sq;\nDROP TABLE lint_sq.lint_p5;');
SELECT id, l.* FROM lint_dd, lint_one(id, sql) AS l ORDER BY id, l.s, l.rule COLLATE "C", l.rel COLLATE "C";
SELECT id, lint_runs(sql) FROM lint_dd ORDER BY id;
-- from 18 on a column's NOT NULL is a constraint: dropped by name (also
-- after a rename of it or of its column, and one SET NOT NULL made, by the
-- name the server gives it), the column is nullable, and SET NOT NULL
-- scans again
CREATE TABLE lint_nk (id int CONSTRAINT lint_nk_nn NOT NULL, b int);
INSERT INTO lint_nk SELECT g, g FROM generate_series(1, 100) AS g;
ANALYZE lint_nk;
-- (scans: the first count on 15 and 17, the second from 18 on)
SELECT v.id, (SELECT count(*) FROM lint_one(v.id, v.sql) WHERE rule = 'validating-scan') =
       CASE WHEN pg_catalog.current_setting('server_version_num')::int >= 180000 THEN v.on18 ELSE v.before END AS as_the_server
  FROM (VALUES ('nk1', 0, 1, E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nk DROP CONSTRAINT lint_nk_nn;\nALTER TABLE lint_nk ALTER COLUMN id SET NOT NULL;'),
               ('nk2', 0, 1, E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nk RENAME CONSTRAINT lint_nk_nn TO z;\nALTER TABLE lint_nk DROP CONSTRAINT z;\nALTER TABLE lint_nk ALTER COLUMN id SET NOT NULL;'),
               ('nk3', 1, 2, E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nk ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nk DROP CONSTRAINT lint_nk_b_not_null;\nALTER TABLE lint_nk ALTER COLUMN b SET NOT NULL;'),
               ('nk4', 1, 2, E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nk ALTER COLUMN b SET NOT NULL;\nALTER TABLE lint_nk RENAME CONSTRAINT lint_nk_b_not_null TO y;\nALTER TABLE lint_nk RENAME COLUMN b TO b2;\nALTER TABLE lint_nk DROP CONSTRAINT y;\nALTER TABLE lint_nk ALTER COLUMN b2 SET NOT NULL;'),
               ('nk5', 0, 1, E'SET LOCAL lock_timeout = ''1s'';\nALTER TABLE lint_nk RENAME COLUMN id TO id2;\nALTER TABLE lint_nk DROP CONSTRAINT lint_nk_nn;\nALTER TABLE lint_nk ALTER COLUMN id2 SET NOT NULL;')) AS v (id, before, on18, sql)
 ORDER BY v.id;
DROP TABLE lint_nk;

-- SET NOT NULL, ADD CONSTRAINT or COLUMN and a column's TYPE read the
-- table where the server reads it (a validating scan, a rewrite, or an
-- index build). SET NOT
-- NULL skips where it finds a proof: col IS NOT NULL, or NOT (col IS
-- NULL), as a term of a CHECK's ANDs or of every arm of its OR; (t).col; a
-- row's IS NOT NULL proves nothing. The server's side is its own count of
-- reads of the tables (pg_stat_xact_user_tables.seq_scan), each plan run,
-- then rolled back.
CREATE FUNCTION lint_scans(id text, stmts text[]) RETURNS TABLE (s int, lint boolean, server boolean)
LANGUAGE plpgsql AS $$
DECLARE
    said int[];
    did int[] := '{}';
    before bigint;
BEGIN
    SELECT pg_catalog.array_agg(l.s) INTO said
      FROM lint_one(id, pg_catalog.array_to_string(stmts, E';\n')) AS l
     WHERE l.rule IN ('validating-scan', 'table-rewrite', 'blocking-index');
    BEGIN
        FOR i IN 1 .. pg_catalog.cardinality(stmts) LOOP
            SELECT pg_catalog.sum(seq_scan) INTO before FROM pg_catalog.pg_stat_xact_user_tables;
            EXECUTE stmts[i];
            IF (SELECT pg_catalog.sum(seq_scan) FROM pg_catalog.pg_stat_xact_user_tables) > before THEN
                did := did || i;
            END IF;
        END LOOP;
        RAISE SQLSTATE 'ZZ001';
    EXCEPTION WHEN SQLSTATE 'ZZ001' THEN
        NULL;
    END;
    RETURN QUERY SELECT i, i = ANY (COALESCE(said, '{}')), i = ANY (did)
                   FROM pg_catalog.generate_subscripts(stmts, 1) AS i
                  WHERE stmts[i] ~ 'SET NOT NULL|ADD (CONSTRAINT|CHECK|PRIMARY|COLUMN)| TYPE ';
END
$$;
CREATE TYPE lint_pf_pair AS (x int, y int);
CREATE TABLE lint_pf (a int, b int, c int, d int, e int, f int, r int, s int, p lint_pf_pair, g int, h int, i int, q2 lint_pf_pair,
                      xe int, wp int, yp int);
INSERT INTO lint_pf SELECT g, g, g, g, g, g, g, g, ROW(g, g)::lint_pf_pair, g, g, g, ROW(g, g)::lint_pf_pair, g, g, g
  FROM generate_series(1, 100) AS g;
CREATE INDEX lint_pf_xi ON lint_pf ((xe + 1));
CREATE INDEX lint_pf_wi ON lint_pf (a) WHERE wp > 0;
CREATE INDEX lint_pf_yi ON lint_pf (yp);
ALTER TABLE lint_pf ADD CONSTRAINT x1 CHECK (b IS NOT NULL AND c > 0),
    ADD CONSTRAINT x2 CHECK (NOT (a IS NULL)), ADD CONSTRAINT x3 CHECK ((lint_pf).d IS NOT NULL),
    ADD CONSTRAINT x4 CHECK ((e IS NOT NULL AND a > 0) OR (e IS NOT NULL AND b > 0)),
    ADD CONSTRAINT x5 CHECK (f > 0 OR f IS NOT NULL), ADD CONSTRAINT x6 CHECK (p IS NOT NULL),
    ADD CHECK (s > 0), ADD CONSTRAINT x7 CHECK (NOT (g IS NULL OR h IS NULL)),
    ADD CONSTRAINT x8 CHECK (ROW(h, i) IS NOT NULL), ADD CONSTRAINT x9 CHECK (q2 IS DISTINCT FROM NULL);
CREATE UNIQUE INDEX lint_pf_ui ON lint_pf (f);
CREATE DOMAIN lint_pf_g AS int CHECK (VALUE > 0);
CREATE DOMAIN lint_pf_d AS int;
CREATE DOMAIN lint_pf_d2 AS int CHECK (VALUE > 0) CHECK (VALUE < 1000);
CREATE TABLE lint_pfp (id int, m int);
CREATE TABLE lint_pfc () INHERITS (lint_pfp);
CREATE TABLE lint_pfg () INHERITS (lint_pfc);
INSERT INTO lint_pfp VALUES (1, 1);
INSERT INTO lint_pfc VALUES (2, 2);
INSERT INTO lint_pfg VALUES (3, 3);
CREATE TABLE lint_pfq (a int, b int) PARTITION BY RANGE (b);
CREATE TABLE lint_pfq1 PARTITION OF lint_pfq FOR VALUES FROM (0) TO (100);
INSERT INTO lint_pfq VALUES (1, 1);
ALTER TABLE lint_pfq1 ADD CONSTRAINT k CHECK (a IS NOT NULL);
CREATE TABLE lint_pfq3 (a int, b int);
INSERT INTO lint_pfq3 VALUES (3, 150);
CREATE TABLE lint_pfe (a int) PARTITION BY RANGE (a);
ALTER TABLE lint_pfc ADD CONSTRAINT k CHECK (m IS NOT NULL);
CREATE TABLE lint_app.lint_pf (e int);
CREATE TABLE lint_pfz (e int CONSTRAINT lint_pf_e_check CHECK (e > 0));
CREATE TABLE lint_app.lint_pfy (e int CONSTRAINT lint_pf_e_check CHECK (e > 0));
CREATE TABLE lint_pfr (id int CONSTRAINT rk CHECK (id > 0), m int);
INSERT INTO lint_pfr VALUES (4, 4);
CREATE TABLE lint_pm1 (a int, b int CONSTRAINT k2 CHECK (b IS NOT NULL));
CREATE TABLE lint_pm2 (a int, b int CONSTRAINT k2 CHECK (b IS NOT NULL));
CREATE TABLE lint_pmc () INHERITS (lint_pm1, lint_pm2);
INSERT INTO lint_pmc VALUES (1, 1);
CREATE TABLE lint_pn (a int, b int NOT NULL);
CREATE TABLE lint_pnc () INHERITS (lint_pn);
ALTER TABLE lint_pnc ALTER a SET NOT NULL;
CREATE TABLE lint_pnq (a int, b int) PARTITION BY RANGE (b);
CREATE TABLE lint_pnq1 PARTITION OF lint_pnq (a NOT NULL) FOR VALUES FROM (0) TO (100);
INSERT INTO lint_pn VALUES (1, 1);
INSERT INTO lint_pnc VALUES (2, 2);
INSERT INTO lint_pnq VALUES (3, 3);
CREATE TABLE lint_pb (a int CHECK ((a IS NOT NULL) = true), b int CHECK (b IS NOT NULL OR false), c int CHECK (false <> NOT (c IS NULL)),
                      d int CHECK (d IS NOT NULL OR true), e int, f int, g int, h int);
INSERT INTO lint_pb VALUES (1, 1, 1, 1, 1, 1, 1, 1);
ANALYZE lint_pf, lint_pfp, lint_pfc, lint_pfg, lint_pfq1, lint_pfq3, lint_pfr, lint_pmc, lint_pn, lint_pnc, lint_pnq1, lint_pb;
SELECT v.id, l.* FROM (VALUES
    ('pf1', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ALTER a SET NOT NULL', 'ALTER TABLE lint_pf ALTER b SET NOT NULL',
                  'ALTER TABLE lint_pf ALTER c SET NOT NULL', 'ALTER TABLE lint_pf ALTER d SET NOT NULL', 'ALTER TABLE lint_pf ALTER e SET NOT NULL',
                  'ALTER TABLE lint_pf ALTER f SET NOT NULL', 'ALTER TABLE lint_pf ALTER p SET NOT NULL']),
    ('pf2', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf RENAME b TO b2', 'ALTER TABLE lint_pf ALTER b2 SET NOT NULL',
                  'ALTER TABLE lint_pf DROP CONSTRAINT x2', 'ALTER TABLE lint_pf ALTER a SET NOT NULL']),
    ('pf3', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CONSTRAINT y CHECK (r IS NOT NULL AND s > 0) NOT VALID',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL', 'ALTER TABLE lint_pf VALIDATE CONSTRAINT y',
                  'ALTER TABLE lint_pf RENAME r TO r2', 'ALTER TABLE lint_pf ALTER r2 SET NOT NULL', 'ALTER TABLE lint_pf ALTER s SET NOT NULL']),
    ('pf4', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf RENAME TO lint_pf2', 'ALTER TABLE lint_pf2 ADD CHECK ((lint_pf2).r IS NOT NULL)',
                  'ALTER TABLE lint_pf2 ALTER r SET NOT NULL', 'ALTER TABLE lint_pf2 ADD CHECK (NOT (c IS NULL) OR s IS NOT NULL)',
                  'ALTER TABLE lint_pf2 ALTER c SET NOT NULL', 'ALTER TABLE lint_pf2 ALTER s SET NOT NULL']),
    ('pf5', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CHECK ((s IS NOT NULL AND r > 0) OR (NOT s IS NULL AND c > 0))',
                  'ALTER TABLE lint_pf ALTER s SET NOT NULL', 'ALTER TABLE lint_pf ALTER r SET NOT NULL',
                  'ALTER TABLE lint_pf ADD COLUMN q lint_pf_pair DEFAULT ROW(1, 2)', 'ALTER TABLE lint_pf ADD CHECK (q IS NOT NULL)',
                  'ALTER TABLE lint_pf ALTER q SET NOT NULL']),
    -- an unnamed CHECK's name is free again once the plan dropped or renamed
    -- away what had it, on any table of the schema, and taken by a name the
    -- plan renamed a constraint to (each DROP below succeeds on the server)
    ('pf6', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CONSTRAINT lint_pf_r_check CHECK (s > 0)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check', 'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check', 'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    ('pf7', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CONSTRAINT lint_pf_r_check CHECK (s > 0)',
                  'ALTER TABLE lint_pf RENAME CONSTRAINT lint_pf_r_check TO other', 'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check', 'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    ('pf8', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf RENAME CONSTRAINT x5 TO lint_pf_r_check',
                  'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check1',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    ('pf9', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_s_check',
                  'ALTER TABLE lint_pf ADD CHECK (s IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_s_check',
                  'ALTER TABLE lint_pf ALTER s SET NOT NULL']),
    ('pfa', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf RENAME CONSTRAINT lint_pf_s_check TO k',
                  'ALTER TABLE lint_pf ADD CHECK (s IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_s_check',
                  'ALTER TABLE lint_pf ALTER s SET NOT NULL']),
    ('pfb', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CHECK (r > 0)', 'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check1', 'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    ('pfc', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_big ADD CONSTRAINT lint_pf_r_check CHECK (true) NOT VALID',
                  'ALTER TABLE lint_big RENAME CONSTRAINT lint_pf_r_check TO zz', 'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check', 'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    ('pfd', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_big ADD CONSTRAINT lint_pf_r_check CHECK (true) NOT VALID',
                  'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check1',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    -- a child that has a constraint of the name merges the one its parent
    -- adds, and one it adds merges with what it inherits (no scan): either
    -- way the child's own, which stays when the parent drops its own
    ('pfe', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfp ADD CONSTRAINT zz CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfc ADD CONSTRAINT zz CHECK (id IS NOT NULL)', 'ALTER TABLE lint_pfp DROP CONSTRAINT zz',
                  'ALTER TABLE lint_pfc ALTER id SET NOT NULL', 'ALTER TABLE lint_pfp ALTER id SET NOT NULL']),
    ('pff', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfc ADD CONSTRAINT zz CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfp ADD CONSTRAINT zz CHECK (id IS NOT NULL)', 'ALTER TABLE lint_pfp DROP CONSTRAINT zz',
                  'ALTER TABLE lint_pfg ALTER id SET NOT NULL', 'ALTER TABLE lint_pfc ALTER id SET NOT NULL']),
    -- SET NOT NULL on a parent scans each table under it that has no proof
    -- of its own: a NO INHERIT one proves the parent alone
    ('pfg', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfp ADD CONSTRAINT ni CHECK (id IS NOT NULL) NO INHERIT',
                  'ALTER TABLE lint_pfp ALTER id SET NOT NULL']),
    ('pfh', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfp ADD CONSTRAINT ni CHECK (id IS NOT NULL) NO INHERIT',
                  'ALTER TABLE lint_pfc ADD CONSTRAINT own CHECK (NOT id IS NULL)', 'ALTER TABLE lint_pfp ALTER id SET NOT NULL']),
    ('pfi', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfc ADD CONSTRAINT own CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfp ALTER id SET NOT NULL']),
    -- domains' and tables' constraints share the schema's names
    ('pfj', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CONSTRAINT lint_pf_d_check CHECK (a > -1) NOT VALID',
                  'ALTER DOMAIN lint_pf_d ADD CHECK (VALUE > 0) NOT VALID', 'ALTER DOMAIN lint_pf_d DROP CONSTRAINT lint_pf_d_check1',
                  'ALTER TABLE lint_pf ALTER r TYPE lint_pf_d']),
    ('pfk', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER DOMAIN lint_pf_d2 RENAME CONSTRAINT lint_pf_d2_check TO r',
                  'ALTER DOMAIN lint_pf_d2 ADD CHECK (VALUE > 1) NOT VALID', 'ALTER DOMAIN lint_pf_d2 DROP CONSTRAINT lint_pf_d2_check',
                  'ALTER DOMAIN lint_pf_d2 DROP CONSTRAINT r', 'ALTER DOMAIN lint_pf_d2 DROP CONSTRAINT lint_pf_d2_check1',
                  'ALTER TABLE lint_pf ALTER r TYPE lint_pf_d2']),
    ('pfl', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER DOMAIN lint_pf_d ADD CONSTRAINT lint_pf_r_check CHECK (VALUE > 0) NOT VALID',
                  'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_r_check1',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL', 'ALTER TABLE lint_pf ALTER a TYPE lint_pf_d']),
    ('pfm', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER DOMAIN lint_pf_d2 DROP CONSTRAINT lint_pf_d2_check',
                  'ALTER TABLE lint_pf ALTER f TYPE lint_pf_d2', 'ALTER DOMAIN lint_pf_d2 ADD CHECK (VALUE > 1) NOT VALID',
                  'ALTER DOMAIN lint_pf_d2 DROP CONSTRAINT lint_pf_d2_check', 'ALTER DOMAIN lint_pf_d2 DROP CONSTRAINT lint_pf_d2_check1',
                  'ALTER TABLE lint_pf ALTER r TYPE lint_pf_d2']),
    -- a column's TYPE that does not rewrite checks a valid CHECK that
    -- names it again (not a NOT VALID one, nor one dropped or not valid yet)
    ('pfn', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ALTER f TYPE lint_pf_d', 'ALTER TABLE lint_pf ALTER d TYPE int',
                  'ALTER TABLE lint_pf ALTER r TYPE lint_pf_d', 'ALTER TABLE lint_pf ADD CONSTRAINT n1 CHECK (r > 0) NOT VALID',
                  'ALTER TABLE lint_pf ALTER r TYPE int', 'ALTER TABLE lint_pf VALIDATE CONSTRAINT n1', 'ALTER TABLE lint_pf RENAME r TO r2',
                  'ALTER TABLE lint_pf ALTER r2 TYPE lint_pf_d', 'ALTER TABLE lint_pf DROP CONSTRAINT x1', 'ALTER TABLE lint_pf ALTER c TYPE lint_pf_d',
                  'ALTER TABLE lint_pfp ALTER id TYPE lint_pf_d', 'ALTER TABLE lint_pfg ADD CHECK (id > 0)', 'ALTER TABLE lint_pfp ALTER id TYPE int']),
    -- a PRIMARY KEY or UNIQUE builds its index (not one USING INDEX), and
    -- a primary key's columns are NOT NULL after
    ('pfo', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CONSTRAINT pu UNIQUE (a)', 'ALTER TABLE lint_pf ADD PRIMARY KEY (r)',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL', 'ALTER TABLE lint_pf ADD COLUMN u int UNIQUE', 'ALTER TABLE lint_pf ADD COLUMN w int',
                  'CREATE UNIQUE INDEX lint_pf_s ON lint_pf (s)', 'ALTER TABLE lint_pf ADD CONSTRAINT su UNIQUE USING INDEX lint_pf_s']),
    -- a merge keeps what the table had: the catalog's constraint (dropped
    -- after by the child's own DROP), its validity; a partition's merged
    -- one is its parent's, dropped with it; a partitioned table has no rows
    ('pfp', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfp ADD CONSTRAINT k CHECK (m IS NOT NULL)',
                  'ALTER TABLE lint_pfp DROP CONSTRAINT k', 'ALTER TABLE lint_pfg ALTER m SET NOT NULL', 'ALTER TABLE lint_pfc DROP CONSTRAINT k',
                  'ALTER TABLE lint_pfc ALTER m SET NOT NULL']),
    ('pfq', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfg ADD CONSTRAINT v CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfp ADD CONSTRAINT v CHECK (id IS NOT NULL) NOT VALID', 'ALTER TABLE lint_pfg ALTER id SET NOT NULL']),
    ('pfr', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfq ALTER a SET NOT NULL', 'ALTER TABLE lint_pfq ALTER a DROP NOT NULL',
                  'ALTER TABLE lint_pfq ADD CONSTRAINT k CHECK (a IS NOT NULL)', 'ALTER TABLE lint_pfq DROP CONSTRAINT k',
                  'ALTER TABLE lint_pfq1 ALTER a SET NOT NULL', 'ALTER TABLE lint_pfq ADD CHECK (b > 0)']),
    -- DROP COLUMN drops the CHECKs that name it; a row's IS NOT NULL, of a
    -- type the plan creates or changes the column to, proves nothing
    ('pfs', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP COLUMN c', 'ALTER TABLE lint_pf ALTER b SET NOT NULL',
                  'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL AND s IS NOT NULL)', 'ALTER TABLE lint_pf DROP COLUMN s',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    ('pft', ARRAY['SET LOCAL lock_timeout = ''1s''', 'CREATE TYPE lint_pf_t AS (x int, y int)',
                  'ALTER TABLE lint_pf ADD COLUMN pt lint_pf_t DEFAULT ROW(1, 1)', 'ALTER TABLE lint_pf ADD CHECK (pt IS NOT NULL)',
                  'ALTER TABLE lint_pf ALTER pt SET NOT NULL', 'ALTER TABLE lint_pf ALTER d TYPE lint_pf_pair USING ROW(d, d)::lint_pf_pair',
                  'ALTER TABLE lint_pf ALTER d SET NOT NULL']),
    -- the names of a schema: not another schema's, not those of a table
    -- the plan moved away or dropped, and those of a table it moved there;
    -- a table's whole row names no column
    ('pfu', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x4', 'ALTER TABLE lint_app.lint_pf ADD CHECK (e > 0)',
                  'ALTER TABLE lint_pf ADD CHECK (e IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_e_check1',
                  'ALTER TABLE lint_pf ALTER e SET NOT NULL']),
    ('pfv', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x4', 'ALTER TABLE lint_pfz SET SCHEMA lint_app',
                  'ALTER TABLE lint_pf ADD CHECK (e IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_e_check',
                  'ALTER TABLE lint_pf ALTER e SET NOT NULL']),
    ('pfw', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x4', 'DROP TABLE lint_pfz',
                  'ALTER TABLE lint_pf ADD CHECK (e IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_e_check',
                  'ALTER TABLE lint_pf ALTER e SET NOT NULL']),
    ('pfx', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x4', 'DROP TABLE lint_pfz',
                  'ALTER TABLE lint_app.lint_pfy SET SCHEMA public', 'ALTER TABLE lint_pf ADD CHECK (e IS NOT NULL)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_e_check1', 'ALTER TABLE lint_pf ALTER e SET NOT NULL']),
    ('pfy', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CHECK (num_nonnulls(lint_pf) > 0)',
                  'ALTER TABLE lint_pf ADD CHECK (r IS NOT NULL AND s IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_check1',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL']),
    -- NOT turned around as the server pushes it down; a ROW's IS NOT NULL
    -- proves its fields; ADD COLUMN's CHECK proves, and a key or foreign
    -- key takes its name
    ('pfz', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ALTER g SET NOT NULL', 'ALTER TABLE lint_pf ALTER h SET NOT NULL',
                  'ALTER TABLE lint_pf ALTER i SET NOT NULL', 'ALTER TABLE lint_pf ADD CHECK (NOT NOT (r IS NOT NULL))',
                  'ALTER TABLE lint_pf ALTER r SET NOT NULL', 'ALTER TABLE lint_pf ADD CHECK (NOT (ROW(s) IS NULL) AND NOT (c IS NULL AND s < 0))',
                  'ALTER TABLE lint_pf ALTER s SET NOT NULL', 'ALTER TABLE lint_pf ADD COLUMN z int DEFAULT 1 CHECK (z IS NOT NULL)',
                  'ALTER TABLE lint_pf ALTER z SET NOT NULL']),
    ('pg1', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x4',
                   'ALTER TABLE lint_pf ADD CONSTRAINT lint_pf_e_check1 UNIQUE (e)', 'ALTER TABLE lint_pf ADD CHECK (e IS NOT NULL)',
                   'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_e_check2', 'ALTER TABLE lint_pf ALTER e SET NOT NULL']),
    -- ONLY DROP CONSTRAINT makes the children's copies their own; the
    -- tables under a table are the plan's (DETACH, ATTACH); a domain the
    -- plan drops frees its names, another schema's takes none here; the
    -- whole row with a column names no column; a row's IS DISTINCT FROM
    -- NULL proves; a primary key USING INDEX checks its columns, and one on
    -- a parent makes them NOT NULL under it (none built with no partitions)
    ('pg2', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfp ADD CONSTRAINT j CHECK (id IS NOT NULL)',
                  'ALTER TABLE ONLY lint_pfp DROP CONSTRAINT j', 'ALTER TABLE lint_pfp ADD CONSTRAINT j CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfp DROP CONSTRAINT j', 'ALTER TABLE lint_pfc ALTER id SET NOT NULL']),
    ('pg3', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfq ADD CONSTRAINT k CHECK (a IS NOT NULL)',
                  'ALTER TABLE lint_pfq DETACH PARTITION lint_pfq1', 'ALTER TABLE lint_pfq DROP CONSTRAINT k',
                  'ALTER TABLE lint_pfq1 ALTER a SET NOT NULL']),
    ('pg4', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfq ATTACH PARTITION lint_pfq3 FOR VALUES FROM (100) TO (200)',
                  'ALTER TABLE lint_pfq ALTER a SET NOT NULL', 'ALTER TABLE lint_pfq ADD PRIMARY KEY (a, b)', 'ALTER TABLE lint_pfq3 ALTER b SET NOT NULL',
                  'ALTER TABLE lint_pfe ADD PRIMARY KEY (a)']),
    ('pg5', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x7', 'DROP DOMAIN lint_pf_g',
                  'ALTER TABLE lint_pf ADD CHECK (g IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_g_check',
                  'ALTER TABLE lint_pf ALTER g SET NOT NULL', 'ALTER TABLE lint_pf DROP CONSTRAINT x8',
                  'CREATE DOMAIN lint_app.lint_pf_i AS int CONSTRAINT lint_pf_i_check CHECK (VALUE > 0)',
                  'ALTER TABLE lint_pf ADD CHECK (i IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_i_check',
                  'ALTER TABLE lint_pf ALTER i SET NOT NULL']),
    ('pg6', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ADD CHECK (lint_pf IS NOT NULL AND r IS NOT NULL)',
                  'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_check', 'ALTER TABLE lint_pf ALTER r SET NOT NULL',
                  'ALTER TABLE lint_pf ALTER q2 SET NOT NULL', 'ALTER TABLE lint_pf ADD CONSTRAINT lint_pf_pk PRIMARY KEY USING INDEX lint_pf_ui',
                  'ALTER TABLE lint_pf ALTER f SET NOT NULL']),
    -- a column's TYPE builds again an index whose expressions or predicate
    -- name it, not one on the plain column
    ('pg7', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ALTER xe TYPE int', 'ALTER TABLE lint_pf ALTER wp TYPE lint_pf_d',
                  'ALTER TABLE lint_pf ALTER yp TYPE lint_pf_d', 'DROP INDEX lint_pf_xi', 'ALTER TABLE lint_pf ALTER xe TYPE lint_pf_d']),
    -- dropping a partitioned table drops its partitions, and their names
    ('pg8', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfq1 RENAME CONSTRAINT k TO lint_pf_h_check',
                  'ALTER TABLE lint_pf DROP CONSTRAINT x7', 'ALTER TABLE lint_pf DROP CONSTRAINT x8', 'DROP TABLE lint_pfq',
                  'ALTER TABLE lint_pf ADD CHECK (h IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_h_check',
                  'ALTER TABLE lint_pf ALTER h SET NOT NULL']),
    -- a domain moved to another schema takes its constraints' names along
    ('pg9', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf DROP CONSTRAINT x7', 'ALTER TABLE lint_pf DROP CONSTRAINT x8',
                  'CREATE DOMAIN lint_pf_dh AS int CONSTRAINT lint_pf_h_check CHECK (VALUE > 0)', 'ALTER DOMAIN lint_pf_dh SET SCHEMA lint_app',
                  'ALTER TABLE lint_pf ADD CHECK (h IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_h_check',
                  'ALTER TABLE lint_pf ALTER h SET NOT NULL', 'ALTER DOMAIN lint_pf_g SET SCHEMA lint_app',
                  'ALTER TABLE lint_pf ADD CHECK (g IS NOT NULL)', 'ALTER TABLE lint_pf DROP CONSTRAINT lint_pf_g_check',
                  'ALTER TABLE lint_pf ALTER g SET NOT NULL']),
    -- the tables under a table are the plan's (INHERIT, NO INHERIT); a
    -- child that leaves keeps what it inherited as its own; one that
    -- inherits a constraint from two parents keeps it while one has it;
    -- a partition's constraint that ATTACH merges is its parent's
    ('ph2', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfr INHERIT lint_pfp', 'ALTER TABLE lint_pfp ALTER id TYPE int',
                  'ALTER TABLE lint_pfp ADD CONSTRAINT ih CHECK (id IS NOT NULL)', 'ALTER TABLE lint_pfr ALTER id SET NOT NULL']),
    ('ph3', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfc NO INHERIT lint_pfp',
                  'ALTER TABLE lint_pfp ADD CONSTRAINT ni CHECK (id IS NOT NULL) NO INHERIT', 'ALTER TABLE lint_pfp ALTER id SET NOT NULL']),
    ('ph4', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfp ADD CONSTRAINT ih CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfc NO INHERIT lint_pfp', 'ALTER TABLE lint_pfp DROP CONSTRAINT ih', 'ALTER TABLE lint_pfg ALTER id SET NOT NULL',
                  'ALTER TABLE lint_pfc INHERIT lint_pfp', 'ALTER TABLE lint_pfp ADD CONSTRAINT ih CHECK (id IS NOT NULL)',
                  'ALTER TABLE lint_pfp DROP CONSTRAINT ih', 'ALTER TABLE lint_pfc ALTER id SET NOT NULL']),
    ('ph5', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pm1 ADD CONSTRAINT k CHECK (a IS NOT NULL)',
                  'ALTER TABLE lint_pm2 ADD CONSTRAINT k CHECK (a IS NOT NULL)', 'ALTER TABLE lint_pm1 DROP CONSTRAINT k',
                  'ALTER TABLE lint_pmc ALTER a SET NOT NULL', 'ALTER TABLE lint_pm2 DROP CONSTRAINT k2', 'ALTER TABLE lint_pmc ALTER b SET NOT NULL']),
    ('ph6', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pm1 ADD CONSTRAINT k CHECK (a IS NOT NULL)',
                  'ALTER TABLE lint_pm2 ADD CONSTRAINT k CHECK (a IS NOT NULL)', 'ALTER TABLE lint_pmc NO INHERIT lint_pm2',
                  'ALTER TABLE lint_pm1 DROP CONSTRAINT k', 'ALTER TABLE lint_pmc ALTER a SET NOT NULL']),
    ('ph7', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pfq ADD CONSTRAINT k2 CHECK (a IS NOT NULL)',
                  'ALTER TABLE lint_pfq3 ADD CONSTRAINT k2 CHECK (a IS NOT NULL)',
                  'ALTER TABLE lint_pfq ATTACH PARTITION lint_pfq3 FOR VALUES FROM (100) TO (200)', 'ALTER TABLE lint_pfq DROP CONSTRAINT k2',
                  'ALTER TABLE lint_pfq3 ALTER a SET NOT NULL']),
    -- the forms the server simplifies first: x = true, x <> false and the
    -- opposites, a constant arm of AND or OR, IS DISTINCT FROM NULL
    ('ph8', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pb ALTER a SET NOT NULL', 'ALTER TABLE lint_pb ALTER b SET NOT NULL',
                  'ALTER TABLE lint_pb ALTER c SET NOT NULL', 'ALTER TABLE lint_pb ALTER d SET NOT NULL',
                  'ALTER TABLE lint_pb ADD CHECK (e IS DISTINCT FROM NULL AND true)', 'ALTER TABLE lint_pb ALTER e SET NOT NULL',
                  'ALTER TABLE lint_pb ADD CHECK ((f IS NULL) = false OR false)', 'ALTER TABLE lint_pb ALTER f SET NOT NULL',
                  'ALTER TABLE lint_pb ADD CHECK (NOT (g IS NOT DISTINCT FROM NULL OR false))', 'ALTER TABLE lint_pb ALTER g SET NOT NULL',
                  'ALTER TABLE lint_pb ADD CHECK ((h IS NOT NULL) <> true OR h > 0)', 'ALTER TABLE lint_pb ALTER h SET NOT NULL'])) AS v (id, stmts), lint_scans(v.id, v.stmts) AS l
 ORDER BY v.id, l.s;
-- a parent's DROP NOT NULL: before 18 the tables under it lose theirs
-- too; from 18 on those with a NOT NULL of their own keep it (also one
-- they set on what they inherited): both ways as the server does
SELECT v.id, pg_catalog.bool_and(l.lint = l.server) AS agree FROM (VALUES
    ('pn1', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pn ALTER a SET NOT NULL', 'ALTER TABLE lint_pn ALTER a DROP NOT NULL',
                  'ALTER TABLE lint_pnc ALTER a SET NOT NULL']),
    ('pn2', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pnc ALTER b SET NOT NULL', 'ALTER TABLE lint_pn ALTER b DROP NOT NULL',
                  'ALTER TABLE lint_pnc ALTER b SET NOT NULL']),
    ('pn3', ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pnq ALTER a SET NOT NULL', 'ALTER TABLE lint_pnq ALTER a DROP NOT NULL',
                  'ALTER TABLE lint_pnq1 ALTER a SET NOT NULL'])) AS v (id, stmts), lint_scans(v.id, v.stmts) AS l
 GROUP BY v.id ORDER BY v.id;
-- from 18 on a NOT VALID NOT NULL constraint marks the column NOT NULL,
-- and SET NOT NULL checks the rows; a parent's NOT NULL constraint
-- dropped by name leaves a child's own (before 18: true, not run)
CREATE FUNCTION lint_scans_18(id text, setup text, stmts text[]) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::int < 180000 THEN
        RETURN true;
    END IF;
    IF setup IS NOT NULL THEN
        EXECUTE setup;
    END IF;
    RETURN (SELECT pg_catalog.bool_and(l.lint = l.server) AND pg_catalog.count(*) > 0 FROM lint_scans(id, stmts) AS l);
END
$$;
SELECT lint_scans_18('ph1', 'ALTER TABLE lint_pf ADD CONSTRAINT nv NOT NULL r NOT VALID',
                     ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pf ALTER r SET NOT NULL']);
SELECT lint_scans_18('pn4', NULL, ARRAY['SET LOCAL lock_timeout = ''1s''', 'ALTER TABLE lint_pn ALTER a SET NOT NULL',
                                        'ALTER TABLE lint_pn DROP CONSTRAINT lint_pn_a_not_null', 'ALTER TABLE lint_pnc ALTER a SET NOT NULL']);
DROP FUNCTION lint_scans_18(text, text, text[]);
DROP TABLE lint_pf, lint_pfg, lint_pfc, lint_pfp, lint_pfq, lint_app.lint_pf, lint_pfz, lint_app.lint_pfy, lint_pfq3, lint_pfe, lint_pfr,
    lint_pmc, lint_pm1, lint_pm2, lint_pnc, lint_pn, lint_pnq, lint_pb;
DROP DOMAIN lint_pf_g;
DROP DOMAIN lint_pf_d, lint_pf_d2;
DROP TYPE lint_pf_pair;
DROP FUNCTION lint_scans(text, text[]);
DROP TABLE lint_nx, lint_nxc, lint_nxc2, lint_nxp, lint_ggc, lint_gc, lint_gp;
DROP DOMAIN lint_rx_two, lint_rx_ck;
DROP FUNCTION lint_runs(text);

SELECT schemamig.stamp('base');
DROP EXTENSION schemamig;
REVOKE ALL ON SCHEMA schemamig FROM regress_linter;
DROP ROLE regress_linter;
DROP FUNCTION lint_rows(text);
DROP FUNCTION lint_one(text, text);
DROP MATERIALIZED VIEW lint_mv;
DROP TABLE lint_dom, lint_dom_empty, lint_ts, lint_iv;
DROP DOMAIN lint_code2, lint_code, lint_text, lint_text_ck;
DROP TABLE lint_parted, lint_attach, lint_inh_child, lint_inh, lint_fk4, lint_fk3, lint_fk2, lint_fk1;
DROP TABLE lint_child, lint_big, lint_empty, lint_gone, lint_feel;
DROP FUNCTION lint_trg();
DROP TYPE lint_mood;
DROP DOMAIN lint_pos, lint_rnd, lint_seven;
DROP SCHEMA lint_app CASCADE;
DROP TABLESPACE lint_ts;
DROP ACCESS METHOD lint_heap2;
