"""Helpwright as a user gets it: a wheel in a fresh virtual environment, outside this repository.

The wheel is built from a copy of the sources (so the build leaves nothing in the
working tree), installed with its dependencies (pip cache or PyPI) into a venv that
does not see the system's or this checkout's packages, and driven only through its
`helpwright` command: `init` in an empty folder, then `check`, `build` and `handouts`.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(venv bin folder, environment) of a fresh venv holding the wheel built from this checkout."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    for package in ("builder", "agora"):
        shutil.copytree(REPO / package, src / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), str(src)], base, env)
    wheels = sorted((base / "dist").glob("helpwright-*.whl"))
    assert len(wheels) == 1, wheels
    venv = base / "venv"
    # no --system-site-packages; no pip of its own either: this pip installs into it (`--python`), in half the
    # time the pip a new venv gets takes, and a venv without ensurepip's copy starts in a tenth of a second
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], base, env)
    bin_dir = venv / "bin"
    # --no-compile: what the tests import is compiled as they import it, not every module of every dependency
    run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "-q", "--no-compile",
         str(wheels[0])], base, env, timeout=900)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    return bin_dir, env


def test_the_wheel_carries_templates_catalogs_and_the_default_sphinx_config(installed) -> None:
    bin_dir, env = installed
    probe = ("import builder, sys, os; d = os.path.dirname(builder.__file__); print(d); "
             "print(sys.flags.no_user_site, sys.prefix != sys.base_prefix)")
    out = run([str(bin_dir / "python"), "-c", probe], Path("/"), env).stdout.split()
    package = Path(out[0])
    assert package.is_relative_to(bin_dir.parent), f"builder imported from {package}, not the venv"
    assert not package.is_relative_to(REPO)
    for rel in ("messages/fr.yaml", "messages/en.yaml", "templates/site/home.md.j2",
                "templates/site/_templates/page.html", "templates/site/_static/helpwright.css",
                "templates/handouts/participant.html.j2", "templates/sphinx/conf.py",
                "outputs/site/default_conf.py"):
        assert (package / rel).is_file(), rel


def test_init_check_build_and_handouts_from_the_installed_wheel(installed, tmp_path: Path) -> None:
    bin_dir, env = installed
    project = tmp_path / "help"
    project.mkdir()
    helpwright = str(bin_dir / "helpwright")
    made = run([helpwright, "init", "--base-url", "http://127.0.0.1:9", "--languages", "fr,en"], project, env)
    assert "Next steps" in made.stdout
    assert not (project / "conf.py").exists() and not (project / "templates").exists()
    for rel in ("content/platform.yaml", "schemas/scenario.schema.json", ".gitignore"):
        assert (project / rel).is_file(), rel
    assert "base_url: http://127.0.0.1:9" in (project / "content" / "platform.yaml").read_text(encoding="utf-8")

    checked = run([helpwright, "check"], project, env)
    assert checked.stdout.startswith("OK: 1 scenarios, 1 workshops, 2 languages")
    run([helpwright, "build"], project, env)
    run([helpwright, "handouts"], project, env)

    site = project / "_build" / "site"
    fr = (site / "fr" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "<title>Aide My platform</title>" in fr and "Par profil" in fr and "Par thème" in fr
    assert "<title>My platform Help</title>" in en and "By role" in en and "By topic" in en
    page = (site / "en" / "scenarios" / "open-login-page.html").read_text(encoding="utf-8")
    assert "Find the login page" in page and "Screenshot not captured yet" in page
    assert (site / "en" / "_static" / "helpwright.css").is_file()
    assert "Agora" not in fr + en + page

    handouts = project / "_build" / "handouts"
    workbook_fr = pdf_text(handouts / "fr" / "first-steps-participant.pdf")
    guide_en = pdf_text(handouts / "en" / "first-steps-facilitator.pdf")
    assert "Cahier du participant" in workbook_fr and "Premiers pas" in workbook_fr
    assert "Facilitator guide" in guide_en and "Find the login page" in guide_en
    assert "Agora" not in workbook_fr + guide_en
