#!/bin/sh
# Trunk post-build hook (Trunk.toml): gives the full build's files content-hashed names, as Trunk
# does for the member's build, and writes those names into index.html's loader. Without it a host
# could serve a cached full build of an older version next to a newer index.html.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
[ -f "$dir/tuan-full_bg.wasm" ] || exit 0
hash=$(cat "$dir/tuan-full.js" "$dir/tuan-full_bg.wasm" | sha256sum | cut -c1-16)
mv "$dir/tuan-full.js" "$dir/tuan-full-$hash.js"
mv "$dir/tuan-full_bg.wasm" "$dir/tuan-full-${hash}_bg.wasm"
sed -i "s/tuan-full\.js/tuan-full-$hash.js/; s/tuan-full_bg\.wasm/tuan-full-${hash}_bg.wasm/" "$dir/index.html"
