"""The one-round-trip checks of :func:`builder.capture.steps.wait_until` never answer for a page going away.

Playwright's own wait lets a navigation under way commit before it looks. In real Chromium, against a
page on 127.0.0.1 whose next page answers late (nothing at all for a second and a half, then the page).
"""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler

import pytest

from tests.localserver import serving

pytestmark = pytest.mark.browser

_PAGES = {"/": "<h1>Before</h1><p>Only on the page going away</p>", "/late": "<h1>After</h1>",
          "/late-before": "<h1>Before</h1>"}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/late"):
            time.sleep(1.5)  # not even the headers: the page on screen stays until then
        body = f"<!doctype html><html lang=en><title>t</title>{_PAGES.get(self.path, '')}</html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


def test_a_target_on_the_page_going_away_is_not_found_on_the_next() -> None:
    from playwright.sync_api import Error as PlaywrightError

    from builder.browser import launch_chromium, playwright_driver
    from builder.capture.steps import NetworkWatch, wait_until

    with serving(_Handler) as url, playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            watch = NetworkWatch(page)
            page.goto(url)
            target = page.get_by_text("Only on the page going away")
            assert target.is_visible()
            page.evaluate("(url) => { location.href = url; }", f"{url}/late")
            started = time.monotonic()
            with pytest.raises(PlaywrightError):
                wait_until(target, "visible", 3, watch)  # the next page has no such text
            assert time.monotonic() - started >= 3, "answered before the wait's timeout"
            assert page.url.endswith("/late") and not watch.navigating
            wait_until(page.get_by_role("heading", name="After"), "visible", 3, watch)  # settled: at once
            # `hidden` is always waited for, never answered at once from the page going away (which has no "Before")
            page.evaluate("(url) => { location.href = url; }", f"{url}/late-before")
            deadline = time.monotonic() + 1
            while not watch.navigating and time.monotonic() < deadline:  # the next page asked for, not yet come
                page.wait_for_timeout(20)
            assert watch.navigating
            with pytest.raises(PlaywrightError):
                wait_until(page.get_by_role("heading", name="Before"), "hidden", 1, watch)
        finally:
            browser.close()
