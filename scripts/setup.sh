#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there at the right
# version. Safe to run again. The versions and why: the comments below.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
say() { printf '\033[1;32m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy, which the test command runs.
for c in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$c"; then
    say "adding the $c component"
    rustup component add "$c"
  fi
done

# Trunk 0.21.14 (0.22 needs a newer rustc than this machine's).
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli exactly equal to the wasm-bindgen in Cargo.lock, or trunk tries to download one.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$"; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 3 minutes)"
  # Without --locked: its lock file names a webpki-roots version the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# wasm-opt from npm's binaryen; Debian's binaryen (108) produces modules that fail in Chromium.
if dpkg -s binaryen >/dev/null 2>&1; then
  say "removing Debian's binaryen (its wasm-opt breaks the build)"
  as_root apt-get remove -y binaryen
fi
if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION\b"; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  as_root npm install -g "binaryen@$BINARYEN_VERSION" --no-audit --no-fund
fi

# Chromium for the browser tests (never Playwright's own browser download: it fails here).
if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  as_root apt-get update -qq
  as_root apt-get install -y -qq chromium
fi

# WebKit, the iPhone's engine: Debian's WebKitGTK MiniBrowser driven by WebKitWebDriver on a
# virtual display (Playwright's own WebKit is a download, which fails here), and xdotool, which gives
# its window the keyboard focus (a virtual display has no window manager to; tests/webkit/driver.mjs).
if [ ! -x /usr/bin/WebKitWebDriver ] || ! command -v xvfb-run >/dev/null || ! command -v xauth >/dev/null || ! command -v xdotool >/dev/null; then
  say "installing WebKitGTK's WebDriver, a virtual display and xdotool for the WebKit tests"
  as_root apt-get install -y -qq webkit2gtk-driver xvfb xauth xdotool || { as_root apt-get update -qq && as_root apt-get install -y -qq webkit2gtk-driver xvfb xauth xdotool; }
fi

# A Chinese font, so the tests' screenshots show text rather than empty boxes.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  say "installing a Chinese font for screenshots"
  as_root apt-get install -y -qq fonts-wqy-microhei || { as_root apt-get update -qq && as_root apt-get install -y -qq fonts-wqy-microhei; }
fi

# npm packages exactly as locked, reinstalled whenever the lock file changes: npm_locked DIR WHAT.
npm_locked() {
  local stamp="$1/node_modules/.tuan-lock-stamp" want
  want=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing $2"
    (cd "$1" && npm ci --no-audit --no-fund)
    echo "$want" > "$stamp"
  fi
}
npm_locked scripts/minify "the build's JavaScript minifier (scripts/post-build.sh)"
npm_locked tests/e2e "the e2e test packages"
say "all tools present"
