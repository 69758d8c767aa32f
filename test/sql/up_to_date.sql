-- up_to_date(digest): one row read says whether a set of files is exactly
-- what is registered with nothing pending. The digest of the registered
-- revisions is kept in state.synced whenever the state is settled; every
-- change, by schemamig's functions or directly, makes up_to_date() false
-- until an upgrade settles the state again.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

-- README's definition of the digest, computed in SQL from the rows
CREATE FUNCTION regress_digest() RETURNS text LANGUAGE sql AS $$
SELECT encode(sha256(COALESCE(string_agg(
           convert_to(r.id, 'UTF8') || '\x00'::bytea
        || convert_to(array_to_string(r.parents, ' '), 'UTF8') || '\x00'::bytea
        || convert_to(CASE WHEN r.transactional THEN 't' ELSE 'f' END, 'UTF8') || '\x00'::bytea
        || convert_to(r.checksum, 'UTF8') || '\x00'::bytea
        || convert_to(r.message, 'UTF8') || '\x00'::bytea,
        ''::bytea ORDER BY r.id COLLATE "C"), ''::bytea)), 'hex')
  FROM schemamig.revision AS r
$$;

-- installed: not known to be settled until a call looks
SELECT synced IS NULL AS no_digest FROM schemamig.state;
SELECT schemamig.up_to_date(regress_digest()) AS fresh;
SELECT schemamig.upgrade();
SELECT synced = regress_digest() AS empty_set_digest, synced = encode(sha256(''), 'hex') AS sha_of_nothing
  FROM schemamig.state;
SELECT schemamig.up_to_date(regress_digest()) AS empty_up_to_date;

-- registered but pending: false, and no digest kept
SELECT schemamig.add_revision('u1', 'CREATE TABLE u_t (a int)', 'DROP TABLE u_t', '{}', message => 'first');
SELECT schemamig.add_revision('u10', 'ALTER TABLE u_t ADD COLUMN b int', 'ALTER TABLE u_t DROP COLUMN b',
                              message => 'second, ü');
SELECT schemamig.up_to_date(regress_digest()) AS pending, synced IS NULL AS no_digest FROM schemamig.state;
-- applied: true for this digest only
SELECT schemamig.upgrade();
SELECT regress_digest() AS d1 \gset
SELECT schemamig.up_to_date(:'d1') AS applied,
       schemamig.up_to_date(md5('other') || md5('other')) AS other_digest,
       schemamig.up_to_date(NULL) IS NULL AS null_digest;
SELECT synced = :'d1' AS digest_kept FROM schemamig.state;
-- the no-op upgrade keeps it
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'d1') AS after_noop;

-- a rolled-back registration changes nothing
BEGIN;
SELECT schemamig.add_revision('u2', 'SELECT 1', NULL, message => 'third');
SELECT schemamig.up_to_date(:'d1') AS inside_tx;
ROLLBACK;
SELECT schemamig.up_to_date(:'d1') AS after_rollback;

-- a message changed by sync(): the old digest no longer counts, the new
-- one does at once (sync() keeps the state settled), and after an upgrade
SELECT * FROM schemamig.sync(ARRAY['u1', 'u10'], ARRAY['', 'u1'], ARRAY['first, renamed', 'second, ü'],
                             ARRAY['CREATE TABLE u_t (a int)', 'ALTER TABLE u_t ADD COLUMN b int'],
                             ARRAY['DROP TABLE u_t', 'ALTER TABLE u_t DROP COLUMN b'], ARRAY[true, true]);
SELECT schemamig.up_to_date(:'d1') AS old_after_sync, schemamig.up_to_date(regress_digest()) AS new_after_sync;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'d1') AS old_digest, schemamig.up_to_date(regress_digest()) AS new_digest;
SELECT regress_digest() AS d2 \gset

-- a revision registered by other means (a direct INSERT): the generation
-- moves, so the kept digest no longer counts
INSERT INTO schemamig.revision (id, parents, message, upgrade, downgrade, transactional, registered_by)
VALUES ('u3', '{u10}', 'direct', 'SELECT 1', 'SELECT 1', true, current_user);
SELECT schemamig.up_to_date(:'d2') AS after_direct_insert;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'d2') AS old_after_upgrade, schemamig.up_to_date(regress_digest()) AS new_after_upgrade;
SELECT regress_digest() AS d3 \gset

-- downgrade and stamp: something is pending again
SELECT schemamig.downgrade();
SELECT schemamig.up_to_date(:'d3') AS after_downgrade, synced IS NULL AS no_digest FROM schemamig.state;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'d3') AS upgraded_again;
SELECT schemamig.stamp('u10');
SELECT schemamig.up_to_date(:'d3') AS after_stamp;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'d3') AS settled_after_stamp;

-- tenants: the answer is the current tenant's (schemamig.tenant); the
-- digest stays in the default tenant's row
SELECT schemamig.add_tenant('utd_acme');
SET schemamig.tenant = 'utd_acme';
SELECT schemamig.up_to_date(:'d3') AS tenant_pending;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'d3') AS tenant_applied,
       to_regclass('utd_acme.u_t') IS NOT NULL AS in_tenant_schema;
SET schemamig.tenant = 'utd_nobody';
SELECT schemamig.up_to_date(:'d3') AS unknown_tenant;
RESET schemamig.tenant;
SELECT schemamig.up_to_date(:'d3') AS default_tenant;
SELECT tenant, synced IS NOT NULL AS keeps_digest FROM schemamig.state ORDER BY tenant;
-- the default tenant not settled: no tenant is up to date by digest
SELECT schemamig.add_revision('u5', 'SELECT 1', NULL, ARRAY['u3'], message => 'pending for the default tenant');
SET schemamig.tenant = 'utd_acme';
SELECT schemamig.upgrade('u5');
SELECT schemamig.up_to_date(regress_digest()) AS tenant_with_default_pending;
RESET schemamig.tenant;
SELECT schemamig.upgrade();
SET schemamig.tenant = 'utd_acme';
-- the default tenant's change moved the graph's generation: the tenant's
-- row says settled again after its next call (a no-op)
SELECT schemamig.up_to_date(regress_digest()) AS before_tenant_call;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(regress_digest()) AS tenant_with_default_settled;
RESET schemamig.tenant;

-- two heads: never settled
SELECT schemamig.add_revision('u4', 'SELECT 1', NULL, ARRAY['u10'], message => 'a second head');
SELECT schemamig.upgrade('heads');
SELECT schemamig.up_to_date(regress_digest()) AS two_heads, synced IS NULL AS no_digest FROM schemamig.state WHERE tenant = '';

-- privileges: not PUBLIC's; the granting helpers' roles may call it
CREATE ROLE regress_utd_reader;
SELECT schemamig.grant_reader('regress_utd_reader');
SELECT has_function_privilege('public', 'schemamig.up_to_date(text)', 'EXECUTE') AS public_may,
       has_function_privilege('regress_utd_reader', 'schemamig.up_to_date(text)', 'EXECUTE') AS reader_may;
SET ROLE regress_utd_reader;
SELECT schemamig.up_to_date(:'d3') AS as_reader;
RESET ROLE;
SELECT obj_description('schemamig.up_to_date(text)'::regprocedure) IS NOT NULL AS commented,
       col_description('schemamig.state'::regclass,
                       (SELECT attnum FROM pg_attribute WHERE attrelid = 'schemamig.state'::regclass
                           AND attname = 'synced')) IS NOT NULL AS column_commented;

DROP OWNED BY regress_utd_reader;
DROP ROLE regress_utd_reader;
DROP TABLE u_t;
DROP FUNCTION regress_digest();
DROP EXTENSION schemamig;
DROP SCHEMA utd_acme CASCADE;
