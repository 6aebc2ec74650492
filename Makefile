# IA-portalen. `make run` sets up and serves the portal; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
FIXTURES := $(sort $(wildcard fixtures/*.json))

.PHONY: setup run test lint superuser bench bench-export backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## setup: virtualenv, dependencies, migrations and all content (safe to run again)
setup: $(VENV)/.runtime
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) loaddata $(FIXTURES)

## run: setup, then the development server on http://127.0.0.1:8000/
run: setup
	$(MANAGE) runserver 127.0.0.1:8000

## superuser: create an admin user for /admin/
superuser: setup
	$(MANAGE) createsuperuser

## test: development dependencies, then the whole suite
test: $(VENV)/.dev
	$(BIN)/pytest

## bench: response time, queries and memory per page at 1x and 10x content
bench: $(VENV)/.dev
	$(BIN)/python bench/pages.py

## bench-export: rows per CPU-second and peak memory of the CSV export at 1x, 10x, 100x
bench-export: $(VENV)/.dev
	$(BIN)/python bench/export.py

## backup: write a complete dump (content, history, users) to backups/
backup: $(VENV)/.runtime
	$(MANAGE) backup

## restore: replace everything with a dump, e.g. make restore FILE=backups/ia-portalen-….xml
restore: $(VENV)/.runtime
	@test -n "$(FILE)" || { echo "Bruk: make restore FILE=backups/<fil>.xml"; exit 2; }
	$(MANAGE) restore "$(FILE)"

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
