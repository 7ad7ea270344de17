"""Serve a request handler on a free 127.0.0.1 port, in a thread, for the duration of a block."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Yields the base URL (``http://127.0.0.1:PORT``); the server stops when the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def send_body(handler: BaseHTTPRequestHandler, body: str, kind: str = "text/html; charset=utf-8") -> None:
    """Answer ``handler``'s request with 200 and ``body`` (UTF-8) of content type ``kind``."""
    data = body.encode("utf-8")
    handler.send_response(200)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
