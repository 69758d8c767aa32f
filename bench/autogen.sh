#!/usr/bin/env bash
# bench/autogen.sh: diff() and fingerprint() of a models file of N tables
# (each with a primary key, an index, a foreign key and a comment), side by
# side with raw `psql -X -1 -f` of the same file into an empty database, on
# one throwaway cluster with fsync on (and max_locks_per_transaction =
# 4096), runs alternated, medians of RUNS.
# Every figure is wall time of a whole psql process (start, connection,
# work) but those marked server-side. Prints a markdown section (kept in
# bench/autogen.md, which bench/run.sh appends to bench/results.md, and in
# README). Not part of the test command.
#
#   bash bench/autogen.sh                      # N = 1000 and 2000, 5 runs
#   NS="1000" RUNS=3 bash bench/autogen.sh
#   BENCH_PORT=54333 bash bench/autogen.sh     # the cluster's port
#
# The figures:
#   raw psql           psql -X -1 -f models.sql into a new, empty database
#   diff, empty        psql: SELECT ... FROM schemamig.diff(model), against
#                      an empty public (the model runs in a scratch schema)
#   diff, identical    the same against a public made by the models file
#   after the model    server-side, from diff()'s DEBUG1 timings: reading
#                      the scratch schema and public, comparing, writing
#                      the SQL (the "diff, identical" runs), and the
#                      rollback of the model's subtransaction apart
#   fingerprint        server-side, SELECT schemamig.fingerprint() of the
#                      public made by the models file: a new session's
#                      first call, and a later call in one session, after a
#                      VACUUM (the diff() runs before it leave the catalogs
#                      thousands of dead rows, which autovacuum would clear)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
NS=${NS:-"1000 2000"}
RUNS=${RUNS:-5}
. bench/timing.sh
bench_prepare

# The models file of n tables (bench/models.awk)
models() {
    awk -v n="$1" -f bench/models.awk
}
for n in $NS; do
    models "$n" >"$work/models.$n.sql"
    printf '\\set m `cat %s`\nSELECT length(upgrade) || $$|$$ || length(downgrade) FROM schemamig.diff(:'\''m'\'');\n' \
        "$work/models.$n.sql" >"$work/diff.$n.sql"
done

cat >"$work/run.sh" <<'RUN'
set -euo pipefail
work=$1 NS=$2 RUNS=$3
P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
. "$work/timing.sh"
fp_sql="SELECT (extract(epoch FROM clock_timestamp() - s) * 1000000)::bigint
          FROM (SELECT clock_timestamp() AS s) AS t, LATERAL (SELECT schemamig.fingerprint()) AS f"

$P -c "CREATE DATABASE ag_empty" -c "CREATE DATABASE ag_same"
for db in ag_empty ag_same; do $P -d "$db" -c "CREATE EXTENSION schemamig"; done
declare -A res
for n in $NS; do
    models=$work/models.$n.sql diff=$work/diff.$n.sql
    $P -d ag_same -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public" 2>/dev/null
    $P -d ag_same -1 -f "$models"
    # what the runs time is what it should be: nothing to do against the
    # same schema, every table to create against an empty one
    same=$($P -d ag_same -f "$diff")
    [ "$same" = "0|0" ] || { echo "diff() of identical schemas is not empty: $same" >&2; exit 1; }
    [ "$($P -d ag_empty -f "$diff" | cut -d'|' -f1)" -gt $((n * 200)) ] ||
        { echo "diff() against an empty schema does not create the tables" >&2; exit 1; }
    raw=() empty=() ident=() model=() after=() rollback=() fpcold=() fpwarm=()
    for _ in $(seq "$RUNS"); do
        $P -c "DROP DATABASE IF EXISTS ag_raw" -c "CREATE DATABASE ag_raw" -c "CHECKPOINT"
        raw+=("$(us $P -d ag_raw -1 -f "$models")")
        $P -c "CHECKPOINT"
        empty+=("$(us $P -d ag_empty -f "$diff")")
        $P -c "CHECKPOINT"
        ident+=("$(us $P -d ag_same -f "$diff")")
        read -r m s r t c <<<"$(phases ag_same "$diff")"
        model+=("$m")
        after+=("$((s + t + c))")
        rollback+=("$r")
        $P -d ag_same -c "VACUUM"
        fpcold+=("$($P -d ag_same -c "$fp_sql")")
        fpwarm+=("$($P -d ag_same -c "SELECT schemamig.fingerprint()" -c "$fp_sql" | tail -n 1)")
    done
    res[$n.raw]=$(med "${raw[@]}") res[$n.empty]=$(med "${empty[@]}") res[$n.ident]=$(med "${ident[@]}")
    res[$n.model]=$(med "${model[@]}") res[$n.after]=$(med "${after[@]}") res[$n.rollback]=$(med "${rollback[@]}")
    res[$n.fpcold]=$(med "${fpcold[@]}") res[$n.fpwarm]=$(med "${fpwarm[@]}")
    echo "N=$n, each run in ms: raw $(list "${raw[@]}")| diff empty $(list "${empty[@]}")| diff identical $(list "${ident[@]}")| model $(list "${model[@]}")| after the model $(list "${after[@]}")| rollback $(list "${rollback[@]}")| fingerprint $(list "${fpcold[@]}")/ $(list "${fpwarm[@]}")" >&2
done

echo "| N tables | raw \`psql -X -1 -f\` | \`diff()\`, empty schema | ÷ raw | \`diff()\`, identical schema | ÷ raw | model run (server) | after the model (server) | rollback (server) | \`fingerprint()\`, first / later call (server) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $NS; do
    echo "| $(num "$n") | $(ms "${res[$n.raw]}") | $(ms "${res[$n.empty]}") | $(ratio "${res[$n.empty]}" "${res[$n.raw]}") | $(ms "${res[$n.ident]}") | $(ratio "${res[$n.ident]}" "${res[$n.raw]}") | $(ms "${res[$n.model]}") | $(ms "${res[$n.after]}") | $(ms "${res[$n.rollback]}") | $(ms "${res[$n.fpcold]}") / $(ms "${res[$n.fpwarm]}") |"
done
set -- $NS
if [ $# -ge 2 ]; then
    echo
    echo "From $(num "$1") to $(num "$2") tables: \`diff()\` against an empty schema $(ratio "${res[$2.empty]}" "${res[$1.empty]}"), against an identical one $(ratio "${res[$2.ident]}" "${res[$1.ident]}"); raw psql $(ratio "${res[$2.raw]}" "${res[$1.raw]}")."
fi
echo
echo "Medians of $RUNS runs, alternated, in ms; PostgreSQL $(pg_config --version | cut -d' ' -f2), fsync on, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
RUN

# 2,000 tables in one transaction (raw psql -1, the model's subtransaction,
# dropping them) take more locks than the default lock table holds
pg_virtualenv -t -v "$PGVERSION" -o fsync=on -o max_locks_per_transaction=4096 "${cluster_opts[@]}" \
    bash "$work/run.sh" "$work" "$NS" "$RUNS"
