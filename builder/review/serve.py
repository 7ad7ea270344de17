"""``helpwright review --serve``: the gallery on 127.0.0.1, writing the decisions made in it.

``GET /`` renders the gallery afresh (decided steps are gone after a reload);
``POST /api/decide`` takes ``{"decisions": [{"key": "fr/write-blog-post/05.png",
"decision": "approved"}]}`` and applies each in turn. The page sends a random token,
generated per server, in an ``X-Helpwright-Token`` header: a page from another site
can neither read the token nor send that header without a CORS preflight, which this
server never answers, so only the gallery itself can write.

It answers only requests addressed to ``127.0.0.1:PORT`` or ``localhost:PORT`` (a DNS
rebinding page names its own host in ``Host``), forbids framing (``X-Frame-Options: DENY``,
``frame-ancestors 'none'``), and answers a malformed request with 400, never a traceback.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from builder.errors import HelpwrightError

MAX_BODY = 1024 * 1024


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int = 0, *, ui_lang: str | None = None,
                 languages: list[str] | None = None, log: Callable[[str], None] | None = None) -> None:
        self.root, self.ui_lang, self.languages = Path(root), ui_lang, languages
        self.token = secrets.token_urlsafe(24)
        self.lock = threading.Lock()
        self.log = log
        super().__init__(("127.0.0.1", port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints a traceback; a broken connection is worth one line at most.
        import sys

        error = sys.exc_info()[1]
        if self.log and error is not None and not isinstance(error, (ConnectionError, TimeoutError)):
            self.log(f"review server: request from {client_address[0]} dropped ({type(error).__name__})")

    def host_allowed(self, host: str | None) -> bool:
        """Whether a request's ``Host`` names this server (and no other site's name)."""
        port = self.server_address[1]
        return (host or "").strip().lower() in (f"127.0.0.1:{port}", f"localhost:{port}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def apply(self, decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from builder.review.decide import decide, from_key

        shots = self.root / "screenshots"
        results = []
        with self.lock:  # one decision at a time: each rewrites manifest.json and approvals.json
            for item in decisions:
                key, decision = str(item.get("key")), str(item.get("decision"))
                try:
                    step = from_key(shots, key)
                    decide(self.root, step, decision)
                    results.append({"key": key, "ok": True})
                    if self.log:
                        self.log(f"{decision} {step.label} ({step.file})")
                except HelpwrightError as exc:
                    results.append({"key": key, "ok": False, "error": str(exc)})
                except (ValueError, OSError):  # a key no file can have (a NUL byte, too long)
                    results.append({"key": key, "ok": False, "error": "no pending image has this key"})
        return results


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows decisions, not every request

    def end_headers(self) -> None:
        # Every answer, errors included: the gallery may not be framed by another page.
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _addressed_here(self) -> bool:
        if self.server.host_allowed(self.headers.get("Host")):
            return True
        self._json(400, {"error": "this server answers only http://127.0.0.1:PORT/ or http://localhost:PORT/"})
        return False

    def do_GET(self) -> None:
        if not self._addressed_here():
            return
        if self.path.split("?")[0] in ("/", "/index.html"):
            from builder.review.gallery import render_gallery

            try:
                page, _count = render_gallery(self.server.root, ui_lang=self.server.ui_lang,
                                              languages=self.server.languages, token=self.server.token)
            except HelpwrightError as exc:  # a tampered pending.json, say: the page says what to fix
                self._json(500, {"error": str(exc)})
                return
            self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        if not self._addressed_here():
            return
        if self.path != "/api/decide":
            self._json(404, {"error": "not found"})
            return
        sent = self.headers.get("X-Helpwright-Token", "").encode("utf-8", "surrogateescape")
        if not secrets.compare_digest(sent, self.server.token.encode("ascii")):
            self._json(403, {"error": "this page may not write decisions: reload it from the review server"})
            return
        length = parse_length(self.headers.get("Content-Length"))
        if length is None or length <= 0 or length > MAX_BODY:
            self._json(400, {"error": "Content-Length must be a number of bytes, at most 1 MB"})
            return
        decisions = parse_decisions(self.rfile.read(length))
        if decisions is None:
            self._json(400, {"error": "expected {\"decisions\": [{\"key\": …, \"decision\": …}]}"})
            return
        self._json(200, {"results": self.server.apply(decisions)})


def parse_length(value: str | None) -> int | None:
    """A Content-Length header as a number of bytes; None when it is not one."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


def parse_decisions(body: bytes) -> list[dict[str, Any]] | None:
    """The decisions a POST body holds (mappings only); None when it is not `{"decisions": […]}`."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past Python's limit
        return None
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        return None
    return [d for d in data["decisions"] if isinstance(d, dict)]
