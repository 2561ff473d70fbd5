# Quick start: `make run` (serve the portal with demo data; `make run PORT=8001` for another port) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
PYTEST_ARGS ?=
TEST_WORKERS ?= auto
PORT ?= 8000

.PHONY: install run test lint typecheck check messages worker beat clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.11 is required"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	XT_TESTING=true $(PY) -m pytest -n $(TEST_WORKERS) -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .

# The kernel and every app's services, selectors and rules (the file globs are in pyproject.toml).
typecheck: install
	DJANGO_DEBUG=true $(VENV)/bin/mypy

check: install
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) DJANGO_ALLOWED_HOSTS=jobs.example.gov.cn \
		$(PY) manage.py check --deploy --fail-level WARNING

# Regenerate the zh_Hans catalogues of every app after changing UI strings, then compile them.
messages: install
	DJANGO_DEBUG=true $(PY) scripts/messages.py

worker: install
	$(VENV)/bin/celery -A xingtai_jobs worker -l info

beat: install
	$(VENV)/bin/celery -A xingtai_jobs beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
