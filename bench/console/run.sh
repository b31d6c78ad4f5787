#!/usr/bin/env bash
# Builds `switchboard` and runs the console bench (console_bench.py) on it:
# 50 operators, 2,000 waiting chats, one server process; the memory store unless
# --redis URL is given.
#   bench/console/run.sh [--redis redis://127.0.0.1:6379/0] [--operators N] [--chats N]
set -euo pipefail
source "$(dirname "$0")/../../tools/lib.sh"
SB_BUILD_TARGETS=switchboard sb_build "${SB_BUILD_DIR:-$SB_ROOT/build}"
exec python3 "$SB_ROOT/bench/console/console_bench.py" --switchboard "${SB_BUILD_DIR:-$SB_ROOT/build}/tools/switchboard" \
  --flows "$SB_ROOT/flows" "$@"
