"""Is the persona logged in? `login.check` of platform.yaml, looked for on the page.

A scenario that claims a persona must show that persona's pages. The platform file
names something only a logged-in user sees (a "Log out" button, the user's name);
capture looks for it after the login and again on every persona scenario's start
page, so a session that expired, was dropped by a reset or was never there fails
clearly instead of giving screenshots of the logged-out site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.capture.steps import NetworkWatch, locate, wait_until
from builder.content.model import TARGET_KINDS, Login, Target

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHECK_TIMEOUT = 10.0


def check_target(login: Login, username: str) -> Target:
    """`login.check` with `{username}` filled in (never the password: it would show in messages)."""
    target = login.check
    assert target is not None  # required with personas (see Platform)

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace("{username}", username)
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    updates = {k: fill(getattr(target, k)) for k in (*TARGET_KINDS, "name") if getattr(target, k) is not None}
    return target.model_copy(update=updates)


def is_logged_in(page: Page, target: Target, lang: str, timeout: float = CHECK_TIMEOUT,
                 watch: NetworkWatch | None = None) -> bool:
    """True once the check target is visible on the page (waiting up to ``timeout`` seconds; ``watch``:
    see :func:`~builder.capture.steps.wait_until`)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        wait_until(locate(page, target, lang).first, "visible", timeout, watch)
    except PlaywrightError:
        return False
    return True


def page_message(page: Page, selector: str) -> str:
    """The platform's own words on a failed login: the first visible match of `login.error`."""
    try:
        for message in page.locator(selector).all():
            if message.is_visible():
                text = " ".join(message.inner_text(timeout=2000).split())
                if text:
                    return text
    except Exception:  # noqa: BLE001, S110 - the message only adds detail to the error
        pass
    return ""
