"""``python -m agora``: run the demo platform on 127.0.0.1.

Prints exactly one line, ``Agora listening on http://127.0.0.1:PORT``, once it accepts requests.
The seeded users' password comes from AGORA_DEMO_PASSWORD (default ``agora-demo-2026``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import FrameType

from .app import check_base_url
from .db import db_path
from .seed import demo_password, reset
from .server import POLL, build_server, server_url


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m agora", description="Run the Agora demo platform.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default)")
    parser.add_argument("--data-dir", type=Path, help="database and uploads (default: a temp dir)")
    parser.add_argument("--reset", action="store_true", help="restore the seeded demo data first")
    parser.add_argument("--frozen-clock", type=datetime.fromisoformat, metavar="ISO",
                        help="freeze the clock, e.g. 2026-03-02T09:30:00")
    parser.add_argument("--base-url", metavar="URL",
                        help="public address that e-mailed links start with, e.g. "
                             "https://agora.example.org (default: the listening address)")
    parser.add_argument("--stop-on-stdin-eof", action="store_true",
                        help="stop when standard input ends: a parent holding the other end of a pipe "
                             "stops this server by exiting, even when it is killed")
    args = parser.parse_args(argv)
    if args.base_url is not None:
        try:
            args.base_url = check_base_url(args.base_url)
        except ValueError as exc:
            parser.error(f"--base-url: {exc}")
    return args


def watch_stdin(stop: Callable[[], None]) -> None:
    """Call ``stop`` once standard input reaches its end (nothing is expected on it).

    The kernel closes a dead process's pipes, whatever killed it, so the parent's
    death is seen here even after a ``kill -9`` (unlike a signal handler, or a
    parent-death signal, which Linux ties to the thread that started the child).

    It reads the file descriptor itself, not ``sys.stdin``: a daemon thread blocked in a buffered
    read holds that buffer's lock, and Python's exit then waits a second for it and aborts
    ("could not acquire lock for <stdin> at interpreter shutdown").
    """
    def watch() -> None:
        try:
            fd = sys.stdin.fileno()
            while os.read(fd, 4096):
                pass
        except (OSError, ValueError):
            pass
        stop()

    threading.Thread(target=watch, name="stdin-watchdog", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = args.data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="agora-")) if temporary else args.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.reset or not db_path(data_dir).exists():
        reset(data_dir, demo_password())
    server = build_server(data_dir, host=args.host, port=args.port, frozen_time=args.frozen_clock,
                          base_url=args.base_url)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever to return, so it must run off the serving thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.stop_on_stdin_eof:
        watch_stdin(server.shutdown)
    print(f"Agora listening on {server_url(server)}", flush=True)
    try:
        server.serve_forever(poll_interval=POLL)
    finally:
        server.server_close()
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
