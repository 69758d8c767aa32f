#!/usr/bin/env bash
# On a hot standby every schemamig call that writes fails with PostgreSQL's
# read-only error (25006) and nothing else; the reading functions work.
# Builds a real streaming standby of the test cluster with pg_basebackup.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_standby
work=$(mktemp -d)
chmod 755 "$work"
pgdata="$work/data"

cleanup() {
    [ -f "$pgdata/postmaster.pid" ] && as_server "'$BIN/pg_ctl' -D '$pgdata' -m immediate stop" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION schemamig;
SELECT schemamig.add_revision('s1', 'CREATE TABLE sb_t (id int)', 'DROP TABLE sb_t', message => 'one');
SELECT schemamig.add_revision('s2', 'ALTER TABLE sb_t ADD COLUMN a int', 'ALTER TABLE sb_t DROP COLUMN a', message => 'two');
SELECT schemamig.upgrade('s1');
SQL

"$BIN/pg_basebackup" -D "$pgdata" -R -X stream -c fast -d "dbname=$db" >/dev/null 2>"$work/basebackup.err"
ok $? "pg_basebackup made a standby"
cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$work'
port = 5432
hot_standby = on
CONF
echo "local all all trust" >"$pgdata/pg_hba.conf"
[ "$(id -u)" = 0 ] && chown -R postgres "$work"
chmod 700 "$pgdata"
as_server "'$BIN/pg_ctl' -D '$pgdata' -l '$work/standby.log' -w -t 60 start" >/dev/null
ok $? "the standby started"

SB="$BIN/psql -X -q -h $work -p 5432 -U postgres -d $db"
is "$($SB -At -c 'SELECT pg_is_in_recovery()')" t "it is in recovery"
is "$($SB -At -c 'SELECT revision FROM schemamig.history() WHERE applied')" s1 "history() works there"
is "$($SB -At -c 'SELECT schemamig.current(), schemamig.heads()')" "{s1}|{s2}" "current() and heads() work there"
is "$($SB -At -c 'SELECT revision FROM schemamig.pending()')" s2 "pending() works there"
is "$($SB -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "verify() works there"

for call in "SELECT schemamig.upgrade()" "SELECT schemamig.upgrade('s1')" "SELECT schemamig.downgrade()" \
            "SELECT schemamig.downgrade(0)" "SELECT schemamig.downgrade_to('base')" \
            "SELECT schemamig.add_revision('s3', 'SELECT 1')" "SELECT schemamig.stamp('s2')" \
            "SELECT schemamig.remove_revision('s2')" "CALL schemamig.migrate()" \
            "SELECT schemamig.record_applied('s2')" "SELECT schemamig.record_reverted('s1')"; do
    out=$($SB -v VERBOSITY=verbose -c "$call" 2>&1)
    first=$(grep -m1 '^ERROR' <<<"$out")
    case "$first" in
        "ERROR:  25006: cannot execute "*" in a read-only transaction") ok 0 "$call: read-only error 25006" ;;
        *) ok 1 "$call: read-only error 25006"; echo "#   got: $out" ;;
    esac
done
is "$($SB -At -c 'SELECT revision FROM schemamig.applied')" s1 "nothing changed on the standby"

as_server "'$BIN/pg_ctl' -D '$pgdata' -m fast stop" >/dev/null
"$BIN/dropdb" "$db"
tap_done
