#!/usr/bin/env bash
# Checks tools/serve end to end with an existing build: --help prints only the
# help; the server answers at the web chat URL it prints; and the server and the
# sample systems it starts are stopped when it (or the --chat chat) ends.
#   tests/tools/serve_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

help=$("$ROOT/tools/serve" --help)
grep -q '^usage: tools/serve' <<<"$help" || fail "--help prints no usage line: $help"
if grep -Eq 'set -e|source|^#' <<<"$help"; then fail "--help prints script lines: $help"; fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
unset LUMI_BOOKING_URL LUMI_ORDERS_URL
printf '/quit\n' | SB_BUILD_DIR="$BUILD" "$ROOT/tools/serve" --chat >"$out" 2>&1 || fail "tools/serve failed: $(cat "$out")"
grep -q 'building in .*(switchboard lumi_booking_service lumi_order_service)' "$out" ||
  fail "tools/serve does not build only what it runs: $(cat "$out")"
grep -q 'build took [0-9]* s' "$out" || fail "tools/serve does not say how long the build took"
for kind in booking order; do
  url=$(sed -n "s/^==> sample $kind system: \(http:[^ ]*\).*/\1/p" "$out")
  [ -n "$url" ] || fail "no $kind system URL in: $(cat "$out")"
  port=${url##*:}
  port=${port%%/*}
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "the sample $kind system still answers on port $port after tools/serve exited"
  fi
done

# The server: the printed web chat URL serves the page; SIGTERM stops everything.
served=$(mktemp)
trap 'rm -f "$out" "$served"' EXIT
SB_BUILD_DIR="$BUILD" "$ROOT/tools/serve" --port 0 >"$served" 2>&1 &
serve_pid=$!
chat_url=""
for _ in $(seq 600); do
  chat_url=$(sed -n 's/^==> web chat: \(http:[^ ]*\)/\1/p' "$served")
  [ -n "$chat_url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || fail "tools/serve stopped: $(cat "$served")"
  sleep 0.1
done
[ -n "$chat_url" ] || fail "tools/serve printed no web chat URL: $(cat "$served")"
page=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "$chat_url")
grep -q 'chat.js' <<<"$page" || fail "the web chat URL does not serve the page: $page"
kill -TERM "$serve_pid"
wait "$serve_pid" || true
port=${chat_url#http://127.0.0.1:}
port=${port%%/*}
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  fail "switchboard serve still answers on port $port after tools/serve exited"
fi
echo "PASS"
