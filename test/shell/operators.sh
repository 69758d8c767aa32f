#!/usr/bin/env bash
# No SQL that schemamig sends (the server's C code and the client's) uses a
# construct that looks an operator up on the search_path by name: simple
# CASE x WHEN y, NULLIF, IS DISTINCT FROM and IN (SELECT ...) ("="), LIKE
# ("~~"), BETWEEN ("<=", ">="). A role that can put an operator of the
# right argument types on the path (the readers' path holds the schema
# read, a tenant's schema comes first) would have it run with the caller's
# privileges. Spell them with OPERATOR(pg_catalog.=) and its kin (AG_EQ,
# AG_NULLIF in src/autogen/autogen.h). Reads the string literals of the C
# sources, adjacent ones (and macros between them) joined, comments left
# out; messages are string literals too, which these upper-case SQL words
# do not match.
set -u
. "$(dirname "$0")/tap.inc"
root="$(cd "$(dirname "$0")/../.." && pwd)"
# scan DIR: each such construct in DIR's src/ and client/, a line each
scan() {
    python3 - "$1" <<'PY'
import glob, re, sys
root = sys.argv[1]
files = sorted(glob.glob(root + '/src/**/*.[ch]', recursive=True) + glob.glob(root + '/client/*.[ch]'))
lit = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
run = re.compile(r'(?:"(?:[^"\\\n]|\\.)*"\s*(?:[A-Z_][A-Z0-9_]*(?:\([^()]*\))?\s*)?)+')
bad = [
    (re.compile(r'\bCASE\s+(?!WHEN\b)\S'), 'simple CASE x WHEN y ("=")'),
    (re.compile(r'\bNULLIF\s*\('), 'NULLIF ("=")'),
    (re.compile(r'\bIS\s+(NOT\s+)?DISTINCT\s+FROM\b'), 'IS DISTINCT FROM ("=")'),
    (re.compile(r'\b(NOT\s+)?IN\s*\(\s*SELECT\b'), 'IN (SELECT ...) ("=")'),
    (re.compile(r'\b(NOT\s+)?I?LIKE\s'), 'LIKE ("~~")'),
    (re.compile(r'\bBETWEEN\b'), 'BETWEEN ("<=", ">=")'),
]
for f in files:
    src = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'),
                 open(f, errors='replace').read(), flags=re.S)
    for m in run.finditer(src):
        s = ' '.join(lit.findall(m.group(0)))
        for rx, why in bad:
            for b in rx.finditer(s):
                line = src[:m.start()].count('\n') + 1
                print('%s:%d: %s: ...%s...' % (f[len(root) + 1:], line, why, s[max(0, b.start() - 30):b.end() + 30]))
PY
}
out=$(scan "$root")
ok $? "the sources could be read"
is "$out" "" "no SQL string in src/ or client/ looks an operator up by name"
# the scan finds what it looks for, across adjacent literals and a macro
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/autogen" "$work/client"
cat >"$work/src/autogen/x.c" <<'C'
static const char *q = "SELECT CASE c.relkind"
    " WHEN 'r' THEN 1 END FROM pg_catalog.pg_class AS c";  /* CASE x WHEN */
static const char *r = "SELECT 1 FROM pg_catalog.pg_class AS c WHERE c.relnamespace" AG_EQ "1"
    " AND c.relname LIKE 'b%'";
C
is "$(scan "$work" | cut -d: -f1,2,3)" "src/autogen/x.c:1: simple CASE x WHEN y (\"=\")
src/autogen/x.c:3: LIKE (\"~~\")" "the scan finds a simple CASE and a LIKE planted in a copy"
tap_done
