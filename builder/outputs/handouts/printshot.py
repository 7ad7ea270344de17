"""How much of a screenshot paper needs, at the same scale as the screen.

A capture is the whole viewport. Printed whole at full width, every step took half a page or
more, and most of a page of steps was empty. Paper keeps the image's scale (the same legibility)
and shows less of it:

* never the empty rows at its bottom (the page ended above the viewport's edge);
* for a step after the first of a how-to, the band around its highlighted target: the target,
  its badge and callout, and :data:`CONTEXT` pixels above and below, at least :data:`MIN_BAND`
  tall. The first step and the result stay whole, so the reader sees where on the page they are.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: rows kept below the last content row
MARGIN = 24
#: the callout drawn under a target reaches this far below its box
CALLOUT_ROOM = 64
#: rows of context kept above and below a target's band
CONTEXT = 100
#: the least height of a band, in pixels
MIN_BAND = 280
#: a pixel this close to the bottom row's colour (per channel) is empty
TOLERANCE = 6

Box = tuple[int, int, int, int]


def printed_region(path: Path, box: Box | None, *, whole: bool) -> tuple[int, int, int]:
    """(width, top, bottom) in pixels of the part of ``path`` a page shows."""
    stat = path.stat()
    width, height, content = _content_bottom(str(path), stat.st_mtime_ns, stat.st_size)
    bottom = max(content + MARGIN, height // 3)
    if box is not None:
        bottom = max(bottom, box[1] + box[3] + CALLOUT_ROOM)
    bottom = min(height, bottom)
    if whole or box is None or box[3] <= 0:
        return width, 0, bottom
    top = max(0, box[1] - CONTEXT)
    low = min(bottom, box[1] + box[3] + CALLOUT_ROOM + CONTEXT)
    if low - top < MIN_BAND:  # widen a thin band evenly, inside the image
        grow = MIN_BAND - (low - top)
        top = max(0, top - grow // 2)
        low = min(bottom, top + MIN_BAND)
        top = max(0, low - MIN_BAND)
    return width, top, low


@lru_cache(maxsize=4096)
def _content_bottom(path: str, _mtime: int, _size: int) -> tuple[int, int, int]:
    """(width, height, last row that differs from the bottom row + 1) of an image."""
    from PIL import Image, ImageChops

    with Image.open(path) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    # Empty rows repeat the last one (a sidebar, a border and the page's background included).
    last_row = rgb.crop((0, height - 1, width, height)).resize((width, height), Image.Resampling.NEAREST)
    difference = ImageChops.difference(rgb, last_row).convert("L")
    content = difference.point(lambda v: 255 if v > TOLERANCE else 0).getbbox()
    return width, height, content[3] if content else 0
