#!/usr/bin/env bash
# The command-line client under attack, against a real server:
#  - a role that owns public (the database owner, PostgreSQL 15) plants
#    unnest(text[]) and friends there; a superuser runs every command and
#    the offline script, and none of the planted code runs; and with a
#    schema ahead of pg_catalog holding a raising look-alike of every
#    function, operator, aggregate, type and catalog of pg_catalog's,
#    every command, the offline script and every function of the
#    server's still work, so no name is left unqualified;
#  - files whose messages, names and SQL hold CR, LF, \!, \i, :var, \. and
#    quote tags: the offline script runs none of it in psql and leaves
#    exactly the state that upgrade leaves;
#  - the offline script and a changed pending registration;
#  - session state a non-transactional revision leaves behind;
#  - pending revisions that exist only in the database;
#  - control characters on the terminal, FIFOs and directories named *.sql;
#  - a non-transactional revision run by a role that is not its author,
#    or changed while the client runs it.
set -u
. "$(dirname "$0")/tap.inc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
trace="$work/trace"             # where planted code run by a superuser leaves files
mkdir "$trace" && chmod 777 "$trace"
cd "$work"
su_user=$($PSQL -At -c 'SELECT CURRENT_USER')
owner=regress_sec_owner
deployer=regress_sec_deployer
pw=regress_sec_pw
$PSQL >/dev/null <<SQL
SET client_min_messages = warning;
DROP ROLE IF EXISTS $owner;
DROP ROLE IF EXISTS $deployer;
CREATE ROLE $owner LOGIN PASSWORD '$pw';
CREATE ROLE $deployer LOGIN PASSWORD '$pw';
SQL
q() { $PSQL -At -c "$1"; }
# a database that $owner owns, and so its schema public; schemamig in it
sec_db() {
    "$BIN/dropdb" --if-exists "$1" >/dev/null 2>&1
    "$BIN/createdb" -O "$owner" "$1" || exit 1
    $PSQL -d "$1" -c 'CREATE EXTENSION schemamig' >/dev/null || exit 1
    $PSQL -d "$1" -c "SELECT schemamig.grant_deployer('$deployer')" -c "GRANT CREATE ON SCHEMA public TO $deployer" >/dev/null
}
# The owner of public plants functions and operators that match the
# client's arguments better than pg_catalog's do. Each records that it ran,
# and, when a superuser runs it, writes a file (no rollback undoes that)
# and makes its owner a superuser.
plant() {
    PGUSER=$owner PGPASSWORD=$pw $PSQL -d "$1" >/dev/null <<SQL
CREATE TABLE public.trace (what text, by_role name);
GRANT INSERT ON public.trace TO PUBLIC;
CREATE FUNCTION public.pwned(what text) RETURNS void LANGUAGE plpgsql AS \$f\$
BEGIN
    INSERT INTO public.trace VALUES (what, CURRENT_USER);
    IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) CURRENT_USER) THEN
        EXECUTE pg_catalog.format('COPY (SELECT 1) TO %L', '$trace/' OPERATOR(pg_catalog.||) what);
        EXECUTE 'ALTER ROLE $owner SUPERUSER';
    END IF;
END \$f\$;
CREATE FUNCTION public.unnest(a text[]) RETURNS SETOF text LANGUAGE plpgsql AS \$f\$
BEGIN PERFORM public.pwned('unnest'); RETURN QUERY SELECT pg_catalog.unnest(a); END \$f\$;
CREATE FUNCTION public.array_to_string(a text[], s text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN PERFORM public.pwned('array_to_string'); RETURN pg_catalog.array_to_string(a, s); END \$f\$;
CREATE FUNCTION public.array_to_json(a text[]) RETURNS json LANGUAGE plpgsql AS \$f\$
BEGIN PERFORM public.pwned('array_to_json'); RETURN pg_catalog.array_to_json(a); END \$f\$;
CREATE FUNCTION public.format(f text, a text, b text) RETURNS text LANGUAGE plpgsql AS \$f\$
BEGIN PERFORM public.pwned('format'); RETURN pg_catalog.format(f, a, b); END \$f\$;
CREATE FUNCTION public.evil_mul(a numeric, b integer) RETURNS numeric LANGUAGE plpgsql AS \$f\$
BEGIN PERFORM public.pwned('mul'); RETURN a OPERATOR(pg_catalog.*) b; END \$f\$;
CREATE OPERATOR public.* (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = public.evil_mul);
CREATE FUNCTION public.evil_ne(a text[], b text[]) RETURNS bool LANGUAGE plpgsql AS \$f\$
BEGIN PERFORM public.pwned('ne'); RETURN a OPERATOR(pg_catalog.<>) b; END \$f\$;
CREATE OPERATOR public.<> (LEFTARG = text[], RIGHTARG = text[], FUNCTION = public.evil_ne);
SQL
}
# no planted code ran: no trace row, no file, the owner is no superuser;
# then start the next check afresh
untouched() {
    local rows files su
    rows=$($PSQL -d "$1" -At -c 'SELECT count(*) FROM public.trace')
    files=$(ls "$trace" | wc -l)
    su=$(q "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) '$owner'")
    is "$rows $files $su" "0 0 f" "$2: no planted function ran"
    $PSQL -d "$1" -c "TRUNCATE public.trace" -c "ALTER ROLE $owner NOSUPERUSER" >/dev/null
    rm -f "$trace"/*
}
# put a migration file: put_file PATH ID PARENTS MESSAGE UPGRADE [DOWNGRADE] [no-transaction]
put_file() {
    python3 - "$@" <<'PY'
import sys
a = sys.argv[1:]
path, rid, parents, message, up = a[:5]
down = a[5] if len(a) > 5 and a[5] != "-" else None
notx = len(a) > 6
text = "-- schemamig revision: %s\n-- parents: %s\n-- message: %s\n" % (rid, parents, message)
if notx:
    text += "-- no-transaction\n"
text += "\n-- schemamig:upgrade\n" + up + "\n"
if down is not None:
    text += "\n-- schemamig:downgrade\n" + down + "\n"
open(path.encode("utf-8", "surrogateescape"), "wb").write(text.encode("utf-8", "surrogateescape"))
PY
}

# --- 1. the planted functions, against a superuser ------------------------------------
db=schemamig_sec
sec_db "$db"
plant "$db"
export PGDATABASE=$db
# the trap works: unqualified calls, as the old client made them, walk into it
$PSQL -At >/dev/null -c "SELECT array_to_string(ARRAY['a'], ', '), array_to_json(ARRAY['a']), 2.5 * 1000" \
    -c "SELECT unnest(ARRAY['a'])" -c "SELECT format('%s %s', 'a'::text, 'b'::text), ARRAY['a'] <> ARRAY['b']"
is "$(q 'SELECT count(DISTINCT what) FROM public.trace') $(ls "$trace" | wc -l)" "6 6" \
    "sanity: each planted function runs when a superuser calls it unqualified"
$PSQL -c "TRUNCATE public.trace" -c "ALTER ROLE $owner NOSUPERUSER" >/dev/null
rm -f "$trace"/*

mkdir m
put_file m/a1.sql a1 "" "first" "CREATE TABLE t1 (id int PRIMARY KEY, name text);" "DROP TABLE t1;"
put_file m/a2.sql a2 "a1" "index it" "CREATE INDEX CONCURRENTLY t1_name ON t1 (name);" \
    "DROP INDEX CONCURRENTLY t1_name;" no-transaction
put_file m/a3.sql a3 "a2" "second" "CREATE TABLE t2 (id int);" "DROP TABLE t2;"
export SCHEMAMIG_DIR=m
# every command, in an order that has each do some work; counts failures
every_command() {
    fails=0
    run() { "$SM" "$@" >>cmds.out 2>&1 || { fails=$((fails + 1)); echo "# failed: $*"; }; }
    run status
    run sync
    run lint
    run upgrade --dry-run
    run upgrade
    run trace
    run current
    run heads
    run history
    run history --json
    run verify
    run downgrade --yes --dry-run
    run downgrade --yes 2
    run downgrade --to a1 --yes
    run upgrade
    run downgrade --to base --yes
    run stamp --yes a3
    run stamp --yes base
    run upgrade +1
    run new -m "a new one"
    rm -f m/*_a_new_one.sql
    run sync --prune --yes
    PGHOST=/nonexistent "$SM" sql >sec_script.sql 2>>cmds.out || fails=$((fails + 1))
}
every_command
is "$fails" 0 "every command succeeds as a superuser"
untouched "$db" "every client command"
is "$(q 'SELECT count(*) FROM schemamig.applied')" 1 "and they did their work (a1 applied by upgrade +1)"
# the offline script, run by psql as a superuser, in a database with the same plants
sec_db schemamig_sec_script
plant schemamig_sec_script
$PSQL -d schemamig_sec_script -f sec_script.sql >/dev/null 2>&1; is $? 0 "psql runs the offline script"
is "$($PSQL -d schemamig_sec_script -At -c 'SELECT count(*) FROM schemamig.applied')" 3 "it applied all three"
untouched schemamig_sec_script "the offline script"

# A stricter detector: a schema ahead of pg_catalog on search_path (as a
# database's owner can put one for every role without a path of its own:
# ALTER DATABASE ... SET search_path) holding, for every function,
# operator, aggregate, base type and table or view of pg_catalog, one of
# the same name and argument types that raises "SHADOW ..." when it is
# called, cast to or read. Any name the client, the script or the
# server's own queries leave unqualified resolves there and fails.
# Not copied: what PL/pgSQL cannot take or give ("any": format(),
# concat_ws(), count(x); internal, cstring), window functions, and
# catalogs with a column of pseudo-type anyarray. Made once, in a template.
shadow_tpl=schemamig_sec_shadow_tpl
"$BIN/dropdb" --if-exists "$shadow_tpl" >/dev/null 2>&1
"$BIN/createdb" "$shadow_tpl" || exit 1
$PSQL -d "$shadow_tpl" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE SCHEMA strict;
GRANT USAGE ON SCHEMA strict TO PUBLIC;
CREATE FUNCTION strict.boom(what pg_catalog.text) RETURNS void LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'SHADOW % called', what; END$$;
CREATE FUNCTION strict.boom_b(what pg_catalog.text) RETURNS pg_catalog.bool LANGUAGE plpgsql
    AS $$BEGIN RAISE EXCEPTION 'SHADOW % used', what; END$$;
CREATE TABLE strict.made (kind pg_catalog.text, made pg_catalog.int4);
DO $gen$
DECLARE
    p record;
    n int;
BEGIN
    SET LOCAL search_path = pg_catalog;
    n := 0;
    FOR p IN SELECT pr.proname, pg_get_function_identity_arguments(pr.oid) AS args,
                    pg_get_function_result(pr.oid) AS res
               FROM pg_proc AS pr
              WHERE pr.pronamespace = 'pg_catalog'::regnamespace AND pr.prokind = 'f'
                AND NOT EXISTS (SELECT FROM unnest(pr.proargtypes::oid[] || pr.prorettype) AS t (o)
                                 WHERE o::regtype::text IN ('internal', 'cstring', 'language_handler',
                                       'fdw_handler', 'index_am_handler', 'table_am_handler', 'tsm_handler',
                                       'event_trigger', 'trigger'))
    LOOP
        BEGIN
            EXECUTE format('CREATE FUNCTION strict.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L', p.proname, p.args,
                           p.res, format('BEGIN PERFORM strict.boom(%L); END',
                                         'function ' || p.proname || '(' || p.args || ')'));
            n := n + 1;
        EXCEPTION WHEN OTHERS THEN
            NULL;               -- PL/pgSQL takes no "any", nor a polymorphic result no argument determines
        END;
    END LOOP;
    INSERT INTO strict.made VALUES ('function', n);
    n := 0;
    FOR p IN SELECT o.oid, o.oprname, o.oprleft::regtype::text AS l, o.oprright::regtype::text AS r,
                    o.oprresult::regtype::text AS res
               FROM pg_operator AS o WHERE o.oprnamespace = 'pg_catalog'::regnamespace
    LOOP
        EXECUTE format('CREATE FUNCTION strict.op_%s(%s) RETURNS %s LANGUAGE plpgsql AS %L', p.oid,
                       CASE WHEN p.l = '-' THEN p.r ELSE p.l || ', ' || p.r END, p.res,
                       format('BEGIN PERFORM strict.boom(%L); END', 'operator ' || p.l || ' ' || p.oprname || ' ' || p.r));
        EXECUTE format('CREATE OPERATOR strict.%s (%s RIGHTARG = %s, FUNCTION = strict.op_%s)', p.oprname,
                       CASE WHEN p.l = '-' THEN '' ELSE 'LEFTARG = ' || p.l || ',' END, p.r, p.oid);
        n := n + 1;
    END LOOP;
    INSERT INTO strict.made VALUES ('operator', n);
    n := 0;
    FOR p IN SELECT pr.oid, pr.proname, pg_get_function_identity_arguments(pr.oid) AS args,
                    (SELECT string_agg(t::regtype::text, ', ') FROM unnest(pr.proargtypes::oid[]) AS t) AS types
               FROM pg_proc AS pr JOIN pg_aggregate AS a ON a.aggfnoid = pr.oid
              WHERE pr.pronamespace = 'pg_catalog'::regnamespace AND a.aggkind = 'n'
    LOOP
        BEGIN
            EXECUTE format('CREATE FUNCTION strict.agg_%s(int8%s) RETURNS int8 LANGUAGE plpgsql AS %L', p.oid,
                           CASE WHEN p.types IS NULL THEN '' ELSE ', ' || p.types END,
                           format('BEGIN PERFORM strict.boom(%L); RETURN 0; END', 'aggregate ' || p.proname));
            EXECUTE format('CREATE FUNCTION strict.aggf_%s(int8) RETURNS int8 LANGUAGE plpgsql AS %L', p.oid,
                           format('BEGIN PERFORM strict.boom(%L); RETURN 0; END', 'aggregate ' || p.proname));
            EXECUTE format('CREATE AGGREGATE strict.%I(%s) (SFUNC = strict.agg_%s, STYPE = int8, '
                           'FINALFUNC = strict.aggf_%s, INITCOND = ''0'')',
                           p.proname, CASE WHEN p.types IS NULL THEN '*' ELSE p.args END, p.oid, p.oid);
            n := n + 1;
        EXCEPTION WHEN OTHERS THEN
            NULL;               -- as above
        END;
    END LOOP;
    INSERT INTO strict.made VALUES ('aggregate', n);
    n := 0;
    FOR p IN SELECT c.relname FROM pg_class AS c
              WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind IN ('r', 'v')
    LOOP
        BEGIN
            EXECUTE format('CREATE VIEW strict.%I AS SELECT * FROM pg_catalog.%I WHERE strict.boom_b(%L)',
                           p.relname, p.relname, 'relation ' || p.relname);
            n := n + 1;
        EXCEPTION WHEN invalid_table_definition THEN
            NULL;               -- a column of pseudo-type anyarray (pg_statistic)
        END;
    END LOOP;
    INSERT INTO strict.made VALUES ('relation', n);
    n := 0;
    FOR p IN SELECT t.typname FROM pg_type AS t
              WHERE t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
                AND NOT EXISTS (SELECT FROM pg_type AS v WHERE v.typnamespace = 'strict'::regnamespace
                                   AND v.typname = t.typname)
    LOOP
        EXECUTE format('CREATE DOMAIN strict.%I AS pg_catalog.%I CHECK (strict.boom_b(%L))',
                       p.typname, p.typname, 'type ' || p.typname);
        n := n + 1;
    END LOOP;
    INSERT INTO strict.made VALUES ('type', n);
END
$gen$;
SQL
ok $? "strict's shadows are made" || exit 1
# a database that $owner owns, with schemamig and the shadows
strict_db() {
    "$BIN/dropdb" --if-exists "$1" >/dev/null 2>&1
    "$BIN/createdb" -O "$owner" -T "$shadow_tpl" "$1" || exit 1
    $PSQL -d "$1" -c 'CREATE EXTENSION schemamig' >/dev/null || exit 1
    $PSQL -d "$1" -c "SELECT schemamig.grant_deployer('$deployer')" -c "GRANT CREATE ON SCHEMA public TO $deployer" >/dev/null
}
strict_db schemamig_sec_strict
strict_db schemamig_sec_strict_script
export PGDATABASE=schemamig_sec_strict
strict="-c search_path=strict,pg_catalog,public"
is "$($PSQL -At -c "SELECT string_agg(kind || ' ' || (made > CASE kind WHEN 'function' THEN 2000 WHEN 'operator' THEN 700 ELSE 50 END)::text, ', ' ORDER BY kind) FROM strict.made")" \
    "aggregate true, function true, operator true, relation true, type true" \
    "sanity: strict shadows more than 2,000 functions, 700 operators, and 50 aggregates, relations and types"
shadowed() {
    PGOPTIONS=$strict $PSQL -c "$1" 2>&1 | grep -q "SHADOW $2"
    ok $? "sanity: $1 runs strict's $2"
}
shadowed "SELECT pg_catalog.count(*) FROM pg_class" "relation pg_class used"
shadowed "SELECT count(*) FROM pg_catalog.pg_class" "aggregate count called"
shadowed "SELECT 'a'::text" "type text used"
shadowed "SELECT lower('A')" "function lower(text) called"
shadowed "SELECT 1 + 1" "operator integer + integer called"
shadowed "SELECT ARRAY['a'] <> ARRAY['b']" "operator anyarray <> anyarray called"
shadowed "SELECT now()" "function now() called"
PGOPTIONS=$strict every_command
is "$fails" 0 "every command succeeds with strict ahead of pg_catalog: the client qualifies every name"
is "$(q 'SELECT count(*) FROM schemamig.applied')" 1 "and they did their work"
PGOPTIONS=$strict $PSQL -d schemamig_sec_strict_script -f sec_script.sql >script.out 2>&1
is $? 0 "so does the offline script" || sed 's/^/# /' script.out
is "$($PSQL -d schemamig_sec_strict_script -At -c 'SELECT count(*) FROM schemamig.applied')" 3 "which applied all three"
# and for a tenant: the client's and the script's selection of it too
q "SELECT schemamig.add_tenant('tn')" >/dev/null
tfails=0
for c in "upgrade" "history" "status" "downgrade --yes 1" "current"; do
    PGOPTIONS=$strict "$SM" --tenant tn $c >tenant.out 2>&1 || { tfails=$((tfails + 1)); sed 's/^/# /' tenant.out; }
done
is "$tfails:$(q "SELECT count(*) FROM schemamig.applied WHERE tenant = 'tn'")" "0:2" \
    "--tenant commands succeed with strict ahead of pg_catalog, and did their work"
PGHOST=/nonexistent "$SM" --tenant tn sql >tenant.sql
$PSQL -d schemamig_sec_strict_script -c "SELECT schemamig.add_tenant('tn')" >/dev/null
PGOPTIONS=$strict $PSQL -d schemamig_sec_strict_script -f tenant.sql >script.out 2>&1
is "$?:$($PSQL -d schemamig_sec_strict_script -At -c "SELECT count(*) FROM schemamig.applied WHERE tenant = 'tn'")" "0:3" \
    "so does the offline script for a tenant" || sed 's/^/# /' script.out
# and every function of the server's, each query of its own qualified too
strict_db schemamig_sec_strict_server
PGOPTIONS=$strict $PSQL -d schemamig_sec_strict_server >server.out 2>&1 <<'SQL'
SELECT schemamig.fingerprint('public') IS NOT NULL;
SELECT pg_catalog.count(*) FROM schemamig.diff('CREATE TABLE zz (a pg_catalog.int4);', 'public');
SELECT schemamig.add_revision('s1', 'CREATE TABLE s1t (a pg_catalog.int4);', 'DROP TABLE s1t;');
SELECT schemamig.add_revision('s2', 'CREATE TABLE s2t (a pg_catalog.int4);', 'DROP TABLE s2t;', '{s1}');
SELECT pg_catalog.count(*) FROM schemamig.check_reversible();
SELECT pg_catalog.count(*) FROM schemamig.lint();
SELECT pg_catalog.count(*) FROM schemamig.trace();
SELECT schemamig.upgrade('s1');
SELECT pg_catalog.count(*) FROM schemamig.history();
SELECT schemamig.current(), schemamig.heads();
SELECT pg_catalog.count(*) FROM schemamig.pending();
SELECT pg_catalog.count(*) FROM schemamig.downgrade_plan(1);
SELECT pg_catalog.count(*) FROM schemamig.downgrade_plan('base');
SELECT pg_catalog.count(*) FROM schemamig.verify();
CALL schemamig.migrate();
SELECT schemamig.downgrade(1);
SELECT schemamig.downgrade_to('base');
SELECT schemamig.stamp('s2');
SELECT schemamig.stamp('base');
SELECT schemamig.remove_revision(schemamig.autogenerate('CREATE TABLE s3t (a pg_catalog.int4);', 'auto', 'public'));
SELECT pg_catalog.count(*) FROM schemamig.statements('SELECT 1; SELECT 2');
SELECT schemamig.checksum('a', 'b'), schemamig.up_to_date('x');
SELECT pg_catalog.count(*) FROM schemamig.sync('{s1,s2}', '{"",s1}', '{one,two}',
    '{"CREATE TABLE s1t (a pg_catalog.int4);","CREATE TABLE s2t (a pg_catalog.int4);"}',
    '{"DROP TABLE s1t;","DROP TABLE s2t;"}', '{t,t}');
SELECT schemamig.add_revision('s4', 'SELECT 1', 'SELECT 1', '{s2}', 'outside', false);
UPDATE schemamig.revision SET upgrade = 'SELECT 2' WHERE id OPERATOR(pg_catalog.=) 's4';
SELECT schemamig.stamp('s2');
SELECT schemamig.record_applied('s4');
SELECT schemamig.record_reverted('s4');
SELECT schemamig.add_tenant('sv');
SELECT pg_catalog.count(*) FROM schemamig.upgrade_tenants('s2', NULL);
CALL schemamig.migrate_tenants('s2', NULL);
SELECT pg_catalog.count(*) FROM schemamig.tenants();
SET schemamig.tenant = 'sv';
SELECT pg_catalog.set_config('search_path', 'sv, strict, pg_catalog, public', false);
SELECT schemamig.check_tenant();
SELECT schemamig.downgrade_to('base');
RESET schemamig.tenant;
SELECT pg_catalog.set_config('search_path', 'strict, pg_catalog, public', false);
SELECT schemamig.remove_tenant('sv');
SELECT schemamig.grant_deployer('regress_sec_deployer'), schemamig.grant_reader('regress_sec_owner');
SQL
is $? 0 "every function of the server's succeeds with strict ahead of pg_catalog" || sed 's/^/# /' server.out
is "$($PSQL -d schemamig_sec_strict_server -At -c "SELECT string_agg(revision || ':' || tenant, ' ' ORDER BY seq) FROM schemamig.applied")" \
    "s1: s2:" "and they did their work"
export PGDATABASE=$db

# --- 2. the offline script against hostile bytes --------------------------------------
# $work/evil.sql: what \i would include; running it leaves a table behind
printf 'CREATE TABLE included_evil ();\n' >"$work/evil.sql"
chmod 644 "$work/evil.sql"
bang="\\! touch $trace/bang"
inc="\\i $work/evil.sql"
payload="$(printf '%s\n%s\n:var\n:'"'"'var'"'"'\n\\.\n$sm0$ $smdo0$ $$\n' "$bang" "$inc")"
mkdir h
# SQL: the payload in a comment after a CR, on lines of a block comment, in
# literals; a message and a file name with \!, \i, :var, quotes and tags
h1_up="CREATE TABLE hostile (v text);
-- a comment$(printf '\r')-- $bang
/*
$payload
*/
INSERT INTO hostile VALUES (E'\\\\! x'), (':var'), (\$q\$$payload\$q\$);"
put_file "h/h1_\\!touch :var \\i evil '\$sm0\$.sql" h1 "" "it's \\! touch $trace/msg \\i $work/evil.sql :var \$smdo0\$" "$h1_up" \
"DROP TABLE hostile;
/*
$payload
*/"
put_file h/h2.sql h2 h1 ":var \\gexec" \
"/*
$payload
*/
CREATE INDEX CONCURRENTLY hostile_v ON hostile (v);" "DROP INDEX CONCURRENTLY hostile_v;" no-transaction
# (an array slice [1:var] is SQL to the server, and a :var to psql)
put_file h/h3.sql h3 h2 "third :'var'" "INSERT INTO hostile VALUES (\$sm1\$\$sm0\$\$sm1\$); -- \$smdo0\$
CREATE TABLE slice AS SELECT (ARRAY['a', 'b', 'c'])[1:var] AS v FROM (SELECT 2 AS var) AS s;" "DELETE FROM hostile; DROP TABLE slice;"
# (h4's message ends in a character whose last UTF-8 byte is a lead byte in
# SJIS, the encoding a DBA's psql may start in below)
put_file h/h4.sql h4 h3 "fourth ぁ" "CREATE TABLE fourth ();" "DROP TABLE fourth;"
"$SM" -D h sql >h.sql 2>h.err; is $? 0 "sql writes a script for the hostile files"
sec_db schemamig_sec_up
sec_db schemamig_sec_sql
sec_db schemamig_sec_sjis
PGDATABASE=schemamig_sec_up "$SM" -D h upgrade >h_up.out 2>&1; is $? 0 "upgrade applies the hostile files" || sed 's/^/# /' h_up.out
$PSQL -d schemamig_sec_sql -v var=3 -f h.sql >h.out 2>&1; is $? 0 "psql runs their script" || sed 's/^/# /' h.out
is "$(ls "$trace")" "" "no \\! in a message, a name or SQL ran"
rm -f "$trace"/*
is "$($PSQL -d schemamig_sec_sql -At -c "SELECT to_regclass('included_evil') IS NULL")" t "no \\i ran"
# the state, as both leave it: registrations, applied set, the hostile rows
state() {
    $PSQL -d "$1" -At -c "SELECT id, parents, message, transactional, checksum, md5(upgrade), md5(downgrade)
                            FROM schemamig.revision ORDER BY seq" \
        -c "SELECT revision, checksum, applied_by FROM schemamig.applied ORDER BY seq" \
        -c "SELECT md5(v) FROM hostile ORDER BY 1" -c "SELECT v FROM slice" \
        -c "SELECT indexrelid::regclass, indisvalid FROM pg_index WHERE indrelid = 'hostile'::regclass"
}
state schemamig_sec_up >up.state; state schemamig_sec_sql >sql.state
[ -s up.state ] && cmp -s up.state sql.state; ok $? "the script leaves exactly the state upgrade leaves"
# a DBA whose psql starts in SJIS (DISCARD ALL takes the session back to it)
PGCLIENTENCODING=SJIS $PSQL -d schemamig_sec_sjis -f h.sql >sjis.out 2>&1; is $? 0 "psql in SJIS runs the script" || sed 's/^/# /' sjis.out
state schemamig_sec_sjis >sjis.state
cmp -s up.state sjis.state; ok $? "and it leaves the same state" || diff up.state sjis.state | sed 's/^/# /' 
is "$($PSQL -d schemamig_sec_sql -At -c "SELECT upgrade FROM schemamig.revision WHERE id = 'h1'")" "$h1_up" \
    "the registered SQL is the file's, byte for byte (no :var substituted)"
is "$($PSQL -d schemamig_sec_sjis -At -c "SELECT message FROM schemamig.revision WHERE id = 'h4'")" "fourth ぁ" \
    "in SJIS too, the text reaches the server as written"
is "$(PGDATABASE=schemamig_sec_sql "$SM" -D h verify >/dev/null 2>&1; echo $?) $(PGDATABASE=schemamig_sec_sql "$SM" -D h status --check; echo $?)" \
    "0 0" "verify and status --check agree with the files"
# a file that is not in the client encoding: the error names it
rm -rf enc && mkdir enc
put_file enc/e1.sql e1 "" "one" "CREATE TABLE e1 (v int);" "DROP TABLE e1;"
put_file enc/e2.sql e2 e1 "latin-1" "$(printf "SELECT 'caf\351';")" "-"
put_file enc/e3.sql e3 e2 "three" "CREATE TABLE e3 (v int);" "DROP TABLE e3;"
PGDATABASE=schemamig_sec_sjis "$SM" -D enc upgrade >enc.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q "^schemamig: error: enc/e2.sql: invalid byte sequence for encoding \"UTF8\": 0xe9.*(SQLSTATE 22021)" enc.out
ok $? "a file with a byte that is not UTF-8: exit 1, the error names the file" || sed 's/^/# /' enc.out
is "$($PSQL -d schemamig_sec_sjis -At -c "SELECT count(*) FROM schemamig.revision WHERE id LIKE 'e_'")" 0 "and registers nothing"
# SQL that only psql would run: upgrade refuses it, the script stops at it
rm -rf hb && mkdir hb
put_file hb/b1.sql b1 "" "psql only" "CREATE TABLE bad_one (v int);
$bang
$inc
-- x$(printf '\r')$bang" "-"
sec_db schemamig_sec_bad
export PGDATABASE=schemamig_sec_bad
"$SM" -D hb upgrade >/dev/null 2>&1; is $? 1 "upgrade refuses SQL with meta-commands on its own lines"
# run by a DBA who forgot ON_ERROR_STOP: the script sets it itself
"$SM" -D hb sql >hb.sql && "$BIN/psql" -X -q -f hb.sql >/dev/null 2>&1; isnt $? 0 "the script fails on it too"
is "$(ls "$trace") $(q "SELECT to_regclass('included_evil') IS NULL") $(q 'SELECT count(*) FROM schemamig.revision')" \
    " t 0" "and psql ran none of its lines: nothing ran, nothing is registered"
rm -f "$trace"/*
# control characters in a message or a path are refused when the files are loaded
for bad in "cr:$(printf 'ok\r\\! touch x')" "lf_name" "cr_name" "esc:$(printf 'a\033[2Jb')"; do
    rm -rf c && mkdir c
    case "$bad" in
        lf_name) put_file "$(printf 'c/x\n\\! touch lf.sql')" x1 "" "fine" "SELECT 1;" ;;
        cr_name) put_file "$(printf 'c/x\r\\! touch cr.sql')" x1 "" "fine" "SELECT 1;" ;;
        *) python3 -c 'import sys; open("c/x.sql", "w").write("-- schemamig revision: x1\n-- parents:\n-- message: " + sys.argv[1] + "\n-- schemamig:upgrade\nSELECT 1;\n")' "${bad#*:}" ;;
    esac
    out=$("$SM" -D c sql 2>&1 >c.sql); rc=$?
    [ $rc = 1 ] && [ ! -s c.sql ] && grep -q "^schemamig: error: c/x.*control character" <<<"$out" && ! grep -q "$(printf '[\r\033]')" <<<"$out"
    ok $? "a ${bad%%:*} is refused, naming the file (escaped), and no script is written"
done
rm -rf c && mkdir c
"$SM" -D c new -m "$(printf 'one\r\\! touch x')" >/dev/null 2>c.err
is "$?:$(ls c | wc -l):$(grep -c 'without control characters' c.err)" "1:0:1" "new refuses a message with a control character"
# a line of the SQL that is invalid UTF-8 would let psql and the server disagree
rm -rf u && mkdir u
put_file u/u1.sql u1 "" "bad bytes" "SELECT '$(printf '\340')'; SELECT 1;"
"$SM" -D u sql >u.sql 2>u.err; rc=$?
[ $rc = 1 ] && [ ! -s u.sql ] && grep -q "u/u1.sql: the upgrade section is not valid UTF-8" u.err; ok $? "invalid UTF-8 is refused"
# COPY in a non-transactional revision would read the script as its data
rm -rf cp && mkdir cp
put_file cp/c1.sql c1 "" "copy" "COPY t FROM STDIN;" "-" no-transaction
"$SM" -D cp sql >cp.sql 2>cp.err; rc=$?
[ $rc = 1 ] && grep -q 'cp/c1.sql: revision "c1" is not transactional and names COPY' cp.err; ok $? "COPY in a non-transactional revision is refused"

# --- 3. the offline script and a changed registration ----------------------------------
sec_db schemamig_sec_pending
export PGDATABASE=schemamig_sec_pending
rm -rf p && mkdir p
put_file p/p1.sql p1 "" "one" "CREATE TABLE p1 (v int);" "DROP TABLE p1;"
put_file p/p2.sql p2 p1 "two" "CREATE TABLE p2_old (v int);" "DROP TABLE p2_old;"
"$SM" -D p upgrade p1 >/dev/null && "$SM" -D p sync >/dev/null
is "$(q "SELECT count(*) FROM schemamig.revision") $(q "SELECT count(*) FROM schemamig.applied")" "2 1" "p2 is registered and pending"
put_file p/p2.sql p2 p1 "two, changed" "CREATE TABLE p2_new (v int);" "DROP TABLE p2_new;"
"$SM" -D p sql --from p1 >p.sql && $PSQL -f p.sql >/dev/null 2>&1; is $? 0 "the script runs"
is "$(q "SELECT to_regclass('p2_new') IS NOT NULL, to_regclass('p2_old') IS NULL")" "t|t" "it ran the file's new SQL, not the old"
is "$(q "SELECT upgrade || ' / ' || message FROM schemamig.revision WHERE id = 'p2'")" "CREATE TABLE p2_new (v int); / two, changed" \
    "and updated the registration first, as sync does"
"$SM" verify >/dev/null; is $? 0 "verify finds nothing wrong"
"$SM" -D p sync >/dev/null 2>&1; is $? 0 "sync accepts the file"
# an applied revision whose file changed: refused, nothing runs
put_file p/p2.sql p2 p1 "two, changed" "CREATE TABLE p2_newer (v int);" "DROP TABLE p2_newer;"
put_file p/p3.sql p3 p2 "three" "CREATE TABLE p3 (v int);" "DROP TABLE p3;"
"$SM" -D p sql --from p1 >p.sql
out=$($PSQL -f p.sql 2>&1); rc=$?
[ $rc != 0 ] && grep -q 'p/p2.sql: revision "p2" is applied, but the file differs' <<<"$out"; ok $? "the script refuses an applied revision whose file changed"
is "$(q "SELECT count(*) FROM schemamig.revision") $(q "SELECT to_regclass('p3') IS NULL")" "2 t" "and does nothing"

# --- 4. what a non-transactional revision leaves behind ----------------------------------
for how in upgrade script; do
    d=schemamig_sec_state_$how
    sec_db "$d"
    export PGDATABASE=$d
    $PSQL -c "CREATE SCHEMA evil" -c "GRANT ALL ON SCHEMA evil, public TO $deployer" >/dev/null
    rm -rf s && mkdir s
    put_file s/s1.sql s1 "" "leave state" "SET ROLE $deployer;
SET search_path = evil;
SET lock_timeout = '17s';
CREATE TEMP TABLE left_behind (v int);
PREPARE left_stmt AS SELECT 1;" "SET ROLE $deployer; SET search_path = evil; SELECT 1;" no-transaction
    put_file s/s2.sql s2 s1 "see state" "CREATE TABLE seen AS SELECT CURRENT_USER AS who,
  current_setting('search_path') AS path, current_setting('lock_timeout') AS timeout,
  (SELECT count(*) FROM pg_prepared_statements) AS prepared, to_regclass('pg_temp.left_behind') IS NOT NULL AS temp;" "DROP TABLE seen;"
    if [ $how = upgrade ]; then "$SM" -D s upgrade >/dev/null 2>&1; else "$SM" -D s sql >s.sql && $PSQL -f s.sql >/dev/null 2>&1; fi
    is "$?" 0 "$how: the revisions apply"
    is "$(q "SELECT who, path <> 'evil', timeout, prepared, temp FROM seen")" "$su_user|t|0|0|f" \
        "$how: the next revision sees none of the role, settings, prepared statements and temporary tables left"
    is "$(q "SELECT string_agg(applied_by, ' ' ORDER BY seq) FROM schemamig.applied") $(q "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'seen'")" \
        "$su_user $su_user $su_user" "$how: both are recorded as applied by the connected role, which owns what the next one made"
done
# and in reverse: s1's downgrade takes a role, but the bookkeeping after it does not
"$SM" -D s downgrade --yes 2 >/dev/null 2>&1; is $? 0 "downgrade reverts both"
is "$(q "SELECT string_agg(by, ' ' ORDER BY seq) FROM schemamig.log WHERE action = 'downgrade'")" "$su_user $su_user" \
    "both are logged as reverted by the connected role"

# --- 5. pending revisions that exist only in the database ---------------------------------
sec_db schemamig_sec_dbonly
export PGDATABASE=schemamig_sec_dbonly
rm -rf o && mkdir o
put_file o/o1.sql o1 "" "one" "CREATE TABLE o1 (v int);" "DROP TABLE o1;"
"$SM" -D o upgrade >/dev/null
q "SELECT schemamig.add_revision('ghost', 'CREATE TABLE ghost (v int)', 'DROP TABLE ghost', '{o1}', E'from SQL\\r\\033[2J\\nfake line', true)" >/dev/null
put_file o/o2.sql o2 "o1" "two" "CREATE TABLE o2 (v int);" "DROP TABLE o2;"
"$SM" -D o upgrade heads >o.out 2>o.err; rc=$?
[ $rc = 1 ] && grep -q "^  ghost$" o.err; ok $? "upgrade refuses a pending revision that is in no file, naming it"
is "$(q "SELECT count(*) FROM schemamig.applied") $(q "SELECT to_regclass('ghost') IS NULL") $(q "SELECT count(*) FROM schemamig.revision WHERE id = 'o2'")" "1 t 0" \
    "and changes nothing: nothing applied, o2's file not registered"
"$SM" -D o status | grep -q "^  ghost  "; ok $? "status lists it"
"$SM" -D o upgrade heads --include-db-only >o.out 2>&1; is $? 0 "--include-db-only applies it"
is "$(q "SELECT count(*) FROM schemamig.applied") $(q "SELECT to_regclass('ghost') IS NOT NULL")" "3 t" "all three are applied"
# --- 6. control characters on a terminal ---------------------------------------------------
ctl() { LC_ALL=C grep -c "$(printf '[\001-\011\013-\037\177]')" "$1"; }
# a C1 control (U+009B, CSI) in a file's message, which files may hold:
# status prints it escaped also when everything is up to date
sec_db schemamig_sec_c1
rm -rf c1 && mkdir c1
put_file c1/c1.sql c1 "" "$(printf 'csi \302\233 2J')" "CREATE TABLE c1 (v int);" "DROP TABLE c1;"
PGDATABASE=schemamig_sec_c1 "$SM" -D c1 upgrade >/dev/null 2>&1 && PGDATABASE=schemamig_sec_c1 "$SM" -D c1 status >c1.out
is "$?:$(LC_ALL=C grep -c "$(printf '\302\233')" c1.out):$(grep -c 'csi \\xc2\\x9b 2J' c1.out)" "0:0:1" \
    "status with nothing to do prints a C1 control escaped"
"$SM" -D o history >hist.out
is "$(ctl hist.out) $(wc -l <hist.out)" "0 3" "history: control characters escaped, one line a revision"
is "$(ctl o.out) $(grep -c '' o.out)" "0 4" "progress: control characters escaped" || sed 's/^/# /' o.out
out=$(printf 'n\n' | script -qec "$SM downgrade 2" /dev/null 2>&1)
grep -qF 'from SQL\r\x1b[2J\nfake line' <<<"$out" && [ "$(LC_ALL=C grep -c "$(printf '\033')" <<<"$out")" = 0 ]
ok $? "the confirmation prompt shows the message escaped" || sed 's/^/# /' <<<"$out"
q "SELECT schemamig.add_revision('ghost2', 'SELECT 1', NULL, '{o2}', E'irreversible\\033[2J\\nfake line', true)" >/dev/null
"$SM" -D o upgrade heads --include-db-only >/dev/null 2>&1
"$SM" -D o downgrade --yes >/dev/null 2>o.err
is "$?:$(ctl o.err):$(grep -c '^fake line' o.err)" "1:0:0" "errors: the server's message is printed escaped"
mkfifo o/fifo.sql
out=$(timeout 20 "$SM" -D o status 2>&1); rc=$?
[ $rc = 1 ] && grep -q "o/fifo.sql: not a regular file" <<<"$out"; ok $? "a FIFO named *.sql is an error naming it, not a hang"
rm o/fifo.sql && mkdir o/dir.sql
out=$(timeout 20 "$SM" -D o status 2>&1); rc=$?
[ $rc = 1 ] && grep -q "o/dir.sql: not a regular file" <<<"$out"; ok $? "so is a directory named *.sql"
rmdir o/dir.sql

# --- 7. a non-transactional revision whose author is another role -------------------------
sec_db schemamig_sec_author
export PGDATABASE=schemamig_sec_author
rm -rf w && mkdir w
put_file w/w1.sql w1 "" "one" "CREATE TABLE w1 (v int);" "DROP TABLE w1;"
put_file w/w2.sql w2 w1 "by the deployer" "RESET ROLE; CREATE TABLE w2 (v int);" "DROP TABLE w2;" no-transaction
PGUSER=$deployer PGPASSWORD=$pw "$SM" -D w sync >/dev/null; is $? 0 "the deployer registers the files"
"$SM" -D w upgrade >w.out 2>w.err; rc=$?
[ $rc = 1 ] && grep -q "revision \"w2\" is not transactional, and its author is role \"$deployer\", not the role logged in, \"$su_user\"" w.err &&
    grep -q "apply it logged in as role \"$deployer\"" w.err
ok $? "a superuser's upgrade refuses it: exit 1, naming the revision and its author"
is "$(q "SELECT count(*) FROM schemamig.applied")" 0 "before running anything, w1 included"
"$SM" -D w sql >w.sql && $PSQL -f w.sql >w.out 2>&1; rc=$?
[ $rc != 0 ] && grep -q "its author is role \"$deployer\"" w.out; ok $? "so does the offline script"
is "$(q "SELECT count(*) FROM schemamig.applied")" 0 "which applies nothing either"
PGUSER=$deployer PGPASSWORD=$pw "$SM" -D w upgrade >/dev/null 2>&1; is $? 0 "its author applies it"
is "$(q "SELECT string_agg(applied_by, ' ' ORDER BY seq) FROM schemamig.applied") $(q "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'w2'")" \
    "$deployer $deployer $deployer" "as itself"
"$SM" -D w downgrade --yes >/dev/null 2>w.err; rc=$?
[ $rc = 1 ] && grep -q "its author is role \"$deployer\"" w.err; ok $? "a superuser's downgrade refuses it too"
is "$(q "SELECT count(*) FROM schemamig.applied")" 2 "and reverts nothing"
PGUSER=$deployer PGPASSWORD=$pw "$SM" -D w downgrade --yes >/dev/null 2>&1
is "$?:$(q "SELECT count(*) FROM schemamig.applied"):$(q "SELECT to_regclass('w2') IS NULL")" "0:1:t" \
    "its author reverts it"
# A superuser who takes the author's role is no author: RESET ROLE (or SET
# ROLE NONE) in the revision returns to the role logged in.
put_file w/w2.sql w2 w1 "by the deployer" "SET ROLE NONE; ALTER ROLE $deployer SUPERUSER; CREATE TABLE w2 (v int);" \
    "DROP TABLE w2;" no-transaction
PGUSER=$deployer PGPASSWORD=$pw "$SM" -D w sync >/dev/null; is $? 0 "the deployer changes it to make itself a superuser"
PGOPTIONS="-c role=$deployer" "$SM" -D w upgrade >/dev/null 2>w.err; rc=$?
[ $rc = 1 ] && grep -q "its author is role \"$deployer\", not the role logged in, \"$su_user\"" w.err; ok $? \
    "a superuser's upgrade with PGOPTIONS='-c role=$deployer' refuses it"
PGOPTIONS="-c role=$deployer" "$SM" -D w sql >w.sql && PGOPTIONS="-c role=$deployer" $PSQL -f w.sql >w.out 2>&1; rc=$?
[ $rc != 0 ] && grep -q "not the role logged in" w.out; ok $? "so does the offline script run so"
is "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = '$deployer'"):$(q "SELECT count(*) FROM schemamig.applied")" "f:1" \
    "the deployer is no superuser, and nothing more was applied"

# The offline script checks a non-transactional revision's author when it
# starts; psql runs its statements later. A deployer who edits the
# superuser's pending revision in between must not have its SQL run by the
# superuser's psql, nor the books say that the file's SQL it replaced ran:
# the script is split where psql is to run that revision's statements, and
# the edit made between the two halves.
sec_db schemamig_sec_edit
export PGDATABASE=schemamig_sec_edit
rm -rf e && mkdir e
put_file e/e1.sql e1 "" "one" "CREATE TABLE e1 (v int);" "DROP TABLE e1;"
put_file e/e2.sql e2 e1 "the superuser's" "CREATE TABLE e2 (v int);" "DROP TABLE e2;" no-transaction
"$SM" -D e sync >/dev/null && "$SM" -D e sql >e.sql; is $? 0 "a superuser registers both and writes the script"
awk '/^-- not transactional:/ { exit } { print }' e.sql >e1.part && awk 'f || /^-- not transactional:/ { f = 1; print }' e.sql >e2.part
$PSQL -f e1.part >/dev/null 2>&1; is "$?:$(q "SELECT count(*) FROM schemamig.applied")" "0:1" "its first half applies e1"
PGUSER=$deployer PGPASSWORD=$pw $PSQL -c "UPDATE schemamig.revision SET upgrade = 'ALTER ROLE $deployer SUPERUSER' WHERE id = 'e2'" \
    >/dev/null; is $? 0 "the deployer edits e2, pending"
$PSQL -f e2.part >e.out 2>&1; rc=$?
[ $rc != 0 ] && grep -q 'revision "e2" (not transactional) was changed by another session while the script ran' e.out &&
    grep -q "its author is role \"$deployer\"" e.out; ok $? "the second half stops, naming the new author" || sed 's/^/# /' e.out
is "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = '$deployer'"):$(q "SELECT count(*) FROM schemamig.applied"):$(q "SELECT to_regclass('e2') IS NOT NULL")" \
    "f:1:t" "the deployer's SQL did not run, the file's did, and e2 is not recorded"

# The same script split where psql is to record e2, after its statements
# ran: a change to e2 made then (here the superuser's own, as a second
# deploy of other files would make it) leaves e2 unrecorded, since what
# ran was the file's SQL.
sec_db schemamig_sec_edit2
export PGDATABASE=schemamig_sec_edit2
"$SM" -D e sync >/dev/null && "$SM" -D e sql >e.sql
at=$(grep -n "^SELECT pg_catalog.set_config('schemamig_script.checksum'" e.sql | head -n 1 | cut -d: -f1)
head -n $((at - 2)) e.sql >e1.part && tail -n +$((at - 1)) e.sql >e2.part
$PSQL -f e1.part >/dev/null 2>&1
is "$?:$(q "SELECT count(*) FROM schemamig.applied"):$(q "SELECT to_regclass('e2') IS NOT NULL")" "0:1:t" \
    "the first half applies e1 and runs e2's statements"
ck=$(q "SELECT checksum FROM schemamig.revision WHERE id = 'e2'")
q "UPDATE schemamig.revision SET upgrade = 'CREATE TABLE e2_other (v int)' WHERE id = 'e2'" >/dev/null
$PSQL -v schemamig_checksum="$ck" -f e2.part >e.out 2>&1; rc=$?
[ $rc != 0 ] && grep -q 'revision "e2" (not transactional) was changed by another session while the script ran' e.out; ok $? \
    "the second half stops" || sed 's/^/# /' e.out
is "$(q "SELECT count(*) FROM schemamig.applied")" 1 "and e2 is not recorded with SQL that did not run"

# --- 8. a non-transactional revision changed while the client runs ------------------------
# The client runs a non-transactional revision's SQL as read on its own
# connection, with its author and in the same query, and only when it is
# the SQL its plan saw; it records the revision only when the SQL that ran
# is still the revision's. Here the client is held inside the statements of
# g1 (a read of a table the deployer has locked) while the SQL changes.
sec_db schemamig_sec_race
export PGDATABASE=schemamig_sec_race
PGUSER=$deployer PGPASSWORD=$pw $PSQL -c "CREATE TABLE public.gate (v int)" -c "CREATE TABLE public.gate_open (v int)" \
    -c "GRANT ALL ON public.gate, public.gate_open TO PUBLIC" >/dev/null
rm -rf g && mkdir g
put_file g/g1.sql g1 "" "wait" "SELECT count(*) FROM public.gate;" "SELECT 1;" no-transaction
put_file g/g2.sql g2 g1 "the superuser's" "CREATE TABLE g2 (v int);" "DROP TABLE g2;" no-transaction
# race EDIT: run upgrade with the deployer holding public.gate; once the
# client waits for it, run the SQL EDIT, then let the client go on
race() {
    q "TRUNCATE public.gate_open" >/dev/null
    PGUSER=$deployer PGPASSWORD=$pw timeout 60 $PSQL >/dev/null 2>&1 <<'SQL' &
BEGIN;
LOCK TABLE public.gate;
DO $$ BEGIN WHILE NOT EXISTS (SELECT FROM public.gate_open) LOOP PERFORM pg_catalog.pg_sleep(0.01); END LOOP; END $$;
COMMIT;
SQL
    local gate=$! n=0
    until [ "$(q "SELECT count(*) FROM pg_locks WHERE relation = 'public.gate'::regclass AND granted")" = 1 ]; do
        sleep 0.05; n=$((n + 1)); [ $n -lt 600 ] || break
    done
    timeout 60 "$SM" -D g upgrade >g.out 2>&1 &
    local client=$!
    n=0
    until [ "$(q "SELECT count(*) FROM pg_locks WHERE relation = 'public.gate'::regclass AND NOT granted")" = 1 ]; do
        sleep 0.05; n=$((n + 1)); [ $n -lt 600 ] || break
    done
    $PSQL -c "$1" >/dev/null
    q "INSERT INTO public.gate_open VALUES (1)" >/dev/null
    wait $client
    race_rc=$?
    wait $gate
}
race "UPDATE schemamig.revision SET upgrade = 'CREATE TABLE g2_other (v int)' WHERE id = 'g2'"
[ $race_rc = 1 ] && grep -q 'revision "g2" (not transactional) was changed by another session after this command planned it; nothing of it was run' g.out
ok $? "a revision changed after the plan (here by the superuser: its author still) does not run" || sed 's/^/# /' g.out
is "$(q "SELECT string_agg(revision, ' ') FROM schemamig.applied"):$(q "SELECT to_regclass('g2_other') IS NULL AND to_regclass('g2') IS NULL")" \
    "g1:t" "g1 ran and is recorded; neither g2 nor what it became ran"
q "SELECT schemamig.stamp('base')" >/dev/null
race "SET ROLE $deployer; UPDATE schemamig.revision SET upgrade = 'ALTER ROLE $deployer SUPERUSER' WHERE id = 'g1'"
[ $race_rc = 1 ] && grep -q 'revision "g1" (not transactional) was changed by another session while its statements ran: they ran as they were read, but the revision is not recorded as applied' g.out
ok $? "a revision the deployer changes while its statements run is not recorded" || sed 's/^/# /' g.out
is "$(q "SELECT count(*) FROM schemamig.applied"):$(q "SELECT author FROM schemamig.revision WHERE id = 'g1'"):$(q "SELECT rolsuper FROM pg_roles WHERE rolname = '$deployer'")" \
    "0:$deployer:f" "nothing is recorded, the deployer's SQL is g1's pending SQL, and it did not run"

# --- a database without the extension, whose owner made a schema schemamig of
# look-alikes: a superuser's client calls none of them, nor does the offline
# script; every command says the extension is missing
db=schemamig_sec_squat
"$BIN/dropdb" --if-exists "$db" >/dev/null 2>&1
"$BIN/createdb" -O "$owner" "$db" || exit 1
plant "$db"
PGUSER=$owner PGPASSWORD=$pw $PSQL -d "$db" >/dev/null <<SQL
CREATE SCHEMA schemamig;
CREATE FUNCTION schemamig.up_to_date(text) RETURNS boolean LANGUAGE plpgsql
    AS \$f\$BEGIN PERFORM public.pwned('up_to_date'); RETURN true; END\$f\$;
CREATE FUNCTION schemamig.current() RETURNS text[] LANGUAGE plpgsql
    AS \$f\$BEGIN PERFORM public.pwned('current'); RETURN '{}'; END\$f\$;
CREATE FUNCTION schemamig.heads() RETURNS text[] LANGUAGE plpgsql
    AS \$f\$BEGIN PERFORM public.pwned('heads'); RETURN '{}'; END\$f\$;
CREATE FUNCTION schemamig.verify() RETURNS TABLE (revision text, problem text) LANGUAGE plpgsql
    AS \$f\$BEGIN PERFORM public.pwned('verify'); END\$f\$;
CREATE FUNCTION schemamig.checksum(text, text) RETURNS text LANGUAGE plpgsql
    AS \$f\$BEGIN PERFORM public.pwned('checksum'); RETURN ''; END\$f\$;
SQL
for c in upgrade "status --check" status current heads verify lint; do
    PGDATABASE=$db "$SM" -D m $c >squat.out 2>&1; rc=$?
    [ $rc = 1 ] && grep -q 'this database has no schemamig extension: a superuser creates it with CREATE EXTENSION schemamig' squat.out
    ok $? "$c where the database's owner made a schema schemamig: exit 1, no extension" || sed 's/^/# /' squat.out
done
"$SM" -D m sql >squat.sql
PGDATABASE=$db $PSQL -f squat.sql >squat.out 2>&1; rc=$?
[ $rc != 0 ] && grep -q 'this database has no schemamig extension: nothing was run' squat.out
ok $? "the offline script there: stops first, the extension is missing" || sed 's/^/# /' squat.out
untouched "$db" "a schema schemamig that is not the extension's"

# The database's owner sets schemamig.tenant for every session (ALTER
# DATABASE ... SET) to a tenant the superuser made: a command without
# --tenant still works on the database's own applied set, in full and in
# the no-op's lean statement, and leaves the tenant alone.
db=schemamig_sec_dbtenant
sec_db "$db"
$PSQL -d "$db" -c "SELECT schemamig.add_tenant('good')" -c "SELECT schemamig.grant_reader('$owner')" >/dev/null
PGUSER=$owner PGPASSWORD=$pw $PSQL -d "$db" -c 'SELECT schemamig.current()' \
    -c "ALTER DATABASE $db SET schemamig.tenant = 'good'" >/dev/null
is "$($PSQL -d "$db" -At -c 'SHOW schemamig.tenant')" good "a new session of the superuser starts in tenant good"
mkdir dt
put_file dt/t1.sql t1 "" "the database's" "CREATE TABLE t1 (v int);"
for c in upgrade upgrade current "status --check"; do
    PGDATABASE=$db "$SM" -D dt $c >dt.out 2>&1
    is "$?" 0 "$c without --tenant exits 0" || sed 's/^/# /' dt.out
done
# and the offline script, a transactional and a non-transactional revision
put_file dt/t2.sql t2 t1 "more" "CREATE TABLE t2 (v int);"
put_file dt/t3.sql t3 t2 "outside" "CREATE TABLE t3 (v int);" - no-transaction
"$SM" -D dt sql >dt.sql && $PSQL -d "$db" -f dt.sql >dt.out 2>&1
is "$?" 0 "the offline script runs there" || sed 's/^/# /' dt.out
is "$($PSQL -d "$db" -At -c "SELECT string_agg(tenant || '/' || revision, ',' ORDER BY revision) FROM schemamig.applied")" "/t1,/t2,/t3" \
    "every revision is applied to the database's own set, none to tenant good"
is "$($PSQL -d "$db" -At -c "SELECT count(*) FROM pg_class WHERE relname IN ('t1', 't2', 't3') AND relnamespace = 'public'::regnamespace")" 3 \
    "their tables are in public, not in good's schema"

cd /
for d in schemamig_sec schemamig_sec_script schemamig_sec_up schemamig_sec_sql schemamig_sec_sjis schemamig_sec_pending \
    schemamig_sec_strict schemamig_sec_strict_script schemamig_sec_strict_server "$shadow_tpl" schemamig_sec_bad schemamig_sec_state_upgrade schemamig_sec_state_script schemamig_sec_dbonly schemamig_sec_c1 schemamig_sec_author schemamig_sec_edit schemamig_sec_edit2 schemamig_sec_race schemamig_sec_squat schemamig_sec_dbtenant; do
    "$BIN/dropdb" --if-exists "$d"
done
$PSQL -d postgres -c "DROP ROLE $owner" -c "DROP ROLE $deployer" >/dev/null
tap_done
