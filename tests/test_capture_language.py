"""The UI language sticks, and a capture never passes on a page in another language.

Real Chromium against a tiny local platform (tests/tiny_platform.py) that honours only
the language signals each test gives it, so every `language_switch` mode is shown to
keep the language across clicks, form posts, redirects and uploads, and the check
after each step is shown to catch a page that lost it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from builder.capture import Endpoint, capture_project
from builder.capture.language import add_query_param, language_of, localized_url
from builder.content.model import LanguageSwitch
from tests.tiny_platform import PASSWORD, tiny_platform

PLATFORM = """\
name: Tiny
base_url: http://127.0.0.1:9
languages: [fr, en]
"""

SCENARIO = """\
id: {id}
title: {{fr: Essai, en: Trial}}
summary: {{fr: Un essai., en: A trial.}}
audience: [member]
topic: basics
start: {start}
"""

#: Every way a page can lose a query parameter: a link, a form post answered by a redirect,
#: a two-hop redirect chain and a file upload.
WANDER = """\
steps:
  - click: {role: link, name: {fr: Page suivante, en: Next page}}
    say: Next.
  - goto: /start
    say: Back.
    shot: false
  - click: {role: button, name: {fr: Enregistrer, en: Save}}
    say: Save.
  - expect: {text: {fr: Enregistré, en: Saved}}
    say: Saved.
  - goto: /start
    say: Back.
    shot: false
  - click: {role: link, name: {fr: Rebonds, en: Hops}}
    say: Hop.
  - expect: {text: {fr: Arrivée, en: Arrived}}
    say: Arrived.
  - goto: /start
    say: Back.
    shot: false
  - upload: {label: {fr: Fichier, en: File}}
    files: [doc.bin]
    say: Choose.
  - click: {role: button, name: {fr: Envoyer le fichier, en: Send the file}}
    say: Send.
"""


def make_project(root: Path, platform_extra: str, scenarios: dict[str, str], start: str = "/start") -> Path:
    """A project with a platform.yaml (the tiny platform's) and scenarios given as YAML steps."""
    content = root / "content"
    (content / "scenarios").mkdir(parents=True)
    (content / "platform.yaml").write_text(PLATFORM + textwrap.dedent(platform_extra), encoding="utf-8")
    (content / "doc.bin").write_bytes(b"D" * 70_000)
    for sid, steps in scenarios.items():
        (content / "scenarios" / f"{sid}.yaml").write_text(SCENARIO.format(id=sid, start=start) + textwrap.dedent(steps),
                                                           encoding="utf-8")
    return root


def run(root: Path, url: str, **kwargs: Any) -> Any:
    from builder.content.loading import load_project

    project = load_project(root)
    assert not project.problems, [str(p) for p in project.problems]
    kwargs.setdefault("languages", ["fr", "en"])
    return capture_project(root, endpoints=[Endpoint(url)], progress=False, **kwargs)


def causes(summary: Any) -> list[str]:
    return [r.cause or "" for r in summary.results]


# -- units ----------------------------------------------------------------------------------

def test_query_param_is_added_only_when_missing() -> None:
    assert add_query_param("http://h/p?a=1", "lang", "fr") == "http://h/p?a=1&lang=fr"
    assert add_query_param("http://h/p?lang=en", "lang", "fr") == "http://h/p?lang=en"
    assert add_query_param("http://h/index.php?title=Special:UserLogin", "uselang", "fr") \
        == "http://h/index.php?title=Special%3AUserLogin&uselang=fr"


def test_localized_urls() -> None:
    prefix = LanguageSwitch(url_prefix="/{lang}")
    assert localized_url("http://h", "/admin/", "fr", prefix) == "http://h/fr/admin/"
    assert localized_url("http://h/", "/", "en", prefix) == "http://h/en/"
    assert localized_url("http://h", "/fr/admin/", "en", prefix) == "http://h/fr/admin/"  # already prefixed
    assert localized_url("http://h", "/a?b=1", "fr", LanguageSwitch(query_param="lang")) == "http://h/a?b=1&lang=fr"
    assert localized_url("http://h", "/a", "fr", LanguageSwitch(locale=True)) == "http://h/a"


@pytest.mark.parametrize(("tag", "lang"), [("fr", "fr"), ("fr-FR", "fr"), ("en_GB", "en"), (" EN-us ", "en")])
def test_language_of_a_tag(tag: str, lang: str) -> None:
    assert language_of(tag) == lang


# -- query_param ------------------------------------------------------------------------------

@pytest.mark.browser
def test_query_param_is_kept_on_links_posts_redirects_and_uploads(tmp_path: Path) -> None:
    root = make_project(tmp_path, "language_switch: {query_param: lang}\n", {"wander": WANDER})
    with tiny_platform({"query"}) as site:
        summary = run(root, site.url)
        documents = site.documents()
        uploads = list(site.uploads)
    assert summary.ok, causes(summary)
    # Every page reached the server with the language: links, the post and its redirect, both
    # hops of the chain, the upload (whose file arrived whole) and its redirect.
    assert documents and all("lang=" in path for path in documents), documents
    assert sum("lang=fr" in p for p in documents) == sum("lang=en" in p for p in documents) == 12
    assert any(p.startswith("/hop2?") for p in documents) and any(p.startswith("/arrived?") for p in documents)
    assert uploads == [70_000, 70_000]
    for lang, heading in (("fr", "Enregistré"), ("en", "Saved")):
        manifest = json.loads((root / "screenshots" / lang / "wander" / "manifest.json").read_text())
        assert manifest["status"] == "passed" and manifest["lang"] == lang
        assert heading  # the `expect` steps above found the page text in that language



@pytest.mark.browser
def test_each_page_gets_one_keeper_of_the_query_param(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The capture attaches its own page, and the context's page event the pages the platform opens: once,
    both attached the capture's page (a keeper's set-up waits on the browser), and each document request
    was held twice."""
    from builder.capture import language

    pages: list[Any] = []

    class Counting(language._KeepQueryParam):
        def __init__(self, page: Any, *args: Any) -> None:
            pages.append(page)
            super().__init__(page, *args)

    monkeypatch.setattr(language, "_KeepQueryParam", Counting)
    root = make_project(tmp_path, "language_switch: {query_param: lang}\n", {"wander": WANDER})
    with tiny_platform({"query"}) as site:
        summary = run(root, site.url, languages=["en"])
    assert summary.ok, causes(summary)
    assert pages and len({id(page) for page in pages}) == len(pages), \
        f"{len(pages)} keepers for {len({id(page) for page in pages})} pages"

@pytest.mark.browser
def test_a_page_in_another_language_fails_the_step_clearly(tmp_path: Path) -> None:
    # The platform's own "English" link switches the UI: the capture in French must not pass.
    steps = """\
    steps:
      - click: {role: link, name: English}
        say: Click English.
      - click: {role: link, name: {fr: Page suivante, en: Next page}}
        say: Next.
    """
    root = make_project(tmp_path, "language_switch: {query_param: lang}\n", {"switch": steps})
    (root / "screenshots" / "fr" / "switch").mkdir(parents=True)
    with tiny_platform({"query"}) as site:
        summary = run(root, site.url, languages=["fr"])
    [result] = summary.results
    assert result.status == "failed" and result.step == 1
    assert result.cause.startswith("step 1 (click link “English”): the page is in en, not fr (html lang=en-GB): "
                                   "the language switch did not stick; every page was opened with ?lang=fr, "
                                   "but this one ignores it"), result.cause
    assert result.url.endswith("/start?lang=en")
    assert not (root / "screenshots" / "fr" / "switch" / "manifest.json").exists()  # nothing published


@pytest.mark.browser
def test_a_start_page_in_another_language_fails(tmp_path: Path) -> None:
    # The platform honours nothing: with the default mode (browser locale) French is never shown.
    root = make_project(tmp_path, "", {"plain": "steps:\n  - expect: {text: Hello}\n    say: See.\n"})
    with tiny_platform(set()) as site:
        summary = run(root, site.url)
    fr, en = summary.results
    assert en.status == "passed"
    assert fr.status == "failed" and fr.step is None
    assert fr.cause.startswith("the start page /start: the page is in en, not fr (html lang=en-GB): the language "
                               "switch did not stick; the browser asked for fr (locale and Accept-Language), but "
                               "the platform ignores it; choose a `language_switch` mode"), fr.cause
    assert "or `none: true` if the UI has one language" in fr.cause


# -- the other modes ---------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize(("switch", "honours"), [
    ("language_switch: {cookie: {name: site_lang}}\n", {"cookie"}),
    ("language_switch: {url_prefix: '/{lang}'}\n", {"prefix"}),
    ("", {"header"}),  # the default: the browser locale, sent as Accept-Language
    ("language_switch: {locale: true}\n", {"header"}),
])
def test_each_mode_keeps_the_language(tmp_path: Path, switch: str, honours: set[str]) -> None:
    root = make_project(tmp_path, switch, {"wander": WANDER})
    with tiny_platform(honours) as site:
        summary = run(root, site.url)
        uploads = list(site.uploads)
    assert summary.ok, causes(summary)
    assert uploads == [70_000, 70_000]


@pytest.mark.browser
def test_a_cookie_value_per_language(tmp_path: Path) -> None:
    switch = "language_switch: {cookie: {name: site_lang, value: {fr: fr, en: en}}}\n"
    root = make_project(tmp_path, switch, {"next": WANDER.split("  - goto")[0]})
    with tiny_platform({"cookie"}) as site:
        summary = run(root, site.url)
    assert summary.ok, causes(summary)


@pytest.mark.browser
def test_the_lost_prefix_is_caught(tmp_path: Path) -> None:
    # An absolute path without the prefix leaves /fr: the platform answers in English.
    steps = "steps:\n  - goto: http://{host}/next\n    say: Go.\n"
    root = tmp_path
    with tiny_platform({"prefix"}) as site:
        make_project(root, "language_switch: {url_prefix: '/{lang}'}\n",
                     {"leave": steps.replace("{host}", site.url.removeprefix("http://"))})
        summary = run(root, site.url, languages=["fr"])
    [result] = summary.results
    assert result.status == "failed"
    assert "the page is in en, not fr (html lang=en-GB): the language switch did not stick; a link or a redirect " \
           "left the /fr prefix" in result.cause, result.cause


PERSONAS = """\
personas:
  alice:
    username: {fr: alice-fr, en: alice-en}
    password_env: {fr: TINY_FR_PASSWORD, en: TINY_EN_PASSWORD}
login:  # logged out, the platform shows its default language, English: the login steps use it
  path: /login
  steps:
    - fill: {label: Username}
      value: "{username}"
      say: User.
    - fill: {label: Password}
      value: "{password}"
      say: Password.
    - click: {role: button, name: Log in}
      say: Log in.
  check: {css: "#who"}
language_switch: {persona: true}
"""


@pytest.mark.browser
def test_persona_mode_runs_each_language_as_its_own_account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINY_FR_PASSWORD", PASSWORD)
    monkeypatch.setenv("TINY_EN_PASSWORD", PASSWORD)
    steps = WANDER.replace("steps:\n", "persona: alice\nsteps:\n", 1)
    root = make_project(tmp_path, PERSONAS, {"wander": steps})
    with tiny_platform({"account"}) as site:
        summary = run(root, site.url)
        posts = [p for m, p in site.log if m == "POST" and p.startswith("/login")]
    assert summary.ok, causes(summary)
    assert len(posts) == 2  # one login per language: alice-fr, then alice-en


@pytest.mark.browser
def test_persona_mode_without_a_persona_explains_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, PERSONAS, {"anonymous": "steps:\n  - expect: {text: Hello}\n    say: See.\n"})
    with tiny_platform({"account"}) as site:
        summary = run(root, site.url, languages=["fr"])
    [result] = summary.results
    assert result.status == "failed"
    assert result.cause.endswith("with `persona: true` the language comes from the account, and this scenario runs "
                                 f"logged out: the platform shows its default language on {result.url}")


# -- the check: attribute, marker ----------------------------------------------------------------

MARKER = """\
language_switch:
  query_param: lang
  check: {marker: {fr: {role: heading, name: Bonjour}, en: {role: heading, name: Hello}}}
"""


@pytest.mark.browser
def test_a_marker_tells_the_language_of_a_page_without_lang(tmp_path: Path) -> None:
    steps = "steps:\n  - click: {role: link, name: English}\n    say: English.\n"
    root = make_project(tmp_path, MARKER, {"switch": steps})
    with tiny_platform({"query"}, html_lang=False) as site:
        summary = run(root, site.url)
    fr, en = summary.results
    assert en.status == "passed"  # English stays English
    assert fr.status == "failed"
    assert fr.cause.startswith("step 1 (click link “English”): the page is in en, not fr (en marker heading "
                               "“Hello” shown, heading “Bonjour” not): the language switch did not stick"), fr.cause


@pytest.mark.browser
def test_a_page_that_does_not_say_its_language_fails(tmp_path: Path) -> None:
    root = make_project(tmp_path, "language_switch: {query_param: lang}\n",
                        {"plain": "steps:\n  - expect: {text: Bonjour}\n    say: See.\n"})
    with tiny_platform({"query"}, html_lang=False) as site:
        summary = run(root, site.url, languages=["fr"])
    [result] = summary.results
    assert result.status == "failed"
    assert ("the page does not say its language (<html> has no lang attribute), so capture cannot tell that it "
            "is in fr; give `language_switch` in platform.yaml a `check: {marker: {fr: …}}`") in result.cause


@pytest.mark.browser
def test_a_configured_attribute(tmp_path: Path) -> None:
    switch = "language_switch: {query_param: lang, check: {attribute: data-missing}}\n"
    root = make_project(tmp_path, switch, {"plain": "steps:\n  - expect: {text: Bonjour}\n    say: See.\n"})
    with tiny_platform({"query"}) as site:
        summary = run(root, site.url, languages=["fr"])
    assert "(<html> has no data-missing attribute)" in summary.results[0].cause


# -- none: one image set for every language -------------------------------------------------------

@pytest.mark.browser
def test_none_captures_once_and_every_language_finds_the_images(tmp_path: Path) -> None:
    from builder.content.loading import load_project
    from builder.outputs.handouts.render import Renderer
    from builder.outputs.site.build import stage_screenshots
    from builder.outputs.site.rendering import ShotIndex
    from builder.shots.drift import check_pages

    steps = "steps:\n  - click: {role: link, name: Next page}\n    say: {fr: Suivant., en: Next.}\n"
    root = make_project(tmp_path, "language_switch: {none: true}\n", {"one": steps})
    with tiny_platform(set()) as site:  # English only
        summary = run(root, site.url)
        again = run(root, site.url, languages=["en"])
        requests = len(site.documents())
    assert [(r.lang, r.status) for r in summary.results] == [("all", "passed")]
    assert [(r.lang, r.status) for r in again.results] == [("all", "unchanged")]
    assert requests == 4  # start and next, twice: captured once per run, not once per language
    shots = root / "screenshots"
    assert sorted(p.name for p in shots.iterdir() if not p.name.startswith(".")) == ["all"]
    manifest = json.loads((shots / "all" / "one" / "manifest.json").read_text())
    assert manifest["lang"] == "all" and [i["file"] for i in manifest["images"]] == ["01.png", "result.png"]

    project = load_project(root)
    assert check_pages(project, ["fr", "en"]) == {}  # neither missing nor stale in either language
    for lang in ("fr", "en"):
        index = ShotIndex()
        written = stage_screenshots(root, lang, project, tmp_path / f"src-{lang}", index)
        # each published as WebP or PNG, with a phone crop when its target leaves room for one
        assert sorted({name.split(".")[0] for name in written}) == ["_shots/one/01", "_shots/one/result"]
    renderer = Renderer(project)
    missing: list[Path] = []
    for lang in ("fr", "en"):
        assert renderer.screenshot(lang, "one", "01.png", missing) == (shots / "all" / "one" / "01.png").resolve().as_uri()
    assert missing == []


@pytest.mark.browser
def test_the_cookie_survives_a_fresh_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The platform forgets sessions at each reset: the second scenario finds its saved session void
    # and logs in again, which replaces the browser's cookies. The language cookie must come back.
    monkeypatch.setenv("TINY_PASSWORD", PASSWORD)
    platform = (PERSONAS.replace("{fr: alice-fr, en: alice-en}", "alice-fr")
                .replace("{fr: TINY_FR_PASSWORD, en: TINY_EN_PASSWORD}", "TINY_PASSWORD")
                .replace("language_switch: {persona: true}", "language_switch: {cookie: {name: site_lang}}")
                .replace("{label: Username}", "{label: {fr: Identifiant, en: Username}}")
                .replace("{label: Password}", "{label: {fr: Mot de passe, en: Password}}")
                .replace("name: Log in}", "name: {fr: Se connecter, en: Log in}}"))
    steps = "persona: alice\nsteps:\n  - click: {role: link, name: {fr: Page suivante, en: Next page}}\n    say: Next.\n"
    root = make_project(tmp_path, platform, {"first": steps, "second": steps})
    with tiny_platform({"cookie"}) as site:
        from builder.content.loading import load_project

        assert not load_project(root).problems
        summary = capture_project(root, endpoints=[Endpoint(site.url, site.reset)], progress=False, jobs=2)
        logins = [p for m, p in site.log if m == "POST" and p.startswith("/login")]
    assert summary.ok, causes(summary)
    assert len(logins) >= 2  # later scenarios logged in again, in either language
