"""The site's search index: Pagefind, run over each language's built HTML.

Pagefind reads ``<html lang>`` and indexes each language with its Snowball stemmer
and accent folding, so "connecter" finds "connexion" and "desinscrire" finds
"désinscrire". Only the article body is indexed (``data-pagefind-body`` in the page
template); the search page itself (``search.html``) is a small script over the index.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_text_atomic
from builder.errors import BuildError
from builder.outputs.site.publish import keep_only


class Indexing:
    """Pagefind indexing one language's site, started by :func:`start_index`; :meth:`wait` for it.

    Languages index while the next language's Sphinx runs: each is its own process.
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        self.bodies = site.parent / f".search-{site.name}"
        # Pagefind adds to a bundle folder and never removes: it writes a new one, settled in place by wait().
        self.bundle = site.parent / f".pagefind-{site.name}"
        shutil.rmtree(self.bundle, ignore_errors=True)
        where = ["--site", str(self.bodies if write_bodies(site, self.bodies) else site),
                 "--output-path", str(self.bundle)]
        cmd = [*_pagefind(), *where, "--silent",
               "--exclude-selectors", ".headerlink, .hw-lang-switch, .hw-shot-placeholder, .hw-meta"]
        try:
            # Only a prctl call resolved beforehand runs in the child: no lock another thread may hold.
            self.process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                            preexec_fn=die_with_parent())  # noqa: PLW1509
        except OSError as exc:
            raise _failed(site, str(exc)) from exc

    def wait(self) -> None:
        try:
            out, err = self.process.communicate(timeout=600)
        except subprocess.TimeoutExpired as exc:
            self.process.kill()
            self.process.communicate()
            raise _failed(self.site, str(exc)) from exc
        if self.process.returncode != 0:
            tail = (err or out).strip().splitlines()[-3:]
            raise BuildError(f"the search index of {self.site} could not be built: "
                             f"{' '.join(tail) or 'pagefind failed'}; reinstall with `make setup` (it provides pagefind)")
        settle(self.bundle, self.site / "pagefind")

    def stop(self) -> None:
        """End the indexing (a build that failed elsewhere)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.bundle, ignore_errors=True)


def settle(new: Path, final: Path) -> None:
    """Make ``final`` hold the bundle Pagefind wrote into ``new``, keeping each file whose bytes are the same
    (with its time: publishing then links it from the site already published instead of copying it).

    Most of a bundle is the same after an edit of one page (the fragments of the others, the scripts);
    ``new`` is gone afterwards. ``final`` is in the private work folder: a build killed meanwhile leaves it
    to the next build, which writes and settles a whole bundle again.
    """
    new_text, final_text = str(new), str(final)
    made: set[str] = set()
    for top, _dirs, files in os.walk(new_text):
        inside = os.path.relpath(top, new_text).replace(os.sep, "/")
        prefix = "" if inside == "." else inside + "/"
        into = os.path.normpath(os.path.join(final_text, inside))
        if os.path.lexists(into) and not os.path.isdir(into) or os.path.islink(into):
            os.unlink(into)
        os.makedirs(into, exist_ok=True)
        for name in files:
            made.add(prefix + name)
            source, target = os.path.join(top, name), os.path.join(into, name)
            if not _same_bytes(source, target):
                if os.path.isdir(target) and not os.path.islink(target):
                    shutil.rmtree(target)
                os.replace(source, target)
    keep_only(final_text, made)
    shutil.rmtree(new_text, ignore_errors=True)


def _same_bytes(one: str, other: str) -> bool:
    """Whether two files hold the same bytes (False when either is not a readable file)."""
    try:
        if os.path.islink(other) or os.path.getsize(one) != os.path.getsize(other):
            return False
        with open(one, "rb") as first, open(other, "rb") as second:
            return first.read() == second.read()
    except OSError:
        return False


#: where the page template ends the part of a page that search indexes (``data-pagefind-body``)
BODY_END = "<!--hw-search-body-end-->"
BODY_START = "<div data-pagefind-body>"


def write_bodies(site: Path, into: Path) -> bool:
    """Write into ``into`` each page of ``site`` cut down to what Pagefind reads of it: its ``<html>``
    tag (the language), its title and the indexed part (``data-pagefind-body``, up to :data:`BODY_END`).

    Every page repeats the whole navigation, most of its bytes: Pagefind parses a third as much and
    writes the same bundle. False (nothing to use) when a page does not have the page template's
    shape (its indexed part ending with the marker; outside it, no other ``data-pagefind-`` attribute,
    no ``<h1>`` before it, no ``<img>`` after it), or when no page has an indexed part (a project's
    own template): then Pagefind reads the pages as they are.

    ``into`` is kept between builds with a record of each page's size and time when it was cut
    (``<into>.json``): a page Sphinx did not write again is not read again, and any other file in
    ``into`` (a page gone) goes. An edit of one page reads one page, not the site's hundreds.
    """
    record_path = into.with_name(into.name + ".json")
    old = _read_cuts(record_path)
    new: dict[str, list[Any]] = {}
    site_text, into_text = str(site), str(into)
    written = 0
    for top, dirs, files in os.walk(site_text):
        if top == site_text:
            dirs[:] = [d for d in dirs if d != "pagefind"]
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(top, name)
            rel = os.path.relpath(path, site_text)
            target = os.path.join(into_text, rel)
            stat = os.stat(path)
            state = [stat.st_size, stat.st_mtime_ns]
            known = old.get(rel)
            if known is not None and known[:2] == state and (not known[2] or os.path.isfile(target)):
                new[rel] = known
                written += known[2]
                continue
            with open(path, encoding="utf-8", errors="surrogateescape") as handle:
                page = handle.read()
            cut = _body_of(page)
            if cut is None:
                if "data-pagefind-" in page.lower():
                    forget_bodies(into)
                    return False
                new[rel] = [*state, 0]  # not indexed (the search page, a page marked nosearch)
                continue
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(cut)
            new[rel] = [*state, 1]
            written += 1
    # What the site no longer has goes (a page removed, or cut by a build killed before its record).
    for top, _dirs, files in os.walk(into_text):
        for name in files:
            path = os.path.join(top, name)
            known = new.get(os.path.relpath(path, into_text))
            if known is None or not known[2]:
                with contextlib.suppress(OSError):
                    os.unlink(path)
    if not written:  # no page with an indexed part (a project's template): Pagefind reads them all
        forget_bodies(into)
        return False
    write_text_atomic(record_path, json.dumps({"version": CUTS_VERSION, "pages": new}, sort_keys=True))
    return True


#: the version of the cut pages' record: a new one (a new cut) cuts every page again
CUTS_VERSION = 1


def _read_cuts(path: Path) -> dict[str, list[Any]]:
    """The record of the pages cut by the last build: {page: [size, time in ns, 1 if cut else 0]}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = data["pages"] if data.get("version") == CUTS_VERSION else {}
        return {str(rel): known for rel, known in pages.items()
                if isinstance(known, list) and len(known) == 3 and all(isinstance(v, int) for v in known)}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def forget_bodies(into: Path) -> None:
    """Remove the cut pages and their record."""
    shutil.rmtree(into, ignore_errors=True)
    into.with_name(into.name + ".json").unlink(missing_ok=True)


def _body_of(page: str) -> str | None:
    """The page as Pagefind reads it (see :func:`write_bodies`), or None if it is not of that shape."""
    start, end = page.find(BODY_START), page.rfind(BODY_END)
    html = page.find("<html")
    if start < 0 or end < start or html < 0 or page.find(BODY_START, start + 1) >= 0:  # one part only
        return None
    before, body, after = page[:start], page[start:end], page[end:]
    # Pagefind reads attributes in any case; it titles a page with its first <h1> and takes the first
    # <img> after it as its image: a page with one of these outside the cut part is read whole.
    lower_before, lower_after = before.lower(), after.lower()
    if "data-pagefind-" in lower_before or "data-pagefind-" in lower_after or "<h1" in lower_before \
            or "<img" in lower_after:
        return None
    tag = page[html:page.index(">", html) + 1]
    title_start, title_end = page.find("<title>"), page.find("</title>")
    title = page[title_start:title_end + len("</title>")] if 0 <= title_start < title_end < start else ""
    return f'<!doctype html>\n{tag}<head><meta charset="utf-8">{title}</head><body>{body}</body></html>\n'


def die_with_parent(parent: int | None = None) -> Callable[[], None] | None:
    """On Linux, a child process the kernel kills when the build dies (even by SIGKILL): a killed build
    must not leave Pagefind, or a language's build, writing into the work folders the next build uses.
    Elsewhere, nothing. The function returned is called in the child (or passed as ``preexec_fn``);
    ``parent`` is the build's process id, this process's by default.

    A build killed after the fork but before the child asked to die with it has already died: the
    child, adopted by another process, ends there too.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import signal

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved here: the child only calls it
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    build = os.getpid() if parent is None else parent

    def set_parent_death_signal() -> None:
        prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != build:  # the build died before the line above
            os._exit(1)

    return set_parent_death_signal


def _failed(site: Path, cause: str) -> BuildError:
    return BuildError(f"the search index of {site} could not be built ({cause}); "
                      "reinstall with `make setup` (it provides pagefind)")


def _pagefind() -> list[str]:
    """Pagefind's own executable (``python -m pagefind`` only starts Python to run it), else the module."""
    try:
        from pagefind.service import get_executable  # the one `python -m pagefind` runs

        found = get_executable()
    except (ImportError, OSError):
        found = None
    return [str(found)] if found is not None and found.is_file() else [sys.executable, "-m", "pagefind"]


def start_index(site: Path) -> Indexing:
    """Start writing ``site/pagefind/``, the search bundle of one language's built site.

    Left out: what every page repeats, which only blurs the ranking. The scenario's details
    line (``.hw-meta``: "Logged in as: Member" matched "can't log in" on every page, putting
    "Join a group" first for "je n'arrive plus à me connecter"); measured on the demo site with
    tests/search_quality.py: top-1 hits unchanged or better on both query lists, top-3 unchanged.
    """
    return Indexing(site)


def index_site(site: Path) -> None:
    """Write ``site/pagefind/`` and wait for it."""
    start_index(site).wait()
