// The first load's size: index.html and every file it names, gzip -9, by kind. Files fetched later
// (the divisions data, the .xlsx writer, the full build, which only the secretary's, committee's
// and rarely used pages load, fflate, which index.html's loader fetches only where the browser
// has no CompressionStream, and sw.js, registered once the app is up) are listed apart.
// With --check, exits 1 when the total passes the budget (scripts/budget.mjs); with --max KB, another;
// with SIZE_BYTES=1 set, it also prints the total in bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FIRST_LOAD_KB } from './budget.mjs';

const dist = new URL('../dist/', import.meta.url).pathname;
const kinds = { '.html': 'html', '.js': 'js', '.wasm': 'wasm', '.css': 'css' };
const total = { html: 0, js: 0, wasm: 0, css: 0, other: 0 };
const raw = { ...total };
const index = readFileSync(join(dist, 'index.html'), 'utf8');
const later = [];
for (const f of readdirSync(dist)) {
  const p = join(dist, f);
  if (!statSync(p).isFile()) continue;
  if (f !== 'index.html' && (!index.includes(f) || f.startsWith('tuan-full-') || f.startsWith('fflate-') || f === 'sw.js')) {
    later.push(`${f} ${(gzipSync(readFileSync(p), { level: 9 }).length / 1024).toFixed(1)} KB`);
    continue;
  }
  const data = readFileSync(p);
  const kind = kinds[extname(f)] ?? 'other';
  total[kind] += gzipSync(data, { level: 9 }).length;
  raw[kind] += data.length;
}
const sum = Object.values(total).reduce((a, b) => a + b, 0);
if (process.env.SIZE_BYTES) console.log(`bytes: ${sum}`, JSON.stringify(total));
const kb = (n) => (n / 1024).toFixed(1);
console.log(`first load (gzip -9): ${kb(sum)} KB = ` + Object.entries(total).map(([k, v]) => `${k} ${kb(v)}`).join(', ') +
  ` (uncompressed wasm ${kb(raw.wasm)} KB, js ${kb(raw.js)} KB)`);
if (later.length) console.log(`loaded later, when needed: ${later.join(', ')}`);
const i = process.argv.indexOf('--max');
if (i > 0 || process.argv.includes('--check')) {
  const max = i > 0 ? Number(process.argv[i + 1]) : FIRST_LOAD_KB;
  if (sum / 1024 > max) {
    console.error(`size budget exceeded: ${kb(sum)} KB > ${max} KB`);
    process.exit(1);
  }
}
