-- autogenerate: a stored generated column made again (a column it reads
-- changes type: dropped before, added after) takes along the constraints
-- and indexes that use it, which its DROP COLUMN would drop, and no
-- others: the primary key, the foreign keys of the table and those to
-- it, and the indexes over other columns stay (before, every constraint
-- and index of the table was made again, and with the primary key every
-- foreign key to the table checked again). Each pair checked both ways
-- with ag_check, then the SQL
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('generated column made again, keys kept',
  $$CREATE TABLE o (id int PRIMARY KEY);
    CREATE TABLE inv (id int PRIMARY KEY, o int REFERENCES o, amount numeric(12,2) CHECK (amount >= 0),
      tax numeric(12,2), total numeric(12,2) GENERATED ALWAYS AS (amount + tax) STORED CHECK (total < 1000),
      UNIQUE (o, total));
    CREATE INDEX inv_o ON inv (o) WHERE amount > 0;
    CREATE INDEX inv_total ON inv ((total * 2));
    CREATE TABLE item (inv int REFERENCES inv);$$,
  $$CREATE TABLE o (id int PRIMARY KEY);
    CREATE TABLE inv (id int PRIMARY KEY, o int REFERENCES o, amount numeric(14,2) CHECK (amount >= 0),
      tax numeric(12,2), total numeric(12,2) GENERATED ALWAYS AS (amount + tax) STORED CHECK (total < 1000),
      UNIQUE (o, total));
    CREATE INDEX inv_o ON inv (o) WHERE amount > 0;
    CREATE INDEX inv_total ON inv ((total * 2));
    CREATE TABLE item (inv int REFERENCES inv);$$,
  $$INSERT INTO o VALUES (1); INSERT INTO inv VALUES (1, 1, 10, 1); INSERT INTO item VALUES (1)$$,
  $$SELECT string_agg(concat(id, o, amount, tax, total), ',') FROM inv$$);
SELECT * FROM ag_pair('generated column in a whole-row check',
  $$CREATE TABLE inv (id int PRIMARY KEY, a int, g int GENERATED ALWAYS AS (a + 1) STORED,
      CHECK (inv IS NOT NULL));$$,
  $$CREATE TABLE inv (id int PRIMARY KEY, a bigint, g int GENERATED ALWAYS AS (a + 1) STORED,
      CHECK (inv IS NOT NULL));$$,
  $$INSERT INTO inv VALUES (1, 1)$$, $$SELECT string_agg(concat(id, a, g), ',') FROM inv$$);

-- the SQL
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE o (id int PRIMARY KEY);
CREATE TABLE inv (id int PRIMARY KEY, o int REFERENCES o, amount numeric(12,2) CHECK (amount >= 0),
  tax numeric(12,2), total numeric(12,2) GENERATED ALWAYS AS (amount + tax) STORED CHECK (total < 1000),
  UNIQUE (o, total));
CREATE INDEX inv_o ON inv (o) WHERE amount > 0;
CREATE INDEX inv_total ON inv ((total * 2));
CREATE TABLE item (inv int REFERENCES inv);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE o (id int PRIMARY KEY);
    CREATE TABLE inv (id int PRIMARY KEY, o int REFERENCES o, amount numeric(14,2) CHECK (amount >= 0),
      tax numeric(12,2), total numeric(12,2) GENERATED ALWAYS AS (amount + tax) STORED CHECK (total < 1000),
      UNIQUE (o, total));
    CREATE INDEX inv_o ON inv (o) WHERE amount > 0;
    CREATE INDEX inv_total ON inv ((total * 2));
    CREATE TABLE item (inv int REFERENCES inv);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
