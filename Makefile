# Accord's two set-up commands live here so that README, CI and developers run the very same thing.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: dev test broker lint peers

## dev: create .venv, install Accord with its dev extras and the peer Pact tools for the interop tests
dev:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	# An editable install leaves no bytecode and PYTHONDONTWRITEBYTECODE may forbid writing it on import:
	# compiling once here saves every later `accord` process ~70 ms of start-up.
	$(BIN)/python -m compileall -q src
	bash scripts/install-peers.sh

## test: lint, type-check and run the whole test suite (what CI runs)
test:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -p no:cacheprovider

## broker: run an Accord broker on ./accord-broker.sqlite3 (the embedded default)
broker:
	$(BIN)/accord broker serve

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

peers:
	bash scripts/install-peers.sh
