"""A tiny wiki on 127.0.0.1 whose pages are all `/index.php?title=…`, like MediaWiki's.

It shows the failures capture must never pass over:

- every page, the login page included, has the path ``/index.php``; the login page is
  ``?title=Special:UserLogin``;
- the banner says who is logged in, on a green background (red when nobody is), so a
  test sees in the pixels whether a screenshot shows the logged-in site;
- ``Special:DropSessions`` forgets every session on the server before answering, and
  ``Special:ClearCookie`` clears the session cookie: both then render logged out;
- ``Restore`` asks ``confirm("Really restore this version?")`` before it posts the
  restore (``restores`` counts them); ``Rename`` asks with ``prompt()``; ``Hello``
  opens an ``alert()`` when loaded with ``?greet=1``;
- ``Upload`` has a hidden file field behind a label styled as a button;
- ``POST /__reset`` forgets every session and counts resets (``resets``).
"""

from __future__ import annotations

import html
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

USERNAME = "alice"
LOGIN_TITLE = "Special:UserLogin"
LOGGED_IN_RGB = (0, 150, 60)
LOGGED_OUT_RGB = (200, 20, 20)


@dataclass
class TinyWiki:
    url: str
    password: str
    sessions: set[str] = field(default_factory=set)
    restores: int = 0
    resets: int = 0
    logins: int = 0
    uploads: list[str] = field(default_factory=list)


def _rgb(rgb: tuple[int, int, int]) -> str:
    return "rgb({}, {}, {})".format(*rgb)


def _handler(wiki: TinyWiki) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        def _sid(self) -> str | None:
            for part in (self.headers.get("Cookie") or "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == "sid" and value in wiki.sessions:
                    return value
            return None

        def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _page(self, title: str, body: str, *, logged_in: bool, headers: dict[str, str] | None = None,
                  status: int = 200) -> None:
            if logged_in:
                banner = (f'<div id="banner" style="background:{_rgb(LOGGED_IN_RGB)}">Logged in as {USERNAME} '
                          '<form method="post" action="/index.php?title=Special:UserLogout" style="display:inline">'
                          '<button>Log out</button></form></div>')
            else:
                banner = (f'<div id="banner" style="background:{_rgb(LOGGED_OUT_RGB)}">Not logged in '
                          f'<a href="/index.php?title={LOGIN_TITLE}">Log in</a></div>')
            self._send(status, f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title><style>
body {{ font: 16px sans-serif; margin: 0 }} #banner {{ color: #fff; padding: 12px; height: 40px }}
main {{ padding: 20px }} .btn {{ display: inline-block; padding: 8px 14px; background: #2563eb; color: #fff;
border-radius: 4px; cursor: pointer }}
</style></head><body>{banner}<main><h1>{html.escape(title)}</h1>{body}</main></body></html>""",
                       headers, )

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            title = (query.get("title") or ["Main_Page"])[0]
            if parts.path == "/":
                self._send(302, "", {"Location": "/index.php?title=Main_Page"})
                return
            if parts.path != "/index.php":
                self._send(404, "not found")
                return
            headers: dict[str, str] = {}
            if title == "Special:DropSessions":
                wiki.sessions.clear()
            if title == "Special:ClearCookie":
                headers["Set-Cookie"] = "sid=; Path=/; Max-Age=0"
            logged_in = self._sid() is not None and title != "Special:ClearCookie"
            if title == LOGIN_TITLE:
                self._login_form(logged_in, error=None)
                return
            body = "<p>Welcome to the tiny wiki.</p>"
            if title == "Restore":
                body = ("""<button id="restore" onclick="if (confirm('Really restore this version?')) {
  fetch('/index.php?title=Restore', {method: 'POST'}).then(() => {
    document.getElementById('said').textContent = 'Restored.'; });
} else { document.getElementById('said').textContent = 'Cancelled.'; }">Restore</button>
<button id="nothing" onclick="document.getElementById('said').textContent = 'Nothing asked.'">Quiet</button>
<p id="said"></p>""")
            elif title == "Rename":
                body = ("""<button onclick="const n = prompt('New name?', '');
document.getElementById('said').textContent = n === null ? 'Kept.' : 'Renamed to ' + n;">Rename</button>
<p id="said"></p>""")
            elif title == "Hello" and query.get("greet"):
                body = "<p>Hello.</p><script>alert('Welcome back!')</script>"
            elif title == "Upload":
                body = ("""<form method="post" enctype="multipart/form-data" action="/index.php?title=Upload">
<label for="file" class="btn">Choose a file</label>
<input type="file" id="file" name="file" style="display:none"
  onchange="document.getElementById('chosen').textContent = this.files[0].name">
<span id="chosen">No file chosen</span></form>""")
            self._page(title.replace("_", " "), body, logged_in=logged_in, headers=headers)

        def _login_form(self, logged_in: bool, error: str | None, status: int = 200) -> None:
            alert = f'<p class="error">{html.escape(error)}</p>' if error else ""
            self._page("Log in", f"""{alert}<form method="post" action="/index.php?title={LOGIN_TITLE}">
<p><label for="u">Username</label> <input id="u" name="username"></p>
<p><label for="p">Password</label> <input id="p" name="password" type="password"></p>
<p><button>Log in</button></p></form>""", logged_in=logged_in, status=status)

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            title = (parse_qs(parts.query).get("title") or [""])[0]
            if parts.path == "/__reset":
                wiki.sessions.clear()
                wiki.resets += 1
                self._send(200, "reset")
                return
            if title == LOGIN_TITLE:
                form = parse_qs(raw.decode("utf-8"))
                if form.get("username") == [USERNAME] and form.get("password") == [wiki.password]:
                    sid = secrets.token_hex(8)
                    wiki.sessions.add(sid)
                    wiki.logins += 1
                    self._send(303, "", {"Location": "/index.php?title=Main_Page",
                                         "Set-Cookie": f"sid={sid}; Path=/; HttpOnly"})
                else:
                    self._login_form(False, f"Incorrect username or password for {quote(USERNAME)}.", 401)
                return
            if title == "Special:UserLogout":
                sid = self._sid()
                wiki.sessions.discard(sid or "")
                self._send(303, "", {"Location": f"/index.php?title={LOGIN_TITLE}"})
                return
            if title == "Restore":
                wiki.restores += 1
                self._send(200, "ok")
                return
            self._send(404, "not found")

    return Handler


@contextmanager
def tiny_wiki(password: str) -> Iterator[TinyWiki]:
    """Serve a tiny wiki on a free 127.0.0.1 port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(TinyWiki("", password)))
    wiki = TinyWiki(f"http://127.0.0.1:{server.server_address[1]}", password)
    server.RequestHandlerClass = _handler(wiki)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield wiki
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
