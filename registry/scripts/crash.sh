#!/usr/bin/env bash
# Crash test of the reference registry: concurrent clients submit real
# documents (retrying refused connections, 5xx, 409 and 429, as `charte
# submit` does) while the release server is killed with SIGKILL at random
# moments and restarted on the same SQLite file. Every receipt a client got
# (201, or 200 for a replay) is recorded.
#
# At the end, fails (exit 1) unless: every acknowledged submission is
# answered by GET /v1/submissions/{id} with the same receipt and is in the
# database with its digest, replays after a restart gave the receipt of the
# first acknowledgement, integrity_check is ok and no foreign key is
# broken. Prints the counts (kills, acknowledged, stored) and the run time.
#
# SIGKILL ends the process, not the machine: it proves that a transaction
# is atomic, that WAL recovery is sound and that no receipt is sent before
# its commit; surviving a power cut also rests on synchronous=FULL.
#
# Usage: registry/scripts/crash.sh
# Settings (environment): KILLS (20), CLIENTS (4), MIN_DELAY and MAX_DELAY
# (seconds of load before each kill, 0.05 and 1.5), VARIANTS (100) ×
# PRODUCTS (200) documents (see common.sh), SEED (of the kill moments;
# random), KEEP_WORK=1 to keep the temporary folder (database, log).
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

kills=${KILLS:-20}
clients=${CLIENTS:-4}
variants=${VARIANTS:-100}
products=${PRODUCTS:-200}
seed=${SEED:-$RANDOM}

started=$(date +%s)
build
documents "$work/documents.jsonl" "$variants" "$products"

db=$work/registry.sqlite3
REGISTRY_TOKEN=$("$registry_bin" token add --db "$db" --siren "$siren" --name crash)
export REGISTRY_TOKEN
say "$clients clients submitting, $kills kills at moments drawn with SEED=$seed (database $db)"
failed=0
make_log_key
python3 "$scripts/harness.py" crash --registry "$registry_bin" --db "$db" --log "$work/registry.log" \
  --kills "$kills" --clients "$clients" --min-delay "${MIN_DELAY:-0.05}" --max-delay "${MAX_DELAY:-1.5}" \
  --seed "$seed" "$work/documents.jsonl" || failed=1

integrity=$(sqlite3 "$db" 'PRAGMA integrity_check;')
printf '%-44s %s\n' "integrity_check (sqlite3 shell)" "$integrity"
[ "$integrity" = ok ] || { echo "FAILED: integrity_check: $integrity"; failed=1; }
server_errors=$(awk '$4 ~ /^5[0-9][0-9]$/' "$work/registry.log" | wc -l)
printf '%-44s %s\n' "server log: requests / 5xx" "$(wc -l < "$work/registry.log") / $server_errors"
[ "$server_errors" -eq 0 ] || { echo "FAILED: $server_errors answers 5xx in the server log"; failed=1; }
printf '%-44s %s\n' "total run time" "$(($(date +%s) - started)) s"
if [ "$failed" -ne 0 ]; then
  echo "crash test FAILED"
  exit 1
fi
echo "crash test passed"
