"""Put the platform's UI in the scenario's language, keep it there, and check after every step.

``platform.language_switch`` names one mode:

- ``query_param``: the parameter is added to every page the browser opens on the
  platform's origin that lacks it: links, form posts, each hop of a redirect, pages
  opened by scripts. Chromium's own request interception does it (CDP ``Fetch`` at
  the request stage, documents only), rewriting the URL the server sees without
  the page noticing. Playwright's ``route`` is not enough: it never sees redirect
  hops (a form post answered by a redirect lost the language), and ``route.fetch``
  drops the files of an upload.
- ``cookie``: set in the browser context before the first page (after a logged-in
  session is loaded, so it wins over a cookie that session carries).
- ``url_prefix``: ``start``, ``goto`` and the login path get ``/fr`` in front.
- ``locale``: the browser's locale, which Chromium also sends as ``Accept-Language``.
  Every capture sets it to the scenario's language, whatever the mode.
- ``persona``: the session logs in with the persona's account for that language.
- ``none``: the UI has one language; the scenario is captured once (see
  :func:`builder.shots.store.image_lang`) and nothing is checked.

Whatever the mode, a platform can still drop the language (a link that resets it, a
page that ignores the parameter). :meth:`LanguageSetup.verify` runs after the start
page and after every step, so a capture never passes on a page in another language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from builder.capture.langurl import add_query_param, language_of, localized_url, prefix_for
from builder.capture.steps import Settled, StepFailed, locate

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from builder.content.model import LanguageSwitch, Persona

__all__ = ["MARKER_TIMEOUT", "LanguageSetup", "add_query_param", "language_of", "localized_url", "prefix_for"]

#: seconds a language marker gets to show up on a page that has settled
MARKER_TIMEOUT = 5.0

_HTML_ATTRIBUTE = "(name) => document.documentElement ? document.documentElement.getAttribute(name) : null"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _cdp_glob(text: str) -> str:
    """Escape the wildcards of a CDP URL pattern (``*``, ``?``, ``\\``)."""
    return re.sub(r"([*?\\])", r"\\\1", text)


class _KeepQueryParam:
    """Adds the language parameter to every document request of one page, redirects included."""

    def __init__(self, page: Page, name: str, lang: str, origin: str) -> None:
        self.name = name
        #: None once the scenario declared a language change: requests then go as the page makes them
        self.lang: str | None = lang
        self.session = page.context.new_cdp_session(page)
        self.session.on("Fetch.requestPaused", self._paused)
        self.session.send("Fetch.enable", {"patterns": [
            {"urlPattern": _cdp_glob(origin) + "/*", "resourceType": "Document", "requestStage": "Request"}]})

    def _paused(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        params: dict[str, Any] = {"requestId": event["requestId"]}
        wanted = add_query_param(url, self.name, self.lang) if self.lang else url
        if wanted != url:
            params["url"] = wanted
        try:
            self.session.send("Fetch.continueRequest", params)
        except Exception:  # noqa: BLE001, S110 - the request went away (page closed, navigation cancelled)
            pass


class LanguageSetup:
    """One browser context's language: what to set up before the first page, and the check after each step."""

    def __init__(self, switch: LanguageSwitch, lang: str, base_url: str, *, persona: Persona | None = None,
                 persona_id: str | None = None) -> None:
        self.switch, self.lang, self.base_url = switch, lang, base_url
        self.persona, self.persona_id = persona, persona_id
        self._pages: list[Any] = []
        #: the language the check expects: the scenario's, until a step declares a change
        self.expected = lang
        self._attribute_said: str | None = None
        #: the step that declared the change (`expect: {language: …}`), for messages
        self.declared_at: int | None = None

    def declare(self, lang: str, step: int) -> None:
        """From now on the UI is in ``lang``: the scenario changed it (a profile setting).

        The query parameter stops being added, so the page shows the language the platform
        chose, not the one capture would ask for: the check then tests the change itself.
        """
        self.expected, self.declared_at = lang, step
        for _page, keeper in self._pages:
            keeper.lang = None

    def prepare(self, context: BrowserContext) -> None:
        """Set the language cookie (the query parameter's pages are attached one by one, see :meth:`attach`)."""
        self.set_cookie(context)

    def set_cookie(self, context: BrowserContext) -> None:
        """Set the language cookie (again after the context's cookies were replaced, e.g. by a fresh login)."""
        cookie = self.switch.cookie
        if cookie is None:
            return
        value = (cookie.value or {}).get(self.lang, self.lang)
        spec: dict[str, Any] = {"name": cookie.name, "value": value}
        if cookie.domain:
            spec.update(domain=cookie.domain, path=cookie.path)
        else:
            spec["url"] = _origin(self.base_url) + cookie.path
        context.add_cookies([spec])  # type: ignore[list-item]

    def _attach_new_page(self, page: Page) -> None:
        """A page the platform opens (a new tab): a page closing meanwhile (Ctrl-C, kill) is no error."""
        if page.is_closed():
            return
        try:
            self.attach(page)
        except Exception:
            if not page.is_closed():
                raise

    def attach(self, page: Page) -> None:
        """Keep the query parameter on ``page``, and on every page its context opens from now on (a new tab);
        call it once the capture opened its page, before the page's first navigation.

        The keeper of the capture's own page is set up here, before this returns, so its first navigation is
        held already. The context's page event, which attaches the pages the platform opens, is listened to
        only from then on: that page's own event came before ``new_page`` returned, and a second keeper
        would hold every document request twice."""
        if not self.switch.query_param or self.declared_at is not None or any(p is page for p, _ in self._pages):
            return
        context = page.context
        first_of_context = not any(p.context is context for p, _ in self._pages)
        keeper = _KeepQueryParam(page, self.switch.query_param, self.lang, _origin(self.base_url))
        self._pages.append((page, keeper))
        if first_of_context:
            context.on("page", self._attach_new_page)

    # -- the check ------------------------------------------------------------------------
    @property
    def attribute(self) -> str | None:
        """The ``<html>`` attribute the check reads (None when it reads none): :func:`settle` reads it too."""
        check = self.switch.check
        if self.switch.none or not (check is None or check.attribute or check.marker is None):
            return None
        return check.attribute if check is not None and check.attribute else "lang"

    def verify(self, page: Page, said: Settled | None = None, started: int | None = None) -> None:
        """Raise :class:`StepFailed` unless the page is in the expected language.

        The ``<html>`` attribute (``lang`` by default) and, when given, the language's marker:
        with both, the attribute saying the language is not enough, its marker must show.
        ``said`` is what the page said as it settled: its attribute is taken from there while
        the page started no request since (``started``, the page's count now), else read again.
        """
        check = self.switch.check
        attribute = self.attribute
        if attribute is not None:
            fresh = said is not None and started is not None and said.started == started
            self._verify_attribute(page, attribute, marker_too=check is not None and check.marker is not None,
                                   said=said if fresh else None)
        if check is not None and check.marker is not None and not self.switch.none:
            self._verify_marker(page, check.marker)

    def _verify_attribute(self, page: Page, attribute: str, *, marker_too: bool, said: Settled | None) -> None:
        lang = self.expected
        found = said.attribute if said is not None else self._read_attribute(page, attribute)
        if found is None or not found.strip():
            raise StepFailed(
                f"the page does not say its language (<html> has no {attribute} attribute), so capture cannot "
                f"tell that it is in {lang}; give `language_switch` in platform.yaml a "
                f"`check: {{marker: {{{lang}: …}}}}`: an element only the {lang} UI shows")
        if language_of(found) != lang:
            raise StepFailed(f"the page is in {language_of(found)}, not {lang} "
                             f"(html {attribute}={found}): {self._hint()}")
        self._attribute_said = found if marker_too else None

    @staticmethod
    def _read_attribute(page: Page, attribute: str) -> str | None:
        """The attribute of ``<html>``; once more after the load when a late navigation replaced the page."""
        for attempt in range(2):
            try:
                value = page.main_frame.evaluate(_HTML_ATTRIBUTE, attribute)
                return None if value is None else str(value)
            except Exception as exc:  # noqa: BLE001 - Playwright's generic Error: the page went away
                if attempt:
                    raise StepFailed(f"cannot read the page's language ({str(exc).splitlines()[0]})") from None
                try:
                    page.wait_for_load_state("load", timeout=10_000)
                except Exception:  # noqa: BLE001, S110 - the second reading reports it
                    pass
        return None

    def marker_shows(self, page: Page) -> bool:
        """Whether the language's marker shows now, without a wait (True when the check has none): what
        :meth:`verify` found may have changed since, on a page that says its language by script."""
        from playwright.sync_api import Error as PlaywrightError

        check = self.switch.check
        target = None if check is None or check.marker is None or self.switch.none else check.marker.get(self.expected)
        if target is None:
            return True
        try:
            return locate(page, target, self.expected).first.is_visible()
        except PlaywrightError:
            return False

    def _verify_marker(self, page: Page, marker: dict[str, Any]) -> None:
        from playwright.sync_api import Error as PlaywrightError

        lang = self.expected
        target = marker.get(lang)
        if target is None:  # `check` reports the missing language; nothing to look for
            return
        try:
            locate(page, target, lang).first.wait_for(state="visible", timeout=MARKER_TIMEOUT * 1000)
            return
        except PlaywrightError:
            pass
        wanted = target.describe(lang)
        said, self._attribute_said = self._attribute_said, None
        if said is not None:
            raise StepFailed(f"the page says it is in {lang} (html lang={said}) but does not show the {lang} "
                             f"marker {wanted} within {MARKER_TIMEOUT:g} s: its interface is in another language, "
                             f"or the marker is not on every page (pick one that is); {self._hint()}")
        for other, other_target in marker.items():
            if other == lang:
                continue
            try:
                shown = locate(page, other_target, other).first.is_visible()
            except PlaywrightError:
                shown = False
            if shown:
                raise StepFailed(f"the page is in {other}, not {lang} ({other} marker "
                                 f"{other_target.describe(other)} shown, {wanted} not): {self._hint()}")
        raise StepFailed(f"the page shows no sign of {lang} (its marker {wanted} is not visible within "
                         f"{MARKER_TIMEOUT:g} s): the marker may not be on every page (pick one that is, such as "
                         f"a link of the header); {self._hint()}")

    def _hint(self) -> str:
        if self.declared_at is not None:
            return (f"step {self.declared_at} declared that the UI is now in {self.expected} "
                    f"(`expect: {{language: {self.expected}}}`), but the page does not show it: check the steps "
                    "before it that change the language")
        return "the language switch did not stick; " + self._switch_hint()

    def _switch_hint(self) -> str:
        switch, lang = self.switch, self.lang
        if switch.query_param:
            return (f"every page was opened with ?{switch.query_param}={lang}, but this one ignores it; "
                    "choose another `language_switch` mode (cookie, url_prefix, locale, persona)")
        if switch.cookie is not None:
            value = (switch.cookie.value or {}).get(lang, lang)
            return (f"the cookie {switch.cookie.name}={value} was set, but this page ignores it; check the "
                    "cookie's name, value and domain in `language_switch`")
        if switch.url_prefix:
            return (f"a link or a redirect left the {prefix_for(switch, lang)} prefix, or the page ignores it; "
                    "check `language_switch.url_prefix`")
        if switch.persona:
            if self.persona is None:
                return ("with `persona: true` the language comes from the account, and this scenario runs "
                        "logged out: the platform shows its default language")
            return (f"with `persona: true` the language comes from the account: set the language of "
                    f"{self.persona.username_for(lang)} (persona {self.persona_id}) to {lang} on the platform")
        return (f"the browser asked for {lang} (locale and Accept-Language), but the platform ignores it; "
                "choose a `language_switch` mode in platform.yaml (query_param, cookie, url_prefix, persona), "
                "or `none: true` if the UI has one language")
