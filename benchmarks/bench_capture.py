"""Benchmark: `helpwright capture` against a bare Playwright replay of the same steps.

Run from the repository root: ``python benchmarks/bench_capture.py [--lang fr]``.
It starts two demo platforms (one per worker), then times, on a temp copy of the
project: the full capture with ``--jobs 1`` and ``--jobs 2`` (highlights, checks,
staging, optimised PNGs), and a bare sequential loop that only locates, acts and
takes a plain screenshot per step. Prints the times and their ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bare_replay(root: Path, endpoint: Any, languages: list[str]) -> float:
    """Same steps, plain Playwright: no highlight, no waiting for quiet, no expectation checks."""
    from playwright.sync_api import sync_playwright

    from builder.browser import launch_chromium
    from builder.capture.steps import StepContext, absolute_url, locate, substitute
    from builder.loading import load_project
    from builder.model import ExpectStep, FillStep, GotoStep, SelectStep, UploadStep, localize

    project = load_project(root)
    platform = project.platform
    assert platform is not None and platform.login is not None
    started = time.monotonic()
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        states: dict[str, Any] = {}
        for sid, source in sorted(project.scenarios.items()):
            scenario = source.model
            for lang in languages:
                endpoint.reset()
                persona = platform.personas.get(scenario.persona or "")
                secrets = {"username": persona.username,
                           "password": os.environ[persona.password_env]} if persona else {}
                ctx = StepContext(lang, endpoint.base_url, root / "content",
                                  platform.language_switch.query_param, secrets)
                if persona and scenario.persona not in states:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(absolute_url(ctx, platform.login.path))
                    for step in platform.login.steps:
                        _act(page, step, ctx, lang, locate, substitute, localize, absolute_url,
                             (GotoStep, ExpectStep, FillStep, SelectStep, UploadStep))
                    page.wait_for_load_state()
                    states[scenario.persona or ""] = context.storage_state()
                    context.close()
                on_login = scenario.start.split("?")[0] == platform.login.path
                context = browser.new_context(
                    viewport={"width": platform.viewport.width, "height": platform.viewport.height},
                    storage_state=None if on_login or not persona else states[scenario.persona or ""])
                page = context.new_page()
                page.goto(absolute_url(ctx, scenario.start))
                for step in scenario.steps:
                    if step.shot is not False:
                        page.screenshot()
                    _act(page, step, ctx, lang, locate, substitute, localize, absolute_url,
                         (GotoStep, ExpectStep, FillStep, SelectStep, UploadStep))
                page.screenshot()
                context.close()
        browser.close()
    return time.monotonic() - started


def _act(page: Any, step: Any, ctx: Any, lang: str, locate: Any, substitute: Any, localize: Any,
         absolute_url: Any, kinds: tuple[type, ...]) -> None:
    goto, expect, fill, select, upload = kinds
    if isinstance(step, goto):
        page.goto(absolute_url(ctx, step.goto))
    elif isinstance(step, expect):
        return
    elif isinstance(step, fill):
        locate(page, step.fill, lang).first.fill(substitute(localize(step.value, lang), ctx))
    elif isinstance(step, select):
        locate(page, step.select, lang).first.select_option(label=localize(step.option, lang))
    elif isinstance(step, upload):
        locate(page, step.upload, lang).first.set_input_files([ctx.content / f for f in step.files])
    elif step.target is not None:
        getattr(locate(page, step.target, lang).first, step.action)()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", help="languages (default: all of platform.yaml)")
    args = parser.parse_args()

    from builder.capture import capture_project
    from builder.demo_platform import demo_endpoints

    work = Path(tempfile.mkdtemp(prefix="helpwright-bench-"))
    try:
        shutil.copytree(ROOT / "content", work / "content")
        with demo_endpoints(work, count=2) as endpoints:
            languages = args.lang or None
            from builder.loading import load_project

            langs = languages or load_project(work).languages
            times = {}
            for jobs in (1, 2):
                shutil.rmtree(work / "screenshots", ignore_errors=True)
                t0 = time.monotonic()
                summary = capture_project(work, jobs=jobs, languages=langs, progress=False,
                                          endpoints=endpoints[:jobs])
                times[jobs] = time.monotonic() - t0
                if not summary.ok:
                    print("capture failed:", *[r.message() for r in summary.failed], sep="\n")
                    return 1
            bare = bare_replay(work, endpoints[0], langs)
        count = len(summary.results)
        print(f"{count} scenario×language captures")
        print(f"bare Playwright replay (sequential): {bare:7.1f} s")
        print(f"helpwright capture --jobs 1:         {times[1]:7.1f} s  ratio to bare {times[1] / bare:.2f}")
        print(f"helpwright capture --jobs 2:         {times[2]:7.1f} s  ratio to bare {times[2] / bare:.2f}")
        print(f"--jobs 1 / --jobs 2:                 {times[1] / times[2]:.2f}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
