# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install load serve bench clean

$(BIN)/symbios: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/symbios

install: $(BIN)/symbios

load: install
	$(BIN)/symbios load --prune

serve: install
	$(BIN)/symbios serve --host $(HOST) --port $(PORT)

## make run: create the environment, load data/ into the store, serve on http://127.0.0.1:8000
run: load serve

## make test: create the environment and run every test
test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_store.py --sizes 1000,10000
	$(BIN)/python benchmarks/bench_api.py --sizes 10000

clean:
	rm -rf var .pytest_cache
