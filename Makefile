# The two entry points of the README. Each one does the whole set-up first, into
# the project's own virtual environment .venv (never the system Python).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test test-parallel test-fast setup check lint bench lock

demo: setup  ## Start the demo platform, capture, build the help site and the handouts
	$(PY) -m builder demo

test: setup  ## Run the whole test suite: the fast lane first, then real Chromium, Sphinx, PDFs, demo platform
	$(PY) -m pytest -q -m "not browser and not slow"
	$(PY) -m pytest -q -m "browser or slow"

test-parallel: setup  ## The same tests on two processes (pytest-xdist, one file per process at a time)
	$(PY) -m pytest -q -m "not browser and not slow"
	$(PY) -m pytest -q -m "browser or slow" -n 2 --dist loadfile

test-fast: setup  ## The fast lane: no browser, no Sphinx, no subprocess (seconds)
	$(PY) -m pytest -q -m "not browser and not slow"

setup:
	@PYTHON=$(PYTHON) VENV=$(VENV) ./scripts/setup.sh

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
