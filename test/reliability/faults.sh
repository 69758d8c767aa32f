#!/usr/bin/env bash
# Faults: revision 3 of 5 fails (bad SQL, a constraint violation, a
# lock_timeout, the caller's statement_timeout, a full disk simulated by a
# function).
# upgrade() leaves nothing of the call applied; migrate leaves exactly the
# two revisions before the failing one.
set -u
. "$(dirname "$0")/../shell/tap.inc"
db=schemamig_faults
work=$(mktemp -d)
trap 'kill $holder 2>/dev/null; rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
holder=

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE TABLE fault_log (rev text NOT NULL);
CREATE TABLE fault_unique (id int PRIMARY KEY);
INSERT INTO fault_unique VALUES (1);
CREATE TABLE fault_held (id int);
-- what a full disk looks like to a revision
CREATE FUNCTION fault_disk_full() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'could not extend file "base/1/2": No space left on device' USING ERRCODE = 'disk_full';
END $$;
SQL

# another session holds a lock that the lock_timeout fault waits for
$PSQL -d "$db" -c 'BEGIN' -c 'LOCK TABLE fault_held IN ACCESS EXCLUSIVE MODE' -c 'SELECT pg_sleep(600)' >/dev/null 2>&1 &
holder=$!

declare -A fault_sql=(
    [bad_sql]="SELECT * FROM fault_no_such_table"
    [constraint]="INSERT INTO fault_unique VALUES (1)"
    [lock_timeout]="SET LOCAL lock_timeout = '200ms'; LOCK TABLE fault_held IN SHARE MODE"
    [statement_timeout]="SELECT pg_sleep(5)"
    [disk_full]="SELECT fault_disk_full()"
)
declare -A fault_state=(
    [bad_sql]=42P01 [constraint]=23505 [lock_timeout]=55P03 [statement_timeout]=57014 [disk_full]=53100
)

for fault in bad_sql constraint lock_timeout statement_timeout disk_full; do
    sql=${fault_sql[$fault]}
    $PSQL -d "$db" -At >/dev/null <<SQL
SELECT schemamig.stamp('base');
DELETE FROM schemamig.revision;
TRUNCATE fault_log;
SELECT schemamig.add_revision('${fault}_' || i,
         CASE WHEN i = 3 THEN \$f\$INSERT INTO fault_log VALUES ('3'); ${sql}\$f\$
              ELSE format('INSERT INTO fault_log VALUES (%L); CREATE TABLE %I (id int)', i, '${fault}_t' || i) END,
         CASE WHEN i = 3 THEN 'SELECT 1' ELSE format('DROP TABLE %I', '${fault}_t' || i) END)
  FROM generate_series(1, 5) AS i;
SQL
    # statement_timeout counts from the start of the caller's statement
    timeout="SET statement_timeout = 0"
    [ "$fault" = statement_timeout ] && timeout="SET statement_timeout = '1s'"
    state=$($PSQL -d "$db" -At -v VERBOSITY=sqlstate -c "$timeout" -c 'SELECT schemamig.upgrade()' 2>&1 | sed -n 's/^ERROR:  //p')
    is "$state" "${fault_state[$fault]}" "$fault: upgrade() fails with the revision's own SQLSTATE"
    is "$($PSQL -d "$db" -At -c "SELECT (SELECT count(*) FROM schemamig.applied) || ' ' || (SELECT count(*) FROM fault_log) || ' ' || (SELECT count(*) FROM pg_class WHERE relname ~ '^${fault}_t[0-9]+\$')")" \
        "0 0 0" "$fault: upgrade() left nothing applied, logged or created"
    $PSQL -d "$db" -At -c "$timeout" -c 'CALL schemamig.migrate()' >/dev/null 2>&1
    is "$($PSQL -d "$db" -At -c "SELECT string_agg(revision, ' ' ORDER BY seq) || ' / ' || (SELECT string_agg(rev, ' ' ORDER BY rev) FROM fault_log) FROM schemamig.applied")" \
        "${fault}_1 ${fault}_2 / 1 2" "$fault: migrate kept exactly the two revisions before it"
    is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "$fault: verify() is clean"
    $PSQL -d "$db" -At -c "SELECT schemamig.downgrade_to('base')" >/dev/null
done

# A cancel that comes while diff() cleans up after a model (here a
# statement_timeout, at points from 10 to 300 ms into calls that 20,000
# prepared statements of the session make long) is handled after the
# clean-up: the advisory lock the model took never stays with the session.
{
    echo "DO \$\$ BEGIN FOR i IN 1..20000 LOOP EXECUTE format('PREPARE p%s AS SELECT 1', i); END LOOP; END \$\$;"
    for ms in 10 20 30 40 50 60 80 100 120 140 160 180 200 250 300; do
        echo "SET statement_timeout = '${ms}ms';"
        echo "SELECT count(*) FROM schemamig.diff('CREATE TABLE mt (i int); SELECT pg_advisory_lock(4242)', 'public');"
    done
    echo "RESET statement_timeout;"
    echo "SELECT 'locks ' || count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();"
} >"$work/cancel.sql"
$PSQL -d "$db" -At -v ON_ERROR_STOP=0 -f "$work/cancel.sql" >"$work/cancel.out" 2>&1
[ "$(grep -c 'canceling statement due to statement timeout' "$work/cancel.out")" -ge 1 ]
ok $? "diff() with a model that takes an advisory lock is cancelled by statement_timeout"
is "$(grep '^locks ' "$work/cancel.out")" "locks 0" "and the model's advisory lock never stays with the session" ||
    sed 's/^/# /' "$work/cancel.out"

# SQL that takes session-level advisory locks millions of times (20 keys,
# 100,000 times each) does not make the clean-up, which holds cancels off,
# take minutes: the call ends well within a minute, and no hold stays.
timeout 120 $PSQL -d "$db" -At >"$work/holds.out" 2>&1 <<'SQL'
SELECT count(*) > 0 FROM schemamig.diff($m$SELECT count(pg_advisory_lock(k)) FROM generate_series(1, 20) AS k, generate_series(1, 100000) AS n; CREATE TABLE mt (i int)$m$, 'public');
SELECT 'locks ' || count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid();
SQL
is "$?:$(tail -n 1 "$work/holds.out")" "0:locks 0" "2,000,000 advisory lock holds taken by a model are released at once" ||
    sed 's/^/# /' "$work/holds.out"

kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
"$BIN/dropdb" --force "$db"
tap_done
