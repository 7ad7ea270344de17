"""One browser worker: logs personas in and captures a scenario in one language.

Playwright's sync API is bound to the thread that started it, so each worker owns
its own Playwright and browser. Logged-in sessions (storage state) are plain data
and are shared between workers through :class:`Logins`, so each persona logs in
once per run. A failed login is remembered too: retrying a wrong password for every
scenario would lock the account.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import secrets as _secrets
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from builder.capture.annotate import OVERLAY_ID, fit_crop, remove_highlight, reveal_and_draw
from builder.capture.contrast import highlight_contrast, parse_colour
from builder.capture.dialogs import DialogGuard
from builder.capture.guilabels import RESULT, Quoted, label_plan
from builder.capture.hittest import cover_over, cover_text, glyph_points, revealed_points
from builder.capture.ink import unseen_labels, unseen_words
from builder.capture.language import MARKER_TIMEOUT, LanguageSetup
from builder.capture.logins import Logins
from builder.capture.loginstate import CHECK_TIMEOUT, check_target, is_logged_in, page_message
from builder.capture.nativelang import (
    check_interface_languages,
    interface_args,
    interface_env,
    probe_interface_language,
)
from builder.capture.phases import PhaseClock
from builder.capture.records import RECORD_ELEMENT, StepRecord, record_from, record_step
from builder.capture.shooting import (
    HighlightMoved,
    clip_to_shot,
    crop_region,
    fast_frame,
    inside_crop,
    still_frame,
)
from builder.capture.steps import (
    ACTION_TIMEOUT,
    DEFAULT_TIMEOUT,
    SECRET_ATTR,
    SETTLE_TIMEOUT,
    NetworkWatch,
    Settled,
    StepContext,
    StepFailed,
    absolute_url,
    acts_first,
    browser_problem,
    check_expectation,
    describe_step,
    locate,
    open_page,
    perform,
    quiet_since,
    redact,
    redact_json,
    resolve,
    scroll_into_view,
    secret_values,
    settle,
    step_timeout,
    target_for_step,
)
from builder.capture.textmasks import TextMasker
from builder.capture.visibility import (
    LIBRARY,
    LabelsSeen,
    did_you_mean,
    missing_labels,
    problem_text,
)
from builder.capture.watchdog import Watchdog
from builder.content.explain import dotted
from builder.content.model import (
    ExpectStep,
    Platform,
    Scenario,
    Shot,
    StepBase,
    UploadStep,
    localize,
)
from builder.errors import CaptureError
from builder.owner import owned_tempdir
from builder.shots.stale import missing_quotes, quotes
from builder.shots.store import final_png, sha256

T = TypeVar("T")

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from builder.browser import BrowserPool
    from builder.content.yamlsource import Located

MASK_COLOUR = "#64748b"
#: seconds a failure screenshot may take (a page that failed may be stuck)
FAILURE_SHOT_TIMEOUT = 10.0
#: seconds a screenshot may take (Playwright's default)
SHOT_TIMEOUT = 30.0
#: seconds the other waits around a screenshot may take (the step's record, the highlight, the crop)
AROUND_SHOT = 20.0
#: times a step's highlight is drawn and shot again when what it framed moved after it was drawn
MOVES = 2
#: seconds checking the page's language may take (a late navigation's load, then a marker)
LANGUAGE_TIMEOUT = 10.0 + MARKER_TIMEOUT
ALWAYS_MASKED = "input[type=password]"
#: a Playwright selector naming its engine (`text=…`, `xpath=…`) rather than plain CSS
_ENGINE = re.compile(r"\s*[a-z][a-z0-9_-]*=", re.IGNORECASE)


def _joins_a_list(css: str) -> bool:
    """A mask that can join a CSS selector list: no selector engine (`text=`) and no chain (`>>`)."""
    return not _ENGINE.match(css) and ">>" not in css


# Marks every field whose value, and every element whose own text, shows a secret (see StepContext.secret_fields).
_MARK_SHOWN_SECRETS = """([secrets, attr]) => {
  const shows = (text) => !!text && secrets.some((s) => text.includes(s));
  let marked = 0;
  for (const el of document.querySelectorAll('input, textarea')) {
    if (shows(el.value)) { el.setAttribute(attr, ''); marked += 1; }
  }
  if (!document.body) return marked;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t.parentElement && shows(t.data)) { t.parentElement.setAttribute(attr, ''); marked += 1; }
  }
  return marked;
}"""


@dataclass
class Endpoint:
    """Where a worker captures; ``reset`` (optional) restores the platform's data first."""

    base_url: str
    reset: Callable[[], None] | None = None


@dataclass
class CapturedImage:
    """A screenshot whose final bytes are settled in the background (see :func:`final_png`)."""

    step: int
    file: str
    encoded: Future[tuple[bytes, int, int]]
    #: the step's target and page (see :mod:`builder.capture.records`), kept in the manifest
    record: dict[str, Any] = field(default_factory=dict)
    #: the highlight's contrast with the page around it (see :mod:`builder.capture.contrast`), when it has one
    contrast: Future[float | None] | None = None
    #: the element's words its pixels do not show (see :mod:`builder.capture.ink`), when its words were checked
    unseen: Future[dict[str, Any] | None] | None = None
    #: the first quoted label whose words its pixels do not show, when labels were checked
    unseen_label: Future[dict[str, Any] | None] | None = None

    def result(self) -> tuple[bytes, int, int]:
        return self.encoded.result()


@dataclass
class Outcome:
    """What capturing one scenario in one language gave."""

    images: list[CapturedImage] = field(default_factory=list)
    timings: dict[str, Any] = field(default_factory=dict)
    failure: StepFailed | CaptureError | None = None
    step: int | None = None
    say: str | None = None
    url: str | None = None
    failure_png: bytes | None = None
    #: per step whose text quotes the UI: ``{5: {"quotes": [...], "found": [...], "missing": ["Publier"]}}``
    quotes: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    #: where the failure is written: ``content/scenarios/x.yaml:12:7``
    source: str | None = None
    #: steps whose hidden file input was framed through its one visible opener: ``{"step": 2, "shown": "label…"}``
    proxies: list[dict[str, Any]] = field(default_factory=list)
    #: what was recorded of the steps that publish no image (``shot: false``): step number → target and page
    unshot: dict[int, dict[str, Any]] = field(default_factory=dict)


class Worker:
    def __init__(self, platform: Platform, content: Path, logins: Logins, encoder: Executor, *,
                 headed: bool = False, browser_endpoint: str | None = None, languages: list[str] | None = None,
                 platform_source: Located | None = None, clock: PhaseClock | None = None) -> None:
        #: where the time goes (the benchmark's breakdown); every worker of a run shares one
        self.clock = clock or PhaseClock()
        # Comparing with the published image (PNG decoding) overlaps with the browser's next steps.
        self.platform, self.content, self.logins, self.encoder = platform, content, logins, encoder
        self.headed, self.browser_endpoint = headed, browser_endpoint
        #: the highlight's colour (platform.yaml ``highlight_colour``)
        self.highlight_rgb = parse_colour(platform.highlight_colour)
        #: the UI languages this worker captures in: each gets its own browser (see :mod:`.nativelang`)
        self.languages = list(dict.fromkeys(languages or []))
        #: platform.yaml with its source positions, to point a failed login step at its line
        self.platform_source = platform_source
        self._pw: Any = None
        self._driver = ExitStack()  # the driver's block (see start)
        #: the browser's own TMPDIR, removed with the worker (or by a later run if this one is killed)
        self._tmp = ExitStack()
        self._tmp_dir: Path | None = None
        self._published: Path | None = None
        #: one browser per language, launched when a capture first needs it (:meth:`ready`)
        self.browsers: dict[str, Browser] = {}
        #: the pool this thread holds (:func:`builder.browser.browser_pool`), set by :meth:`start`
        self._pool: BrowserPool | None = None
        #: the languages whose browser came from the pool or was launched for it: its key there, its watchdog
        #: token, whether it goes back to the pool
        self._pooled: dict[str, tuple[tuple[Any, ...], str, bool]] = {}
        self.watch: NetworkWatch | None = None
        #: the dialogs of the page being captured (see :mod:`builder.capture.dialogs`)
        self.dialogs: DialogGuard | None = None
        self.text = TextMasker(platform.text_masks)
        #: the scenario's substitutions and the fields that hold a secret (masked, never written)
        self.ctx: StepContext | None = None
        #: stops this worker's page when a wait overruns (a page stuck in a loop); none for a remote browser
        self.watchdog = Watchdog(enabled=not browser_endpoint)
        #: the languages whose browser could not tell its interface language (warned once)
        self._unjudged: set[str] = set()
        #: the labels each image of the scenario must show (see :mod:`builder.capture.guilabels`)
        self._plan: dict[int, list[Quoted]] = {}
        #: the scenario file with its positions, to locate a failure
        self._source: Located | None = None
        #: the page being shot and its CDP session (:meth:`_fast_frame`)
        self._cdp: tuple[Page, Any] | None = None
        #: that page's main frame, as its DevTools session names it (:meth:`_main_frame_id`)
        self._main_frame: str | None = None
        #: the name the reveal keeps its element under, for Chromium's own hit test (:meth:`_covered`)
        self._hit_key = f"__helpwright_{_secrets.token_hex(8)}"
        #: the page's scroll when the last image was taken, when a crop's fit moved it; None: the reveal's
        self._shot_scroll: tuple[float, float] | None = None
        self._shot_whole = False  # the last shot was a full page's
        #: what the label check found for the last image, until :meth:`_covered` asks the page after the shot
        self._labels_found: LabelsSeen | None = None
        #: where the last image's top left corner lies in viewport coordinates; None when not known
        self._origin: tuple[float, float] | None = None
        #: the last image's quoted labels, where their words are drawn, and the image's corner in the coordinates
        #: they were measured in (see :meth:`_shot_of`); None when none was checked
        self._labels_seen: tuple[list[dict[str, Any]], tuple[float, float]] | None = None

    def start(self) -> None:
        """Start Playwright and check the browser has every capture language; no browser runs yet (:meth:`ready`)."""
        from builder.browser import browser_tmp_parent, find_chromium, held_pool, playwright_driver

        self._tmp_dir = self._tmp.enter_context(owned_tempdir("chromium", browser_tmp_parent()))
        try:
            with self.clock.phase("browser"):
                # this thread's driver if a caller holds one (see playwright_driver), else the worker's own
                self._pw = self._driver.enter_context(playwright_driver())
        except BaseException:
            self._tmp.close()
            raise
        try:
            if not self.browser_endpoint:  # a remote browser's languages are its server's business
                check_interface_languages(find_chromium(self._pw), self.languages)
        except BaseException:
            self.stop()
            raise
        if not self.browser_endpoint and not self.headed:
            self._pool = held_pool(self._pw)  # the browsers of a pool this thread holds (see BrowserPool)
        self.watchdog.start()

    def ready(self, lang: str) -> str:
        """The browser whose interface is in ``lang``, started now if it is not running; returns its version.

        A browser that went away (killed, crashed) with the last scenario is started again:
        that scenario failed, the others go on.
        """
        browser = self.browsers.get(lang)
        if browser is None or not browser.is_connected():
            self._let_go(lang)  # one that went away: not given back
            pool, note = self._pool, None
            if pool is None:
                browser, note = self._launch(lang, None)
            else:
                key = self._pool_key(lang)
                taken = pool.take(key)
                if taken is not None:
                    browser, token = taken  # judged when launched: one whose language was not told is not pooled
                    self.watchdog.watch(token)
                else:
                    token = pool.token()
                    browser, note = self._launch(lang, token)  # watched from its launch on
                # given back to the pool by stop(), unless its language could not be told (closed then)
                self._pooled[lang] = (key, token, not note)
            self.browsers[lang] = browser
            if note and lang not in self._unjudged:
                import sys

                self._unjudged.add(lang)
                sys.stderr.write(f"Warning: {note}\n")
        return browser.version

    def _launch(self, lang: str, token: str | None) -> tuple[Browser, str | None]:
        """A new browser for ``lang`` (the pool's, with its watchdog ``token``, when there is a pool), and what its
        language probe noted; closed at once when the probe fails it."""
        from builder.browser import launch_chromium
        from builder.capture.watchdog import TOKEN_ENV

        pool = self._pool
        watched = {TOKEN_ENV: token} if token is not None and self.watchdog.enabled else self.watchdog.env()
        if token is not None:
            self.watchdog.watch(token)  # from its launch on (the probe included)
        browser = None
        try:
            with self.clock.phase("browser"):
                browser = launch_chromium(
                    self._pw, headed=self.headed, endpoint=self.browser_endpoint,
                    tmp_dir=pool.tmp_dir if pool is not None else self._tmp_dir,
                    extra_args=interface_args(lang), extra_env={**interface_env(lang), **watched})
            if pool is not None:
                pool.add(browser)
            # Any Chromium, remote or of an unknown layout, is asked which language its own strings are in.
            with self.clock.phase("check: language"):
                return browser, probe_interface_language(browser, lang)
        except BaseException:
            if token is not None:
                self.watchdog.unwatch(token)
            _close(browser)
            raise

    def _let_go(self, lang: str) -> None:
        """Forget the browser of ``lang`` this worker had from the pool (it went away)."""
        pooled = self._pooled.pop(lang, None)
        if pooled is not None:
            self.watchdog.unwatch(pooled[1])

    def _pool_key(self, lang: str) -> tuple[Any, ...]:
        """How a browser for ``lang`` is launched, as the pool's key (its watchdog token aside)."""
        from builder.browser import launch_key

        return launch_key(self._pw, ui_language=lang, extra_args=interface_args(lang), extra_env=interface_env(lang))

    def stop(self) -> None:
        browsers, self.browsers = dict(self.browsers), {}
        pooled, self._pooled = self._pooled, {}
        try:
            for lang, browser in browsers.items():
                entry = pooled.get(lang)
                if entry is not None:
                    self.watchdog.unwatch(entry[1])
                if self._pool is not None and entry is not None and entry[2]:
                    self._pool.give(entry[0], browser, entry[1])  # closed with the pool
                else:
                    _close(browser)
        finally:
            try:
                self._pw = None
                self._driver.close()
            finally:
                self.watchdog.stop()
                self._tmp.close()

    def _context(self, lang: str, state: dict[str, Any] | None, language: LanguageSetup) -> Any:
        self.ready(lang)  # a login in a language no capture of this worker needed yet
        p = self.platform
        context = self.browsers[lang].new_context(
            viewport={"width": p.viewport.width, "height": p.viewport.height},
            device_scale_factor=p.device_scale_factor, locale=lang, timezone_id=p.timezone,
            reduced_motion="reduce", color_scheme="light", storage_state=state,  # type: ignore[arg-type]
        )
        # the honesty checks' page library in every document, before the page's own scripts (see pagelib)
        context.add_init_script(script=LIBRARY.init_script)
        language.prepare(context)
        return context

    def _language(self, lang: str, base_url: str, persona_id: str | None) -> LanguageSetup:
        persona = self.platform.personas.get(persona_id) if persona_id else None
        return LanguageSetup(self.platform.language_switch, lang, base_url, persona=persona, persona_id=persona_id)

    def _ctx(self, lang: str, base_url: str, secrets: dict[str, str] | None = None) -> StepContext:
        return StepContext(lang=lang, base_url=base_url, content=self.content,
                           language=self.platform.language_switch, secrets=secrets,
                           page_timeout=self.platform.page_timeout)

    def _secrets(self, persona_id: str, lang: str) -> dict[str, str]:
        """The persona's username and password in ``lang`` (from its environment variable, never from files)."""
        persona = self.platform.personas[persona_id]
        env = persona.password_env_for(lang)
        password = os.environ.get(env)
        if not password:
            raise CaptureError(f"persona {persona_id}: the environment variable {env} "
                               "is not set; set it to the persona's password")
        return {"username": persona.username_for(lang), "password": password}

    def login(self, persona_id: str, endpoint: Endpoint, lang: str) -> dict[str, Any]:
        """Run the platform's login steps for a persona and return the session's storage state.

        Every failure, a browser's included, is a :class:`CaptureError` naming the persona.
        """
        if self.platform.login is None:
            raise CaptureError(f"scenarios use persona {persona_id}, but platform.yaml has no `login:` section")
        ctx = self._ctx(lang, endpoint.base_url, self._secrets(persona_id, lang))
        try:
            return self._log_in(persona_id, endpoint, lang, ctx)
        except CaptureError as exc:
            raise CaptureError(redact(str(exc), ctx.secrets)) from None  # a login form sent by GET: its URL

    def _log_in(self, persona_id: str, endpoint: Endpoint, lang: str, ctx: StepContext) -> dict[str, Any]:
        from playwright.sync_api import Error as PlaywrightError

        persona, login = self.platform.personas[persona_id], self.platform.login
        assert login is not None
        hint = f"check {persona.password_env_for(lang)}, or whether the account is locked"
        context: Any = None
        page: Page | None = None
        try:
            language = self._language(lang, endpoint.base_url, persona_id)
            context = self._context(lang, None, language)
            page = context.new_page()
            language.attach(page)
            watch = NetworkWatch(page)
            dialogs = DialogGuard(page, self.platform.dialogs)
            try:
                self.watchdog.arm(ctx.page_timeout)
                open_page(page, ctx, login.path_for(lang), watch)
            except StepFailed as exc:
                raise CaptureError(f"login as persona {persona_id} failed: the login page {login.path_for(lang)}: "
                                   f"{self.watchdog.problem() or exc}") from None
            for index, step in enumerate(login.steps):
                found = False
                wait = step_timeout(step)
                self.watchdog.arm(wait + max(wait, ACTION_TIMEOUT) + SETTLE_TIMEOUT + 10)  # 10: the dialog's
                try:
                    locator = target_for_step(page, step, lang, watch=watch)
                    found = True
                    since = watch.started
                    dialogs.arm(step, lang)
                    perform(page, step, locator, ctx)
                    settle(page, watch, since=since)
                    dialogs.finish(page, 10)
                except (StepFailed, PlaywrightError) as exc:
                    # A step that fails is the steps' fault, not the password's: point at the step.
                    stuck = self.watchdog.problem()
                    problem = stuck or (exc if isinstance(exc, StepFailed) else browser_problem(exc, watch))
                    todo = ("" if stuck else "; fix the step to match the login page" if found
                            else "; fix the step's target to match the login page")
                    raise CaptureError(f"login as persona {persona_id} failed at {self._login_step(index)} "
                                       f"({describe_step(step, lang)}): {problem} on {page.url}{todo}") from None
            self.watchdog.arm(2 * CHECK_TIMEOUT + 2 * 2)  # login.success, login.check, login.error read twice
            if login.success is not None:
                check = ExpectStep(expect=login.success, say="", timeout=CHECK_TIMEOUT)
                try:
                    check_expectation(page, check, lang, watch=watch)
                except StepFailed:
                    said = page_message(page, login.error)
                    raise CaptureError(f"login as persona {persona_id} failed: "
                                       f"{said or 'the platform did not confirm the login'} "
                                       f"(page {page.url}); {hint}") from None
            target = check_target(login, str(ctx.secrets["username"]) if ctx.secrets else "")
            if not is_logged_in(page, target, lang, watch=watch):
                said = page_message(page, login.error)
                raise CaptureError(f"login as persona {persona_id} failed: "
                                   f"{said or 'the platform did not log the persona in'} "
                                   f"({target.describe(lang)} of login.check not found on {page.url}); {hint}")
            return context.storage_state()
        except PlaywrightError as exc:
            where = f" on {page.url}" if page is not None else ""
            problem = self.watchdog.problem() or browser_problem(exc)
            raise CaptureError(f"login as persona {persona_id} failed: {problem}{where}") from None
        finally:
            self._close(context)

    def _login_step(self, index: int) -> str:
        """``login.steps[1] (content/platform.yaml:27:7)``: the step and where it is written."""
        path = ("login", "steps", index)
        name = dotted(path)
        source = self.platform_source
        if source is None:
            return name
        step = self.platform.login.steps[index] if self.platform.login else None
        return f"{name}{_at(source, (*path, step.action) if step is not None else path)}"

    def capture(self, scenario: Scenario, lang: str, endpoint: Endpoint, published: Path | None = None,
                source: Located | None = None) -> Outcome:
        """Run every step, shooting before each action; never raises for a scenario's own failure.

        ``published`` is the scenario's current folder: an image whose pixels did not
        change keeps its published bytes. ``source`` (the scenario file with its positions)
        lets a failure point at the line to fix.
        """
        from playwright.sync_api import Error as PlaywrightError

        out = Outcome()
        self._published = published
        self._plan, self._source = {}, source
        self._owed: Settled | None = None
        self._language_setup: LanguageSetup | None = None
        self.ctx, self.watch, self.dialogs = None, None, None
        self.watchdog.reset()
        started = time.monotonic()
        if endpoint.reset is not None:
            endpoint.reset()
        state, account = None, None
        out.source = _where(source, ("persona",)) if scenario.persona else None
        try:
            persona = scenario.persona
            if persona:
                if persona not in self.platform.personas:
                    raise CaptureError(f"unknown persona {persona}: declare it in platform.yaml")
                # One login per account: a persona with an account per language logs in once per language.
                account = f"{persona}/{self.platform.personas[persona].username_for(lang)}"
                with self.clock.phase("login"):
                    state = self.logins.get(account, lambda: self.login(persona, endpoint, lang))
        except CaptureError as exc:
            out.failure = exc
            return out
        out.timings["login"] = round(time.monotonic() - started, 3)
        secrets = None
        if scenario.persona and scenario.logged_out:
            # The scenario shows logging in: it starts logged out, and its `{username}`/`{password}`
            # placeholders are the persona's (masked on screen).
            try:
                state, secrets = None, self._secrets(scenario.persona, lang)
            except CaptureError as exc:
                out.failure = exc
                return out
        language = self._language_setup = self._language(lang, endpoint.base_url, scenario.persona)
        ctx = self.ctx = self._ctx(lang, endpoint.base_url, secrets)
        steps_time: list[float] = []
        context: Any = None
        page: Page | None = None
        try:
            with self.clock.phase("browser"):
                context = self._context(lang, state, language)
                page = context.new_page()
            language.attach(page)
            self.watch = NetworkWatch(page)
            self.dialogs = DialogGuard(page, self.platform.dialogs)
            self._run(page, context, scenario, language, endpoint, ctx, out, account, state, steps_time, source)
            self._words_unseen(out, list(scenario.steps), lang, source)
            return out
        except PlaywrightError as exc:
            # The browser itself failed (it went away, a new page could not be opened).
            where = f" on {page.url}" if page is not None else ""
            return self._failed(out, page, f"the start page {scenario.start}: {self._problem(exc)}{where}")
        finally:
            out.timings["steps"] = steps_time
            out.timings["total"] = round(time.monotonic() - started, 3)
            self._close(context)

    def _run(self, page: Page, context: Any, scenario: Scenario, language: LanguageSetup, endpoint: Endpoint,
             ctx: StepContext, out: Outcome, account: str | None, state: dict[str, Any] | None,
             steps_time: list[float], source: Located | None = None) -> Outcome:
        """The scenario on its page: the start page, each step, the result; a failure is located in ``out``."""
        from playwright.sync_api import Error as PlaywrightError

        assert self.watch is not None and self.dialogs is not None
        lang = ctx.lang
        start = f"the start page {scenario.start}"
        out.source = _where(source, ("start",))
        try:
            self.watchdog.arm(ctx.page_timeout)
            with self.clock.phase("navigation"):
                response = open_page(page, ctx, scenario.start, self.watch)
        except StepFailed as exc:  # nothing to show: no screenshot
            return self._failed(out, None, f"{start}: {self._problem(exc)}", url=absolute_url(ctx, scenario.start))
        if response is not None and response.status >= 400:
            where = _at(source, ("start",)) if source is not None else ""
            platform_file = self.platform_source.display if self.platform_source else "content/platform.yaml"
            return self._failed(out, page, f"{start} answered HTTP {response.status} on {page.url}: fix "
                                           f"`start:`{where} or the data the platform starts with "
                                           f"(`reset:` in {platform_file})")
        try:
            self.watchdog.arm(SETTLE_TIMEOUT + CHECK_TIMEOUT)
            with self.clock.phase("settle"):
                said = settle(page, self.watch, attribute=language.attribute)
            self.dialogs.raise_unexpected()
            if scenario.persona and not scenario.logged_out and state is not None:
                assert account is not None
                with self.clock.phase("check: login"):
                    self._verify_logged_in(page, context, scenario, lang, endpoint, ctx, account, state)
            self.watchdog.arm(LANGUAGE_TIMEOUT)
            with self.clock.phase("check: language"):
                language.verify(page, said, self.watch.started)
        except (StepFailed, PlaywrightError) as exc:
            return self._failed(out, page, f"{start}: {self._problem(exc)} on {page.url}")
        steps: list[StepBase] = list(scenario.steps)
        self._plan = label_plan([localize(step.say, lang) for step in steps])
        self._source = source
        for number, step in enumerate(steps, 1):
            t0 = time.monotonic()
            out.source = _where(source, ("steps", number - 1, step.action))
            try:
                declared = _declared_language(step)
                if declared:  # `expect: {language: …}`: the step before changed the UI language
                    language.declare(declared, number)
                # The quiet moment after this step's action is proven by the next shot's own watch.
                after = steps[number] if number < len(steps) else None
                defer = after is None or (after.shot is not False and not acts_first(after))
                said = self._settled(page, language, out, number, functools.partial(
                    self._run_step, page, step, number, ctx, out, language.attribute, defer))
                if number == len(steps) or not _declared_language(steps[number]):
                    self._verify_language(page, language, said)  # the step's action may have lost the UI language
            except (StepFailed, PlaywrightError) as exc:
                return self._failed(out, page, f"step {number} ({describe_step(step, lang)}): {self._problem(exc)} "
                                               f"on {page.url}", number, localize(step.say, lang), cause=exc)
            steps_time.append(round(time.monotonic() - t0, 3))
        out.source = _where(source, ("steps",))
        try:
            record, raw = self._settled(page, language, out, RESULT,
                                        functools.partial(self._result_shot, page, endpoint.base_url, lang, out,
                                                          step_timeout(steps[-1]) if steps else DEFAULT_TIMEOUT))
        except (StepFailed, PlaywrightError) as exc:
            return self._failed(out, page, f"the result screenshot: {self._problem(exc)} on {page.url}", cause=exc)
        out.images.append(self._image(0, "result.png", raw, record))
        return out

    def _result_shot(self, page: Page, base_url: str, lang: str, out: Outcome,
                     wait: float = DEFAULT_TIMEOUT) -> tuple[StepRecord, bytes]:
        """The result screenshot and its record; shot again while something lies over a label quoted for it (see
        :meth:`_covered`), for ``wait`` seconds: as long as the last step would wait (its ``timeout``)."""
        deadline = time.monotonic() + wait
        while True:
            self.watchdog.arm(SHOT_TIMEOUT + AROUND_SHOT)
            self.text.apply(page)
            with self.clock.phase("record"):
                record = record_step(page, None, base_url, [])
            raw = self._shoot(page, Shot.model_validate({"highlight": False}), lang,
                              labels=lambda region, whole: self._check_labels(page, RESULT, lang, region, out, whole),
                              approved=self._approved("result.png"))
            covered = self._covered(page, None, None, RESULT, lang, raw)
            self._labels_found = None
            if covered is None:
                return record, raw
            if time.monotonic() >= deadline:
                self._raise_covered(out, covered, lang)
            time.sleep(0.15)

    def _words_unseen(self, out: Outcome, steps: list[StepBase], lang: str, source: Located | None) -> None:
        """The first image whose pixels do not show its element's words (see :mod:`builder.capture.ink`), of a step
        before the one that failed if one did, or, when none failed, a label its text quotes, becomes ``out``'s
        failure, with that image: a later failure may follow from what the reader cannot see the step act on."""
        from builder.capture.ink import label_problem, problem

        last = out.step if out.failure is not None and out.step is not None else len(steps) + 1
        for image in out.images:
            if image.step >= last:
                continue
            found = image.unseen.result() if image.unseen is not None and image.step else None
            # a label quoted earlier is seldom the cause of a later failure: that failure stands
            label = image.unseen_label.result() if image.unseen_label is not None and out.failure is None else None
            if found is None and label is None:
                continue
            step = steps[image.step - 1] if image.step else None
            what = "the result screenshot" if step is None else f"step {image.step} ({describe_step(step, lang)})"
            if found is not None and step is not None:
                out.source = _where(source, ("steps", image.step - 1, step.action))
                message = f"{what}: {problem(found)}"
            else:
                assert label is not None
                name, shown, said_in = self._quoted_label(image.step, label["label"], lang)
                self._locate_say(out, said_in, lang)
                message = f"{what}: {name} does not show in {shown}: {label_problem(label)}"
            self._failed(out, None, message, image.step or None, localize(step.say, lang) if step else None)
            out.failure_png = image.result()[0]  # the image that does not show them, not the page as it is now
            return

    def _settled(self, page: Page, language: LanguageSetup, out: Outcome, number: int, run: Callable[[], T]) -> T:
        """``run()``, the next step (or the result shot) after an action whose quiet moment is owed
        (:func:`settle` with ``defer``): when the page started a request meanwhile, the step began on a page
        still loading, so the page is settled in full, its language checked again, and the step taken again."""
        from playwright.sync_api import Error as PlaywrightError

        owed = self._owed
        try:
            return run()
        except (_Unsettled, StepFailed, PlaywrightError) as exc:
            if owed is None or self.watch is None:
                raise
            if not isinstance(exc, _Unsettled):
                if self._owed is not owed:
                    raise  # after the shot proved the moment (the step's action may have run): the step's own failure
                genuine = True
                with contextlib.suppress(PlaywrightError):
                    genuine = quiet_since(page, self.watch, owed) and language.marker_shows(page)
                if genuine:
                    raise  # a failure on a page that was quiet all along
        self._owed = None
        self.text.restore(page)
        out.proxies = [p for p in out.proxies if p["step"] != number]
        self._settle_in_full(page, language)
        return run()

    def _settle_in_full(self, page: Page, language: LanguageSetup) -> None:
        """Settle the page with its quiet moment waited out (none owed), then check its language."""
        assert self.watch is not None
        self.watchdog.arm(SETTLE_TIMEOUT + LANGUAGE_TIMEOUT)
        with self.clock.phase("settle"):
            said = settle(page, self.watch, attribute=language.attribute)
        with self.clock.phase("check: language"):
            language.verify(page, said, self.watch.started)

    def _verify_language(self, page: Page, language: LanguageSetup, said: Settled | None) -> None:
        """The language check after a step's action. What the page said at its load, its quiet moment owed, is
        not the last word: a page may say its language by script just after. So when that fails the check, the
        page is settled in full and checked again; only that failure is reported."""
        assert self.watch is not None
        self.watchdog.arm(LANGUAGE_TIMEOUT)
        try:
            with self.clock.phase("check: language"):
                language.verify(page, said, self.watch.started)
            return
        except StepFailed:
            if said is None or not said.owed or self._owed is not said:
                raise
        self._owed = None
        self._settle_in_full(page, language)

    def _owed_quiet(self, page: Page) -> None:
        """The quiet moment owed since the last action held until now (the shot is taken), and the language's
        marker (when the check has one) still shows: else the shot is of a page still loading, or one that
        changed its language by script meanwhile (:class:`_Unsettled`)."""
        owed, self._owed = self._owed, None
        if owed is None or self.watch is None:
            return
        if not quiet_since(page, self.watch, owed):
            raise _Unsettled
        language = self._language_setup
        if language is not None and not language.marker_shows(page):
            raise _Unsettled

    def _problem(self, exc: Exception) -> str:
        """What went wrong, in words; a page stopped by the watchdog is why whatever failed after it failed."""
        stuck = self.watchdog.problem()
        if stuck and stuck not in str(exc):  # a login's failure says it already
            return stuck
        return str(exc) if isinstance(exc, StepFailed) else browser_problem(exc, self.watch)

    def _failed(self, out: Outcome, page: Page | None, message: str, step: int | None = None,
                say: str | None = None, url: str | None = None, cause: Exception | None = None) -> Outcome:
        """``out`` failed with ``message`` (secrets hidden), with the page's URL and a screenshot if one can be taken:
        the image a step took, when its failure (``cause``) comes with one (:attr:`StepFailed.png`)."""
        secrets = self.ctx.secrets if self.ctx is not None else None
        out.failure = StepFailed(redact(message, secrets))
        out.step, out.say = step, say
        url = url or (page.url if page is not None else None)
        out.url = redact(url, secrets) if url else None
        if isinstance(cause, StepFailed) and cause.png is not None:
            out.failure_png = cause.png  # the image that shows the failure, not the page as it is now
        elif page is not None:
            self.watchdog.arm(FAILURE_SHOT_TIMEOUT)
            out.failure_png = self._failure_png(page)
        return out

    def _verify_logged_in(self, page: Page, context: Any, scenario: Scenario, lang: str, endpoint: Endpoint,
                          ctx: StepContext, account: str, state: dict[str, Any]) -> None:
        """The start page shows `login.check`; else log in once more (a reset may drop sessions) and look again."""
        login, persona = self.platform.login, str(scenario.persona)
        assert login is not None
        target = check_target(login, self.platform.personas[persona].username_for(lang))
        if is_logged_in(page, target, lang, timeout=2, watch=self.watch):
            return
        try:
            fresh = self.logins.refresh(account, state, lambda: self.login(persona, endpoint, lang))
        except CaptureError as exc:
            raise StepFailed(f"persona {persona} is not logged in at {scenario.start} and could not log in "
                             f"again: {exc}") from None
        context.clear_cookies()
        context.add_cookies(fresh.get("cookies", []))
        self._language(lang, endpoint.base_url, persona).set_cookie(context)  # that login's may be another language's
        self.watchdog.arm(ctx.page_timeout + SETTLE_TIMEOUT + CHECK_TIMEOUT)
        open_page(page, ctx, scenario.start, self.watch)
        settle(page, self.watch)
        if not is_logged_in(page, target, lang, watch=self.watch):
            raise StepFailed(f"persona {persona} is not logged in at {scenario.start}: {target.describe(lang)} "
                             "(login.check) not found, even after logging in again; the start page may log "
                             "the user out, or the platform drops the session")

    def _run_step(self, page: Page, step: Any, number: int, ctx: StepContext, out: Outcome,
                  attribute: str | None = None, defer: bool = False) -> Settled | None:
        """One step: its element, checks, image and action; returns what the page said as it settled after
        the action (``attribute`` of ``<html>``, see :func:`settle`; with ``defer``, its quiet moment owed)."""
        # The watchdog is armed before each wait: its element (and its record), the shot, the action.
        self.watchdog.arm(step_timeout(step) + AROUND_SHOT)
        # The image this step publishes: an expectation holds only for a match a reader sees there.
        region = "page" if step.shot is not False and step.shot.full_page else "viewport"
        said = None
        if acts_first(step):
            said = self._act(page, step, None, ctx, attribute)
            locator = None
        else:
            with self.clock.phase("check: visibility"):
                locator = target_for_step(page, step, ctx.lang, dialogs=self.dialogs, watch=self.watch,
                                          region=region if step.shot is not False else None)
        labels = quotes(localize(step.say, ctx.lang))
        # The record of the element the highlight frames is taken with it, in one round trip (see
        # :meth:`_reveal`), unless text masks must change the page between the two.
        with_reveal = step.shot is not False and locator is not None and not step.highlight and not self.text.rules
        if not with_reveal:
            with self.clock.phase("record"):
                record = record_step(page, locator, ctx.base_url, labels)
        if step.shot is not False:
            self.watchdog.arm(step_timeout(step) + SHOT_TIMEOUT + AROUND_SHOT)
            shot: Shot = step.shot
            # `highlight:` frames another element than the one acted on (a hidden file field's label).
            shown = self._highlighted(page, step, ctx.lang) if step.highlight else locator
            raw, seen, record = self._highlighted_shot(page, step, shown, number, shot, ctx, region, out,
                                                       labels if with_reveal else None,
                                                       None if with_reveal else record)
            out.images.append(self._image(number, f"{number:02d}.png", raw, record,
                                          highlighted=shown is not None and shot.highlight,
                                          drawn=self._drawn_rows(seen, shot), glyphs=(seen or {}).get("glyphs")))
        else:
            # Recorded all the same: an in-app tour points at this step's element too.
            secrets = self.ctx.secrets if self.ctx is not None else None
            unshot = redact_json(self.text.masked_json(record.as_json()), secrets)
            if isinstance(unshot.get("target"), dict):
                unshot["target"].pop("box", None)  # a box places a target on an image: there is none
            out.unshot[number] = unshot
            # No image: the labels must show on the page as the reader acts, with the target scrolled
            # into view as the action itself will scroll it.
            if locator is not None:
                from playwright.sync_api import Error as PlaywrightError

                with contextlib.suppress(PlaywrightError):
                    scroll_into_view(locator, step_timeout(step))
            self._check_labels(page, number, ctx.lang, "viewport", out)
        if not acts_first(step):
            said = self._act(page, step, locator, ctx, attribute, defer)
        if labels:
            # A say may name what the action brings (a message, the next page): look again.
            with self.clock.phase("check: labels"):
                missing = missing_quotes(page, record.missing) if record.missing else []
            out.quotes[number] = {"quotes": labels, "found": [q for q in labels if q not in missing],
                                  "missing": missing}
        return said

    def _highlighted_shot(self, page: Page, step: StepBase, shown: Any, number: int, shot: Shot, ctx: StepContext,
                          region: str, out: Outcome, quoted: list[str] | None,
                          record: StepRecord | None) -> tuple[bytes, dict[str, Any] | None, StepRecord]:
        """The step's highlight drawn (see :meth:`_reveal`) and its shot taken: the image, what the page said of
        the element, and the step's record (taken with the reveal when ``quoted``, the step's quotes, is given).
        When what the highlight framed moved after it was drawn (:class:`HighlightMoved`), it is drawn and shot
        again, :data:`MOVES` times at most; when something lies over its words or a quoted label's
        (:meth:`_covered`), until the step's timeout, then the step fails with that image."""
        # The shot removes the highlight as it ends (see still_frame), unless text masks may take it again.
        overlay = None if self.text.rules else OVERLAY_ID
        deadline = time.monotonic() + step_timeout(step)  # for a cover to go (see _covered)
        moves = 0
        while moves <= MOVES:
            self.watchdog.arm(step_timeout(step) + SHOT_TIMEOUT + AROUND_SHOT)  # each attempt its own time
            self.text.apply(page)  # before the highlight: masked text may move what it frames
            shot_taken = moved = False
            covered = None
            try:
                with self.clock.phase("highlight"):
                    seen = self._reveal(page, step, shown, number, shot, ctx.lang, region, out, record=quoted) \
                        if shown is not None else None
                if quoted is not None:
                    record = self._revealed_record(seen, ctx.base_url)
                raw = self._shoot(page, shot, ctx.lang, target=seen, approved=self._approved(f"{number:02d}.png"),
                                  labels=lambda region, whole: self._check_labels(page, number, ctx.lang, region,
                                                                                  out, whole),
                                  overlay=overlay)
                shot_taken = True
            except HighlightMoved:
                moved = True  # the highlight is gone already
            finally:
                if not (shot_taken and overlay) and not moved:
                    moved = remove_highlight(page) and shot_taken
                if shot_taken and not moved:  # the highlight gone, the text as shot: is anything over the words?
                    covered = self._covered(page, seen, step, number, ctx.lang, raw)
                self._labels_found = None
                self.text.restore(page)  # the action sees the page's own text
            if not moved:
                assert record is not None
                if covered is None:
                    return raw, seen, record
                if time.monotonic() >= deadline:
                    self._raise_covered(out, covered, ctx.lang)
                time.sleep(0.15)  # a loading layer may go: shot again, as a cover the page's checks see is waited for
            else:
                moves += 1
            out.proxies = [p for p in out.proxies if p["step"] != number]
        what = step.highlight or step.target
        desc = what.describe(ctx.lang) if what is not None else describe_step(step, ctx.lang)
        raise StepFailed(f"{desc} moved after its highlight was drawn, {MOVES + 1} times in a row: the screenshot "
                         "would frame an empty place; add a `wait_for` step before this one for what shows once the "
                         "page stops moving, or give the step `shot: {highlight: false}`")

    def _covered(self, page: Page, seen: dict[str, Any] | None, step: StepBase | None, number: int, lang: str,
                 raw: bytes) -> tuple[StepFailed, int | None] | None:
        """Whether what the image just taken frames (``seen``: what the reveal answered; None: nothing framed) and
        the labels it must show (``number``'s) lie under something that paints over their words at every point
        where they are drawn, as Chromium's own hit test finds it in any tree, closed shadow roots included (see
        :mod:`builder.capture.hittest`): the failure, with ``raw`` as its image, and the step whose `say` quotes
        the label covered (None for the element); None when all show, or nothing can be asked."""
        from playwright.sync_api import Error as PlaywrightError

        size = page.viewport_size
        if size is None:
            return None
        viewport = (size["width"], size["height"])
        try:
            cdp = self._cdp_session(page)
            main = self._main_frame_id(cdp)
            if seen and step is not None:
                with self.clock.phase("check: visibility"):
                    points, words = revealed_points(seen, viewport, self._shot_scroll, whole=self._shot_whole)
                    cover = cover_over(cdp, self._hit_key, points, words=words, main_frame=main,
                                       whole=self._shot_whole) if points else None
                if cover is not None:
                    return self._cover_failure(f"{self._shown_desc(step, lang)} does not show in the screenshot: "
                                               f"{cover_text(cover)} lies over its words; wait for it to go with a "
                                               "`wait_for` step before this one, or close it first", raw), None
            found = self._labels_found
            with self.clock.phase("check: labels"):
                for index, item in enumerate(found.shown if found is not None else []):
                    assert found is not None
                    if item.get("framed"):
                        continue  # in a frame: Chromium's hit test asks the page's own document only
                    copies = [item.get("glyphs") or [], *(item.get("more") or [])]
                    ask = functools.partial(cover_over, cdp, f"{self._hit_key}_labels", index=index, main_frame=main,
                                            whole=self._shot_whole)
                    where = functools.partial(glyph_points, measured=found.at, viewport=viewport, whole=self._shot_whole)
                    cover = ask(where(copies[0])[0])
                    # one copy that shows is enough
                    if cover is not None and all(ask(where(glyphs)[0], copy=copy)
                                                 for copy, glyphs in enumerate(copies[1:], 1)):
                        return self._label_cover(number, lang, str(item.get("label") or ""), cover, raw)
        except PlaywrightError:  # no DevTools session (a browser that gives none): the pixels are read still
            self._cdp = None
        return None

    def _label_cover(self, number: int, lang: str, label: str, cover: dict[str, Any],
                     raw: bytes) -> tuple[StepFailed, int | None]:
        """The failure of a quoted ``label`` that ``cover`` lies over in image ``number``, and the step quoting it."""
        name, image, said_in = self._quoted_label(number, label, lang)
        return self._cover_failure(f"{name} does not show in {image}: {cover_text(cover)} lies over "
                                   "its words; wait for it to go with a `wait_for` step before this shot, or close it "
                                   "first, or reword the `say` to what the image shows", raw), said_in

    @staticmethod
    def _cover_failure(message: str, raw: bytes) -> StepFailed:
        failed = StepFailed(f"{message}; the failure screenshot is the image this step would publish")
        failed.png = raw
        return failed

    def _raise_covered(self, out: Outcome, covered: tuple[StepFailed, int | None], lang: str) -> NoReturn:
        """Raise what :meth:`_covered` found, located at the `say` quoting a label when a label is covered."""
        failed, said_in = covered
        if said_in is not None:
            self._locate_say(out, said_in, lang)
        raise failed

    @staticmethod
    def _shown_desc(step: StepBase, lang: str) -> str:
        """The element a step's image frames, in words."""
        what = step.highlight or step.target
        return what.describe(lang) if what is not None else describe_step(step, lang).removeprefix("expect ")

    def _reveal(self, page: Page, step: StepBase, shown: Any, number: int, shot: Shot, lang: str, region: str,
                out: Outcome, record: list[str] | None = None) -> dict[str, Any]:
        """Scroll the element into the image, make sure a reader sees it there, and draw its highlight.

        Something covering it, or a fade, may pass: that is waited for up to the step's timeout.
        With ``record`` (the step's quotes), the element's record is taken first, in the same round
        trip (see :meth:`_revealed_record`).
        """
        deadline = time.monotonic() + step_timeout(step)
        proxy = isinstance(step, UploadStep) and step.highlight is None
        callout = localize(shot.callout, lang) or None
        while True:
            seen = reveal_and_draw(page, shown, number, callout, self.highlight_rgb, region=region,
                                   drawing=shot.highlight, proxy=proxy,
                                   before=(RECORD_ELEMENT, [record]) if record is not None else None,
                                   key=self._hit_key, read=isinstance(step, ExpectStep) or step.highlight is not None)
            if seen.get("ok") or seen.get("problem") not in ("covered", "transparent", "shrunk") \
                    or time.monotonic() >= deadline:
                break
            time.sleep(0.15)
        desc = self._shown_desc(step, lang)
        if seen.get("problem") == "nobox":
            raise StepFailed(f"cannot highlight {desc}: {problem_text(seen)}")
        if seen.get("problem") == "proxies":
            names = ", ".join(str(n) for n in seen.get("names") or [])
            raise StepFailed(f"{desc} is a hidden file input that {len(seen.get('names') or [])} visible controls "
                             f"may open ({names}): add `highlight:` naming the one a reader uses")
        if not seen.get("ok"):
            raise StepFailed(f"{desc} would not show in the screenshot: {problem_text(seen)}")
        if seen.get("via"):
            out.proxies.append({"step": number, "target": desc, "shown": str(seen["via"])})
        return seen

    def _revealed_record(self, seen: dict[str, Any] | None, base_url: str) -> StepRecord:
        """The record :meth:`_reveal` took; its target's box is where the element shows once revealed,
        as on the image (in a frame, the record's own)."""
        record = record_from((seen or {}).get("before"), base_url)
        revealed = (seen or {}).get("revealed")
        if record.target is not None and isinstance(revealed, list):
            record.target["box"] = revealed
        return record

    def _check_labels(self, page: Page, number: int, lang: str, region: Any, out: Outcome,
                      whole: bool = False) -> LabelsSeen | None:
        """Every label the text quotes for this image (``{guilabel}``, a ``{menuselection}`` level) shows in it, as
        the DOM says; what was found (where the labels' words are drawn: the image's pixels are read later)."""
        wanted = self._plan.get(number, [])
        if not wanted:
            return None
        with self.clock.phase("check: labels"):
            seen = missing_labels(page, [q.label for q in wanted], region, whole, key=f"{self._hit_key}_labels")
        missing, names, named = seen.missing, seen.names, seen.named
        if not missing:
            return seen
        first = next(q for q in wanted if q.label in missing)
        name, image, said_in = self._quoted_label(number, first.label, lang)
        hint = did_you_mean(first.label, names) or "no visible label comes close."
        if first.label in named:
            hint = (f"it is only the accessible name (aria-label) of {named[first.label]}, which a screen reader reads "
                    "out and the screen does not show; describe what the reader sees (an icon) instead.")
        self._locate_say(out, said_in, lang)
        raise StepFailed(f"{name} is not visible in {image}; {hint} Reword the `say` to the label on screen, or "
                         "show it (open the menu, scroll) before this shot")

    def _quoted_label(self, number: int, label: str, lang: str) -> tuple[str, str, int]:
        """A ``label`` quoted for image ``number``, in words (``{guilabel} “Save” [en] (quoted by step 2)``), that
        image in words, and the step whose `say` quotes it."""
        quoted = next((q for q in self._plan.get(number, []) if q.label == label), None)
        said_in = quoted.said_in if quoted is not None else number
        name = quoted.describe() if quoted is not None else f"“{label}”"
        said = "" if said_in == number else f" (quoted by step {said_in})"
        image = "the result screenshot" if number == RESULT else f"the screenshot of step {number}"
        return f"{name} [{lang}]{said}", image, said_in

    def _locate_say(self, out: Outcome, said_in: int, lang: str) -> None:
        """Point ``out``'s failure at the `say` of step ``said_in`` (its text in ``lang`` when it has one per language)."""
        source = self._source
        if source is not None:
            say_path: tuple[Any, ...] = ("steps", said_in - 1, "say")
            try:
                out.source = _where(source, (*say_path, lang))
            except Exception:  # noqa: BLE001 - a say written as one string for every language
                out.source = _where(source, say_path)

    def _highlighted(self, page: Page, step: StepBase, lang: str) -> Any:
        assert step.highlight is not None
        try:
            return resolve(page, step.highlight, lang, step_timeout(step), watch=self.watch)
        except StepFailed as exc:
            raise StepFailed(f"the element to highlight, {step.highlight.describe(lang)}: {exc}") from None

    def _act(self, page: Page, step: Any, locator: Any, ctx: StepContext,
             attribute: str | None = None, defer: bool = False) -> Settled | None:
        since = self.watch.started if self.watch else None
        guard = self.dialogs
        if guard is not None:
            guard.arm(step, ctx.lang)
        try:
            self.watchdog.arm(max(step_timeout(step), ACTION_TIMEOUT))
            with self.clock.phase("navigation"):
                perform(page, step, locator, ctx)
            self.watchdog.arm(SETTLE_TIMEOUT)
            with self.clock.phase("settle"):
                said = settle(page, self.watch, since=since, attribute=attribute, defer=defer)
            self._owed = said if said is not None and said.owed else None
        except StepFailed:
            if guard is not None:
                guard.disarm()
                guard.raise_unexpected()  # a dialog no step expected explains the failure best
            raise
        self.watchdog.arm(step_timeout(step))
        if guard is not None:
            guard.finish(page, step_timeout(step))
        return said

    def _drawn_rows(self, seen: dict[str, Any] | None, shot: Shot) -> int | None:
        """The image rows the highlight is drawn in (from the top), as the page measured it when it drew it
        (:func:`reveal_and_draw`'s ``drawn``): for a shot of the viewport as it is; else None."""
        drawn = (seen or {}).get("drawn")
        if not isinstance(drawn, int | float) or shot.full_page or shot.crop is not None:
            return None
        return max(1, math.ceil(drawn * self.platform.device_scale_factor))

    def _image(self, step: int, file: str, raw: bytes, record: StepRecord | None = None, *,
               highlighted: bool = False, drawn: int | None = None, glyphs: list[Any] | None = None) -> CapturedImage:
        published = self._published / file if self._published is not None else None
        secrets = self.ctx.secrets if self.ctx is not None else None
        clock = self.clock
        labelled = self._labels_seen
        contrast = None
        if highlighted:
            contrast = self.encoder.submit(clock.call, "check: contrast", highlight_contrast, raw, self.highlight_rgb,
                                           drawn)
        unseen = None
        if glyphs and self._origin is not None:  # where the image must show the element's words
            unseen = self.encoder.submit(clock.call, "check: words", unseen_words, raw, glyphs, self._origin,
                                         self.platform.device_scale_factor, parse_colour(MASK_COLOUR),
                                         self.highlight_rgb if highlighted else None)
        unseen_label, self._labels_seen = None, None
        if labelled is not None:  # where the image must show the labels the text quotes
            unseen_label = self.encoder.submit(clock.call, "check: words", unseen_labels, raw, labelled[0],
                                               labelled[1], self.platform.device_scale_factor,
                                               parse_colour(MASK_COLOUR), self.highlight_rgb if highlighted else None)
        encoded = self.encoder.submit(clock.call, "encode", final_png, raw, published)
        return CapturedImage(step=step, file=file, encoded=encoded,
                             record=redact_json(self.text.masked_json(record.as_json()), secrets) if record else {},
                             contrast=contrast, unseen=unseen, unseen_label=unseen_label)

    @functools.cached_property
    def _css_mask(self) -> str:
        """The CSS masks as one selector list (`ALWAYS_MASKED` and the platform's plain CSS masks)."""
        return ", ".join([ALWAYS_MASKED, *(css for css in self.platform.masks if _joins_a_list(css))])

    def _masks(self, page: Page, shot: Shot, lang: str) -> list[Any]:
        # The CSS masks as one selector list: Playwright looks for each locator's elements in turn, at
        # every shot. A selector with an engine (`text=`) or a chain (`>>`) cannot join a list: alone.
        masks = [page.locator(self._css_mask)]
        masks += [page.locator(css) for css in self.platform.masks if not _joins_a_list(css)]
        masks += [locate(page, m, lang) for m in shot.mask]
        return masks + self._secret_masks(page)

    def _secret_masks(self, page: Page) -> list[Any]:
        """The fields filled with a secret, and whatever shows one now (a "show password" button, an echo)."""
        from urllib.parse import urlsplit

        ctx = self.ctx
        secrets = secret_values(ctx.secrets) if ctx is not None else []
        if ctx is None or not secrets:
            return []
        # Only the platform's own pages are searched: the password is never handed to another site's page.
        if urlsplit(page.url)[:2] == urlsplit(ctx.base_url)[:2]:
            try:
                page.evaluate(_MARK_SHOWN_SECRETS, [secrets, SECRET_ATTR])
            except Exception:  # noqa: BLE001, S110 - the fields filled are masked anyway
                pass
        return [*ctx.secret_fields, page.locator(f"[{SECRET_ATTR}]")]

    def _shoot(self, page: Page, shot: Shot, lang: str, timeout: float | None = None, *,
               target: dict[str, Any] | None = None, labels: Callable[[Any, bool], LabelsSeen | None] | None = None,
               stable: bool = True, approved: bytes | None = None, overlay: str | None = None) -> bytes:
        """The screenshot of a still page (see :func:`~builder.capture.shooting.still_frame`: a quiet page,
        two equal frames, or a first frame that is the published image, ``approved``); ``target``
        (what :func:`reveal_and_draw` saw) must lie inside a crop, and ``labels`` is called with the
        image's region (viewport coordinates) just before the shot. ``overlay`` (the highlight's id) is gone
        once a stable shot returns."""
        options: dict[str, Any] = {"animations": "disabled", "caret": "hide", "scale": "device",
                                   "mask": self._masks(page, shot, lang), "mask_color": MASK_COLOUR,
                                   "full_page": shot.full_page}
        options["timeout"] = (timeout if timeout is not None else SHOT_TIMEOUT) * 1000
        with self.clock.phase("screenshot"):
            return self._shot_of(page, shot, lang, options, target, labels, stable, approved, overlay)

    def _shot_of(self, page: Page, shot: Shot, lang: str, options: dict[str, Any], target: dict[str, Any] | None,
                 labels: Callable[[Any, bool], LabelsSeen | None] | None, stable: bool, approved: bytes | None,
                 overlay: str | None = None) -> bytes:
        # Where the image's top left corner lies in the page, then in the viewport as it was when the target's
        # words were measured (its scroll, `sx`/`sy`; a crop's fit may scroll since): the words' check reads there.
        box = (target or {}).get("box") or {}
        scrolled = (box["sx"], box["sy"]) if "sx" in box else None
        self._shot_scroll = None
        self._shot_whole = shot.full_page
        found: LabelsSeen | None = None
        corner = (0.0, 0.0) if shot.full_page else scrolled
        if shot.crop is not None:
            crop = locate(page, shot.crop, lang).first
            try:
                region = fit_crop(crop, shot.padding)
            except Exception:  # noqa: BLE001 - Playwright's generic Error
                raise StepFailed(f"crop region {shot.crop if isinstance(shot.crop, str) else shot.crop.describe(lang)}"
                                 " not found") from None
            if region is None:  # in a frame: Playwright's box, in page coordinates
                box = crop.bounding_box()
                pad = shot.padding
                region = None if box is None else {"x": box["x"] - pad, "y": box["y"] - pad,
                                                   "width": box["width"] + 2 * pad,
                                                   "height": box["height"] + 2 * pad}
            if region is not None:
                self._shot_scroll = (region["sx"], region["sy"]) if "sx" in region else None
                options["clip"] = clip_to_shot(region, page, shot.full_page)
                in_view = crop_region(options["clip"], region, shot.full_page)
                clip = options["clip"]
                corner = (clip["x"], clip["y"]) if shot.full_page else \
                    (clip["x"] + region["sx"], clip["y"] + region["sy"]) if "sx" in region else None
                if target is not None and in_view is not None:
                    inside_crop(target, in_view, region, shot, lang)
                if labels is not None:
                    found = labels(in_view or ("page" if shot.full_page else "viewport"), shot.full_page)
        elif labels is not None:
            found = labels("page" if shot.full_page else "viewport", shot.full_page)
        self._origin = (corner[0] - scrolled[0], corner[1] - scrolled[1]) if corner and scrolled else None
        # The labels' words were measured at the page's scroll then (`at`); a shot of the viewport starts there.
        at = found.at if found is not None else (0.0, 0.0)
        where = corner if shot.full_page or "clip" in options else at
        self._labels_seen = (found.shown, (where[0] - at[0], where[1] - at[1])) \
            if found is not None and found.shown and where is not None else None
        self._labels_found = found if found is not None and found.shown else None  # for _covered
        if not stable:
            return self.text.shoot(page, lambda: page.screenshot(**options))
        # A mask list that is the CSS list alone is only drawn while something matches it (see still_frame).
        css_mask = self._css_mask if len(options["mask"]) == 1 else None
        fast = lambda: self._fast_frame(page)  # still_frame decides when: no clip, no full page, a recapture
        raw = self.text.shoot(page, lambda: still_frame(page, options, approved, css_mask=css_mask, fast=fast,
                                                        overlay=overlay))
        self._owed_quiet(page)
        return raw

    def _fast_frame(self, page: Page) -> bytes | None:
        """A quiet page's viewport through the page's own CDP session (:func:`fast_frame`), at the context's
        device scale; None (Playwright's shot) when there is no such session or the image is not as expected."""
        try:
            size = page.viewport_size or {"width": self.platform.viewport.width,
                                          "height": self.platform.viewport.height}
            return fast_frame(self._cdp_session(page), size["width"], size["height"],
                              self.platform.device_scale_factor)
        except Exception:  # noqa: BLE001 - Playwright's Error: the shot Playwright takes reports it
            self._cdp = None
            return None

    def _cdp_session(self, page: Page) -> Any:
        """The page's own DevTools session, opened once a page (:meth:`_fast_frame`, :meth:`_covered`)."""
        if self._cdp is None or self._cdp[0] is not page:
            self._cdp = (page, page.context.new_cdp_session(page))
            self._main_frame = None
        return self._cdp[1]

    def _main_frame_id(self, cdp: Any) -> str | None:
        """The DevTools id of the page's main frame (asked once a session); None when it cannot be told."""
        from playwright.sync_api import Error as PlaywrightError

        if self._main_frame is None:
            with contextlib.suppress(PlaywrightError, KeyError):
                self._main_frame = str(cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"])
        return self._main_frame

    def _close(self, context: Any) -> None:
        """Close a browser context (under the watchdog: a stuck page may hold it), then stand the watchdog down."""
        self.watchdog.arm(FAILURE_SHOT_TIMEOUT)
        try:
            with self.clock.phase("browser"):
                _close(context)
        finally:
            self.watchdog.disarm()

    def _approved(self, name: str) -> bytes | None:
        """The published image of this name, to recognise a still frame at once; None when there is none."""
        if self._published is None:
            return None
        try:
            return (self._published / name).read_bytes()
        except OSError:
            return None

    def _failure_png(self, page: Page) -> bytes | None:
        try:
            return self._shoot(page, Shot.model_validate({"highlight": False}), "en", timeout=FAILURE_SHOT_TIMEOUT,
                               stable=False)
        except Exception:  # noqa: BLE001 - a failure screenshot is best effort
            return None


def _declared_language(step: StepBase) -> str | None:
    """The language an `expect: {language: …}` step declares: the check after the step before it waits for it."""
    return getattr(getattr(step, "expect", None), "language", None)


def _at(source: Located, path: tuple[Any, ...]) -> str:
    """`` (content/…yaml:12:3)``: where a key is written, to follow what a message names."""
    line, col = source.where(path)
    return f" ({source.display}:{line}:{col})"


class _Unsettled(Exception):
    """The shot was taken on a page that started a request during the quiet moment owed since the last action."""


def _close(context: Any) -> None:
    """Close a browser context; one whose browser went away is closed already."""
    if context is None:
        return
    try:
        context.close()
    except Exception:  # noqa: BLE001, S110 - Playwright's Error: the browser is gone
        pass


def _where(source: Located | None, path: tuple[Any, ...]) -> str | None:
    """``content/…yaml:12:3``, where a key is written; None without a source."""
    if source is None:
        return None
    line, col = source.where(path)
    return f"{source.display}:{line}:{col}"


__all__ = ["Endpoint", "Outcome", "Worker", "sha256"]
