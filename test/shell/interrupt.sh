#!/usr/bin/env bash
# Ctrl-C and SIGTERM against a real server: the client cancels the statement
# the server runs for it (no backend goes on running it), reports the
# server's 57014, sends nothing more and ends by the signal (128 + N);
# --all-tenants and --fleet stop what runs and start nothing more, whether
# the signal reaches the whole process group (Ctrl-C) or the client alone
# (kill, docker stop); a second signal ends the client at once; a COMMIT
# that had committed when the signal came (waiting for a synchronous
# standby) counts as done.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_interrupt
work=$(mktemp -d)
stopped=""
syncrep_on=""
# syncrep SQL: ALTER SYSTEM SQL, reloaded
syncrep() { $PSQL -q -c "ALTER SYSTEM $1" -c "SELECT pg_catalog.pg_reload_conf()" >/dev/null; }
cleanup() {
    [ -n "$stopped" ] && kill -CONT $stopped 2>/dev/null
    [ -n "$syncrep_on" ] && syncrep "RESET synchronous_standby_names"
    for d in "$db" "${db}_a" "${db}_b" "${db}_c" "${db}_d"; do "$BIN/dropdb" --if-exists "$d" >/dev/null 2>&1; done
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
q() { $PSQL -At -c "$1"; }

# rev DIR ID PARENT UPGRADE [no-transaction]: a migration file
rev() {
    mkdir -p "$1"
    {
        printf -- '-- schemamig revision: %s\n-- parents: %s\n-- message: %s\n' "$2" "$3" "$2"
        [ -n "${5:-}" ] && echo "-- no-transaction"
        printf -- '\n-- schemamig:upgrade\n%s\n\n-- schemamig:downgrade\nSELECT 1;\n' "$4"
    } >"$1/$2.sql"
}
# sleeping APP N [EVENT]: wait (up to 10 s) until N backends of application
# APP sleep in pg_sleep (or wait for EVENT)
sleeping() {
    for _ in $(seq 100); do
        [ "$(q "SELECT count(*) FROM pg_catalog.pg_stat_activity
                WHERE application_name = '$1' AND wait_event = '${3:-PgSleep}'")" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
# gone APP: wait (up to 5 s) until no backend of application APP is left
gone() {
    for _ in $(seq 50); do
        [ "$(q "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = '$1'")" = 0 ] && return 0
        sleep 0.1
    done
    return 1
}
# start APP N OUT CMD...: CMD in the background as application APP, its
# output in OUT, its pid in pid; passes when N of its backends sleep (or
# wait for the event WAIT_EVENT names). As a
# shell's foreground job: a process group of its own (setsid), SIGINT not
# ignored (a script's background job has it ignored)
start() {
    local app=$1 n=$2 out=$3
    shift 3
    PGAPPNAME=$app setsid env --default-signal=INT "$@" >"$out" 2>&1 &
    pid=$!
    sleeping "$app" "$n" "${WAIT_EVENT:-}"; ok $? "$app: the revision runs ($n at once)" || sed 's/^/# /' "$out"
}
# finish PID: wait for the client; its exit status in rc, the seconds it
# took after the signal in took
finish() {
    local t0=$SECONDS
    wait "$1"
    rc=$?
    took=$((SECONDS - t0))
}
# database NAME: a new database with the extension, the one the client uses
database() {
    fresh_db "$1" && $PSQL -d "$1" -c 'CREATE EXTENSION schemamig' || exit 1
    export PGDATABASE=$1
}

# --- Ctrl-C during a transactional revision ---------------------------------
database "$db"
rev tx a1 "" "CREATE TABLE tx_made (a int);
SELECT pg_sleep(60);"
start sm_tx 1 tx.out "$SM" -D tx upgrade
kill -INT "$pid"
finish "$pid"
is "$rc" 130 "SIGINT: the client ends by it (exit 130)"
[ "$took" -lt 20 ]; ok $? "at once, not when the statement would have ended (${took}s)"
grep -q '^schemamig: error: canceling statement due to user request (SQLSTATE 57014)$' tx.out &&
    grep -q 'revision "a1"' tx.out
ok $? "it reports the server's 57014, its context naming the revision" || sed 's/^/# /' tx.out
gone sm_tx; ok $? "no backend is left running the statement"
is "$(q "SELECT to_regclass('public.tx_made') IS NULL, (SELECT count(*) FROM schemamig.applied)")" "t|0" \
    "the revision's transaction is rolled back: nothing made, nothing recorded"

# --- SIGTERM to a container's command: the first process of a PID namespace
# (unshare, as root) is not ended by a signal, even one it raises itself
database "${db}_a"
rev tx1 p1 "" "SELECT pg_sleep(60);"
start sm_pid1 1 pid1.out unshare --pid --fork "$SM" -D tx1 upgrade
kill -TERM "$(pgrep -P "$pid")"
finish "$pid"
is "$rc" 143 "as PID 1, SIGTERM still cancels, and the client exits 143" || sed 's/^/# /' pid1.out
grep -q 'canceling statement due to user request (SQLSTATE 57014)' pid1.out; ok $? "with the server's 57014"
gone sm_pid1; ok $? "and no backend is left"

# --- SIGTERM during a non-transactional revision ----------------------------
database "${db}_a"
rev nt n1 "" "CREATE TABLE nt_made (a int);
SELECT pg_sleep(60);" no-transaction
start sm_nt 1 nt.out "$SM" -D nt upgrade
kill -TERM "$pid"
finish "$pid"
is "$rc" 143 "SIGTERM: the client ends by it (exit 143)"
grep -q 'canceling statement due to user request (SQLSTATE 57014)' nt.out &&
    grep -q 'revision "n1" (not transactional) failed at statement 2 of 2; the statements before it ran and stay' nt.out
ok $? "it reports the 57014 and which statements ran" || sed 's/^/# /' nt.out
gone sm_nt; ok $? "no backend is left running the statement"
is "$(q "SELECT to_regclass('public.nt_made') IS NOT NULL,
             (SELECT count(*) FROM schemamig.applied WHERE revision = 'n1')")" "t|0" \
    "the statement before it stays, the revision is not recorded"

# --- a signal after the statements of a non-transactional revision have all
# run, while the client records it (its record waits for a lock another
# session holds): the record is not cancelled, the revision is recorded,
# and the client stops before the next revision
database "${db}_d"
rev ntr r1 "" "CREATE TABLE r1_made (a int);
SELECT pg_sleep(1);" no-transaction
rev ntr r2 r1 "CREATE TABLE r2_made (a int);"
start sm_rec 1 rec.out "$SM" -D ntr upgrade
PGAPPNAME=sm_locker $PSQL -c "BEGIN; LOCK schemamig.applied; SELECT pg_sleep(3)" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 100); do
    [ "$(q "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = 'sm_rec' AND wait_event_type = 'Lock'")" = 1 ] && break
    sleep 0.1
done
kill -INT "$pid"
finish "$pid"
wait "$locker"
is "$rc" 130 "a signal while the record waits: the client ends by it once the record is made" || sed 's/^/# /' rec.out
is "$(q "SELECT string_agg(revision, ',') FROM schemamig.applied")|$(q "SELECT to_regclass('public.r2_made') IS NULL")" "r1|t" \
    "the revision whose statements all ran is recorded; the next one is not run"
grep -q '^schemamig: error: interrupted by SIGINT before the next statement' rec.out; ok $? "and the client says why it stopped" ||
    sed 's/^/# /' rec.out

# --- a second signal, while the server does not answer: its backend stopped
# (the cancel arrives, nothing acts on it), or its postmaster stopped (the
# cancel request itself waits, inside the signal handler)
database "${db}_b"
rev tx2 b1 "" "SELECT pg_sleep(60);"
postmaster=$(head -1 "$(q 'SHOW data_directory')/postmaster.pid")
for who in backend postmaster; do
    start sm_twice 1 twice.out "$SM" -D tx2 upgrade
    if [ $who = backend ]; then
        stopped=$(q "SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = 'sm_twice' AND wait_event = 'PgSleep'")
    else
        stopped=$postmaster
    fi
    kill -STOP "$stopped"
    kill -INT "$pid"
    sleep 1
    kill -0 "$pid" 2>/dev/null; ok $? "$who stopped: the first signal waits for the server"
    kill -INT "$pid"
    sleep 1
    kill -0 "$pid" 2>/dev/null; ended=$?
    kill -CONT "$stopped"
    stopped=""
    finish "$pid"
    is "$ended:$rc" 1:130 "$who stopped: the second ends the client at once (exit 130)" || sed 's/^/# /' twice.out
    gone sm_twice; ok $? "$who stopped: the backend, let go, ends too"
done
is "$(q "SELECT count(*) FROM schemamig.applied WHERE revision = 'b1'")" 0 "nothing recorded"

# --- upgrade --all-tenants -j 2, SIGTERM to the client ----------------------
database "${db}_c"
for t in t1 t2 t3 t4; do q "SELECT schemamig.add_tenant('$t')" >/dev/null; done
rev ten c1 "" "CREATE TABLE made (a int);
SELECT pg_sleep(60);"
start sm_ten 2 ten.out "$SM" -D ten upgrade --all-tenants -j 2
kill -TERM "$pid"
finish "$pid"
is "$rc" 143 "--all-tenants: the client ends by SIGTERM"
grep -q '^upgrade --all-tenants: 4 tenants: 0 upgraded, 0 already current, 4 failed$' ten.out &&
    grep -q '^failed: t1: canceling statement due to user request (SQLSTATE 57014)$' ten.out &&
    grep -q '^failed: t3: not tried: interrupted$' ten.out && grep -q '^failed: t4: not tried: interrupted$' ten.out
ok $? "the summary: the two running cancelled, the others not tried" || sed 's/^/# /' ten.out
gone sm_ten; ok $? "no backend is left"
is "$(q "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'made'")" 0 "no tenant got the table"

# --- upgrade --fleet -j 1: Ctrl-C (the process group), then kill (the parent alone)
for d in a b c; do database "${db}_$d"; echo "dbname=${db}_$d"; done >fleet.txt
rev fl f1 "" "CREATE TABLE made (a int);
SELECT pg_sleep(60);"
for how in group parent; do
    start sm_fleet 1 fleet.out "$SM" -D fl upgrade --fleet fleet.txt -j 1
    if [ $how = group ]; then kill -INT -- "-$pid"; want=130; else kill -TERM "$pid"; want=143; fi
    finish "$pid"
    is "$rc" $want "$how: the client ends by the signal"
    grep -q '^upgrade --fleet: 3 databases: 0 upgraded, 0 already current, 3 failed$' fleet.out &&
        grep -q "^failed: dbname=${db}_a: canceling statement due to user request (SQLSTATE 57014)$" fleet.out &&
        grep -q "^failed: dbname=${db}_b: not started: interrupted$" fleet.out &&
        grep -q "^failed: dbname=${db}_c: not started: interrupted$" fleet.out
    ok $? "$how: the running database cancelled, the others not started" || sed 's/^/# /' fleet.out
    gone sm_fleet; ok $? "$how: no backend is left"
    is "$($PSQL -d "${db}_a" -At -c "SELECT to_regclass('public.made') IS NULL, (SELECT count(*) FROM schemamig.applied)")" \
        "t|0" "$how: nothing made or recorded"
done
# a second signal to the parent alone, while the servers do not answer
# (their backends stopped): the parent ends at once, and so do its processes
start sm_fleet 2 fleet.out "$SM" -D fl upgrade --fleet fleet.txt -j 2
stopped=$(q "SELECT string_agg(pid::text, ' ') FROM pg_catalog.pg_stat_activity WHERE application_name = 'sm_fleet' AND wait_event = 'PgSleep'")
kill -STOP $stopped
kill -TERM "$pid"
sleep 1
kill -TERM "$pid"
finish "$pid"
sleep 1
left=$(pgrep -f -- "-D fl upgrade --fleet" | wc -l)
kill -CONT $stopped
stopped=""
is "$rc:$left" 143:0 "a second signal to the --fleet parent: it ends, and leaves none of its processes running"
gone sm_fleet; ok $? "and the backends, let go, end too"

# --- Ctrl-C reaches a --fleet process twice, from the terminal and from its
# parent, in either order: one signal, not two. Here the parent's copy comes
# first (the parent alone signalled), then the terminal's, while the
# database's backend is stopped: the process still reports the server's
# 57014 once the backend goes on, rather than ending at once
start sm_fleet 1 fleet.out "$SM" -D fl upgrade --fleet fleet.txt -j 1
stopped=$(q "SELECT pid FROM pg_catalog.pg_stat_activity WHERE application_name = 'sm_fleet' AND wait_event = 'PgSleep'")
child=$(pgrep -P "$pid")
kill -STOP $stopped
kill -INT "$pid"
sleep 1
kill -INT "$child"
sleep 1
kill -0 "$child" 2>/dev/null; alive=$?
kill -CONT $stopped
stopped=""
finish "$pid"
is "$alive:$rc" 0:130 "the parent's copy, then the terminal's: the --fleet process takes them as one signal" || sed 's/^/# /' fleet.out
grep -q "^failed: dbname=${db}_a: canceling statement due to user request (SQLSTATE 57014)$" fleet.out
ok $? "and reports the server's 57014 for its database" || sed 's/^/# /' fleet.out
gone sm_fleet; ok $? "no backend is left"

# --- a signal while a COMMIT waits for a synchronous standby that never
# answers: the cancel ends the wait, but the transaction has committed (the
# server's WARNING says so), so the client counts it done: upgrade exits 0,
# and --fleet and --all-tenants count that database or tenant upgraded and
# start no other. Everything is registered first: then only the
# revisions' COMMITs write, and wait.
rev sr s1 "" "CREATE TABLE sr_made (a int);"
for d in a b c d; do database "${db}_$d"; "$SM" -D sr sync >/dev/null || exit 1; done
for t in t1 t2; do $PSQL -d "${db}_a" -c "SELECT schemamig.add_tenant('$t')" >/dev/null; done
for d in b c d; do echo "dbname=${db}_$d"; done >fleet.txt
syncrep "SET synchronous_standby_names = 'schemamig_nobody'"; syncrep_on=1
export PGDATABASE=${db}_a
WAIT_EVENT=SyncRep start sm_sr 1 sr.out "$SM" -D sr upgrade
kill -INT "$pid"
finish "$pid"
grep -q '^WARNING:  canceling wait for synchronous replication due to user request$' sr.out &&
    grep -q '^upgrade: 1 revision applied$' sr.out
is "$rc" 0 "upgrade: a signal while its COMMIT waits for a standby ends the wait; committed, it exits 0" || sed 's/^/# /' sr.out
is "$(q "SELECT to_regclass('public.sr_made') IS NOT NULL, (SELECT count(*) FROM schemamig.applied)")" "t|1" "and the revision is applied"
WAIT_EVENT=SyncRep start sm_sr 1 sr.out "$SM" -D sr upgrade --all-tenants -j 1
kill -INT -- "-$pid"
finish "$pid"
is "$rc" 130 "--all-tenants: the client ends by the signal"
grep -q '^upgrade --all-tenants: 2 tenants: 1 upgraded, 0 already current, 1 failed$' sr.out &&
    grep -q '^failed: t2: not tried: interrupted$' sr.out
ok $? "--all-tenants: the tenant whose COMMIT the signal cut short is counted upgraded, the next not tried" || sed 's/^/# /' sr.out
is "$(q "SELECT string_agg(tenant || ':' || pending, ',' ORDER BY tenant) FROM schemamig.tenants()")" "t1:0,t2:1" \
    "--all-tenants: t1 has the revision, t2 not"
WAIT_EVENT=SyncRep start sm_sr 1 sr.out "$SM" -D sr upgrade --fleet fleet.txt -j 1
kill -INT -- "-$pid"
finish "$pid"
is "$rc" 130 "--fleet: the client ends by the signal"
grep -q '^upgrade --fleet: 3 databases: 1 upgraded, 0 already current, 2 failed$' sr.out &&
    grep -q "^failed: dbname=${db}_c: not started: interrupted$" sr.out &&
    grep -q "^failed: dbname=${db}_d: not started: interrupted$" sr.out
ok $? "--fleet: the database whose COMMIT the signal cut short is counted upgraded, the others not started" || sed 's/^/# /' sr.out
is "$($PSQL -d "${db}_b" -At -c "SELECT count(*) FROM schemamig.applied")" 1 "--fleet: that database has the revision"
syncrep "RESET synchronous_standby_names"; syncrep_on=""

tap_done
