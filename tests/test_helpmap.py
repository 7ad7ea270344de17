"""Help links inside the platform: the help map from the committed captures, the script in the live Agora."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from builder.content.loading import load_project
from builder.content.model import localize
from builder.outputs.helpmap.build import build_helpmap, help_map, route_pattern
from builder.outputs.viewmodel import build_view_model
from tests.fixtures_browser import REPO
from tests.inapp import platform_page


def _project(dest: Path) -> Path:
    root = dest / "project"
    for name in ("content", "screenshots"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_route_patterns_drop_the_language_and_generalise_ids() -> None:
    platform = load_project(REPO).platform
    assert platform is not None
    assert route_pattern("/blog?lang=fr", platform, "fr") == "/blog"
    assert route_pattern("/groups/12/edit?lang=en", platform, "en") == "/groups/*/edit"
    assert route_pattern("/members?sort=alpha&lang=fr", platform, "fr") == "/members?sort=alpha"


def test_help_map_sends_each_page_to_the_scenario_done_there(tmp_path: Path) -> None:
    view = build_view_model(load_project(_project(tmp_path)))
    result = build_helpmap(view, site_url="https://help.example.org/", out=tmp_path / "out")
    for lang in ("fr", "en"):
        data = json.loads((tmp_path / "out" / lang / "help-map.json").read_text(encoding="utf-8"))
        assert data["site"] == f"https://help.example.org/{lang}/" and data["lang"] == lang
        assert data["labels"]["link"] == {"fr": "Aide", "en": "Help"}[lang]
        assert result.covered[lang]
    assert (tmp_path / "out" / "helpwright-help.js").is_file()
    routes = {r["pattern"]: r for r in help_map(view, "fr", "/help/")["routes"]}
    assert routes["/dashboard"]["page"] == "scenarios/find-your-way.html"  # starts there, most steps there
    assert routes["/groups/*"]["scenario"] == "invite-to-group"
    assert "page" not in routes["/profile/emma"]  # only reached as an outcome: the search answers
    patterns = list(routes)
    assert patterns.index("/groups/new") < patterns.index("/groups/*")  # exact before a pattern


@pytest.fixture(scope="module")
def helpmap(tmp_path_factory: pytest.TempPathFactory, demo_site: str) -> Path:
    root = _project(tmp_path_factory.mktemp("helpmap"))
    result = build_helpmap(build_view_model(load_project(root)), site_url=demo_site)
    assert "/dashboard" in result.covered["fr"] and "/profile/emma" in result.uncovered["fr"]
    return result.out


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_help_link_on_agora_pages_opens_the_right_help_page(helpmap: Path, demo_site: str, agora: Any,
                                                           demo_password: str, lang: str) -> None:
    project = load_project(REPO)
    pages = {"/dashboard": "find-your-way", "/groups": "create-a-group", "/pages/view/1": "resolve-annotation"}
    with platform_page(agora, demo_password, "alice", lang, serve={"/__help/": helpmap},
                       include=["/__help/helpwright-help.js"]) as page:
        for path, scenario in pages.items():
            page.goto(f"{agora.url}{path}")
            page.wait_for_selector("a.helpwright-help-link")
            link = page.locator("a.helpwright-help-link")
            assert link.inner_text() == {"fr": "Aide", "en": "Help"}[lang]
            assert link.get_attribute("href") == f"{demo_site}{lang}/scenarios/{scenario}.html"
            with page.context.expect_page() as opened:
                link.click()
            help_page = opened.value
            help_page.wait_for_load_state()
            # The help page reached is that scenario's, in the page's language.
            assert help_page.locator("h1").first.inner_text().strip() == localize(
                project.scenario(scenario).title, lang), path
            assert help_page.evaluate("document.documentElement.lang").startswith(lang)
            help_page.close()
        # A page no how-to is written for: the link opens the search with the page's title.
        page.goto(f"{agora.url}/profile/emma")
        page.wait_for_selector("a.helpwright-help-link")
        title = " ".join(page.locator("h1").first.inner_text().split())
        with page.context.expect_page() as opened:
            page.click("a.helpwright-help-link")
        search = opened.value
        search.wait_for_load_state()
        assert search.url.startswith(f"{demo_site}{lang}/search.html?q=")
        assert search.input_value("#hw-search-input") == title


@pytest.mark.slow  # loads the whole demo project and its manifests twice
def test_helpmap_command_prints_route_coverage(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import main

    root = _project(tmp_path)
    result = CliRunner().invoke(main, ["-C", str(root), "helpmap", "--lang", "en", "--site-url", "/docs/"])
    assert result.exit_code == 0, result.output
    assert "en: route coverage: 33 platform page(s) seen in captures have help, 3 have none" in result.output
    assert "en no help /profile/emma" in result.output
    data = json.loads((root / "_build/helpmap/en/help-map.json").read_text(encoding="utf-8"))
    assert data["site"] == "/docs/en/"
    bad = CliRunner().invoke(main, ["-C", str(root), "helpmap", "--site-url", "javascript:alert(1)"])
    assert bad.exit_code == 1 and "--site-url javascript:alert(1): not a web address" in bad.output
    assert "Traceback" not in bad.output
