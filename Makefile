# The two commands a new user needs (see README.md):
#   make test   set up .venv and pass every check
#   make demo   set up .venv and run a demo county for a year on SQLite (the main job)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: test lint typecheck pytest docs wheel-check venv clean demo

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[dev]'
	touch $(STAMP)

test: lint typecheck pytest docs wheel-check

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools docs/_hooks
	$(BIN)/ruff format --check src tests benchmarks tools docs/_hooks

# mypy --strict (it reports unused ignores too) over the library, the tests and the
# benchmarks. The benchmarks are checked apart, as the modules they run as
# (benchmarks.storage …): by file name benchmarks/storage.py would clash with tests/storage/.
typecheck: $(STAMP)
	$(BIN)/mypy src tests
	$(BIN)/mypy --explicit-package-bases benchmarks

pytest: $(STAMP)
	$(BIN)/pytest -q

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir $(VENV)/site

# The wheel users install, in a fresh virtualenv: its doctests and the conformance suite.
wheel-check: $(STAMP)
	$(BIN)/python tools/check_wheel.py $(VENV)/wheel-check

# A generated county's year on SQLite (demo.db), its HTML reports in demo-reports/.
demo: $(STAMP)
	$(BIN)/qingdan demo --db demo.db --replace --reports demo-reports

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
