#!/usr/bin/env bash
# First command of the README: installs what is missing, builds the release, and serves dist/
# under a sub-path with a plain static server (no rewrite rules), as a real host would.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8080}"
bash scripts/setup.sh
bash scripts/build.sh
root=$(mktemp -d)
ln -s "$PWD/dist" "$root/tuan"
echo
echo "  团员报到 is at  http://127.0.0.1:$PORT/tuan/"
echo "  On the first screen, tap “使用演示数据” for the demo school (every demo password: demo1234)."
echo "  Ctrl-C stops the server."
echo
cd "$root" && exec python3 -m http.server "$PORT" --bind 127.0.0.1
