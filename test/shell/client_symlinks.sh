#!/usr/bin/env bash
# Symbolic links in a versions directory. The files' author (who commits to
# git) may not be whoever runs the client (a superuser deploying): a link
# may lead only to a regular file below the versions directory. One to
# another project's migration, to a file of the machine (/etc/passwd,
# /dev/zero), to a FIFO or a directory, or a loop of links is refused with
# exit 1, naming the file and what the link says, with nothing sent to the
# server, and never hangs or reads without end; a file larger than a server's
# text is refused before it is read.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_symlinks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fresh_db "$db" || exit 1
export PGDATABASE=$db
$PSQL -c 'CREATE EXTENSION schemamig' >/dev/null
q() { $PSQL -At -c "$1"; }
# rev FILE ID PARENT SQL
rev() {
    printf -- '-- schemamig revision: %s\n-- parents: %s\n-- message: %s\n-- schemamig:upgrade\n%s\n' "$2" "$3" "$2" "$4" >"$1"
}
mkdir v other
rev v/a1.sql a1 "" "CREATE TABLE a1 (v int);"
# another project's migration, which parses as one of this directory's
rev other/b1.sql b1 a1 "CREATE TABLE other_project (v int);"
# refused LINK TARGET WHAT NAME: the link v/LINK to TARGET makes sync and
# upgrade exit 1 within 20 s, saying WHAT about it, with nothing registered
refused() {
    local out rc
    ln -s "$2" "v/$1"
    out=$(timeout 20 "$SM" -D v sync 2>&1); rc=$?
    [ $rc = 1 ] && grep -qF -- "schemamig: error: v/$1: a symbolic link to \"$3" <<<"$out"
    ok $? "sync: $4: exit 1, naming the link and where it leads" || { echo "# rc=$rc"; sed 's/^/# /' <<<"$out" | head -5; }
    out=$(timeout 20 "$SM" -D v upgrade 2>&1); rc=$?
    is "$rc:$(grep -c 'a symbolic link to' <<<"$out"):$(q 'SELECT count(*) FROM schemamig.revision')" "1:1:0" \
        "upgrade: $4: exit 1 too, nothing registered"
    rm -f "v/$1"
}
refused b1.sql ../other/b1.sql '../other/b1.sql", outside the versions directory' \
    "a link to another project's migration"
is "$(q "SELECT pg_catalog.to_regclass('other_project') IS NULL")" t "the other project's SQL did not run"
ln -s "$work/other" v/sub_out
refused b1.sql sub_out/b1.sql 'sub_out/b1.sql", outside the versions directory' \
    "a link through a link to a directory outside"
rm v/sub_out
out=$(ln -s /etc/passwd v/p.sql; timeout 20 "$SM" -D v sync 2>&1); rm v/p.sql
[ "$(grep -c 'outside the versions directory' <<<"$out")" = 1 ] && ! grep -q 'root' <<<"$out"
ok $? "a link to /etc/passwd: refused, and no line of it is printed" || sed 's/^/# /' <<<"$out"
refused zero.sql /dev/zero '/dev/zero", outside' "a link to /dev/zero"
mkfifo other/fifo
refused fifo.sql ../other/fifo '../other/fifo", outside' "a link to a FIFO outside"
mkdir v/sub
mkfifo v/sub/fifo
refused fifo.sql sub/fifo 'sub/fifo", which is not a regular file' "a link to a FIFO below the directory"
refused dir.sql sub 'sub", which is not a regular file' "a link to a directory below it"
refused dot.sql . '.", which is not a regular file' "a link to the directory itself"
ln -s loop1.sql v/loop2.sql
refused loop1.sql loop2.sql 'loop2.sql", which leads to no file: Too many levels of symbolic links' "a loop of links"
rm v/loop2.sql
refused gone.sql nothing.sql 'nothing.sql", which leads to no file: No such file or directory' "a dangling link"
refused esc.sql "$(printf '\033[2J\rx')" '\x1b[2J\rx", which leads to no file' \
    "a link whose target holds control characters: printed escaped"
# a huge file (sparse: no disk used): refused by its size, before reading
truncate -s 5G other/huge
refused huge.sql ../other/huge '../other/huge", outside' "a link to a huge file outside"
truncate -s 1073741824 v/huge.sql
out=$(timeout 20 "$SM" -D v sync 2>&1); rc=$?
is "$rc:$out" "1:schemamig: error: v/huge.sql: larger than 1 GB, the most a server's text holds" \
    "a file larger than 1 GB below the directory: refused before it is read"
rm v/huge.sql
is "$(q 'SELECT count(*) FROM schemamig.revision')" 0 "none of it reached the server"

# what is allowed: a link to a regular file below the directory, and a
# versions directory named through a link
cp other/b1.sql v/sub/b1.txt
ln -s sub/b1.txt v/b1.sql
"$SM" -D v upgrade >up.out 2>&1; rc=$?
is "$rc:$(q 'SELECT string_agg(id, $$,$$ ORDER BY id) FROM schemamig.revision')" "0:a1,b1" \
    "a link to a regular file below the directory is read as that file" || sed 's/^/# /' up.out
ln -s v vlink
"$SM" -D vlink status >st.out 2>&1; is $? 0 "a versions directory named through a link: its files are below it"
"$SM" -D "$work/v/sub/.." status >st.out 2>&1; is $? 0 "as is one named with .."

cd /
"$BIN/dropdb" "$db"
tap_done
