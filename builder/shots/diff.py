"""Compare a new screenshot with the approved one: how much changed, and where.

Pure Pillow (``ImageChops``), no NumPy. A pixel counts as changed when one of its
colour channels moved by more than ``pixel_threshold`` (0–1 of the channel's range):
the anti-aliasing noise of a re-rendered edge stays below it, a real change does not
(pixelmatch and Playwright's ``toHaveScreenshot`` use the same idea, on a colour
distance). Images of different sizes are compared on a common canvas: what only one
of them covers counts as changed.

Changed regions are found on a grid of ``CELL`` px: cells holding a changed pixel are
grouped with their neighbours (regions closer than ``GAP`` px merge), and each group's
box is then tightened to its changed pixels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image as ImageModule

#: the default per-channel threshold (0–1): about 25 of 255
PIXEL_THRESHOLD = 0.1
CELL = 8
GAP = 16
#: more regions than this are reported as the first ones plus a count
MAX_BOXES = 40

Box = tuple[int, int, int, int]  # x, y, width, height, in image pixels


@dataclass
class ImageDiff:
    """What differs between two screenshots."""

    #: the common canvas (the larger of the two sizes)
    width: int
    height: int
    changed: int
    boxes: list[Box] = field(default_factory=list)
    #: regions found beyond ``MAX_BOXES``
    more_boxes: int = 0
    old_size: tuple[int, int] | None = None

    @property
    def total(self) -> int:
        return self.width * self.height

    @property
    def ratio(self) -> float:
        """Changed pixels over the pixels of the common canvas, 0–1."""
        return self.changed / self.total if self.total else 0.0

    @property
    def size_changed(self) -> bool:
        """``old_size`` is only set when the two sizes differ."""
        return self.old_size is not None

    def as_json(self) -> dict[str, object]:
        return {"ratio": round(self.ratio, 6), "changed_pixels": self.changed,
                "width": self.width, "height": self.height,
                "old_size": list(self.old_size) if self.old_size else None,
                "boxes": [list(b) for b in self.boxes], "more_boxes": self.more_boxes}


def _open(data: bytes) -> ImageModule.Image:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGB")


def _canvas(img: ImageModule.Image, size: tuple[int, int]) -> ImageModule.Image:
    from PIL import Image

    if img.size == size:
        return img
    canvas = Image.new("RGB", size, (0, 0, 0))
    canvas.paste(img, (0, 0))
    return canvas


def changed_mask(old: ImageModule.Image, new: ImageModule.Image,
                 pixel_threshold: float = PIXEL_THRESHOLD) -> ImageModule.Image:
    """An ``L`` image, 255 where the two images differ beyond the threshold, 0 elsewhere."""
    from PIL import Image, ImageChops

    size = (max(old.width, new.width), max(old.height, new.height))
    a, b = _canvas(old, size), _canvas(new, size)
    limit = max(0, min(255, int(pixel_threshold * 255)))
    lut = [0] * (limit + 1) + [255] * (255 - limit)
    bands = ImageChops.difference(a, b).point(lut * 3).split()
    mask = ImageChops.lighter(ImageChops.lighter(bands[0], bands[1]), bands[2])
    if old.size != new.size:
        # What only one image covers is changed: both canvases are black there.
        outside = Image.new("L", size, 255)
        outside.paste(0, (0, 0, min(old.width, new.width), min(old.height, new.height)))
        mask = ImageChops.lighter(mask, outside)
    return mask


def regions(mask: ImageModule.Image) -> list[Box]:
    """Boxes around the groups of changed pixels, largest first."""
    from PIL import Image

    width, height = mask.size
    cols, rows = -(-width // CELL), -(-height // CELL)
    padded = Image.new("L", (cols * CELL, rows * CELL), 0)
    padded.paste(mask, (0, 0))
    # One cell per CELL×CELL pixels, the mean of its pixels: one changed pixel (255/64) is still > 0.
    grid = padded.reduce(CELL)
    values = grid.tobytes()
    hot = {(i % cols, i // cols) for i, v in enumerate(values) if v}
    reach = max(1, GAP // CELL)
    boxes: list[Box] = []
    while hot:
        start = hot.pop()
        todo, x0, y0, x1, y1 = [start], start[0], start[1], start[0], start[1]
        while todo:
            cx, cy = todo.pop()
            x0, y0, x1, y1 = min(x0, cx), min(y0, cy), max(x1, cx), max(y1, cy)
            for dy in range(-reach, reach + 1):
                for dx in range(-reach, reach + 1):
                    cell = (cx + dx, cy + dy)
                    if cell in hot:
                        hot.remove(cell)
                        todo.append(cell)
        area = (x0 * CELL, y0 * CELL, min(width, (x1 + 1) * CELL), min(height, (y1 + 1) * CELL))
        tight = mask.crop(area).getbbox()
        if tight is not None:
            bx, by = area[0] + tight[0], area[1] + tight[1]
            boxes.append((bx, by, tight[2] - tight[0], tight[3] - tight[1]))
    boxes.sort(key=lambda b: (-b[2] * b[3], b[1], b[0]))
    return boxes


def compare_images(old: bytes, new: bytes, *, pixel_threshold: float = PIXEL_THRESHOLD) -> ImageDiff:
    """How ``new`` differs from ``old`` (both PNG bytes)."""
    a, b = _open(old), _open(new)
    mask = changed_mask(a, b, pixel_threshold)
    changed = mask.histogram()[255]
    width, height = mask.size
    found = regions(mask) if changed else []
    return ImageDiff(width=width, height=height, changed=changed, boxes=found[:MAX_BOXES],
                     more_boxes=max(0, len(found) - MAX_BOXES),
                     old_size=a.size if a.size != b.size else None)


def overlay_png(old: bytes, new: bytes, *, pixel_threshold: float = PIXEL_THRESHOLD) -> bytes:
    """The new image, faded to grey, with its changed pixels in red: the diff a reviewer sees."""
    from PIL import Image

    a, b = _open(old), _open(new)
    mask = changed_mask(a, b, pixel_threshold)
    base = _canvas(b, mask.size).convert("L").convert("RGB")
    faded = Image.blend(base, Image.new("RGB", mask.size, (255, 255, 255)), 0.65)
    red = Image.new("RGB", mask.size, (220, 38, 38))
    out = Image.composite(red, faded, mask)
    buf = io.BytesIO()
    out.save(buf, format="PNG", compress_level=6)
    return buf.getvalue()
