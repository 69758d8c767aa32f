# bench/cluster.sh: sourced by bench/run.sh and bench/tenants.sh. The
# throwaway cluster both measure on: initdb into a work directory removed at
# exit, fsync on (published figures), a lock table for 10,000 revisions in one
# transaction (raw psql -1 and upgrade() alike), and no checkpoint in the
# middle of a measurement (each run starts after one). Needs PG_CONFIG and
# the port as $1; sets BIN, work, PSQL, the PG* variables, and ms().
bench_cluster() {
    BIN=$("$PG_CONFIG" --bindir)
    work=$(mktemp -d)
    chmod 755 "$work"
    export PGHOST=$work PGPORT=$1 PGUSER=postgres PGDATABASE=postgres
    unset PGPASSWORD PGSERVICE
    trap bench_cluster_stop EXIT
    [ "$(id -u)" = 0 ] && chown postgres "$work"
    as_server "'$BIN/initdb' -D '$work/data' -U postgres --auth=trust" >/dev/null
    cat >>"$work/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$work'
port = $PGPORT
fsync = on
max_locks_per_transaction = 4096
shared_buffers = 256MB
max_wal_size = 16GB
checkpoint_timeout = 1h
CONF
    as_server "'$BIN/pg_ctl' -D '$work/data' -l '$work/server.log' -w start" >/dev/null
    PSQL="$BIN/psql -X -q -v ON_ERROR_STOP=1"
    export PGOPTIONS="-c client_min_messages=warning"
}
as_server() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
bench_cluster_stop() { as_server "'$BIN/pg_ctl' -D '$work/data' -m fast stop" >/dev/null 2>&1 || true; rm -rf "$work"; }

# ms COMMAND...: run a command, print its wall time in milliseconds, or
# FAILED (and its last error lines on stderr)
ms() {
    local start end
    start=$(date +%s%N)
    if ! "$@" >/dev/null 2>"$work/last.err"; then
        echo "command failed: $*" >&2
        tail -5 "$work/last.err" >&2
        echo FAILED
        return
    fi
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}
