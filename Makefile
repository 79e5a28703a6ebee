# Một Cửa — developer commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Extra options for bench/intake.py, e.g. make bench INTAKE_ARGS="--count 1000"; for
# bench/office.py, e.g. OFFICE_ARGS="--dossiers 100000"; for bench/portal.py (gunicorn + wrk,
# which it installs from Debian when missing), e.g. PORTAL_ARGS="--duration 5 --rounds 1"; for
# bench/reports.py, e.g. REPORTS_ARGS="--dossiers 100000 --import-count 10000"
INTAKE_ARGS ?=
OFFICE_ARGS ?=
PORTAL_ARGS ?=
REPORTS_ARGS ?=
# The benchmarks' PostgreSQL: a quarter of this machine's 24 GiB would be PostgreSQL's own advice
# for a dedicated server; 2 GB holds what the benchmarks read.
BENCH_PG_OPTIONS ?= -c shared_buffers=2GB

.DEFAULT_GOAL := help

.PHONY: help install run test lint format bench messages clean

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(STAMP) ## Create .venv with the product and its development tools

run: install ## Start the product on SQLite with demo data at http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed-demo
	@# The outbox worker delivers e-mails to applicants (printed here by the console backend).
	DEBUG=1 $(PY) manage.py deliver-outbox --loop & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install ## Lint, check migrations, run the suite on SQLite and on PostgreSQL
	scripts/test.sh

lint: install ## ruff lint and format check, migrations check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Extract and compile the Vietnamese translations
	cd motcua && ../$(PY) ../manage.py makemessages -l vi --no-obsolete --no-location
	cd motcua && ../$(PY) ../manage.py compilemessages -l vi

bench: install ## Run the benchmarks in bench/ (results in bench/results/)
	$(PY) -m bench.clock
	$(PY) -m bench.intake --database sqlite $(INTAKE_ARGS)
	$(PY) -m bench.office --database sqlite $(OFFICE_ARGS)
	$(PY) -m bench.portal --database sqlite $(PORTAL_ARGS)
	$(PY) -m bench.reports --database sqlite $(REPORTS_ARGS)
	@# The same on a throwaway PostgreSQL cluster, always stopped (scripts/postgres.sh); the
	@# million generated dossiers are made once for the portal and the reports. Its buffer
	@# cache is sized as for a server (BENCH_PG_OPTIONS), not PostgreSQL's 128 MB default.
	set -e; export PATH="$(CURDIR)/$(VENV)/bin:$$PATH"; \
	source scripts/postgres.sh; PG_OPTIONS="$(BENCH_PG_OPTIONS)" postgres_start; \
	trap postgres_stop EXIT; \
	DATABASE_URL="$$POSTGRES_URL" $(PY) -m bench.intake --database postgres $(INTAKE_ARGS); \
	DATABASE_URL="$$POSTGRES_URL" $(PY) -m bench.office --database postgres $(OFFICE_ARGS); \
	DATABASE_URL="$$POSTGRES_URL" $(PY) -m bench.generate --database postgres; \
	DATABASE_URL="$$POSTGRES_URL" $(PY) -m bench.portal --database postgres --reuse \
		--pg-database motcua_generated $(PORTAL_ARGS); \
	DATABASE_URL="$$POSTGRES_URL" $(PY) -m bench.reports --database postgres --reuse \
		--pg-database motcua_generated $(REPORTS_ARGS)

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var/*.sqlite3* var/static var/media
