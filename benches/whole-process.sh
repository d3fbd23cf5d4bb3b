#!/usr/bin/env bash
# Whole-process timings of the release binary with hyperfine (Debian package
# `hyperfine`): start-up, and `check` on synthetic manifests of growing size.
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
ls -l "$work"/m-*.toml | awk '{print $5, $9}'
out=${1:-/dev/stdout}
hyperfine --warmup 3 --shell=none --export-markdown "$out" \
  --ignore-failure \
  "$bin --version" \
  "$bin --today 2026-11-23 --manifest $work/m-46.toml check --format json" \
  "$bin --today 2026-11-23 --manifest $work/m-230.toml check --format json" \
  "$bin --today 2026-11-23 --manifest $work/m-920.toml check --format json"
