-- ALTER EXTENSION schemamig UPDATE from 0.5.0 to 0.6.0: up_to_date() reads
-- the current tenant's own row, which keeps the digest of the revisions at
-- the generation it is settled at, so a tenant's answer no longer waits
-- for the default tenant to be settled. Grants made before are kept.
CREATE EXTENSION schemamig VERSION '0.5.0';
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE ROLE regress_upd6_reader;
SELECT schemamig.grant_reader('regress_upd6_reader');
SELECT schemamig.add_revision('v1', 'CREATE TABLE upd6_t (id int)', 'DROP TABLE upd6_t', '{}', message => 'one');
SELECT encode(sha256(convert_to('v1', 'UTF8') || '\x00'::bytea || '\x00'::bytea
                     || convert_to('t', 'UTF8') || '\x00'::bytea
                     || convert_to(schemamig.checksum('CREATE TABLE upd6_t (id int)', 'DROP TABLE upd6_t'), 'UTF8')
                     || '\x00'::bytea || convert_to('one', 'UTF8') || '\x00'::bytea), 'hex') AS v1_digest \gset
SELECT schemamig.add_tenant('upd6_acme');
SET schemamig.tenant = 'upd6_acme';
SELECT schemamig.upgrade();
-- 0.5.0's up_to_date() reads the digest from the default tenant's row
-- only, and that tenant has nothing applied: false
SELECT schemamig.up_to_date(:'v1_digest') AS tenant_before;
RESET schemamig.tenant;
SELECT schemamig.up_to_date(:'v1_digest') AS default_before;

ALTER EXTENSION schemamig UPDATE TO '0.6.0';
SELECT extversion FROM pg_extension WHERE extname = 'schemamig';

-- the tenant's row (settled by this library) answers now; the default
-- tenant, with nothing applied, is still pending
SET schemamig.tenant = 'upd6_acme';
SELECT schemamig.up_to_date(:'v1_digest') AS tenant_after,
       schemamig.up_to_date(md5('x') || md5('x')) AS other_digest;
RESET schemamig.tenant;
SELECT schemamig.up_to_date(:'v1_digest') AS default_after;
SELECT tenant, synced IS NOT DISTINCT FROM :'v1_digest' AS keeps_digest FROM schemamig.state ORDER BY tenant;
-- grants and comment: still the reader's, still not PUBLIC's
SELECT has_function_privilege('regress_upd6_reader', 'schemamig.up_to_date(text)', 'EXECUTE') AS reader_may,
       has_function_privilege('public', 'schemamig.up_to_date(text)', 'EXECUTE') AS public_may,
       obj_description('schemamig.up_to_date(text)'::regprocedure) LIKE '%current tenant%' AS new_comment;
SET ROLE regress_upd6_reader;
SET schemamig.tenant = 'upd6_acme';
SELECT schemamig.up_to_date(:'v1_digest') AS as_reader;
RESET schemamig.tenant;
RESET ROLE;

-- a new revision: false for the tenant
SELECT schemamig.add_revision('v2', 'SELECT 1', NULL, message => 'two');
SET schemamig.tenant = 'upd6_acme';
SELECT schemamig.up_to_date(:'v1_digest') AS after_register;
RESET schemamig.tenant;

DROP EXTENSION schemamig;
DROP SCHEMA upd6_acme CASCADE;
REVOKE ALL ON SCHEMA schemamig FROM regress_upd6_reader;
DROP ROLE regress_upd6_reader;
