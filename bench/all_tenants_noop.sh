#!/usr/bin/env bash
# bench/all_tenants_noop.sh: a deployment that changes nothing, over many tenants:
# N tenant schemas at head of bench/gen.py's first 10 revisions, then, round
# by round in one run on a throwaway cluster (fsync on), the whole
# `schemamig upgrade --all-tenants` with -j 1 and -j 2 and `schemamig status
# --all-tenants` (wall times of the client), `tenants()` and a no-op
# `upgrade_tenants()` inside the server (EXPLAIN ANALYZE's execution time),
# and `psql -c 'SELECT 1'`; medians of RUNS. With OLD=path, a client built
# from other code (an older commit's client/schemamig) is timed beside this
# one, alternated, against the same server. Not part of the test command.
#
#   bash bench/all_tenants_noop.sh                     # N = 10000, 3 runs
#   N=1000 RUNS=5 OLD=/tmp/old/client/schemamig bash bench/all_tenants_noop.sh
#   BENCH_PORT=54321 ...                           # the cluster on this port
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-10000}
RUNS=${RUNS:-3}
OLD=${OLD:-}
ensure_packages "${SERVER_PACKAGES[@]}" python3
build_and_install >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen.py 10 "$work/g" >/dev/null

port_opts=()
[ -n "${BENCH_PORT:-}" ] && port_opts=(-c "-p $BENCH_PORT")
# shellcheck disable=SC2016
pg_virtualenv -t -v "$PGVERSION" "${port_opts[@]}" -o fsync=on bash -c '
    set -euo pipefail
    N=$0 RUNS=$1 OLD=$3
    cd "$2/g/client"
    bin=$(pg_config --bindir)
    P="env PGOPTIONS=-cclient_min_messages=warning $bin/psql -X -q -At -v ON_ERROR_STOP=1 -d bench_tenants"
    "$bin/createdb" bench_tenants
    $P -c "CREATE EXTENSION schemamig"
    $P -c "SELECT schemamig.add_tenant(pg_catalog.format(\$\$t%s\$\$, i)) FROM pg_catalog.generate_series(1, $N) AS i" >/dev/null
    export PGDATABASE=bench_tenants
    "$bin/schemamig" -q upgrade --all-tenants -j 2 >/dev/null
    [ "$($P -c "SELECT count(*) FROM schemamig.tenants() WHERE pending = 0 AND current = \$\${r00010}\$\$")" = "$N" ] ||
        { echo "not every tenant is at head" >&2; exit 1; }
    clients=("$bin/schemamig")
    [ -n "$OLD" ] && clients+=("$OLD")
    ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
    server() { $P -c "EXPLAIN (ANALYZE, FORMAT JSON) $1" | sed -n "s/.*\"Execution Time\": \([0-9.]*\).*/\1/p"; }
    declare -A t
    for _ in $(seq "$RUNS"); do
        t[one]+=" $(ms "$bin/psql" -X -q -At -c "SELECT 1")"
        t[tenants]+=" $(server "SELECT count(*) FROM schemamig.tenants()")"
        t[upgrade_tenants]+=" $(server "SELECT count(*) FROM schemamig.upgrade_tenants()")"
        for c in "${!clients[@]}"; do
            for j in 1 2; do
                t[up$j.$c]+=" $(ms "${clients[$c]}" -q upgrade --all-tenants -j $j)"
            done
            t[status.$c]+=" $(ms "${clients[$c]}" -q status --all-tenants)"
        done
    done
    # shellcheck disable=SC2086
    med() { printf "%s\n" $1 | sort -n | awk -v d="$2" "{ v[NR] = \$1 } END { printf \"%.1f\", v[int((NR + 1) / 2)] / d }"; }
    echo "a deployment that changes nothing: $N tenants at head, 10 revisions; medians of $RUNS, alternated (ms)"
    echo
    echo "| | this client | ${OLD:+the client of OLD |}"
    echo "| --- | ---: | ${OLD:+---: |}"
    for what in up1 up2 status; do
        case $what in up1) label="upgrade --all-tenants -j 1" ;; up2) label="upgrade --all-tenants -j 2" ;; *) label="status --all-tenants" ;; esac
        row="| \`$label\` | $(med "${t[$what.0]}" 1000) |"
        [ -n "$OLD" ] && row+=" $(med "${t[$what.1]}" 1000) |"
        echo "$row"
    done
    echo "| \`tenants()\`, server side | $(med "${t[tenants]}" 1) | ${OLD:+|}"
    echo "| no-op \`upgrade_tenants()\`, server side | $(med "${t[upgrade_tenants]}" 1) | ${OLD:+|}"
    echo "| \`psql -c '"'"'SELECT 1'"'"'\` | $(med "${t[one]}" 1000) | ${OLD:+|}"
' "$N" "$RUNS" "$work" "$OLD"
