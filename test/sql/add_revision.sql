-- add_revision: ids, parents, SQL checks, and every refusal leaving nothing behind
CREATE EXTENSION schemamig;
\set VERBOSITY terse
SET client_min_messages = warning;

-- explicit ids; the first revision has no parent
SELECT schemamig.add_revision('r1', 'CREATE TABLE ar_t1 (id int)', 'DROP TABLE ar_t1', message => 'one');
-- parents => NULL means the single current head
SELECT schemamig.add_revision('r2', 'CREATE TABLE ar_t2 (id int)', 'DROP TABLE ar_t2', message => 'two');
-- explicit parents make a branch; a merge names both heads
SELECT schemamig.add_revision('r3', 'SELECT 1', 'SELECT 1', parents => '{r1}', message => 'branch');
SELECT schemamig.add_revision('r4.merge_x-y', 'SELECT 1', 'SELECT 1', parents => '{r2,r3}', message => 'merge');
-- a second root: explicit empty parents
SELECT schemamig.add_revision('root2', 'SELECT 1', parents => '{}');

SELECT id, parents, message, downgrade IS NULL AS irreversible, transactional,
       checksum ~ '^[0-9a-f]{64}$' AS has_checksum, registered_by = current_user AS by_me
  FROM schemamig.revision ORDER BY seq;

-- a generated id is 12 hex digits and is returned
SELECT schemamig.add_revision(NULL, 'SELECT 2', parents => '{r4.merge_x-y}') ~ '^[0-9a-f]{12}$' AS generated;
SELECT count(*) AS generated_rows FROM schemamig.revision WHERE id ~ '^[0-9a-f]{12}$';

-- ids of exactly 128 characters are fine, 129 are not
SELECT length(schemamig.add_revision(repeat('x', 128), 'SELECT 1', parents => '{}')) AS len128;

-- every refusal below leaves the table as it is
CREATE TEMP TABLE before AS SELECT * FROM schemamig.revision;

-- 22004: NULL where a value is needed
SELECT schemamig.add_revision('n1', NULL);
SELECT schemamig.add_revision('n1', 'SELECT 1', message => NULL);
SELECT schemamig.add_revision('n1', 'SELECT 1', transactional => NULL);
SELECT schemamig.add_revision('n1', 'SELECT 1', parents => ARRAY[NULL]::text[]);
-- 22023: malformed ids, empty SQL, bad parents arrays
SELECT schemamig.add_revision('', 'SELECT 1');
SELECT schemamig.add_revision(repeat('x', 129), 'SELECT 1');
SELECT schemamig.add_revision('has space', 'SELECT 1');
SELECT schemamig.add_revision('quote''s', 'SELECT 1');
SELECT schemamig.add_revision('back\slash', 'SELECT 1');
SELECT schemamig.add_revision('café', 'SELECT 1');
SELECT schemamig.add_revision('head', 'SELECT 1');
SELECT schemamig.add_revision('base', 'SELECT 1');
SELECT schemamig.add_revision('n1', '');
SELECT schemamig.add_revision('n1', '   -- only a comment
  /* and a block comment */  ');
SELECT schemamig.add_revision('n1', 'SELECT 1', parents => '{{r1},{r2}}');
SELECT schemamig.add_revision('n1', 'SELECT 1', parents => '{r1,r1}');
SELECT schemamig.add_revision('n1', 'SELECT 1', parents => '{"bad id"}');
-- 42704: unknown parent (including itself)
SELECT schemamig.add_revision('n1', 'SELECT 1', parents => '{nope}');
SELECT schemamig.add_revision('n1', 'SELECT 1', parents => '{n1}');
-- 42710: duplicate id
SELECT schemamig.add_revision('r1', 'SELECT 1');
-- 55000: parents => NULL with several heads (r4.merge_x-y's child, root2 and xxx... are heads)
SELECT schemamig.add_revision('n1', 'SELECT 1');
-- 42601: syntax errors are found at registration, in either direction
SELECT schemamig.add_revision('n1', 'CREATE TABLE ok1 (id int); CREATE TABL x', parents => '{}');
SELECT schemamig.add_revision('n1', 'SELECT 1', 'DROP TABLE;', parents => '{}');
-- 0A000: transaction control is refused
SELECT schemamig.add_revision('n1', 'CREATE TABLE x (id int); COMMIT;', parents => '{}');
SELECT schemamig.add_revision('n1', 'SELECT 1', 'BEGIN; SELECT 1; END;', parents => '{}');
SELECT schemamig.add_revision('n1', 'SAVEPOINT s; SELECT 1', parents => '{}');
-- 0A000: so is COPY to or from the client (no client inside the server);
-- COPY to or from a file is not
SELECT schemamig.add_revision('n1', E'CREATE TABLE x (id int);\nCOPY x FROM STDIN;', parents => '{}');
SELECT schemamig.add_revision('n1', 'SELECT 1', 'COPY (SELECT 1) TO STDOUT', parents => '{}');
SELECT schemamig.add_revision('n1', 'COPY (SELECT 1) TO ''/dev/null''', 'SELECT 1', parents => '{}');
SELECT schemamig.remove_revision('n1');

SELECT (SELECT count(*) FROM schemamig.revision) AS now_rows,
       (SELECT count(*) FROM before) AS before_rows,
       NOT EXISTS (SELECT * FROM schemamig.revision EXCEPT SELECT * FROM before) AS unchanged;

-- a registration that is rolled back leaves no trace, not even in the
-- backend's cached graph: the next parents => NULL does not see it
SELECT schemamig.add_revision('chain1', 'SELECT 1', parents => '{}');
BEGIN;
SELECT schemamig.add_revision('chain2', 'SELECT 1', parents => '{chain1}');
ROLLBACK;
SELECT schemamig.add_revision('chain3', 'SELECT 1', parents => '{chain1}');
SELECT id, parents FROM schemamig.revision WHERE id LIKE 'chain%' ORDER BY seq;
SELECT 'chain2' = ANY (schemamig.heads()) AS rolled_back_is_head, 'chain3' = ANY (schemamig.heads()) AS chain3_is_head;

-- many registrations in one transaction move the generation once (not a
-- row version per call), and a rolled-back subtransaction's registration
-- does not linger in the cache
BEGIN;
SELECT schemamig.add_revision('many1', 'SELECT 1', parents => '{}');
SELECT ctid AS state_ctid FROM schemamig.state \gset
SELECT count(schemamig.add_revision('many' || i, 'SELECT 1', parents => ARRAY['many' || (i - 1)]))
  FROM generate_series(2, 100) AS i;
SELECT ctid = :'state_ctid' AS state_row_not_rewritten FROM schemamig.state;
SAVEPOINT s;
SELECT schemamig.add_revision('many101', 'SELECT 1', parents => '{many100}');
ROLLBACK TO s;
SELECT 'many101' = ANY (schemamig.heads()) AS rolled_back_is_head, 'many100' = ANY (schemamig.heads()) AS many100_is_head;
SELECT schemamig.add_revision('many101b', 'SELECT 1', parents => '{many100}');
COMMIT;
SELECT 'many101b' = ANY (schemamig.heads()) AS committed_is_head;

-- the checksum: SHA-256 of the UTF-8 upgrade SQL, a zero byte and the
-- downgrade SQL, CRLF read as LF; no downgrade means no separator
SELECT checksum = encode(sha256(convert_to('CREATE TABLE ar_t1 (id int)', 'UTF8')
                                || '\x00'::bytea
                                || convert_to('DROP TABLE ar_t1', 'UTF8')), 'hex') AS checksum_defined
  FROM schemamig.revision WHERE id = 'r1';
SELECT checksum = encode(sha256(convert_to('SELECT 1', 'UTF8')), 'hex') AS checksum_no_downgrade
  FROM schemamig.revision WHERE id = 'root2';
SELECT schemamig.add_revision('crlf', E'SELECT 1;\r\nSELECT 2;\r\n', E'SELECT 3;\r\n', parents => '{}');
SELECT schemamig.add_revision('lf', E'SELECT 1;\nSELECT 2;\n', E'SELECT 3;\n', parents => '{}');
SELECT count(DISTINCT checksum) AS crlf_equals_lf FROM schemamig.revision WHERE id IN ('crlf', 'lf');

-- dollar quotes and comments are split correctly: one function body, semicolons inside
SELECT schemamig.add_revision('dollar', $sql$
-- a comment; with a semicolon
CREATE FUNCTION ar_f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END; $$;
/* block ; comment */ SELECT 'a;b';
$sql$, 'DROP FUNCTION ar_f()', parents => '{}');
SELECT schemamig.upgrade('dollar');
SELECT ar_f();

DROP EXTENSION schemamig;
DROP FUNCTION ar_f();
