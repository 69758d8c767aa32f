#!/usr/bin/env bash
# The demo (scripts/demo.sh runs demo/webapp.sql) runs without an error and
# ends as it says: both revisions written by autogenerate() from the two
# models files, reversible, applied, and the consolidation reverted.
set -u
. "$(dirname "$0")/tap.inc"
cd "$(dirname "$0")/../.." || exit 1
db=schemamig_demo
fresh_db "$db" || exit 1
q() { $PSQL -d "$db" -At -c "$1"; }
out=$($PSQL -d "$db" -f demo/webapp.sql 2>&1)
ok $? "demo/webapp.sql runs without an error" || sed 's/^/# /' <<<"$out"
is "$(q 'SELECT string_agg(id, $$,$$ ORDER BY id) FROM schemamig.revision')" "0001_initial,0002_consolidate" \
    "it registers the initial revision and the consolidation"
# check_reversible()'s table, twice: its header, then no row before the blank line
is "$(awk '/^ revision \| problem/ { n++; getline; getline; if ($0 != "") bad++ } END { print n + 0 ":" bad + 0 }' <<<"$out")" "2:0" \
    "check_reversible() finds no problem in either" || sed 's/^/# /' <<<"$out"
up=$(mktemp)
q "SELECT upgrade FROM schemamig.revision WHERE id = '0002_consolidate'" >"$up"
grep -q "^ALTER TYPE email_system ADD VALUE 'postmark' AFTER 'sendgrid';$" "$up" &&
    grep -q '^ALTER TABLE pages RENAME COLUMN body TO content;$' "$up" &&
    grep -A1 -x -- '-- schemamig: destructive' "$up" | grep -qx 'DROP TABLE identifiers;'
ok $? "the consolidation adds the enum value in the middle, renames the column, marks the dropped table destructive" ||
    sed 's/^/# /' "$up"
rm -f "$up"
is "$(grep -A2 '^ matches_models' <<<"$out" | grep -c '^ t$')" 2 "at each version the database matched its models file"
is "$(q 'SELECT schemamig.current()')" "{0001_initial}" "it ends at the initial revision"
is "$(q 'SELECT string_agg(body, $$,$$ ORDER BY path) FROM pages')" "Welcome,About us" "with the pages' text kept through the rename and back"
"$BIN/dropdb" "$db"
tap_done
