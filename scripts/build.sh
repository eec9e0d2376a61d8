#!/usr/bin/env bash
# The release build: trunk with wasm-opt -Oz, offline. Prints the gzip size of the first load.
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release --offline
node scripts/size.mjs
