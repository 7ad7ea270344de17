"""Benchmark: print one workshop's two handouts, as a ratio to a plain one-page print.

The absolute time depends on the machine, so the figure that matters is the ratio
to a baseline measured in the same process and the same browser: printing a plain
one-page HTML document. Each figure is the median of several runs.

    python benchmarks/bench_handouts.py                      # the sample project of the tests
    python benchmarks/bench_handouts.py -C . --only prise-en-main --lang fr
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PLAIN = "<!DOCTYPE html><html><body><h1>Baseline</h1><p>One plain page.</p></body></html>"


def measure(project_root: Path | None = None, only: str | None = None, lang: str | None = None,
            runs: int = 5) -> dict[str, float | str]:
    """Both handouts of one workshop and a plain one-page print, medians of ``runs`` in one browser."""
    from playwright.sync_api import sync_playwright

    from builder.browser import launch_chromium
    from builder.content.loading import load_project
    from builder.outputs.handouts.build import KINDS, print_handout, print_html, select_workshops
    from builder.outputs.handouts.render import Renderer
    from tests.test_handouts_support import make_project

    args = argparse.Namespace(project=project_root, only=only, lang=lang, runs=runs)

    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as tmp_name:
        tmp = Path(tmp_name)
        root = args.project or make_project(tmp / "sample")
        project = load_project(root)
        if project.problems:
            raise SystemExit("\n".join(str(p) for p in project.problems))
        workshop = select_workshops(project, [args.only] if args.only else None)[0]
        lang = args.lang or project.languages[0]
        renderer = Renderer(project)
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            print_html(page, tmp / "warm.html", PLAIN)  # first print pays for start-up
            baseline, handouts, pages = [], [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                print_html(page, tmp / "plain.html", PLAIN)
                baseline.append(time.perf_counter() - started)
                started = time.perf_counter()
                made = [print_handout(page, renderer, workshop, lang, kind, tmp / "out", tmp) for kind in KINDS]
                handouts.append(time.perf_counter() - started)
                pages = sum(h.pages for h in made)
            browser.close()
    base, work = statistics.median(baseline), statistics.median(handouts)
    return {"workshop": workshop.id, "lang": lang, "pages": pages, "base": base, "work": work,
            "per_page_ratio": work / pages / base}


def report(got: dict[str, float | str]) -> list[str]:
    """What one ``measure`` found, in lines."""
    base, work, pages = float(got["base"]), float(got["work"]), int(got["pages"])
    return [f"workshop {got['workshop']} ({got['lang']}): 2 PDFs, {pages} pages",
            f"baseline (plain one-page print): {base * 1000:.0f} ms",
            f"both handouts: {work * 1000:.0f} ms = {work / base:.1f} x baseline ({work / pages * 1000:.0f} ms per page)"]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-C", "--project", type=Path, default=None, help="Project (default: the test sample).")
    parser.add_argument("--only", default=None, help="Workshop id (default: the first).")
    parser.add_argument("--lang", default=None, help="Language (default: the first).")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("\n".join(report(measure(args.project, args.only, args.lang, args.runs))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
