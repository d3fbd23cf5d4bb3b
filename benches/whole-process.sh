#!/usr/bin/env bash
# Whole-process timings of the release binary with hyperfine (Debian package
# `hyperfine`): start-up, `check` on synthetic manifests of growing size, one
# `declare` on a 1 MB manifest, and an `import` of 50,000 CSV rows.
# Usage: benches/whole-process.sh [OUTPUT.md]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release --quiet --bin charte --example synth
bin=target/release/charte
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for products in 46 230 920; do   # about 1 MB, 5 MB and 20 MB
  target/release/examples/synth "$products" > "$work/m-$products.toml"
done
# 50,000 rows exported from a synthetic manifest, imported into one that
# lists the same products without declarations.
target/release/examples/synth 730 > "$work/big.toml"
target/release/examples/synth 730 0 > "$work/products.toml"
"$bin" --manifest "$work/big.toml" export | head -n 50001 > "$work/rows.csv"
ls -l "$work"/m-*.toml "$work"/products.toml "$work"/rows.csv | awk '{print $5, $9}'
out=${1:-/dev/stdout}
hyperfine --warmup 3 --shell=none --export-markdown "$out" \
  --ignore-failure \
  "$bin --version" \
  "$bin --today 2026-11-23 --manifest $work/m-46.toml check --format json" \
  "$bin --today 2026-11-23 --manifest $work/m-230.toml check --format json" \
  "$bin --today 2026-11-23 --manifest $work/m-920.toml check --format json"
# Each run starts from the original file, so that each one writes.
edits=(); imports=()
if [ -n "${1:-}" ]; then edits=(--export-markdown "${1%.md}-declare.md"); imports=(--export-markdown "${1%.md}-import.md"); fi
hyperfine --warmup 2 --shell=none "${edits[@]}" \
  --prepare "cp $work/m-46.toml $work/d.toml" \
  "$bin --today 2026-11-23 --manifest $work/d.toml declare produit-000 ins:INS.01 --status non-conform --justification x"
hyperfine --warmup 1 --runs 5 --shell=none "${imports[@]}" \
  --prepare "cp $work/products.toml $work/i.toml" \
  "$bin --today 2026-11-23 --manifest $work/i.toml import $work/rows.csv"
