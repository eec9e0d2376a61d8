// Minifies the first load in place, run by the post-build hook on Trunk's staging directory (before
// the full build's files are hashed), and the vendored scripts loaded on demand (the QR encoder).
// Usage: node minify.mjs file.js… index.html
//  - a .js file (wasm-bindgen's glue of each build): the classes of wasm-streams' exports removed
//    (wasm-opt removed the exports themselves: index.html), then terser, compress and mangle, as an
//    ES module;
//  - index.html: its inline classic scripts with terser (globals are never renamed: the scripts share
//    them through `window`), its inline stylesheets with csso, HTML comments and the indentation
//    between tags removed. Trunk's own minifier stays off (Trunk.toml): it is reported to break
//    wasm-bindgen's glue in 0.21.14.
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';
import { minify as minifyCss } from 'csso';

/** wasm-streams' exported classes, linked in by Leptos's server functions and never used here. */
const UNUSED_CLASSES = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];

/** The glue without those classes: each one's class, its dispose line and its finalization registry.
 *  Fails, rather than ship a glue that calls removed exports, if anything of them is left. */
function withoutUnusedClasses(code) {
  for (const name of UNUSED_CLASSES) {
    for (const part of [
      `^export class ${name} \\{\\n[\\s\\S]*?\\n\\}\\n`,
      `^if \\(Symbol\\.dispose\\) ${name}\\.prototype\\[.*\\n`,
      `^const ${name}Finalization = [^;]*;\\n`,
    ]) {
      const before = code;
      code = code.replace(new RegExp(part, 'm'), '');
      if (code === before) throw new Error(`wasm-bindgen's glue has changed: no ${part}; update UNUSED_CLASSES`);
    }
  }
  const left = code.split('\n').filter((line) => /intounderlying/i.test(line));
  if (left.length) throw new Error(`wasm-bindgen's glue still uses wasm-streams' removed exports:\n${left.join('\n')}`);
  return code;
}

async function js(code, module, comments = false) {
  const out = await minify(code, { module, compress: { passes: 2 }, mangle: true, format: { comments } });
  if (!out.code) throw new Error('terser produced nothing');
  return out.code;
}

/** The page's inline scripts and styles minified, its comments and indentation gone. Text inside
 *  elements is kept as written: only whitespace that contains a line break, between two tags, goes. */
async function html(page) {
  const bodies = [];
  const blocks = /<(script|style)>([\s\S]*?)<\/\1>/g;
  for (const [, tag, body] of page.matchAll(blocks)) {
    bodies.push(tag === 'script' ? await js(body, false) : minifyCss(body, { restructure: false }).css);
  }
  let i = 0;
  return page
    .replace(blocks, (_, tag) => `<${tag}>\0</${tag}>`)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/>\s*\n\s*</g, '><')
    .trim()
    .replace(/<(script|style)>\0<\/\1>/g, (_, tag) => `<${tag}>${bodies[i++]}</${tag}>`);
}

/** A vendored classic script (not wasm-bindgen's glue): minified as it is, its copyright kept. */
const vendored = (file) => !/^tuan/.test(file.split('/').pop()) && file.endsWith('.js');

for (const file of process.argv.slice(2)) {
  const code = readFileSync(file, 'utf8');
  const out = file.endsWith('.html') ? await html(code)
    : vendored(file) ? await js(code, false, /Copyright|license/i)
    : await js(withoutUnusedClasses(code), true);
  writeFileSync(file, out);
  console.log(`[minify] ${file.split('/').pop()}: ${code.length} → ${out.length} bytes`);
}
