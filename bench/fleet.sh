#!/usr/bin/env bash
# bench/fleet.sh [TENANTS] [REVISIONS] [FLEET_REVISIONS]: the client over
# many tenants and many databases (issue 11), whole-process wall times in ms.
#
# Tenants (needs the server's tenants, extension 0.5.0): TENANTS tenant
# schemas (default 1,000) x REVISIONS revisions (default 10, bench/gen.py's
# workload), each run in a fresh database: schemamig upgrade --all-tenants
# -j 1, then -j 2, beside raw psql running the same SQL for each schema in
# one session (one transaction per schema, SET LOCAL search_path), and in two
# sessions at once (half the schemas each: the server's own gain from a
# second connection, the ceiling for -j 2). Each run starts after a
# CHECKPOINT.
#
# Fleet: the server the PG* variables name and two clusters this script
# starts (initdb, pg_ctl, free ports from $PGPORT + 1, stopped at exit); a
# fresh database in each, FLEET_REVISIONS revisions (default 300): each
# database upgraded alone (schemamig upgrade -d), then fresh ones with
# upgrade --fleet -j 1 and -j 3. "-j 3 close to the slowest single
# database, not the sum" is the target.
#
# Run it inside pg_virtualenv, e.g.
#   pg_virtualenv -o max_locks_per_transaction=4096 bash bench/fleet.sh
# SCHEMAMIG_BIN picks the client (default: the installed one). The figures
# are for whatever else the machine runs at the time: say what that was.
set -euo pipefail
tenants=${1:-1000}
revisions=${2:-10}
fleet_revisions=${3:-300}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(pg_config --bindir)
sm=${SCHEMAMIG_BIN:-$bin/schemamig}
psql="$bin/psql -X -q -v ON_ERROR_STOP=1"
work=$(mktemp -d)
chmod 755 "$work"
mkdir "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres "$work/pg"
clusters=()
as_server() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() {
    for d in "${clusters[@]}"; do as_server "'$bin/pg_ctl' -D '$d' -m fast stop" >/dev/null 2>&1 || true; done
    for d in bench_tenants bench_fleet bench_fleet1 bench_fleet3; do "$bin/dropdb" --if-exists "$d" >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export PGOPTIONS="-c client_min_messages=warning"
user=${PGUSER:-$(id -un)}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $("$bin/postgres" --version)"

# --- tenants ---------------------------------------------------------------------
python3 "$here/gen.py" "$revisions" "$work/t" >/dev/null
fresh_tenants() {
    "$bin/dropdb" --if-exists bench_tenants >/dev/null 2>&1
    "$bin/createdb" bench_tenants
    $psql -d bench_tenants -c 'CREATE EXTENSION schemamig'
    $psql -d bench_tenants -c "SELECT schemamig.add_tenant(('t' || i)::name) FROM generate_series(1, $tenants) AS i" >/dev/null
}
if $psql -d postgres -At -c "SELECT 1 FROM pg_available_extension_versions WHERE name = 'schemamig' AND version >= '0.5.0'" | grep -q 1; then
    python3 - "$tenants" "$work/t/raw/up.sql" >"$work/raw_tenants.sql" <<'PY'
import sys
n, sql = int(sys.argv[1]), open(sys.argv[2]).read()
for i in range(1, n + 1):
    print(f"BEGIN;\nSET LOCAL search_path = t{i};\n{sql}COMMIT;")
PY
    # the same SQL in two sessions at once, each half of the schemas: what
    # the server itself gains from a second connection on this machine
    half=$(( $(grep -c '^BEGIN;$' "$work/raw_tenants.sql") / 2 ))
    awk -v half="$half" '/^BEGIN;$/ { n++ } { print > (n <= half ? FILENAME ".1" : FILENAME ".2") }' "$work/raw_tenants.sql"
    fresh_tenants
    $psql -d postgres -c CHECKPOINT
    start=$(date +%s%N)
    $psql -d bench_tenants -f "$work/raw_tenants.sql" >/dev/null
    raw=$(ms "$start")
    fresh_tenants
    $psql -d postgres -c CHECKPOINT
    start=$(date +%s%N)
    $psql -d bench_tenants -f "$work/raw_tenants.sql.1" >/dev/null &
    $psql -d bench_tenants -f "$work/raw_tenants.sql.2" >/dev/null
    wait
    raw2=$(ms "$start")
    declare -A took
    for j in 1 2; do
        fresh_tenants
        $psql -d postgres -c CHECKPOINT
        start=$(date +%s%N)
        (cd "$work/t/client" && "$sm" -q -d "dbname=bench_tenants" upgrade --all-tenants -j "$j" >"$work/out" 2>&1) ||
            { cat "$work/out"; exit 1; }
        took[$j]=$(ms "$start")
        tail -n 1 "$work/out"
    done
    echo "tenants=$tenants revisions=$revisions raw psql, one session, a transaction per schema: $raw ms"
    echo "tenants=$tenants revisions=$revisions upgrade --all-tenants -j 1: ${took[1]} ms ($(python3 -c "print('%.2f' % (${took[1]} / $raw))")x raw)"
    echo "tenants=$tenants revisions=$revisions upgrade --all-tenants -j 2: ${took[2]} ms ($(python3 -c "print('%.2f' % (${took[2]} / $raw))")x raw)"
    echo "tenants=$tenants revisions=$revisions -j 2 is $(python3 -c "print('%.2f' % (${took[1]} / ${took[2]}))")x faster than -j 1 (target >= 1.6x)"
    echo "tenants=$tenants revisions=$revisions raw psql, two sessions at once, half the schemas each: $raw2 ms, $(python3 -c "print('%.2f' % ($raw / $raw2))")x faster than one session (what the server gains from a second connection here)"
else
    echo "tenants: skipped, the installed schemamig has no tenants (0.5.0)"
fi

# --- fleet -------------------------------------------------------------------------
python3 "$here/gen.py" "$fleet_revisions" "$work/f" >/dev/null
free_port() {
    python3 - "$1" <<'PY'
import socket, sys
p = int(sys.argv[1])
while True:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); s.close(); break
    except OSError:
        p += 1
print(p)
PY
}
# the two clusters run with the durability settings of the first
same=$($psql -d postgres -At -c "SELECT string_agg('-c ' || name || '=' || setting, ' ') FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')")
echo "fleet: three clusters with $same"
ports=("${PGPORT:-5432}")
next=$((${PGPORT:-5432} + 1))
for c in b c; do
    port=$(free_port "$next")
    next=$((port + 1))
    as_server "'$bin/initdb' -D '$work/pg/$c' -U '$user' --auth=trust -N" >/dev/null 2>&1
    clusters+=("$work/pg/$c")
    as_server "'$bin/pg_ctl' -D '$work/pg/$c' -w -l '$work/pg/$c.log' -o '-p $port -k $work/pg -c listen_addresses=localhost -c max_locks_per_transaction=4096 $same' start" >/dev/null
    ports+=("$port")
done
fresh_fleet() {
    for p in "${ports[@]}"; do
        "$bin/dropdb" -h localhost -p "$p" --if-exists "$1" >/dev/null 2>&1
        "$bin/createdb" -h localhost -p "$p" "$1"
        $psql -h localhost -p "$p" -d "$1" -c 'CREATE EXTENSION schemamig'
    done
}
cd "$work/f/client"
: >"$work/times"
for j in 1 3; do
    : >"$work/fleet$j.txt"
    for p in "${ports[@]}"; do echo "host=localhost port=$p dbname=bench_fleet$j" >>"$work/fleet$j.txt"; done
done
# $runs times, each time three fresh databases per cluster made first (no
# DROP DATABASE between the timings): the medians
runs=${BENCH_RUNS:-3}
for r in $(seq "$runs"); do
    for d in bench_fleet bench_fleet1 bench_fleet3; do fresh_fleet "$d"; done
    k=0
    for p in "${ports[@]}"; do
        start=$(date +%s%N)
        "$sm" -q -d "host=localhost port=$p dbname=bench_fleet" upgrade
        echo "single$k $(ms "$start")" >>"$work/times"
        k=$((k + 1))
    done
    for j in 1 3; do
        start=$(date +%s%N)
        "$sm" -q upgrade --fleet "$work/fleet$j.txt" -j "$j" >"$work/out" || { cat "$work/out"; exit 1; }
        echo "j$j $(ms "$start")" >>"$work/times"
    done
done
python3 - "$work/times" "$fleet_revisions" "$runs" <<'PY'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    k, v = line.split()
    t.setdefault(k, []).append(int(v))
m = {k: statistics.median(v) for k, v in t.items()}
singles = [m[k] for k in sorted(m) if k.startswith("single")]
slowest, total = max(singles), sum(singles)
n = sys.argv[2]
print(f"fleet revisions={n}, medians of {sys.argv[3]} runs: each database alone: "
      + ", ".join("%.0f ms" % x for x in singles) + f" (slowest {slowest:.0f}, sum {total:.0f})")
for j in ("j1", "j3"):
    print(f"fleet revisions={n} upgrade --fleet -{j[0]} {j[1]}, 3 databases: {m[j]:.0f} ms "
          f"= {m[j] / slowest:.2f}x the slowest single database, {m[j] / total:.2f}x the sum")
PY
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
