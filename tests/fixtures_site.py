"""Fixtures for site builds from sample projects under tests/roots/.

A sample root is a small complete project (content/, screenshots/), with no conf.py:
it is built with Helpwright's default Sphinx configuration, as a new project is.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parent / "roots"
REPO = Path(__file__).resolve().parent.parent


def write_files(root: Path, files: dict[str, str]) -> Path:
    """``root`` holding each of ``files`` (``{relative path: text}``), its folders made."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


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


#: what the demo site is built from: the repository's project, and the code and templates that build it
DEMO_PARTS = ("content", "screenshots", "templates", "conf.py")
DEMO_INPUTS = (*DEMO_PARTS, "builder")


def inputs_digest(repo: Path, parts: tuple[str, ...]) -> str:
    """A hash of every file under ``parts`` of ``repo`` (names and bytes): the key of a cached build."""
    digest = hashlib.sha256()
    for part in parts:
        top = repo / part
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()
                                                   and "__pycache__" not in p.parts)
        for path in files:
            digest.update(path.relative_to(repo).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def run_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder shared by every process of this test run (pytest-xdist's workers too)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    cache = shared / "built-once"
    cache.mkdir(exist_ok=True)
    return cache


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` between the processes of the run: one builds, the others wait."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project (committed content, screenshots, templates, conf.py) built once per test run,
    its click-through demos first as `demo` does: the project folder, its site in _build/site/<lang>/.

    Every test file that reads the demo site shares this one build, across pytest-xdist's workers too
    (keyed by a hash of its inputs and of the builder). Tests only read it: one that changes the
    project makes its own copy.
    """
    from builder.content.loading import load_project
    from builder.outputs.demos.build import build_demos
    from builder.outputs.site.build import build_site_report
    from builder.outputs.viewmodel import build_view_model

    cache = run_cache(tmp_path_factory)
    key = inputs_digest(REPO, DEMO_INPUTS)
    folder, done = cache / f"demo-{key}", cache / f"demo-{key}.done"
    root = folder / "project"
    with locked(cache / f"demo-{key}.lock"):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            root.mkdir(parents=True)
            for name in DEMO_PARTS:
                if (REPO / name).is_dir():
                    shutil.copytree(REPO / name, root / name)
                elif (REPO / name).is_file():
                    shutil.copy2(REPO / name, root / name)
            build_demos(build_view_model(load_project(root)))
            build_site_report(root)
            done.touch()
    return root


@pytest.fixture(scope="session")
def demo_site(demo_build: Path) -> Iterator[str]:
    """The demo site (``demo_build``) served on 127.0.0.1 under /help/, as deployed: its URL."""
    from builder.layout import build_dir
    from builder.outputs.site.serve import serve_in_thread

    server, url = serve_in_thread(build_dir(demo_build) / "site", 0, "/help/")
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
