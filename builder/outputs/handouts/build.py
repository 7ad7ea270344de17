"""`helpwright handouts`: print each workshop's workbook and guide to PDF with Chromium.

One browser serves every PDF. Each document is printed twice: Chromium cannot
compute `target-counter()`, but it writes a named destination for every anchor the
contents links to, so the first print tells on which page each section starts and
the second print fills those numbers into the contents. If the numbers moved a
third print settles them. PDFs are written through a temp file renamed into place.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.atomicwrite import write_bytes_atomic
from builder.content.catalog import missing_catalog_warning, missing_catalogs
from builder.errors import BuildError
from builder.layout import HANDOUT_KINDS, handout_path, handouts_dir
from builder.outputs.handouts.render import Renderer
from builder.owner import owned_tempdir

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from builder.content.project import Project
    from builder.content.workshop import Workshop
    from builder.outputs.viewmodel import ViewModel

KINDS = HANDOUT_KINDS


@dataclass
class Handout:
    """One printed PDF and what went into it."""

    workshop: str
    lang: str
    kind: str
    path: Path
    pages: int
    seconds: float
    missing_images: list[Path] = field(default_factory=list)


def default_out_dir(project: Project) -> Path:
    return handouts_dir(project.root)


def select_workshops(project: Project, only: list[str] | None) -> list[Workshop]:
    if not project.workshops:
        raise BuildError("no workshops found: add one under content/workshops/ (see the format reference)")
    ids = list(only) if only else sorted(project.workshops)
    unknown = [wid for wid in ids if wid not in project.workshops]
    if unknown:
        raise BuildError(f"unknown workshop `{unknown[0]}`: use one of {', '.join(sorted(project.workshops))}")
    return [project.workshops[wid].model for wid in ids]


def failed_material(project: Project, *, languages: list[str] | None = None,
                    only: list[str] | None = None, view: ViewModel | None = None) -> list[str]:
    """One line per scenario a chosen workshop prints whose last capture failed, per language.

    Its steps print with the screenshots of an earlier, passing capture, which the platform
    may no longer match: a facilitator should know before handing the pages out.
    """
    from builder.shots.drift import FAILED, check_pages

    workshops = select_workshops(project, only)
    langs = [lang for lang in (languages or project.languages) if lang in project.languages]
    checks = view.checks if view is not None else check_pages(project, langs)
    lines = []
    for workshop in workshops:
        for sid in workshop.scenario_ids():
            for lang in langs:
                check = checks.get((sid, lang))
                if check is not None and check.state == FAILED:
                    lines.append(f"{check.source}: workshop {workshop.id} [{lang}] prints {sid}, whose "
                                 f"{check.describe()}")
    return lines


def build_handouts(project: Project, *, languages: list[str] | None = None, only: list[str] | None = None,
                   out_dir: Path | None = None, progress: Callable[[Handout, int, int], None] | None = None,
                   warn: Callable[[str], None] | None = None, view: ViewModel | None = None,
                   help_url: str | None = None, qr: bool = True) -> list[Handout]:
    """Print both handouts of the chosen workshops in the chosen languages.

    ``view`` is the project's view model when the caller has one (a build of several outputs).
    ``help_url`` (where the site is published) overrides platform.yaml's for the workbooks'
    QR codes; ``qr=False`` prints none.

    ``progress(handout, done, total)`` is called after each PDF is written; ``warn(line)``
    once per language that has no message catalog (its handouts use English labels).
    """
    from builder.browser import browser_tmp_parent, launch_chromium, playwright_driver

    workshops = select_workshops(project, only)
    langs = languages or project.languages
    bad = [lang for lang in langs if lang not in project.languages]
    if bad:
        raise BuildError(f"language `{bad[0]}` is not configured: use {', '.join(project.languages)}")
    out = out_dir or default_out_dir(project)
    if warn is not None:
        for lang in missing_catalogs(langs, project.root):
            warn(missing_catalog_warning(lang))
    jobs = [(w, lang, kind) for w in workshops for lang in langs for kind in KINDS]
    if help_url is not None:
        from builder.content.model import help_url_problem

        problem = help_url_problem(help_url)
        if problem:
            raise BuildError(f"--help-url: {problem}: give the address the help site is published at, "
                             "e.g. https://help.example.org/")
        help_url = help_url if help_url.endswith("/") else help_url + "/"
    renderer = Renderer(project, view, help_url=help_url, qr=qr)
    done: list[Handout] = []
    # Both folders are this run's own, removed at its end or, if it is killed, by a later run.
    with owned_tempdir("print") as tmp, owned_tempdir("chromium", browser_tmp_parent()) as browser_tmp, \
            playwright_driver() as playwright:
        browser = launch_chromium(playwright, tmp_dir=browser_tmp)
        try:
            page = browser.new_page()
            guard_page(page, [project.root, Path(tmp)])
            for workshop, lang, kind in jobs:
                handout = print_handout(page, renderer, workshop, lang, kind, out, Path(tmp))
                done.append(handout)
                if progress is not None:
                    progress(handout, len(done), len(jobs))
        finally:
            browser.close()
    return done


def print_handout(page: Page, renderer: Renderer, workshop: Workshop, lang: str, kind: str,
                  out_dir: Path, tmp: Path) -> Handout:
    """Render, print until the contents' page numbers are stable, write the PDF."""
    started = time.perf_counter()
    html_path = tmp / f"{workshop.id}-{lang}-{kind}.html"
    pages: dict[str, int] = {}
    pdf = b""
    missing: list[Path] = []
    for _ in range(3):
        document = renderer.render(workshop, lang, kind, pages)
        missing = document.missing_images
        pdf = print_html(page, html_path, document.html)
        found = anchor_pages(pdf)
        if found == pages:
            break
        pages = found
    path = handout_path(out_dir, lang, workshop.id, kind)
    write_bytes_atomic(path, pdf)
    return Handout(workshop.id, lang, kind, path, page_count(pdf), time.perf_counter() - started, missing)


def guard_page(page: Page, folders: list[Path]) -> None:
    """Let the page load files under ``folders`` only: nothing from the network or elsewhere on disk.

    `check` already refuses content that names such a file; this holds for templates too.
    A request refused here leaves its image broken, which :func:`print_html` reports.
    """
    from urllib.parse import unquote, urlparse

    allowed = [folder.resolve() for folder in folders]

    def decide(route: Any) -> None:
        url = urlparse(route.request.url)
        if url.scheme == "file" and not url.netloc:
            path = Path(unquote(url.path)).resolve()
            if any(path.is_relative_to(folder) for folder in allowed):
                route.continue_()
                return
        route.abort("blockedbyclient")

    page.route("**/*", decide)


def print_html(page: Page, html_path: Path, html: str) -> bytes:
    """Print one HTML document to PDF bytes, after its images and fonts are in."""
    html_path.write_text(html, encoding="utf-8")
    # A file:// page may load the file:// screenshots it references; `load` waits for them.
    page.goto(html_path.resolve().as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    if broken:
        raise BuildError(f"cannot load image {broken[0]} for {html_path.stem}: check the screenshots folder")
    try:
        return page.pdf(prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
    except Exception as exc:  # noqa: BLE001 - Playwright raises a generic Error
        raise BuildError(f"Chromium could not print {html_path.stem}: {str(exc).splitlines()[0]}") from None


def anchor_pages(pdf: bytes) -> dict[str, int]:
    """Page number (from 1) of every anchor the document links to."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        number = reader.get_destination_page_number(dest)
        if number is not None and number >= 0:
            out[str(name).lstrip("/")] = number + 1
    return out


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)
