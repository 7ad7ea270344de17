"""Glossary synonyms: checked like scenario keywords, shown on the glossary page, and
expanded by search: a reader typing a synonym finds the pages that use the term (real
Sphinx, real Pagefind, the real search page in Chromium)."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from builder.content.loading import load_project
from builder.outputs.site.rendering import ShotIndex, expand_synonyms, render_site

ROOTS = Path(__file__).resolve().parent / "roots"

GLOSSARY = """\
terms:
  - term: {fr: Annotation, en: Annotation}
    definition: {fr: Une note en marge d'une page de wiki., en: A margin note on a wiki page.}
  - term: {fr: Profil, en: Profile}
    definition: {fr: Votre page de présentation., en: Your introduction page.}
    synonyms:
      fr: [trombinoscope, fiche personnelle]
      en: [mugshot, bio]
"""


def _with_synonyms(site_root: Any) -> Path:
    root: Path = site_root("test-basic")
    (root / "content" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return root


@pytest.mark.slow
def test_bad_synonyms_are_located_and_refused(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-check-base", root)
    (root / "content" / "glossary.yaml").write_text(
        "terms:\n"
        "  - term: {fr: Charte, en: Charter}\n"
        "    definition: {fr: La règle., en: The rule.}\n"
        "    synonyms:\n"
        "      fr: [règlement, '  ', Règlement]\n"
        "      de: [Regel]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "builder", "check", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = (done.stdout + done.stderr).splitlines()
    assert "content/glossary.yaml:5:23: terms[0].synonyms.fr: item 2 is empty: write the word or remove the item" \
        in lines, lines
    # once the blank is gone, the repeat (case aside) and the unknown language
    text = (root / "content" / "glossary.yaml").read_text(encoding="utf-8").replace("'  ', ", "")
    (root / "content" / "glossary.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "builder", "check", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1
    assert ("content/glossary.yaml:5:23: terms[0].synonyms.fr: item 2 `Règlement` is listed twice (first as item 1): "
            "keep it once") in lines, lines


@pytest.mark.slow
def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-check-base", root)
    (root / "content" / "glossary.yaml").write_text(
        "terms:\n"
        "  - term: {fr: Charte, en: Charter}\n"
        "    definition: {fr: La règle., en: The rule.}\n"
        "    synonyms:\n"
        "      fr: [règlement]\n"
        "      de: [Regel]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "builder", "check", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 1
    assert ("content/glossary.yaml:6:7: language `de` is not configured: use fr, en or add it to `languages` in "
            "platform.yaml") in lines, lines


def test_expansion_adds_the_group_of_every_term_a_text_uses() -> None:
    groups = [["Profil", "trombinoscope", "fiche personnelle"], ["Corbeille", "poubelle"]]
    # the term, accents and plural aside
    assert expand_synonyms("Complétez vos PROFILS.", groups) == ["trombinoscope", "fiche personnelle"]
    # a synonym brings the term and the other synonyms; what the text has is not repeated
    assert expand_synonyms("Ouvrez votre fiche personnelle.", groups) == ["Profil", "trombinoscope"]
    assert expand_synonyms("Profilage et profilé.", groups) == []  # whole words only
    assert expand_synonyms("Videz la poubelle.", groups) == ["Corbeille"]


def test_pages_that_use_the_term_carry_its_synonyms_hidden(site_root: Any) -> None:
    project = load_project(_with_synonyms(site_root))
    assert project.problems == []
    fr = render_site(project, "fr", ShotIndex())
    profile = fr["scenarios/fill-profile.md"]
    assert ":::{helpwright-keywords}\n:weight: 2\n:hidden:\n\ntrombinoscope, fiche personnelle\n" in profile
    assert "trombinoscope" not in fr["scenarios/log-in.md"]  # does not say "profil"
    assert "mugshot, bio" in render_site(project, "en", ShotIndex())["scenarios/fill-profile.md"]
    # catalog words are escaped as MyST text (`\:` reads `:`)
    assert "*Aussi appelé\u202f\\:* trombinoscope, fiche personnelle" in fr["glossary.md"]


@pytest.mark.browser
@pytest.mark.slow
def test_search_with_a_synonym_finds_the_page_using_the_term(site_root: Any, chromium: Any) -> None:
    from builder.outputs.site.build import build_site_report
    from builder.outputs.site.serve import serve_in_thread

    root = _with_synonyms(site_root)
    report = build_site_report(root)
    html = (report["fr"].site / "scenarios" / "fill-profile.html").read_text(encoding="utf-8")
    block = html.split('<div class="hw-synonyms" data-pagefind-weight="2" hidden="hidden">', 1)[1].split("</div>")[0]
    assert "trombinoscope" in block
    server, url = serve_in_thread(report["fr"].site.parent, 0, "/")
    page = chromium.new_page()
    try:
        for lang, query in (("fr", "trombinoscope"), ("en", "mugshot")):
            page.goto(f"{url}{lang}/search.html?q={urllib.parse.quote(query)}")
            page.wait_for_function(
                "() => { const s = document.getElementById('hw-search-status');"
                " return s && s.textContent && s.textContent !== s.dataset.loading; }", timeout=15000)
            hrefs = page.eval_on_selector_all("#hw-search-results a.hw-search-title",
                                              "els => els.map(a => a.getAttribute('href'))")
            paths = [urllib.parse.urlparse(h).path for h in hrefs]
            # the page using the term, and the glossary that names the synonym; no other page
            assert sorted(paths) == [f"/{lang}/glossary.html", f"/{lang}/scenarios/fill-profile.html"], (lang, paths)
            # the synonym is on no visible part of the page
            page.goto(f"{url}{lang}/scenarios/fill-profile.html")
            assert query not in page.inner_text("article")
    finally:
        page.close()
        server.shutdown()
        server.server_close()
