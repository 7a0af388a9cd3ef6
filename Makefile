# cqcnews: `make run` serves the site, `make test` runs the whole suite.
HOST ?= 127.0.0.1
PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test lint lock fixtures clean bench bench-import backup restore audit

# Exactly the versions CI tested, with their hashes (requirements/*.txt, made
# from pyproject.toml's ranges by `make lock`), then the project itself. A
# stamp per file, remade when it changes: a second run installs nothing.
$(VENV)/bin/python:
	@interpreter=$$(sh bin/find-python) && "$$interpreter" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements/run.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes --requirement requirements/run.txt
	$(PY) -m pip install --quiet --no-deps --editable .
	@touch $@

$(VENV)/.installed-test: requirements/test.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes --requirement requirements/test.txt
	$(PY) -m pip install --quiet --no-deps --editable .
	@touch $@ $(VENV)/.installed-run

# The lock files again, after a change to pyproject.toml's dependencies:
# pins that still fit are kept, `make lock UPGRADE=1` takes the newest versions
# the ranges allow (pip-tools, in a virtualenv of its own).
LOCK := pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
	--no-emit-find-links --extra postgres --extra redis
lock: | $(VENV)/bin/python
	@test -x $(VENV)/pip-tools/bin/pip-compile || { $(PY) -m venv $(VENV)/pip-tools \
		&& $(VENV)/pip-tools/bin/pip install --quiet pip-tools; }
	$(VENV)/pip-tools/bin/$(LOCK) $(if $(UPGRADE),--upgrade) --output-file requirements/run.txt pyproject.toml
	$(VENV)/pip-tools/bin/$(LOCK) $(if $(UPGRADE),--upgrade) --extra test --output-file requirements/test.txt pyproject.toml

# The audit tools (axe-core, the Nu HTML Checker, Lighthouse) pinned in
# package-lock.json, reinstalled when it changes. No install scripts: vnu-jar's
# would download a Java runtime, and the system's Java serves.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The HTML and accessibility checks need Node.js 18+ and npm:" \
		"sudo apt-get install nodejs npm" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

run: $(VENV)/.installed-run
	$(MANAGE) migrate --noinput
	$(MANAGE) load_initial_content
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config cqcnews/gunicorn.conf.py --bind $(HOST):$(PORT) cqcnews.wsgi

test: $(VENV)/.installed-test node_modules/.installed
	sh bin/ensure-chromium
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Speed of the public pages on a populated copy (bench/bench.sqlite3): see bench/run.py.
# Loads pages with wrk, installed here when missing and root; otherwise Python threads.
bench: $(VENV)/.installed-run
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
		|| echo "wrk is not available: loading pages with Python threads."
	$(PY) -m bench.run

# 1,000 press releases imported into a throw-away database, timed: see bench/importing.py.
bench-import: $(VENV)/.installed-run
	$(PY) -m bench.importing

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuilds fixtures/initial_content.json from fixtures/documents/ and fixtures/curated/.
fixtures: $(VENV)/.installed-run
	$(MANAGE) build_fixtures

# A timestamped copy of the database under backups/ (git-ignored).
backup: $(VENV)/.installed-run
	$(MANAGE) backup

# make restore FILE=backups/cqcnews-….sqlite3: into an empty database only,
# unless FORCE=1.
restore: $(VENV)/.installed-run
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/… [FORCE=1]" >&2; exit 2; }
	$(MANAGE) restore "$(FILE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm var

# Lighthouse scores of an article page in both languages, served by gunicorn
# from a throw-away database: see bin/audit and docs/quality.md.
audit: $(VENV)/.installed-run node_modules/.installed
	sh bin/ensure-chromium
	bash bin/audit
