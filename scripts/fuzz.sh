#!/usr/bin/env bash
# Runs the importer's fuzz target (fuzz/fuzz_targets/import.rs: an attacker's changes to real files,
# see src/core/sync/attack/) for a set time, default 60 s: `bash scripts/fuzz.sh [seconds]`.
# Installs cargo-fuzz from crates.io if missing. Uses the nightly toolchain where the machine has
# one (libFuzzer with the address sanitizer); otherwise stable with RUSTC_BOOTSTRAP=1 and
# `--sanitizer none` (libFuzzer's coverage only). Every crash it finds is copied into
# fuzz/regressions/, which `cargo test` runs (tests/fuzz_regressions.rs): commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  run=(cargo +nightly fuzz run import)
else
  export RUSTC_BOOTSTRAP=1
  run=(cargo fuzz run --sanitizer none import)
fi
mkdir -p fuzz/corpus/import fuzz/artifacts/import
status=0
"${run[@]}" fuzz/corpus/import -- -max_total_time="$SECONDS_TO_RUN" -max_len=4096 || status=$?
kept=0
for crash in fuzz/artifacts/import/crash-* fuzz/artifacts/import/oom-* fuzz/artifacts/import/timeout-*; do
  [ -e "$crash" ] || continue
  cp "$crash" fuzz/regressions/ && kept=$((kept + 1))
done
echo "fuzzed ${SECONDS_TO_RUN} s with: ${run[*]}; crashes kept in fuzz/regressions/: $kept"
exit "$status"
