"""Benchmark: `helpwright build` with nothing changed, and after a one-scenario edit.

Each build is a real `helpwright build` command (a new process, as a user runs it), on a copy of
the demo library and on a synthetic library of ``--scenarios`` scenarios. Printed, as medians
of ``--runs`` runs, next to baselines measured in the same run:

* the no-op build as a ratio to a bare ``helpwright --version`` start (target: at most 8 at the
  demo library's 36 scenarios; under 1 s at 200);
* a build after editing one step's text of one scenario (both languages) as a ratio to a full
  build (``--clean``, the first build); target: under 0.10. A title edit is printed too, once:
  every page's navigation shows the titles, so Sphinx writes every page again.

    python benchmarks/bench_build.py [--scenarios 200] [--runs 3] [--smoke]

``--smoke`` measures once on a tiny synthetic library: two scenarios of two steps and one workshop,
without the demo's own (the test of the benchmark itself, in seconds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

#: what the demo library is made of (the repository is its project)
DEMO_PARTS = ("content", "screenshots", "templates", "conf.py")


def _noop(said: str) -> bool:
    return "nothing changed since the last build" in said


def _build(root: Path, *args: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "builder", "-C", str(root), *args], env=env, cwd=root,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"helpwright {' '.join(args)} failed in {root}:\n{done.stdout}{done.stderr}")
    return elapsed, done.stderr


def _edit_step(scenario: Path, original: str, n: int) -> None:
    """Change one step's text in both languages: what editing a how-to mostly is (its page changes)."""
    lines = original.splitlines(keepends=True)
    for i in range(len(lines) - 2):
        fr, en = lines[i + 1].strip(), lines[i + 2].strip()
        if lines[i].strip() == "say:" and fr.startswith("fr: ") and en.startswith("en: ") and ">" not in fr + en:
            lines[i + 1] = lines[i + 1].rstrip("\n") + f" Modifié {n}.\n"
            lines[i + 2] = lines[i + 2].rstrip("\n") + f" Edited {n}.\n"
            break
    else:
        raise SystemExit(f"{scenario}: no step with a one-line `say` in fr and en to edit")
    scenario.write_text("".join(lines), encoding="utf-8")


def _edit_title(scenario: Path, original: str, n: int) -> None:
    """Change one scenario's title in both languages: every page's navigation shows it."""
    lines = original.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("title: {") and ", en: " in line:
            lines[i] = line.replace(", en: ", f" ({n}), en: ", 1).replace("}", f" ({n})}}", 1)
            break
    else:
        raise SystemExit(f"{scenario}: no one-line `title: {{fr: …, en: …}}` to edit")
    scenario.write_text("".join(lines), encoding="utf-8")


def measure(name: str, root: Path, scenario: Path, runs: int) -> dict[str, float]:
    """Print and return the no-op build (seconds, and over a bare start) and a one-scenario edit over a full
    build, for the project in ``root``."""
    bare = statistics.median(_build(root, "--version")[0] for _ in range(max(runs, 3)))
    full, _ = _build(root, "build", "--clean")
    noops, edits = [], []
    original = scenario.read_text(encoding="utf-8")
    for n in range(1, runs + 1):
        elapsed, said = _build(root, "build")
        if not _noop(said):
            raise SystemExit(f"{name}: a build with nothing changed was not a no-op:\n{said}")
        noops.append(elapsed)
        _edit_step(scenario, original, n)
        elapsed, said = _build(root, "build")
        if _noop(said):
            raise SystemExit(f"{name}: a build after an edit was taken for a no-op:\n{said}")
        edits.append(elapsed)
    _edit_title(scenario, original, 1)
    title, _ = _build(root, "build")
    scenario.write_text(original, encoding="utf-8")
    noop, edit = statistics.median(noops), statistics.median(edits)
    print(f"{name}: bare `helpwright --version` {bare * 1000:.0f} ms; full build {full:.2f} s "
          f"(median of {runs} for the others)")
    print(f"{name}: no-op build {noop * 1000:.0f} ms = {noop / bare:.1f} x a bare start (target <= 8)")
    print(f"{name}: one-scenario edit {edit:.2f} s = {edit / full:.3f} of a full build (target < 0.10)")
    print(f"{name}: one title edit (every page's navigation changes) {title:.2f} s = {title / full:.3f} "
          "of a full build (once, no target)")
    return {"noop_ratio": noop / bare, "noop_seconds": noop, "edit_ratio": edit / full}


def figures(library: str, runs: int = 3, scenarios: int = 200) -> dict[str, float]:
    """``measure`` on a fresh copy of a library: ``demo``, ``synthetic`` (``scenarios`` of them) or ``smoke``."""
    from synthetic import write_library

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp_name:
        tmp = Path(tmp_name)
        if library == "smoke":
            root = write_library(tmp / "smoke", scenarios=2, steps=2, demo=False)
            return measure("smoke (2 synthetic scenarios)", root,
                           root / "content/scenarios/synthetic/synthetic-00001.yaml", 1)
        if library == "demo":
            demo = demo_copy(tmp / "demo")
            return measure("demo library", demo, min((demo / "content" / "scenarios").rglob("*.yaml")), runs)
        synthetic = write_library(tmp / "synthetic", scenarios=scenarios)
        count = sum(1 for _ in (synthetic / "content" / "scenarios").rglob("*.yaml"))
        return measure(f"synthetic library ({count} scenarios)", synthetic,
                       synthetic / "content/scenarios/synthetic/synthetic-00001.yaml", runs)


def demo_copy(into: Path) -> Path:
    into.mkdir(parents=True)
    for part in DEMO_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, into / part)
        elif source.is_file():
            shutil.copy2(source, into / part)
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=200, help="Scenarios of the synthetic library.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="One tiny synthetic library, built once.")
    args = parser.parse_args()
    if args.smoke:
        figures("smoke")
        return 0
    figures("demo", args.runs)
    figures("synthetic", args.runs, args.scenarios)
    return 0


if __name__ == "__main__":
    sys.exit(main())
