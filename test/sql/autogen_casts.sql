-- autogenerate: a cast the model makes (between its types, or with its
-- function) is not written, so an expression of the model that uses it
-- is refused (0A000, naming it), as an operator's use is; before, the SQL
-- written failed when applied (42846, cannot cast). One the schema has
-- already serves.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA ag;
-- agr_cast(model): 'applied' (the upgrade applied to ag, rolled back), the
-- failure of applying it, or diff()'s refusal: SQLSTATE and message,
-- detail and hint
CREATE FUNCTION public.agr_cast(model text) RETURNS SETOF text LANGUAGE plpgsql AS $f$
DECLARE
    u text;
    msg text;
    detail text;
    hint text;
BEGIN
    BEGIN
        SELECT upgrade INTO u FROM schemamig.diff(model, 'ag');
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
        RETURN NEXT SQLSTATE || ': ' || msg;
        RETURN NEXT 'DETAIL: ' || detail;
        RETURN NEXT 'HINT: ' || hint;
        RETURN;
    END;
    BEGIN
        PERFORM set_config('search_path', 'ag, public', true);
        EXECUTE u;
        RAISE SQLSTATE 'AGRBK';
    EXCEPTION WHEN SQLSTATE 'AGRBK' THEN
        RETURN NEXT 'applied';
    WHEN OTHERS THEN
        RETURN NEXT 'applying it failed: ' || SQLSTATE || ': ' || SQLERRM;
    END;
END
$f$;
-- a view converting with a cast between the model's types, by its function
SELECT agr_cast('CREATE TYPE a AS (x int); CREATE TYPE b AS (y int);
  CREATE FUNCTION a2b(a) RETURNS b LANGUAGE sql IMMUTABLE AS ''SELECT ROW($1.x)::b'';
  CREATE CAST (a AS b) WITH FUNCTION a2b(a);
  CREATE VIEW v AS SELECT (ROW(1)::a)::b AS c');
-- WITH INOUT
SELECT agr_cast('CREATE TYPE a AS (x int); CREATE TYPE b AS (y int);
  CREATE CAST (a AS b) WITH INOUT;
  CREATE VIEW v AS SELECT (ROW(1)::a)::b AS c');
-- a default, with a function of the model between built-in types
SELECT agr_cast('CREATE FUNCTION i2p(int) RETURNS point LANGUAGE sql IMMUTABLE AS ''SELECT point($1, $1)'';
  CREATE CAST (int AS point) WITH FUNCTION i2p(int);
  CREATE TABLE t (i int, p point DEFAULT 3::point)');
-- a check, to an enum of the model
SELECT agr_cast('CREATE TYPE e AS ENUM (''x'');
  CREATE CAST (int AS e) WITH INOUT;
  CREATE TABLE t (i int CHECK (i::e IS NOT NULL))');
-- a cast the model makes and nothing uses: no refusal
SELECT agr_cast('CREATE TYPE e AS ENUM (''x'');
  CREATE CAST (int AS e) WITH INOUT;
  CREATE TABLE t (i int, f e)');
-- the schema has the cast already: it serves
CREATE TYPE ag.a AS (x int);
CREATE TYPE ag.b AS (y int);
CREATE CAST (ag.a AS ag.b) WITH INOUT;
SELECT agr_cast('CREATE TYPE a AS (x int); CREATE TYPE b AS (y int);
  CREATE CAST (a AS b) WITH INOUT;
  CREATE VIEW v AS SELECT (ROW(1)::a)::b AS c');
DROP CAST (ag.a AS ag.b);
DROP FUNCTION public.agr_cast;
DROP SCHEMA ag CASCADE;
DROP EXTENSION schemamig;
