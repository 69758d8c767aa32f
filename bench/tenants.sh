#!/usr/bin/env bash
# bench/tenants.sh: tenants against raw psql, side by side on one throwaway
# cluster (fsync on, as bench/run.sh), alternating runs. Writes
# bench/tenants.md and its section of bench/results.md.
#
#   bash bench/tenants.sh                 # 1,000 tenants x 10 revisions, sign-up of 100
#   BENCH_TENANTS=100 BENCH_RUNS=1 ...     # smaller, quicker
#
# 1. CALL schemamig.migrate_tenants() bringing BENCH_TENANTS tenant schemas
#    to head (the first 10 revisions of bench/gen.py), against one psql
#    session that runs the same SQL for each schema, one transaction per
#    schema with SET LOCAL search_path. Schemas, tenants and registration
#    are set up outside the timing.
# 2. Sign-up: add_tenant() and upgrade() with SET LOCAL schemamig.tenant of
#    a 100-revision graph, against psql creating the schema and running the
#    same SQL, each one transaction.
# 3. A no-op upgrade_tenants() with every tenant current, timed inside the
#    server (clock_timestamp() around it, in a backend that has run it once).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

TENANTS=${BENCH_TENANTS:-1000}
RUNS=${BENCH_RUNS:-3}
SIGNUPS=${BENCH_SIGNUPS:-5}
bench=$(pwd)/bench

ensure_packages "${SERVER_PACKAGES[@]}" python3
build_and_install

. bench/cluster.sh
bench_cluster ${BENCH_PORT:-5498}
fresh() {
    "$BIN/dropdb" --if-exists "$1" >/dev/null
    "$BIN/createdb" "$1"
}
checkpoint() { $PSQL -d postgres -c CHECKPOINT >/dev/null; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

/usr/bin/python3 "$bench/gen.py" 10 "$work/g10"
/usr/bin/python3 "$bench/gen.py" 100 "$work/g100"

# raw psql for every tenant: one transaction per schema
/usr/bin/python3 - "$TENANTS" "$work/g10/raw/up.sql" "$work/raw_tenants.sql" <<'PY'
import sys
n, up, out = int(sys.argv[1]), open(sys.argv[2]).read(), sys.argv[3]
with open(out, "w") as f:
    for t in range(1, n + 1):
        f.write(f"BEGIN;\nSET LOCAL search_path = tenant_{t:05d}, public;\n{up}COMMIT;\n")
PY
schemas_sql() {  # the schemas (raw) or the tenants (schemamig), outside the timing
    if [ "$1" = raw ]; then
        echo "SELECT format('CREATE SCHEMA tenant_%s', lpad(i::text, 5, '0')) FROM generate_series(1, $TENANTS) AS i \\gexec"
    else
        echo "SELECT schemamig.add_tenant(format('tenant_%s', lpad(i::text, 5, '0'))) FROM generate_series(1, $TENANTS) AS i;"
    fi
}
check_tenants() {  # every schema has the 9 tables and the added column
    local got
    got=$($PSQL -d "$1" -At -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname LIKE 'tenant\\_%' AND c.relkind = 'r'")
    [ "$got" = $((TENANTS * 9)) ] || { echo "check failed in $1: $got tables" >&2; echo FAILED; }
}

echo "== $TENANTS tenants x 10 revisions, $RUNS runs"
: >"$work/mt.raw"
: >"$work/mt.migrate"
for run in $(seq 1 "$RUNS"); do
    fresh tn_raw
    schemas_sql raw | $PSQL -d tn_raw >/dev/null
    checkpoint
    t=$(ms $PSQL -d tn_raw -f "$work/raw_tenants.sql"); echo "$t$(check_tenants tn_raw)" >>"$work/mt.raw"
    fresh tn_mig
    $PSQL -d tn_mig -1 -f "$work/g10/schemamig/register.sql" >/dev/null
    schemas_sql schemamig | $PSQL -d tn_mig >/dev/null
    checkpoint
    t=$(ms $PSQL -d tn_mig -c 'CALL schemamig.migrate_tenants()'); echo "$t$(check_tenants tn_mig)" >>"$work/mt.migrate"
    echo "run $run: raw $(tail -1 "$work/mt.raw") ms, migrate_tenants $(tail -1 "$work/mt.migrate") ms"
done
grep -q FAILED "$work/mt.raw" "$work/mt.migrate" && { echo "bench: a run failed" >&2; exit 1; }
mt_raw=$(median <"$work/mt.raw")
mt_mig=$(median <"$work/mt.migrate")

# the no-op: every tenant current (tn_mig from the last run), timed in the
# server, 11 calls in one backend after a first one
noop=$($PSQL -d tn_mig -At <<'SQL'
SELECT count(*) FROM schemamig.upgrade_tenants();
CREATE TEMP TABLE t (ms float8);
DO $$
DECLARE s timestamptz;
BEGIN
    FOR i IN 1..11 LOOP
        s := clock_timestamp();
        PERFORM count(*) FROM schemamig.upgrade_tenants();
        INSERT INTO t VALUES (1000 * extract(epoch FROM clock_timestamp() - s));
    END LOOP;
END $$;
SELECT round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) FROM t;
SQL
)
noop=$(echo "$noop" | tail -1)
first=$($PSQL -d tn_mig -At -c "SELECT 1" -c "DO \$\$ DECLARE s timestamptz := clock_timestamp(); BEGIN PERFORM count(*) FROM schemamig.upgrade_tenants(); RAISE WARNING '%', round((1000 * extract(epoch FROM clock_timestamp() - s))::numeric, 1); END \$\$" 2>&1 | sed -n 's/.*WARNING: *//p')

echo "== sign-up of a tenant onto a 100-revision graph, $SIGNUPS runs each"
fresh su_raw
fresh su_mig
$PSQL -d su_mig -1 -f "$work/g100/schemamig/register.sql" >/dev/null
{ echo "BEGIN;"; echo "CREATE SCHEMA :\"tenant\";"; echo "SET LOCAL search_path = :\"tenant\", public;"; cat "$work/g100/raw/up.sql"; echo "COMMIT;"; } >"$work/signup_raw.sql"
cat >"$work/signup_mig.sql" <<'SQL'
BEGIN;
SELECT schemamig.add_tenant(:'tenant');
SET LOCAL schemamig.tenant = :'tenant';
SELECT schemamig.upgrade();
COMMIT;
SQL
: >"$work/su.raw"
: >"$work/su.mig"
for i in $(seq 1 "$SIGNUPS"); do
    checkpoint
    ms $PSQL -d su_raw -v tenant="new_$i" -f "$work/signup_raw.sql" >>"$work/su.raw"
    checkpoint
    ms $PSQL -d su_mig -v tenant="new_$i" -f "$work/signup_mig.sql" >>"$work/su.mig"
done
grep -q FAILED "$work/su.raw" "$work/su.mig" && { echo "bench: a sign-up failed" >&2; exit 1; }
got=$($PSQL -d su_mig -At -c "SELECT count(*) FROM schemamig.tenants() WHERE pending = 0")
[ "$got" = "$SIGNUPS" ] || { echo "bench: $got of $SIGNUPS sign-ups at head" >&2; exit 1; }
su_raw=$(median <"$work/su.raw")
su_mig=$(median <"$work/su.mig")

ratio() { /usr/bin/python3 -c "print(f'{$1 / $2:.2f}')"; }
pgv=$($PSQL -At -c 'SELECT version()' | sed 's/ on .*//')
cat >"$bench/tenants.md" <<MD
<!-- tenants: written by bench/tenants.sh -->
## Tenants

Written by \`bash bench/tenants.sh\` on $(hostname) ($(nproc) cores), $pgv, one throwaway cluster with **fsync on**; whole-command wall times in ms (process start, connection, work), medians of $RUNS alternated runs ($SIGNUPS for sign-up); load average $(cut -d' ' -f1-3 /proc/loadavg) at the end.

| measurement | raw psql | schemamig | ratio |
|---|---:|---:|---:|
| $TENANTS tenant schemas × 10 revisions: one transaction per schema (\`SET LOCAL search_path\`) vs \`CALL schemamig.migrate_tenants()\` | $mt_raw | $mt_mig | $(ratio "$mt_mig" "$mt_raw")× |
| sign-up, 100 revisions: \`CREATE SCHEMA\` + the SQL vs \`add_tenant()\` + \`upgrade()\` with \`SET LOCAL schemamig.tenant\`, one transaction | $su_raw | $su_mig | $(ratio "$su_mig" "$su_raw")× |

No-op \`upgrade_tenants()\` with $TENANTS tenants all current, inside the server: **$noop ms** (median of 11 calls in one backend); $first ms for the first call in a new backend.
<!-- /tenants -->
MD
# replace the section where it stands in results.md, or add it at the end
# (bench/run.sh puts tenants.md in its place when it rewrites the file)
/usr/bin/python3 - "$bench/results.md" "$bench/tenants.md" <<'PY'
import re, sys
res, sec = sys.argv[1], open(sys.argv[2]).read()
text = open(res).read()
old = re.compile(r"<!-- tenants: .*?<!-- /tenants -->\n", flags=re.S)
if old.search(text):
    text = old.sub(lambda _: sec, text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + sec
open(res, "w").write(text)
PY
cat "$bench/tenants.md"
