"""Folders owned by a running process: marked with their owner, removed once it is gone.

A run may be killed (``kill -9``, a closed terminal) before it removes what it made. So
each folder a run makes for itself names its owner: the PID in the folder's name from the
start (no other run ever sees it without an owner), and an ``owner`` file with the PID and
the process's start time (PIDs are reused). A later run removes the folders whose owner is
gone and leaves alone those of runs still going, in this process or another.

Temp folders are ``$TMPDIR/helpwright-<kind>-<pid>-*`` (:func:`owned_tempdir`); every new
one first sweeps away the stale ones of every kind, so any run cleans up after any other.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.atomicwrite import write_bytes_atomic

OWNER = "owner"
TEMP_PREFIX = "helpwright-"
#: ``helpwright-<kind>-<pid>-<random>``
_OWNED_TEMP = re.compile(r"helpwright-[a-z]+-(\d+)-")
#: a folder with no owner recorded (an older Helpwright) is stale once untouched this long
UNOWNED_GRACE_SECONDS = 600


def make_owned_dir(prefix: str, parent: Path | None = None) -> Path:
    """A new folder ``<parent>/<prefix><pid>-<random>`` marked with this process as its owner."""
    pid = os.getpid()
    folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{pid}-", dir=parent))
    write_bytes_atomic(folder / OWNER, f"{pid} {started(pid) or ''}".strip().encode())
    return folder


def pid_in(name: str, prefix: str) -> int | None:
    """The owner's PID in a name made by :func:`make_owned_dir` with ``prefix``, None in an older name."""
    text = name.removeprefix(prefix).partition("-")[0] if name.startswith(prefix) else ""
    return int(text) if text.isdigit() else None


def started(pid: int) -> str | None:
    """When a process started (clock ticks since boot, from /proc), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False  # 0 would signal our own process group
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's process
    except (OSError, OverflowError):
        return False
    return True


def owner_alive(folder: Path, pid: int | None) -> bool:
    """Whether the run that made ``folder`` (its PID read from the name) may still be using it."""
    if pid is None:
        # An older layout: no owner recorded. Its run ended long ago, or it is still starting.
        try:
            return time.time() - folder.stat().st_mtime < UNOWNED_GRACE_SECONDS
        except OSError:
            return False
    if not _alive(pid):
        return False
    try:
        recorded = (folder / OWNER).read_text(encoding="utf-8").split()
    except OSError:
        return True  # the owner is alive and has not written its mark yet
    now = started(pid)
    return not (len(recorded) > 1 and now is not None and recorded[1] != now)


def is_stale(entry: Path, pid: int | None) -> bool:
    """True for an entry of this user (not a symlink) whose owner is gone."""
    try:
        mine = not hasattr(os, "getuid") or entry.lstat().st_uid == os.getuid()
        return mine and not entry.is_symlink() and not owner_alive(entry, pid)
    except OSError:
        return False  # gone already


def remove(entry: Path) -> bool:
    """Delete a folder or file; False when it was gone already or not ours to remove."""
    try:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    except OSError:
        return False
    return True


def remove_stale_temp(tmp: Path | None = None, *, unowned: tuple[str, ...] = ()) -> list[Path]:
    """Delete the ``helpwright-<kind>-<pid>-*`` temp folders of runs that are gone; return them.

    ``unowned``: name prefixes of an older layout with no PID, judged by age. A folder
    whose owner is still running, or of another user, is left alone.
    """
    tmp = Path(tmp or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = sorted(tmp.glob(TEMP_PREFIX + "*"))
    except OSError:
        return removed
    for entry in entries:
        match = _OWNED_TEMP.match(entry.name)
        if match is None and not (unowned and entry.name.startswith(unowned)):
            continue  # not made by make_owned_dir: someone else's
        if is_stale(entry, int(match.group(1)) if match else None) and remove(entry):
            removed.append(entry)
    return removed


@contextmanager
def owned_tempdir(kind: str, parent: Path | None = None) -> Iterator[Path]:
    """``$TMPDIR/helpwright-<kind>-<pid>-*`` (or in ``parent``) for the duration of the block, stale ones
    removed first."""
    remove_stale_temp()
    if parent is not None and Path(parent) != Path(tempfile.gettempdir()):
        remove_stale_temp(parent)
    folder = make_owned_dir(f"{TEMP_PREFIX}{kind}-", parent)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
