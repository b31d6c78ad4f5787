# bench/run, part 2: the engine in process (memory store) beside botbuilder-dialogs
# and Botkit. Sourced, not run.

# Starts the sample booking and order systems afresh (a run books hundreds of
# times, so each run starts with free days); exports their URLs.
BENCH_SAMPLE_PIDS=()
bench_start_samples() {
  local pid
  for pid in "${BENCH_SAMPLE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  bench_start_listening booking LUMI_BOOKING_URL "$BENCH_BUILD/samples/lumi_booking_service" --port 0
  BENCH_SAMPLE_PIDS=("$(bench_last_pid)")
  bench_start_listening orders LUMI_ORDERS_URL "$BENCH_BUILD/samples/lumi_order_service" --port 0
  BENCH_SAMPLE_PIDS+=("$(bench_last_pid)")
  export LUMI_BOOKING_URL LUMI_ORDERS_URL
}

bench_engine() {
  local scenario sessions
  for scenario in faq booking order; do
    bench_say "engine: $scenario, ${BENCH_SECONDS}s, $BENCH_SESSIONS_FEW sessions"
    "$BENCH_BUILD/bench/engine_bench" --flows "$SB_ROOT/flows" --scenario "$scenario" \
      --seconds "$BENCH_SECONDS" --sessions "$BENCH_SESSIONS_FEW" 2>>"$BENCH_WORK/log" |
      bench_record_lines "engine.$scenario.$BENCH_SESSIONS_FEW"
  done
  sessions=$BENCH_SESSIONS_MANY
  bench_say "engine: faq, ${BENCH_SECONDS}s, $sessions sessions"
  "$BENCH_BUILD/bench/engine_bench" --flows "$SB_ROOT/flows" --scenario faq \
    --seconds "$BENCH_SECONDS" --sessions "$sessions" 2>>"$BENCH_WORK/log" |
    bench_record_lines "engine.faq.$sessions"
}

# The peers' three-step dialog (name, date, confirm): botbuilder with text prompts
# (the framework's own cost) and with typed prompts, and Botkit.
bench_dialog_peers() {
  local mode
  for mode in text typed; do
    bench_say "botbuilder-dialogs: $BENCH_PEER_CONVERSATIONS conversations, $mode prompts"
    node "$BENCH_PEERS/botbuilder_bench.js" "$BENCH_PEER_CONVERSATIONS" "$mode" >"$BENCH_WORK/peer.json" 2>>"$BENCH_WORK/log" &&
      bench_record "botbuilder.$mode.turns_per_s" "$(jq -r .turns_per_s "$BENCH_WORK/peer.json")"
  done
  bench_say "botkit: $BENCH_PEER_CONVERSATIONS conversations"
  node "$BENCH_PEERS/botkit_bench.js" "$BENCH_PEER_CONVERSATIONS" >"$BENCH_WORK/peer.json" 2>>"$BENCH_WORK/log" &&
    bench_record "botkit.turns_per_s" "$(jq -r .turns_per_s "$BENCH_WORK/peer.json")"
}
