"""A tiny bilingual web platform on 127.0.0.1 that forgets its language the way real ones do.

Each instance honours only the language signals it is told to (``honours``), so a test
shows exactly which `language_switch` mode keeps the UI language and which loses it:

- ``query``: ``?lang=fr`` on this request (not remembered: the next page is in the default);
- ``prefix``: a ``/fr/…`` or ``/en/…`` path;
- ``cookie``: the ``site_lang`` cookie;
- ``header``: ``Accept-Language``;
- ``account``: the language of the logged-in account (``alice-fr``, ``alice-en``);
  :meth:`TinyPlatform.reset` logs everyone out.

Anything else is in English, the default. Pages: ``/start`` (a link, a form posted and
answered by a redirect, a link into a two-hop redirect chain, an upload form, a link
that explicitly switches to English), ``/login``, ``/clock`` ("updated N seconds ago"
from the server's clock, and ``?tick=1`` adds a script rewriting it every 20 ms).
Every request is logged (method, path with query), so a test can see what reached the server.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TEXTS = {
    "fr": {"hello": "Bonjour", "next": "Page suivante", "save": "Enregistrer", "saved": "Enregistré",
           "chain": "Rebonds", "upload": "Envoyer le fichier", "english": "English", "arrived": "Arrivée",
           "user": "Identifiant", "password": "Mot de passe", "login": "Se connecter", "logout": "Déconnexion",
           "updated": "mis à jour il y a {n} secondes, à {t}", "file": "Fichier"},
    "en": {"hello": "Hello", "next": "Next page", "save": "Save", "saved": "Saved",
           "chain": "Hops", "upload": "Send the file", "english": "English", "arrived": "Arrived",
           "user": "Username", "password": "Password", "login": "Log in", "logout": "Log out",
           "updated": "updated {n} seconds ago, at {t}", "file": "File"},
}
ACCOUNTS = {"alice-fr": "fr", "alice-en": "en"}
PASSWORD = "tiny-pw"


@dataclass
class TinyPlatform:
    url: str
    honours: frozenset[str]
    log: list[tuple[str, str]] = field(default_factory=list)
    uploads: list[int] = field(default_factory=list)
    html_lang: bool = True
    started: float = field(default_factory=time.time)
    generation: int = 0

    def reset(self) -> None:
        """Forget every session, as a platform whose data is restored does."""
        self.generation += 1

    def documents(self) -> list[str]:
        """Paths (with query) of the pages requested, without the favicon and capture's reachability probe."""
        return [path for _, path in self.log if path != "/" and not path.startswith("/favicon")]


def _cookies(header: str | None) -> dict[str, str]:
    out = {}
    for part in (header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def _handler(platform: TinyPlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:
            pass

        # -- language ---------------------------------------------------------------
        def _route(self) -> tuple[str | None, str, dict[str, list[str]]]:
            parts = urlsplit(self.path)
            match = re.match(r"^/(fr|en)(/.*)$", parts.path)
            prefix, path = (match.group(1), match.group(2)) if match else (None, parts.path)
            return prefix, path, parse_qs(parts.query)

        def _lang(self) -> str:
            prefix, _, query = self._route()
            honours = platform.honours
            cookies = _cookies(self.headers.get("Cookie"))
            if "prefix" in honours and prefix:
                return prefix
            if "query" in honours and query.get("lang", [""])[0] in TEXTS:
                return query["lang"][0]
            if "cookie" in honours and cookies.get("site_lang") in TEXTS:
                return cookies["site_lang"]
            if "header" in honours:
                wanted = (self.headers.get("Accept-Language") or "")[:2].lower()
                if wanted in TEXTS:
                    return wanted
            user = self._user()
            if "account" in honours and user in ACCOUNTS:
                return ACCOUNTS[user]
            return "en"

        def _user(self) -> str | None:
            """The logged-in account; sessions from before the last :meth:`TinyPlatform.reset` are void."""
            user, _, generation = _cookies(self.headers.get("Cookie")).get("user", "").partition(".")
            return user if user and generation == str(platform.generation) else None

        def _link(self, path: str) -> str:
            """Links keep the path prefix (as i18n URL patterns do), never the query parameter."""
            prefix, _, _ = self._route()
            return f"/{prefix}{path}" if prefix and "prefix" in platform.honours else path

        # -- responses --------------------------------------------------------------
        def _send(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def _page(self, title: str, body: str) -> None:
            lang = self._lang()
            t = TEXTS[lang]
            user = self._user()
            who = f'<p id="who">{html.escape(user)} · <a href="/logout">{t["logout"]}</a></p>' if user else ""
            attr = f' lang="{lang}-{"FR" if lang == "fr" else "GB"}"' if platform.html_lang else ""
            self._send(200, f"""<!doctype html><html{attr}><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font: 16px sans-serif; margin: 24px; }} form {{ margin: 12px 0; }}</style></head>
<body>{who}<h1>{html.escape(title)}</h1>{body}</body></html>""")

        def _redirect(self, where: str, status: int = 303) -> None:
            self._send(status, "", {"Location": where})

        def do_GET(self) -> None:
            platform.log.append(("GET", self.path))
            _, path, query = self._route()
            t = TEXTS[self._lang()]
            if path == "/start":
                self._page(t["hello"], f"""
<p><a href="{self._link('/next')}">{t['next']}</a></p>
<form method="post" action="{self._link('/save')}"><input name="note" value="x">
<button type="submit">{t['save']}</button></form>
<p><a href="{self._link('/hop1')}">{t['chain']}</a></p>
<form method="post" action="{self._link('/upload')}" enctype="multipart/form-data">
<label>{t['file']} <input type="file" name="doc"></label><button type="submit">{t['upload']}</button></form>
<p><a href="/start?lang=en">{t['english']}</a></p>""")
            elif path == "/hop1":
                self._redirect(self._link("/hop2"), 302)
            elif path == "/hop2":
                self._redirect(self._link("/arrived"), 302)
            elif path in ("/next", "/saved", "/arrived", "/uploaded"):
                key = {"/next": "next", "/saved": "saved", "/arrived": "arrived", "/uploaded": "upload"}[path]
                extra = f"<p id='size'>{platform.uploads[-1]}</p>" if path == "/uploaded" and platform.uploads else ""
                self._page(t[key], f"<p>{t['hello']}</p>{extra}")
            elif path == "/login":
                self._page(t["login"], f"""<form method="post" action="{self._link('/login')}">
<label>{t['user']} <input name="username"></label>
<label>{t['password']} <input name="password" type="password"></label>
<button type="submit">{t['login']}</button></form>""")
            elif path == "/logout":
                self._redirect(self._link("/start"), 302)
            elif path == "/clock":
                seconds = int(time.time() - platform.started)
                text = t["updated"].format(n=seconds, t=time.strftime("%H:%M:%S"))
                tick = """<script>
const el = document.getElementById('clock'); let n = 0;
setInterval(() => { n += 1; el.textContent = el.dataset.base.replace('{n}', String(n)); }, 20);
</script>""" if query.get("tick") else ""
                base = html.escape(t["updated"].format(n="{n}", t=time.strftime("%H:%M:%S")))
                self._page(t["hello"], f'<p id="clock" data-base="{base}">{html.escape(text)}</p>'
                                       f'<p><a href="{self._link("/next")}">{t["next"]}</a></p>{tick}')
            else:
                self._send(404, "not found")

        def do_POST(self) -> None:
            platform.log.append(("POST", self.path))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            _, path, _ = self._route()
            if path == "/save":
                self._redirect(self._link("/saved"))
            elif path == "/upload":
                match = re.search(rb'filename="[^"]*"\r\n(?:[^\r\n]*\r\n)*\r\n(.*?)\r\n--', body, re.DOTALL)
                platform.uploads.append(len(match.group(1)) if match else -1)
                self._redirect(self._link("/uploaded"))
            elif path == "/login":
                form = parse_qs(body.decode("utf-8"))
                user = form.get("username", [""])[0]
                if user in ACCOUNTS and form.get("password", [""])[0] == PASSWORD:
                    session = f"{user}.{platform.generation}"
                    self._send(303, "", {"Location": self._link("/start"), "Set-Cookie": f"user={session}; Path=/"})
                else:
                    self._page("Error", "<p role='alert'>Wrong password</p>")
            else:
                self._send(404, "not found")

    return Handler


@contextmanager
def tiny_platform(honours: set[str] | frozenset[str], *, html_lang: bool = True) -> Iterator[TinyPlatform]:
    """Serve a tiny platform on a free 127.0.0.1 port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    platform = TinyPlatform(f"http://127.0.0.1:{server.server_address[1]}", frozenset(honours), html_lang=html_lang)
    server.RequestHandlerClass = _handler(platform)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="tiny-platform",
                              daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
