#!/usr/bin/env bash
# Load test of the reference registry: the release server on loopback with a
# fresh SQLite file, driven by wrk (Debian package `wrk`) through load.lua
# with real submission documents: new documents, replays of stored ones,
# validations, receipts and `latest`, in a fixed mix (see load.lua).
#
# Meanwhile the command-line tool adds and revokes tokens twice a second,
# writing to the same file from another process.
#
# Fails (exit 1) on any 5xx answer or unexpected status, any socket error,
# a failed token change, any "database is locked" / busy in the server log,
# an integrity_check other than ok, or a number of stored submissions other
# than the number of distinct documents sent. Prints the throughput and
# latency percentiles.
#
# Usage: registry/scripts/load.sh
# Settings (environment): DURATION (seconds, 30), CONNECTIONS (16),
# THREADS (wrk threads, 2), VARIANTS (manifests, 100) × PRODUCTS (200)
# documents to draw new submissions from (see common.sh), SEED (documents
# stored before the load, 200), KEEP_WORK=1 to keep the temporary folder
# (database, log).
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

duration=${DURATION:-30}
connections=${CONNECTIONS:-16}
threads=${THREADS:-2}
variants=${VARIANTS:-100}
products=${PRODUCTS:-200}
seed=${SEED:-200}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing wrk (apt-get install -y wrk)"
    apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is required: apt-get install -y wrk"
  fi
fi

started=$(date +%s)
build
documents "$work/documents.jsonl" "$variants" "$products"

db=$work/registry.sqlite3
log=$work/registry.log
REGISTRY_TOKEN=$("$registry_bin" token add --db "$db" --siren "$siren" --name load)
export REGISTRY_TOKEN REGISTRY_SIREN=$siren LOAD_DIR=$work LOAD_THREADS=$threads
start_server "$db" "$log"
say "registry at $server_url (database $db)"
python3 "$scripts/harness.py" prepare --dir "$work" --url "$server_url" --seed "$seed" "$work/documents.jsonl"

# Meanwhile, another process writes to the same file: tokens are added and
# revoked with the command-line tool twice a second, as an administrator would.
admin() {
  local id=1 failures=0
  while [ ! -e "$work/stop-admin" ]; do
    id=$((id + 1))
    "$registry_bin" token add --db "$db" --siren 404833048 --name "admin $id" > /dev/null \
      && "$registry_bin" token revoke --db "$db" "$id" > /dev/null \
      || failures=$((failures + 1))
    sleep 0.5
  done
  echo "$((id - 1)) $failures" > "$work/admin.txt"
}
admin &
admin_pid=$!
background_pids+=("$admin_pid")

# CPU seconds the server used so far (user + system), from /proc.
server_cpu() {
  awk -v tick="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tick }' "/proc/$server_pid/stat"
}
cpu_before=$(server_cpu)
say "wrk: $threads threads, $connections connections, ${duration} s"
wrk --threads "$threads" --connections "$connections" --duration "${duration}s" \
  --timeout 10s --latency --script "$scripts/load.lua" "$server_url"
cpu_load=$(awk -v a="$cpu_before" -v b="$(server_cpu)" -v d="$duration" 'BEGIN { printf "%.1f s (%.2f cores)", b - a, (b - a) / d }')
touch "$work/stop-admin"
wait "$admin_pid"
read -r admin_runs admin_failures < "$work/admin.txt"

wal_kib=$(du -k "$db-wal" 2>/dev/null | cut -f1 || echo 0)
say "checking"
failed=0
python3 "$scripts/harness.py" verify --dir "$work" --url "$server_url" --db "$db" \
  --connections "$connections" || failed=1
stop_server

row() { printf '%-44s %s\n' "$1" "$2"; }
integrity=$(sqlite3 "$db" 'PRAGMA integrity_check;')
row "tokens added and revoked meanwhile / failed" "$admin_runs / $admin_failures"
[ "$admin_failures" -eq 0 ] || { echo "FAILED: $admin_failures token changes failed during the load"; failed=1; }
row "server CPU during the load" "$cpu_load"
row "integrity_check" "$integrity"
[ "$integrity" = ok ] || { echo "FAILED: integrity_check: $integrity"; failed=1; }
server_errors=$(awk '$4 ~ /^5[0-9][0-9]$/' "$log" | wc -l)
locked=$(grep -ciE 'database is locked|database table is locked|SQLITE_BUSY|busy' "$log" || true)
panics=$(grep -ci 'panicked' "$log" || true)
row "server log: requests" "$(wc -l < "$log")"
row "server log: 5xx / locked or busy / panics" "$server_errors / $locked / $panics"
[ "$server_errors" -eq 0 ] || { echo "FAILED: $server_errors answers 5xx in the server log"; failed=1; }
[ "$locked" -eq 0 ] || { echo "FAILED: the database was locked or busy $locked times"; failed=1; }
[ "$panics" -eq 0 ] || { echo "FAILED: $panics panics in the server log"; failed=1; }
row "database / WAL at the end of the load" "$(du -k "$db" | cut -f1) KiB / $wal_kib KiB"
row "run time" "$(($(date +%s) - started)) s"
if [ "$failed" -ne 0 ]; then
  echo "load test FAILED"
  exit 1
fi
echo "load test passed"
