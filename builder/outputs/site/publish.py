"""Publishing the built site in one step: readers see the last good site or the new one, never a mix.

Sphinx and Pagefind write into a private work folder (``_build/site-work/<lang>/``, kept between
builds so Sphinx's incremental build still writes only what changed). Once every language and
its search index have built, the site is copied into a fresh folder next to the published one
(``_build/.site-<time>-<pid>/``; a file the published site already holds as it is, hard-linked
from there, so a small edit copies little) and ``_build/site`` (a symbolic link) is switched to it with one
``rename``: a ``build`` killed at any moment, or failing, leaves the previous site published,
whole. The folder the link left is removed after the switch (a ``serve`` started earlier follows
the link on every request, so it serves the new site).
"""

from __future__ import annotations

import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path


def work_dir(out: Path) -> Path:
    """Where Sphinx and Pagefind write (private, kept for incremental builds)."""
    return out.parent / f"{out.name}-work"


def _targets(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}-*"))


def publish(out: Path, built: dict[str, Path], files: dict[str, bytes],
            before_switch: Callable[[Path], None] | None = None) -> None:
    """Make ``out`` the site holding ``built`` (``{lang: folder}``), the published site's other
    languages, and ``files`` (top-level files such as the redirect ``index.html``), in one switch.

    ``before_switch`` gets the complete new folder just before the switch (the build's record).
    """
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    nxt = parent / f".{out.name}-{time.time_ns()}-{os.getpid()}"
    nxt.mkdir()
    published = out.resolve() if out.is_dir() else None
    if published is not None:  # the published site's other languages stay published
        for entry in published.iterdir():
            if entry.name not in built and entry.name not in files and entry.is_dir():
                _copy_tree(entry, nxt / entry.name, entry)
    for lang, folder in built.items():
        _copy_tree(folder, nxt / lang, published / lang if published is not None else None)
    for name, data in files.items():
        (nxt / name).write_bytes(data)
        os.chmod(nxt / name, 0o644 & ~_umask())
    os.chmod(nxt, 0o755 & ~_umask())
    previous = os.readlink(out) if out.is_symlink() else None
    if out.exists() and not out.is_symlink():
        # A site published before this scheme: a real folder. Moved aside once (no rename can
        # swap a folder for a link), then removed.
        aside = parent / f".{out.name}-old-{os.getpid()}"
        os.replace(out, aside)
        shutil.rmtree(aside, ignore_errors=True)
    if before_switch is not None:
        before_switch(nxt)
    link = parent / f".{out.name}-link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(nxt.name, link)
    os.replace(link, out)  # the switch: one rename
    for old in _targets(out):
        if old.name != nxt.name and (previous is None or old.name != previous) and "-link-" not in old.name:
            shutil.rmtree(old, ignore_errors=True)  # left by a killed build
    if previous and previous != nxt.name:
        shutil.rmtree(parent / previous, ignore_errors=True)


def _copy_tree(source: Path | str, target: Path | str, published: Path | str | None) -> None:
    """Copy ``source`` into the new folder ``target``; a file the published folder already holds
    as it is in ``source`` (same size and time: ``copy2`` kept the time) is linked there instead.

    Published folders are never written after their switch (Sphinx and Pagefind write the work
    folder, whose files are only ever copied), so a file linked from one is as fixed as a copy,
    and a rebuild after a small edit writes only what the edit changed. Paths are strings here:
    a site has thousands of files, and path objects cost a third of the walk.
    """
    os.makedirs(target, exist_ok=True)
    with os.scandir(source) as entries:
        for entry in entries:
            into = os.path.join(target, entry.name)
            before = os.path.join(published, entry.name) if published is not None else None
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), into)
            elif entry.is_dir():
                _copy_tree(entry.path, into, before)
            elif not (before is not None and _same_file(entry, before) and _linked(before, into)):
                shutil.copy2(entry.path, into)
    shutil.copystat(source, target)


def _same_file(entry: os.DirEntry[str], published: str) -> bool:
    try:
        theirs = os.lstat(published)
    except OSError:
        return False
    ours = entry.stat(follow_symlinks=False)
    return (theirs.st_size == ours.st_size and theirs.st_mtime_ns == ours.st_mtime_ns
            and stat.S_ISREG(theirs.st_mode) and theirs.st_mode == ours.st_mode)


def _linked(published: str, into: str) -> bool:
    try:
        os.link(published, into)
    except OSError:  # a file system without hard links: copied
        return False
    return True


def _umask() -> int:
    from builder.atomicwrite import current_umask

    return current_umask()
