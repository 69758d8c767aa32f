#!/usr/bin/env bash
# bench/versions.sh: the benchmark's schemamig and raw psql rows at one N on
# several PostgreSQL versions, each run by bench/run.sh (BENCH_PEER_MAX=0)
# inside that version's root file system (scripts/rootfs.sh), 15 included,
# so that every version runs under the same conditions and the host's
# installation is left alone. Writes bench/versions.md. As root.
#
#   bash bench/versions.sh                                # N = 1000 on 15 and 18
#   BENCH_VERSIONS="15 17 18" BENCH_N=100 bash bench/versions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
. scripts/rootfs.sh

VERSIONS=${BENCH_VERSIONS:-"15 18"}
N=${BENCH_N:-1000}
RUNS=${BENCH_RUNS:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for v in $VERSIONS; do
    echo "== PostgreSQL $v"
    if [ ! -d "$ROOTFS_DIR/pg$v" ]; then
        rootfs_prepare "$v" "$out/prepare.$v" || { tail -n 20 "$out/prepare.$v"; exit 1; }
    fi
    # the run's measurements and report stay in the copy: take them out
    rootfs_with_checkout "$v" env SCHEMAMIG_PG="$v" BENCH_NS="$N" BENCH_PEER_MAX=0 BENCH_RUNS="$RUNS" \
        bash -c 'bash /build/bench/run.sh && mkdir -p /bench-out &&
            grep "^'"$N"' " /build/bench/measurements.txt >/bench-out/measurements.txt &&
            cp /build/bench/results.md /bench-out/results.md'
    mv "$ROOTFS_DIR/pg$v/bench-out" "$out/$v"
done

# one table: apply, no-op and revert per version, and the server-side lines
{
    echo "# schemamig benchmark across PostgreSQL versions"
    echo
    echo "Written by \`bash bench/versions.sh\` on $(hostname) ($(nproc) cores): \`bench/run.sh\` with"
    echo "N = $N, $RUNS runs each (medians, ms of wall time), schemamig and raw psql only, each version in"
    echo "its Debian root file system (scripts/rootfs.sh) on the same machine, one after the other."
    echo
    echo "| PostgreSQL | contender | register | apply | no-op | revert |"
    echo "| --- | --- | ---: | ---: | ---: | ---: |"
    for v in $VERSIONS; do
        pg=$(sed -n 's/.*PostgreSQL \([0-9][0-9.]*\).*/\1/p' "$out/$v/results.md" | head -n 1)
        while read -r n c prep apply noop revert; do
            echo "| $pg | $c | $prep | $apply | $noop | $revert |"
        done <"$out/$v/measurements.txt"
    done
    echo
    for v in $VERSIONS; do
        echo "Server side on PostgreSQL $v (from bench/results.md of that run):"
        echo
        awk '/^## Server side/ { f = 1; next } f && /^## / { exit } f' "$out/$v/results.md"
        echo
    done
} >bench/versions.md
echo "wrote bench/versions.md"
