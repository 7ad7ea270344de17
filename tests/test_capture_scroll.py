"""Scrolling an element into view in one round trip when it is in full view already and holds still
(``IN_VIEW``): the page ends where Playwright's own ``scroll_into_view_if_needed`` leaves it, in every case,
and only an element that nothing would move takes the short way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from builder.capture.annotate import _FIT_CROP, OVERLAY_ID, fit_crop
from builder.capture.steps import IN_VIEW, evaluate_one, scroll_into_view

pytestmark = pytest.mark.browser

_TALL = "<div style='height:3000px'></div>"
CASES = {
    # name: (page, whether the short way applies)
    "in view": ("<button id=t style='position:absolute;left:100px;top:100px'>Go</button>" + _TALL, True),
    "below the fold": ("<button id=t style='position:absolute;left:100px;top:2000px'>Go</button>" + _TALL, False),
    "partly below": ("<button id=t style='position:absolute;left:100px;top:590px;height:40px'>Go</button>" + _TALL,
                     False),
    "clipped by its box": (("<div style='overflow:auto;height:100px;width:300px'><div style='height:400px'></div>"
                           "<button id=t>Go</button><div style='height:400px'></div></div>"), False),
    "in view, the page animating": (("<style>@keyframes spin{to{transform:rotate(1turn)}}</style>"
                                    "<i style='display:inline-block;animation:spin 1s infinite'>*</i>"
                                    "<button id=t style='position:absolute;left:100px;top:100px'>Go</button>"),
                                    False),
    "in view, its scroll margin not": ("<button id=t style='position:absolute;left:100px;top:540px;"
                                       "scroll-margin-bottom:80px'>Go</button>" + _TALL, False),
    "hidden": ("<button id=t style='display:none'>Go</button>" + _TALL, False),
    # moved by a script, not an animation, for about 20 frames: Playwright waits for it to hold still
    "in view, moved by a script": (("<button id=t style='position:absolute;left:100px;top:100px'>Go</button><script>"
                                   "let n = 0; const t = document.getElementById('t'); (function step() {"
                                   " if (n++ < 20) { t.style.left = (100 + 3 * n) + 'px'; requestAnimationFrame(step); }"
                                   " })();</script>"), False),
    # a scroller in a shadow tree, the element slotted into it: not among the element's parents
    "slotted into a shadow scroller": (("<div id=host><button id=t>Go</button></div><script>"
                                       "document.getElementById('host').attachShadow({mode: 'open'}).innerHTML ="
                                       " \"<div style='overflow:auto;height:100px'><div style='height:300px'></div>"
                                       "<slot></slot></div>\";</script>"), False),
    "in a scaled box": (("<div style='transform:scale(0.5);transform-origin:0 0'><div style='overflow:auto;"
                        "height:240px;width:300px'><div style='height:200px'></div><button id=t>Go</button>"
                        "<div style='height:400px'></div></div></div>"), False),
    "in a zoomed page": ("<style>body{zoom:0.8}</style><button id=t style='position:absolute;left:100px;"
                         "top:100px'>Go</button>" + _TALL, False),
}


@pytest.fixture(scope="module")
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 800, "height": 600})
    yield context.new_page()
    context.close()


def _scrolls(page: Any) -> list[float]:
    """The page's scroll, and every box's, in shadow trees too."""
    return page.evaluate("""() => { const boxes = [...document.querySelectorAll('div')];
        for (const host of boxes.filter((d) => d.shadowRoot)) boxes.push(...host.shadowRoot.querySelectorAll('div'));
        return [scrollX, scrollY, ...boxes.map((d) => d.scrollTop)]; }""")


@pytest.mark.parametrize("case", list(CASES))
def test_the_page_ends_where_playwrights_scroll_leaves_it(page: Any, case: str) -> None:
    html, short = CASES[case]
    page.set_content(html)
    target = page.locator("#t")
    assert page.evaluate(f"() => ({IN_VIEW})(document.getElementById('t'))") is short
    if case == "hidden":  # no box: Playwright waits for one, and says so
        with pytest.raises(Exception, match="Timeout"):
            scroll_into_view(target, 0.5)
        return
    scroll_into_view(target, 5)
    ours = _scrolls(page)
    page.set_content(html)
    target.scroll_into_view_if_needed(timeout=5000)
    assert ours == _scrolls(page)
    moved = any(ours)
    assert moved is (case in ("below the fold", "partly below", "clipped by its box", "in view, its scroll margin not",
                              "slotted into a shadow scroller"))


@pytest.mark.parametrize("case", ["in view", "below the fold", "clipped by its box", "slotted into a shadow scroller"])
def test_a_crop_is_fitted_where_playwright_scrolled_it(page: Any, case: str) -> None:
    html = CASES[case][0]
    page.set_content(html)
    ours = fit_crop(page.locator("#t"), 16)
    page.set_content(html)
    page.locator("#t").scroll_into_view_if_needed(timeout=5000)
    theirs = evaluate_one(page.locator("#t"), _FIT_CROP, [16, OVERLAY_ID])
    assert ours == theirs
    assert ours is not None and ours["y"] < 600  # in the viewport
