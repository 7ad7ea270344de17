"""In-app tours: written from a real capture, then run with Driver.js inside the live Agora, in fr and en."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from builder.content.loading import load_project
from builder.outputs.tours.build import build_tours
from builder.outputs.viewmodel import build_view_model
from tests.inapp import capture, platform_page

SCENARIO = "find-your-way"  # five steps over two pages: the dashboard, then the wiki


@pytest.fixture(scope="module")
def tours(tmp_path_factory: pytest.TempPathFactory, agora: Any) -> tuple[Path, Path]:
    import shutil

    from tests.fixtures_browser import REPO

    root = tmp_path_factory.mktemp("tours") / "project"
    shutil.copytree(REPO / "content", root / "content")
    capture(root, agora, [SCENARIO], ["fr", "en"])
    result = build_tours(build_view_model(load_project(root)), only=[SCENARIO])
    assert set(result.written) == {("fr", SCENARIO), ("en", SCENARIO)}
    return root, result.out


def _rect(page: Any, script: str) -> dict[str, float]:
    return page.evaluate(f"() => {{ const r = ({script}).getBoundingClientRect(); "
                         "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }")


def _gap(a: dict[str, float], b: dict[str, float]) -> tuple[float, float]:
    """How far apart two boxes are, across and down (0 where they overlap on that axis)."""
    return (max(0.0, a["left"] - b["right"], b["left"] - a["right"]),
            max(0.0, a["top"] - b["bottom"], b["top"] - a["bottom"]))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_tour_runs_in_agora_with_each_popover_on_its_element(tours: tuple[Path, Path], agora: Any,
                                                             demo_password: str, lang: str) -> None:
    root, out = tours
    manifest = json.loads((root / "screenshots" / lang / SCENARIO / "manifest.json").read_text(encoding="utf-8"))
    recorded = {i["step"]: i["target"] for i in manifest["images"] if i.get("target")}
    tour = json.loads((out / lang / f"{SCENARIO}.json").read_text(encoding="utf-8"))
    labels = {"fr": ("Suivant", "Précédent", "Terminé"), "en": ("Next", "Previous", "Done")}[lang]
    assert [tour["labels"][k] for k in ("next", "previous", "done")] == list(labels)
    assert [s["step"] for s in tour["steps"]] == [1, 2, 3, 4, 5]
    with platform_page(agora, demo_password, "alice", lang, serve={"/__tours/": out},
                       include=["/__tours/helpwright-tour.js"]) as page:
        page.wait_for_function("window.helpwrightTour && window.helpwrightTour.ready")
        page.evaluate(f"helpwrightTour.start({SCENARIO!r})")
        for number, step in enumerate(tour["steps"], start=1):
            page.wait_for_selector(".driver-popover", state="visible")
            page.wait_for_function(f"document.querySelector('.driver-popover-progress-text')?.textContent"
                                   f".startsWith('{number} ')")
            # The element Driver.js highlights is the one the recorded selector finds, alone.
            assert page.evaluate("(sel) => { const f = helpwrightTour.resolve(sel); return f.length === 1 "
                                 "&& f[0] === document.querySelector('.driver-active-element'); }",
                                 step["selector"]), f"step {number}: {step['selector']} is not what is highlighted"
            # ...and it is the element capture found and shot: its recorded role, name and size.
            seen = page.evaluate("() => { const e = document.querySelector('.driver-active-element'); "
                                 "const r = e.getBoundingClientRect(); return [helpwrightTour.resolve.roleOf(e), "
                                 "helpwrightTour.resolve.nameOf(e), r.width, r.height]; }")
            target = recorded[step["step"]]
            assert seen[:2] == [target["role"], target["name"]], (number, seen, target)
            assert abs(seen[2] - target["box"][2]) <= 1 and abs(seen[3] - target["box"][3]) <= 1, (seen, target)
            element = _rect(page, "document.querySelector('.driver-active-element')")
            popover = _rect(page, "document.querySelector('.driver-popover')")
            across, down = _gap(element, popover)
            # Driver.js puts the popover beside its element: 20 px away (padding and offset), plus the arrow.
            assert max(across, down) <= 40 and min(across, down) == 0, (number, element, popover)
            # The step's text, as the tour file gives it, is what the popover says.
            shown = page.evaluate("(h) => { const d = document.createElement('div'); d.innerHTML = h; "
                                  "return [d.textContent, document.querySelector('.driver-popover-description')"
                                  ".textContent]; }", step["description"])
            assert shown[0] == shown[1] and shown[1].strip() and "**" not in shown[1], shown
            assert page.get_attribute(".driver-popover-close-btn", "aria-label") == {"fr": "Fermer", "en": "Close"}[lang]
            button = page.inner_text(".driver-popover-next-btn").strip()
            assert button == (labels[2] if number == len(tour["steps"]) else labels[0])
            if number > 1 and not page.url.endswith("/pages"):
                assert page.inner_text(".driver-popover-prev-btn").strip() == labels[1]
            page.click(".driver-popover-next-btn")
        page.wait_for_selector(".driver-popover", state="detached")
        assert page.evaluate("sessionStorage.getItem('helpwright-tour')") is None
        assert page.url.split("?")[0].endswith("/pages")  # the tour crossed to the wiki page of step 5


def test_tour_texts_are_escaped_and_steps_without_selector_are_left_out(tmp_path: Path) -> None:
    """A step's text is richtext's escaped HTML; a step with no recorded selector is reported, not guessed;
    a step with nothing to point at is no step of the tour, and no warning."""
    import shutil

    from tests.fixtures_browser import REPO

    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    source = root / "content/scenarios/getting-started/find-your-way.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "The **activity stream** shows", "The **activity stream** <img src=x onerror=alert(1)> shows"),
        encoding="utf-8")
    project = load_project(root)
    scenario = project.scenario(SCENARIO)
    step = {"target": {"role": "heading", "name": "x", "box": [0, 0, 1, 1], "selector": "#stream-heading"},
            "page": {"title": "t", "url": "/dashboard?lang=en"}}
    records = {("en", SCENARIO, "01.png"): step,
               ("en", SCENARIO, "02.png"): {"target": {"role": "region", "name": "y", "box": [0, 0, 1, 1]},
                                            "page": {"title": "t", "url": "/dashboard?lang=en"}},
               # a manifest arrives by merge request: the loader never navigates off the platform
               ("en", SCENARIO, "03.png"): {"target": {"role": "navigation", "name": "z", "selector": "nav"},
                                            "page": {"title": "t", "url": "javascript:alert(1)"}},
               ("en", SCENARIO, "04.png"): {"target": {"role": "link", "name": "w", "selector": "#a"},
                                            "page": {"title": "t", "url": "//elsewhere.example/"}},
               # nothing to point at (a `goto`, an expected URL): not a missing selector, the next step's page
               ("en", SCENARIO, "05.png"): {"target": None, "page": {"title": "t", "url": "/pages?lang=en"}}}
    view = build_view_model(project, checks={}, records=records)
    result = build_tours(view, languages=["en"], only=[SCENARIO], out=tmp_path / "tours")
    tour = json.loads((tmp_path / "tours/en" / f"{SCENARIO}.json").read_text(encoding="utf-8"))
    assert [s["step"] for s in tour["steps"]] == [1]
    description = tour["steps"][0]["description"]
    assert "<strong>activity stream</strong>" in description and "**" not in description
    assert "<img" not in description and "&lt;img src=x onerror=alert(1)&gt;" in description
    assert len(scenario.steps) == 5
    assert [line.split(":")[0] for line in result.left_out] == [f"en {SCENARIO} step {n}" for n in (2, 3, 4)]
    assert "no stable selector recorded" in result.left_out[0]
    assert all("no page of the platform recorded" in line for line in result.left_out[1:3])
    # A record capture could not take (the element went away) has no page: reported, not taken for "nothing".
    failed = build_tours(build_view_model(project, checks={}, records={
        **records, ("en", SCENARIO, "05.png"): {"target": None, "page": {}}}),
        languages=["en"], only=[SCENARIO], out=tmp_path / "tours-failed")
    assert [line.split(":")[0] for line in failed.left_out][-1] == f"en {SCENARIO} step 5"
    for name in ("helpwright-tour.js", "driver.js.iife.js", "driver.css", "LICENSE.driver.js.txt"):
        assert (tmp_path / "tours" / name).is_file()
    loader = (tmp_path / "tours/helpwright-tour.js").read_text(encoding="utf-8")
    assert "@RESOLVE_SELECTOR@" not in loader and "http" not in loader.split("*/", 1)[1]  # nothing from a CDN


@pytest.mark.slow  # loads the whole demo project
def test_tours_command_lists_what_it_left_out(tmp_path: Path) -> None:
    """Manifests written before selectors: the tour is left out, in one line, and said so."""
    import shutil

    from click.testing import CliRunner

    from builder.cli import main
    from tests.fixtures_browser import REPO

    root = tmp_path / "project"
    for name in ("content", "screenshots"):
        shutil.copytree(REPO / name, root / name)
    manifest = root / "screenshots/fr" / SCENARIO / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for image in data["images"]:
        (image.get("target") or {}).pop("selector", None)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "tours", "--lang", "fr", "--only", SCENARIO])
    assert result.exit_code == 0, result.output
    assert f"left out: fr {SCENARIO}: the whole tour, no step has a recorded selector" in result.output
    assert "Wrote 0 tour(s)" in result.output
    assert (root / "_build/tours/helpwright-tour.js").is_file()
