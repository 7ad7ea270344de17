"""The fast lane's guard: a test without a ``browser`` or ``slow`` marker launches nothing heavy.

``make test-fast`` runs the unmarked tests only (``-m "not browser and not slow"``), and they
must answer in seconds. So, around the set-up and the body of every unmarked test, starting a
subprocess (the CLI, a server, Chromium, Playwright's driver, Pagefind), a Playwright session or
a Sphinx application fails the test, naming what it launched and the marker it needs. The guard
is on in every run, so an unmarked slow test fails in the whole suite too, not only in the lane.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest

HEAVY_MARKERS = ("browser", "slow")


class LaunchInFastLane(AssertionError):
    """Raised when an unmarked test launches a browser, Sphinx or a subprocess."""


def _refuse(what: str, marker: str) -> Callable[..., Any]:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise LaunchInFastLane(
            f"this test launches {what} but has no marker: mark it `pytest.mark.{marker}` "
            "(the fast lane runs unmarked tests only, and they must launch no browser, "
            "no Sphinx and no subprocess)")
    return refuse


def _patches() -> list[tuple[Any, str, Callable[..., Any]]]:
    patches: list[tuple[Any, str, Callable[..., Any]]] = [
        (subprocess.Popen, "__init__", _refuse("a subprocess", "slow")),
    ]
    try:
        from playwright.sync_api._context_manager import PlaywrightContextManager
    except ImportError:  # pragma: no cover - playwright is a dependency
        pass
    else:
        patches.append((PlaywrightContextManager, "__enter__", _refuse("Playwright", "browser")))
    try:
        from playwright.async_api._context_manager import (
            PlaywrightContextManager as AsyncPlaywrightContextManager,
        )
    except ImportError:  # pragma: no cover
        pass
    else:
        patches.append((AsyncPlaywrightContextManager, "__aenter__",
                        _refuse("Playwright", "browser")))
    try:
        import builder.browser
    except ImportError:  # pragma: no cover
        pass
    else:  # the driver a `browser` test of this thread may still hold (tests/fixtures_browser.py)
        patches.append((builder.browser, "_held", _refuse("Playwright", "browser")))
    try:
        from sphinx.application import Sphinx
    except ImportError:  # pragma: no cover - sphinx is a dependency
        pass
    else:
        patches.append((Sphinx, "__init__", _refuse("a Sphinx build", "slow")))
    return patches


def _is_heavy(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(name) for name in HEAVY_MARKERS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    yield from _guarded(item)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    yield from _guarded(item)


def _guarded(item: pytest.Item) -> Iterator[None]:
    if _is_heavy(item):
        yield
        return
    mp = pytest.MonkeyPatch()
    for owner, name, value in _patches():
        mp.setattr(owner, name, value)
    try:
        yield
    finally:
        mp.undo()
