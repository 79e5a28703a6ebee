#!/usr/bin/env bash
# Fails when a .po catalogue was edited without recompiling its .mo file (`make messages`).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v msgfmt >/dev/null; then
  echo "msgfmt not found: installing Debian's gettext package"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gettext >/dev/null
fi
status=0
while IFS= read -r po; do
  tmp=$(mktemp)
  msgfmt --check-format -o "$tmp" "$po"
  if ! cmp -s "$tmp" "${po%.po}.mo"; then
    echo "${po%.po}.mo is out of date: run 'make messages'"
    status=1
  fi
  rm -f "$tmp"
done < <(find motcua -name '*.po' -path '*LC_MESSAGES*')
exit $status
