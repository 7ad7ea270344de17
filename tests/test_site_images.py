"""Published screenshots: the smaller encoding that shows the same pixels, and a phone crop."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from builder.outputs.site import images
from builder.outputs.site.images import MAX_CHANNEL_DELTA, PHONE_MARGIN, phone_crop, publish_image

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "screenshots" / "fr" / "annotate-wiki-page"


def _records(folder: Path) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text())["images"]


def _box(record: dict) -> tuple[float, float, float, float] | None:
    target = record.get("target") or {}
    return tuple(target["box"]) if target.get("box") else None  # type: ignore[return-value]


def test_a_published_screenshot_shows_the_committed_pixels(tmp_path: Path) -> None:
    for record in _records(SAMPLE):
        source = SAMPLE / record["file"]
        published = publish_image(source, tmp_path / "out", source.stem, _box(record), tmp_path / "cache")
        with Image.open(source) as original, Image.open(tmp_path / "out" / published.name) as shown:
            original_rgb, shown_rgb = original.convert("RGB"), shown.convert("RGB")
            assert shown.size == original.size == (published.width, published.height)
            extrema = ImageChops.difference(original_rgb, shown_rgb).getextrema()
            if published.name.endswith(".webp"):
                assert all(high == 0 for _low, high in extrema), "lossless WebP changed a pixel"
            else:
                assert all(high <= MAX_CHANNEL_DELTA for _low, high in extrema)
        assert (tmp_path / "out" / published.name).stat().st_size < source.stat().st_size


def test_a_photo_like_image_is_never_palette_reduced(tmp_path: Path) -> None:
    rng = random.Random(7)
    noise = Image.new("RGB", (300, 200))
    noise.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(300 * 200)])
    source = tmp_path / "noise.png"
    noise.save(source)
    published = publish_image(source, tmp_path / "out", "noise", None, tmp_path / "cache")
    assert published.name == "noise.webp"


def test_published_screenshots_average_under_40_kb(tmp_path: Path) -> None:
    folders = sorted(p.parent for p in (REPO / "screenshots" / "fr").glob("*/manifest.json"))[::6]
    sizes = []
    for folder in folders:
        for record in _records(folder)[:3]:
            published = publish_image(folder / record["file"], tmp_path / "out", f"{folder.name}-{record['file']}",
                                      _box(record), tmp_path / "cache")
            sizes.append((tmp_path / "out" / published.name).stat().st_size)
    assert len(sizes) >= 8
    assert sum(sizes) / len(sizes) <= 40 * 1024, sorted(sizes)


def test_the_phone_crop_holds_the_target_its_badge_and_context() -> None:
    region = phone_crop(1280, 800, (1103, 12, 157, 32))
    assert region is not None
    left, top, right, bottom = region
    assert left >= 0 and right <= 1280 and top >= 0 and bottom <= 800
    assert left <= 1103 - 0 and right >= 1103 + 157 and top <= 12 and bottom >= 12 + 32 + PHONE_MARGIN
    assert right - left == images.PHONE_WIDTH
    assert phone_crop(1280, 800, (32, 84, 1216, 47)) is None  # a full-width banner: the whole image will do
    assert phone_crop(1280, 800, None) is None
    assert phone_crop(1280, 800, (-1770, 10, 20, 20)) is None  # outside the image
    assert phone_crop(600, 800, (10, 10, 20, 20)) is None  # already narrow


def test_a_phone_crop_is_published_beside_the_image(tmp_path: Path) -> None:
    record = next(r for r in _records(SAMPLE) if r["file"] == "03.png")
    published = publish_image(SAMPLE / "03.png", tmp_path, "03", _box(record), tmp_path / "cache")
    assert published.phone is not None and published.phone.startswith("03.phone.")
    with Image.open(tmp_path / published.phone) as phone:
        assert phone.size == (published.phone_width, published.phone_height) == (640, 480)


def test_a_second_publish_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = SAMPLE / "01.png"
    first = publish_image(source, tmp_path / "a", "01", None, tmp_path / "cache")

    def no_encoding(*_args: object) -> None:
        raise AssertionError("encoded again")

    monkeypatch.setattr(images, "_make", no_encoding)
    again = publish_image(source, tmp_path / "b", "01", None, tmp_path / "cache")
    assert again == first
    assert (tmp_path / "a" / first.name).read_bytes() == (tmp_path / "b" / again.name).read_bytes()
    buffer = io.BytesIO((tmp_path / "b" / again.name).read_bytes())
    assert Image.open(buffer).size == (first.width, first.height)


def test_the_cache_keeps_what_builds_use_and_loses_the_rest(tmp_path: Path) -> None:
    import os
    import time

    from builder.outputs.site.images import prune_cache

    cache = tmp_path / "cache"
    kept, gone = (SAMPLE / "01.png"), (SAMPLE / "result.png")
    for source in (kept, gone):
        publish_image(source, tmp_path / "out", source.stem, None, cache)
    entries = sorted(cache.glob("*/*"))
    long_ago = time.time() - 3600
    for entry in entries:
        os.utime(entry, (long_ago, long_ago))
    since = time.time() - 2
    publish_image(kept, tmp_path / "again", kept.stem, None, cache)  # a build uses this one
    assert prune_cache(cache, since) == 1
    left = sorted(cache.glob("*/*"))
    assert left and len(left) < len(entries)
    blobs = {path: path.stat().st_mtime_ns for path in left if path.suffix != ".json"}
    publish_image(kept, tmp_path / "third", kept.stem, None, cache)
    assert sorted(cache.glob("*/*")) == left
    assert {path: path.stat().st_mtime_ns for path in blobs} == blobs, "made again instead of read from the cache"
    assert prune_cache(cache, since) == 0


@pytest.mark.parametrize("scale", [1, 2])
def test_a_picture_is_sized_in_css_pixels_whatever_the_device_scale(tmp_path: Path, scale: int) -> None:
    """A retina capture (device scale 2) shows at its page's size: the attributes are the image's over the scale."""
    import re

    from builder.content.init import init_project
    from builder.content.loading import load_project
    from builder.outputs.site.images import PublishedImage
    from builder.outputs.site.rendering import ShotIndex, render_site

    root = tmp_path / "project"
    init_project(root, languages=["en"])
    platform = root / "content" / "platform.yaml"
    text = re.sub(r"(?m)^device_scale_factor: .*$", f"device_scale_factor: {scale}", platform.read_text(encoding="utf-8"))
    platform.write_text(text, encoding="utf-8")
    project = load_project(root)
    assert project.problems == [] and project.platform is not None
    assert project.platform.device_scale_factor == scale
    scenario = next(iter(project.scenarios))
    index = ShotIndex()
    index.digests[("en", scenario, "result.png")] = "abc"
    index.published[("en", scenario, "result.png")] = PublishedImage(
        name="result.webp", width=1280 * scale, height=800 * scale, phone="result.phone.webp",
        phone_width=700 * scale, phone_height=500 * scale)
    page = render_site(project, "en", index)[f"scenarios/{scenario}.md"]
    assert re.search(r":width: 1280\b", page) and re.search(r":height: 800\b", page), page
    assert re.search(r":phone-width: 700\b", page) and re.search(r":phone-height: 500\b", page), page


def _same_size_other_png(original: bytes, other: bytes) -> bytes:
    """``other``'s image in exactly ``original``'s number of bytes (padded after its end, which decoders skip)."""
    assert len(other) < len(original)
    return other + b"\0" * (len(original) - len(other))


def test_a_rebuild_skips_an_unchanged_screenshot_and_sees_any_rewrite(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from builder.outputs.site.images import StagedImages

    shots, out, cache, record = tmp_path / "shots", tmp_path / "out", tmp_path / "cache", tmp_path / "staged.json"
    shots.mkdir()
    sizes = {p.name: p.stat().st_size for p in SAMPLE.glob("*.png")}
    big, small = max(sizes, key=sizes.__getitem__), min(sizes, key=sizes.__getitem__)
    png = shots / "01.png"
    png.write_bytes((SAMPLE / big).read_bytes())
    first = StagedImages(record)
    digest, published = first.publish("s/01.png", png, None, out, cache)
    first.save()

    reads: list[Path] = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real_read(self))
    assert StagedImages(record).publish("s/01.png", png, None, out, cache) == (digest, published)
    assert reads == [], "an unchanged screenshot was read again"
    with monkeypatch.context() as later:  # a new encoding: every image is made again, none reused
        later.setattr(images, "VERSION", images.VERSION + 1)
        StagedImages(record).publish("s/01.png", png, None, out, cache)
        assert png in reads, "an image of the previous encoding was reused"
    reads.clear()

    # Other pixels in the same number of bytes, with the old file time: still seen.
    state = png.stat()
    replaced = tmp_path / "replacement.png"
    replaced.write_bytes(_same_size_other_png(real_read(SAMPLE / big), real_read(SAMPLE / small)))
    os.utime(replaced, ns=(state.st_atime_ns, state.st_mtime_ns))
    os.replace(replaced, png)
    again = StagedImages(record)
    new_digest, new_published = again.publish("s/01.png", png, None, out, cache)
    again.save()
    assert new_digest != digest and png in reads
    with Image.open(out / new_published.name) as shown, Image.open(SAMPLE / small) as expected:
        assert ImageChops.difference(shown.convert("RGB"), expected.convert("RGB")).getbbox() is None

    # A published file changed by hand is written again.
    (out / new_published.name).write_bytes(b"broken")
    StagedImages(record).publish("s/01.png", png, None, out, cache)
    with Image.open(out / new_published.name) as shown, Image.open(SAMPLE / small) as expected:
        assert ImageChops.difference(shown.convert("RGB"), expected.convert("RGB")).getbbox() is None
