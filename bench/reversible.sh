#!/usr/bin/env bash
# bench/reversible.sh: check_reversible() in one schema of N revisions and
# for one tenant among T tenant schemas, side by side with raw psql running
# the same revisions' SQL up, down and up again in one transaction (the
# least any such check runs), on one throwaway cluster with fsync on (and
# max_locks_per_transaction = 4096), runs alternated, medians of RUNS.
# Every figure is wall time of a whole psql process. Prints a markdown
# section (kept in bench/reversible.md and in README). Not part of the test
# command.
#
#   bash bench/reversible.sh                   # N = 100 and 500, T = 100 and 1000, 3 runs
#   NS="100" TS="1000" RUNS=1 bash bench/reversible.sh
#   BENCH_PORT=54333 bash bench/reversible.sh  # the cluster's port
#
# The revisions, by pairs: one creates a table (a primary key, a text
# column) and its downgrade drops it; the next adds a column to that table
# and its downgrade drops the column, which leaves a dropped column in the
# catalog (so the schema reads as changed, and is compared). The tenants
# run 10 such revisions each; all tenants but one are at head, and the
# check is that one's, with schemamig.tenant set.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
NS=${NS:-"100 500"}
TS=${TS:-"100 1000"}
RUNS=${RUNS:-3}
. bench/timing.sh
bench_prepare

cat >"$work/run.sh" <<'RUN'
set -euo pipefail
work=$1 NS=$2 TS=$3 RUNS=$4
P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
. "$work/timing.sh"

# revision k's upgrade and downgrade, tab-separated
revision() {
    local k=$1 t=$(((k + 1) / 2))
    if [ $((k % 2)) = 1 ]; then
        printf 'CREATE TABLE t%d (id int PRIMARY KEY, v text)\tDROP TABLE t%d\n' "$t" "$t"
    else
        printf 'ALTER TABLE t%d ADD COLUMN w int\tALTER TABLE t%d DROP COLUMN w\n' "$t" "$t"
    fi
}
# A database with n revisions registered, and t tenants (all but tn1 at head)
setup() {
    local db=$1 n=$2 t=$3 k up down
    $P -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    {
        echo "CREATE EXTENSION schemamig;"
        for k in $(seq "$n"); do
            IFS=$'\t' read -r up down <<<"$(revision "$k")"
            echo "SELECT schemamig.add_revision('r$k', \$q\$$up\$q\$, \$q\$$down\$q\$$([ "$k" -gt 1 ] && echo ", parents => '{r$((k - 1))}'"));"
        done
        if [ "$t" -gt 0 ]; then
            echo "SELECT schemamig.add_tenant(pg_catalog.format('tn%s', i)) FROM pg_catalog.generate_series(1, $t) AS i;"
            echo "SET client_min_messages = warning;"
            echo "SELECT pg_catalog.count(*) FROM schemamig.upgrade_tenants('head', (SELECT pg_catalog.array_agg(pg_catalog.format('tn%s', i)::name) FROM pg_catalog.generate_series(2, $t) AS i));"
        fi
    } | $P -d "$db" >/dev/null
}
# The raw psql script: every revision up, down, up, in one transaction that
# is rolled back, in schema $2
raw_script() {
    local n=$1 schema=$2 k up down
    echo "BEGIN;"
    echo "SET LOCAL search_path = $schema;"
    for k in $(seq "$n"); do
        IFS=$'\t' read -r up down <<<"$(revision "$k")"
        echo "$up;"
        echo "$down;"
        echo "$up;"
    done
    echo "ROLLBACK;"
}
# check_reversible() in db (for tenant tn1 when tenants), its problem count
check() {
    local db=$1 tenant=$2
    $P -d "$db" -c "SET client_min_messages = warning" \
        ${tenant:+-c "SET schemamig.tenant = '$tenant'"} \
        -c "SELECT pg_catalog.count(*) FROM schemamig.check_reversible()"
}

declare -A res
cases=()
for n in $NS; do cases+=("schema:$n"); done
for t in $TS; do cases+=("tenants:$t"); done
for c in "${cases[@]}"; do
    kind=${c%%:*} size=${c#*:}
    if [ "$kind" = schema ]; then
        setup rb "$size" 0
        raw_script "$size" public >"$work/raw.sql"
        tenant=
    else
        setup rb 10 "$size"
        raw_script 10 tn1 >"$work/raw.sql"
        tenant=tn1
    fi
    $P -d rb -c "VACUUM ANALYZE"
    [ "$(check rb "$tenant" | tail -n 1)" = 0 ] || { echo "check_reversible() finds problems in $c" >&2; exit 1; }
    raw=() chk=()
    for _ in $(seq "$RUNS"); do
        $P -c "CHECKPOINT"
        raw+=("$(us $P -d rb -f "$work/raw.sql")")
        $P -c "CHECKPOINT"
        chk+=("$(us check rb "$tenant")")
    done
    res[$c.raw]=$(med "${raw[@]}") res[$c.chk]=$(med "${chk[@]}")
    echo "$c, each run in ms: raw $(list "${raw[@]}")| check_reversible $(list "${chk[@]}")" >&2
done
$P -c "DROP DATABASE rb"

echo "| what is checked | revisions | raw psql: up, down, up each | \`check_reversible()\` | ÷ raw |"
echo "|---|---:|---:|---:|---:|"
for c in "${cases[@]}"; do
    kind=${c%%:*} size=${c#*:}
    if [ "$kind" = schema ]; then what="one schema" revs=$size; else what="one tenant among $(num "$size")" revs=10; fi
    echo "| $what | $(num "$revs") | $(ms "${res[$c.raw]}") | $(ms "${res[$c.chk]}") | $(ratio "${res[$c.chk]}" "${res[$c.raw]}") |"
done
echo
echo "Medians of $RUNS runs, alternated, in ms; PostgreSQL $(pg_config --version | cut -d' ' -f2), fsync on, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
RUN

# pg_virtualenv says on standard output when it makes and drops the cluster
pg_virtualenv -t -v "$PGVERSION" -o fsync=on -o max_locks_per_transaction=4096 "${cluster_opts[@]}" \
    bash "$work/run.sh" "$work" "$NS" "$TS" "$RUNS" | grep -Ev '^(Creating new PostgreSQL cluster|Dropping cluster)'
