-- autogenerate: the corpus of schema pairs. For each pair and each
-- direction, ag_check (see autogen_check.inc) asserts the property of
-- issue 9: from "before", diff()'s upgrade gives the catalog of "after"
-- built from scratch (a catalog query of its own), diff() is then empty,
-- the downgrade gives "before" back (catalog and fingerprint), diff() of a
-- schema against its own model is empty, and rows survive. No row: no
-- problem. The family files (autogen_tables, _types, _views, _routines)
-- hold more pairs and show the SQL; these are the hard cases together.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

CREATE TEMP TABLE corpus (label text PRIMARY KEY, before text, after text,
                          data text DEFAULT '', rows_before text DEFAULT 'SELECT 0',
                          rows_after text);

INSERT INTO corpus (label, before, after, data, rows_before, rows_after) VALUES
('column type under a dependent view',
 $$CREATE TABLE t (id int PRIMARY KEY, price int);
   CREATE VIEW dear AS SELECT id, price FROM t WHERE price > 100;$$,
 $$CREATE TABLE t (id int PRIMARY KEY, price numeric(10,2));
   CREATE VIEW dear AS SELECT id, price FROM t WHERE price > 100;$$,
 $$INSERT INTO t VALUES (1, 50), (2, 500)$$, $$SELECT string_agg(id::text, ',') FROM dear$$, NULL),
('foreign key cycle',
 $$CREATE TABLE keep (id int);$$,
 $$CREATE TABLE a (id int PRIMARY KEY, b_id int);
   CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a DEFERRABLE INITIALLY DEFERRED);
   ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b DEFERRABLE INITIALLY DEFERRED;
   CREATE TABLE keep (id int);$$,
 $$INSERT INTO keep VALUES (7)$$, $$SELECT string_agg(id::text, ',') FROM keep$$, NULL),
('enum value added in the middle',
 $$CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE job (s status DEFAULT 'new');$$,
 $$CREATE TYPE status AS ENUM ('new', 'running', 'done'); CREATE TABLE job (s status DEFAULT 'new');$$,
 $$INSERT INTO job VALUES ('done'), ('new')$$, $$SELECT string_agg(s::text, ',' ORDER BY s) FROM job$$, NULL),
('enum value removed while a column uses it',
 $$CREATE TYPE status AS ENUM ('new', 'legacy', 'done'); CREATE TABLE job (s status NOT NULL);$$,
 $$CREATE TYPE status AS ENUM ('new', 'done'); CREATE TABLE job (s status NOT NULL);$$,
 $$INSERT INTO job VALUES ('done')$$, $$SELECT string_agg(s::text, ',') FROM job$$, NULL),
('quoted mixed-case names and reserved words',
 $$CREATE TABLE "Order" ("select" int PRIMARY KEY, "from" text);$$,
 $$CREATE TABLE "Order" ("select" int PRIMARY KEY, "from" varchar(100) NOT NULL DEFAULT '', "Group" int);
   CREATE INDEX "Order by from" ON "Order" ("from") WHERE "select" > 0;
   CREATE TABLE "user" (id int REFERENCES "Order");
   COMMENT ON COLUMN "Order"."from" IS 'it''s quoted';$$,
 $$INSERT INTO "Order" VALUES (1, 'x')$$, $$SELECT string_agg("from", ',') FROM "Order"$$, NULL),
('function signature changes while a trigger uses it',
 $$CREATE TABLE t (a int, note text);
   CREATE FUNCTION fill() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.note := ''x''; RETURN NEW; END';
   CREATE TRIGGER t_fill BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION fill();$$,
 $$CREATE TABLE t (a int, note text);
   CREATE FUNCTION fill_note() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.note := ''y''; RETURN NEW; END';
   CREATE FUNCTION twice(n int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT n * 2';
   CREATE TRIGGER t_fill BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION fill_note();$$,
 $$INSERT INTO t (a) VALUES (1)$$, $$SELECT string_agg(note, ',') FROM t$$, NULL),
('rename with rows in the table',
 $$CREATE TABLE customer (id int PRIMARY KEY, mail text UNIQUE);
   CREATE TABLE purchase (id int, customer_id int REFERENCES customer);$$,
 $$-- schemamig: renamed from customer
   CREATE TABLE client (id int PRIMARY KEY,
     email text UNIQUE, -- schemamig: renamed from mail
     since date);
   CREATE TABLE purchase (id int, customer_id int REFERENCES client);$$,
 $$INSERT INTO customer VALUES (1, 'a@b'); INSERT INTO purchase VALUES (10, 1)$$,
 $$SELECT string_agg(c.mail || p.id, ',') FROM customer c JOIN purchase p ON p.customer_id = c.id$$,
 $$SELECT string_agg(c.email || p.id, ',') FROM client c JOIN purchase p ON p.customer_id = c.id$$),
('serial to identity with rows',
 $$CREATE TABLE t (id serial PRIMARY KEY, v text);$$,
 $$CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);$$,
 $$INSERT INTO t (v) VALUES ('a'), ('b'), ('c')$$, $$SELECT string_agg(id || v, ',' ORDER BY id) FROM t$$, NULL),
('a web application grows',
 $$CREATE TYPE system AS ENUM ('smtp', 'ses');
   CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE);
   CREATE TABLE environment (id serial PRIMARY KEY, name text NOT NULL);
   CREATE TABLE email_processor (id serial PRIMARY KEY, env_id int NOT NULL REFERENCES environment,
                                 system system NOT NULL DEFAULT 'smtp');$$,
 $$CREATE TYPE system AS ENUM ('smtp', 'ses', 'sendgrid');
   CREATE DOMAIN slug AS text CHECK (VALUE ~ '^[a-z0-9-]+$');
   CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
                       name text, created_at timestamptz NOT NULL DEFAULT now());
   CREATE TABLE environment (id serial PRIMARY KEY, name slug NOT NULL, owner_id bigint REFERENCES users ON DELETE SET NULL);
   CREATE TABLE identifier (id serial PRIMARY KEY, env_id int NOT NULL REFERENCES environment ON DELETE CASCADE,
                            value text NOT NULL, UNIQUE (env_id, value));
   CREATE TABLE email_processor (id serial PRIMARY KEY, env_id int NOT NULL REFERENCES environment,
                                 system system NOT NULL DEFAULT 'smtp', config jsonb NOT NULL DEFAULT '{}');
   CREATE TABLE page (id serial PRIMARY KEY, env_id int NOT NULL REFERENCES environment, path text NOT NULL,
                      body text, CHECK (path LIKE '/%'));
   CREATE INDEX page_env_path ON page (env_id, path);
   CREATE VIEW env_summary AS SELECT e.name, count(p.id) AS pages FROM environment e
     LEFT JOIN page p ON p.env_id = e.id GROUP BY e.name;
   COMMENT ON TABLE page IS 'published pages';$$,
 $$INSERT INTO environment (name) VALUES ('prod'); INSERT INTO email_processor (env_id) VALUES (1)$$,
 $$SELECT string_agg(e.name || p.system, ',') FROM environment e JOIN email_processor p ON p.env_id = e.id$$, NULL);

-- every pair, both ways: no row means no problem
SELECT c.label, p.problem
  FROM corpus c, LATERAL ag_pair(c.label, c.before, c.after, c.data, c.rows_before, c.rows_after) AS p(problem)
 ORDER BY c.label COLLATE "C";
-- (an empty upgrade between different catalogs is itself a problem row)
SELECT count(*) AS pairs FROM corpus;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
