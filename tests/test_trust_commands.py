"""Code is named as code, and commands get only what they need (finding 3).

`reset.command` ran any program with the persona passwords in its environment, unseen by
`check`; `reset.http` accepted any host (a cloud metadata address). Now `check` prints one notice
naming the project's code (conf.py, templates/, reset.command at its line), a command's argv is
printed before it runs and it gets PATH, HOME, the locale and what `reset.env` names, and an
absolute `reset.http.url` must stay on the platform's host unless `allow_hosts` says otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from tests.fixtures_site import copy_root


def _platform(root: Path, extra: str) -> Path:
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return platform


def _check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(root), "check"], obj={})
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_check_names_the_projects_code_in_one_notice(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    code, output = _check(root)
    assert code == 0 and "notice: code" not in output
    (root / "conf.py").write_text("html_theme = 'furo'\n", encoding="utf-8")
    (root / "templates" / "site").mkdir(parents=True)
    (root / "templates" / "site" / "home.md.j2").write_text("# {{ L.help }}\n", encoding="utf-8")
    platform = _platform(root, "reset:\n  command: [cp, a.db, b.db]\n")
    line = len(platform.read_text(encoding="utf-8").splitlines())
    code, output = _check(root)
    notices = [out for out in output.splitlines() if out.startswith("notice: code")]
    assert code == 0 and len(notices) == 1, output
    assert notices[0].endswith("conf.py (Python, run by Sphinx); templates/site/home.md.j2; "
                               f"reset.command `cp a.db b.db` (content/platform.yaml:{line})")


@pytest.mark.parametrize(("url", "allow", "refused"), [
    ("http://169.254.169.254/latest/meta-data/", "", True),
    ("http://127.0.0.1:9/__reset", "", False),  # test-basic's base_url: the platform itself
    ("https://reset.example/api", "  allow_hosts: [reset.example]\n", False),
    ("/__reset", "", False),
])
def test_reset_http_stays_on_the_platform_unless_allowed(tmp_path: Path, url: str, allow: str, refused: bool) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    platform = _platform(root, f"reset:\n  http: {{method: POST, url: '{url}'}}\n{allow}")
    code, output = _check(root)
    if refused:
        reset_line = platform.read_text(encoding="utf-8").splitlines().index("reset:") + 1
        assert code == 1
        assert f"content/platform.yaml:{reset_line}:" in output
        assert "`reset.http.url` targets 169.254.169.254, not the platform (127.0.0.1:9)" in output
    else:
        assert code == 0, output


def test_reset_http_to_another_host_given_by_base_url_fails_the_capture_before_sending() -> None:
    from builder.capture.reset import make_reset
    from builder.content.model import Reset
    from builder.errors import CaptureError

    reset = Reset.model_validate({"http": {"method": "POST", "url": "http://169.254.169.254/x"}})
    with pytest.raises(CaptureError, match="targets 169.254.169.254, not the platform"):
        make_reset(reset, Path("."), "http://127.0.0.1:8000")


@pytest.mark.slow
def test_reset_command_is_announced_and_gets_no_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capfd: pytest.CaptureFixture[str]) -> None:
    from builder.capture.reset import make_reset
    from builder.content.model import Reset

    monkeypatch.setenv("TEST_ALICE_PASSWORD", "secret-alice")
    monkeypatch.setenv("TEST_CLAIRE_PASSWORD", "secret-claire")
    dump = "import json, os, sys; json.dump(dict(os.environ), open(sys.argv[1], 'w'))"
    argv = [sys.executable, "-c", dump, "env.json"]
    make_reset(Reset.model_validate({"command": argv}), tmp_path, "http://127.0.0.1:9")()
    seen = json.loads((tmp_path / "env.json").read_text(encoding="utf-8"))
    assert "TEST_ALICE_PASSWORD" not in seen and "TEST_CLAIRE_PASSWORD" not in seen
    assert "PATH" in seen
    err = capfd.readouterr().err
    assert f"reset: running {sys.executable} -c " in err and "env.json (in " in err
    make_reset(Reset.model_validate({"command": argv, "env": ["TEST_CLAIRE_PASSWORD"]}), tmp_path,
               "http://127.0.0.1:9")()
    seen = json.loads((tmp_path / "env.json").read_text(encoding="utf-8"))
    assert seen.get("TEST_CLAIRE_PASSWORD") == "secret-claire" and "TEST_ALICE_PASSWORD" not in seen
    assert "secret" not in capfd.readouterr().err
