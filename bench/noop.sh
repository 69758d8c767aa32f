#!/usr/bin/env bash
# bench/noop.sh: a container's start-up question, "anything to apply?", with
# N revisions applied: a whole `psql -c 'SELECT schemamig.upgrade()'` (fresh
# connection, fresh backend) against `psql -c 'SELECT 1'`, alternated in one
# run, median of RUNS each, on a throwaway cluster with fsync on. Prints one
# line. Not part of the test command.
#
#   bash bench/noop.sh               # N = 10000, 11 runs
#   N=1000 RUNS=5 bash bench/noop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-10000}
RUNS=${RUNS:-11}
ensure_packages "${SERVER_PACKAGES[@]}"
build_and_install >/dev/null

# shellcheck disable=SC2016
pg_virtualenv -t -v "$PGVERSION" -o fsync=on bash -c '
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
' "$N" "$RUNS"
