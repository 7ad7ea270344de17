"""Where a trainer acts (``path:line[:col]``): shown relative to the current folder, written relative to the project.

A build writes locations into its staged pages and its ``--strict`` record; written as shown, they
would change with the folder a command runs from, and every page would be read again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.content.project import display_path, project_source, shown_source


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "help"
    for name in ("account/log-in.yaml", "wiki/annotate.yaml"):
        (root / "content" / "scenarios" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / "scenarios" / name).write_text("id: x\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("cwd", [".", "..", "content/scenarios/account", "content", "../.."])
def test_every_folder_writes_the_same_location_and_shows_its_own(project: Path, cwd: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir((project / cwd).resolve())
    for name in ("account/log-in.yaml", "wiki/annotate.yaml"):
        path = project / "content" / "scenarios" / name
        for at in (":12", ":12:5"):
            shown = display_path(path, project) + at
            assert project_source(shown, project) == f"content/scenarios/{name}{at}", (cwd, shown)
            assert shown_source(f"content/scenarios/{name}{at}", project) == shown


def test_what_is_not_a_location_in_the_project_is_kept(project: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    elsewhere = tmp_path / "other.yaml"
    elsewhere.write_text("", encoding="utf-8")
    for text in ("", "no location", "content/scenarios/account/log-in.yaml", f"{elsewhere}:3", "x.yaml:a"):
        assert project_source(text, project) == text
    assert shown_source(f"{elsewhere}:3", project) == f"{elsewhere}:3"


def test_missing_screenshots_are_grouped_under_a_path_with_spaces() -> None:
    """A project folder named with spaces ("My Help"), built from its parent: one line per page."""
    from builder.outputs.site.build import summarize_warnings

    page = "My Help/content/scenarios/account/log-in.yaml"
    warnings = [f"{page}:{line}: WARNING: screenshot not found: _shots/log-in/0{n}.png (run `helpwright capture`) "
                "[helpwright.screenshot]" for n, line in ((1, 8), (2, 12))]
    assert summarize_warnings(warnings) == [
        (f"warning: {page}: 2 screenshot(s) missing (01, 02); placeholders shown; run `helpwright capture` "
         "[helpwright.screenshot]")]
    assert summarize_warnings(warnings, never_captured=frozenset({page})) == []
