#!/usr/bin/env bash
# Fails when a user-facing string in the code has no Vietnamese translation, or when a .po
# catalogue was edited without recompiling its .mo file. `make messages` fixes the second.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v msgfmt >/dev/null || ! command -v msgattrib >/dev/null; then
  echo "GNU gettext not found: installing Debian's gettext package"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gettext >/dev/null
fi
PYTHON=${PYTHON:-.venv/bin/python}
status=0
po=motcua/locale/vi/LC_MESSAGES/django.po

# 1. Every msgid in the sources is translated (extract into the .po, inspect, then restore it).
backup=$(mktemp)
cp "$po" "$backup"
(cd motcua && "../$PYTHON" ../manage.py makemessages -l vi --no-obsolete --no-location -v 0)
missing=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid "' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid "' || true)
if [ "$missing" -gt 1 ] || [ "$fuzzy" -gt 0 ]; then
  echo "Untranslated or fuzzy messages in $po (run 'make messages' and translate them):"
  msgattrib --untranslated --no-obsolete "$po" | grep -A1 '^msgid "' | grep -v '^msgid ""$' || true
  msgattrib --only-fuzzy --no-obsolete "$po" | grep -A1 '^msgid "' || true
  status=1
fi
cp "$backup" "$po"
rm -f "$backup"

# 2. The committed .mo files are compiled from the committed .po files.
while IFS= read -r file; do
  tmp=$(mktemp)
  msgfmt --check-format -o "$tmp" "$file"
  if ! cmp -s "$tmp" "${file%.po}.mo"; then
    echo "${file%.po}.mo is out of date: run 'make messages'"
    status=1
  fi
  rm -f "$tmp"
done < <(find motcua -name '*.po' -path '*LC_MESSAGES*')
exit $status
