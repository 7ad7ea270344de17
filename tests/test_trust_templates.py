"""Templates are code, and render sandboxed: an override cannot reach Python, the shell or the files.

A project's `templates/site/home.md.j2` or `templates/handouts/participant.html.j2` holding the
classic Jinja escape (`self.__init__.__globals__.__builtins__.__import__("os").system(…)`) must
fail `helpwright build` / `helpwright handouts` at the template's line, exit 1, no traceback, and
the shell command must never run (its canary file stays absent).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.errors import BuildError
from tests.fixtures_site import copy_root

REPO = Path(__file__).resolve().parent.parent

ESCAPES = [
    '{{ self.__init__.__globals__.__builtins__.__import__("os").system("touch CANARY") }}',
    '{{ cycler.__init__.__globals__.os.system("touch CANARY") }}',
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    '{{ lipsum.__globals__["os"].popen("touch CANARY").read() }}',
    "{{ self.__init__ }}",  # prints "" in a plain sandbox: must fail, not pass unseen
]


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "builder", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def _override(root: Path, rel: str, line: str, at: int = 3) -> Path:
    """Put ``line`` at line ``at`` of the package's own template, copied as the project's override."""
    package = REPO / "builder" / "templates" / rel
    lines = package.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(at - 1, line.replace("CANARY", str(root / "CANARY")) + "\n")
    target = root / "templates" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize("payload", ESCAPES)
def test_site_template_escape_is_refused_at_its_line_and_runs_nothing(tmp_path: Path, payload: str) -> None:
    from builder.outputs.site.build import build_site_report

    root = copy_root("test-basic", tmp_path / "p")
    _override(root, "site/home.md.j2", payload)
    with pytest.raises(BuildError) as caught:
        build_site_report(root, languages=["fr"])
    message = str(caught.value)
    assert message.startswith("templates/site/home.md.j2:3:1: template home.md.j2 refused by the sandbox"), message
    assert "templates are code" in message
    assert not (root / "CANARY").exists()


def test_template_cannot_touch_paths_or_modules(tmp_path: Path) -> None:
    """Public methods are reachable in a plain sandbox: a path's or a module's are not."""
    import jinja2

    from builder.templating import render_template, sandboxed_environment

    env = sandboxed_environment(jinja2.DictLoader({"t": "{{ p.write_text('x') }}", "m": "{{ m.system('true') }}",
                                                   "ok": "{{ d.a }} {{ items | join(',') }}"}), autoescape=True)
    target = tmp_path / "victim.txt"
    for name, ctx in (("t", {"p": target}), ("m", {"m": os})):
        with pytest.raises(BuildError, match=r"^t?m?:1:1: template [tm] refused by the sandbox"):
            render_template(env, name, ctx, folders=[])
    assert not target.exists()
    assert render_template(env, "ok", {"d": {"a": "<b>"}, "items": ["x", "y"]}, folders=[]) == "&lt;b&gt; x,y"


@pytest.mark.slow
def test_build_cli_fails_located_on_a_template_escape(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    _override(root, "site/home.md.j2", ESCAPES[0])
    done = _run(root, "build")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: templates/site/home.md.j2:3:1: template home.md.j2 refused by the sandbox")
    assert not (root / "CANARY").exists()


@pytest.mark.slow
def test_template_syntax_error_is_located(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    _override(root, "site/topic.md.j2", "{% if %}")
    done = _run(root, "build")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: templates/site/topic.md.j2:3:1: template topic.md.j2 failed"), done.stderr


@pytest.mark.slow
@pytest.mark.browser
def test_handouts_template_escape_is_refused_at_its_line_and_runs_nothing(tmp_path: Path) -> None:
    root = copy_root("test-handouts", tmp_path / "p")
    _override(root, "handouts/participant.html.j2", ESCAPES[0], at=4)  # inside {% block body %}
    done = _run(root, "handouts")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "templates/handouts/participant.html.j2:4:1: template participant.html.j2 refused by the sandbox" \
        in done.stderr, done.stderr
    assert not (root / "CANARY").exists()
