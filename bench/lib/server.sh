# bench/run, parts 3 to 5 on the server: `switchboard serve` on a throwaway Redis
# through the REST endpoint and the Telegram webhook (wrk), beside redis-benchmark
# and a trivial cpp-httplib server; memory in Redis and of the process; growth with
# the sessions. Sourced, not run.

BENCH_API_KEY=bench-key
BENCH_TG_SECRET=bench_tg_secret

# Writes a configuration like samples/serve/lumi.yaml on $REDIS_PORT, with Telegram
# on and its Bot API at bot_api_sink, and starts the server; sets SERVER_URL and
# SERVER_PID.
bench_start_server() {
  local port config=$BENCH_WORK/serve.yaml
  bench_start_listening bot_api BENCH_BOT_API "$BENCH_BUILD/bench/bot_api_sink" --port 0
  port=$(sb_free_port)
  sed -e "s|^listen: .*|listen: 127.0.0.1:$port|" \
      -e "s|^store: .*|store: redis://127.0.0.1:$REDIS_PORT/0|" \
      -e "s|^flows: .*|flows: $SB_ROOT/flows|" \
      -e "s|^flows_watch_ms: .*|flows_watch_ms: 0|" \
      -e "s|^  level: .*|  level: warn|" \
      -e "s|^  per_recipient_burst: .*|  per_recipient_burst: 1000|" \
      -e "s|^  # telegram:|  telegram:\n    api_base: $BENCH_BOT_API|" \
      -e "s|^  #   token_env: LUMI_TELEGRAM_TOKEN|    token_env: LUMI_TELEGRAM_TOKEN|" \
      -e "s|^  #   secret_token_env: LUMI_TELEGRAM_SECRET|    secret_token_env: LUMI_TELEGRAM_SECRET|" \
      "$SB_ROOT/samples/serve/lumi.yaml" >"$config"
  export LUMI_API_KEYS=$BENCH_API_KEY LUMI_WEBCHAT_SECRET=bench-secret-bench-secret LUMI_ADMIN_TOKEN=bench-admin
  export LUMI_TELEGRAM_TOKEN=123456:bench LUMI_TELEGRAM_SECRET=$BENCH_TG_SECRET
  bench_start_listening server SERVER_URL "$BENCH_BUILD/tools/switchboard" serve "$config"
  SERVER_PID=$(bench_last_pid)
}

bench_metric() {  # NAME: its value on /metrics
  curl -s "$SERVER_URL/metrics" | awk -v n="$1" '$1 == n {print $2}'
}

# One wrk run of turns (SCRIPT: post_many for REST, telegram_updates for the
# webhook); records PREFIX.{requests_per_s,p50_ms,...} and the Redis cost per message.
bench_wrk() {  # PREFIX CONNECTIONS SESSIONS DURATION [SCRIPT]
  local prefix=$1 connections=$2 sessions=$3 duration=$4 script=${5:-post_many} threads=2
  [ "$connections" -eq 1 ] && threads=1
  local turns0 trips0 turns1 trips1 stats0 stats1
  turns0=$(bench_metric switchboard_turns_total)
  trips0=$(bench_metric switchboard_store_round_trips_total)
  stats0=$(bench_redis_commandstats)
  SB_API_KEY=$BENCH_API_KEY SB_SESSIONS=$sessions SB_PREFIX="b$BENCH_RUN-" \
    SB_TG_SECRET=$BENCH_TG_SECRET SB_CHAT_BASE=$((BENCH_RUN * 10000000)) \
    wrk -t"$threads" -c"$connections" -d"$duration" -s "$SB_ROOT/bench/server/$script.lua" \
    "$SERVER_URL" -- "$threads" >"$BENCH_WORK/wrk.out" 2>&1
  grep -E '^[a-z0-9_]+,[0-9.]+$' "$BENCH_WORK/wrk.out" | bench_record_lines "$prefix"
  turns1=$(bench_metric switchboard_turns_total)
  trips1=$(bench_metric switchboard_store_round_trips_total)
  stats1=$(bench_redis_commandstats)
  local turns=$((turns1 - turns0))
  [ "$turns" -gt 0 ] || return 0
  read -r calls0 usec0 <<<"$stats0"
  read -r calls1 usec1 <<<"$stats1"
  bench_record "$prefix.round_trips_per_message" "$(awk -v a=$((trips1 - trips0)) -v t=$turns 'BEGIN {printf "%.2f", a / t}')"
  bench_record "$prefix.redis_commands_per_message" "$(awk -v a=$((calls1 - calls0)) -v t=$turns 'BEGIN {printf "%.2f", a / t}')"
  bench_record "$prefix.redis_us_per_message" "$(awk -v a=$((usec1 - usec0)) -v t=$turns 'BEGIN {printf "%.2f", a / t}')"
}

bench_server() {
  bench_say "server on Redis: wrk, 1 and 64 connections, $BENCH_SESSIONS_FEW conversations, $BENCH_WRK_SECONDS s"
  bench_wrk "server.c1.$BENCH_SESSIONS_FEW" 1 "$BENCH_SESSIONS_FEW" "${BENCH_WRK_SECONDS}s"
  bench_wrk "server.c64.$BENCH_SESSIONS_FEW" 64 "$BENCH_SESSIONS_FEW" "${BENCH_WRK_SECONDS}s"
  bench_say "server on Redis: the Telegram webhook, 1 and 64 connections, replies sent to bot_api_sink"
  BENCH_BOT_API_CALLS=$(curl -s "$BENCH_BOT_API/count")
  bench_wrk "telegram.c1.$BENCH_SESSIONS_FEW" 1 "$BENCH_SESSIONS_FEW" "${BENCH_WRK_SECONDS}s" telegram_updates
  bench_wrk "telegram.c64.$BENCH_SESSIONS_FEW" 64 "$BENCH_SESSIONS_FEW" "${BENCH_WRK_SECONDS}s" telegram_updates
  bench_wait_delivered
}

# Waits (up to a minute) until the delivery workers have sent every reply to
# bot_api_sink, so that the next figure does not pay for this one's deliveries;
# records the replies sent in this run and what is left.
bench_wait_delivered() {
  local _ depth
  for _ in $(seq 600); do
    depth=$(bench_metric switchboard_outbox_depth)
    [ "${depth:-0}" = 0 ] && break
    sleep 0.1
  done
  bench_record telegram.bot_api_calls "$(( $(curl -s "$BENCH_BOT_API/count") - BENCH_BOT_API_CALLS ))"
  bench_record telegram.outbox_left "${depth:-0}"
}

# Bytes of every key of one conversation (its state, transcript and dedupe set).
bench_session_bytes() {  # SESSION
  local key total=0 bytes
  for key in $(bench_redis --scan --pattern "sb:{$1}:*"); do
    bytes=$(bench_redis memory usage "$key" samples 0)
    total=$((total + ${bytes:-0}))
  done
  echo "$total"
}

bench_rest_say() {  # CONVERSATION TEXT
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $BENCH_API_KEY" -H 'Content-Type: application/json' \
    --data "{\"text\":\"$2\"}" "$SERVER_URL/api/v1/conversations/$1/messages"
}

# One idle conversation (one FAQ question answered) and a 50-message transcript.
bench_session_memory() {
  local i
  bench_rest_say idle-one "сколько стоит стрижка"
  bench_record memory.idle_session_bytes "$(bench_session_bytes rest:idle-one)"
  for i in $(seq 50); do bench_rest_say fifty "сколько стоит стрижка $i"; done
  bench_record memory.transcript50_bytes "$(bench_session_bytes rest:fifty)"
  # The log: a list, or the stream of a conversation stored before the list.
  local log events
  log=$(bench_redis memory usage "sb:{rest:fifty}:log" samples 0)
  events=$(bench_redis memory usage "sb:{rest:fifty}:events" samples 0)
  bench_record memory.transcript50_log_bytes "$(( ${log:-0} + ${events:-0} ))"
}

# Fills the server to MANY live conversations with wrk; records the throughput on
# the way, the server's resident memory and Redis's memory per conversation.
bench_growth() {
  local many=$BENCH_SESSIONS_MANY seconds
  bench_say "server growth: $many live conversations"
  local used0 used1 keys
  used0=$(bench_redis info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}')
  # Enough time to reach every conversation once at the measured rate, twice over.
  seconds=$(awk -v n="$many" -v s="$BENCH_WRK_SECONDS" 'BEGIN {t = n / 2500; print (t > s ? int(t) + 1 : s)}')
  BENCH_RUN=1 bench_wrk "server.c64.$many" 64 "$many" "${seconds}s"
  keys=$(bench_redis --scan --pattern 'sb:{rest:b1-*}:state' | wc -l)
  used1=$(bench_redis info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}')
  bench_record server.live_sessions "$keys"
  bench_record memory.redis_bytes_per_session "$(( (used1 - used0) / (keys > 0 ? keys : 1) ))"
  bench_record memory.server_rss_mib "$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER_PID/status")"
}

# The machine's ceiling, from the peers' scripts: redis-benchmark (1 KiB GET and a
# Lua read-modify-write of a 1 KiB blob) and a trivial cpp-httplib server under wrk.
bench_ceiling() {
  bench_say "ceiling: redis-benchmark (peers' redis_bench.sh)"
  PORT=$(sb_free_port) RUNS=$BENCH_RUNS N=$BENCH_REDIS_REQUESTS TESTS=get1k,evalsha_rmw1k OUT="$BENCH_WORK/redis" \
    "$BENCH_PEERS/redis_bench.sh" >>"$BENCH_WORK/log" 2>&1 || bench_say "redis_bench.sh failed"
  local label config run rps
  while IFS=, read -r label config run rps; do
    BENCH_RUN=$run bench_record "ceiling.redis.$label.$config.ops_per_s" "${rps%.*}"
  done <"$BENCH_WORK/redis/raw.csv"
  bench_say "ceiling: trivial cpp-httplib server (peers' http_bench.sh)"
  PORT=$(sb_free_port) RUNS=$BENCH_RUNS DUR="${BENCH_WRK_SECONDS}s" OUT="$BENCH_WORK/http" \
    "$BENCH_PEERS/http_bench.sh" >>"$BENCH_WORK/log" 2>&1 || bench_say "http_bench.sh failed"
  local p50 errors p99
  while IFS=, read -r label run rps p50 errors p99; do
    BENCH_RUN=$run bench_record "ceiling.httplib.$label.requests_per_s" "${rps%.*}"
  done <"$BENCH_WORK/http/raw.csv"
}
