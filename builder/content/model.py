"""The scenario format: pydantic models for platforms, scenarios and their steps.

These models are the single source of truth for the format. The loader validates
YAML against them, the JSON Schema in ``schemas/`` is generated from them, and the
format reference page of the help site is rendered from their field descriptions.
Every model forbids unknown keys, so a misspelt key is an error, never ignored.

A step is a mapping with exactly one *action* key (``click``, ``fill``…) next to
shared keys (``say``, ``shot``…). The action key picks the step model, which keeps
error locations short and readable (``steps[2].click.name``).
"""

from __future__ import annotations

import functools
import re
from enum import Enum
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
PATH_PATTERN = r"^(/|https?://)"
LANG_PATTERN = r"^[a-z]{2}$"
DURATION_PATTERN = r"^\d+ ?min$"
URL_PATTERN = r"^https?://"
ENV_PATTERN = r"^[A-Z_][A-Z0-9_]*$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
#: the highlight colour unless platform.yaml sets one (``highlight_colour``)
DEFAULT_HIGHLIGHT_COLOUR = "#e11d48"
TARGET_KINDS = ("role", "label", "text", "placeholder", "testid", "css")


def help_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be where the help site is published (a workbook's QR codes point there), or None."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"`{url}` is not a web address (http:// or https:// and a host)"
    if any(c.isspace() for c in url) or parts.query or parts.fragment or "#" in url:
        return f"`{url}` holds a space, a query or a fragment, which no page address of the site can follow"
    return None


def content_error(problem: str, todo: str, at: str | int | None = None) -> PydanticCustomError:
    """A validation error that says what to do and, with ``at``, which key is wrong.

    The loader reads ``todo`` and ``at`` from the error's context to phrase and
    place the problem; pydantic alone would only give the message.
    """
    return PydanticCustomError("content", problem, {"todo": todo, "at": at})

#: Playwright's own pseudo-classes, which its CSS engine adds to the standard ones.
_PLAYWRIGHT_PSEUDO = re.compile(
    r":(?:has-text|text|text-is|text-matches|nth-match|left-of|right-of|above|below|near|visible)(?![-\w])")


def css_problem(selector: str) -> str | None:
    """Why ``selector`` is not a CSS selector Playwright can use, or None; checked without a browser."""
    import soupsieve

    parts = selector.removeprefix("css=").split(">>")  # Playwright chains selectors with `>>`
    for part in parts:
        standard = _without_playwright_pseudo(part)
        if not standard.strip():
            return "the CSS selector is empty" if len(parts) == 1 else "a CSS selector around `>>` is empty"
        try:
            soupsieve.compile(standard)
        except soupsieve.SelectorSyntaxError as exc:
            reason = str(exc).splitlines()[0]
            if standard != part:  # positions no longer match what the author wrote
                reason = reason.split(" at position ")[0]
            return f"`{selector}` is not a CSS selector ({reason[:1].lower()}{reason[1:]})"
    return None


def _without_playwright_pseudo(selector: str) -> str:
    """``selector`` with Playwright's pseudo-classes (and their arguments) replaced by `:is(*)`."""
    out, i = [], 0
    for match in _PLAYWRIGHT_PSEUDO.finditer(selector):
        if match.start() < i:
            continue
        out.append(selector[i:match.start()] + ":is(*)")
        i = match.end()
        if selector[i:i + 1] == "(":  # skip the argument, quotes and nested brackets included
            depth, quote = 0, ""
            while i < len(selector):
                ch = selector[i]
                if quote:
                    quote = "" if ch == quote else quote
                elif ch in "\"'":
                    quote = ch
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                    if depth == 0:
                        i += 1
                        break
                i += 1
    return "".join(out) + selector[i:]


def _css(value: str) -> str:
    problem = css_problem(value)
    if problem is not None:
        raise content_error(problem, ("write one" if "empty" in problem else "fix it")
                            + ", e.g. `#id` or `[data-testid=banner]`")
    return value


#: A CSS selector, checked when the content is loaded (Playwright's extensions allowed).
CssSelector = Annotated[str, AfterValidator(_css)]


def _timezone(value: str) -> str:
    known = _known_timezones()
    if known and value not in known:  # none known: no time zone database here to judge by
        raise content_error(f"`{value}` is not a time zone",
                            "use a name such as `Europe/Paris`, `America/New_York` or `UTC`")
    return value


@functools.lru_cache(maxsize=1)
def _known_timezones() -> frozenset[str]:
    from zoneinfo import available_timezones

    return frozenset(available_timezones())


#: An IANA time zone name, as the browser takes it.
TimeZone = Annotated[str, AfterValidator(_timezone)]


#: A text a reader sees: one string for every language, or one per language.
Text = Annotated[
    str | dict[Annotated[str, Field(pattern=LANG_PATTERN)], str],
    Field(description="One string, or a map of language code to string: `{fr: …, en: …}`."),
]


def _search_words(words: list[str]) -> list[str]:
    """A list of words people search with: none blank, none twice (case and spaces aside)."""
    seen: dict[str, int] = {}
    for i, word in enumerate(words):
        key = " ".join(word.split()).casefold()
        if not key:
            raise content_error(f"item {i + 1} is empty", "write the word or remove the item", at=i)
        if key in seen:
            raise content_error(f"item {i + 1} `{word.strip()}` is listed twice (first as item {seen[key] + 1})",
                                "keep it once", at=i)
        seen[key] = i
    return [" ".join(word.split()) for word in words]


#: Search words per language (`{fr: [compte bloqué], en: [locked out]}`): each list without blanks or repeats.
SearchWords = dict[Annotated[str, Field(pattern=LANG_PATTERN)],
                   Annotated[list[str], AfterValidator(_search_words)]]


def localize(text: Text | None, lang: str, fallback: str | None = None) -> str:
    """Pick ``lang`` out of a text, falling back to ``fallback`` then any language."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for candidate in (lang, fallback):
        if candidate and candidate in text:
            return text[candidate]
    return next(iter(text.values()), "")


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, loaded content is read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(str, Enum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


AriaRole = Literal[
    "alert", "button", "cell", "checkbox", "columnheader", "combobox", "dialog", "form",
    "heading", "img", "link", "list", "listitem", "main", "menu", "menuitem", "navigation",
    "option", "radio", "region", "row", "search", "searchbox", "spinbutton", "switch", "tab",
    "table", "tabpanel", "textbox", "banner", "complementary", "article", "status",
]


class Target(Strict):
    """How to find an element, preferring what a person sees.

    Exactly one of ``role``, ``label``, ``text``, ``placeholder``, ``testid`` or ``css``.
    ``name`` goes with ``role``. CSS is the last resort: it breaks on restyling and
    gives no alt text.
    """

    role: AriaRole | None = Field(None, description="ARIA role, e.g. `button`, `link`, `textbox`.")
    name: Text | None = Field(None, description="Accessible name, used with `role`.")
    label: Text | None = Field(None, description="Text of the form field's label.")
    text: Text | None = Field(None, description="Visible text of the element.")
    placeholder: Text | None = Field(None, description="Placeholder of a form field.")
    testid: str | None = Field(None, description="Value of the `data-testid` attribute.")
    css: CssSelector | None = Field(None, description="CSS selector; the last resort.")
    exact: bool = Field(False, description="Match the name or text exactly rather than as a substring.")
    nth: int | None = Field(None, ge=0, le=1000, description="Pick the n-th match (from 0) when several match.")
    within: CssSelector | None = Field(None, description="CSS selector of a region to search in.")

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        kinds = [k for k in TARGET_KINDS if getattr(self, k) is not None]
        if not kinds:
            raise content_error("a target needs one of role, label, text, placeholder, testid, css",
                                "add one, e.g. `role: button` with `name: …`, or `label: …`")
        if len(kinds) > 1:
            raise content_error(f"a target takes one way to find the element, not {len(kinds)} "
                                f"({', '.join(kinds)})", f"keep only `{kinds[0]}` or only `{kinds[1]}`",
                                at=kinds[1])
        if self.name is not None and self.role is None:
            raise content_error("`name` goes with `role`",
                                f"add `role: button` (or link, textbox…), or drop `name` and keep `{kinds[0]}`",
                                at="name")
        return self

    @property
    def kind(self) -> str:
        """Which way of finding the element this target uses (`role`, `label`…)."""
        return next(k for k in TARGET_KINDS if getattr(self, k) is not None)

    def describe(self, lang: str) -> str:
        """A short human description, used for alt text and error messages."""
        if self.role is not None:
            name = localize(self.name, lang)
            return f"{self.role} “{name}”" if name else str(self.role)
        value = getattr(self, self.kind)
        return f"{self.kind} “{localize(value, lang)}”"


class Shot(Strict):
    """Screenshot options for one step."""

    highlight: bool = Field(True, description="Draw a box and a numbered badge around the target.")
    callout: Text | None = Field(None, description="A short label drawn next to the highlight.")
    crop: Target | CssSelector | None = Field(
        None, description="Crop to this element (a target, or a CSS selector).")
    padding: int = Field(16, ge=0, le=400, description="Margin kept around a crop, in CSS pixels.")
    full_page: bool = Field(False, description="Capture the whole scrollable page.")
    mask: list[Target | CssSelector] = Field(
        default_factory=list, description="Extra regions to mask (targets or CSS).")


class DialogAnswer(Strict):
    """What to do with the browser dialog (alert, confirm, prompt) a step opens.

    Exactly one of ``accept`` or ``dismiss``; ``text`` checks the dialog's message.
    """

    accept: bool | Text | None = Field(
        None, description="`true` to press OK; for a prompt, the text to type before OK.")
    dismiss: bool | None = Field(None, description="`true` to press Cancel.")
    text: Text | None = Field(
        None, description="The dialog's message must contain this text; `{dialog}` in `say` quotes it.")

    @model_validator(mode="after")
    def _one_answer(self) -> DialogAnswer:
        given = [k for k in ("accept", "dismiss") if getattr(self, k) is not None]
        if len(given) != 1:
            raise content_error("a dialog answer takes one of accept or dismiss",
                                "write `accept: true` (or the prompt's text), or `dismiss: true`",
                                at=given[1] if len(given) > 1 else None)
        if self.accept is False or self.dismiss is False:
            raise content_error(f"`{given[0]}: false` says nothing to do",
                                "write `accept: true` or `dismiss: true`", at=given[0])
        if self.text is not None and not localize(self.text, "en").strip():
            raise content_error("the expected dialog text is empty", "write part of the dialog's message",
                                at="text")
        return self


def _dialog_kind(value: Any) -> str:
    return "answer" if isinstance(value, dict | DialogAnswer) else "word"


DialogChoice = Annotated[
    Annotated[Literal["accept", "dismiss"], Tag("word")] | Annotated[DialogAnswer, Tag("answer")],
    Discriminator(_dialog_kind),
]


class StepBase(Strict):
    """What every step has, next to its one action key."""

    say: Text = Field(description="What the reader does, in Markdown. Shown as the step's text; "
                                  "`{dialog}` quotes the last dialog's expected text. Every text a reader "
                                  "sees takes `**bold**`, `*italics*`, `` `code` ``, links to web addresses "
                                  "and to other how-tos (`[Log in](/scenarios/log-in)`), a control's label "
                                  "as ``{guilabel}`Save` `` and a menu path as "
                                  "``{menuselection}`Settings --> Language` `` (see Texts for readers), line "
                                  "breaks, paragraphs and lists; anything else (HTML, other MyST directives and "
                                  "roles, images) is shown as written, and `check` refuses what can only harm.")
    shot: Shot | Literal[False] = Field(
        default_factory=Shot, description="Screenshot options, or `false` for no screenshot."
    )
    note: Text | None = Field(None, description="An extra tip shown under the step.")
    timeout: float | None = Field(None, gt=0, le=120, description="Seconds to wait for the target.")
    dialog: DialogChoice | None = Field(
        None, description="The browser dialog (alert, confirm, prompt) this step opens: `accept`, `dismiss`, "
                          "or `{accept: …, text: …}`. A dialog no step expects fails the capture, unless "
                          "the platform's `dialogs` says otherwise; a step that expects one fails if none opens.")
    highlight: Target | None = Field(
        None, description="Highlight this element instead of the one the step acts on, e.g. the visible "
                          "button of a hidden file field.")

    #: the name of the action key; set on each subclass
    action: ClassVar[str] = ""

    @property
    def target(self) -> Target | None:
        value = getattr(self, self.action, None)
        return value if isinstance(value, Target) else None

    @field_validator("highlight")
    @classmethod
    def _highlight_is_shown(cls, value: Target | None, info: ValidationInfo) -> Target | None:
        shot = info.data.get("shot")
        if value is not None and (shot is False or (isinstance(shot, Shot) and not shot.highlight)):
            raise content_error("this step's screenshot has no highlight to place",
                                "drop `highlight`, or the `shot: false` / `highlight: false`")
        return value


class GotoStep(StepBase):
    """Open a page."""

    action: ClassVar[str] = "goto"
    goto: str = Field(pattern=PATH_PATTERN,
                      description="Path from the base URL (starts with `/`), or an absolute URL, to open.")


class ClickStep(StepBase):
    """Click a button, link or any element."""

    action: ClassVar[str] = "click"
    click: Target = Field(description="The element to click.")


class FillStep(StepBase):
    """Type text into a form field, replacing what it held."""

    action: ClassVar[str] = "fill"
    fill: Target = Field(description="The field to type in, best found by its `label`.")
    value: Text = Field(description="Text typed in the field.")


class SelectStep(StepBase):
    """Choose an option in a drop-down list."""

    action: ClassVar[str] = "select"
    select: Target = Field(description="The drop-down list.")
    option: Text = Field(description="Label of the option to choose.")


class CheckStep(StepBase):
    """Tick a checkbox or choose a radio button."""

    action: ClassVar[str] = "check"
    check: Target = Field(description="The checkbox or radio button to tick.")


class UncheckStep(StepBase):
    """Untick a checkbox."""

    action: ClassVar[str] = "uncheck"
    uncheck: Target = Field(description="The checkbox to untick.")


class PressStep(StepBase):
    """Press a key while an element has the focus."""

    action: ClassVar[str] = "press"
    press: Target = Field(description="The element that receives the key press.")
    key: str = Field(description="Key to press, e.g. `Enter`, `Tab`, `Control+A`.")


class HoverStep(StepBase):
    """Move the mouse over an element, e.g. to open a menu or a tooltip."""

    action: ClassVar[str] = "hover"
    hover: Target = Field(description="The element to point at.")


class UploadStep(StepBase):
    """Choose files in a file field."""

    action: ClassVar[str] = "upload"
    upload: Target = Field(description="The file field, best found by its `label`.")
    files: list[str] = Field(min_length=1, description="Files to upload, relative to `content/`.")


class WaitFor(Target):
    """A target and the state to wait for."""

    state: Literal["visible", "hidden", "attached", "detached"] = Field(
        "visible", description="Wait until the element is visible (default), hidden, attached or detached.")


class WaitForStep(StepBase):
    """Wait until an element appears or goes, e.g. after a slow save."""

    action: ClassVar[str] = "wait_for"
    wait_for: WaitFor = Field(description="The element to wait for, with an optional `state`.")


EXPECTATION_KINDS = ("text", "url", "target", "dialog", "language")


class Expectation(Strict):
    """What must hold. Exactly one of ``text``, ``url``, ``target``, ``dialog`` or ``language``."""

    text: Text | None = Field(None, description="Text visible on the page.")
    url: str | None = Field(
        None, description="The page's path is exactly this (`/dashboard`), or matches a glob (`/pages/*`: "
                          "`*` within one path segment, `**` across segments), or a regular expression "
                          "searched in the path and query (`re:…`). A query (`/index.php?title=Main`) is "
                          "compared only when given: its parameters must be in the page's query.")
    target: Target | None = Field(None, description="An element whose `state` is checked.")
    state: Literal["visible", "hidden", "enabled", "disabled", "checked", "unchecked"] = Field(
        "visible", description="With `target`: the state the element must be in.")
    dialog: Text | None = Field(
        None, description="The message of the last browser dialog (alert, confirm, prompt) contains this text.")
    language: Annotated[str, Field(pattern=LANG_PATTERN)] | None = Field(
        None, description="The UI is now in this language: the steps before changed it (a profile setting). From "
                          "this step on, the language check after every step expects it instead of the "
                          "scenario's language, and fails when the page does not show it.")

    @model_validator(mode="after")
    def _one_kind(self) -> Expectation:
        from builder.content.urlpattern import matches_everything

        kinds = [k for k in EXPECTATION_KINDS if getattr(self, k) is not None]
        if not kinds:
            raise content_error("an expectation needs one of text, url, target, dialog, language",
                                "add `text: …` (text visible on the page), `url: …`, `target: …`, `dialog: …` "
                                "or `language: …`")
        if len(kinds) > 1:
            raise content_error(f"an expectation checks one thing, not {len(kinds)} ({', '.join(kinds)})",
                                "put each in its own `expect` step", at=kinds[1])
        url = self.url
        if url is not None:
            if url.startswith("re:"):
                from builder.content.saferegex import PatternError, compile_pattern

                try:
                    compile_pattern(url[3:])
                except PatternError as exc:
                    syntax = "bad regular expression"
                    if exc.reason.startswith(syntax):
                        raise content_error(f"{syntax} in url{exc.reason[len(syntax):]}",
                                            "fix the pattern after `re:`, or drop `re:` to match a path",
                                            at="url") from None
                    raise content_error(f"{exc.reason} in url", f"{exc.todo}; or drop `re:` to match a path",
                                        at="url") from None
            elif not re.match(PATH_PATTERN, url):
                raise content_error(f"url `{url}` is not a path",
                                    "start it with `/` (the path, matched exactly or as a glob), "
                                    "http(s)://, or `re:` for a regular expression", at="url")
            if matches_everything(url):
                raise content_error(f"url `{url}` holds on every page, so it checks nothing",
                                    "write the path the step leads to, e.g. `/pages/*` or `/dashboard`",
                                    at="url")
        if self.dialog is not None and not localize(self.dialog, "en").strip():
            raise content_error("the expected dialog text is empty", "write part of the dialog's message",
                                at="dialog")
        return self


class ExpectStep(StepBase):
    """Check that the task worked; the screenshot shows the result."""

    action: ClassVar[str] = "expect"
    expect: Expectation = Field(description="What must hold: `text`, `url` or `target`.")


STEP_MODELS: dict[str, type[StepBase]] = {
    "goto": GotoStep,
    "click": ClickStep,
    "fill": FillStep,
    "select": SelectStep,
    "check": CheckStep,
    "uncheck": UncheckStep,
    "press": PressStep,
    "hover": HoverStep,
    "upload": UploadStep,
    "wait_for": WaitForStep,
    "expect": ExpectStep,
}


def step_action(value: Any) -> str | None:
    """The action key of a step (a model or raw YAML data), or None unless exactly one."""
    if isinstance(value, StepBase):
        return value.action
    if isinstance(value, dict):
        found = [key for key in value if key in STEP_MODELS]
        if len(found) == 1:
            return found[0]
    return None


Step = Annotated[  # type: ignore[valid-type]  # built from STEP_MODELS, so one list to extend
    Union[tuple(Annotated[model, Tag(name)] for name, model in STEP_MODELS.items())],  # type: ignore[valid-type]  # noqa: UP007
    Discriminator(
        step_action,
        custom_error_type="step_action",
        custom_error_message="a step needs exactly one action: " + ", ".join(STEP_MODELS),
    ),
]


class Troubleshooting(Strict):
    """A question users ask about the task, and its answer."""

    problem: Text = Field(description="The question or symptom, as a user would put it.")
    answer: Text = Field(description="The answer, in Markdown.")


class Scenario(Strict):
    """One task, step by step."""

    id: str = Field(pattern=ID_PATTERN, description="Unique id, lowercase with dashes; names the page.")
    title: Text = Field(description="Title of the task, as an imperative: `Annotate a wiki page`.")
    summary: Text = Field(description="One or two sentences: what the reader achieves.")
    audience: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(
        min_length=1, description="Who the page is for: ids of `audiences` in platform.yaml.")
    topic: str = Field(pattern=ID_PATTERN, description="Topic id, declared under `topics` in platform.yaml.")
    tags: list[str] = Field(default_factory=list, description="Search keywords.")
    keywords: SearchWords = Field(
        default_factory=dict,
        description="Words people search with that the page does not use, per language: synonyms, symptoms, "
                    "everyday words (`{fr: [compte bloqué, trop de tentatives], en: [locked out]}`). Shown in "
                    "small at the end of the page and weighed high by search.")
    level: Level = Field(Level.beginner, description="beginner, intermediate or advanced.")
    duration: str | None = Field(None, pattern=DURATION_PATTERN, description="Time the task takes, e.g. `3 min`.")
    persona: str | None = Field(None, description="Who is logged in; a persona of platform.yaml. None: anonymous.")
    logged_out: bool = Field(
        False, description="With `persona`: start logged out, to show logging in; the steps get the persona's "
                           "`{username}` and `{password}` (masked on screen).")
    start: str = Field("/", pattern=PATH_PATTERN,
                       description="Path opened before the first step, from the base URL: starts with `/`.")
    prerequisites: list[str] = Field(default_factory=list, description="Ids of scenarios to do first.")
    related: list[str] = Field(default_factory=list, description="Ids of related scenarios.")
    steps: list[Step] = Field(  # type: ignore[valid-type]
        min_length=1, description="The steps, in order; each has one action key and `say`.")
    troubleshooting: list[Troubleshooting] = Field(
        default_factory=list, description="Questions and answers shown at the end of the page.")

    @model_validator(mode="after")
    def _logged_out_has_persona(self) -> Scenario:
        if self.logged_out and self.persona is None:
            raise content_error("`logged_out` goes with `persona`: a scenario without persona already runs "
                                "logged out", "add the `persona` whose login it shows, or drop `logged_out`",
                                at="logged_out")
        return self


class Viewport(Strict):
    """Size of the browser window for screenshots, in CSS pixels."""

    width: int = Field(1280, ge=320, le=3840, description="Width in CSS pixels.")
    height: int = Field(800, ge=320, le=2160, description="Height in CSS pixels.")


#: An environment variable's name, or one per language.
EnvName = Annotated[str, Field(pattern=ENV_PATTERN)]


class Persona(Strict):
    """A demo user scenarios run as; the password stays in an environment variable.

    `username` and `password_env` may be one per language (`{fr: alice-fr, en: alice-en}`):
    each language then runs as its own account, so the languages' runs never share data,
    and `language_switch: {persona: true}` takes the UI language from each account's preference.
    """

    username: str | dict[Annotated[str, Field(pattern=LANG_PATTERN)], str] = Field(
        description="User name typed in the login form, or one per language: `{fr: alice-fr, en: alice-en}`.")
    password_env: EnvName | dict[Annotated[str, Field(pattern=LANG_PATTERN)], EnvName] = Field(
        description="Name of the environment variable holding the password, or one per language.")
    description: Text | None = Field(None, description="Who this is, e.g. `Member`.")

    def username_for(self, lang: str) -> str:
        """The account this persona uses in ``lang``."""
        return localize(self.username, lang)

    def password_env_for(self, lang: str) -> str:
        """The environment variable holding the password of the account used in ``lang``."""
        return localize(self.password_env, lang)

    @property
    def per_language(self) -> bool:
        """True when each language has its own account."""
        return isinstance(self.username, dict)


class Login(Strict):
    """How a persona logs in: a path and steps where `{username}` and `{password}` are filled in."""

    path: Annotated[str, Field(pattern=PATH_PATTERN)] | dict[
        Annotated[str, Field(pattern=LANG_PATTERN)], Annotated[str, Field(pattern=PATH_PATTERN)]] = Field(
        "/login", description="Path of the login page; it may carry a query: `/index.php?title=Special:UserLogin`; "
                              "or one per language: `{fr: /connexion, en: /login}`.")
    steps: list[Step] = Field(  # type: ignore[valid-type]
        min_length=1, description="Steps that log in; `{username}` and `{password}` are filled in.")
    success: Expectation | None = Field(None, description="What shows that the login worked.")
    check: Target | None = Field(
        None, description="Something only a logged-in user sees, e.g. `{role: button, name: Log out}` or "
                          "`{text: \"{username}\"}`. Required with personas: it is checked after the login and "
                          "on every persona scenario's start page, so a lost session fails instead of passing.")
    error: str = Field("[role=alert]", description="CSS selector of the platform's login error message, "
                                                   "quoted when a login fails.")

    def path_for(self, lang: str) -> str:
        """The login page of the UI in ``lang``."""
        return localize(self.path, lang)


class LanguageCheck(Strict):
    """How capture tells which language a page is in, after every step: ``attribute``, ``marker`` or both.

    With both, a page must say the language in its attribute *and* show that language's
    marker: ``<html lang="fr">`` over an interface left in English fails.
    """

    attribute: str | None = Field(
        None, pattern=r"^[A-Za-z_][-A-Za-z0-9_:.]*$",
        description="Attribute of the page's `<html>` element holding its language (`lang` when no `check` is "
                    "given). A region matches its language: `fr-FR` is `fr`. With `marker`, both must hold.")
    marker: dict[Annotated[str, Field(pattern=LANG_PATTERN)], Target] | None = Field(
        None, description="Per language, an element only the UI in that language shows (checked like "
                          "`login.check`): `{fr: {text: Déconnexion}, en: {text: Log out}}`. Alone, for platforms "
                          "whose `<html>` does not say its language; with `attribute`, a page whose attribute says "
                          "a language but whose interface does not show its marker fails.")

    @model_validator(mode="after")
    def _one_kind(self) -> LanguageCheck:
        given = [k for k in ("attribute", "marker") if getattr(self, k) is not None]
        if not given:
            raise content_error("a language check takes attribute, marker or both",
                                "write `attribute: lang` (of <html>), `marker: {fr: <target>, en: <target>}`, "
                                "or both")
        if self.marker is not None and not self.marker:
            raise content_error("the marker names no language", "add `fr: {text: …}` and so on", at="marker")
        return self


class LanguageCookie(Strict):
    """A cookie that selects the UI language, set before the first page of every capture and login."""

    name: str = Field(min_length=1, pattern=r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
                      description="Name of the cookie, e.g. `django_language`.")
    value: dict[Annotated[str, Field(pattern=LANG_PATTERN)], str] | None = Field(
        None, description="Value per language when it is not the language code: `{fr: fr_FR, en: en_US}`.")
    domain: str | None = Field(None, description="Domain of the cookie; by default the host of the base URL.")
    path: str = Field("/", pattern=r"^/", description="Path of the cookie.")


#: The keys of `language_switch` that choose how the UI language is set; exactly one is given.
LANGUAGE_MODES = ("query_param", "cookie", "url_prefix", "locale", "persona", "none")


class LanguageSwitch(Strict):
    """How capture puts the platform's UI in each language, and checks that it stayed there.

    Exactly one mode key (`query_param`, `cookie`, `url_prefix`, `locale`, `persona` or
    `none`), next to an optional `check`. Without `language_switch`, the mode is
    `locale: true`. After every step, capture checks that the page is still in the
    scenario's language and fails the step when it is not.
    """

    query_param: str | None = Field(
        None, pattern=r"^[A-Za-z0-9_.~\[\]-]+$",
        description="Query parameter that selects the language, e.g. `lang`: added to every page the browser "
                    "opens on the platform (links, form posts, redirects) that does not carry it.")
    cookie: LanguageCookie | None = Field(
        None, description="A cookie that selects the language: `{name: django_language}`; its value is the "
                          "language code unless `value` maps each language.")
    url_prefix: str | None = Field(
        None, description="Path prefix of each language, with `{lang}`: `/{lang}` opens `/fr/…` and `/en/…`. "
                          "Added to `start`, `goto` and the login path; write those without it. `expect: {url: …}` "
                          "sees the whole path: match it as `/*/admin/` or `re:…`.")
    locale: Literal[True] | None = Field(
        None, description="`true`: the browser's language (`navigator.language` and the `Accept-Language` "
                          "header) selects it. The default.")
    persona: Literal[True] | None = Field(
        None, description="`true`: each account's preference selects it; give personas one account per "
                          "language (`username: {fr: alice-fr, en: alice-en}`).")
    none: Literal[True] | None = Field(
        None, description="`true`: the UI has one language. Each scenario is captured once, in the first "
                          "language, and every language's page shows the same images.")
    check: LanguageCheck | None = Field(
        None, description="How to tell the page's language after each step; by default the `lang` attribute "
                          "of `<html>`. Not with `none`.")

    @field_validator("locale", "persona", "none", mode="before")
    @classmethod
    def _only_true(cls, value: Any, info: Any) -> Any:
        if value is not None and value is not True:
            shown = str(value).lower() if isinstance(value, bool) else value
            raise content_error(f"`{info.field_name}: {shown}` is not a mode",
                                f"write `{info.field_name}: true`, or choose another mode")
        return value

    @field_validator("url_prefix")
    @classmethod
    def _prefix_has_lang(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("/") or "{lang}" not in value
                                  or value.replace("{lang}", "").count("{") or value.endswith("/")):
            raise content_error(f"url_prefix `{value}` is not a path prefix with {{lang}}",
                                "write it like `/{lang}` (starts with `/`, holds `{lang}`, no trailing `/`)")
        return value

    @model_validator(mode="after")
    def _one_mode(self) -> LanguageSwitch:
        modes = [k for k in LANGUAGE_MODES if getattr(self, k) is not None]
        if not modes:
            raise content_error("no mode given; it takes one of " + ", ".join(LANGUAGE_MODES),
                                "add e.g. `query_param: lang`, `cookie: {name: …}`, `locale: true` or `none: true`")
        if len(modes) > 1:
            raise content_error(f"one mode only, not {len(modes)} ({', '.join(modes)})",
                                f"keep only `{modes[0]}` or only `{modes[1]}`", at=modes[1])
        if self.none and self.check is not None:
            raise content_error("`check` has nothing to check with `none: true` (the UI has one language)",
                                "remove `check`", at="check")
        return self

    @property
    def mode(self) -> str:
        """The mode key given (`query_param`, `cookie`…)."""
        return next(k for k in LANGUAGE_MODES if getattr(self, k) is not None)


class TextMask(Strict):
    """Volatile text (times, "18 seconds ago", counters) replaced on the page before each screenshot.

    Applied to the visible text of the page, so a recapture of an unchanged platform
    changes no pixel. The page gets its own text back before the step's action.
    """

    pattern: str = Field(min_length=1, description="Python regular expression searched in each piece of text, "
                                                   "e.g. `\\d+ seconds? ago` or `\\d\\d:\\d\\d`.")
    replace: str = Field("", description="What replaces each match; may use groups (`\\1`). Empty by default: "
                                        "the text is blanked out.")

    @model_validator(mode="after")
    def _valid_regex(self) -> TextMask:
        from builder.content.saferegex import PatternError, compile_pattern

        try:
            compiled = compile_pattern(self.pattern)
        except PatternError as exc:
            raise content_error(exc.reason, exc.todo, at="pattern") from None
        if compiled.search("") is not None:
            raise content_error("the pattern matches empty text, so it would match everywhere",
                                "make it match at least one character, e.g. `\\d+` rather than `\\d*`",
                                at="pattern")
        probe = re.compile(self.pattern + "|").match("")
        if probe is not None:
            try:
                probe.expand(self.replace)
            except (re.error, IndexError) as exc:
                raise content_error(f"bad replacement ({exc})",
                                    "refer only to groups the pattern has (`\\1`, `\\g<name>`), "
                                    "or double the backslash", at="replace") from None
        return self


class HttpReset(Strict):
    """An HTTP request that resets the platform's data."""

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] = Field("POST", description="HTTP method.")
    url: str = Field(pattern=PATH_PATTERN, description="Path from the base URL (starts with `/`), or an absolute URL.")


class Reset(Strict):
    """How to put the platform's data back before capturing. Exactly one of ``command`` or ``http``."""

    command: str | list[str] | None = Field(
        None, description="A command run in the project folder: one string (split like a shell line, "
                          "no shell features) or a list of arguments. A non-zero exit fails the capture.")
    http: HttpReset | None = Field(None, description="An HTTP request to send instead: `{method: POST, url: /reset}`.")
    env: list[Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]] = Field(
        default_factory=list, description="Environment variables the command gets besides PATH, HOME, the "
                                          "locale and TMPDIR (a persona's password only when named here).")
    allow_hosts: list[str] = Field(
        default_factory=list, description="Hosts (`name` or `name:port`) an absolute `http.url` may target "
                                          "besides the platform's own.")
    when: Literal["scenario", "run"] = Field(
        "scenario", description="`scenario`: before every scenario in every language (scenarios then run one "
                                "at a time on the platform); `run`: once, before the capture starts.")

    @model_validator(mode="after")
    def _one_way(self) -> Reset:
        import shlex

        given = [k for k in ("command", "http") if getattr(self, k) is not None]
        if len(given) != 1:
            raise content_error("a reset takes one of command or http",
                                "write `command: …` (run in the project folder) or `http: {method: POST, url: …}`",
                                at=given[1] if len(given) > 1 else None)
        if isinstance(self.command, str):
            try:
                argv = shlex.split(self.command)
            except ValueError as exc:
                raise content_error(f"the command cannot be split into arguments ({exc})",
                                    "close the quote, or write the command as a list", at="command") from None
            if not argv:
                raise content_error("the command is empty", "write the command to run", at="command")
        elif isinstance(self.command, list) and (not self.command or not self.command[0].strip()):
            raise content_error("the command is empty", "write the program, then its arguments", at="command")
        return self


class Audience(Strict):
    """A group of readers the help site sorts pages by (members, administrators…)."""

    title: Text = Field(description="Name of the group, e.g. `{fr: Membre, en: Member}`.")
    description: Text | None = Field(None, description="One line shown on the home page.")


class Topic(Strict):
    """A subject the help site groups pages by."""

    title: Text = Field(description="Title of the topic page.")
    description: Text | None = Field(None, description="One line shown on the home page.")


class Review(Strict):
    """When a new screenshot replaces the approved one (see `helpwright review`)."""

    threshold: float = Field(
        0.0, ge=0, le=1, description="Share of changed pixels (0–1) at or below which a new screenshot counts "
                                     "as unchanged: the approved image stays and nothing is shown for review.")
    pixel_threshold: float = Field(
        0.1, ge=0, le=1, description="How far (0–1) one colour channel of a pixel may move before the pixel "
                                     "counts as changed; below it is anti-aliasing noise.")
    approve: Literal["manual", "auto"] = Field(
        "manual", description="`manual`: changed screenshots wait for `helpwright review`; `auto`: they are "
                              "published at once (no review).")


class Platform(Strict):
    """The platform the help is about: content/platform.yaml."""

    name: str = Field(description="Name of the platform, shown in the site header.")
    base_url: str = Field(pattern=URL_PATTERN, description="Base URL; `--base-url` overrides it.")
    logo: str | None = Field(None, description="Logo image, relative to content/.")
    languages: list[Annotated[str, Field(pattern=LANG_PATTERN)]] = Field(
        default_factory=lambda: ["fr", "en"], min_length=1,
        description="Languages of the help, primary first; every text needs each of them.",
    )
    viewport: Viewport = Field(default_factory=Viewport, description="Browser window size for screenshots.")
    device_scale_factor: float = Field(1, gt=0, le=4, description="Pixel density of screenshots (2 for retina).")
    timezone: TimeZone = Field("Europe/Paris", description="Time zone of the browser, so dates shown stay stable.")
    personas: dict[Annotated[str, Field(pattern=ID_PATTERN)], Persona] = Field(
        default_factory=dict, description="Demo users by id; a scenario's `persona` names one.")
    login: Login | None = Field(None, description="How a persona logs in before a scenario starts.")
    language_switch: LanguageSwitch = Field(
        default_factory=lambda: LanguageSwitch(locale=True),
        description="How to put the platform's UI in each language: exactly one of `query_param`, `cookie`, "
                    "`url_prefix`, `locale` (the default), `persona` or `none`, with an optional `check`.")
    masks: list[CssSelector] = Field(default_factory=list, description="CSS selectors masked on every screenshot.")
    text_masks: list[TextMask] = Field(
        default_factory=list, description="Volatile text replaced before each screenshot, so recaptures stay "
                                          "identical: `[{pattern: '\\d+ seconds ago', replace: a moment ago}]`.")
    audiences: dict[Annotated[str, Field(pattern=ID_PATTERN)], Audience] = Field(
        default_factory=dict, description="Groups of readers by id; a scenario's `audience` names them.")
    topics: dict[Annotated[str, Field(pattern=ID_PATTERN)], Topic] = Field(
        default_factory=dict, description="Topics by id; a scenario's `topic` names one.")
    dialogs: Literal["fail", "accept", "dismiss"] = Field(
        "fail", description="What to do with a browser dialog no step expects: `fail` the step (quoting the "
                            "dialog), or `accept` or `dismiss` it.")
    highlight_colour: str = Field(
        DEFAULT_HIGHLIGHT_COLOUR, pattern=COLOUR_PATTERN,
        description="Colour of the highlight box and numbered badge (`#rrggbb`). Capture warns when it stands "
                    "out less than 3:1 from the page around a target: pick one that contrasts with the "
                    "platform's own colours.")
    page_timeout: float = Field(
        30, gt=0, le=300, description="Seconds a page may take to load (the login page, a scenario's start "
                                      "page) before capture fails that scenario and goes on with the others.")
    reset: Reset | None = Field(
        None, description="How to put the platform's data back, so scenarios and languages never see each "
                          "other's changes: `{command: …}` or `{http: …}`, with `when`.")
    review: Review = Field(default_factory=Review,
                           description="Reviewing changed screenshots: `{threshold: 0.001, approve: manual}`.")
    help_url: str | None = Field(
        None, description="Where the built help site is published, e.g. `https://help.example.org/`: each "
                          "how-to in a participant workbook then gets a QR code and the short address of its "
                          "page (`<help_url><lang>/scenarios/<id>.html`). No QR codes when unset.")

    @model_validator(mode="after")
    def _reset_stays_home(self) -> Platform:
        from urllib.parse import urlsplit

        http = self.reset.http if self.reset else None
        if http is not None and http.url.startswith(("http://", "https://")):
            host = urlsplit(http.url).netloc.lower()
            own = urlsplit(self.base_url).netloc.lower()
            if host != own and host not in {h.lower() for h in self.reset.allow_hosts}:  # type: ignore[union-attr]
                raise content_error(f"`reset.http.url` targets {host}, not the platform ({own})",
                                    f"use a path (`/reset`) on the platform, or add `allow_hosts: [{host}]` "
                                    "to `reset` if that host really resets it", at="reset")
        return self

    @model_validator(mode="after")
    def _personas_can_log_in(self) -> Platform:
        if not self.personas:
            return self
        if self.login is None:
            raise content_error("personas are declared but there is no `login:` section",
                                "add `login:` with `path`, `steps` and `check`, or remove the personas",
                                at="personas")
        if self.login.check is None:
            raise content_error("`login` has no `check`",
                                "add `check:`, something only a logged-in user sees, e.g. "
                                "`{role: button, name: Log out}`; without it a lost session would pass unseen",
                                at="login")
        return self

    @field_validator("help_url")
    @classmethod
    def _published_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        problem = help_url_problem(value)
        if problem:
            raise content_error(problem, "give the address the help site is published at, e.g. "
                                         "`https://help.example.org/`, or remove `help_url`")
        return value if value.endswith("/") else value + "/"

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        for i, lang in enumerate(value):
            if lang in value[:i]:
                raise content_error(f"language `{lang}` is listed twice", "keep it once", at=i)
        return value


class GlossaryEntry(Strict):
    """One term and what it means on this platform."""

    term: Text = Field(description="The word or phrase.")
    definition: Text = Field(description="What it means, in Markdown.")
    synonyms: SearchWords = Field(
        default_factory=dict,
        description="Other words for the term, per language, that readers search with "
                    "(`{fr: [photo, avatar], en: [picture, avatar]}`). Search expands them: every page that "
                    "uses the term (or one of these words) is found by each of them. Shown on the glossary page.")


class Glossary(Strict):
    """content/glossary.yaml: terms the help uses."""

    terms: list[GlossaryEntry] = Field(default_factory=list, description="The terms, in any order.")
