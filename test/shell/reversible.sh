#!/usr/bin/env bash
# check_reversible() reads and compares only the schemas a revision's
# upgrade and downgrade left changed: with a tenant among many, a revision
# whose downgrade drops what it made reads none, one that leaves a dropped
# column behind reads the tenant's schema alone, and only that revision is
# run up and down a second time (DEBUG1 says how many schemas were read).
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_reversible
fresh_db "$db" || exit 1

$PSQL -d "$db" <<'SQL' >/dev/null 2>&1
CREATE EXTENSION schemamig;
SELECT schemamig.add_revision('v1', 'CREATE TABLE t (id int PRIMARY KEY)', 'DROP TABLE t');
SELECT schemamig.add_revision('v2', 'ALTER TABLE t ADD COLUMN b int', 'ALTER TABLE t DROP COLUMN b', parents => '{v1}');
SELECT schemamig.add_revision('v3', 'CREATE INDEX t_b ON t (b)', 'DROP INDEX t_b', parents => '{v2}');
SELECT schemamig.add_tenant(pg_catalog.format('tn%s', i)) FROM pg_catalog.generate_series(1, 30) AS i;
SELECT schemamig.upgrade_tenants('head', (SELECT pg_catalog.array_agg(pg_catalog.format('tn%s', i)::name)
                                          FROM pg_catalog.generate_series(2, 30) AS i));
SQL
[ "$($PSQL -d "$db" -At -c "SELECT pg_catalog.count(*) FROM schemamig.tenants() WHERE pending OPERATOR(pg_catalog.=) 0")" = 29 ]
ok $? "29 of 30 tenants at head"

out=$($PSQL -d "$db" -At -c "SET schemamig.tenant = 'tn1'" -c 'SET client_min_messages = debug1' \
    -c 'SELECT pg_catalog.count(*) FROM schemamig.check_reversible()' 2>&1)
is "$(grep -o 'revision "v[0-9]": schemas read and compared: [0-9]*' <<<"$out")" \
'revision "v1": schemas read and compared: 0
revision "v2": schemas read and compared: 1
revision "v3": schemas read and compared: 0' "tn1's check reads tn1's schema for v2 only, none of the 29 others"
is "$(tail -1 <<<"$out")" 0 "no problem found"
is "$(grep -c 'applied revision "v2"' <<<"$out")/$(grep -c 'reverted revision "v2"' <<<"$out")" 3/2 \
    "v2 (a schema changed) runs up and down twice, then up"
is "$(grep -c 'applied revision "v1"' <<<"$out")/$(grep -c 'reverted revision "v1"' <<<"$out")" 2/1 \
    "v1 (nothing changed) runs up and down once, then up"
is "$($PSQL -d "$db" -At -c "SELECT pg_catalog.to_regclass('tn1.t') IS NULL")" t "nothing stays"

# a downgrade that forgets the index: the difference is still found
$PSQL -d "$db" -c "SELECT schemamig.add_revision('v4', 'CREATE INDEX IF NOT EXISTS t_ib ON t (id, b)', 'SELECT 1', parents => '{v3}')" \
    >/dev/null 2>&1
out=$($PSQL -d "$db" -At -c "SET schemamig.tenant = 'tn1'" -c 'SET client_min_messages = warning' \
    -c 'SELECT revision, problem FROM schemamig.check_reversible()' 2>&1)
is "$out" 'v4|downgrade does not restore schema "tn1"; restoring it takes:
DROP INDEX t_ib;' "a forgotten index in tn1 is found"

"$BIN/dropdb" "$db"
tap_done
