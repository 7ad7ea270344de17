"""Stable selectors: what capture records for a step's target, checked in real Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from builder.capture import Endpoint, capture_project
from builder.capture.selector import stable_selector
from builder.shots.selectors import RESOLVE_SELECTOR

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="en"><body>
<header><a href="/">Home</a></header>
<main>
  <form id="post-form"><label for="title">Title</label><input id="title">
    <button type="submit">Publish</button></form>
  <button id="ember1234">Generated</button>
  <ul id="cards">
    <li data-testid="card-a"><h3>Alpha</h3><button data-testid="join">Join</button></li>
    <li data-testid="card-b"><h3>Beta</h3><button data-testid="join">Join</button></li>
  </ul>
  <p><button>Twin</button><button>Twin</button></p>
</main>
<nav><button>Publish</button></nav>
</body></html>"""


@contextmanager
def _browser() -> Iterator[Any]:
    """A Chromium for one test, closed with it."""
    from builder.browser import launch_chromium, playwright_driver

    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page() -> Iterator[Any]:
    with _browser() as browser:
        page = browser.new_page()
        page.set_content(PAGE)
        yield page


def _resolves_to_one(page: Any, selector: str, css_of_element: str) -> bool:
    return bool(page.evaluate(
        f"([sel, css]) => {{ const found = ({RESOLVE_SELECTOR})(sel); "
        "return found.length === 1 && found[0] === document.querySelector(css); }",
        [selector, css_of_element]))


@pytest.mark.parametrize(("locate", "css", "expected"), [
    # a readable id first
    (lambda p: p.get_by_label("Title"), "#title", "#title"),
    # a data-testid repeated in each card: scoped by the card's own, unique one
    (lambda p: p.get_by_test_id("join").nth(1), "[data-testid=card-b] button",
     '[data-testid="card-b"] [data-testid="join"]'),
    # no id nor data: role and name, inside the form that has an id (another "Publish" is in the nav)
    (lambda p: p.locator("#post-form button"), "#post-form button", '#post-form >> role=button[name="Publish"]'),
    # a generated-looking id is skipped for the role and name
    (lambda p: p.locator("#ember1234"), "#ember1234", 'role=button[name="Generated"]'),
])
def test_selector_prefers_id_then_data_then_accessible_name(page: Any, locate: Any, css: str,
                                                            expected: str) -> None:
    selector = stable_selector(locate(page))
    assert selector == expected
    assert _resolves_to_one(page, selector, css)


def test_no_unique_selector_records_none(page: Any) -> None:
    # Two identical buttons side by side, with nothing to tell them apart but their order.
    assert stable_selector(page.get_by_role("button", name="Twin").first) is None


@pytest.mark.parametrize("steps", [[], [3, 5]])
def test_steps_without_a_selector_are_reported_after_capture(steps: list[int]) -> None:
    from builder.shots.report import CaptureResult, CaptureSummary, selector_lines

    summary = CaptureSummary(results=[CaptureResult("write-blog-post", "fr", "passed", no_selector=steps)])
    expected = [] if not steps else ["note: fr/write-blog-post step(s) 3, 5: no stable selector found"]
    assert [line.split(" for the target")[0] for line in selector_lines(summary)] == expected


def test_capture_records_a_selector_that_finds_the_target(capture_project_copy: Path, agora: Any,
                                                          demo_password: str) -> None:
    root = capture_project_copy
    agora.reset()
    summary = capture_project(root, progress=False, endpoints=[Endpoint(agora.url, agora.reset)],
                              languages=["en"], only=["write-blog-post"])
    assert summary.ok, [r.message() for r in summary.results]
    assert summary.results[0].no_selector == []  # every target found has one: nothing to report
    manifest = json.loads((root / "screenshots/en/write-blog-post/manifest.json").read_text(encoding="utf-8"))
    targets = json.loads(json.dumps({i["step"]: i["target"] for i in manifest["images"] if i.get("target")}))
    targets = {int(k): v for k, v in targets.items()}
    assert {1, 2, 3, 4, 5} <= set(targets)
    assert all(t.get("selector") for n, t in targets.items() if n in (1, 2, 3, 4, 5)), targets

    # A manifest written before selectors existed stays valid: recapturing it marks nothing pending and
    # leaves every image's bytes alone; only the manifest gains the selectors.
    folder = root / "screenshots/en/write-blog-post"
    images = {p.name: p.read_bytes() for p in folder.glob("*.png")}
    for image in manifest["images"]:
        (image.get("target") or {}).pop("selector", None)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    agora.reset()
    again = capture_project(root, progress=False, endpoints=[Endpoint(agora.url, agora.reset)],
                            languages=["en"], only=["write-blog-post"])
    assert [r.status for r in again.results] == ["passed"], [r.message() for r in again.results]
    assert not (root / "screenshots/.pending/en/write-blog-post").exists()
    assert {p.name: p.read_bytes() for p in folder.glob("*.png")} == images
    renewed = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert renewed["definition_hash"] == manifest["definition_hash"]
    assert {i["step"]: i["target"] for i in renewed["images"] if i.get("target")} == targets
    # The selector of step 2 (the Title field) finds that one field on the form page, at the recorded box.
    with _browser() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(agora.url + "/login?lang=en")
        page.get_by_label("Username").fill("bruno")
        page.get_by_label("Password").fill(demo_password)
        page.get_by_role("button", name="Log in").click()
        page.goto(agora.url + manifest["images"][1]["page"]["url"])
        box = page.evaluate(f"(sel) => {{ const f = ({RESOLVE_SELECTOR})(sel); if (f.length !== 1) return f.length; "
                            "const r = f[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }",
                            targets[2]["selector"])
        assert isinstance(box, list), f"{targets[2]['selector']} matched {box} elements"
        assert all(abs(v - w) <= 1 for v, w in zip(box[2:], targets[2]["box"][2:], strict=True)), box


def test_a_step_without_an_image_records_its_target_for_tours(capture_project_copy: Path, agora: Any) -> None:
    """`shot: false` publishes no image, but its element is what an in-app tour must point at."""
    from builder.content.loading import load_project
    from builder.outputs.tours.build import tour_definition
    from builder.outputs.viewmodel import build_view_model

    root = capture_project_copy
    agora.reset()
    summary = capture_project(root, progress=False, endpoints=[Endpoint(agora.url, agora.reset)],
                              languages=["en"], only=["change-interface-language"])
    assert summary.ok, [r.message() for r in summary.results]
    manifest = json.loads((root / "screenshots/en/change-interface-language/manifest.json").read_text(encoding="utf-8"))
    unshot = {entry["step"]: entry for entry in manifest["unshot"]}
    assert set(unshot) == {5} and {i["step"] for i in manifest["images"]}.isdisjoint(unshot)  # Save: `shot: false`
    save = unshot[5]["target"]
    assert save["role"] == "button" and save["name"] == "Save" and "box" not in save  # no image: no box on one
    assert save["selector"] and unshot[5]["page"]["url"].startswith("/profile/edit")
    view = build_view_model(load_project(root))
    tour, left_out = tour_definition(view.page("change-interface-language", "en"), view)
    assert 5 in [s["step"] for s in tour["steps"]] and not left_out
