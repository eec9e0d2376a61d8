#!/usr/bin/env bash
# The benchmark (not a test): the native core benchmark, then the release build measured in headless
# Chromium with a phone viewport, 4× CPU slowdown and Fast-4G-like network. Prints a table with each
# figure beside its budget and writes target/bench/browser.json and target/bench/core.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== native core benchmark (also writes the 10,000-member store and sync file)"
cargo bench --bench core
echo "== release build"
bash scripts/build.sh
echo "== browser benchmark"
node tests/e2e/bench.mjs
