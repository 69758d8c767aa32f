-- autogenerate: a unique key that goes or is made again takes along, for
-- the time of the migration, the foreign keys that reference its columns
-- (the server makes a foreign key depend on the unique index of the
-- columns it references), not every foreign key to its table: dropping
-- and adding those again would check every row of their tables again for
-- nothing. A unique index over an expression or with a predicate, which
-- no foreign key can reference, takes none. Each pair checked both ways
-- with ag_check, then the SQL
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set ECHO none
\i test/sql/autogen_check.inc
\set ECHO all

SELECT * FROM ag_pair('unique constraint dropped, foreign key to the primary key kept',
  $$CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE); CREATE TABLE c (p int REFERENCES p);$$,
  $$CREATE TABLE p (id int PRIMARY KEY, code text); CREATE TABLE c (p int REFERENCES p);$$,
  $$INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (1)$$, $$SELECT string_agg(p::text, ',') FROM c$$);
SELECT * FROM ag_pair('unique index made a constraint, foreign keys to it go and come back',
  $$CREATE TABLE p (id int PRIMARY KEY, code text); CREATE UNIQUE INDEX p_code ON p (code);
    CREATE TABLE c (p int REFERENCES p, code text REFERENCES p (code));$$,
  $$CREATE TABLE p (id int PRIMARY KEY, code text CONSTRAINT p_code_key UNIQUE);
    CREATE TABLE c (p int REFERENCES p, code text REFERENCES p (code));$$,
  $$INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (1, 'a')$$, $$SELECT string_agg(p || code, ',') FROM c$$);
SELECT * FROM ag_pair('two-column key with INCLUDE changed, referenced in another order',
  $$CREATE TABLE p (id int PRIMARY KEY, a int, b int, n text, UNIQUE (a, b) INCLUDE (n));
    CREATE TABLE c (p int REFERENCES p, b int, a int, FOREIGN KEY (b, a) REFERENCES p (b, a));$$,
  $$CREATE TABLE p (id int PRIMARY KEY, a int, b int, n text, UNIQUE (a, b));
    CREATE TABLE c (p int REFERENCES p, b int, a int, FOREIGN KEY (b, a) REFERENCES p (b, a));$$,
  $$INSERT INTO p VALUES (1, 2, 3, 'x'); INSERT INTO c VALUES (1, 3, 2)$$, $$SELECT string_agg(concat(p, b, a), ',') FROM c$$);

-- the SQL: the expression index goes and the index on code is made again
-- (a storage parameter): the foreign keys to id stay, the one to code
-- goes and comes back
CREATE SCHEMA ag;
SET search_path = ag;
CREATE TABLE p (id int PRIMARY KEY, code text, email text);
CREATE UNIQUE INDEX p_code ON p (code);
CREATE UNIQUE INDEX p_email ON p (lower(email));
CREATE TABLE c (p int REFERENCES p, code text REFERENCES p (code));
CREATE TABLE d (p int REFERENCES p ON DELETE CASCADE);
SELECT upgrade, downgrade FROM schemamig.diff(
  $$CREATE TABLE p (id int PRIMARY KEY, code text, email text);
    CREATE UNIQUE INDEX p_code ON p (code) WITH (fillfactor = 80);
    CREATE TABLE c (p int REFERENCES p, code text REFERENCES p (code));
    CREATE TABLE d (p int REFERENCES p ON DELETE CASCADE);$$, 'ag');
RESET search_path;
DROP SCHEMA ag CASCADE;

DROP FUNCTION ag_pair, ag_check, ag_catalog;
DROP EXTENSION schemamig;
