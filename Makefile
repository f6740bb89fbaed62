# Quick start: `make run` opens the app on the sample project; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint e2e bench screenshots check-install bundle smoke-bundle shortcuts clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator

lint: $(STAMP)
	$(BIN)/ruff check annotator tests bench docs
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

# `pip install .` (not editable) into a fresh virtual environment, then the installed command.
CHECK_VENV ?= build/check-install
check-install:
	rm -rf $(CHECK_VENV)
	$(PYTHON) -m venv $(CHECK_VENV)
	$(CHECK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(CHECK_VENV)/bin/python -m pip install --quiet .
	$(CHECK_VENV)/bin/annotator --help
	cd $(CHECK_VENV) && bin/python -c "from annotator.paths import resource; \
	    assert resource('codebook.json').is_file() and resource('sample', 'article.txt').is_file()"
	@echo "check-install: ok"

# The one-folder app in dist/annotator (build.spec); smoke-bundle starts it headless.
bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10'
	$(BIN)/pyinstaller --noconfirm --clean build.spec

# The window on the sample project, then spaCy and numpy through the command line.
APP := dist/annotator/annotator
smoke-bundle:
	export ANNOTATOR_HOME=$$(mktemp -d) QT_QPA_PLATFORM=offscreen && \
	$(APP) --smoke && \
	$(APP) init "$$ANNOTATOR_HOME/check.sqlite" && \
	$(APP) import resources/sample/article.txt -p "$$ANNOTATOR_HOME/check.sqlite" && \
	$(APP) suggest -p "$$ANNOTATOR_HOME/check.sqlite" && \
	$(APP) export -p "$$ANNOTATOR_HOME/check.sqlite" --format spacy -o "$$ANNOTATOR_HOME/check.spacy"

shortcuts: $(STAMP)
	$(BIN)/python docs/make_shortcuts.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
