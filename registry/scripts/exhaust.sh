#!/usr/bin/env bash
# What one client can take from the reference registry: the release server
# on loopback with a fresh SQLite file, its default limits unless told
# otherwise, against
#   - IDLE connections that never send a byte (1,100): a new client must
#     still get an answer at once (503 over the connection limit), and be
#     served again once the header timeout has closed them;
#   - SLOW connections sending a head one byte every 2 s (50): each must be
#     closed by the header timeout;
#   - BODIES half-sent bodies of 1 MiB (200): the server's memory (RSS) must
#     stay within its budget of buffered bodies, and it must keep serving.
# Prints what it saw and the server's RSS before, with the bodies, at its
# peak and after; fails (exit 1) when a check fails. Takes about a minute.
#
# Usage: registry/scripts/exhaust.sh [serve flags...]
#   HEADER_TIMEOUT=5 registry/scripts/exhaust.sh --header-timeout 5 --max-connections 256
#   REGISTRY_BIN=/path/to/an/older/charte-registry registry/scripts/exhaust.sh
# Settings (environment): IDLE (1100), SLOW (50), SLOW_FOR (seconds, 40),
# BODIES (200), NOFILE (the server's limit of open files, 1024 as a default
# shell gives; the client's is raised as far as allowed), HEADER_TIMEOUT and
# BUDGET_MIB (the server's, to check against: 10 and 64), KEEP_WORK=1 to
# keep the temporary folder.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

build_registry
db=$work/registry.sqlite3
REGISTRY_TOKEN=$("$registry_bin" token add --db "$db" --siren "$siren" --name exhaust)
export REGISTRY_TOKEN
server_args=()
for flag in "$@"; do
  server_args+=("--server-arg=$flag")
done
# The client holds more connections than the server may open files.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
say "one client against the registry (database $db)"
make_log_key
python3 "$scripts/harness.py" exhaust --registry "$registry_bin" --db "$db" --log "$work/registry.log" \
  --idle "${IDLE:-1100}" --slow "${SLOW:-50}" --slow-for "${SLOW_FOR:-40}" --bodies "${BODIES:-200}" \
  --header-timeout "${HEADER_TIMEOUT:-10}" --budget-mib "${BUDGET_MIB:-64}" --server-nofile "${NOFILE:-1024}" \
  "${server_args[@]}"
