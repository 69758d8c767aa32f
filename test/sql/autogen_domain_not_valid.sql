-- autogenerate: a domain check that is NOT VALID (ALTER DOMAIN ... ADD
-- CONSTRAINT ... NOT VALID), which CREATE DOMAIN cannot say: the domain
-- is made without it and the check added after, NOT VALID, once the
-- columns that hold the domain are converted, so that a value stored
-- before stays; each pair checked both ways with ag_check
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('domain with a check NOT VALID created',
  $$CREATE TABLE t (a int);$$,
  $$CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;
    CREATE TABLE t (a int, b d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);

-- made again (its base type changes) while a column holds a value the
-- check would refuse
SELECT * FROM ag_pair('domain with a check NOT VALID made again',
  $$CREATE DOMAIN d AS int; CREATE TABLE t (a d);
    INSERT INTO t VALUES (-1);
    ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;$$,
  $$CREATE DOMAIN d AS bigint; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;
    CREATE TABLE t (a d);$$,
  '', $$SELECT string_agg(a::text, ',') FROM t$$);

-- validated: ALTER DOMAIN ... VALIDATE CONSTRAINT, not dropped and added
-- again
SELECT * FROM ag_pair('domain check validated',
  $$CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;
    CREATE TABLE t (a d);$$,
  $$CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0); CREATE TABLE t (a d);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
CREATE SCHEMA ag;
SET search_path = ag;
CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT pos CHECK (VALUE > 0) NOT VALID;
CREATE TABLE t (a d);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0); CREATE TABLE t (a d);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

-- the SQL
CREATE SCHEMA ag;
SET search_path = ag;
CREATE DOMAIN d AS text; CREATE TABLE t (a d);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE DOMAIN d AS text COLLATE "C" CHECK (VALUE <> 'x');
    ALTER DOMAIN d ADD CONSTRAINT ne CHECK (VALUE <> '') NOT VALID;
    CREATE TABLE t (a d);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
