"""Fixtures for site builds from sample projects under tests/roots/.

A sample root is a small complete project (content/, screenshots/), with no conf.py:
it is built with Helpwright's default Sphinx configuration, as a new project is.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"


def copy_root(name: str, dest: Path) -> Path:
    """Copy tests/roots/<name> to ``dest``."""
    shutil.copytree(ROOTS / name, dest)
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
