"""What the help site is made from, and the record of the last good build: a no-op build in a blink.

`helpwright build` hashes every file that can change the published site (content, screenshots
with their manifests, approvals and pending reviews, the capture report and run log that drive
the pages' notices, the project's ``conf.py``, ``*.py`` beside it and ``templates/``, the
click-through demos and handout PDFs the site copies, the whole Helpwright package with its
templates and catalogs, the versions of Sphinx and the libraries behind it, and the build's
options). When a build publishes, the hashes are recorded in ``_build/site-inputs.json`` with
a fingerprint of the site it publishes (the folder's name, every file's path, size and time). The next
``build`` hashes again, before loading the project: when nothing differs and the published
site is the one recorded, there is nothing to do, and neither the content nor Sphinx nor
Pagefind is loaded. The content is not checked again either: its bytes are the ones the
recorded build checked. Hashing reads only the files changed since the last time: each file's
hash is kept with its status in ``_build/input-hashes.json`` (:class:`_Hashes`).

When in doubt a file is an input: a needless rebuild costs seconds, a stale site is a false
pass. This module imports nothing heavy, so the no-op costs little more than hashing.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_text_atomic
from builder.layout import PACKAGE_TEMPLATES, build_dir, demos_dir, handouts_dir

#: bumped when the record's meaning changes: an older record is then ignored
RECORD_VERSION = 1

#: the libraries whose version changes the pages (their markup, the search bundle, the images)
LIBRARIES = ("helpwright", "sphinx", "docutils", "myst-parser", "furo", "pagefind", "pagefind-bin",
             "jinja2", "pygments", "pillow", "markupsafe")

#: the project's folders that are inputs, whole
PROJECT_FOLDERS = ("content", "screenshots", "templates")

#: the hashes of the inputs as last read, with each file's status (:class:`_Hashes`), under ``_build/``
HASHES = "input-hashes.json"

#: bumped when the meaning of :data:`HASHES` changes: an older one is then ignored
HASHES_VERSION = 1

#: the files under ``_build/`` a site build reads (besides the demos and handouts folders)
BUILD_FILES = ("capture-report.json", "capture-log.jsonl")

PACKAGE = PACKAGE_TEMPLATES.parent


def record_path(root: Path) -> Path:
    return build_dir(root) / "site-inputs.json"


def _walk(folder: Path | str) -> Iterator[tuple[str, str]]:
    """(path relative to ``folder`` in POSIX form, full path) of every file under ``folder``, links
    followed (once each: a link cycle ends), sorted. Strings, not path objects: a site has thousands
    of files, and path objects cost most of the walk."""
    seen: set[tuple[int, int]] = set()
    top_len = len(os.path.join(str(folder), ""))
    for top, dirs, files in os.walk(folder, followlinks=True):
        try:
            info = os.stat(top)
            real = (info.st_dev, info.st_ino)  # the folder itself, however reached: one call, not one per part
        except OSError:
            continue
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        inside = top[top_len:].replace(os.sep, "/")
        for name in sorted(files):
            yield (f"{inside}/{name}" if inside else name), os.path.join(top, name)


def file_status(st: os.stat_result) -> list[int]:
    """What changes when a file is written, renamed over or touched (size, times, inode, device), as
    git's index keeps it: the key under which a file's hash, or what was made from it, is kept."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _digest(handle: io.BufferedReader) -> str:
    """The hash of an open file's bytes, as the record keeps it."""
    return hashlib.file_digest(handle, "sha256").hexdigest()[:32]


class _Hashes:
    """File hashes, kept in ``_build/input-hashes.json`` with each file's status (size, times, inode,
    device) so the next build reads only the files that changed, as git's index does.

    On a local POSIX file system a write changes a file's ctime, which no tool can set back, and a
    replacement changes its inode: a file with the same status has the same bytes, with one
    exception, a write within the same tick of the file system's clock as the status was read. So a
    hash is kept only for a file whose times are :data:`SETTLED_NS` older than the moment hashing
    began; a file written more recently is hashed again next time (git's "racily clean" entries).
    The status is read from the file opened (an open makes a network file system check it with its
    server), and the bytes hashed are that file's. Where the change time is not a change time (some
    FUSE and FAT file systems make it the modification time, Windows the creation time), a rewrite
    of the same size that puts the old modification time back would go unseen: build with
    ``--clean`` after such a copy there.
    """

    #: how old a file's last change must be for its hash to be kept (far above any clock tick, and
    #: above FAT's two-second times)
    SETTLED_NS = 3_000_000_000

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.now = time.time_ns()
        self.known: dict[str, Any] = {}
        self.seen: dict[str, list[Any]] = {}
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("version") == HASHES_VERSION and isinstance(data.get("files"), dict):
                self.known = data["files"]
        except (OSError, ValueError, AttributeError):
            pass  # no cache, or one damaged: hash everything

    def __call__(self, path: str) -> str:
        try:
            with open(path, "rb") as handle:
                st = os.fstat(handle.fileno())
                status = file_status(st)
                known = self.known.get(path)
                reuse = isinstance(known, list) and len(known) == 6 and known[:-1] == status \
                    and isinstance(known[-1], str)
                digest = known[-1] if reuse else _digest(handle)  # type: ignore[index]
        except OSError as exc:  # a dangling link, a file removed while walking: still a difference
            return f"unreadable:{exc.errno}"
        if max(st.st_mtime_ns, st.st_ctime_ns) < self.now - self.SETTLED_NS:
            self.seen[path] = [*status, digest]
        return digest

    def save(self) -> None:
        """Keep the hashes of the files seen this time (only those: a removed file is forgotten)."""
        if self.seen == self.known:
            return
        try:
            write_text_atomic(self.cache, json.dumps({"version": HASHES_VERSION, "files": self.seen},
                                                     separators=(",", ":")))
        except OSError:
            pass  # `_build` not writable: the build says so where it writes; hashing again is only slower


def _hash_tree(folder: Path, shown: str, into: dict[str, str], hashes: _Hashes) -> None:
    if not folder.is_dir():
        return
    for relative, path in _walk(folder):
        into[f"{shown}/{relative}"] = hashes(path)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": sys.version}
    for name in LIBRARIES:
        try:
            found[f"version:{name}"] = version(name)
        except PackageNotFoundError:
            found[f"version:{name}"] = "absent"
    return found


def site_inputs(root: Path, languages: list[str] | None, out: Path) -> dict[str, str]:
    """``{input: hash}`` for everything that can change the site built from ``root`` into ``out``."""
    root = root.resolve()
    found: dict[str, str] = {
        "option:languages": ",".join(sorted(set(languages))) if languages else "(all)",
        "option:out": str(out.absolute()),
        **_versions(),
    }
    build = build_dir(root)
    hashes = _Hashes(build / HASHES)
    for name in PROJECT_FOLDERS:
        _hash_tree(root / name, name, found, hashes)
    for path in sorted(root.glob("*.py")):  # conf.py and what it may import beside it
        found[path.name] = hashes(str(path))
    _hash_tree(demos_dir(root), "_build/demos", found, hashes)
    _hash_tree(handouts_dir(root), "_build/handouts", found, hashes)
    for name in BUILD_FILES:
        if (build / name).is_file():
            found[f"_build/{name}"] = hashes(str(build / name))
            # its time too: a page's state compares it with the capture's (a failure older than the capture
            # published after it is past), and a run failing the same way again writes the same bytes
            found[f"_build/{name}:time"] = str((build / name).stat().st_mtime_ns)
    _hash_tree(PACKAGE, "helpwright", found, hashes)
    if build.is_dir():
        hashes.save()
    return found


def site_fingerprint(out: Path) -> str | None:
    """The published site as it is now (link target, every file's path, size and time); None without one."""
    if not out.is_dir():
        return None
    return folder_fingerprint(out, os.readlink(out) if out.is_symlink() else "(folder)")


def folder_fingerprint(folder: Path, link: str) -> str | None:
    """What :func:`site_fingerprint` will say once ``_build/site`` links to ``folder`` under the name ``link``."""
    digest = hashlib.sha256(link.encode())
    for relative, path in _walk(folder):
        try:
            stat = os.stat(path)
        except OSError:
            return None
        digest.update(f"\0{relative}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


@dataclass
class Record:
    """The last good build: its inputs, the site it published, and what `--strict` said of it."""

    inputs: dict[str, str]
    site: str
    languages: list[str]
    built: str
    #: the located lines of the pages `build --strict` fails on
    strict: list[str] = field(default_factory=list)


def read_record(root: Path) -> Record | None:
    try:
        data = json.loads(record_path(root).read_text(encoding="utf-8"))
        if data.get("version") != RECORD_VERSION:
            return None
        return Record(inputs=dict(data["inputs"]), site=str(data["site"]), languages=list(data["languages"]),
                      built=str(data["built"]), strict=list(data.get("strict", [])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no record, or one damaged: build


def write_record(root: Path, inputs: dict[str, str], site: str | None, languages: list[str],
                 strict: list[str]) -> None:
    """Record the site built from ``inputs`` (written atomically).

    ``site`` is the fingerprint of the folder about to be published, under its link name: the
    record is written just before the switch, so a build killed in between leaves a record
    that names a site not published, which the next build does not take for done.
    """
    if site is None:
        return
    built = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    data: dict[str, Any] = {"version": RECORD_VERSION, "built": built, "languages": languages, "site": site,
                            "strict": strict, "inputs": inputs}
    write_text_atomic(record_path(root), json.dumps(data, indent=0, sort_keys=True) + "\n")


def forget_record(root: Path) -> None:
    """Remove the record as a build starts (belt and braces: a record only ever matches the site it names)."""
    try:
        record_path(root).unlink(missing_ok=True)
    except OSError:  # `_build` is not a folder, or not writable: the build says so where it writes
        pass


def changed_inputs(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The inputs added, removed or changed, sorted."""
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def unchanged_build(root: Path, languages: list[str] | None, out: Path | None) -> Record | None:
    """The record of the last build when building again would change nothing, else None."""
    return compare_build(root, languages, out)[0]


def compare_build(root: Path, languages: list[str] | None,
                  out: Path | None) -> tuple[Record | None, dict[str, str] | None]:
    """(the record when building again would change nothing, else None; the inputs when hashed).

    The inputs hashed here are the ones a build that follows records: hashed before it reads
    anything, they can only be older than what it reads, and an older hash makes the next
    build build again, never skip.
    """
    root = root.resolve()
    record = read_record(root)
    if record is None:
        return None, None
    out = Path(out).absolute() if out else build_dir(root) / "site"
    if site_fingerprint(out) != record.site:  # missing, or changed since it was published
        return None, None
    inputs = site_inputs(root, languages, out)
    return (record if record.inputs == inputs else None), inputs
