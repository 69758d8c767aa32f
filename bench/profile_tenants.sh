#!/usr/bin/env bash
# bench/profile_tenants.sh [TENANTS] [REVISIONS]: where the server's CPU
# goes while `schemamig upgrade --all-tenants` runs with -j 1 and with -j 2
# (issue 11), each in a fresh database of TENANTS tenant schemas (default
# 500) x REVISIONS revisions (default 10, bench/gen.py's workload). For the
# processes named postgres it prints the CPU spent in the postgres binary,
# in schemamig.so, in the kernel and elsewhere: how much of the server's
# work is schemamig's own code, alone and beside a second connection.
#
# One `perf record -a -k CLOCK_MONOTONIC` (the cpu-clock event, which works
# where hardware counters do not) covers both runs; each run's
# CLOCK_MONOTONIC window picks its samples. Run it as root inside
# pg_virtualenv, with the installed client:
#   pg_virtualenv -t -o fsync=on -o max_locks_per_transaction=4096 bash bench/profile_tenants.sh
# For a server in a root file system (scripts/rootfs.sh), which has no perf
# of its own, record on the host and report there:
#   (host)  perf record -a -k CLOCK_MONOTONIC -o /tmp/p.data &
#   (root)  PROFILE_WINDOWS=/build/windows bash bench/profile_tenants.sh  (no perf; writes the windows)
#   (host)  kill -INT %1; bash bench/profile_tenants.sh --report /tmp/p.data ROOT/build/windows
# Not part of the test command. Figures are for whatever else the machine
# runs at the time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# --report DATA WINDOWS: the summary of DATA's samples in each window (by
# function: by shared object alone, perf leaves the kernel's samples out)
report() {
    local data=$1 windows=$2 c a b
    while read -r c a b; do
        perf report -i "$data" --time "$a,$b" --comm postgres --stdio --no-children -g none \
            --sort dso,sym -F period,dso,sym -t '|' 2>/dev/null | grep -v '^#' | sed "s/^/$c|/" || true
    done <"$windows" | python3 -c '
import sys
dso = {}
for line in sys.stdin:
    f = [x.strip() for x in line.rstrip("\n").split("|")]
    if len(f) < 4 or not f[1].isdigit():
        continue
    c, period, d = f[0], int(f[1]), f[2]
    kind = ("kernel" if d.startswith("[kernel") else
            "postgres binary" if d == "postgres" else
            "schemamig.so" if d == "schemamig.so" else "other")
    dso.setdefault(c, {}).setdefault(kind, 0)
    dso[c][kind] += period
for c, kinds in sorted(dso.items()):
    total = sum(kinds.values())
    print("%s: CPU of the processes named postgres %.1f s: %s" % (c, total / 1e9, ", ".join(
        "%s %.1f%%" % (k, 100.0 * v / total) for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))))
'
}
if [ "${1:-}" = --report ]; then
    report "$2" "$3"
    exit
fi

tenants=${1:-500}
revisions=${2:-10}
bin=$(pg_config --bindir)
psql="$bin/psql -X -q -v ON_ERROR_STOP=1"
work=$(mktemp -d)
chmod 755 "$work"
perf_pid=
cleanup() {
    [ -n "$perf_pid" ] && kill -INT "$perf_pid" 2>/dev/null || true
    for c in j1 j2; do "$bin/dropdb" --if-exists "bench_p_$c" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export PGOPTIONS="-c client_min_messages=warning"
mono() { python3 -c 'import time; print("%.6f" % time.monotonic())'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $("$bin/postgres" --version)"
python3 "$here/gen.py" "$revisions" "$work/t" >/dev/null
for c in j1 j2; do
    "$bin/createdb" "bench_p_$c"
    $psql -d "bench_p_$c" -c 'CREATE EXTENSION schemamig'
    $psql -d "bench_p_$c" -c "SELECT schemamig.add_tenant(('t' OPERATOR(pg_catalog.||) i)::pg_catalog.name) FROM pg_catalog.generate_series(1, $tenants) AS i" >/dev/null
done
windows=${PROFILE_WINDOWS:-$work/windows}
: >"$windows"
if [ -z "${PROFILE_WINDOWS:-}" ]; then
    perf record -q -a -k CLOCK_MONOTONIC -o "$work/perf.data" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 1
fi
for c in j1 j2; do
    $psql -d postgres -c CHECKPOINT
    a=$(mono)
    start=$(date +%s%N)
    (cd "$work/t/client" && "$bin/schemamig" -q -d "dbname=bench_p_$c" upgrade --all-tenants -j "${c#j}" >"$work/out" 2>&1) ||
        { cat "$work/out"; exit 1; }
    echo "$c: $(( ($(date +%s%N) - start) / 1000000 )) ms, $(tail -n 1 "$work/out")"
    echo "$c $a $(mono)" >>"$windows"
done
if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"
    wait "$perf_pid" || true
    perf_pid=
    report "$work/perf.data" "$windows"
fi
