#!/usr/bin/env bash
# The Redis store's figures beside Redis's own limit, in one run on one server:
# starts a throwaway redis-server (no persistence) on a free port, runs
# redis-benchmark (1 KiB SET/GET and a Lua EVAL writing 1 KiB) with 1 and N clients,
# then bench/redis_store_bench (turns/s, round trips per turn, MEMORY USAGE) on the
# same server. With PEERS_DIR set to a folder holding redis_bench.sh, that peer
# measurement runs afterwards on its own server.
#   tools/redis_bench.sh        (env: THREADS=4 SECONDS_PER_RUN=3 N=100000 PEERS_DIR=...)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BUILD=${SB_BUILD_DIR:-$SB_ROOT/build}
THREADS=${THREADS:-4}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-3}
N=${N:-100000}
if [ ! -f "$BUILD/build.ninja" ]; then cmake -S "$SB_ROOT" -B "$BUILD" -G Ninja >/dev/null; fi
cmake --build "$BUILD" --target redis_store_bench >/dev/null

DIR=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
PORT=$(sb_free_port)
cleanup() {
  if [ -f "$DIR/redis.pid" ]; then kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$DIR"
}
trap cleanup EXIT
redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DIR" --daemonize yes --pidfile "$DIR/redis.pid" \
  --logfile "$DIR/redis.log" --save "" --appendonly no
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

sb_say "machine: $(nproc) cores, $(redis-server --version | cut -d' ' -f3)"
BLOB=$(head -c 1024 /dev/zero | tr '\0' 'x')
EVAL_SCRIPT="redis.call('SET', KEYS[1], ARGV[1]) return redis.call('STRLEN', KEYS[1])"
for clients in 1 "$THREADS"; do
  sb_say "redis-benchmark -p $PORT -n $N -r 10000 -c $clients -d 1024 -t set,get -q"
  redis-benchmark -p "$PORT" -n "$N" -r 10000 -c "$clients" -d 1024 -t set,get -q |
    tr '\r' '\n' | grep 'requests per second'
  sb_say "redis-benchmark -p $PORT -n $N -r 10000 -c $clients eval \"$EVAL_SCRIPT\" 1 k:__rand_int__ <1 KiB> -q"
  redis-benchmark -p "$PORT" -n "$N" -r 10000 -c "$clients" -q eval "$EVAL_SCRIPT" 1 'k:__rand_int__' "$BLOB" |
    tr '\r' '\n' | grep 'requests per second' | sed 's/^.*: \([0-9.]* requests per second.*\)$/EVAL (1 KiB SET): \1/'
done
redis-cli -p "$PORT" flushall >/dev/null

sb_say "redis_store_bench on the same server"
"$BUILD/bench/redis_store_bench" --url "redis://127.0.0.1:$PORT/0" --threads "$THREADS" --seconds "$SECONDS_PER_RUN"

if [ -n "${PEERS_DIR:-}" ] && [ -x "$PEERS_DIR/redis_bench.sh" ]; then
  sb_say "peer measurement: $PEERS_DIR/redis_bench.sh (its own server on port 6390)"
  TESTS=${PEER_TESTS:-get1k,set1k,evalsha_rmw1k} RUNS=${PEER_RUNS:-1} N=${PEER_N:-50000} "$PEERS_DIR/redis_bench.sh"
fi
