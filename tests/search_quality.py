"""Search quality, measured in a real browser: each natural query typed into the site's
search page, and the rank of the page that answers it (tests/search_queries.yaml).

Run as a module to measure a query list on the demo site (built from a copy of the
repository, or an already built ``--site`` folder) without the test's threshold:

    python -m tests.search_quality --queries tests/search_queries_heldout.yaml
"""

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


def load_queries(path: Path = QUERIES) -> dict[str, list[dict[str, str]]]:
    data: dict[str, list[dict[str, str]]] = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def measure(page, site_url: str, path: Path = QUERIES) -> tuple[dict[str, float], list[Miss]]:  # type: ignore[no-untyped-def]
    scores: dict[str, float] = {}
    misses: list[Miss] = []
    for lang, items in load_queries(path).items():
        hits = 0
        for item in items:
            got = top_pages(page, site_url, lang, item["q"])
            if item["page"] in got:
                hits += 1
            else:
                misses.append(Miss(lang, item["q"], item["page"], got))
        scores[lang] = hits / len(items)
    return scores, misses


def main(argv: list[str] | None = None) -> int:
    import argparse
    import shutil
    import tempfile

    from builder.browser import launch_chromium, playwright_driver
    from builder.outputs.site.serve import serve_in_thread

    parser = argparse.ArgumentParser(prog="python -m tests.search_quality", description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, action="append",
                        help="a query list (YAML); repeat for several; default: tests/search_queries.yaml")
    parser.add_argument("--site", type=Path, help="a built site folder (_build/site); default: build the demo")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from builder.outputs.site.build import build_site_report

            repo, root = Path(__file__).resolve().parent.parent, Path(tmp) / "project"
            for name in ("content", "screenshots", "templates"):
                if (repo / name).is_dir():
                    shutil.copytree(repo / name, root / name)
            build_site_report(root)
            site = root / "_build" / "site"
        server, url = serve_in_thread(site, 0, "/help/")
        try:
            with playwright_driver() as pw:
                browser = launch_chromium(pw)
                for queries in args.queries or [QUERIES]:
                    scores, misses = measure(browser.new_page(), url, queries)
                    for miss in misses:
                        print(miss)
                    print(f"{queries.name}: top-3", ", ".join(f"{lang} {score:.2f}" for lang, score in scores.items()))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
