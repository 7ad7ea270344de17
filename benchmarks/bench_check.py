"""Benchmark: `helpwright check` on synthetic libraries of N and 4×N scenarios.

Prints, as medians of ``--runs`` runs in this one process:
* the time per scenario file (target: at most 5 ms);
* linearity: the time for 4×N over four times the time for N (1.0 is linear);
* the ratio to a bare baseline measured in the same run: LibYAML's safe load of the same files
  (no positions, no models, no cross-checks).

    python benchmarks/bench_check.py [--scenarios 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _median(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _check(root: Path) -> int:
    from builder.content.loading import load_project

    project = load_project(root)
    if project.problems:
        raise SystemExit("\n".join(str(p) for p in project.problems[:5]))
    return len(project.scenarios)


def _bare(root: Path) -> None:
    import yaml

    for path in sorted((root / "content").rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def measure(scenarios: int = 1000, runs: int = 3) -> dict[str, float]:
    """``check`` on N and 4×N synthetic scenarios and a bare LibYAML load, medians of ``runs``."""
    from synthetic import write_library

    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        small = write_library(Path(tmp) / "small", scenarios, shots=False)
        large = write_library(Path(tmp) / "large", 4 * scenarios, shots=False)
        files_small, files_large = _check(small), _check(large)  # also warms imports
        t_small = _median(runs, lambda: _check(small))
        t_large = _median(runs, lambda: _check(large))
        t_bare = _median(runs, lambda: _bare(large))
    return {"files_small": files_small, "files_large": files_large, "small": t_small, "large": t_large,
            "per_file_ms": t_large / files_large * 1000,
            "linearity": (t_large / files_large) / (t_small / files_small), "bare_ratio": t_large / t_bare}


def report(got: dict[str, float], runs: int) -> list[str]:
    """What one ``measure`` found, in lines."""
    return [(f"check, {got['files_small']:.0f} scenario files: {got['small']:6.2f} s; {got['files_large']:.0f}: "
            f"{got['large']:6.2f} s (median of {runs})"),
            f"per scenario file: {got['per_file_ms']:.2f} ms (target <= 5 ms)",
            (f"linearity (time per file at {got['files_large']:.0f} / at {got['files_small']:.0f}): "
            f"{got['linearity']:.2f} (1.00 is linear)"),
            f"ratio to a bare LibYAML load of the same files: {got['bare_ratio']:.1f}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("\n".join(report(measure(args.scenarios, args.runs), args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
