-- sync(): a whole versions directory in one call. New files are
-- registered parents first, changed pending revisions updated (by the
-- caller, who becomes their author), applied revisions whose file differs
-- refused with nothing changed; pending revisions no file names reported.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

SELECT * FROM schemamig.sync('{s1,s2,s3}', '{"",s1,s2}', '{one,two,three}',
    ARRAY['CREATE TABLE sy_t (id int)', 'ALTER TABLE sy_t ADD a int', 'SELECT 1'],
    ARRAY['DROP TABLE sy_t', 'ALTER TABLE sy_t DROP a', NULL], '{t,t,f}');
SELECT id, parents, message, downgrade IS NULL AS irreversible, transactional, author FROM schemamig.revision ORDER BY seq;
-- the same files again: nothing to do
SELECT * FROM schemamig.sync('{s1,s2,s3}', '{"",s1,s2}', '{one,two,three}',
    ARRAY['CREATE TABLE sy_t (id int)', 'ALTER TABLE sy_t ADD a int', 'SELECT 1'],
    ARRAY['DROP TABLE sy_t', 'ALTER TABLE sy_t DROP a', NULL], '{t,t,f}');
SELECT schemamig.upgrade('s2');

-- an applied revision whose file changed is refused, and nothing else happens
SELECT * FROM schemamig.sync('{s1,s2,s3,s4}', '{"",s1,s2,s3}', '{one,two,three,four}',
    ARRAY['CREATE TABLE sy_t (id int, b int)', 'ALTER TABLE sy_t ADD a int', 'SELECT 1', 'SELECT 4'],
    ARRAY['DROP TABLE sy_t', 'ALTER TABLE sy_t DROP a', NULL, NULL], '{t,t,f,t}');
SELECT * FROM schemamig.sync('{s1,s2}', '{"",""}', '{one,two}',
    ARRAY['CREATE TABLE sy_t (id int)', 'ALTER TABLE sy_t ADD a int'],
    ARRAY['DROP TABLE sy_t', 'ALTER TABLE sy_t DROP a'], '{t,t}');
SELECT count(*) AS revisions FROM schemamig.revision;
-- its message may change; a pending one may change in full, by a deployer
CREATE ROLE regress_syncer;
SELECT schemamig.grant_deployer('regress_syncer');
SET ROLE regress_syncer;
SELECT * FROM schemamig.sync('{s1,s2,s3,s4}', '{"",s1,s2,s3}', '{"one, renamed",two,"three, now transactional",four}',
    ARRAY['CREATE TABLE sy_t (id int)', 'ALTER TABLE sy_t ADD a int', 'SELECT 3', 'SELECT 4'],
    ARRAY['DROP TABLE sy_t', 'ALTER TABLE sy_t DROP a', 'SELECT 3', NULL], '{t,t,t,t}');
RESET ROLE;
SELECT id, message, upgrade, transactional, author, registered_by FROM schemamig.revision ORDER BY seq;
SELECT * FROM schemamig.verify();

-- pending revisions no file names are reported, not removed
SELECT * FROM schemamig.sync('{s1,s2}', '{"",s1}', '{"one, renamed",two}',
    ARRAY['CREATE TABLE sy_t (id int)', 'ALTER TABLE sy_t ADD a int'],
    ARRAY['DROP TABLE sy_t', 'ALTER TABLE sy_t DROP a'], '{t,t}');
SELECT count(*) AS revisions FROM schemamig.revision;

-- bad input: a clear error, nothing changed
SELECT * FROM schemamig.sync('{x2,x1}', '{x1,""}', '{"",""}', '{"SELECT 1","SELECT 1"}', '{NULL,NULL}', '{t,t}');
SELECT * FROM schemamig.sync('{x1,x1}', '{"",""}', '{"",""}', '{"SELECT 1","SELECT 1"}', '{NULL,NULL}', '{t,t}');
SELECT * FROM schemamig.sync('{x1}', '{"",""}', '{""}', '{"SELECT 1"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{x1}', '{""}', '{NULL}', '{"SELECT 1"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync(NULL, '{""}', '{""}', '{"SELECT 1"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{"bad id"}', '{""}', '{""}', '{"SELECT 1"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{x1}', '{"s1 s1"}', '{""}', '{"SELECT 1"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{x1}', '{s4}', '{""}', '{"SELEC 1"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{x1}', '{s4}', '{""}', '{"COMMIT"}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{x1}', '{s4}', '{""}', '{"  "}', '{NULL}', '{t}');
SELECT * FROM schemamig.sync('{x1}', '{s4}', '{""}', '{"SELECT 1"}', '{NULL}', '{{t}}');
SELECT count(*) AS revisions FROM schemamig.revision;

-- 2,000 files, one call; again, nothing to do
SELECT count(*) FROM schemamig.sync(
    ARRAY(SELECT 'n' || i FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT CASE WHEN i = 1 THEN 's4' ELSE 'n' || (i - 1) END FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT 'file ' || i FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT format('CREATE TABLE sy_n%s (id int)', i) FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT format('DROP TABLE sy_n%s', i) FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT true FROM generate_series(1, 2000) AS i));
SELECT count(*) FROM schemamig.sync(
    ARRAY(SELECT 'n' || i FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT CASE WHEN i = 1 THEN 's4' ELSE 'n' || (i - 1) END FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT 'file ' || i FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT format('CREATE TABLE sy_n%s (id int)', i) FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT format('DROP TABLE sy_n%s', i) FROM generate_series(1, 2000) AS i),
    ARRAY(SELECT true FROM generate_series(1, 2000) AS i)) WHERE action <> 'db-only';
SELECT count(*) AS pending FROM schemamig.pending();

-- new parents that make a cycle (a pending revision its own parent, or two
-- each other's) are refused (22023), naming what cannot be ordered; nothing
-- changes, and upgrade() still plans
SELECT schemamig.add_revision('cy1', 'SELECT 1', NULL, schemamig.heads());
SELECT schemamig.add_revision('cy2', 'SELECT 2', NULL, '{cy1}');
\set VERBOSITY default
SELECT * FROM schemamig.sync(ARRAY['cy1'], ARRAY['cy1'], ARRAY[''], ARRAY['SELECT 1'], ARRAY[NULL], ARRAY[true]);
\set VERBOSITY sqlstate
SELECT * FROM schemamig.sync(ARRAY['cy1', 'cy2'], ARRAY['cy2', 'cy1'], ARRAY['', ''], ARRAY['SELECT 1', 'SELECT 2'],
                             ARRAY[NULL, NULL], ARRAY[true, true]);
\set VERBOSITY terse
SELECT id, parents FROM schemamig.revision WHERE id LIKE 'cy%' ORDER BY id;
SELECT count(*) AS problems FROM schemamig.verify();
SELECT count(*) AS pending FROM schemamig.pending();

-- a history of pending revisions rewritten in one call: the files come in an
-- order in which the graph is a cycle for a while (cy1 after cy2 before
-- cy2's file puts it first), with a new revision after cy1 in between; what
-- the call ends with is what counts
SELECT * FROM schemamig.sync(ARRAY['cy1', 'cy3', 'cy2'], ARRAY['cy2', 'cy1', ''], ARRAY['', '', ''],
                             ARRAY['SELECT 1', 'SELECT 3', 'SELECT 2'], ARRAY[NULL, NULL, NULL],
                             ARRAY[true, true, true]) WHERE action <> 'db-only';
SELECT id, parents FROM schemamig.revision WHERE id LIKE 'cy%' ORDER BY id;
SELECT count(*) AS problems FROM schemamig.verify();
SELECT revision FROM schemamig.pending('heads') WHERE revision LIKE 'cy%';

SELECT schemamig.stamp('base');
DROP EXTENSION schemamig;
DROP TABLE sy_t;
REVOKE ALL ON SCHEMA schemamig FROM regress_syncer;
DROP ROLE regress_syncer;
