-- autogenerate: an extension installed in the schema a model describes (as
-- citext in public) is left alone, and the model finds its types,
-- functions and operators by their names after its own, as a revision
-- does: the schema comes after the scratch one on the model's path when no
-- role with fewer privileges than the caller's can have put code there.
-- Both readings print the extension's names unqualified, so a model that
-- matches the schema has no drift. It used to fail on the names, or, with
-- them qualified, rewrite every such column every time and compare citext
-- values as text.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA agx;
CREATE EXTENSION citext SCHEMA agx;
SET search_path = agx;
CREATE TABLE u (id int PRIMARY KEY, email citext NOT NULL UNIQUE,
                tags citext[] DEFAULT '{}', at int GENERATED ALWAYS AS (strpos(email, '@')) STORED);
CREATE VIEW u_emails AS SELECT email FROM u WHERE email = 'A@b.c';
RESET search_path;
\set model 'CREATE TABLE u (id int PRIMARY KEY, email citext NOT NULL UNIQUE, tags citext[] DEFAULT ''{}'', at int GENERATED ALWAYS AS (strpos(email, ''@'')) STORED); CREATE VIEW u_emails AS SELECT email FROM u WHERE email = ''A@b.c'';'

-- the same schema: no drift, either way; nor with the names qualified
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade FROM schemamig.diff(:'model', 'agx');
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade FROM schemamig.diff($$
  CREATE TABLE u (id int PRIMARY KEY, email agx.citext NOT NULL UNIQUE,
                  tags agx.citext[] DEFAULT '{}', at int GENERATED ALWAYS AS (agx.strpos(email, '@')) STORED);
  CREATE VIEW u_emails AS SELECT email FROM u WHERE email OPERATOR(agx.=) 'A@b.c';$$, 'agx');

-- a change: the extension's names unqualified, as the schema's own are
SELECT upgrade, downgrade FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext;', 'agx');

-- applied, it leaves no drift
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext;', 'agx') \gset
SET search_path = agx;
SELECT set_config('ag.upgrade', :'upgrade', false) IS NOT NULL AS set;
DO $$BEGIN EXECUTE current_setting('ag.upgrade'); END$$;
RESET search_path;
SELECT format_type(atttypid, atttypmod) AS nick FROM pg_attribute WHERE attrelid = 'agx.u'::regclass AND attname = 'nick';
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade
  FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext;', 'agx');

-- the extension's objects are not the model's: it makes none of them
SELECT upgrade ~ 'citext' AS names_citext FROM schemamig.diff('CREATE TABLE t (a int)', 'agx');

-- what is not an extension's, the model may not find there: it would be
-- missing from the model, and the SQL would drop it
\set VERBOSITY terse
SELECT upgrade FROM schemamig.diff('CREATE TABLE o (u int REFERENCES u)', 'agx');
SELECT upgrade FROM schemamig.diff('CREATE VIEW v AS SELECT email FROM u', 'agx');
SELECT upgrade FROM schemamig.diff('CREATE TABLE t (a int); ALTER TABLE u ADD COLUMN b int', 'agx');
SELECT upgrade FROM schemamig.diff('CREATE INDEX ON u (id)', 'agx');
-- what it makes there is made outside the scratch schema, not used
SELECT upgrade FROM schemamig.diff('CREATE TABLE agx.newt (id int)', 'agx');
SELECT upgrade FROM schemamig.diff('CREATE TABLE agx.newt (id int); INSERT INTO agx.newt VALUES (1)', 'agx');
-- nor read it, write it or copy its columns, which leaves no dependency
SELECT upgrade FROM schemamig.diff('CREATE TABLE t (LIKE u)', 'agx');
SELECT upgrade FROM schemamig.diff('CREATE TABLE t AS SELECT email FROM u', 'agx');
SELECT upgrade FROM schemamig.diff('CREATE TABLE t (a int); INSERT INTO t SELECT count(*) FROM u_emails', 'agx');
\set VERBOSITY default

-- an extension's table is the extension's: a foreign key may name it
CREATE TABLE agx.codes (code agx.citext PRIMARY KEY);
ALTER EXTENSION citext ADD TABLE agx.codes;
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext; CREATE TABLE c (code citext REFERENCES codes);', 'agx');
-- but not changed: an index, policy, check or trigger the model gives an
-- extension's table, or a check it gives an extension's domain, would be
-- missing from the SQL (it was left out without a word)
CREATE DOMAIN agx.code_dom AS agx.citext;
ALTER EXTENSION citext ADD DOMAIN agx.code_dom;
\set VERBOSITY terse
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE INDEX ON codes (code);', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE POLICY p ON codes USING (true);', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes ADD CHECK (code <> '''');', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE TRIGGER t BEFORE UPDATE ON codes FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER DOMAIN code_dom ADD CHECK (VALUE <> '''');', 'agx');
-- nor changed in a way that leaves no dependency (a column, a comment, a
-- grant, a name, a setting, a default, an extension's membership): each
-- was left out without a word
CREATE FUNCTION agx.code_fn(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper($1)';
CREATE SEQUENCE agx.code_seq;
CREATE VIEW agx.code_view AS SELECT code FROM agx.codes;
ALTER EXTENSION citext ADD FUNCTION agx.code_fn(text);
ALTER EXTENSION citext ADD SEQUENCE agx.code_seq;
ALTER EXTENSION citext ADD VIEW agx.code_view;
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes ADD COLUMN w int;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes ADD COLUMN w int; ALTER TABLE codes RENAME COLUMN w TO w2;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes RENAME COLUMN code TO c;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' COMMENT ON COLUMN codes.code IS ''x'';', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' GRANT SELECT ON codes TO PUBLIC;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes SET (fillfactor = 50);', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes ENABLE ROW LEVEL SECURITY;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes RENAME TO codes2;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER FUNCTION code_fn(text) RENAME TO code_fn2;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER FUNCTION code_fn(text) SET work_mem = ''1MB'';', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' COMMENT ON FUNCTION code_fn(text) IS ''x'';', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER DOMAIN code_dom SET DEFAULT ''x'';', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER SEQUENCE code_seq INCREMENT 5;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER EXTENSION citext DROP FUNCTION code_fn(text);', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes CLUSTER ON codes_pkey;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER INDEX codes_pkey SET (fillfactor = 50);', 'agx');
\set VERBOSITY default
-- changed and changed back is no change: the rows are as they were (it
-- used to be refused as a change)
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade FROM schemamig.diff(:'model' ||
  ' ALTER TABLE u ADD COLUMN nick citext; ALTER TABLE codes RENAME COLUMN code TO c; ALTER TABLE codes RENAME COLUMN c TO code;'
  ' ALTER FUNCTION code_fn(text) RENAME TO f2; ALTER FUNCTION f2(text) RENAME TO code_fn;'
  ' ALTER TABLE codes RENAME TO codes2; ALTER TABLE codes2 RENAME TO codes;', 'agx');
-- but a column renamed to another name and back to its own is still a change
\set VERBOSITY terse
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE codes RENAME COLUMN code TO c; ALTER TABLE codes RENAME COLUMN c TO code2;', 'agx');
-- nor made a member, nor made again under its name
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE TABLE t2 (a int); ALTER EXTENSION citext ADD TABLE t2;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE VIEW code_view AS SELECT code FROM codes WHERE true;', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE FUNCTION code_fn(text) RETURNS text LANGUAGE sql IMMUTABLE AS ''SELECT lower($1)'';', 'agx');
\set VERBOSITY default
SELECT upgrade FROM schemamig.diff(:'model' || ' CREATE TABLE codes (code text);', 'agx');
-- nor dropped or changed (DROP EXTENSION, also from a DO block, ALTER
-- EXTENSION ... SET SCHEMA): diff() writes nothing for an extension, so
-- the SQL would leave it there, and what the model made in place of its
-- objects (a type citext, a function citext(boolean)) would fail when
-- applied, or replace the extension's (CREATE OR REPLACE); refused (0A000)
\set ECHO none
\i test/sql/ag_refusal.inc
\set ECHO all
SELECT public.ag_refusal($$SELECT * FROM schemamig.diff('DROP EXTENSION citext CASCADE; CREATE TABLE t (a int);
  CREATE TYPE citext AS ENUM (''a'');', 'agx')$$);
SELECT public.ag_refusal($$SELECT * FROM schemamig.diff('DO ''BEGIN DROP EXTENSION citext CASCADE; END'';
  CREATE TABLE t (a int); CREATE FUNCTION citext(boolean) RETURNS int LANGUAGE sql AS ''SELECT 1'';', 'agx')$$);
SELECT public.ag_refusal($$SELECT * FROM schemamig.diff('ALTER EXTENSION citext SET SCHEMA public; CREATE TABLE t (a int);', 'agx')$$);
-- the extension is as it was
SELECT e.extname, n.nspname FROM pg_extension AS e JOIN pg_namespace AS n ON n.oid = e.extnamespace
 WHERE e.extname = 'citext';
DROP FUNCTION public.ag_refusal;
-- the schema's own table that the model drops is dropped, with the
-- triggers its foreign key has on the extension's table
CREATE TABLE agx.r (code agx.citext REFERENCES agx.codes);
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext; DROP TABLE agx.r;', 'agx');
DROP TABLE agx.r;
-- what uses it without changing it is no change: a foreign key to it, its
-- rows, its sequence's next value, its statistics, a view over its view
SELECT upgrade, downgrade FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext; CREATE TABLE c (code citext REFERENCES codes, n bigint DEFAULT nextval(''code_seq''), f text GENERATED ALWAYS AS (code_fn(code::text)) STORED); INSERT INTO codes VALUES (''A''); INSERT INTO c (code) VALUES (''a''); TRUNCATE codes CASCADE; ANALYZE codes;', 'agx');
SELECT upgrade ~ 'CREATE VIEW cv' AS made FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext; CREATE VIEW cv AS SELECT * FROM code_view;', 'agx');
-- a change to one of the schema's own tables is refused as one: this
-- model makes its own u, and changed the schema's by its qualified name
SELECT upgrade FROM schemamig.diff(:'model' || ' COMMENT ON TABLE agx.u IS ''users'';', 'agx');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TABLE agx.u RENAME COLUMN tags TO labels;', 'agx');
\set VERBOSITY terse
ALTER EXTENSION citext DROP VIEW agx.code_view;
DROP VIEW agx.code_view;
ALTER EXTENSION citext DROP SEQUENCE agx.code_seq;
DROP SEQUENCE agx.code_seq;
ALTER EXTENSION citext DROP FUNCTION agx.code_fn(text);
DROP FUNCTION agx.code_fn(text);
\set VERBOSITY default
ALTER EXTENSION citext DROP DOMAIN agx.code_dom;
DROP DOMAIN agx.code_dom;
ALTER EXTENSION citext DROP TABLE agx.codes;
DROP TABLE agx.codes;

-- a schema of the database's owner, as public is from PostgreSQL 15 on
-- (pg_database_owner owns it and may create there): that owner's
-- privileges are what count, a superuser's here, so the model finds the
-- extension's names there; it used to fail on them, as if anyone could
-- have put code there
ALTER SCHEMA agx OWNER TO pg_database_owner;
GRANT CREATE ON SCHEMA agx TO pg_database_owner;
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade
  FROM schemamig.diff(:'model' || ' ALTER TABLE u ADD COLUMN nick citext;', 'agx');
-- owned by a role with fewer privileges, the database's owner could have
-- put code there: the model names the extension's objects with the schema
CREATE ROLE regress_agx_dbowner;
DO $$BEGIN EXECUTE format('ALTER DATABASE %I OWNER TO regress_agx_dbowner', current_database()); END$$;
\set VERBOSITY terse
SELECT upgrade FROM schemamig.diff('CREATE TABLE t (a citext)', 'agx');
\set VERBOSITY default
SELECT upgrade ~ 'CREATE TABLE t' AS made FROM schemamig.diff('CREATE TABLE t (a agx.citext)', 'agx');
DO $$BEGIN EXECUTE format('ALTER DATABASE %I OWNER TO %I', current_database(), current_user); END$$;
DROP ROLE regress_agx_dbowner;
ALTER SCHEMA agx OWNER TO CURRENT_USER;

-- a role with fewer privileges that could have put code there keeps the
-- schema off the model's path: its function, a better match for the
-- model's call than the server's, would run with the caller's privileges
-- (ADD COLUMN evaluates a default it can store: rolled back with the
-- model, but whatever else it did as the caller was done); the model then
-- names the extension's objects with the schema, and finds the server's
-- lower()
CREATE ROLE regress_agx_dep;
GRANT USAGE, CREATE ON SCHEMA agx TO regress_agx_dep;
SET ROLE regress_agx_dep;
CREATE FUNCTION agx.lower(agx.citext) RETURNS text IMMUTABLE LANGUAGE plpgsql AS
  $$BEGIN RAISE WARNING 'planted function ran as superuser: %',
    (SELECT rolsuper FROM pg_roles WHERE rolname = current_user); RETURN 'planted'; END$$;
RESET ROLE;
\set VERBOSITY terse
SELECT upgrade FROM schemamig.diff('CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b text DEFAULT lower(''X''::citext)', 'agx');
\set VERBOSITY default
SELECT upgrade FROM schemamig.diff('CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN b text DEFAULT lower(''X''::agx.citext)', 'agx');

DROP SCHEMA agx CASCADE;
DROP ROLE regress_agx_dep;
DROP EXTENSION schemamig;
