"""`reset:` of platform.yaml: put the platform's data back, by a command or an HTTP request.

The engine only ever sees a ``reset`` callable on an :class:`~builder.capture.session.Endpoint`;
this module makes one from the platform's description. A failing reset is a
:class:`~builder.errors.CaptureError` that quotes what the command or the server said:
capturing on top of stale data would give screenshots of the wrong state.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from builder.capture.session import Endpoint
from builder.content.model import Platform, Reset
from builder.errors import CaptureError

COMMAND_TIMEOUT = 120
HTTP_TIMEOUT = 60
_TAIL = 600


def _tail(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _TAIL else "…" + text[-_TAIL:]


def reset_argv(reset: Reset) -> list[str]:
    command = reset.command
    return shlex.split(command) if isinstance(command, str) else list(command or [])


#: what any command needs to find its programs and read text; the rest is named in `reset.env`
BASE_ENV = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TMPDIR", "TZ")


def command_env(names: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """The environment a reset command gets: :data:`BASE_ENV` plus the variables ``names`` asks for.

    Persona passwords (and any other secret of the capture's environment) stay out unless
    platform.yaml names them in `reset.env`.
    """
    return {k: os.environ[k] for k in (*BASE_ENV, *names) if k in os.environ}


def run_command(argv: list[str], root: Path, env_names: list[str] | tuple[str, ...] = (),
                announce: Callable[[str], None] | None = None) -> None:
    """Run the reset command in the project folder; fail clearly on a non-zero exit.

    The exact argv is announced first: it is code from platform.yaml, and the operator sees it run.
    """
    shown = shlex.join(argv)
    (announce or _announce)(f"reset: running {shown} (in {root})")
    try:
        done = subprocess.run(argv, cwd=root, capture_output=True, text=True, errors="replace",
                              timeout=COMMAND_TIMEOUT, check=False, env=command_env(env_names))
    except FileNotFoundError:
        raise CaptureError(f"reset command `{shown}`: program {argv[0]} not found; fix `reset.command` in "
                           "platform.yaml (it runs in the project folder, without a shell)") from None
    except subprocess.TimeoutExpired:
        raise CaptureError(f"reset command `{shown}` did not finish within {COMMAND_TIMEOUT} s") from None
    except OSError as exc:
        raise CaptureError(f"reset command `{shown}` could not run: {exc}") from None
    if done.returncode != 0:
        said = _tail(done.stderr) or _tail(done.stdout) or "no output"
        raise CaptureError(f"reset command `{shown}` failed (exit {done.returncode}): {said}")


def _announce(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def send_request(method: str, url: str) -> None:
    """Send the reset request; fail clearly unless the server answers 2xx or 3xx."""
    request = urllib.request.Request(url, method=method, data=b"" if method in ("POST", "PUT", "PATCH") else None)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        body = _tail(exc.read().decode("utf-8", "replace")) if exc.fp else ""
        raise CaptureError(f"reset request {method} {url} answered HTTP {exc.code}"
                           f"{': ' + body if body else ''}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CaptureError(f"reset request {method} {url} failed: {reason}") from None


def make_reset(reset: Reset, root: Path, base_url: str) -> Callable[[], None]:
    """A callable doing the platform's reset against ``base_url`` (one at a time)."""
    lock = threading.Lock()
    if reset.http is not None:
        method = reset.http.method
        url = reset.http.url
        url = url if url.startswith(("http://", "https://")) else urljoin(base_url.rstrip("/") + "/", url.lstrip("/"))
        host, own = urlsplit(url).netloc.lower(), urlsplit(base_url).netloc.lower()
        if host != own and host not in {h.lower() for h in reset.allow_hosts}:
            # `check` refuses this against platform.yaml's base_url; --base-url may name another
            raise CaptureError(f"reset request {method} {url} targets {host}, not the platform ({own}): use a path "
                               f"in `reset.http.url`, or add `allow_hosts: [{host}]` to `reset` in platform.yaml")

        def by_request() -> None:
            with lock:
                send_request(method, url)

        return by_request
    argv = reset_argv(reset)

    def by_command() -> None:
        with lock:
            run_command(argv, root, reset.env)

    return by_command


def with_platform_reset(platform: Platform, root: Path, endpoints: list[Endpoint], jobs: int) -> list[Endpoint]:
    """Give endpoints that have no reset of their own the platform's, or run it once (`when: run`).

    An endpoint that already has a reset (the demo platform's own) keeps it.
    """
    reset = platform.reset
    bare = [e for e in endpoints if e.reset is None]
    if reset is None or not bare:
        return endpoints
    if reset.when == "run":
        for base_url in dict.fromkeys(e.base_url for e in bare):
            make_reset(reset, root, base_url)()
        return endpoints
    if jobs > 1 and len(endpoints) < jobs:
        raise CaptureError("platform.yaml resets the data before every scenario (`reset.when: scenario`), so "
                           "scenarios cannot run in parallel on one platform: use --jobs 1, or `when: run`")
    return [e if e.reset is not None else replace(e, reset=make_reset(reset, root, e.base_url)) for e in endpoints]
