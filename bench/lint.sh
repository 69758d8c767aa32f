#!/usr/bin/env bash
# bench/lint.sh: lint() of N pending revisions (the bench workload: a table
# and an index per revision, every tenth an added column; with
# WORKLOAD=domains, over 2,000 tables with a row each, a column type change
# and an ALTER DOMAIN ... ADD CONSTRAINT per revision; with
# WORKLOAD=dropschema, one revision that drops a schema of N tables with
# CASCADE, and an enum of it used elsewhere; with WORKLOAD=truncatechain,
# one revision of TRUNCATE ... CASCADE of the first of N tables with a row
# each, each table's primary key referenced by the next; with WORKLOAD=renames,
# N tables the plan creates across 200 schemas, then a revision per schema
# that renames it and names a table of the catalog's and one of the plan's
# there by the new name; with WORKLOAD=partitions, one revision that
# changes a column's type in a partitioned table of N partitions with a row
# each; with WORKLOAD=trace, trace() of the bench workload's
# revisions instead of lint()), timed server-side, median of RUNS, on a
# throwaway cluster. Prints one line "lint N=... median ... ms (runs:
# ...)". ROWS=file writes the rows of the last run there (but trace()'s
# durations), to compare two builds; PORT, the cluster's port; LOCKS, its
# max_locks_per_transaction. Not part of the test command.
#
#   bash bench/lint.sh            # N = 10000, 5 runs
#   N=1000 RUNS=3 bash bench/lint.sh
#   WORKLOAD=domains bash bench/lint.sh
#   N=1000 WORKLOAD=dropschema bash bench/lint.sh
#   N=10000 WORKLOAD=truncatechain bash bench/lint.sh
#   N=10000 WORKLOAD=renames bash bench/lint.sh
#   N=10000 WORKLOAD=partitions bash bench/lint.sh
#   N=1000 LOCKS=2048 WORKLOAD=trace bash bench/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
N=${N:-10000}
RUNS=${RUNS:-5}
WORKLOAD=${WORKLOAD:-tables}
ROWS=${ROWS:-}
opts=(-o fsync=on)
[ -z "${PORT:-}" ] || opts+=(-c "-p $PORT")
[ -z "${LOCKS:-}" ] || opts+=(-o "max_locks_per_transaction=$LOCKS")
ensure_packages "${SERVER_PACKAGES[@]}"
build_and_install >/dev/null

# shellcheck disable=SC2016
pg_virtualenv -t -v "$PGVERSION" "${opts[@]}" bash -c '
    set -euo pipefail
    P="$(pg_config --bindir)/psql -X -q -At -v ON_ERROR_STOP=1"
    $P -c "CREATE EXTENSION schemamig"
    if [ "$2" = domains ]; then
        $P -c "CREATE DOMAIN bench_d AS int"
        for i in $(seq 2000); do echo "CREATE TABLE bench_t$i (id int, c int); INSERT INTO bench_t$i VALUES (1, 1);"; done | $P
        $P -c "SET client_min_messages = warning;
               SELECT count(schemamig.add_revision(format(\$\$r%s\$\$, to_char(i, \$\$FM00000\$\$)),
                   format(\$\$SET LOCAL lock_timeout = %L;%sALTER TABLE bench_t%s ALTER COLUMN c TYPE bigint;%sALTER DOMAIN bench_d ADD CONSTRAINT k%s CHECK (VALUE > 0);\$\$,
                          \$\$1s\$\$, chr(10), i % 2000 + 1, chr(10), i),
                   \$\$SELECT 1\$\$))
                 FROM generate_series(1, $0) AS i" >/dev/null
    elif [ "$2" = dropschema ]; then
        $P -c "CREATE SCHEMA bench_s; CREATE TYPE bench_s.mood AS ENUM (\$\$a\$\$); CREATE TABLE bench_o (m bench_s.mood[])"
        for i in $(seq "$0"); do echo "CREATE TABLE bench_s.t$i (id int PRIMARY KEY, name text, created_at timestamptz);"; done | $P
        $P -c "SELECT schemamig.add_revision(\$\$r1\$\$, \$\$DROP SCHEMA bench_s CASCADE;\$\$, \$\$SELECT 1\$\$)" >/dev/null
    elif [ "$2" = truncatechain ]; then
        $P -c "CREATE TABLE bench_c0 (id int PRIMARY KEY); INSERT INTO bench_c0 VALUES (1)"
        for i in $(seq "$0"); do echo "CREATE TABLE bench_c$i (id int PRIMARY KEY REFERENCES bench_c$((i - 1))); INSERT INTO bench_c$i VALUES (1);"; done | $P
        $P -c "SELECT schemamig.add_revision(\$\$r1\$\$, \$\$TRUNCATE bench_c0 CASCADE;\$\$, \$\$SELECT 1\$\$)" >/dev/null
    elif [ "$2" = partitions ]; then
        $P -c "CREATE TABLE bench_p (id int, c int) PARTITION BY RANGE (id)"
        for i in $(seq "$0"); do echo "CREATE TABLE bench_p$i PARTITION OF bench_p FOR VALUES FROM ($i) TO ($((i + 1)));"; done | $P
        $P -c "INSERT INTO bench_p SELECT i, i FROM generate_series(1, $0) AS i"
        $P -c "SELECT schemamig.add_revision(\$\$r1\$\$, \$\$ALTER TABLE bench_p ALTER COLUMN c TYPE bigint;\$\$, \$\$SELECT 1\$\$)" >/dev/null
    elif [ "$2" = renames ]; then
        for j in $(seq 200); do echo "CREATE SCHEMA bench_r$j; CREATE TABLE bench_r$j.c (id int); INSERT INTO bench_r$j.c VALUES (1);"; done | $P
        $P -c "SET client_min_messages = warning;
               SELECT count(schemamig.add_revision(format(\$\$r%s\$\$, to_char(i, \$\$FM00000\$\$)),
                   CASE WHEN i <= $0 THEN format(\$\$CREATE TABLE bench_r%s.t%s (id int);\$\$, i % 200 + 1, i)
                        ELSE format(\$\$ALTER SCHEMA bench_r%s RENAME TO bench_q%s;%sTRUNCATE bench_q%s.c;%sCREATE INDEX CONCURRENTLY ON bench_q%s.t%s (id);\$\$,
                                    i - $0, i - $0, chr(10), i - $0, chr(10), i - $0, i - $0 + 200 - 1) END,
                   \$\$SELECT 1\$\$))
                 FROM generate_series(1, $0 + 200) AS i" >/dev/null
    else
        $P -c "SET client_min_messages = warning;
               SELECT count(schemamig.add_revision(format(\$\$r%s\$\$, to_char(i, \$\$FM00000\$\$)),
                   CASE WHEN i % 10 = 0 THEN format(\$\$ALTER TABLE bench_t%s ADD COLUMN extra_%s text;\$\$, i - 1, i)
                        ELSE format(\$\$CREATE TABLE bench_t%s (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());
CREATE INDEX bench_t%s_name ON bench_t%s(name);\$\$, i, i, i) END,
                   \$\$SELECT 1\$\$))
                 FROM generate_series(1, $0) AS i" >/dev/null
    fi
    if [ "$2" = trace ]; then
        f="schemamig.trace()"
        cols="revision, statement, line, relation, lock_mode, rewritten"
    else
        f="schemamig.lint()"
        cols="*"
    fi
    times=()
    for _ in $(seq "$1"); do
        times+=("$($P -c "SELECT extract(epoch FROM clock_timestamp() - s) * 1000
                           FROM (SELECT clock_timestamp() AS s) AS t, LATERAL (SELECT count(*) FROM $f) AS l")")
    done
    [ -z "$3" ] || $P -c "SELECT $cols FROM $f" >"$3"
    printf "%s\n" "${times[@]}" | sort -n | awk -v n="$0" "{ t[NR] = \$1 } END { printf \"lint N=%d median %.0f ms (runs:\", n, t[int((NR + 1) / 2)]; for (i = 1; i <= NR; i++) printf \" %.0f\", t[i]; print \")\" }"
' "$N" "$RUNS" "$WORKLOAD" "$ROWS"
