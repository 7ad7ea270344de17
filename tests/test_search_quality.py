"""Search quality on the demo site, in a real browser.

The demo project (committed content and screenshots) is built into a temporary copy,
served under a sub-path as when deployed (`demo_site`, built once a session by
tests/fixtures_site.py), and every natural query of tests/search_queries.yaml is typed
into the search page: each language needs its expected page in the top 3 for at least
90% of them.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from tests.search_quality import load_queries, measure

THRESHOLD = 0.9


@pytest.mark.slow
def test_keywords_are_shown_escaped_in_a_block_search_weighs_high(site_root: Any) -> None:
    from builder.outputs.site.build import build_site_report

    root = site_root("test-basic")
    scenario = root / "content" / "scenarios" / "wiki" / "annotate-page.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("tags: [annotation]\n", (
        "tags: [annotation]\n"
        "keywords:\n"
        "  fr: [remarque en marge, '**gras** <b>balise</b> {ref}`x`']\n"
        "  en: [margin note]\n")), encoding="utf-8")
    build_site_report(root)
    fr = (root / "_build" / "site" / "fr" / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    block = fr.split('<div class="hw-keywords" data-pagefind-weight="5">', 1)[1].split("</div>", 1)[0]
    assert "Autres mots" in block and "remarque en marge" in block
    assert "**gras** &lt;b&gt;balise&lt;/b&gt; {ref}`x`" in block  # words, never markup
    assert "<b>" not in block
    en = (root / "_build" / "site" / "en" / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    assert "Also searched as" in en and "margin note" in en and "remarque" not in en
    other = (root / "_build" / "site" / "fr" / "scenarios" / "log-in.html").read_text(encoding="utf-8")
    assert "hw-keywords" not in other  # no keywords, no line


def test_the_query_list_has_thirty_natural_queries_per_language() -> None:
    queries = load_queries()
    assert set(queries) == {"fr", "en"}
    for lang, items in queries.items():
        assert len(items) >= 30, lang
        assert all(item["page"].startswith("scenarios/") for item in items), lang


@pytest.mark.browser
@pytest.mark.slow
def test_natural_queries_find_their_page_in_the_top_three(demo_site: str, chromium: Any) -> None:
    page = chromium.new_page()
    try:
        scores, misses = measure(page, demo_site)
    finally:
        page.close()
    report = "\n".join([f"scores: {scores}", *(str(m) for m in misses)])
    print(report)
    assert set(scores) == {"fr", "en"}
    low = {lang: score for lang, score in scores.items() if score < THRESHOLD}
    assert not low, f"search below {THRESHOLD:.0%} in {sorted(low)}:\n{report}"


@pytest.mark.browser
@pytest.mark.slow
def test_a_query_survives_switching_language_on_the_results_page(demo_site: str, chromium: Any) -> None:
    query = "photo avatar"
    page = chromium.new_page()
    try:
        page.goto(f"{demo_site}fr/search.html?q={urllib.parse.quote(query)}")
        page.wait_for_selector("#hw-search-results a.hw-search-title")
        link = page.locator("a.hw-lang-link[hreflang=en]")
        assert urllib.parse.unquote(link.evaluate("a => a.href")).endswith(f"/help/en/search.html?q={query}")
        link.click()
        page.wait_for_url("**/help/en/search.html?q=*")
        assert page.input_value("#hw-search-input") == query
        page.wait_for_selector("#hw-search-results a.hw-search-title")
        first = page.eval_on_selector("#hw-search-results a.hw-search-title", "a => a.getAttribute('href')")
        assert "/help/en/" in urllib.parse.urljoin(page.url, first)
    finally:
        page.close()
