#!/usr/bin/env bash
# bench/run.sh: schemamig against raw psql and the peers a user would pick
# instead, side by side on one throwaway cluster (fsync on), for several N.
# Writes bench/results.md and bench/apply.png. Not part of the test command.
#
#   bash bench/run.sh                  # N = 100, 1000, 10000; peers to 1000; 3 runs each
#   BENCH_NS="10000" bash bench/run.sh  # measure N = 10000 again; other N kept
#   BENCH_PEER_MAX=0 ...               # schemamig and raw psql only
#   SCHEMAMIG_PG=18 ...                # another PostgreSQL (inside its root
#                                      # file system: scripts/rootfs.sh)
#
# Medians go to bench/measurements.txt ("N contender prepare apply noop
# revert", ms) and bench/cpu.txt (the apply step's backend CPU); a run
# replaces the lines of the N it measures.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

NS=${BENCH_NS:-"100 1000 10000"}
PEER_MAX=${BENCH_PEER_MAX:-1000}
RUNS=${BENCH_RUNS:-3}
bench=$(pwd)/bench

ensure_packages "${SERVER_PACKAGES[@]}" python3 gnuplot-nox
# BENCH_PEER_MAX=0 measures schemamig and raw psql only, without the peers
if [ "$PEER_MAX" -gt 0 ]; then
    ensure_packages python3-alembic python3-psycopg2 sqitch libdbd-pg-perl sql-migrate
    # node-pg-migrate 9 needs Node.js 20: use the machine's, or Debian's
    command -v npm >/dev/null || ensure_packages nodejs npm
fi
build_and_install
if [ "$PEER_MAX" -gt 0 ] && [ ! -x "$bench/node_modules/.bin/node-pg-migrate" ]; then
    (cd "$bench" && npm install --no-audit --no-fund --silent --no-save node-pg-migrate@9 pg@8)
fi

. bench/cluster.sh
bench_cluster 5499

fresh() {
    "$BIN/dropdb" --if-exists bench >/dev/null
    "$BIN/createdb" bench
    $PSQL -d postgres -c CHECKPOINT >/dev/null
}

# Did the contender apply all N revisions (N - N/10 tables, N/10 added
# columns), or revert them all? Checked after every step, outside the timing.
check() {
    local n=$1 want_tables=0 want_columns=0 got
    if [ "$2" = applied ]; then want_tables=$((n - n / 10)); want_columns=$((n / 10)); fi
    got=$($PSQL -d bench -At -c "SELECT (SELECT count(*) FROM pg_class WHERE relname ~ '^bench_t[0-9]+\$' AND relkind = 'r')
                                   || ' ' || (SELECT count(*) FROM pg_attribute WHERE attname ~ '^extra_[0-9]+\$' AND attnum > 0)")
    if [ "$got" != "$want_tables $want_columns" ]; then
        echo "check failed after $2: $got tables/columns, expected $want_tables $want_columns" >&2
        echo FAILED
    fi
}

# The apply step of raw psql and schemamig runs through in_session, which
# also notes the CPU time its backend spent, user and system, in ms, in
# $work/cpu.N.CONTENDER: in_session N CONTENDER SQL-LINE...
in_session() {
    local out=$work/cpu.$1.$2
    shift 2
    printf '%s\n' 'SELECT pg_backend_pid() AS pid \gset' '\setenv BACKEND :pid' "$@" \
        "\\! awk -v t=$(getconf CLK_TCK) '{ print int(\$14 * 1000 / t), int(\$15 * 1000 / t) }' /proc/\$BACKEND/stat >>$out" |
        $PSQL -d bench
}
# Each contender prints "prepare apply noop revert" in ms ("-" for none):
# run_X DIR N
run_raw() {
    fresh
    echo "- $(ms in_session "$2" raw 'BEGIN;' "\\i $1/raw/up.sql" 'COMMIT;') $(check "$2" applied) - \
$(ms $PSQL -d bench -1 -f "$1/raw/down.sql") $(check "$2" reverted)"
}
# schemamig: upgrade() or CALL migrate(); registration is the prepare step
run_schemamig() {
    local call=$3
    fresh
    echo "$(ms $PSQL -d bench -1 -f "$1/schemamig/register.sql") \
$(ms in_session "$2" "$4" "$call;") $(check "$2" applied) $(ms $PSQL -d bench -c "$call") \
$(ms $PSQL -d bench -c "SELECT schemamig.downgrade_to('base')") $(check "$2" reverted)"
}
run_upgrade() { run_schemamig "$1" "$2" 'SELECT schemamig.upgrade()' upgrade; }
run_migrate() { run_schemamig "$1" "$2" 'CALL schemamig.migrate()' migrate; }
run_alembic() {
    fresh
    export BENCH_SQLALCHEMY_URL="postgresql+psycopg2://postgres@/bench?host=$work&port=$PGPORT"
    local a=/usr/bin/python3
    (cd "$1/alembic" && echo "- $(ms $a -m alembic upgrade head) $(check "$2" applied) $(ms $a -m alembic upgrade head) \
$(ms $a -m alembic downgrade base) $(check "$2" reverted)")
}
run_sqitch() {
    fresh
    local target="db:pg://postgres@/bench?host=$work&port=$PGPORT"
    (cd "$1/sqitch" && echo "- $(ms sqitch deploy --target "$target") $(check "$2" applied) \
$(ms sqitch deploy --target "$target") $(ms sqitch revert -y --target "$target") $(check "$2" reverted)")
}
run_sqlmigrate() {
    fresh
    printf 'bench:\n  dialect: postgres\n  datasource: host=%s port=%s user=postgres dbname=bench sslmode=disable\n  dir: migrations\n' \
        "$work" "$PGPORT" >"$1/sqlmigrate/dbconfig.yml"
    (cd "$1/sqlmigrate" && echo "- $(ms sql-migrate up -env=bench) $(check "$2" applied) $(ms sql-migrate up -env=bench) \
$(ms sql-migrate down -env=bench -limit=0) $(check "$2" reverted)")
}
run_nodepg() {
    fresh
    export DATABASE_URL="postgresql://postgres@%2F${work//\//%2F}:$PGPORT/bench"
    local npm="$bench/node_modules/.bin/node-pg-migrate"
    # "down N" reverts N migrations
    (cd "$1/nodepg" && echo "- $(ms "$npm" up -m migrations) $(check "$2" applied) $(ms "$npm" up -m migrations) \
$(ms "$npm" down "$2" -m migrations) $(check "$2" reverted)")
}

# medians, per column, of the rows on stdin ("-" stays "-"); exits non-zero
# when a run failed or a row is not WIDTH columns wide: medians WIDTH
medians() {
    /usr/bin/python3 -c '
import sys, statistics
width = int(sys.argv[1])
rows = [line.split() for line in sys.stdin if line.strip()]
if not rows or any(len(r) != width or "FAILED" in r for r in rows):
    sys.exit("a run failed: %r" % rows)
print(" ".join("-" if col[0] == "-" else str(int(statistics.median(int(v) for v in col)))
               for col in zip(*rows)))' "$1"
}

# Creating thousands of relation files right after thousands were deleted
# is slower on some file systems (ext4 without a journal, as on this
# project's machines, first skips inodes freed in the last half minute),
# and every run deletes a database's files before it starts. So each N
# begins with one run that is not counted, every counted run follows the
# deletion of a database of the same size, and the contenders take turns,
# in an order that rotates from run to run, instead of running one after
# another. Besides wall time, the CPU the backend spent applying (raw psql
# and schemamig): bench/cpu.txt ("N contender user system", ms, medians).
results="$bench/measurements.txt"
cpu="$bench/cpu.txt"
touch "$results" "$cpu"
for n in $NS; do sed -i "/^$n /d" "$results" "$cpu"; done
for n in $NS; do
    echo "== N = $n"
    /usr/bin/python3 "$bench/gen.py" "$n" "$work/gen$n"
    contenders=()
    for c in raw upgrade migrate alembic sqitch sqlmigrate nodepg; do
        case $c in raw | upgrade | migrate) ;; *) [ "$n" -le "$PEER_MAX" ] || continue ;; esac
        contenders+=("$c")
    done
    run_raw "$work/gen$n" "$n" >/dev/null
    rm -f "$work"/cpu.*
    for r in $(seq 0 $((RUNS - 1))); do
        for i in "${!contenders[@]}"; do
            c=${contenders[$(((i + r) % ${#contenders[@]}))]}
            run_"$c" "$work/gen$n" "$n" >>"$work/rows.$n.$c"
        done
    done
    for c in "${contenders[@]}"; do
        line=$(medians 4 <"$work/rows.$n.$c") || { echo "bench: $c failed at N = $n" >&2; exit 1; }
        echo "$n $c $line" | tee -a "$results"
        [ ! -f "$work/cpu.$n.$c" ] || echo "$n $c $(medians 2 <"$work/cpu.$n.$c")" >>"$cpu"
    done
done

# server-side figures at the largest N, with everything applied
nmax=$(echo $NS | tr ' ' '\n' | sort -n | tail -1)
# peak memory (VmHWM) of the backend that applies them all, before and
# after: raw psql's backend running the SQL in one transaction, then the
# backend running upgrade()
vmhwm() {  # vmhwm OUTFILE SQL...
    local out=$1
    shift
    printf '%s\n' 'SELECT pg_backend_pid() AS pid \gset' '\setenv BACKEND :pid' \
        '\! grep VmHWM /proc/$BACKEND/status' "$@" '\! grep VmHWM /proc/$BACKEND/status' |
        $PSQL -d bench -At >"$out"
}
fresh
vmhwm "$work/mem_raw.txt" 'BEGIN;' "\\i $work/gen$nmax/raw/up.sql" 'COMMIT;'
fresh
$PSQL -d bench -1 -f "$work/gen$nmax/schemamig/register.sql" >/dev/null
vmhwm "$work/mem.txt" 'SELECT schemamig.upgrade();'
echo "SELECT schemamig.upgrade();" >"$work/noop.sql"
echo "SELECT count(*) FROM schemamig.history();" >"$work/history.sql"
(cd "$work" && "$BIN/pgbench" -n -c 1 -T 10 -f noop.sql -l --log-prefix=noop bench >/dev/null 2>&1)
(cd "$work" && "$BIN/pgbench" -n -c 1 -T 10 -f history.sql -l --log-prefix=history bench >/dev/null 2>&1)
noop_whole=$(for _ in 1 2 3 4 5; do ms $PSQL -d bench -c 'SELECT schemamig.upgrade()'; done | sort -n | sed -n 3p)
select_whole=$(for _ in 1 2 3 4 5; do ms $PSQL -d bench -c 'SELECT 1'; done | sort -n | sed -n 3p)

cat "$work"/noop.*[0-9] >"$work/noop.log"
cat "$work"/history.*[0-9] >"$work/history.log"
# the side benchmarks' sections follow, each kept in its own file by its
# script: the client (bench/client.sh), tenants (bench/tenants.sh) and
# autogenerate (bench/autogen.sh, bench/autogen_change.sh)
{
    /usr/bin/python3 "$bench/report.py" "$results" "$cpu" "$nmax" "$work/noop.log" "$work/history.log" "$work/mem.txt" "$work/mem_raw.txt" \
        "$noop_whole" "$select_whole" "$RUNS" "$PEER_MAX" "$work/plot.dat"
    for side in client tenants autogen autogen_change; do
        [ ! -f "$bench/$side.md" ] || { echo; cat "$bench/$side.md"; }
    done
} >"$bench/results.md"
gnuplot -e "datafile='$work/plot.dat'; outfile='$bench/apply.png'" "$bench/apply.gp"
echo "wrote bench/results.md and bench/apply.png"
