"""Less paper at the same legibility: what of each screenshot a page prints, and at what scale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from builder.outputs.handouts.printshot import (
    CALLOUT_ROOM,
    MIN_BAND,
    RESULT_ROWS,
    SIDE,
    printed_region,
)

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
    width, left, top, right, bottom = printed_region(path, None, result=True)
    assert (width, left, top, right) == (1280, 0, 0, 1280)
    assert 300 < bottom <= 340  # the content, a margin, and none of the empty band (sidebar included)


def test_a_result_prints_the_top_of_its_page(tmp_path: Path) -> None:
    image = Image.new("RGB", (1280, 800), (230, 232, 236))
    ImageDraw.Draw(image).rectangle((0, 0, 1280, 780), fill=(255, 255, 255), outline=(0, 0, 0))
    image.save(tmp_path / "result.png")
    region = printed_region(tmp_path / "result.png", None, result=True)
    assert region == (1280, 0, 0, 1280, RESULT_ROWS)
    assert not region.narrow  # a whole page prints under its heading


def test_a_crop_leaves_out_its_empty_columns_and_prints_beside_its_words(tmp_path: Path) -> None:
    image = Image.new("RGB", (1040, 500), (245, 245, 245))
    ImageDraw.Draw(image).rectangle((16, 16, 600, 480), fill=(255, 255, 255), outline=(0, 0, 0))
    image.save(tmp_path / "crop.png")
    region = printed_region(tmp_path / "crop.png", None)
    assert region.left == 0 and 600 < region.right <= 640 and region.narrow


@pytest.mark.parametrize("callout", [False, True])
def test_a_step_prints_the_band_around_its_target_with_badge_and_callout(tmp_path: Path, callout: bool) -> None:
    path = _page_with_blank_bottom(tmp_path / "shot.png")
    box = (600, 240, 120, 30)
    width, left, top, right, bottom = printed_region(path, box, callout=callout)
    assert top < box[1] - 16  # the badge sits at the box's top-left corner
    assert bottom >= box[1] + box[3] + (CALLOUT_ROOM if callout else 16)
    assert bottom - top >= MIN_BAND or top == 0
    # across, a window beside the words: the target, its badge, and its callout on either side
    reach = 280 if callout else 30
    assert right - left == SIDE < width and left <= box[0] - reach and right >= box[0] + box[2] + reach


def test_a_target_too_wide_for_a_window_prints_the_whole_width(tmp_path: Path) -> None:
    path = _page_with_blank_bottom(tmp_path / "shot.png")
    region = printed_region(path, (260, 90, 900, 40))
    assert (region.left, region.right) == (0, 1280) and not region.narrow


def test_a_band_near_an_edge_stays_inside_the_image() -> None:
    folder = REPO / "screenshots" / "fr" / "log-out"
    record = json.loads((folder / "manifest.json").read_text())["images"][0]
    width, left, top, right, bottom = printed_region(folder / record["file"], tuple(record["target"]["box"]))
    assert width == 1280 and top == 0 and MIN_BAND <= bottom <= 800
    assert 0 <= left < right <= width


@pytest.mark.browser
@pytest.mark.slow
def test_every_printed_screenshot_has_the_scale_of_a_full_one_and_keeps_its_step(tmp_path: Path) -> None:
    """In the printed workbook, a crop is never enlarged nor a band shrunk: every screenshot
    prints at the scale of a whole 1280 px capture across the column."""
    from builder.browser import launch_chromium, playwright_driver
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
    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(html.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            scales = page.evaluate("""() => [...document.querySelectorAll('.shot-frame img')].map(img => ({
                scale: img.getBoundingClientRect().width / img.naturalWidth,
                natural: img.naturalWidth,
                inStep: !!img.closest('.step'),
            }))""")
        finally:
            browser.close()
    assert len(scales) > 20
    assert all(s["inStep"] for s in scales)
    full = [s["scale"] for s in scales if s["natural"] == 1280]
    crops = [s["scale"] for s in scales if s["natural"] < 1280]
    assert full and crops
    reference = full[0]
    assert all(abs(s - reference) / reference < 0.02 for s in full + crops), (reference, sorted(set(crops)))


#: the demo's French participant workbooks when every step took half a page
PAGES_BEFORE = {"administrer-agora": 31, "animer-une-communaute": 43, "prise-en-main": 31}
#: its facilitator guides before the workbooks were laid out for less paper: they must not grow
GUIDE_PAGES_BEFORE = {"administrer-agora": 14, "animer-une-communaute": 16, "prise-en-main": 13}


@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_workbooks_take_at_most_three_fifths_of_their_former_pages(tmp_path: Path) -> None:
    from builder.content.loading import load_project
    from builder.outputs.handouts.build import build_handouts

    root = tmp_path / "project"
    for name in ("content", "screenshots", "templates"):
        shutil.copytree(REPO / name, root / name)
    made = build_handouts(load_project(root), languages=["fr"], out_dir=tmp_path / "out")
    workbooks = {h.workshop: h.pages for h in made if h.kind == "participant"}
    guides = {h.workshop: h.pages for h in made if h.kind == "facilitator"}
    assert workbooks.keys() == PAGES_BEFORE.keys()
    assert sum(workbooks.values()) <= 0.60 * sum(PAGES_BEFORE.values()), workbooks
    assert all(workbooks[w] <= 0.65 * PAGES_BEFORE[w] for w in workbooks), workbooks
    assert all(guides[w] <= GUIDE_PAGES_BEFORE[w] for w in guides), guides
