"""`helpwright check [PATH]`: a project, a folder or one file in it; fast, no heavy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from builder.cli import main
from tests.checkcases import BAD, base_project, expected_lines, install

REPO = Path(__file__).resolve().parent.parent


def check(*args: str) -> Result:
    result = CliRunner().invoke(main, ["check", *args], obj={})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with problems in several files, checked from its own folder."""
    root = base_project(tmp_path)
    for name in ("24-unknown-persona.yaml", "16-missing-say.yaml", "27-circular-prerequisites"):
        install(BAD / name, root)
    monkeypatch.chdir(root)
    return root


def test_check_a_project_folder_from_elsewhere(tmp_path: Path) -> None:
    root = base_project(tmp_path)
    result = check(str(root))
    assert (result.exit_code, result.stdout) == (0, "OK: 1 scenarios, 0 workshops, 2 languages.\n")


def test_check_one_file_shows_only_its_problems(broken: Path) -> None:
    result = check("content/scenarios/cases/unknown-persona.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        *expected_lines(BAD / "24-unknown-persona.yaml"),
        "Error: 1 problem found; fix them and run again",
    ]


def test_check_one_clean_file_of_a_broken_project(broken: Path) -> None:
    result = check("content/scenarios/wiki/read-wiki-page.yaml")
    assert (result.exit_code, result.stdout) == (0, "OK: content/scenarios/wiki/read-wiki-page.yaml\n")


def test_check_one_file_of_a_cycle_shows_the_cycle(broken: Path) -> None:
    # the cycle is reported on cycle-c.yaml; cycle-a.yaml is part of it too
    result = check("content/scenarios/cases/cycle-a.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == expected_lines(BAD / "27-circular-prerequisites")


def test_check_a_folder_inside_the_project(broken: Path) -> None:
    result = check("content/scenarios/cases")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 4  # persona, missing say, cycle, summary


def test_check_one_file_from_another_directory(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken.parent)
    result = check("project/content/scenarios/cases/missing-say.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("project/content/scenarios/cases/missing-say.yaml:9:5: ")


def test_check_shows_platform_problems_with_one_file(broken: Path) -> None:
    install(BAD / "39-platform-unknown-key.yaml", broken)
    result = check("content/scenarios/wiki/read-wiki-page.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == expected_lines(BAD / "39-platform-unknown-key.yaml")


def test_check_a_file_outside_any_project(tmp_path: Path) -> None:
    stray = tmp_path / "stray.yaml"
    stray.write_text("id: stray\n", encoding="utf-8")
    result = check(str(stray))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {stray} is not in a Helpwright project (no content/platform.yaml above it)\n"


def test_check_an_empty_folder_asks_for_platform_yaml(tmp_path: Path) -> None:
    result = check(str(tmp_path))
    assert result.exit_code == 1
    assert "platform config not found: create content/platform.yaml" in result.stderr


def test_check_the_repository_content_is_clean() -> None:
    result = check(str(REPO))
    assert result.exit_code == 0, result.stderr


@pytest.mark.slow
def test_check_imports_neither_sphinx_nor_playwright(tmp_path: Path) -> None:
    root = base_project(tmp_path)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "builder", "check", str(root)],
                          check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    modules = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:")]
    assert "builder.content.loading" in modules  # the probe sees the imports check does make
    heavy = [m for m in modules if m.split(".")[0] in ("sphinx", "playwright", "docutils", "jinja2")]
    assert heavy == []
