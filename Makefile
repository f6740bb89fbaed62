# Quick start: `make run` opens the app on the sample project; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint e2e bench screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator

lint: $(STAMP)
	$(BIN)/ruff check annotator tests bench
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e

bench: $(STAMP)
	$(BIN)/python bench/bench_io.py --docs 10000
	$(BIN)/python bench/bench_startup.py

screenshots: $(STAMP)
	$(BIN)/python docs/screenshots/make_screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
