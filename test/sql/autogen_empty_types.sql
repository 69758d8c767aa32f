-- autogenerate: an enum of no label (AS ENUM ()) and a composite type of
-- no attribute (AS ()) are types like the others: made, dropped, given
-- labels or attributes, and held by columns. They used to be read as no
-- type at all (the readers joined their labels and attributes), so a
-- column of one failed (42704) and a difference went unseen. Each pair
-- checked both ways with ag_check (see autogen_check.inc)
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('empty enum and composite type created',
  $$CREATE TABLE t (a int);$$,
  $$CREATE TYPE e AS ENUM (); CREATE TYPE c AS (); COMMENT ON TYPE e IS 'none yet';
    CREATE TABLE t (a int, x e, y c);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);

SELECT * FROM ag_pair('empty enum gains labels, empty composite attributes',
  $$CREATE TYPE e AS ENUM (); CREATE TYPE c AS (); CREATE TABLE t (a int, x e, y c);$$,
  $$CREATE TYPE e AS ENUM ('one', 'two', 'three'); CREATE TYPE c AS (p int, q text);
    CREATE TABLE t (a int, x e, y c);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);

-- the SQL, and fingerprints that tell them apart
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TYPE e AS ENUM (); CREATE TABLE t (a int, x e);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TYPE e AS ENUM ('one', 'two'); CREATE TYPE c AS ();
    CREATE TABLE t (a int, x e, y c);$$, 'ag');
SELECT upgrade = '' AND downgrade = '' AS same
  FROM schemamig.diff($$CREATE TYPE e AS ENUM (); CREATE TABLE t (a int, x e);$$, 'ag');
ALTER TABLE t DROP COLUMN x;
SELECT fp AS before_fp FROM schemamig.fingerprint('ag') AS fp \gset
DROP TYPE e;
SELECT schemamig.fingerprint('ag') <> :'before_fp' AS fingerprint_differs;
-- a model that empties an enum a column holds makes it again
CREATE TYPE e AS ENUM ('x'); ALTER TABLE t ADD COLUMN x e;
SELECT upgrade FROM schemamig.diff($$CREATE TYPE e AS ENUM (); CREATE TABLE t (a int, x e);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
