"""``helpwright review --serve``: the gallery on 127.0.0.1, writing the decisions made in it.

``GET /`` renders the gallery afresh (decided steps are gone after a reload);
``POST /api/decide`` takes ``{"decisions": [{"key": "fr/write-blog-post/05.png",
"decision": "approved"}]}`` and applies each in turn. The page sends a random token,
generated per server, in an ``X-Helpwright-Token`` header: a page from another site
can neither read the token nor send that header without a CORS preflight, which this
server never answers, so only the gallery itself can write.
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
        return results


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer

    def log_message(self, format: str, *args: Any) -> None:
        return  # the terminal shows decisions, not every request

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def do_GET(self) -> None:
        if self.path.split("?")[0] in ("/", "/index.html"):
            from builder.review.gallery import render_gallery

            page, _count = render_gallery(self.server.root, ui_lang=self.server.ui_lang,
                                          languages=self.server.languages, token=self.server.token)
            self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path != "/api/decide":
            self._json(404, {"error": "not found"})
            return
        if not secrets.compare_digest(self.headers.get("X-Helpwright-Token", ""), self.server.token):
            self._json(403, {"error": "this page may not write decisions: reload it from the review server"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            self._json(400, {"error": "empty or oversized request"})
            return
        try:
            data = json.loads(self.rfile.read(length))
            decisions = data["decisions"]
            assert isinstance(decisions, list)
        except (ValueError, KeyError, TypeError, AssertionError):
            self._json(400, {"error": "expected {\"decisions\": [{\"key\": …, \"decision\": …}]}"})
            return
        self._json(200, {"results": self.server.apply([d for d in decisions if isinstance(d, dict)])})
