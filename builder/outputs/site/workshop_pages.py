"""The help site's Workshops section: MyST pages rendered from the workshop files.

`builder.outputs.site.rendering` calls :func:`render_workshop_pages` for each language and
writes the pages into the Sphinx source folder (``_build/src/<lang>/``, see
``builder.outputs.site.build.build_language``). Each workshop page links to its two PDFs with
the ``{download}`` role: the path is relative to the page's source file and points
at ``_build/handouts/<lang>/``, so Sphinx copies the PDFs into the site's
``_downloads/`` and re-reads the page when a PDF changes. A PDF not printed yet is
named with the command that prints it, instead of a broken link.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.content.catalog import audience_title, messages
from builder.content.model import Platform, localize
from builder.content.richtext import to_myst
from builder.content.workshop import Workshop, minutes
from builder.layout import HANDOUT_KINDS as KINDS
from builder.layout import handout_path, handouts_dir
from builder.outputs.site.labels import myst_labels, role_label

if TYPE_CHECKING:
    from builder.content.project import Project


JOIN, NBSP = "\u2060", "\u00a0"


def site_source_dir(project: Project, lang: str) -> Path:
    """Where builder.outputs.site.build stages the MyST sources of ``lang``."""
    return project.root / "_build" / "src" / lang


def workshop_downloads(project: Project, lang: str) -> list[Path]:
    """The handout PDFs of ``lang`` the Workshops pages link to, printed or not."""
    out = handouts_dir(project.root)
    return [handout_path(out, lang, wid, kind) for wid in sorted(project.workshops) for kind in KINDS]


def render_workshop_pages(project: Project, lang: str) -> dict[str, str]:
    """``{"workshops/index.md": …, "workshops/<id>.md": …}``; empty when there are no workshops."""
    if not project.workshops:
        return {}
    workshops: list[Workshop] = [project.workshops[wid].model for wid in sorted(project.workshops)]
    pages = {"workshops/index.md": _index_page(project, workshops, lang)}
    for workshop in workshops:
        pages[f"workshops/{workshop.id}.md"] = _workshop_page(project, workshop, lang)
    return pages


def _cell(text: str) -> str:
    """A trainer's text on one line of MyST, escaped (a `|` cannot end a table cell)."""
    return to_myst(text, single_line=True)


def _labels(project: Project, lang: str) -> dict[str, Any]:
    """The handouts' words: the workshop pages name things as the PDFs they link to do (escaped: data)."""
    return dict(myst_labels(messages(lang, project.root).section("handouts")))


def _audiences(platform: Platform | None, workshop: Workshop, lang: str) -> str:
    return ", ".join(_cell(audience_title(platform, a, lang)) for a in workshop.audience)


def _index_page(project: Project, workshops: list[Workshop], lang: str) -> str:
    lab = _labels(project, lang)
    lines = [f"# {lab['workshops']}", "", lab["workshops_intro"], "",
             f"| {lab['workshop']} | {lab['audience_label']} | {lab['duration']} |", "|---|---|---|"]
    for w in workshops:
        audience = _audiences(project.platform, w, lang)
        lines.append(f"| [{_cell(localize(w.title, lang))}](/workshops/{w.id}.md) | {audience} | {w.duration} |")
    lines += ["", "```{toctree}", ":hidden:", ""] + [w.id for w in workshops] + ["```", ""]
    return "\n".join(lines)


def _workshop_page(project: Project, workshop: Workshop, lang: str) -> str:
    from datetime import datetime, timedelta

    lab = _labels(project, lang)
    levels = myst_labels(messages(lang, project.root)["levels"])
    title = localize(workshop.title, lang)
    lines = [f"# {_cell(title)}", ""]
    if workshop.subtitle:
        lines += [_cell(localize(workshop.subtitle, lang)), ""]
    audience = _audiences(project.platform, workshop, lang)
    lines += [(f"**{lab['audience_label']}{lab['colon']}** {audience} · **{lab['duration']}{lab['colon']}** "
              f"{workshop.duration} · **{lab['level_label']}{lab['colon']}** {levels[workshop.level.value]}"), ""]
    lines += [f"## {lab['objectives']}", ""] + [f"- {_cell(localize(o, lang))}" for o in workshop.objectives] + [""]
    if workshop.prerequisites:
        lines += [f"## {lab['prerequisites']}", ""]
        lines += [f"- {_cell(localize(p, lang))}" for p in workshop.prerequisites] + [""]
    lines += [f"## {lab['agenda']}", "", f"| {lab['time']} | {lab['block']} | {lab['kind']} | {lab['duration']} |",
              "|---|---|---|---|"]
    clock = datetime.strptime(workshop.start_time, "%H:%M")
    for block in workshop.agenda:
        end = clock + timedelta(minutes=minutes(block.duration))
        links = [f"[{_cell(localize(project.scenario(sid).title, lang))}](/scenarios/{sid}.md)"
                 for sid in block.scenarios if sid in project.scenarios]
        what = _cell(localize(block.title, lang)) + (" — " + ", ".join(links) if links else "")
        # word joiners and a no-break space keep "09:30–09:40" and "10 min" on one line
        duration = str(block.duration).replace(" ", NBSP)
        lines.append(f"| {clock:%H:%M}{JOIN}–{JOIN}{end:%H:%M} | {what} | {lab['kinds'][block.kind.value]} "
                     f"| {duration} |")
        clock = end
    lines += ["", f"## {lab['handouts_heading']}", ""]
    here = site_source_dir(project, lang) / "workshops"
    for kind in KINDS:
        pdf = handout_path(handouts_dir(project.root), lang, workshop.id, kind)
        label = lab[f"download_{kind}"]
        raw = role_label(messages(lang, project.root).section("handouts")[f"download_{kind}"])
        if pdf.is_file():
            rel = Path(os.path.relpath(pdf, here)).as_posix()
            lines.append(f"- {{download}}`{raw} <{rel}>`")
        else:
            lines.append(f"- {label}{lab['colon']} {lab['not_printed']}")
    lines.append("")
    return "\n".join(lines)
