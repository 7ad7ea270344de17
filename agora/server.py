"""Serving Agora with werkzeug's threaded WSGI server, in a thread or as the main process."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from .app import create_app


def build_server(data_dir: Path, *, host: str = "127.0.0.1", port: int = 0,
                 frozen_time: datetime | None = None) -> BaseWSGIServer:
    app = create_app(Path(data_dir), frozen_time=frozen_time)
    return make_server(host, port, app, threaded=True)


def server_url(server: BaseWSGIServer) -> str:
    host = str(server.server_address[0])
    return f"http://{host}:{server.server_port}"


def serve_in_thread(data_dir: Path, *, port: int = 0,
                    frozen_time: datetime | None = None) -> tuple[str, Callable[[], None]]:
    """Start Agora on 127.0.0.1 in a daemon thread; returns (base url, stop)."""
    server = build_server(data_dir, port=port, frozen_time=frozen_time)
    thread = threading.Thread(target=server.serve_forever, name="agora-server", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

    return server_url(server), stop
