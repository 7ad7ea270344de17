"""The logged-in sessions of a capture run, one per persona account, shared by its workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from builder.errors import CaptureError


class Logins:
    """Storage state per persona, shared by all workers of a run.

    One lock per persona: a worker waits for a login of the persona it needs, never
    for another persona's.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._persona_locks: dict[str, threading.Lock] = {}
        self._states: dict[str, dict[str, Any] | CaptureError] = {}

    def get(self, persona: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        return self._login_once(persona, make, lambda kept: kept is None)

    def refresh(self, persona: str, stale: dict[str, Any], make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Log in again when ``stale`` (a session found logged out) is still the one kept.

        Another worker may have refreshed it meanwhile: then its session is used.
        """
        return self._login_once(persona, make, lambda kept: kept is stale)

    def _login_once(self, persona: str, make: Callable[[], dict[str, Any]],
                    needed: Callable[[dict[str, Any] | CaptureError | None], bool]) -> dict[str, Any]:
        """Run ``make`` under the persona's lock when ``needed`` says the kept state must be replaced."""
        with self._lock:
            lock = self._persona_locks.setdefault(persona, threading.Lock())
        with lock:
            if needed(self._states.get(persona)):
                try:
                    self._states[persona] = make()
                except CaptureError as exc:
                    self._states[persona] = exc
            state = self._states[persona]
        if isinstance(state, CaptureError):
            raise state
        return state


__all__ = ["Logins"]
