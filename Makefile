# Cercle — developer entry points. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := CERCLE_DEBUG=true CERCLE_SITE_URL=$${CERCLE_SITE_URL:-http://127.0.0.1:$(PORT)}

.PHONY: run test bench cluster lint format migrations-check i18n worker clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	mkdir -p var
	$(DEV) $(PY) manage.py migrate --no-input -v0
	$(DEV) $(PY) manage.py demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (the worker sends queued emails to this console)"
	@$(DEV) $(PY) manage.py worker & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: $(VENV)/.installed
	$(DEV) $(PY) manage.py worker

test: $(VENV)/.installed-test
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	bash scripts/ensure-cluster-tools.sh
	$(PY) -m bench.run

# nginx -> two gunicorn instances, two workers, PostgreSQL and Redis on this machine.
cluster: $(VENV)/.installed
	bash scripts/ensure-cluster-tools.sh
	$(PY) -m bench.cluster serve

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.installed
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

i18n: $(VENV)/.installed
	bash scripts/i18n.sh extract
	bash scripts/i18n.sh compile

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
