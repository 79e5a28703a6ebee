#!/usr/bin/env bash
# The whole check, as CI runs it: lint, migrations, translations, then the pytest suite on SQLite
# and again on a throwaway PostgreSQL cluster that this script starts and always stops.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
export PATH="$PWD/$VENV/bin:$PATH"
unset DATABASE_URL

echo "== ruff"
ruff check .
ruff format --check .

echo "== migrations are up to date"
python manage.py makemigrations --check --dry-run

echo "== translations are compiled"
scripts/check-messages.sh

echo "== headless Chromium for the browser tests (tests/browser/)"
source scripts/browser.sh
browser_install

echo "== pytest on SQLite"
pytest "$@"

echo "== pytest on PostgreSQL"
source scripts/postgres.sh
postgres_start
trap postgres_stop EXIT
DATABASE_URL="$POSTGRES_URL" pytest "$@"
