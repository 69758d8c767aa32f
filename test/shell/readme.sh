#!/usr/bin/env bash
# The README's walk-through runs as written, without an error.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_readme
fresh_db "$db" || exit 1
sql=$(awk '/^## Walk-through/ { f = 1 } f && /^```sql/ { g = 1; next } g && /^```/ { exit } g { print }' "$(dirname "$0")/../../README.md")
[ -n "$sql" ]; ok $? "README has a walk-through"
out=$($PSQL -d "$db" -At -c 'SET client_min_messages = warning' -f - <<<"$sql" 2>&1)
ok $? "the walk-through runs without an error"
is "$(tail -n 1 <<<"$out" | cut -d'|' -f1,2)" "upgrade|0002_users_name" "it ends as it says: both revisions applied again"
"$BIN/dropdb" "$db"
tap_done
