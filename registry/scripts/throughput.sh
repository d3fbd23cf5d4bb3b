#!/usr/bin/env bash
# Durable submissions per second of the release registry on loopback, on
# SQLite or on PostgreSQL with one or more `serve` processes sharing the
# database: wrk drives each process through load.lua (its mix of new
# documents, replays, validations and reads), with CONNECTIONS clients in
# all spread evenly across the processes. Prints, for the whole run, the
# new submissions stored per second (201 answers), all requests per second,
# and the worst p50 / p99 latency of the wrk instances.
#
# Usage: registry/scripts/throughput.sh sqlite|postgres PROCESSES CONNECTIONS
# Settings (environment): DURATION (seconds, 10), DECLARATIONS per document
# (20: about 3 KB; 180: about 25 KB), DOCUMENTS per process (6000), MIX
# (`mix`, load.lua's ten requests; `submit`, new documents only: every
# answer then a durable submission, and DOCUMENTS must exceed what a
# process stores in DURATION, or the excess are replays, counted apart).
# DIRECTORY=off removes the public directory's triggers once the database
# is made (the directory is then not kept: a measurement of the rest).
# PostgreSQL: a throwaway cluster of registry/scripts/postgres.sh, created
# and removed here, restarted with fsync on (postgres.sh turns it off).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scripts=$root/registry/scripts
bin=${REGISTRY_BIN:-$root/target/release/charte-registry}
backend=$1 processes=$2 connections=$3
duration=${DURATION:-10} declarations=${DECLARATIONS:-20} per=${DOCUMENTS:-6000} mix=${MIX:-mix}
siren=732829320
work=$(mktemp -d "${TMPDIR:-/tmp}/charte-throughput-XXXXXX")
pids=()
pg_dir=
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$pg_dir" ] || "$scripts/postgres.sh" stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

case $backend in
  sqlite) db=$work/registry.sqlite3 ;;
  postgres)
    eval "$("$scripts/postgres.sh" start)"
    pg_dir=$CHARTE_PG_DIR db=$CHARTE_REGISTRY_POSTGRES
    # postgres.sh starts its cluster with fsync=off, for tests: restart it
    # with fsync on, so that a commit is as durable as SQLite's here.
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    port=${db##*:} port=${port%%/*}
    owner=(); [ "$(id -u)" = 0 ] && owner=(runuser -u postgres --)
    "${owner[@]}" "$pg_bin/pg_ctl" --pgdata "$pg_dir/data" --log "$pg_dir/server.log" --wait \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c max_connections=300 -c fsync=on" \
      restart > /dev/null
    [ "$(psql -At "$db" -c 'SHOW fsync')" = on ] || { echo "fsync is not on" >&2; exit 1; } ;;
  *) echo "usage: $0 sqlite|postgres PROCESSES CONNECTIONS" >&2; exit 2 ;;
esac
REGISTRY_TOKEN=$("$bin" token add --db "$db" --siren "$siren" --name throughput)
export REGISTRY_TOKEN REGISTRY_SIREN=$siren LOAD_THREADS=1 LOAD_MIX=$mix
if [ "${DIRECTORY:-on}" = off ]; then
  case $backend in
    sqlite) python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("DROP TRIGGER IF EXISTS heads_directory_inserted; DROP TRIGGER IF EXISTS heads_directory_updated;")' "$db" ;;
    postgres) psql -q "$db" -c 'DROP TRIGGER IF EXISTS heads_directory ON heads' ;;
  esac
fi

# The key that signs the log's checkpoints (a binary from before the
# transparency log has no `log` command and takes no key).
log_key=()
if "$bin" log init --help > /dev/null 2>&1; then
  "$bin" log init --name registry.throughput/charte --key "$work/log.key" > /dev/null
  log_key=(--log-key "$work/log.key")
fi
urls=()
for ((p = 0; p < processes; p++)); do
  "$bin" serve --db "$db" --listen 127.0.0.1:0 "${log_key[@]}" > "$work/listening.$p" 2> "$work/log.$p" &
  pids+=($!)
  for _ in $(seq 1 200); do
    line=$(head -n 1 "$work/listening.$p" 2>/dev/null || true)
    case $line in "listening on http://"*) break ;; esac
    sleep 0.05
  done
  urls+=("${line#listening on }")
done

for ((p = 0; p < processes; p++)); do
  mkdir -p "$work/$p"
  python3 "$scripts/large_document.py" "$declarations" "$per" "load-$p" > "$work/$p/documents.jsonl"
  python3 "$scripts/harness.py" prepare --dir "$work/$p" --url "${urls[p]}" --seed 50 \
    "$work/$p/documents.jsonl" > /dev/null
done

wrk_pids=()
for ((p = 0; p < processes; p++)); do
  share=$(( connections / processes + (p < connections % processes ? 1 : 0) ))
  LOAD_DIR=$work/$p wrk --threads 1 --connections "$share" --duration "${duration}s" \
    --timeout 10s --script "$scripts/load.lua" "${urls[p]}" > "$work/wrk.$p" &
  wrk_pids+=($!)
done
wait "${wrk_pids[@]}"
load=$(cut -d' ' -f1-3 /proc/loadavg)

awk -v load="$load" -v procs="$processes" -v conns="$connections" -v backend="$backend" -v size="$declarations" -v mix="$mix" '
  $1 == "seconds" { s[FILENAME] = $2 }
  $1 == "requests" { r += $2 }
  $1 == "status_201" { c += $2 }
  $1 == "status_200" { replays += $2 }
  $1 ~ /^status_5/ || $1 ~ /^socket_errors/ { e += $2 }
  $1 == "latency_p50_ms" && $2 > p50 { p50 = $2 }
  $1 == "latency_p99_ms" && $2 > p99 { p99 = $2 }
  END {
    for (f in s) if (s[f] > secs) secs = s[f]
    printf "%s, %d process(es), %d connections, %d declarations, %s: %.0f submissions/s (201), %.0f requests/s, p50 %.1f ms, p99 %.1f ms, 200 %d, 5xx + socket errors %d, load average %s\n",
      backend, procs, conns, size, mix, c / secs, r / secs, p50, p99, replays, e, load
  }' "$work"/*/wrk.txt
grep -h panicked "$work"/log.* || true
