"""A thread that runs captures one after the other holds a pool of browsers: each capture takes the
browser the last one launched the same way, and the pool closes them at its end.

Against the tiny site of tests/tiny_visibility.py on 127.0.0.1, in real Chromium.
"""

from __future__ import annotations

import os
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

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert "error" not in seen, seen.get("error")
    assert seen["first"].status == "passed", seen["first"].message()
    assert len(seen["after first"]) == 1
    assert seen["again"].status == "unchanged", seen["again"].message()  # the same pixels from the pooled browser
    assert seen["after again"] == seen["after first"]  # nothing launched for the second capture
    assert seen["connected"] == [False]
    assert not Path(seen["tmp"]).exists()


def test_a_pooled_browser_is_only_taken_by_a_launch_that_would_start_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key: the program chosen now, the arguments, the environment given, and this process's variables
    that change what a browser does or shows."""
    base = launch_key(None, ui_language="fr", extra_args=["--lang=fr"], extra_env={"LANGUAGE": "fr"})  # type: ignore[arg-type]
    assert launch_key(None, ui_language="fr", extra_args=["--lang=fr"], extra_env={"LANGUAGE": "fr"}) == base  # type: ignore[arg-type]
    assert launch_key(None, ui_language="en", extra_args=["--lang=en"], extra_env={"LANGUAGE": "en"}) != base  # type: ignore[arg-type]
    monkeypatch.setenv("TZ", "Pacific/Auckland" if os.environ.get("TZ") != "Pacific/Auckland" else "UTC")
    assert launch_key(None, ui_language="fr", extra_args=["--lang=fr"], extra_env={"LANGUAGE": "fr"}) != base  # type: ignore[arg-type]
    monkeypatch.undo()
    monkeypatch.setenv("HELPWRIGHT_CHROMIUM", "/bin/true")
    assert launch_key(None, ui_language="fr", extra_args=["--lang=fr"], extra_env={"LANGUAGE": "fr"}) != base  # type: ignore[arg-type]
