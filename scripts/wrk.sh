# The HTTP load generator of the portal benchmark (sourced by `make bench`, run by bench/portal.py).
# wrk_install: installs Debian's wrk when it is not on PATH, then exports MOTCUA_WRK, the binary
# bench/portal.py runs. An explicit MOTCUA_WRK (another build, another path) wins.

wrk_install() {
  if [ -n "${MOTCUA_WRK:-}" ] && [ -x "$MOTCUA_WRK" ]; then
    export MOTCUA_WRK
    return 0
  fi
  if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing Debian's wrk"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
  fi
  MOTCUA_WRK=$(command -v wrk || true)
  if [ -z "$MOTCUA_WRK" ]; then
    echo "wrk not found after installing it: the portal benchmark cannot run" >&2
    return 1
  fi
  export MOTCUA_WRK
}

# Run as a script (bench/portal.py does, when wrk is missing): install, then print the path.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  wrk_install >&2
  echo "$MOTCUA_WRK"
fi
