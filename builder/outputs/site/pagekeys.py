"""Which scenario pages need rendering again: each page's inputs, from the build's hash of every input.

Rendering every scenario page to find the one an edit changed is most of staging a language (0.4 of 0.5 s
at 236 scenarios). A scenario page is made of its own scenario file, its own screenshots (and what
capture recorded in their folder), its own click-through demo, and of what every page shares: the
platform, glossary, catalogs, templates, ``conf.py``, the capture log, Helpwright's code and the
libraries' versions (every other input, as ``inputs.py`` hashes them), the list of scenario ids (its
prerequisites and related pages are shown only when they exist) and the audiences all scenarios name
(the templates are given them), and the working folder (a page's check names its file as seen from
there). A page's key is a digest of those; a scenario whose key and staged page are as the last build
left them is not looked at again: its page is not rendered, its check (:mod:`builder.shots.drift`, made
of the same inputs) is the one recorded, and its published images are those the images' record holds,
as long as their files are there.

The record (``_build/src/.pages-<lang>.json``) holds each page's key, its staged file's size and time,
and its check: a staged file changed by anything else is rendered again. It is written after the pages:
a build killed before it leaves no record, and the next build looks at every scenario again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_text_atomic
from builder.layout import scenario_source
from builder.shots.drift import PageCheck

#: a new one makes every recorded key unusable
VERSION = 2


def page_keys(scenario_files: dict[str, str], inputs: dict[str, str], lang: str,
              audiences: Iterable[str]) -> dict[str, str]:
    """``{"scenarios/<id>.md": key}`` for each scenario; ``scenario_files`` maps each scenario's file (as the
    inputs name it, relative to the project) to its id."""
    ids = set(scenario_files.values())
    own: dict[str, list[str]] = {sid: [] for sid in ids}
    # the working folder: a page's check names its file as seen from there
    shared = [f"{VERSION}\0{lang}\0{sorted(ids)}\0{list(audiences)}\0{os.getcwd()}"]
    for name, digest in sorted(inputs.items()):
        sid = _owner(name, scenario_files, ids)
        (own[sid] if sid is not None else shared).append(f"{name}\0{digest}")
    common = hashlib.sha256("\n".join(shared).encode("utf-8", "surrogatepass")).hexdigest()
    return {scenario_source(sid): hashlib.sha256(
        "\n".join([common, *parts]).encode("utf-8", "surrogatepass")).hexdigest() for sid, parts in own.items()}


def _owner(name: str, scenario_files: dict[str, str], ids: set[str]) -> str | None:
    """The scenario an input belongs to alone, or None when every page may show it."""
    if name.startswith("content/scenarios/"):
        return scenario_files.get(name)
    parts = name.split("/")
    if parts[0] == "screenshots" and len(parts) >= 4 and not parts[1].startswith(".") and parts[2] in ids:
        return parts[2]  # screenshots/<language>/<id>/…
    if name.startswith("_build/demos/") and len(parts) == 4 and parts[3].removesuffix(".html") in ids:
        return parts[3].removesuffix(".html")  # _build/demos/<language>/<id>.html
    return None


class PageRecord:
    """The keys of the scenario pages one language's last build staged, with their files' sizes and times."""

    def __init__(self, path: Path, src: Path, keys: dict[str, str]) -> None:
        self.path, self.src, self.keys = path, src, keys
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            self.old: dict[str, Any] = kept["pages"] if kept.get("version") == VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.old = {}

    def unchanged(self, rel: str) -> bool:
        """Whether the page ``rel`` is staged as the last build left it, from the same inputs."""
        kept, key = self.old.get(rel), self.keys.get(rel)
        if key is None or not isinstance(kept, list) or len(kept) != 4 or kept[0] != key:
            return False
        try:
            stat = os.stat(self.src / rel)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == kept[1:3]

    def check(self, rel: str) -> PageCheck | None:
        """The page's check (:mod:`builder.shots.drift`) as the last build found it: the same inputs give it."""
        kept = self.old.get(rel)
        found = kept[3] if isinstance(kept, list) and len(kept) == 4 else None
        return PageCheck(**found) if isinstance(found, dict) else None

    def save(self, checks: dict[str, PageCheck]) -> None:
        """Record every keyed page as it is staged now, with its check (``checks``, by page)."""
        pages = {}
        for rel, key in self.keys.items():
            try:
                stat = os.stat(self.src / rel)
            except OSError:
                continue
            check = checks.get(rel)
            pages[rel] = [key, stat.st_size, stat.st_mtime_ns, asdict(check) if check is not None else None]
        write_text_atomic(self.path, json.dumps({"version": VERSION, "pages": pages}, sort_keys=True))


def forget(path: Path) -> None:
    path.unlink(missing_ok=True)
