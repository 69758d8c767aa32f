#!/usr/bin/env bash
# bench/lint.sh: lint() of N pending revisions (the bench workload: a table
# and an index per revision, every tenth an added column), timed
# server-side, median of RUNS, on a throwaway cluster. Prints one line
# "lint N=... median ... ms (runs: ...)". Not part of the test command.
#
#   bash bench/lint.sh            # N = 10000, 5 runs
#   N=1000 RUNS=3 bash bench/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-10000}
RUNS=${RUNS:-5}
ensure_packages "${SERVER_PACKAGES[@]}"
build_and_install >/dev/null

# shellcheck disable=SC2016
pg_virtualenv -t -v "$PGVERSION" -o fsync=on bash -c '
    set -euo pipefail
    P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
    $P -c "CREATE EXTENSION schemamig"
    $P -c "SET client_min_messages = warning;
           SELECT count(schemamig.add_revision(format(\$\$r%s\$\$, to_char(i, \$\$FM00000\$\$)),
               CASE WHEN i % 10 = 0 THEN format(\$\$ALTER TABLE bench_t%s ADD COLUMN extra_%s text;\$\$, i - 1, i)
                    ELSE format(\$\$CREATE TABLE bench_t%s (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());
CREATE INDEX bench_t%s_name ON bench_t%s(name);\$\$, i, i, i) END,
               \$\$SELECT 1\$\$))
             FROM generate_series(1, $0) AS i" >/dev/null
    times=()
    for _ in $(seq "$1"); do
        times+=("$($P -c "SELECT extract(epoch FROM clock_timestamp() - s) * 1000
                           FROM (SELECT clock_timestamp() AS s) AS t, LATERAL (SELECT count(*) FROM schemamig.lint()) AS l")")
    done
    printf "%s\n" "${times[@]}" | sort -n | awk -v n="$0" "{ t[NR] = \$1 } END { printf \"lint N=%d median %.0f ms (runs:\", n, t[int((NR + 1) / 2)]; for (i = 1; i <= NR; i++) printf \" %.0f\", t[i]; print \")\" }"
' "$N" "$RUNS"
