#!/usr/bin/env bash
# Speed of the public directory: seeds a database with ORGS public
# organizations of PRODUCTS products each (directory_seed.py), starts the
# release server on it, and measures with wrk the list (`/`), a search
# (`/?q=…`) and a product page: latency percentiles, p99 to stay under
# 50 ms. On SQLite, then on PostgreSQL when CHARTE_REGISTRY_POSTGRES is set
# (postgres.sh start); the PostgreSQL database is created and dropped here.
#
# Usage: registry/scripts/directory.sh
# Settings (environment): ORGS (10000), PRODUCTS (5), DURATION (seconds per
# page, 10), CONNECTIONS (4), THREADS (2).
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

orgs=${ORGS:-10000}
products=${PRODUCTS:-5}
duration=${DURATION:-10}
connections=${CONNECTIONS:-4}
threads=${THREADS:-2}
command -v wrk >/dev/null || die "wrk is required: apt-get install -y wrk"

build_registry
say "seed: $orgs organizations × $products products"
python3 "$scripts/directory_seed.py" "$orgs" "$products" > "$work/seed.sql"

measure() {
  local engine=$1 db=$2 target name
  # The seeded submissions are appended to the transparency log as the
  # server starts, once: the history of a product page shows its entries.
  say "$engine: starting (logging the seeded submissions)"
  start_seconds=600 start_server "$db" "$work/server.log"
  say "$engine: listening"
  # A public organization in the middle of the list, its first product.
  local siren
  siren=$(python3 -c "import sys; sys.path.insert(0, '$scripts'); from directory_seed import siren; print(siren(10_000_000 + $orgs // 2))" 2>/dev/null \
    || true)
  for target in "index=/" "page-50=/?page=50" "search=/?q=radiologie" "search-siren=/?q=$siren" \
                "organization=/organizations/$siren" "product=/organizations/$siren/products/produit-0"; do
    name=${target%%=*}
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' "$server_url${target#*=}")
    [ "$status" = 200 ] || die "$engine $name: $status"
    printf '%-10s %-14s ' "$engine" "$name"
    wrk -t "$threads" -c "$connections" -d "${duration}s" --latency "$server_url${target#*=}" \
      | awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {printf "p50 %8s  p99 %8s  %8s req/s\n", p50, p99, rps}'
  done
  stop_server
}

db=$work/registry.sqlite3
"$registry_bin" migrate --db "$db" > /dev/null
say "loading SQLite"
sqlite3 "$db" < "$work/seed.sql"
say "SQLite: $(du -h "$db" | cut -f1)"
measure sqlite "$db"

if [ -n "${CHARTE_REGISTRY_POSTGRES:-}" ]; then
  name=charte_directory_$$
  psql -q -v ON_ERROR_STOP=1 "$CHARTE_REGISTRY_POSTGRES" -c "CREATE DATABASE $name"
  url=${CHARTE_REGISTRY_POSTGRES%/*}/$name
  trap 'psql -q "$CHARTE_REGISTRY_POSTGRES" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1; cleanup' EXIT
  "$registry_bin" migrate --db "$url" > /dev/null
  say "loading PostgreSQL"
  psql -q -v ON_ERROR_STOP=1 "$url" < "$work/seed.sql" > /dev/null
  psql -q "$url" -c "VACUUM ANALYZE" > /dev/null
  measure postgres "$url"
fi
