"""Benchmark: `helpwright capture` against a bare Playwright replay of the same steps.

Run from the repository root: ``python benchmarks/bench_capture.py [--lang fr] [--warm]``.
In one process, on a temp copy of the project, against the same two demo platforms
(one per worker, reset before every scenario as capture does), it times:

* a bare sequential replay: per scenario×language a new context with the same
  viewport, the start page, then for each step a plain ``page.screenshot()`` (when
  the step has a shot) and the step's Playwright action, a final screenshot; one
  login per persona. No highlight, no expectation checks, no quiet-network wait,
  nothing written to disk;
* the full capture with ``--jobs 1`` and ``--jobs 2``: highlights, callouts, masks,
  checks, staging, manifests, published PNGs.

``--warm`` starts each capture from the published screenshots (a recapture);
the default starts from none (a first capture). ``--only ID`` (repeatable) limits the
scenarios: the test suite smoke-runs the benchmark that way on one scenario, so it cannot rot.
Prints times and ratios, and where ``--jobs 1`` spends its time, phase by phase
(:mod:`builder.capture.phases`).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bare_replay(root: Path, endpoint: Any, languages: list[str],
                only: list[str] | None = None) -> tuple[float, int]:
    """Same steps, plain Playwright; returns the time and the number of screenshots taken."""
    from playwright.sync_api import sync_playwright

    from builder.browser import launch_chromium
    from builder.capture.nativelang import interface_args, interface_env
    from builder.capture.steps import StepContext, absolute_url, locate, perform
    from builder.content.loading import load_project
    from builder.content.model import ExpectStep, WaitForStep

    project = load_project(root)
    platform = project.platform
    assert platform is not None and platform.login is not None
    shots = 0

    def act(page: Any, step: Any, ctx: StepContext) -> None:
        if isinstance(step, ExpectStep | WaitForStep):
            return  # no checks
        locator = locate(page, step.target, ctx.lang).first if step.target is not None else None
        perform(page, step, locator, ctx)  # the action alone: click, fill, goto…
        page.wait_for_load_state()  # or the next screenshot may fall mid-navigation

    started = time.monotonic()
    with sync_playwright() as pw:
        # one browser per language, launched as capture launches it (the same program, the same strings)
        browsers = {lang: launch_chromium(pw, extra_args=interface_args(lang), extra_env=interface_env(lang))
                    for lang in languages}
        states: dict[str, Any] = {}
        for sid, source in sorted(project.scenarios.items()):
            if only and sid not in only:
                continue
            scenario = source.model
            for lang in languages:
                browser = browsers[lang]
                endpoint.reset()
                persona = platform.personas.get(scenario.persona or "")
                secrets = {"username": persona.username,
                           "password": os.environ[persona.password_env]} if persona else {}
                ctx = StepContext(lang, endpoint.base_url, root / "content",
                                  language=platform.language_switch, secrets=secrets)
                if persona and scenario.persona not in states:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(absolute_url(ctx, platform.login.path))
                    for step in platform.login.steps:
                        act(page, step, ctx)
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
                        shots += 1
                    act(page, step, ctx)
                page.screenshot()
                shots += 1
                context.close()
        for browser in browsers.values():
            browser.close()
    return time.monotonic() - started, shots


def cpu_seconds() -> float:
    """CPU used by this process and its finished children (the browsers and Playwright drivers
    each run closes). Less sensitive than wall time to other work on a shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(langs: list[str] | None = None, *, warm: bool = False, only: list[str] | None = None) -> dict[str, Any]:
    """One run of the three timings in this process, with ``--jobs 1``'s breakdown by phase."""
    from builder.capture import capture_project
    from builder.content.loading import load_project
    from builder.demo_platform import demo_endpoints

    work = Path(tempfile.mkdtemp(prefix="helpwright-bench-"))
    try:
        shutil.copytree(ROOT / "content", work / "content")
        langs = langs or load_project(work).languages
        with demo_endpoints(work, count=2) as endpoints:
            c0 = cpu_seconds()
            bare, shots = bare_replay(work, endpoints[0], langs, only)
            cpu = {0: cpu_seconds() - c0}
            times, statuses, phases = {}, {}, {}
            for jobs in (1, 2):
                shutil.rmtree(work / "screenshots", ignore_errors=True)
                if warm:
                    shutil.copytree(ROOT / "screenshots", work / "screenshots")
                t0, c0 = time.monotonic(), cpu_seconds()
                summary = capture_project(work, jobs=jobs, languages=langs, progress=False, only=only,
                                          endpoints=endpoints[:jobs])
                times[jobs], cpu[jobs] = time.monotonic() - t0, cpu_seconds() - c0
                if not summary.ok:
                    raise SystemExit("capture failed:\n" + "\n".join(r.message() for r in summary.failed))
                statuses[jobs] = {s: summary.count(s) for s in ("passed", "unchanged") if summary.count(s)}
                phases[jobs] = dict(summary.phases)
        return {"bare": bare, "jobs1": times[1], "jobs2": times[2], "cpu": cpu, "shots": shots,
                "count": len(summary.results), "images": sum(r.images for r in summary.results),
                "statuses": statuses, "phases": phases[1], "warm": warm}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def breakdown(phases: dict[str, float], wall: float) -> list[str]:
    """The ``--jobs 1`` run by phase: seconds and share of the run (what is left is Python between them)."""
    from builder.capture.phases import PHASES

    timed = sum(phases.values())
    lines = [f"  {name:<18} {phases.get(name, 0.0):7.2f} s  {phases.get(name, 0.0) / wall:6.1%}"
             for name in PHASES]
    lines.append(f"  {'(between phases)':<18} {max(0.0, wall - timed):7.2f} s  {max(0.0, wall - timed) / wall:6.1%}")
    return lines


def report(got: dict[str, Any]) -> list[str]:
    """What one ``measure`` run found, in lines: what was captured, times, CPU and ratios to the bare replay."""
    bare, times, cpu, statuses = got["bare"], {1: got["jobs1"], 2: got["jobs2"]}, got["cpu"], got["statuses"]
    lines = [(f"{got['count']} scenario×language captures, {got['images']} images ({got['shots']} bare screenshots), "
             f"{'recapture over published images' if got['warm'] else 'first capture'}; "
             f"statuses jobs 1 {statuses[1]}, jobs 2 {statuses[2]}"),
             (f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
             "(other work on the machine slows every line below)"),
             f"bare Playwright replay (sequential): {bare:7.1f} s  (CPU {cpu[0]:6.1f} s)"]
    for jobs in (1, 2):
        lines.append(f"helpwright capture --jobs {jobs}:         {times[jobs]:7.1f} s  (CPU {cpu[jobs]:6.1f} s)"
                     f"  ratio to bare {times[jobs] / bare:.2f}")
    lines.append(f"--jobs 1 / --jobs 2:                 {times[1] / times[2]:.2f}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--lang", action="append", help="languages (default: all of platform.yaml)")
    parser.add_argument("--warm", action="store_true", help="recapture over the published screenshots")
    parser.add_argument("--only", action="append", help="scenario ids (default: all)")
    args = parser.parse_args()
    got = measure(args.lang, warm=args.warm, only=args.only)
    print("\n".join(report(got)))
    print("where --jobs 1 spends its time:")
    print("\n".join(breakdown(got["phases"], got["jobs1"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
