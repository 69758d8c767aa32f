#!/usr/bin/env bash
# The command-line client against a real server: every command, the file
# format's errors, the non-transactional path, connections, exit codes.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_client
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fresh_db "$db" || exit 1
export PGDATABASE=$db
$PSQL -c 'CREATE EXTENSION schemamig' >/dev/null
q() { $PSQL -At -c "$1"; }
# put SQL into a file's sections: fill FILE UPGRADE DOWNGRADE
fill() {
    python3 - "$@" <<'PY'
import sys
path, up, down = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
text = text.replace("-- Write the upgrade SQL here.", up).replace("-- Write the SQL that undoes it here.", down)
open(path, "w").write(text)
PY
}

# --- help and usage ---------------------------------------------------------
for c in new sync upgrade downgrade current heads history verify stamp sql status; do
    "$SM" "$c" --help | grep -q "^Usage: schemamig \[OPTIONS\] $c" || { ok 1 "$c --help"; continue; }
done
ok 0 "--help works for every command"
"$SM" >/dev/null 2>&1; is $? 2 "no command: exit 2"
"$SM" frobnicate >/dev/null 2>&1; is $? 2 "unknown command: exit 2"
"$SM" --bogus current >/dev/null 2>&1; is $? 2 "unknown option: exit 2"
"$SM" downgrade abc >/dev/null 2>&1; is $? 2 "downgrade with a non-number: exit 2"
"$SM" new >/dev/null 2>&1; is $? 2 "new without -m: exit 2"

# --- new ----------------------------------------------------------------------
f1=$("$SM" new -m "Create users!")
[[ "$f1" =~ ^migrations/[0-9a-f]{12}_create_users\.sql$ ]]; ok $? "new writes migrations/<12 hex>_<slug>.sql ($f1)"
id1=$(sed -n 's/^-- schemamig revision: //p' "$f1")
grep -qx -- "-- parents:" "$f1"; ok $? "the first revision has no parent"
fill "$f1" "CREATE TABLE users (id int PRIMARY KEY, email text);" "DROP TABLE users;"
f2=$("$SM" new -m "index users concurrently")
id2=$(sed -n 's/^-- schemamig revision: //p' "$f2")
is "$(sed -n 's/^-- parents: //p' "$f2")" "$id1" "new takes the head file as parent"
sed -i 's/^-- message: \(.*\)$/-- message: \1\n-- no-transaction/' "$f2"
fill "$f2" "CREATE INDEX CONCURRENTLY users_email ON users (email);" "DROP INDEX CONCURRENTLY users_email;"
f3=$("$SM" new -m "add name")
id3=$(sed -n 's/^-- schemamig revision: //p' "$f3")
fill "$f3" "ALTER TABLE users ADD COLUMN name text;" "ALTER TABLE users DROP COLUMN name;"
fe=$("$SM" -D elsewhere new -m "irreversible" --empty)
grep -q "schemamig:downgrade" "$fe"; is $? 1 "--empty leaves out the downgrade section"
# files load in any order: rename so that the child sorts first
mv "$f1" migrations/zz_first.sql
f1=migrations/zz_first.sql

# --- status before anything is registered -----------------------------------------
"$SM" status --check; is $? 1 "status --check: files not yet in the database, exit 1"
out=$("$SM" status); is $? 0 "status exits 0"
grep -q "only as files in migrations (3)" <<<"$out"; ok $? "status lists the three files as files only"

# --- the file format's errors: file and line named, nothing sent -----------------------
# bad NAME EXPECTED-MESSAGE CONTENT [CONTENT2]: a versions directory of one
# (or two) files that must be refused
bad() {
    local dir="bad_$1"
    mkdir "$dir"
    printf '%b' "$3" >"$dir/$1.sql"
    [ $# -gt 3 ] && printf '%b' "$4" >"$dir/$1_2.sql"
    out=$("$SM" -D "$dir" upgrade 2>&1)
    rc=$?
    [ $rc = 1 ] && grep -q -- "$2" <<<"$out"
    ok $? "file error, $1: exit 1 and \"$2\""
}
bad no_id 'bad_no_id/no_id.sql: no "-- schemamig revision: ID" line' '-- parents:\n-- schemamig:upgrade\nSELECT 1;\n'
bad no_parents 'no_parents.sql: no "-- parents:" line' '-- schemamig revision: a1\n-- schemamig:upgrade\nSELECT 1;\n'
bad no_marker 'no_marker.sql: no "-- schemamig:upgrade" line' '-- schemamig revision: a1\n-- parents:\n'
bad sql_first 'sql_first.sql:3: SQL before' '-- schemamig revision: a1\n-- parents:\nSELECT 1;\n-- schemamig:upgrade\n'
bad two_down 'two_down.sql:6: a second' '-- schemamig revision: a1\n-- parents:\n-- schemamig:upgrade\nSELECT 1;\n-- schemamig:downgrade\n-- schemamig:downgrade\n'
bad bad_id 'invalid revision id "a b"' '-- schemamig revision: a b\n-- parents:\n-- schemamig:upgrade\nSELECT 1;\n'
bad bad_parent 'bad_parent.sql:2: invalid parent id "y!"' '-- schemamig revision: a1\n-- parents: x y!\n-- schemamig:upgrade\nSELECT 1;\n'
bad missing_parent 'parent "ghost" is in no file' '-- schemamig revision: a1\n-- parents: ghost\n-- schemamig:upgrade\nSELECT 1;\n'
bad dup 'both hold revision "a1"' '-- schemamig revision: a1\n-- parents:\n-- schemamig:upgrade\nSELECT 1;\n' \
    '-- schemamig revision: a1\n-- parents:\n-- schemamig:upgrade\nSELECT 2;\n'
bad cycle 'form a cycle' '-- schemamig revision: c1\n-- parents: c2\n-- schemamig:upgrade\nSELECT 1;\n' \
    '-- schemamig revision: c2\n-- parents: c1\n-- schemamig:upgrade\nSELECT 1;\n'
is "$(q 'SELECT count(*) FROM schemamig.revision')" 0 "none of the bad files reached the server"

# --- upgrade, with a non-transactional revision ----------------------------------------
"$SM" upgrade --dry-run >dry.out 2>&1; is $? 0 "upgrade --dry-run succeeds"
is "$(q 'SELECT count(*) FROM schemamig.revision') $(q 'SELECT count(*) FROM schemamig.applied')" "0 0" "--dry-run leaves nothing behind"
grep -q "would run revision \"$id2\" outside a transaction" dry.out; ok $? "--dry-run says what it could not run"
"$SM" upgrade >up.out 2>&1; is $? 0 "upgrade succeeds"
is "$(grep -c '^applied revision' up.out)" 3 "one progress line per revision"
grep -Eq "^applied revision \"$id1\" \\(Create users!\\) in [0-9.]+ ms$" up.out; ok $? "progress lines name the revision and its time"
grep -Eq "^applied revision \"$id2\" outside a transaction in [0-9.]+ ms$" up.out; ok $? "the non-transactional revision ran outside a transaction"
is "$(q "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass")" t "CREATE INDEX CONCURRENTLY built a valid index"
is "$(q "SELECT string_agg(revision, ' ' ORDER BY seq) FROM schemamig.applied")" "$id1 $id2 $id3" "all three are recorded, in order"
is "$(q "SELECT string_agg(action, ' ' ORDER BY seq) FROM schemamig.log")" "upgrade upgrade upgrade" "and logged"
"$SM" upgrade >/dev/null; is $? 0 "a second upgrade is a no-op"
"$SM" status --check; is $? 0 "status --check: nothing pending, exit 0"

# --- reading commands ----------------------------------------------------------------
is "$("$SM" current)" "$id3" "current"
is "$("$SM" heads)" "$id3" "heads"
is "$("$SM" history | head -1 | cut -d, -f1)" "$id2 -> $id3 (head) (current)" "history: newest first, with parents"
"$SM" history --json | python3 -c 'import json, sys; d = json.load(sys.stdin); assert [r["revision"] for r in d] == sys.argv[1:], d' "$id3" "$id2" "$id1"
ok $? "history --json is JSON, newest first"
"$SM" verify >/dev/null; is $? 0 "verify: exit 0 when all is well"

# --- sync: what changed in the files ----------------------------------------------------
cp "$f1" f1.orig
sed -i 's/email text/email varchar/' "$f1"
out=$("$SM" sync 2>&1); rc=$?
[ $rc = 1 ] && grep -q "$f1: revision \"$id1\" is applied, but the file's SQL differs" <<<"$out"
ok $? "sync refuses, naming the file, when an applied revision's file changed"
cp f1.orig "$f1"
f4=$("$SM" new -m "pending one")
fill "$f4" "SELECT 1;" "SELECT 1;"
"$SM" sync >/dev/null; is "$(q 'SELECT count(*) FROM schemamig.revision')" 4 "sync registers a new file"
fill "$f4" "SELECT 2;" "SELECT 2;"
sed -i 's/^SELECT 1;$/SELECT 2;/' "$f4"
"$SM" sync | grep -q "^updated"; ok $? "sync updates a pending revision whose file changed"
id4=$(sed -n 's/^-- schemamig revision: //p' "$f4")
is "$(q "SELECT upgrade FROM schemamig.revision WHERE id = '$id4'")" "SELECT 2;" "with the file's SQL"
rm "$f4"
"$SM" sync --prune >/dev/null 2>&1; is $? 1 "sync --prune asks, and needs --yes when not on a terminal"
is "$(q 'SELECT count(*) FROM schemamig.revision')" 4 "nothing was pruned without --yes"
"$SM" sync --prune --yes >/dev/null; is "$(q 'SELECT count(*) FROM schemamig.revision')" 3 "sync --prune --yes removes it"

# --- downgrade ------------------------------------------------------------------------------
"$SM" downgrade >/dev/null 2>&1; is $? 1 "downgrade needs --yes when not on a terminal"
out=$(printf 'n\n' | script -qec "$SM downgrade" /dev/null 2>&1)
grep -q "This reverts 1 revision" <<<"$out" && grep -q "Nothing was done" <<<"$out"
ok $? "on a terminal downgrade asks, saying what it reverts; 'n' does nothing"
is "$(q 'SELECT count(*) FROM schemamig.applied')" 3 "still three applied"
printf 'y\n' | script -qec "$SM downgrade" /dev/null >/dev/null 2>&1
is "$(q 'SELECT count(*) FROM schemamig.applied')" 2 "'y' reverts it"
"$SM" downgrade --dry-run >/dev/null; is "$(q 'SELECT count(*) FROM schemamig.applied')" 2 "downgrade --dry-run reverts nothing"
"$SM" downgrade --yes 1 | grep -q "reverted revision \"$id2\" outside a transaction"
ok $? "a non-transactional revision is reverted outside a transaction"
is "$(q "SELECT to_regclass('users_email') IS NULL")" t "DROP INDEX CONCURRENTLY ran"
"$SM" upgrade >/dev/null
"$SM" downgrade --to "$id1" --yes >/dev/null; is "$("$SM" current)" "$id1" "downgrade --to"
"$SM" downgrade --to base --yes >/dev/null; is "$(q 'SELECT count(*) FROM schemamig.applied')" 0 "downgrade --to base"
"$SM" downgrade --yes 5 >/dev/null 2>&1; is $? 1 "downgrade beyond base fails"

# --- stamp, verify --------------------------------------------------------------------------------
"$SM" stamp "$id1" >/dev/null 2>&1; is $? 1 "stamp needs --yes when not on a terminal"
"$SM" stamp --yes "$id1" | grep -q "1 row changed"; ok $? "stamp --yes"
is "$(q "SELECT to_regclass('users') IS NULL")" t "stamp ran no SQL"
$PSQL -c "SET session_replication_role = replica" -c "UPDATE schemamig.revision SET upgrade = 'SELECT 3' WHERE id = '$id1'" >/dev/null
out=$("$SM" verify); is $? 1 "verify: exit 1 on a problem"
grep -q "^$id1: applied, but its SQL has changed" <<<"$out"; ok $? "and prints it"
"$SM" stamp --yes base >/dev/null

# --- errors print the server's message, detail, hint and the revision --------------------------
f5=$("$SM" new -m "fails")
fill "$f5" "SELECT 1;
SELECT 1/0;" "SELECT 1;"
$PSQL -c "SET session_replication_role = replica" -c "UPDATE schemamig.revision SET upgrade = 'CREATE TABLE users (id int PRIMARY KEY, email text);' WHERE id = '$id1'" >/dev/null
"$SM" upgrade >up.out 2>up.err; is $? 1 "a failing revision: exit 1"
grep -q "^schemamig: error: division by zero (SQLSTATE 22012)" up.err; ok $? "the server's message and SQLSTATE"
grep -q "revision \"$(sed -n 's/^-- schemamig revision: //p' "$f5")\" (fails), upgrade statement 2 at line 2" up.err
ok $? "the context names the revision and the line"
rm "$f5"
"$SM" sync --prune --yes >/dev/null

# --- connections ----------------------------------------------------------------------------
is "$(PGDATABASE=postgres "$SM" -d "dbname=$db" heads)" "$id3" "-d with a conninfo string"
url="postgresql://${PGUSER:-postgres}@${PGHOST:-localhost}:${PGPORT:-5432}/$db"
is "$(env -u PGHOST -u PGPORT -u PGDATABASE -u PGUSER DATABASE_URL="$url" "$SM" heads)" "$id3" "DATABASE_URL when no libpq variable is set"
is "$(DATABASE_URL="postgresql://nobody@nowhere.invalid/none" "$SM" heads)" "$id3" "libpq's variables win over DATABASE_URL"
"$SM" -d "dbname=no_such_db" heads >/dev/null 2>&1; is $? 1 "a connection failure: exit 1"

# --- offline sql --------------------------------------------------------------------------------
PGHOST=/nonexistent "$SM" sql >script.sql; is $? 0 "sql works without a server"
grep -q "^BEGIN;" script.sql && grep -q "^COMMIT;" script.sql; ok $? "the script is wrapped in a transaction"
fresh_db schemamig_client_sql
$PSQL -d schemamig_client_sql -c 'CREATE EXTENSION schemamig' >/dev/null
$PSQL -d schemamig_client_sql -f script.sql >/dev/null 2>&1; is $? 0 "psql runs the script"
is "$(PGDATABASE=schemamig_client_sql "$SM" current) $(PGDATABASE=schemamig_client_sql "$SM" verify >/dev/null; echo $?)" "$id3 0" "the script leaves the state upgrade would"
is "$($PSQL -d schemamig_client_sql -At -c "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass")" t "including the concurrent index"
"$BIN/dropdb" schemamig_client_sql

cd /
"$BIN/dropdb" "$db"
tap_done
