"""The benchmarks run, once, on a tiny library: a benchmark that crashes is caught here, not at `make bench`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not (k.startswith("AGORA_") and k.endswith("PASSWORD"))}
    done = subprocess.run([sys.executable, *args], check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.parametrize("demo", [True, False], ids=["beside the demo's", "alone (smoke)"])
def test_the_synthetic_library_passes_check_and_has_a_screenshot_per_step(tmp_path: Path, demo: bool) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import write_library

    from builder.content.loading import load_project

    root = write_library(tmp_path / "lib", scenarios=3, steps=4, demo=demo)
    project = load_project(root)
    assert not project.problems, [str(p) for p in project.problems]
    synthetic = {f"synthetic-{n:05d}" for n in range(3)}
    assert (set(project.scenarios) > synthetic) if demo else (set(project.scenarios) == synthetic)
    if not demo:
        assert list(project.workshops) == ["prise-en-main"]
    for lang in project.languages:
        shots = sorted(p.name for p in (root / "screenshots" / lang / "synthetic-00002").iterdir())
        assert shots == ["01.png", "02.png", "03.png", "04.png", "manifest.json", "result.png"]


def test_make_bench_smoke_runs_every_benchmark_on_a_tiny_library_and_prints_every_figure() -> None:
    """One run of every part (what each script's own command prints comes after the table), in a minute or two."""
    out = _bench("benchmarks/bench.py", "--smoke")
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].split("|")[1].strip() == "figure"
    figures = {row.split("|")[1].strip(): row.split("|")[2].strip() for row in table[1:]}
    for wanted in ("capture --jobs 2 / bare sequential replay", "capture --jobs 1 / bare sequential replay",
                   "check, ms per scenario file (80 files)", "published screenshot, average (4 images)",
                   "handouts, time per page / a plain one-page print", "participant workbook pages (fr)"):
        assert wanted in figures, out
    assert all(re.fullmatch(r"\d+\.\d+(×| ms| KB| pages| s)", value) for value in figures.values()), figures
    assert any(name.startswith("no-op build") for name in figures), out
    # capture: one scenario in one language, both runs timed against the bare replay, then by phase
    assert "capture: 1 scenario×language captures" in out, out
    ratios = [float(r) for r in re.findall(r"ratio to bare (\d+\.\d+)", out)]
    assert len(ratios) == 2 and all(r > 0 for r in ratios), out
    assert "where the median --jobs 1 run spends its time:" in out and "screenshot" in out
    # build: a no-op and a one-scenario edit of real `helpwright build` commands
    noop = float(re.search(r"no-op build \d+ ms = (\d+\.\d) x a bare start", out).group(1))  # type: ignore[union-attr]
    edit = float(re.search(r"one-scenario edit \d+\.\d+ s = (\d\.\d+) of a full build", out).group(1))  # type: ignore[union-attr]
    # Figures, not targets: on a 2-scenario library under load an edit can take as long as the full build.
    assert noop > 0 and edit > 0, out
    # check, on 20 and 80 synthetic scenarios beside the demo's
    per_file = float(re.search(r"per scenario file: (\d+\.\d+) ms", out).group(1))  # type: ignore[union-attr]
    assert 0 < per_file < 100, out
    assert "linearity" in out and "ratio to a bare LibYAML load" in out
    # paper and handouts: real PDFs, counted
    assert re.search(r"paper: prise-en-main [1-9]\d*$", out, re.MULTILINE), out
    assert re.search(r"both handouts: \d+ ms = \d+\.\d x baseline", out), out


def test_suite_cpu_counts_a_tests_child_processes_against_that_test(tmp_path: Path) -> None:
    """`benchmarks/suite_cpu.py` puts the processor a test's subprocess burns on that test, not on its neighbour."""
    (tmp_path / "test_tiny.py").write_text(
        "import subprocess, sys\n"
        "def test_burns_in_a_child():\n"
        "    subprocess.run([sys.executable, '-c', 'import time\\nt = time.process_time()\\n"
        "while time.process_time() - t < 1.2: pass'], check=True)\n"
        "def test_idles():\n"
        "    import time; time.sleep(0.6)\n", encoding="utf-8")
    out = _bench("benchmarks/suite_cpu.py", "--top", "5", "-q", "-p", "no:cacheprovider", str(tmp_path / "test_tiny.py"))
    assert "2 passed" in out, out
    seconds = {m.group(2): float(m.group(1)) for m in re.finditer(r"^\s+(\d+\.\d)\s+(\S+::\S+)", out, re.MULTILINE)}
    burns = next(v for k, v in seconds.items() if k.endswith("::test_burns_in_a_child"))
    assert burns >= 0.8, out
    assert seconds.get(next((k for k in seconds if k.endswith("::test_idles")), ""), 0.0) < 0.5, out
    assert re.search(r"^processor: \d+ s in \d+ s", out, re.MULTILINE), out
