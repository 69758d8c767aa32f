v=$1
cd /build && make -s PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config >/dev/null 2>&1 && make -s install PG_CONFIG=/usr/lib/postgresql/$v/bin/pg_config >/dev/null 2>&1 || { echo BUILD FAILED; exit 1; }
mkdir -p /build/out
cd /tmp && TENANT_ROUNDS=3 pg_virtualenv -t -v $v -o fsync=on -o port=54${v}9 -o max_locks_per_transaction=4096 bash -c "cd /build && PATH=/usr/lib/postgresql/$v/bin:\$PATH bash bench/fleet.sh" > /build/out/fleet$v.log 2>&1
echo rc=$?
