#!/usr/bin/env bash
# bench/tenant_noop.sh: the client's no-op for a tenant of a tenants-only
# deployment (nothing ever applied to the default tenant), with N files
# (bench/gen.py's workload) applied: the whole `schemamig --tenant t1
# upgrade` and `--tenant t1 status --check` with nothing to do, beside the
# default tenant's no-op (`schemamig upgrade` in a database whose own
# applied set is at head) and `psql -c 'SELECT 1'`, alternated round by
# round in one run on a throwaway cluster (fsync on; 10,000 revisions in one
# transaction need max_locks_per_transaction = 4096), median of RUNS each. Also counts
# the statements of the tenant's no-op (-v). Not part of the test command.
#
#   bash bench/tenant_noop.sh              # N = 10000, 11 runs
#   N=1000 RUNS=5 bash bench/tenant_noop.sh
#   BENCH_PORT=54321 ...                   # the cluster on this port
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-10000}
RUNS=${RUNS:-11}
ensure_packages "${SERVER_PACKAGES[@]}" python3
build_and_install >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen.py "$N" "$work/g" >/dev/null

port_opts=()
[ -n "${BENCH_PORT:-}" ] && port_opts=(-c "-p $BENCH_PORT")
# shellcheck disable=SC2016
pg_virtualenv -t -v "$PGVERSION" "${port_opts[@]}" -o fsync=on -o max_locks_per_transaction=4096 bash -c '
    set -euo pipefail
    N=$0 RUNS=$1
    cd "$2/g/client"
    bin=$(pg_config --bindir)
    P="$bin/psql -X -q -At -v ON_ERROR_STOP=1"
    sm=$bin/schemamig
    for d in bench_tenant bench_default; do
        "$bin/createdb" "$d"
        $P -d "$d" -c "CREATE EXTENSION schemamig"
    done
    $P -d bench_tenant -c "SELECT schemamig.add_tenant(\$\$t1\$\$)" >/dev/null
    PGDATABASE=bench_tenant "$sm" -q --tenant t1 upgrade
    PGDATABASE=bench_default "$sm" -q upgrade
    [ "$($P -d bench_tenant -c "SELECT count(*) FROM schemamig.applied WHERE tenant = \$\$\$\$")" = 0 ] ||
        { echo "the default tenant has something applied" >&2; exit 1; }
    stmts=$(PGDATABASE=bench_tenant "$sm" -v --tenant t1 upgrade 2>&1 >/dev/null | grep -c "^schemamig: ran:")
    ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || [ $? = 1 ]; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
    one=() tup=() tcheck=() dup=()
    for _ in $(seq "$RUNS"); do
        one+=("$(ms $P -d bench_tenant -c "SELECT 1")")
        tup+=("$(PGDATABASE=bench_tenant ms "$sm" -q --tenant t1 upgrade)")
        tcheck+=("$(PGDATABASE=bench_tenant ms "$sm" -q --tenant t1 status --check)")
        dup+=("$(PGDATABASE=bench_default ms "$sm" -q upgrade)")
    done
    med() { printf "%s\n" "$@" | sort -n | awk "{ t[NR] = \$1 } END { printf \"%.1f\", t[int((NR + 1) / 2)] / 1000 }"; }
    echo "tenant no-op, N=$N files, nothing applied to the default tenant; medians of $RUNS, alternated:"
    echo "  schemamig --tenant t1 upgrade        $(med "${tup[@]}") ms ($stmts statement)"
    echo "  schemamig --tenant t1 status --check $(med "${tcheck[@]}") ms"
    echo "  schemamig upgrade (default tenant)   $(med "${dup[@]}") ms"
    echo "  psql -c SELECT 1                     $(med "${one[@]}") ms"
' "$N" "$RUNS" "$work"
