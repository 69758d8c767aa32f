#!/usr/bin/env bash
# bench/client.sh: the command-line client as a contender beside the server
# path and raw psql, at N = 1,000 and 10,000 files, in one table (markdown
# on stdout). Whole-process wall times in ms:
#   - raw `psql -X -1 -f` of the same SQL (apply only; nothing else to time);
#   - the server path: the N add_revision() calls in one transaction, then
#     SELECT schemamig.upgrade(), each through psql (the two summed); its
#     no-op is `psql -c 'SELECT schemamig.upgrade()'`;
#   - the client: the first `schemamig upgrade` of the N new files (it
#     registers and applies them), then a no-op upgrade, status,
#     status --check and the offline sql.
# The applies are medians of BENCH_ROUNDS rounds, the three contenders
# alternated in each, the order rotating from round to round, each in a
# fresh database after a CHECKPOINT (and with max_wal_size and
# checkpoint_timeout raised, so that no checkpoint falls in a run); every
# run after them (on the client's database, after VACUUM ANALYZE and a
# CHECKPOINT) is the median of 5, with `psql -c 'SELECT 1'` timed
# alternately with the client's no-op (the 5x target) and tar of the
# versions directory into a pipe (reading the files alone; GNU tar skips
# reading them when its archive is /dev/null itself). Each apply's rounds
# go to stderr, one line per N.
#
# Runs against the server the PG* variables name; 10,000 revisions in one
# transaction need max_locks_per_transaction = 4096, and published figures
# want fsync on:
#   pg_virtualenv -o fsync=on -o max_locks_per_transaction=4096 bash bench/client.sh
# BENCH_NS picks the N (default "1000 10000"), BENCH_ROUNDS how many
# alternated rounds of the three applies give their medians (default 3);
# SCHEMAMIG_BIN the client (default: the installed one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(pg_config --bindir)
sm=${SCHEMAMIG_BIN:-$bin/schemamig}
NS=${BENCH_NS:-"1000 10000"}
ROUNDS=${BENCH_ROUNDS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"; "$bin/dropdb" --if-exists bench_client >/dev/null 2>&1' EXIT
export PGDATABASE=bench_client PGOPTIONS="-c client_min_messages=warning"
# no checkpoint in the middle of a run: each starts after one
$bin/psql -X -q -d postgres -c "ALTER SYSTEM SET max_wal_size = '16GB'" \
    -c "ALTER SYSTEM SET checkpoint_timeout = '1h'" -c "SELECT pg_catalog.pg_reload_conf()" >/dev/null
PSQL="$bin/psql -X -q -v ON_ERROR_STOP=1"

fresh() {
    "$bin/dropdb" --if-exists bench_client >/dev/null 2>&1
    "$bin/createdb" bench_client
    [ "${1:-}" = raw ] || $PSQL -c 'CREATE EXTENSION schemamig'
    $PSQL -d postgres -c CHECKPOINT
}
# one whole-process run, in ms
ms() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    e=$(date +%s%N)
    echo $(( (e - s) / 1000000 ))
}
# medians of 5 runs of each command given (one per argument, a shell
# word list each), alternated run by run; exit status 0 or 1 accepted
medians() {
    python3 - "$@" <<'PY'
import shlex, subprocess, sys, time
cmds = [shlex.split(c) for c in sys.argv[1:]]
ts = [[] for _ in cmds]
for _ in range(5):
    for i, c in enumerate(cmds):
        s = time.perf_counter()
        r = subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ts[i].append((time.perf_counter() - s) * 1000)
        if r.returncode != 0:
            sys.exit("failed: %s" % " ".join(c))
print(" ".join("%.0f" % sorted(t)[2] for t in ts))
PY
}
applied() { $PSQL -At -c 'SELECT count(*) FROM schemamig.applied'; }

echo "| N | contender | first apply (register and apply) | no-op upgrade | status | status --check | sql (offline) | apply ÷ raw psql | apply ÷ server path |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
declare -A first
for n in $NS; do
    rm -rf "$work/g"
    python3 "$here/gen.py" "$n" "$work/g" >/dev/null

    # the three applies, alternated round by round (this machine's load
    # swings more than the contenders differ): medians of ROUNDS
    raws=() regs=() ups=() clients=()
    for round in $(seq "$ROUNDS"); do
        for k in 0 1 2; do
            # rotating, the client last in the final round: the no-ops
            # below are timed on its database
            case $(( (k + round - ROUNDS + 3 * ROUNDS) % 3 )) in
            0)
                fresh raw
                raws+=("$(ms $PSQL -1 -f "$work/g/raw/up.sql")")
                ;;
            1)
                fresh
                regs+=("$(ms $PSQL -1 -f "$work/g/schemamig/register.sql")")
                ups+=("$(ms $PSQL -c 'SELECT schemamig.upgrade()')")
                [ "$(applied)" = "$n" ] || { echo "server path applied $(applied) of $n" >&2; exit 1; }
                ;;
            2)
                fresh
                cd "$work/g/client"
                clients+=("$(ms "$sm" -q upgrade)")
                [ "$(applied)" = "$n" ] || { echo "the client applied $(applied) of $n" >&2; exit 1; }
                cd "$here"
                ;;
            esac
        done
    done
    echo "rounds at N = $n: raw ${raws[*]}; server path ${regs[*]} + ${ups[*]}; client ${clients[*]}" >&2
    med() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
    sums=()
    for k in "${!regs[@]}"; do sums+=("$((regs[k] + ups[k]))"); done
    raw=$(med "${raws[@]}") reg=$(med "${regs[@]}") up=$(med "${ups[@]}")
    server=$(med "${sums[@]}") client=$(med "${clients[@]}")
    # the no-ops are timed on a settled database, as a container starting
    # later finds it: not beside autovacuum's work on the new tables
    $PSQL -c 'VACUUM ANALYZE' -c CHECKPOINT
    server_noop=$(medians "$PSQL -c 'SELECT schemamig.upgrade()'")
    cd "$work/g/client"
    read -r noop one <<<"$(medians "$sm -q upgrade" "$PSQL -c 'SELECT 1'")"
    read -r status check sql files <<<"$(medians "$sm status" "$sm status --check" \
        "env PGHOST=/nonexistent $sm sql" "sh -c 'tar -cf - migrations | cat >/dev/null'")"
    cd "$here"
    first[$n]=$client

    ratio() { python3 -c "print('%.2f×' % ($1 / $2))"; }
    echo "| $n | raw \`psql -X -1 -f\` | $raw | — | — | — | — | 1.00× | $(ratio "$raw" "$server") |"
    echo "| $n | server path: $n \`add_revision()\` in one transaction, then \`SELECT schemamig.upgrade()\` | $server (medians: $reg + $up) | $server_noop | — | — | — | $(ratio "$server" "$raw") | 1.00× |"
    echo "| $n | client \`schemamig\` | $client | $noop ($(ratio "$noop" "$one") \`SELECT 1\`) | $status | $check | $sql | $(ratio "$client" "$raw") | $(ratio "$client" "$server") |"
    echo "| $n | for comparison: \`psql -c 'SELECT 1'\`; reading the files alone (\`tar\` into a pipe) | — | $one | — | — | $files | | |"
done
set -- $NS
if [ $# -ge 2 ]; then
    echo
    echo "client first apply at N = $2 ÷ at N = $1: $(python3 -c "print('%.1f×' % (${first[$2]} / ${first[$1]}))")"
fi
