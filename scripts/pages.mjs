// The folder of every page of the app, as src/route.rs lists them (PAGES): read from there, so the
// list is written once. Used by scripts/routes.mjs (the copies of index.html) and the browser tests.
import { readFileSync } from 'node:fs';

export function pages() {
  const source = readFileSync(new URL('../src/route.rs', import.meta.url), 'utf8');
  const list = /pub const PAGES: \[&str; \d+\] = \[([^\]]*)\]/.exec(source);
  if (!list) throw new Error('src/route.rs has no PAGES list');
  return [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}
