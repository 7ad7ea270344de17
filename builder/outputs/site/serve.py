"""`helpwright serve`: the built site over HTTP on 127.0.0.1, as a web server would publish it.

Search needs a real server (browsers refuse to fetch an index from file://), so the
site is served from a folder, exactly as deployed: optionally under a sub-path
(``--prefix /help/``), which proves that every link and the search index are relative.
Nothing is opened: the URL is printed and the user chooses.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from builder.errors import HelpwrightError


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from the site folder under ``prefix``; no directory listings, no log noise."""

    prefix = "/"

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.split("?", 1)[0].startswith(self.prefix):
            self.send_error(404, "Not found")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix):])

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        self.send_error(404, "Not found")

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser closing a connection early is not worth a traceback


def make_server(site: Path, port: int = 0, prefix: str = "/") -> http.server.ThreadingHTTPServer:
    """A server for ``site`` bound to 127.0.0.1 (port 0: any free port), not yet serving."""
    if not (site / "index.html").is_file():
        raise HelpwrightError(f"{site} holds no built site: run `helpwright build` first")
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("SiteHandler", (_QuietHandler,), {"prefix": prefix})
    try:
        server = _Server(
            ("127.0.0.1", port), functools.partial(handler, directory=str(site)))
    except OSError as exc:
        raise HelpwrightError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; "
                              "choose another --port or 0 for any free one") from exc
    return server


def site_url(server: http.server.ThreadingHTTPServer, prefix: str = "/") -> str:
    host, port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host  # typeshed allows bytes; a TCP server gives str
    path = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    return f"http://{host}:{port}{path}"


def serve_in_thread(site: Path, port: int = 0, prefix: str = "/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving in a daemon thread (for tests and tools): ``(server, url)``; ``server.shutdown()``
    stops it within a twentieth of a second."""
    server = make_server(site, port, prefix)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, site_url(server, prefix)
