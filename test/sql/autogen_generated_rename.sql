-- autogenerate: a column that a rename mark renames, read by a stored
-- generated column: the server renames it in the generation expression
-- too, so the generated column stays (before, it was dropped and added
-- again, the table rewritten, its indexes made again, for nothing but a
-- name), whether its name sorts before the renamed column's or after.
-- Each pair checked both ways with ag_check, then the SQL
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('column read by generated columns renamed',
  $$CREATE TABLE a (id int PRIMARY KEY, first text, last text,
      full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED,
      z_len int GENERATED ALWAYS AS (length(first)) STORED);
    CREATE INDEX a_full ON a (full_name);$$,
  $$CREATE TABLE a (id int PRIMARY KEY,
      given_name text, -- schemamig: renamed from first
      last text,
      full_name text GENERATED ALWAYS AS (given_name || ' ' || last) STORED,
      z_len int GENERATED ALWAYS AS (length(given_name)) STORED);
    CREATE INDEX a_full ON a (full_name);$$,
  $$INSERT INTO a VALUES (1, 'a', 'b')$$, $$SELECT string_agg(concat(id, first, last, full_name, z_len), ',') FROM a$$,
  $$SELECT string_agg(concat(id, given_name, last, full_name, z_len), ',') FROM a$$);
SELECT * FROM ag_pair('renamed, and the expression changes',
  $$CREATE TABLE a (id int PRIMARY KEY, first text, last text,
      full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);$$,
  $$CREATE TABLE a (id int PRIMARY KEY,
      given_name text, -- schemamig: renamed from first
      last text,
      full_name text GENERATED ALWAYS AS (last || ', ' || given_name) STORED);$$,
  $$INSERT INTO a VALUES (1, 'a', 'b')$$, $$SELECT string_agg(concat(id, first, last), ',') FROM a$$,
  $$SELECT string_agg(concat(id, given_name, last), ',') FROM a$$);

-- the SQL: renames only; then one whose type and expression change
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE a (id int PRIMARY KEY, first text, last text,
  full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED,
  z_len int GENERATED ALWAYS AS (length(first)) STORED);
CREATE INDEX a_full ON a (full_name);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE a (id int PRIMARY KEY,
      given_name text, -- schemamig: renamed from first
      last text,
      full_name text GENERATED ALWAYS AS (given_name || ' ' || last) STORED,
      z_len int GENERATED ALWAYS AS (length(given_name)) STORED);
    CREATE INDEX a_full ON a (full_name);$$, 'ag');
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE a (id int PRIMARY KEY,
      given_name text, -- schemamig: renamed from first
      last text,
      full_name text GENERATED ALWAYS AS (given_name || ' ' || last) STORED,
      z_len bigint GENERATED ALWAYS AS (length(given_name) + 1) STORED);
    CREATE INDEX a_full ON a (full_name);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
