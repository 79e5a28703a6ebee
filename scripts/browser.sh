# Headless Chromium for the browser tests (sourced by scripts/test.sh).
# browser_install: installs Debian's chromium, the fonts it renders Vietnamese with, and the Pango
# libraries WeasyPrint needs for the PDF forms, when any of them is missing; then exports
# MOTCUA_CHROMIUM, the browser tests/browser/conftest.py starts. Never `playwright install`: its
# download of a browser build of its own is not possible here.

# Debian packages: the browser, fonts (Vietnamese diacritics), WeasyPrint's text layout.
BROWSER_PACKAGES=(chromium fonts-dejavu-core fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

_browser_missing() {
  local package
  for package in "${BROWSER_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q '^install ok installed$' \
      || echo "$package"
  done
}

browser_install() {
  local missing
  missing=$(_browser_missing | tr '\n' ' ')
  missing=${missing% }
  if [ -n "$missing" ]; then
    echo "Installing Debian's $missing"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
  fi
  # An explicit MOTCUA_CHROMIUM (another build, another path) wins over the one on PATH.
  if [ -z "${MOTCUA_CHROMIUM:-}" ] || [ ! -x "$MOTCUA_CHROMIUM" ]; then
    MOTCUA_CHROMIUM=$(command -v chromium || true)
  fi
  if [ -z "$MOTCUA_CHROMIUM" ]; then
    echo "chromium not found after installing it: the browser tests cannot run" >&2
    return 1
  fi
  export MOTCUA_CHROMIUM
  # The Debian launcher script prints a harmless shell warning on stderr: keep only the version.
  echo "Browser: $("$MOTCUA_CHROMIUM" --version 2>/dev/null) ($MOTCUA_CHROMIUM)"
}
