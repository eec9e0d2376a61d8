// Fails if a line of Rust source is longer than rustfmt.toml's max_width: rustfmt cannot wrap the
// inside of view! macros, long string literals or comments, so this check keeps them in bounds too.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const max = Number(/max_width\s*=\s*(\d+)/.exec(readFileSync('rustfmt.toml', 'utf8'))[1]);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.rs')) files.push(path);
  }
};
['src', 'tests'].forEach(walk);
const long = files.flatMap((f) =>
  readFileSync(f, 'utf8').split('\n').flatMap((line, i) => ([...line].length > max ? [`${f}:${i + 1}: ${[...line].length} characters`] : [])),
);
if (long.length) {
  console.error(`lines over ${max} characters (wrap them; rustfmt cannot):\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`${files.length} Rust files, no line over ${max} characters`);
