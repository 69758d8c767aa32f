-- autogenerate: a model that adds or renames a value of an enum of the
-- schema it describes, which it does not make (ALTER TYPE public.e ADD
-- VALUE, RENAME VALUE), is refused (0A000), as a model that changes
-- another object there is: a pg_enum row records no dependency and takes
-- no lock, and the change was missing from the SQL without a word (the
-- upgrade came out empty).
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA agec;
CREATE TYPE agec.st AS ENUM ('draft', 'live');
CREATE TABLE agec.doc (id int PRIMARY KEY, s agec.st);
\set model 'CREATE TYPE st AS ENUM (''draft'', ''live''); CREATE TABLE doc (id int PRIMARY KEY, s st);'
-- the model as the schema is: no difference
SELECT upgrade = '' AS no_upgrade, downgrade = '' AS no_downgrade FROM schemamig.diff(:'model', 'agec');
\set VERBOSITY terse
-- a value added to, or renamed in, the schema's enum: refused
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TYPE agec.st ADD VALUE ''gone'';', 'agec');
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TYPE agec.st RENAME VALUE ''live'' TO ''published'';', 'agec');
SELECT upgrade FROM schemamig.diff(:'model' || ' DO $$BEGIN EXECUTE ''ALTER TYPE agec.st ADD VALUE ''''x'''' BEFORE ''''draft''''''; END$$;', 'agec');
-- nor does a rename of the schema by the model hide it
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TYPE agec.st ADD VALUE ''y''; ALTER SCHEMA agec RENAME TO agec_moved;', 'agec');
\set VERBOSITY default
-- the model's own enum may change as it likes
SELECT upgrade FROM schemamig.diff(:'model' || ' ALTER TYPE st ADD VALUE ''archived'';', 'agec');
-- another schema's enum is not the described schema's
CREATE SCHEMA agec_other;
CREATE TYPE agec_other.k AS ENUM ('a');
SELECT upgrade = '' AS no_upgrade FROM schemamig.diff(:'model' || ' ALTER TYPE agec_other.k ADD VALUE ''b'';', 'agec');
-- nothing stays
SELECT enum_range(NULL::agec.st)::text AS st, enum_range(NULL::agec_other.k)::text AS k;
DROP SCHEMA agec, agec_other CASCADE;
DROP EXTENSION schemamig;
