#!/usr/bin/env bash
# Imports and validates charte's OSCAL documents with compliance-trestle, a
# third-party OSCAL consumer: the assessment results of `check`, the catalog
# of every référentiel the examples use and the component definition of
# `export`, for each example. CHARTE_TRESTLE names the `trestle` program;
# CHARTE_BIN the charte binary (default: target/debug/charte).
set -euo pipefail
cd "$(dirname "$0")/.."
trestle=${CHARTE_TRESTLE:?set CHARTE_TRESTLE to the trestle program}
charte=${CHARTE_BIN:-target/debug/charte}
today=2026-11-23
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

docs=$work/docs
project=$work/project
mkdir -p "$docs" "$project"
for example in solo groupe; do
    manifest=examples/$example/charte.toml
    run() { "$charte" --today "$today" --manifest "$manifest" --offline "$@"; }
    # check exits 1 when findings fail the run: the document is written all the same.
    run check --format oscal >"$docs/$example-ar.json" || [ $? -eq 1 ]
    run export --format oscal >"$docs/$example-cd.json"
    for id in $(sed -n 's/^id = "\(.*\)"$/\1/p' examples/$example/charte.lock); do
        [ -e "$docs/catalog-$id.json" ] || run referentials show "$id" --format oscal >"$docs/catalog-$id.json"
    done
done

cd "$project"
"$trestle" init >/dev/null
# Each import validates the document against trestle's models; they run side
# by side, as trestle is slow to start.
import() {
    "$trestle" import -f "$1" -o "$(basename "$1" .json)" >/dev/null 2>"$1.err" || {
        echo "trestle refuses $(basename "$1"):" >&2
        cat "$1.err" >&2
        return 1
    }
}
export -f import
export trestle
ls "$docs"/*.json | xargs -P 4 -I{} bash -c 'import "$@"' _ {}
# trestle warns that the back-matter resources are "not referenced by model":
# it recognises only version 4 UUIDs in `#uuid` references, and charte's are
# version 5 (derived, so that documents are reproducible), which OSCAL allows.
"$trestle" validate -a >/dev/null
echo "trestle imports and validates $(ls "$docs"/*.json | wc -l) documents"

# The same check refuses what OSCAL does not allow: a state outside its list,
# a `/` left in a control id.
broken=$work/broken
mkdir -p "$broken"
sed 's/"state": "not-satisfied"/"state": "half-satisfied"/' "$docs/groupe-ar.json" >"$broken/state.json"
sed 's/"id": "ins.01"/"id": "ins\/01"/' "$docs/catalog-ins.json" >"$broken/token.json"
for f in "$broken"/*.json; do
    if cmp -s "$f" "$docs/groupe-ar.json" || cmp -s "$f" "$docs/catalog-ins.json"; then
        echo "the broken copy $(basename "$f") is not broken: the test's sed no longer matches" >&2
        exit 1
    fi
    if "$trestle" import -f "$f" -o "broken-$(basename "$f" .json)" >/dev/null 2>&1; then
        echo "trestle accepts the broken document $(basename "$f")" >&2
        exit 1
    fi
done
echo "trestle refuses $(ls "$broken"/*.json | wc -l) broken documents"
