-- autogenerate: a cast the model makes (between its types, or with its
-- function) is not written, so an expression of the model that uses it
-- is refused (0A000, naming it), as an operator's use is; before, the SQL
-- written failed when applied (42846, cannot cast). One the schema has
-- already serves.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA ag;
\i test/sql/ag_apply.inc
-- a view converting with a cast between the model's types, by its function
SELECT public.ag_apply('CREATE TYPE a AS (x int); CREATE TYPE b AS (y int);
  CREATE FUNCTION a2b(a) RETURNS b LANGUAGE sql IMMUTABLE AS ''SELECT ROW($1.x)::b'';
  CREATE CAST (a AS b) WITH FUNCTION a2b(a);
  CREATE VIEW v AS SELECT (ROW(1)::a)::b AS c');
-- WITH INOUT
SELECT public.ag_apply('CREATE TYPE a AS (x int); CREATE TYPE b AS (y int);
  CREATE CAST (a AS b) WITH INOUT;
  CREATE VIEW v AS SELECT (ROW(1)::a)::b AS c');
-- a default, with a function of the model between built-in types
SELECT public.ag_apply('CREATE FUNCTION i2p(int) RETURNS point LANGUAGE sql IMMUTABLE AS ''SELECT point($1, $1)'';
  CREATE CAST (int AS point) WITH FUNCTION i2p(int);
  CREATE TABLE t (i int, p point DEFAULT 3::point)');
-- a check, to an enum of the model
SELECT public.ag_apply('CREATE TYPE e AS ENUM (''x'');
  CREATE CAST (int AS e) WITH INOUT;
  CREATE TABLE t (i int CHECK (i::e IS NOT NULL))');
-- a cast the model makes and nothing uses: no refusal
SELECT public.ag_apply('CREATE TYPE e AS ENUM (''x'');
  CREATE CAST (int AS e) WITH INOUT;
  CREATE TABLE t (i int, f e)');
-- the schema has the cast already: it serves
CREATE TYPE ag.a AS (x int);
CREATE TYPE ag.b AS (y int);
CREATE CAST (ag.a AS ag.b) WITH INOUT;
SELECT public.ag_apply('CREATE TYPE a AS (x int); CREATE TYPE b AS (y int);
  CREATE CAST (a AS b) WITH INOUT;
  CREATE VIEW v AS SELECT (ROW(1)::a)::b AS c');
DROP CAST (ag.a AS ag.b);
DROP FUNCTION public.ag_apply;
DROP SCHEMA ag CASCADE;
DROP EXTENSION schemamig;
