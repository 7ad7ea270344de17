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


def main() -> int:
    from synthetic import write_library

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        small = write_library(Path(tmp) / "small", args.scenarios, shots=False)
        large = write_library(Path(tmp) / "large", 4 * args.scenarios, shots=False)
        files_small, files_large = _check(small), _check(large)  # also warms imports
        t_small = _median(args.runs, lambda: _check(small))
        t_large = _median(args.runs, lambda: _check(large))
        t_bare = _median(args.runs, lambda: _bare(large))
    per_file = t_large / files_large * 1000
    linear = (t_large / files_large) / (t_small / files_small)
    print(f"check, {files_small} scenario files: {t_small:6.2f} s; {files_large}: {t_large:6.2f} s "
          f"(median of {args.runs})")
    print(f"per scenario file: {per_file:.2f} ms (target <= 5 ms)")
    print(f"linearity (time per file at {files_large} / at {files_small}): {linear:.2f} (1.00 is linear)")
    print(f"ratio to a bare LibYAML load of the same files: {t_large / t_bare:.1f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
