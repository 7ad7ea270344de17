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
import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageFilter

from builder.capture.annotate import HIGHLIGHT_RGB

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "screenshots"
MINIMUM = 3.0
#: the white halo around the box (3 px) and the badge (2 px), plus anti-aliasing
HALO = 5
#: how wide the ring of surrounding pixels is, beyond the halo
RING = 4


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    """WCAG 2 contrast ratio of two luminances (1 to 21)."""
    low, high = sorted((a, b))
    return (high + 0.05) / (low + 0.05)


def _dilate(mask: Image.Image, pixels: int) -> Image.Image:
    for _ in range(pixels):
        mask = mask.filter(ImageFilter.MaxFilter(3))
    return mask


def _outside(walls: Image.Image) -> Image.Image:
    """What a flood fill from the edges reaches without crossing a wall (non-zero) pixel.

    Filled run by run (the spans of each row between walls), not pixel by pixel: a
    screenshot has a few runs a row, so it takes milliseconds in plain Python."""
    width, height = walls.size
    data = walls.tobytes()
    runs = [[m.span() for m in re.finditer(rb"\x00+", data[y * width:(y + 1) * width])]
            for y in range(height)]
    todo = [(y, i) for y, row in enumerate(runs) for i, (a, b) in enumerate(row)
            if y in (0, height - 1) or a == 0 or b == width]
    reached: set[tuple[int, int]] = set()
    while todo:
        y, i = todo.pop()
        if (y, i) in reached:
            continue
        reached.add((y, i))
        a, b = runs[y][i]
        for other in (y - 1, y + 1):
            if 0 <= other < height:
                todo.extend((other, j) for j, (c, d) in enumerate(runs[other]) if c < b and a < d)
    out = bytearray(width * height)
    for y, i in reached:
        a, b = runs[y][i]
        out[y * width + a:y * width + b] = b"\xff" * (b - a)
    return Image.frombytes("L", walls.size, bytes(out))


def surroundings(image: Image.Image) -> dict[tuple[int, int, int], int] | None:
    """The colours (with their pixel counts) of the ring around the highlight; None without one."""
    rgb = image.convert("RGB")
    channels = [band.point(lambda v, want=want: 255 if v == want else 0)
                for band, want in zip(rgb.split(), HIGHLIGHT_RGB, strict=True)]
    drawn = ImageChops.multiply(ImageChops.multiply(channels[0], channels[1]), channels[2])
    bbox = drawn.getbbox()
    if bbox is None:
        return None
    # Work on the drawing's neighbourhood only: dilation and flood fill cost per pixel.
    pad = HALO + RING + 2
    area = (max(0, bbox[0] - pad), max(0, bbox[1] - pad),
            min(rgb.width, bbox[2] + pad), min(rgb.height, bbox[3] + pad))
    rgb, drawn = rgb.crop(area), drawn.crop(area)
    # Outside the drawing: reached from the edges without crossing it (grown by a pixel, so the
    # anti-aliased corners of the box leave no gap to leak inside through).
    outside = _outside(_dilate(drawn, 1))
    near = _dilate(drawn, HALO)
    ring = ImageChops.multiply(ImageChops.subtract(_dilate(near, RING), near), outside)
    # Every pixel outside the ring becomes the highlight colour, which the ring cannot hold.
    kept = Image.composite(rgb, Image.new("RGB", rgb.size, HIGHLIGHT_RGB), ring)
    colours = kept.getcolors(rgb.width * rgb.height) or []
    return {(colour[0], colour[1], colour[2]): count for count, colour in colours  # type: ignore[index]
            if colour != HIGHLIGHT_RGB}


def highlight_contrast(image: Image.Image) -> float | None:
    """Contrast between the highlight colour and the median luminance of the ring around it."""
    ring = surroundings(image)
    if not ring:
        return None
    levels = sorted((luminance(colour), count) for colour, count in ring.items())
    half, seen = sum(ring.values()) / 2, 0
    for level, count in levels:
        seen += count
        if seen >= half:
            return contrast(luminance(HIGHLIGHT_RGB), level)
    raise AssertionError("unreachable")


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
    from builder.capture.annotate import draw_highlight

    page = chromium.new_page(viewport={"width": 600, "height": 320})
    try:
        page.set_content(_PAGE.format(background=background))
        assert draw_highlight(page, page.get_by_role("button", name="Save"), 1, "Click here") is not None
        shot = page.screenshot()
    finally:
        page.close()
    ratio = highlight_contrast(Image.open(BytesIO(shot)))
    assert ratio is not None
    assert (ratio >= MINIMUM) is passes, f"{background}: {ratio:.2f}:1"
