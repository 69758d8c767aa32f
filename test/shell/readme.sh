#!/usr/bin/env bash
# The README's walk-throughs run as written, without an error: the SQL one,
# and the client's from a models file (autogenerate).
set -u
. "$(dirname "$0")/tap.inc"
readme="$(cd "$(dirname "$0")/../.." && pwd)/README.md"
db=schemamig_readme
fresh_db "$db" || exit 1
sql=$(awk '/^## Walk-through/ { f = 1 } f && /^```sql/ { g = 1; next } g && /^```/ { exit } g { print }' "$readme")
[ -n "$sql" ]; ok $? "README has a walk-through"
out=$($PSQL -d "$db" -At -c 'SET client_min_messages = warning' -f - <<<"$sql" 2>&1)
ok $? "the walk-through runs without an error"
is "$(tail -n 1 <<<"$out" | cut -d'|' -f1,2)" "upgrade|0002_users_name" "it ends as it says: both revisions applied again"
"$BIN/dropdb" "$db"

# the client's: the sh block under "From a models file", run by bash -e in
# a scratch directory, with schemamig the client under test and git left out
fresh_db "$db" || exit 1
$PSQL -d "$db" -c 'CREATE EXTENSION schemamig' >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
block=$(awk '/^### From a models file/ { f = 1 } f && /^```sh/ { g = 1; next } g && /^```/ { exit } g { print }' "$readme")
[ -n "$block" ]; ok $? "README has the client's autogenerate walk-through"
out=$(cd "$work" && PGDATABASE=$db SM=$SM bash -e -c 'schemamig() { "$SM" "$@"; }; git() { :; }; '"$block" </dev/null 2>&1)
ok $? "it runs without an error" || sed 's/^/# /' <<<"$out"
# every destructive line new --autogenerate prints, as the block's comments show them
is "$(grep -E '^destructive \((upgrade|downgrade)\): ' <<<"$out")" \
    "$(sed -n 's/^# \(destructive (\(upgrade\|downgrade\)): \)/\1/p' <<<"$block")" \
    "new --autogenerate prints the destructive statements the README shows, and only those"
grep -qx 'destructive (revision [0-9a-f]*): ALTER TABLE users DROP COLUMN nickname;' <<<"$out"
ok $? "and upgrade prints it before it applies it" || sed 's/^/# /' <<<"$out"
is "$(ls "$work/migrations" | sed 's/^[0-9a-f]\{12\}_//' | sort | tr '\n' ' ')" "add_users.sql users_get_a_name.sql " \
    "two files, named from their messages"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.applied')" 2 "both applied"
is "$(cd "$work" && PGDATABASE=$db "$SM" diff models.sql 2>/dev/null)" "" "the database matches models.sql: diff prints nothing"
"$BIN/dropdb" "$db"

# every link to a section (the contents, the cross-references) reaches a
# heading, as GitHub names them: lower case, punctuation gone, spaces made
# dashes, a repeated name numbered from -1
broken=$(python3 - "$readme" <<'PY'
import re, sys
slugs, links, code = set(), set(), False
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("```"):
        code = not code
    elif not code:
        m = re.match(r"#+ (.*)", line)
        if m:
            base = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            slug, n = base, 0
            while slug in slugs:
                n += 1
                slug = "%s-%d" % (base, n)
            slugs.add(slug)
        links.update(re.findall(r"\]\(#([^)]*)\)", line))
print(" ".join(sorted(links - slugs)))
PY
)
is "$broken" "" "every link to a section of README reaches a heading"
tap_done
