"""`helpwright init`: a new help project that passes `check`, builds and prints as written.

It writes a commented ``content/platform.yaml`` (every key explained), one example
scenario, one example workshop that uses it, the JSON Schemas and a ``.gitignore``.
It asks nothing: the options fill in what it cannot guess, and the comments say what
to change. It never overwrites a project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.atomicwrite import write_text_atomic
from builder.content.model import LANG_PATTERN, PATH_PATTERN, URL_PATTERN
from builder.errors import HelpwrightError

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_LANGUAGES = ("fr", "en")
DEFAULT_LOGIN_PATH = "/login"
EXAMPLE_SCENARIO = "open-login-page"
EXAMPLE_WORKSHOP = "first-steps"
GITIGNORE_LINES = ("_build/", ".venv/")

_PLAIN = re.compile(r"^[\w/][\w .'’()/-]*$")


def _scalar(text: str) -> str:
    """A YAML scalar that reads back as ``text`` inside a flow mapping."""
    if _PLAIN.match(text) and not text.endswith((" ", ":")) and text.lower() not in (
            "yes", "no", "true", "false", "null", "on", "off", "y", "n"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class _Writer:
    languages: tuple[str, ...]

    def text(self, fr: str, en: str) -> str:
        """`{fr: …, en: …}` for the project's languages; a language other than fr reads the English."""
        parts = [f"{lang}: {_scalar(fr if lang == 'fr' else en)}" for lang in self.languages]
        return "{" + ", ".join(parts) + "}"


def _check_options(base_url: str, languages: list[str], login_path: str) -> None:
    if not re.match(URL_PATTERN, base_url):
        raise HelpwrightError(f"`{base_url}` is not a web address: start --base-url with http:// or https://")
    if not languages:
        raise HelpwrightError("--languages is empty: give at least one language code, e.g. `--languages fr,en`")
    for lang in languages:
        if not re.match(LANG_PATTERN, lang):
            raise HelpwrightError(f"`{lang}` is not a language code: use two lowercase letters, e.g. fr, en, de")
        if languages.count(lang) > 1:
            raise HelpwrightError(f"language `{lang}` is given twice in --languages: give it once")
    if not re.match(PATH_PATTERN, login_path) or login_path.startswith("http"):
        raise HelpwrightError(f"`{login_path}` is not a path: start --login-path with `/`, e.g. /login "
                              "or /index.php?title=Special:UserLogin")


def existing_project(folder: Path) -> Path | None:
    """What makes ``folder`` a project already (a file init would write), or None."""
    for candidate in (folder / "content" / "platform.yaml", folder / "content" / "scenarios",
                      folder / "content" / "workshops"):
        if candidate.exists():
            return candidate
    return None


def init_project(folder: Path, *, base_url: str = DEFAULT_BASE_URL,
                 languages: list[str] | tuple[str, ...] = DEFAULT_LANGUAGES,
                 login_path: str = DEFAULT_LOGIN_PATH) -> list[Path]:
    """Write a new project into ``folder`` (created if needed); returns the files written."""
    from builder.content.schema import write_schemas

    langs = [lang.strip() for lang in languages if lang.strip()]
    _check_options(base_url, langs, login_path)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise HelpwrightError(f"{folder} is a file: give a folder to create the project in")
    found = existing_project(folder)
    if found is not None:
        raise HelpwrightError(f"{folder.resolve()} already holds a help project ({found.relative_to(folder)} "
                              "exists): init never overwrites one; run `helpwright check` there, or give a new folder")
    w = _Writer(tuple(langs))
    files = {
        folder / "content" / "platform.yaml": platform_yaml(w, base_url, login_path),
        folder / "content" / "scenarios" / "getting-started" / f"{EXAMPLE_SCENARIO}.yaml":
            scenario_yaml(w, login_path),
        folder / "content" / "workshops" / f"{EXAMPLE_WORKSHOP}.yaml": workshop_yaml(w),
    }
    written = []
    for path, text in files.items():
        write_text_atomic(path, text)
        written.append(path)
    written += write_schemas(folder / "schemas")
    written.append(_write_gitignore(folder / ".gitignore"))
    return written


def _write_gitignore(path: Path) -> Path:
    """Add what a project never commits; an existing .gitignore keeps its lines."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    have = {line.strip() for line in old.splitlines()}
    missing = [line for line in GITIGNORE_LINES if line not in have]
    if missing:
        head = old if not old or old.endswith("\n") else old + "\n"
        comment = "" if old else "# Helpwright: built site, handouts and capture reports; the virtual environment\n"
        write_text_atomic(path, head + comment + "\n".join(missing) + "\n")
    return path


def next_steps(folder: Path, languages: list[str] | tuple[str, ...]) -> list[str]:
    """What to do after init, as printed by the command."""
    here = "" if Path(folder).resolve() == Path.cwd().resolve() else f" -C {folder}"
    langs = ", ".join(languages)
    return [
        f"Next steps (languages: {langs}):",
        (f"  1. Edit {Path(folder) / 'content' / 'platform.yaml'}: name, login steps and `check`, "
         "language_switch, audiences, topics. Every key is explained in it."),
        "  2. Export each persona's password: export HELPWRIGHT_TRAINER_PASSWORD=…",
        f"  3. helpwright{here} check                 # validates everything, points at path:line:col",
        f"  4. helpwright{here} capture               # runs the scenarios in Chromium on your platform",
        f"  5. helpwright{here} handouts && helpwright{here} build   # the PDFs, then the help site in _build/site/",
        f"  6. helpwright{here} new scenario ID --topic getting-started   # your own how-tos",
    ]


def platform_yaml(w: _Writer, base_url: str, login_path: str) -> str:
    t = w.text
    languages = "[" + ", ".join(w.languages) + "]"
    return f"""\
# yaml-language-server: $schema=../schemas/platform.schema.json
#
# The platform this help is about, and how Helpwright drives it to take screenshots.
# `helpwright check` validates this file and points at the line of any mistake; the
# "Format reference" page of the built site lists every key.
# A text the reader sees is one string, or one per language: {t("…", "…")}.

# Name of the platform, in the site's title ("<name> Help") and on the handouts' covers.
name: My platform
# Where the platform runs; `helpwright capture --base-url URL` overrides it for one run.
base_url: {base_url}
# Logo in the site's header, relative to content/ (SVG or PNG).
# logo: logo.svg
# Languages of the help, primary first. Every text needs each of them. A language
# Helpwright has no labels for reads English ones (with one warning) until you add
# content/messages/<lang>.yaml: keys as in Helpwright's builder/messages/en.yaml.
languages: {languages}
# Browser window for screenshots, in CSS pixels.
viewport: {{width: 1280, height: 800}}
# Pixel density of screenshots: 2 gives sharper, larger files.
device_scale_factor: 1
# Time zone of the browser, so that the dates and times the platform shows stay the same.
timezone: Europe/Paris

# Demo accounts the scenarios run as: `persona: trainer` in a scenario logs in as this one.
# Passwords never go in files: each is read from the environment variable `password_env`
# names (export HELPWRIGHT_TRAINER_PASSWORD=… before `helpwright capture`). Use test
# accounts. A persona may use one account per language: username: {t("trainer-fr", "trainer-en")}
personas:
  trainer:
    username: trainer
    password_env: HELPWRIGHT_TRAINER_PASSWORD
    description: {t("Formateur", "Trainer")}

# How a persona logs in, before every scenario that names one.
login:
  # The login page; it may carry a query: /index.php?title=Special:UserLogin
  path: {_scalar(login_path)}
  # Steps as in a scenario, with {{username}} and {{password}} filled in (a password field is
  # masked on every screenshot). Find fields by the label a person reads next to them.
  steps:
    - fill: {{label: {t("Identifiant", "Username")}}}
      value: "{{username}}"
      say: Username
    - fill: {{label: {t("Mot de passe", "Password")}}}
      value: "{{password}}"
      say: Password
    - click: {{role: button, name: {t("Se connecter", "Log in")}}}
      say: Log in
  # Something only a logged-in user sees. Checked after the login and on the start page of
  # every persona scenario: a lost session fails the capture instead of passing unseen.
  # Or the user's own name: {{text: "{{username}}"}}
  check: {{role: link, name: {t("Se déconnecter", "Log out")}}}
  # CSS selector of the message the platform shows when a login fails; quoted in the error.
  error: "[role=alert]"
  # A scenario that shows logging in says so: `persona: trainer` with `logged_out: true`.

# How capture puts the platform's interface in each language. Exactly one of:
#   query_param: lang               ?lang=fr added to every page (links, forms, redirects)
#   cookie: {{name: django_language}} a cookie holding the language code
#   url_prefix: "/{{lang}}"           /fr/…, /en/… (write start and goto without it)
#   locale: true                    the browser's language and Accept-Language header
#   persona: true                   each account's own preference: give every persona one
#                                   account per language (username: {t("…", "…")})
#   none: true                      one-language interface: captured once, shown in every language
# After every step, capture checks that the page is still in the right language: by default
# the `lang` attribute of <html>. When the platform does not set it, name something only each
# language shows:  check: {{marker: {{{", ".join(f"{lang}: {{text: …}}" for lang in w.languages)}}}}}
language_switch:
  locale: true

# A browser dialog (alert, confirm, prompt) that no step expects: fail the step and quote it
# (fail, the default), or accept or dismiss it. A step that opens one says `dialog: accept`.
dialogs: fail

# How to put the platform's data back before each scenario, so that captures never see one
# another's changes (edits, history, locked accounts). Uncomment one way. Without it,
# `check` warns about scenarios that change data.
# reset:
#   command: cp data/pristine.sqlite3 data/db.sqlite3   # run in the project folder
#   http: {{method: POST, url: /__reset}}                 # or: an HTTP request to the platform
#   when: scenario                                      # or: run (once, before the capture)

# CSS selectors blanked out on every screenshot (one-time links, random avatars…).
masks: []
# Text that changes by itself, replaced before each screenshot, so that a new capture of an
# unchanged platform changes no pixel (Python regular expressions; single quotes in YAML):
text_masks: []
#  - {{pattern: '\\d+ (seconds?|minutes?) ago', replace: a moment ago}}
#  - {{pattern: '\\b\\d\\d:\\d\\d\\b', replace: '09:30'}}

# Who the help is for. A scenario's `audience: [member]` names these ids; the site has one
# page per audience, listing its how-tos.
audiences:
  member:
    title: {t("Membre", "Member")}
    description: {t("L'usage de tous les jours.", "Everyday use of the platform.")}
  administrator:
    title: {t("Administrateur", "Administrator")}
    description: {t("Gérer les comptes et la plateforme.", "Manage accounts and the platform.")}

# What the how-tos are about. A scenario's `topic:` names one of these ids, and its file goes
# in content/scenarios/<topic>/. The site has one page per topic, in this order.
topics:
  getting-started:
    title: {t("Premiers pas", "Getting started")}
    description: {t("Se connecter et s'orienter.", "Log in and find your way.")}
"""


def scenario_yaml(w: _Writer, login_path: str) -> str:
    t = w.text
    return f"""\
# yaml-language-server: $schema=../../../schemas/scenario.schema.json
#
# An example how-to: it opens the login page and checks that it really is one. Capture it:
#   helpwright capture --only {EXAMPLE_SCENARIO}
# then write your own with `helpwright new scenario ID --topic getting-started`.
id: {EXAMPLE_SCENARIO}
title: {t("Trouver la page de connexion", "Find the login page")}
summary: {t("Où vous connecter, et à quoi ressemble le formulaire de connexion.",
            "Where to log in, and what the login form looks like.")}
audience: [member]
topic: getting-started
level: beginner
duration: 1 min
# No `persona`: the reader is not logged in. `persona: trainer` logs in first.
start: /
steps:
  - goto: {_scalar(login_path)}
    say: {t("Ouvrez la page de connexion.", "Open the login page.")}
  # The page's path, exactly: fails if the platform sends the reader somewhere else.
  - expect: {{url: {_scalar(login_path)}}}
    say: {t("La page de connexion s'affiche.", "The login page opens.")}
  # A password field: fails if this page is not a login form.
  - expect: {{target: {{css: "input[type=password]"}}}}
    say: {t("Le formulaire demande votre identifiant et votre mot de passe.",
            "The form asks for your user name and your password.")}
troubleshooting:
  - problem: {t("J'ai oublié mon mot de passe.", "I forgot my password.")}
    answer: {t("Demandez-en un nouveau à l'administrateur de la plateforme.",
               "Ask the platform's administrator for a new one.")}
"""


def workshop_yaml(w: _Writer) -> str:
    t = w.text
    return f"""\
# yaml-language-server: $schema=../../schemas/workshop.schema.json
#
# An example workshop: `helpwright handouts` prints its participant workbook and its
# facilitator guide (PDF), with the steps and screenshots of the scenarios it uses.
id: {EXAMPLE_WORKSHOP}
title: {t("Premiers pas", "First steps")}
audience: [member]
level: beginner
duration: 30 min
start_time: "09:30"
participants: 8
objectives:
  - {t("Trouver la page de connexion et se connecter", "Find the login page and log in")}
agenda:
  - title: {t("Se connecter", "Logging in")}
    kind: demonstration
    duration: 15 min
    scenarios: [{EXAMPLE_SCENARIO}]
    script: {t("Montrez la page de connexion au vidéoprojecteur.", "Show the login page on the projector.")}
  - title: {t("À vous", "Your turn")}
    kind: exercise
    duration: 15 min
    exercise: {t("Connectez-vous avec le compte qui vous a été remis.",
                 "Log in with the account you were given.")}
memo:
  sections:
    - title: {t("Se connecter", "Log in")}
      points:
        - {t("Ouvrez la page de connexion, puis saisissez votre identifiant et votre mot de passe.",
             "Open the login page, then type your user name and your password.")}
"""
