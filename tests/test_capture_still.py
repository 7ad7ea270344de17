"""A still page is shot once; a page that moves, or that the quiet probe cannot watch, gets frames until two agree.

In real Chromium on small pages (see :func:`builder.capture.shooting.still_frame`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from builder.capture.shooting import is_quiet, still_frame

pytestmark = pytest.mark.browser

_OPTIONS = {"animations": "disabled", "caret": "hide", "scale": "device"}

# A banner whose colour a script changes on every frame for ~0.6 s, then leaves alone.
# A fade from black to green by a script, 0.8 s long from the page's load or from `restart()`.
_MOVING = """<div id="b" style="width:300px;height:80px;background:rgb(0,0,0)">Welcome</div><script>
let start = performance.now(), running = false;
function step(now) {
  const t = Math.min(1, Math.max(0, now - start) / 800);
  document.getElementById('b').style.background = `rgb(0, ${Math.round(200 * t)}, 0)`;
  running = t < 1;
  if (running) requestAnimationFrame(step);
}
window.restart = () => { start = performance.now(); if (!running) { running = true; requestAnimationFrame(step); } };
restart();
</script>"""


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    from builder.browser import launch_chromium, playwright_driver

    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        yield browser.new_context(viewport={"width": 800, "height": 500})
        browser.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    """A new page: the timers of one test's page never run on into the next."""
    page = context.new_page()
    yield page
    page.close()


class _Counting:
    """The page, counting its screenshots."""

    def __init__(self, page: Any) -> None:
        self.page, self.shots = page, 0
        # As capture's pages are by their shot, this one has painted (two frames): on a loaded machine a page
        # shot at once after set_content may have no frame yet ("Unable to capture screenshot", seen once).
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def screenshot(self, **options: Any) -> bytes:
        self.shots += 1
        return bytes(self.page.screenshot(**options))

    def evaluate(self, *args: Any) -> Any:
        return self.page.evaluate(*args)


def test_a_still_page_is_shot_once(page: Any) -> None:
    page.set_content("<p>Nothing moves here.</p><button>Save</button>")
    counting = _Counting(page)
    frame = still_frame(counting, dict(_OPTIONS))  # type: ignore[arg-type]
    assert counting.shots == 1
    assert frame == page.screenshot(**_OPTIONS)


def test_a_page_a_script_animates_is_shot_until_it_stops(page: Any) -> None:
    from io import BytesIO

    from PIL import Image

    page.set_content(_MOVING)
    assert not is_quiet(page)
    # The fade starts again just before the shot: on a loaded machine, it could have ended while the
    # check above ran, and a page that stopped moving is rightly shot once.
    page.evaluate("restart()")
    counting = _Counting(page)
    frame = still_frame(counting, dict(_OPTIONS))  # type: ignore[arg-type]
    assert counting.shots >= 2
    with Image.open(BytesIO(frame)) as image:
        assert image.convert("RGB").getpixel((150, 40)) == (0, 200, 0), "shot before the script ended"


@pytest.mark.parametrize("content", [
    "<canvas width=50 height=50></canvas>",
    "<iframe srcdoc='<p>inside</p>'></iframe>",
    "<video width=50 height=50></video>",
])
def test_what_the_probe_cannot_watch_is_never_called_quiet(page: Any, content: str) -> None:
    page.set_content(f"<p>Some text.</p>{content}")
    assert not is_quiet(page)
    counting = _Counting(page)
    still_frame(counting, dict(_OPTIONS))  # type: ignore[arg-type]
    assert counting.shots >= 2


@pytest.mark.parametrize(("script", "quiet"), [
    ("let n = 0; setInterval(() => { document.getElementById(n++ % 2 ? 'a' : 'b').focus(); }, 5);", False),
    ("setInterval(() => window.scrollBy(0, 1), 5);", False),
    ("setInterval(() => { const box = document.getElementById('box'); box.scrollTop = 1 - box.scrollTop; }, 5);",
     False),
    ("window.scrollTo(0, 200);", True),
])
def test_a_move_of_focus_or_scroll_is_not_quiet(page: Any, script: str, quiet: bool) -> None:
    page.set_content("<div id=box style='height:50px;overflow:auto'><p style='height:200px'>inner</p></div>"
                     f"<div style='height:3000px'><input id=a><input id=b></div><script>{script}</script>")
    # The scroll event of a scroll done once comes with the next frame: let it pass before watching.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert is_quiet(page) is quiet


def test_the_caret_is_hidden_when_something_has_the_focus(page: Any) -> None:
    """Playwright's caret hiding restyles every field (the watch would see it): a style sheet outside the DOM
    hides the caret instead, only while something has the focus, and goes once the shot is taken."""
    from builder.capture.shooting import _quiet, _watch

    caret = "() => getComputedStyle(document.getElementById('a')).caretColor"
    page.set_content("<input id=a value='Some text' style='caret-color: rgb(255, 0, 0)'><button>Save</button>")
    assert _watch(page, None) == (True, False, False)
    assert page.evaluate(caret) == "rgb(255, 0, 0)"  # nothing focused: nothing restyled
    assert _quiet(page)
    page.focus("#a")
    assert _watch(page, None) == (True, False, False)
    assert page.evaluate(caret) == "rgba(0, 0, 0, 0)"
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0  # nothing added to the DOM
    assert _quiet(page)
    assert page.evaluate(caret) == "rgb(255, 0, 0)"
    counting = _Counting(page)
    frame = still_frame(counting, dict(_OPTIONS))  # type: ignore[arg-type]
    assert counting.shots == 1
    assert frame == page.screenshot(**_OPTIONS)  # as Playwright hides it


def test_a_css_mask_is_drawn_only_when_something_matches_it(page: Any) -> None:
    """With nothing matching the CSS mask, the shot is taken without Playwright's mask (which adds elements);
    a match, in the document or an open shadow root, is masked."""
    options = {**_OPTIONS, "mask_color": "#FF00FF"}
    css = "input[type=password], .secret"
    page.set_content("<p>Plain</p>")
    counting = _Counting(page)
    still_frame(counting, {**options, "mask": [page.locator(css)]}, css_mask=css)  # type: ignore[arg-type]
    assert counting.shots == 1
    for content in ("<p class=secret style='height:40px'>hidden</p>",
                    ("<div id=host></div><script>document.getElementById('host').attachShadow({mode: 'open'})"
                    ".innerHTML = '<input type=password value=x style=\"height:40px\">';</script>")):
        page.set_content(content)
        frame = still_frame(page, {**options, "mask": [page.locator(css)]}, css_mask=css)
        assert frame == page.screenshot(**options, mask=[page.locator(css)])
        assert frame != page.screenshot(**options), "the match was not masked"


_ROWS = ("<style>body{font:16px sans-serif} .row{height:90px;border-bottom:1px solid #ccc}</style>"
         + "".join(f"<div class=row>Row {i} <input value='text {i}'></div>" for i in range(30)))
_TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.mark.parametrize(("scale", "hostile"), [(1, False), (2, False), (2, True)])
def test_the_fast_frame_is_playwrights_shot_pixel_for_pixel(context: Any, scale: int, hostile: bool) -> None:
    """Scrolled, at a device scale of 1 and 2, with the focus in a field (its caret hidden either way); and on
    a page whose scripts redefine ``scrollY`` and ``devicePixelRatio``: the browser's own values are used."""
    from builder.capture.shooting import fast_frame
    from builder.shots.store import compressed_for_speed, final_png, same_image

    other = context.browser.new_context(viewport={"width": 800, "height": 500}, device_scale_factor=scale)
    try:
        page = other.new_page()
        page.set_content(_ROWS)
        page.evaluate("() => { scrollTo(0, 700); document.querySelectorAll('input')[9].focus(); }")
        if hostile:
            page.evaluate("() => { window.scrollY = 0; window.scrollX = 5; window.devicePixelRatio = 1; }")
        page.evaluate(_TWO_FRAMES)  # its scroll event
        cdp = other.new_cdp_session(page)
        taken: list[bytes | None] = []

        def fast() -> bytes | None:
            taken.append(fast_frame(cdp, 800, 500, scale))
            return taken[-1]

        assert still_frame(page, dict(_OPTIONS), fast=fast) and taken == []  # a first capture: Playwright's shot
        frame = still_frame(page, dict(_OPTIONS), b"the published image", fast=fast)
        assert taken == [frame], "the quiet page was not shot by the fast path"
        assert compressed_for_speed(frame)
        assert same_image(frame, page.screenshot(**_OPTIONS))  # as Playwright shoots it, its caret hidden
        kept, width, height = final_png(frame)
        assert (width, height) == (800 * scale, 500 * scale)
        assert not compressed_for_speed(kept) and same_image(kept, frame)  # compressed again, same pixels
    finally:
        other.close()


@pytest.mark.parametrize("content", [
    # an endless animation, running or paused: Playwright's shot stops it
    ("<style>@keyframes spin{to{transform:rotate(360deg)}} #s{width:60px;height:60px;background:#c00;"
     "animation:spin 2s linear infinite}</style><div id=s></div><p>Loading…</p>"),
    ("<style>@keyframes spin{to{transform:rotate(360deg)}} #s{width:60px;height:60px;background:#c00;"
     "animation:spin 2s linear infinite;animation-play-state:paused}</style><div id=s></div>"),
    # a password field: masked by Playwright, never shot bare
    "<label>Password <input type=password value=secret></label>",
])
def test_what_playwright_must_stop_or_mask_never_takes_the_fast_frame(page: Any, content: str) -> None:
    page.set_content(content)
    page.evaluate(_TWO_FRAMES)
    taken: list[bytes] = []
    counting = _Counting(page)
    options = {**_OPTIONS, "mask": [page.locator("input[type=password]")], "mask_color": "#FF00FF"}

    def fast() -> bytes:
        taken.append(b"fast")
        return b"fast"

    frame = still_frame(counting, options, b"the published image",  # type: ignore[arg-type]
                        css_mask="input[type=password]", fast=fast)
    assert taken == [] and counting.shots >= 1 and frame.startswith(b"\x89PNG")


@pytest.mark.parametrize("moving", [False, True], ids=["still", "moving"])
def test_the_overlay_drawn_for_the_shot_is_in_the_frame_and_gone_after(page: Any, moving: bool) -> None:
    """Still, the call that ends the watch removes it; moving, it stays for every frame, then goes."""
    from io import BytesIO

    from PIL import Image

    page.set_content((_MOVING if moving else "<p>Nothing moves here.</p>")
                     + '<div id="drawn" style="position:fixed;left:400px;top:200px;width:40px;height:40px;'
                       'background:rgb(255,0,255)"></div>')
    if moving:
        page.evaluate("restart()")
    counting = _Counting(page)
    frame = still_frame(counting, dict(_OPTIONS), overlay="drawn")  # type: ignore[arg-type]
    assert (counting.shots >= 2) is moving
    with Image.open(BytesIO(frame)) as image:
        assert image.convert("RGB").getpixel((420, 220)) == (255, 0, 255), "the overlay is not in the frame"
    assert page.evaluate("() => document.getElementById('drawn')") is None
