# bench/run's shared functions: where figures are recorded, background processes
# and their cleanup, a throwaway Redis. Sourced, not run.

# Every figure of every run goes to $BENCH_RAW as `figure,run,value`.
BENCH_RUN=1

bench_record() {  # FIGURE VALUE
  printf '%s,%s,%s\n' "$1" "$BENCH_RUN" "$2" >>"$BENCH_RAW"
}

# Records the `figure,value` lines on stdin under PREFIX (lines starting with # are
# comments); passes everything through to the log.
bench_record_lines() {  # PREFIX
  local line
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$BENCH_WORK/log"
    case "$line" in
      \#* | "") ;;
      *,*) bench_record "$1.${line%%,*}" "${line#*,}" ;;
    esac
  done
}

bench_say() { printf '==> %s\n' "$*" | tee -a "$BENCH_WORK/log" >&2; }

BENCH_PIDS=()
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  BENCH_PIDS=()
}

# Starts a program that prints `listening on URL` once bound; sets VAR to the URL.
bench_start_listening() {  # NAME VAR PROGRAM ARGS...
  local name=$1 var=$2; shift 2
  "$@" >"$BENCH_WORK/$name.out" 2>"$BENCH_WORK/$name.err" &
  BENCH_PIDS+=($!)
  local _
  for _ in $(seq 200); do
    if grep -q "^listening on" "$BENCH_WORK/$name.out" 2>/dev/null; then
      printf -v "$var" '%s' "$(sed -n 's/^listening on //p' "$BENCH_WORK/$name.out" | head -1)"
      return 0
    fi
    sleep 0.05
  done
  echo "bench: $name did not start: $(cat "$BENCH_WORK/$name.err")" >&2
  return 1
}

# The pid of the last program started.
bench_last_pid() { echo "${BENCH_PIDS[-1]}"; }

# A throwaway redis-server on a free port, no persistence; sets REDIS_PORT.
bench_start_redis() {
  REDIS_PORT=$(sb_free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$BENCH_WORK" --logfile "$BENCH_WORK/redis.log" >/dev/null 2>&1 &
  BENCH_PIDS+=($!)
  local _
  for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "bench: redis-server did not start" >&2
  return 1
}

bench_redis() { redis-cli -p "$REDIS_PORT" "$@"; }

# Sum of calls and of usec over INFO commandstats: "CALLS USEC".
bench_redis_commandstats() {
  bench_redis info commandstats | tr -d '\r' |
    awk -F'[=,]' '/^cmdstat_/ {calls += $2; usec += $4} END {printf "%d %d\n", calls, usec}'
}

# The machine's load average over the last minute.
bench_load() { cut -d' ' -f1 /proc/loadavg; }
