#!/usr/bin/env bash
# Runs the web chat's browser test: starts the sample booking and order systems,
# a real `switchboard serve` and a page of "another site" embedding the chat on free
# ports, then webchat_test.mjs in Debian's chromium. Registered in CTest (label browser); tools/test installs chromium and
# the npm packages (tests/browser/package-lock.json).
#   tests/browser/run_webchat_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=tests/browser/lib.sh
source "$HERE/lib.sh"
start_samples
export SB_BROWSER_SECRET=browser-test-secret SB_ADMIN_TOKEN=browser-admin-token
cat >"$RUN/server.yaml" <<YAML
listen: 127.0.0.1:0
store: ${SWITCHBOARD_TEST_REDIS_URL:-memory}
store_key_prefix: "sbbrowser$$"
flows: $ROOT/flows
admin: {token_env: SB_ADMIN_TOKEN}
channels:
  webchat: {secret_env: SB_BROWSER_SECRET}
logging: {level: warn}
YAML
start server "web chat:" "$BUILD/tools/switchboard" serve "$RUN/server.yaml"
CHAT_URL=$URL

# Another site that embeds the chat with its one script tag, on another origin.
mkdir "$RUN/site"
cat >"$RUN/site/shop.html" <<HTML
<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Another site</title></head>
<body><h1>Another site</h1><script src="${CHAT_URL}chat.js" defer></script></body></html>
HTML
SITE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$SITE_PORT" --bind 127.0.0.1 --directory "$RUN/site" >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$SITE_PORT") 2>/dev/null && break
  sleep 0.05
done

if [ -z "${SB_SCREENSHOTS:-}" ]; then
  SB_SCREENSHOTS=$BUILD/screenshots/webchat
  rm -rf "$SB_SCREENSHOTS"  # this run's screenshots only
fi
export SB_SCREENSHOTS
node "$HERE/webchat_test.mjs" "$CHAT_URL" "http://127.0.0.1:$SITE_PORT/shop.html"
