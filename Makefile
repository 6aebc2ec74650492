# IA-portalen. `make run` sets up and serves the portal; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000

.PHONY: setup run test test-fast lint superuser member secretary bruker bench bench-export backup restore sync-content clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## setup: virtualenv, dependencies, migrations, and the content from fixtures/ only if the
## database has none yet (safe to run again: it never overwrites what was edited)
setup: $(VENV)/.runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) seed_content

## sync-content: list how the database differs from fixtures/; APPLY=1 writes the fixtures
## over it, each change recorded in the edit history
sync-content: $(VENV)/.runtime
	$(MANAGE) sync_content $(if $(APPLY),--apply)

## run: setup, then the development server on http://127.0.0.1:8000/ (another port: make run PORT=8001)
run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

## superuser: create an admin user for /admin/
superuser: setup
	$(MANAGE) createsuperuser

## member: create a coordination-group member, e.g. make member BRUKER=kari (asks for the password)
member: bruker setup
	$(MANAGE) create_member "$(BRUKER)" --role medlem

## secretary: create a secretariat user (edits in /admin/), e.g. make secretary BRUKER=ola
secretary: bruker setup
	$(MANAGE) create_member "$(BRUKER)" --role sekretariat

# Before setup, so a missing name stops make at once.
bruker:
	@test -n "$(BRUKER)" || { echo "Bruk: make $(MAKECMDGOALS) BRUKER=<brukernavn>"; exit 2; }

# pytest-xdist: one worker per CPU, each with its own test database and its own
# copy of the content (tests/conftest.py).
PYTEST_PARALLEL := -n auto
# Bytecode kept in __pycache__ even where the environment turns it off: pytest
# rewrites the asserts of every test module, seconds of work per worker.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

## test: development dependencies, then the whole suite, one worker per CPU
test: $(VENV)/.dev
	$(PYTEST) $(PYTEST_PARALLEL)

## test-fast: the suite without browser, fuzz, scaling and slow tests (markers in pyproject.toml),
## one worker per CPU
# The modules that hold only browser and fuzz tests are not even imported
# (Playwright and Hypothesis take a second per worker to load).
test-fast: $(VENV)/.dev
	$(PYTEST) $(PYTEST_PARALLEL) -m "not browser and not fuzz and not scaling and not slow" \
		--ignore=tests/browser --ignore=tests/test_fuzz.py

## bench: CPU, throughput, latency, queries and memory per page at 1x to 400x (PostgreSQL, gunicorn, wrk)
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py

## bench-export: rows per CPU-second and peak memory of the CSV export at 1x, 10x, 100x
bench-export: $(VENV)/.dev
	$(BIN)/python bench/export.py

## backup: write a complete dump (content, history, users) to backups/
backup: $(VENV)/.runtime
	$(MANAGE) backup

## restore: replace everything with a dump (migrating an empty database first),
## e.g. make restore FILE=backups/ia-portalen-….xml
restore: $(VENV)/.runtime
	@test -n "$(FILE)" || { echo "Bruk: make restore FILE=backups/<fil>.xml"; exit 2; }
	$(MANAGE) restore "$(FILE)"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check --tabwidth 2 templates
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-databases
