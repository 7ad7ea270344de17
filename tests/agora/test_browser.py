"""One real-browser smoke test: log in with Chromium and screenshot the dashboard."""
from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import FROZEN, PASSWORD

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SYSTEM_CHROMIUM = "/usr/bin/chromium"


@contextmanager
def _chromium(playwright: Any, sync_api: Any) -> Iterator[Any]:
    """A Chromium from the session's driver (tests/fixtures_browser.py), closed however the test ends."""
    try:
        browser = playwright.chromium.launch(args=CHROMIUM_ARGS)
    except sync_api.Error:  # Playwright's own browser is not installed: use the system one
        if not Path(SYSTEM_CHROMIUM).exists():
            pytest.skip("no Chromium available")
        browser = playwright.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.mark.browser
def test_login_and_screenshot_dashboard(data_dir: Path, tmp_path: Path, playwright_session: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from PIL import Image

    from agora.server import serve_in_thread

    url, stop = serve_in_thread(data_dir, frozen_time=FROZEN)
    try:
        with _chromium(playwright_session, sync_api) as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="fr-FR")
            page.goto(url + "/login")
            page.get_by_label("Identifiant").fill("alice")
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(url + "/dashboard")
            assert page.get_by_role("heading", name="Fil d'activité").is_visible()
            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot))
    finally:
        stop()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    image = Image.open(io.BytesIO(data))
    assert image.size == (1280, 800)
    assert len(image.convert("RGB").getcolors(1_000_000) or []) > 50  # not a blank page


CSP_PAGES = ["/dashboard", "/members", "/groups", "/groups/1", "/blog", "/blog/2", "/pages/view/1",
             "/pages/history/1?rev=2", "/files/upload", "/profile/claire", "/profile/edit",
             "/settings/notifications", "/admin", "/admin/users", "/admin/import", "/admin/outbox"]


@pytest.mark.browser
def test_pages_render_under_the_content_security_policy(data_dir: Path, playwright_session: Any) -> None:
    """Chromium enforces the CSP: no page trips it, the stylesheet applies, framing is refused."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from agora.server import serve_in_thread

    url, stop = serve_in_thread(data_dir, frozen_time=FROZEN)
    violations: list[str] = []
    try:
        with _chromium(playwright_session, sync_api) as browser:
            page = browser.new_page(locale="fr-FR")
            page.on("console", lambda msg: violations.append(msg.text)
                    if "Content Security Policy" in msg.text else None)
            page.goto(url + "/login")
            page.get_by_label("Identifiant").fill("claire")
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(url + "/dashboard")
            for path in CSP_PAGES:
                response = page.goto(url + path)
                assert response is not None and "default-src 'none'" in \
                    response.headers["content-security-policy"]
                # agora.css applied: the page background is the stylesheet's, not the default white
                assert page.evaluate("getComputedStyle(document.body).backgroundColor") == \
                    "rgb(243, 245, 249)", path
            page.goto(url + "/groups")
            assert page.locator(".group-card").first.evaluate(
                "e => getComputedStyle(e).flexDirection") == "column"
            # Another site cannot frame Agora.
            framing = browser.new_page()
            framing.set_content(f'<iframe src="{url}/login" width="600" height="400"></iframe>')
            framed = framing.main_frame.child_frames[0]
            for _ in range(100):  # until the frame has an answer: Agora's page or an error page
                if framed.url != "about:blank":
                    break
                framing.wait_for_timeout(50)
            assert framed.url.startswith("chrome-error:")
            assert 'id="login-form"' not in framed.content()
    finally:
        stop()
    assert violations == []
