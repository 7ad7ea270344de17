"""Text masks: a page showing the time and "N seconds ago" recaptures pixel-identical.

Real Chromium against the tiny platform's /clock page, whose text comes from the
server's clock ("mis à jour il y a 3 secondes, à 10:42:17"), and with ``?tick=1`` from a
script rewriting it every 20 ms, faster than a screenshot.
"""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest

from tests.test_capture_language import make_project, run
from tests.tiny_platform import tiny_platform

MASKS = r"""
text_masks:
  - {pattern: 'il y a \d+ secondes, à [\d:]+', replace: 'il y a un moment'}
  - {pattern: '\d+ seconds ago, at [\d:]+', replace: 'a moment ago'}
"""

CLOCK = """\
steps:
  - expect: {text: {fr: mis à jour, en: updated}}
    say: See when it was updated.
  - click: {role: link, name: {fr: Page suivante, en: Next page}}
    say: Go on.
"""


def _pixels(path: Path) -> bytes:
    from PIL import Image

    with Image.open(io.BytesIO(path.read_bytes())) as img:
        return img.convert("RGB").tobytes()


def _twice(tmp_path: Path, platform: str, start: str) -> tuple[Path, Path]:
    """Capture the clock in two fresh projects, more than a second apart."""
    roots = []
    with tiny_platform({"query"}) as site:
        for name in ("first", "second"):
            if roots:
                time.sleep(1.2)
            root = make_project(tmp_path / name, "language_switch: {query_param: lang}\n" + platform,
                                {"clock": CLOCK}, start=start)
            summary = run(root, site.url)
            assert summary.ok, [r.cause for r in summary.results]
            roots.append(root)
    return roots[0], roots[1]


@pytest.mark.browser
@pytest.mark.parametrize("start", ["/clock", "/clock?tick=1"])
def test_without_masks_recaptures_differ(tmp_path: Path, start: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # With ?tick=1 the page never holds still: each shot takes frames until the bound, then its last frame.
    # The bound's length is not what this test is about; half a second still takes several frames.
    monkeypatch.setattr("builder.capture.shooting.STILL_TIMEOUT", 0.5)
    first, second = _twice(tmp_path, "", start)
    for lang in ("fr", "en"):
        a, b = (root / "screenshots" / lang / "clock" / "01.png" for root in (first, second))
        assert _pixels(a) != _pixels(b), f"{lang}: the clock did not change the pixels"


@pytest.mark.browser
@pytest.mark.parametrize("start", ["/clock", "/clock?tick=1"])
def test_masks_make_recaptures_pixel_identical(tmp_path: Path, start: str) -> None:
    first, second = _twice(tmp_path, MASKS, start)
    for lang in ("fr", "en"):
        folder = first / "screenshots" / lang / "clock"
        for name in ("01.png", "02.png", "result.png"):
            assert _pixels(folder / name) == _pixels(second / "screenshots" / lang / "clock" / name), (lang, name)
    # The page's own text came back before the click: the link was found and followed.
    assert (first / "screenshots" / "fr" / "clock" / "result.png").is_file()


@pytest.mark.browser
def test_a_recapture_with_masks_reports_unchanged(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "language_switch: {query_param: lang}\n" + MASKS,
                        {"clock": CLOCK}, start="/clock")
    with tiny_platform({"query"}) as site:
        assert run(root, site.url, languages=["en"]).ok
        before = {p.name: p.read_bytes() for p in (root / "screenshots" / "en" / "clock").iterdir()}
        time.sleep(1.2)
        again = run(root, site.url, languages=["en"])
    assert [r.status for r in again.results] == ["unchanged"]
    assert {p.name: p.read_bytes() for p in (root / "screenshots" / "en" / "clock").iterdir()} == before
    shutil.rmtree(tmp_path / "p")


@pytest.mark.parametrize(("pattern", "replace", "js"), [
    (r"\d+ seconds? ago", "", (r"\d+ seconds? ago", "g", "")),
    (r"(?i)(?P<n>\d+) min", r"\g<n> x \1 $", (r"(?<n>\d+) min", "gi", "$<n> x $1 $$")),
    (r"(?P<a>x)(?P=a)", r"[\g<0>]", (r"(?<a>x)\k<a>", "g", "[$&]")),
    (r"\Aabc", "x", None),           # Python only: masked from Python after the shot
    (r"a(?i:b)", "x", None),
    (r"(?x) \d+  # digits", "x", None),
])
def test_masks_in_javascript(pattern: str, replace: str, js: tuple[str, str, str] | None) -> None:
    from builder.capture.textmasks import js_rule

    assert js_rule(pattern, replace) == js


def test_records_are_masked_but_not_their_addresses() -> None:
    from builder.capture.textmasks import TextMasker
    from builder.content.model import TextMask

    masker = TextMasker([TextMask(pattern=r"\d+ seconds ago", replace="a moment ago")])
    record = {"target": {"role": "paragraph", "name": "updated 18 seconds ago", "box": [1, 2, 3, 4]},
              "page": {"title": "3 seconds ago", "url": "/feed?since=5 seconds ago"}}
    assert masker.masked_json(record) == {
        "target": {"role": "paragraph", "name": "updated a moment ago", "box": [1, 2, 3, 4]},
        "page": {"title": "a moment ago", "url": "/feed?since=5 seconds ago"}}
    assert not TextMasker([]) and TextMasker([]).masked_json(record) is record


def test_a_selector_holding_volatile_text_is_dropped_not_masked() -> None:
    from builder.capture.textmasks import TextMasker
    from builder.content.model import TextMask

    masker = TextMasker([TextMask(pattern=r"\d+ seconds ago", replace="a moment ago")])
    volatile = {"target": {"role": "link", "name": "18 seconds ago", "selector": 'role=link[name="18 seconds ago"]'}}
    stable = {"target": {"role": "link", "name": "18 seconds ago", "selector": "#latest"}}
    assert masker.masked_json(volatile) == {"target": {"role": "link", "name": "a moment ago"}}
    assert masker.masked_json(stable) == {"target": {"role": "link", "name": "a moment ago", "selector": "#latest"}}
