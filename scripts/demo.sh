#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, installs, and
# runs demo/webapp.sql in a throwaway PostgreSQL 15 cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_packages "${SERVER_PACKAGES[@]}"
build_and_install
pg_virtualenv -t -v "$PGVERSION" sh -c '"$("$PG_CONFIG" --bindir)/psql" -X -f demo/webapp.sql'
