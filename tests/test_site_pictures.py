"""The site serves each screenshot as published (WebP or palette PNG) in a <picture>, with the
phone crop for narrow screens; the committed PNGs stay as they are."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from builder.outputs.site.images import MAX_CHANNEL_DELTA, MAX_MEAN_DELTA, phone_crop

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "annotate-wiki-page"
PAGE = f"scenarios/{SCENARIO}.html"
_FIGURE = re.compile(r'<figure class="hw-shot[^"]*">(.*?)</figure>', re.DOTALL)


def _project(dest: Path) -> Path:
    """The demo's platform, one of its scenarios (links to others dropped) and its committed screenshots."""
    (dest / "content" / "scenarios").mkdir(parents=True)
    for name in ("platform.yaml", "logo.svg"):
        shutil.copy2(REPO / "content" / name, dest / "content" / name)
    text = (REPO / "content" / "scenarios" / "wiki" / f"{SCENARIO}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(prerequisites|related): .*\n", "", text, flags=re.MULTILINE)
    (dest / "content" / "scenarios" / f"{SCENARIO}.yaml").write_text(text, encoding="utf-8")
    for lang in ("fr", "en"):
        shutil.copytree(REPO / "screenshots" / lang / SCENARIO, dest / "screenshots" / lang / SCENARIO)
    return dest


@pytest.fixture(scope="module")
def pictures_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project, its built fr site)."""
    from builder.outputs.site.build import build_site_report

    root = _project(tmp_path_factory.mktemp("pictures") / "project")
    report = build_site_report(root, languages=["fr"])
    return root, report["fr"].site


def _attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def _pictures(html: str) -> list[dict[str, Any]]:
    found = []
    for figure in _FIGURE.findall(html):
        img = re.search(r"<img\s[^>]*>", figure)
        source = re.search(r"<source\s[^>]*>", figure)
        found.append({"figure": figure, "img": img.group(0) if img else "",
                      "source": source.group(0) if source else None})
    return found


def _records(root: Path) -> dict[str, dict]:
    manifest = json.loads((root / "screenshots" / "fr" / SCENARIO / "manifest.json").read_text(encoding="utf-8"))
    return {record["file"]: record for record in manifest["images"]}


def _same_pixels(published: Path, original: Image.Image) -> None:
    with Image.open(published) as shown:
        difference = ImageChops.difference(original.convert("RGB"), shown.convert("RGB"))
        assert shown.size == original.size
    highest = max(high for _low, high in difference.getextrema())
    if published.suffix == ".webp":
        assert highest == 0, f"{published.name}: lossless WebP changed a pixel"
    else:
        histogram = difference.histogram()
        mean = sum((i % 256) * n for i, n in enumerate(histogram)) / sum(histogram)
        assert highest <= MAX_CHANNEL_DELTA and mean <= MAX_MEAN_DELTA, published.name


@pytest.mark.slow
def test_every_step_image_is_a_picture_of_the_committed_pixels(pictures_site: tuple[Path, Path]) -> None:
    root, site = pictures_site
    page = site / PAGE
    html = page.read_text(encoding="utf-8")
    pictures = _pictures(html)
    committed = root / "screenshots" / "fr" / SCENARIO
    records = _records(root)
    names = ["01.png", "02.png", "03.png", "04.png", "result.png"]
    assert len(pictures) == len(names)
    published_sizes, png_sizes, phones = [], [], []
    for name, picture in zip(names, pictures, strict=True):
        assert "<picture>" in picture["figure"] and picture["img"], name
        src = _attr(picture["img"], "src")
        assert src is not None and Path(src).stem == Path(name).stem and Path(src).suffix in (".webp", ".png")
        full = (page.parent / src).resolve()
        assert full.is_file() and full.is_relative_to(site.resolve())
        assert f'href="{src}"' in picture["figure"]  # click to enlarge: the whole image
        assert _attr(picture["img"], "alt"), f"{name} has no alt text"
        png = committed / name
        with Image.open(png) as original:
            original.load()
        assert (_attr(picture["img"], "width"), _attr(picture["img"], "height")) == tuple(map(str, original.size))
        _same_pixels(full, original)
        published_sizes.append(full.stat().st_size)
        png_sizes.append(png.stat().st_size)
        # A phone crop exactly when the target's box on a viewport shot leaves room for one.
        record = records.get(name, {})
        box = (record.get("target") or {}).get("box")
        viewport_shot = name != "02.png"  # step 2 is cropped to the form: its box is not on the image
        region = phone_crop(*original.size, tuple(box)) if box and viewport_shot else None  # type: ignore[arg-type]
        if region is None:
            assert picture["source"] is None, f"{name} has a phone source without a crop"
            continue
        source = picture["source"]
        assert source is not None, f"{name} has a box but no phone source"
        assert re.search(r'media="\(max-width: \d+px\)"', source)
        phone = (page.parent / str(_attr(source, "srcset"))).resolve()
        assert phone.is_file() and ".phone." in phone.name
        _same_pixels(phone, original.crop(region))
        assert (_attr(source, "width"), _attr(source, "height")) == tuple(map(str, Image.open(phone).size))
        phones.append(name)
    assert phones == ["01.png", "03.png"]
    assert "loading" not in pictures[0]["img"] and all('loading="lazy"' in p["img"] for p in pictures[1:])
    assert sum(published_sizes) / len(published_sizes) < sum(png_sizes) / len(png_sizes)
    assert not (site / "_images").exists()  # nothing of Sphinx's own copy of the PNGs


@pytest.mark.slow
def test_a_rebuild_writes_no_image_and_the_committed_pngs_stay(pictures_site: tuple[Path, Path]) -> None:
    from builder.outputs.site.build import build_site_report

    root, _ = pictures_site
    committed = {p: p.read_bytes() for p in (root / "screenshots").rglob("*.png")}
    again = build_site_report(root, languages=["fr"])["fr"]
    assert again.written == [] and again.read == []
    assert {p: p.read_bytes() for p in (root / "screenshots").rglob("*.png")} == committed


@pytest.fixture(scope="module")
def served(pictures_site: tuple[Path, Path]) -> Iterator[str]:
    from builder.layout import build_dir
    from builder.outputs.site.serve import serve_in_thread

    server, url = serve_in_thread(build_dir(pictures_site[0]) / "site", 0, "/help/")
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def _chosen(browser: Any, url: str, width: int) -> list[tuple[str, str]]:
    """(currentSrc, phone srcset or "") of each screenshot, once each has loaded, at ``width`` CSS px."""
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto(url)
        chosen = []
        for picture in page.locator("figure.hw-shot picture").all():
            picture.scroll_into_view_if_needed()
            img = picture.locator("img")
            img.evaluate("i => i.complete && i.naturalWidth ? null : new Promise(r => i.addEventListener('load', r))")
            source = picture.locator("source")
            chosen.append((img.evaluate("i => i.currentSrc"),
                           source.evaluate("s => s.srcset") if source.count() else ""))
        return chosen
    finally:
        page.close()


@pytest.mark.browser
def test_a_phone_gets_the_crop_and_a_wide_screen_the_whole_image(served: str, chromium: Any) -> None:
    url = f"{served}fr/{PAGE}"
    narrow, wide = _chosen(chromium, url, 390), _chosen(chromium, url, 1280)
    assert len(narrow) == len(wide) == 5
    assert [bool(phone) for _, phone in narrow] == [True, False, True, False, False]
    for (phone_src, phone), (full_src, _) in zip(narrow, wide, strict=True):
        assert ".phone." not in full_src
        if phone:
            assert phone_src.endswith("/" + phone.rsplit("/", 1)[-1]), (phone_src, phone)
        else:
            assert phone_src == full_src


def test_the_built_sites_shots_are_links_to_the_staged_ones_and_follow_each_replacement(tmp_path: Path) -> None:
    """No Sphinx: the build-finished step alone. The site's ``_shots/`` files are hard links to the
    staged ones (nothing read to compare); a staged image replaced (as the build writes them) is
    linked again, a file gone from the sources leaves the site with its folder, a link is not followed."""
    import os
    from types import SimpleNamespace

    from builder.atomicwrite import write_bytes_atomic
    from builder.outputs.site.shotpicture import copy_published_shots

    src, out = tmp_path / "src", tmp_path / "out"
    staged = {"_shots/a/01.webp": b"one", "_shots/a/01.phone.webp": b"phone", "_shots/b/result.png": b"two"}
    for rel, data in staged.items():
        write_bytes_atomic(src / rel, data)
    (tmp_path / "secret").write_bytes(b"secret")
    (src / "_shots" / "a" / "leak.png").symlink_to(tmp_path / "secret")
    app = SimpleNamespace(srcdir=str(src), outdir=str(out), builder=SimpleNamespace(format="html"))

    def site() -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    copy_published_shots(app, None)  # type: ignore[arg-type]
    assert site() == staged
    assert all(os.path.samefile(src / rel, out / rel) for rel in staged)
    write_bytes_atomic(src / "_shots" / "a" / "01.webp", b"new")  # the build replaces, never rewrites
    os.unlink(src / "_shots" / "b" / "result.png")
    (out / "_shots" / "a" / "01.phone.webp").unlink()
    (out / "_shots" / "a" / "01.phone.webp").write_bytes(b"by hand")
    copy_published_shots(app, None)  # type: ignore[arg-type]
    assert site() == {"_shots/a/01.webp": b"new", "_shots/a/01.phone.webp": b"phone"}
    assert not (out / "_shots" / "b").exists()
    assert all(os.path.samefile(src / rel, out / rel) for rel in site())
    copy_published_shots(app, RuntimeError("Sphinx failed"))  # type: ignore[arg-type]  # a failed build: no change
    assert site() == {"_shots/a/01.webp": b"new", "_shots/a/01.phone.webp": b"phone"}


def test_where_links_cannot_be_made_the_shots_are_copied_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another disk, or a file system without hard links: each staged image is copied, and a copy holding
    the same bytes is left as it is (its time too: publishing then links it from the last site)."""
    import os
    from types import SimpleNamespace

    from builder.atomicwrite import write_bytes_atomic
    from builder.outputs.site import shotpicture

    def no_link(*_args: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(shotpicture.os, "link", no_link)
    src, out = tmp_path / "src", tmp_path / "out"
    write_bytes_atomic(src / "_shots" / "a" / "01.webp", b"one")
    write_bytes_atomic(src / "_shots" / "a" / "02.webp", b"two")
    app = SimpleNamespace(srcdir=str(src), outdir=str(out), builder=SimpleNamespace(format="html"))
    shotpicture.copy_published_shots(app, None)  # type: ignore[arg-type]
    first, second = out / "_shots" / "a" / "01.webp", out / "_shots" / "a" / "02.webp"
    assert first.read_bytes() == b"one" and not os.path.samefile(first, src / "_shots" / "a" / "01.webp")
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (first, second)}
    write_bytes_atomic(src / "_shots" / "a" / "02.webp", b"TWO")
    shotpicture.copy_published_shots(app, None)  # type: ignore[arg-type]
    assert (first.stat().st_ino, first.stat().st_mtime_ns) == before[first]  # same bytes: not written
    assert second.read_bytes() == b"TWO"
    assert not list(out.rglob("*.link"))
