"""The last login and language holes: a persona scenario starting on the login page, a per-language login page."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.content.loginpage import is_login_page
from tests.checkcases import base_project

SCENARIO = """id: {id}
title: {{fr: Titre, en: Title}}
summary: {{fr: Résumé., en: Summary.}}
audience: [member]
topic: wiki
persona: alice
{extra}start: {start}
steps:
  - goto: /pages
    say: {{fr: Ouvrez le wiki., en: Open the wiki.}}
"""


def check(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], obj={})
    assert "Traceback" not in result.output
    return result.exit_code, [line for line in result.stderr.splitlines() if "cases/" in line]


@pytest.mark.parametrize(("start", "login", "same"), [
    ("/login", "/login", True), ("/login/", "/login", True), ("/login?next=/dashboard", "/login", True), ("/admin//login/", "/admin/login", True),
    ("/index.php?title=Special%3AUserLogin&returnto=Main", "/index.php?title=Special:UserLogin", True),
    ("/index.php?title=Main_Page", "/index.php?title=Special:UserLogin", False),
    ("/login-help", "/login", False), ("/", "/login", False), ("/admin/login/", "/admin/login/", True),
])
def test_login_page_addresses_compare_normalised(start: str, login: str, same: bool) -> None:
    assert is_login_page(start, login) is same


def test_a_persona_scenario_starting_on_the_login_page_is_refused_at_its_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    cases = root / "content" / "scenarios" / "cases"
    cases.mkdir()
    (cases / "on-login.yaml").write_text(SCENARIO.format(id="on-login", extra="", start="/login/?next=/"),
                                         encoding="utf-8")
    (cases / "shows-login.yaml").write_text(SCENARIO.format(id="shows-login", extra="logged_out: true\n",
                                                            start="/login"), encoding="utf-8")
    (cases / "elsewhere.yaml").write_text(SCENARIO.format(id="elsewhere", extra="", start="/pages"),
                                          encoding="utf-8")
    code, lines = check(root, monkeypatch)
    assert code == 1
    assert lines == [(
        "content/scenarios/cases/on-login.yaml:7:8: `start: /login/?next=/` is the login page (`login.path` "
        "/login), where persona alice is already logged in, so the page would show a form no reader sees: add "
        "`logged_out: true` to show logging in as alice, or start on a page a logged-in user opens")]


def test_the_login_page_may_differ_per_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8").replace(
        "  path: /login\n", "  path: {fr: /connexion, en: /login}\n"), encoding="utf-8")
    cases = root / "content" / "scenarios" / "cases"
    cases.mkdir()
    (cases / "on-connexion.yaml").write_text(SCENARIO.format(id="on-connexion", extra="", start="/connexion"),
                                             encoding="utf-8")
    code, lines = check(root, monkeypatch)
    assert code == 1 and len(lines) == 1 and "`login.path` /connexion" in lines[0], lines
    from builder.content.loading import load_project

    login = load_project(root).platform.login
    assert (login.path_for("fr"), login.path_for("en")) == ("/connexion", "/login")
    platform.write_text(platform.read_text(encoding="utf-8").replace("fr: /connexion", "fr: connexion"),
                        encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], obj={})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "content/platform.yaml:10:" in result.stderr and "connexion" in result.stderr  # not a path


def test_a_step_typing_a_personas_password_as_written_is_refused_masked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.capture.runner import capture_project
    from builder.errors import CaptureError

    secret = "Tr0ub4dor-and-3"
    monkeypatch.setenv("AGORA_ALICE_PASSWORD", secret)
    root = base_project(tmp_path)
    cases = root / "content" / "scenarios" / "cases"
    cases.mkdir()
    (cases / "typed.yaml").write_text(
        SCENARIO.format(id="typed", extra="", start="/pages")
        + "  - fill: {label: Password}\n"
        + f"    value: {{fr: {secret}, en: other}}\n"
        + "    say: {fr: Tapez-le., en: Type it.}\n", encoding="utf-8")
    with pytest.raises(CaptureError) as caught:
        capture_project(root, progress=False)
    message = str(caught.value)
    assert secret not in message
    assert message == (
        "content/scenarios/cases/typed.yaml:12:17: steps[1].value.fr is the password of persona alice written out "
        "(••••••): write `{password}` instead, which capture types from the environment and masks on every "
        "screenshot, and change that password: it is in the content")
    assert not (root / "screenshots").exists() and not (root / "_build").exists()  # nothing started
    monkeypatch.setenv("AGORA_ALICE_PASSWORD", "another-one")
    with pytest.raises(CaptureError) as unreachable:  # the value is no password: capture goes on to the platform
        capture_project(root, progress=False)
    assert "does not answer" in str(unreachable.value)


# -- the UI language: a marker per language, a declared change (real Chromium, tests/tiny_language.py) --------

LANGUAGE_PLATFORM = """\
language_switch:
  cookie: {name: ui}
  check:
    attribute: lang
    marker: {fr: {role: link, name: Déconnexion}, en: {role: link, name: Log out}}
"""

TO_ENGLISH = """\
steps:
  - click: {role: link, name: Profil}
    say: Ouvrez votre profil.
  - select: {label: Langue}
    option: English
    say: Choisissez English.
  - click: {role: button, name: Enregistrer}
    say: Enregistrez.
"""


@pytest.mark.browser
def test_a_page_saying_french_without_the_french_marker_fails(tmp_path: Path) -> None:
    from tests.test_capture_language import make_project, run
    from tests.tiny_language import tiny_language

    half = "steps:\n  - click: {role: link, name: Page mal traduite}\n    say: Ouvrez la page.\n"
    root = make_project(tmp_path, LANGUAGE_PLATFORM, {"half": half, "whole": "steps:\n  - goto: /profile\n"
                                                                           "    say: Ouvrez le profil.\n"})
    with tiny_language() as url:
        summary = run(root, url, languages=["fr"])
    status = {r.scenario: r for r in summary.results}
    assert status["whole"].status == "passed"  # lang and marker agree
    assert status["half"].status == "failed"
    assert status["half"].cause.startswith(
        "step 1 (click link “Page mal traduite”): the page says it is in fr (html lang=fr) but does not show the "
        "fr marker link “Déconnexion” within 5 s: its interface is in another language"), status["half"].cause


@pytest.mark.browser
def test_a_declared_language_change_is_expected_from_there_on(tmp_path: Path) -> None:
    from tests.test_capture_language import make_project, run
    from tests.tiny_language import tiny_language

    declared = TO_ENGLISH + ("  - expect: {language: en}\n    say: L'interface est en anglais.\n"
                             "  - click: {role: link, name: Profile}\n    say: Open your profile again.\n")
    wrong = TO_ENGLISH + "  - expect: {language: de}\n    say: Deutsch.\n"
    root = make_project(tmp_path, LANGUAGE_PLATFORM, {"declared": declared, "undeclared": TO_ENGLISH})
    with tiny_language() as url:
        summary = run(root, url, languages=["fr"])
    status = {r.scenario: r for r in summary.results}
    assert status["declared"].status == "passed", status["declared"].cause
    assert status["undeclared"].status == "failed"
    assert status["undeclared"].cause.startswith(
        "step 3 (click button “Enregistrer”): the page is in en, not fr (html lang=en): the language switch did "
        "not stick; the cookie ui=fr was set"), status["undeclared"].cause
    # A declaration the page does not bear out fails at that step, naming it.
    root2 = make_project(tmp_path / "second", LANGUAGE_PLATFORM, {"wrong": wrong})
    with tiny_language() as url:
        [result] = run(root2, url, languages=["fr"]).results
    assert result.status == "failed"
    assert "step 4 (expect language de): the page is in en, not de (html lang=en): step 4 declared that the UI " \
           "is now in de (`expect: {language: de}`)" in result.cause, result.cause
