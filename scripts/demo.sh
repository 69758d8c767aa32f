#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, installs, and
# runs demo/webapp.sql in a throwaway PostgreSQL 15 cluster (or the version
# in SCHEMAMIG_PG). The demo's revisions are written by autogenerate() from
# the two versions of its models file, demo/models.v1.sql and
# demo/models.v2.sql, which webapp.sql reads from the repository's root.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_packages "${SERVER_PACKAGES[@]}"
build_and_install
pg_virtualenv -t -v "$PGVERSION" sh -c '"$("$PG_CONFIG" --bindir)/psql" -X -f demo/webapp.sql'
