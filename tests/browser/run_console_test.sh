#!/usr/bin/env bash
# Runs the operator console's browser test: starts the sample booking and order
# systems and a real `switchboard serve` with the web chat and the console (two
# operators, passwords hashed by `switchboard hash-password`) on free ports, then
# console_test.mjs in Debian's chromium. Registered in CTest (label browser).
#   tests/browser/run_console_test.sh BUILD_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUN=$(mktemp -d /tmp/switchboard-console.XXXXXX)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT

if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  echo "playwright-core is not installed: run tools/test (it runs npm ci in tests/browser)" >&2
  exit 1
fi

# Starts a program that prints "PREFIX URL" and sets URL to it.
URL=""
start() {
  local name=$1 prefix=$2; shift 2
  "$@" >"$RUN/$name.out" 2>"$RUN/$name.err" &
  PIDS+=($!)
  for _ in $(seq 200); do
    URL=$(sed -n "s/^$prefix //p" "$RUN/$name.out" | head -1)
    [ -n "$URL" ] && return 0
    sleep 0.05
  done
  echo "$name did not start: $(cat "$RUN/$name.err")" >&2
  return 1
}

start booking "listening on" "$BUILD/samples/lumi_booking_service" --port 0
export LUMI_BOOKING_URL=$URL
start orders "listening on" "$BUILD/samples/lumi_order_service" --port 0
export LUMI_ORDERS_URL=$URL
export SB_CONSOLE_WEBCHAT_SECRET=console-test-secret SB_CONSOLE_SESSION_SECRET=console-session-secret
export SB_OLGA_PASSWORD=olga-secret-1 SB_IVAN_PASSWORD=ivan-secret-2
OLGA_HASH=$(printf '%s\n' "$SB_OLGA_PASSWORD" | "$BUILD/tools/switchboard" hash-password)
IVAN_HASH=$(printf '%s\n' "$SB_IVAN_PASSWORD" | "$BUILD/tools/switchboard" hash-password)
cat >"$RUN/server.yaml" <<YAML
listen: 127.0.0.1:0
store: ${SWITCHBOARD_TEST_REDIS_URL:-memory}
store_key_prefix: "sbconsole$$"
flows: $ROOT/flows
channels:
  webchat: {secret_env: SB_CONSOLE_WEBCHAT_SECRET}
logging: {level: warn}
console:
  session_secret_env: SB_CONSOLE_SESSION_SECRET
  routing: manual
  departments: ["", support, complaints]
  canned:
    - {title: "Приветствие", text: "Здравствуйте! Меня зовут Ольга, я помогу с записью."}
    - {title: "Уточнение", text: "Уточните, пожалуйста, удобное время."}
  operators:
    - {id: olga, name: "Ольга", role: operator, departments: [support], password_hash: "$OLGA_HASH"}
    - {id: ivan, name: "Иван", role: supervisor, departments: [support, complaints], password_hash: "$IVAN_HASH"}
YAML
start server "web chat:" "$BUILD/tools/switchboard" serve "$RUN/server.yaml"
CHAT_URL=$URL

if [ -z "${SB_SCREENSHOTS:-}" ]; then
  SB_SCREENSHOTS=$BUILD/screenshots/console
  rm -rf "$SB_SCREENSHOTS"  # this run's screenshots only
fi
export SB_SCREENSHOTS
node "$HERE/console_test.mjs" "$CHAT_URL" "${CHAT_URL%chat/}console/"
if [ -n "${SWITCHBOARD_TEST_REDIS_URL:-}" ]; then
  redis-cli -u "$SWITCHBOARD_TEST_REDIS_URL" --scan --pattern "sbconsole$$:*" | xargs -r redis-cli -u "$SWITCHBOARD_TEST_REDIS_URL" del >/dev/null
fi
