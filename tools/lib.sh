# Shared by tools/serve and tools/test: install what is missing, build.
# Sourced, not run.

SB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SB_DEBIAN_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libre2-dev libyaml-cpp-dev libcpp-httplib-dev nlohmann-json3-dev libhiredis-dev
  doctest-dev libstemmer-dev libutf8proc-dev libhowardhinnant-date-dev
  redis-server redis-tools python3
  libssl-dev      # HMAC-SHA256 for the web chat's signed visitor tokens
  libsodium-dev   # Argon2id password hashes and signed session tokens of the operator console
  chromium nodejs # the web chat's browser tests (playwright-core drives chromium)
  wrk             # measuring the server: requests/s on keep-alive connections
)
# Only tools/fuzz installs these: clang with its sanitizer and libFuzzer runtimes.
SB_FUZZ_PACKAGES=(clang libclang-rt-14-dev)

sb_say() { printf '==> %s\n' "$*"; }

# ccache keys on paths relative to the checkout, so clones share one cache.
export CCACHE_BASEDIR="$SB_ROOT"

# Installs the Debian packages that are not installed yet.
sb_install_packages() {
  local missing=() p
  for p in "${SB_DEBIAN_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    sb_say "Debian packages: all present"
    return 0
  fi
  sb_say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Installs the browser tests' npm packages from their lockfile when missing.
sb_install_npm() {
  local dir="$SB_ROOT/tests/browser"
  if [ -d "$dir/node_modules/playwright-core" ]; then
    sb_say "npm packages: all present"
    return 0
  fi
  # Debian's nodejs comes without npm; NodeSource's brings its own (and conflicts
  # with Debian's npm package).
  command -v npm >/dev/null || sb_install_packages npm
  sb_say "installing npm packages in tests/browser (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

# Configures (once) and builds into $1 with extra cmake arguments after it.
# SB_BUILD_TARGETS, when set, names the only targets to build (space-separated).
sb_build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    sb_say "configuring $dir"
    cmake -S "$SB_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
  local targets=() t
  for t in ${SB_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
  sb_say "building in $dir${SB_BUILD_TARGETS:+ ($SB_BUILD_TARGETS)}"
  cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
}

# Prints a free TCP port on 127.0.0.1.
sb_free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}
