"""Printing handouts loads nothing from the network or from outside the project (real Chromium)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from builder.errors import BuildError
from builder.outputs.handouts.build import guard_page, print_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    # The module's browser, from the session's driver (tests/fixtures_browser.py), closed with the module.
    from builder.browser import launch_chromium, playwright_driver

    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A loopback web server that records every request it gets."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A project with one screenshot, a print folder, and a picture outside both."""
    root, work = tmp_path / "project", tmp_path / "print"
    (root / "screenshots").mkdir(parents=True)
    work.mkdir()
    Image.new("RGB", (40, 20), "red").save(root / "screenshots" / "in.png")
    Image.new("RGB", (40, 20), "blue").save(tmp_path / "outside.png")
    return root, work, tmp_path / "outside.png"


def test_project_files_print(chromium: Any, layout: tuple[Path, Path, Path]) -> None:
    root, work, _ = layout
    page = chromium.new_page()
    try:
        guard_page(page, [root, work])
        pdf = print_html(page, work / "ok.html", f'<img src="{(root / "screenshots" / "in.png").as_uri()}">')
    finally:
        page.close()
    assert pdf.startswith(b"%PDF")


def test_a_file_outside_the_project_is_not_loaded(chromium: Any, layout: tuple[Path, Path, Path]) -> None:
    root, work, outside = layout
    page = chromium.new_page()
    try:
        guard_page(page, [root, work])
        with pytest.raises(BuildError, match=f"cannot load image {outside.as_uri()}"):
            print_html(page, work / "out.html", f'<img src="{outside.as_uri()}">')
    finally:
        page.close()


def test_nothing_is_fetched_from_the_network(chromium: Any, layout: tuple[Path, Path, Path],
                                             server: tuple[str, list[str]]) -> None:
    root, work, _ = layout
    base, hits = server
    html = (f'<link rel="stylesheet" href="{base}/sheet.css">'
            f'<style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png") }}</style>'
            f'<p>text</p><img src="{base}/picture.png">')
    page = chromium.new_page()
    try:
        guard_page(page, [root, work])
        with pytest.raises(BuildError, match=f"cannot load image {base}/picture.png"):
            print_html(page, work / "net.html", html)
    finally:
        page.close()
    assert hits == []
