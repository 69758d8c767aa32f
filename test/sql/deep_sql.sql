-- Revision SQL nested deeper than the stack allows fails with 54001
-- (stack depth limit exceeded), as the server's own parse analysis does,
-- from every call that reads it: never a crashed backend.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY sqlstate

CREATE TABLE ds_t (c int);
INSERT INTO ds_t VALUES (1);

-- a USING made of 300,000 casts, which the parser builds without
-- recursing: lint() follows the casts to judge whether the column is
-- rewritten, and stops at the stack's limit as the server would
SELECT schemamig.add_revision('ds1',
	'ALTER TABLE ds_t ALTER COLUMN c TYPE int USING c' || repeat('::int', 300000),
	'SELECT 1', '{}');
SELECT * FROM schemamig.lint();
SELECT * FROM schemamig.trace();
SELECT schemamig.upgrade();
-- nothing of it stays, and the session goes on
SELECT revision, applied FROM schemamig.history();
SELECT schemamig.remove_revision('ds1');

-- a few casts are still followed: a cast to int and back is no rewrite,
-- to bigint is one
SELECT schemamig.add_revision('ds2', 'ALTER TABLE ds_t ALTER COLUMN c TYPE int USING c::int::int', 'SELECT 1', '{}');
SELECT schemamig.add_revision('ds3', 'ALTER TABLE ds_t ALTER COLUMN c TYPE bigint USING c::int::bigint', 'SELECT 1');
SELECT revision, statement, severity, rule FROM schemamig.lint() ORDER BY revision, rule COLLATE "C";
SELECT schemamig.upgrade();
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'ds_t'::regclass AND attname = 'c';

DROP TABLE ds_t;
DROP EXTENSION schemamig;
