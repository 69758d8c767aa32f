-- autogenerate: a model that takes another role (SET ROLE, as migrations
-- do so that what they make is that role's) still makes its objects in
-- the scratch schema. Without USAGE on it, the server dropped it from the
-- role's search_path, the tables went to pg_temp, unread, and the SQL
-- dropped every table of the schema.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE ROLE regress_agr_owner;
CREATE SCHEMA ag;
CREATE TABLE ag.t (id int);
CREATE TABLE ag.keep (k int);
INSERT INTO ag.t VALUES (1);
ALTER TABLE ag.t OWNER TO regress_agr_owner;

SELECT upgrade, downgrade FROM schemamig.diff($$
  SET ROLE regress_agr_owner;
  CREATE TABLE t (id int);
  CREATE TABLE keep (k int, extra int);
$$, 'ag');
-- SET SESSION AUTHORIZATION too; and what the model makes as that role
-- is that role's (a new view: given to it)
SELECT upgrade, downgrade FROM schemamig.diff($$
  SET SESSION AUTHORIZATION regress_agr_owner;
  CREATE TABLE t (id int);
  CREATE VIEW v AS SELECT 1 AS one;
  RESET SESSION AUTHORIZATION;
  CREATE TABLE keep (k int);
$$, 'ag');
-- the same model as the caller: no difference
SELECT upgrade = '' AND downgrade = '' AS same
  FROM schemamig.diff($$CREATE TABLE t (id int); CREATE TABLE keep (k int);$$, 'ag');
-- nothing of the grant stays (the scratch schema is gone)
SELECT count(*) AS scratch_schemas FROM pg_namespace WHERE nspname LIKE 'schemamig_scratch%';
SELECT count(*) AS rows_kept FROM ag.t;

-- a role the model creates is gone once the model is rolled back: what the
-- model gives to it (an owner, a policy's TO) is refused, 0A000; before,
-- the SQL written said ALTER TABLE rr OWNER TO it and failed when applied
-- (42704).
\i test/sql/ag_apply.inc
SELECT public.ag_apply('CREATE ROLE regress_agr_new;
  CREATE TABLE t (id int); CREATE TABLE keep (k int);
  CREATE TABLE rr (i int); ALTER TABLE rr OWNER TO regress_agr_new');
SELECT public.ag_apply('CREATE ROLE regress_agr_new;
  CREATE TABLE t (id int); CREATE TABLE keep (k int);
  CREATE VIEW rv AS SELECT 1 AS one; ALTER VIEW rv OWNER TO regress_agr_new');
SELECT public.ag_apply('CREATE ROLE regress_agr_new;
  CREATE TABLE t (id int); CREATE TABLE keep (k int);
  CREATE POLICY p ON t TO regress_agr_owner, regress_agr_new USING (id > 0)');
-- what the model makes as that role is that role's: refused too
SELECT public.ag_apply('CREATE ROLE regress_agr_new; SET ROLE regress_agr_new;
  CREATE FUNCTION rf() RETURNS int LANGUAGE sql AS ''SELECT 1''; RESET ROLE;
  CREATE TABLE t (id int); CREATE TABLE keep (k int)');
-- a role that stays is fine
SELECT public.ag_apply('CREATE TABLE t (id int); CREATE TABLE keep (k int);
  CREATE TABLE rr (i int); ALTER TABLE rr OWNER TO regress_agr_owner;
  CREATE POLICY p ON t TO regress_agr_owner USING (id > 0)');
-- the model's grants are not written (the schema's are kept): no refusal
SELECT public.ag_apply('CREATE ROLE regress_agr_new;
  CREATE TABLE t (id int); CREATE TABLE keep (k int);
  CREATE TABLE rr (i int); GRANT SELECT ON rr TO regress_agr_new;
  GRANT UPDATE (k) ON keep TO regress_agr_new');
SELECT count(*) AS roles_left FROM pg_roles WHERE rolname = 'regress_agr_new';
DROP FUNCTION public.ag_apply;

DROP SCHEMA ag CASCADE;
DROP ROLE regress_agr_owner;
DROP EXTENSION schemamig;
