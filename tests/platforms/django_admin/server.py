"""Start and stop the meeting-room site (Django's admin) for the tests, by PID.

``running_room_site(data)`` seeds a data folder with fresh random passwords (set in
the environment variables platform.yaml names), serves it on a free 127.0.0.1 port
in a subprocess and stops that process when the block ends.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVE = Path(__file__).resolve().parent / "serve.py"
PASSWORD_ENVS = {"alice": "ROOMSITE_ALICE_PASSWORD", "claire": "ROOMSITE_CLAIRE_PASSWORD"}
STARTUP_SECONDS = 60


@dataclass(frozen=True)
class RoomSite:
    url: str
    pid: int
    data: Path
    passwords: dict[str, str]

    def reset(self) -> None:
        subprocess.run([sys.executable, str(SERVE), "reset", "--data", str(self.data)], check=True)


def _listening_url(proc: subprocess.Popen[str]) -> str:
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:  # keep draining so the pipe never fills up
            if not found and line.startswith("Room site listening on "):
                found.append(line.rsplit(" ", 1)[1].strip())
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(STARTUP_SECONDS)
    if not found:
        raise RuntimeError(f"the room site did not start within {STARTUP_SECONDS} s")
    url = found[0]
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url + "/admin/login/", timeout=5) as resp:
                if resp.status == 200:
                    return url
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


@contextmanager
def running_room_site(data: Path) -> Iterator[RoomSite]:
    """Seed ``data`` with new random passwords and serve it until the block ends."""
    passwords = {user: "pw-" + secrets.token_urlsafe(12) for user in PASSWORD_ENVS}
    saved = {env: os.environ.get(env) for env in PASSWORD_ENVS.values()}
    for user, env in PASSWORD_ENVS.items():
        os.environ[env] = passwords[user]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    log = data.with_name(data.name + ".log")
    proc = None
    try:
        seeded = subprocess.run([sys.executable, str(SERVE), "seed", "--data", str(data)], check=False,
                                env=env, cwd=SERVE.parent, capture_output=True, text=True)
        if seeded.returncode:
            raise RuntimeError(f"seeding the room site failed:\n{seeded.stderr[-3000:]}")
        with log.open("w", encoding="utf-8") as log_file:
            proc = subprocess.Popen([sys.executable, str(SERVE), "serve", "--data", str(data)],
                                    stdout=subprocess.PIPE, stderr=log_file, text=True, env=env,
                                    cwd=SERVE.parent)
        yield RoomSite(url=_listening_url(proc), pid=proc.pid, data=data, passwords=passwords)
    finally:
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            if proc.stdout is not None:
                proc.stdout.close()
        for env_name, value in saved.items():
            if value is None:
                os.environ.pop(env_name, None)
            else:
                os.environ[env_name] = value
