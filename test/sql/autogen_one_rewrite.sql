-- autogenerate: the column type changes of a table share one ALTER TABLE
-- (one rewrite) also when a column's NOT NULL, default or ADD COLUMN of the
-- same table sorts between them by column name: before, those split the
-- changes into two statements, and the table was rewritten twice under its
-- ACCESS EXCLUSIVE lock. Each pair checked both ways with ag_check, then
-- the SQL.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('widened, one made NOT NULL',
  $$CREATE TABLE t (a int, b int);$$,
  $$CREATE TABLE t (a bigint NOT NULL, b bigint);$$,
  $$INSERT INTO t VALUES (1, 2)$$, $$SELECT string_agg(a || ':' || b, ',') FROM t$$);
SELECT * FROM ag_pair('widened around an added column',
  $$CREATE TABLE t (a int, c int);$$,
  $$CREATE TABLE t (a bigint, b int DEFAULT 5, c bigint);$$,
  $$INSERT INTO t VALUES (1, 2)$$, $$SELECT string_agg(a || ':' || c, ',') FROM t$$);
SELECT * FROM ag_pair('mixed case names, a default and an enum',
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c');
    CREATE TABLE "T" ("Id" int, "select" text, "User" int, st st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'b');
    CREATE TABLE "T" ("Id" bigint, "select" varchar(20) NOT NULL DEFAULT 'x', "User" int DEFAULT 0, "Zed" int, st st);$$,
  $$INSERT INTO "T" VALUES (1, 's', 2, 'b')$$, $$SELECT string_agg("Id" || "select" || "User" || st, ',') FROM "T"$$);

CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE t (a int, b int, c int);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE t (a bigint NOT NULL, b bigint DEFAULT 0, c bigint, d int);$$, 'ag');
CREATE TYPE st AS ENUM ('a', 'b', 'c');
CREATE TABLE "T" ("Id" int, "select" text, "User" int, st st);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE t (a int, b int, c int);
    CREATE TYPE st AS ENUM ('a', 'b');
    CREATE TABLE "T" ("Id" bigint, "select" varchar(20) NOT NULL DEFAULT 'x', "User" int DEFAULT 0, "Zed" int, st st);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
