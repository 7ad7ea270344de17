"""Search quality, measured in a real browser: each natural query typed into the site's
search page, and the rank of the page that answers it (tests/search_queries.yaml)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("search_queries.yaml")


@dataclass
class Miss:
    lang: str
    query: str
    expected: str
    got: list[str]

    def __str__(self) -> str:
        return f"[{self.lang}] {self.query!r}: wanted {self.expected}, got {self.got or 'nothing'}"


def load_queries() -> dict[str, list[dict[str, str]]]:
    data: dict[str, list[dict[str, str]]] = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    return data


def top_pages(page, site_url: str, lang: str, query: str, count: int = 3) -> list[str]:  # type: ignore[no-untyped-def]
    """The first ``count`` result pages (paths without .html) for ``query`` on the search page."""
    page.goto(f"{site_url}{lang}/search.html?q={urllib.parse.quote(query)}")
    page.wait_for_function(
        "() => { const s = document.getElementById('hw-search-status');"
        " return s && s.textContent && s.textContent !== s.dataset.loading; }", timeout=15000)
    hrefs = page.eval_on_selector_all("#hw-search-results a.hw-search-title",
                                      "els => els.map(a => a.getAttribute('href'))")
    prefix = urllib.parse.urlparse(f"{site_url}{lang}/").path
    pages = []
    for href in hrefs[:count]:
        path = urllib.parse.urlparse(href).path
        pages.append(path.removeprefix(prefix).removesuffix(".html"))
    return pages


def measure(page, site_url: str) -> tuple[dict[str, float], list[Miss]]:  # type: ignore[no-untyped-def]
    scores: dict[str, float] = {}
    misses: list[Miss] = []
    for lang, items in load_queries().items():
        hits = 0
        for item in items:
            got = top_pages(page, site_url, lang, item["q"])
            if item["page"] in got:
                hits += 1
            else:
                misses.append(Miss(lang, item["q"], item["page"], got))
        scores[lang] = hits / len(items)
    return scores, misses
