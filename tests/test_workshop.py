"""The workshop format: validation, located cross-references, and the site's Workshops pages."""

from __future__ import annotations

import re
from pathlib import Path

from builder.content.loading import load_project
from builder.outputs.site.workshop_pages import render_workshop_pages, workshop_downloads
from tests.test_handouts_support import make_project


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _workshop_file(root: Path) -> Path:
    return root / "content" / "workshops" / "notes-basics.yaml"


def test_sample_workshop_loads_without_problems(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path / "p"))
    assert project.problems == []
    assert list(project.workshops) == ["notes-basics"]
    assert project.workshops["notes-basics"].model.scenario_ids() == ["write-note"]


def test_unknown_scenario_in_a_block_is_a_located_problem(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = _workshop_file(root)
    _edit(path, "    scenarios: [write-note]\n    exercise:", "    scenarios: [write-notes]\n    exercise:")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "write-notes" in text)
    problems = [str(p) for p in load_project(root).problems]
    assert len(problems) == 1
    assert re.fullmatch(rf".*notes-basics\.yaml:{line}:\d+: unknown scenario `write-notes` in agenda\[2\]: "
                        r"use the id of an existing scenario \(write-note\)", problems[0])


def test_agenda_that_does_not_add_up_is_reported_at_duration(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _edit(_workshop_file(root), "duration: 30 min", "duration: 45 min")
    problems = load_project(root).problems
    assert [(p.line, p.problem) for p in problems] == [(5, "the agenda blocks add up to 30 min, not 45 min")]


def test_unknown_key_and_bad_kind_are_located(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = _workshop_file(root)
    _edit(path, "    kind: quiz", "    kind: lecture")
    _edit(path, "participants: 6", "participant: 6")
    problems = {p.line: str(p) for p in load_project(root).problems}
    lines = path.read_text().splitlines()
    kind_line = next(i for i, t in enumerate(lines, 1) if "kind: lecture" in t)
    key_line = next(i for i, t in enumerate(lines, 1) if t.startswith("participant:"))
    assert "`lecture` is not allowed" in problems[kind_line]
    assert "unknown key `participant`" in problems[key_line] and "did you mean `participants`" in problems[key_line]


def test_workshop_pages_list_agenda_and_say_when_pdfs_are_missing(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path / "p"))
    pages = render_workshop_pages(project, "en")
    assert set(pages) == {"workshops/index.md", "workshops/notes-basics.md"}
    assert "[Notebook basics](/workshops/notes-basics.md)" in pages["workshops/index.md"]
    page = pages["workshops/notes-basics.md"]
    assert "| 14:05\u2060–\u206014:15 | Demonstration — [Write a note](/scenarios/write-note.md) |" in page
    assert "not printed yet" in page and "{download}" not in page


def test_workshop_pages_link_printed_pdfs_with_the_download_role(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path / "p"))
    for pdf in workshop_downloads(project, "fr"):
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(b"%PDF-1.4\n")
    page = render_workshop_pages(project, "fr")["workshops/notes-basics.md"]
    links = re.findall(r"\{download\}`[^<]+<([^>]+)>`", page)
    assert links == ["../../../handouts/fr/notes-basics-participant.pdf",
                     "../../../handouts/fr/notes-basics-facilitator.pdf"]
    # relative to the page's source in _build/src/fr/workshops/
    source_dir = project.root / "_build" / "src" / "fr" / "workshops"
    assert all((source_dir / link).resolve().is_file() for link in links)


def test_no_workshops_means_no_pages(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    _workshop_file(root).unlink()
    assert render_workshop_pages(load_project(root), "fr") == {}
