// Minifies wasm-bindgen's JavaScript (the glue each build loads) in place: terser, compress and
// mangle, as an ES module. Run by the post-build hook on Trunk's staging directory, before the full
// build's files are hashed. Usage: node minify.mjs file.js…
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

for (const file of process.argv.slice(2)) {
  const code = readFileSync(file, 'utf8');
  const out = await minify(code, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (!out.code) throw new Error(`terser produced nothing for ${file}`);
  writeFileSync(file, out.code);
  console.log(`[minify] ${file.split('/').pop()}: ${code.length} → ${out.code.length} bytes`);
}
