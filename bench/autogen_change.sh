#!/usr/bin/env bash
# bench/autogen_change.sh: diff() of a schema where everything changes, at
# growing sizes, to show that comparing and writing grows with the schema,
# not with its square. The schema is N groups of nine objects of
# bench/changes.awk (enums made again, domains and columns widened, views
# made again for what they read, routines over row types and enums made
# again, routines that go); the model is the same groups changed. Side by
# side, runs alternated, on one throwaway cluster with fsync on: raw
# `psql -X -1 -f` of the model into an empty database (the work diff()
# does first, running the model), and diff() of the model against the
# schema, with its server-side phases from its DEBUG1 lines. Before the
# runs, at each size, the upgrade SQL is applied and diff() must then be
# empty, and the downgrade SQL must bring the schema back. Prints a
# markdown section (kept in bench/autogen_change.md and in README). Not
# part of the test command.
#
#   bash bench/autogen_change.sh               # N = 250, 500 and 1000, 3 runs
#   NS="500 1000" RUNS=5 bash bench/autogen_change.sh
#   BENCH_PORT=54333 bash bench/autogen_change.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
NS=${NS:-"250 500 1000"}
RUNS=${RUNS:-3}
. bench/timing.sh
bench_prepare
for n in $NS; do
    awk -v n="$n" -v changed=0 -f bench/changes.awk >"$work/schema.$n.sql"
    awk -v n="$n" -v changed=1 -f bench/changes.awk >"$work/model.$n.sql"
done

cat >"$work/run.sh" <<'RUN'
set -euo pipefail
work=$1 NS=$2 RUNS=$3
P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
. "$work/timing.sh"
# diff(FILE)'s result into files, or its length, as psql input
call() {
    printf '\\set m `cat %s`\n' "$1"
    if [ -n "${2:-}" ]; then
        printf "SELECT upgrade FROM schemamig.diff(:'m') \\\\g %s\n" "$2"
        printf "SELECT downgrade FROM schemamig.diff(:'m') \\\\g %s\n" "$3"
    else
        printf "SELECT length(upgrade) || '|' || length(downgrade) FROM schemamig.diff(:'m');\n"
    fi
}
fresh() {
    $P -d ag_chg -c "DROP SCHEMA public CASCADE" -c "CREATE SCHEMA public" 2>/dev/null
    $P -d ag_chg -1 -f "$1"
}

$P -c "CREATE DATABASE ag_chg"
$P -d ag_chg -c "CREATE EXTENSION schemamig"
declare -A res
for n in $NS; do
    schema=$work/schema.$n.sql mfile=$work/model.$n.sql
    call "$mfile" >"$work/diff.$n.sql"
    call "$schema" >"$work/back.$n.sql"
    # the SQL is right: applied, nothing is left to do; and back
    fresh "$schema"
    call "$mfile" "$work/up.sql" "$work/down.sql" | $P -d ag_chg -t
    $P -d ag_chg -1 -f "$work/up.sql"
    [ "$($P -d ag_chg -f "$work/diff.$n.sql")" = "0|0" ] ||
        { echo "N=$n: after the upgrade SQL, diff() is not empty" >&2; exit 1; }
    $P -d ag_chg -1 -f "$work/down.sql"
    [ "$($P -d ag_chg -f "$work/back.$n.sql")" = "0|0" ] ||
        { echo "N=$n: after the downgrade SQL, the schema is not what it was" >&2; exit 1; }
    raw=() whole=() model=() reads=() cmp=() up=()
    for _ in $(seq "$RUNS"); do
        $P -c "DROP DATABASE IF EXISTS ag_raw" -c "CREATE DATABASE ag_raw" -c "CHECKPOINT"
        raw+=("$(us $P -d ag_raw -1 -f "$mfile")")
        fresh "$schema"
        $P -c "CHECKPOINT"
        whole+=("$(us $P -d ag_chg -f "$work/diff.$n.sql")")
        read -r m s r t c <<<"$(phases ag_chg "$work/diff.$n.sql")"
        model+=("$m") reads+=("$((s + t))") cmp+=("$c")
        $P -c "CHECKPOINT"
        up+=("$(us $P -d ag_chg -1 -f "$work/up.sql")")
    done
    res[$n.raw]=$(med "${raw[@]}") res[$n.whole]=$(med "${whole[@]}") res[$n.model]=$(med "${model[@]}")
    res[$n.reads]=$(med "${reads[@]}") res[$n.cmp]=$(med "${cmp[@]}") res[$n.up]=$(med "${up[@]}")
    echo "N=$n, each run in ms: raw $(list "${raw[@]}")| diff $(list "${whole[@]}")| model $(list "${model[@]}")| reads $(list "${reads[@]}")| compare and write $(list "${cmp[@]}")| upgrade applied $(list "${up[@]}")" >&2
done

echo "| groups (objects) | raw \`psql -X -1 -f\` of the model | \`diff()\` | ÷ raw | model run (server) | both schemas read (server) | compared and written (server) | upgrade SQL applied |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $NS; do
    echo "| $(num "$n") ($(num $((n * 9)))) | $(ms "${res[$n.raw]}") | $(ms "${res[$n.whole]}") | $(ratio "${res[$n.whole]}" "${res[$n.raw]}") | $(ms "${res[$n.model]}") | $(ms "${res[$n.reads]}") | $(ms "${res[$n.cmp]}") | $(ms "${res[$n.up]}") |"
done
set -- $NS
if [ $# -ge 2 ]; then
    eval "last=\${$#}"
    echo
    echo "From $(num "$1") to $(num "$last") groups ($(ratio "$last" "$1") the objects): compared and written $(ratio "${res[$last.cmp]}" "${res[$1.cmp]}"), \`diff()\` $(ratio "${res[$last.whole]}" "${res[$1.whole]}"), raw psql $(ratio "${res[$last.raw]}" "${res[$1.raw]}")."
fi
echo
echo "Medians of $RUNS runs, alternated, in ms; PostgreSQL $(pg_config --version | cut -d' ' -f2), fsync on, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
RUN

# thousands of relations and types in one transaction take more locks than
# the default lock table holds
pg_virtualenv -t -v "$PGVERSION" -o fsync=on -o max_locks_per_transaction=16384 "${cluster_opts[@]}" \
    bash "$work/run.sh" "$work" "$NS" "$RUNS"
