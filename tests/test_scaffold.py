"""`helpwright new scenario`: a scaffold that passes `check`, and clear refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from builder.cli import main
from tests.checkcases import base_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the minimal check root, with the repository's schemas."""
    root = base_project(tmp_path)
    shutil.copytree(REPO / "schemas", root / "schemas")
    return root


def helpwright(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["-C", str(root), *args], obj={})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_new_scenario_scaffold_passes_check(project: Path) -> None:
    made = helpwright(project, "new", "scenario", "test-scaffold-task", "--topic", "groups")
    assert made.exit_code == 0, made.output
    path = project / "content" / "scenarios" / "groups" / "test-scaffold-task.yaml"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert "id: test-scaffold-task" in text and "topic: groups" in text
    checked = helpwright(project, "check")
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == ""
    one = helpwright(project, "check", str(path))
    assert (one.exit_code, one.stdout.strip()) == (0, f"OK: {path}")


def test_scaffold_schema_line_resolves_to_the_scenario_schema(project: Path) -> None:
    helpwright(project, "new", "scenario", "test-scaffold-other", "--topic", "groups")
    path = project / "content" / "scenarios" / "groups" / "test-scaffold-other.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (project / "schemas" / "scenario.schema.json").resolve()
    assert target.is_file()


def test_new_scenario_refuses_an_existing_id(project: Path) -> None:
    existing = next((project / "content" / "scenarios").rglob("*.yaml"))
    before = existing.read_bytes()
    result = helpwright(project, "new", "scenario", existing.stem, "--topic", "groups")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert f"{existing.stem}.yaml already exists: choose another id" in result.stderr
    assert existing.read_bytes() == before
    assert list((project / "content" / "scenarios").rglob(f"{existing.stem}.yaml")) == [existing]


@pytest.mark.parametrize("bad_id", ["Join_Group", "join/group", "join group", "rejoindre-un-groupé"])
def test_new_scenario_refuses_a_bad_id(project: Path, bad_id: str) -> None:
    result = helpwright(project, "new", "scenario", bad_id, "--topic", "groups")
    assert result.exit_code == 1
    assert result.stderr == f"Error: `{bad_id}` is not a valid id: use lowercase letters, digits and dashes\n"
    assert not list((project / "content" / "scenarios").rglob(f"{bad_id}.yaml"))


def test_new_scenario_refuses_an_unknown_topic(project: Path) -> None:
    result = helpwright(project, "new", "scenario", "test-scaffold-task", "--topic", "sport")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown topic `sport`: use one of ")
    assert not (project / "content" / "scenarios" / "sport").exists()
