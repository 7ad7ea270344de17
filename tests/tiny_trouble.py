"""A tiny platform on 127.0.0.1 that misbehaves the way real ones do, for capture's error paths.

- ``/slow`` answers only after ``TroublePlatform.delay`` seconds (a stuck start or login page), or
  after ``?seconds=``;
- ``/fast`` answers at once (the scenario that must still be captured);
- ``/crashing`` has a button whose click makes the page's renderer die in the middle of the step
  (``/doom`` kills the Chromium renderers run by :attr:`TroublePlatform.browser_owner`, the
  capture's process, as an out-of-memory kill does), and one that kills the whole browser
  (``/doom?browser=1``);
- ``/spin`` has a button whose click asks the platform something and, once it answers (2 s later,
  the click long done), blocks the page's only thread: the page stops responding, as a page whose
  script loops does (a loop right in the click's handler fails at the click's own timeout). It
  blocks on a synchronous request the platform never answers, not ``while (true) {}``: the same
  hung page for the browser and for capture, without burning a processor core for the 30 s the
  watchdog waits;
- ``/red`` is all in the highlight's default red, with a "Send" button (a platform whose own
  colours hide the highlight);
- ``/login`` logs ``alice`` in (a cookie; pages then show a "Log out" button);
- ``/login-plain``: a login form whose password field is ``<input type=text>``, sent by GET, so
  the password also lands in the next page's URL (``/welcome?…&password=…``);
- ``/login-eye``: a ``type=password`` field with a "Show password" button that flips it to
  ``type=text`` and writes the password out beside it (at :data:`SHOWN_BOX`).

The password fields of both forms sit at :data:`PASSWORD_BOX` (CSS pixels), so a test can
look at the very pixels where the password would be readable.
"""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

USERNAME = "alice"
#: x, y, width, height of the password field of /login-plain and /login-eye, in CSS pixels
PASSWORD_BOX = (40, 200, 320, 40)
#: where "Show password" of /login-eye also writes the password out, as text
SHOWN_BOX = (40, 250, 320, 30)

_STYLE = """body { font: 18px sans-serif; margin: 0 } h1 { position: absolute; left: 40px; top: 10px; margin: 0 }
#who { position: absolute; right: 20px; top: 10px }
.field { position: absolute; left: 40px; width: 320px; height: 40px; box-sizing: border-box;
  font: 18px monospace; padding: 4px 8px; border: 1px solid #333; background: #fffbe6; color: #000 }
.label { position: absolute; left: 40px }
.btn { position: absolute; font: 16px sans-serif; padding: 8px 14px }"""


@dataclass
class TroublePlatform:
    url: str
    password: str
    #: seconds /slow takes to answer
    delay: float = 5.0
    #: set on shutdown: a request still sleeping answers at once
    stop: threading.Event = field(default_factory=threading.Event)
    log: list[str] = field(default_factory=list)
    #: pid of the capture process: /doom kills only the renderers of its Chromium
    browser_owner: int | None = None
    killed: list[int] = field(default_factory=list)

    def kill_renderers(self, *, browser: bool = False) -> None:
        """SIGKILL the page renderers (or the whole browser) among ``browser_owner``'s descendants.

        Never another Chromium: only the capture process's own.
        """
        if self.browser_owner is None:
            return
        for pid in _descendants(self.browser_owner):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
                if browser:
                    chosen = b"chrom" in command.split(b"\0")[0] and b"--type=" not in command
                else:
                    chosen = b"--type=renderer" in command and b"--top-chrome-webui" not in command
                if chosen:
                    os.kill(pid, signal.SIGKILL)
                    self.killed.append(pid)
            except OSError:
                continue


def _descendants(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found = []
    for pid in parents:
        up = parents.get(pid, 0)
        while up > 1 and up != root:
            up = parents.get(up, 0)
        if up == root:
            found.append(pid)
    return found


def _form(action: str, method: str, password_type: str, eye: bool) -> str:
    x, y, _w, _h = PASSWORD_BOX
    sx, sy, sw, sh = SHOWN_BOX
    show = ('<button type="button" class="btn" style="left: 400px; top: 200px" onclick="'
            "const f = document.getElementById('pw'); f.type = f.type === 'password' ? 'text' : 'password';"
            "document.getElementById('shown').textContent = 'You typed: ' + f.value;"
            '">Show password</button>'
            f'<p id="shown" style="position: absolute; left: {sx}px; top: {sy}px; width: {sw}px; '
            f'height: {sh}px; margin: 0; font: 16px monospace"></p>') if eye else ""
    return f"""<form method="{method}" action="{action}">
<label class="label" for="user" style="top: 80px">Username</label>
<input class="field" id="user" name="username" style="top: 110px" autocomplete="off">
<label class="label" for="pw" style="top: {y - 30}px">Password</label>
<input class="field" id="pw" name="password" type="{password_type}" style="left: {x}px; top: {y}px"
  autocomplete="off" spellcheck="false">{show}
<button class="btn" style="left: 40px; top: 300px">Log in</button></form>"""


def _handler(platform: TroublePlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the browser gave up waiting (a timed-out page): nobody reads the answer

        def _logged_in(self) -> bool:
            return f"user={USERNAME}" in (self.headers.get("Cookie") or "")

        def _page(self, title: str, body: str) -> None:
            who = ('<form id="who" method="post" action="/logout"><button>Log out</button></form>'
                   if self._logged_in() else "")
            self._send(200, f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><style>{_STYLE}</style></head>
<body>{who}<h1>{html.escape(title)}</h1>{body}</body></html>""")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            platform.log.append(self.path)
            if parts.path == "/slow":
                platform.stop.wait(float(parse_qs(parts.query).get("seconds", [platform.delay])[0]))
                self._page("Slow page", "<p style='margin-top: 80px'>At last.</p>")
            elif parts.path in ("/", "/fast"):
                self._page("Fast page", "<p style='margin-top: 80px'>Here at once.</p>")
            elif parts.path == "/crashing":
                self._page("Crashing page", '<button class="btn" style="left: 40px; top: 80px" '
                                            'onclick="fetch(\'/doom\')">Crash the page</button>'
                                            '<button class="btn" style="left: 240px; top: 80px" '
                                            'onclick="fetch(\'/doom?browser=1\')">Crash the browser</button>')
            elif parts.path == "/spin":
                self._page("Spinning page", '<button class="btn" style="left: 40px; top: 80px" '
                                            'onclick="fetch(\'/slow?seconds=2\').then(() => { const x = new XMLHttpRequest(); '
                                            'x.open(\'GET\', \'/slow?seconds=600\', false); x.send(); })">'
                                            'Spin</button>')
            elif parts.path == "/doom":
                platform.kill_renderers(browser="browser" in parts.query)
                self._send(200, "doomed")
            elif parts.path == "/login":
                self._page("Log in", _form("/login", "post", "password", eye=False))
            elif parts.path == "/login-plain":
                self._page("Log in", _form("/welcome", "get", "text", eye=False))
            elif parts.path == "/login-eye":
                self._page("Log in", _form("/welcome", "get", "password", eye=True))
            elif parts.path == "/red":
                # A page in the highlight's own default colour: a red box on it is hard to see.
                self._page("Red page", "<div style='background:#e11d48;position:fixed;inset:0'>"
                                       "<button style='margin:120px 0 0 120px;background:#e11d48;color:#fff;"
                                       "border:0;padding:10px 20px'>Send</button></div>")
            elif parts.path == "/welcome":
                self._page("Welcome", "<p style='margin-top: 80px'>You are in.</p>")
            else:
                self._send(404, "not found")

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            platform.log.append(parts.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode("utf-8") if length else "")
            if parts.path == "/login":
                if form.get("username") == [USERNAME] and form.get("password") == [platform.password]:
                    self._send(303, "", {"Location": "/fast", "Set-Cookie": f"user={USERNAME}; Path=/"})
                else:
                    self._page("Log in", "<p role='alert' style='margin-top: 80px'>Wrong password.</p>")
            elif parts.path == "/logout":
                self._send(303, "", {"Location": "/fast", "Set-Cookie": "user=; Path=/; Max-Age=0"})
            else:
                self._send(404, "not found")

    return Handler


@contextmanager
def trouble_platform(password: str, *, delay: float = 5.0) -> Iterator[TroublePlatform]:
    """Serve the platform on a free 127.0.0.1 port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    platform = TroublePlatform(f"http://127.0.0.1:{server.server_address[1]}", password, delay=delay)
    server.RequestHandlerClass = _handler(platform)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        platform.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


# -- a project on this platform, captured by the command line --------------------------------------------

PASSWORD_ENV = "TROUBLE_ALICE_PASSWORD"


def make_project(root: Path, platform: TroublePlatform, scenarios: list[dict[str, Any]], **settings: Any) -> Path:
    """A one-language project on ``platform``: persona alice logs in at /login (``settings`` override)."""
    data = {
        "name": "Trouble", "base_url": platform.url, "languages": ["en"],
        "personas": {"alice": {"username": USERNAME, "password_env": PASSWORD_ENV}},
        "login": {"path": "/login", "steps": [
            {"fill": {"label": "Username"}, "value": "{username}", "say": "Username"},
            {"fill": {"label": "Password"}, "value": "{password}", "say": "Password"},
            {"click": {"role": "button", "name": "Log in"}, "say": "Log in"},
        ], "check": {"role": "button", "name": "Log out"}},
        "topics": {"trouble": {"title": "Trouble"}},
        **settings,
    }
    (root / "content" / "scenarios").mkdir(parents=True)
    (root / "content" / "platform.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for scenario in scenarios:
        full = {"title": "A task", "summary": "A task.", "audience": ["member"], "topic": "trouble", **scenario}
        path = root / "content" / "scenarios" / f"{scenario['id']}.yaml"
        path.write_text(yaml.safe_dump(full, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def run_capture(root: Path, platform: TroublePlatform, *args: str,
                timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """`helpwright capture` in a child process, as a user runs it (its own environment, stdout, stderr).

    A run still going after ``timeout`` seconds is killed, and the test fails (``TimeoutExpired``).
    """
    cmd = [sys.executable, "-c", "from builder.cli import run; run()", "-C", str(root), "capture", *args]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ)) as proc:
        platform.browser_owner = proc.pid
        try:
            out, err = proc.communicate(timeout=timeout)
        finally:
            platform.browser_owner = None
            if proc.poll() is None:
                proc.kill()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
