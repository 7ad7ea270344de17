"""Screenshots as the site publishes them: smaller files, and a phone crop around the target.

The committed PNGs stay the source of truth (Chromium's own bytes, compared pixel for pixel
by capture). The site publishes each one in the smaller of two encodings:

* lossless WebP, which decodes to exactly the same pixels;
* a palette PNG (256 colours, no dithering), kept only when it is visually identical to the
  original: no channel of any pixel moves by more than :data:`MAX_CHANNEL_DELTA`, and the mean
  move stays under :data:`MAX_MEAN_DELTA`. Screenshots of a web UI are mostly flat colours and
  anti-aliased text, which a palette holds well; a photo or a gradient fails the test and
  stays WebP.

For narrow screens it adds a crop around the step's target (the box capture recorded), wide
enough to keep the highlight, its numbered badge and some context, served through
``<picture>`` so a phone reads the control instead of a thumbnail of the whole page.

Encoding costs about a tenth of a second per image (it releases the GIL: the build encodes on
one thread per core), so results are cached by the source's content (and the box) under
``_build/images/``: a rebuild re-encodes only what changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic
from builder.outputs.site.inputs import file_status

#: bump when the encoding or the crop changes, so cached results are made again
VERSION = 2
#: lossless WebP's effort (Pillow's ``quality`` when lossless): 75 makes files about 4% larger than 100
#: does, for a quarter of its time (screenshots of this project's demo: 29.0 KB against 27.9 KB)
WEBP_EFFORT = 75
#: a palette PNG counts as visually identical when no channel of any pixel moves further…
MAX_CHANNEL_DELTA = 24
#: …and the mean move over every channel of every pixel stays under this
MAX_MEAN_DELTA = 0.35
#: the phone crop's width in image pixels (shown about 390 CSS px wide: text stays readable)
PHONE_WIDTH = 640
#: context kept around the target's box, so the badge (drawn at its corner) stays in
PHONE_MARGIN = 56
#: a crop is worth serving only when it is clearly narrower than the whole image
PHONE_MAX_SHARE = 0.75
#: screens up to this width (CSS px) get the phone crop: the whole 1280 px image would show there
#: at about half its size or less, too small to read its text
PHONE_SCREEN_MAX = 720

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PublishedImage:
    """One screenshot as published: its file name, size and, when useful, its phone crop."""

    name: str
    width: int
    height: int
    phone: str | None = None
    phone_width: int = 0
    phone_height: int = 0


def _encode(image: object) -> tuple[str, bytes]:
    """The smaller of lossless WebP and a visually identical palette PNG: (suffix, bytes)."""
    from PIL import Image, ImageChops

    assert isinstance(image, Image.Image)
    rgb = image.convert("RGB")
    webp = io.BytesIO()
    rgb.save(webp, "WEBP", lossless=True, quality=WEBP_EFFORT, method=4)
    best = (".webp", webp.getvalue())
    palette = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    if _visually_identical(rgb, palette.convert("RGB"), ImageChops):
        png = io.BytesIO()
        palette.save(png, "PNG", optimize=True)
        if len(png.getvalue()) < len(best[1]):
            best = (".png", png.getvalue())
    return best


def _visually_identical(original: object, reduced: object, chops: object) -> bool:
    difference = chops.difference(original, reduced)  # type: ignore[attr-defined]
    _low, high = zip(*difference.getextrema(), strict=True)
    if max(high) > MAX_CHANNEL_DELTA:
        return False
    histogram = difference.histogram()  # 3 × 256 counts
    total = sum(histogram)
    mean = sum((i % 256) * count for i, count in enumerate(histogram)) / max(total, 1)
    return mean <= MAX_MEAN_DELTA


def phone_crop(width: int, height: int, box: Box | None) -> tuple[int, int, int, int] | None:
    """The region (left, top, right, bottom) a phone shows, or None when the whole image will do."""
    if box is None or width <= PHONE_WIDTH:
        return None
    x, y, w, h = box
    if w <= 0 or h <= 0 or x + w <= 0 or y + h <= 0 or x >= width or y >= height:
        return None
    crop_w = max(PHONE_WIDTH, int(w) + 2 * PHONE_MARGIN)
    if crop_w > width * PHONE_MAX_SHARE:
        return None
    crop_h = min(height, max(int(crop_w * 0.75), int(h) + 2 * PHONE_MARGIN))
    left = int(min(max(x + w / 2 - crop_w / 2, 0), width - crop_w))
    top = int(min(max(y - PHONE_MARGIN, 0), max(height - crop_h, 0)))
    return left, top, left + crop_w, min(top + crop_h, height)


def publish_image(source: Path, out_dir: Path, stem: str, box: Box | None, cache: Path,
                  written: list[Path] | None = None, *, data: bytes | None = None,
                  key: str | None = None) -> PublishedImage:
    """Write ``stem`` + its best suffix (and ``stem.phone`` + suffix) into ``out_dir``; returns them.

    A file already holding the same bytes is left alone (its time too, for incremental builds);
    the files written are added to ``written`` when given. ``data`` is ``source``'s bytes, when
    the caller read them already, and ``key`` their :func:`cache_key`.
    """
    data = source.read_bytes() if data is None else data
    key = key or cache_key(data, box)
    entry = cache / key[:2] / key
    meta_path = entry.with_suffix(".json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        files = {name: (entry.parent / f"{key}{name}").read_bytes() for name in meta.pop("files")}
        os.utime(meta_path)  # used by this build: :func:`prune_cache` keeps it
    except (OSError, ValueError, KeyError, TypeError):
        meta, files = _make(data, box)
        for name, blob in files.items():
            write_bytes_atomic(entry.parent / f"{key}{name}", blob)
        write_bytes_atomic(meta_path, json.dumps({**meta, "files": list(files)}).encode())
    out_dir.mkdir(parents=True, exist_ok=True)
    published = PublishedImage(**{**meta, "name": stem + meta["name"],
                                   "phone": stem + meta["phone"] if meta.get("phone") else None})
    for name, blob in files.items():
        target = out_dir / (stem + name)
        if not target.is_file() or target.stat().st_size != len(blob) or target.read_bytes() != blob:
            write_bytes_atomic(target, blob)
            os.chmod(target, 0o644)
            if written is not None:
                written.append(target)
    return published


def content_digest(data: bytes) -> str:
    """A screenshot's digest as pages name it (it changes the image's address when its bytes change)."""
    return hashlib.sha256(data).hexdigest()[:16]


def cache_key(data: bytes, box: Box | None) -> str:
    """The cache entry of a screenshot's bytes published with ``box``."""
    return hashlib.sha256(json.dumps([VERSION, box]).encode() + data).hexdigest()


def file_state(path: Path) -> list[int]:
    """A file's :func:`~builder.outputs.site.inputs.file_status`."""
    return file_status(path.stat())


def _as_json(box: Box | None) -> list[float] | None:
    """A box as the record keeps it (JSON has no tuples)."""
    return list(box) if box else None


class StagedImages:
    """What one language's last build published for each screenshot, by the screenshot's file state.

    A rebuild then skips reading, hashing and comparing a screenshot whose file, box and published
    files are all as the record has them: ~0.5 ms saved per image, most of a one-scenario edit on a
    large library. Anything else (a file rewritten, even with the same bytes; a published file
    touched; a cache entry pruned; a new :data:`VERSION`) takes the full path, which reads and checks
    everything.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            self._old: dict[str, dict[str, Any]] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self._old = {}
        self._new: dict[str, dict[str, Any]] = {}

    def publish(self, name: str, source: Path, box: Box | None, out_dir: Path, cache: Path,
                written: list[Path] | None = None) -> tuple[str, PublishedImage]:
        """:func:`publish_image` (``name`` is the screenshot's key in the record), unless the record shows
        nothing changed; returns the digest of the source's bytes, and what was published."""
        known = self.reuse(name, source, box, out_dir, cache)
        if known is not None:
            return known
        state = file_state(source)  # before reading: a write meanwhile makes the next build look again
        data = source.read_bytes()
        digest, key = content_digest(data), cache_key(data, box)
        published = publish_image(source, out_dir, source.stem, box, cache, written, data=data, key=key)
        self.remember(name, box, out_dir, digest, key, published, state)
        return digest, published

    def reuse(self, name: str, source: Path, box: Box | None, out_dir: Path,
              cache: Path) -> tuple[str, PublishedImage] | None:
        """The digest and published image recorded for ``source`` if nothing about it changed, else None."""
        entry = self._old.get(name)
        out = os.fspath(out_dir)  # strings: thousands of images, and path objects cost most of the check
        try:
            if (entry is None or entry.get("version") != VERSION or entry["stat"] != file_status(os.stat(source))
                    or entry["box"] != _as_json(box)
                    or any(file_status(os.stat(os.path.join(out, file)))[:2] != state
                           for file, state in entry["files"].items())):
                return None
            key = str(entry["key"])
            os.utime(os.path.join(cache, key[:2], f"{key}.json"))  # used by this build: :func:`prune_cache` keeps it
            published = PublishedImage(**entry["published"])
        except (OSError, KeyError, TypeError, AttributeError):
            return None
        self._new[name] = entry
        return str(entry["digest"]), published

    def by_scenario(self) -> dict[str, list[str]]:
        """The screenshots the last build recorded (``<scenario>/<file>``), by scenario."""
        found: dict[str, list[str]] = {}
        for name in self._old:
            scenario, _, _file = name.partition("/")
            found.setdefault(scenario, []).append(name)
        return found

    def trust(self, names: list[str], out_dir: Path, cache: Path) -> dict[str, tuple[str, PublishedImage]] | None:
        """The digest and published image of each of ``names`` as recorded (``{file: …}``), when the caller
        knows their screenshots and boxes unchanged; None when a record or a published file is missing."""
        try:
            with os.scandir(out_dir) as entries:
                there = {entry.name for entry in entries}
            found = {}
            for name in names:
                entry = self._old[name]
                published = PublishedImage(**entry["published"])
                if entry.get("version") != VERSION or any(
                        file and file not in there for file in (published.name, published.phone)):
                    return None
                found[name] = (str(entry["digest"]), published, str(entry["key"]))
            for name, (_digest, _published, key) in found.items():
                os.utime(os.path.join(cache, key[:2], f"{key}.json"))  # used by this build: kept by the prune
                self._new[name] = self._old[name]
        except (OSError, KeyError, TypeError, AttributeError):
            return None
        return {name.partition("/")[2]: (digest, published) for name, (digest, published, _key) in found.items()}

    def remember(self, name: str, box: Box | None, out_dir: Path, digest: str, key: str,
                 published: PublishedImage, state: list[int]) -> None:
        """Record a screenshot as published; ``state`` is its :func:`file_state` from before it was read."""
        files = {file: file_state(out_dir / file)[:2] for file in (published.name, published.phone) if file}
        self._new[name] = {"version": VERSION, "stat": state, "box": _as_json(box), "digest": digest, "key": key,
                           "published": asdict(published), "files": files}

    def save(self) -> None:
        if self._new != self._old:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.path, json.dumps(self._new, sort_keys=True).encode())


def prune_cache(cache: Path, since: float) -> int:
    """Remove the cached images no build used since ``since`` (a time); returns how many went.

    Every build publishes every language's images, touching the entries it uses: what is
    left untouched belongs to screenshots or boxes that no longer exist.
    """
    removed = 0
    for meta_path in cache.glob("*/*.json"):
        try:
            if meta_path.stat().st_mtime >= since:
                continue
            for blob in meta_path.parent.glob(meta_path.stem + "*"):
                blob.unlink(missing_ok=True)
            removed += 1
        except OSError:
            continue  # another build's entry, replaced meanwhile: left for the next prune
    return removed


def _make(data: bytes, box: Box | None) -> tuple[dict[str, object], dict[str, bytes]]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        suffix, blob = _encode(image)
        files = {suffix: blob}
        meta = asdict(PublishedImage(name=suffix, width=image.width, height=image.height))
        region = phone_crop(image.width, image.height, box)
        if region is not None:
            crop = image.crop(region)
            phone_suffix, phone_blob = _encode(crop)
            files[".phone" + phone_suffix] = phone_blob
            meta.update(phone=".phone" + phone_suffix, phone_width=crop.width, phone_height=crop.height)
    return meta, files
