"""Fixtures for site builds from sample projects under tests/roots/.

A sample root is a small complete project (content/, screenshots/). The fixture
copies it to a temporary folder together with the project's real conf.py, so the
tests build exactly what `helpwright build` builds.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"
PROJECT = Path(__file__).resolve().parent.parent


def copy_root(name: str, dest: Path) -> Path:
    """Copy tests/roots/<name> to ``dest``, adding the project's conf.py if it has none."""
    shutil.copytree(ROOTS / name, dest)
    if not (dest / "conf.py").exists():
        shutil.copy(PROJECT / "conf.py", dest / "conf.py")
    return dest


@pytest.fixture
def site_root(tmp_path: Path) -> Callable[[str], Path]:
    """``site_root("test-basic")`` → a fresh copy of that sample project."""
    return lambda name: copy_root(name, tmp_path / name)


@pytest.fixture(scope="module")
def built_basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """test-basic built once in both languages: (root, {lang: LanguageBuild})."""
    from builder.outputs.site.build import build_site_report

    root = copy_root("test-basic", tmp_path_factory.mktemp("built") / "test-basic")
    return root, build_site_report(root)
