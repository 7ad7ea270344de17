"""Every performance figure of Helpwright in one table (what `make bench` prints).

Each timed figure is a ratio to a baseline measured in the same run of the same process
(a bare Playwright replay, a bare `helpwright --version`, a bare LibYAML load, a plain page
print), so a busy or slow machine moves both sides; each is the median of ``--runs`` runs.
Sizes and page counts do not vary between runs and are measured once.

    python benchmarks/bench.py                 # the demo library, median of 3 (about 25 minutes)
    python benchmarks/bench.py --smoke         # one tiny run of every benchmark (CI, a minute or two)
    python benchmarks/bench.py --only capture --only check

Then the capture's breakdown by phase (the median ``--jobs 1`` run) follows the table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

PARTS = ("capture", "build", "check", "images", "paper", "handouts")


@dataclass
class Row:
    what: str
    value: float
    unit: str  # "×" for a ratio, else the unit of an absolute figure
    target: str
    holds: bool | None  # None: no target to hold

    def cells(self) -> tuple[str, str, str, str]:
        shown = f"{self.value:.2f}×" if self.unit == "×" else f"{self.value:.1f} {self.unit}"
        verdict = "" if self.holds is None else ("yes" if self.holds else "NO")
        return self.what, shown, self.target, verdict


def median_of(runs: int, measure: Callable[[], dict[str, Any]], keys: list[str]) -> tuple[dict[str, float], dict[str, Any]]:
    """The median of each figure over ``runs`` runs, and the run whose first key was the median."""
    got = [measure() for _ in range(runs)]
    medians = {key: statistics.median(float(g[key]) for g in got) for key in keys}
    middle = sorted(got, key=lambda g: float(g[keys[0]]))[len(got) // 2]
    return medians, middle


def capture_rows(runs: int, smoke: bool) -> tuple[list[Row], list[str]]:
    import bench_capture

    only = ["log-out"] if smoke else None
    langs = ["fr"] if smoke else None

    def one() -> dict[str, Any]:
        got = bench_capture.measure(langs, only=only)
        return got | {"r2": got["jobs2"] / got["bare"], "r1": got["jobs1"] / got["bare"]}

    med, middle = median_of(runs, one, ["r1", "r2"])
    rows = [Row("capture --jobs 2 / bare sequential replay", med["r2"], "×", "≤ 1.00×",
                None if smoke else med["r2"] <= 1.0),
            Row("capture --jobs 1 / bare sequential replay", med["r1"], "×", "≤ 1.15×",
                None if smoke else med["r1"] <= 1.15)]
    detail = [*(f"capture: {line}" for line in bench_capture.report(middle)),
              "capture: where the median --jobs 1 run spends its time:",
              *bench_capture.breakdown(middle["phases"], middle["jobs1"])]
    return rows, detail


def build_rows(runs: int, smoke: bool) -> tuple[list[Row], list[str]]:
    import bench_build

    if smoke:
        got = bench_build.figures("smoke")
        return [Row("no-op build / bare start, 2 scenarios", got["noop_ratio"], "×", "", None),
                Row("one-scenario edit / full build, 2 scenarios", got["edit_ratio"], "×", "", None)], []
    demo = bench_build.figures("demo", runs)
    large = bench_build.figures("synthetic", runs, 200)
    return [Row("no-op build / bare start, the demo library", demo["noop_ratio"], "×", "≤ 8×", demo["noop_ratio"] <= 8),
            Row("no-op build, 236 scenarios", large["noop_seconds"], "s", "< 1 s", large["noop_seconds"] < 1),
            Row("one-scenario edit / full build, the demo library", demo["edit_ratio"], "×", "< 0.10×",
                demo["edit_ratio"] < 0.10),
            Row("one-scenario edit / full build, 236 scenarios", large["edit_ratio"], "×", "< 0.10×",
                large["edit_ratio"] < 0.10)], []


def check_rows(runs: int, smoke: bool) -> tuple[list[Row], list[str]]:
    import bench_check

    n = 20 if smoke else 1000
    med, middle = median_of(1, lambda: bench_check.measure(n, runs), ["per_file_ms", "linearity", "bare_ratio"])
    return [Row(f"check, ms per scenario file ({4 * n} files)", med["per_file_ms"], "ms", "≤ 5 ms",
                None if smoke else med["per_file_ms"] <= 5),
            Row(f"check, time per file at {4 * n} / at {n} files", med["linearity"], "×", "≈ 1× (linear)",
                None if smoke else med["linearity"] <= 1.2),
            Row("check / bare LibYAML load of the same files", med["bare_ratio"], "×", "", None)], \
        [f"check: {line}" for line in bench_check.report(middle, runs)]


def image_rows(smoke: bool) -> tuple[list[Row], list[str]]:
    from builder.outputs.site.images import publish_image

    pngs = sorted(p for p in (ROOT / "screenshots").rglob("*.png") if ".pending" not in p.parts)
    if smoke:
        pngs = pngs[:4]
    with tempfile.TemporaryDirectory(prefix="bench-images-") as tmp:
        published = [publish_image(png, Path(tmp) / "out", f"{n:04d}", None, Path(tmp) / "cache") for n, png
                     in enumerate(pngs)]
        sizes = [sum(f.stat().st_size for f in (Path(tmp) / "out").glob(f"{n:04d}.*")) for n in range(len(pngs))]
    del published
    average_png = statistics.mean(p.stat().st_size for p in pngs) / 1000
    average = statistics.mean(sizes) / 1000
    return [Row(f"published screenshot, average ({len(pngs)} images)", average, "KB", "≤ 40 KB",
                None if smoke else average <= 40),
            Row("published / committed PNG size", average / average_png, "×", "", None)], []


#: the demo's participant workbooks when every step took half a page (fr: 31, 43, 31 pages)
PAGES_BEFORE = 105


def paper_rows(smoke: bool) -> tuple[list[Row], list[str]]:
    from builder.content.loading import load_project
    from builder.outputs.handouts.build import build_handouts

    with tempfile.TemporaryDirectory(prefix="bench-paper-") as tmp:
        if smoke:  # the tiny synthetic library's one workshop
            from synthetic import write_library

            project = load_project(write_library(Path(tmp) / "smoke", scenarios=2, steps=2, demo=False))
        else:
            project = load_project(ROOT)
        made = build_handouts(project, languages=["fr"], out_dir=Path(tmp) / "out")
    pages = sum(h.pages for h in made if h.path.name.endswith("-participant.pdf"))
    per = ", ".join(f"{h.path.name.removesuffix('-participant.pdf')} {h.pages}" for h in made
                    if h.path.name.endswith("-participant.pdf"))
    if smoke:
        return [Row("participant workbook pages (fr)", pages, "pages", "", None)], [f"paper: {per}"]
    return [Row("participant workbook pages (fr) / one step per half page", pages / PAGES_BEFORE, "×",
                "≤ 0.60×", pages / PAGES_BEFORE <= 0.60)], [(f"paper: fr participant workbooks: {per} pages "
                                                             f"(were 31, 43, 31)")]


def handout_rows(runs: int, smoke: bool) -> tuple[list[Row], list[str]]:
    import bench_handouts

    med, middle = median_of(1, lambda: bench_handouts.measure(runs=1 if smoke else runs), ["per_page_ratio"])
    return [Row("handouts, time per page / a plain one-page print", med["per_page_ratio"], "×", "≈ 1×", None)], \
        [f"handouts: {line}" for line in bench_handouts.report(middle)]


def table(rows: list[Row]) -> list[str]:
    head = ("figure", "measured", "target", "holds")
    cells = [head, *(r.cells() for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells[1:]]
    return [line, rule, *body]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per timed figure (the median is shown)")
    parser.add_argument("--smoke", action="store_true", help="one tiny run of each benchmark (CI)")
    parser.add_argument("--only", action="append", choices=PARTS, help="only these parts (repeatable)")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    parts = args.only or list(PARTS)
    rows: list[Row] = []
    details: list[str] = []
    for part in parts:
        print(f"measuring {part}…", file=sys.stderr, flush=True)
        if part == "capture":
            got = capture_rows(runs, args.smoke)
        elif part == "build":
            got = build_rows(runs, args.smoke)
        elif part == "check":
            got = check_rows(runs, args.smoke)
        elif part == "images":
            got = image_rows(args.smoke)
        elif part == "paper":
            got = paper_rows(args.smoke)
        else:
            got = handout_rows(runs, args.smoke)
        rows += got[0]
        details += got[1]
    print("\n".join(table(rows)))
    print(f"\n(median of {runs} run(s) per timed figure; {'smoke run: tiny inputs, targets not judged' if args.smoke else 'ratios from the same run'})")
    for line in details:
        print(line)
    return 0 if all(r.holds is not False for r in rows) or args.smoke else 1


if __name__ == "__main__":
    sys.exit(main())
