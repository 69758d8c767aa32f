#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, installs,
# runs every suite against a throwaway PostgreSQL 15 cluster, and ends with
# "N passed, N failed". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_packages "${SERVER_PACKAGES[@]}" "${TEST_PACKAGES[@]}" || { echo "0 passed, 1 failed"; exit 1; }
make -s metacheck || { echo "0 passed, 1 failed"; exit 1; }
build_and_install || { echo "0 passed, 1 failed"; exit 1; }

# pg_virtualenv -t: a private cluster in a temporary directory, gone afterwards
summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
pg_virtualenv -t -v "$PGVERSION" bash scripts/run-suites.sh "$summary"
rc=$?
if [ -s "$summary" ]; then
    cat "$summary"
else
    echo "0 passed, 1 failed"
    rc=1
fi
exit "$rc"
