#!/usr/bin/env bash
# Load: 16 clients call upgrade() for 10 seconds while another session keeps
# registering revisions. Every revision is applied exactly once, the applied
# set is always a valid prefix of the graph (verify() clean whenever it is
# sampled), and no client sees an error.
set -u
. "$(dirname "$0")/../shell/tap.inc"
db=schemamig_load
seconds=${LOAD_SECONDS:-10}
clients=16
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE TABLE load_log (rev text NOT NULL);
SELECT schemamig.add_revision('r' || i, format('INSERT INTO load_log VALUES (%L)', 'r' || i), 'SELECT 1')
  FROM generate_series(1, 5) AS i;
SQL

# the registrar: one revision every 20 ms, parents => NULL (the head)
awk -v n=$((seconds * 50)) 'BEGIN {
    for (i = 6; i < 6 + n; i++) {
        printf "SELECT schemamig.add_revision(%cr%d%c, %cINSERT INTO load_log VALUES (%c%cr%d%c%c)%c, %cSELECT 1%c);\n", 39, i, 39, 39, 39, 39, i, 39, 39, 39, 39, 39
        print "SELECT pg_sleep(0.02);"
    }
}' >"$work/register.sql"
# the sampler: verify() and the prefix rule every 100 ms
awk -v n=$((seconds * 10)) 'BEGIN {
    for (i = 0; i < n; i++) {
        print "SELECT count(*) FROM schemamig.verify();"
        print "SELECT count(*) FROM schemamig.applied a, LATERAL unnest((SELECT parents FROM schemamig.revision WHERE id = a.revision)) AS p WHERE p NOT IN (SELECT revision FROM schemamig.applied);"
        print "SELECT pg_sleep(0.1);"
    }
}' >"$work/sample.sql"
echo "SELECT schemamig.upgrade();" >"$work/upgrade.sql"

$PSQL -d "$db" -At -f "$work/register.sql" >"$work/register.out" 2>"$work/register.err" &
reg=$!
$PSQL -d "$db" -At -f "$work/sample.sql" >"$work/sample.out" 2>"$work/sample.err" &
sam=$!
"$BIN/pgbench" -n -c "$clients" -j 4 -T "$seconds" -f "$work/upgrade.sql" "$db" >"$work/pgbench.out" 2>"$work/pgbench.err"
bench_rc=$?
wait "$reg"
reg_rc=$?
wait "$sam"

is "$bench_rc" 0 "pgbench: $clients clients ran for ${seconds}s without an aborted client"
failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench.out")
is "${failed:-missing}" 0 "no upgrade() call failed"
calls=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out")
[ "${calls:-0}" -gt 100 ]; ok $? "upgrade() was called ${calls:-0} times"
is "$reg_rc" 0 "the registrar never failed"
[ -s "$work/register.err" ] && sed 's/^/# /' "$work/register.err" | head -5
is "$(grep -v '^0$' "$work/sample.out" | grep -vc '^$')" 0 "verify() and the prefix rule held at every sample ($(grep -c . "$work/sample.out") values)"

# one last upgrade() catches revisions registered after the clients stopped
$PSQL -d "$db" -At -c 'SELECT schemamig.upgrade()' >/dev/null
registered=$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.revision')
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.applied')" "$registered" "all $registered registered revisions are applied"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM load_log')" "$registered" "each ran exactly once"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM (SELECT rev FROM load_log GROUP BY rev HAVING count(*) > 1) d')" 0 "no revision ran twice"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM unnest(schemamig.heads())')" 1 "registrations built one chain"
is "$($PSQL -d "$db" -At -c "SELECT count(*) FROM schemamig.log WHERE action = 'upgrade'")" "$registered" "the log holds one upgrade per revision"

echo "# figures: load clients=$clients calls=${calls:-0} revisions=$registered lost=$((registered - $($PSQL -d "$db" -At -c 'SELECT count(DISTINCT rev) FROM load_log')))"
"$BIN/dropdb" "$db"
tap_done
