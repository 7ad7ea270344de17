"""Where a capture's time goes, phase by phase, for the benchmark's breakdown.

A run has one :class:`PhaseClock`, shared by its workers and its encoding threads. A phase
counts its own time only: a phase timed inside another (the label check inside the
screenshot) is taken out of the outer one, so the phases add up to the time measured, with
no double counting. Figures are thread-seconds: with two workers, the phases add up to about
twice the wall time.

The phases: logging in; the browser (started, and each scenario's context opened and closed); navigating and acting (the
start page, each step's action); waiting for the page to settle; the honesty checks (still
logged in, still in the language, the target found and visible, the quoted labels shown);
recording the step (target, page); the highlight (scrolled into the image, judged visible to
a reader and drawn, in one page evaluation); the screenshot (masks, two equal frames);
encoding the PNG and measuring the highlight's contrast (in the background); comparing with
the published images; writing the files.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

#: the phases in the order the breakdown prints them
PHASES = ("login", "browser", "navigation", "settle", "check: login", "check: language", "check: visibility",
          "check: labels", "record", "highlight", "screenshot", "encode", "check: contrast", "check: words", "compare",
          "write")

T = TypeVar("T")


class PhaseClock:
    """Seconds per phase, each phase counting its own time only (see the module's description)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(PHASES, 0.0)
        self._lock = threading.Lock()
        self._local = threading.local()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        stack: list[float] = self._local.__dict__.setdefault("stack", [])
        stack.append(0.0)  # the time of the phases timed inside this one
        started = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            inner = stack.pop()
            if stack:
                stack[-1] += elapsed
            with self._lock:
                self.seconds[name] = self.seconds.get(name, 0.0) + elapsed - inner

    def call(self, name: str, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` timed as ``name`` (for work handed to a thread pool)."""
        with self.phase(name):
            return function(*args)

    def total(self) -> float:
        with self._lock:
            return sum(self.seconds.values())
