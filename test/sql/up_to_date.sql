-- up_to_date(digest): one row read says whether a set of files is exactly
-- what is registered with nothing pending. The digest of the registered
-- revisions is kept in each tenant's state.synced whenever its row is
-- settled; every change, by schemamig's functions or directly, makes
-- up_to_date() false until an upgrade settles the state again.
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
SELECT schemamig.up_to_date(NULL) IS NULL AS null_digest;
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

-- tenants: the answer is the current tenant's (schemamig.tenant), from its
-- own row
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
-- the default tenant not settled: a settled tenant is still up to date
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
DROP EXTENSION schemamig;
DROP SCHEMA utd_acme CASCADE;

-- A tenants-only deployment: nothing is ever applied to the default
-- tenant. A tenant's row keeps the digest of the revisions at the graph's
-- generation it is settled at, so its answer does not depend on the
-- default tenant's state.
CREATE EXTENSION schemamig;
SELECT schemamig.add_revision('s1', 'CREATE TABLE s_t (a int)', 'DROP TABLE s_t', '{}', message => 'solo one');
SELECT schemamig.add_tenant('utd_solo'), schemamig.add_tenant('utd_other');
SELECT regress_digest() AS s1 \gset
SET schemamig.tenant = 'utd_solo';
SELECT schemamig.up_to_date(:'s1') AS solo_pending;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'s1') AS solo_applied,
       schemamig.up_to_date(md5('other') || md5('other')) AS solo_other_digest;
SET schemamig.tenant = 'utd_other';
SELECT schemamig.up_to_date(:'s1') AS other_tenant_pending;
RESET schemamig.tenant;
SELECT schemamig.up_to_date(:'s1') AS default_pending;
SELECT count(*) AS default_applied FROM schemamig.applied WHERE tenant = '';
SELECT tenant, s.settled = d.generation AS settled, s.synced IS NOT DISTINCT FROM :'s1' AS keeps_digest
  FROM schemamig.state AS s, (SELECT generation FROM schemamig.state WHERE tenant = '') AS d
 ORDER BY tenant;
-- the no-op keeps it
SET schemamig.tenant = 'utd_solo';
SELECT schemamig.upgrade() AS noop;
SELECT schemamig.up_to_date(:'s1') AS after_noop;

-- a new revision registered (by anyone): false until the tenant applies it
RESET schemamig.tenant;
SELECT schemamig.add_revision('s2', 'ALTER TABLE s_t ADD COLUMN b int', 'ALTER TABLE s_t DROP COLUMN b',
                              message => 'solo two');
SELECT regress_digest() AS s2 \gset
SET schemamig.tenant = 'utd_solo';
SELECT schemamig.up_to_date(:'s1') AS old_after_register, schemamig.up_to_date(:'s2') AS new_after_register;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(:'s1') AS old_after_upgrade, schemamig.up_to_date(:'s2') AS new_after_upgrade;

-- a direct UPDATE of schemamig.revision (an applied revision's message may
-- change): false for the old digest and for the new one, until the
-- tenant's next call settles it again
RESET schemamig.tenant;
UPDATE schemamig.revision SET message = 'solo two, edited' WHERE id = 's2';
SET schemamig.tenant = 'utd_solo';
SELECT schemamig.up_to_date(:'s2') AS old_after_direct_update,
       schemamig.up_to_date(regress_digest()) AS new_after_direct_update;
SELECT schemamig.upgrade() AS noop;
SELECT schemamig.up_to_date(regress_digest()) AS new_after_next_call;
-- the same made with the tenant set
SELECT regress_digest() AS s3 \gset
UPDATE schemamig.revision SET message = 'solo two, edited again' WHERE id = 's2';
SELECT schemamig.up_to_date(:'s3') AS after_update_as_tenant,
       schemamig.up_to_date(regress_digest()) AS new_after_update_as_tenant;
SELECT schemamig.upgrade() AS noop;
SELECT regress_digest() AS s4 \gset
SELECT schemamig.up_to_date(:'s4') AS settled_again;
-- a message changed by sync() with the tenant set: the old digest no
-- longer counts, the new one does at once (sync() settles the tenant)
SELECT * FROM schemamig.sync(ARRAY['s1', 's2'], ARRAY['', 's1'], ARRAY['solo one, renamed', 'solo two, edited again'],
                             ARRAY['CREATE TABLE s_t (a int)', 'ALTER TABLE s_t ADD COLUMN b int'],
                             ARRAY['DROP TABLE s_t', 'ALTER TABLE s_t DROP COLUMN b'], ARRAY[true, true]);
SELECT schemamig.up_to_date(:'s4') AS old_after_sync, schemamig.up_to_date(regress_digest()) AS new_after_sync;
SELECT regress_digest() AS s4 \gset

-- a direct INSERT, then a direct DELETE that leaves the very revisions of
-- the kept digest: false all the same (the generation moved) until the
-- next call
INSERT INTO schemamig.revision (id, parents, message, upgrade, downgrade, transactional, registered_by)
VALUES ('s3', '{s2}', 'direct', 'SELECT 1', 'SELECT 1', true, current_user);
SELECT schemamig.up_to_date(:'s4') AS after_direct_insert;
DELETE FROM schemamig.revision WHERE id = 's3';
SELECT regress_digest() = :'s4' AS same_revisions, schemamig.up_to_date(:'s4') AS after_direct_delete;
SELECT schemamig.upgrade() AS noop;
SELECT schemamig.up_to_date(:'s4') AS after_next_call;

-- a direct UPDATE rolled back: false inside its transaction, true again
-- after the rollback (the generation's move rolled back with it)
BEGIN;
UPDATE schemamig.revision SET message = 'rolled back' WHERE id = 's1';
SELECT schemamig.up_to_date(:'s4') AS inside_tx;
ROLLBACK;
SELECT schemamig.up_to_date(:'s4') AS after_rollback;

-- settled, then a revision registered in the same transaction: false once
-- committed, for the old and the new digest
BEGIN;
SELECT schemamig.add_revision('s4', 'SELECT 1', NULL, message => 'in one transaction');
SELECT schemamig.upgrade();
SELECT schemamig.add_revision('s5', 'SELECT 2', NULL, ARRAY['s4'], message => 'after the settle');
COMMIT;
SELECT schemamig.up_to_date(regress_digest()) AS registered_after_settle;
SELECT schemamig.upgrade();
SELECT schemamig.up_to_date(regress_digest()) AS applied_after;
SELECT regress_digest() AS s5 \gset

-- remove_revision of a pending revision: false
RESET schemamig.tenant;
SELECT schemamig.add_revision('s6', 'SELECT 3', NULL, ARRAY['s5'], message => 'to remove');
SET schemamig.tenant = 'utd_solo';
SELECT schemamig.remove_revision('s6');
SELECT regress_digest() = :'s5' AS same_revisions, schemamig.up_to_date(:'s5') AS after_remove;
SELECT schemamig.upgrade() AS noop;
SELECT schemamig.up_to_date(:'s5') AS after_next_call;

-- the default tenant applying something moves the graph's generation: the
-- tenant says false until its next call, then true, while the default
-- tenant stays unsettled
RESET schemamig.tenant;
SELECT schemamig.upgrade('s1');
SET schemamig.tenant = 'utd_solo';
SELECT schemamig.up_to_date(:'s5') AS after_default_applied;
SELECT schemamig.upgrade() AS noop;
SELECT schemamig.up_to_date(:'s5') AS tenant_settled;
RESET schemamig.tenant;
SELECT schemamig.up_to_date(:'s5') AS default_still_pending;
DROP FUNCTION regress_digest();
DROP EXTENSION schemamig;
DROP SCHEMA utd_solo CASCADE;
DROP SCHEMA utd_other CASCADE;
