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
for c in new sync upgrade downgrade current heads history verify stamp sql status lint trace; do
    "$SM" "$c" --help | grep -q "^Usage: schemamig \[OPTIONS\] $c" || { ok 1 "$c --help"; continue; }
done
ok 0 "--help works for every command"
"$SM" >/dev/null 2>&1; is $? 2 "no command: exit 2"
"$SM" frobnicate >/dev/null 2>&1; is $? 2 "unknown command: exit 2"
"$SM" --bogus current >/dev/null 2>&1; is $? 2 "unknown option: exit 2"
"$SM" downgrade abc >/dev/null 2>&1; is $? 2 "downgrade with a non-number: exit 2"
"$SM" downgrade -1 >u.out 2>&1; is "$?:$(head -1 u.out)" '2:schemamig: "-1" is not a number of revisions: they are counted from 1, without a sign' \
    "downgrade -1: exit 2, a number with a sign"
"$SM" sql +1 >u.out 2>&1; rc=$?
[ $rc = 2 ] && grep -q 'sql: "+1" counts from what the database has applied, which the offline script does not know' u.out
ok $? "sql +1: exit 2, the offline script cannot count from what is applied" || sed 's/^/# /' u.out
"$SM" downgrade "" >/dev/null 2>&1; a=$?
"$SM" downgrade 99999999999 >/dev/null 2>&1; is "$a $?" "2 2" "downgrade with an empty or too large number: exit 2"
# a target that is no target is a usage error as well (exit 2, as the --help
# says), found before anything connects (-d names no server), where the
# server's refusal (22023) was exit 1
bad_target() {
    "$SM" -d host=/nonexistent "$@" >t.out 2>&1
    [ $? = 2 ] && grep -q 'is not a target: ' t.out || { echo "# $*"; sed 's/^/# /' t.out; return 1; }
}
rc=0
bad_target upgrade +-1 || rc=1
bad_target upgrade + || rc=1
bad_target upgrade +2147483648 || rc=1
bad_target upgrade a/b || rc=1
bad_target upgrade --all-tenants +-1 || rc=1
bad_target lint +x || rc=1
bad_target trace '' || rc=1
bad_target stamp +1 || rc=1
bad_target sql '' || rc=1
bad_target downgrade --to head --yes || rc=1
bad_target downgrade --to +1 --yes || rc=1
ok $rc "a malformed target (+-1, +, past 2^31 - 1, a/b, '', +N for stamp, head for --to): exit 2, before connecting"
"$SM" -d host=/nonexistent upgrade +2147483647 >t.out 2>&1; rc=$?
"$SM" -d host=/nonexistent upgrade +0002147483647 >>t.out 2>&1
is "$rc $? $(grep -c 'is not a target' t.out)" "1 1 0" "+2147483647 and +0002147483647 are targets (the server's integer): exit 1, no server"
"$SM" -d host=/nonexistent stamp '' >t.out 2>&1; is "$?:$(head -1 t.out)" \
    '2:schemamig: stamp: "" is not a target: head, heads, base or a revision id' "stamp '': exit 2, naming the targets, without asking"
# an option the command does not take is a usage error, and nothing runs
for c in "sync --dry-run" "stamp --yes --dry-run base" "heads --check" "history --prune" "trace --yes" "new -m x --json"; do
    "$SM" $c >opt.out 2>&1; rc=$?
    [ $rc = 2 ] && grep -q "does not take --" opt.out || { ok 1 "$c: exit 2"; sed 's/^/# /' opt.out; continue; }
done
ok 0 "an option the command does not take: exit 2, naming it"
is "$(ls migrations 2>/dev/null | wc -l)" 0 "and nothing ran (new wrote no file)"
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
out=$("$SM" -D no_parent/deeper new -m x 2>&1); rc=$?
is "$rc" 1 "new: a versions directory whose parent is missing is an error"
grep -q 'could not create "no_parent/deeper/' <<<"$out"; ok $? "  naming the path (\"$out\")"
[ ! -e no_parent ]; ok $? "  and makes no directory"
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
bad missing_parent 'parent "ghost" is in no file' '-- schemamig revision: a1\n-- parents: ghost\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n'
bad dup 'both hold revision "a1"' '-- schemamig revision: a1\n-- parents:\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n' \
    '-- schemamig revision: a1\n-- parents:\n-- message: m\n-- schemamig:upgrade\nSELECT 2;\n'
bad cycle 'form a cycle' '-- schemamig revision: c1\n-- parents: c2\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n' \
    '-- schemamig revision: c2\n-- parents: c1\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n'
bad no_message 'bad_no_message/no_message.sql: no "-- message:" line' '-- schemamig revision: a1\n-- parents:\n-- schemamig:upgrade\nSELECT 1;\n'
# a header line written twice: the second no longer wins silently over
# the first, which is the one a reviewer reads
bad two_ids 'two_ids.sql:4: a second "-- schemamig revision:" line (the first is line 1)' '-- schemamig revision: a1\n-- parents:\n-- message: m\n-- schemamig revision: evil\n-- schemamig:upgrade\nSELECT 1;\n'
bad two_parents 'two_parents.sql:3: a second "-- parents:" line' '-- schemamig revision: a1\n-- parents:\n-- parents: ghost\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n'
bad two_messages 'two_messages.sql:4: a second "-- message:" line' '-- schemamig revision: a1\n-- parents:\n-- message: m\n-- message: other\n-- schemamig:upgrade\nSELECT 1;\n'
# a byte order mark, which hid the first line and was refused as "SQL before"
bad bom 'bom.sql:1: the file begins with a UTF-8 byte order mark' '\xef\xbb\xbf-- schemamig revision: a1\n-- parents:\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n'
# a parent named twice: the first id that repeats one before it is named
bad twice_parent 'twice_parent.sql:2: parent "b" is named twice' '-- schemamig revision: a1\n-- parents: a, b, c, b, a\n-- message: m\n-- schemamig:upgrade\nSELECT 1;\n'
# a parents line of 200,000 ids (1.7 MB) is checked for repeats in well
# under a second, not pair by pair (which took minutes)
mkdir bad_many_parents
python3 -c "print('-- schemamig revision: a1\n-- parents: ' + ', '.join('p%d' % i for i in range(200000)) + '\n-- message: m\n-- schemamig:upgrade\nSELECT 1;')" >bad_many_parents/a1.sql
out=$(timeout 20 "$SM" -D bad_many_parents upgrade 2>&1); rc=$?
is "$rc:$out" '1:schemamig: error: bad_many_parents/a1.sql: parent "p0" is in no file of bad_many_parents' \
    "file error, 200,000 parents: exit 1, the first missing one named, in time"
# an empty file, the first read, through a symbolic link (whose type the
# directory does not give): refused like any file without its lines
mkdir bad_empty && : >bad_empty/empty.txt && ln -s empty.txt bad_empty/a.sql
out=$("$SM" -D bad_empty upgrade 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'bad_empty/a.sql: no "-- schemamig revision: ID" line' <<<"$out"
ok $? "file error, an empty file through a symbolic link: exit 1, named" || sed 's/^/# /' <<<"$out"
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
# an infinite duration (PostgreSQL 17 on; record_applied() refuses one,
# a restore or the tables' owner may still write it): null, not Infinity,
# which is no JSON
if [ "$(q 'SHOW server_version_num')" -ge 170000 ]; then
    q "SET session_replication_role = replica; UPDATE schemamig.applied SET duration = 'infinity' WHERE revision = '$id1'" >/dev/null
    "$SM" history --json | python3 -c 'import json, sys
def bad(c): sys.exit("not JSON: " + c)
d = json.load(sys.stdin, parse_constant=bad)
assert [r["duration_ms"] for r in d if r["revision"] == sys.argv[1]] == [None], d' "$id1"
    ok $? "history --json: an infinite duration is null"
    q "SET session_replication_role = replica; UPDATE schemamig.applied SET duration = '1 ms' WHERE revision = '$id1'" >/dev/null
fi
"$SM" verify >/dev/null; is $? 0 "verify: exit 0 when all is well"

# --- sync: what changed in the files ----------------------------------------------------
cp "$f1" f1.orig
sed -i 's/email text/email varchar/' "$f1"
out=$("$SM" sync 2>&1); rc=$?
[ $rc = 1 ] && grep -q "^schemamig: error: $f1: revision \"$id1\" is applied, but its file's SQL differs from what ran (SQLSTATE 55000)" <<<"$out"
ok $? "sync refuses, naming the file, when an applied revision's file changed" || sed 's/^/# /' <<<"$out"
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
f5=$("$SM" new -m "new beside a prune")
fill "$f5" "SELECT 5;" "SELECT 5;"
"$SM" sync --prune >p0.out 2>/dev/null; is $? 1 "sync --prune asks, and needs --yes when not on a terminal"
is "$(q 'SELECT count(*) FROM schemamig.revision')" 4 "nothing was pruned or registered without --yes"
grep -q '^registered' p0.out; is $? 1 "and no registration that the refusal rolled back is printed"
rm "$f5"
"$SM" sync --prune --yes >/dev/null; is "$(q 'SELECT count(*) FROM schemamig.revision')" 3 "sync --prune --yes removes it"
# three gone at once, a chain: removed children first, in one statement
for k in 1 2 3; do f=$("$SM" new -m "gone $k"); fill "$f" "SELECT $k;" "SELECT $k;"; echo "$f"; done >gone.list
"$SM" sync >/dev/null; is "$(q 'SELECT count(*) FROM schemamig.revision')" 6 "three more pending"
xargs rm <gone.list
"$SM" -vv sync --prune --yes >p.out 2>p.err
is "$?:$(grep -c '^removed' p.out):$(q 'SELECT count(*) FROM schemamig.revision'):$(grep -c '^schemamig: ran:.*remove_revision' p.err)" "0:3:3:1" \
    "sync --prune --yes removes a chain of three, children first, in one statement" || sed 's/^/# /' p.err

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
out=$("$SM" current 2>cur.err); is "$?|$out|$(cat cur.err)" "0||schemamig: at base: nothing applied" "current at base: nothing on stdout, a note on stderr"
is "$("$SM" -q current 2>&1)" "" "and with -q nothing at all"
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
# on a failure the client still closes its connection: the server counts a
# session that ends without a goodbye as abandoned
fresh_db schemamig_client_gone
$PSQL -d schemamig_client_gone -c 'CREATE EXTENSION schemamig' >/dev/null
abandoned() { $PSQL -d schemamig_client_gone -At -c "SELECT pg_stat_force_next_flush()" -c "SELECT sessions_abandoned FROM pg_stat_database WHERE datname = current_database()" | tail -1; }
before=$(abandoned)
rm -rf gone && mkdir gone
printf -- '-- schemamig revision: g1\n-- parents:\n-- message: fails\n-- schemamig:upgrade\nSELECT 1/0;\n' >gone/g1.sql
PGDATABASE=schemamig_client_gone "$SM" -D gone upgrade >/dev/null 2>&1; rc1=$?
PGDATABASE=schemamig_client_gone "$SM" -D gone downgrade --yes 5 >/dev/null 2>&1; rc2=$?
PGDATABASE=schemamig_client_gone "$SM" -D gone trace >/dev/null 2>&1; rc3=$?
sleep 1
is "$rc1 $rc2 $rc3 $(abandoned)" "1 1 1 $before" "failures (a revision, a server error, a refusal inside a transaction) close the connection: no session abandoned"
"$BIN/dropdb" schemamig_client_gone

# --- sync in one call: every byte of every file through the arrays -----------------------
fresh_db schemamig_client_bytes
$PSQL -d schemamig_client_bytes -c 'CREATE EXTENSION schemamig' >/dev/null
export PGDATABASE=schemamig_client_bytes
mkdir bytes
# put_raw PATH ID PARENTS MESSAGE UPGRADE [DOWNGRADE]: the texts as given, bytes included
put_raw() {
    python3 - "$@" <<'PY'
import sys
a = [x.encode("utf-8", "surrogateescape") for x in sys.argv[1:]]
text = b"-- schemamig revision: " + a[1] + b"\n-- parents: " + a[2] + b"\n-- message: " + a[3] + b"\n-- schemamig:upgrade\n" + a[4] + b"\n"
if len(a) > 5:
    text += b"-- schemamig:downgrade\n" + a[5] + b"\n"
open(a[0], "wb").write(text)
PY
}
b_msg='NULL'
b_up='CREATE TABLE b1 (v text); INSERT INTO b1 VALUES ($q${"a,b"}\\"x\" NULL '"'"'q'"'"' \\ {}$q$);'
put_raw bytes/b1.sql b1 "" "$b_msg" "$b_up" "DROP TABLE b1;"
put_raw bytes/b2.sql b2 "b1" '{"x", \y} , "' "SELECT '\\\\', '}', ',', '\"';"
"$SM" -D bytes -v sync >b.out 2>b.err; is $? 0 "sync registers files whose texts hold quotes, backslashes, braces, commas"
is "$(q "SELECT message FROM schemamig.revision WHERE id = 'b1'")|$(q "SELECT message IS NULL FROM schemamig.revision WHERE id = 'b1'")" "NULL|f" \
    "a message \"NULL\" arrives as the text NULL, not as a null"
is "$(q "SELECT upgrade FROM schemamig.revision WHERE id = 'b1'")" "$b_up" "the upgrade SQL arrives byte for byte"
is "$(q "SELECT message || ' / ' || upgrade FROM schemamig.revision WHERE id = 'b2'")" \
    "{\"x\", \\y} , \" / SELECT '\\\\', '}', ',', '\"';" "so do the other file's message and SQL"
is "$(q "SELECT downgrade IS NULL, parents FROM schemamig.revision WHERE id = 'b2'")" "t|{b1}" \
    "a file without a downgrade section is registered irreversible (a NULL element), with its parents"
n_small=$(grep -c '^schemamig: ran:' b.err)
for i in $(seq 3 40); do put_raw "bytes/b$i.sql" "b$i" "b$((i - 1))" "file $i" "SELECT $i;"; done
"$SM" -D bytes -v sync >b.out 2>b.err; is $? 0 "sync registers 38 more files"
is "$(grep -c '^registered' b.out) $(grep -c '^schemamig: ran:' b.err)" "38 $n_small" \
    "in as many statements as it took for two files (one call of schemamig.sync)"
"$SM" -D bytes -v upgrade >b.out 2>b.err; is $? 0 "upgrade applies the forty"
is "$(grep -c '^applied revision' b.out) $(grep -c '^schemamig: ran: SELECT schemamig.upgrade(\$1)' b.err)" "40 1" \
    "a chain of forty transactional revisions: one call of upgrade()"
is "$(q "SELECT v FROM b1")" '{"a,b"}\\"x\" NULL '"'"'q'"'"' \\ {}' "the SQL that ran is the file's"
# SJIS: the second byte of "ソ" is 0x5c, a backslash in ASCII; escaping it would change the text
put_raw bytes/b41.sql b41 "b40" "$(printf 'so \203\134')" "SELECT 41;"
PGCLIENTENCODING=SJIS "$SM" -D bytes sync >/dev/null 2>b.err; is $? 0 "sync in SJIS"
is "$(q "SELECT message FROM schemamig.revision WHERE id = 'b41'")" "so ソ" \
    "a multibyte character whose second byte is a backslash arrives whole"
# a changed pending file whose SQL does not parse: the error names the file
put_raw bytes/b41.sql b41 "b40" "so" "SELEC 41;"
"$SM" -D bytes sync >b.out 2>b.err; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: bytes/b41.sql: syntax error at or near "SELEC"' b.err; ok $? "a changed file that does not parse: exit 1, naming the file" || sed 's/^/# /' b.err
is "$(q "SELECT message FROM schemamig.revision WHERE id = 'b41'")" "so ソ" "and nothing changed"
# one whose SQL controls the transaction (0A000): named too
put_raw bytes/b41.sql b41 "b40" "so" "BEGIN; SELECT 41;"
"$SM" -D bytes sync >b.out 2>b.err; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: bytes/b41.sql: transaction control statements are not allowed in revision SQL' b.err
ok $? "a changed file with BEGIN: exit 1, naming the file" || sed 's/^/# /' b.err
# an applied revision's parents changed: refused, naming the file
put_raw bytes/b3.sql b3 "b1" "file 3" "SELECT 3;"
"$SM" -D bytes sync >b.out 2>b.err; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: bytes/b3.sql: revision "b3" is applied, but its file.s parents or transactional flag differs' b.err
ok $? "an applied revision whose parents changed: exit 1, naming the file" || sed 's/^/# /' b.err
export PGDATABASE=$db
"$BIN/dropdb" schemamig_client_bytes

# --- nothing to do: one statement, and every refusal whenever anything changed ----------------
fresh_db schemamig_client_noop
$PSQL -d schemamig_client_noop -c 'CREATE EXTENSION schemamig' >/dev/null
export PGDATABASE=schemamig_client_noop
mkdir noop
put_raw noop/n1.sql n1 "" "one" "CREATE TABLE n1 (v int);" "DROP TABLE n1;"
# CRLF line ends, a message beyond ASCII, an irreversible file: the client's digest is the server's
put_raw noop/n2.sql n2 "n1" "two, ü" "$(printf 'CREATE TABLE n2 (v int);\r\nSELECT 2;\r')" "DROP TABLE n2;"
put_raw noop/n3.sql n3 "n2" "three" "SELECT 3;"
"$SM" -D noop upgrade >n.out 2>n.err; is $? 0 "upgrade three files" || sed 's/^/# /' n.err
noop_ran() { grep -c '^schemamig: ran:' n.err; }
# statements of a no-op upgrade and status --check: one with up_to_date()
# (0.5.0); an extension without it (a client tried against an older server)
# gets the full run after the failed attempt
if [ "$(q "SELECT to_regprocedure('schemamig.up_to_date(pg_catalog.text)') IS NOT NULL")" = t ]; then
    noop_up=1 noop_check=1 noop_how="in one statement: up_to_date() with the files' digest, no sync"
else
    noop_up=6 noop_check=3 noop_how="an extension before 0.5.0: up_to_date() fails, then the full run (SET, BEGIN, sync, COMMIT, pending)"
fi
"$SM" -D noop -v upgrade >n.out 2>n.err; is $? 0 "upgrade again: nothing to do"
is "$(noop_ran)|$(grep -m1 '^schemamig: ran:' n.err)|$(cat n.out)" \
    "$noop_up|schemamig: ran: SELECT schemamig.up_to_date(...) with the digest of 3 files|upgrade: 0 revisions applied" \
    "$noop_how" || sed 's/^/# /' n.err
"$SM" -D noop -v status --check >n.out 2>n.err
is "$?|$(noop_ran)|$(cat n.out)" "0|$noop_check|" "status --check: exit 0 after $noop_check statement(s), nothing printed"
"$SM" -D noop -v status >n.out 2>n.err
is "$?|$(noop_ran)|$(cat n.out)" "0|$noop_check|applied (3):
  n1  one
  n2  two, ü
  n3  three
pending in the database (0):
only as files in noop (0):" "status: every file applied, listed after $noop_check statement(s)"
# an applied file changed: refused, naming it, as before
cp noop/n2.sql n2.keep
put_raw noop/n2.sql n2 "n1" "two, ü" "CREATE TABLE n2 (v int, w int);" "DROP TABLE n2;"
"$SM" -D noop upgrade >n.out 2>n.err; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: noop/n2.sql: revision "n2" is applied, but its file.s SQL differs' n.err
ok $? "a changed applied file after a no-op: refused, naming the file" || sed 's/^/# /' n.err
cp n2.keep noop/n2.sql
# a missing parent and a cycle: refused before any connection
put_raw noop/n4.sql n4 "nx" "four" "SELECT 4;"
PGHOST=/nonexistent "$SM" -D noop upgrade >n.out 2>n.err; rc=$?
[ $rc = 1 ] && grep -q 'parent "nx" is in no file of noop' n.err; ok $? "a missing parent: refused" || sed 's/^/# /' n.err
put_raw noop/n4.sql n4 "n5" "four" "SELECT 4;"
put_raw noop/n5.sql n5 "n4" "five" "SELECT 5;"
PGHOST=/nonexistent "$SM" -D noop upgrade >n.out 2>n.err; rc=$?
[ $rc = 1 ] && grep -q 'form a cycle' n.err; ok $? "a cycle: refused" || sed 's/^/# /' n.err
# the connection is made while the files are read: a bad file is still
# refused at once, whatever the connection is doing (here: to an address
# that may never answer), and the exit does not wait for it
start=$(date +%s)
PGHOST=192.0.2.1 PGCONNECT_TIMEOUT=60 timeout 30 "$SM" -D noop upgrade >n.out 2>n.err; rc=$?
[ $rc = 1 ] && grep -q 'form a cycle' n.err && [ $(( $(date +%s) - start )) -lt 10 ]
ok $? "a bad file while connecting to an unanswering host: refused at once, exit 1" || sed 's/^/# /' n.err
rm noop/n4.sql noop/n5.sql
# an applied file's message changed: updated, and the run after is one statement again
put_raw noop/n3.sql n3 "n2" "three, renamed" "SELECT 3;"
"$SM" -D noop upgrade >n.out 2>n.err; is "$?|$(grep -c '^updated n3' n.out)" "0|1" "a renamed applied file: its message updated"
"$SM" -D noop -v upgrade >n.out 2>n.err; is "$?|$(noop_ran)" "0|$noop_up" "then nothing to do, in $noop_up statement(s)"
# a revision registered by other means: the kept digest no longer counts
q "SELECT schemamig.add_revision('n9', 'SELECT 9', NULL, ARRAY['n3'], message => 'by hand')" >/dev/null
"$SM" -D noop status --check >/dev/null 2>&1; is $? 1 "status --check after add_revision() by hand: exit 1"
"$SM" -D noop -v status >n.out 2>n.err
is "$?|$(grep -c 'schemamig.history' n.err)|$(cat n.out)" "0|1|applied (3):
  n1  one
  n2  two, ü
  n3  three, renamed
pending in the database (1):
  n9  by hand
only as files in noop (0):" "status after add_revision() by hand: from history(), the same files and n9 pending"
put_raw noop/n8.sql n8 "n3" "eight" "SELECT 8;"
"$SM" -D noop upgrade heads >n.out 2>n.err; rc=$?
[ $rc = 1 ] && grep -q '^  n9$' n.err; ok $? "upgrade refuses the pending revision in no file, naming it" || sed 's/^/# /' n.err
! grep -q 'registered n8' n.out && [ "$(q "SELECT count(*) FROM schemamig.revision WHERE id = 'n8'")" = 0 ]
ok $? "and does not print the registration its refusal rolled back" || sed 's/^/# /' n.out
rm noop/n8.sql
q "SELECT schemamig.remove_revision('n9')" >/dev/null
"$SM" -D noop -v upgrade >n.out 2>n.err; is "$?|$(grep -c 'schemamig.sync' n.err)" "0|1" "once it is removed, one full sync"
"$SM" -D noop -v upgrade >n.out 2>n.err; is "$?|$(noop_ran)" "0|$noop_up" "and then $noop_up statement(s) again"
# a new file: pending for status --check, applied by upgrade
put_raw noop/n4.sql n4 "n3" "four" "SELECT 4;"
"$SM" -D noop status --check >/dev/null 2>&1; is $? 1 "a new file: status --check exits 1"
"$SM" -D noop upgrade >n.out 2>n.err; is "$?|$(q 'SELECT count(*) FROM schemamig.applied')" "0|4" "upgrade applies it"
export PGDATABASE=$db
"$BIN/dropdb" schemamig_client_noop

# --- a stretch on a branched graph: upgrade() of its last revision is not all of it ---------
fresh_db schemamig_client_branch
$PSQL -d schemamig_client_branch -c 'CREATE EXTENSION schemamig' >/dev/null
export PGDATABASE=schemamig_client_branch
mkdir branch
put_raw branch/k0.sql k0 "" "root" "CREATE TABLE k0 (v int);" "DROP TABLE k0;"
put_raw branch/k1.sql k1 "k0" "one" "SELECT 1/0;" "SELECT 1;"
put_raw branch/k2.sql k2 "k0" "two" "CREATE TABLE k2 (v int);" "DROP TABLE k2;"
put_raw branch/k3.sql k3 "k0" "three" "CREATE TABLE k3 (v int);" "DROP TABLE k3;"
put_raw branch/k4.sql k4 "k3" "four" "CREATE TABLE k4 (v int);" "DROP TABLE k4;"
"$SM" -D branch upgrade heads >b.out 2>b.err; rc=$?
[ $rc = 1 ] && grep -q 'upgrade stopped in the stretch of 5 transactional revisions' b.err; ok $? "a failing revision on a branch stops the stretch" || sed 's/^/# /' b.err
is "$(q 'SELECT count(*) FROM schemamig.applied') $(q "SELECT to_regclass('k4') IS NULL")" "0 t" \
    "and nothing of it stays applied, though upgrade() of its last revision had succeeded"
put_raw branch/k1.sql k1 "k0" "one" "CREATE TABLE k1 (v int);" "DROP TABLE k1;"
"$SM" -D branch -v upgrade heads >b.out 2>b.err; is $? 0 "upgrade heads of three branches"
is "$(q 'SELECT string_agg(revision, $$ $$ ORDER BY revision) FROM schemamig.applied')" "k0 k1 k2 k3 k4" "applies all five"
is "$(grep -c '^schemamig: ran: SELECT schemamig.upgrade(\$1)' b.err) $(grep -c '^schemamig: ran: WITH s AS' b.err) $(grep -c '^schemamig: ran: BEGIN' b.err)" "1 1 2" \
    "in one transaction (after sync's), in two statements: upgrade() of the last, then of every branch's end"
# as many statements for 300 branches as for 3
mkdir roots
for k in $(seq 300); do put_raw roots/root$k.sql "root$k" "" "root $k" "SELECT $k;" "SELECT $k;"; done
fresh_db schemamig_client_roots
$PSQL -d schemamig_client_roots -c 'CREATE EXTENSION schemamig' >/dev/null
PGDATABASE=schemamig_client_roots "$SM" -D roots -v upgrade heads >r.out 2>r.err; rc=$?
is "$rc $(grep -c '^schemamig: ran:' r.err) $(grep -c '^schemamig: ran:' b.err) $($PSQL -d schemamig_client_roots -At -c 'SELECT count(*) FROM schemamig.applied')" \
    "0 $(grep -c '^schemamig: ran:' b.err) $(grep -c '^schemamig: ran:' b.err) 300" \
    "upgrade heads of 300 roots: all applied, in as many statements as for three branches"
"$BIN/dropdb" schemamig_client_roots
# downgrade: a non-transactional revision between two stretches
put_raw branch/k5.sql k5 "k4" "five" "CREATE TABLE k5 (v int);" "DROP TABLE k5;"
sed -i 's/^-- message: five$/&\n-- no-transaction/' branch/k5.sql
put_raw branch/k6.sql k6 "k5" "six" "CREATE TABLE k6 (v int);" "DROP TABLE k6;"
"$SM" -D branch upgrade heads >/dev/null 2>&1
is "$(q 'SELECT count(*) FROM schemamig.applied')" 7 "seven applied, k5 outside a transaction"
"$SM" -D branch -v downgrade --yes 4 >b.out 2>b.err; is $? 0 "downgrade 4 across the non-transactional one"
is "$(q 'SELECT count(*) FROM schemamig.applied') $(q "SELECT to_regclass('k5') IS NULL AND to_regclass('k6') IS NULL")" "3 t" \
    "reverts four" || sed 's/^/# /' b.out b.err
grep -q "^reverted revision \"k5\" outside a transaction" b.out; ok $? "k5 outside a transaction"
is "$(grep -c '^schemamig: ran: SELECT schemamig.downgrade(\$1::pg_catalog.int4)' b.err)" 2 \
    "the stretches on either side of it in one downgrade() call each"
export PGDATABASE=$db
"$BIN/dropdb" schemamig_client_branch

# --- lint and trace: what upgrade would do, located in the files ---------------------------
fresh_db schemamig_client_lint
export PGDATABASE=schemamig_client_lint
$PSQL -c 'CREATE EXTENSION schemamig' -c 'CREATE TABLE lint_big (id int PRIMARY KEY, a int)' \
    -c 'INSERT INTO lint_big SELECT g, g FROM generate_series(1, 1000) AS g' -c 'ANALYZE lint_big' >/dev/null
mkdir lint
# the upgrade section starts after two blank lines, with a comment: CREATE INDEX is on line 9
printf '%s\n' "-- schemamig revision: l1" "-- parents:" "-- message: index" "" "-- schemamig:upgrade" "" "" \
    "-- a comment first" "CREATE INDEX ON lint_big (a);" "" "-- schemamig:downgrade" "DROP INDEX lint_big_a_idx;" >lint/l1.sql
"$SM" -D lint lint >l.out 2>l.err; is $? 0 "lint: warnings only, exit 0"
grep -q '^lint/l1.sql:9: warning: blocking-index: CREATE INDEX on public.lint_big (about 1000 rows, ' l.out
ok $? "a finding reads FILE:LINE: SEVERITY: RULE: MESSAGE, the line counted in the file" || sed 's/^/# /' l.out l.err
sed -n 2p l.out | grep -q '^    hint: Use CREATE INDEX CONCURRENTLY in a non-transactional revision'; ok $? "then its hint, indented"
grep -q '^lint/l1.sql:9: warning: missing-lock-timeout: CREATE INDEX waits for a SHARE lock on public.lint_big ' l.out
ok $? "and one for the wait with no lock_timeout" || sed 's/^/# /' l.out
is "$(tail -1 l.out)" "lint: 0 errors, 2 warnings, 0 infos" "and a count"
"$SM" -D lint lint --strict >/dev/null 2>&1; is $? 1 "lint --strict: a warning is exit 1"
is "$(q 'SELECT count(*) FROM schemamig.revision')" 0 "lint syncs the files in a transaction it rolls back"
put_raw lint/l2.sql l2 "l1" "concurrently" "SELECT 1;
CREATE INDEX CONCURRENTLY lint_big_id ON lint_big (id);"
"$SM" -D lint lint >l.out 2>&1; is $? 1 "lint: an error finding is exit 1"
grep -q '^lint/l2.sql:6: error: concurrently-in-transaction: ' l.out; ok $? "the error, located in its file" || sed 's/^/# /' l.out
"$SM" -D lint lint l1 >l.out 2>&1; is "$?:$(grep -c '^lint/' l.out)" "0:2" "lint TARGET lints what upgrade TARGET applies, no more"
rm lint/l2.sql
"$SM" -D lint upgrade l1 >l.out 2>l.err; is $? 0 "upgrade applies it despite the warning"
grep -q '^lint/l1.sql:9: warning: blocking-index: ' l.err && grep -q '^schemamig: lint: 0 errors, 2 warnings' l.err
ok $? "upgrade prints the warnings of what it applies, on stderr" || sed 's/^/# /' l.err
is "$(q 'SELECT count(*) FROM schemamig.applied')" 1 "l1 is applied"
"$SM" -D lint -q upgrade l1 >l.out 2>l.err; is "$(cat l.out l.err)" "" "a no-op upgrade lints nothing"
# trace
put_raw lint/l3.sql l3 "l1" "widen" "ALTER TABLE lint_big ALTER COLUMN a TYPE bigint;" "SELECT 1;"
"$SM" -D lint trace >t.out 2>t.err; is $? 0 "trace"
is "$(head -1 t.out | tr -s ' ')" "revision statement line relation lock rewritten duration" "trace prints a table: its header"
grep -Eq '^l3 +1 +5 +public\.lint_big +AccessExclusiveLock +yes +[0-9]+\.[0-9]{3} ms$' t.out; ok $? "a row: revision, statement, line in the file, relation, lock, rewritten, duration" || sed 's/^/# /' t.out t.err
awk 'NR > 2 && /^l3/ { print index($0, "public.lint_big") }' t.out | sort -u | wc -l | grep -qx 1; ok $? "its columns aligned"
is "$(q "SELECT count(*) FROM schemamig.revision")|$(q "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'lint_big'::regclass AND attname = 'a'")" \
    "1|integer" "trace leaves nothing: l3 unregistered, the column still integer"
put_raw lint/l3.sql l3 "l1" "concurrently" "CREATE INDEX CONCURRENTLY lint_big_id ON lint_big (id);" "SELECT 1;"
sed -i 's/^-- message: concurrently$/&\n-- no-transaction/' lint/l3.sql
"$SM" -D lint trace >t.out 2>t.err; rc=$?
[ $rc = 1 ] && grep -q "(SQLSTATE 55000)" t.err && grep -q '"l3"' t.err; ok $? "trace refuses a plan with a non-transactional revision, naming it" || sed 's/^/# /' t.err
export PGDATABASE=$db
"$BIN/dropdb" schemamig_client_lint

# --- progress on a terminal: one line redrawn in place ---------------------------------------
fresh_db schemamig_client_tty
$PSQL -d schemamig_client_tty -c 'CREATE EXTENSION schemamig' >/dev/null
mkdir tty
put_raw tty/t1.sql t1 "" "one" "CREATE TABLE t1 (v int);" "DROP TABLE t1;"
put_raw tty/t2.sql t2 "t1" "two" "CREATE TABLE t2 (v int);" "DROP TABLE t2;"
put_raw tty/t3.sql t3 "t2" "three" "CREATE TABLE t3 (v int);" "DROP TABLE t3;"
out=$(PGDATABASE=schemamig_client_tty script -qec "$SM -D tty upgrade" /dev/null 2>&1)
grep -q "$(printf '\r\033\\[K')3/3 revisions, [0-9.]* s: applied revision \"t3\" (three) in " <<<"$out" &&
    [ "$(grep -c "$(printf '\033\\[K')" <<<"$out")" = 1 ] && ! grep -q '^applied revision' <<<"$out"
ok $? "upgrade on a terminal: one progress line, redrawn in place (done of total, elapsed, the revision)" || sed 's/^/# /' <<<"$out" | cat -v
grep -q '^upgrade: 3 revisions applied' <<<"$out"; ok $? "then the summary on a line of its own"
out=$(PGDATABASE=schemamig_client_tty script -qec "$SM -D tty downgrade --yes 2" /dev/null 2>&1)
grep -q '2/2 revisions, [0-9.]* s: reverted revision "t2"' <<<"$out"; ok $? "so does downgrade" || sed 's/^/# /' <<<"$out" | cat -v
out=$(PGDATABASE=schemamig_client_tty script -qec "$SM -q -D tty upgrade" /dev/null 2>&1)
is "$out|$($PSQL -d schemamig_client_tty -At -c 'SELECT count(*) FROM schemamig.applied')" "|3" "-q silences it"
# after stamp() (which records ancestors after their children) the
# confirmation names exactly what downgrade reverts: the server's plan
PGDATABASE=schemamig_client_tty "$SM" -D tty stamp --yes base >/dev/null && PGDATABASE=schemamig_client_tty "$SM" -D tty stamp --yes t3 >/dev/null
out=$(PGDATABASE=schemamig_client_tty "$SM" -D tty downgrade --dry-run 2 2>&1)
grep -A2 '^This reverts 2 revisions, newest first:$' <<<"$out" | tail -2 | tr -s ' ' | tr '\n' '/' >stamp.plan
is "$(cat stamp.plan)" " t3 three/ t2 two/" "after a stamp, downgrade's confirmation names t3 and t2" || sed 's/^/# /' <<<"$out"
PGDATABASE=schemamig_client_tty "$SM" -D tty downgrade --yes 2 >/dev/null 2>&1
is "$($PSQL -d schemamig_client_tty -At -c 'SELECT string_agg(revision, $$ $$) FROM schemamig.applied')" "t1" "and those are what it reverts"
"$BIN/dropdb" schemamig_client_tty

# --- -q: errors and warnings only; the server is not asked for notices ------------------------
fresh_db schemamig_client_quiet
$PSQL -d schemamig_client_quiet -c 'CREATE EXTENSION schemamig' >/dev/null
mkdir quiet
put_raw quiet/q1.sql q1 "" "loud" "DO \$\$ BEGIN RAISE NOTICE 'a notice'; RAISE WARNING 'a warning'; END \$\$;"
PGDATABASE=schemamig_client_quiet "$SM" -D quiet -q upgrade >q.out 2>q.err; rc=$?
is "$rc|$(cat q.out)|$(grep -c 'a notice\|applied revision' q.err)|$(grep -c 'WARNING:  a warning' q.err)" "0||0|1" \
    "upgrade -q: the revision's WARNING printed, no NOTICE, no progress" || sed 's/^/# /' q.err
# what a revision raises cannot make a line of its own: the line feeds in a
# WARNING's text and in an error's detail, hint and context are indented
put_raw quiet/q2.sql q2 "q1" "forge" "DO \$\$ BEGIN RAISE WARNING E'w1\\nschemamig: forged warning line' USING DETAIL = E'd1\\nschemamig: forged detail line';
RAISE EXCEPTION E'e1\\nschemamig: forged error line' USING DETAIL = E'd2\\nschemamig: forged line', HINT = E'h\\nupgrade: 0 failed'; END \$\$;"
PGDATABASE=schemamig_client_quiet "$SM" -D quiet upgrade >q.out 2>q.err; rc=$?
is "$rc|$(grep -c '^schemamig: forged\|^upgrade: 0 failed' q.err)|$(grep -c '^  schemamig: forged\|^  upgrade: 0 failed' q.err)|$(grep -c '^WARNING:  w1$' q.err)|$(grep -c '^DETAIL: d2$' q.err)" "1|0|4|1|1" \
    "a revision's WARNING and error keep their line feeds, each followed by an indent: no forged line" || sed 's/^/# /' q.err
"$BIN/dropdb" schemamig_client_quiet

# --- a large directory: its second half is read on another thread --------------------------
# errors still come in name order, whichever thread read the file
python3 - <<'PY'
import os
os.mkdir("big")
for i in range(1, 601):
    parent = "" if i == 1 else "g%04d" % (i - 1)
    open("big/g%04d.sql" % i, "w").write("-- schemamig revision: g%04d\n-- parents: %s\n-- message: m%d\n-- schemamig:upgrade\nSELECT %d;\n" % (i, parent, i, i))
PY
PGHOST=/nonexistent "$SM" -D big sql >big.sql; rc=$?
grep '^-- revision g[0-9]*: m[0-9]* (big/' big.sql | cut -d: -f1 >big.ids
is "$rc $(wc -l <big.ids) $(sed -n '1p;600p' big.ids | tr '\n' ' ')" \
    "0 600 -- revision g0001 -- revision g0600 " "600 files: all of them, parents first" || sed -n 1,5p big.sql | sed 's/^/# /'
mv big/g0500.sql big/g0500.keep && mkfifo big/g0500.sql
sed -i '/^-- message/d' big/g0100.sql
out=$(timeout 20 "$SM" -D big sql 2>&1 >/dev/null); rc=$?
is "$rc:$out" "1:schemamig: error: big/g0100.sql: no \"-- message:\" line (say what the revision does, as history shows it)" \
    "a bad file in the first half is reported before a FIFO in the second"
sed -i 's/^-- parents: g0099$/&\n-- message: m100/' big/g0100.sql
out=$(timeout 20 "$SM" -D big sql 2>&1 >/dev/null); rc=$?
is "$rc:$out" "1:schemamig: error: big/g0500.sql: not a regular file; a versions directory holds only migration files named *.sql" \
    "then the FIFO, read ahead, is reported naming it"
rm big/g0500.sql && printf 'x\0y' | cat big/g0500.keep - >big/g0500.sql
out=$("$SM" -D big sql 2>&1 >/dev/null); rc=$?
is "$rc:$out" "1:schemamig: error: big/g0500.sql: the file holds a zero byte" "so is a zero byte"
mv big/g0500.keep big/g0500.sql
PGHOST=/nonexistent "$SM" -D big sql | cmp -s - big.sql; ok $? "mended, the script is the same as before"

# --- offline sql --------------------------------------------------------------------------------
PGHOST=/nonexistent "$SM" sql >script.sql; is $? 0 "sql works without a server"
grep -q "^BEGIN;" script.sql && grep -q "^COMMIT;" script.sql; ok $? "the script is wrapped in a transaction"
fresh_db schemamig_client_sql
$PSQL -d schemamig_client_sql -c 'CREATE EXTENSION schemamig' >/dev/null
$PSQL -d schemamig_client_sql -f script.sql >/dev/null 2>&1; is $? 0 "psql runs the script"
is "$(PGDATABASE=schemamig_client_sql "$SM" current) $(PGDATABASE=schemamig_client_sql "$SM" verify >/dev/null; echo $?)" "$id3 0" "the script leaves the state upgrade would"
is "$($PSQL -d schemamig_client_sql -At -c "SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass")" t "including the concurrent index"
"$BIN/dropdb" schemamig_client_sql

# --- a LATIN1 database: the online commands and the offline script both read the files as UTF-8
mkdir latin
put_raw latin/l1.sql l1 "" "utf-8" "CREATE TABLE l1 (v text DEFAULT 'caf$(printf '\303\251')');" "DROP TABLE l1;"
latin_db() { "$BIN/dropdb" --if-exists "$1" >/dev/null 2>&1; "$BIN/createdb" -E LATIN1 -T template0 --locale=C "$1" && $PSQL -d "$1" -c 'CREATE EXTENSION schemamig' >/dev/null; }
# cafe DB TABLE: t when TABLE's default is the text café, in the database's encoding
cafe() { $PSQL -d "$1" -At -c "SELECT pg_get_expr(adbin, adrelid) = '''caf' || chr(233) || '''::text' FROM pg_attrdef WHERE adrelid = '$2'::regclass"; }
latin_db schemamig_client_l1
PGDATABASE=schemamig_client_l1 "$SM" -D latin -q upgrade; rc=$?
is "$rc $(cafe schemamig_client_l1 l1)" "0 t" "upgrade in a LATIN1 database: a UTF-8 file's é arrives as é"
"$SM" -D latin sql >latin.sql
$PSQL -d schemamig_client_l1 -f latin.sql >latin.out 2>&1; rc=$?
is "$rc $(PGDATABASE=schemamig_client_l1 "$SM" -D latin verify >/dev/null; echo $?)" "0 0" \
    "and the offline script takes it as the same file: it runs, and verify is clean" || sed 's/^/# /' latin.out
latin_db schemamig_client_l2
$PSQL -d schemamig_client_l2 -f latin.sql >/dev/null 2>&1; rc=$?
PGDATABASE=schemamig_client_l2 "$SM" -D latin upgrade >latin.out 2>&1
is "$rc $? $(cafe schemamig_client_l2 l1)" "0 0 t" "the other way round: the script first, then upgrade finds nothing changed" || sed 's/^/# /' latin.out
put_raw latin/l2.sql l2 "l1" "euro" "SELECT '$(printf '\342\202\254')';"
PGDATABASE=schemamig_client_l2 "$SM" -D latin upgrade >latin.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: latin/l2.sql: character .* has no equivalent in encoding "LATIN1"' latin.out
ok $? "a character LATIN1 lacks: exit 1, naming the file" || sed 's/^/# /' latin.out
is "$($PSQL -d schemamig_client_l2 -At -c "SELECT count(*) FROM schemamig.revision")" 1 "and nothing was registered"
mkdir latin1
put_raw latin1/m1.sql m1 "" "latin1" "CREATE TABLE m1 (v text DEFAULT 'caf$(printf '\351')');" "DROP TABLE m1;"
latin_db schemamig_client_l3
"$SM" -D latin1 -d "dbname=schemamig_client_l3 client_encoding=LATIN1" -q upgrade; rc=$?
is "$rc $(cafe schemamig_client_l3 m1)" "0 t" "client_encoding in the connection string is the files' encoding instead"
for d in l1 l2 l3; do "$BIN/dropdb" schemamig_client_$d; done

# --- a non-transactional statement that changes how the server reads the next one: stopped there
fresh_db schemamig_client_lex
$PSQL -d schemamig_client_lex -c 'CREATE EXTENSION schemamig' >/dev/null
mkdir lex_enc lex_scs
cat >lex_enc/x1.sql <<'F'
-- schemamig revision: x1
-- parents:
-- message: client_encoding
-- no-transaction
-- schemamig:upgrade
SET client_encoding = 'SJIS';
SELECT E'ā\'; CREATE TABLE lex_hidden (); --' AS one_string;
F
cat >lex_scs/x1.sql <<'F'
-- schemamig revision: x1
-- parents:
-- message: standard_conforming_strings
-- no-transaction
-- schemamig:upgrade
SET standard_conforming_strings = off;
SELECT 'a\''; CREATE TABLE lex_hidden (); --' AS one_string;
F
lexq() { $PSQL -d schemamig_client_lex -At -c "SELECT to_regclass('lex_hidden') IS NULL, count(*) FROM schemamig.applied"; }
for setting in client_encoding standard_conforming_strings; do
    dir=lex_enc; [ $setting = standard_conforming_strings ] && dir=lex_scs
    PGDATABASE=schemamig_client_lex "$SM" -D $dir upgrade >lex.out 2>&1; rc=$?
    [ $rc = 1 ] && grep -q "^schemamig: error: revision \"x1\" (not transactional) changed $setting at statement 1 of 2" lex.out
    ok $? "$setting changed by the first of two statements: upgrade stops before the second, exit 1" || sed 's/^/# /' lex.out
    is "$(lexq)" "t|0" "$setting: what the next statement hid did not run, and nothing is recorded"
    "$SM" -D $dir sql >lex.sql
    $PSQL -d schemamig_client_lex -f lex.sql >lex.out 2>&1; rc=$?
    [ $rc = 3 ] && grep -q "ERROR:  revision x1 (not transactional) changed client_encoding or standard_conforming_strings at statement 1" lex.out
    ok $? "$setting: the offline script stops there too" || sed 's/^/# /' lex.out
    is "$(lexq)" "t|0" "$setting: and neither runs nor records anything after it"
    $PSQL -d schemamig_client_lex -c "DELETE FROM schemamig.revision" >/dev/null
done
# a setting reloaded from the configuration while the statements run (ALTER SYSTEM, pg_reload_conf()):
# the server applies a reload as it reads the next message, where no check after a statement can see it,
# so the setting the statements were told apart by is pinned for the session, and a reload leaves it be.
# The last statement is one with standard_conforming_strings on, where it was told apart, and two with it off.
mkdir lex_reload
cat >lex_reload/x1.sql <<'F'
-- schemamig revision: x1
-- parents:
-- message: reloaded standard_conforming_strings
-- no-transaction
-- schemamig:upgrade
ALTER SYSTEM SET standard_conforming_strings = off;
SELECT pg_catalog.pg_reload_conf(), pg_catalog.pg_sleep(1);
SELECT 'a\''; CREATE TABLE lex_hidden (); --' AS one_string;
F
unreload() { $PSQL -d schemamig_client_lex -q -c "ALTER SYSTEM RESET standard_conforming_strings" -c "SELECT pg_catalog.pg_reload_conf()" >/dev/null; }
PGDATABASE=schemamig_client_lex "$SM" -D lex_reload upgrade >lex.out 2>&1; rc=$?
unreload
is "$rc $(lexq)" "0 t|1" "a reload while the statements run: each runs as it was told apart, and it is applied" || sed 's/^/# /' lex.out
$PSQL -d schemamig_client_lex -c "SELECT schemamig.stamp('base')" >/dev/null
"$SM" -D lex_reload sql >lex.sql
$PSQL -d schemamig_client_lex -f lex.sql >lex.out 2>&1; rc=$?
unreload
is "$rc $(lexq)" "0 t|1" "reload: the offline script too" || sed 's/^/# /' lex.out
$PSQL -d schemamig_client_lex -c "SELECT schemamig.stamp('base')" -c "DELETE FROM schemamig.revision" >/dev/null
# a non-transactional revision does not run while verify() reports a problem, as upgrade() refuses then
mkdir lex_ok
printf -- '-- schemamig revision: y1\n-- parents:\n-- message: benign\n-- no-transaction\n-- schemamig:upgrade\nCREATE TABLE lex_y1 ();\n' >lex_ok/y1.sql
$PSQL -d schemamig_client_lex -c "SET session_replication_role = replica" \
    -c "INSERT INTO schemamig.applied (revision, applied_at, applied_by, duration, checksum) VALUES ('phantom', now(), current_user, '0', 'x')"
PGDATABASE=schemamig_client_lex "$SM" -D lex_ok upgrade >lex.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: upgrade refused: schemamig.verify() reports 1 problem, the first: phantom: applied, but not registered' lex.out
ok $? "while verify() reports a problem, upgrade runs no non-transactional revision: exit 1" || sed 's/^/# /' lex.out
is "$($PSQL -d schemamig_client_lex -At -c "SELECT to_regclass('lex_y1') IS NULL")" t "and that revision did not run"
"$SM" -D lex_ok sql >lex.sql
$PSQL -d schemamig_client_lex -f lex.sql >lex.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q "ERROR:  schemamig.verify() reports problems: nothing more is applied" lex.out
ok $? "and the offline script stops there too" || sed 's/^/# /' lex.out
is "$($PSQL -d schemamig_client_lex -At -c "SELECT to_regclass('lex_y1') IS NULL")" t "without running it"
"$BIN/dropdb" schemamig_client_lex

# --- a pending revision that another session edits after upgrade synced the files (here the
# non-transactional revision before it does, on its connection of its own): the stretch after it
# runs the edited SQL, finds the revision's checksum changed, and commits nothing of it
fresh_db schemamig_client_edit
$PSQL -d schemamig_client_edit -q -c 'CREATE EXTENSION schemamig'
mkdir edit
printf -- '-- schemamig revision: e1\n-- parents:\n-- message: edits e2\n-- no-transaction\n-- schemamig:upgrade\n%s\n' \
    "UPDATE schemamig.revision SET upgrade = 'CREATE TABLE edit_other ();' WHERE id = 'e2';" >edit/e1.sql
printf -- '-- schemamig revision: e2\n-- parents: e1\n-- message: the file\n-- schemamig:upgrade\nCREATE TABLE edit_file ();\n' >edit/e2.sql
editq() { $PSQL -d schemamig_client_edit -At -c "SELECT to_regclass('edit_other') IS NULL, to_regclass('edit_file') IS NULL,
                                                         (SELECT string_agg(revision, ',' ORDER BY seq) FROM schemamig.applied)"; }
PGDATABASE=schemamig_client_edit "$SM" -D edit upgrade >edit.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: revision "e2" changed in the database after upgrade synced the files (another session edited it): nothing of the stretch from "e2" to "e2" stays applied' edit.out
ok $? "a revision edited in the database after the sync: exit 1, naming it" || sed 's/^/# /' edit.out
is "$(editq)" "t|t|e1" "the edited SQL did not commit, and the revision is not recorded as applied"
PGDATABASE=schemamig_client_edit "$SM" -D edit upgrade >edit.out 2>&1; rc=$?
is "$rc $(editq)" "0 t|f|e1,e2" "upgrade again syncs the file back and applies what it holds" || sed 's/^/# /' edit.out
# the offline script the same
$PSQL -d schemamig_client_edit -q -c 'DROP TABLE edit_file' -c "SELECT schemamig.stamp('base')" -c 'DELETE FROM schemamig.revision' >/dev/null
"$SM" -D edit sql >edit.sql
$PSQL -d schemamig_client_edit -f edit.sql >edit.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q 'ERROR:  revision "e2" was changed by another session after the script registered it' edit.out
ok $? "the offline script: stops (40001) after the edited revision ran" || sed 's/^/# /' edit.out
is "$(editq)" "t|t|e1" "and rolls it back: the edited SQL did not commit, nor is it recorded"
$PSQL -d schemamig_client_edit -f edit.sql >edit.out 2>&1; rc=$?
is "$rc $(editq)" "0 t|f|e1,e2" "run again, it registers the file's SQL again and applies it" || sed 's/^/# /' edit.out
"$BIN/dropdb" schemamig_client_edit

# --- a CREATE INDEX CONCURRENTLY that fails leaves its index INVALID, and the next
# run fails on it: the error names such indexes (never a partitioned table's own
# index, INVALID by design until its partitions' are attached)
fresh_db schemamig_client_cic
cicq() { $PSQL -d schemamig_client_cic -At -c "$1"; }
cicq "CREATE EXTENSION schemamig; CREATE TABLE cic_t (v int); INSERT INTO cic_t VALUES (1), (1);
      CREATE TABLE cic_p (v int) PARTITION BY RANGE (v); CREATE TABLE cic_p1 PARTITION OF cic_p FOR VALUES FROM (0) TO (9);
      CREATE INDEX cic_p_v ON ONLY cic_p (v)" >/dev/null
mkdir cic
printf -- '-- schemamig revision: c1\n-- parents:\n-- message: fails\n-- no-transaction\n-- schemamig:upgrade\nSELECT 1/0;\n' >cic/c1.sql
PGDATABASE=schemamig_client_cic "$SM" -D cic upgrade >cic.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: revision "c1" (not transactional) failed at statement 1 of 1; the statements before it ran and stay, and the revision is not recorded as applied$' cic.out
ok $? "a failed non-transactional statement with no INVALID index about: the error says nothing of indexes" || sed 's/^/# /' cic.out
printf -- '-- schemamig revision: c1\n-- parents:\n-- message: unique\n-- no-transaction\n-- schemamig:upgrade\nCREATE UNIQUE INDEX CONCURRENTLY cic_v ON cic_t (v);\n-- schemamig:downgrade\nDROP INDEX CONCURRENTLY cic_v;\n' >cic/c1.sql
cicq "DELETE FROM schemamig.revision" >/dev/null
for run in first second; do
    PGDATABASE=schemamig_client_cic "$SM" -D cic upgrade >cic.out 2>&1; rc=$?
    [ $rc = 1 ] && grep -q '^schemamig: error: revision "c1" (not transactional) failed at statement 1 of 1; .*; the database holds an INVALID index (public.cic_v), as a CREATE INDEX CONCURRENTLY that fails or is cancelled leaves its index: drop it with DROP INDEX CONCURRENTLY before you run the command again$' cic.out &&
        ! grep -q cic_p_v cic.out
    ok $? "a unique index built concurrently over duplicates, $run run: exit 1, the error names the INVALID index it left" || sed 's/^/# /' cic.out
done
grep -q 'already exists' cic.out; ok $? "the second run failed on that index"
cicq "DROP INDEX CONCURRENTLY cic_v" >/dev/null
cicq "DELETE FROM cic_t WHERE ctid = (SELECT max(ctid) FROM cic_t)" >/dev/null
PGDATABASE=schemamig_client_cic "$SM" -D cic upgrade >cic.out 2>&1; rc=$?
is "$rc $(cicq "SELECT indisvalid FROM pg_index WHERE indexrelid = 'cic_v'::regclass") $(cicq 'SELECT count(*) FROM schemamig.applied')" "0 t 1" \
    "once it is dropped and the duplicate gone, upgrade builds it valid and records the revision" || sed 's/^/# /' cic.out
"$BIN/dropdb" schemamig_client_cic

# --- a database without the extension, and one whose extension is older than
# the client: the error says which, and what to run
fresh_db schemamig_client_none
for c in status upgrade lint; do
    PGDATABASE=schemamig_client_none "$SM" -D lex_ok "$c" >none.out 2>&1; rc=$?
    [ $rc = 1 ] && grep -q 'this database has no schemamig extension: a superuser creates it with CREATE EXTENSION schemamig' none.out
    ok $? "$c without the extension: exit 1, it says so" || sed 's/^/# /' none.out
done
"$BIN/dropdb" schemamig_client_none
fresh_db schemamig_client_old
$PSQL -d schemamig_client_old -q -c "CREATE EXTENSION schemamig VERSION '0.3.0'"
PGDATABASE=schemamig_client_old "$SM" -D lex_ok upgrade >old.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'older than this client: update it with ALTER EXTENSION schemamig UPDATE' old.out &&
    [ "$($PSQL -d schemamig_client_old -At -c 'SELECT count(*) FROM schemamig.revision')" = 0 ]
ok $? "upgrade against 0.3.0 (no sync()): exit 1, says to update the extension, registers nothing" || sed 's/^/# /' old.out
echo 'CREATE TABLE t (id int);' >old_models.sql
for c in lint trace check "diff old_models.sql"; do
    PGDATABASE=schemamig_client_old "$SM" -D lex_ok $c >old.out 2>&1; rc=$?
    [ $rc = 1 ] && grep -q 'the schemamig extension on the server is older than 0.4.0, which this command needs (sync(), lint(), trace(), diff()): update it with ALTER EXTENSION schemamig UPDATE' old.out
    ok $? "$c against 0.3.0: exit 1, says the command needs 0.4.0" || sed 's/^/# /' old.out
done
"$BIN/dropdb" schemamig_client_old

# --- a connection that cannot be made: libpq's message whole, as psql prints
# it, and no empty line after it
PGHOST=localhost PGPORT=1 "$SM" current >refused.out 2>&1; rc=$?
[ $rc = 1 ] && head -1 refused.out | grep -q '^schemamig: error: could not connect: connection to server at ' &&
    [ -n "$(tail -n 1 refused.out)" ] && ! grep -qF '\t' refused.out
ok $? "a connection refused: exit 1, libpq's message (its tab a tab), no empty line after it" || sed 's/^/# /' refused.out

# --- a connection lost in the middle of a command --------------------------------
# libpq's own error has no SQLSTATE: its first line, as it is
fresh_db schemamig_client_lost
$PSQL -d schemamig_client_lost -q -c 'CREATE EXTENSION schemamig'
mkdir lost && cd lost || exit 1
f=$("$SM" new -m "sleeps")
fill "$f" "SELECT pg_sleep(60);" "SELECT 1;"
PGDATABASE=schemamig_client_lost PGAPPNAME=schemamig_lost "$SM" upgrade >lost.out 2>&1 &
for _ in $(seq 100); do
    [ "$($PSQL -d schemamig_client_lost -At -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE application_name = 'schemamig_lost' AND query LIKE '%upgrade%'")" = t ] && break
    sleep 0.1
done
wait $!; rc=$?
[ $rc = 1 ] && grep -q '^schemamig: error: ' lost.out && ! grep -q 'SQLSTATE ?' lost.out && ! grep -qF '\n' lost.out
ok $? "a connection lost during upgrade: exit 1, libpq's message on one line, no SQLSTATE" || sed 's/^/# /' lost.out
cd ..
"$BIN/dropdb" schemamig_client_lost

cd /
"$BIN/dropdb" "$db"
tap_done
