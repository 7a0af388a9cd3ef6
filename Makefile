# cqcnews: `make run` serves the site, `make test` runs the whole suite.
HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint fixtures clean

# A stamp per extra, remade when pyproject.toml changes: a second run installs nothing.
$(VENV)/bin/python:
	@interpreter=$$(sh bin/find-python) && "$$interpreter" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --editable .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --editable ".[test]"
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_content
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config cqcnews/gunicorn.conf.py --bind $(HOST):$(PORT) cqcnews.wsgi

test: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuilds fixtures/initial_content.json from fixtures/documents/ and fixtures/curated/.
fixtures: $(VENV)/.installed-run
	$(MANAGE) build_fixtures

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
