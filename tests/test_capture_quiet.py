"""Recaptures of real platforms stay quiet: a URL-only change is information, a fade is waited out.

Against the tiny site of tests/tiny_visibility.py on 127.0.0.1, in real Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.capture import capture_project
from tests.test_capture_visibility import _project
from tests.tiny_visibility import FADED_RGB, tiny_visibility

pytestmark = pytest.mark.browser


@pytest.fixture
def url() -> Iterator[str]:
    with tiny_visibility() as running:
        yield running


def test_an_image_whose_url_alone_changed_is_unchanged_and_the_change_is_noted(tmp_path: Path, url: str) -> None:
    root = _project(tmp_path, url, ["en"], [{"id": "revision", "start": "/rev", "steps": [
        {"expect": {"text": "The same page, whatever its revision id."}, "say": "The page opens."}]}])
    first = capture_project(root, progress=False).results[0]
    assert first.status == "passed", first.message()
    manifest = root / "screenshots" / "en" / "revision" / "manifest.json"
    published = manifest.read_bytes()
    again = capture_project(root, progress=False).results[0]
    assert again.status == "unchanged", again.message()
    assert manifest.read_bytes() == published  # nothing for git to show
    assert not (root / "screenshots" / ".pending" / "en" / "revision").exists()
    assert {c["file"] for c in again.url_changes} == {"01.png", "result.png"}
    change = again.url_changes[0]
    assert "oldid=1" in change["from"] and "oldid=2" in change["to"]


def test_a_scripted_fade_is_waited_out_before_the_shot(tmp_path: Path, url: str) -> None:
    from PIL import Image

    root = _project(tmp_path, url, ["en"], [{"id": "fade", "start": "/fade", "steps": [
        {"expect": {"text": "Welcome"}, "say": "A welcome banner appears."}]}])
    result = capture_project(root, progress=False).results[0]
    assert result.status == "passed", result.message()
    with Image.open(root / "screenshots" / "en" / "fade" / "01.png") as img:
        pixels = list(img.convert("RGB").get_flattened_data())
    solid = sum(1 for p in pixels if all(abs(c - r) <= 3 for c, r in zip(p, FADED_RGB, strict=True)))
    assert solid > 15000, f"the banner was shot mid-fade ({solid} pixels of its colour)"
