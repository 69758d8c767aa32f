#!/usr/bin/env bash
# The client's tenants against a real server (issue 11's contract:
# schemamig.add_tenant(), schemamig.tenants(), schemamig.tenant,
# schemamig.upgrade_tenants()): --tenant NAME runs a command on one
# tenant; upgrade --all-tenants -j 2 upgrades every tenant, each on its
# own, and names the one that fails; status --all-tenants.
set -u
. "$(dirname "$0")/tap.inc"
db=schemamig_client_tenants
work=$(mktemp -d)
trap 'rm -rf "$work"; "$BIN/dropdb" --if-exists "$db" >/dev/null 2>&1; "$BIN/dropdb" --if-exists "${db}_j" >/dev/null 2>&1; "$BIN/dropdb" --if-exists "${db}_c" >/dev/null 2>&1' EXIT
cd "$work"
fresh_db "$db" || exit 1
export PGDATABASE=$db
$PSQL -c 'CREATE EXTENSION schemamig' >/dev/null
q() { $PSQL -At -c "$1"; }
# a tenant's current revisions and pending count, as the server says
tenant() { q "SELECT array_to_string(t.current, ' ') || '|' || t.pending FROM schemamig.tenants() AS t WHERE t.tenant = '$1'"; }
for t in acme globex initech umbrella; do q "SELECT schemamig.add_tenant('$t')" >/dev/null; done

mkdir migrations
cat >migrations/r1.sql <<'EOF'
-- schemamig revision: r1
-- parents:
-- message: items
-- schemamig:upgrade
CREATE TABLE items (id int);
EOF
cat >migrations/r2.sql <<'EOF'
-- schemamig revision: r2
-- parents: r1
-- message: item names
-- schemamig:upgrade
ALTER TABLE items ADD COLUMN name text;
EOF

# --- usage errors --------------------------------------------------------------
"$SM" --tenant acme upgrade --all-tenants >/dev/null 2>&1; is $? 2 "--tenant with --all-tenants: exit 2"
"$SM" history --all-tenants >/dev/null 2>&1; is $? 2 "history --all-tenants: exit 2"
"$SM" --tenant '' current >/dev/null 2>&1; is $? 2 "--tenant '': exit 2"
# a name longer than a schema's is no tenant: a usage error, as the server
# refuses it when set (42622); 63 bytes is a name, which the server looks up
long=$(printf 'l%.0s' $(seq 64))
"$SM" --tenant "$long" current >t.out 2>&1; is "$?:$(head -1 t.out)" \
    "2:schemamig: --tenant: a tenant's name is a schema name, at most 63 bytes long; \"$long\" is 64" "--tenant of 64 bytes: exit 2"
"$SM" --tenant "${long%l}" current >t.out 2>&1; rc=$?
grep -q '42704' t.out; is "$rc $?" "1 0" "--tenant of 63 bytes: the server's 42704, no such tenant"
is "$(q 'SELECT count(*) FROM schemamig.revision')" 0 "no usage error reached the server"

# --- --tenant NAME: one tenant -------------------------------------------------------
"$SM" --tenant acme upgrade >acme.out 2>&1
is $? 0 "--tenant acme upgrade exits 0" || sed 's/^/# /' acme.out
grep -qx "upgrade: 2 revisions applied" acme.out; ok $? "it applies both revisions"
is "$(tenant acme)" "r2|0" "acme is at r2, nothing pending"
is "$(tenant globex)" "|2" "globex is untouched: two pending"
is "$(q "SELECT to_regclass('acme.items') IS NOT NULL, to_regclass('public.items') IS NULL")" "t|t" \
    "the revision's unqualified table landed in acme's schema, not public"
is "$(q "SELECT count(*) FROM schemamig.applied WHERE tenant = ''")" 0 "the database's own applied set (the default tenant) is untouched"
is "$("$SM" --tenant acme current)" "r2" "--tenant acme current"
# nothing to do for a tenant while the default tenant has nothing applied
# (a tenants-only deployment): one statement, up_to_date() with the files'
# digest for acme, which also selects the tenant; no sync, no graph
noop_ran() { grep -c '^schemamig: ran:' noop.err; }
"$SM" --tenant acme -v upgrade >noop.out 2>noop.err
is "$?|$(noop_ran)|$(grep -m1 '^schemamig: ran:' noop.err)|$(cat noop.out)" \
    "0|1|schemamig: ran: SELECT schemamig.up_to_date(...) with the digest of 2 files, for the tenant|upgrade: 0 revisions applied" \
    "--tenant acme upgrade with nothing to do: one statement" || sed 's/^/# /' noop.err
"$SM" --tenant acme -v status --check >noop.out 2>noop.err
is "$?|$(noop_ran)|$(cat noop.out)" "0|1|" "--tenant acme status --check: exit 0 after one statement"
is "$(q "SELECT count(*) FROM schemamig.applied WHERE tenant = ''")|$(q "SELECT settled IS NULL FROM schemamig.state WHERE tenant = ''")" \
    "0|t" "while the default tenant has nothing applied and is not settled"
# globex, with both pending: the full run, which selects the tenant as usual
"$SM" --tenant globex -v status --check >noop.out 2>noop.err
is "$?|$(grep -c "set_config('schemamig.tenant'" noop.err)" "1|1" \
    "--tenant globex status --check (pending): exit 1, after the full run" || sed 's/^/# /' noop.err
# a direct change of a registered revision: acme's no-op is the full run
# once (the graph's generation moved), then one statement again
q "UPDATE schemamig.revision SET message = message WHERE id = 'r1'" >/dev/null
"$SM" --tenant acme -v upgrade >noop.out 2>noop.err
is "$?|$(grep -c 'schemamig.sync' noop.err)|$(cat noop.out)" "0|1|upgrade: 0 revisions applied" \
    "after a direct UPDATE of schemamig.revision: one full sync for acme" || sed 's/^/# /' noop.err
"$SM" --tenant acme -v upgrade >noop.out 2>noop.err
is "$?|$(noop_ran)" "0|1" "and then one statement again"
# a file whose message changed: not up to date, the message is synced
sed -i 's/^-- message: items$/-- message: the items/' migrations/r1.sql
"$SM" --tenant acme -v upgrade >noop.out 2>noop.err
is "$?|$(grep -c '^updated r1' noop.out)" "0|1" "a changed message is not a no-op: synced" || sed 's/^/# /' noop.out noop.err
"$SM" --tenant acme -v upgrade >noop.out 2>noop.err
is "$?|$(noop_ran)" "0|1" "and then one statement again"
is "$("$SM" --tenant globex current 2>/dev/null)" "" "--tenant globex current: at base"
"$SM" --tenant acme status --check; is $? 0 "--tenant acme status --check: nothing pending"
"$SM" --tenant globex status --check; is $? 1 "--tenant globex status --check: pending"
out=$("$SM" --tenant nope current 2>&1); rc=$?
[ $rc = 1 ] && grep -q "SQLSTATE 42704" <<<"$out"
ok $? "an unknown tenant: exit 1 with the server's 42704" || sed 's/^/# /' <<<"$out"
out=$("$SM" --tenant "acme'; DROP TABLE acme.items; --" upgrade 2>&1); rc=$?
[ $rc = 1 ] && grep -q "SQLSTATE 42704" <<<"$out"
ok $? "a name with a quote is a name, not SQL: 42704" || sed 's/^/# /' <<<"$out"
is "$(q "SELECT to_regclass('acme.items') IS NOT NULL")" t "and nothing was dropped"

# --- upgrade --all-tenants -j 2: one tenant fails, the others are upgraded -----------
q 'CREATE TABLE initech.items (id int)' >/dev/null
"$SM" upgrade --all-tenants -j 2 >all1.out 2>all1.err
is $? 1 "upgrade --all-tenants exits 1 when a tenant failed"
grep -qx "upgrade --all-tenants: 4 tenants: 2 upgraded, 1 already current, 1 failed" all1.out
ok $? "the summary: 2 upgraded, 1 already current, 1 failed" || sed 's/^/# /' all1.out all1.err
grep -qx 'failed: initech: relation "items" already exists (SQLSTATE 42P07)' all1.out
ok $? "the failing tenant is named with its error"
is "$(grep -c '^failed: ' all1.out)" 1 "and only it"
grep -q '^schemamig: error: tenant "initech": relation "items" already exists (SQLSTATE 42P07)' all1.err
ok $? "its error is printed as it happens, with the tenant"
grep -qx "globex: 2 revisions applied" all1.out; ok $? "a line per tenant: globex upgraded"
grep -qx "acme: already current" all1.out; ok $? "a line per tenant: acme already current"
is "$(tenant globex) $(tenant umbrella)" "r2|0 r2|0" "globex and umbrella are at head"
is "$(tenant initech)" "|2" "initech has nothing applied: its transaction was rolled back"
is "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'initech.items'::regclass AND attname = 'name'")" 0 \
    "and its table is as it was"
is "$(q "SELECT count(*) FROM schemamig.applied WHERE tenant = ''")" 0 "--all-tenants leaves the default tenant alone"

# --- status --all-tenants -----------------------------------------------------------
"$SM" status --all-tenants >st.out 2>&1; is $? 0 "status --all-tenants exits 0"
grep -qx "tenants (4):" st.out; ok $? "status --all-tenants counts the tenants"
grep -qx "  initech: 2 pending, at base" st.out; ok $? "and gives each its pending count" || sed 's/^/# /' st.out
grep -qx "  umbrella: 0 pending, current: r2" st.out; ok $? "and its current revision"
"$SM" status --all-tenants --check; is $? 1 "status --all-tenants --check: a tenant behind, exit 1"
# a tenant's name holding a line feed is printed escaped: it cannot forge a line
evil="E'evil\\n  acme: 0 pending, current: r2'"
q "SELECT schemamig.add_tenant($evil)" >/dev/null
"$SM" status --all-tenants >st.out 2>&1
grep -qF '  evil\n  acme: 0 pending, current: r2: 2 pending, at base' st.out && [ "$(grep -c '^  acme: ' st.out)" = 1 ]
ok $? "status --all-tenants: a line feed in a tenant's name is printed escaped" || sed 's/^/# /' st.out
q "SELECT schemamig.remove_tenant($evil); DO \$\$BEGIN EXECUTE format('DROP SCHEMA %I', $evil); END\$\$" >/dev/null

# --- upgrade --all-tenants --dry-run: each tenant's dry run, all rolled back ----------------
# the catalog, every tenant's schema and the state rows, before and after
catalog() {
    q "SELECT (SELECT string_agg(id || ':' || message, ',' ORDER BY id) FROM schemamig.revision)
       || '/' || (SELECT string_agg(tenant || ':' || revision, ',' ORDER BY tenant, revision) FROM schemamig.applied)
       || '/' || (SELECT count(*) FROM schemamig.log)
       || '/' || (SELECT string_agg(tenant || ':' || generation || ':' || coalesce(settled::text, '-') || ':'
                                    || coalesce(synced, '-'), ',' ORDER BY tenant) FROM schemamig.state)
       || '/' || (SELECT string_agg(c.oid::regclass::text || ':' || c.relnatts, ',' ORDER BY c.oid::regclass::text)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname IN ('acme', 'globex', 'initech', 'umbrella', 'public'))"
}
cp -r migrations dry
cat >dry/r2b.sql <<'EOF'
-- schemamig revision: r2b
-- parents: r2
-- message: item prices
-- schemamig:upgrade
ALTER TABLE items ADD COLUMN price int;
EOF
before=$(catalog)
case $before in *r2:*acme:r2*/*'acme.items:2'*) ok 0 "the catalog's picture names revisions, applied rows and tables" ;;
    *) ok 1 "the catalog's picture names revisions, applied rows and tables"; echo "# $before" ;; esac
"$SM" -D dry upgrade --all-tenants --dry-run -j 2 >dry1.out 2>dry1.err
is $? 1 "upgrade --all-tenants --dry-run: exit 1 when a tenant's dry run failed"
grep -qx "upgrade --all-tenants --dry-run: 4 tenants: 3 upgraded, 0 already current, 1 failed; everything was rolled back" dry1.out
ok $? "the summary: 3 would be upgraded (a new file, r2b), 1 failed, all rolled back" || sed 's/^/# /' dry1.out dry1.err
grep -q '^failed: initech: .*relation "items" already exists' dry1.out; ok $? "the failing tenant is named with its error" || sed 's/^/# /' dry1.out
grep -qx "== acme" dry1.out && grep -qx "dry run: 1 revision would be applied; everything was rolled back" dry1.out
ok $? "each tenant's output, under its name, is upgrade --dry-run's" || sed 's/^/# /' dry1.out
is "$(catalog)" "$before" "nothing changed: revisions (r2b not registered), applied sets, log, state rows, tables"
is "$(q "SELECT count(*) FROM pg_attribute WHERE attname = 'price' AND attrelid IN ('acme.items'::regclass, 'globex.items'::regclass, 'umbrella.items'::regclass)")" 0 \
    "no tenant's table got the column"
q 'DROP TABLE initech.items' >/dev/null
before=$(catalog)
"$SM" upgrade --all-tenants --dry-run >dry2.out 2>dry2.err
is $? 0 "once initech is fixed: exit 0"
grep -qx "upgrade --all-tenants --dry-run: 4 tenants: 1 upgraded, 3 already current, 0 failed; everything was rolled back" dry2.out
ok $? "1 would be upgraded, 3 already current" || sed 's/^/# /' dry2.out dry2.err
grep -qx "dry run: 2 revisions would be applied; everything was rolled back" dry2.out; ok $? "initech's two revisions ran and were rolled back"
is "$(catalog)|$(tenant initech)|$(q "SELECT to_regclass('initech.items') IS NULL")" "$before||2|t" \
    "nothing changed: initech has nothing applied, no table"
q 'CREATE TABLE initech.items (id int)' >/dev/null

# --- fixed: everything at head, -j 2 ----------------------------------------------------
q 'DROP TABLE initech.items' >/dev/null
"$SM" -q upgrade --all-tenants -j 2 >all2.out 2>&1
is $? 0 "once fixed, upgrade --all-tenants -j 2 exits 0"
grep -qx "upgrade --all-tenants: 4 tenants: 1 upgraded, 3 already current, 0 failed" all2.out
ok $? "1 upgraded, 3 already current" || sed 's/^/# /' all2.out
is "$(tenant initech)" "r2|0" "initech is at head"
"$SM" status --all-tenants --check; is $? 0 "status --all-tenants --check: all current, exit 0"

# --- many tenants, -j 2 and -j 1 agree ---------------------------------------------------
q "SELECT schemamig.add_tenant('t' || i) FROM generate_series(1, 40) AS i" >/dev/null
"$SM" -q upgrade --all-tenants -j 2 >many.out 2>&1
grep -qx "upgrade --all-tenants: 44 tenants: 40 upgraded, 4 already current, 0 failed" many.out
ok $? "-j 2 over 44 tenants: 40 upgraded, each once" || sed 's/^/# /' many.out
is "$(q "SELECT count(*) FROM schemamig.tenants() WHERE current = '{r2}' AND pending = 0")" 44 "all 44 at head"

# --- the tenants with nothing pending go together, in one statement; should it
# fail, each goes on its own: a graph of two heads (target heads: no tenant is
# settled, and each is planned)
cdb=${db}_c
fresh_db "$cdb"
$PSQL -d "$cdb" -c 'CREATE EXTENSION schemamig' -c "SELECT schemamig.add_tenant(t) FROM unnest('{acme,globex,initech}'::name[]) AS t" >/dev/null
mkdir two
for h in h1 h2; do printf -- '-- schemamig revision: %s\n-- parents:\n-- message: %s\n-- schemamig:upgrade\nCREATE TABLE %s (id int);\n' $h $h $h >two/$h.sql; done
"$SM" -q -D two -d "dbname=$cdb" upgrade --all-tenants heads >two1.out 2>&1
grep -qx "upgrade --all-tenants: 3 tenants: 3 upgraded, 0 already current, 0 failed" two1.out; ok $? "two heads: every tenant upgraded" || sed 's/^/# /' two1.out
"$SM" -v -D two -d "dbname=$cdb" upgrade --all-tenants heads >two2.out 2>two2.err
grep -qx "upgrade --all-tenants: 3 tenants: 0 upgraded, 3 already current, 0 failed" two2.out &&
    grep -qx "schemamig: ran: upgrade_tenants() of the 3 tenants with nothing pending" two2.err
ok $? "the three current tenants in one statement: 3 already current" || sed 's/^/# /' two2.out two2.err
# without -v that statement's NOTICEs ("tenant "acme": already current") are
# not printed, as no tenant's own statement's are: a line per tenant, the client's
"$SM" -D two -d "dbname=$cdb" upgrade --all-tenants heads >two2q.out 2>two2q.err
is "$(cat two2q.out two2q.err)" "$(printf '%s\n' 'acme: already current' 'globex: already current' 'initech: already current' \
    'upgrade --all-tenants: 3 tenants: 0 upgraded, 3 already current, 0 failed')" \
    "without -v, the current tenants' statement prints no NOTICE of the server's, only a line per tenant"
# an applied revision of globex's that is not what ran (changed where the
# guards do not fire): globex's upgrade is refused (verify()), the others' not
$PSQL -d "$cdb" -c 'SET session_replication_role = replica' -c "UPDATE schemamig.applied SET checksum = 'changed' WHERE tenant = 'globex' AND revision = 'h1'" >/dev/null
"$SM" -v -D two -d "dbname=$cdb" upgrade --all-tenants heads >two3.out 2>two3.err
rc=$?
is "$rc" 1 "globex refused: exit 1"
grep -qx "upgrade --all-tenants: 3 tenants: 0 upgraded, 2 already current, 1 failed" two3.out &&
    grep -q '^failed: globex: ' two3.out && grep -q "upgrade_tenants() of the 3 tenants with nothing pending, which failed (they go one by one): .*(SQLSTATE 55000)$" two3.err
ok $? "the statement of the three failed; one by one, acme and initech are current, globex failed" || sed 's/^/# /' two3.out two3.err
"$BIN/dropdb" "$cdb"

# --- a non-transactional revision: --tenant runs it from the client, in the
# tenant's schema; so does --all-tenants, for each tenant that has one
# pending, in a process of its own
cat >migrations/r3.sql <<'EOF'
-- schemamig revision: r3
-- parents: r2
-- message: index concurrently
-- no-transaction
-- schemamig:upgrade
CREATE INDEX CONCURRENTLY items_id ON items (id);
EOF
"$SM" --tenant acme upgrade >nt.out 2>&1
is $? 0 "--tenant acme upgrade runs a non-transactional revision" || sed 's/^/# /' nt.out
is "$(q "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('acme.items_id')")" t "in acme's schema, built concurrently"
is "$(tenant acme)" "r3|0" "and records it as acme's"
is "$(tenant globex)" "r2|1" "globex still has it pending"
q 'CREATE INDEX items_id ON t7.items (id)' >/dev/null
"$SM" upgrade --all-tenants -j 2 >nt2.out 2>&1
is $? 1 "upgrade --all-tenants with a non-transactional revision pending, one tenant failing it: exit 1"
grep -qx "upgrade --all-tenants: 44 tenants: 42 upgraded, 1 already current, 1 failed" nt2.out
ok $? "the others are upgraded outside a transaction, as upgrade does" || sed 's/^/# /' nt2.out
grep -qx 'failed: t7: relation "items_id" already exists (SQLSTATE 42P07)' nt2.out
ok $? "the failing tenant is named with its error"
grep -qx "== globex" nt2.out; ok $? "each such tenant's output comes under its name"
is "$(q "SELECT count(*) FROM pg_index WHERE indexrelid::regclass::text LIKE '%.items_id' AND indisvalid")" 44 \
    "every tenant has an index items_id in its schema, valid (t7 its own)"
is "$(q "SELECT count(*) FROM schemamig.tenants() WHERE current = '{r3}' AND pending = 0")" 43 "43 tenants at r3"
is "$(tenant t7)" "r2|1" "t7 still has it pending"

# --- sql --tenant NAME: the offline script, run by psql, works on one tenant -----------------
q "SELECT schemamig.add_tenant('scripted')" >/dev/null
log_before=$(q "SELECT count(*) FROM schemamig.log WHERE tenant <> 'scripted'")
"$SM" --tenant scripted sql >scripted.sql 2>scripted.err; is $? 0 "sql --tenant scripted writes a script, offline"
$PSQL -f scripted.sql >scripted.out 2>&1; is $? 0 "psql runs it" || sed 's/^/# /' scripted.out
is "$(tenant scripted)" "r3|0" "the tenant is at r3, nothing pending"
is "$(q "SELECT string_agg(revision, ' ' ORDER BY seq) FROM schemamig.applied WHERE tenant = 'scripted'")" "r1 r2 r3" \
    "its applied set: r1 r2 r3, in order (r3 non-transactional, run by psql)"
is "$(q "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass('scripted.items') AND attname IN ('id', 'name')")|$(q "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('scripted.items_id')")" \
    "2|t" "the table landed in the tenant's schema with both revisions' columns, and the index built concurrently beside it"
is "$(q "SELECT to_regclass('public.items') IS NULL, to_regclass('public.items_id') IS NULL")|$(q "SELECT count(*) FROM schemamig.applied WHERE tenant = ''")" \
    "t|t|0" "nothing in public, nothing applied to the default tenant"
is "$(q "SELECT count(*) FROM schemamig.log WHERE tenant <> 'scripted'")" "$log_before" "no other tenant's books changed"
$PSQL -f scripted.sql >scripted.out 2>&1; is "$?|$(tenant scripted)|$(q "SELECT count(*) FROM schemamig.log WHERE tenant = 'scripted'")" "0|r3|0|3" \
    "run again: nothing more applied or logged" || sed 's/^/# /' scripted.out
# refusals: an unknown tenant, a name with a quote, a tenant whose schema is gone
cp -r migrations scriptdir
cat >scriptdir/r4.sql <<'EOF'
-- schemamig revision: r4
-- parents: r3
-- message: script only
-- schemamig:upgrade
CREATE TABLE script_only (id int);
EOF
"$SM" -D scriptdir --tenant nobody sql >nobody.sql 2>/dev/null
$PSQL -f nobody.sql >nobody.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q 'tenant "nobody" does not exist' nobody.out
ok $? "an unknown tenant: psql stops at the tenant's selection" || sed 's/^/# /' nobody.out
"$SM" -D scriptdir --tenant "acme'; DROP TABLE acme.items; --" sql >quote.sql 2>/dev/null
$PSQL -f quote.sql >quote.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q "does not exist" quote.out && [ "$(q "SELECT to_regclass('acme.items') IS NOT NULL")" = t ]
ok $? "a name with a quote is a name: unknown, and nothing dropped" || sed 's/^/# /' quote.out
q "SELECT schemamig.add_tenant('gone')" >/dev/null
q "DROP SCHEMA gone" >/dev/null
"$SM" -D scriptdir --tenant gone sql >gone.sql 2>/dev/null
$PSQL -f gone.sql >gone.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q 'schema "gone" of tenant "gone" is not the first schema of the search_path' gone.out
ok $? "a tenant whose schema is gone: refused before anything is applied" || sed 's/^/# /' gone.out
is "$(q "SELECT count(*) FROM schemamig.revision WHERE id = 'r4'")|$(q "SELECT count(*) FROM schemamig.applied WHERE tenant = 'gone'")" "0|0" \
    "none of these registered r4 or applied anything"
q "SELECT schemamig.remove_tenant('gone')" >/dev/null

printf 'dbname=%s\n' "$db" >one.txt
"$SM" --tenant t7 history --fleet one.txt >tf.out 2>&1
is $? 0 "--tenant with --fleet: the tenant in every database of the file"
grep -q '^r1 -> r2 (current), item names' tf.out; ok $? "it reports t7's history, not the database's own" || sed 's/^/# /' tf.out

# --- -j 2 runs two tenants at once: four tenants, one revision that sleeps 1.5 s
jdb=${db}_j
fresh_db "$jdb"
$PSQL -d "$jdb" -c 'CREATE EXTENSION schemamig' -c "SELECT schemamig.add_tenant(('p' || i)::name) FROM generate_series(1, 4) AS i" >/dev/null
mkdir slow
cat >slow/s1.sql <<'EOF'
-- schemamig revision: s1
-- parents:
-- message: slow
-- schemamig:upgrade
SELECT pg_sleep(1.5);
EOF
start=$(date +%s%N)
"$SM" -q -D slow -d "dbname=$jdb" upgrade --all-tenants -j 2 >j2.out 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$rc" 0 "-j 2 over four slow tenants: exit 0"
grep -qx "upgrade --all-tenants: 4 tenants: 4 upgraded, 0 already current, 0 failed" j2.out; ok $? "all four upgraded" || sed 's/^/# /' j2.out
[ "$ms" -lt 5000 ]; ok $? "two at a time: four 1.5 s tenants in $ms ms (one after the other takes 6 s)"
"$BIN/dropdb" "$jdb"

# --- a tenant's schema holding a function a role with fewer privileges left
# there: neither the client nor the offline script runs a superuser's
# non-transactional revision in it (42501), as the server runs no revision
pdb=${db}_p
fresh_db "$pdb"
$PSQL -d "$pdb" -q -c 'CREATE EXTENSION schemamig' -c 'CREATE ROLE regress_ct_dep' \
    -c "GRANT CREATE ON DATABASE $pdb TO regress_ct_dep" -c "SELECT schemamig.grant_deployer('regress_ct_dep')" \
    -c 'SET ROLE regress_ct_dep' -c "SELECT schemamig.add_tenant('planted')" \
    -c 'CREATE FUNCTION planted.upper(varchar) RETURNS varchar LANGUAGE plpgsql
        AS $f$BEGIN ALTER ROLE regress_ct_dep SUPERUSER; RETURN $$X$$; END$f$' >/dev/null
mkdir planted
cat >planted/n1.sql <<'EOF'
-- schemamig revision: n1
-- parents:
-- message: not transactional, calls upper()
-- no-transaction
-- schemamig:upgrade
SELECT upper('n1'::varchar);
EOF
dep_super() { $PSQL -d "$pdb" -At -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_ct_dep'"; }
planted_applied() { $PSQL -d "$pdb" -At -c "SELECT count(*) FROM schemamig.applied WHERE tenant = 'planted'"; }
"$SM" -D planted -d "dbname=$pdb" --tenant planted upgrade >pl.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'schema "planted" of tenant "planted" is not safe to run role .* SQL in (SQLSTATE 42501)' pl.out
ok $? "--tenant: refused before the statements run, exit 1" || sed 's/^/# /' pl.out
is "$(dep_super)|$(planted_applied)" "f|0" "--tenant: the planted function did not run, nothing applied"
"$SM" -D planted -d "dbname=$pdb" upgrade --all-tenants >pl.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q '^failed: planted: schema "planted" of tenant "planted" is not safe' pl.out
ok $? "--all-tenants: the tenant fails, named with the error" || sed 's/^/# /' pl.out
is "$(dep_super)|$(planted_applied)" "f|0" "--all-tenants: the planted function did not run"
"$SM" -D planted --tenant planted sql >pl.sql
$PSQL -d "$pdb" -f pl.sql >pl.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q 'ERROR:  schema "planted" of tenant "planted" is not safe to run' pl.out
ok $? "the offline script stops there too" || sed 's/^/# /' pl.out
is "$(dep_super)|$(planted_applied)" "f|0" "the script: the planted function did not run"
"$BIN/dropdb" "$pdb"
$PSQL -q -c 'DROP ROLE regress_ct_dep'

# --- against extension 0.7.0, which has no check_tenant(): --tenant and the
# offline script refuse a plan with a non-transactional revision (r3) before
# anything of it is applied
odb=${db}_o
fresh_db "$odb"
$PSQL -d "$odb" -q -c "CREATE EXTENSION schemamig VERSION '0.7.0'" -c "SELECT schemamig.add_tenant('t1')" >/dev/null
old_applied() { $PSQL -d "$odb" -At -c "SELECT count(*) FROM schemamig.applied WHERE tenant = 't1'"; }
"$SM" -d "dbname=$odb" --tenant t1 upgrade >old.out 2>&1; rc=$?
[ $rc = 1 ] && grep -q 'check_tenant(), which came in schemamig 0.8.0: nothing was applied' old.out
ok $? "--tenant against 0.7.0 with a non-transactional revision pending: refused, exit 1" || sed 's/^/# /' old.out
is "$(old_applied)|$($PSQL -d "$odb" -At -c 'SELECT count(*) FROM schemamig.revision')" "0|0" \
    "nothing applied for the tenant, not even r1 and r2 before it, and nothing registered"
"$SM" --tenant t1 sql >old.sql
$PSQL -d "$odb" -f old.sql >old.out 2>&1; rc=$?
[ $rc = 3 ] && grep -q 'came in schemamig 0.8.0: nothing was applied' old.out
ok $? "the offline script against 0.7.0 stops at its first statements" || sed 's/^/# /' old.out
is "$(old_applied)|$($PSQL -d "$odb" -At -c 'SELECT count(*) FROM schemamig.revision')" "0|0" \
    "nothing applied for the tenant, nothing registered"
"$BIN/dropdb" "$odb"

tap_done
