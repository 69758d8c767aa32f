-- trace(): runs the plan in a subtransaction that is always rolled back
-- and reports, per statement, each relation newly locked (or locked more
-- strongly), the mode, whether its storage was rewritten; nothing stays.
-- And lint's access-exclusive agrees with the lock trace records, over a
-- corpus of ALTER TABLE forms.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE TABLE tr_t (id int PRIMARY KEY, a int);
INSERT INTO tr_t SELECT g, g FROM generate_series(1, 1000) AS g;
ANALYZE tr_t;
SELECT schemamig.add_revision('t1', 'ALTER TABLE tr_t ALTER COLUMN a TYPE bigint', 'SELECT 1', '{}', 'widen');
SELECT schemamig.add_revision('t2', E'SELECT 1;\nCREATE INDEX tr_t_a ON tr_t (a);', 'SELECT 1', message => 'index');

CREATE TEMP TABLE tr_before AS
  SELECT (SELECT generation FROM schemamig.state) AS generation,
         (SELECT count(*) FROM schemamig.log) AS log_rows,
         (SELECT count(*) FROM schemamig.applied) AS applied,
         (SELECT relfilenode FROM pg_class WHERE relname = 'tr_t') AS filenode;
SELECT schemamig.upgrade('t1') AS applied_t1_alone FROM (SELECT 1) s WHERE false;

SELECT revision, statement, line, relation, lock_mode, rewritten, duration >= '0' AS timed
  FROM schemamig.trace() ORDER BY revision, statement, relation COLLATE "C";
-- and it says nothing of applying them: no NOTICE per revision
SET client_min_messages = notice;
SELECT count(*) AS rows FROM schemamig.trace();
SET client_min_messages = warning;

-- nothing stays: not the schema, the data, nor schemamig's tables
SELECT format_type(atttypid, atttypmod) AS a_type FROM pg_attribute WHERE attrelid = 'tr_t'::regclass AND attname = 'a';
SELECT count(*) AS indexes FROM pg_indexes WHERE tablename = 'tr_t';
SELECT (SELECT generation FROM schemamig.state) = generation AS same_generation,
       (SELECT count(*) FROM schemamig.log) = log_rows AS same_log,
       (SELECT count(*) FROM schemamig.applied) = applied AS same_applied,
       (SELECT relfilenode FROM pg_class WHERE relname = 'tr_t') = filenode AS same_storage,
       (SELECT count(*) FROM tr_t) AS rows
  FROM tr_before;
SELECT * FROM schemamig.pending();

-- targets as upgrade() takes them
SELECT count(*) FROM schemamig.trace('t1');
SELECT count(*) FROM schemamig.trace('base');
SELECT * FROM schemamig.trace('nope');
SELECT * FROM schemamig.trace(NULL);
-- a plan with a non-transactional revision is refused, as upgrade() does
SELECT schemamig.add_revision('t3', 'CREATE INDEX CONCURRENTLY tr_t_c ON tr_t (a)', 'SELECT 1', transactional => false);
SELECT * FROM schemamig.trace();
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM schemamig.trace('t2');
-- under the author rules: a role without the author's privileges is refused
CREATE ROLE regress_tracer;
SELECT schemamig.grant_deployer('regress_tracer');
SET ROLE regress_tracer;
SELECT * FROM schemamig.trace('t2');
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
-- and the caller's lock_timeout is its own again afterwards
SET lock_timeout = '7s';
SELECT count(*) FROM schemamig.trace('t2');
SHOW lock_timeout;
RESET lock_timeout;
SELECT schemamig.remove_revision('t3');
-- what a traced revision leaves in the session goes, on success and on error
SELECT schemamig.add_revision('t3', $$PREPARE t3_stmt AS SELECT 1; SELECT pg_advisory_lock(31);$$, 'SELECT 1');
SELECT count(*) > 0 AS traced FROM schemamig.trace('t3');
SELECT count(*) AS prepared FROM pg_prepared_statements;
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SELECT schemamig.remove_revision('t3');
SELECT schemamig.add_revision('t3', $$PREPARE t3_stmt AS SELECT 1; SELECT pg_advisory_lock(31); SELECT 1/0;$$, 'SELECT 1');
SELECT count(*) FROM schemamig.trace('t3');
SELECT count(*) AS prepared FROM pg_prepared_statements;
SELECT count(*) AS advisory_locks FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SELECT schemamig.remove_revision('t3');

-- the corpus: for every ALTER TABLE form, lint says access-exclusive
-- exactly when trace records ACCESS EXCLUSIVE on the table
CREATE TABLE tr_p (id int PRIMARY KEY);
INSERT INTO tr_p SELECT g FROM generate_series(1, 100) AS g;
CREATE TABLE tr_c (id int PRIMARY KEY, a int, b text NOT NULL, c int REFERENCES tr_p (id), d varchar(10),
                   e numeric(10,2), f timestamp, CONSTRAINT tr_c_ck CHECK (a > 0) NOT VALID);
INSERT INTO tr_c SELECT g, g, 'b', 1 + g % 100, 'd', g, now() FROM generate_series(1, 500) AS g;
CREATE FUNCTION tr_trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER tr_c_trg BEFORE INSERT ON tr_c FOR EACH ROW EXECUTE FUNCTION tr_trg();
ANALYZE tr_p, tr_c;
SELECT schemamig.upgrade('t2');
-- an index on its own: SHARE, and no rewrite
SELECT schemamig.add_revision('t4', 'CREATE INDEX tr_t_a2 ON tr_t (a)', 'DROP INDEX tr_t_a2');
SELECT relation, lock_mode, rewritten FROM schemamig.trace() ORDER BY relation COLLATE "C";
SELECT schemamig.remove_revision('t4');
-- a table rewritten by a statement after another took its lock (a column
-- added, then widened): reported with the mode already held
SELECT schemamig.add_revision('t5', E'ALTER TABLE tr_t ADD COLUMN b int;\nALTER TABLE tr_t ALTER COLUMN b TYPE bigint;', 'SELECT 1');
SELECT statement, relation, lock_mode, rewritten FROM schemamig.trace() ORDER BY statement, relation COLLATE "C";
SELECT schemamig.remove_revision('t5');
-- the same when the statement that rewrites it also changes more relations
-- than trace() notes one by one (300 tables made: it checks every one)
SELECT schemamig.add_revision('t5', E'ALTER TABLE tr_t ADD COLUMN b int;\n'
  'DO $do$BEGIN FOR i IN 1..300 LOOP EXECUTE format($f$CREATE TABLE tr_many_%s (id int)$f$, i); END LOOP;'
  ' ALTER TABLE tr_t ALTER COLUMN b TYPE bigint; END$do$;', 'SELECT 1');
SELECT statement, relation, lock_mode, rewritten FROM schemamig.trace()
 WHERE relation NOT LIKE 'public.tr\_many\_%' ORDER BY statement, relation COLLATE "C";
SELECT count(*) AS made FROM schemamig.trace() WHERE relation LIKE 'public.tr\_many\_%';
SELECT schemamig.remove_revision('t5');
-- what a statement drops it locked too: named as it was before (the table
-- was locked by the first statement already; one the plan made shows
-- where it was made)
CREATE TABLE tr_gone (id int PRIMARY KEY);
CREATE INDEX tr_gone_i ON tr_gone (id);
SELECT schemamig.add_revision('t6', E'DROP INDEX tr_gone_i;\nDROP TABLE tr_gone;\nCREATE TABLE tr_new (id int);\nDROP TABLE tr_new;', 'SELECT 1');
SELECT statement, relation, lock_mode, rewritten FROM schemamig.trace() ORDER BY statement, relation COLLATE "C";
SELECT schemamig.remove_revision('t6');
DROP TABLE tr_gone;
CREATE TABLE tr_corpus (n serial, form text);
INSERT INTO tr_corpus (form) VALUES
  ('ADD COLUMN x int'), ('ADD COLUMN x int DEFAULT 0'), ('ADD COLUMN x timestamptz DEFAULT clock_timestamp()'),
  ('ADD COLUMN x int GENERATED ALWAYS AS (a * 2) STORED'), ('DROP COLUMN d'), ('ALTER COLUMN a TYPE bigint'),
  ('ALTER COLUMN d TYPE varchar(20)'), ('ALTER COLUMN d TYPE text'), ('ALTER COLUMN e TYPE numeric(12,2)'),
  ('ALTER COLUMN f TYPE timestamptz'), ('ALTER COLUMN e TYPE numeric(12,3)'), ('ALTER COLUMN d TYPE varchar(5)'),
  ('ALTER COLUMN f TYPE timestamp(3)'), ('ALTER COLUMN a SET DEFAULT 5'), ('ALTER COLUMN a DROP DEFAULT'),
  ('ALTER COLUMN a SET NOT NULL'), ('ALTER COLUMN b DROP NOT NULL'), ('ALTER COLUMN a SET STATISTICS 100'),
  ('ALTER COLUMN b SET STORAGE EXTERNAL'), ('ALTER COLUMN a SET (n_distinct = 100)'),
  ('ADD CONSTRAINT x_ck CHECK (a > -1)'), ('ADD CONSTRAINT x_ck CHECK (a > -1) NOT VALID'),
  ('ADD CONSTRAINT x_fk FOREIGN KEY (c) REFERENCES tr_p (id)'), ('ADD CONSTRAINT x_fk FOREIGN KEY (c) REFERENCES tr_p (id) NOT VALID'),
  ('VALIDATE CONSTRAINT tr_c_ck'), ('DROP CONSTRAINT tr_c_ck'), ('ADD CONSTRAINT x_u UNIQUE (id, a)'),
  ('SET (fillfactor = 70)'), ('RESET (fillfactor)'), ('SET UNLOGGED'), ('CLUSTER ON tr_c_pkey'),
  ('SET WITHOUT CLUSTER'), ('DISABLE TRIGGER tr_c_trg'), ('ENABLE TRIGGER ALL'), ('OWNER TO regress_tracer'),
  ('REPLICA IDENTITY FULL'), ('ENABLE ROW LEVEL SECURITY'), ('ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY'),
  ('DROP CONSTRAINT tr_c_c_fkey'), ('ALTER CONSTRAINT tr_c_c_fkey DEFERRABLE'), ('SET WITHOUT OIDS'),
  ('ALTER COLUMN b SET COMPRESSION pglz'), ('FORCE ROW LEVEL SECURITY'), ('ALTER COLUMN f TYPE timestamp(6)'),
  ('ALTER COLUMN e TYPE numeric'), ('ALTER COLUMN d TYPE varchar');
CREATE FUNCTION tr_compare(stmt text, rel text, after text)
RETURNS TABLE (lint_ae boolean, trace_ae boolean, trace_mode text, lint_rewrite boolean, trace_rewrite boolean)
LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM schemamig.add_revision('corpus', stmt, 'SELECT 1');
    lint_ae := EXISTS (SELECT FROM schemamig.lint() WHERE rule = 'access-exclusive' AND relation = rel);
    lint_rewrite := EXISTS (SELECT FROM schemamig.lint() WHERE rule = 'table-rewrite' AND relation = rel);
    SELECT bool_or(t.lock_mode = 'AccessExclusiveLock'), string_agg(t.lock_mode, ','), bool_or(t.rewritten)
      INTO trace_ae, trace_mode, trace_rewrite FROM schemamig.trace() AS t WHERE t.relation = coalesce(after, rel);
    trace_ae := coalesce(trace_ae, false);
    trace_rewrite := coalesce(trace_rewrite, false);
    PERFORM schemamig.remove_revision('corpus');
    RETURN NEXT;
END
$f$;
-- and the other statements that lock a table: lint's access-exclusive and
-- table-rewrite on the relation a statement names agree with what trace
-- records of it (under its name after the statement)
CREATE POLICY tr_c_pol ON tr_c USING (true);
CREATE RULE tr_c_rule AS ON UPDATE TO tr_c DO ALSO NOTIFY tr_c;
CREATE POLICY tr_c_pol_t ON tr_c USING (EXISTS (SELECT FROM tr_t));
CREATE MATERIALIZED VIEW tr_mv AS SELECT id FROM tr_c;
CREATE SCHEMA tr_s;
CREATE VIEW tr_v AS SELECT id FROM tr_c;
-- DROP SCHEMA, TYPE and DOMAIN ... CASCADE and DROP COLUMN ... CASCADE
-- reach, through the catalog's dependencies, what other schemas and tables
-- have that uses what they drop: one table for each kind of object
CREATE SCHEMA tr_s2;
CREATE TABLE tr_s2.t (id int PRIMARY KEY);
CREATE FUNCTION tr_s2.f(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE FUNCTION tr_s2.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE SEQUENCE tr_s2.seq;
CREATE MATERIALIZED VIEW tr_s2_mv AS SELECT id FROM tr_s2.t;
CREATE TABLE tr_s2_d (a int DEFAULT tr_s2.f(1));
CREATE TABLE tr_s2_q (a int DEFAULT nextval('tr_s2.seq'));
CREATE TABLE tr_s2_k (a int CHECK (tr_s2.f(a) > 0));
CREATE TABLE tr_s2_g (a int, g int GENERATED ALWAYS AS (tr_s2.f(a)) STORED);
CREATE TABLE tr_s2_x (a int);
CREATE INDEX tr_s2_x_i ON tr_s2_x (tr_s2.f(a));
CREATE TABLE tr_s2_tg (a int);
CREATE TRIGGER tr_s2_tg_trg BEFORE INSERT ON tr_s2_tg FOR EACH ROW EXECUTE FUNCTION tr_s2.trg();
CREATE TABLE tr_s2_p (a int);
CREATE POLICY tr_s2_p_pol ON tr_s2_p USING (tr_s2.f(a) > 0);
CREATE TABLE tr_s2_r (a int);
CREATE RULE tr_s2_r_rule AS ON UPDATE TO tr_s2_r DO ALSO SELECT tr_s2.f(1);
CREATE TYPE tr_ty AS ENUM ('a');
CREATE FUNCTION tr_tyf(tr_ty) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE MATERIALIZED VIEW tr_ty_mv AS SELECT 1 AS one WHERE 'a'::tr_ty IS NOT NULL;
CREATE TABLE tr_ty_d (a text DEFAULT 'a'::tr_ty::text);
CREATE TABLE tr_ty_p (a int);
CREATE POLICY tr_ty_p_pol ON tr_ty_p USING ('a'::tr_ty IS NOT NULL);
CREATE TABLE tr_ty_r (a int);
CREATE RULE tr_ty_r_rule AS ON UPDATE TO tr_ty_r DO ALSO SELECT 'a'::tr_ty;
CREATE TABLE tr_ty_k (a int CHECK (tr_tyf('a') = 1));
CREATE DOMAIN tr_dom AS int;
CREATE MATERIALIZED VIEW tr_dom_mv AS SELECT 1 AS one WHERE 1::tr_dom > 0;
CREATE TABLE tr_dom_d (a int DEFAULT 1::tr_dom);
CREATE TABLE tr_cc (id int, c int);
CREATE INDEX tr_cc_i ON tr_cc (id, c);
CREATE VIEW tr_cc_v AS SELECT c FROM tr_cc;
CREATE MATERIALIZED VIEW tr_cc_mv AS SELECT c FROM tr_cc_v;
CREATE TABLE tr_cc_p (a int);
CREATE POLICY tr_cc_p_pol ON tr_cc_p USING (EXISTS (SELECT FROM tr_cc WHERE tr_cc.c = tr_cc_p.a));
CREATE TABLE tr_cc_r (a int);
CREATE RULE tr_cc_r_rule AS ON UPDATE TO tr_cc_r DO ALSO SELECT c FROM tr_cc;
CREATE FUNCTION tr_ccf() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT c FROM tr_cc LIMIT 1; END;
CREATE TABLE tr_cc_f (a int DEFAULT tr_ccf());
-- and DROP FUNCTION, TABLE, VIEW and SEQUENCE ... CASCADE what goes with
-- what goes: a function whose body calls one or reads one, a view that a
-- policy or rule reads
CREATE TABLE tr_w (a int);
CREATE FUNCTION tr_w1() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE FUNCTION tr_w2() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT tr_w1(); END;
CREATE TABLE tr_w_f (a int DEFAULT tr_w2());
CREATE FUNCTION tr_w3() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a FROM tr_w LIMIT 1; END;
CREATE TABLE tr_w_t (a int DEFAULT tr_w3());
CREATE VIEW tr_w_v AS SELECT a FROM tr_w;
CREATE TABLE tr_w_p (a int);
CREATE POLICY tr_w_p_pol ON tr_w_p USING (EXISTS (SELECT FROM tr_w_v));
CREATE TABLE tr_w_r (a int);
CREATE RULE tr_w_r_rule AS ON UPDATE TO tr_w_r DO ALSO SELECT 1 FROM tr_w_v;
CREATE SEQUENCE tr_w_seq;
CREATE FUNCTION tr_w4() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT nextval('tr_w_seq'); END;
CREATE TABLE tr_w_s (a bigint DEFAULT tr_w4());
CREATE TABLE tr_corpus2 (n serial, stmt text, rel text, after text);
INSERT INTO tr_corpus2 (stmt, rel, after) VALUES
  ('ALTER TABLE tr_c RENAME CONSTRAINT tr_c_ck TO tr_c_ck2', 'public.tr_c', NULL),
  ('ALTER TABLE tr_c RENAME COLUMN a TO a2', 'public.tr_c', NULL),
  ('ALTER TABLE tr_c RENAME TO tr_c2', 'public.tr_c', 'public.tr_c2'),
  ('ALTER TABLE tr_c SET SCHEMA tr_s', 'public.tr_c', 'tr_s.tr_c'),
  ('ALTER TRIGGER tr_c_trg ON tr_c RENAME TO tr_c_trg2', 'public.tr_c', NULL),
  ('DROP TRIGGER tr_c_trg ON tr_c', 'public.tr_c', NULL),
  ('CREATE TRIGGER tr_c_trg3 AFTER INSERT ON tr_c FOR EACH ROW EXECUTE FUNCTION tr_trg()', 'public.tr_c', NULL),
  ('CREATE POLICY tr_c_pol2 ON tr_c USING (true)', 'public.tr_c', NULL),
  ('ALTER POLICY tr_c_pol ON tr_c USING (id > 0)', 'public.tr_c', NULL),
  ('ALTER POLICY tr_c_pol ON tr_c RENAME TO tr_c_pol2', 'public.tr_c', NULL),
  ('DROP POLICY tr_c_pol ON tr_c', 'public.tr_c', NULL),
  ('CREATE RULE tr_c_rule2 AS ON DELETE TO tr_c DO ALSO NOTIFY tr_c', 'public.tr_c', NULL),
  ('ALTER RULE tr_c_rule ON tr_c RENAME TO tr_c_rule2', 'public.tr_c', NULL),
  ('DROP RULE tr_c_rule ON tr_c', 'public.tr_c', NULL),
  ('REINDEX TABLE tr_c', 'public.tr_c', NULL),
  ('CLUSTER tr_c USING tr_c_pkey', 'public.tr_c', NULL),
  ('LOCK TABLE tr_c IN SHARE MODE', 'public.tr_c', NULL),
  ('REFRESH MATERIALIZED VIEW tr_mv', 'public.tr_mv', NULL),
  ('ALTER MATERIALIZED VIEW tr_mv RENAME TO tr_mv2', 'public.tr_mv', 'public.tr_mv2'),
  ('ALTER MATERIALIZED VIEW tr_mv SET SCHEMA tr_s', 'public.tr_mv', 'tr_s.tr_mv'),
  ('DROP MATERIALIZED VIEW tr_mv', 'public.tr_mv', NULL),
  ('ALTER TABLE tr_c ALTER COLUMN d TYPE text USING d::text', 'public.tr_c', NULL),
  ('ALTER TABLE tr_c RENAME TO tr_c9; ALTER TABLE tr_c9 ALTER COLUMN a TYPE bigint', 'public.tr_c9', NULL),
  ('ALTER TABLE tr_c SET SCHEMA tr_s; ALTER TABLE tr_s.tr_c ALTER COLUMN a TYPE bigint', 'tr_s.tr_c', NULL),
  ('ALTER TABLE tr_c RENAME COLUMN a TO a9; ALTER TABLE tr_c ALTER COLUMN a9 TYPE bigint', 'public.tr_c', NULL),
  ('ALTER TABLE tr_c DROP COLUMN c', 'public.tr_p', NULL),
  ('ALTER TABLE tr_p DROP COLUMN id CASCADE', 'public.tr_c', NULL),
  ('ALTER TABLE tr_p DROP CONSTRAINT tr_p_pkey CASCADE', 'public.tr_c', NULL),
  ('LOCK TABLE tr_v', 'public.tr_c', NULL),
  ('DROP TABLE tr_c CASCADE', 'public.tr_mv', NULL),
  ('ALTER TABLE tr_c DROP COLUMN id CASCADE', 'public.tr_mv', NULL),
  ('DROP VIEW tr_v CASCADE', 'public.tr_c', NULL),
  ('DROP FUNCTION tr_trg() CASCADE', 'public.tr_c', NULL),
  ('DROP TABLE tr_t CASCADE', 'public.tr_c', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_mv', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_d', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_q', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_k', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_g', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_x', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_tg', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_p', NULL),
  ('DROP SCHEMA tr_s2 CASCADE', 'public.tr_s2_r', NULL),
  ('DROP TYPE tr_ty CASCADE', 'public.tr_ty_mv', NULL),
  ('DROP TYPE tr_ty CASCADE', 'public.tr_ty_d', NULL),
  ('DROP TYPE tr_ty CASCADE', 'public.tr_ty_p', NULL),
  ('DROP TYPE tr_ty CASCADE', 'public.tr_ty_r', NULL),
  ('DROP TYPE tr_ty CASCADE', 'public.tr_ty_k', NULL),
  ('DROP DOMAIN tr_dom CASCADE', 'public.tr_dom_mv', NULL),
  ('DROP DOMAIN tr_dom CASCADE', 'public.tr_dom_d', NULL),
  ('ALTER TABLE tr_cc DROP COLUMN c CASCADE', 'public.tr_cc_mv', NULL),
  ('ALTER TABLE tr_cc DROP COLUMN c CASCADE', 'public.tr_cc_p', NULL),
  ('ALTER TABLE tr_cc DROP COLUMN c CASCADE', 'public.tr_cc_r', NULL),
  ('ALTER TABLE tr_cc DROP COLUMN c CASCADE', 'public.tr_cc_f', NULL),
  ('DROP FUNCTION tr_w1() CASCADE', 'public.tr_w_f', NULL),
  ('DROP TABLE tr_w CASCADE', 'public.tr_w_t', NULL),
  ('DROP TABLE tr_w CASCADE', 'public.tr_w_p', NULL),
  ('DROP TABLE tr_w CASCADE', 'public.tr_w_r', NULL),
  ('DROP VIEW tr_w_v CASCADE', 'public.tr_w_p', NULL),
  ('DROP VIEW tr_w_v CASCADE', 'public.tr_w_r', NULL),
  ('DROP SEQUENCE tr_w_seq CASCADE', 'public.tr_w_s', NULL);
CREATE VIEW tr_all AS
  SELECT 'ALTER TABLE forms' AS corpus, n, 'ALTER TABLE tr_c ' || form AS stmt, 'public.tr_c' AS rel, NULL AS after
    FROM tr_corpus
  UNION ALL
  SELECT 'other statements', n, stmt, rel, after FROM tr_corpus2;
SELECT c.corpus, count(*) AS statements,
       count(*) FILTER (WHERE r.trace_ae) AS access_exclusive,
       count(*) FILTER (WHERE r.lint_ae IS DISTINCT FROM r.trace_ae) AS disagreements,
       count(*) FILTER (WHERE r.trace_rewrite) AS rewrites,
       count(*) FILTER (WHERE r.lint_rewrite IS DISTINCT FROM r.trace_rewrite) AS rewrite_disagreements
  FROM tr_all AS c, LATERAL tr_compare(c.stmt, c.rel, c.after) AS r
 GROUP BY c.corpus ORDER BY c.corpus;
SELECT c.stmt, r.* FROM tr_all AS c, LATERAL tr_compare(c.stmt, c.rel, c.after) AS r
 WHERE r.lint_ae IS DISTINCT FROM r.trace_ae OR r.lint_rewrite IS DISTINCT FROM r.trace_rewrite
 ORDER BY c.corpus, c.n;
-- and what lint says of those drops: data lost where a table, materialized
-- view or column goes (the generated column of tr_s2_g), ACCESS EXCLUSIVE
-- where only a default, constraint, index, trigger, policy or rule does;
-- each table once for each rule
CREATE FUNCTION tr_findings(stmt text) RETURNS TABLE (rule text, relation text, findings bigint)
LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM schemamig.add_revision('corpus', stmt, 'SELECT 1');
    RETURN QUERY SELECT l.rule, l.relation, count(*) FROM schemamig.lint() AS l
      WHERE l.rule IN ('access-exclusive', 'destructive') GROUP BY l.rule, l.relation;
    PERFORM schemamig.remove_revision('corpus');
END
$f$;
SELECT s.stmt, f.rule, f.relation, f.findings
  FROM (VALUES (1, 'DROP SCHEMA tr_s2 CASCADE'), (2, 'DROP TYPE tr_ty CASCADE'),
               (3, 'DROP DOMAIN tr_dom CASCADE'), (4, 'ALTER TABLE tr_cc DROP COLUMN c CASCADE')) AS s (n, stmt),
       LATERAL tr_findings(s.stmt) AS f
 ORDER BY s.n, f.relation COLLATE "C", f.rule COLLATE "C";
-- nothing of the corpus stayed either
SELECT count(*) AS columns FROM pg_attribute WHERE attrelid = 'tr_c'::regclass AND attnum > 0 AND NOT attisdropped;
-- (not-null constraints aside: 18 keeps them in pg_constraint too, as contype n)
SELECT count(*) AS constraints FROM pg_constraint WHERE conrelid = 'tr_c'::regclass AND contype <> 'n';

SELECT schemamig.stamp('base');
DROP EXTENSION schemamig;
DROP VIEW tr_all, tr_v;
DROP MATERIALIZED VIEW tr_mv;
DROP TABLE tr_t, tr_c, tr_p, tr_corpus, tr_corpus2;
DROP SCHEMA tr_s;
DROP SCHEMA tr_s2 CASCADE;
DROP TYPE tr_ty CASCADE;
DROP DOMAIN tr_dom CASCADE;
DROP TABLE tr_cc CASCADE;
DROP TABLE tr_w CASCADE;
DROP FUNCTION tr_w1() CASCADE;
DROP SEQUENCE tr_w_seq CASCADE;
DROP TABLE tr_w_f, tr_w_t, tr_w_p, tr_w_r, tr_w_s;
DROP TABLE tr_s2_d, tr_s2_q, tr_s2_k, tr_s2_g, tr_s2_x, tr_s2_tg, tr_s2_p, tr_s2_r, tr_ty_d, tr_ty_p, tr_ty_r,
  tr_ty_k, tr_dom_d, tr_cc_p, tr_cc_r, tr_cc_f;
DROP FUNCTION tr_compare(text, text, text), tr_findings(text), tr_trg();
REVOKE ALL ON SCHEMA schemamig FROM regress_tracer;
DROP ROLE regress_tracer;
