"""A highlight frames its element in the image, even when the element moves after the highlight is drawn.

Real Chromium against a tiny server on 127.0.0.1. On ``/slide`` the Save button slides across the page by a
CSS transition just after the load: the highlight is drawn mid-way, and Playwright's shot finishes the
transition, so the first image framed an empty place while the capture passed. On ``/restless`` a script
moves the button whenever something is added to the page, the highlight included: no image can frame it,
and the step fails saying what to do.
"""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from builder.capture import Endpoint, capture_project
from builder.content.loading import load_project
from builder.content.model import DEFAULT_HIGHLIGHT_COLOUR
from tests.localserver import send_body, serving

pytestmark = pytest.mark.browser

_HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
body { margin: 0; font: 16px sans-serif; } #panel { position: absolute; left: 700px; top: 200px; }
.slides { transition: left 0.6s linear; }
</style></head><body><h1 style="margin:24px">Moving</h1>"""

PAGES = {
    # starts sliding two frames after the load, ends at left: 40px
    "/slide": _HEAD + """<div id="panel" class="slides"><button>Save</button></div>
<script>addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => {
  document.getElementById('panel').style.left = '40px'; })));</script></body></html>""",
    # a positioned body with a margin: the highlight's root is placed against it
    "/positioned": _HEAD.replace("body { margin: 0;", "body { position: relative; margin: 30px;")
    + """<div id="panel"><button>Save</button></div></body></html>""",
    # moves the button 150 px whenever something is added to the page, as the highlight is
    "/restless": _HEAD + """<div id="panel"><button>Save</button></div>
<script>let x = 700; new MutationObserver((records) => {
  if (!records.some((r) => r.addedNodes.length)) return;
  x = x > 900 ? 100 : x + 150; document.getElementById('panel').style.left = x + 'px';
}).observe(document.body, {childList: true});</script></body></html>""",
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass

    def do_GET(self) -> None:
        page = PAGES.get(self.path)
        if page is None:
            self.send_error(404)
            return
        send_body(self, page)


def _capture(root: Path, url: str, start: str) -> Any:
    content = root / "content"
    (content / "scenarios").mkdir(parents=True)
    (content / "platform.yaml").write_text("name: Moving\nbase_url: http://127.0.0.1:9\nlanguages: [en]\n"
                                           "language_switch: {locale: true}\n", encoding="utf-8")
    (content / "scenarios" / "save.yaml").write_text(f"""\
id: save
title: {{en: Save}}
summary: {{en: Save.}}
audience: [member]
topic: basics
start: {start}
steps:
  - click: {{role: button, name: Save}}
    say: Click Save.
""", encoding="utf-8")
    assert not load_project(root).problems
    [result] = capture_project(root, endpoints=[Endpoint(url)], progress=False, languages=["en"]).results
    return result


def _highlight_box(png: bytes) -> tuple[int, int, int, int] | None:
    """The box of the pixels in the highlight's colour."""
    colour = tuple(int(DEFAULT_HIGHLIGHT_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    image = Image.open(BytesIO(png)).convert("RGB")
    red, green, blue = image.point([255 if value == want else 0 for want in colour for value in range(256)]).split()
    return ImageChops.multiply(ImageChops.multiply(red, green), blue).getbbox()


def test_a_highlight_drawn_on_a_sliding_element_frames_where_it_ends(tmp_path: Path) -> None:
    with serving(_Handler) as url:
        result = _capture(tmp_path, url, "/slide")
    assert result.status == "passed", result.cause
    box = _highlight_box((tmp_path / "screenshots" / "en" / "save" / "01.png").read_bytes())
    assert box is not None
    left, top, right, bottom = box
    # the button ends at left 40 px, top 200 px (about 46 × 21 px); the frame is 4 px out, its badge above-left
    assert left < 40 and 80 < right < 100 and top < 200 < bottom < 230, f"the highlight is at {box}, not on Save"


def test_a_highlight_frames_its_element_in_a_positioned_body(tmp_path: Path) -> None:
    with serving(_Handler) as url:
        result = _capture(tmp_path, url, "/positioned")
    assert result.status == "passed", result.cause
    box = _highlight_box((tmp_path / "screenshots" / "en" / "save" / "01.png").read_bytes())
    # the button: 700 px + the body's 30 px margin from the left, 200 + 30 px from the top
    assert box is not None and box[0] < 730 and 770 < box[2] < 800 and box[1] < 230 < box[3] < 260, box


def test_an_element_that_never_stops_moving_fails_the_step(tmp_path: Path) -> None:
    with serving(_Handler) as url:
        result = _capture(tmp_path, url, "/restless")
    assert result.status == "failed" and result.step == 1
    assert "button “Save” moved after its highlight was drawn, 3 times in a row: the screenshot would frame an " \
           "empty place; add a `wait_for` step" in result.cause, result.cause
