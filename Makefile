# clinic-booking: every target installs what it needs first.
#   make run      the REST gateway on a development database (see README)
#   make psql     psql on the database make run uses (PSQL_ARGS are passed on)
#   make test     everything (lint, pgTAP, Python tests) in one pytest run
#   make test-fast  the edit loop's tier: no browser, benchmark smoke or slow tests
#   make migrate  apply migrations and functions to $DATABASE_URL
#   make lint     ruff + squawk
#   make bench    the benchmarks (bench/RESULTS.md); make bench-quick: their smoke test
#   make phone-metadata  regenerate schema/0003_phone_metadata.sql from phonenumbers
#   make schema-dump / make sql-api-docs  rewrite tests/schema.sql / docs/sql-api.md
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)

.PHONY: help venv pgtap chromium nginx bench-tools vapi-types lint test test-fast bench bench-quick bench-profile migrate run serve psql sms-reply schema-dump sql-api-docs phone-metadata

help:
	@echo "make run       serve the REST gateway on \$$PORT (default 3001), database included"
	@echo "make serve     the service in production (environment only; SERVE_ARGS=--check)"
	@echo "make psql      psql on the database make run uses (\$$DATABASE_URL or its own cluster)"
	@echo "make sms-reply FROM=+1... TEXT=C  a patient's signed SMS to make run's example clinic"
	@echo "make test      run lint, pgTAP and Python tests (sets everything up)"
	@echo "make test-fast the tests but the browser, benchmark-smoke and slow ones (markers; under a minute)"
	@echo "make migrate   apply migrations + functions to \$$DATABASE_URL"
	@echo "make lint      ruff and squawk"
	@echo "make bench     benchmarks of the booking path, written to bench/RESULTS.md (not part of make test)"
	@echo "make bench-quick  every benchmark briefly (the smoke test make test runs)"
	@echo "make bench-profile  profile the booking path: SQL (pg_stat_*) and gateway (py-spy)"
	@echo "make phone-metadata  regenerate schema/0003_phone_metadata.sql from phonenumbers"
	@echo "make schema-dump   rewrite tests/schema.sql; make sql-api-docs: docs/sql-api.md"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

# pgTAP from Debian's package for the installed server, when it is missing.
pgtap:
	@bash tools/ensure-pgtap.sh

# Debian's chromium for the browser tests of the pages (tests/web), when it is missing.
chromium:
	@bash tools/ensure-chromium.sh

# Debian's nginx for the deployment test (tests/deploy: two instances behind
# deploy/nginx-booking.conf over loopback), when it is missing.
nginx:
	@bash tools/ensure-nginx.sh

# The voice platform's TypeScript types (@vapi-ai/server-sdk) and tsc, pinned, from
# the npm registry into ~/.cache/clinic-booking/vapi-types (a dev-only check:
# tests/voice_agent/test_platform_types.py), when they are missing.
vapi-types:
	@bash tools/ensure-vapi-types.sh >/dev/null

# wrk for the HTTP benchmarks, when it is missing.
bench-tools:
	@bash tools/ensure-bench-tools.sh

lint: venv
	$(VENV)/bin/ruff check shim tests tools bench
	$(VENV)/bin/ruff format --check shim tests tools bench
	$(VENV)/bin/squawk --config .squawk.toml schema/*.sql

test: venv pgtap chromium nginx bench-tools vapi-types lint
	$(PY) -m pytest $(PYTEST_ARGS)

# The edit loop's tier: the markers browser, bench and slow (conftest.py) left
# out, so neither chromium, nginx nor wrk is needed; its own throwaway database as above.
test-fast: venv pgtap
	$(PY) -m pytest -m "not browser and not bench and not slow" $(PYTEST_ARGS)

# Each benchmark under 3 minutes on the 2-core machine; see bench/__main__.py.
bench: venv bench-tools
	$(PY) -m bench $(BENCH_ARGS)

bench-quick: venv bench-tools
	$(PY) -m bench --quick $(BENCH_ARGS)

# Where a booking's time goes: SQL functions and statements, gateway (py-spy).
bench-profile: venv bench-tools
	$(PY) -m bench.profile $(BENCH_ARGS)

migrate: venv
	$(PY) -m shim.database.migrate

# Production: configuration from the environment only; refuses unsafe settings
# (SERVE_ARGS=--check prints the verdict and exits). See docs/deploy.md.
serve: venv
	@$(PY) -m shim serve $(SERVE_ARGS)

# Without DATABASE_URL: a PostgreSQL cluster under .data/postgres, kept between runs.
run: venv
	@$(PY) -m shim.run

# A patient's SMS to make run's example clinic, signed as Twilio signs it:
# make sms-reply FROM=+14155552672 TEXT=C (the replies print in make run).
sms-reply: venv
	@$(PY) -m shim.sms_reply --from "$(FROM)" --text "$(TEXT)"

# psql on make run's database (DATABASE_URL, else its cluster under .data/postgres).
psql: venv
	@$(PY) -m shim.psql $(PSQL_ARGS)

# Rewrite tests/schema.sql from a database built by the migrations.
schema-dump: venv pgtap
	$(PY) -m tests.schema_dump --write

# Rewrite schema/0003_phone_metadata.sql, schema/0080_phone_costly_numbers.sql and
# functions/booking.phone_number_formats.sql from the pinned phonenumbers.
phone-metadata: venv
	$(PY) -m tools.generate_phone_metadata

# Rewrite docs/sql-api.md (the SQL API reference) from a database built by the migrations.
sql-api-docs: venv pgtap
	$(PY) -m tests.sql_api_docs --write
