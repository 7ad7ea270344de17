"""Serving Agora with werkzeug's threaded WSGI server, in a thread or as the main process."""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from .app import check_base_url, create_app

#: seconds between two looks of the server at a stop request: a stop (a signal, the end of stdin) takes
#: this long at most (the standard library's 0.5 made every stop of a test's platform half a second)
POLL = 0.05


def build_server(data_dir: Path, *, host: str = "127.0.0.1", port: int = 0,
                 frozen_time: datetime | None = None,
                 base_url: str | None = None) -> BaseWSGIServer:
    """``base_url`` (where users reach Agora) defaults to the address it listens on."""
    if base_url is not None:
        check_base_url(base_url)  # refuse a bad one before binding
    app = create_app(Path(data_dir), frozen_time=frozen_time)
    server = make_server(host, port, app, threaded=True)
    app.config["AGORA_BASE_URL"] = check_base_url(base_url or server_url(server))
    return server


def server_url(server: BaseWSGIServer) -> str:
    host = str(server.server_address[0])
    return f"http://{host}:{server.server_port}"


def serve_in_thread(data_dir: Path, *, port: int = 0, frozen_time: datetime | None = None,
                    base_url: str | None = None) -> tuple[str, Callable[[], None]]:
    """Start Agora on 127.0.0.1 in a daemon thread; returns (listening url, stop)."""
    server = build_server(data_dir, port=port, frozen_time=frozen_time, base_url=base_url)
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), name="agora-server", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

    return server_url(server), stop
