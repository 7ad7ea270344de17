"""One real-browser smoke test: log in with Chromium and screenshot the dashboard."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from .conftest import FROZEN, PASSWORD

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SYSTEM_CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
def test_login_and_screenshot_dashboard(data_dir: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from PIL import Image

    from agora.server import serve_in_thread

    url, stop = serve_in_thread(data_dir, frozen_time=FROZEN)
    try:
        with sync_api.sync_playwright() as p:
            try:
                browser = p.chromium.launch(args=CHROMIUM_ARGS)
            except sync_api.Error:  # Playwright's own browser is not installed: use the system one
                if not Path(SYSTEM_CHROMIUM).exists():
                    pytest.skip("no Chromium available")
                browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="fr-FR")
            page.goto(url + "/login")
            page.get_by_label("Identifiant").fill("alice")
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(url + "/dashboard")
            assert page.get_by_role("heading", name="Fil d'activité").is_visible()
            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot))
            browser.close()
    finally:
        stop()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
    image = Image.open(io.BytesIO(data))
    assert image.size == (1280, 800)
    assert len(image.convert("RGB").getcolors(1_000_000) or []) > 50  # not a blank page
