"""A page that says its language by script just after its load: the capture neither passes on it in another
language nor fails it for what it said at its load.

After an action whose page loaded, the language is read at the load and the quiet moment is owed to the next
shot (see :func:`builder.capture.steps.settle`). Real Chromium against a tiny server on 127.0.0.1: its second
page fetches a style sheet and an image as it loads (the load is over when they are), then changes its
``<html lang>`` or its language marker a few milliseconds after its load, with no request.
"""

from __future__ import annotations

import textwrap
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from builder.capture import Endpoint, capture_project
from builder.content.loading import load_project
from tests.localserver import send_body, serving

pytestmark = pytest.mark.browser

_START = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Start</title></head>
<body style="font: 16px sans-serif; margin: 24px"><nav><a href="/out">Log out</a></nav>
<p><a href="/next?{query}">Next</a></p></body></html>"""

# `lang`: what <html lang> says at the load, then `delay` ms after it; `words`: the marker link's, likewise.
_NEXT = """<!doctype html><html lang="{lang[0]}"><head><meta charset="utf-8"><title>Next</title>
<link rel="stylesheet" href="/style.css"></head>
<body style="font: 16px sans-serif; margin: 24px"><nav><a id="marker" href="/out">{words[0]}</a></nav>
<h1>Done</h1><img src="/picture.svg" alt="">
<script>addEventListener('load', () => setTimeout(() => {{
  document.documentElement.lang = '{lang[1]}'; document.getElementById('marker').textContent = '{words[1]}';
}}, {delay}));</script></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        args = dict(part.split("=") for part in query.split("&") if "=" in part)
        if path == "/start":
            body, kind = _START.format(query=query), "text/html; charset=utf-8"
        elif path == "/next":
            body = _NEXT.format(lang=args["lang"].split("-"), words=[w.replace("+", " ") for w in args["words"].split("-")],
                                delay=args.get("delay", "15"))
            kind = "text/html; charset=utf-8"
        elif path == "/style.css":
            body, kind = "h1 { color: #234 }", "text/css"
        elif path == "/picture.svg":
            body, kind = "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'/>", "image/svg+xml"
        else:
            self.send_error(404)
            return
        send_body(self, body, kind)


PLATFORM = """\
name: Late
base_url: http://127.0.0.1:9
languages: [en, de]
{switch}
"""

SCENARIO = """\
id: late
title: {{en: Late, de: Spät}}
summary: {{en: A page that says its language late., de: Eine Seite.}}
audience: [member]
topic: basics
start: /start?{query}
steps:
  - click: {{role: link, name: Next}}
    say: Click Next.
"""

MARKER = """\
language_switch:
  locale: true
  check:
    marker:
      en: {role: link, name: Log out}
      de: {role: link, name: Abmelden}
"""


def _capture(root: Path, url: str, switch: str, query: str) -> Any:
    content = root / "content"
    (content / "scenarios").mkdir(parents=True)
    (content / "platform.yaml").write_text(PLATFORM.format(switch=textwrap.dedent(switch)), encoding="utf-8")
    (content / "scenarios" / "late.yaml").write_text(SCENARIO.format(query=query), encoding="utf-8")
    project = load_project(root)
    assert not project.problems, [str(p) for p in project.problems]
    [result] = capture_project(root, endpoints=[Endpoint(url)], progress=False, languages=["en"]).results
    return result


def test_a_page_that_says_its_language_just_after_its_load_is_judged_by_what_it_says_then(tmp_path: Path) -> None:
    with serving(_Handler) as url:
        right = _capture(tmp_path / "right", url, "", "lang=de-en&words=Log+out-Log+out")
        wrong = _capture(tmp_path / "wrong", url, "", "lang=en-de&words=Log+out-Log+out")
    assert right.status == "passed", right.cause  # German at its load only: not a failure
    assert wrong.status == "failed", "the shot of a page in German passed as English"
    # caught as the click's page settles, or by the result shot's proof of its quiet moment
    assert wrong.step in (1, None) and "the page is in de, not en (html lang=de)" in wrong.cause, wrong.cause


def test_a_marker_that_goes_just_after_the_load_fails_the_capture(tmp_path: Path) -> None:
    with serving(_Handler) as url:
        kept = _capture(tmp_path / "kept", url, MARKER, "lang=en-en&words=Log+out-Log+out")
        # 45 ms: after the check that follows the click, before the result shot is proven (without the proof's
        # look at the marker, the capture passed with "Abmelden" in its result shot)
        lost = _capture(tmp_path / "lost", url, MARKER, "lang=en-en&words=Log+out-Abmelden&delay=45")
    assert kept.status == "passed", kept.cause
    assert lost.status == "failed", "the shot of a page in German passed as English"
    assert "the page is in de, not en (de marker link “Abmelden” shown" in lost.cause, lost.cause
