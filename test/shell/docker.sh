#!/usr/bin/env bash
# The container start-up, without a Docker engine: the init script run the
# way the official image's entrypoint runs it, against a freshly initdb'd
# cluster; a failing revision fails the start; a restart with a new revision
# in the mounted directory is upgraded by the compose file's migrate
# command; the healthcheck command reports pending work.
set -u
. "$(dirname "$0")/tap.inc"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"
pgdata="$work/data"
cleanup() {
    as_server "'$BIN/pg_ctl' -D '$pgdata' -m immediate stop" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$work"

start_fresh() {
    as_server "'$BIN/pg_ctl' -D '$pgdata' -m immediate stop" >/dev/null 2>&1
    rm -rf "$pgdata"
    as_server "'$BIN/initdb' -D '$pgdata' -U postgres --auth=trust" >/dev/null &&
        printf "listen_addresses = ''\nunix_socket_directories = '%s'\nport = 5432\n" "$work" >>"$pgdata/postgresql.conf" &&
        as_server "'$BIN/pg_ctl' -D '$pgdata' -l '$work/log' -w start" >/dev/null &&
        "$BIN/createdb" -h "$work" -U postgres app
}

# the environment the entrypoint gives its init scripts
export PGHOST=$work PGPORT=5432 POSTGRES_USER=postgres POSTGRES_DB=app
unset PGDATABASE PGUSER PGPASSWORD DATABASE_URL
export PATH="$BIN:$PATH"
migrations="$work/migrations"
mkdir "$migrations"
export SCHEMAMIG_DIR=$migrations
chmod -R a+rX "$work"

rev() {  # rev FILE ID PARENT UPGRADE DOWNGRADE
    printf -- '-- schemamig revision: %s\n-- parents: %s\n-- message: %s\n\n-- schemamig:upgrade\n%s\n\n-- schemamig:downgrade\n%s\n' \
        "$2" "$3" "$2" "$4" "$5" >"$migrations/$1"
}
rev 001_users.sql r1 "" "CREATE TABLE users (id int PRIMARY KEY);" "DROP TABLE users;"
rev 002_email.sql r2 r1 "ALTER TABLE users ADD COLUMN email text;" "ALTER TABLE users DROP COLUMN email;"

# first start: the entrypoint runs executable scripts in /docker-entrypoint-initdb.d
start_fresh; ok $? "a fresh cluster"
"$root/docker/initdb.d/50-schemamig.sh" >"$work/init.out" 2>&1; ok $? "the init script succeeds"
is "$($PSQL -U postgres -d app -At -c 'SELECT schemamig.current()')" "{r2}" "the extension is created and upgraded to head"
schemamig -d "dbname=app user=postgres" status --check; is $? 0 "the healthcheck command reports nothing pending"

# a restart with a new revision: the init script does not run again; the
# migrate service's command upgrades
rev 003_name.sql r3 r2 "ALTER TABLE users ADD COLUMN name text;" "ALTER TABLE users DROP COLUMN name;"
as_server "'$BIN/pg_ctl' -D '$pgdata' -l '$work/log' -w restart" >/dev/null; ok $? "restart"
schemamig -q -d "dbname=app user=postgres" status --check; is $? 1 "the healthcheck reports the new revision as pending"
env -u PGHOST -u PGPORT DATABASE_URL="postgresql:///app?host=$work&port=5432&user=postgres" schemamig upgrade >"$work/migrate.out" 2>&1
ok $? "the migrate command (DATABASE_URL) succeeds"
is "$($PSQL -U postgres -d app -At -c 'SELECT schemamig.current()')" "{r3}" "the new revision is applied after the restart"
schemamig -d "dbname=app user=postgres" status --check; is $? 0 "healthy again"

# a failing revision fails the first start
rev 004_bad.sql r4 r3 "ALTER TABLE no_such_table ADD COLUMN x int;" "SELECT 1;"
start_fresh; ok $? "another fresh cluster"
"$root/docker/initdb.d/50-schemamig.sh" >"$work/init2.out" 2>&1; rc=$?
[ "$rc" -ne 0 ]; ok $? "the init script fails (exit $rc), so the start fails"
grep -q 'relation "no_such_table" does not exist' "$work/init2.out"; ok $? "and says why"

# the image's files are consistent with this
grep -q "^COPY docker/initdb.d/ /docker-entrypoint-initdb.d/" "$root/docker/Dockerfile"; ok $? "the Dockerfile installs the init script"
grep -q 'status", "--check"' "$root/docker/compose.yaml"; ok $? "the compose file's healthcheck uses status --check"

tap_done
