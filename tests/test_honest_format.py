"""The format side of honest captures, without a browser.

URL expectations (exact, glob, `re:`, query only when given, refusing those every page
satisfies), `{dialog}` in a step's text (site and handouts quote the expected message;
check refuses it with no dialog before), and the warning for a scenario that changes
data on a platform with no `reset:`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from builder.cli import main
from builder.content.dialogtext import fill_dialog
from builder.content.loading import load_project
from builder.content.model import Scenario
from builder.content.urlpattern import matches_everything, url_matches
from tests.checkcases import base_project

BASE = "http://127.0.0.1:8000"


@pytest.mark.parametrize(("expected", "url", "holds"), [
    ("/dashboard", "/dashboard", True),
    ("/dashboard", "/dashboard/", True),            # a trailing slash does not count
    ("/dashboard", "/dashboard?lang=fr", True),      # no query expected: the page's query does not matter
    ("/", "/dashboard", False),                      # it used to hold on every page
    ("/", "/?lang=fr", True),
    ("/dash", "/dashboard", False),                  # no more "contains"
    ("/pages/*", "/pages/12", True),
    ("/pages/*", "/pages/view/12", False),           # `*` stays inside one segment
    ("/pages/**", "/pages/view/12", True),
    ("/pages/*/edit", "/pages/12/edit", True),
    ("/index.php?title=Special:UserLogin", "/index.php?title=Special:UserLogin&returnto=Main", True),
    ("/index.php?title=Special:UserLogin", "/index.php?title=Main_Page", False),
    ("/index.php?title=Special:*", "/index.php?title=Special:Search", True),
    ("/été", "/%C3%A9t%C3%A9", True),
    ("re:^/pages/\\d+$", "/pages/12", True),
    ("re:^/pages/\\d+$", "/pages/12/edit", False),
    ("re:action=edit", "/index.php?title=A&action=edit", True),
    (BASE + "/admin/", "/admin/", True),
    ("http://other.example/admin/", "/admin/", False),
])
def test_url_expectations(expected: str, url: str, holds: bool) -> None:
    assert url_matches(expected, BASE + url) is holds


@pytest.mark.parametrize(("expected", "everything"), [
    ("/*", True), ("/**", True), ("/*/**", True), ("re:.*", True), ("re:", True), ("re:^", True),
    ("re:/", True), ("re:x*", True),
    ("/", False), ("/pages/*", False), ("re:^/$", False), ("re:edit", False), ("/*?tab=1", False),
])
def test_expectations_every_page_satisfies_are_recognised(expected: str, everything: bool) -> None:
    assert matches_everything(expected) is everything


def _scenario(steps: list[dict]) -> Scenario:
    return Scenario.model_validate({"id": "x", "title": "T", "summary": "S", "audience": ["member"],
                                    "topic": "wiki", "steps": steps})


def test_dialog_placeholder_quotes_the_last_expected_dialog_text() -> None:
    scenario = _scenario([
        {"goto": "/a", "say": "No dialog yet: {dialog}"},
        {"click": {"text": "Restore"}, "dialog": {"accept": True, "text": {"fr": "Vraiment ?", "en": "Really?"}},
         "say": "Confirm {dialog}"},
        {"expect": {"dialog": "Really restore this version?"}, "say": "It asked: {dialog}"},
    ])
    steps = list(scenario.steps)
    assert fill_dialog("No dialog yet: {dialog}", steps, 1, "en") == "No dialog yet: {dialog}"
    assert fill_dialog("Confirm {dialog}", steps, 2, "fr") == "Confirm Vraiment ?"
    assert fill_dialog("It asked: {dialog}", steps, 3, "en") == "It asked: Really restore this version?"


def _project_with(tmp_path: Path, scenario: dict, **platform: object) -> Path:
    root = base_project(tmp_path)
    path = root / "content" / "platform.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(platform)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    folder = root / "content" / "scenarios" / "wiki"
    folder.mkdir(parents=True, exist_ok=True)
    full = {"title": {"fr": "T", "en": "T"}, "summary": {"fr": "S", "en": "S"}, "audience": ["member"],
            "topic": "wiki", **scenario}
    (folder / f"{scenario['id']}.yaml").write_text(yaml.safe_dump(full, allow_unicode=True), encoding="utf-8")
    return root


def test_site_and_handouts_quote_the_dialog(tmp_path: Path) -> None:
    from builder.outputs.site.rendering import ShotIndex, render_site

    root = _project_with(tmp_path, {"id": "restore-version", "steps": [
        {"click": {"role": "button", "name": "Restore"}, "dialog": {"accept": True, "text": "Really restore?"},
         "say": {"fr": "Cliquez sur **Restaurer**, puis confirmez « {dialog} ».",
                 "en": "Click **Restore**, then confirm “{dialog}”."}},
    ]})
    project = load_project(root)
    assert project.problems == []
    page = render_site(project, "en", ShotIndex())["scenarios/restore-version.md"]
    assert "then confirm “Really restore?”." in page and "{dialog}" not in page


def test_check_refuses_a_dialog_placeholder_with_no_dialog_before(tmp_path: Path) -> None:
    root = _project_with(tmp_path, {"id": "restore-version", "steps": [
        {"click": {"role": "button", "name": "Restore"}, "say": {"fr": "Confirmez « {dialog} ».", "en": "Confirm."}},
        {"click": {"role": "button", "name": "Restore"}, "dialog": "accept", "say": "Confirm {dialog}."},
    ]})
    problems = [str(p) for p in load_project(root).problems]
    assert len(problems) == 2
    assert all(p.startswith("content/scenarios/wiki/restore-version.yaml:") for p in problems)
    assert all("`{dialog}` quotes a dialog's message, but no step up to this one says what the dialog says" in p
               for p in problems)


def _check(root: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(root), "check"], obj={})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_check_warns_when_a_scenario_changes_data_and_nothing_resets_it(tmp_path: Path) -> None:
    scenario = {"id": "edit-page", "persona": "alice", "start": "/pages/1", "steps": [
        {"goto": "/pages/1/edit", "say": "Open the editor."},
        {"fill": {"label": "Title"}, "value": "New", "say": "Type a title."},
        {"click": {"role": "link", "name": "Save"}, "say": "Save."},
    ]}
    root = _project_with(tmp_path / "a", scenario, base_url="http://127.0.0.1:9999")
    code, out, err = _check(root)
    assert code == 0 and out.startswith("OK: ")
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("content/scenarios/wiki/edit-page.yaml:")
    assert (": warning: scenario `edit-page` changes the platform's data (step 3, click) and platform.yaml has "
            "no `reset:`") in lines[0]
    assert lines[0].endswith("add `reset: {command: …}` or `reset: {http: …}` to platform.yaml")

    root = _project_with(tmp_path / "b", scenario, base_url="http://127.0.0.1:9999",
                         reset={"command": "cp base.sqlite3 db.sqlite3"})
    code, out, err = _check(root)
    # no warning; the command is named as code (tests/test_trust_commands.py)
    assert code == 0 and out.startswith("OK: ")
    assert [line for line in err.splitlines() if not line.startswith("notice: code in this project")] == []


@pytest.mark.parametrize(("steps", "index"), [
    ([{"upload": {"label": "File"}, "files": ["a.txt"], "say": "s"}], 0),
    ([{"click": {"text": "Delete"}, "dialog": "accept", "say": "s"}], 0),
    ([{"click": {"role": "button", "name": "Join"}, "say": "s"}], 0),
    ([{"fill": {"label": "Q"}, "value": "v", "say": "s"}, {"press": {"label": "Q"}, "key": "Enter", "say": "s"}], 1),
    ([{"click": {"role": "link", "name": "Help"}, "say": "s"}, {"click": {"text": "Delete"}, "dialog": "dismiss",
                                                                 "say": "s"}], None),
    ([{"goto": "/a", "say": "s"}, {"expect": {"text": "A"}, "say": "s"}], None),
])
def test_what_counts_as_changing_data(steps: list[dict], index: int | None) -> None:
    from builder.content.crossref import changes_data

    assert changes_data(list(_scenario(steps).steps)) == index


def test_the_demo_platform_needs_no_reset_line(tmp_path: Path) -> None:
    """`capture` restores the demo platform's data itself: its content gets no warning."""
    root = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", root / "content")
    code, _, err = _check(root)
    assert (code, err) == (0, "")
