#!/usr/bin/env bash
# The installed library's exported names. The server loads extension
# libraries with RTLD_GLOBAL, so an exported name like "verify" could be
# bound by another library's call to a function of its own of that name:
# every name the library exports is prefixed, schemamig_ or the name of its
# source file or directory (catalog_ for src/catalog_*.c, autogen_ for
# src/autogen/, lint_ for src/lint/), besides the two the server looks up
# itself.
set -u
. "$(dirname "$0")/tap.inc"
src=$(cd "$(dirname "$0")/../../src" && pwd)
lib="$("${PG_CONFIG:-pg_config}" --pkglibdir)/schemamig.so"

[ -f "$lib" ]; ok $? "the library is installed ($lib)"
names=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/ { print $3 }')
isnt "$names" "" "nm lists what it exports"
# the module prefixes: each source file's name up to its first underscore,
# and each directory's
prefixes=$( (ls "$src"/*.c | sed -E 's|.*/||; s/[_.].*//'; ls -d "$src"/*/ | sed -E 's|/$||; s|.*/||'
             echo schemamig) | sort -u | paste -sd'|')
bad=$(echo "$names" | grep -Ev "^(_PG_init|Pg_magic_func|pg_finfo_schemamig_.*|($prefixes)_.*)$" || true)
is "$bad" "" "every exported name is prefixed by schemamig_ or its module (${prefixes//|/, })"
# the names scripts before 0.5.0 gave the functions are not among them
old=$(echo "$names" | grep -Ex "(pg_finfo_)?(upgrade|downgrade|history|current|heads|pending|verify|stamp|lint|trace|migrate|statements|add_revision|remove_revision)" || true)
is "$old" "" "none of the unprefixed names of the functions before 0.5.0"
# every SQL-callable function the library has is a schemamig_ one
finfo=$(echo "$names" | grep -c '^pg_finfo_' || true)
prefixed=$(echo "$names" | grep -c '^pg_finfo_schemamig_' || true)
is "$finfo" "$prefixed" "all $finfo SQL-callable functions are schemamig_*"
tap_done
