#!/usr/bin/env bash
# Reading schemas beside DDL: check_reversible(), diff() and fingerprint()
# run again and again while another session keeps creating and dropping a
# table with its constraints, index, view and function in the schema they
# read. The server stays up, and a call fails only with 40001 (an object
# dropped while it was read): never an internal error, never a crash.
set -u
. "$(dirname "$0")/../shell/tap.inc"
db=schemamig_ddl
seconds=${DDL_SECONDS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE SCHEMA other;
SELECT schemamig.add_revision('a1', 'CREATE TABLE public.a1 (id int)', 'DROP TABLE public.a1');
SQL

cat >"$work/ddl.sql" <<'SQL'
CREATE TABLE other.x (id int PRIMARY KEY, b text DEFAULT upper('a') CHECK (b <> 'z'),
                      c int GENERATED ALWAYS AS (id + 1) STORED);
CREATE INDEX x_b ON other.x (lower(b));
CREATE VIEW other.v AS SELECT id, b FROM other.x;
CREATE FUNCTION other.f(other.x) RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP TABLE other.x CASCADE;
SQL
for i in $(seq 20); do
    echo "SELECT count(*) FROM schemamig.check_reversible();"
    echo "SELECT count(*) FROM schemamig.diff('CREATE TABLE x (id int PRIMARY KEY)', 'other');"
    echo "SELECT length(schemamig.fingerprint('other'));"
done >"$work/read.sql"

"$BIN/pgbench" -n --no-vacuum -c 1 -T "$seconds" -f "$work/ddl.sql" "$db" >"$work/ddl.out" 2>&1 &
ddl=$!
end=$((SECONDS + seconds - 1))
calls=0
while [ $SECONDS -lt $end ]; do
    "$BIN/psql" -X -q -d "$db" -v VERBOSITY=verbose -f "$work/read.sql" >/dev/null 2>>"$work/read.err"
    calls=$((calls + 60))
done
wait $ddl
ok $? "the DDL session ran throughout" || sed 's/^/# /' "$work/ddl.out"
is "$($PSQL -d "$db" -At -c 'SELECT 1' 2>&1)" 1 "the server is up"
bad=$(grep 'ERROR:' "$work/read.err" | grep -v 'ERROR:  40001: ' | head -5)
[ -z "$bad" ]
ok $? "every error is 40001 ($(grep -c 'ERROR:' "$work/read.err") of $calls calls)" || printf '# %s\n' "$bad"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.applied')" 0 "check_reversible() left nothing applied"

"$BIN/dropdb" "$db"
tap_done
