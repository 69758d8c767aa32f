#!/usr/bin/env bash
# Bad input: thousands of generated calls to every function, with NULLs,
# empty and huge strings (1 MB SQL, 10,000 parents), malformed targets, ids
# with quotes, backslashes and non-ASCII, SQL with dollar quotes and
# comments. Each call either succeeds or raises a clean ERROR with a
# documented SQLSTATE; the server log shows no crash and no assertion.
set -u
. "$(dirname "$0")/../shell/tap.inc"
db=schemamig_fuzz
export PGOPTIONS="-c client_min_messages=warning"
log_mark

fresh_db "$db" || exit 1
$PSQL -d "$db" -At >/dev/null <<'SQL' || { echo "Bail out! the fuzz run itself failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE TABLE fuzz_result (fn text NOT NULL, state text NOT NULL);
SELECT schemamig.add_revision('fz1', 'SELECT 1', 'SELECT 1');

CREATE FUNCTION fuzz_call(fn text, call text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE call;
    INSERT INTO fuzz_result VALUES (fn, '00000');
EXCEPTION WHEN OTHERS THEN
    INSERT INTO fuzz_result VALUES (fn, SQLSTATE);
END
$f$;

DO $fuzz$
DECLARE
    ids text[] := ARRAY[NULL, '', ' ', 'a', 'fz1', repeat('x', 128), repeat('y', 129), repeat('z', 1000000),
                        'quo''te', 'back\slash', E'new\nline', 'naïve', '日本語', 'head', 'heads', 'base',
                        '+1', '+0', '+-1', '+99999999999', '+', 'a b', '-', '.', '_', 'x;drop', '$$', '%s',
                        'fz2', 'fz3', 'Z.9-_'];
    sqls text[] := ARRAY[NULL, '', '   ', '-- only a comment', '/* block */', 'SELECT 1', 'SELEC 1',
                         'COMMIT', 'BEGIN', 'SAVEPOINT s', 'ROLLBACK TO s', 'PREPARE TRANSACTION ''x''',
                         $s$SELECT $x$a;b$x$$s$, 'SELECT 1; -- trailing ;', '/* unterminated', $s$SELECT 'unterminated$s$,
                         '$$ unterminated', $s$DO $d$ BEGIN PERFORM 1; END $d$$s$,
                         'SELECT ''' || repeat('q', 1000000) || '''', E'SELECT 1;\r\nSELECT 2',
                         'CREATE TABLE IF NOT EXISTS fuzz_t (id int)', E'SELECT E''\\\\''', 'SELECT ''日本語'''];
    parents text[] := ARRAY[NULL, '{}', '{NULL}', '{fz1}', '{fz1,fz1}', '{{a},{b}}', '{nope}', '{"bad id"}',
                            (SELECT array_agg('p' || i)::text FROM generate_series(1, 10000) AS i),
                            (SELECT array_agg('fz1'::text)::text FROM generate_series(1, 10000) AS i)];
    messages text[] := ARRAY[NULL, '', 'm', repeat('m', 100000), 'quo''te'];
    tx text[] := ARRAY['NULL', 'true', 'false'];
    ns text[] := ARRAY['NULL', '-1', '0', '1', '2', '1000000', '-2147483648', '2147483647'];
    k int := 0;
BEGIN
    -- add_revision: every id with every SQL; parents, messages, downgrade
    -- SQL and the transactional flag vary along
    FOR a IN 1 .. array_length(ids, 1) LOOP
        FOR b IN 1 .. array_length(sqls, 1) LOOP
            FOR c IN 1 .. 3 LOOP
                k := k + 1;
                PERFORM fuzz_call('add_revision', format(
                    'SELECT schemamig.add_revision(%L, %L, %L, %L::text[], %L, %s)',
                    ids[a], sqls[b], sqls[1 + (k * 7) % array_length(sqls, 1)],
                    parents[1 + (k + c) % array_length(parents, 1)],
                    messages[1 + k % array_length(messages, 1)], tx[1 + (k + a) % 3]));
            END LOOP;
        END LOOP;
    END LOOP;
    -- every target-taking function with every id as its target
    FOR a IN 1 .. array_length(ids, 1) LOOP
        PERFORM fuzz_call('pending', format('SELECT count(*) FROM schemamig.pending(%L)', ids[a]));
        PERFORM fuzz_call('upgrade', format('SELECT schemamig.upgrade(%L)', ids[a]));
        PERFORM fuzz_call('stamp', format('SELECT schemamig.stamp(%L)', ids[a]));
        PERFORM fuzz_call('downgrade_to', format('SELECT schemamig.downgrade_to(%L)', ids[a]));
        PERFORM fuzz_call('remove_revision', format('SELECT schemamig.remove_revision(%L)', ids[a]));
        PERFORM fuzz_call('migrate', format('CALL schemamig.migrate(%L)', ids[a]));
        FOR b IN 1 .. array_length(ns, 1) LOOP
            PERFORM fuzz_call('downgrade', format('SELECT schemamig.downgrade(%s)', ns[b]));
        END LOOP;
        PERFORM fuzz_call('history', 'SELECT count(*) FROM schemamig.history()');
        PERFORM fuzz_call('current', 'SELECT schemamig.current(), schemamig.heads()');
        PERFORM fuzz_call('verify', 'SELECT count(*) FROM schemamig.verify()');
    END LOOP;
    -- checksum of every pair of SQL texts
    FOR a IN 1 .. array_length(sqls, 1) LOOP
        FOR b IN 1 .. array_length(sqls, 1) LOOP
            PERFORM fuzz_call('checksum', format('SELECT schemamig.checksum(%L, %L)', sqls[a], sqls[b]));
        END LOOP;
    END LOOP;
    -- grant helpers with odd roles
    PERFORM fuzz_call('grant_reader', 'SELECT schemamig.grant_reader(NULL)');
    PERFORM fuzz_call('grant_reader', $g$SELECT schemamig.grant_reader('no such role')$g$);
    PERFORM fuzz_call('grant_deployer', $g$SELECT schemamig.grant_deployer('"quo''te"')$g$);
END
$fuzz$;
SQL

calls=$($PSQL -d "$db" -At -c 'SELECT count(*) FROM fuzz_result')
[ "$calls" -ge 2000 ]; ok $? "$calls calls made"
is "$($PSQL -d "$db" -At -c "SELECT count(*) FROM fuzz_result WHERE state = '00000'" | awk '$1 > 50 { print "many" }')" many "a good number of them succeeded"
# documented SQLSTATEs: the contract's, plus regrole's own 42704 and 42602
# for an unknown or malformed role, and 25001 for migrate inside the DO
# block's transaction
bad=$($PSQL -d "$db" -At -c "SELECT fn || ': ' || state || ' x' || count(*) FROM fuzz_result
                             WHERE state NOT IN ('00000', '22004', '22023', '42704', '42710', '55000', '0A000', '42601', '25001', '42602')
                             GROUP BY fn, state ORDER BY 1")
is "$bad" "" "every failure has a documented SQLSTATE"
$PSQL -d "$db" -At -c "SELECT '# ' || fn || ' ' || state || ' x' || count(*) FROM fuzz_result GROUP BY fn, state ORDER BY fn, state"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "verify() is clean afterwards"
is "$($PSQL -d "$db" -At -c 'SELECT 1')" 1 "the server still answers"

# Revisions that manipulate cursors, transactions and settings, applied,
# reverted, migrated, linted and traced, as their author and as a superuser applying a
# deployer's revisions (a security-restricted operation). Each call must
# end in success or a clean ERROR; the log is read for signals below.
stmts=(
    'CLOSE ALL'
    'CLOSE "<unnamed portal 1>"' 'CLOSE "<unnamed portal 2>"' 'CLOSE "<unnamed portal 3>"'
    'FETCH ALL FROM "<unnamed portal 1>"' 'FETCH NEXT FROM "<unnamed portal 2>"'
    'MOVE FORWARD ALL IN "<unnamed portal 1>"' 'MOVE LAST IN "<unnamed portal 2>"'
    'DECLARE fz1 CURSOR FOR SELECT 1' 'DECLARE fz2 CURSOR WITH HOLD FOR SELECT 1'
    'DECLARE fz3 CURSOR FOR SELECT 1; CLOSE ALL' 'DECLARE fz4 CURSOR WITH HOLD FOR SELECT 1; FETCH fz4; CLOSE fz4'
    'SET LOCAL search_path = nowhere' 'RESET ALL' 'DISCARD PLANS' 'DISCARD ALL' 'DEALLOCATE ALL'
    'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE' 'SET TRANSACTION READ ONLY' 'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY'
    'SET ROLE NONE' 'SET SESSION AUTHORIZATION DEFAULT' 'SET LOCAL statement_timeout = 1' 'SELECT pg_sleep(0.01)'
    'SET LOCAL lock_timeout = 1' "SELECT set_config('search_path', '', false)"
    'CALL fz_commit()' 'DO $$ BEGIN COMMIT; END $$' 'DO $$ BEGIN EXECUTE ''CLOSE ALL''; EXCEPTION WHEN OTHERS THEN NULL; END $$'
    'LISTEN fz' 'PREPARE fzp AS SELECT 1' 'CREATE TEMP TABLE fz_tmp (i int)'
)
cdb=schemamig_fuzz_cursors
fresh_db "$cdb" || exit 1
$PSQL -d "$cdb" -q <<'SQL' || { echo "Bail out! the cursor fuzz setup failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE ROLE regress_fz_deployer;
SELECT schemamig.grant_deployer('regress_fz_deployer');
CREATE PROCEDURE fz_commit() LANGUAGE plpgsql AS $$ BEGIN COMMIT; END $$;
GRANT EXECUTE ON PROCEDURE fz_commit() TO regress_fz_deployer;
SQL
ccalls=0
cbad=""
for s in "${stmts[@]}"; do
    for as in postgres regress_fz_deployer; do
        for how in upgrade migrate downgrade lint trace; do
            ccalls=$((ccalls + 1))
            out=$($PSQL -d "$cdb" -At -v ON_ERROR_STOP=0 -v VERBOSITY=sqlstate 2>&1 <<SQL
SET ROLE $as;
SELECT schemamig.add_revision('fz$ccalls', \$q\$$s\$q\$, \$q\$$s\$q\$, NULL, 'fuzz');
RESET ROLE;
$(case $how in
    upgrade) echo "SELECT schemamig.upgrade();" ;;
    migrate) echo "CALL schemamig.migrate();" ;;
    downgrade) echo "SELECT schemamig.stamp('fz$ccalls'); SELECT schemamig.downgrade();" ;;
    lint) echo "SELECT count(*) FROM schemamig.lint();" ;;
    trace) echo "SELECT count(*) FROM schemamig.trace();" ;;
  esac)
SELECT schemamig.stamp('fz$ccalls');
SQL
)
            # anything but a clean SQLSTATE from a statement of ours is a failure
            while IFS= read -r line; do
                case "$line" in
                    *ERROR:*) code=${line##*ERROR:  }
                        case "$code" in 0A000|25001|25006|2D000|3D000|42501|42601|55000|57014|55P03|34000|42P03|22023|25P02|42602|42704|0B000) ;;
                            *) cbad="$cbad [$s as $as via $how: $line]" ;;
                        esac ;;
                    *"server closed the connection"*|*"connection to server"*) cbad="$cbad [$s as $as via $how: $line]" ;;
                esac
            done <<<"$out"
        done
    done
done
is "$cbad" "" "revisions manipulating cursors, transactions and settings end cleanly ($ccalls calls)"
is "$($PSQL -d "$cdb" -At -c 'SELECT count(*) FROM schemamig.verify()')" 0 "verify() is clean after them"
is "$($PSQL -d "$cdb" -At -c "SELECT count(*) FROM schemamig.applied a JOIN schemamig.revision r ON r.id = a.revision WHERE a.applied_by <> 'postgres'")" 0 "every row records the calling role"
"$BIN/dropdb" "$cdb"
$PSQL -c 'DROP ROLE regress_fz_deployer' >/dev/null
calls=$((calls + ccalls))

crashes=$(log_crashes)
is "$crashes" 0 "the server log shows no crash and no assertion"

echo "# figures: fuzz calls=$calls crashes=$crashes"
"$BIN/dropdb" "$db"
tap_done
