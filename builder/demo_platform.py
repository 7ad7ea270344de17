"""Start and stop Agora, the demo platform, for `helpwright platform`, `capture`, tests and benchmarks.

This is the only place in ``builder`` that knows Agora. The capture engine sees a
base URL and an optional ``reset`` callable; here that callable restores a snapshot
of Agora's freshly seeded data folder, so every scenario starts from the same data
whatever ran before it. Several instances share one session secret, so a persona
logged in on one instance is logged in on all of them (cookies ignore ports).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.errors import CaptureError
from builder.owner import TEMP_PREFIX, make_owned_dir, remove_stale_temp

#: platform.yaml's base_url for the demo: capture starts Agora itself when it sees it
DEMO_BASE_URL = "http://127.0.0.1:8765"
FROZEN_CLOCK = "2026-03-02T09:30:00"
DEFAULT_DEMO_PASSWORD = "agora-demo-2026"
#: how the CLI names the demo platform and the variable holding its seeded users' password
DEMO_NAME = "Agora"
DEMO_PASSWORD_ENV = "AGORA_DEMO_PASSWORD"
_DB_NAME = "agora.sqlite3"
_UPLOADS = "uploads"
_STARTUP_SECONDS = 30
#: ``$TMPDIR/helpwright-agora-<owner pid>-*``: one run's platform data, seed snapshot and log
#: (marked with its owner, see :mod:`builder.owner`)
_TMP_PREFIX = f"{TEMP_PREFIX}agora-"
#: accounts locked in the demo data, for the "unlock an account" help page (not personas)
LOCKED_ACCOUNTS = ("emma",)


@dataclass
class DemoPlatform:
    url: str
    data_dir: Path
    pid: int
    _snapshot: Path = field(repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        """Put the seeded data back (database swapped in one step, uploads copied)."""
        with self._lock:
            tmp = self.data_dir / f"{_DB_NAME}.restore"
            shutil.copyfile(self._snapshot / _DB_NAME, tmp)
            uploads = self.data_dir / _UPLOADS
            shutil.rmtree(uploads, ignore_errors=True)
            shutil.copytree(self._snapshot / _UPLOADS, uploads)
            os.replace(tmp, self.data_dir / _DB_NAME)


def lock_account(url: str, username: str, attempts: int = 5) -> None:
    """Lock an Agora account the way a user would: failed logins with a wrong password."""
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for _ in range(attempts):
        with opener.open(url + "/login", timeout=10) as resp:
            page = resp.read().decode("utf-8")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        data = {"username": username, "password": secrets.token_hex(8), "csrf_token": token.group(1) if token else ""}
        try:
            with opener.open(url + "/login", urllib.parse.urlencode(data).encode(), timeout=10):
                pass
        except urllib.error.HTTPError:
            pass  # Agora answers a failed login with an error status and the login page


def is_demo_url(url: str) -> bool:
    return url.rstrip("/") == DEMO_BASE_URL


def persona_env_names(root: Path | None) -> list[str]:
    """The `password_env` names declared in content/platform.yaml (empty if unreadable)."""
    if root is None:
        return []
    from builder.content.loading import load_model
    from builder.content.model import Platform

    platform, _, _ = load_model(root / "content" / "platform.yaml", Platform, root)
    if platform is None:
        return []
    # `password_env` may name one variable per language: each of them gets the demo's password.
    return [name for p in platform.personas.values()
            for name in ([p.password_env] if isinstance(p.password_env, str) else p.password_env.values())]


def _wait_listening(proc: subprocess.Popen[str], log: Path) -> str:
    """Read Agora's stdout until its `listening` line; fail clearly if it dies first."""
    import urllib.request  # here: every command imports this module, few start the platform

    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:  # keep draining so the pipe never fills up
            if not found and line.startswith("Agora listening on "):
                found.append(line.split(" on ", 1)[1].strip())
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(_STARTUP_SECONDS)
    if not found:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines() if log.exists() else []
        err = lines[-1] if lines else ""
        raise CaptureError(f"the demo platform did not start within {_STARTUP_SECONDS} s{': ' + err if err else ''}")
    url = found[0]
    deadline = time.monotonic() + _STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return url
        except OSError:
            if time.monotonic() > deadline:
                raise CaptureError(f"the demo platform at {url} does not answer /healthz") from None
        time.sleep(0.05)


@contextmanager
def running_demo_platform(*, port: int = 0, frozen: bool = True, root: Path | None = None,
                          password: str | None = None, session_secret: str | None = None,
                          keep_default_password: bool = False) -> Iterator[DemoPlatform]:
    """Run Agora in a subprocess on 127.0.0.1, reset to its seed, for the duration of the block.

    The seeded password is AGORA_DEMO_PASSWORD, else a random one (or the documented
    default with ``keep_default_password``, for manual use). Each persona's password
    variable from platform.yaml is set to it unless already set. Only this PID is stopped.
    Agora's data lives in ``$TMPDIR/helpwright-agora-<pid>-*``, removed at the end; folders
    of runs that were killed are removed first, and Agora stops when this process ends.
    """
    password = password or os.environ.get("AGORA_DEMO_PASSWORD") or (
        DEFAULT_DEMO_PASSWORD if keep_default_password else secrets.token_urlsafe(18))
    for name in persona_env_names(root if root is not None else Path.cwd()):
        os.environ.setdefault(name, password)
    remove_stale_folders()
    folder = make_owned_dir(_TMP_PREFIX)
    data_dir, snapshot, log = folder / "data", folder / "seed", folder / "agora.log"
    data_dir.mkdir()
    # Agora reads its session secret from the data folder; sharing it lets sessions roam instances.
    (data_dir / "secret_key").write_text(session_secret or secrets.token_hex(32), encoding="utf-8")
    # Agora stops when its stdin ends, that is when this process ends, however it ends (kill -9
    # too). Not a parent-death signal: Linux sends it when the *thread* that started the child
    # ends, and demo_endpoints starts its platforms from a thread pool.
    cmd = [sys.executable, "-m", "agora", "--port", str(port), "--reset", "--data-dir", str(data_dir),
           "--stop-on-stdin-eof"]
    if frozen:
        cmd += ["--frozen-clock", FROZEN_CLOCK]
    env = dict(os.environ, AGORA_DEMO_PASSWORD=password, PYTHONUNBUFFERED="1")
    try:
        with log.open("w", encoding="utf-8") as log_file:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log_file,
                                    text=True, env=env, cwd=Path(__file__).resolve().parent.parent)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        url = _wait_listening(proc, log)
        for username in LOCKED_ACCOUNTS:
            lock_account(url, username)
        shutil.copytree(data_dir, snapshot, ignore=shutil.ignore_patterns("secret_key", "*.restore"))
        yield DemoPlatform(url=url, data_dir=data_dir, pid=proc.pid, _snapshot=snapshot)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_folders(tmp: Path | None = None) -> list[Path]:
    """Delete the temp folders left by runs that were killed (this platform's and others'); return them.

    A folder whose owner process is still running (another run, in this or another
    process) is left alone, as is any entry of another user.
    """
    return remove_stale_temp(tmp, unowned=(_TMP_PREFIX,))


@contextmanager
def demo_endpoints(root: Path, count: int = 1) -> Iterator[list[Any]]:
    """``count`` demo instances (one per capture worker), sharing one password and session secret.

    They start in parallel: each spends most of its start-up seeding and waiting.
    """
    from concurrent.futures import ThreadPoolExecutor
    from contextlib import ExitStack

    from builder.capture.session import Endpoint

    password = os.environ.get("AGORA_DEMO_PASSWORD") or secrets.token_urlsafe(18)
    secret = secrets.token_hex(32)
    managers = [running_demo_platform(root=root, password=password, session_secret=secret)
                for _ in range(max(1, count))]
    with ExitStack() as stack:
        with ThreadPoolExecutor(max_workers=len(managers)) as pool:
            futures = [pool.submit(manager.__enter__) for manager in managers]
        demos, failure = [], None
        for manager, future in zip(managers, futures, strict=True):
            try:
                demos.append(future.result())
            except BaseException as exc:  # noqa: BLE001 - raised below, once the others are stopped
                failure = failure or exc
                continue
            stack.push(manager.__exit__)
        if failure is not None:
            raise failure
        yield [Endpoint(demo.url, demo.reset) for demo in demos]
