# Shared by load.sh, crash.sh and exhaust.sh (sourced, not run): the release binaries,
# a temporary folder removed on exit with every background process started
# for it (servers, the token administrator), and
# real submission documents built by `charte submit --offline --dry-run`.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
scripts=$root/registry/scripts
# REGISTRY_BIN: another registry binary to test (say, an older build), not rebuilt.
registry_bin=${REGISTRY_BIN:-$root/target/release/charte-registry}
charte_bin=$root/target/release/charte
synth_bin=$root/target/release/examples/synth
# The organization of the synthetic manifests (examples/synth.rs).
siren=732829320

work=$(mktemp -d "${TMPDIR:-/tmp}/charte-registry-XXXXXX")
background_pids=()
cleanup() {
  local pid
  for pid in "${background_pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "${KEEP_WORK:-}" ]; then
    echo "work folder kept: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# log_key_args: `--log-key FILE` for `serve`, with a key made in $work
# once (nothing for a binary from before the transparency log).
log_key_args=()
make_log_key() {
  [ ${#log_key_args[@]} -eq 0 ] || return 0
  "$registry_bin" log init --help > /dev/null 2>&1 || return 0
  "$registry_bin" log init --name registry.scripts/charte --key "$work/log.key" > /dev/null
  log_key_args=(--log-key "$work/log.key")
  export CHARTE_REGISTRY_LOG_KEY=$work/log.key
}

say() { printf '== [%3d s] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null || die "python3 is required (standard library only)"
command -v sqlite3 >/dev/null || die "the sqlite3 command-line shell is required (apt-get install -y sqlite3)"

build_registry() {
  if [ -n "${REGISTRY_BIN:-}" ]; then
    say "registry binary: $registry_bin"
    return
  fi
  say "building the release registry"
  (cd "$root" && cargo build --release --quiet -p charte-registry --bin charte-registry)
}

build() {
  build_registry
  say "building the release charte binaries"
  (cd "$root" && cargo build --release --quiet -p charte --bin charte --example synth)
}

# documents OUT VARIANTS PRODUCTS: VARIANTS synthetic manifests of PRODUCTS
# products each, every variant giving its products another version (so
# another document) and declaring 10, 40 or every applicable requirement in
# turn (documents of about 4, 10 and 19 KB). Writes the canonical documents,
# one per line, to OUT; the commitments document is the same in every
# variant, so OUT holds VARIANTS × PRODUCTS + 1 distinct documents.
# Building them takes a while: they are kept in target/registry-scripts/
# for the next run, as long as the charte binary and the sizes are the same.
documents() {
  local out=$1 variants=$2 products=$3 v dir key cache
  key=$(cat "$charte_bin" "$synth_bin" | sha256sum | cut -c 1-16)
  cache=$root/target/registry-scripts/documents-$variants-$products-$key.jsonl
  if [ -s "$cache" ]; then
    say "documents of an earlier run: $cache"
    cp "$cache" "$out"
    return
  fi
  say "building $variants × $products documents with charte submit --offline --dry-run"
  local sizes=(10 40 "")
  for ((v = 0; v < variants; v++)); do
    dir=$work/manifests/$v
    mkdir -p "$dir"
    # shellcheck disable=SC2086 # an empty size means every requirement
    "$synth_bin" "$products" ${sizes[v % 3]} \
      | sed "s/^version = \"\(.*\)\"\$/version = \"\1-variant.$v\"/" > "$dir/charte.toml"
  done
  # Two at a time: the machine has two cores.
  find "$work/manifests" -mindepth 1 -maxdepth 1 -type d -print0 \
    | xargs -0 -P 2 -I '{}' sh -c '"$1" --offline --manifest "$2/charte.toml" submit --dry-run > "$2/documents.jsonl"' \
      sh "$charte_bin" '{}'
  cat "$work"/manifests/*/documents.jsonl > "$out"
  rm -rf "$work/manifests"
  # Documents of other binaries are of no further use.
  mkdir -p "${cache%/*}"
  find "${cache%/*}" -name "documents-*-*-*.jsonl" ! -name "*-$key.jsonl" -delete
  cp "$out" "$cache.tmp" && mv "$cache.tmp" "$cache"
}

# start_server DB LOG [ADDR]: starts `charte-registry serve` in the
# background and sets $server_pid and $server_url once it listens (within
# $start_seconds, 10 by default: a database seeded without the server has
# its submissions appended to the log first).
start_server() {
  local db=$1 log=$2 listen=${3:-127.0.0.1:0} out=$work/listening.$RANDOM line
  make_log_key
  "$registry_bin" serve --db "$db" --listen "$listen" "${log_key_args[@]}" > "$out" 2>> "$log" &
  server_pid=$!
  background_pids+=("$server_pid")
  for _ in $(seq 1 $((${start_seconds:-10} * 20))); do
    line=$(head -n 1 "$out" 2>/dev/null || true)
    case $line in
      "listening on http://"*)
        server_url=${line#listening on }
        return 0
        ;;
    esac
    kill -0 "$server_pid" 2>/dev/null || die "the registry did not start: $(tail -n 5 "$log")"
    sleep 0.05
  done
  die "the registry did not say it was listening within ${start_seconds:-10} s"
}

# stop_server: SIGTERM, and wait for the graceful stop.
stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || die "the registry exited with status $? on SIGTERM"
}
