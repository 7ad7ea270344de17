"""Publishing the built site in one step: readers see the last good site or the new one, never a mix.

Sphinx and Pagefind write into a private work folder (``_build/site-work/<lang>/``, kept between
builds so Sphinx's incremental build still writes only what changed). Once every language and
its search index have built, the site is brought into a folder next to the published one, which
no reader is given, and ``_build/site`` (a symbolic link) is switched to it with one ``rename``: a
``build`` killed at any moment, or failing, leaves the previous site published, whole (a ``serve``
started earlier follows the link on every request, so it serves the new site).

The folder the link left is kept as the next build's (``_build/.site-spare/``, which a build takes
under a name of its own with one rename, so that two builds at once never share it): that build
brings it up to date by replacing only the files that differ, instead of making thousands of
folders and links anew. A file is never written in place, only replaced by a new one, so the two
folders may share the files they hold alike (hard links), and a small edit copies little. A folder
is then written only once the link has left it for a whole build: a reader still inside the site
of two builds ago (an ``rsync`` begun before the last build, still running) would see it change.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path


def work_dir(out: Path) -> Path:
    """Where Sphinx and Pagefind write (private, kept for incremental builds)."""
    return out.parent / f"{out.name}-work"


def publication_entries(out: Path) -> list[Path]:
    """The folders and links publishing ``out`` made beside it (not those of an output named ``<out>-fr``)."""
    mine = re.compile(rf"\.{re.escape(out.name)}-(?:\d+-\d+|spare|link-\d+|old-\d+)")
    return sorted(path for path in out.parent.glob(f".{out.name}-*") if mine.fullmatch(path.name))


def publish(out: Path, built: dict[str, Path], files: dict[str, bytes],
            before_switch: Callable[[Path], None] | None = None) -> None:
    """Make ``out`` the site holding ``built`` (``{lang: folder}``), the published site's other
    languages, and ``files`` (top-level files such as the redirect ``index.html``), in one switch.

    ``before_switch`` gets the complete new folder just before the switch (the build's record).
    """
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    published = out.resolve() if out.is_dir() else None
    if out.exists() and not out.is_symlink():
        # A site published before this scheme: a real folder. Moved aside once (no rename can
        # swap a folder for a link), then removed after the switch.
        published = parent / f".{out.name}-old-{os.getpid()}"
        os.replace(out, published)
    nxt = _next_folder(out, published)
    wanted: dict[str, tuple[Path, Path | None]] = {}
    if published is not None:  # the published site's other languages stay published
        for entry in published.iterdir():
            if entry.name not in built and entry.name not in files and entry.is_dir():
                wanted[entry.name] = (entry, entry)
    for lang, folder in built.items():
        wanted[lang] = (folder, published / lang if published is not None else None)
    with os.scandir(nxt) as entries:
        for gone in [e.path for e in entries if e.name not in wanted and e.name not in files]:
            _remove(gone)
    for name, (source, before) in wanted.items():
        _sync_tree(str(source), str(nxt / name), str(before) if before is not None else None)
    for name, data in files.items():
        _remove(str(nxt / name))  # never written in place: it may be a file the published site holds too
        (nxt / name).write_bytes(data)
        os.chmod(nxt / name, 0o644 & ~_umask())
    os.chmod(nxt, 0o755 & ~_umask())
    if before_switch is not None:
        before_switch(nxt)
    _switch(out, nxt)


def _switch(out: Path, nxt: Path) -> None:
    """Point ``out`` at ``nxt`` with one rename; keep the site it replaced as the spare; remove the rest."""
    parent = out.parent
    link = parent / f".{out.name}-link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(nxt.name, link)
    # what is published now, read here: another build may have switched the link since this one began
    previous = os.readlink(out) if out.is_symlink() else None
    os.replace(link, out)  # the switch: one rename
    spare = _spare(out)
    replaced = parent / Path(previous).name if previous else None
    if replaced is not None and replaced.name != nxt.name and replaced.is_dir() and not replaced.is_symlink():
        _remove(str(spare))  # a spare no build took (another build's, at the same time)
        with contextlib.suppress(OSError):
            os.rename(replaced, spare)  # the site just replaced: the next build brings it up to date
    for old in publication_entries(out):
        if old.name not in (nxt.name, spare.name) and "-link-" not in old.name:
            _remove(str(old))  # left by a killed build, or the folder of a site published before this scheme


def _spare(out: Path) -> Path:
    """Where the site a switch replaced waits for the next build."""
    return out.parent / f".{out.name}-spare"


def _next_folder(out: Path, published: Path | None) -> Path:
    """The folder to publish into, under a name of this build's own: the site the last switch replaced, taken
    by one rename (of builds running at once, one takes it, the others make a folder), else a new one."""
    nxt = out.parent / f".{out.name}-{time.time_ns()}-{os.getpid()}"
    spare = _spare(out)
    if spare.is_dir() and not spare.is_symlink() and spare.resolve() != published:
        try:
            os.rename(spare, nxt)
            return nxt
        except OSError:  # another build took it
            pass
    nxt.mkdir()
    return nxt


def _sync_tree(source: str, target: str, published: str | None) -> None:
    """Make ``target`` hold what ``source`` holds: a file it already holds as it is in ``source`` (same
    size, time and mode: ``copy2`` keeps the time) stays; another is linked from the published folder
    when that one holds it as it is, else copied. What ``source`` does not hold goes.

    Published folders are never written after their switch (Sphinx and Pagefind write the work
    folder, whose files are only ever copied), so a file linked from one is as fixed as a copy,
    and a rebuild after a small edit writes only what the edit changed. Paths are strings here:
    a site has thousands of files, and path objects cost a third of the walk.
    """
    present = _entries(target)
    with os.scandir(source) as entries:
        for entry in entries:
            into = os.path.join(target, entry.name)
            before = os.path.join(published, entry.name) if published is not None else None
            there = present.pop(entry.name, None)
            if entry.is_symlink():
                if there is not None:
                    _remove(into)
                os.symlink(os.readlink(entry.path), into)
            elif entry.is_dir():
                if there is not None and (there.is_symlink() or not there.is_dir()):
                    _remove(into)
                _sync_tree(entry.path, into, before)
            else:
                ours = entry.stat(follow_symlinks=False)
                if there is not None:
                    if _same(ours, there):
                        continue
                    _remove(into)
                if not (before is not None and _same_file(ours, before) and _linked(before, into)):
                    shutil.copy2(entry.path, into)
    for gone in present.values():
        _remove(gone.path)
    if _mode(source) != _mode(target):
        shutil.copymode(source, target)


def _entries(folder: str) -> dict[str, os.DirEntry[str]]:
    """What ``folder`` holds, by name; made first when it is not a folder."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry for entry in entries}
    except NotADirectoryError:
        _remove(folder)
    except FileNotFoundError:
        pass
    os.makedirs(folder)
    return {}


def _mode(path: str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _same(ours: os.stat_result, there: os.DirEntry[str]) -> bool:
    if there.is_symlink() or not there.is_file(follow_symlinks=False):
        return False
    theirs = there.stat(follow_symlinks=False)
    return (theirs.st_size == ours.st_size and theirs.st_mtime_ns == ours.st_mtime_ns
            and theirs.st_mode == ours.st_mode)


def _same_file(ours: os.stat_result, published: str) -> bool:
    try:
        theirs = os.lstat(published)
    except OSError:
        return False
    return (theirs.st_size == ours.st_size and theirs.st_mtime_ns == ours.st_mtime_ns
            and stat.S_ISREG(theirs.st_mode) and theirs.st_mode == ours.st_mode)


def _remove(path: str) -> None:
    """Remove a file, a link or a whole folder, if there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _linked(published: str, into: str) -> bool:
    try:
        os.link(published, into)
    except OSError:  # a file system without hard links: copied
        return False
    return True


def keep_only(folder: str, keep: set[str]) -> None:
    """Remove from ``folder`` every file or link whose path relative to it (POSIX form) is not in ``keep``,
    then the folders left empty (strings: folders of thousands of files)."""
    for top, dirs, files in os.walk(folder, topdown=False):
        inside = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = "" if inside == "." else inside + "/"
        for name in files + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            if prefix + name not in keep:
                os.unlink(os.path.join(top, name))
        if top != folder and not os.listdir(top):
            os.rmdir(top)


def _umask() -> int:
    from builder.atomicwrite import current_umask

    return current_umask()
