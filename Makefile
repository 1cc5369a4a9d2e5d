# Entry points for developers and CI.
#
#   make run            SQLite, tasks in process, demo data; serves http://127.0.0.1:8000
#   make test           lint, then the whole suite on SQLite, then on a throwaway PostgreSQL server
#   make lint           ruff (lint and format check) on the whole tree, mypy on the typed modules
#   make test-sqlite    only the SQLite run      (PYTEST_ARGS="-k adopt" narrows either run)
#   make test-postgres  only the PostgreSQL run
#   make bench          bench/run.py
#   make bench-pages    every page and API at national scale on PostgreSQL (bench/pages.py)
#   make bench-load     50 signed-in users for 60 s: gunicorn, Celery, PostgreSQL, Redis (bench/load.py)
#   make messages       compile locale/*.po into .mo files

SHELL := /bin/bash

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py
PYTEST_ARGS ?=
PYTEST := $(PY) -m pytest -ra $(PYTEST_ARGS)
# pytest.ini chooses the settings and each target chooses the database, whatever the
# caller's shell exports; tests that need Redis start their own.
TEST_ENV := env -u DJANGO_SETTINGS_MODULE -u DATABASE_URL -u REDIS_URL

.DEFAULT_GOAL := help
# One pip at a time in one venv, and the two suite runs one after the other.
.NOTPARALLEL:
.PHONY: help run test lint test-sqlite test-postgres test-deps system-packages bench bench-pages bench-load messages

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamps, so that pip runs again only when a requirements file changes.
$(VENV)/.requirements: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements-dev.txt $(VENV)/.requirements
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

$(VENV)/.requirements-bench: requirements-bench.txt $(VENV)/.requirements-dev
	$(PIP) install --quiet -r requirements-bench.txt
	touch $@

run: $(VENV)/.requirements
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

system-packages:
	@bash scripts/install-system-packages.sh

messages: $(VENV)/.requirements
	$(MANAGE) compilemessages --ignore=$(VENV)

test-deps: system-packages $(VENV)/.requirements-dev messages

lint: $(VENV)/.requirements-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(TEST_ENV) $(VENV)/bin/mypy

# Lint and both runs go ahead even when one fails, so one CI log shows every failure.
test:
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	start=$$SECONDS; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	sqlite_seconds=$$((SECONDS - start)); \
	start=$$SECONDS; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	echo "make test: SQLite run $${sqlite_seconds} s, PostgreSQL run $$((SECONDS - start)) s"; \
	exit $$status

test-sqlite: test-deps
	@echo "== Test suite on SQLite"
	$(TEST_ENV) $(PYTEST)

test-postgres: test-deps
	@echo "== Test suite on PostgreSQL"
	$(TEST_ENV) bash scripts/with-postgres.sh $(PYTEST)

bench: $(VENV)/.requirements-dev
	$(PY) bench/run.py
	$(PY) bench/letters.py
	bash scripts/with-postgres.sh sh -c 'BENCH_WHOLE_ONLY=1 BENCH_DATABASE_URL="$$DATABASE_URL" $(PY) bench/letters.py'
	$(PY) bench/audit.py
	$(PY) bench/rules.py

bench-load: $(VENV)/.requirements-bench system-packages
	bash scripts/with-postgres.sh $(PY) bench/load.py

bench-pages: $(VENV)/.requirements-dev
	bash scripts/with-postgres.sh sh -c 'BENCH_DATABASE_URL="$$DATABASE_URL" $(PY) bench/pages.py'
