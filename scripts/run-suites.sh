#!/usr/bin/env bash
# run-suites.sh SUMMARY: inside pg_virtualenv (PG* variables point at a
# throwaway cluster), the pg_regress and isolation suites, pgTAP files
# through pg_prove, and the shell and reliability TAP tests through prove.
# run-suites.sh --bench SUMMARY: afterwards, outside any cluster, the
# benchmark scripts' suite (test/bench: the scripts start clusters of their
# own), its counts added to those SUMMARY already holds.
# Prints each suite's own output and writes to SUMMARY one line
# "failed: SUITE: TEST" per failure and then the line "N passed, N failed",
# for the caller to print last.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
passed=0
failed=0
bench=
[ "${1:-}" = --bench ] && { bench=1; shift; }
summary=$1

# TAP: every "ok"/"not ok" line counts; a bad plan or a crash counts as one failure
run_tap() {
    local name=$1
    shift
    echo "== $name"
    "$@" >"$log/tap" 2>&1
    local rc=$?
    local t_ok t_bad
    t_ok=$(grep -Ec '^ *ok [0-9]+' "$log/tap")
    t_bad=$(grep -Ec '^ *not ok [0-9]+' "$log/tap")
    grep -Ev '^ *ok [0-9]+' "$log/tap"
    # name each failure by its file: prove prints "test/x/f.sh .... " first
    awk -v suite="$name" '/^test\/[^ ]+ \.+/ { file = $1 }
        /^ *not ok [0-9]+/ { sub(/^ */, ""); print "failed: " suite ": " file ": " $0 }' \
        "$log/tap" >>"$summary"
    if [ "$rc" -ne 0 ] && [ "$t_bad" -eq 0 ]; then
        t_bad=1
        echo "failed: $name: exited $rc" >>"$summary"
    fi
    passed=$((passed + t_ok))
    failed=$((failed + t_bad))
}

if [ -n "$bench" ]; then
    last=$(tail -n 1 "$summary")
    [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]] || { echo "$summary ends without a count" >&2; exit 2; }
    passed=${BASH_REMATCH[1]}
    failed=${BASH_REMATCH[2]}
    sed -i '$d' "$summary"
    run_tap "benchmark scripts (prove)" prove -v test/bench/*.sh
    echo "$passed passed, $failed failed" >>"$summary"
    [ "$failed" -eq 0 ]
    exit
fi
: >"$summary"

# pg_regress and pg_isolation_regress print one line per file: up to
# PostgreSQL 15 "test NAME ... ok|FAILED", from 16 on TAP ("ok 1 - NAME",
# "not ok 2 - NAME", with "+" instead of "-" in a parallel group)
echo "== pg_regress and isolation suites"
# run apart, so that a failure in one does not skip the other
make -s PG_CONFIG="$PG_CONFIG" installcheck ISOLATION= >"$log/regress" 2>&1
regress_rc=$?
make -s PG_CONFIG="$PG_CONFIG" installcheck REGRESS= >>"$log/regress" 2>&1
regress_rc=$((regress_rc | $?))
grep -E '^(test |ok |not ok |[ =]+.*tests)' "$log/regress" | grep -v '^=' || true
r_ok=$(grep -Ec '^test .* \.\.\. ok|^ok [0-9]+ +[-+] ' "$log/regress")
r_bad=$(grep -Ec '^test .* \.\.\. (FAILED|failed)|^not ok [0-9]+ +[-+] ' "$log/regress")
sed -nE 's/^test ([^ ]+) +\.\.\. (FAILED|failed).*/failed: pg_regress: \1/p; s/^not ok [0-9]+ +[-+] +([^ ]+).*/failed: pg_regress: \1/p' \
    "$log/regress" >>"$summary"
if [ "$regress_rc" -ne 0 ] && [ "$r_bad" -eq 0 ]; then
    r_bad=1
    tail -n 30 "$log/regress"
    echo "failed: pg_regress: make installcheck exited $regress_rc" >>"$summary"
fi
[ -f regression.diffs ] && cat regression.diffs
[ -f output_iso/regression.diffs ] && cat output_iso/regression.diffs
passed=$((passed + r_ok))
failed=$((failed + r_bad))

run_tap "pgTAP (pg_prove)" pg_prove -v test/pgtap/*.sql
run_tap "shell tests (prove)" prove -v test/shell/*.sh
run_tap "reliability suite (prove)" prove -v test/reliability/*.sh

# the reliability suite's figures, summed up
awk '/^# figures: /' "$log/tap" | awk '
    { for (i = 4; i <= NF; i++) { split($i, kv, "="); f[$3 "_" kv[1]] += kv[2] } }
    END {
        printf "reliability: %d calls tried (%d upgrade() calls from %d clients under load, %d fuzzed calls), %d crashes survived, %d crashes caused, %d revisions lost\n",
            f["load_calls"] + f["fuzz_calls"], f["load_calls"], f["load_clients"], f["fuzz_calls"],
            f["crashes_survived"], f["fuzz_crashes"], f["load_lost"] + f["crashes_lost"]
    }'

echo "$passed passed, $failed failed" >>"$summary"
[ "$failed" -eq 0 ]
