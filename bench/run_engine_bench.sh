#!/usr/bin/env bash
# Starts the salon's sample booking and order systems on free ports and runs the
# engine benchmark against them.
#   bench/run_engine_bench.sh [BUILD_DIR] [SECONDS]   (defaults: build, 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
seconds=${2:-3}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
start_sample() {
  "$build/samples/$1" --port 0 >"$work/$1.out" 2>"$work/$1.err" &
  pids+=($!)
  for _ in $(seq 100); do
    if grep -q "listening on" "$work/$1.out" 2>/dev/null; then
      sed -n 's/^listening on //p' "$work/$1.out" | head -1
      return 0
    fi
    sleep 0.05
  done
  echo "$0: $1 did not start: $(cat "$work/$1.err")" >&2
  return 1
}
LUMI_BOOKING_URL=$(start_sample lumi_booking_service)
LUMI_ORDERS_URL=$(start_sample lumi_order_service)
export LUMI_BOOKING_URL LUMI_ORDERS_URL
"$build/bench/engine_bench" "$root/flows" "$seconds"
"$build/bench/engine_bench" "$root/flows" "$seconds" --no-http
