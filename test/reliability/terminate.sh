#!/usr/bin/env bash
# Terminate: a backend ended by pg_terminate_backend() while trace() runs
# exits cleanly. A FATAL runs none of the call's clean-up, so trace()'s
# lock watchdog, a timer that ticks every 100 ms while a trace runs, goes
# on ticking while the backend exits, also after the backend gave up its
# PGPROC; it read that PGPROC then, and the segmentation fault made the
# server restart every session. Another session terminates the backend,
# each run at another point of the trace and of the 100 ms tick.
set -u
. "$(dirname "$0")/../shell/tap.inc"
db=schemamig_terminate
export PGOPTIONS="-c client_min_messages=warning"
log_mark
runs=40

fresh_db "$db" || exit 1
$PSQL -d "$db" >/dev/null <<'SQL' || { echo "Bail out! setup failed"; exit 1; }
CREATE EXTENSION schemamig;
CREATE EXTENSION dblink;
SELECT schemamig.add_revision('tm' || i,
         format('CREATE TABLE tm_t%s (id int); INSERT INTO tm_t%s SELECT generate_series(1, 5000); SELECT pg_sleep(0.005)', i, i),
         format('DROP TABLE tm_t%s', i))
  FROM generate_series(1, 8) AS i;
SQL
# the server's socket, as the superuser: another session that terminates this one
conn=$($PSQL -d "$db" -At -c "SELECT format('dbname=%s port=%s host=%s user=%s', current_database(), current_setting('port'), split_part(current_setting('unix_socket_directories'), ',', 1), current_user)")

ended=0
for i in $(seq 0 $((runs - 1))); do
    delay=$(awk -v i="$i" 'BEGIN { printf "%.4f", 0.05 + i * 0.0025 }')
    out=$($PSQL -d "$db" -At 2>&1 <<SQL
BEGIN; DECLARE tm_c CURSOR WITH HOLD FOR SELECT 1; COMMIT;
SELECT dblink_connect('tm_conn', '$conn');
SELECT dblink_send_query('tm_conn', format('SELECT pg_sleep($delay); SELECT pg_terminate_backend(%s)', pg_backend_pid()));
SELECT count(*) FROM schemamig.trace();
SELECT pg_sleep(1);
SQL
)
    case "$out" in
        *"terminating connection due to administrator command"*) ended=$((ended + 1)) ;;
        *) echo "# run $i: $(echo "$out" | tail -n 3)" ;;
    esac
done
is "$ended" "$runs" "each trace() ended with the termination of its backend ($runs runs)"
sleep 1
crashes=$(log_crashes)
is "$crashes" 0 "the server log shows no crash and no assertion"
is "$($PSQL -d "$db" -At -c 'SELECT count(*) FROM schemamig.applied')" 0 "trace() applied nothing"
is "$($PSQL -d "$db" -At -c "SELECT count(*) FROM pg_class WHERE relname LIKE 'tm_t%'")" 0 "nor left its tables"

echo "# figures: terminate runs=$ended crashes=$crashes"
"$BIN/dropdb" "$db"
tap_done
