#!/usr/bin/env bash
# bench/fingerprint.sh: fingerprint() of the 1,000-table schema of
# bench/autogen.sh, a new backend's first call and a later call in the same
# session, for this checkout and for an older build of schemamig side by
# side on one throwaway cluster, runs alternated; checks that both builds
# give the schema the same fingerprint. Not part of the test command.
#
#   BASE=f2470bd bash bench/fingerprint.sh      # a commit of this repository
#   BASE_SRC=/path/to/tree bash bench/fingerprint.sh   # or a source tree
#   N=1000 RUNS=5 BENCH_PORT=54333 ...
#
# The older build is installed beside this one as $libdir/schemamig_base.so
# (removed at the end) and called through a function of its own, each call
# in a backend of its own (the two libraries define the same settings, so
# one backend loads only one of them). Times are server-side
# (clock_timestamp() around the call), in ms; medians of RUNS.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-1000}
RUNS=${RUNS:-5}
ensure_packages "${SERVER_PACKAGES[@]}"
work=$(mktemp -d)
chmod 755 "$work"
libdir=$("$PG_CONFIG" --pkglibdir)
trap '$SUDO rm -f "$libdir/schemamig_base.so"; rm -rf "$work"' EXIT
if [ -n "${BASE_SRC:-}" ]; then
    cp -a "$BASE_SRC/." "$work/base"
elif [ -n "${BASE:-}" ]; then
    mkdir "$work/base" && git archive "$BASE" | tar -x -C "$work/base"
else
    echo "set BASE (a commit) or BASE_SRC (a source tree) to compare with" >&2
    exit 2
fi
(cd "$work/base" && rm -f src/*.o src/*/*.o ./*.so &&
    make -s PG_CONFIG="$PG_CONFIG" >/dev/null) || { echo "building the older tree failed" >&2; exit 1; }
build_and_install >/dev/null
$SUDO cp "$work/base/schemamig.so" "$libdir/schemamig_base.so"
awk -v n="$N" -f bench/models.awk >"$work/models.sql"

cat >"$work/run.sh" <<'RUN'
set -euo pipefail
work=$1 RUNS=$2
P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
med() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { printf "%.0f", t[int((NR + 1) / 2)] / 1000 }'; }
list() { local x; for x in "$@"; do printf '%.0f ' "$(awk -v u="$x" 'BEGIN { print u / 1000 }')"; done; }
timed() {
    echo "SELECT (extract(epoch FROM clock_timestamp() - s) * 1000000)::bigint
            FROM (SELECT clock_timestamp() AS s) AS t, LATERAL (SELECT $1) AS f"
}
$P -c "CREATE DATABASE fp"
$P -d fp -c "CREATE EXTENSION schemamig"
$P -d fp -1 -f "$work/models.sql"
$P -d fp -c "CREATE FUNCTION fp_base(text DEFAULT 'public') RETURNS text
               AS '\$libdir/schemamig_base', 'schemamig_fingerprint' LANGUAGE C"
$P -d fp -c "VACUUM ANALYZE" -c "CHECKPOINT"
old=$($P -d fp -c "SELECT fp_base()")
new=$($P -d fp -c "SELECT schemamig.fingerprint()")
[ "$old" = "$new" ] || { echo "the builds disagree: $old (older) and $new (this one)" >&2; exit 1; }
bc=() nc=() bw=() nw=()
for _ in $(seq "$RUNS"); do
    bc+=("$($P -d fp -c "$(timed 'fp_base()')")")
    nc+=("$($P -d fp -c "$(timed 'schemamig.fingerprint()')")")
    bw+=("$($P -d fp -c "SELECT fp_base()" -c "$(timed 'fp_base()')" | tail -n 1)")
    nw+=("$($P -d fp -c "SELECT schemamig.fingerprint()" -c "$(timed 'schemamig.fingerprint()')" | tail -n 1)")
done
echo "each run in ms: older first call $(list "${bc[@]}")| this first call $(list "${nc[@]}")| older later call $(list "${bw[@]}")| this later call $(list "${nw[@]}")" >&2
echo "| build | \`fingerprint()\`, a new backend's first call | a later call |"
echo "|---|---:|---:|"
echo "| older | $(med "${bc[@]}") | $(med "${bw[@]}") |"
echo "| this checkout | $(med "${nc[@]}") | $(med "${nw[@]}") |"
echo
echo "Medians of $RUNS runs, alternated, in ms, server-side; both builds give the schema the fingerprint $new; PostgreSQL $(pg_config --version | cut -d' ' -f2), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
RUN

cluster_opts=()
[ -n "${BENCH_PORT:-}" ] && cluster_opts=(-c "-p $BENCH_PORT")
pg_virtualenv -t -v "$PGVERSION" -o fsync=on -o max_locks_per_transaction=4096 "${cluster_opts[@]}" \
    bash "$work/run.sh" "$work" "$RUNS"
