"""The site's search index: Pagefind, run over each language's built HTML.

Pagefind reads ``<html lang>`` and indexes each language with its Snowball stemmer
and accent folding, so "connecter" finds "connexion" and "desinscrire" finds
"désinscrire". Only the article body is indexed (``data-pagefind-body`` in the page
template); the search page itself (``search.html``) is a small script over the index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from builder.errors import BuildError


class Indexing:
    """Pagefind indexing one language's site, started by :func:`start_index`; :meth:`wait` for it.

    Languages index while the next language's Sphinx runs: each is its own process.
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        self.bodies = site.parent / f".search-{site.name}"
        # Pagefind adds to a bundle folder and never removes: the last build's fragments would pile up.
        shutil.rmtree(site / "pagefind", ignore_errors=True)
        where = ["--site", str(self.bodies), "--output-path", str(site / "pagefind")] \
            if write_bodies(site, self.bodies) else ["--site", str(site)]
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
        shutil.rmtree(self.bodies, ignore_errors=True)
        if self.process.returncode != 0:
            tail = (err or out).strip().splitlines()[-3:]
            raise BuildError(f"the search index of {self.site} could not be built: "
                             f"{' '.join(tail) or 'pagefind failed'}; reinstall with `make setup` (it provides pagefind)")

    def stop(self) -> None:
        """End the indexing (a build that failed elsewhere)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.bodies, ignore_errors=True)


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
    """
    shutil.rmtree(into, ignore_errors=True)
    site_text = str(site)
    written = 0
    for top, dirs, files in os.walk(site_text):
        if top == site_text:
            dirs[:] = [d for d in dirs if d != "pagefind"]
        for name in files:
            if not name.endswith(".html"):
                continue
            path = os.path.join(top, name)
            with open(path, encoding="utf-8", errors="surrogateescape") as handle:
                page = handle.read()
            cut = _body_of(page)
            if cut is None:
                if "data-pagefind-" in page.lower():
                    shutil.rmtree(into, ignore_errors=True)
                    return False
                continue  # not indexed (the search page, a page marked nosearch)
            target = os.path.join(into, os.path.relpath(path, site_text))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(cut)
            written += 1
    return written > 0  # no page with an indexed part (a project's template): Pagefind reads them all


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
