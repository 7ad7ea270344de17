"""Settling after an action: the page's own requests are waited for, the browser's fetch of its icon is not.

In real Chromium, against a tiny server on 127.0.0.1 that holds chosen responses until told
(see :func:`builder.capture.steps.settle` and :class:`builder.capture.steps.NetworkWatch`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from builder.capture.steps import NetworkWatch, quiet_since, settle

pytestmark = pytest.mark.browser

_PAGE = b"""<!doctype html><html lang="fr"><head><link rel="icon" href="/icon.svg"></head>
<body><p>Bonjour</p>%s</body></html>"""
# A request the page makes once loaded: what it brings shows on the page.
_LATE_FETCH = b"""<p id=late></p><script>addEventListener('load', () => setTimeout(() =>
  fetch('/data').then((r) => r.text()).then((t) => { document.getElementById('late').textContent = t; }), 0));
</script>"""


# Two pages for a capture: /start links to /next, which asks for its banner (answered 0.3 s late) the moment
# anything is added to it: in a capture, that is while the next step is being taken, when its highlight is drawn.
_START = b"""<!doctype html><html lang="en"><head><link rel="icon" href="/icon.svg"></head>
<body style="margin:0"><a href="/next" style="display:block;margin:100px 40px">Next</a>
<a href="/confirm" style="display:block;margin:0 40px">Confirm</a></body></html>"""
_NEXT = b"""<!doctype html><html lang="en"><head><link rel="icon" href="/icon.svg"></head><body style="margin:0">
<div id=banner style="height:80px"></div><button style="margin:40px">Save</button><script>
new MutationObserver((records, observer) => {
  observer.disconnect();
  fetch('/banner').then((r) => r.text()).then((t) => {
    const banner = document.getElementById('banner'); banner.textContent = t; banner.style.background = '#0080ff'; });
}).observe(document.documentElement, {childList: true, subtree: true});
</script></body></html>"""


# A button whose click tells the server (a request), then asks a question no step expects.
_CONFIRM = b"""<!doctype html><html lang="en"><head><link rel="icon" href="/icon.svg"></head><body style="margin:0">
<button style="margin:40px" onclick="fetch('/count').then(() => confirm('Really?'))">Delete</button></body></html>"""


# A page that loads a style sheet and an image, then says another language 600 ms after its load (time for
# settle to return at the load on a loaded machine). Served in two
# parts (see _Server): they are asked for once the navigation is under way, after the click returned.
_STYLED = b"""<!doctype html><html lang="de"><head><link rel="icon" href="/icon.svg"><!-- then -->
<link rel="stylesheet" href="/style.css"></head><body><p>Styled</p><img src="/picture.svg" alt="">
<script>addEventListener('load', () => setTimeout(() => { document.documentElement.lang = 'en'; }, 600));</script>
</body></html>"""


# A page that fetches nothing as it loads, then says another language 600 ms after its load, with no request.
_SWITCHING = b"""<!doctype html><html lang="de"><head><link rel="icon" href="/icon.svg"></head><body><p>Hallo</p>
<script>addEventListener('load', () => setTimeout(() => { document.documentElement.lang = 'en'; }, 600));</script>
</body></html>"""


class _Server:
    """Serves ``/`` (with or without a late fetch), ``/start``, ``/next`` and ``/banner`` (0.3 s late);
    ``/icon.svg`` and ``/data`` wait for their events."""

    def __init__(self) -> None:
        self.seen = {"/icon.svg": threading.Event(), "/data": threading.Event()}
        self.counted = 0
        self.release = {"/icon.svg": threading.Event(), "/data": threading.Event()}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path in server.seen:
                    server.seen[path].set()
                    server.release[path].wait(30)
                    body, kind = (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml") \
                        if path == "/icon.svg" else (b"late text", "text/plain")
                elif path == "/banner":
                    time.sleep(0.3)
                    body, kind = b"Welcome back", "text/plain"
                elif path in ("/start", "/next", "/confirm"):
                    body, kind = {"/start": _START, "/next": _NEXT, "/confirm": _CONFIRM}[path], "text/html"
                elif path == "/styled":  # its head first (the click's navigation is under way), then the rest
                    head, rest = _STYLED.split(b"<!-- then -->")
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(head)
                    self.wfile.flush()
                    time.sleep(0.15)
                    self.wfile.write(rest)
                    return
                elif path in ("/style.css", "/picture.svg"):
                    time.sleep(0.05)  # the load waits for them
                    body, kind = (b"p { color: #333 }", "text/css") if path == "/style.css" else \
                        (b"<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'/>", "image/svg+xml")
                elif path == "/switching":
                    body, kind = _SWITCHING, "text/html"
                elif path == "/count":
                    server.counted += 1
                    body, kind = b"counted", "text/plain"
                else:
                    body, kind = _PAGE % (_LATE_FETCH if "late" in self.path else b""), "text/html"
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the page that asked was closed meanwhile

            def log_message(self, *_args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        for event in self.release.values():
            event.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    served = _Server()
    yield served
    served.close()


def _browser_context(lang: str | None = None) -> Iterator[Any]:
    """A browser for one test (its interface in ``lang``, if given), closed with it."""
    from builder.browser import launch_chromium, playwright_driver
    from builder.capture.nativelang import interface_args, interface_env

    with playwright_driver() as pw:
        browser = launch_chromium(pw, extra_args=interface_args(lang) if lang else (),
                                  extra_env=interface_env(lang) if lang else None)
        try:
            yield browser.new_context()
        finally:
            browser.close()


@pytest.fixture
def context() -> Iterator[Any]:
    yield from _browser_context()


@pytest.fixture
def full_context() -> Iterator[Any]:
    """A browser in French: the full Chromium, as a capture in any language but English runs
    (the headless shell, which English captures use where installed, fetches no page icon)."""
    yield from _browser_context("fr")


def test_the_browsers_fetch_of_the_page_icon_is_not_waited_for(full_context: Any, server: _Server) -> None:
    page = full_context.new_page()
    try:
        watch = NetworkWatch(page)
        page.goto(server.url + "/", wait_until="load")
        assert server.seen["/icon.svg"].wait(10), "Chromium did not fetch the page's icon"
        page.evaluate("1")  # the request event reaches the watch
        started = time.monotonic()
        said = settle(page, watch, timeout=20, attribute="lang")
        assert time.monotonic() - started < 10, "settle waited for the icon"
        assert not server.release["/icon.svg"].is_set()  # the icon was still on its way
        assert said is not None and said.attribute == "fr" and said.started == watch.started
    finally:
        page.close()


def test_a_request_the_page_makes_once_loaded_is_waited_for(context: Any, server: _Server) -> None:
    page = context.new_page()
    try:
        watch = NetworkWatch(page)
        server.release["/icon.svg"].set()
        released = threading.Event()

        def answer_later() -> None:
            if server.seen["/data"].wait(10):
                time.sleep(0.4)
                released.set()
                server.release["/data"].set()

        threading.Thread(target=answer_later, daemon=True).start()
        page.goto(server.url + "/?late", wait_until="load")
        settle(page, watch, timeout=20)
        assert released.is_set(), "settle returned while the page's own request was in flight"
        assert page.text_content("#late") == "late text"
    finally:
        page.close()


def test_a_page_that_fetched_while_loading_is_settled_at_its_load_and_its_language_read_again_later(
        context: Any, server: _Server) -> None:
    """A click opens a page that fetches a style sheet and an image as it loads: those are over by its load, so
    it is settled there, its quiet moment owed to the next shot. It says another language 600 ms after its load,
    with no request: the proof of the owed moment reads the attribute again, and fails."""
    page = context.new_page()
    try:
        watch = NetworkWatch(page)
        server.release["/icon.svg"].set()
        page.set_content(f'<a href="{server.url}/styled">Styled</a>')
        since = watch.started
        page.click("a")
        said = settle(page, watch, since=since, defer=True, attribute="lang")
        assert said is not None and said.owed and said.attribute == "de"
        assert page.evaluate("() => document.images[0].complete && document.styleSheets.length") == 1
        page.wait_for_timeout(900)  # the shot's work; the page switches meanwhile
        assert not quiet_since(page, watch, said), "the language said at the load was taken for the last word"
    finally:
        page.close()


def test_an_owed_quiet_moment_is_not_proven_when_the_page_says_another_language_meanwhile(
        context: Any, server: _Server) -> None:
    """A click opens a page that fetches nothing as it loads: settled at its load, its quiet moment owed to the
    next shot. When the page says another language by then, with no request, the moment is not proven (the
    capture then settles in full and checks the language again); a page that keeps its language proves it."""
    page = context.new_page()
    try:
        watch = NetworkWatch(page)
        server.release["/icon.svg"].set()
        for path, switches in (("/switching", True), ("/", False)):
            page.set_content(f'<a href="{server.url}{path}">Next</a>')
            since = watch.started
            page.click("a")
            said = settle(page, watch, since=since, defer=True, attribute="lang")
            assert said is not None and said.owed and said.attribute == ("de" if switches else "fr")
            page.wait_for_timeout(900)  # the shot's work; the page switches meanwhile
            assert quiet_since(page, watch, said) is not switches
    finally:
        page.close()


def test_a_request_of_another_kind_at_the_icons_place_still_counts() -> None:
    """Only a fetch of kind "other" (the browser's own) at an icon's address is left out."""

    class _Page:
        def on(self, *_args: Any) -> None:
            pass

    class _Request:
        def __init__(self, url: str, kind: str) -> None:
            self.url, self.resource_type = url, kind

    watch = NetworkWatch(_Page())  # type: ignore[arg-type]
    watch.icons.add("http://x/icon.svg")
    for request in (_Request("http://x/icon.svg", "other"), _Request("http://x/favicon.ico", "other")):
        watch._start(request)
    assert not watch.busy_since(0)
    image = _Request("http://x/icon.svg", "image")
    watch._start(image)
    assert watch.busy_since(0) and watch.inflight == 1
    watch._end(image)
    assert watch.busy_since(0) and not watch.busy_since(3) and watch.inflight == 0
    embedded = _Request("http://x/plugin.pdf", "other")
    watch._start(embedded)
    assert watch.busy_since(3)


def test_a_shot_after_an_action_waits_for_what_the_page_asks_for_once_loaded(tmp_path: Path, server: _Server) -> None:
    """After an action, capture does not wait a quiet moment before the next step: the next shot's own watch
    proves it. Here the page asks for its banner while step 2 is being taken: that shot is dropped, the page
    settled, and the step taken again, so its image shows the banner."""
    from PIL import Image

    from builder.capture import capture_project
    from tests.test_capture_visibility import _project

    server.release["/icon.svg"].set()
    root = _project(tmp_path, server.url, ["en"], [{"id": "banner", "start": "/start", "steps": [
        {"click": {"role": "link", "name": "Next"}, "say": "Click Next."},
        {"expect": {"target": {"role": "button", "name": "Save"}}, "say": "The page shows Save."}]}])
    result = capture_project(root, progress=False).results[0]
    assert result.status == "passed", result.message()
    for image in ("result.png", "02.png"):
        with Image.open(root / "screenshots" / "en" / "banner" / image) as img:
            r, g, b = img.convert("RGB").getpixel((600, 40))  # step 2's highlight dims the page around Save
            assert r < 30 and 100 < g < 140 and b > 200, f"{image} was shot before the banner came ({r}, {g}, {b})"


def test_a_step_that_fails_after_its_action_is_not_taken_again(tmp_path: Path, server: _Server) -> None:
    """Only a step that failed before its shot proved the quiet moment is taken again: once the action ran (here
    a click the server counts, then a question no step expects), the failure is the step's, reported once."""
    from builder.capture import capture_project
    from tests.test_capture_visibility import _project

    server.release["/icon.svg"].set()
    root = _project(tmp_path, server.url, ["en"], [{"id": "confirm", "start": "/start", "steps": [
        {"click": {"role": "link", "name": "Confirm"}, "say": "Click Confirm."},
        {"click": {"role": "button", "name": "Delete"}, "say": "Click Delete."}]}])
    result = capture_project(root, progress=False).results[0]
    assert result.status == "failed", result.message()
    assert "step 2" in result.message() and "Really?" in result.message(), result.message()
    assert server.counted == 1, f"the click ran {server.counted} times"
