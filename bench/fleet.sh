#!/usr/bin/env bash
# bench/fleet.sh [TENANTS] [REVISIONS] [FLEET_REVISIONS]: the client over
# many tenants and many databases (issue 11), whole-process wall times in ms.
#
# Tenants (needs the server's tenants, extension 0.5.0): TENANTS tenant
# schemas (default 1,000) x REVISIONS revisions (default 10, bench/gen.py's
# workload), each run in a fresh database: schemamig upgrade --all-tenants
# -j 1 and -j 2, beside raw psql running the same SQL for each schema in
# one session (one transaction per schema, SET LOCAL search_path), and in two
# sessions at once (half the schemas each: the server's own gain from a
# second connection, the ceiling for -j 2). TENANT_ROUNDS rounds (default
# 1), every round's databases made before the first timing, the order
# rotating by round; each run starts after a CHECKPOINT, and says what CPU
# the server's backends spent besides its wall time; with TENANT_WAITS=1,
# also what share of their time they spent on CPU, waiting for an fsync, a
# lock or their client (pg_stat_activity sampled every 10 ms). First,
# bench/disk.py: what the disk under the work directory gains from a second
# process that fsyncs new files, the ceiling where PostgreSQL 15's fsyncs
# dominate.
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
# the tenants' databases (bench_t_<contender>_<round>) and the fleet's
drop_bench_dbs() {
    local d
    for d in $($psql -d postgres -At -c "SELECT datname FROM pg_catalog.pg_database
                                          WHERE datname OPERATOR(pg_catalog.~~) 'bench\_t\_%' OR datname OPERATOR(pg_catalog.~~) 'bench\_fleet%'" 2>/dev/null); do
        "$bin/dropdb" --if-exists "$d" >/dev/null 2>&1 || true
    done
}
cleanup() {
    for d in "${clusters[@]}"; do as_server "'$bin/pg_ctl' -D '$d' -m fast stop" >/dev/null 2>&1 || true; done
    drop_bench_dbs
    rm -rf "$work"
}
trap cleanup EXIT
export PGOPTIONS="-c client_min_messages=warning"
user=${PGUSER:-$(id -un)}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $("$bin/postgres" --version)"
# what a second process gains from this disk when every step waits for an
# fsync (bench/disk.py), as PostgreSQL 15's index builds do
python3 "$here/disk.py" "$work"

# --- tenants ---------------------------------------------------------------------
python3 "$here/gen.py" "$revisions" "$work/t" >/dev/null
fresh_tenants() {
    "$bin/dropdb" --if-exists "$1" >/dev/null 2>&1
    "$bin/createdb" "$1"
    $psql -d "$1" -c 'CREATE EXTENSION schemamig'
    $psql -d "$1" -c "SELECT schemamig.add_tenant(('t' OPERATOR(pg_catalog.||) i)::pg_catalog.name) FROM pg_catalog.generate_series(1, $tenants) AS i" >/dev/null
}
# one contender's run on its database
run_tenants() {
    case $1 in
        raw1) $psql -d "$2" -f "$work/raw_tenants.sql" >/dev/null ;;
        raw2) $psql -d "$2" -f "$work/raw_tenants.sql.1" >/dev/null &
              $psql -d "$2" -f "$work/raw_tenants.sql.2" >/dev/null
              wait ;;
        j1|j2) (cd "$work/t/client" && "$sm" -q -d "dbname=$2" upgrade --all-tenants -j "${1#j}" >"$work/out" 2>&1) ||
              { cat "$work/out"; exit 1; }
              tail -n 1 "$work/out" ;;
    esac
}
if $psql -d postgres -At -c "SELECT 1 FROM pg_catalog.pg_available_extension_versions WHERE name OPERATOR(pg_catalog.=) 'schemamig' AND version OPERATOR(pg_catalog.>=) '0.5.0'" | grep -q 1; then
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
    # TENANT_ROUNDS rounds (default 1). Every round's four databases are
    # made before the first timing and dropped after the last (dropping
    # thousands of relation files makes the file system's next inode
    # allocations slower for minutes); the contenders' order rotates from
    # round to round, each run after a CHECKPOINT. Besides the wall time,
    # the CPU the server's backends spent (user and system: the
    # postmaster's reaped children, when this script can read its /proc
    # entry, as it can inside pg_virtualenv): medians of each
    contenders=(raw1 raw2 j1 j2)
    rounds=${TENANT_ROUNDS:-1}
    pm=$(head -n 1 "$($psql -d postgres -At -c 'SHOW data_directory')/postmaster.pid" 2>/dev/null || true)
    server_cpu() {
        if [ -n "$pm" ] && [ -r "/proc/$pm/stat" ]; then
            awk -v t="$(getconf CLK_TCK)" '{ printf "%d %d", $16 * 1000 / t, $17 * 1000 / t }' "/proc/$pm/stat"
        else
            echo "-1 -1"
        fi
    }
    # TENANT_WAITS=1: while a contender runs, one more session samples
    # every 10 ms what each of its backends is doing (pg_stat_activity: on
    # CPU, waiting for which event, or idle, waiting for its client); the
    # samples of all rounds are summed by contender at the end. Off by
    # default: the sampler's own queries take a little of a core (and count in
    # the CPU figures).
    sample_waits() {
        $psql -d postgres -At -v db="$1" -v contender="$2" >>"$work/waits" <<'SQL'
SELECT pg_catalog.set_config('bench.db', :'db', false) \g /dev/null
CREATE TABLE pg_temp.s (what text);
DO $$
DECLARE
    seen boolean := false;
    n integer;
BEGIN
    -- until the contender's last connection has gone (or never came, 60 s)
    FOR i IN 1..600000 LOOP
        PERFORM pg_catalog.pg_stat_clear_snapshot();
        INSERT INTO pg_temp.s
        SELECT CASE WHEN a.state OPERATOR(pg_catalog.<>) 'active' THEN 'idle, waiting for its client'
                    ELSE COALESCE(a.wait_event_type OPERATOR(pg_catalog.||) ': ' OPERATOR(pg_catalog.||) a.wait_event, 'CPU') END
          FROM pg_catalog.pg_stat_activity AS a
         WHERE a.datname OPERATOR(pg_catalog.=) pg_catalog.current_setting('bench.db')
           AND a.backend_type OPERATOR(pg_catalog.=) 'client backend';
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n OPERATOR(pg_catalog.=) 0 AND (seen OR i OPERATOR(pg_catalog.>) 6000);
        seen := seen OR n OPERATOR(pg_catalog.>) 0;
        PERFORM pg_catalog.pg_sleep(0.01);
    END LOOP;
END $$;
SELECT :'contender', s.what, pg_catalog.count(*) FROM pg_temp.s AS s GROUP BY s.what;
SQL
    }
    : >"$work/ttimes"
    : >"$work/waits"
    for r in $(seq "$rounds"); do
        for c in "${contenders[@]}"; do fresh_tenants "bench_t_${c}_$r"; done
    done
    for r in $(seq "$rounds"); do
        for k in 0 1 2 3; do
            c=${contenders[$(( (k + r - 1) % 4 ))]}
            $psql -d postgres -c CHECKPOINT
            read -r u0 s0 <<<"$(server_cpu)"
            [ -n "${TENANT_WAITS:-}" ] && sample_waits "bench_t_${c}_$r" "$c" &
            start=$(date +%s%N)
            run_tenants "$c" "bench_t_${c}_$r"
            wall=$(ms "$start")
            wait
            sleep 0.2               # the backends' exit, so that they are reaped
            read -r u1 s1 <<<"$(server_cpu)"
            echo "$r $c $wall $((u1 - u0)) $((s1 - s0))" >>"$work/ttimes"
        done
    done
    drop_bench_dbs
    read -r raw raw2 j1 j2 <<<"$(python3 - "$work/ttimes" "$tenants" "$revisions" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
pre = "tenants=%s revisions=%s" % (sys.argv[2], sys.argv[3])
wall, user, syst, by_round = {}, {}, {}, {}
for r, c, w, u, s in rows:
    wall.setdefault(c, []).append(int(w))
    user.setdefault(c, []).append(int(u))
    syst.setdefault(c, []).append(int(s))
    by_round.setdefault(r, {})[c] = int(w)
med = {c: statistics.median(v) for c, v in wall.items()}
print(pre, "rounds (ms):", "; ".join(
    "%s: %s" % (r, " ".join("%s %d" % (c, w) for c, w in sorted(d.items()))) for r, d in sorted(by_round.items())),
    file=sys.stderr)
print(pre, "per round, -j 2 over -j 1: %s; raw psql two sessions over one: %s" % (
    " ".join("%.2fx" % (d["j1"] / d["j2"]) for _, d in sorted(by_round.items())),
    " ".join("%.2fx" % (d["raw1"] / d["raw2"]) for _, d in sorted(by_round.items()))), file=sys.stderr)
if min(user["j1"]) >= 0:
    print(pre, "server backends' CPU, medians (ms user + system):", ", ".join(
        "%s %.0f + %.0f" % (c, statistics.median(user[c]), statistics.median(syst[c])) for c in ("raw1", "raw2", "j1", "j2")),
        file=sys.stderr)
print(" ".join("%.0f" % med[c] for c in ("raw1", "raw2", "j1", "j2")))
PY
)"
    if [ -n "${TENANT_WAITS:-}" ]; then
        python3 - "$work/waits" "$tenants" "$revisions" <<'PY'
import sys
count = {}
for line in open(sys.argv[1]):
    c, what, n = line.rstrip("\n").split("|")
    count.setdefault(c, {}).setdefault(what, 0)
    count[c][what] += int(n)
for c in ("raw1", "raw2", "j1", "j2"):
    total = sum(count.get(c, {}).values()) or 1
    top = sorted(count.get(c, {}).items(), key=lambda kv: -kv[1])
    print("tenants=%s revisions=%s %s, its backends' samples (%d): %s" % (
        sys.argv[2], sys.argv[3], c, total,
        ", ".join("%s %.0f%%" % (w, 100.0 * n / total) for w, n in top if n * 100 >= total)))
PY
    fi
    echo "tenants=$tenants revisions=$revisions, medians of $rounds rounds"
    echo "tenants=$tenants revisions=$revisions raw psql, one session, a transaction per schema: $raw ms"
    echo "tenants=$tenants revisions=$revisions upgrade --all-tenants -j 1: $j1 ms ($(python3 -c "print('%.2f' % ($j1 / $raw))")x raw)"
    echo "tenants=$tenants revisions=$revisions upgrade --all-tenants -j 2: $j2 ms ($(python3 -c "print('%.2f' % ($j2 / $raw))")x raw)"
    echo "tenants=$tenants revisions=$revisions -j 2 is $(python3 -c "print('%.2f' % ($j1 / $j2))")x faster than -j 1 (target >= 1.6x)"
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
same=$($psql -d postgres -At -c "SELECT pg_catalog.string_agg('-c ' OPERATOR(pg_catalog.||) name OPERATOR(pg_catalog.||) '=' OPERATOR(pg_catalog.||) setting, ' ') FROM pg_catalog.pg_settings WHERE name OPERATOR(pg_catalog.=) ANY ('{fsync,synchronous_commit,full_page_writes}')")
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
