"""Turn scenario steps into Playwright actions, and targets into locators.

Targets prefer what a person sees (role + accessible name, label, text), so the
locator mirrors the scenario text. A target that matches several elements is an
error rather than a silent pick of the first one: the screenshot would highlight
the wrong thing. ``nth`` or ``within`` resolve the ambiguity explicitly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from builder.capture.langurl import localized_url
from builder.content.model import (
    CheckStep,
    ClickStep,
    ExpectStep,
    FillStep,
    GotoStep,
    HoverStep,
    LanguageSwitch,
    PressStep,
    SelectStep,
    StepBase,
    Target,
    UncheckStep,
    UploadStep,
    WaitForStep,
    localize,
)

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

DEFAULT_TIMEOUT = 10.0
ACTION_TIMEOUT = 30.0
#: seconds :func:`settle` waits at most for a page to be still
SETTLE_TIMEOUT = 10.0
#: seconds a login or start page may take to load, unless platform.yaml says `page_timeout`
PAGE_TIMEOUT = 30.0

#: placeholders whose value is a secret: masked on screen, never written (`{username}` is shown)
SECRET_KEYS = ("password",)
#: marks an element that holds a secret, so every later screenshot masks it
SECRET_ATTR = "data-helpwright-secret"
#: what a secret becomes in messages, records and reports
HIDDEN = "••••••"

CRASHED = "the page crashed (the browser's renderer died: out of memory, or killed)"
CLOSED = "the page was closed (by its own script, or the browser went away)"


class StepFailed(Exception):
    """A step could not be done; the message is ready to show to a trainer."""

    #: the image that shows the failure best (the shot the step took), when not the page as it is at the failure
    png: bytes | None = None


@dataclass
class StepContext:
    """What a step needs besides the page: language, base URL and substitutions."""

    lang: str
    base_url: str
    content: Path
    #: how the platform's UI is put in ``lang`` (query parameter, path prefix…), see ``language``
    language: LanguageSwitch | None = None
    #: `{username}`/`{password}` values for login steps; never logged
    secrets: dict[str, str] | None = None
    #: seconds the login or start page may take to load (platform.yaml `page_timeout`)
    page_timeout: float = PAGE_TIMEOUT
    #: the fields filled with a secret so far: every later screenshot masks them
    secret_fields: list[Any] = field(default_factory=list)


def absolute_url(ctx: StepContext, path: str, *, with_lang: bool = True) -> str:
    """Join ``path`` to the base URL, in the context's language (query parameter or path prefix)."""
    return localized_url(ctx.base_url, path, ctx.lang, ctx.language if with_lang else None)


def open_page(page: Page, ctx: StepContext, path: str, watch: NetworkWatch | None = None) -> Any:
    """Go to ``path`` (in the context's language) and wait for it to load; returns the response.

    Raises :class:`StepFailed` when it does not load within ``ctx.page_timeout``.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    url = absolute_url(ctx, path)
    try:
        return page.goto(url, wait_until="load", timeout=ctx.page_timeout * 1000)
    except PlaywrightTimeout:
        raise StepFailed(f"{url} did not load within {_fmt_seconds(ctx.page_timeout)}; if the platform is that "
                         "slow, raise `page_timeout` in platform.yaml") from None
    except PlaywrightError as exc:
        raise StepFailed(f"{url} did not load: {browser_problem(exc, watch)}") from None


def browser_problem(exc: BaseException, watch: NetworkWatch | None = None) -> str:
    """What went wrong in the browser, in one line: a crash, a closed page, or Playwright's first line."""
    text = str(exc).strip()
    if watch is not None and watch.gone:
        return watch.gone
    if "Target crashed" in text:
        return CRASHED
    if "has been closed" in text:
        return CLOSED
    return text.splitlines()[0] if text else type(exc).__name__


def secret_values(secrets: dict[str, str] | None) -> list[str]:
    """The secrets among ``secrets``, as typed and as they appear in URLs, HTML and JSON."""
    import html
    import json
    from urllib.parse import quote, quote_plus

    forms: set[str] = set()
    for key, value in (secrets or {}).items():
        if key in SECRET_KEYS and value:
            forms.update({value, quote(value, safe=""), quote_plus(value), html.escape(value),
                          json.dumps(value, ensure_ascii=False)[1:-1], json.dumps(value)[1:-1]})
    return sorted(forms, key=len, reverse=True)


def redact(text: str, secrets: dict[str, str] | None) -> str:
    """``text`` with every secret replaced by :data:`HIDDEN` (a URL that carries the password)."""
    for value in secret_values(secrets):
        text = text.replace(value, HIDDEN)
    return text


def redact_json(data: Any, secrets: dict[str, str] | None) -> Any:
    """``data`` (a step's record) with :func:`redact` applied to every string."""
    if not secret_values(secrets):
        return data
    if isinstance(data, str):
        return redact(data, secrets)
    if isinstance(data, list):
        return [redact_json(item, secrets) for item in data]
    if isinstance(data, dict):
        return {k: redact_json(v, secrets) for k, v in data.items()}
    return data


def locate(page: Page, target: Target | str, lang: str) -> Locator:
    """A Playwright locator for a target (or a bare CSS selector)."""
    if isinstance(target, str):
        return page.locator(target)
    scope: Any = page.locator(target.within) if target.within else page
    kind = target.kind
    if kind == "role":
        name = localize(target.name, lang) or None
        loc = scope.get_by_role(target.role, name=name, exact=target.exact) if name else scope.get_by_role(target.role)
    elif kind == "label":
        loc = scope.get_by_label(localize(target.label, lang), exact=target.exact)
    elif kind == "text":
        loc = scope.get_by_text(localize(target.text, lang), exact=target.exact)
    elif kind == "placeholder":
        loc = scope.get_by_placeholder(localize(target.placeholder, lang), exact=target.exact)
    elif kind == "testid":
        loc = scope.get_by_test_id(target.testid)
    else:
        loc = scope.locator(target.css)
    return loc.nth(target.nth) if target.nth is not None else loc


def describe_step(step: StepBase, lang: str) -> str:
    """`click button “Publier”`: the action and what it acts on, for messages."""
    target = step.target
    if target is not None:
        return f"{step.action} {target.describe(lang)}"
    if isinstance(step, GotoStep):
        return f"goto {step.goto}"
    if isinstance(step, ExpectStep):
        exp = step.expect
        if exp.text is not None:
            return f"expect text “{localize(exp.text, lang)}”"
        if exp.url is not None:
            return f"expect url “{exp.url}”"
        if exp.dialog is not None:
            return f"expect dialog “{localize(exp.dialog, lang)}”"
        if exp.language is not None:
            return f"expect language {exp.language}"
        assert exp.target is not None
        return f"expect {exp.target.describe(lang)} {exp.state}"
    return step.action


def step_timeout(step: StepBase) -> float:
    return step.timeout if step.timeout is not None else DEFAULT_TIMEOUT


def _fmt_seconds(seconds: float) -> str:
    return f"{seconds:g} s"


def wait_until(loc: Locator, state: str, timeout: float, watch: NetworkWatch | None = None) -> None:
    """``loc.wait_for(state=…)`` (``timeout`` in seconds), in one round trip to the page instead of three
    when the element is already there, as it mostly is on a settled page: Playwright's own test of
    `visible` (strict, like the wait), or one match for `attached`. Only then, and only with the page's
    ``watch`` seeing no document request in flight: Playwright's wait first lets a navigation under way
    commit, and the quick test would look at the page that is going away. A `hidden` or `detached` state,
    which the page going away would seem to satisfy, is always waited for. Otherwise, or when more than
    one element matches, the wait itself decides and says why."""
    from playwright.sync_api import Error as PlaywrightError

    if watch is not None and not watch.navigating and state in ("visible", "attached"):
        try:
            if loc.is_visible() if state == "visible" else loc.count() == 1:
                return
        except PlaywrightError:
            pass  # more than one match, or a page going away: the wait reports it or waits it out
    loc.wait_for(state=state, timeout=max(0.05, timeout) * 1000)  # type: ignore[arg-type]


def resolve(page: Page, target: Target, lang: str, timeout: float, *, state: str = "visible",
            watch: NetworkWatch | None = None) -> Locator:
    """Wait for a target to be in ``state`` and make sure it is one element (``watch``: see :func:`wait_until`)."""
    from playwright.sync_api import Error as PlaywrightError

    loc = locate(page, target, lang)
    # Waiting on the locator itself is strict: more than one match fails at once, in the same round trip.
    one = state in ("visible", "attached") and target.nth is None
    deadline = time.monotonic() + timeout
    while True:
        try:
            wait_until(loc if one else loc.first, state, deadline - time.monotonic(), watch)
            break
        except PlaywrightError as exc:
            if one and "strict mode violation" in str(exc):
                count = loc.count()
                if count > 1:
                    raise StepFailed(f"{count} elements match; add `nth:` (from 0) or `within:` to pick one") \
                        from None
                if time.monotonic() < deadline:
                    continue  # the matches changed meanwhile: wait again
            raise StepFailed(f"not found within {_fmt_seconds(timeout)}{_suggest(page, target, lang)}") from None
    return loc if target.nth is not None else loc.first


def _suggest(page: Page, target: Target, lang: str) -> str:
    """``; did you mean “A”, “B”?``: the closest names a reader sees, for a target named by its words."""
    from builder.capture.visibility import did_you_mean, visible_names

    wanted = localize(target.name or target.label or target.text or target.placeholder, lang)
    if not wanted:
        return ""
    names = visible_names(page)
    if target.role and wanted in names:  # named so, but not that role: say which role it has
        other = _other_role(page, target.role, wanted)
        if other:
            return (f"; an element named “{wanted}” is there as a {other}, not a {target.role}: write "
                    f"`role: {other}`")
        return (f"; “{wanted}” shows on the page, but no {target.role} has it as its accessible name (what a screen "
                f"reader reads out, which a `role:` target matches); target it with `text:` or `css:`")
    hint = did_you_mean(wanted, names)
    return f"; {hint} (the closest names on the page)" if hint else ""


def _other_role(page: Page, role: str, name: str) -> str | None:
    """The first role other than ``role`` that an element named exactly ``name`` has in the page's accessibility
    tree (Playwright's ARIA snapshot); None when there is none, or the page cannot say."""
    import re

    from playwright.sync_api import Error as PlaywrightError

    try:
        tree = page.locator("body").aria_snapshot(timeout=2000)
    except PlaywrightError:
        return None
    quoted = re.escape(name.replace("\\", "\\\\").replace('"', '\\"'))
    for found in re.finditer(rf'^\s*- ([a-z]+) "{quoted}"', tree, re.MULTILINE):
        if found.group(1) != role:
            return found.group(1)
    return None


def expected_locator(page: Page, step: ExpectStep, lang: str, index: int | None = 0) -> Locator | None:
    """The element an expectation is about (its ``index``-th match, every match for None), to highlight it;
    None for a URL or dialog."""
    exp = step.expect
    if exp.text is not None:
        loc = page.get_by_text(localize(exp.text, lang))
    elif exp.target is not None:
        loc = locate(page, exp.target, lang)
    else:
        return None
    return loc if index is None else loc.nth(index)


def seen_expectation(page: Page, step: ExpectStep, lang: str, region: Any) -> Locator | None:
    """The first match of a held expectation that a reader sees in the image (``region``).

    The DOM may hold the text in a screen-reader-only label, or the element parked off-screen
    until hover: such a match does not count. Waits up to the step's timeout for one that shows.
    """
    from builder.capture.visibility import pick_visible, problem_text

    exp = step.expect
    if exp.state == "hidden" or (exp.text is None and exp.target is None):
        return expected_locator(page, step, lang)
    matches = expected_locator(page, step, lang, None)
    assert matches is not None
    index, why = pick_visible(matches, region, step_timeout(step), words=exp.text is not None)
    if index is None:
        what = describe_step(step, lang).removeprefix("expect ")
        raise StepFailed(f"expected {what}: the page holds it, but the screenshot would not show it: "
                         f"{problem_text(why or {})}")
    return expected_locator(page, step, lang, index)


def check_expectation(page: Page, step: ExpectStep, lang: str, *, dialogs: Any = None,
                      watch: NetworkWatch | None = None) -> None:
    """Wait until the expectation holds; raise :class:`StepFailed` when it does not.

    ``dialogs`` is the page's :class:`~builder.capture.dialogs.DialogGuard`, for `expect: {dialog}`.
    """
    from playwright.sync_api import Error as PlaywrightError

    from builder.content.urlpattern import describe_url, url_matches

    exp, timeout = step.expect, step_timeout(step)
    ms = timeout * 1000
    if exp.language is not None:  # the session's language check, right after the step, holds it
        return
    if exp.dialog is not None:
        if dialogs is None:
            raise StepFailed("no dialog is watched here, so `expect: {dialog}` cannot hold")
        dialogs.check(exp.dialog, lang)
        return
    try:
        if exp.url is not None:
            wanted = exp.url
            try:
                page.wait_for_url(lambda url: url_matches(wanted, url), timeout=ms)
            except PlaywrightError:
                raise StepFailed(f"expected url “{wanted}”, but the page is at {describe_url(page.url)} after "
                                 f"{_fmt_seconds(timeout)}") from None
            return
        loc = expected_locator(page, step, lang)
        assert loc is not None
        state = exp.state
        if state == "visible":
            # Any match that shows, not only the first: a hidden copy of the text may come first.
            every = expected_locator(page, step, lang, None)
            assert every is not None
            wait_until(every.filter(visible=True).first, "visible", timeout, watch)
            return
        if state == "hidden":
            loc.wait_for(state=state, timeout=ms)  # type: ignore[arg-type]
            return
        wait_until(loc, "attached", timeout, watch)
        from playwright.sync_api import expect

        checks = {"enabled": expect(loc).to_be_enabled, "disabled": expect(loc).to_be_disabled,
                  "checked": expect(loc).to_be_checked, "unchecked": expect(loc).not_to_be_checked}
        checks[state](timeout=ms)
    except (PlaywrightError, AssertionError):
        what = describe_step(step, lang).removeprefix("expect ")
        raise StepFailed(f"expected {what}, but it did not hold within {_fmt_seconds(timeout)}") from None


def substitute(text: str, ctx: StepContext) -> tuple[str, bool]:
    """Fill `{username}`/`{password}` placeholders (login steps only); True when a secret was filled in."""
    secret = False
    for key, value in (ctx.secrets or {}).items():
        placeholder = "{" + key + "}"
        if placeholder in text:
            secret = secret or key in SECRET_KEYS
            text = text.replace(placeholder, value)
    return text, secret


_MARK_SECRET = "(el, attr) => el.setAttribute(attr, '')"


def hold_secret(locator: Locator, ctx: StepContext) -> None:
    """Mask ``locator`` on every later screenshot of the scenario, whatever its type becomes.

    The element is marked too, so it stays masked when the locator would no longer match it.
    """
    ctx.secret_fields.append(locator)
    try:
        locator.evaluate(_MARK_SECRET, SECRET_ATTR, timeout=2000)
    except Exception:  # noqa: BLE001, S110 - the locator alone still masks it
        pass


def evaluate_one(locator: Locator, script: str, arg: Any, timeout: float = 5.0) -> Any:
    """``script`` (a function of an element and ``arg``) on the locator's one element.

    One round trip when the element is there, as it is once found (:func:`on_one`): ``Locator.evaluate``
    takes three (wait for a handle, evaluate, release it). When it is not there, or more than one
    element matches, ``Locator.evaluate`` waits up to ``timeout`` seconds and says why.
    """
    one, result = on_one(locator, script, arg)
    if one:
        return result
    return locator.evaluate(script, arg, timeout=timeout * 1000)


# What Playwright says when a selector matches no element, or more than one where one is wanted.
_NOT_ONE = ("Failed to find element matching selector", "strict mode violation")


def on_one(locator: Locator, script: str, arg: Any = None) -> tuple[bool, Any]:
    """``(True, result)`` of ``script`` (a function of an element and ``arg``) on the locator's one element, in
    one round trip and without waiting; ``(False, None)`` when the locator matches no element, or several.

    A locator of the page's main frame is looked up by Playwright's ``$eval``: the selector runs in
    Playwright's own isolated world of the page, as its clicks and waits do, and only ``script`` in the
    page's world. ``Locator.evaluate_all`` would also set Playwright's selector engines up in the page's world,
    once per document: about 20 ms of the renderer's time a page.
    """
    from playwright.sync_api import Error as PlaywrightError

    impl = getattr(locator, "_impl_obj", None)
    selector = getattr(impl, "_selector", None)
    page = locator.page
    if isinstance(selector, str) and getattr(impl, "_frame", None) is getattr(page.main_frame, "_impl_obj", False):
        try:
            return True, page.eval_on_selector(selector, script, arg, strict=True)
        except PlaywrightError as exc:
            if any(words in str(exc) for words in _NOT_ONE):
                return False, None
            raise
    got = locator.evaluate_all(f"(els, arg) => els.length === 1 ? [({script.strip()})(els[0], arg)] : null", arg)
    return (True, got[0]) if got is not None else (False, None)


# Whether an element is in full view already, and holding still: it has a box, and that box with its scroll
# margin lies inside the viewport and inside every box that clips it (less their scroll padding), in the top
# document, outside any shadow tree or slot and any transformed or zoomed box (where a box's client size is not
# what shows), with no animation running on the page; and at the next frame it has not moved, nor has the page
# scrolled (a script moving it, a smooth scroll under way). Scrolling such an element "into view if needed"
# moves nothing (Chromium scrolls a box only along an axis where the element is not in full view), and
# Playwright's scroll first waits for the same: a box unchanged from one frame to the next. Anything else
# answers false, and Playwright's own scroll does the rest.
IN_VIEW = """(el) => {
  const root = document.documentElement;
  const px = (v) => parseFloat(v) || 0;
  const plain = (s) => s.transform === 'none' && s.scale === 'none' && s.rotate === 'none'
    && s.translate === 'none' && (!s.zoom || px(s.zoom) === 1);
  const inView = () => {
    if (window !== window.top || !el.isConnected || el.getRootNode() !== document) return false;
    if (document.getAnimations().some((a) => a.playState === 'running')) return false;
    const r = el.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0)) return false;
    const own = getComputedStyle(el);
    if (!plain(own) || el.assignedSlot) return false;
    const box = {left: r.left - px(own.scrollMarginLeft), top: r.top - px(own.scrollMarginTop),
                 right: r.right + px(own.scrollMarginRight), bottom: r.bottom + px(own.scrollMarginBottom)};
    const inside = (c, s) => box.left >= c.left + px(s.scrollPaddingLeft) && box.top >= c.top + px(s.scrollPaddingTop)
      && box.right <= c.right - px(s.scrollPaddingRight) && box.bottom <= c.bottom - px(s.scrollPaddingBottom);
    const rs = getComputedStyle(root);
    if (!plain(rs) || !inside({left: 0, top: 0, right: Math.min(innerWidth, root.clientWidth),
                               bottom: Math.min(innerHeight, root.clientHeight)}, rs)) return false;
    for (let a = el.parentElement; a && a !== root; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (!plain(s) || a.assignedSlot) return false;
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect(), left = c.left + a.clientLeft, top = c.top + a.clientTop;
      if (!inside({left, top, right: left + a.clientWidth, bottom: top + a.clientHeight}, s)) return false;
    }
    return true;
  };
  if (!inView()) return false;
  const where = () => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height, scrollX, scrollY].join(); };
  const first = where();
  return new Promise((done) => {
    const late = setTimeout(() => done(false), 500);  // frames that do not come: not known to hold still
    requestAnimationFrame(() => {
      clearTimeout(late);
      done(where() === first && inView());
    });
  });
}"""


def scroll_into_view(locator: Locator, timeout: float) -> None:
    """Playwright's ``scroll_into_view_if_needed`` (``timeout`` in seconds), in one round trip when the
    locator's one element is in full view already (:data:`IN_VIEW`)."""
    if on_one(locator, IN_VIEW) == (True, True):
        return
    locator.scroll_into_view_if_needed(timeout=timeout * 1000)


def perform(page: Page, step: StepBase, locator: Locator | None, ctx: StepContext) -> None:
    """Do the step's action on an already resolved locator."""
    from playwright.sync_api import Error as PlaywrightError

    # The target is already there; the action itself may start slow server work (an import),
    # so it gets at least ACTION_TIMEOUT.
    timeout = max(step_timeout(step), ACTION_TIMEOUT) * 1000
    lang = ctx.lang
    try:
        if isinstance(step, GotoStep):
            page.goto(absolute_url(ctx, step.goto), timeout=timeout, wait_until="load")
        elif isinstance(step, ExpectStep | WaitForStep):
            return  # checked while resolving
        elif locator is None:
            raise StepFailed("no element to act on")
        elif isinstance(step, ClickStep):
            locator.click(timeout=timeout)
        elif isinstance(step, FillStep):
            value, secret = substitute(localize(step.value, lang), ctx)
            if secret:
                hold_secret(locator, ctx)  # before typing: a failure screenshot masks it too
            locator.fill(value, timeout=timeout)
        elif isinstance(step, SelectStep):
            _has_option(locator, localize(step.option, lang), step_timeout(step))
            locator.select_option(label=localize(step.option, lang), timeout=timeout)
        elif isinstance(step, CheckStep):
            locator.check(timeout=timeout)
        elif isinstance(step, UncheckStep):
            locator.uncheck(timeout=timeout)
        elif isinstance(step, PressStep):
            locator.press(step.key, timeout=timeout)
        elif isinstance(step, HoverStep):
            locator.hover(timeout=timeout)
        elif isinstance(step, UploadStep):
            files = [ctx.content / name for name in step.files]
            missing = [str(f) for f in files if not f.is_file()]
            if missing:
                raise StepFailed(f"file to upload not found: {', '.join(missing)}")
            locator.set_input_files(files, timeout=timeout)
        else:  # pragma: no cover - every step model is handled above
            raise StepFailed(f"unknown action {step.action}")
    except PlaywrightError as exc:
        gone = browser_problem(exc)
        if gone in (CRASHED, CLOSED):
            raise StepFailed(gone) from None
        raise StepFailed(f"the {step.action} did not work: {redact(gone, ctx.secrets)}") from None


_OPTIONS = "(el) => el.options ? [...el.options].map((o) => (o.label || o.textContent || '').trim()) : null"


def _has_option(locator: Locator, wanted: str, timeout: float) -> None:
    """Wait (up to the step's timeout, not the action's) for the list to offer ``wanted``; else name its options."""
    deadline = time.monotonic() + timeout
    while True:
        options: Any = locator.evaluate(_OPTIONS, timeout=timeout * 1000)
        if options is None or wanted in options or " ".join(wanted.split()) in options:
            return  # not a <select> (a custom list): Playwright's own error says what it found
        if time.monotonic() >= deadline:
            listed = ", ".join(f"“{o}”" for o in options[:20]) + (" …" if len(options) > 20 else "")
            raise StepFailed(f"the list has no option “{wanted}” after {_fmt_seconds(timeout)}; its options: "
                             f"{listed or 'none'}; fix `option:` to one of them")
        time.sleep(0.15)


class NetworkWatch:
    """Counts a page's requests (started, and in flight), to wait for a quiet network without a fixed delay.

    Playwright's ``networkidle`` waits 500 ms after the last request on every step;
    on a local platform the page is usually quiet after a few milliseconds.

    The browser's own fetch of the page's icon (``<link rel=icon>``, or ``/favicon.ico``)
    does not count: it comes after the load, and nothing in the page shows it. It is told
    apart once :func:`settle` has read the page's icon links (:meth:`busy_since`).
    """

    def __init__(self, page: Page) -> None:
        #: every request the page started, in order (``started`` is their number)
        self._log: list[Any] = []
        self._inflight: set[Any] = set()
        #: the icon URLs the page's documents declared (see :data:`_STILL`)
        self.icons: set[str] = set()
        #: why the page is gone (it crashed, or was closed), once it is
        self.gone: str | None = None
        #: how many requests the page had started when its last document's load was reported
        self.loaded = 0
        page.on("request", self._start)
        page.on("load", self._loaded)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)
        page.on("crash", self._crashed)
        page.on("close", self._closed)

    @property
    def started(self) -> int:
        return len(self._log)

    @property
    def navigating(self) -> bool:
        """Whether a document request (of the page or its frames) is in flight: a navigation under way, whose
        page has not replaced the one on screen yet (Playwright's own waits hold until it does)."""
        return any(request.is_navigation_request() for request in self._inflight)

    @property
    def inflight(self) -> int:
        return sum(1 for request in self._inflight if self._counts(request))

    def busy_since(self, started: int) -> bool:
        """Whether a request that counts started after the first ``started``, or is still in flight."""
        return any(self._counts(r) for r in self._log[started:]) or self.inflight > 0

    def _counts(self, request: Any) -> bool:
        if request.resource_type != "other":
            return True
        url = request.url
        return url not in self.icons and urlsplit(url).path != "/favicon.ico"

    def _crashed(self, _page: Any) -> None:
        self.gone = CRASHED

    def _closed(self, _page: Any) -> None:
        self.gone = self.gone or CLOSED

    def _loaded(self, _page: Any) -> None:
        self.loaded = self.started

    def _start(self, request: Any) -> None:
        self._log.append(request)
        self._inflight.add(request)

    def _end(self, request: Any) -> None:
        self._inflight.discard(request)


QUIET_MS = 30  # request events arrive within a few ms of the request; 30 ms of none is quiet

# One round trip: fonts loaded, then a pause in the page (request events arrive meanwhile); returns the icon
# links of the page, whose fetch by the browser is no request of the page's (see NetworkWatch), and the
# <html> attribute asked for (the language check's), as the page is once quiet.
_STILL = """([ms, name]) => document.fonts.ready.then(() => new Promise((done) => setTimeout(() => done([
  [...document.querySelectorAll('link[rel~="icon" i][href]')].map((link) => link.href),
  name && document.documentElement ? document.documentElement.getAttribute(name) : null]), ms)))"""


@dataclass(frozen=True)
class Settled:
    """What a settled page said at the end of its quiet moment: the ``<html>`` attribute :func:`settle`
    was asked for (None when absent), and how many requests the page had started by then.

    ``owed``: :func:`settle` was told to ``defer`` the quiet moment and returned without it (at
    ``at``, monotonic seconds); :func:`quiet_since` then proves it later, over the work that followed.
    ``name``: the attribute asked for, read again then (the page may say another language by script).
    """

    attribute: str | None
    started: int
    owed: bool = False
    at: float = 0.0
    name: str | None = None


# Waits out what is left of the quiet moment; returns the <html> attribute asked for (if any) as the page says it then.
_QUIET_LEFT = """([ms, name]) => new Promise((done) => setTimeout(() => done(
  name && document.documentElement ? document.documentElement.getAttribute(name) : null), Math.max(0, ms)))"""


def quiet_since(page: Page, watch: NetworkWatch, settled: Settled) -> bool:
    """Whether the page started no request that counts since ``settled``, and has none in flight, over at
    least :data:`QUIET_MS` (waited out in the page if less time has passed), and its ``<html>`` attribute
    (``settled.name``, when asked for) still says what it said as it settled."""
    left = QUIET_MS - (time.monotonic() - settled.at) * 1000
    if settled.name is not None or left > 0:
        now = page.evaluate(_QUIET_LEFT, [left, settled.name])
        if settled.name is not None and (None if now is None else str(now)) != settled.attribute:
            return False
    return not watch.busy_since(settled.started)


def settle(page: Page, watch: NetworkWatch | None = None, timeout: float = SETTLE_TIMEOUT, *,
           since: int | None = None, attribute: str | None = None, defer: bool = False) -> Settled | None:
    """Wait for the page to be still: loaded, fonts ready, no request in flight for a moment.

    ``since`` is ``watch.started`` taken before an action: when the action started no
    request at all (typing, ticking a box), there is nothing to wait for but the fonts,
    so the quiet period is skipped. It is waited for as soon as a request shows up.
    With ``attribute``, returns that attribute of ``<html>`` as the page said it once quiet
    (the language check reads it there, with no round trip of its own); None when the page
    was still loading at the deadline, or without a ``watch``.
    With ``defer``, a page loaded with nothing in flight is returned at once, its quiet moment
    owed (:attr:`Settled.owed`): the caller proves it with :func:`quiet_since` once its next
    work is done (a shot's own watch outlasts the moment), and settles again if it fails.
    Raises :class:`StepFailed` when the page crashed or was closed.
    """
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout
    if watch is None:
        try:
            page.wait_for_load_state("load", timeout=timeout * 1000)
            page.wait_for_load_state("networkidle", timeout=timeout * 1000)
        except PlaywrightError:
            pass  # a page that keeps polling still gets its screenshot
        page.evaluate(_STILL, [0, None])
        return None
    pause = 0 if since is not None and not watch.busy_since(since) else QUIET_MS
    owed = defer and pause > 0
    if owed:
        pause = 0
    while True:
        before = watch.started
        left = max(0.1, deadline - time.monotonic())
        try:
            _wait_loaded(page, left)
            # What a page fetched to load (its style sheets, images) is over by its load: counted from there (a
            # request still in flight then keeps it busy). A page that says another language by script just
            # after fails the owed moment's proof, which reads the attribute again (Settled.name).
            before = max(before, watch.loaded)
            icons, said = page.evaluate(_STILL, [pause, attribute])
        except PlaywrightError:
            if watch.gone or page.is_closed():
                raise StepFailed(watch.gone or CLOSED) from None
            if time.monotonic() > deadline:
                return None  # still loading: the next step's own wait reports it clearly
            pause, owed = QUIET_MS, False  # navigating: the old page's context went away
            continue
        watch.icons.update(icons)
        if not watch.busy_since(before) or time.monotonic() > deadline:
            # a page that keeps polling still gets its screenshot
            return Settled(None if said is None else str(said), watch.started, owed=owed, at=time.monotonic(),
                           name=attribute if owed else None)
        pause, owed = QUIET_MS, False


def _wait_loaded(page: Page, timeout: float) -> None:
    """``page.wait_for_load_state("load")`` (``timeout`` in seconds), without a word to Playwright's driver
    when the page's main frame is loaded already, as Playwright's client knows it: the wait would still send
    the driver three messages (it logs that it does not wait)."""
    states = getattr(getattr(page.main_frame, "_impl_obj", None), "_load_states", None)
    if isinstance(states, set) and "load" in states:
        return
    page.wait_for_load_state("load", timeout=timeout * 1000)


def target_for_step(page: Page, step: StepBase, lang: str, *, dialogs: Any = None,
                    region: Any = None, watch: NetworkWatch | None = None) -> Locator | None:
    """Wait for the step's element (or expectation) and return what to highlight.

    With ``region`` (the image a step publishes), an expectation holds only for a match a
    reader sees there (see :func:`seen_expectation`).
    """
    if isinstance(step, ExpectStep):
        check_expectation(page, step, lang, dialogs=dialogs, watch=watch)
        if region is not None:
            return seen_expectation(page, step, lang, region)
        return expected_locator(page, step, lang)
    if isinstance(step, WaitForStep):
        if step.wait_for.state in ("visible", "attached"):
            return resolve(page, step.wait_for, lang, step_timeout(step), state=step.wait_for.state, watch=watch)
        _wait_gone(page, step, lang)
        return None
    target = step.target
    if target is None:
        return None
    # A file field is often hidden behind a label styled as a button: it needs to exist, not to show.
    return resolve(page, target, lang, step_timeout(step), watch=watch,
                   state="attached" if isinstance(step, UploadStep) else "visible")


def _wait_gone(page: Page, step: WaitForStep, lang: str) -> None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        locate(page, step.wait_for, lang).first.wait_for(state=step.wait_for.state,
                                                         timeout=step_timeout(step) * 1000)
    except PlaywrightError:
        raise StepFailed(f"still there after {_fmt_seconds(step_timeout(step))}") from None


def acts_first(step: StepBase) -> bool:
    """Steps without an element to act on are shot after they ran (goto shows the new page)."""
    return isinstance(step, GotoStep)
