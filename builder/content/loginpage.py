"""A persona scenario that starts on the login page: refused by `check`, at its `start:` line.

Capture logs a persona in before the scenario, then opens ``start``. When ``start`` is
the login page itself, the platform shows the form to a user who is already logged in
(some say "you are already logged in as Alice" above it) and the page the readers get,
titled "Log in", is a screenshot of something no reader sees. A scenario that shows
logging in says ``logged_out: true``; any other starts where a logged-in user goes.

Two addresses are the same page when their paths match once normalised (percent
escapes decoded, repeated and trailing slashes dropped) and the start's query holds
every parameter of the login page's query (``/login?next=/x`` is still ``/login``),
the way ``expect: {url}`` compares queries. Scheme and host are not compared.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlsplit

if TYPE_CHECKING:
    from builder.content.loading import Project


def _normalised(address: str) -> tuple[str, set[tuple[str, str]]]:
    parts = urlsplit(address)
    path = re.sub(r"/{2,}", "/", unquote(parts.path or "/"))
    if len(path) > 1:
        path = path.rstrip("/")
    return path, set(parse_qsl(parts.query, keep_blank_values=True))


def is_login_page(start: str, login_path: str) -> bool:
    """Whether ``start`` opens the page at ``login_path`` (path equal, login's query included)."""
    start_path, start_query = _normalised(start)
    login, login_query = _normalised(login_path)
    return start_path == login and login_query <= start_query


def check_login_start(project: Project) -> None:
    """Append a problem for each persona scenario, not logged out, whose start is a login page."""
    platform = project.platform
    if platform is None or platform.login is None:
        return
    for source in project.scenarios.values():
        scenario = source.model
        if scenario.persona is None or scenario.logged_out:
            continue
        langs = [lang for lang in project.languages
                 if is_login_page(scenario.start, platform.login.path_for(lang))]
        if not langs:
            continue
        login = platform.login.path_for(langs[0])
        project.problems.append(source.located.problem(
            ("start",), f"`start: {scenario.start}` is the login page (`login.path` {login}), where persona "
                        f"{scenario.persona} is already logged in, so the page would show a form no reader sees",
            f"add `logged_out: true` to show logging in as {scenario.persona}, or start on a page a logged-in "
            "user opens", key=False))
