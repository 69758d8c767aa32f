-- autogenerate: a constraint that changes only in a way ALTER TABLE can
-- change in place is not dropped and added again, which would check every
-- row of its table again: a check or foreign key NOT VALID that becomes
-- valid is validated (VALIDATE CONSTRAINT, under a SHARE UPDATE EXCLUSIVE
-- lock: the reason it was added NOT VALID), and a foreign key whose
-- deferrability alone changes is altered (ALTER CONSTRAINT); each pair
-- checked both ways with ag_check, then the SQL
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('check validated',
  $$CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0) NOT VALID;$$,
  $$CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT pos CHECK (a > 0);$$,
  $$INSERT INTO t VALUES (1)$$, $$SELECT string_agg(a::text, ',') FROM t$$);
SELECT * FROM ag_pair('foreign key validated',
  $$CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int);
    ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p NOT VALID;$$,
  $$CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int);
    ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p;$$,
  $$INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)$$, $$SELECT string_agg(p::text, ',') FROM c$$);
SELECT * FROM ag_pair('foreign key made deferrable',
  $$CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p ON DELETE CASCADE);$$,
  $$CREATE TABLE p (id int PRIMARY KEY);
    CREATE TABLE c (p int REFERENCES p ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED);$$,
  $$INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)$$, $$SELECT string_agg(p::text, ',') FROM c$$);
SELECT * FROM ag_pair('foreign key initially deferred, NOT VALID',
  $$CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int);
    ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p DEFERRABLE NOT VALID;$$,
  $$CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int);
    ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p DEFERRABLE INITIALLY DEFERRED NOT VALID;$$);
SELECT * FROM ag_pair('foreign key of a renamed table made deferrable',
  $$CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int REFERENCES p);$$,
  $$CREATE TABLE p (id int PRIMARY KEY);
    -- schemamig: renamed from c
    CREATE TABLE c2 (p int CONSTRAINT c_p_fkey REFERENCES p DEFERRABLE);$$,
  $$INSERT INTO p VALUES (1); INSERT INTO c VALUES (1)$$, $$SELECT string_agg(p::text, ',') FROM c$$,
  $$SELECT string_agg(p::text, ',') FROM c2$$);

-- the SQL: validated and altered in place; a key whose action changes too
-- goes and comes back, as does one that becomes NOT VALID (nothing
-- makes a valid constraint not valid again)
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (p int, q int, r int, a int);
ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p NOT VALID;
ALTER TABLE c ADD CONSTRAINT c_q FOREIGN KEY (q) REFERENCES p;
ALTER TABLE c ADD CONSTRAINT c_r FOREIGN KEY (r) REFERENCES p DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE c ADD CONSTRAINT c_a CHECK (a > 0) NOT VALID;
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE p (id int PRIMARY KEY);
    CREATE TABLE c (p int, q int, r int, a int);
    ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY (p) REFERENCES p;
    ALTER TABLE c ADD CONSTRAINT c_q FOREIGN KEY (q) REFERENCES p DEFERRABLE;
    ALTER TABLE c ADD CONSTRAINT c_r FOREIGN KEY (r) REFERENCES p ON DELETE SET NULL;
    ALTER TABLE c ADD CONSTRAINT c_a CHECK (a > 0);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
