"""What a newcomer's first runs can get wrong, as the `helpwright` command says it.

Each case runs the real command (real Chromium, Agora, Sphinx) in a subprocess and asserts
its exact message, a non-zero exit and no traceback: a persona's password variable unset,
a login step that finds nothing, a start page answering HTTP 404, no Chromium where
HELPWRIGHT_CHROMIUM points, and a project conf.py that breaks Sphinx.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_site import copy_root

REPO = Path(__file__).resolve().parent.parent


def _run(root: Path, *args: str, env: dict[str, str] | None = None,
         unset: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`python -m builder ARGS` in ``root`` (paths in messages are then relative to the project)."""
    environ = {k: v for k, v in os.environ.items() if k not in unset}
    environ.update(env or {}, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "builder", *args], capture_output=True, text=True, cwd=root,
                          env=environ, timeout=180, check=False)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def _lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return proc.stderr.splitlines()


def _capture(root: Path, agora: Any, *, unset: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess[str]:
    return _run(root, "capture", "--base-url", agora.url, "--lang", "fr", "--only", "join-a-group", env=env,
                unset=unset)


@pytest.fixture
def project(capture_project_copy: Path, agora: Any, demo_password: str) -> Path:
    """A copy of the demo's content, its personas' passwords set (the `agora` fixture sets them)."""
    assert os.environ.get("AGORA_ALICE_PASSWORD") == demo_password
    return capture_project_copy


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.browser
def test_password_variable_unset(project: Path, agora: Any, tmp_path: Path) -> None:
    # Nothing starts: no platform answers at --base-url and no Chromium is where HELPWRIGHT_CHROMIUM
    # points, yet the message is about the passwords, one line per variable, for every persona selected.
    proc = _run(project, "capture", "--base-url", "http://127.0.0.1:9", "--only",
                "join-a-group,write-blog-post", env={"HELPWRIGHT_CHROMIUM": str(tmp_path / "no-chrome")},
                unset=("AGORA_ALICE_PASSWORD", "AGORA_BRUNO_PASSWORD"))
    assert proc.returncode == 1
    assert _lines(proc) == [
        ("Error: persona alice: the environment variable AGORA_ALICE_PASSWORD is not set; set it to the "
         "persona's password (nothing was captured)"),
        ("Error: persona bruno: the environment variable AGORA_BRUNO_PASSWORD is not set; set it to the "
         "persona's password (nothing was captured)")]
    assert not (project / "_build" / "capture-report.json").exists()
    # A persona the selection does not use may lack its password.
    proc = _capture(project, agora, unset=("AGORA_BRUNO_PASSWORD",))
    assert proc.returncode == 0, proc.stderr


def _line_of(path: Path, start: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(start))


@pytest.mark.browser
def test_login_step_not_found(project: Path, agora: Any) -> None:
    _replace(project / "content" / "platform.yaml", "    - fill: {label: {fr: Identifiant, en: Username}}\n",
             "    - fill: {label: {fr: Identifiant de connexion, en: Login name}}\n      timeout: 1\n")
    proc = _capture(project, agora)
    assert proc.returncode == 1
    # The step, where it is written, what to do; not the password (it was never typed).
    line = next(i for i, text in enumerate((project / "content" / "platform.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if "Identifiant de connexion" in text)
    persona = _line_of(project / "content" / "scenarios" / "groups" / "join-a-group.yaml", "persona:")
    assert _lines(proc)[-3:] == [
        ("FAILED join-a-group [fr]: login as persona alice failed at login.steps[0] "
         f"(content/platform.yaml:{line}:7) (fill label “Identifiant de connexion”): not found within 1 s; did you "
         "mean “Identifiant”, “Connexion à Agora”? (the closest names on the page) on "
         f"{agora.url}/login?lang=fr; fix the step's target to match the login page"),
        f"  at: content/scenarios/groups/join-a-group.yaml:{persona}:1",  # the scenario's persona
        "Error: 1 capture(s) failed; see _build/capture-report.json"]


@pytest.mark.browser
def test_wrong_password_keeps_the_password_hint(project: Path, agora: Any) -> None:
    # Every login step ran, the platform said no: then the password (or a lock) is the likely cause.
    proc = _capture(project, agora, AGORA_ALICE_PASSWORD="not-the-password")
    assert proc.returncode == 1
    last = _lines(proc)[-3]
    assert _lines(proc)[-2].startswith("  at: content/scenarios/groups/join-a-group.yaml:")
    assert last.startswith("FAILED join-a-group [fr]: login as persona alice failed: "), last
    assert last.endswith("; check AGORA_ALICE_PASSWORD, or whether the account is locked"), last
    assert "login.steps[" not in last


@pytest.mark.browser
def test_start_page_answering_404(project: Path, agora: Any) -> None:
    _replace(project / "content" / "scenarios" / "groups" / "join-a-group.yaml", "start: /dashboard\n",
             "start: /groups/999\n")
    proc = _capture(project, agora)
    assert proc.returncode == 1
    assert _lines(proc)[-5:] == [
        (f"FAILED join-a-group [fr]: the start page /groups/999 answered HTTP 404 on {agora.url}/groups/999?lang=fr: "
         "fix `start:` (content/scenarios/groups/join-a-group.yaml:16:1) or the data the platform starts with "
         "(`reset:` in content/platform.yaml)"),
        "  at: content/scenarios/groups/join-a-group.yaml:16:1",
        f"  page: {agora.url}/groups/999?lang=fr",
        "  screenshot: _build/capture-failures/fr/join-a-group.png",
        "Error: 1 capture(s) failed; see _build/capture-report.json"]
    assert (project / "_build" / "capture-failures" / "fr" / "join-a-group.png").is_file()


INSTALL = ("install one with `apt-get install -y chromium` (Debian/Ubuntu; `make setup` does it) or "
           "`python -m playwright install chromium`, see README.md")


@pytest.mark.browser
def test_chromium_missing(project: Path, agora: Any, tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium" / "chrome"
    proc = _capture(project, agora, HELPWRIGHT_CHROMIUM=str(missing))
    assert proc.returncode == 1
    assert _lines(proc)[-1] == (
        f"Error: HELPWRIGHT_CHROMIUM points to {missing}, which does not exist: set it to the path of a Chromium "
        f"or Chrome program, or unset it to use the one on PATH; to get one, {INSTALL}")
    # The handouts print with the same browser, and say so too.
    text = tmp_path / "chrome.txt"
    text.write_text("not a browser\n", encoding="utf-8")
    text.chmod(0o644)
    proc = _run(project, "handouts", "--lang", "fr", env={"HELPWRIGHT_CHROMIUM": str(text)})
    assert proc.returncode == 1
    assert _lines(proc)[-1] == (
        f"Error: HELPWRIGHT_CHROMIUM points to {text}, which is not a program: set it to the path of a "
        f"Chromium or Chrome program, or unset it to use the one on PATH; to get one, {INSTALL}")
    # A program that is no browser: Playwright's own words, then what to do.
    fake = tmp_path / "fake-chrome"
    fake.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    proc = _run(project, "handouts", "--lang", "fr", env={"HELPWRIGHT_CHROMIUM": str(fake)})
    assert proc.returncode == 1
    last = _lines(proc)[-1]
    assert last.startswith(f"Error: cannot start Chromium ({fake}): BrowserType.launch: "), last
    assert last.endswith(f": check that it is a working Chromium or Chrome (HELPWRIGHT_CHROMIUM chooses one), "
                         f"or {INSTALL}"), last
    assert "HELPWRIGHT_CHROMIUM" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_sphinx_failure_in_the_project_conf_py(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "project")
    (root / "conf.py").write_text("project = 'Aide'\nhtml_theme = THEMES['default']\n", encoding="utf-8")
    proc = _run(root, "build", "--lang", "fr")
    assert proc.returncode == 1
    assert _lines(proc)[-1] == ("Error: conf.py:2:14: the project's Sphinx settings raised NameError: name 'THEMES' "
                                "is not defined: fix it, or delete conf.py to build with Helpwright's default "
                                "settings")
    (root / "conf.py").write_text("extensions = [\n", encoding="utf-8")
    proc = _run(root, "build", "--lang", "fr")
    assert proc.returncode == 1
    assert _lines(proc)[-1].startswith("Error: conf.py:1:")
    assert "syntax error in the project's Sphinx settings" in proc.stderr


@pytest.mark.slow
def test_unwritable_build_folder(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "project")
    (root / "_build").write_text("a file where the build folder goes\n", encoding="utf-8")
    proc = _run(root, "build", "--lang", "fr")
    assert proc.returncode == 1
    assert _lines(proc)[-1] == (
        "Error: cannot write the help site: _build/src/fr: Not a directory: make sure _build/ and the output "
        "folder (_build/site) are folders you can write to, then build again")
