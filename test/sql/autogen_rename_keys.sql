-- autogenerate: a primary key, unique constraint or foreign key whose
-- columns (or referenced table) a mark renames is kept, not dropped and
-- added again: the server renames them in the constraint, so rebuilding
-- the key's index and validating the foreign keys again is for nothing;
-- each pair checked both ways with ag_check, then the SQL
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('primary key column renamed, foreign key pointing at it',
  $$CREATE TABLE t (id int PRIMARY KEY, n text, UNIQUE (n) INCLUDE (id));
    CREATE TABLE r (o int REFERENCES t (id), k int, UNIQUE (o, k));$$,
  $$CREATE TABLE t (pk int PRIMARY KEY, -- schemamig: renamed from id
      n text, UNIQUE (n) INCLUDE (pk));
    CREATE TABLE r (
      "O o" int REFERENCES t (pk), -- schemamig: renamed from o
      k int, UNIQUE ("O o", k));$$,
  $$INSERT INTO t VALUES (1, 'a'); INSERT INTO r VALUES (1, 2)$$,
  $$SELECT count(*) FROM r JOIN t ON true$$);
SELECT * FROM ag_pair('referenced table renamed',
  $$CREATE TABLE customer (id int PRIMARY KEY);
    CREATE TABLE orders (c int REFERENCES customer ON DELETE CASCADE);$$,
  $$-- schemamig: renamed from customer
    CREATE TABLE client (id int PRIMARY KEY);
    CREATE TABLE orders (c int REFERENCES client ON DELETE CASCADE);$$,
  $$INSERT INTO customer VALUES (1); INSERT INTO orders VALUES (1)$$,
  $$SELECT count(*) FROM orders$$);

CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE t (id int PRIMARY KEY, n text, UNIQUE (n) INCLUDE (id));
CREATE TABLE r (o int REFERENCES t (id), k int, UNIQUE (o, k));
CREATE TABLE customer (id int PRIMARY KEY);
CREATE TABLE orders (c int REFERENCES customer ON DELETE CASCADE, x int REFERENCES t);
-- (without the renames of not-null constraints, which only 18 names)
CREATE FUNCTION public.no_not_null(sql text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(l, E'\n') FROM regexp_split_to_table(sql, E'\n') AS l
   WHERE l NOT LIKE '%not_null%'
$$;
SELECT public.no_not_null(upgrade) AS upgrade, public.no_not_null(downgrade) AS downgrade
  FROM schemamig.diff($$
  CREATE TABLE t (pk int PRIMARY KEY, -- schemamig: renamed from id
    n text, UNIQUE (n) INCLUDE (pk));
  CREATE TABLE r (p int REFERENCES t (pk), -- schemamig: renamed from o
    k int, UNIQUE (p, k));
  -- schemamig: renamed from customer
  CREATE TABLE client (id int PRIMARY KEY);
  CREATE TABLE orders (c int REFERENCES client ON DELETE CASCADE, x int REFERENCES t);$$, 'ag');
-- a mark that is not followed (both names there): the keys are compared
-- as they read
SELECT public.no_not_null(upgrade) AS upgrade FROM schemamig.diff($$
  CREATE TABLE t (id int, pk int PRIMARY KEY, -- schemamig: renamed from id
    n text, UNIQUE (n) INCLUDE (pk));
  CREATE TABLE r (o int REFERENCES t (pk), k int, UNIQUE (o, k));
  CREATE TABLE customer (id int PRIMARY KEY);
  CREATE TABLE orders (c int REFERENCES customer ON DELETE CASCADE, x int REFERENCES t);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;
DROP FUNCTION public.no_not_null;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
