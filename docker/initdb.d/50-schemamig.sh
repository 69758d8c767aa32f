#!/usr/bin/env bash
# /docker-entrypoint-initdb.d/50-schemamig.sh: on the first start of a fresh
# data directory, create the extension and upgrade to head from the mounted
# migrations directory. Any failure (a revision that fails, say) fails the
# start: the entrypoint stops on a non-zero exit. Later starts do not run
# this; the compose file's one-shot "migrate" service upgrades then.
set -euo pipefail

dir=${SCHEMAMIG_DIR:-/migrations}
db=${POSTGRES_DB:-${POSTGRES_USER:-postgres}}
user=${POSTGRES_USER:-postgres}

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$user" --dbname "$db" \
    -c 'CREATE EXTENSION IF NOT EXISTS schemamig'
if [ -d "$dir" ]; then
    schemamig -D "$dir" -d "dbname=$db user=$user" upgrade
else
    echo "schemamig: no migrations directory at $dir; nothing to apply"
fi
