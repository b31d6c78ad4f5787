#!/usr/bin/env bash
# Runs the conversation tests against the real sample backends over HTTP.
#
#   tests/conversations/run_with_backends.sh BUILD_DIR [--redis URL | --redis-from-env]
#
# Starts the sample booking system (taking 2026-11-23 as today, the tests' day) and
# the sample order system on free ports, points the bot at them (LUMI_BOOKING_URL,
# LUMI_ORDERS_URL), runs tests/conversations, then runs tests/conversations/down
# with both URLs at a closed port (the systems-down answers). The services keep
# their state for the whole run: files run in name order, tests in order.
# --redis-from-env takes the store's URL from SWITCHBOARD_TEST_REDIS_URL.
# Exits non-zero if either run failed.
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR [--redis URL | --redis-from-env]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
build_dir=$1
shift
store_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --redis)
      [ $# -ge 2 ] || usage
      store_args=(--redis "$2")
      shift 2
      ;;
    --redis-from-env)
      if [ -z "${SWITCHBOARD_TEST_REDIS_URL:-}" ]; then
        echo "$0: --redis-from-env: SWITCHBOARD_TEST_REDIS_URL is not set" >&2
        exit 2
      fi
      store_args=(--redis "$SWITCHBOARD_TEST_REDIS_URL")
      shift
      ;;
    *) usage ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
switchboard=$build_dir/tools/switchboard
for program in "$switchboard" "$build_dir/samples/lumi_booking_service" "$build_dir/samples/lumi_order_service"; do
  if [ ! -x "$program" ]; then
    echo "$0: $program is not built" >&2
    exit 2
  fi
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a sample on port 0 and prints its base URL, read from the one line it
# prints once it listens.
start_sample() {
  local name=$1
  shift
  local out=$work/$name.out
  "$build_dir/samples/$name" --port 0 "$@" >"$out" 2>"$work/$name.err" &
  pids+=($!)
  local line=""
  for _ in $(seq 1 100); do
    line=$(head -n 1 "$out" 2>/dev/null || true)
    case $line in
      "listening on "*) echo "${line#listening on }"; return 0 ;;
    esac
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "$0: $name did not start:" >&2
  cat "$work/$name.err" >&2
  return 1
}

# Sets booking_url and orders_url (not in $(...): the pids must stay in this shell).
start_sample lumi_booking_service --today 2026-11-23 >"$work/booking.url"
start_sample lumi_order_service >"$work/orders.url"
LUMI_BOOKING_URL=$(cat "$work/booking.url")
LUMI_ORDERS_URL=$(cat "$work/orders.url")
export LUMI_BOOKING_URL LUMI_ORDERS_URL
echo "sample booking system: $LUMI_BOOKING_URL"
echo "sample order system:   $LUMI_ORDERS_URL"

status=0
echo "== conversation tests against the sample systems"
"$switchboard" test "$root/flows" "$here" "${store_args[@]}" || status=1

# A port that was free a moment ago and that nothing listens on now.
closed_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export LUMI_BOOKING_URL=http://127.0.0.1:$closed_port
export LUMI_ORDERS_URL=http://127.0.0.1:$closed_port
echo "== conversation tests with both systems down ($LUMI_BOOKING_URL)"
"$switchboard" test "$root/flows" "$here/down" "${store_args[@]}" || status=1

exit $status
