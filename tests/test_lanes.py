"""The fast lane's guard, run on a tiny test file in an inner pytest session."""

from __future__ import annotations

import pytest

_INNER = '''
import subprocess, sys
import pytest

def test_unmarked_subprocess():
    subprocess.run([sys.executable, "-c", "pass"], check=True)

def test_unmarked_playwright():
    from playwright.sync_api import sync_playwright
    with sync_playwright():
        pass

def test_unmarked_held_driver():
    import builder.browser
    before = getattr(builder.browser._DRIVERS, "driver", None)  # the outer session's, if it holds one
    builder.browser._DRIVERS.driver = before or object()  # as a `browser` test's session driver leaves it
    try:
        with builder.browser.playwright_driver():
            pass
    finally:
        builder.browser._DRIVERS.driver = before

def test_unmarked_sphinx(tmp_path):
    from sphinx.application import Sphinx
    Sphinx(str(tmp_path), None, str(tmp_path / "out"), str(tmp_path / "dt"), "html")

def test_unmarked_plain():
    assert sum([1, 2]) == 3

@pytest.mark.slow
def test_marked_subprocess():
    subprocess.run([sys.executable, "-c", "pass"], check=True)
'''


def _inner(pytester: pytest.Pytester) -> pytest.RunResult:
    pytester.makeconftest('pytest_plugins = ["tests.lanes"]\n')
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n    browser: browser\n")
    pytester.makepyfile(test_inner=_INNER)
    return pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider")


def test_an_unmarked_test_that_launches_anything_heavy_fails_naming_the_marker(
        pytester: pytest.Pytester) -> None:
    result = _inner(pytester)
    outcomes = {r.nodeid.split("::")[-1]: r.outcome
                for r in result.reprec.getreports("pytest_runtest_logreport") if r.when == "call"}
    assert outcomes["test_unmarked_subprocess"] == "failed"
    assert outcomes["test_unmarked_playwright"] == "failed"
    assert outcomes["test_unmarked_held_driver"] == "failed"  # a driver held by an earlier test is refused too
    assert outcomes["test_unmarked_sphinx"] == "failed"
    assert outcomes["test_unmarked_plain"] == "passed"
    text = result.stdout.str()
    assert "launches a subprocess but has no marker: mark it `pytest.mark.slow`" in text
    assert "launches Playwright but has no marker: mark it `pytest.mark.browser`" in text
    assert "launches a Sphinx build but has no marker" in text


@pytest.mark.slow
def test_a_marked_test_may_launch_a_subprocess(pytester: pytest.Pytester) -> None:
    result = _inner(pytester)
    outcomes = {r.nodeid.split("::")[-1]: r.outcome
                for r in result.reprec.getreports("pytest_runtest_logreport") if r.when == "call"}
    assert outcomes["test_marked_subprocess"] == "passed"
