#!/usr/bin/env bash
# Second command of the README (and all that CI runs): every test.
#   0. the code's shape: cargo fmt --check, no line over rustfmt's width, cargo clippy -D warnings (native and wasm),
#      and the loader's scripts (loader/*.js, // @ts-check) type-checked by TypeScript against loader/tuan.d.ts;
#   1. the core and routes, natively: unit, property and command tests (cargo test);
#   2. the release build, with the first-load size against its budget;
#   3. end-to-end tests of the release build in headless Chromium, served under a sub-path;
#   4. the flows that matter on an iPhone in WebKit (WebKitGTK through WebKitWebDriver, tests/webkit);
#      in 3 and 4, every screen against WCAG 2.1 A/AA (axe-core), 44 px targets, focus and 200% text.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== shape: rustfmt (rustfmt.toml) and clippy with warnings as errors, native and wasm"
cargo fmt --check
node scripts/line-width.mjs
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --bins --quiet -- -D warnings
tests/e2e/node_modules/.bin/tsc -p loader
echo "== cargo test"
cargo test --quiet
echo "== release build"
trunk build --release --offline
# The budget of the first load (README, "Size and speed"): the tests fail past it.
node scripts/size.mjs --check
echo "== browser tests"
(cd tests/e2e && node --test --test-concurrency=1 .)
echo "== browser tests in WebKit"
cd tests/webkit && node --test --test-concurrency=1 .
