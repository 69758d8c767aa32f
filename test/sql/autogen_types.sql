-- autogenerate: enum types; each pair checked both ways with ag_check
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

-- created and dropped, with a comment
SELECT * FROM ag_pair('enum created',
  $$CREATE TABLE t (id int);$$,
  $$CREATE TYPE mood AS ENUM ('sad', 'ok'); COMMENT ON TYPE mood IS 'how';
    CREATE TABLE t (id int, m mood DEFAULT 'ok');$$);

-- a value added at the end, at the start and in the middle (the downgrade
-- removes them: the type is made again and the column converted)
SELECT * FROM ag_pair('enum values added',
  $$CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (m mood DEFAULT 'ok');$$,
  $$CREATE TYPE mood AS ENUM ('awful', 'sad', 'meh', 'ok', 'happy');
    CREATE TABLE t (m mood DEFAULT 'ok');$$,
  $$INSERT INTO t VALUES ('sad'), ('ok')$$, $$SELECT string_agg(m::text, ',' ORDER BY m) FROM t$$);

-- a value removed while a column uses it (no row holds it), and a check
-- constraint and a partial index that name the type
SELECT * FROM ag_pair('enum value removed',
  $$CREATE TYPE st AS ENUM ('new', 'old', 'done');
    CREATE TABLE t (s st NOT NULL DEFAULT 'new' CHECK (s <> 'old'));
    CREATE INDEX t_done ON t (s) WHERE s = 'done';$$,
  $$CREATE TYPE st AS ENUM ('new', 'done');
    CREATE TABLE t (s st NOT NULL DEFAULT 'new' CHECK (s <> 'new'::st OR true));
    CREATE INDEX t_done ON t (s) WHERE s = 'done';$$,
  $$INSERT INTO t VALUES ('done'), ('new')$$, $$SELECT string_agg(s::text, ',' ORDER BY s::text) FROM t$$);

-- a value removed from an enum that a function takes and a view calls:
-- the function and the view are made again around the type
SELECT * FROM ag_pair('enum made again under a function',
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c');
    CREATE TABLE t (s st);
    CREATE FUNCTION is_a(x st) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$SELECT x = 'a'$f$;
    CREATE VIEW only_a AS SELECT s FROM t WHERE is_a(s);$$,
  $$CREATE TYPE st AS ENUM ('a', 'c');
    CREATE TABLE t (s st);
    CREATE FUNCTION is_a(x st) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$SELECT x = 'a'$f$;
    CREATE VIEW only_a AS SELECT s FROM t WHERE is_a(s);$$,
  $$INSERT INTO t VALUES ('a'), ('c')$$, $$SELECT string_agg(s::text, ',') FROM only_a$$);

-- arrays of types made again are converted too (USING a::text[]::type[]),
-- and a new table with such an array comes after its type
SELECT * FROM ag_pair('arrays of types made again',
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c'); CREATE DOMAIN code AS varchar(5);
    CREATE TABLE t (id int, s st[], c code[]);$$,
  $$CREATE TYPE st AS ENUM ('a', 'c'); CREATE DOMAIN code AS varchar(10);
    CREATE TABLE t (id int, s st[], c code[]);
    CREATE TABLE u (s st[] DEFAULT '{a}');$$,
  $$INSERT INTO t VALUES (1, '{a,c}', '{x,yz}'), (2, NULL, '{}')$$,
  $$SELECT string_agg(format('%s %s %s', id, s, c), ',' ORDER BY id) FROM t$$);

-- what is over a type made again is made again too, its old self dropped
-- first: a domain over it, a domain over that domain, a composite type
-- with an attribute of it; and a view, a BEGIN ATOMIC body, a policy and a
-- trigger's WHEN that cast to it are made again around it
SELECT p.* FROM (SELECT $$CREATE TYPE zmood AS ENUM (LABELS); CREATE DOMAIN amood AS zmood;
    CREATE DOMAIN bmood AS amood; CREATE TYPE apair AS (m zmood, n int);
    CREATE TABLE t (id int, a amood, b bmood, p apair);
    CREATE VIEW v AS SELECT 'a'::zmood AS x;
    CREATE FUNCTION f() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'c'::zmood::text; END;
    ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING ('a'::zmood IS NOT NULL);
    CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN ('b'::zmood IS NOT NULL) EXECUTE FUNCTION tf();$$ AS m) AS s,
  ag_pair('types over a type made again',
          replace(m, 'LABELS', $$'a', 'b', 'c'$$), replace(m, 'LABELS', $$'c', 'a', 'b'$$),
          $$INSERT INTO t VALUES (1, 'a', 'c', ('b', 2)), (2, 'c', 'a', NULL)$$,
          $$SELECT string_agg(format('%s %s %s %s', id, a, b, p), ',' ORDER BY id) || (SELECT x FROM v) || f() FROM t$$) AS p;
-- the same with names that must be quoted, a domain over arrays of the
-- type (made after it), and casts after a word (NULL::type)
SELECT * FROM ag_pair('quoted names, arrays, casts after a word',
  $$CREATE TYPE "Kind" AS ENUM ('a', 'b'); CREATE DOMAIN "dom K" AS "Kind"[];
    CREATE TABLE t (d "dom K", e "Kind");
    CREATE VIEW v AS SELECT NULL::"dom K" AS z, NULL::"Kind" AS y;$$,
  $$CREATE TYPE "Kind" AS ENUM ('b', 'a'); CREATE DOMAIN "dom K" AS "Kind"[];
    CREATE TABLE t (d "dom K", e "Kind");
    CREATE VIEW v AS SELECT NULL::"dom K" AS z, NULL::"Kind" AS y;$$,
  $$INSERT INTO t VALUES ('{a,b}', 'b')$$, $$SELECT string_agg(format('%s %s', d, e), ',') FROM t$$);
-- casts to a type made again from where no column of it is: a table's
-- check and default, a domain's check (the domain is made again too)
SELECT * FROM ag_pair('casts to a type made again elsewhere',
  $$CREATE TYPE st AS ENUM ('a', 'b', 'c');
    CREATE DOMAIN code AS text CHECK (VALUE <> 'b'::st::text);
    CREATE TABLE t (id int, s text DEFAULT 'a'::st::text CHECK (s <> 'c'::st::text), c code);$$,
  $$CREATE TYPE st AS ENUM ('c', 'a', 'b');
    CREATE DOMAIN code AS text CHECK (VALUE <> 'b'::st::text);
    CREATE TABLE t (id int, s text DEFAULT 'a'::st::text CHECK (s <> 'c'::st::text), c code);$$,
  $$INSERT INTO t (id, c) VALUES (1, 'x')$$, $$SELECT string_agg(format('%s %s %s', id, s, c), ',') FROM t$$);
SELECT * FROM ag_pair('domain over a domain made again',
  $$CREATE DOMAIN d1 AS int; CREATE DOMAIN d2 AS d1 CHECK (VALUE > 0); CREATE TABLE t (a d2, b d1[]);$$,
  $$CREATE DOMAIN d1 AS bigint; CREATE DOMAIN d2 AS d1 CHECK (VALUE > 0); CREATE TABLE t (a d2, b d1[]);$$,
  $$INSERT INTO t VALUES (5, '{1,2}')$$, $$SELECT string_agg(format('%s %s', a, b), ',') FROM t$$);

-- values reordered
SELECT * FROM ag_pair('enum reordered',
  $$CREATE TYPE p AS ENUM ('low', 'high'); CREATE TABLE t (p p);$$,
  $$CREATE TYPE p AS ENUM ('high', 'low'); CREATE TABLE t (p p);$$,
  $$INSERT INTO t VALUES ('low')$$, $$SELECT string_agg(p::text, ',') FROM t$$);

-- a value that the same revision adds and uses: ADD VALUE cannot be used
-- in the transaction that adds it, so the type is made again
SELECT * FROM ag_pair('enum value added and used',
  $$CREATE TYPE st AS ENUM ('a'); CREATE TABLE t (s st DEFAULT 'a');$$,
  $$CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE t (s st DEFAULT 'b');$$);

-- a type made again while the schema has types of its temporary name (an
-- enum, a table's row type): another name is taken
SELECT * FROM ag_pair('type made again, its temporary name taken',
  $$CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TYPE mood_schemamig_old AS ENUM ('z');
    CREATE TABLE mood_schemamig_old1 (m mood);
    CREATE DOMAIN code AS varchar(5); CREATE TABLE code_schemamig_old (c code);$$,
  $$CREATE TYPE mood AS ENUM ('b', 'a'); CREATE TYPE mood_schemamig_old AS ENUM ('z');
    CREATE TABLE mood_schemamig_old1 (m mood);
    CREATE DOMAIN code AS varchar(10); CREATE TABLE code_schemamig_old (c code);$$,
  $$INSERT INTO mood_schemamig_old1 VALUES ('a'); INSERT INTO code_schemamig_old VALUES ('abc')$$,
  $$SELECT (SELECT string_agg(m::text, ',') FROM mood_schemamig_old1) || (SELECT string_agg(c, ',') FROM code_schemamig_old)$$);

-- domains: created, dropped; default, NOT NULL, check constraints changed
SELECT * FROM ag_pair('domains',
  $$CREATE DOMAIN gone AS int;
    CREATE DOMAIN posint AS int CHECK (VALUE > 0);
    CREATE TABLE t (n posint);$$,
  $$CREATE DOMAIN posint AS int DEFAULT 1 NOT NULL CONSTRAINT small CHECK (VALUE < 1000)
      CONSTRAINT posint_check CHECK (VALUE >= 0);
    CREATE DOMAIN "Email" AS text COLLATE "C" CHECK (VALUE LIKE '%@%');
    COMMENT ON DOMAIN posint IS 'small';
    CREATE TABLE t (n posint, e "Email");$$,
  $$INSERT INTO t VALUES (5)$$, $$SELECT string_agg(n::text, ',') FROM t$$);

-- comments on a domain's checks: set, changed, dropped; on a check added,
-- on a new domain's, and on a domain made again (over another base type)
SELECT * FROM ag_pair('domain check comments',
  $$CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 100)
      CONSTRAINT odd CHECK (VALUE % 2 = 1);
    COMMENT ON CONSTRAINT small ON DOMAIN d IS 'under a hundred';
    COMMENT ON CONSTRAINT odd ON DOMAIN d IS 'odd';
    CREATE DOMAIN r AS int CONSTRAINT r_pos CHECK (VALUE > 0);
    COMMENT ON CONSTRAINT r_pos ON DOMAIN r IS 'positive';
    CREATE TABLE t (a d, b r);$$,
  $$CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0) CONSTRAINT small CHECK (VALUE < 100)
      CONSTRAINT odd CHECK (VALUE % 2 = 1) CONSTRAINT big CHECK (VALUE > -5);
    COMMENT ON CONSTRAINT pos ON DOMAIN d IS 'positive';
    COMMENT ON CONSTRAINT small ON DOMAIN d IS 'below 100';
    COMMENT ON CONSTRAINT big ON DOMAIN d IS 'added';
    CREATE DOMAIN r AS bigint CONSTRAINT r_pos CHECK (VALUE > 0);
    COMMENT ON CONSTRAINT r_pos ON DOMAIN r IS 'positive';
    CREATE DOMAIN fresh AS text CONSTRAINT short CHECK (length(VALUE) < 5);
    COMMENT ON CONSTRAINT short ON DOMAIN fresh IS 'short';
    CREATE TABLE t (a d, b r);$$,
  $$INSERT INTO t VALUES (3, 4)$$, $$SELECT string_agg(a || ',' || b, ';') FROM t$$);

-- a domain that a column holds in an array or a composite type (or that a
-- domain over it is held in) gains a constraint: the server cannot check it
-- there (ALTER DOMAIN ... ADD CONSTRAINT fails), so the domain is made
-- again and what holds it converted; a column of the domain itself keeps
-- ALTER DOMAIN
SELECT * FROM ag_pair('domain held in containers gains constraints',
  $$CREATE DOMAIN pos AS int; CREATE DOMAIN nn AS int; CREATE DOMAIN inner_d AS int;
    CREATE DOMAIN outer_d AS inner_d; CREATE DOMAIN code AS text;
    CREATE TYPE pair AS (a int, b nn);
    CREATE TABLE t (xs pos[], p pair, o outer_d[], c code);$$,
  $$CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE DOMAIN nn AS int NOT NULL;
    CREATE DOMAIN inner_d AS int CHECK (VALUE < 100); CREATE DOMAIN outer_d AS inner_d;
    CREATE DOMAIN code AS text NOT NULL CHECK (VALUE <> '');
    CREATE TYPE pair AS (a int, b nn);
    CREATE TABLE t (xs pos[], p pair, o outer_d[], c code);$$,
  $$INSERT INTO t VALUES ('{1,2}', '(3,4)', '{5}', 'x')$$,
  $$SELECT string_agg(format('%s %s %s %s', xs, p, o, c), ',') FROM t$$);
-- so does a materialized view's column: its data is stored
SELECT * FROM ag_pair('domain held in a materialized view gains constraints',
  $$CREATE DOMAIN pos AS int; CREATE DOMAIN nn AS int; CREATE TYPE pr AS (a nn);
    CREATE MATERIALIZED VIEW mv AS SELECT ARRAY[1::pos] AS xs, ROW(2)::pr AS p;$$,
  $$CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE DOMAIN nn AS int NOT NULL; CREATE TYPE pr AS (a nn);
    CREATE MATERIALIZED VIEW mv AS SELECT ARRAY[1::pos] AS xs, ROW(2)::pr AS p;$$,
  '', $$SELECT string_agg(format('%s %s', xs, p), ',') FROM mv$$);
-- and so does an expression that uses a container of the domain (a view's
-- query, a check constraint, a default, a policy, a trigger's WHEN, a SQL
-- body, another domain's check): the server refuses there too
SELECT * FROM ag_pair('domain held by expressions gains constraints',
  $$CREATE DOMAIN d1 AS int; CREATE TYPE p1 AS (a d1); CREATE VIEW v1 AS SELECT NULL::p1 AS c;
    CREATE DOMAIN d2 AS int; CREATE TYPE p2 AS (a d2); CREATE TABLE t2 (x int CHECK ((ROW(x)::p2) IS NOT NULL));
    CREATE DOMAIN d3 AS int; CREATE TYPE p3 AS (a d3); CREATE TABLE t3 (x text DEFAULT (NULL::p3)::text);
    CREATE DOMAIN d4 AS int; CREATE TYPE p4 AS (a d4); CREATE TABLE t4 (x int);
    CREATE POLICY pol ON t4 USING ((NULL::p4) IS NULL);
    CREATE DOMAIN d5 AS int; CREATE TYPE p5 AS (a d5); CREATE TABLE t5 (x int);
    CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER tg BEFORE INSERT ON t5 FOR EACH ROW WHEN ((NULL::p5) IS NULL) EXECUTE FUNCTION tf();
    CREATE DOMAIN d6 AS int; CREATE TYPE p6 AS (a d6);
    CREATE FUNCTION g6() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT (NULL::p6)::text; END;
    CREATE DOMAIN d7 AS int; CREATE TYPE p7 AS (a d7); CREATE DOMAIN e7 AS int CHECK ((NULL::p7) IS NULL);
    CREATE DOMAIN d8 AS int; CREATE VIEW v8 AS SELECT NULL::d8[] AS c;$$,
  $$CREATE DOMAIN d1 AS int CHECK (VALUE > 0); CREATE TYPE p1 AS (a d1); CREATE VIEW v1 AS SELECT NULL::p1 AS c;
    CREATE DOMAIN d2 AS int CHECK (VALUE > 0); CREATE TYPE p2 AS (a d2); CREATE TABLE t2 (x int CHECK ((ROW(x)::p2) IS NOT NULL));
    CREATE DOMAIN d3 AS int CHECK (VALUE > 0); CREATE TYPE p3 AS (a d3); CREATE TABLE t3 (x text DEFAULT (NULL::p3)::text);
    CREATE DOMAIN d4 AS int CHECK (VALUE > 0); CREATE TYPE p4 AS (a d4); CREATE TABLE t4 (x int);
    CREATE POLICY pol ON t4 USING ((NULL::p4) IS NULL);
    CREATE DOMAIN d5 AS int CHECK (VALUE > 0); CREATE TYPE p5 AS (a d5); CREATE TABLE t5 (x int);
    CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TRIGGER tg BEFORE INSERT ON t5 FOR EACH ROW WHEN ((NULL::p5) IS NULL) EXECUTE FUNCTION tf();
    CREATE DOMAIN d6 AS int CHECK (VALUE > 0); CREATE TYPE p6 AS (a d6);
    CREATE FUNCTION g6() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT (NULL::p6)::text; END;
    CREATE DOMAIN d7 AS int CHECK (VALUE > 0); CREATE TYPE p7 AS (a d7); CREATE DOMAIN e7 AS int CHECK ((NULL::p7) IS NULL);
    CREATE DOMAIN d8 AS int NOT NULL; CREATE VIEW v8 AS SELECT NULL::d8[] AS c;$$,
  $$INSERT INTO t2 VALUES (1)$$, $$SELECT string_agg(x::text, ',') FROM t2$$);
-- a domain over an array of the domain holds it too
SELECT * FROM ag_pair('domain over an array of a domain gains a constraint',
  $$CREATE DOMAIN pos AS int; CREATE DOMAIN posarr AS pos[]; CREATE TABLE t (c posarr);$$,
  $$CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE DOMAIN posarr AS pos[]; CREATE TABLE t (c posarr);$$,
  $$INSERT INTO t VALUES ('{1,2}')$$, $$SELECT string_agg(c::text, ',') FROM t$$);
-- types that go are dropped after what goes over them, whatever their names
SELECT * FROM ag_pair('types that go, over each other',
  $$CREATE DOMAIN d1 AS int; CREATE DOMAIN d2 AS d1; CREATE DOMAIN a3 AS d2[];
    CREATE TYPE e AS ENUM ('x'); CREATE TYPE b_c AS (v e, w a3); CREATE TABLE t (x int);$$,
  $$CREATE TABLE t (x int);$$);
-- a schema type named in a composite type's attribute with a COLLATE
-- clause is the same type: held there, made before and dropped after the
-- composite type, and it makes the composite type again when it is
SELECT * FROM ag_pair('domain held under an attribute with a collation',
  $$CREATE DOMAIN code AS text; CREATE TYPE pr AS (c code COLLATE "C"); CREATE TABLE t (p pr);$$,
  $$CREATE DOMAIN code AS text CHECK (VALUE <> ''); CREATE TYPE pr AS (c code COLLATE "C");
    CREATE TABLE t (p pr);$$,
  $$INSERT INTO t VALUES (ROW('x'))$$, $$SELECT string_agg(p::text, ',') FROM t$$);
SELECT * FROM ag_pair('domain made again under an attribute with a collation',
  $$CREATE DOMAIN tag AS varchar(5); CREATE TYPE pr AS (g tag COLLATE "C"); CREATE TABLE t (p pr);$$,
  $$CREATE DOMAIN tag AS varchar(10); CREATE TYPE pr AS (g tag COLLATE "C"); CREATE TABLE t (p pr);$$,
  $$INSERT INTO t VALUES (ROW('y'))$$, $$SELECT string_agg(p::text, ',') FROM t$$);
SELECT * FROM ag_pair('types that come and go under attributes with a collation',
  $$CREATE TABLE t (x int);$$,
  $$CREATE DOMAIN m_code AS text;
    CREATE TYPE a_pr AS (c m_code COLLATE "C"); CREATE TYPE z_pr AS (c m_code[] COLLATE "C");
    CREATE TABLE t (x int);$$);
-- an attribute added to a composite type comes after a type it is of that
-- is made again, whatever their names
SELECT * FROM ag_pair('attribute added of a type made again',
  $$CREATE DOMAIN zc AS varchar(5); CREATE TYPE pr AS (a int); CREATE TABLE t (c zc, p pr);$$,
  $$CREATE DOMAIN zc AS varchar(10); CREATE TYPE pr AS (a int, b zc); CREATE TABLE t (c zc, p pr);$$,
  $$INSERT INTO t VALUES ('abc', ROW(1))$$, $$SELECT string_agg(format('%s %s', c, (p).a), ',') FROM t$$);
-- attributes added in the model's order, though one is of a new type
-- whose name sorts after the composite type's
SELECT * FROM ag_pair('attributes added in order',
  $$CREATE TYPE pr AS (a int); CREATE TABLE t (p pr);$$,
  $$CREATE DOMAIN zd AS text; CREATE TYPE pr AS (a int, b zd, c int, d int); CREATE TABLE t (p pr);$$,
  $$INSERT INTO t VALUES (ROW(1))$$, $$SELECT string_agg(format('%s', (p).a), ',') FROM t$$);
CREATE SCHEMA held;
CREATE DOMAIN held.pos AS int;
CREATE DOMAIN held.code AS text;
CREATE TABLE held.t (xs held.pos[], c held.code);
\a
\t
SELECT upgrade FROM schemamig.diff($$CREATE DOMAIN pos AS int CHECK (VALUE > 0);
  CREATE DOMAIN code AS text CHECK (VALUE <> '');
  CREATE TABLE t (xs pos[], c code);$$, 'held');
\a
\t
DROP SCHEMA held CASCADE;

-- a type made again whose old self is over a type that goes: the old self
-- is dropped first
SELECT * FROM ag_pair('old selves dropped before the types they are over',
  $$CREATE DOMAIN k AS text; CREATE TYPE p AS (a int, b k);
    CREATE TYPE c AS (f int); CREATE DOMAIN d AS c; CREATE TABLE t (x int);$$,
  $$CREATE TYPE p AS (z int, a int); CREATE DOMAIN d AS date; CREATE TABLE t (x int);$$);

-- a column that changes from one enum, composite type or domain over
-- them to another of the same kind is converted through text, arrays too
SELECT * FROM ag_pair('conversions through text',
  $$CREATE TYPE e1 AS ENUM ('a', 'b'); CREATE TYPE e2 AS ENUM ('b', 'a', 'c');
    CREATE DOMAIN d1 AS e1; CREATE TYPE p1 AS (x int, y text); CREATE TYPE p2 AS (x bigint, y text);
    CREATE TYPE r1 AS RANGE (subtype = int4); CREATE TYPE r2 AS RANGE (subtype = int8);
    CREATE TABLE t (c e1, cs e1[], d d1, p p1, q text, r r1);$$,
  $$CREATE TYPE e1 AS ENUM ('a', 'b'); CREATE TYPE e2 AS ENUM ('b', 'a', 'c');
    CREATE DOMAIN d1 AS e1; CREATE TYPE p1 AS (x int, y text); CREATE TYPE p2 AS (x bigint, y text);
    CREATE TYPE r1 AS RANGE (subtype = int4); CREATE TYPE r2 AS RANGE (subtype = int8);
    CREATE TABLE t (c e2, cs e2[], d e2, p p2, q e1[], r r2);$$,
  $$INSERT INTO t VALUES ('a', '{b,a}', 'b', ROW(1, 'y'), '{a}', '[1,5)')$$,
  $$SELECT string_agg(format('%s %s %s %s %s %s', c, cs, d, p, q, r), ',') FROM t$$);
-- a column moving between composite types through text while one of them
-- gains or loses attributes in place: converted when the value's fields
-- and the target's attributes agree in number
SELECT * FROM ag_pair('composite conversions around attribute changes',
  $$CREATE TYPE s1 AS (f0 numeric); CREATE TYPE k1 AS (f0 numeric);
    CREATE TYPE s2 AS (f0 numeric, g int); CREATE TYPE k2 AS (f0 numeric, g int);
    CREATE TYPE s3 AS (f0 numeric); CREATE TYPE k3 AS (f0 numeric);
    CREATE TABLE t (a s1, b s2, c s3);$$,
  $$CREATE TYPE s1 AS (f0 numeric, g int); CREATE TYPE k1 AS (f0 numeric);
    CREATE TYPE s2 AS (f0 numeric); CREATE TYPE k2 AS (f0 numeric, g int);
    CREATE TYPE s3 AS (f0 numeric); CREATE TYPE k3 AS (f0 numeric, g int);
    CREATE TABLE t (a k1, b k2, c k3);$$,
  $$INSERT INTO t VALUES ('(5)', '(6,7)', '(8)')$$,
  $$SELECT string_agg(format('%s %s %s', (a).f0, (b).f0, (c).f0), ',') FROM t$$);
-- a column that moves between a type made again and a domain over it
-- holds values of the old self: through text too
SELECT * FROM ag_pair('a type made again and a domain over it',
  $$CREATE TYPE e AS ENUM ('a', 'b'); CREATE TYPE p AS (x int, y int); CREATE DOMAIN dp AS p;
    CREATE TABLE t (c e, q dp);$$,
  $$CREATE TYPE e AS ENUM ('b', 'a'); CREATE DOMAIN d AS e; CREATE TYPE p AS (x int, y bigint);
    CREATE DOMAIN dp AS p; CREATE TABLE t (c d, q p);$$,
  $$INSERT INTO t VALUES ('a', ROW(1, 2))$$, $$SELECT string_agg(format('%s %s %s', c, (q).x, (q).y), ',') FROM t$$);
-- a type that keeps its name and changes kind while columns hold it: the
-- new one is made, the columns converted, the old one dropped
SELECT * FROM ag_pair('a type that changes kind',
  $$CREATE DOMAIN st AS text; CREATE TABLE t (s st, ss st[] DEFAULT '{on}');$$,
  $$CREATE TYPE st AS ENUM ('on', 'off'); CREATE TABLE t (s st, ss st[] DEFAULT '{on}');$$,
  $$INSERT INTO t VALUES ('off', '{on,off}')$$, $$SELECT string_agg(format('%s %s', s, ss), ',') FROM t$$);

-- a domain whose base type changes: made again, its columns converted
SELECT * FROM ag_pair('domain base type',
  $$CREATE DOMAIN code AS varchar(5); CREATE TABLE t (c code);$$,
  $$CREATE DOMAIN code AS varchar(10); CREATE TABLE t (c code);$$,
  $$INSERT INTO t VALUES ('abc')$$, $$SELECT string_agg(c, ',') FROM t$$);

-- composite types: created, dropped, an attribute added and one dropped;
-- an attribute's type changes: made again
SELECT * FROM ag_pair('composite types',
  $$CREATE TYPE gone AS (a int);
    CREATE TYPE pair AS (x int, y int, z int);
    CREATE TYPE money2 AS (amount int, cur text);
    CREATE TABLE t (p pair, m money2);$$,
  $$CREATE TYPE pair AS (x int, z int, w text COLLATE "C");
    CREATE TYPE money2 AS (amount numeric, cur text);
    CREATE TYPE "Point3" AS (x float8, y float8, z float8);
    COMMENT ON TYPE pair IS 'two or three';
    CREATE TABLE t (p pair, m money2, q "Point3");$$,
  $$INSERT INTO t VALUES ((1, 2, 3), (5, 'EUR'))$$,
  $$SELECT string_agg(format('%s %s %s', (p).x, (m).amount, (m).cur), ',') FROM t$$);

-- a composite type made again converts its columns by attribute name: an
-- attribute dropped or added before the last, or the attributes reordered,
-- keep each value in its attribute (read by position, the text would fail
-- or swap them), and a NULL stays NULL
SELECT * FROM ag_pair('composite attributes by name',
  $$CREATE TYPE pt AS (x int, z text, y int); CREATE TABLE t (id int, p pt);$$,
  $$CREATE TYPE pt AS (y int, x int); CREATE TABLE t (id int, p pt);$$,
  $$INSERT INTO t VALUES (1, ROW(1, 'q', 2)), (2, NULL), (3, ROW(NULL, NULL, NULL))$$,
  $$SELECT string_agg(format('%s %s %s %s', id, (p).x, (p).y, p IS NOT DISTINCT FROM NULL), ',' ORDER BY id) FROM t$$);

-- arrays of it, a domain over it, or an attribute of another composite
-- type go through their text, by position: a change of the attributes'
-- order or number is refused (0A000) rather than move values
CREATE SCHEMA agt_pos;
CREATE TYPE agt_pos.pt AS (x int, y int);
CREATE TABLE agt_pos.t (a agt_pos.pt[]);
\set VERBOSITY default
SELECT * FROM schemamig.diff('CREATE TYPE pt AS (y int, x int); CREATE TABLE t (a pt[])', 'agt_pos');
\set VERBOSITY terse
DROP TABLE agt_pos.t;
CREATE DOMAIN agt_pos.dpt AS agt_pos.pt;
CREATE TABLE agt_pos.t (d agt_pos.dpt);
SELECT * FROM schemamig.diff('CREATE TYPE pt AS (y int, x int); CREATE DOMAIN dpt AS pt; CREATE TABLE t (d dpt)', 'agt_pos');
DROP TABLE agt_pos.t;
DROP DOMAIN agt_pos.dpt;
CREATE TYPE agt_pos.outer_t AS (i agt_pos.pt, n int);
CREATE TABLE agt_pos.t (o agt_pos.outer_t);
SELECT * FROM schemamig.diff('CREATE TYPE pt AS (y int, x int); CREATE TYPE outer_t AS (i pt, n int); CREATE TABLE t (o outer_t)', 'agt_pos');
-- an attribute's type changing, the order kept, still converts
SELECT count(*) AS one_row FROM schemamig.diff('CREATE TYPE pt AS (x bigint, y int); CREATE TYPE outer_t AS (i pt, n int); CREATE TABLE t (o outer_t)', 'agt_pos');
DROP SCHEMA agt_pos CASCADE;

-- the SQL, both ways
\a
\t
CREATE SCHEMA shown;
CREATE TYPE shown.mood AS ENUM ('sad', 'ok');
CREATE TABLE shown.t (m shown.mood DEFAULT 'ok');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE mood AS ENUM ('awful', 'sad', 'meh', 'ok', 'happy');
  CREATE TABLE t (m mood DEFAULT 'ok');$$, 'shown');
SELECT downgrade FROM schemamig.diff($$
  CREATE TYPE mood AS ENUM ('awful', 'sad', 'meh', 'ok', 'happy');
  CREATE TABLE t (m mood DEFAULT 'ok');$$, 'shown');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE TABLE t (m mood DEFAULT 'happy');$$, 'shown');
DROP SCHEMA shown CASCADE;
\a
\t

-- fingerprint: independent of enum sort-order numbers (a type created with
-- its values and one whose values were added one by one)
CREATE SCHEMA f1;
CREATE SCHEMA f2;
CREATE TYPE f1.e AS ENUM ('a', 'b', 'c');
CREATE TYPE f2.e AS ENUM ('c');
ALTER TYPE f2.e ADD VALUE 'a' BEFORE 'c';
ALTER TYPE f2.e ADD VALUE 'b' AFTER 'a';
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_enum;
ALTER TYPE f2.e ADD VALUE 'd';
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_after_add;
DROP SCHEMA f1, f2 CASCADE;
-- and of a not-null constraint's name, where the server names them (a
-- domain's from 17, a column's from 18), when it is not the server's choice
CREATE SCHEMA f1;
CREATE SCHEMA f2;
CREATE SCHEMA f3;
CREATE DOMAIN f1.d AS int NOT NULL;
CREATE DOMAIN f2.d AS int CONSTRAINT d_not_null NOT NULL;
CREATE DOMAIN f3.d AS int CONSTRAINT d_set NOT NULL;
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_chosen,
       (schemamig.fingerprint('f1') = schemamig.fingerprint('f3')) =
       (current_setting('server_version_num')::int < 170000) AS domain_as_named;
DROP DOMAIN f1.d, f2.d, f3.d;
CREATE TABLE f1.t (a int NOT NULL);
CREATE TABLE f2.t (a int CONSTRAINT t_a_not_null NOT NULL);
CREATE TABLE f3.t (a int CONSTRAINT a_set NOT NULL);
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_chosen,
       (schemamig.fingerprint('f1') = schemamig.fingerprint('f3')) =
       (current_setting('server_version_num')::int < 180000) AS column_as_named;
DROP SCHEMA f1, f2, f3 CASCADE;
-- but not of whether a trigger fires (DISABLE, ENABLE ALWAYS), which diff()
-- compares
CREATE SCHEMA f1;
CREATE SCHEMA f2;
CREATE FUNCTION f1.tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE FUNCTION f2.tf() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TABLE f1.t (a int);
CREATE TABLE f2.t (a int);
CREATE TRIGGER g BEFORE INSERT ON f1.t FOR EACH ROW EXECUTE FUNCTION f1.tf();
CREATE TRIGGER g BEFORE INSERT ON f2.t FOR EACH ROW EXECUTE FUNCTION f2.tf();
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_trigger;
ALTER TABLE f2.t DISABLE TRIGGER g;
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_disabled;
ALTER TABLE f2.t ENABLE ALWAYS TRIGGER g;
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_always;
ALTER TABLE f2.t ENABLE TRIGGER g;
SELECT schemamig.fingerprint('f1') = schemamig.fingerprint('f2') AS same_enabled_again;
DROP SCHEMA f1, f2 CASCADE;

-- a table's row type held by another table's column (an array of it too)
-- or by a composite type's attribute: that table is made first and dropped
-- last (before, CREATE TABLE a (z zt, ...) came first, by name, and failed,
-- 42704, and the downgrade's DROP TABLE zt came before the drops of a and
-- of ac, which hold its row type, and failed, 2BP01)
SELECT * FROM ag_pair('row type of a table',
  $$CREATE TABLE t (id int);$$,
  $$CREATE TABLE t (id int); CREATE TABLE zt (i int); CREATE TABLE a (z zt, zs zt[]);
    CREATE TYPE ac AS (z zt, n int);$$);
SELECT * FROM ag_pair('row type of a table, dropped first',
  $$CREATE TABLE t (id int); CREATE TABLE zt (i int); CREATE TABLE a (z zt, zs zt[]);
    CREATE TYPE ac AS (z zt, n int);$$,
  $$CREATE TABLE t (id int);$$);
DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
