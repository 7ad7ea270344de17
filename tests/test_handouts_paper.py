"""Less paper at the same legibility: what of each screenshot a page prints, and at what scale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from builder.outputs.handouts.printshot import CALLOUT_ROOM, MIN_BAND, printed_region

REPO = Path(__file__).resolve().parent.parent


def _page_with_blank_bottom(path: Path) -> Path:
    image = Image.new("RGB", (1280, 800), (230, 232, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1280, 56), fill=(20, 30, 50))  # header
    draw.rectangle((0, 56, 230, 800), fill=(240, 240, 240))  # a sidebar down to the bottom edge
    draw.line((230, 56, 230, 800), fill=(180, 180, 180))
    draw.rectangle((260, 90, 900, 300), fill=(255, 255, 255))  # the page's content ends at y=300
    image.save(path)
    return path


def test_the_empty_rows_at_the_bottom_are_not_printed(tmp_path: Path) -> None:
    path = _page_with_blank_bottom(tmp_path / "shot.png")
    width, top, bottom = printed_region(path, None, whole=True)
    assert (width, top) == (1280, 0)
    assert 300 < bottom <= 340  # the content, a margin, and none of the empty band (sidebar included)


def test_a_step_prints_the_band_around_its_target_with_badge_and_callout(tmp_path: Path) -> None:
    path = _page_with_blank_bottom(tmp_path / "shot.png")
    box = (600, 240, 120, 30)
    _width, top, bottom = printed_region(path, box, whole=False)
    assert top < box[1] - 16  # the badge sits at the box's top-left corner
    assert bottom >= box[1] + box[3] + CALLOUT_ROOM
    assert bottom - top >= MIN_BAND or top == 0


def test_a_band_near_an_edge_stays_inside_the_image() -> None:
    folder = REPO / "screenshots" / "fr" / "log-out"
    record = json.loads((folder / "manifest.json").read_text())["images"][0]
    width, top, bottom = printed_region(folder / record["file"], tuple(record["target"]["box"]), whole=False)
    assert width == 1280 and top == 0 and MIN_BAND <= bottom <= 800


@pytest.mark.browser
@pytest.mark.slow
def test_every_printed_screenshot_has_the_scale_of_a_full_one_and_keeps_its_step(tmp_path: Path) -> None:
    """In the printed workbook, a crop is never enlarged nor a band shrunk: every screenshot
    prints at the scale of a whole 1280 px capture across the column."""
    from playwright.sync_api import sync_playwright

    from builder.browser import launch_chromium
    from builder.content.loading import load_project
    from builder.outputs.handouts.render import Renderer

    root = tmp_path / "project"
    for name in ("content", "screenshots", "templates"):
        shutil.copytree(REPO / name, root / name)
    project = load_project(root)
    workshop = project.workshops["animer-une-communaute"].model
    document = Renderer(project).render(workshop, "fr", "participant", {})
    html = tmp_path / "workbook.html"
    html.write_text(document.html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        page.goto(html.as_uri(), wait_until="load")
        page.emulate_media(media="print")
        scales = page.evaluate("""() => [...document.querySelectorAll('.shot-frame img')].map(img => ({
            scale: img.getBoundingClientRect().width / img.naturalWidth,
            natural: img.naturalWidth,
            inStep: !!img.closest('.step'),
        }))""")
        browser.close()
    assert len(scales) > 20
    assert all(s["inStep"] for s in scales)
    full = [s["scale"] for s in scales if s["natural"] == 1280]
    crops = [s["scale"] for s in scales if s["natural"] < 1280]
    assert full and crops
    reference = full[0]
    assert all(abs(s - reference) / reference < 0.02 for s in full + crops), (reference, sorted(set(crops)))
