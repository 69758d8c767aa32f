#!/usr/bin/env bash
# One NOTICE per revision applied or reverted, naming it and its elapsed
# time; client_min_messages silences them. Needs a server from PG* variables.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_notices
fresh_db "$db" || exit 1

$PSQL -d "$db" <<'SQL' >/dev/null 2>&1
CREATE EXTENSION schemamig;
SELECT schemamig.add_revision('n1', 'CREATE TABLE n1 (id int)', 'DROP TABLE n1', message => 'create n1');
SELECT schemamig.add_revision('n2', 'SELECT pg_sleep(0.02)', 'SELECT 1');
SQL

out=$($PSQL -d "$db" -c 'SELECT schemamig.upgrade()' 2>&1 >/dev/null)
[ "$(grep -c 'NOTICE' <<<"$out")" = 2 ]; ok $? "two revisions applied, two NOTICEs"
grep -Eq '^NOTICE:  applied revision "n1" \(create n1\) in [0-9]+\.[0-9]{3} ms$' <<<"$out"; ok $? "NOTICE names n1, its message and elapsed time"
ms=$(sed -nE 's/^NOTICE:  applied revision "n2" in ([0-9]+\.[0-9]{3}) ms$/\1/p' <<<"$out")
[ -n "$ms" ] && awk -v ms="$ms" 'BEGIN { exit !(ms >= 20) }'; ok $? "n2's elapsed time ($ms ms) includes its 20 ms sleep"

out=$($PSQL -d "$db" -c 'SELECT schemamig.downgrade(2)' 2>&1 >/dev/null)
[ "$(grep -Ec '^NOTICE:  reverted revision "n[12]"' <<<"$out")" = 2 ] && [ "$(head -1 <<<"$out" | grep -c n2)" = 1 ]
ok $? "downgrade(2): one NOTICE per reverted revision, newest first"

out=$($PSQL -d "$db" -c 'SET client_min_messages = warning' -c 'SELECT schemamig.upgrade()' 2>&1 >/dev/null)
[ -z "$out" ]; ok $? "client_min_messages = warning silences them"

out=$($PSQL -d "$db" -c 'SELECT schemamig.upgrade()' 2>&1 >/dev/null)
[ -z "$out" ]; ok $? "a no-op upgrade says nothing"

"$BIN/dropdb" "$db"
tap_done
