"""Atomic file writes: a temp file beside the target, renamed into place.

A reader (or an interrupted run) sees the old file or the new one, never half of
one. The temp file is hidden (leading dot) and removed if the write fails.

The file gets the mode any new file gets (``0666`` less the umask: ``0644`` with the
usual ``022``), not ``mkstemp``'s private ``0600``: what Helpwright writes is published
(the site, the PDFs, screenshots, manifests), and a web server running as another user
must be able to read it.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # elsewhere: set and put back at once
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))
