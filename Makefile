# dyad: `make run` sets up and runs the main job on the bundled sample; `make test` runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sample.duckdb

.PHONY: install run test lint format eval bench clean events-model

$(BIN)/dyad: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(BIN)/dyad

install: $(BIN)/dyad

run: install
	rm -f $(DB) $(DB).wal
	$(BIN)/dyad ingest examples/articles --db $(DB)
	$(BIN)/dyad articles --db $(DB)
	$(BIN)/dyad events --db $(DB) --limit 20

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

eval: install
	$(BIN)/dyad eval ../shared/gold/dev

# retrain the event-type model (lexicon/events_model.json) from the shipped lexicon files,
# our sentences and the even PLOVER GSR lines in ../shared (deterministic)
events-model: install
	$(BIN)/python -m dyad.extract.events.train --shared ../shared

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache $(DB) $(DB).wal
