#!/usr/bin/env bash
# Crash: a long upgrade() is interrupted by kill -9 of its backend, and in a
# second run by an immediate shutdown of the whole server. After restart the
# database holds exactly the state before the call, verify() is clean, and
# upgrade() then completes.
set -u
. "$(dirname "$0")/../shell/tap.inc"
db=schemamig_crash
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
read -r version cluster _ < <(pg_lsclusters -h | head -n 1)

wait_ready() {
    for _ in $(seq 1 120); do
        "$BIN/pg_isready" -q -d "$db" && $PSQL -d "$db" -At -c 'SELECT 1' >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    return 1
}

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE TABLE crash_log (rev text NOT NULL);
-- 20 revisions of 0.3 s each: a 6 s upgrade
SELECT schemamig.add_revision('c' || i,
         format('CREATE TABLE crash_t%s (id int); INSERT INTO crash_log VALUES (%L); SELECT pg_sleep(0.3)', i, 'c' || i),
         format('DROP TABLE crash_t%s; DELETE FROM crash_log WHERE rev = %L', i, 'c' || i))
  FROM generate_series(1, 20) AS i;
SELECT schemamig.upgrade('c3');
SQL

snapshot() {
    $PSQL -d "$db" -At <<'SQL'
SELECT 'applied', revision, seq, checksum FROM schemamig.applied ORDER BY seq;
SELECT 'log', seq, action, revision FROM schemamig.log ORDER BY seq;
SELECT 'rows', rev FROM crash_log ORDER BY rev;
SELECT 'tables', count(*) FROM pg_class WHERE relname LIKE 'crash_t%';
SQL
}
snapshot >"$work/before"

# start a long upgrade, wait until it is a few revisions in
start_upgrade() {
    $PSQL -d "$db" -At -c 'SELECT schemamig.upgrade()' >"$work/upgrade.out" 2>&1 &
    upgrader=$!
    for _ in $(seq 1 50); do
        pid=$($PSQL -d "$db" -At -c "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT schemamig.upgrade()' AND state = 'active'")
        [ -n "$pid" ] && break
        sleep 0.1
    done
    sleep 1.5
}

crashes=0
for how in kill9 immediate; do
    start_upgrade
    [ -n "$pid" ]; ok $? "$how: the upgrade is running (backend $pid)"
    if [ "$how" = kill9 ]; then
        kill -9 "$pid"
    else
        pg_ctlcluster "$version" "$cluster" stop -m immediate >/dev/null 2>&1
        pg_ctlcluster "$version" "$cluster" start >/dev/null 2>&1
    fi
    wait "$upgrader"
    [ $? -ne 0 ]; ok $? "$how: the interrupted call failed"
    wait_ready; ok $? "$how: the server is back"
    crashes=$((crashes + 1))
    snapshot >"$work/after"
    cmp -s "$work/before" "$work/after"; ok $? "$how: applied set, log, data and tables are exactly as before the call"
    is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "$how: verify() is clean"
done

is "$($PSQL -d "$db" -At -c 'SELECT schemamig.upgrade()')" 17 "upgrade() then completes"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM crash_log')" 20 "every revision ran once"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "verify() is clean"

echo "# figures: crashes survived=$crashes lost=$((20 - $($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.applied')))"
"$BIN/dropdb" "$db"
tap_done
