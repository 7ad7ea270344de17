"""The static checks gate the build: `make test` (and so CI) fails when ruff or mypy does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-cache", "builder", "agora", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_builder() -> None:
    result = _run("mypy", "--no-incremental", "builder")
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_lint_runs_both() -> None:
    lint = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check builder agora tests" in lint and "mypy builder" in lint
