# What the browser tests' runners share: a work folder removed at exit with every
# process they started, the check that playwright-core is installed, `start` for
# a program that prints its URL, and the sample booking and order systems.
# Sourced by run_*_test.sh after setting BUILD and HERE; not run on its own.

RUN=$(mktemp -d /tmp/switchboard-browser.XXXXXX)
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
  # The files exist before the program does: the first look must not race its start.
  : >"$RUN/$name.out"
  : >"$RUN/$name.err"
  "$@" >>"$RUN/$name.out" 2>>"$RUN/$name.err" &
  PIDS+=($!)
  for _ in $(seq 200); do
    URL=$(sed -n "s/^$prefix //p" "$RUN/$name.out" | head -1)
    [ -n "$URL" ] && return 0
    sleep 0.05
  done
  echo "$name did not start: $(cat "$RUN/$name.err")" >&2
  return 1
}

# The sample systems the Lumi flows call, on free ports (LUMI_BOOKING_URL, LUMI_ORDERS_URL).
start_samples() {
  start booking "listening on" "$BUILD/samples/lumi_booking_service" --port 0
  export LUMI_BOOKING_URL=$URL
  start orders "listening on" "$BUILD/samples/lumi_order_service" --port 0
  export LUMI_ORDERS_URL=$URL
}
