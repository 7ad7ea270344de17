"""`helpwright init`: a new project that passes `check` as written, and clear refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from builder.cli import main
from builder.content.loading import load_project


def helpwright(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), obj={})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_init_writes_a_project_that_passes_check(tmp_path: Path) -> None:
    root = tmp_path / "help"
    made = helpwright("init", str(root), "--base-url", "https://intranet.example.org",
                      "--languages", "fr,en,de", "--login-path", "/accounts/login/")
    assert made.exit_code == 0, made.output
    assert "Next steps" in made.output and f"helpwright -C {root} check" in made.output
    for rel in ("content/platform.yaml", "content/scenarios/getting-started/open-login-page.yaml",
                "content/workshops/first-steps.yaml", "schemas/platform.schema.json",
                "schemas/scenario.schema.json", "schemas/workshop.schema.json", ".gitignore"):
        assert (root / rel).is_file(), rel
    project = load_project(root)
    assert project.problems == [], project.problems
    platform = project.platform
    assert platform is not None
    assert platform.base_url == "https://intranet.example.org"
    assert platform.languages == ["fr", "en", "de"]
    assert platform.login is not None and platform.login.path == "/accounts/login/"
    assert platform.login.check is not None and platform.reset is None
    assert set(platform.audiences) == {"member", "administrator"}
    assert platform.personas["trainer"].password_env == "HELPWRIGHT_TRAINER_PASSWORD"
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines()[-2:] == ["_build/", ".venv/"]
    checked = helpwright("-C", str(root), "check")
    assert checked.exit_code == 0, checked.output


def test_platform_file_explains_every_key_and_keeps_reset_commented(tmp_path: Path) -> None:
    helpwright("init", str(tmp_path))
    text = (tmp_path / "content" / "platform.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/platform.schema.json")
    data = yaml.safe_load(text)
    lines = text.splitlines()
    for key in data:  # a comment right above every top-level key
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[index - 1].startswith("#"), key
    assert "reset" not in data and "# reset:" in text and "#   command:" in text
    assert {"login", "language_switch", "audiences", "topics", "personas"} <= set(data)
    assert {"steps", "check", "error"} <= set(data["login"])


def test_the_example_checks_something_that_could_fail(tmp_path: Path) -> None:
    helpwright("init", str(tmp_path), "--login-path", "/index.php?title=Special:UserLogin")
    scenario = yaml.safe_load((tmp_path / "content" / "scenarios" / "getting-started" /
                               "open-login-page.yaml").read_text(encoding="utf-8"))
    expects = [step["expect"] for step in scenario["steps"] if "expect" in step]
    assert {"url": "/index.php?title=Special:UserLogin"} in expects
    assert {"target": {"css": "input[type=password]"}} in expects
    assert all(e.get("url") not in ("/", "/*") for e in expects)


def test_init_refuses_an_existing_project(tmp_path: Path) -> None:
    assert helpwright("init", str(tmp_path)).exit_code == 0
    platform = tmp_path / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    again = helpwright("init", str(tmp_path))
    assert again.exit_code == 1
    assert "already holds a help project" in again.output and "never overwrites" in again.output
    assert platform.read_text(encoding="utf-8").endswith("# mine\n")


def test_init_in_the_current_folder_and_an_existing_gitignore(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc\n_build/", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    made = helpwright("init")
    assert made.exit_code == 0, made.output
    assert "helpwright check" in made.output  # no -C for the current folder
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.pyc\n_build/\n.venv/\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--languages", "fr,FR"], "`FR` is not a language code"),
    (["--languages", "fr,fr"], "given twice"),
    (["--languages", ","], "--languages is empty"),
    (["--login-path", "login"], "start --login-path with `/`"),
    (["--base-url", "intranet"], "is not a web address"),
])
def test_init_refuses_bad_options_with_a_clear_message(tmp_path: Path, args: list[str], message: str) -> None:
    result = helpwright("init", str(tmp_path / "new"), *args)
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "new" / "content").exists()


def test_init_help_names_its_options() -> None:
    text = helpwright("init", "--help").output
    for option in ("--base-url", "--languages", "--login-path"):
        assert option in text
    assert re.search(r"Start a new help project", text)
