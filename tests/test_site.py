"""Real Sphinx builds of tests/roots/test-basic in both languages."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.slow


def site(built, lang: str) -> Path:
    _root, report = built
    return report[lang].site


def test_both_languages_have_a_page_per_scenario(built_basic):
    for lang in ("fr", "en"):
        for scenario in ("annotate-page", "log-in", "unlock-account"):
            assert (site(built_basic, lang) / "scenarios" / f"{scenario}.html").is_file()
    fr = (site(built_basic, "fr") / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    en = (site(built_basic, "en") / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    assert "<h1>Annoter une page du wiki" in fr and " lang=\"fr\" " in fr
    assert "<h1>Annotate a wiki page" in en and " lang=\"en\" " in en
    # Theme strings follow each site's language, even though both are built in one process.
    assert 'placeholder="Recherche"' in fr and 'placeholder="Search"' in en


def test_captured_screenshot_is_copied_with_alt_text_and_enlarge_link(built_basic):
    out = site(built_basic, "fr")
    html = (out / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    images = re.findall(r'<a class="reference internal image-reference" href="([^"]+)"><picture>'
                        r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert images, "no linked step image in the page"
    href, src, alt = images[0]
    assert href == src
    assert alt.startswith("Étape 1 : Cliquez sur Annoter au-dessus du texte. (repère 1 : lien")
    assert (out / "scenarios" / href).resolve().is_file()
    shots = sorted(p.stem for p in (out / "_shots" / "annotate-page").iterdir())
    assert shots == ["01", "02", "04", "result"]  # steps 1, 2, 4 and the result, as published
    assert "État final après la dernière étape" in html


def test_missing_screenshot_is_a_placeholder_and_a_typed_warning(built_basic):
    _, report = built_basic
    html = (site(built_basic, "en") / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<div class="hw-shot-missing[ "]', html)
    assert len(boxes) == 3  # steps 1, 2 and 4; step 3 has shot: false
    assert "Screenshot not captured yet" in html
    warnings = [w for w in report["en"].warnings if "[helpwright.screenshot]" in w]
    assert len(warnings) >= 3
    # Located at the step in the scenario's YAML, where a trainer acts, not in the generated MyST.
    joined = "\n".join(warnings)
    assert "content/scenarios/wiki/annotate-page.yaml:16: WARNING: screenshot not found: " \
        "_shots/annotate-page/01.png" in joined
    assert "content/scenarios/wiki/annotate-page.yaml:28: WARNING: screenshot not found: " \
        "_shots/annotate-page/04.png" in joined
    assert "_build/src" not in joined
    # Every image of annotate-page exists in fr, so no fr warning names it.
    assert not [w for w in report["fr"].warnings if "annotate-page" in w]


def test_steps_from_ten_on_stay_in_the_numbered_list(built_basic):
    html = (site(built_basic, "en") / "scenarios" / "fill-profile.html").read_text(encoding="utf-8")
    steps = html[html.index("<ol"):html.index("</ol>")]
    assert steps.count("<li>") == 11
    assert steps.count('<div class="hw-shot-missing') == 11  # each placeholder inside its step
    assert "Check your answers." in steps  # step 11's tip too


def test_screenshot_warnings_can_be_silenced_by_type(site_root):
    from builder.outputs.site.build import build_site_report

    root = site_root("test-basic")
    (root / "conf.py").write_text("from builder.outputs.site.default_conf import *  # noqa: F403\n"
                                  'suppress_warnings = ["helpwright.screenshot"]\n', encoding="utf-8")
    report = build_site_report(root, languages=["en"])
    assert not [w for w in report["en"].warnings if "screenshot" in w]
    html = (report["en"].site / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    assert "Screenshot not captured yet" in html  # the placeholder stays


def test_language_switch_points_at_the_same_page_in_the_other_language(built_basic):
    fr_site, en_site = site(built_basic, "fr"), site(built_basic, "en")
    page = fr_site / "scenarios" / "annotate-page.html"
    links = re.findall(r'<a class="hw-lang-link" href="([^"]+)" hreflang="en"', page.read_text(encoding="utf-8"))
    assert links == ["../../en/scenarios/annotate-page.html"]
    assert (page.parent / links[0]).resolve() == (en_site / "scenarios" / "annotate-page.html").resolve()
    home = (en_site / "index.html").read_text(encoding="utf-8")
    assert 'href="../fr/index.html" hreflang="fr"' in home
    redirect = (fr_site.parent / "index.html").read_text(encoding="utf-8")
    assert 'url=fr/index.html' in redirect


def test_a_page_only_one_language_has_switches_to_the_other_home(built_basic):
    page = site(built_basic, "fr") / "pages" / "charte.html"
    links = re.findall(r'<a class="hw-lang-link" href="([^"]+)" hreflang="en"', page.read_text(encoding="utf-8"))
    assert links == ["../../en/index.html"]
    about = (site(built_basic, "fr") / "pages" / "about.html").read_text(encoding="utf-8")
    assert 'href="../../en/pages/about.html" hreflang="en"' in about


def test_the_site_publishes_no_sphinx_search_index(built_basic):
    """The search page queries Pagefind's index (test_search_quality.py): Sphinx's own is not built."""
    for lang in ("fr", "en"):
        root = site(built_basic, lang)
        assert not (root / "searchindex.js").exists()
        search = (root / "search.html").read_text(encoding="utf-8")
        assert "hw-search.js" in search and "searchindex" not in search
        assert (root / "pagefind" / "pagefind.js").is_file()


def test_troubleshooting_glossary_reference_and_hand_written_pages_exist(built_basic):
    fr = site(built_basic, "fr")
    trouble = (fr / "troubleshooting.html").read_text(encoding="utf-8")
    assert "Le compte se verrouille de nouveau." in trouble
    assert 'href="scenarios/unlock-account.html"' in trouble
    glossary = (fr / "glossary.html").read_text(encoding="utf-8")
    assert 'id="term-Corbeille"' in glossary
    reference = (fr / "trainers" / "reference.html").read_text(encoding="utf-8")
    assert "wait_for" in reference and "Référence du format" in reference
    assert "Cette aide est produite par Helpwright." in (fr / "pages" / "about.html").read_text(encoding="utf-8")
    home = (fr / "index.html").read_text(encoding="utf-8")
    assert "Forum Test" in home and "Propriétaire de groupe" in home


def test_editing_one_scenario_rereads_only_its_pages(site_root):
    from builder.outputs.site.build import build_site_report

    root = site_root("test-basic")
    first = build_site_report(root, languages=["en"])
    assert "scenarios/annotate-page" in first["en"].read
    noop = build_site_report(root, languages=["en"])
    assert noop["en"].read == [] and noop["en"].written == []
    path = root / "content" / "scenarios" / "account" / "unlock-account.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("next to the account", "beside the account"),
                    encoding="utf-8")
    edited = build_site_report(root, languages=["en"])
    assert edited["en"].written == ["scenarios/unlock-account.md"]
    assert edited["en"].read == ["scenarios/unlock-account"]
    html = (edited["en"].site / "scenarios" / "unlock-account.html").read_text(encoding="utf-8")
    assert "beside the account" in html
    (root / "content" / "pages" / "en" / "about.md").unlink()
    removed = build_site_report(root, languages=["en"])
    assert removed["en"].removed == ["pages/about.md"]
    assert not (removed["en"].site / "pages" / "about.html").exists()


def test_a_new_capture_rerenders_the_page_with_the_image(site_root):
    from builder.outputs.site.build import build_site_report

    root = site_root("test-basic")
    build_site_report(root, languages=["fr"])
    shots = root / "screenshots" / "fr" / "unlock-account"
    shots.mkdir(parents=True)
    (shots / "01.png").write_bytes((root / "screenshots/fr/annotate-page/01.png").read_bytes())
    again = build_site_report(root, languages=["fr"])
    assert "scenarios/unlock-account" in again["fr"].read
    html = (again["fr"].site / "scenarios" / "unlock-account.html").read_text(encoding="utf-8")
    assert "hw-shot-missing" not in html and "<img" in html


def test_build_command_refuses_broken_content_without_traceback(site_root):
    from builder.cli import main

    root = site_root("test-basic")
    path = root / "content" / "scenarios" / "account" / "log-in.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("duration: 1 min", "duration: soon"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["-C", str(root), "build"], obj={})
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(r"log-in\.yaml:6:\d+: .*duration", result.output)
    assert not (root / "_build" / "site").exists()


def test_theme_strings_are_in_the_site_language(built_basic):
    fr = (site(built_basic, "fr") / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    footer = fr[fr.index('<div class="related-pages">'):]
    assert "Précédent" in footer or "Suivant" in footer
    for english in ("Previous", "Next", "Skip to content", "Back to top", "Toggle navigation of",
                    "Toggle site navigation sidebar", "<title>Light mode</title>"):
        assert english not in fr, english
    assert "Aller au contenu" in fr and "Haut de page" in fr
    en = (site(built_basic, "en") / "scenarios" / "annotate-page.html").read_text(encoding="utf-8")
    assert "Skip to content" in en and ("Previous" in en or "Next" in en)
    assert "Précédent" not in en and "Suivant" not in en


def test_search_and_index_pages_have_the_language_switch_keeping_the_query(built_basic):
    for lang, other in (("fr", "en"), ("en", "fr")):
        search = (site(built_basic, lang) / "search.html").read_text(encoding="utf-8")
        assert f'<a class="hw-lang-link" href="../{other}/search.html" hreflang="{other}"' in search
        assert "a.search = window.location.search" in search
        genindex = (site(built_basic, lang) / "genindex.html").read_text(encoding="utf-8")
        assert f'href="../{other}/genindex.html" hreflang="{other}"' in genindex
        assert "window.location.search" not in genindex


@pytest.mark.browser
def test_switching_language_on_search_results_keeps_the_query(built_basic, chromium):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site(built_basic, "fr").parent))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        page = chromium.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/fr/search.html?q=verrouill%C3%A9")
        link = page.locator("a.hw-lang-link[hreflang=en]")
        assert link.evaluate("a => a.href").endswith("/en/search.html?q=verrouill%C3%A9")
        page.close()
    finally:
        server.shutdown()
        server.server_close()


def test_raw_html_in_a_scenario_text_is_refused_and_else_shown_as_text_not_run(site_root):
    from builder.content.loading import load_project
    from builder.errors import ContentError
    from builder.outputs.site.build import build_loaded_site, build_site_report

    root = site_root("test-basic")
    path = root / "content" / "scenarios" / "account" / "unlock-account.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("next to the account", "next to <script>window.pwned=1</script> the account"),
                    encoding="utf-8")
    with pytest.raises(ContentError, match=r"unlock-account.yaml:\d+:\d+: HTML `<script>`"):
        build_site_report(root, languages=["en"])
    # Past check (the second guard): the text is escaped, never run.
    project = load_project(root)
    project.problems = []
    built = build_loaded_site(project, languages=["en"])
    html = (built["en"].site / "scenarios" / "unlock-account.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html


def test_quoted_labels_are_sphinx_guilabel_and_menuselection_spans_styled_alike(built_basic):
    for lang, label, menu in (("fr", "Débloquer", "Compte \u2023 Mot de passe"),
                              ("en", "Unlock", "Account \u2023 Password")):
        page = (site(built_basic, lang) / "scenarios" / "unlock-account.html").read_text(encoding="utf-8")
        assert f'<span class="guilabel">{label}</span>' in page
        trouble = (site(built_basic, lang) / "troubleshooting.html").read_text(encoding="utf-8")
        assert f'<span class="menuselection">{menu}</span>' in trouble
    reference = (site(built_basic, "fr") / "trainers" / "reference.html").read_text(encoding="utf-8")
    assert '<span class="guilabel">Enregistrer</span>' in reference  # the format reference shows both roles
    assert '<span class="menuselection">Paramètres \u2023 Langue</span>' in reference
    assert "{guilabel}`Enregistrer`" in reference  # and how to write them
    static = site(built_basic, "en") / "_static"
    furo = "".join(p.read_text(encoding="utf-8") for p in (static / "styles").glob("furo*.css"))
    assert ".guilabel{" in furo  # the theme styles quoted labels…
    ours = (static / "helpwright.css").read_text(encoding="utf-8")
    assert ".menuselection {" in ours and "--color-guilabel-background" in ours  # …and we style menu paths alike


def test_the_format_reference_is_built_for_trainers_but_out_of_readers_navigation_and_search(built_basic):
    for lang, title in (("fr", "Référence du format"), ("en", "Format reference")):
        root = site(built_basic, lang)
        reference = root / "trainers" / "reference.html"
        assert title in reference.read_text(encoding="utf-8")
        trainers = (root / "trainers" / "index.html").read_text(encoding="utf-8")
        assert 'href="reference.html"' in trainers  # reachable from the trainers' page
        assert not (root / "reference.html").exists()
        for page in (root / "index.html", root / "scenarios" / "unlock-account.html", root / "troubleshooting.html"):
            html = page.read_text(encoding="utf-8")
            assert "reference.html" not in html and "trainers/" not in html, page  # not in the readers' menus
        assert "data-pagefind-body" not in reference.read_text(encoding="utf-8")
        assert "data-pagefind-body" not in trainers
        assert "data-pagefind-body" in (root / "index.html").read_text(encoding="utf-8")
        # Pagefind indexed the readers' pages and none of the trainers' ones.
        meta = list((root / "pagefind").glob("pagefind-entry.json"))
        assert meta and json.loads(meta[0].read_text())["languages"][lang]["page_count"] > 5
        assert not [p for p in (root / "pagefind" / "fragment").glob("*.pf_fragment")
                    if b"trainers/" in gzip.decompress(p.read_bytes())]
        assert [p for p in (root / "pagefind" / "fragment").glob("*.pf_fragment")
                if b"scenarios/unlock-account" in gzip.decompress(p.read_bytes())]



def test_a_failure_in_a_language_built_in_a_forked_process_stops_the_build(site_root, monkeypatch):
    """fr builds in the build's process and en in a forked one (more than one core): en's refusal
    reaches the caller as it would from one process, and nothing is published."""
    from builder.content.loading import load_project
    from builder.errors import BuildError
    from builder.outputs.site import build

    root = site_root("test-basic")
    (root / "content" / "pages" / "en" / "leak.md").write_text(
        "# Leak\n\n![map](../../../../../../../../../../etc/passwd)\n", encoding="utf-8")
    project = load_project(root)
    project.problems = []  # check refuses the page; the build must refuse it on its own
    monkeypatch.setattr(build.os, "cpu_count", lambda: 2)
    forked: list[int] = []
    real_pool = build.ProcessPoolExecutor
    monkeypatch.setattr(build, "ProcessPoolExecutor", lambda **kw: forked.append(1) or real_pool(**kw))
    with pytest.raises(BuildError) as refused:
        build.build_loaded_site(project)
    assert forked, "the second language was not built in a forked process"
    lines = str(refused.value).splitlines()
    assert lines[0].startswith("content/pages/en/leak.md:3:1: image `") and "outside the project" in lines[0]
    assert lines[-1] == "1 file reference outside the project, left out of the en site: fix them and build again"
    assert not (root / "_build" / "site").exists()


def test_languages_built_in_turn_in_one_process_keep_their_own_sphinx_labels(site_root):
    """On one core the languages build in turn in one process. Sphinx translates its modules' class-level
    strings as they are imported, in the language of the build running then: the en site must not keep
    the fr build's "Index des modules Python". A new process, so no import made by another test counts."""
    import subprocess
    import sys
    import zlib

    root = site_root("test-basic")
    one_core = ("import os, sys; os.cpu_count = lambda: 1; from builder.cli import main; "
                "main(['-C', sys.argv[1], 'build'])")
    done = subprocess.run([sys.executable, "-c", one_core, str(root)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

    def labels(lang: str) -> dict[str, str]:
        data = (root / "_build" / "site" / lang / "objects.inv").read_bytes().split(b"\n", 4)[4]
        lines = zlib.decompress(data).decode().splitlines()
        return {line.split()[0]: line.split(" -1 ", 1)[1].split(" ", 1)[1] for line in lines
                if " std:label " in line and line.split()[0] in ("py-modindex", "search")}

    assert labels("en") == {"py-modindex": "Python Module Index", "search": "Search Page"}
    assert labels("fr") == {"py-modindex": "Index des modules Python", "search": "Page de recherche"}


def test_the_search_bundle_from_the_cut_pages_is_the_one_of_the_whole_pages(built_basic, tmp_path):
    """Pagefind reads each page cut down to its indexed part (the navigation is most of a page's bytes):
    the bundle is byte for byte the one Pagefind writes from the whole pages. A page of another shape
    (a project's template with a search attribute of its own) has Pagefind read the whole pages."""
    import shutil
    import subprocess

    from builder.outputs.site.search import _pagefind, index_site, write_bodies

    for lang in ("fr", "en"):
        whole = tmp_path / f"whole-{lang}"
        shutil.copytree(site(built_basic, lang), whole)
        shutil.rmtree(whole / "pagefind")
        subprocess.run([*_pagefind(), "--site", str(whole), "--silent", "--exclude-selectors",
                        ".headerlink, .hw-lang-switch, .hw-shot-placeholder, .hw-meta"], check=True, timeout=120)
        built = site(built_basic, lang) / "pagefind"
        files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(whole / "pagefind") for p in (whole / "pagefind").rglob("*")
                               if p.is_file())
        assert all((built / f).read_bytes() == (whole / "pagefind" / f).read_bytes() for f in files), lang
        assert len([f for f in files if f.parts[0] == "fragment"]) > 5
        cut = tmp_path / f"cut-{lang}"
        assert write_bodies(whole, cut)
        page = (cut / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" in page and len(page) < (whole / "index.html").stat().st_size / 2
    # A search attribute outside the indexed part: the cut would lose it, so there is none.
    index = whole / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("<body", "<body data-pagefind-filter=\"x\"", 1),
                     encoding="utf-8")
    assert not write_bodies(whole, tmp_path / "cut-other")
    assert not (tmp_path / "cut-other").exists()
    index_site(whole)
    assert (whole / "pagefind" / "pagefind-entry.json").is_file()
    assert not (whole.parent / f".search-{whole.name}").exists()  # no cut pages: none kept for the next
