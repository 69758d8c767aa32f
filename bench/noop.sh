#!/usr/bin/env bash
# bench/noop.sh: a container's start-up question, "anything to apply?", with
# N revisions applied: a whole `psql -c 'SELECT schemamig.upgrade()'` (fresh
# connection, fresh backend) against `psql -c 'SELECT 1'`, alternated in one
# run, median of RUNS each, on a throwaway cluster with fsync on. Prints one
# line. Not part of the test command.
#
#   bash bench/noop.sh               # N = 10000, 11 runs
#   N=1000 RUNS=5 bash bench/noop.sh
#   BENCH_PORT=54321 ...             # the cluster on this port
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-10000}
RUNS=${RUNS:-11}
ensure_packages "${SERVER_PACKAGES[@]}"
build_and_install >/dev/null

# shellcheck disable=SC2016
# BENCH_PORT: the cluster's port (default: pg_virtualenv's choice)
port_opts=()
[ -n "${BENCH_PORT:-}" ] && port_opts=(-c "-p $BENCH_PORT")
pg_virtualenv -t -v "$PGVERSION" "${port_opts[@]}" -o fsync=on bash -c '
    set -euo pipefail
    P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
    $P -c "CREATE EXTENSION schemamig"
    $P -c "SET client_min_messages = warning;
           SELECT count(schemamig.add_revision(format(\$\$r%s\$\$, i), \$\$SELECT 1\$\$, \$\$SELECT 1\$\$,
               CASE WHEN i = 1 THEN \$\${}\$\$::text[] ELSE ARRAY[format(\$\$r%s\$\$, i - 1)] END))
             FROM generate_series(1, $0) AS i" >/dev/null
    $P -c "SET client_min_messages = warning; SELECT schemamig.upgrade()" >/dev/null
    ms() { local s e; s=$(date +%s%N); $P -c "$1" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
    one=(); up=()
    for _ in $(seq "$1"); do
        one+=("$(ms "SELECT 1")")
        up+=("$(ms "SELECT schemamig.upgrade()")")
    done
    med() { printf "%s\n" "$@" | sort -n | awk "{ t[NR] = \$1 } END { printf \"%.1f\", t[int((NR + 1) / 2)] / 1000 }"; }
    echo "no-op N=$0: psql -c SELECT 1 median $(med "${one[@]}") ms; psql -c SELECT schemamig.upgrade() median $(med "${up[@]}") ms ($1 runs each, alternated)"
    # where a fresh backend spends it: the statements of one new session
    # each, timed by the server round trip (psql \timing), medians
    first() {
        local -a t
        for _ in $(seq "$1"); do
            mapfile -t t < <(printf "%s\n" "\\timing on" "${@:2}" | $P 2>&1 | sed -n "s/^Time: \([0-9.]*\) ms.*/\1/p")
            echo "${t[*]}"
        done | python3 -c "import sys, statistics
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
print(\" \".join(\"%.1f\" % statistics.median(c) for c in zip(*rows)))"
    }
    read -r a1 a2 a3 a4 a5 <<<"$(first "$1" "SELECT 1;" "LOAD '\''schemamig'\'';" \
        "SELECT s.settled OPERATOR(pg_catalog.=) s.generation FROM schemamig.state AS s;" \
        "SELECT schemamig.upgrade();" "SELECT schemamig.upgrade();")"
    read -r b1 b2 b3 <<<"$(first "$1" "SELECT 1;" "SELECT schemamig.upgrade();" "SELECT schemamig.upgrade();")"
    read -r c1 c2 c3 <<<"$(first "$1" "SELECT 1;" "SELECT schemamig.up_to_date('\''x'\'');" "SELECT schemamig.up_to_date('\''x'\'');")"
    echo "fresh session, statement times (ms, medians of $1): SELECT 1 $b1, then upgrade() $b2, again $b3"
    echo "fresh session: SELECT 1 $a1, LOAD schemamig $a2, the settled query in SQL $a3, then upgrade() $a4, again $a5"
    echo "fresh session: SELECT 1 $c1, up_to_date() (SQL, no library) $c2, again $c3"
' "$N" "$RUNS"
