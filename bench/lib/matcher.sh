# bench/run, part 1: the matcher beside RiveScript-js. Sourced, not run.

bench_matcher() {
  bench_say "matcher: ${BENCH_TRIGGERS[*]} triggers, ru and en, $BENCH_MESSAGES fresh messages a size"
  "$BENCH_BUILD/bench/matcher_bench" --messages "$BENCH_MESSAGES" "${BENCH_TRIGGERS[@]}" |
    bench_record_lines matcher
}

# RiveScript-js on the peers' generated brain (phrases, wildcards, alternations,
# arrays; Russian and English) of the same sizes up to 1,000 triggers: at 10,000 it
# spends minutes on a few hundred replies (measured: over 2 minutes for 251), so
# that size is left out.
bench_rivescript() {
  local n replies=$BENCH_RIVESCRIPT_REPLIES
  for n in "${BENCH_TRIGGERS[@]}"; do
    [ "$n" -le 1000 ] || continue
    bench_say "rivescript: $n triggers, $replies replies"
    timeout 300 node "$BENCH_PEERS/rivescript_bench.js" "$n" "$replies" >"$BENCH_WORK/rivescript.json" 2>>"$BENCH_WORK/log" ||
      { bench_say "rivescript at $n triggers did not finish"; continue; }
    bench_record "rivescript.$n.replies_per_s" "$(jq -r .replies_per_s "$BENCH_WORK/rivescript.json")"
    bench_record "rivescript.$n.load_ms" "$(jq -r .load_ms "$BENCH_WORK/rivescript.json")"
  done
}
