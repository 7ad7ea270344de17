# The two entry points of the README. Each one does the whole set-up first, into
# the project's own virtual environment .venv (never the system Python).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test test-serial test-fast setup check lint bench lock

demo: setup  ## Start the demo platform, capture, build the help site and the handouts
	$(PY) -m builder demo

# The slow lane mostly waits (for Chromium, the platforms, timeouts a test provokes): more processes than
# cores keep both cores busy. See README.md, "Tests", for the figures.
SLOW_PROCESSES ?= 5

test: setup  ## Run the whole test suite: the fast lane first, then real Chromium, Sphinx, PDFs, demo platform
	$(PY) -m pytest -q -m "not browser and not slow" -n 2
	$(PY) -m pytest -q -m "browser or slow" -n $(SLOW_PROCESSES) --dist loadfile

test-serial: setup  ## The same tests one after the other, in one process (to debug a test that fails only in parallel)
	$(PY) -m pytest -q -m "not browser and not slow"
	$(PY) -m pytest -q -m "browser or slow"

test-fast: setup  ## The fast lane: no browser, no Sphinx, no subprocess (seconds)
	$(PY) -m pytest -q -m "not browser and not slow"

setup:
	@PYTHON=$(PYTHON) VENV=$(VENV) ./scripts/setup.sh

# The test runs let Python keep its compiled modules (__pycache__/, which git ignores), whatever the environment
# says (PYTHONDONTWRITEBYTECODE): the lanes start hundreds of Python processes (pytest's workers, the CLI, Agora),
# and each would compile Helpwright's modules, and pytest rewrite every test file, again (the slow lane: 942 to
# 896 processor-seconds).
test test-serial test-fast: export PYTHONDONTWRITEBYTECODE :=

check: setup
	$(PY) -m builder check

lint:  ## The static checks (also run by make test: tests/test_static.py)
	$(PY) -m ruff check builder agora tests
	$(PY) -m mypy builder

bench: setup  ## Every performance figure in one table: ratios from one run, medians of 3 (about 25 minutes)
	$(PY) benchmarks/bench.py

lock:  ## Refresh constraints.txt from a fresh resolution of pyproject.toml (then run make test and commit)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
	{ sed -n 1,2p constraints.txt; .lock-venv/bin/pip freeze --exclude-editable | grep -v '^#'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .lock-venv
