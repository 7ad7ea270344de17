# The two entry points of the README. Each one does the whole set-up first.
PYTHON ?= python3

.PHONY: demo test setup check lint bench

demo: setup  ## Start the demo platform, capture, build the help site and the handouts
	$(PYTHON) -m builder demo

test: setup  ## Run the whole test suite (real Chromium, Sphinx, PDFs, demo platform)
	$(PYTHON) -m pytest -q

setup:
	@./scripts/setup.sh

check: setup
	$(PYTHON) -m builder check

lint:
	$(PYTHON) -m ruff check builder agora tests

bench: setup
	$(PYTHON) benchmarks/bench_capture.py
	$(PYTHON) benchmarks/bench_handouts.py
