"""The frequently asked questions page: every scenario's troubleshooting entries, grouped
by topic, each answer linking to its scenario; built by real Sphinx, found by the real
search (Pagefind in Chromium)."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from builder.content.loading import load_project
from builder.outputs.site.rendering import ShotIndex, render_site

ROOTS = Path(__file__).resolve().parent / "roots"


def test_the_questions_are_grouped_by_topic_and_link_their_scenario() -> None:
    project = load_project(ROOTS / "test-basic")
    page = render_site(project, "fr", ShotIndex())["troubleshooting.md"]
    assert page.startswith("# Questions fréquentes\n")
    # platform.yaml declares account before wiki: the topics come in that order, questions under them
    account, wiki = page.index("\n## Compte\n"), page.index("\n## Wiki\n")
    locks, button = page.index("### Le compte se verrouille de nouveau."), page.index("### Je ne vois pas le bouton Annoter.")
    assert account < locks < wiki < button
    # each answer, then the link to the scenario it comes from, before the next question
    assert page.index("{doc}`/scenarios/unlock-account`", locks) < wiki
    assert page.index("{doc}`/scenarios/annotate-page`", button) > button
    en = render_site(project, "en", ShotIndex())
    assert en["troubleshooting.md"].startswith("# Frequently asked questions\n")
    assert "**A question, a problem?** {doc}`/troubleshooting`" in en["index.md"]


@pytest.mark.slow
def test_the_built_page_has_question_headings_links_and_a_home_link(built_basic: Any) -> None:
    _root, report = built_basic
    fr = (report["fr"].site / "troubleshooting.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>Questions fréquentes", fr)
    assert re.search(r"<h2>Compte", fr) and re.search(r"<h2>Wiki", fr)
    question = re.search(r"<h3>Le compte se verrouille de nouveau\.", fr)
    assert question is not None
    after = fr[question.end():]
    assert after.index('href="scenarios/unlock-account.html"') < after.index("<h2>Wiki")
    en = (report["en"].site / "troubleshooting.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>Frequently asked questions", en) and re.search(r"<h3>The account locks again\.", en)
    home = (report["fr"].site / "index.html").read_text(encoding="utf-8")
    assert 'href="troubleshooting.html"' in home and "Questions fréquentes" in home


@pytest.mark.browser
@pytest.mark.slow
def test_search_finds_a_question_on_the_faq(built_basic: Any, chromium: Any) -> None:
    from builder.outputs.site.serve import serve_in_thread

    _root, report = built_basic
    server, url = serve_in_thread(report["fr"].site.parent, 0, "/")
    page = chromium.new_page()
    try:
        page.goto(f"{url}fr/search.html?q={urllib.parse.quote('le compte se verrouille de nouveau')}")
        page.wait_for_selector("#hw-search-results a.hw-search-title")
        hrefs = page.eval_on_selector_all("#hw-search-results a.hw-search-title",
                                          "els => els.map(a => a.getAttribute('href'))")
        titles = page.eval_on_selector_all("#hw-search-results a.hw-search-title", "els => els.map(a => a.textContent)")
        assert any(urllib.parse.urlparse(h).path.endswith("/fr/troubleshooting.html") for h in hrefs), hrefs
        assert "Questions fréquentes" in titles
    finally:
        page.close()
        server.shutdown()
        server.server_close()
