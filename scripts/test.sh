#!/usr/bin/env bash
# Second command of the README (and all that CI runs): every test.
#   1. the core and routes, natively: unit, property and command tests (cargo test);
#   2. the release build, with the first-load size against its budget;
#   3. end-to-end tests of the release build in headless Chromium, served under a sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== cargo test"
cargo test --quiet
echo "== release build"
trunk build --release --offline
# A tripwire, not the budget: set just above the current first load so that any growth is a decision,
# while the app is brought down to the 250 KB budget (see README, "Size").
node scripts/size.mjs --max 259
echo "== browser tests"
cd tests/e2e && node --test --test-concurrency=1 .
