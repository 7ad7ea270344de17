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


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """A Chromium launched through builder.browser (Playwright's build or the system one).

    One per test module, closed with it: Playwright's sync API holds the thread while it is
    open, and capture and handout tests in later modules start their own in this thread.
    """
    from playwright.sync_api import sync_playwright

    from builder.browser import launch_chromium

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture
def capture_project_copy(tmp_path: Path) -> Path:
    """A temp copy of the repository's content (scenarios, platform.yaml, uploads)."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    return root
