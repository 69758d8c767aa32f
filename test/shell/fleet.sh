#!/usr/bin/env bash
# upgrade, status and history --fleet against real clusters: the server the
# PG* variables name, and three more this test starts with initdb and
# pg_ctl on free ports (one holds a table that makes a revision fail, one
# is stopped). Summary counts, named failures, exit status, each database's
# applied state afterwards, -j 3 running at once, service-file entries, and
# no password ever printed.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_fleet
work=$(mktemp -d)
chmod 755 "$work"
pg=$work/pg
mkdir "$pg"
[ "$(id -u)" = 0 ] && chown postgres "$pg"
clusters=()
cleanup() {
    for d in "${clusters[@]}"; do as_server "'$BIN/pg_ctl' -D '$d' -m immediate stop" >/dev/null 2>&1; done
    "$BIN/dropdb" --if-exists "$db" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
user=${PGUSER:-$(id -un)}

# The first TCP port from $1 up that nothing listens on.
free_port() {
    python3 - "$1" <<'PY'
import socket, sys
p = int(sys.argv[1])
while True:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        s.close()
        break
    except OSError:
        p += 1
print(p)
PY
}
# new_cluster NAME: initdb, start on a free port (in $port), create the
# database "fleet" with the extension
next_port=$((${PGPORT:-5432} + 1))
new_cluster() {
    port=$(free_port "$next_port")
    next_port=$((port + 1))
    as_server "'$BIN/initdb' -D '$pg/$1' -U '$user' --auth=trust -N" >/dev/null 2>&1 || return 1
    clusters+=("$pg/$1")
    as_server "'$BIN/pg_ctl' -D '$pg/$1' -w -l '$pg/$1.log' -o '-p $port -k $pg -c listen_addresses=localhost -c fsync=off' start" >/dev/null || return 1
    "$BIN/createdb" -h localhost -p "$port" fleet &&
        $PSQL -h localhost -p "$port" -d fleet -c 'CREATE EXTENSION schemamig'
}
new_cluster x || { echo "Bail out! could not start cluster x"; exit 1; }
px=$port
new_cluster y || { echo "Bail out! could not start cluster y"; exit 1; }
py=$port
new_cluster z || { echo "Bail out! could not start cluster z"; exit 1; }
pz=$port
as_server "'$BIN/pg_ctl' -D '$pg/z' -w stop" >/dev/null
fresh_db "$db"
$PSQL -d "$db" -c 'CREATE EXTENSION schemamig'
qv() { $PSQL -d "$db" -At -c "$1"; }
qx() { $PSQL -h localhost -p "$1" -d fleet -At -c "$2"; }

# cluster y already has the table the second revision creates
qx "$py" 'CREATE TABLE fleet_b (id int)'

export PGSERVICEFILE=$work/pg_service.conf
cat >"$PGSERVICEFILE" <<EOF
[fleet_y]
host=localhost
port=$py
dbname=fleet
EOF

mkdir migrations
cat >migrations/r1.sql <<'EOF'
-- schemamig revision: r1
-- parents:
-- message: table a
-- schemamig:upgrade
CREATE TABLE fleet_a (id int);
EOF
cat >migrations/r2.sql <<'EOF'
-- schemamig revision: r2
-- parents: r1
-- message: table b
-- schemamig:upgrade
CREATE TABLE fleet_b (id int);
EOF

# the server of the PG* variables by URI with its real password; x with a
# quoted password (trust ignores it); y through the service file; z stopped
cat >fleet.txt <<EOF
# the fleet: comments and blank lines are skipped

postgresql://$user:${PGPASSWORD:-nopass}@${PGHOST:-localhost}:${PGPORT:-5432}/$db
   host=localhost port=$px dbname=fleet password='s3cret word'
service=fleet_y
postgresql://$user:hunter2@localhost:$pz/fleet
EOF
vlabel="postgresql://$user:***@${PGHOST:-localhost}:${PGPORT:-5432}/$db"
no_secret() {
    ! grep -q -e 's3cret' -e hunter2 ${PGPASSWORD:+-e "$PGPASSWORD"} "$1"
}

# --- usage errors: exit 2, nothing done ---------------------------------------
usage() {
    local want=$1
    shift
    "$SM" "$@" >usage.out 2>&1
    local rc=$?
    [ "$rc" = 2 ] && grep -q -- "$want" usage.out
    ok $? "usage error, $*: exit 2 and \"$want\"" || sed 's/^/# /' usage.out
}
usage 'could not open "nofile"' upgrade --fleet nofile
printf '# nothing\n\n   \n' >empty.txt
usage 'names no database' upgrade --fleet empty.txt
# a directory opens, and its first read fails: that, not "names no database"
mkdir fleetdir
usage 'could not read "fleetdir": Is a directory' upgrade --fleet fleetdir
usage '-j takes a number of connections from 1 to 64, not "0"' upgrade --fleet fleet.txt -j 0
usage 'not "x"' upgrade --fleet fleet.txt -j x
usage 'not "65"' upgrade --fleet fleet.txt -j 65
usage '-j goes with --fleet FILE or --all-tenants' upgrade -j 2
usage '--fleet goes with upgrade, status or history' downgrade --fleet fleet.txt
usage '--fleet and -d do not go together' upgrade --fleet fleet.txt -d "dbname=$db"
usage '--all-tenants and --fleet do not go together' upgrade --fleet fleet.txt --all-tenants
usage 'history --json does not go with --fleet' history --json --fleet fleet.txt
printf 'host=localhost port\n' >bad.txt
usage 'bad.txt:1: not a connection string, URI or service=NAME: host=localhost port (missing "=" after "port" in connection info string)$' status --fleet bad.txt
printf 'dbname=x\nhost=localhost password=tops3cret port\n' >badpw.txt
usage 'badpw.txt:2: not a connection string, URI or service=NAME (the line is not shown: it holds a password)$' status --fleet badpw.txt
! grep -q tops3cret usage.out; ok $? "a line that does not parse and holds a password is not shown"
printf 'dbname=x\nhost=localhost sslpassword=k3ysecret port\n' >badssl.txt
usage 'badssl.txt:2: not a connection string, URI or service=NAME (the line is not shown' status --fleet badssl.txt
! grep -q k3ysecret usage.out; ok $? "sslpassword is kept out too"
# quotes that fool the masking, and a keyword in capitals (no keyword of
# libpq's): not shown either
for l in 'host=x password="s3c1 s3c2"' "host=x password='s3c3's3c4" 'host=x PASSWORD=s3c5'; do
    printf '%s\n' "$l" >badq2.txt
    "$SM" status --fleet badq2.txt >usage.out 2>&1
    [ $? = 2 ] && ! grep -q s3c usage.out
    ok $? "a line that does not parse, $l: exit 2, no piece of its password" || sed 's/^/# /' usage.out
done
printf 'postgresql://localhost:1/x?pass%%77ord=enc0ded&sslpassword=k3ysecret\n' >badenc.txt
"$SM" status --fleet badenc.txt >enc.out 2>&1
is "$?" 1 "status --fleet of a database that cannot be reached: exit 1"
! grep -q -e enc0ded -e k3ysecret enc.out; ok $? "a percent-encoded key and sslpassword in a URI are masked" || sed 's/^/# /' enc.out
# a password with a '/' or an '@' that is not percent-encoded: libpq reads
# "u:pa" as host and port, or "ss6@localhost" as the host, and its error
# would quote the piece; the line is masked to its last '@', libpq's message
# left out
printf 'postgresql://u:pa/ss4@localhost:1/x\npostgresql://u:pa@ss6@localhost:1/x\n' >badslash.txt
"$SM" status --fleet badslash.txt >slash.out 2>&1
[ $? = 1 ] && ! grep -q -e ss4 -e ss6 -e 'pa/' -e '"pa"' slash.out &&
    [ "$(grep -c "^failed: postgresql://u:\*\*\*@localhost:1/x: could not connect; libpq's message is left out" slash.out)" = 2 ]
ok $? "a URI whose password holds a '/' or an '@': masked, libpq's message left out" || sed 's/^/# /' slash.out
# an '@' in the database's name is no password: such a line is taken
printf 'postgresql://localhost:1/fl@eet\n' >atdb.txt
"$SM" status --fleet atdb.txt >atdb.out 2>&1
is "$?" 1 "a URI with an '@' in its database name is no usage error (the database is unreachable: exit 1)"
# one with a '?', which libpq reads as the password's: masked all through
printf 'postgresql://u:pa?ss5@localhost:1/x\n' >badq.txt
"$SM" status --fleet badq.txt >q.out 2>&1
[ $? = 1 ] && ! grep -q -e ss5 -e 'pa?' q.out && grep -q 'postgresql://u:\*\*\*@localhost:1/x' q.out
ok $? "a URI whose password holds a '?' is printed masked" || sed 's/^/# /' q.out
printf 'dbname=x\000 password=z3ro\n' >badnul.txt
usage 'badnul.txt:1: a zero byte in the line' status --fleet badnul.txt
# a byte order mark: said so, not "invalid connection option" of an
# option name that looks like dbname
printf '\357\273\277dbname=x\n' >bom.txt
usage 'bom.txt:1: the file begins with a UTF-8 byte order mark' status --fleet bom.txt
is "$(qv 'SELECT count(*) FROM schemamig.revision')" 0 "no usage error reached a database"

# --- the first upgrade: two upgraded, two failed ---------------------------------
"$SM" upgrade --fleet fleet.txt -j 2 >up1.out 2>up1.err
is $? 1 "upgrade --fleet exits 1 when a database failed"
grep -qx "upgrade --fleet: 4 databases: 2 upgraded, 0 already current, 2 failed" up1.out
ok $? "the summary counts 2 upgraded, 0 already current, 2 failed" || sed 's/^/# /' up1.out up1.err
grep -qx 'failed: service=fleet_y: relation "fleet_b" already exists (SQLSTATE 42P07)' up1.out
ok $? "the database whose revision failed is named with its error"
grep -q "^failed: postgresql://$user:\*\*\*@localhost:$pz/fleet: could not connect: " up1.out
ok $? "the stopped cluster is named with its connection error, password masked"
is "$(grep -c '^failed: ' up1.out)" 2 "exactly two failures are named"
grep -qx "== host=localhost port=$px dbname=fleet password=\*\*\*" up1.out
ok $? "each database's output comes under a heading"
grep -q "^service=fleet_y:   revision \"r2\" (table b), upgrade statement 1 at line 1" up1.err
ok $? "a failing database's error lines on stderr name it, with the revision" || sed "s/^/# /" up1.err
no_secret up1.out && no_secret up1.err; ok $? "no password is printed, URI or conninfo"
is "$(qv 'SELECT string_agg(revision, $$ $$ ORDER BY seq) FROM schemamig.applied')" "r1 r2" "the first database has both revisions applied"
is "$(qx "$px" 'SELECT string_agg(revision, $$ $$ ORDER BY seq) FROM schemamig.applied')" "r1 r2" "so has the second"
is "$(qx "$py" 'SELECT count(*) FROM schemamig.applied')" 0 "the failing database has nothing applied"
is "$(qx "$py" "SELECT to_regclass('fleet_a') IS NULL")" t "and all of it was rolled back: fleet_a is not there"
is "$(qx "$py" 'SELECT count(*) FROM schemamig.revision')" 0 "the sync too: one transaction per database"

# --- again: the two current ones are already current -------------------------------
"$SM" -q upgrade --fleet fleet.txt >up2.out 2>&1
is $? 1 "a second run still exits 1"
grep -qx "upgrade --fleet: 4 databases: 0 upgraded, 2 already current, 2 failed" up2.out
ok $? "the summary counts 2 already current" || sed 's/^/# /' up2.out

# --- fixed and started: everything at head, -j 3 -----------------------------------
qx "$py" 'DROP TABLE fleet_b'
as_server "'$BIN/pg_ctl' -D '$pg/z' -w -l '$pg/z.log' -o '-p $pz -k $pg -c listen_addresses=localhost' start" >/dev/null
"$SM" -q upgrade --fleet fleet.txt --dry-run >dry.out 2>&1
grep -qx "upgrade --fleet --dry-run: 4 databases: 2 upgraded, 2 already current, 0 failed; everything was rolled back" dry.out
ok $? "a dry run's summary says it was rolled back" || sed 's/^/# /' dry.out
is "$(qx "$py" 'SELECT count(*) FROM schemamig.applied')" 0 "and it was"
"$SM" upgrade --fleet fleet.txt -j 3 >up3.out 2>&1
is $? 0 "once fixed, upgrade --fleet -j 3 exits 0"
grep -qx "upgrade --fleet: 4 databases: 2 upgraded, 2 already current, 0 failed" up3.out
ok $? "2 upgraded, 2 already current, 0 failed" || sed 's/^/# /' up3.out
is "$(qx "$py" 'SELECT string_agg(revision, $$ $$ ORDER BY seq) FROM schemamig.applied')" "r1 r2" "the fixed database is at head"
is "$(qx "$pz" 'SELECT string_agg(revision, $$ $$ ORDER BY seq) FROM schemamig.applied')" "r1 r2" "so is the restarted one"

# --- status and history per database ---------------------------------------------
"$SM" status --fleet fleet.txt >st.out 2>&1
is $? 0 "status --fleet exits 0"
is "$(grep -c '^== ' st.out)" 4 "status --fleet: a heading per database"
is "$(grep -c '^applied (2):' st.out)" 4 "and each database's status under it"
grep -qx "status --fleet: 4 databases: 4 answered, 0 failed" st.out; ok $? "status --fleet sums up"
"$SM" status --check --fleet fleet.txt >st.out 2>&1
is $? 0 "status --check --fleet: nothing pending anywhere, exit 0"
cat >migrations/r3.sql <<'EOF'
-- schemamig revision: r3
-- parents: r2
-- message: slow
-- schemamig:upgrade
SELECT pg_sleep(2);
EOF
"$SM" status --check --fleet fleet.txt >st.out 2>&1
is $? 1 "status --check --fleet: a file not yet applied, exit 1"
grep -qx "status --fleet: 4 databases: 0 current, 4 with something pending, 0 failed" st.out
ok $? "status --check --fleet counts what is pending" || sed 's/^/# /' st.out
"$SM" history --fleet fleet.txt -j 2 >hi.out 2>&1
is $? 0 "history --fleet exits 0"
grep -Fqx "== $vlabel" hi.out; ok $? "history --fleet: a heading names the URI, password masked" || { echo "# $vlabel"; grep "^==" hi.out | sed "s/^/# /"; }
is "$(grep -c '^r1 -> r2 (head) (current), table b' hi.out)" 4 "each database's history under its heading"
# a database with no revision: its heading over nothing, not nothing at all
"$BIN/createdb" -h localhost -p "$px" empty && $PSQL -h localhost -p "$px" -d empty -c 'CREATE EXTENSION schemamig' >/dev/null
printf 'host=localhost port=%s dbname=empty\n' "$px" >empty.txt
"$SM" history --fleet empty.txt >he.out 2>&1
is "$(head -n 2 he.out)" "$(printf '== host=localhost port=%s dbname=empty\nhistory --fleet: 1 database: 1 answered, 0 failed' "$px")" \
    "history --fleet: a database with no revision still gets its heading" || sed 's/^/# /' he.out

# --- -j 3 runs at once: three databases, each revision sleeps 2 s -----------------
head -n 5 fleet.txt >three.txt
start=$(date +%s%N)
"$SM" -q upgrade --fleet three.txt -j 3 >j3.out 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$rc" 0 "upgrade --fleet -j 3 exits 0"
grep -qx "upgrade --fleet: 3 databases: 3 upgraded, 0 already current, 0 failed" j3.out; ok $? "all three upgraded"
[ "$ms" -lt 5000 ]; ok $? "-j 3: three 2 s revisions in $ms ms, at once (one after the other takes 6 s)"
is "$(qx "$px" 'SELECT count(*) FROM schemamig.applied')" 3 "r3 is applied where -j 3 ran it"

# --- a non-transactional revision, as upgrade runs it, on three at once ------------
mkdir nontx
cp migrations/*.sql nontx/
cat >nontx/r4.sql <<'EOF'
-- schemamig revision: r4
-- parents: r3
-- message: index concurrently
-- no-transaction
-- schemamig:upgrade
CREATE INDEX CONCURRENTLY fleet_a_id ON fleet_a (id);
EOF
"$SM" -D nontx upgrade --fleet three.txt -j 3 >nt.out 2>&1
is $? 0 "a fleet with a non-transactional revision: exit 0"
grep -qx "upgrade --fleet: 3 databases: 3 upgraded, 0 already current, 0 failed" nt.out; ok $? "all three upgraded" || sed 's/^/# /' nt.out
is "$(qx "$py" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'fleet_a_id'::regclass")" t "CREATE INDEX CONCURRENTLY ran outside a transaction"

# --- a service that is not in the file: failed, with libpq's reason --------------
printf 'service=fleet_nope\n' >nope.txt
"$SM" upgrade --fleet nope.txt >nope.out 2>&1
is $? 1 "an unknown service fails"
grep -q '^failed: service=fleet_nope: could not connect: definition of service "fleet_nope" not found' nope.out
ok $? "and is named with libpq's reason" || sed 's/^/# /' nope.out

# --- on a terminal, a database with a destructive statement fails without
# --yes, and prints no registration its refusal rolled back ------------------------
cp -r nontx destr
cat >destr/d1.sql <<'EOF'
-- schemamig revision: d1
-- parents: r4
-- message: drop
-- schemamig:upgrade
-- schemamig: destructive
DROP TABLE fleet_gone;
EOF
qx "$px" 'CREATE TABLE fleet_gone (id int)' >/dev/null
printf 'postgresql://%s@localhost:%s/fleet\n' "$user" "$px" >one.txt
out=$(script -qec "'$SM' -D destr upgrade --fleet one.txt" /dev/null 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'asks no question: add --yes to go ahead' <<<"$out" && ! grep -q 'registered d1' <<<"$out" &&
    [ "$(qx "$px" "SELECT count(*) FROM schemamig.revision WHERE id = 'd1'")" = 0 ]
ok $? "fleet on a terminal: a destructive revision fails without --yes, no registration printed or kept" || sed 's/^/# /' <<<"$out"

tap_done
