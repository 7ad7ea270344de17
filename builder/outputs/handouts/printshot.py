"""How much of a screenshot paper needs, at the same scale as the screen.

A capture is the whole viewport. Printed whole at full width, every step took half a page or
more, and most of a page of steps was empty. Paper keeps the image's scale (the same legibility)
and shows less of it:

* never the empty rows at its bottom (the page ended above the viewport's edge), nor, on a step
  without a target on its image (a crop), the empty columns at its right;
* for a step with a target on its image, the band around it: the target, its badge and callout
  (:data:`CALLOUT_ROOM`), and :data:`CONTEXT` pixels above and below, at least :data:`MIN_BAND` tall; and across, a
  window :data:`SIDE` pixels wide around it when the target with its badge (and callout) fits in
  one, so the step's words print beside the image instead of above it;
* for a result, the top of the page the how-to ends on (its message, heading and first content),
  at most :data:`RESULT_ROWS` rows.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

#: rows (and a crop's columns) kept after the last content row
MARGIN = 24
#: a callout drawn under (or over) a target reaches this far from its box
CALLOUT_ROOM = 64
#: rows of context kept above and below a target (its badge, at a corner, included)
CONTEXT = 80
#: the least height of a band, in pixels
MIN_BAND = 240
#: columns kept either side of a target: its badge and some of what surrounds it
CONTEXT_X = 120
#: a callout prints beside its target, right or left, this far from its box at most
CALLOUT_SIDE = 300
#: the widest window printed beside the step's words; a wider image prints under them
SIDE = 900
#: the most rows a result prints
RESULT_ROWS = 420
#: a pixel this close to the bottom row's colour (per channel) is empty
TOLERANCE = 6

Box = tuple[int, int, int, int]


class Region(NamedTuple):
    """The part of an image a page prints, in the image's pixels."""

    width: int  #: the whole image's width
    left: int
    top: int
    right: int
    bottom: int

    @property
    def narrow(self) -> bool:
        """Printed beside the step's words (at most :data:`SIDE` columns wide)."""
        return 0 < self.right - self.left <= SIDE


NONE = Region(0, 0, 0, 0, 0)


def printed_region(path: Path, box: Box | None, *, result: bool = False, callout: bool = False) -> Region:
    """The part of ``path`` a page shows: a step's (around ``box``, when its image has one) or a result's."""
    stat = path.stat()
    width, height, content, content_right = _content_edges(str(path), stat.st_mtime_ns, stat.st_size)
    bottom = max(content + MARGIN, height // 3)
    room = CALLOUT_ROOM if callout else 0
    if box is not None:
        bottom = max(bottom, box[1] + box[3] + room)
    bottom = min(height, bottom)
    if result:
        return Region(width, 0, 0, width, min(bottom, RESULT_ROWS))
    if box is None or box[3] <= 0:
        # A crop (or a shot without a target): whole, less its empty right columns.
        right = min(width, max(content_right + MARGIN, width // 3))
        return Region(width, 0, 0, right, bottom)
    top = max(0, box[1] - room - CONTEXT)
    low = min(bottom, box[1] + box[3] + room + CONTEXT)
    if low - top < MIN_BAND:  # widen a thin band evenly, inside the image
        grow = MIN_BAND - (low - top)
        top = max(0, top - grow // 2)
        low = min(bottom, top + MIN_BAND)
        top = max(0, low - MIN_BAND)
    left, right = _window(width, box, CALLOUT_SIDE if callout else CONTEXT_X)
    return Region(width, left, top, right, low)


def _window(width: int, box: Box, reach: int) -> tuple[int, int]:
    """The columns printed around ``box``: :data:`SIDE` wide when its reach fits, else all."""
    if width <= SIDE:
        return 0, width
    want_left, want_right = max(0, box[0] - reach), min(width, box[0] + box[2] + reach)
    if want_right - want_left > SIDE:
        return 0, width
    left = min(max(0, (want_left + want_right - SIDE) // 2), width - SIDE)
    return left, left + SIDE


@lru_cache(maxsize=4096)
def _content_edges(path: str, _mtime: int, _size: int) -> tuple[int, int, int, int]:
    """(width, height, last row, last column that differ from the bottom row, resp. right column, + 1)."""
    from PIL import Image, ImageChops

    with Image.open(path) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    # Empty rows repeat the last one (a sidebar, a border and the page's background included).
    last_row = rgb.crop((0, height - 1, width, height)).resize((width, height), Image.Resampling.NEAREST)
    rows = _bbox(ImageChops.difference(rgb, last_row))
    # Empty columns repeat the last one (on a crop: the page's background right of a form).
    last_column = rgb.crop((width - 1, 0, width, height)).resize((width, height), Image.Resampling.NEAREST)
    columns = _bbox(ImageChops.difference(rgb, last_column))
    return width, height, rows[3] if rows else 0, columns[2] if columns else 0


def _bbox(difference: PILImage) -> tuple[int, int, int, int] | None:
    return difference.convert("L").point(lambda v: 255 if v > TOLERANCE else 0).getbbox()
