"""How well the highlight stands out from the screenshot around it (WCAG non-text contrast, 3:1).

Capture draws the highlight into the page (:mod:`builder.capture.annotate`): a box in the
highlight colour with a white halo, a numbered badge and sometimes a callout. In the PNG,
the pixels of that exact colour are found, the drawing's halo is skipped, and a ring of
pixels just outside it is what the reader sees around the highlight. The WCAG contrast
ratio between the highlight colour and the median luminance of that ring says whether the
highlight can be told from the page. Pixels enclosed by the drawing (the framed element,
the badge's number, the callout's words) are not around it and are left out.
"""

from __future__ import annotations

import re
import zlib
from io import BytesIO

from PIL import Image, ImageChops

#: WCAG 2.1 (1.4.11, non-text contrast): what a reader needs to tell a graphic from its background
MINIMUM = 3.0
#: the white halo around the box (3 px) and the badge (2 px), plus anti-aliasing
HALO = 5
#: how wide the ring of surrounding pixels is, beyond the halo
RING = 4

Rgb = tuple[int, int, int]


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: Rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: float, b: float) -> float:
    """WCAG 2 contrast ratio of two luminances (1 to 21)."""
    low, high = sorted((a, b))
    return (high + 0.05) / (low + 0.05)


def _dilate(mask: Image.Image, pixels: int) -> Image.Image:
    """``mask`` grown by ``pixels`` in every direction (a square), as ``pixels`` 3×3 maximum filters would.

    Done as the maximum of shifted copies, one axis after the other: a few cheap operations
    on the whole image instead of a rank filter per pixel and per pass."""
    if pixels <= 0:
        return mask
    width, height = mask.size
    grown = Image.new("L", (width + 2 * pixels, height + 2 * pixels))
    grown.paste(mask, (pixels, pixels))  # shifts wrap around: the border of zeros keeps them out
    for dx, dy in ((1, 0), (0, 1)):
        line = grown
        for step in range(1, pixels + 1):
            line = ImageChops.lighter(line, ImageChops.offset(grown, step * dx, step * dy))
            line = ImageChops.lighter(line, ImageChops.offset(grown, -step * dx, -step * dy))
        grown = line
    return grown.crop((pixels, pixels, pixels + width, pixels + height))


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


_ALL_THREE = [255 if value == 255 else 0 for value in range(256)]


#: how far beyond the drawing the measure looks (the halo, the ring, and a pixel each side of it)
PAD = HALO + RING + 2


def drawn_mask(image: Image.Image, rgb: Rgb) -> Image.Image:
    """An ``L`` image of an RGB ``image``: 255 where a pixel is exactly the highlight colour ``rgb``, else 0."""
    # Each channel 255 where it is the highlight's, else 0: a pixel is 255 in grey only when all three are.
    lut = [255 if value == want else 0 for want in rgb for value in range(256)]
    return image.point(lut).convert("L").point(_ALL_THREE)


class _Unfinished(Exception):
    """The top of a screenshot holds no drawing, or one that may go on below it: measure on the whole image."""


def surroundings(image: Image.Image, rgb: Rgb, *, top: bool = False) -> dict[Rgb, int] | None:
    """The colours (with their pixel counts) of the ring around the highlight; None without one.

    ``top``: ``image`` is only the top of the screenshot (:func:`highlight_contrast`'s ``rows``), and
    raises :class:`_Unfinished` unless it holds a drawing ending above its last :data:`PAD` rows."""
    image = image.convert("RGB")
    drawn = drawn_mask(image, rgb)
    bbox = drawn.getbbox()
    if top and (bbox is None or bbox[3] + PAD > image.height):
        raise _Unfinished
    if bbox is None:
        return None
    # Work on the drawing's neighbourhood only: dilation and flood fill cost per pixel.
    pad = PAD
    area = (max(0, bbox[0] - pad), max(0, bbox[1] - pad),
            min(image.width, bbox[2] + pad), min(image.height, bbox[3] + pad))
    image, drawn = image.crop(area), drawn.crop(area)
    # Outside the drawing: reached from the edges without crossing it (grown by a pixel, so the
    # anti-aliased corners of the box leave no gap to leak inside through).
    outside = _outside(_dilate(drawn, 1))
    near = _dilate(drawn, HALO)
    ring = ImageChops.multiply(ImageChops.subtract(_dilate(near, RING), near), outside)
    # Every pixel outside the ring becomes the highlight colour, which the ring cannot hold.
    kept = Image.composite(image, Image.new("RGB", image.size, rgb), ring)
    colours = kept.getcolors(image.width * image.height) or []
    return {(colour[0], colour[1], colour[2]): count for count, colour in colours  # type: ignore[index]
            if colour != rgb}


def highlight_contrast(image: Image.Image | bytes, rgb: Rgb, rows: int | None = None) -> float | None:
    """Contrast between the highlight colour and the median luminance of the ring around it.

    None when the image holds no highlight (or nothing around it). ``rows`` (for a PNG) says where the
    drawing ends, as the page measured it: only the rows above, and the ring's below it, are decoded
    and searched. When those hold no drawing, or one that reaches their last rows, the whole image is.
    """
    ring = None
    if isinstance(image, bytes):
        top = _top_rows(image, rows + PAD + 1) if rows is not None else None
        try:
            ring = surroundings(Image.open(BytesIO(top)), rgb, top=True) if top is not None else None
        except _Unfinished:
            top = None
        if top is None:
            ring = surroundings(Image.open(BytesIO(image)), rgb)
    else:
        ring = surroundings(image, rgb)
    if not ring:
        return None
    levels = sorted((luminance(colour), count) for colour, count in ring.items())
    half, seen = sum(ring.values()) / 2, 0
    for level, count in levels:
        seen += count
        if seen >= half:
            return contrast(luminance(rgb), level)
    return None


def _top_rows(png: bytes, rows: int) -> bytes | None:
    """The PNG's first ``rows`` rows, as a PNG that says it has only those (its decoder then stops there: the
    rows are the same); None when that is not fewer rows, the PNG is interlaced, or it does not start as a PNG does."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[8:16] != b"\x00\x00\x00\rIHDR" or rows < 1:
        return None
    header = bytearray(png[16:29])
    if rows >= int.from_bytes(header[4:8], "big") or header[12] != 0:  # interlaced rows come in passes
        return None
    header[4:8] = rows.to_bytes(4, "big")
    return png[:16] + bytes(header) + zlib.crc32(b"IHDR" + header).to_bytes(4, "big") + png[33:]


def parse_colour(text: str) -> Rgb:
    """``#rrggbb`` (or ``#rgb``) to an RGB triple."""
    digits = text.strip().removeprefix("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
