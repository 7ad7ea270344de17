"""A tiny platform on 127.0.0.1 whose interface language is a profile setting, with one half-translated page.

The language comes from the ``ui`` cookie (French by default). ``/start`` shows a
``Déconnexion``/``Log out`` link (the language's marker), a link to the profile and a
link to ``/half``: a page whose ``<html lang="fr">`` says French over an interface left
in English. ``/profile`` sets the language the way a real account setting does: its
form posts the choice, the answer sets the cookie and redirects to ``/start``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from tests.localserver import serving

WORDS = {
    "fr": {"hello": "Bonjour", "logout": "Déconnexion", "profile": "Profil", "half": "Page mal traduite",
           "language": "Langue", "save": "Enregistrer"},
    "en": {"hello": "Hello", "logout": "Log out", "profile": "Profile", "half": "Half-translated page",
           "language": "Language", "save": "Save"},
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *_args: Any) -> None:
        pass

    def _lang(self) -> str:
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "ui" and value in WORDS:
                return value
        return "fr"

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _page(self, html_lang: str, words: dict[str, str], body: str) -> None:
        self._send(200, f"""<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">
<title>{words['hello']}</title><style>body {{ font: 16px sans-serif; margin: 24px; }}</style></head>
<body><nav><a href="/logout">{words['logout']}</a> · <a href="/profile">{words['profile']}</a> ·
<a href="/half">{words['half']}</a></nav><h1>{words['hello']}</h1>{body}</body></html>""")

    def do_GET(self) -> None:
        lang = self._lang()
        words = WORDS[lang]
        if self.path == "/half":
            self._page("fr", WORDS["en"], "<p>Most of this page was never translated.</p>")
        elif self.path == "/profile":
            options = "".join(f'<option value="{code}"{" selected" if code == lang else ""}>'
                              f'{"Français" if code == "fr" else "English"}</option>' for code in WORDS)
            self._page(lang, words, f"""<form method="post" action="/profile">
<label>{words['language']} <select name="ui">{options}</select></label>
<button type="submit">{words['save']}</button></form>""")
        elif self.path in ("/start", "/logout"):
            self._page(lang, words, "<p>…</p>")
        else:
            self._send(404, "not found")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        chosen = parse_qs(self.rfile.read(length).decode("utf-8")).get("ui", ["fr"])[0]
        self._send(303, "", {"Location": "/start", "Set-Cookie": f"ui={chosen}; Path=/"})


def tiny_language() -> AbstractContextManager[str]:
    """Serve the platform on a free loopback port; yields its URL."""
    return serving(_Handler)
