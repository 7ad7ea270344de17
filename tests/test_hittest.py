"""Chromium's own hit test over a full-page shot's point below its first screen (builder/capture/hittest.py).

The step-level verdicts are in tests/test_capture_visibility.py (``/label-below-banner``, ``/label-below-fixed``);
here, on one tiny page in real Chromium, what the ask leaves behind: the page's scroll where it was.
"""

from __future__ import annotations

from typing import Any

import pytest

from builder.capture.hittest import cover_over

pytestmark = pytest.mark.browser

PAGE = """<body style="margin:0"><p id="top">Top</p><div style="height:1500px"></div>
<div style="position:relative;width:300px"><p id="due">Total due</p>
<div style="position:absolute;inset:0;background:#111;color:#fff;pointer-events:none">We use cookies.</div></div>
<p id="free">Free</p><div style="height:900px"></div></body>"""


@pytest.mark.parametrize("start", [0, 40])
def test_a_point_below_the_first_screen_is_asked_and_the_scroll_put_back(chromium: Any, start: int) -> None:
    context = chromium.new_context(viewport={"width": 800, "height": 600})
    try:
        page = context.new_page()
        page.set_content(PAGE)
        page.evaluate("(y) => { window.scrollTo(0, y); for (const id of ['top', 'due', 'free']) "
                      "globalThis['k_' + id] = new WeakRef(document.getElementById(id)); }", start)
        cdp = context.new_cdp_session(page)

        def middle(element_id: str) -> tuple[float, float]:
            box = page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect(); "
                                "return [r.left + 20 + scrollX, (r.top + r.bottom) / 2 + scrollY]; }", element_id)
            return box[0], box[1]

        # in view: asked as it is, no scroll
        assert cover_over(cdp, "k_top", [middle("top")], whole=True) is None
        # below the first screen, under the banner: found, whatever lets clicks through
        cover = cover_over(cdp, "k_due", [middle("due")], whole=True)
        assert cover is not None and cover["name"].startswith("div “We use cookies."), cover
        assert cover["through"] is True
        assert page.evaluate("scrollY") == start, "the page was left scrolled to the point"
        # below it, clear: shows
        assert cover_over(cdp, "k_free", [middle("free")], whole=True) is None
        assert page.evaluate("scrollY") == start
        # not a full-page shot's: a point outside the viewport tells nothing, and nothing scrolls
        assert cover_over(cdp, "k_due", [middle("due")]) is None
        assert page.evaluate("scrollY") == start
    finally:
        context.close()
