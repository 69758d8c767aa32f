#!/usr/bin/env bash
# Logical replication into schemamig's tables. A subscription's apply
# worker fires no statement trigger and runs in replica mode, where the row
# guards sleep: only the row triggers that fire always (0.7.0) stand
# between the books and a subscription that a role other than their owner
# owns. Such a role (PostgreSQL 16 and later let one create subscriptions),
# given table-wide writes as a dump of 0.3.0 or earlier gives them back,
# subscribes to a server it controls, whose tables are shaped like
# schemamig's: the rows it publishes never land. A subscription the owner
# (a superuser) makes, with the same publication, brings its rows in: the
# refusal is the owner check, not the rows. On 15 only a superuser may own
# a subscription, which the test checks instead.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_replication
work=$(mktemp -d)
chmod 755 "$work"
pub=$work/pub

cleanup() {
    $PSQL -d "$db" -c "DROP SUBSCRIPTION IF EXISTS regress_dep_sub" >/dev/null 2>&1
    $PSQL -d "$db" -c "DROP SUBSCRIPTION IF EXISTS regress_dep_sub2" >/dev/null 2>&1
    $PSQL -d "$db" -c "DROP SUBSCRIPTION IF EXISTS regress_owner_sub" >/dev/null 2>&1
    [ -f "$pub/postmaster.pid" ] && as_server "'$BIN/pg_ctl' -D '$pub' -m immediate stop" >/dev/null 2>&1
    "$BIN/dropdb" --if-exists "$db" >/dev/null 2>&1
    $PSQL -c "DROP ROLE IF EXISTS regress_repl_dep" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

# the publisher: a server of the deployer's, password authentication (a
# subscription a role that is not a superuser owns must use a password)
echo pubsecret >"$work/pw"
[ "$(id -u)" = 0 ] && chown postgres "$work" "$work/pw"
as_server "'$BIN/initdb' -D '$pub' -U postgres -A scram-sha-256 --pwfile='$work/pw'" >/dev/null 2>&1 ||
    { echo "Bail out! initdb failed"; exit 1; }
as_server "'$BIN/pg_ctl' -D '$pub' -l '$work/pub.log' -w -o \"-p 5432 -k '$work' -c listen_addresses='' -c wal_level=logical -c fsync=off\" start" >/dev/null ||
    { echo "Bail out! the publisher did not start"; exit 1; }
PUB="env PGPASSWORD=pubsecret $BIN/psql -X -q -v ON_ERROR_STOP=1 -h $work -p 5432 -U postgres"
pubconn="host=$work port=5432 user=postgres password=pubsecret"
# pub publishes new rows, pub2 an edit of the superuser's pending revision p1
for d in pub pub2; do
    $PUB -d postgres -c "CREATE DATABASE $d" && $PUB -d $d >/dev/null <<SQL || { echo "Bail out! publisher setup failed"; exit 1; }
CREATE SCHEMA schemamig;
CREATE TABLE schemamig.revision (id text PRIMARY KEY, parents text[], message text, upgrade text,
    downgrade text, transactional boolean, registered_by name, author name);
CREATE TABLE schemamig.applied (tenant name, revision text, applied_by name, duration interval,
    checksum text, PRIMARY KEY (tenant, revision));
INSERT INTO schemamig.revision VALUES ('p1', '{r1}', 'the superuser''s', 'SELECT 3', NULL, true, 'x', 'x');
CREATE PUBLICATION regress_$d FOR TABLE schemamig.revision, schemamig.applied;
SQL
done
$PUB -d pub -c "DELETE FROM schemamig.revision"

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION schemamig;
CREATE ROLE regress_repl_dep LOGIN PASSWORD 'depsecret';
SELECT schemamig.grant_deployer('regress_repl_dep');
SELECT schemamig.add_revision('r1', 'SELECT 1', 'SELECT 1', '{}', message => 'the owner''s');
SELECT schemamig.upgrade();
-- after the upgrade: upgrade() refuses while such grants are there
GRANT INSERT, UPDATE, DELETE ON schemamig.revision, schemamig.applied, schemamig.log, schemamig.state
    TO regress_repl_dep;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA schemamig TO regress_repl_dep;
SELECT schemamig.add_revision('p1', 'SELECT 3', 'SELECT 3', '{r1}', message => 'the superuser''s');
SQL
q() { PGOPTIONS="-c client_min_messages=warning" $PSQL -d "$db" -At -c "$1"; }
# wait_for SQL WANT: up to 60 s for SQL to return WANT
wait_for() {
    for _ in $(seq 1 120); do [ "$(q "$1")" = "$2" ] && return 0; sleep 0.5; done
    return 1
}

# the owner's subscription: its rows land (and are the owner's to answer for)
$PUB -d pub -c "INSERT INTO schemamig.revision VALUES ('o1', '{r1}', 'owner', 'SELECT 2', NULL, true, 'postgres', 'postgres')"
q "CREATE SUBSCRIPTION regress_owner_sub CONNECTION \$c\$$pubconn dbname=pub\$c\$ PUBLICATION regress_pub WITH (slot_name = regress_owner_slot)" >/dev/null
wait_for "SELECT count(*) FROM schemamig.revision WHERE id = 'o1'" 1
ok $? "a subscription the tables' owner owns applies the published row"
q "DROP SUBSCRIPTION regress_owner_sub" >/dev/null
$PUB -d pub -c "DELETE FROM schemamig.revision"

# dep_sub NAME DB: the deployer's subscription to DB's publication, run as the deployer
dep_sub() {
    echo "CREATE SUBSCRIPTION $1 CONNECTION \$c\$$pubconn dbname=$2\$c\$ PUBLICATION regress_$2
    WITH (slot_name = ${1}_slot, run_as_owner = true, copy_data = false)"
}
if [ "$(q "SELECT current_setting('server_version_num')::int >= 160000")" = f ]; then
    out=$($PSQL -v VERBOSITY=verbose -d "$db" -c "GRANT CREATE ON DATABASE $db TO regress_repl_dep" \
        -c "SET ROLE regress_repl_dep" -c "$(dep_sub regress_dep_sub pub | sed -n 1p)" 2>&1)
    grep -q "ERROR:  42501: must be superuser to create subscriptions" <<<"$out"
    ok $? "PostgreSQL 15: only a superuser creates a subscription (42501)" || sed 's/^/# /' <<<"$out"
    "$BIN/dropdb" "$db"
    tap_done
    exit
fi

# a subscription the deployer owns, and runs as: its rows never land
q "GRANT pg_create_subscription TO regress_repl_dep" >/dev/null
q "GRANT CREATE ON DATABASE $db TO regress_repl_dep" >/dev/null
$PSQL -d "$db" -c "SET ROLE regress_repl_dep" -c "$(dep_sub regress_dep_sub pub)" -c "$(dep_sub regress_dep_sub2 pub2)" >"$work/sub.out" 2>&1
ok $? "the deployer creates two subscriptions of its own" || sed 's/^/# /' "$work/sub.out"
$PUB -d pub >/dev/null <<'SQL'
INSERT INTO schemamig.revision VALUES ('evil', '{r1}', 'looks harmless', 'ALTER ROLE regress_repl_dep SUPERUSER',
    NULL, true, 'postgres', (SELECT rolname FROM pg_roles WHERE oid = 10));
INSERT INTO schemamig.applied VALUES ('', 'ghost', 'postgres', '0', 'x');
SQL
wait_for "SELECT apply_error_count > 0 FROM pg_stat_subscription_stats WHERE subname = 'regress_dep_sub'" t
ok $? "its apply worker fails"
sleep 2
is "$(q "SELECT count(*) FROM schemamig.revision WHERE id IN ('evil', 'ghost')")|$(q "SELECT count(*) FROM schemamig.applied WHERE revision = 'ghost'")" "0|0" \
    "the revision naming another author, and the applied row, never land"
# an edit of a pending revision through the other: the author and the rule
# that applied revisions stay as they ran are revision_guard's, which does
# not fire in the apply worker's replica mode, so the owner guard refuses it
$PUB -d pub2 -c "UPDATE schemamig.revision SET upgrade = 'ALTER ROLE regress_repl_dep SUPERUSER' WHERE id = 'p1'"
wait_for "SELECT apply_error_count > 0 FROM pg_stat_subscription_stats WHERE subname = 'regress_dep_sub2'" t
ok $? "the apply worker of the second fails"
sleep 2
is "$(q "SELECT upgrade, author = current_user FROM schemamig.revision WHERE id = 'p1'")" "SELECT 3|t" \
    "the superuser's pending revision keeps its SQL and author"
is "$(q "SELECT count(*) FILTER (WHERE problem NOT LIKE 'table-wide grant of INSERT, UPDATE, DELETE on schemamig.% to regress_repl_dep %'), count(*) FROM schemamig.verify()")|$(q "SELECT string_agg(revision, ',' ORDER BY revision) FROM schemamig.pending('heads')")" "0|4|o1,p1" \
    "verify() reports only the deployer's table-wide grants, one per table, and only o1 and p1 are pending"
for sub in regress_dep_sub regress_dep_sub2; do
    q "ALTER SUBSCRIPTION $sub DISABLE" >/dev/null
    q "DROP SUBSCRIPTION $sub" >/dev/null
done
"$BIN/dropdb" "$db"
tap_done
