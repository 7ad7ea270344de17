"""The highlight stands out from the screenshot around it: at least 3:1 (WCAG non-text contrast).

Capture draws the highlight into the page (builder/capture/annotate.py): a box in the
highlight colour with a white halo, a numbered badge and sometimes a callout. On every
published PNG (screenshots/<lang>/<scenario>/), the pixels of that exact colour are found,
the drawing's halo is skipped, and the pixels of a ring just outside it are the page the
reader sees around the highlight (dimmed by the overlay, as in the image). The WCAG
contrast ratio between the highlight colour and the median luminance of that ring must be
at least 3:1. Pixels enclosed by the drawing (the framed element, the badge's number, the
callout's words) are not around it and are left out.
"""

from __future__ import annotations

import json
import math
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from builder.capture.annotate import HIGHLIGHT_RGB
from builder.capture.contrast import MINIMUM, contrast, luminance
from builder.capture.contrast import highlight_contrast as measure

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "screenshots"


def highlight_contrast(image: Image.Image) -> float | None:
    return measure(image, HIGHLIGHT_RGB)


def published_images() -> list[tuple[Path, int]]:
    """Every PNG a manifest lists: (path, step number; 0 is the result image, never highlighted)."""
    found = []
    for manifest in sorted(SCREENSHOTS.glob("*/*/manifest.json")):
        for image in json.loads(manifest.read_text(encoding="utf-8"))["images"]:
            found.append((manifest.parent / image["file"], int(image["step"])))
    return found


def test_luminance_and_contrast_follow_wcag() -> None:
    assert contrast(luminance((255, 255, 255)), luminance((0, 0, 0))) == pytest.approx(21)
    assert contrast(luminance((118, 118, 118)), luminance((255, 255, 255))) == pytest.approx(4.54, abs=0.01)
    assert contrast(luminance(HIGHLIGHT_RGB), luminance((255, 255, 255))) == pytest.approx(4.70, abs=0.01)


@pytest.mark.slow
def test_every_published_highlight_has_three_to_one_against_its_surroundings() -> None:
    images = published_images()
    steps = [path for path, step in images if step > 0]
    assert len(steps) >= 100, "the committed demo screenshots are missing"
    measured: dict[str, float] = {}
    for path, step in images:
        with Image.open(path) as image:
            ratio = highlight_contrast(image)
        name = str(path.relative_to(REPO))
        if step == 0:
            assert ratio is None, f"{name}: the result image holds the highlight colour"
        elif ratio is not None:
            measured[name] = ratio
    # A step may be shot without a highlight (`highlight: false`), but hardly any are.
    assert len(measured) >= 0.9 * len(steps), f"highlight found in {len(measured)} of {len(steps)} step images"
    low = sorted((ratio, name) for name, ratio in measured.items() if ratio < MINIMUM)
    worst = sorted((ratio, name) for name, ratio in measured.items())[:5]
    print("lowest:", ", ".join(f"{name} {ratio:.2f}:1" for ratio, name in worst))
    assert not low, "highlight below 3:1 against the pixels around it:\n" + "\n".join(
        f"  {name}: {ratio:.2f}:1" for ratio, name in low)


_PAGE = """<!doctype html><html><body style="margin:0;background:{background};font:16px sans-serif">
<div style="padding:120px 200px"><button style="font:inherit;padding:8px 16px">Save</button></div>
</body></html>"""


@pytest.mark.browser
@pytest.mark.parametrize(("background", "passes"), [("#ffffff", True), ("#0f172a", True), ("#b02a4a", False)])
def test_the_measure_tells_a_visible_highlight_from_a_lost_one(
        chromium: Any, background: str, passes: bool) -> None:
    """The highlight drawn by capture itself, in Chromium, on a light, a dark and a same-hue page."""
    from builder.capture.annotate import reveal_and_draw

    page = chromium.new_page(viewport={"width": 600, "height": 320})
    try:
        page.set_content(_PAGE.format(background=background))
        seen = reveal_and_draw(page, page.get_by_role("button", name="Save"), 1, "Click here", strict=False)
        assert seen.get("ok")
        shot = page.screenshot()
    finally:
        page.close()
    ratio = highlight_contrast(Image.open(BytesIO(shot)))
    assert ratio is not None
    assert (ratio >= MINIMUM) is passes, f"{background}: {ratio:.2f}:1"
    # Where the page says the drawing ends, as capture passes it: the drawing does end there, and the measure
    # on the rows above it is the same.
    rows = math.ceil(seen["drawn"])
    assert _drawing_bottom(Image.open(BytesIO(shot))) <= rows < 320
    assert measure(shot, HIGHLIGHT_RGB, rows) == ratio


def _drawing_bottom(image: Image.Image) -> int:
    """The row below the last pixel of the highlight colour."""
    lut = [255 if value == want else 0 for want in HIGHLIGHT_RGB for value in range(256)]
    bbox = image.convert("RGB").point(lut).convert("L").point([255 if v == 255 else 0 for v in range(256)]).getbbox()
    assert bbox is not None
    return int(bbox[3])


def test_the_measure_on_the_rows_above_the_drawing_is_the_measure_on_the_whole_image() -> None:
    """``rows`` (where the page drew the highlight) decodes and searches only the top of the PNG; a ``rows``
    above the drawing's end, or a PNG with no drawing, is measured on the whole image, to the same result."""
    images = published_images()
    highlighted = [path for path, step in images if step > 0][::20]
    assert len(highlighted) >= 8, "the committed demo screenshots are missing"
    for path in highlighted:
        png = path.read_bytes()
        whole = measure(png, HIGHLIGHT_RGB)
        bottom = _drawing_bottom(Image.open(BytesIO(png)))
        for rows in (bottom, bottom + 40, bottom // 2, 1):
            assert measure(png, HIGHLIGHT_RGB, rows) == whole, f"{path.name}, rows={rows}"
    result = next(path for path, step in images if step == 0)
    assert measure(result.read_bytes(), HIGHLIGHT_RGB, 200) is None
