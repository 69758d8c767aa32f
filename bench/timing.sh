# bench/timing.sh: sourced by bench/autogen.sh and bench/reversible.sh,
# and by the run.sh each writes and runs in a throwaway cluster: the setup
# both share, wall times in microseconds, and how they print.

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
