"""A thread that runs captures one after the other holds a pool of browsers: each capture takes the
browser the last one launched the same way, and the pool closes them at its end.

Against the tiny site of tests/tiny_visibility.py on 127.0.0.1, in real Chromium.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.browser import browser_pool, launch_key
from builder.capture import capture_project
from tests.test_capture_visibility import _project
from tests.tiny_visibility import tiny_visibility

SCENARIO = [{"id": "far", "start": "/far", "steps": [{"click": {"role": "button", "name": "Far below"}, "say": "Click it."}]}]


@pytest.fixture
def url() -> Iterator[str]:
    with tiny_visibility() as running:
        yield running


@pytest.mark.browser
def test_captures_of_one_thread_share_the_pools_browser_and_it_goes_with_the_pool(tmp_path: Path, url: str) -> None:
    """In a thread of its own (the tests' own thread holds the session's pool), as a command or a test
    session holding a pool runs: the second capture launches nothing, its images are the first's, and at the
    end of the block the browser and its temp folder are gone."""
    root = _project(tmp_path, url, ["en"], SCENARIO)
    seen: dict[str, Any] = {}

    def run() -> None:
        try:
            with browser_pool() as pool:
                seen["first"] = capture_project(root, progress=False).results[0]
                seen["after first"] = pool.launched()
                seen["again"] = capture_project(root, progress=False).results[0]
                seen["after again"] = pool.launched()
                seen["tmp"] = pool.tmp_dir
            seen["connected"] = [b.is_connected() for b in seen["after again"]]
        except BaseException as exc:  # noqa: BLE001 - raised in the test's thread
            seen["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)
    assert "error" not in seen, seen.get("error")
    assert seen["first"].status == "passed", seen["first"].message()
    assert len(seen["after first"]) == 1
    assert seen["again"].status == "unchanged", seen["again"].message()  # the same pixels from the pooled browser
    assert seen["after again"] == seen["after first"]  # nothing launched for the second capture
    assert seen["connected"] == [False]
    assert not Path(seen["tmp"]).exists()


def _key(lang: str) -> tuple[Any, ...]:
    return launch_key(None, ui_language=lang, extra_args=[f"--lang={lang}"], extra_env={"LANGUAGE": lang})  # type: ignore[arg-type]


def test_a_pooled_browser_is_only_taken_by_a_launch_that_would_start_the_same(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The key: the program chosen now, the arguments, the environment given, and this process's variables
    that change what a browser does or shows."""
    program = tmp_path / "chromium"
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setenv("HELPWRIGHT_CHROMIUM", str(program))  # a program found here, whatever is installed
    monkeypatch.setenv("TZ", "Europe/Paris")
    base = _key("fr")
    assert _key("fr") == base
    assert _key("en") != base
    monkeypatch.setenv("TZ", "Pacific/Auckland")
    assert _key("fr") != base
    monkeypatch.setenv("TZ", "Europe/Paris")
    other = tmp_path / "chrome"
    other.write_bytes(program.read_bytes())
    other.chmod(0o755)
    monkeypatch.setenv("HELPWRIGHT_CHROMIUM", str(other))
    assert _key("fr") != base


@pytest.mark.browser
def test_a_worker_takes_only_a_browser_of_its_language_and_never_one_that_went_away(tmp_path: Path, url: str) -> None:
    """With the session's pool (held in the tests' thread), as the session's captures use it."""
    from concurrent.futures import ThreadPoolExecutor

    from builder.capture.logins import Logins
    from builder.capture.nativelang import probe_interface_language
    from builder.capture.session import Worker
    from builder.content.loading import load_project

    root = _project(tmp_path, url, ["en", "fr"], SCENARIO)
    project = load_project(root)
    assert project.platform is not None
    with browser_pool(), ThreadPoolExecutor(1) as encoder:
        def started() -> Worker:
            worker = Worker(project.platform, root / "content", Logins(), encoder, languages=["fr", "en"])
            worker.start()
            return worker

        first = started()
        first.ready("en")
        english = first.browsers["en"]
        first.stop()
        second = started()
        try:
            second.ready("fr")
            french = second.browsers["fr"]
            assert french is not english
            assert probe_interface_language(french, "fr") is None  # its own strings: French (else it raises)
            second.ready("en")
            assert second.browsers["en"] is english  # given back, taken again
            # the watchdog watches exactly the worker's two browsers
            assert second.watchdog.borrowed == {second._pooled["fr"][1], second._pooled["en"][1]}
            left_open = english.new_context()  # what a capture left open is closed when it goes back
        finally:
            second.stop()
        assert not second.watchdog.borrowed
        assert not english.contexts and left_open not in english.contexts
        english.close()  # gone: never handed out again
        third = started()
        try:
            third.ready("en")
            assert third.browsers["en"] is not english and third.browsers["en"].is_connected()
        finally:
            third.stop()


@pytest.mark.browser
def test_captures_give_their_browser_back_with_no_context_left(tmp_path: Path, url: str) -> None:
    from builder.browser import browser_pool

    root = _project(tmp_path, url, ["en"], SCENARIO)
    with browser_pool() as pool:
        for status in ("passed", "unchanged"):
            result = capture_project(root, progress=False).results[0]
            assert result.status == status, result.message()
            live = [b for b in pool.launched() if b.is_connected()]
            assert live and all(not b.contexts for b in live)


@pytest.mark.browser
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the watchdog reads /proc")
def test_the_watchdog_stops_a_stuck_page_in_a_pooled_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pooled browser carries a watchdog token of its own, which the worker using it watches: a page
    that stops responding is stopped, and the next scenario runs."""
    from tests.tiny_trouble import PASSWORD_ENV, make_project, trouble_platform

    monkeypatch.setattr("builder.capture.watchdog.MARGIN", 2.0)  # the waits' own timeouts, plus 2 s
    monkeypatch.setenv(PASSWORD_ENV, "pw-unused-here")
    with trouble_platform("pw-unused-here") as trouble:
        root = make_project(tmp_path, trouble, [
            {"id": "a-spin", "start": "/spin", "steps": [
                {"click": {"role": "button", "name": "Spin"}, "say": "Press the button.", "timeout": 2},
                {"expect": {"text": "Still here"}, "say": "Nothing happens.", "timeout": 2}]},
            {"id": "b-fast", "start": "/fast", "steps": [
                {"expect": {"target": {"role": "heading", "name": "Fast page"}}, "say": "The page opens."}]},
        ])
        done: dict[str, Any] = {}

        def run() -> None:  # in a thread of its own, with a pool of its own: a hang fails the test, not the run
            try:
                with browser_pool() as pool:
                    done["summary"] = capture_project(root, progress=False)
                    done["launched"] = len(pool.launched())  # the capture ran in the pool's browsers
            except BaseException as exc:  # noqa: BLE001 - raised in the test's thread
                done["error"] = exc

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(120)
        assert not thread.is_alive(), "the stuck page was never stopped: the watchdog does not watch the pool's browser"
    assert "error" not in done, done.get("error")
    assert done["launched"] >= 1
    results = {r.scenario: r for r in done["summary"].results}
    assert results["a-spin"].status == "failed"
    assert "the page stopped responding for more than" in results["a-spin"].message()
    assert results["b-fast"].status == "passed", results["b-fast"].message()
