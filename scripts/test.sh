#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, installs,
# runs every suite against a throwaway PostgreSQL cluster, and ends with
# "N passed, N failed". Exits non-zero on any failure.
#
#   bash scripts/test.sh                      the host's PostgreSQL 15
#   bash scripts/test.sh --versions "15 17 18"
#
# --versions lists the PostgreSQL majors to test. 15 is the host's own
# (bookworm) server, built and installed on the host exactly as without the
# option. Every other version runs in a cached root file system of the
# Debian release that packages it (scripts/rootfs.sh): the checkout is
# copied in, and inside it the same steps run against that version's own
# throwaway cluster. A list without 15 leaves the host's PostgreSQL alone:
# nothing is installed, built or run on the host but debootstrap.
#
# The benchmark scripts' suite (test/bench: each script of bench/ at its
# smallest sizes) runs once, with the first version tested.
#
# Each version ends with "pgNN: N passed, N failed" (its failures listed
# above it as "pgNN failed: ..."), and the last line counts every version.
set -uo pipefail
cd "$(dirname "$0")/.."

# the version scripts/lib.sh builds for without SCHEMAMIG_PG; with
# SCHEMAMIG_ROOTFS_ONLY=1 it too runs in a root file system (bookworm), for
# a machine whose PostgreSQL 15 installation must be left alone
HOST_PG=15
[ -n "${SCHEMAMIG_ROOTFS_ONLY:-}" ] && HOST_PG=none

usage() {
    sed -n '2,21s/^# \{0,1\}//p' "$0"
}

# Test PostgreSQL $1 on this system (the host, or inside a root file
# system), its cluster on port $2 (empty: pg_virtualenv picks one), and
# write run-suites.sh's summary to $3; with a fourth argument --bench, the
# benchmark scripts' suite too.
test_here() {
    local summary=$3 cluster_opts=()
    SCHEMAMIG_PG=$1
    . scripts/lib.sh
    [ -n "$2" ] && cluster_opts=(-c "-p $2")
    fail() { printf 'failed: %s\n0 passed, 1 failed\n' "$1" >"$summary"; return 1; }

    ensure_packages "${SERVER_PACKAGES[@]}" "${TEST_PACKAGES[@]}" || { fail "installing packages"; return 1; }
    make -s metacheck || { fail "META.json"; return 1; }
    build_and_install || { fail "building with -Werror and installing"; return 1; }

    # pg_virtualenv -t: a private cluster in a temporary directory, gone afterwards
    pg_virtualenv -t -v "$PGVERSION" "${cluster_opts[@]}" bash scripts/run-suites.sh "$summary"
    local rc=$?
    # then the benchmark scripts, which start clusters of their own (on this
    # port when one was given)
    if [ "${4:-}" = --bench ]; then
        ${2:+env PGPORT=$2} bash scripts/run-suites.sh --bench "$summary" || rc=1
    fi
    return $rc
}

# Inside a root file system: test.sh --in-root VERSION PORT SUMMARY [--bench]
if [ "${1:-}" = --in-root ]; then
    [ $# -eq 4 ] || [ $# -eq 5 ] || { echo "usage: $0 --in-root VERSION PORT SUMMARY [--bench]" >&2; exit 2; }
    test_here "$2" "$3" "$4" "${5:-}"
    exit
fi

versions=15
while [ $# -gt 0 ]; do
    case $1 in
        --versions) [ $# -ge 2 ] || { usage >&2; exit 2; }; versions=$2; shift 2 ;;
        --versions=*) versions=${1#--versions=}; shift ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
# each version once, in the order given
read -r -a versions <<<"$(echo "$versions" | tr ', ' '\n\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')"
[ ${#versions[@]} -gt 0 ] || { echo "--versions names no version" >&2; exit 2; }

. scripts/lib.sh
. scripts/rootfs.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
total_passed=0
total_failed=0

# Print version $1's failures and its count from summary $2; add to the total.
report() {
    local v=$1 summary=$2 last p=0 f=1
    last=$(tail -n 1 "$summary" 2>/dev/null)
    if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        p=${BASH_REMATCH[1]}
        f=${BASH_REMATCH[2]}
        sed '$d' "$summary" | sed "s/^/pg$v /"
    else
        echo "pg$v failed: the suite ended without a count"
    fi
    echo "pg$v: $p passed, $f failed"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
}

# Make the missing root file systems first, one after the other (side by
# side they took longer here: the downloads and dpkg share one disk).
declare -A prepared
for v in "${versions[@]}"; do
    [ "$v" = "$HOST_PG" ] && continue
    if [[ ! $v =~ ^[0-9]+$ ]]; then
        printf 'failed: "%s" is not a PostgreSQL major version\n0 passed, 1 failed\n' "$v" >"$work/summary.$v"
    elif ! release=$(rootfs_release "$v"); then
        printf 'failed: no Debian release that these machines reach packages PostgreSQL %s\n0 passed, 1 failed\n' \
            "$v" >"$work/summary.$v"
    elif [ -d "$ROOTFS_DIR/pg$v" ]; then
        echo "== PostgreSQL $v: root file system $ROOTFS_DIR/pg$v (cached)"
        prepared[$v]=1
    else
        echo "== PostgreSQL $v: making root file system $ROOTFS_DIR/pg$v (Debian $release)"
        start=$SECONDS
        if rootfs_prepare "$v" "$work/prepare.$v"; then
            echo "== PostgreSQL $v: root file system made in $((SECONDS - start))s"
            prepared[$v]=1
        else
            echo "== PostgreSQL $v: could not make the root file system:"
            tail -n 25 "$work/prepare.$v"
            printf 'failed: making the root file system (%s)\n0 passed, 1 failed\n' \
                "$(tail -n 1 "$work/prepare.$v")" >"$work/summary.$v"
        fi
    fi
done

bench=--bench
for v in "${versions[@]}"; do
    summary=$work/summary.$v
    start=$SECONDS
    if [ "$v" = "$HOST_PG" ]; then
        echo "=== PostgreSQL $v (this host)"
        (test_here "$v" "" "$summary" "$bench")
        bench=
    elif [ -n "${prepared[$v]:-}" ]; then
        if port=$(rootfs_port "$v"); then
            echo "=== PostgreSQL $v (Debian $(rootfs_release "$v") in $ROOTFS_DIR/pg$v, port $port)"
            rootfs_test "$v" "$port" "$summary" "$bench"
            bench=
        else
            printf 'failed: no free port for its cluster\n0 passed, 1 failed\n' >"$summary"
        fi
    fi
    echo "== PostgreSQL $v took $((SECONDS - start)) s"
    report "$v" "$summary"
done

echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
