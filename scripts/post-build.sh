#!/bin/sh
# Trunk post-build hook (Trunk.toml), on Trunk's staging directory:
# 1. minifies wasm-bindgen's JavaScript of both builds (scripts/minify: terser, without wasm-streams'
#    unused classes), which Trunk 0.21.14's own minifier is reported to break, and index.html (its
#    inline scripts and stylesheet, comments and indentation: 8.0 → 6.2 KB gzip). It also
#    copies the QR encoder and decoder, which the app loads only when it draws or reads a QR code;
# 2. gives the full build's files content-hashed names, as Trunk does for the member's build, and
#    writes those names into index.html's loader. Without it a host could serve a cached full build
#    of an older version next to a newer index.html. (The member's glue keeps the name Trunk hashed
#    from its unminified text: it changes whenever that text does.)
# 3. writes a copy of index.html into each page's folder, and 404.html (scripts/routes.mjs).
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
# The scripts the app loads on demand, from npm (installed with the minifier), under versioned names
# (a cached old page never runs a new one): the QR encoder (src/widgets/qr.rs) and decoder
# (src/widgets/scanner.rs), and the deflate library that index.html's tuan.zip loads where the
# browser has no CompressionStream (iOS before 16.4).
vendored=""
for pkg in qrcode-generator:dist/qrcode.js jsqr:dist/jsQR.js fflate:umd/index.js; do
  name="${pkg%%:*}"
  root="$(realpath "$(dirname "$0")/minify/node_modules/$name")"
  out="$dir/$name-$(node -p "require('$root/package.json').version").js"
  cp "$root/${pkg#*:}" "$out"
  vendored="$vendored $out"
done
node "$(dirname "$0")/minify/minify.mjs" $(ls "$dir"/tuan-*.js "$dir"/tuan-full.js 2>/dev/null | sort -u) $vendored "$dir/index.html"
if [ -f "$dir/tuan-full_bg.wasm" ]; then
  hash=$(cat "$dir/tuan-full.js" "$dir/tuan-full_bg.wasm" | sha256sum | cut -c1-16)
  mv "$dir/tuan-full.js" "$dir/tuan-full-$hash.js"
  mv "$dir/tuan-full_bg.wasm" "$dir/tuan-full-${hash}_bg.wasm"
  sed -i "s/tuan-full\.js/tuan-full-$hash.js/; s/tuan-full_bg\.wasm/tuan-full-${hash}_bg.wasm/" "$dir/index.html"
fi
node "$(dirname "$0")/routes.mjs" "$dir"
