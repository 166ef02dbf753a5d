# Every target bootstraps .venv itself: a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CATALOGS := platform/kaari/translations
HOST ?= 127.0.0.1
PORT ?= 5000
LOCK_FLAGS := --python-version 3.11 --python-platform x86_64-manylinux_2_28 --quiet --custom-compile-command "make lock"
# Test processes (pytest-xdist): one per core.
TEST_WORKERS ?= auto

.PHONY: run test worker lint format lock translations extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Everything is installed from the lock files in requirements/ (exact versions with
# their hashes); the project itself goes in editable on top, without dependencies.
$(VENV)/.installed: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-%: requirements/%.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --require-hashes -r $<
	touch $@

## make lock: resolve pyproject.toml's dependencies anew into requirements/*.txt
lock: $(VENV)/.installed-lint
	$(BIN)/uv pip compile pyproject.toml --generate-hashes $(LOCK_FLAGS) -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes $(LOCK_FLAGS) --extra test --extra deploy-check -o requirements/test.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes $(LOCK_FLAGS) --extra lint -o requirements/lint.txt
	$(BIN)/uv pip compile pyproject.toml --generate-hashes $(LOCK_FLAGS) --extra bench -o requirements/bench.txt

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d $(CATALOGS) -D messages

## make run: the platform on SQLite with the demo organisations, jobs inline, mail to instance/outbox/
## (mailed links point at HOST:PORT unless BASE_URL is set)
run: export KAARI_HOST := $(HOST)
run: export KAARI_PORT := $(PORT)
run: translations
	$(BIN)/kaari db upgrade
	$(BIN)/kaari demo load
	$(BIN)/kaari jobs run-due --loop 30 & trap 'kill $$!' EXIT; \
	$(BIN)/kaari run --host $(HOST) --port $(PORT) --debug

## make test: the whole test suite (SQLite; PostgreSQL and Redis when TEST_DATABASE_URL / REDIS_URL are set)
test: translations $(VENV)/.installed-test
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## make worker: an RQ worker with the scheduler (needs REDIS_URL)
worker: translations
	$(BIN)/kaari worker

## make lint: ruff, mypy over the models and services (pyproject.toml [tool.mypy]), and
## the layer contract (pyproject.toml [tool.importlinter])
lint: $(VENV)/.installed-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	PYTHONPATH=platform $(BIN)/lint-imports

format: $(VENV)/.installed-lint
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make extract-messages: refresh messages.pot and merge it into the fi and sv catalogues
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F $(CATALOGS)/babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-location --sort-output -o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) instance .pytest_cache
