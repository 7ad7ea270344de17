"""Click-through demos: one offline page per scenario and language, clicked through in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image

from builder.cli import main
from builder.content.catalog import messages
from builder.content.loading import load_project
from builder.outputs.demos.build import hotspot
from builder.outputs.viewmodel import build_view_model

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "annotate-wiki-page"  # the demo content: two clicks on proven targets, then a fill and an expect


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's demo content and committed screenshots, with its demos written by the CLI."""
    root = tmp_path_factory.mktemp("demos") / "project"
    root.mkdir()
    for name in ("content", "screenshots"):
        shutil.copytree(REPO / name, root / name)
    result = CliRunner().invoke(main, ["-C", str(root), "demos", "--only", SCENARIO])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 click-through demos." in result.output
    return root


def demo_file(root: Path, lang: str) -> Path:
    return root / "_build" / "demos" / lang / f"{SCENARIO}.html"


def test_each_hotspot_sits_on_the_highlight_capture_drew(demo_project: Path) -> None:
    """The hotspot comes from the recorded box, and the image shows the highlight right there."""
    project = load_project(demo_project)
    scale = project.platform.device_scale_factor
    colour = tuple(int(project.platform.highlight_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    placed = 0
    for lang in project.languages:
        for step in build_view_model(project).page(SCENARIO, lang).steps:
            spot = hotspot(step, scale)
            if spot is None:
                continue
            placed += 1
            with Image.open(step.image) as opened:
                image = opened.convert("RGB")
            w, h = image.size
            # the hotspot, widened by the highlight's own margin: its border is drawn around the target
            box = (int(w * spot.left / 100) - 8, int(h * spot.top / 100) - 8,
                   int(w * (spot.left + spot.width) / 100) + 8, int(h * (spot.top + spot.height) / 100) + 8)
            data = image.crop(box).tobytes()
            pixels = [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]
            near = sum(1 for p in pixels if all(abs(a - b) < 40 for a, b in zip(p, colour, strict=True)))
            assert near > 40, f"{lang} step {step.number}: no highlight under the hotspot {box}"
    assert placed == 4  # two clicks per language


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_reader_clicks_through_to_the_end(demo_project: Path, chromium: Any, lang: str) -> None:
    words = messages(lang).section("demos")
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(demo_file(demo_project, lang).as_uri())
    shown = page.locator(".hw-step:not([hidden])")
    assert page.locator("#hw-progress").inner_text() == words["progress"].format(number=1, count=4)
    clicks = 0
    for _ in range(4):
        spot = shown.locator(".hw-hotspot")
        if spot.count():
            assert page.locator(".hw-next").is_hidden()  # the target is the way on, not a button
            spot.click()
            clicks += 1
        else:
            page.locator(".hw-next").click()
    assert clicks == 2
    assert page.locator("#hw-progress").inner_text() == words["finished"]
    assert words["done_text"] in shown.inner_text()
    assert page.locator(".hw-restart").is_visible()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests  # offline, one file
    page.close()


@pytest.mark.browser
def test_a_click_beside_the_target_shows_the_hint_and_keys_move(demo_project: Path, chromium: Any) -> None:
    words = messages("fr").section("demos")
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(demo_file(demo_project, "fr").as_uri())
    first = page.locator('.hw-step[data-step="1"]')
    hint = first.locator(".hw-hint")
    assert hint.is_hidden()
    first.locator("img").click(position={"x": 20, "y": 300})  # the side menu, not the Annotate button
    assert hint.is_visible() and hint.inner_text() == words["hint"]
    assert first.is_visible()  # a miss does not advance
    page.keyboard.press("ArrowRight")
    assert page.locator('.hw-step[data-step="2"]').is_visible() and first.is_hidden()
    page.keyboard.press("ArrowLeft")
    assert first.is_visible() and hint.is_hidden()  # back on the step, the hint is gone
    page.keyboard.press("Enter")  # the hotspot has the focus: Enter does the step
    assert page.locator('.hw-step[data-step="2"]').is_visible()
    page.keyboard.press("End")
    assert page.locator("#hw-progress").inner_text() == words["finished"]
    page.keyboard.press("Home")
    assert first.is_visible()
    page.close()


@pytest.mark.slow
def test_the_help_page_links_its_demo(site_root) -> None:
    from builder.outputs.site.build import build_site_report

    root = site_root("test-basic")
    result = CliRunner().invoke(main, ["-C", str(root), "demos"])
    assert result.exit_code == 0, result.output
    assert (root / "_build" / "demos" / "fr" / "annotate-page.html").is_file()
    assert not (root / "_build" / "demos" / "en" / "annotate-page.html").exists()  # no English screenshots
    sites = build_site_report(root)
    fr = (sites["fr"].site / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    assert 'href="../_demos/annotate-page.html">Essayer</a>' in fr
    assert (sites["fr"].site / "_demos" / "annotate-page.html").is_file()
    en = (sites["en"].site / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    assert "_demos/" not in en and not (sites["en"].site / "_demos" / "annotate-page.html").exists()


def test_a_demo_of_a_page_in_doubt_says_so(site_root) -> None:
    import os

    from builder.outputs.demos.build import render_demo
    from builder.shots.report import FAILED, CaptureResult, CaptureSummary, write_json_report

    root = site_root("test-basic")
    view = build_view_model(load_project(root))
    page = view.page("annotate-page", "fr")
    assert page.state is None  # images in good standing, but no manifest: no hotspot, no notice
    html = render_demo(page, view)
    assert html is not None and '<p class="hw-notice"' not in html and 'class="hw-hotspot"' not in html
    report = root / "_build" / "capture-report.json"
    write_json_report(report, CaptureSummary(results=[CaptureResult("annotate-page", "fr", FAILED, step=2)]))
    os.utime(report, (1772443800, 1772443800))
    view = build_view_model(load_project(root))
    failed = render_demo(view.page("annotate-page", "fr"), view)
    assert failed is not None and messages("fr").section("demos")["notice_failed"] in failed
    assert render_demo(view.page("annotate-page", "en"), view) is None  # no English screenshots
