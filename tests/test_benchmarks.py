"""The benchmarks run, once, on a tiny library: a benchmark that crashes is caught here, not at `make bench`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], check=False, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_capture_benchmark_runs_on_one_scenario_and_prints_its_ratios() -> None:
    out = _bench("benchmarks/bench_capture.py", "--only", "log-out", "--lang", "fr")
    assert "1 scenario×language captures" in out
    ratios = [float(r) for r in re.findall(r"ratio to bare (\d+\.\d+)", out)]
    assert len(ratios) == 2 and all(r > 0 for r in ratios), out


def test_handouts_benchmark_runs_and_prints_its_ratio() -> None:
    out = _bench("benchmarks/bench_handouts.py", "--runs", "1")
    assert re.search(r"both handouts: \d+ ms = \d+\.\d x baseline", out), out
