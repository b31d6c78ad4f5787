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
# shellcheck source=tests/browser/lib.sh
source "$HERE/lib.sh"
start_samples
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
