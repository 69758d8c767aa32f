-- autogenerate: an enum made again without a value that a row still holds
-- stops the migration before the type is moved aside, naming the column
-- (and the attribute of a composite type that holds it) and the value
-- (22P02, as the conversion's own error). The conversion's error named
-- neither (invalid input value for enum e: "b"), and one ALTER TABLE
-- converts all of a table's columns. Columns of the enum, arrays of it, a
-- domain over it or over arrays of it, and composite types (arrays of
-- them, a composite type in another) with an attribute of any of those.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA ager;
SET search_path = ager;
CREATE TYPE e AS ENUM ('a', 'b', 'c');
CREATE DOMAIN de AS e;
CREATE TABLE t (id int PRIMARY KEY, v e, w e[], d de);
CREATE TABLE "U s" ("Z z" e);
INSERT INTO t VALUES (1, 'a', '{c,a}', 'a'), (2, 'c', NULL, 'c');
INSERT INTO "U s" VALUES ('a'), (NULL);
SELECT upgrade, downgrade FROM schemamig.diff($$
  CREATE TYPE e AS ENUM ('a', 'c');
  CREATE DOMAIN de AS e;
  CREATE TABLE t (id int PRIMARY KEY, v e, w e[], d de);
  CREATE TABLE "U s" ("Z z" e);$$, 'ager') \gset
\echo :upgrade
SELECT set_config('ager.sql', :'upgrade', false) IS NOT NULL AS set;
-- the upgrade in one statement, as a revision runs it; its error, if any
CREATE FUNCTION pg_temp.apply(sql text) RETURNS text LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE sql;
    RETURN 'applied';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ' ' || SQLERRM;
END
$fn$;
-- no row holds 'b': the checks pass, the rows convert
BEGIN;
SELECT pg_temp.apply(:'upgrade');
SELECT id, v, w, d FROM t ORDER BY id;
SELECT * FROM "U s";
ROLLBACK;
-- a row that holds it, in each column in turn: the check of that column says so
BEGIN;
UPDATE t SET v = 'b' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE t SET w = '{a,b}' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
INSERT INTO "U s" VALUES ('b');
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
-- with its hint
\set VERBOSITY default
BEGIN;
INSERT INTO "U s" VALUES ('b');
DO $$BEGIN EXECUTE current_setting('ager.sql'); END$$;
ROLLBACK;
-- a domain over the enum: its column is checked too
BEGIN;
UPDATE t SET d = 'b' WHERE id = 1;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
-- values reordered, none removed: no check
SELECT upgrade LIKE '%DO $schemamig$%' AS checked FROM schemamig.diff($$
  CREATE TYPE e AS ENUM ('c', 'b', 'a');
  CREATE DOMAIN de AS e;
  CREATE TABLE t (id int PRIMARY KEY, v e, w e[], d de);
  CREATE TABLE "U s" ("Z z" e);$$, 'ager');
-- a value renamed by a mark while another goes: the renamed one is no
-- removed value, and its rows keep theirs under the new name
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE e AS ENUM ('a', 'bee'); -- schemamig: renamed from 'b'
  CREATE DOMAIN de AS e;
  CREATE TABLE t (id int PRIMARY KEY, v e, w e[], d de);
  CREATE TABLE "U s" ("Z z" e);$$, 'ager') \gset
BEGIN;
UPDATE t SET v = 'b', w = NULL, d = NULL WHERE id = 2;
UPDATE t SET w = NULL, d = NULL WHERE id = 1;
SELECT pg_temp.apply(:'upgrade');
SELECT id, v FROM t ORDER BY id;
ROLLBACK;
RESET search_path;
DROP SCHEMA ager CASCADE;

-- composite types and domains over arrays
CREATE SCHEMA ager;
SET search_path = ager;
CREATE TYPE e AS ENUM ('a', 'b', 'c');
CREATE DOMAIN de AS e;
CREATE DOMAIN dea AS e[];
CREATE TYPE pair AS (x int, "Y y" e);
CREATE TYPE nest AS (p pair, ps pair[], d de);
CREATE DOMAIN dpa AS pair[];
CREATE TABLE c (id int, da dea, p pair, n nest, pa pair[], dp dpa);
INSERT INTO c VALUES (1, '{a,c}', '(1,a)', '("(2,c)","{""(3,a)"",NULL}",c)', '{"(4,c)"}', '{"(7,a)"}'),
  (2, NULL, NULL, NULL, NULL, NULL);
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE e AS ENUM ('a', 'c');
  CREATE DOMAIN de AS e;
  CREATE DOMAIN dea AS e[];
  CREATE TYPE pair AS (x int, "Y y" e);
  CREATE TYPE nest AS (p pair, ps pair[], d de);
  CREATE DOMAIN dpa AS pair[];
  CREATE TABLE c (id int, da dea, p pair, n nest, pa pair[], dp dpa);$$, 'ager') \gset
\echo :upgrade
-- no row holds 'b': the checks pass, the rows convert
BEGIN;
SELECT pg_temp.apply(:'upgrade');
SELECT * FROM c ORDER BY id;
ROLLBACK;
-- a row that holds it, in each place in turn
BEGIN;
UPDATE c SET da = '{a,b}' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE c SET p = '(5,b)' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE c SET n = '("(2,b)",,)' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE c SET n = '(,"{NULL,""(3,b)""}",)' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE c SET n = '(,,b)' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE c SET pa = '{"(4,c)","(6,b)"}' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
BEGIN;
UPDATE c SET dp = '{"(8,b)"}' WHERE id = 2;
SELECT pg_temp.apply(:'upgrade');
ROLLBACK;
RESET search_path;
DROP SCHEMA ager CASCADE;
DROP EXTENSION schemamig;
