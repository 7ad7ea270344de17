"""Highlight placement and crop fitting, in real Chromium on small pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from builder.capture.annotate import OVERLAY_ID, draw_highlight, fit_crop, remove_highlight

pytestmark = pytest.mark.browser

_STYLE = "<style>body{margin:0;font:16px/1.4 sans-serif} button{font:14px sans-serif;padding:4px 8px}</style>"


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    # The module's browser, from the session's driver (tests/fixtures_browser.py), closed with the module.
    from builder.browser import launch_chromium, playwright_driver

    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 700})
            yield context.new_page()
        finally:
            browser.close()


def _parts(page: Any) -> list[dict[str, Any]]:
    """The overlay's frame, badge and callout boxes (viewport coordinates)."""
    return page.evaluate("""(id) => [...document.getElementById(id).children].map((el) => {
        const r = el.getBoundingClientRect();
        return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
    })""", OVERLAY_ID)


def _box(page: Any, selector: str) -> dict[str, float]:
    return page.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }""", selector)


def _text_box(page: Any, selector: str) -> dict[str, float]:
    """The box of an element's text itself (its line boxes), which is what a crop must not cut."""
    return page.evaluate("""(sel) => { const range = document.createRange();
        range.selectNodeContents(document.querySelector(sel)); const r = range.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }""", selector)


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_callout_avoids_the_neighbouring_button(page: Any) -> None:
    # A row like the admin users table: the target's right neighbour is another button.
    page.set_content(_STYLE + """<div style="position:absolute;left:600px;top:300px;display:flex;gap:8px">
        <button id="unlock">Unlock</button><button id="reset">Reset password</button></div>
        <p style="position:absolute;left:40px;top:20px">Users</p>""")
    draw_highlight(page, page.locator("#unlock"), 3, "Locked account")
    frame, badge, callout = _parts(page)
    assert callout["text"] == "Locked account"
    assert not _overlap(callout, _box(page, "#reset")), "the callout covers the Reset password button"
    assert not _overlap(callout, _box(page, "#unlock")) and not _overlap(callout, badge)
    assert callout["left"] >= 0 and callout["right"] <= 1000 and callout["top"] >= 0 and callout["bottom"] <= 700
    assert callout["right"] <= frame["left"]  # left of the box: the first position that covers nothing
    remove_highlight(page)
    assert page.locator(f"#{OVERLAY_ID}").count() == 0


def test_callout_stays_right_when_nothing_is_there(page: Any) -> None:
    page.set_content(_STYLE + '<button id="go" style="position:absolute;left:200px;top:200px">Go</button>')
    draw_highlight(page, page.locator("#go"), 1, "Start here")
    frame, _badge, callout = _parts(page)
    assert callout["left"] >= frame["right"] and abs((callout["top"] + callout["bottom"]) / 2
                                                     - (frame["top"] + frame["bottom"]) / 2) < 1


def test_badge_does_not_cover_the_fields_label(page: Any) -> None:
    page.set_content(_STYLE + """<form id="f" style="position:absolute;left:300px;top:200px;width:300px">
        <label for="note" id="lab" style="display:block">Votre note</label>
        <textarea id="note" style="display:block;width:280px;height:80px"></textarea></form>""")
    draw_highlight(page, page.locator("#note"), 2, None)
    _frame, badge = _parts(page)
    assert not _overlap(badge, _box(page, "#lab")), "the badge covers the field's label"
    assert badge["right"] <= _box(page, "#note")["left"]  # outside the field's top-left corner


def test_badge_stays_on_the_corner_when_it_covers_nothing(page: Any) -> None:
    page.set_content(_STYLE + '<div id="box" style="position:absolute;left:300px;top:200px;'
                     'width:200px;height:100px;background:#eee"></div>')
    draw_highlight(page, page.locator("#box"), 4, None)
    frame, badge = _parts(page)
    assert (badge["left"] + badge["right"]) / 2 == pytest.approx(frame["left"], abs=1)
    assert (badge["top"] + badge["bottom"]) / 2 == pytest.approx(frame["top"], abs=1)


def test_crop_does_not_cut_a_line_of_text_and_holds_the_badge(page: Any) -> None:
    # The heading ends 6 px above the form: a 16 px padding would cut through its line.
    page.set_content(_STYLE + """<div style="position:absolute;left:300px;top:100px;width:320px">
        <h3 id="h" style="margin:0 0 6px">Annoter la page</h3>
        <form id="f" style="padding:0;margin:0"><label for="n" style="display:block">Votre note</label>
        <textarea id="n" style="display:block;width:300px;height:60px"></textarea></form>
        <p id="after" style="margin:6px 0 0">Texte qui suit le formulaire.</p></div>""")
    remove_highlight(page)
    plain = fit_crop(page.locator("#f"), 16)
    assert plain is not None
    form, heading, after = _box(page, "#f"), _text_box(page, "#h"), _text_box(page, "#after")
    assert plain["y"] >= heading["bottom"] - 0.5 and plain["y"] < form["top"]
    assert plain["y"] + plain["height"] <= after["top"] + 0.5
    assert plain["x"] == pytest.approx(form["left"] - 16)  # no text at the sides: full padding

    draw_highlight(page, page.locator("#n"), 2, None)
    _frame, badge = _parts(page)
    fitted = fit_crop(page.locator("#f"), 16)
    assert fitted is not None
    right, bottom = fitted["x"] + fitted["width"], fitted["y"] + fitted["height"]
    assert fitted["x"] <= badge["left"] and fitted["y"] <= badge["top"], "the badge is cut off"
    assert right >= form["right"] and bottom >= form["bottom"]
    # The heading is now within reach of the badge: taken whole, not cut.
    assert fitted["y"] <= heading["top"] + 0.5 or fitted["y"] >= heading["bottom"] - 0.5


def _glyphs(page: Any, selector: str) -> dict[str, float]:
    """The box of an element's text, less the line's leading (what the badge must not cover)."""
    box = _text_box(page, selector)
    inset = min(3.0, (box["bottom"] - box["top"]) / 5)
    return {k: v + (inset if k in ("left", "top") else -inset) for k, v in box.items()}


def test_badge_never_covers_the_targets_own_label(page: Any) -> None:
    # A link's text starts at its box's corner, where the badge goes first; near the image's top-left
    # corner, no place outside the box fits, and the badge used to sit on the link's first letters.
    page.set_content(_STYLE + '<a id="edit" href="#" style="position:absolute;left:20px;top:20px">Edit</a>')
    draw_highlight(page, page.locator("#edit"), 2, None)
    _frame, badge = _parts(page)
    assert not _overlap(badge, _glyphs(page, "#edit")), "the badge covers the link's own text"
    assert badge["left"] >= 0 and badge["right"] <= 1000 and badge["top"] >= 0 and badge["bottom"] <= 700
    remove_highlight(page)


def test_frame_and_badge_stay_inside_the_image_at_its_edges(page: Any) -> None:
    page.set_content(_STYLE + '<button id="corner" style="position:fixed;left:0;top:0;margin:0">Menu</button>'
                     '<button id="far" style="position:fixed;right:0;bottom:0;margin:0">Help</button>')
    for selector in ("#corner", "#far"):
        draw_highlight(page, page.locator(selector), 1, "Here")
        for part in _parts(page):
            assert part["left"] >= 0 and part["top"] >= 0 and part["right"] <= 1000 and part["bottom"] <= 700, part
        remove_highlight(page)
