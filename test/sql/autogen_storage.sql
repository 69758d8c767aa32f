-- autogenerate: how a table is kept, compared and set in place (ALTER
-- TABLE): storage parameters (its TOAST table's too), UNLOGGED, REPLICA
-- IDENTITY, and a column's STORAGE and COMPRESSION; each pair checked both
-- ways with ag_check (see autogen_check.inc), rows kept
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

-- storage parameters: set, changed, reset; a TOAST table's; a new table's
SELECT * FROM ag_pair('storage parameters',
  $$CREATE TABLE t (id int, body text) WITH (fillfactor = 70, autovacuum_enabled = off);
    CREATE TABLE plain (id int);$$,
  $$CREATE TABLE t (id int, body text) WITH (fillfactor = 80, toast.autovacuum_enabled = false,
                                            autovacuum_vacuum_scale_factor = 0.05);
    CREATE TABLE plain (id int) WITH (fillfactor = 90);
    CREATE TABLE "New" (id int) WITH (toast_tuple_target = 256, parallel_workers = 2);$$,
  $$INSERT INTO t VALUES (1, 'a'), (2, 'b')$$, $$SELECT string_agg(id || body, ',' ORDER BY id) FROM t$$);

-- a TOAST table's parameter, on a table whose TOAST table a column type
-- change, a new column or a new stored generated column brings
SELECT * FROM ag_pair('TOAST parameters with the TOAST table',
  $$CREATE TABLE t (id int, n int);
    CREATE TABLE u (id int);
    CREATE TABLE g (id int);$$,
  $$CREATE TABLE t (id int, n text) WITH (toast.autovacuum_enabled = false);
    CREATE TABLE u (id int, body text) WITH (toast.autovacuum_vacuum_threshold = 100);
    CREATE TABLE g (id int, s text GENERATED ALWAYS AS (id::text) STORED) WITH (toast.vacuum_truncate = false);$$,
  $$INSERT INTO t VALUES (1, 2)$$, $$SELECT string_agg(id || ':' || n, ',') FROM t$$);

-- UNLOGGED both ways, with rows; a new unlogged table; a foreign key
-- between two tables that both change (dropped around the change), one to
-- a table that stays logged, and one to itself
SELECT * FROM ag_pair('unlogged',
  $$CREATE TABLE keep (id int PRIMARY KEY);
    CREATE TABLE a (id int PRIMARY KEY, k int REFERENCES keep);
    CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a, up int REFERENCES b);$$,
  $$CREATE TABLE keep (id int PRIMARY KEY);
    CREATE UNLOGGED TABLE a (id int PRIMARY KEY, k int REFERENCES keep);
    CREATE UNLOGGED TABLE b (id int PRIMARY KEY, a_id int REFERENCES a, up int REFERENCES b);
    CREATE UNLOGGED TABLE fresh (id int GENERATED ALWAYS AS IDENTITY, a_id int REFERENCES a);$$,
  $$INSERT INTO keep VALUES (1); INSERT INTO a VALUES (1, 1); INSERT INTO b VALUES (1, 1, NULL), (2, 1, 1)$$,
  $$SELECT (SELECT count(*) FROM a) || ',' || (SELECT string_agg(id || ':' || up, ',' ORDER BY id) FROM b)$$);

-- REPLICA IDENTITY: FULL, NOTHING, an index, a unique constraint's index,
-- and an index made again (it is no longer the identity until it is set
-- again)
SELECT * FROM ag_pair('replica identity',
  $$CREATE TABLE f (id int);
    CREATE TABLE n (id int);
    CREATE TABLE i (id int NOT NULL, code text NOT NULL);
    CREATE UNIQUE INDEX i_code ON i (code);
    ALTER TABLE i REPLICA IDENTITY USING INDEX i_code;
    CREATE TABLE u (id int NOT NULL CONSTRAINT u_id UNIQUE);$$,
  $$CREATE TABLE f (id int);
    ALTER TABLE f REPLICA IDENTITY FULL;
    CREATE TABLE n (id int);
    ALTER TABLE n REPLICA IDENTITY NOTHING;
    CREATE TABLE i (id int NOT NULL, code text NOT NULL);
    CREATE UNIQUE INDEX i_code ON i (code DESC);
    ALTER TABLE i REPLICA IDENTITY USING INDEX i_code;
    CREATE TABLE u (id int NOT NULL CONSTRAINT u_id UNIQUE);
    ALTER TABLE u REPLICA IDENTITY USING INDEX u_id;
    CREATE TABLE fresh (id int NOT NULL CONSTRAINT fresh_id UNIQUE);
    ALTER TABLE fresh REPLICA IDENTITY USING INDEX fresh_id;$$,
  $$INSERT INTO i VALUES (1, 'x')$$, $$SELECT count(*)::text FROM i$$);

-- an index that stops being the identity (for another, or none) while
-- it stays and a column of it loses NOT NULL, which the server refuses
-- for a column of the identity's index: the identity changes first
SELECT * FROM ag_pair('replica identity off an index that stays',
  $$CREATE TABLE t (id int NOT NULL);
    CREATE UNIQUE INDEX t_id ON t (id);
    ALTER TABLE t REPLICA IDENTITY USING INDEX t_id;
    CREATE TABLE u (id int NOT NULL CONSTRAINT u_id UNIQUE);
    ALTER TABLE u REPLICA IDENTITY USING INDEX u_id;
    CREATE TABLE m (id int NOT NULL, k int NOT NULL);
    CREATE UNIQUE INDEX m_id ON m (id);
    CREATE UNIQUE INDEX m_k ON m (k);
    ALTER TABLE m REPLICA IDENTITY USING INDEX m_id;
    CREATE TABLE r (id int NOT NULL CONSTRAINT r_id UNIQUE);
    ALTER TABLE r REPLICA IDENTITY USING INDEX r_id;$$,
  $$CREATE TABLE t (id int);
    CREATE UNIQUE INDEX t_id ON t (id);
    CREATE TABLE u (id int CONSTRAINT u_id UNIQUE);
    ALTER TABLE u REPLICA IDENTITY FULL;
    CREATE TABLE m (id int, k int NOT NULL);
    CREATE UNIQUE INDEX m_id ON m (id);
    CREATE UNIQUE INDEX m_k ON m (k);
    ALTER TABLE m REPLICA IDENTITY USING INDEX m_k;
    -- schemamig: renamed from r
    CREATE TABLE s (id int CONSTRAINT r_id UNIQUE);$$,
  $$INSERT INTO t VALUES (1); INSERT INTO m VALUES (1, 2); INSERT INTO r VALUES (3)$$,
  $$SELECT (SELECT sum(id) FROM t) + (SELECT sum(id + k) FROM m) + (SELECT sum(id) FROM r)$$,
  $$SELECT (SELECT sum(id) FROM t) + (SELECT sum(id + k) FROM m) + (SELECT sum(id) FROM s)$$);

-- a materialized view's TOAST table's storage parameters (toast.name),
-- which were not read: the model's were left out
CREATE SCHEMA st;
CREATE MATERIALIZED VIEW st.mv AS SELECT 'x'::text AS t;
CREATE TEMP TABLE d AS SELECT * FROM schemamig.diff($$
  CREATE MATERIALIZED VIEW mv WITH (fillfactor = 40, toast.autovacuum_enabled = false)
    AS SELECT 'x'::text AS t;$$, 'st');
SELECT upgrade LIKE '%CREATE MATERIALIZED VIEW mv WITH (fillfactor=40, toast.autovacuum_enabled=false) AS%' AS made_with,
       downgrade LIKE '%CREATE MATERIALIZED VIEW mv AS%' AS made_without FROM d;
CREATE FUNCTION pg_temp.mv_options() RETURNS text LANGUAGE sql AS $$
  SELECT concat_ws(' ', c.reloptions, (SELECT t.reloptions FROM pg_class t WHERE t.oid = c.reltoastrelid))
    FROM pg_class c WHERE c.oid = 'st.mv'::regclass
$$;
SET search_path = st;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM d); END $$;
SELECT pg_temp.mv_options() AS after_upgrade;
SELECT upgrade = '' AND downgrade = '' AS no_diff_after_upgrade FROM schemamig.diff($$
  CREATE MATERIALIZED VIEW mv WITH (fillfactor = 40, toast.autovacuum_enabled = false)
    AS SELECT 'x'::text AS t;$$, 'st');
DO $$ BEGIN EXECUTE (SELECT downgrade FROM d); END $$;
SELECT pg_temp.mv_options() AS after_downgrade;
RESET search_path;
DROP TABLE d;
DROP SCHEMA st CASCADE;

-- a column's STORAGE and COMPRESSION: set, changed, back to its type's; a
-- new column's and a new table's; a column whose type changes, which
-- ALTER COLUMN ... TYPE gives its new type's storage and no compression
SELECT * FROM ag_pair('column storage',
  $$CREATE TABLE t (a text, b text, c varchar(10), d text, e int);
    ALTER TABLE t ALTER COLUMN a SET STORAGE EXTERNAL, ALTER COLUMN c SET STORAGE MAIN,
      ALTER COLUMN c SET COMPRESSION pglz, ALTER COLUMN d SET COMPRESSION pglz;$$,
  $$CREATE TABLE t (a text, b text, c varchar(20), d text, e bigint, added text);
    ALTER TABLE t ALTER COLUMN b SET STORAGE MAIN, ALTER COLUMN c SET STORAGE MAIN,
      ALTER COLUMN c SET COMPRESSION pglz, ALTER COLUMN added SET STORAGE EXTERNAL,
      ALTER COLUMN added SET COMPRESSION pglz;
    CREATE TABLE "New" (x text);
    ALTER TABLE "New" ALTER COLUMN x SET STORAGE PLAIN;$$,
  $$INSERT INTO t VALUES ('a', 'b', 'c', 'd', 1)$$, $$SELECT string_agg(concat_ws(',', a, b, c, d, e), ';') FROM t$$);

-- a column whose collation changes (ALTER COLUMN ... TYPE ... COLLATE,
-- which gives it its type's storage and no compression too): set again
SELECT * FROM ag_pair('column storage, collation changed',
  $$CREATE TABLE t (id int, b text COMPRESSION pglz);
    ALTER TABLE t ALTER COLUMN b SET STORAGE MAIN;$$,
  $$CREATE TABLE t (id int, b text COMPRESSION pglz COLLATE "C");
    ALTER TABLE t ALTER COLUMN b SET STORAGE MAIN;$$,
  $$INSERT INTO t VALUES (1, 'x')$$, $$SELECT string_agg(id || b, ',') FROM t$$);

-- the statements, in their order: the identity after its index; foreign
-- keys between tables that both change go first and come back last
CREATE SCHEMA st;
SELECT upgrade FROM schemamig.diff($$
  CREATE TABLE a (id int PRIMARY KEY) WITH (fillfactor = 50);
  CREATE UNLOGGED TABLE b (id int PRIMARY KEY, code text NOT NULL);
  CREATE UNIQUE INDEX b_code ON b (code);
  ALTER TABLE b REPLICA IDENTITY USING INDEX b_code;
  ALTER TABLE b ALTER COLUMN code SET STORAGE MAIN;
$$, 'st');
CREATE TABLE st.a (id int PRIMARY KEY);
CREATE TABLE st.b (id int PRIMARY KEY, a_id int REFERENCES st.a);
SELECT upgrade, downgrade FROM schemamig.diff($$
  CREATE UNLOGGED TABLE a (id int PRIMARY KEY);
  CREATE UNLOGGED TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
$$, 'st');
DROP TABLE st.a, st.b;

-- a schema with none of them has the fingerprint it had before they were
-- compared; one with any has another
CREATE TABLE st.t (id int NOT NULL, body text);
SELECT schemamig.fingerprint('st') AS plain \gset
SELECT :'plain' AS fingerprint;
ALTER TABLE st.t SET (fillfactor = 90);
SELECT schemamig.fingerprint('st') <> :'plain' AS options_count;
ALTER TABLE st.t RESET (fillfactor);
ALTER TABLE st.t ALTER COLUMN body SET COMPRESSION pglz;
SELECT schemamig.fingerprint('st') <> :'plain' AS compression_counts;
ALTER TABLE st.t ALTER COLUMN body SET COMPRESSION default;
ALTER TABLE st.t REPLICA IDENTITY FULL;
SELECT schemamig.fingerprint('st') <> :'plain' AS identity_counts;
ALTER TABLE st.t REPLICA IDENTITY DEFAULT;
SELECT schemamig.fingerprint('st') = :'plain' AS back;
DROP SCHEMA st CASCADE;

-- an index's or a key's storage parameters given in another order are
-- the same parameters: nothing is made again (an index was dropped and
-- made again, a key dropped and added, as they were compared in the
-- order given); a parameter that changes still makes them again
CREATE SCHEMA st;
CREATE TABLE st.t (a int, b text, c int,
  CONSTRAINT t_c UNIQUE (c) WITH (fillfactor = 80, deduplicate_items = off),
  CONSTRAINT t_a EXCLUDE USING btree (a WITH =) WITH (fillfactor = 70, deduplicate_items = off));
CREATE INDEX t_b ON st.t (b) WITH (fillfactor = 60, deduplicate_items = on) WHERE b <> ', ) WITH (';
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade FROM schemamig.diff($$
  CREATE TABLE t (a int, b text, c int,
    CONSTRAINT t_c UNIQUE (c) WITH (deduplicate_items = off, fillfactor = 80),
    CONSTRAINT t_a EXCLUDE USING btree (a WITH =) WITH (deduplicate_items = off, fillfactor = 70));
  CREATE INDEX t_b ON t (b) WITH (deduplicate_items = on, fillfactor = 60) WHERE b <> ', ) WITH (';$$, 'st');
SELECT upgrade FROM schemamig.diff($$
  CREATE TABLE t (a int, b text, c int,
    CONSTRAINT t_c UNIQUE (c) WITH (deduplicate_items = off, fillfactor = 80),
    CONSTRAINT t_a EXCLUDE USING btree (a WITH =) WITH (deduplicate_items = off, fillfactor = 75));
  CREATE INDEX t_b ON t (b) WITH (deduplicate_items = on, fillfactor = 60) WHERE b <> ', ) WITH (';$$, 'st');
DROP SCHEMA st CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
