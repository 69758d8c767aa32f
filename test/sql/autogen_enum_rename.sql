-- autogenerate: "-- schemamig: renamed from 'old'" on the line of an
-- enum's value renames the value (ALTER TYPE ... RENAME VALUE, both ways):
-- the rows keep it. Without the mark the type is made again and a row of
-- the old value cannot convert (22P02). Each pair checked both ways with
-- ag_check (see autogen_check.inc).
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('value renamed',
  $$CREATE TYPE st AS ENUM ('draft', 'live');
    CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$,
  $$CREATE TYPE st AS ENUM ('draft',
      'published'  -- schemamig: renamed from 'live'
    );
    CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$,
  $$INSERT INTO doc VALUES (1, 'draft'), (2, 'live')$$,
  $$SELECT string_agg(id || ':' || s::text, ',' ORDER BY id) FROM doc$$,
  $$SELECT string_agg(id || ':' || replace(s::text, 'published', 'live'), ',' ORDER BY id) FROM doc$$);

SELECT * FROM ag_pair('value renamed, one added after it, one before the first',
  $$CREATE TYPE st AS ENUM ('b', 'c');
    CREATE TABLE doc (id int, s st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'bee', -- schemamig: renamed from 'b'
      'bz', 'c');
    CREATE TABLE doc (id int, s st);$$,
  $$INSERT INTO doc VALUES (1, 'b'), (2, 'c')$$,
  $$SELECT string_agg(id || ':' || s::text, ',' ORDER BY id) FROM doc$$,
  $$SELECT string_agg(id || ':' || replace(s::text, 'bee', 'b'), ',' ORDER BY id) FROM doc$$);

SELECT * FROM ag_pair('value renamed while another goes: the type is made again',
  $$CREATE TYPE st AS ENUM ('a', 'b', 'gone');
    CREATE TABLE doc (id int, s st);$$,
  $$CREATE TYPE st AS ENUM ('a', 'B''s'); -- schemamig: renamed from 'b'
    CREATE TABLE doc (id int, s st);$$,
  $$INSERT INTO doc VALUES (1, 'a'), (2, 'b')$$,
  $$SELECT string_agg(id || ':' || s::text, ',' ORDER BY id) FROM doc$$,
  $$SELECT string_agg(id || ':' || replace(s::text, 'B''s', 'b'), ',' ORDER BY id) FROM doc$$);

SELECT * FROM ag_pair('value renamed that a check, an index and a view name',
  $$CREATE TYPE st AS ENUM ('draft', 'live');
    CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL CHECK (s <> 'live' OR id > 0));
    CREATE INDEX doc_live ON doc (id) WHERE s = 'live';
    CREATE VIEW live_docs AS SELECT id FROM doc WHERE s = 'live';$$,
  $$CREATE TYPE st AS ENUM ('draft', 'published'); -- schemamig: renamed from 'live'
    CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL CHECK (s <> 'published' OR id > 0));
    CREATE INDEX doc_live ON doc (id) WHERE s = 'published';
    CREATE VIEW live_docs AS SELECT id FROM doc WHERE s = 'published';$$,
  $$INSERT INTO doc VALUES (1, 'draft'), (2, 'live')$$,
  $$SELECT string_agg(id::text, ',' ORDER BY id) FROM live_docs$$);

-- the SQL, both ways; the rows keep their value, under its new label
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TYPE st AS ENUM ('draft', 'live');
CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');
INSERT INTO doc VALUES (1, 'draft'), (2, 'live');
SELECT upgrade, downgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'published', -- schemamig: renamed from 'live'
    'archived');
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'published', -- schemamig: renamed from 'live'
    'archived');
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag') \gset
BEGIN;
SELECT set_config('ag.upgrade', :'upgrade', true) IS NOT NULL AS set;
DO $$BEGIN EXECUTE current_setting('ag.upgrade'); END$$;
SELECT id, s FROM doc ORDER BY id;
ROLLBACK;

-- without the mark: made again, and the upgrade fails on the row of 'live'
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'published');
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag') \gset
BEGIN;
SELECT set_config('ag.upgrade', :'upgrade', true) IS NOT NULL AS set;
\set VERBOSITY terse
DO $$BEGIN EXECUTE current_setting('ag.upgrade'); END$$;
\set VERBOSITY default
ROLLBACK;

-- marks that are not followed say why, and leave the value to the comparison
SET client_min_messages = notice;
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'shown'); -- schemamig: renamed from 'nosuch'
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'live', 'shown'); -- schemamig: renamed from 'live'
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft',
    'live'); -- schemamig: renamed from 'draft'
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'live');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'live');
  CREATE TYPE mood AS ENUM ('sad', 'glad'); -- schemamig: renamed from 'happy'
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st2 AS ENUM ('draft', 'published'); -- schemamig: renamed from 'live'
  ALTER TYPE st2 RENAME TO st;
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SET client_min_messages = warning;

-- a mark after the model's last statement, on the line of its enum's last value
CREATE SCHEMA ag_last;
CREATE TYPE ag_last.st AS ENUM ('draft', 'live');
SELECT upgrade, downgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft',
    'published'); -- schemamig: renamed from 'live'$$, 'ag_last');
DROP SCHEMA ag_last CASCADE;

-- a mark must name the old value as a literal, on a value's line
\set VERBOSITY terse
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'published'); -- schemamig: renamed from live
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft',
    'published' -- schemamig: renamed from "live"
  );
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ('draft', 'published');
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft'); -- schemamig: renamed from 'live'
  $$, 'ag');
SELECT upgrade FROM schemamig.diff($$
  CREATE TYPE st AS ENUM ( -- schemamig: renamed from 'live'
    'draft', 'published');
  CREATE TABLE doc (id int PRIMARY KEY, s st NOT NULL DEFAULT 'draft');$$, 'ag');
\set VERBOSITY default
SELECT id, s FROM doc ORDER BY id;
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
