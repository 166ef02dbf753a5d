# Every target bootstraps .venv itself: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CATALOGS := platform/kaari/translations
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist): one per core.
TEST_WORKERS ?= auto

.PHONY: run test worker lint format translations extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d $(CATALOGS) -D messages

## make run: the platform on SQLite with the demo organisations, jobs inline, mail to instance/outbox/
run: translations
	$(BIN)/kaari db upgrade
	$(BIN)/kaari demo load
	$(BIN)/kaari jobs run-due --loop 30 & trap 'kill $$!' EXIT; \
	$(BIN)/kaari run --host $(HOST) --port $(PORT) --debug

## make test: the whole test suite (SQLite; PostgreSQL and Redis when TEST_DATABASE_URL / REDIS_URL are set)
test: translations
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make worker: an RQ worker with the scheduler (needs REDIS_URL)
worker: translations
	$(BIN)/kaari worker

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make extract-messages: refresh messages.pot and merge it into the fi and sv catalogues
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F $(CATALOGS)/babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) instance .pytest_cache
