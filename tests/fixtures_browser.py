"""Fixtures for real Chromium and a live demo platform on loopback.

One Agora and one browser serve the whole session: starting them is the slow part.
Each capture test works on its own copy of a small project, and resets Agora's data
through the demo platform's reset, so tests never see each other's changes.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_password() -> str:
    return "pw-" + secrets.token_urlsafe(12)


@pytest.fixture(scope="session")
def agora(demo_password: str) -> Iterator[Any]:
    """A live Agora on a free 127.0.0.1 port, reset with a random password, frozen clock."""
    from builder.demo_platform import running_demo_platform

    saved = {k: os.environ.get(k) for k in ("AGORA_ALICE_PASSWORD", "AGORA_BRUNO_PASSWORD",
                                            "AGORA_CLAIRE_PASSWORD")}
    for name in saved:
        os.environ.pop(name, None)
    with running_demo_platform(root=REPO, password=demo_password) as demo:
        yield demo
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Any]:
    """One Playwright driver for the whole session (each xdist worker's), held in the tests' thread.

    Every `browser` or `slow` test holds it from its set-up on (:func:`pytest_collection_modifyitems`), so
    the captures, prints and browsers they start in this thread share it
    (:func:`builder.browser.playwright_driver`) instead of starting a driver each, about half a
    processor-second apiece. Playwright's sync API allows one live driver per thread: while this one
    lives, a test starts its browsers from it or through ``playwright_driver()``, never with a
    ``sync_playwright()`` of its own.
    """
    from builder.browser import browser_pool, playwright_driver

    # and one pool of browsers: the in-process captures of this thread take the last one's browser
    with playwright_driver() as playwright, browser_pool():
        yield playwright


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # First among each heavy test's fixtures: a module or session fixture that captures in this thread then
    # shares the driver too. (Unmarked tests never start one: the fast lane's guard refuses it.)
    # A new list for each: the cases of a parametrized test share theirs, and each case has its own markers.
    for item in items:
        if any(item.get_closest_marker(name) for name in ("browser", "slow")):
            names = getattr(item, "fixturenames", None)
            if names is not None:
                item.fixturenames = ["playwright_session", *(n for n in names if n != "playwright_session")]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def chromium(playwright_session: Any) -> Iterator[Any]:
    """A Chromium launched through builder.browser (Playwright's build or the system one), one per test
    module, from the session's driver."""
    from builder.browser import launch_chromium

    browser = launch_chromium(playwright_session)
    yield browser
    browser.close()


@pytest.fixture
def capture_project_copy(tmp_path: Path) -> Path:
    """A temp copy of the repository's content (scenarios, platform.yaml, uploads)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    return root
