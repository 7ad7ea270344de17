"""The bad-input corpus under tests/bad/: how a case is laid into a project.

A case is `NN-name.yaml` (one file) or `NN-name/` (files laid over the project
root as they are), with `NN-name.expected` holding the exact problem lines
`helpwright check` prints, paths relative to the project. Where a one-file case
goes depends on its name:

- `NN-platform-…yaml` replaces content/platform.yaml;
- `NN-glossary-…yaml` becomes content/glossary.yaml;
- `NN-workshop-NAME.yaml` becomes content/workshops/NAME.yaml;
- any other `NN-NAME.yaml` becomes content/scenarios/cases/NAME.yaml, so a
  scenario's id is its case name without the number.

Every case runs inside a copy of tests/roots/test-check-base/, a minimal valid project.
"""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).parent
BAD = TESTS / "bad"
BASE = TESTS / "roots" / "test-check-base"


def cases() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.suffix == ".yaml" or p.is_dir())


def case_name(case: Path) -> str:
    return case.name.removesuffix(".yaml")


def expected_lines(case: Path) -> list[str]:
    text = (BAD / f"{case_name(case)}.expected").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def destination(case: Path, root: Path) -> Path:
    """Where a one-file case goes in the project."""
    rest = case_name(case).split("-", 1)[1]
    if rest.startswith("platform-"):
        return root / "content" / "platform.yaml"
    if rest.startswith("glossary-"):
        return root / "content" / "glossary.yaml"
    if rest.startswith("workshop-"):
        return root / "content" / "workshops" / f"{rest.removeprefix('workshop-')}.yaml"
    return root / "content" / "scenarios" / "cases" / f"{rest}.yaml"


def install(case: Path, root: Path) -> None:
    """Lay a case into a project copy (bytes as they are: some cases are not UTF-8)."""
    if case.is_dir():
        # links stay links: some cases are a broken link, or a link out of the project
        shutil.copytree(case, root, dirs_exist_ok=True, symlinks=True)
        return
    dest = destination(case, root)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(case, dest)


def base_project(tmp: Path) -> Path:
    root = tmp / "project"
    shutil.copytree(BASE, root)
    return root
