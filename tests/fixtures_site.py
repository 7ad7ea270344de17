"""Fixtures for site builds from sample projects under tests/roots/.

A sample root is a small complete project (content/, screenshots/), with no conf.py:
it is built with Helpwright's default Sphinx configuration, as a new project is.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"
REPO = Path(__file__).resolve().parent.parent


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


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo project (committed content, screenshots, templates, conf.py) built once from a
    copy of the repository, its click-through demos first as `demo` does, and served on 127.0.0.1
    under /help/, as deployed: its URL."""
    from builder.content.loading import load_project
    from builder.layout import build_dir
    from builder.outputs.demos.build import build_demos
    from builder.outputs.site.build import build_site_report
    from builder.outputs.site.serve import serve_in_thread
    from builder.outputs.viewmodel import build_view_model

    root = tmp_path_factory.mktemp("demo-site") / "project"
    root.mkdir()
    for name in ("content", "screenshots", "templates"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    if (REPO / "conf.py").is_file():
        shutil.copy2(REPO / "conf.py", root / "conf.py")
    build_demos(build_view_model(load_project(root)))
    build_site_report(root)
    server, url = serve_in_thread(build_dir(root) / "site", 0, "/help/")
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
