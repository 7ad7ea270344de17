"""Each content file as the last load read and checked it, kept by its bytes.

Reading a scenario file (composing its YAML with every value's line and column) and checking it
against the model is most of loading a project: 0.55 of 0.82 s for 236 scenarios, paid again by every
command for files that did not change. What that gives for one file depends on nothing but the file's
bytes, where it is, how it is shown and Helpwright's own code: it is kept in ``_build/content-cache.pickle``
under a digest of those, and taken from there while they are the same. The checks across files (ids,
links, guards) still run on every load.

The file is written only where a build already made ``_build`` (``check`` on a fresh project writes
nothing), atomically, and only when something in it changed. Like Sphinx's own environment in
``_build/doctrees``, it is a file Helpwright made and reads back; anything wrong with it (another
Python, a half-written file, another code) is the same as no file at all. ``build --clean`` removes it
before loading.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic

#: where a project keeps it, under ``_build``
CACHE = "content-cache.pickle"
#: a new one makes every kept file unusable
VERSION = 1

_code: str | None = None


def code_key() -> str:
    """A digest of Helpwright's code and of the libraries reading and checking files (once per process)."""
    global _code
    if _code is None:
        import pydantic
        import yaml

        package = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256(f"{VERSION}\0{sys.version}\0{pydantic.VERSION}\0{yaml.__version__}\0"
                                f"{getattr(yaml, '__with_libyaml__', False)}".encode())
        for source in sorted(package.rglob("*.py")):
            digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
        _code = digest.hexdigest()
    return _code


class LoadCache:
    """The kept files of one project; :meth:`get` and :meth:`put` by file, then :meth:`save`."""

    def __init__(self, root: Path) -> None:
        self.path = root / "_build" / CACHE
        self.key = code_key()
        self.old: dict[str, tuple[bytes, bytes]] = {}
        self.new: dict[str, tuple[bytes, bytes]] = {}
        #: what a check of one file alone found, by check, file bytes and what else the check reads
        self.old_checks: dict[str, bytes] = {}
        self.new_checks: dict[str, bytes] = {}
        self._digests: dict[int, bytes] = {}  # the digest of each file loaded, by its located data's identity
        try:
            kept = pickle.loads(self.path.read_bytes())  # a file Helpwright wrote, as Sphinx's environment
            if isinstance(kept, dict) and kept.get("key") == self.key and isinstance(kept.get("files"), dict):
                self.old, self.old_checks = kept["files"], dict(kept.get("checks") or {})
        except Exception:  # noqa: BLE001 - an unreadable cache is no cache
            self.old, self.old_checks = {}, {}

    @staticmethod
    def _name(path: Path, display: str, model: type) -> str:
        return f"{path}\0{display}\0{model.__module__}.{model.__qualname__}"

    def get(self, path: Path, display: str, model: type, raw: bytes) -> Any | None:
        """What loading ``path`` gave when it held ``raw``, or None."""
        name = self._name(path, display, model)
        kept = self.old.get(name)
        if kept is None or kept[0] != hashlib.sha256(raw).digest():
            return None
        try:
            loaded = pickle.loads(kept[1])  # see the module's docstring
        except Exception:  # noqa: BLE001
            return None
        self.new[name] = kept
        self._remember(loaded, kept[0])
        return loaded

    def put(self, path: Path, display: str, model: type, raw: bytes, loaded: Any) -> None:
        try:
            blob = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - what cannot be kept is read again next time
            return
        digest = hashlib.sha256(raw).digest()
        self.new[self._name(path, display, model)] = (digest, blob)
        self._remember(loaded, digest)

    def _remember(self, loaded: Any, digest: bytes) -> None:
        located = loaded[1] if isinstance(loaded, tuple) and len(loaded) == 3 else None
        if located is not None:
            self._digests[id(located)] = digest

    def checked(self, check: str, located: Any, reads: str, problems: list[Any], run: Callable[[], None]) -> None:
        """Run ``run``, a check of the file ``located`` alone that appends to ``problems``, unless the same check
        of the same bytes, path and ``reads`` (what else it depends on) was kept: then its problems are appended."""
        digest = self._digests.get(id(located))
        if digest is None:
            run()
            return
        name = f"{check}\0{located.path}\0{located.display}\0{reads}\0{digest.hex()}"
        kept = self.old_checks.get(name)
        if kept is not None:
            try:
                found = pickle.loads(kept)  # see the module's docstring
            except Exception:  # noqa: BLE001
                found = None
            if isinstance(found, list):
                problems.extend(found)
                self.new_checks[name] = kept
                return
        before = len(problems)
        run()
        self.new_checks[name] = pickle.dumps(problems[before:], protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the files this load read, if any changed, where a build already made ``_build``."""
        if (self.new == self.old and self.new_checks == self.old_checks) or not self.path.parent.is_dir():
            return
        try:
            write_bytes_atomic(self.path, pickle.dumps({"key": self.key, "files": self.new, "checks": self.new_checks},
                                                       protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # a read-only checkout: loading works as without it
            return
        self.old, self.old_checks = self.new, self.new_checks


def forget(root: Path) -> None:
    """Remove the kept files (``build --clean``)."""
    try:
        (root / "_build" / CACHE).unlink(missing_ok=True)
    except OSError:  # `_build` is not a folder: nothing kept there
        pass
