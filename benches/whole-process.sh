#!/usr/bin/env bash
# Whole-process measurements of the release binary: hyperfine (Debian package
# `hyperfine`) for start-up, `check` on synthetic manifests of about 1, 5 and
# 20 MB beside the `toml` crate alone parsing the same files, one `declare`
# on a 1 MB manifest, an `import` of 50,000 CSV rows, a warm `fetch` from
# an index on loopback, `referentials import` of a Squash export of
# 1,540 requirement versions × 28 columns with 1,400 links and of a CISO
# Assistant library of 450 nodes, and `verify --offline` of 1,000 receipts
# each in its own signed checkpoint; then the peak memory of each (GNU time,
# `%M`) against the target of 4 × the manifest's size + 20 MB (3 × the
# source file's + 20 MB for `referentials import`).
# Usage: benches/whole-process.sh [OUTPUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet --bin charte --example synth --example toml_baseline --example import_synth --example log_receipts
bin=$PWD/target/release/charte
toml=$PWD/target/release/examples/toml_baseline
work=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for products in 46 230 920; do   # about 1 MB, 5 MB and 20 MB
  target/release/examples/synth "$products" > "$work/m-$products.toml"
done
# 50,000 rows exported from a synthetic manifest, imported into one that
# lists the same products without declarations.
target/release/examples/synth 730 > "$work/big.toml"
target/release/examples/synth 730 0 > "$work/products.toml"
"$bin" --manifest "$work/big.toml" export | head -n 50001 > "$work/rows.csv"
# Official files to import: made up by charte::synth in the real layouts.
target/release/examples/import_synth squash 1540 1400 "$work/export_full.xlsx"
target/release/examples/import_synth ciso 450 "$work/library.yaml"
# 1,000 receipts, each logged in a tree of its own: 1,000 signatures.
target/release/examples/log_receipts "$work/verify" 1000
ls -l "$work"/m-*.toml "$work"/products.toml "$work"/rows.csv "$work"/export_full.xlsx "$work"/library.yaml | awk '{print $5, $9}'

# A warm fetch: the embedded catalogue served on loopback, the cache filled
# and charte.lock written by a first fetch; each run revalidates the index.
mkdir -p "$work/fetch"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory catalogue >/dev/null 2>&1 &
server=$!
sed "s|^\[referentials\]|[referentials]\nindex = \"http://127.0.0.1:$port/index.json\"|" \
  examples/groupe/charte.toml > "$work/fetch/charte.toml"
export CHARTE_CACHE_DIR=$work/cache
for _ in $(seq 50); do "$bin" --manifest "$work/fetch/charte.toml" fetch >/dev/null 2>&1 && break; sleep 0.1; done
fetch="$bin --manifest $work/fetch/charte.toml fetch"

out=${1:-/dev/stdout}
suffixed() { if [ -n "${1:-}" ]; then echo "--export-markdown ${1%.md}-$2.md"; fi; }
hyperfine --warmup 3 --shell=none --export-markdown "$out" \
  --ignore-failure \
  "$bin --version" \
  "$toml $work/m-46.toml" \
  "$bin --today 2026-11-23 --manifest $work/m-46.toml check --format json" \
  "$toml $work/m-230.toml" \
  "$bin --today 2026-11-23 --manifest $work/m-230.toml check --format json" \
  "$bin --today 2026-11-23 --manifest $work/m-230.toml check --format oscal" \
  "$toml $work/m-920.toml" \
  "$bin --today 2026-11-23 --manifest $work/m-920.toml check --format json"
# Each run starts from the original file, so that each one writes.
# shellcheck disable=SC2046
hyperfine --warmup 2 --shell=none $(suffixed "${1:-}" declare) \
  --prepare "cp $work/m-46.toml $work/d.toml" \
  "$bin --today 2026-11-23 --manifest $work/d.toml declare produit-000 ins:INS.01 --status non-conform --justification x"
# shellcheck disable=SC2046
hyperfine --warmup 1 --runs 5 --shell=none $(suffixed "${1:-}" import) \
  --prepare "cp $work/products.toml $work/i.toml" \
  "$bin --today 2026-11-23 --manifest $work/i.toml import $work/rows.csv"
# shellcheck disable=SC2046
hyperfine --warmup 3 --shell=none $(suffixed "${1:-}" fetch) "$fetch"
# Each run writes a fresh catalogue folder (14 documents and the index).
# shellcheck disable=SC2046
hyperfine --warmup 2 --runs 20 --shell=none $(suffixed "${1:-}" referentials-import) \
  --prepare "rm -rf $work/cat" \
  "$bin referentials import $work/export_full.xlsx --into $work/cat" \
  "$bin referentials import $work/library.yaml --into $work/cat"
# shellcheck disable=SC2046
hyperfine --warmup 3 --shell=none $(suffixed "${1:-}" verify) \
  "$bin --manifest $work/verify/charte.toml verify --offline"

# Peak resident memory, the largest of three runs.
peak() {
  local kb max=0
  for _ in 1 2 3; do
    kb=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
    [ "$kb" -gt "$max" ] && max=$kb
  done
  echo "$max"
}
row() {   # NAME MANIFEST_BYTES COMMAND…
  local name=$1 bytes=$2; shift 2
  local kb target
  kb=$(peak "$@")
  target=$(( ${factor:-4} * bytes / 1024 + 20 * 1024 ))
  awk -v n="$name" -v b="$bytes" -v k="$kb" -v t="$target" 'BEGIN {
    printf "| %s | %.2f MB | %.1f MiB | %.1f MiB | %s |\n", n, b / 1e6, k / 1024, t / 1024, (k <= t ? "met" : "MISSED")
  }'
}
size() { stat -c %s "$1"; }
{
  echo
  echo "| command | manifest | peak RSS | target (4 × size + 20 MB) | |"
  echo "|---|---|---|---|---|"
  row "\`--version\`" 0 "$bin" --version
  row "\`check\`, examples/solo" "$(size examples/solo/charte.toml)" \
    "$bin" --manifest examples/solo/charte.toml check
  for products in 46 230 920; do
    row "\`check --format json\`, $products products" "$(size "$work/m-$products.toml")" \
      "$bin" --today 2026-11-23 --manifest "$work/m-$products.toml" check --format json
  done
  row "\`declare\`, 46 products" "$(size "$work/m-46.toml")" \
    sh -c "cp $work/m-46.toml $work/d.toml && exec $bin --today 2026-11-23 --manifest $work/d.toml declare produit-000 ins:INS.01 --status non-conform --justification x"
  cp "$work/products.toml" "$work/i.toml"
  "$bin" --today 2026-11-23 --manifest "$work/i.toml" import "$work/rows.csv" >/dev/null
  row "\`import\`, 50,000 rows (size of the result)" "$(size "$work/i.toml")" \
    sh -c "cp $work/products.toml $work/i.toml && exec $bin --today 2026-11-23 --manifest $work/i.toml import $work/rows.csv"
  row "warm \`fetch\`" "$(size "$work/fetch/charte.toml")" $fetch
  row "\`verify --offline\`, 1,000 receipts" "$(size "$work/verify/charte.toml")" \
    "$bin" --manifest "$work/verify/charte.toml" verify --offline
  echo
  echo "| command | source file | peak RSS | target (3 × size + 20 MB) | |"
  echo "|---|---|---|---|---|"
  factor=3 row "\`referentials import\`, Squash 1,540 × 28, 1,400 links" "$(size "$work/export_full.xlsx")" \
    sh -c "rm -rf $work/cat && exec $bin referentials import $work/export_full.xlsx --into $work/cat"
  factor=3 row "\`referentials import\`, CISO Assistant 450 nodes" "$(size "$work/library.yaml")" \
    sh -c "rm -rf $work/cat && exec $bin referentials import $work/library.yaml --into $work/cat"
} | tee -a "$out"
