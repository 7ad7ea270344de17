"""`check` on `language_switch`, per-language personas and `text_masks`: located, explained problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.content.model import LanguageSwitch, Persona, Platform
from tests.checkcases import base_project
from tests.test_check_corpus import run_check


def _check_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str,
                replace: tuple[str, str] | None = None) -> tuple[int, list[str]]:
    """`check` on the base project with ``extra`` appended to its platform.yaml.

    Lines in the problems that point into ``extra`` read `{L1}`, `{L2}`… (its first line,
    its second…), so the expectations do not depend on the length of the base file.
    """
    root = base_project(tmp_path)
    platform = root / "content" / "platform.yaml"
    text = platform.read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(*replace)
    text = text if text.endswith("\n") else text + "\n"
    base = len(text.splitlines())
    platform.write_text(text + extra, encoding="utf-8")
    code, err, _ = run_check(root, monkeypatch)
    err = err[:-1] if code else err
    return code, [re.sub(r"^(content/platform\.yaml):(\d+):",
                         lambda m: f"{m[1]}:{{L{int(m[2]) - base}}}:" if int(m[2]) > base else m[0], line)
                  for line in err]


@pytest.mark.parametrize("extra", [
    "language_switch: {query_param: lang}\n",
    "language_switch: {cookie: {name: django_language}}\n",
    "language_switch: {cookie: {name: lang, value: {fr: fr_FR, en: en_US}, domain: example.org, path: /app}}\n",
    "language_switch: {url_prefix: '/{lang}'}\n",
    "language_switch: {url_prefix: '/site/{lang}'}\n",
    "language_switch: {locale: true}\n",
    "language_switch: {none: true}\n",
    "language_switch: {query_param: uselang, check: {attribute: xml:lang}}\n",
    "language_switch:\n  cookie: {name: l}\n  check: {marker: {fr: {text: Déconnexion}, en: {role: link, name: Log out}}}\n",
    "text_masks:\n  - {pattern: '\\d+ seconds? ago'}\n  - {pattern: '(\\d\\d):\\d\\d', replace: '\\1:00'}\n",
])
def test_valid_language_switches_and_masks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> None:
    assert _check_with(tmp_path, monkeypatch, extra) == (0, [])


@pytest.mark.parametrize(("extra", "problem"), [
    ("language_switch:\n  query_param: lang\n  cookie: {name: x}\n",
     ("content/platform.yaml:{L3}:3: language_switch: one mode only, not 2 (query_param, cookie): "
     "keep only `query_param` or only `cookie`")),
    ("language_switch: {}\n",
     ("content/platform.yaml:{L1}:18: language_switch: no mode given; it takes one of query_param, cookie, "
     "url_prefix, locale, persona, none: add e.g. `query_param: lang`, `cookie: {name: …}`, `locale: true` "
     "or `none: true`")),
    ("language_switch:\n  check: {attribute: lang}\n",
     ("content/platform.yaml:{L2}:3: language_switch: no mode given; it takes one of query_param, cookie, "
     "url_prefix, locale, persona, none: add e.g. `query_param: lang`, `cookie: {name: …}`, `locale: true` "
     "or `none: true`")),
    ("language_switch:\n  locale: false\n",
     ("content/platform.yaml:{L2}:11: language_switch.locale: `locale: false` is not a mode: write `locale: true`, "
     "or choose another mode")),
    ("language_switch: {none: yes please}\n",
     ("content/platform.yaml:{L1}:25: language_switch.none: `none: yes please` is not a mode: write `none: true`, "
     "or choose another mode")),
    ("language_switch:\n  url_prefix: fr\n",
     ("content/platform.yaml:{L2}:15: language_switch.url_prefix: url_prefix `fr` is not a path prefix with {lang}: "
     "write it like `/{lang}` (starts with `/`, holds `{lang}`, no trailing `/`)")),
    ("language_switch:\n  url_prefix: /{lang}/\n",
     ("content/platform.yaml:{L2}:15: language_switch.url_prefix: url_prefix `/{lang}/` is not a path prefix with "
     "{lang}: write it like `/{lang}` (starts with `/`, holds `{lang}`, no trailing `/`)")),
    ("language_switch:\n  cookie: {nme: x}\n",
     "content/platform.yaml:{L2}:12: unknown key `nme` in language_switch.cookie: did you mean `name`?"),
    ("language_switch: {nonne: true}\n",
     "content/platform.yaml:{L1}:19: unknown key `nonne` in language_switch: did you mean `none`?"),
    ("language_switch:\n  none: true\n  check: {attribute: lang}\n",
     ("content/platform.yaml:{L3}:3: language_switch: `check` has nothing to check with `none: true` (the UI has "
     "one language): remove `check`")),
    ("language_switch:\n  locale: true\n  check: {}\n",
     ("content/platform.yaml:{L3}:10: language_switch.check: a language check takes attribute, marker or both: "
     "write `attribute: lang` (of <html>), `marker: {fr: <target>, en: <target>}`, or both")),
    ("text_masks:\n  - pattern: '('\n",
     ("content/platform.yaml:{L2}:5: text_masks[0]: bad regular expression (missing ), unterminated subpattern at "
     "position 0): fix the pattern (Python syntax; quote it in YAML with single quotes)")),
    ("text_masks:\n  - pattern: '\\d*'\n",
     ("content/platform.yaml:{L2}:5: text_masks[0]: the pattern matches empty text, so it would match everywhere: "
     "make it match at least one character, e.g. `\\d+` rather than `\\d*`")),
    ("text_masks:\n  - {pattern: a, replace: '\\1'}\n",
     ("content/platform.yaml:{L2}:18: text_masks[0]: bad replacement (invalid group reference 1 at position 1): "
     "refer only to groups the pattern has (`\\1`, `\\g<name>`), or double the backslash")),
    ("text_masks:\n  - replace: x\n",
     "content/platform.yaml:{L2}:5: missing required key `pattern` in text_masks[0]: add `pattern: …`"),
])
def test_bad_language_switches_and_masks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str,
                                         problem: str) -> None:
    code, err = _check_with(tmp_path, monkeypatch, extra)
    assert (code, err) == (1, [problem])


def test_a_marker_for_every_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = "language_switch:\n  locale: true\n  check: {marker: {fr: {text: Bonjour}, de: {text: Hallo}}}\n"
    assert _check_with(tmp_path, monkeypatch, extra) == (1, [
        ("content/platform.yaml:{L3}:11: the language marker has no en element: add `en: {text: …}`: something only "
        "the en UI shows"),
        ("content/platform.yaml:{L3}:41: language `de` is not configured: use fr, en or add it to `languages` in "
        "platform.yaml"),
    ])


def test_persona_mode_needs_an_account_per_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check_with(tmp_path, monkeypatch, "language_switch: {persona: true}\n") == (1, [
        ("content/platform.yaml:7:15: persona `alice` has one account for every language, but `language_switch: "
        "{persona: true}` takes the language from the account: give one account per language: "
        "`username: {fr: …, en: …}`")])
    per_language = ("    username: alice\n    password_env: AGORA_ALICE_PASSWORD\n",
                    ("    username: {fr: alice-fr, en: alice-en}\n"
                    "    password_env: {fr: ALICE_FR_PASSWORD, en: ALICE_EN_PASSWORD}\n"))
    assert _check_with(tmp_path / "ok", monkeypatch, "language_switch: {persona: true}\n", per_language) == (0, [])
    missing_en = (per_language[0], "    username: {fr: alice-fr}\n    password_env: ALICE_PASSWORD\n")
    code, err = _check_with(tmp_path / "missing", monkeypatch, "", missing_en)
    assert (code, err) == (1, ["content/platform.yaml:7:5: text has no en version: add `en: …` next to the others"])
    bad_env = (per_language[0], "    username: alice\n    password_env: {fr: ALICE, en: secret}\n")
    code, err = _check_with(tmp_path / "env", monkeypatch, "", bad_env)
    assert code == 1 and err[0].startswith("content/platform.yaml:8:35: personas.alice.password_env.en `secret` "
                                           "is not an environment variable name")


def test_the_default_mode_is_the_browser_locale() -> None:
    platform = Platform.model_validate({"name": "x", "base_url": "http://h"})
    assert platform.language_switch.mode == "locale" and platform.language_switch.check is None
    assert LanguageSwitch.model_validate({"none": True}).mode == "none"


def test_a_persona_account_per_language() -> None:
    alice = Persona.model_validate({"username": {"fr": "alice-fr", "en": "alice-en"},
                                    "password_env": {"fr": "A_FR", "en": "A_EN"}})
    assert (alice.username_for("en"), alice.password_env_for("fr"), alice.per_language) == ("alice-en", "A_FR", True)
    bob = Persona.model_validate({"username": "bob", "password_env": "BOB"})
    assert (bob.username_for("en"), bob.password_env_for("fr"), bob.per_language) == ("bob", "BOB", False)
