-- autogenerate: a serial's sequence, named after its table and column,
-- follows a table or column that a mark renames: ALTER SEQUENCE ...
-- RENAME, both ways, so that it keeps its grants, owner and value. It used
-- to be dropped and made again, set to the column's largest value: an
-- application role lost USAGE on it, and a deleted largest id came back.
-- Each pair checked both ways with ag_check (see autogen_check.inc)
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all
CREATE ROLE regress_agsr_app;

SELECT * FROM ag_pair('table with a serial renamed',
  $$CREATE TABLE customer (id serial PRIMARY KEY, name text);$$,
  $$-- schemamig: renamed from customer
    CREATE TABLE client (id serial PRIMARY KEY, name text);$$,
  $$INSERT INTO customer (name) VALUES ('a'), ('b')$$,
  $$SELECT string_agg(id || name, ',' ORDER BY id) FROM customer$$,
  $$SELECT string_agg(id || name, ',' ORDER BY id) FROM client$$);

SELECT * FROM ag_pair('column with a serial renamed',
  $$CREATE TABLE t (id bigserial PRIMARY KEY, v text);$$,
  $$CREATE TABLE t (pk bigserial PRIMARY KEY, -- schemamig: renamed from id
      v text);$$,
  $$INSERT INTO t (v) VALUES ('a')$$,
  $$SELECT string_agg(id || v, ',') FROM t$$, $$SELECT string_agg(pk || v, ',') FROM t$$);

SELECT * FROM ag_pair('table renamed while its serial becomes a bigserial',
  $$CREATE TABLE customer (id serial PRIMARY KEY, name text);$$,
  $$-- schemamig: renamed from customer
    CREATE TABLE client (id bigserial PRIMARY KEY, name text);$$,
  $$INSERT INTO customer (name) VALUES ('a'), ('b')$$,
  $$SELECT string_agg(id || name, ',' ORDER BY id) FROM customer$$,
  $$SELECT string_agg(id || name, ',' ORDER BY id) FROM client$$);

-- the SQL; the grant and the value stay
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE customer (id serial PRIMARY KEY, name text);
GRANT USAGE ON SEQUENCE customer_id_seq TO regress_agsr_app;
INSERT INTO customer (name) VALUES ('a'), ('b'), ('c');
DELETE FROM customer WHERE id = 3;
-- (the SQL's lines but the not-null constraints' renames, which only
-- PostgreSQL 18 names)
SELECT upgrade, downgrade FROM schemamig.diff($$
  -- schemamig: renamed from customer
  CREATE TABLE client (id serial PRIMARY KEY, name text);$$, 'ag') \gset
SELECT line AS upgrade FROM regexp_split_to_table(:'upgrade', E'\n') WITH ORDINALITY AS l(line, n)
 WHERE line !~ '_not_null' ORDER BY n;
SELECT line AS downgrade FROM regexp_split_to_table(:'downgrade', E'\n') WITH ORDINALITY AS l(line, n)
 WHERE line !~ '_not_null' ORDER BY n;
BEGIN;
SELECT set_config('ag.upgrade', :'upgrade', true) IS NOT NULL AS set;
DO $$BEGIN EXECUTE current_setting('ag.upgrade'); END$$;
SELECT has_sequence_privilege('regress_agsr_app', 'client_id_seq', 'USAGE') AS app_may_use,
       nextval('client_id_seq') AS next_id;
ROLLBACK;
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP ROLE regress_agsr_app;
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
