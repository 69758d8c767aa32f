#!/usr/bin/env bash
# schemamig check: verify, lint errors, check_reversible and (--models) the
# database at head against a models file, all in a transaction rolled back.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_client_check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fresh_db "$db" || exit 1
export PGDATABASE=$db
$PSQL -c 'CREATE EXTENSION schemamig' >/dev/null
q() { $PSQL -At -c "$1"; }
# put FILE ID PARENTS UPGRADE [DOWNGRADE] [no-transaction]
put() {
    {
        printf -- '-- schemamig revision: %s\n-- parents: %s\n-- message: %s\n' "$2" "$3" "$2"
        [ "${6:-}" = no-transaction ] && printf -- '-- no-transaction\n'
        printf -- '-- schemamig:upgrade\n%s\n' "$4"
        [ -n "${5:-}" ] && printf -- '-- schemamig:downgrade\n%s\n' "$5"
    } >"$1"
}
# the whole database, schemamig's tables included, as pg_dump sees it; less
# pg_dump's random \restrict key, and sequences' values: nextval() is not
# undone by a rollback (the seq columns get gaps, nothing else)
state() {
    "$BIN/pg_dump" --no-owner "$db" | grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict ' \
        -e "^SELECT pg_catalog.setval('schemamig\." | md5sum
}

"$SM" check --help | grep -q '^Usage: schemamig \[OPTIONS\] check \[--models MODELS\]'; ok $? "check --help"
"$SM" check extra >/dev/null 2>&1; is $? 2 "check takes no argument: exit 2"

mkdir m
put m/c1.sql c1 "" "CREATE TABLE t (id int PRIMARY KEY);" "DROP TABLE t;"
put m/c2.sql c2 "c1" "ALTER TABLE t ADD COLUMN name text;" "ALTER TABLE t DROP COLUMN name;"
printf 'CREATE TABLE t (id int PRIMARY KEY, name text);\n' >models.sql
printf 'CREATE TABLE t (id int PRIMARY KEY, name text, email text);\n' >models2.sql

# --- all well ------------------------------------------------------------------
before=$(state)
out=$("$SM" -D m check 2>&1); rc=$?
is "$rc" 0 "check: pending revisions that are clean, exit 0" || sed 's/^/# /' <<<"$out"
is "$out" "check: no problems (verify, lint errors, reversibility); everything was rolled back" "and says so, nothing else"
out=$("$SM" -D m check --models models.sql 2>&1); rc=$?
is "$rc" 0 "check --models: the database at head matches the models file, exit 0" || sed 's/^/# /' <<<"$out"
is "$out" "check: no problems (verify, lint errors, reversibility, models); everything was rolled back" "and says so"
"$SM" -q -D m check --models models.sql >q.out 2>&1; is "$?:$(cat q.out)" "0:" "-q: exit 0, nothing printed"
is "$(q 'SELECT count(*) FROM schemamig.revision')" 0 "check registered nothing (the files were synced in a rolled-back transaction)"
is "$(q "SELECT pg_catalog.to_regclass('public.t') IS NULL")" t "and applied nothing"
is "$(state)" "$before" "the database is as it was"

# --- models file that differs ----------------------------------------------------
out=$("$SM" -D m check --models models2.sql 2>&1); rc=$?
is "$rc" 1 "check --models: the database at head differs, exit 1"
grep -qx 'models: the database at head differs from models2.sql; the SQL that would bring it in line:' <<<"$out"; ok $? "names the models file" || sed 's/^/# /' <<<"$out"
grep -qi '^ALTER TABLE .*t.* ADD COLUMN .*email.* text' <<<"$out"; ok $? "prints the SQL that would fix it" || sed 's/^/# /' <<<"$out"
is "$(tail -1 <<<"$out")" "check: 1 problem; everything was rolled back" "and counts it"
is "$(state)" "$before" "the database is as it was after a failed check"
# a models file whose text would reach the terminal: escaped
printf 'CREATE TABLE t (id int PRIMARY KEY, name text, "e\033[2Jx" text);\n' >models3.sql
out=$("$SM" -D m check --models models3.sql 2>&1); rc=$?
is "$rc" 1 "check --models: a column named with an escape sequence, exit 1"
grep -q $'\033' <<<"$out"; is $? 1 "no raw escape byte reaches the terminal"
grep -qF 'e\x1b[2Jx' <<<"$out"; ok $? "it is printed escaped" || sed 's/^/# /' <<<"$out"
"$SM" -D m check --models missing.sql >/dev/null 2>&1; is $? 1 "check --models with a missing file: exit 1"
mkdir models_dir
out=$("$SM" -D m check --models models_dir 2>&1); rc=$?
is "$rc:$out" "1:schemamig: error: models_dir: not a regular file" "check --models with a directory: exit 1, named"

# --- an irreversible revision ----------------------------------------------------
put m/c3.sql c3 "c2" "CREATE TABLE u (id int);" "SELECT 1;"
out=$("$SM" -D m check 2>&1); rc=$?
is "$rc" 1 "check: a downgrade that does not restore the schema, exit 1"
grep -q '^check_reversible: c3: ' <<<"$out"; ok $? "printed as check_reversible's problem, naming the revision" || sed 's/^/# /' <<<"$out"
# a name holding a line feed: the problem's lines after its first are
# indented, so none of them can pass for a problem, or an all-clear, of its own
put m/c3.sql c3 "c2" 'CREATE TABLE "u
check_reversible: c9: all good" (id int);' "SELECT 1;"
out=$("$SM" -D m check 2>&1)
grep -q '^check_reversible: c3: ' <<<"$out" && ! grep -q '^check_reversible: c9' <<<"$out" && grep -q '^  check_reversible: c9: all good' <<<"$out"
ok $? "a line feed in check_reversible's problem: the next line is indented" || sed 's/^/# /' <<<"$out"
is "$(state)" "$before" "the database is as it was"
rm m/c3.sql

# --- a lint error --------------------------------------------------------------
put m/c3.sql c3 "c2" "SELECT 1;
CREATE INDEX CONCURRENTLY t_name ON t (name);" "DROP INDEX t_name;"
out=$("$SM" -D m check 2>&1); rc=$?
is "$rc" 1 "check: a lint error finding, exit 1"
grep -q '^m/c3.sql:6: error: concurrently-in-transaction: ' <<<"$out"; ok $? "printed as schemamig lint prints it, located in the file" || sed 's/^/# /' <<<"$out"
grep -q '^check_reversible: c3: upgrade fails: ' <<<"$out"; ok $? "check_reversible still runs after a lint error" || sed 's/^/# /' <<<"$out"
out=$("$SM" -D m check --models models.sql 2>&1); rc=$?
is "$rc" 1 "check --models: upgrade to head fails, exit 1"
grep -q '^models: the database cannot be brought to head' <<<"$out"; ok $? "says so as a problem" || sed 's/^/# /' <<<"$out"
grep -q '^schemamig: error: CREATE INDEX CONCURRENTLY cannot run inside a transaction block' <<<"$out"; ok $? "with the server's error"
is "$(tail -1 <<<"$out")" "check: 3 problems; everything was rolled back" "every problem counted, to the end"
is "$(state)" "$before" "the database is as it was"
rm m/c3.sql

# --- a non-transactional pending revision -------------------------------------------
put m/c3.sql c3 "c2" "CREATE INDEX CONCURRENTLY t_name ON t (name);" "DROP INDEX CONCURRENTLY t_name;" no-transaction
out=$("$SM" -D m check --models models.sql 2>&1); rc=$?
is "$rc" 1 "check --models: a non-transactional pending revision, exit 1"
grep -q '^models: revision c3 is not transactional: it cannot be applied inside check' <<<"$out"; ok $? "says the models cannot be compared" || sed 's/^/# /' <<<"$out"
grep -q '^check_reversible: revision c3 is not transactional' <<<"$out"; ok $? "nor the revisions checked for reversibility"
is "$(state)" "$before" "the database is as it was"
rm m/c3.sql

# --- diff [MODELS] ------------------------------------------------------------------
"$SM" diff --help | grep -q '^Usage: schemamig \[OPTIONS\] diff \[MODELS\]'; ok $? "diff --help"
"$SM" -D m diff models2.sql >d.out 2>d.err; rc=$?
is "$rc" 0 "diff: a difference, exit 0"
is "$(cat d.out)" "ALTER TABLE t ADD COLUMN email text;" "prints diff()'s upgrade SQL against the database at head, only that" || sed 's/^/# /' d.err
"$SM" -D m diff >d.out 2>d.err; rc=$?
is "$rc:$(cat d.out)" "0:" "diff with ./models.sql by default: no difference, exit 0, nothing on stdout"
is "$(cat d.err)" "schemamig: no difference: the database at head matches models.sql" "and a note on stderr"
SCHEMAMIG_MODELS=models2.sql "$SM" -D m diff >d.out 2>&1
is "$(cat d.out)" "ALTER TABLE t ADD COLUMN email text;" "\$SCHEMAMIG_MODELS names the models file"
"$SM" -D m diff nothere.sql >/dev/null 2>&1; is $? 1 "diff with a missing models file: exit 1"
is "$(state)" "$before" "the database is as it was after diff"
put m/c3.sql c3 "c2" "CREATE INDEX CONCURRENTLY t_name ON t (name);" "DROP INDEX CONCURRENTLY t_name;" no-transaction
"$SM" -D m diff models.sql >d.out 2>&1; rc=$?
is "$rc" 1 "diff: a non-transactional pending revision, exit 1"
grep -q '^models: revision c3 is not transactional: it cannot be applied inside diff' d.out; ok $? "and says why" || sed 's/^/# /' d.out
is "$(state)" "$before" "the database is as it was"
rm m/c3.sql

# --- new -m MSG --autogenerate [MODELS] ------------------------------------------------
"$SM" new -m x models2.sql >/dev/null 2>&1; is $? 2 "new with a models file but no --autogenerate: exit 2"
"$SM" new -m x --empty --autogenerate >/dev/null 2>&1; is $? 2 "new --empty --autogenerate: exit 2"
out=$("$SM" -D m new -m "no change" --autogenerate 2>&1); rc=$?
is "$rc" 1 "new --autogenerate with no difference (./models.sql): exit 1"
grep -q 'no difference: the database at head matches models.sql; no file was written' <<<"$out"; ok $? "and says so" || sed 's/^/# /' <<<"$out"
is "$(ls m | wc -l)" 2 "no file written"
printf 'CREATE TABLE t (id int PRIMARY KEY, name text);\nCOMMENT ON TABLE t IS E%s;\n' "'x\n-- schemamig:downgrade\nDROP TABLE t;'" >models5.sql
out=$("$SM" -D m new -m "marker in a comment" --autogenerate models5.sql 2>&1); rc=$?
is "$rc" 1 "new --autogenerate whose SQL holds a section marker line (a model's comment): exit 1"
grep -q 'holds a line "-- schemamig:upgrade" or "-- schemamig:downgrade" .*no file was written' <<<"$out"; ok $? "and says why" || sed 's/^/# /' <<<"$out"
is "$(ls m | wc -l)" 2 "no file written"
printf 'CREATE TABLE t (id int PRIMARY KEY, email text);\n' >models4.sql
out=$("$SM" -D m new -m "email for name" --autogenerate models4.sql 2>&1); rc=$?
is "$rc" 0 "new --autogenerate with a difference: exit 0" || sed 's/^/# /' <<<"$out"
f=$(head -1 <<<"$out")
[[ "$f" =~ ^m/[0-9a-f]{12}_email_for_name\.sql$ ]]; ok $? "prints the new file's path ($f)"
is "$(sed -n 's/^-- parents: //p' "$f")" "c2" "its parent is the head file"
is "$(sed -n '/^-- schemamig:upgrade$/,/^-- schemamig:downgrade$/p' "$f" | grep -c '^ALTER TABLE')" 2 "its upgrade section holds diff()'s SQL" || sed 's/^/# /' "$f"
grep -q '^-- schemamig:downgrade$' "$f"; ok $? "and a downgrade section"
grep -q '^destructive (upgrade): ALTER TABLE t DROP COLUMN name;$' <<<"$out"; ok $? "prints the destructive statement of the upgrade" || sed 's/^/# /' <<<"$out"
grep -q '^destructive (downgrade): ALTER TABLE t DROP COLUMN email;$' <<<"$out"; ok $? "and of the downgrade" || sed 's/^/# /' <<<"$out"
is "$(state)" "$before" "the database is as it was after new --autogenerate"
out=$("$SM" -D m check --models models4.sql 2>&1); is $? 0 "check --models: the written file brings the database to the models, and reverses" || sed 's/^/# /' <<<"$out"
SCHEMAMIG_MODELS=models2.sql "$SM" -D m new -m "email too" --autogenerate >n.out 2>&1; rc=$?
is "$rc" 0 "new --autogenerate takes \$SCHEMAMIG_MODELS" || sed 's/^/# /' n.out
f2=$(head -1 n.out)
is "$(sed -n 's/^-- parents: //p' "$f2")" "$(sed -n 's/^-- schemamig revision: //p' "$f")" "against the database at head, the new file included"
grep -q 'ADD COLUMN name text' "$f2"; ok $? "so it adds back name, what models2.sql has and head does not" || sed 's/^/# /' "$f2"
rm "$f" "$f2"
printf 'CREATE TABLE t (id bigint PRIMARY KEY, name varchar(10));\n' >models5.sql
out=$("$SM" -D m new -m "types" --autogenerate models5.sql 2>&1); rc=$?
is "$rc" 0 "new --autogenerate of two column type changes: exit 0" || sed 's/^/# /' <<<"$out"
g=$(head -1 <<<"$out")
is "$(grep '^destructive (upgrade)' <<<"$out")" \
    "destructive (upgrade): ALTER TABLE t ALTER COLUMN name TYPE character varying(10) USING name::character varying, ALTER COLUMN id TYPE bigint USING id::bigint;" \
    "a shared ALTER TABLE is shown whole, its part that may lose data first" || sed 's/^/# /' <<<"$out"
rm "$g"

# --- upgrade: the statements marked destructive, and on a terminal a question first ---
f=$("$SM" -D m new -m "email for name" --autogenerate models4.sql 2>/dev/null | head -1)
fid=$(sed -n 's/^-- schemamig revision: //p' "$f")
applied() { q 'SELECT count(*) FROM schemamig.applied'; }
out=$("$SM" -D m upgrade --dry-run </dev/null 2>&1); rc=$?
is "$rc:$(applied)" "0:0" "upgrade --dry-run: exit 0, nothing applied" || sed 's/^/# /' <<<"$out"
is "$(grep '^destructive' <<<"$out")" "destructive (revision $fid): ALTER TABLE t DROP COLUMN name;" \
    "it prints the one statement marked destructive, naming its revision" || sed 's/^/# /' <<<"$out"
grep -q 'Continue?' <<<"$out"; is $? 1 "and asks nothing in a dry run"
out=$(printf 'n\n' | script -qec "$SM -D m upgrade" /dev/null 2>&1); rc=$?
grep -q "^destructive (revision $fid): ALTER TABLE t DROP COLUMN name;" <<<"$out" &&
    grep -q '^upgrade applies 1 statement marked destructive (above).' <<<"$out" &&
    grep -q 'Continue? \[y/N\]' <<<"$out"
ok $? "on a terminal upgrade prints the destructive statement and asks" || sed 's/^/# /' <<<"$out"
grep -q 'Nothing was applied (the files were synced).' <<<"$out" && [ "$rc" = 1 ] && [ "$(applied)" = 0 ]
ok $? "'n': exit 1, nothing applied" || sed 's/^/# /' <<<"$out"
out=$(printf 'y\n' | script -qec "$SM -D m upgrade" /dev/null 2>&1); rc=$?
is "$rc:$(applied)" "0:3" "'y': it applies the three revisions" || sed 's/^/# /' <<<"$out"
"$SM" -q -D m downgrade --to base --yes
out=$(script -qec "$SM -D m upgrade --yes" /dev/null </dev/null 2>&1); rc=$?
grep -q "^destructive (revision $fid): " <<<"$out" && ! grep -q 'Continue?' <<<"$out" && [ "$rc:$(applied)" = 0:3 ]
ok $? "on a terminal with --yes: it prints the statement, asks nothing and applies" || sed 's/^/# /' <<<"$out"
"$SM" -q -D m downgrade --to base --yes
out=$("$SM" -D m upgrade </dev/null 2>&1); rc=$?
grep -q "^destructive (revision $fid): " <<<"$out" && ! grep -q 'Continue?' <<<"$out" && [ "$rc:$(applied)" = 0:3 ]
ok $? "without a terminal: it prints the statement, asks nothing and applies, as before" || sed 's/^/# /' <<<"$out"
"$SM" -q -D m downgrade --to base --yes
out=$("$SM" -q -D m upgrade </dev/null 2>&1); rc=$?
is "$rc:$(applied):$out" "0:3:" "-q without a terminal: nothing printed"
"$SM" -q -D m downgrade --to base --yes
out=$(printf 'n\n' | script -qec "$SM -q -D m upgrade" /dev/null 2>&1); rc=$?
grep -q "^destructive (revision $fid): " <<<"$out" && grep -q 'Continue?' <<<"$out" && [ "$rc:$(applied)" = 1:0 ]
ok $? "-q on a terminal still prints what it asks about" || sed 's/^/# /' <<<"$out"
rm "$f"
"$SM" -q -D m sync --prune --yes

# --- applied revisions: verify's problems -----------------------------------------------
"$SM" -q -D m upgrade >/dev/null 2>&1; is $? 0 "upgrade applies c1 and c2"
out=$("$SM" -D m check --models models.sql 2>&1); is $? 0 "check at head with nothing pending: exit 0" || sed 's/^/# /' <<<"$out"
# an applied revision changed behind the server's back, and its file with it
$PSQL -c "SET session_replication_role = replica" \
    -c "UPDATE schemamig.revision SET upgrade = 'ALTER TABLE t ADD COLUMN name varchar;' WHERE id = 'c2'" >/dev/null
put m/c2.sql c2 "c1" "ALTER TABLE t ADD COLUMN name varchar;" "ALTER TABLE t DROP COLUMN name;"
before=$(state)
out=$("$SM" -D m check 2>&1); rc=$?
is "$rc" 1 "check: verify finds a problem, exit 1"
grep -q '^verify: c2: ' <<<"$out"; ok $? "printed as verify's problem, naming the revision" || sed 's/^/# /' <<<"$out"
grep -q '^check_reversible: not run: verify() reports problems' <<<"$out"; ok $? "and says that check_reversible cannot run"
is "$(state)" "$before" "the database is as it was"

"$BIN/dropdb" "$db"
tap_done
