"""Helpers for tests that run Helpwright's scripts inside the live platform (tours, help links).

A platform includes those scripts with a ``<script src>``; the tests do the same in real
Chromium: the built files are served under a path of the platform's own origin (Playwright
routes) and an init script adds the ``<script>`` tags to every page, as a platform's layout
would. Agora's policy allows no script at all, so these contexts bypass its CSP: a platform
that includes the scripts allows them in its own policy.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from builder.capture import Endpoint, capture_project


def capture(root: Path, agora: Any, only: list[str], languages: list[str]) -> None:
    agora.reset()
    summary = capture_project(root, progress=False, endpoints=[Endpoint(agora.url, agora.reset)],
                              languages=languages, only=only)
    assert summary.ok, [r.message() for r in summary.results]


def _serve(folder: Path, prefix: str) -> Any:
    def handler(route: Any) -> None:
        from urllib.parse import unquote, urlsplit

        relative = unquote(urlsplit(route.request.url).path)[len(prefix):]
        path = (folder / relative).resolve()
        if not path.is_file() or folder.resolve() not in path.parents:
            route.fulfill(status=404, body="not found")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": kind})
    return handler


@contextmanager
def platform_page(agora: Any, password: str, user: str, lang: str, *, serve: dict[str, Path],
                  include: list[str]) -> Iterator[Any]:
    """A logged-in Agora page in ``lang`` whose every page includes the scripts at ``include``."""
    from builder.browser import launch_chromium, playwright_driver

    tags = "".join(f"var s=document.createElement('script');s.src={src!r};document.head.appendChild(s);"
                   for src in include)
    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True,
                                          locale="fr-FR" if lang == "fr" else "en-GB")
            for prefix, folder in serve.items():
                context.route(f"{agora.url}{prefix}**", _serve(folder, prefix))
            context.add_init_script(f"document.addEventListener('DOMContentLoaded', function () {{ {tags} }});")
            page = context.new_page()
            page.goto(f"{agora.url}/login?lang=en")
            page.get_by_label("Username").fill(user)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            page.goto(f"{agora.url}/dashboard?lang={lang}")
            assert page.evaluate("document.documentElement.lang").startswith(lang)
            yield page
        finally:
            browser.close()
