#!/usr/bin/env bash
# bench/client.sh [N]: the command-line client at N files (default 10,000),
# whole-process wall times: the first upgrade (register and apply), then
# median of 5 of a no-op upgrade, status, status --check and the offline
# sql, beside psql -c 'SELECT 1' and psql -c 'SELECT schemamig.upgrade()'.
# Runs against the server the PG* variables name, in a scratch database;
# N = 10,000 in one transaction needs max_locks_per_transaction = 4096, e.g.
#   pg_virtualenv -o max_locks_per_transaction=4096 bash bench/client.sh
# SCHEMAMIG_BIN picks the client (default: the installed one).
set -eu
n=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(pg_config --bindir)
sm=${SCHEMAMIG_BIN:-$bin/schemamig}
work=$(mktemp -d)
trap 'rm -rf "$work"; "$bin/dropdb" --if-exists bench_client >/dev/null 2>&1' EXIT
python3 "$here/gen.py" "$n" "$work" >/dev/null
export PGDATABASE=bench_client PGOPTIONS="-c client_min_messages=warning"
"$bin/dropdb" --if-exists bench_client >/dev/null 2>&1
"$bin/createdb" bench_client
"$bin/psql" -X -q -c 'CREATE EXTENSION schemamig'
cd "$work/client"

# median of 5 whole-process runs, in ms
median() {
    python3 - "$@" <<'PY'
import subprocess, sys, time
ts = []
for _ in range(5):
    s = time.perf_counter()
    r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ts.append((time.perf_counter() - s) * 1000)
    if r.returncode not in (0, 1):
        sys.exit("failed: %s" % " ".join(sys.argv[1:]))
print("%.0f" % sorted(ts)[2])
PY
}
start=$(date +%s%N)
"$sm" -q upgrade
echo "N=$n first upgrade (register and apply): $(( ($(date +%s%N) - start) / 1000000 )) ms"
echo "N=$n no-op upgrade: $(median "$sm" -q upgrade) ms"
echo "N=$n status: $(median "$sm" status) ms"
echo "N=$n status --check: $(median "$sm" status --check) ms"
echo "N=$n sql (offline): $(median env PGHOST=/nonexistent "$sm" sql) ms"
echo "psql -c 'SELECT 1': $(median "$bin/psql" -X -c 'SELECT 1') ms"
echo "psql -c 'SELECT schemamig.upgrade()': $(median "$bin/psql" -X -c 'SELECT schemamig.upgrade()') ms"
