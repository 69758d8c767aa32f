#!/usr/bin/env bash
# pg_dump/pg_restore round trips: a database restored into a fresh one keeps
# its revisions, applied state and log, verify() is clean there, and
# upgrade() is a no-op. Plain SQL through psql, and the custom format
# through pg_restore.
set -u
. "$(dirname "$0")/tap.inc"
src=schemamig_dump_src
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fresh_db "$src" || exit 1
$PSQL -d "$src" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION schemamig;
SELECT schemamig.add_revision('d1', 'CREATE TABLE d_users (id int PRIMARY KEY, email text)', 'DROP TABLE d_users', message => 'users');
SELECT schemamig.add_revision('d2', E'ALTER TABLE d_users ADD COLUMN name text;\r\n', 'ALTER TABLE d_users DROP COLUMN name', message => 'names, CRLF');
SELECT schemamig.add_revision('d3', $q$CREATE FUNCTION d_f() RETURNS int LANGUAGE sql AS $b$ SELECT 1 $b$$q$, NULL, message => 'irreversible');
SELECT schemamig.add_revision('d4', 'CREATE INDEX CONCURRENTLY d_i ON d_users (email)', 'DROP INDEX CONCURRENTLY d_i', transactional => false, message => 'not transactional');
SELECT schemamig.upgrade('d2');
SELECT schemamig.downgrade_to('d1');
SELECT schemamig.upgrade('d3');
SELECT schemamig.stamp('d4');
SELECT schemamig.add_revision('d5', 'SELECT 1', 'SELECT 1', message => 'to remove');
SELECT schemamig.remove_revision('d5');
INSERT INTO d_users VALUES (1, 'a@example.com', 'A');
-- a tenant, with an applied set of its own
SELECT schemamig.add_tenant('d_tenant');
SET schemamig.tenant = 'd_tenant';
SELECT schemamig.upgrade('d3');
RESET schemamig.tenant;
SQL

state() {
    $PSQL -d "$1" -At <<'SQL'
SELECT 'revision', id, seq, parents, message, upgrade, coalesce(downgrade, '<null>'), transactional, checksum, registered_at, registered_by FROM schemamig.revision ORDER BY seq;
SELECT 'applied', * FROM schemamig.applied ORDER BY seq;
SELECT 'log', * FROM schemamig.log ORDER BY seq;
SELECT 'current', schemamig.current();
SELECT 'users', * FROM d_users;
SELECT 'tenants', * FROM schemamig.tenants();
SELECT 'tenant table', to_regclass('d_tenant.d_users') IS NOT NULL;
SQL
}
state "$src" >"$work/src.state"
is "$(grep -c '^revision|' "$work/src.state") $(grep -c '^applied|' "$work/src.state") $(grep -c '^log|' "$work/src.state")" "4 7 10" \
    "the source holds 4 revisions, 4 + 3 applied (the tenant's), 10 log rows"

check_copy() {
    local db=$1 how=$2
    state "$db" >"$work/$db.state"
    cmp -s "$work/src.state" "$work/$db.state"
    ok $? "$how: revisions, applied set, log and data are identical"
    is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "$how: verify() is clean"
    is "$($PSQL -d "$db" -At -c 'SET client_min_messages = warning' -c 'SELECT schemamig.upgrade()')" 0 "$how: upgrade() is a no-op"
    is "$($PSQL -d "$db" -At -c "SET schemamig.tenant = 'd_tenant'" -c 'SELECT count(*) FROM schemamig.verify()' -c "SELECT schemamig.upgrade('d3')")" "0
0" "$how: the tenant is registered, verify() is clean for it and upgrade('d3') is a no-op"
    is "$($PSQL -d "$db" -At -c "SELECT seq > (SELECT max(seq) FROM schemamig.log) FROM (SELECT 1) AS x, LATERAL (SELECT pg_catalog.nextval('schemamig.log_seq') AS seq) AS n")" t \
        "$how: sequences continue after the restored rows"
    is "$($PSQL -d "$db" -At -c "SELECT schemamig.add_revision('d6', 'SELECT 1', 'SELECT 1', parents => '{d4}')" -c "SELECT seq > 5 FROM schemamig.revision WHERE id = 'd6'")" "d6
t" "$how: new revisions register after the restored ones"
    is "$($PSQL -d "$db" -At -c "UPDATE schemamig.revision SET upgrade = 'x' WHERE id = 'd1'" 2>&1 | grep -c 'it is applied')" 1 \
        "$how: the guards hold in the restored database"
}

# plain format, replayed by psql
fresh_db schemamig_dump_plain
"$BIN/pg_dump" -d "$src" >"$work/plain.sql" && $PSQL -d schemamig_dump_plain -f "$work/plain.sql" >/dev/null 2>"$work/plain.err"
ok $? "pg_dump | psql restores without error"
[ -s "$work/plain.err" ] && sed 's/^/# /' "$work/plain.err"
check_copy schemamig_dump_plain "pg_dump | psql"

# custom format, through pg_restore
fresh_db schemamig_dump_custom
"$BIN/pg_dump" -Fc -d "$src" -f "$work/custom.dump" &&
    "$BIN/pg_restore" --exit-on-error -d schemamig_dump_custom "$work/custom.dump" 2>"$work/custom.err"
ok $? "pg_dump -Fc | pg_restore restores without error"
[ -s "$work/custom.err" ] && sed 's/^/# /' "$work/custom.err"
check_copy schemamig_dump_custom "pg_restore"

for db in "$src" schemamig_dump_plain schemamig_dump_custom; do "$BIN/dropdb" "$db"; done

# a dump of a database at 0.3.0 restored into this version: each revision's
# author is the role that registered it, as ALTER EXTENSION UPDATE makes
# it, not the superuser restoring it; and the table-wide grants the old
# dump brings back let the deployer write nothing
fresh_db schemamig_dump_030 || exit 1
$PSQL -d schemamig_dump_030 >/dev/null <<'SQL' || { echo "Bail out! 0.3.0 setup failed"; exit 1; }
SET client_min_messages = warning;
CREATE ROLE regress_dump_dep;
CREATE EXTENSION schemamig VERSION '0.3.0';
SELECT schemamig.grant_deployer('regress_dump_dep');
CREATE SCHEMA dump_app AUTHORIZATION regress_dump_dep;
SET ROLE regress_dump_dep;
SELECT schemamig.add_revision('o1', 'CREATE TABLE dump_app.t (id int)', 'DROP TABLE dump_app.t', '{}');
SELECT schemamig.add_revision('o2', 'CREATE TABLE dump_app.who AS SELECT current_user AS u', 'DROP TABLE dump_app.who');
RESET ROLE;
SELECT schemamig.upgrade('o1');
SQL
fresh_db schemamig_dump_030r
"$BIN/pg_dump" -d schemamig_dump_030 >"$work/old.sql" && $PSQL -d schemamig_dump_030r -f "$work/old.sql" >/dev/null 2>"$work/old.err"
ok $? "a 0.3.0 dump restores into $($PSQL -d schemamig_dump_030r -At -c "SELECT extversion FROM pg_extension WHERE extname = 'schemamig'")" ||
    sed 's/^/# /' "$work/old.err"
is "$($PSQL -d schemamig_dump_030r -At -c "SELECT string_agg(id || ' ' || author, ', ' ORDER BY seq) FROM schemamig.revision")" \
    "o1 regress_dump_dep, o2 regress_dump_dep" "the revisions' author is the role that registered them"
is "$($PSQL -d schemamig_dump_030r -At -c "SELECT has_table_privilege('regress_dump_dep', 'schemamig.revision', 'INSERT')")" t \
    "the old dump gives the deployer INSERT on schemamig.revision back"
$PSQL -v VERBOSITY=verbose -d schemamig_dump_030r -c "SET ROLE regress_dump_dep" -c "INSERT INTO schemamig.revision (id, parents, message, upgrade, transactional, author)
    VALUES ('forged', '{o2}', '', 'ALTER ROLE regress_dump_dep SUPERUSER', true, (SELECT rolname FROM pg_roles WHERE oid = 10))" >"$work/forged.out" 2>&1
[ $? != 0 ] && grep -q "42501: permission denied to insert into schemamig.revision directly" "$work/forged.out"
ok $? "but it cannot insert a revision naming another author (42501)" || sed 's/^/# /' "$work/forged.out"
is "$($PSQL -d schemamig_dump_030r -At -c "SELECT count(*) FROM schemamig.verify() WHERE revision IS NULL AND problem LIKE 'table-wide grant of % to regress_dump_dep %'")" 4 \
    "verify() reports the old dump's table-wide grants, one per table"
$PSQL -v VERBOSITY=verbose -d schemamig_dump_030r -c 'SELECT schemamig.upgrade()' >"$work/refused.out" 2>&1
[ $? != 0 ] && grep -q "55000: upgrade refused: schemamig.verify() reports 4 problems" "$work/refused.out"
ok $? "and upgrade() refuses while they are there (55000)" || sed 's/^/# /' "$work/refused.out"
$PSQL -d schemamig_dump_030r >/dev/null <<'SQL'
SET client_min_messages = warning;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schemamig.revision, schemamig.applied, schemamig.log, schemamig.state
    FROM regress_dump_dep;
SELECT schemamig.grant_deployer('regress_dump_dep');
SQL
is "$($PSQL -d schemamig_dump_030r -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 \
    "verify() is clean after the REVOKE it gives and grant_deployer() again"
is "$($PSQL -d schemamig_dump_030r -At -c 'SET client_min_messages = warning' -c 'SELECT schemamig.upgrade()' -c 'SELECT u FROM dump_app.who')" "1
regress_dump_dep" "a superuser's upgrade() runs the deployer's pending revision as the deployer"
for db in schemamig_dump_030 schemamig_dump_030r; do "$BIN/dropdb" "$db"; done
$PSQL -c "DROP ROLE regress_dump_dep"
tap_done
