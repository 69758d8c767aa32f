# bench/timing.sh: sourced by bench/autogen.sh, bench/autogen_change.sh and
# bench/reversible.sh, and by the run.sh each writes and runs in a throwaway
# cluster: the setup they share, wall times in microseconds, how they print,
# and diff()'s own timings.

# Build and install (scripts/lib.sh), a work directory removed at exit with
# this file in it, and the cluster's port option from BENCH_PORT.
bench_prepare() {
    ensure_packages "${SERVER_PACKAGES[@]}"
    build_and_install >/dev/null
    cluster_opts=()
    [ -n "${BENCH_PORT:-}" ] && cluster_opts=(-c "-p $BENCH_PORT")
    work=$(mktemp -d)
    chmod 755 "$work"
    trap 'rm -rf "$work"' EXIT
    cp bench/timing.sh "$work/"
}

# wall time of a command, in microseconds
us() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000)); }
# the median of the arguments
med() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
# microseconds as milliseconds, one, or a list of them
ms() { awk -v u="$1" 'BEGIN { printf "%.0f", u / 1000 }'; }
list() { local x; for x in "$@"; do printf '%s ' "$(ms "$x")"; done; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
num() { printf "%'d" "$1"; }

# diff()'s DEBUG1 timings of one call ($P -d DB -f FILE), in microseconds:
# "model-run scratch-read rollback target-read compare-and-write"
phases() {
    $P -d "$1" -c "SET client_min_messages = debug1" -f "$2" 2>&1 >/dev/null |
        sed -nE 's/.*diff: model ran in ([0-9.]+) ms, its schema read in ([0-9.]+) ms, rolled back in ([0-9.]+) ms.*/M \1 \2 \3/p
                 s/.*diff: schema .* read in ([0-9.]+) ms, compared and written in ([0-9.]+) ms.*/T \1 \2/p' |
        awk '$1 == "M" { m = $2; s = $3; r = $4 } $1 == "T" { t = $2; c = $3 }
             END { printf "%d %d %d %d %d\n", m * 1000, s * 1000, r * 1000, t * 1000, c * 1000 }'
}
