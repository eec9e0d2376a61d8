// The first load's budget in KB, gzip -9 (README, "Size and speed"): the figure measured when it was
// last set, plus 2 KB. Checked by `node scripts/size.mjs --check` in scripts/test.sh and shown by
// the benchmark (tests/e2e/bench.mjs).
export const FIRST_LOAD_KB = 374.5;
