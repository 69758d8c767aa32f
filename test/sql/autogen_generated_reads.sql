-- autogenerate: a stored generated column is made again for a column it
-- reads (pg_depend) whose type or collation changes, which the server
-- refuses to alter under it; one that reads other columns of the table
-- stays where it is, with its index
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA gr;
SET search_path = gr;
CREATE TABLE t (id int PRIMARY KEY, a text, b int,
  g text GENERATED ALWAYS AS (upper(a)) STORED,
  h int GENERATED ALWAYS AS (id * 2) STORED);
CREATE INDEX t_g ON t (g);
INSERT INTO t (id, a, b) VALUES (1, 'x', 2), (2, 'y', 3);
CREATE TEMP TABLE before AS
  SELECT attname, attnum FROM pg_attribute WHERE attrelid = 'gr.t'::regclass AND attnum > 0;
CREATE TEMP TABLE before_index AS SELECT 'gr.t_g'::regclass::oid AS oid;

-- b, which neither g nor h reads, widens: only b changes
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE TABLE t (id int PRIMARY KEY, a text, b bigint,
    g text GENERATED ALWAYS AS (upper(a)) STORED,
    h int GENERATED ALWAYS AS (id * 2) STORED);
  CREATE INDEX t_g ON t (g);$$, 'gr');
SELECT upgrade, downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT count(*) AS diff_after FROM schemamig.diff($$
  CREATE TABLE t (id int PRIMARY KEY, a text, b bigint,
    g text GENERATED ALWAYS AS (upper(a)) STORED,
    h int GENERATED ALWAYS AS (id * 2) STORED);
  CREATE INDEX t_g ON t (g);$$, 'gr') WHERE upgrade <> '';
SELECT b.attname, b.attnum = a.attnum AS same_place
  FROM before b JOIN pg_attribute a ON a.attrelid = 'gr.t'::regclass AND a.attname = b.attname
 ORDER BY b.attnum;
SELECT 'gr.t_g'::regclass::oid = oid AS index_kept FROM before_index;
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT format_type(atttypid, atttypmod) AS b_type FROM pg_attribute
 WHERE attrelid = 'gr.t'::regclass AND attname = 'b';
DROP TABLE sqls;

-- a, which g reads, changes collation: g is made again around it (ALTER
-- COLUMN a TYPE under g fails, 0A000), h stays
CREATE TEMP TABLE sqls AS SELECT * FROM schemamig.diff($$
  CREATE TABLE t (id int PRIMARY KEY, a text COLLATE "C", b int,
    g text GENERATED ALWAYS AS (upper(a)) STORED,
    h int GENERATED ALWAYS AS (id * 2) STORED);
  CREATE INDEX t_g ON t (g);$$, 'gr');
SELECT upgrade, downgrade FROM sqls;
DO $$ BEGIN EXECUTE (SELECT upgrade FROM sqls); END $$;
SELECT id, a, g, h FROM t ORDER BY id;
SELECT count(*) AS diff_after FROM schemamig.diff($$
  CREATE TABLE t (id int PRIMARY KEY, a text COLLATE "C", b int,
    g text GENERATED ALWAYS AS (upper(a)) STORED,
    h int GENERATED ALWAYS AS (id * 2) STORED);
  CREATE INDEX t_g ON t (g);$$, 'gr') WHERE upgrade <> '';
SELECT a.attname FROM before b JOIN pg_attribute a ON a.attrelid = 'gr.t'::regclass AND a.attname = b.attname
 WHERE a.attnum = b.attnum ORDER BY a.attnum;
DO $$ BEGIN EXECUTE (SELECT downgrade FROM sqls); END $$;
SELECT collname FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
 WHERE attrelid = 'gr.t'::regclass AND attname = 'a';
SELECT id, a, g, h FROM t ORDER BY id;
DROP TABLE sqls;

RESET search_path;
DROP SCHEMA gr CASCADE;
DROP EXTENSION schemamig;
