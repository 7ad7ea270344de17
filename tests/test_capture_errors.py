"""A platform that misbehaves fails one scenario, located; the run goes on and its report is written.

Against a tiny platform (tests/tiny_trouble.py) on 127.0.0.1, in real Chromium, through the
command line: a start page slower than `page_timeout`, a login page that never comes, a page
that closes its own window in the middle of a step, a page whose script loops forever.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.tiny_trouble import (
    PASSWORD_ENV,
    TroublePlatform,
    make_project,
    run_capture,
    trouble_platform,
)

pytestmark = pytest.mark.browser

FAST = {"expect": {"target": {"role": "heading", "name": "Fast page"}}, "say": "The page opens."}


@pytest.fixture
def trouble(monkeypatch: pytest.MonkeyPatch) -> Iterator[TroublePlatform]:
    password = "pw-" + secrets.token_urlsafe(9)
    monkeypatch.setenv(PASSWORD_ENV, password)
    with trouble_platform(password, delay=6) as running:
        yield running


def report(root: Path) -> dict[str, Any]:
    data = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))
    return {r["scenario"]: r for r in data["results"]}


def assert_goes_on(root: Path, failed: str, cause: str, stderr: str, stdout: str) -> None:
    """``failed`` failed with ``cause``, said on stderr; b-fast was captured anyway; the report names both."""
    assert "Traceback" not in stderr + stdout, stderr
    assert f"FAILED {failed} [en]" in stderr, stderr
    assert cause in stderr, stderr
    assert (root / "screenshots" / "en" / "b-fast" / "01.png").is_file()
    assert json.loads((root / "screenshots" / "en" / "b-fast" / "manifest.json").read_text())["status"] == "passed"
    results = report(root)
    assert results[failed]["status"] == "failed"
    assert cause in results[failed]["cause"]
    assert results["b-fast"]["status"] == "passed"
    log = (root / "_build" / "capture-log.jsonl").read_text(encoding="utf-8")
    assert cause in log


def test_a_start_page_slower_than_page_timeout_fails_that_scenario_only(tmp_path: Path,
                                                                       trouble: TroublePlatform) -> None:
    root = make_project(tmp_path, trouble, [
        {"id": "a-slow", "start": "/slow", "steps": [{"expect": {"text": "At last."}, "say": "Wait."}]},
        {"id": "b-fast", "start": "/fast", "steps": [FAST]},
    ], page_timeout=3)  # /slow takes 6 s; /fast gets room on a loaded machine
    done = run_capture(root, trouble)
    assert done.returncode == 1, done.stderr
    cause = (f"the start page /slow: {trouble.url}/slow did not load within 3 s; if the platform is that slow, "
             "raise `page_timeout` in platform.yaml")
    assert_goes_on(root, "a-slow", cause, done.stderr, done.stdout)
    assert report(root)["a-slow"]["url"] == f"{trouble.url}/slow"  # where it tried to go, not about:blank
    assert report(root)["a-slow"]["failure_screenshot"] is None  # a page that never came shows nothing
    assert "1 capture(s) failed" in done.stderr


def test_a_login_page_that_never_comes_is_a_clear_login_failure(tmp_path: Path, trouble: TroublePlatform) -> None:
    root = make_project(tmp_path, trouble, [
        {"id": "a-member", "persona": "alice", "start": "/fast", "steps": [FAST]},
        {"id": "b-fast", "start": "/fast", "steps": [FAST]},
    ], page_timeout=3)  # /slow takes 6 s; /fast gets room on a loaded machine
    data = (root / "content" / "platform.yaml").read_text(encoding="utf-8").replace("path: /login", "path: /slow")
    (root / "content" / "platform.yaml").write_text(data, encoding="utf-8")
    done = run_capture(root, trouble)
    assert done.returncode == 1, done.stderr
    cause = (f"login as persona alice failed: the login page /slow: {trouble.url}/slow did not load within 3 s; "
             "if the platform is that slow, raise `page_timeout` in platform.yaml")
    assert_goes_on(root, "a-member", cause, done.stderr, done.stdout)
    lines = (root / "content" / "scenarios" / "a-member.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, row in enumerate(lines, 1) if row.startswith("persona:"))
    assert report(root)["a-member"]["source"] == f"content/scenarios/a-member.yaml:{line}:1"  # the persona's line
    assert f"  at: content/scenarios/a-member.yaml:{line}:1" in done.stderr


def test_a_page_whose_browser_renderer_dies_mid_step_fails_that_step(tmp_path: Path,
                                                                     trouble: TroublePlatform) -> None:
    root = make_project(tmp_path, trouble, [
        {"id": "a-crashing", "start": "/crashing", "steps": [
            {"click": {"role": "button", "name": "Crash the page"}, "say": "Press the button."},
            {"expect": {"text": "Still here"}, "say": "Nothing happens."},
        ]},
        {"id": "b-fast", "start": "/fast", "steps": [FAST]},
    ])
    done = run_capture(root, trouble)
    assert trouble.killed, "the renderer was never killed"
    assert done.returncode == 1, done.stderr
    cause = (f"step 1 (click button “Crash the page”): the page crashed (the browser's renderer died: out of "
             f"memory, or killed) on {trouble.url}/crashing")
    assert_goes_on(root, "a-crashing", cause, done.stderr, done.stdout)
    assert report(root)["a-crashing"]["step"] == 1
    assert report(root)["a-crashing"]["say"] == "Press the button."


def test_a_browser_killed_mid_step_fails_that_step_and_the_next_scenario_gets_a_new_one(
        tmp_path: Path, trouble: TroublePlatform) -> None:
    root = make_project(tmp_path, trouble, [
        {"id": "a-crashing", "start": "/crashing", "steps": [
            {"click": {"role": "button", "name": "Crash the browser"}, "say": "Press the button."},
            {"expect": {"text": "Still here"}, "say": "Nothing happens."},
        ]},
        {"id": "b-fast", "start": "/fast", "steps": [FAST]},
    ])
    done = run_capture(root, trouble, "--report", str(root / "junit.xml"))
    assert trouble.killed, "the browser was never killed"
    assert done.returncode == 1, done.stderr
    assert_goes_on(root, "a-crashing", "step 1 (click button “Crash the browser”): ", done.stderr, done.stdout)
    assert report(root)["a-crashing"]["cause"].endswith(f" on {trouble.url}/crashing")
    assert "a-crashing" in (root / "junit.xml").read_text(encoding="utf-8")


def test_a_page_stuck_in_a_loop_fails_that_step_and_the_run_goes_on(tmp_path: Path, trouble: TroublePlatform) -> None:
    # Once the platform answers the click, the page's only thread blocks for good (as in a script's
    # endless loop): Playwright's evaluate waits for it forever; the watchdog stops the page after
    # the settle's 10 s and its margin.
    root = make_project(tmp_path, trouble, [
        {"id": "a-spin", "start": "/spin", "steps": [
            {"click": {"role": "button", "name": "Spin"}, "say": "Press the button.", "timeout": 2},
            {"expect": {"text": "Still here"}, "say": "Nothing happens.", "timeout": 2},
        ]},
        {"id": "b-fast", "start": "/fast", "steps": [FAST]},
    ])
    started = time.monotonic()
    done = run_capture(root, trouble, timeout=150)  # without the watchdog, the run never ends
    assert "/slow?seconds=2" in trouble.log, "the click never reached the platform"
    assert done.returncode == 1, done.stderr
    cause = ("step 1 (click button “Spin”): the page stopped responding for more than 30 s (its JavaScript may "
             "be stuck in a loop: try the step by hand in a browser); capture stopped the page on "
             f"{trouble.url}/spin")
    assert_goes_on(root, "a-spin", cause, done.stderr, done.stdout)
    assert report(root)["a-spin"]["step"] == 1
    assert report(root)["a-spin"]["say"] == "Press the button."
    assert time.monotonic() - started < 120
