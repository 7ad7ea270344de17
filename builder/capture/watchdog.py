"""A watchdog per capture worker: a page that stops responding fails its step instead of hanging the run.

Playwright's waits with a timeout end on their own, but ``page.evaluate``, ``locator.count``
and a few more wait for the renderer forever: a page whose JavaScript loops, or a renderer
that stopped answering, would hang an unattended capture. The worker thread arms a deadline
before each wait (its timeout plus :data:`MARGIN`); arming is one assignment, and this thread
looks at the deadline every :data:`POLL` seconds. When one passes, it kills the renderers of
the worker's own browsers, so the pending Playwright call raises as for a crash; when that did
not free the worker within :data:`ESCALATE` seconds, it kills the browser (the next scenario
starts a new one). :meth:`Watchdog.problem` then says what happened, in place of the crash.

A worker's browsers are told apart from every other Chromium by :data:`TOKEN_ENV` in their
environment (their processes inherit it), and by being this process's descendants, both read
from ``/proc``. Without ``/proc`` (macOS, Windows), or for a remote browser (``--browser-endpoint``:
its processes are not ours), there is no watchdog: a page stuck in a loop hangs the run there.
"""

from __future__ import annotations

import os
import secrets
import signal
import sys
import threading
import time

#: seconds a wait may overrun its own timeout before the watchdog steps in
MARGIN = 20.0
#: seconds between two looks at the deadline
POLL = 0.5
#: seconds the worker gets to come free after its renderers were killed, before the browser is
ESCALATE = 10.0
#: environment variable naming the worker whose browser a process belongs to
TOKEN_ENV = "HELPWRIGHT_CAPTURE_WORKER"


def supported() -> bool:
    """Whether processes can be found and told apart here (Linux's ``/proc``)."""
    return sys.platform.startswith("linux") and os.path.isdir("/proc/self")


class Watchdog:
    """Kills a worker's renderers (then its browser) when the wait the worker armed overruns.

    ``arm``, ``disarm`` and ``reset`` are called by the worker thread; the watching runs in a daemon
    thread started by :meth:`start`. Disabled (every call does nothing) where :func:`supported` is
    false or when ``enabled`` is false.
    """

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled and supported()
        #: the value of :data:`TOKEN_ENV` in the browsers this worker launches
        self.token = f"{os.getpid()}-{secrets.token_hex(6)}"
        #: the tokens of the browsers it uses that it did not launch (a pool's, see :meth:`watch`)
        self.borrowed: set[str] = set()
        self._lock = threading.Lock()
        #: (deadline, the seconds it allowed, stage: 0 armed, 1 renderers killed)
        self._armed: tuple[float, float, int] | None = None
        #: (the seconds allowed, whether the browser was killed), once it stepped in since :meth:`reset`
        self.fired: tuple[float, bool] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, token: str) -> None:
        """Watch the browser whose processes carry ``token`` too (one taken from a pool) until :meth:`unwatch`."""
        with self._lock:  # the watching thread reads the set
            self.borrowed = self.borrowed | {token}

    def unwatch(self, token: str) -> None:
        with self._lock:
            self.borrowed = self.borrowed - {token}

    def env(self) -> dict[str, str]:
        """What to add to a browser's environment so that the watchdog knows its processes."""
        return {TOKEN_ENV: self.token} if self.enabled else {}

    def start(self) -> None:
        if self.enabled and self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="capture-watchdog", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.disarm()
        if self._thread is not None:
            self._thread.join(2 * POLL)
            self._thread = None

    def arm(self, seconds: float) -> None:
        """The worker is about to wait up to ``seconds`` (its own timeout); :data:`MARGIN` is added."""
        if self.enabled:
            allowed = seconds + MARGIN
            with self._lock:
                self._armed = (time.monotonic() + allowed, allowed, 0)

    def disarm(self) -> None:
        with self._lock:
            self._armed = None

    def reset(self) -> None:
        """A new scenario: what the watchdog did for the last one no longer explains anything."""
        self.disarm()
        self.fired = None

    def problem(self) -> str | None:
        """What happened, when the watchdog stepped in since :meth:`reset`; a step's failure message says it."""
        if self.fired is None:
            return None
        allowed, browser = self.fired
        stopped = "the page's browser" if browser else "the page"
        return (f"the page stopped responding for more than {allowed:g} s (its JavaScript may be stuck in a loop: "
                f"try the step by hand in a browser); capture stopped {stopped}")

    def _watch(self) -> None:
        while not self._stop.wait(POLL):
            with self._lock:
                armed = self._armed
                if armed is None or time.monotonic() < armed[0]:
                    continue
                _deadline, allowed, stage = armed
                # Renderers first; the browser when that did not free the worker within ESCALATE seconds.
                self._armed = (time.monotonic() + ESCALATE, allowed, 1) if stage == 0 else None
            allowed = self.fired[0] if self.fired else round(allowed, 1)
            if stage == 0:
                self.fired = (allowed, False)  # before the kill: the worker's failure reads it as it wakes
                if self._kill(renderers=True):
                    continue
            self.fired = (allowed, True)
            self._kill(renderers=False)
            with self._lock:
                if self._armed is not None and self._armed[2] == 1:
                    self._armed = None

    def _kill(self, *, renderers: bool) -> int:
        """SIGKILL this worker's renderers (or its browsers' main processes); how many were killed."""
        killed = 0
        with self._lock:
            tokens = {self.token, *self.borrowed}
        for pid, command in _processes_of(tokens):
            # Chromium rewrites its command line into one string: look for the switches in it.
            renderer = b"--type=renderer" in command and b"--top-chrome-webui" not in command
            if renderer if renderers else b"--type=" not in command:
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
                except OSError:  # gone meanwhile, or not ours to kill after all
                    continue
        return killed


def _processes_of(tokens: set[str]) -> list[tuple[int, bytes]]:
    """(pid, command line) of this process's browsers whose environment carries one of ``tokens``, and of their
    children.

    Chromium starts its zygote, which forks the renderers, with an environment of its own:
    the token is found on the browser process, the renderers are found below it.
    """
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parents[int(entry.name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    wanted = {f"{TOKEN_ENV}={token}".encode() for token in tokens}
    browsers: set[int] = set()
    for pid in _below({os.getpid()}, parents):
        try:
            with open(f"/proc/{pid}/environ", "rb") as environ:
                if not wanted.isdisjoint(environ.read().split(b"\0")):
                    browsers.add(pid)
        except OSError:
            continue
    found = []
    for pid in browsers | _below(browsers, parents):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                found.append((pid, cmdline.read()))
        except OSError:
            continue
    return found


def _below(roots: set[int], parents: dict[int, int]) -> set[int]:
    """Every descendant of ``roots`` (not the roots themselves)."""
    below: set[int] = set()
    for pid in parents:
        up, hops = parents.get(pid, 0), 0
        while up > 1 and up not in roots and hops < 64:
            up, hops = parents.get(up, 0), hops + 1
        if up in roots:
            below.add(pid)
    return below


__all__ = ["MARGIN", "Watchdog", "supported"]
