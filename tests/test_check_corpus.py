"""`helpwright check` on the bad-input corpus: exact messages, exit 1, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from tests.checkcases import (
    BAD,
    base_project,
    case_name,
    cases,
    destination,
    expected_lines,
    install,
)


def run_check(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, list[str], str]:
    """Run `helpwright check` from inside the project, as a trainer would."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", *args], obj={})
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.splitlines(), result.stdout


def test_corpus_is_complete() -> None:
    names = {case_name(c) for c in cases()}
    expected = {p.stem for p in BAD.glob("*.expected")}
    assert len(names) >= 100
    assert names == expected, "every case needs its .expected file, and every .expected its case"


def test_base_project_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, err, out = run_check(base_project(tmp_path), monkeypatch)
    assert (code, err) == (0, [])
    assert out.startswith("OK: 1 scenarios")


@pytest.mark.parametrize("case", cases(), ids=case_name)
def test_bad_case_gives_its_exact_messages(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    install(case, root)
    code, err, out = run_check(root, monkeypatch)
    want = expected_lines(case)
    assert code == 1
    assert err[:-1] == want
    assert err[-1] == f"Error: {len(want)} problem{'s' if len(want) > 1 else ''} found; fix them and run again"
    assert out == ""


def test_all_problems_of_many_files_come_at_once_sorted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # every scenario case at once: platform ones would switch off the persona and topic checks,
    # workshop ones list the project's scenario ids in their hints, glossary ones overwrite each other
    scenario_cases = [c for c in cases() if _touches_only_scenarios(c, tmp_path)]
    root = base_project(tmp_path)
    for case in scenario_cases:
        install(case, root)
    code, err, _ = run_check(root, monkeypatch)
    want = sorted((line for case in scenario_cases for line in expected_lines(case)), key=_place)
    assert code == 1
    assert len(scenario_cases) >= 30
    assert err[:-1] == want  # sorted by file, line, column, one per line
    assert err[-1] == f"Error: {len(want)} problems found; fix them and run again"


def _touches_only_scenarios(case: Path, tmp: Path) -> bool:
    if not case.is_dir():
        return destination(case, tmp).parent.name == "cases"
    laid = [p.relative_to(case).parts for p in case.rglob("*")]
    return not any(parts[:2] in (("content", "platform.yaml"), ("content", "glossary.yaml"),
                                 ("content", "workshops")) for parts in laid)


def _place(line: str) -> tuple[str, int, int, str]:
    where, rest = line.split(": ", 1)
    path, row, col = where.rsplit(":", 2)
    return path, int(row), int(col), rest


#: (case, the text found at the line:col of its first message): the place is the offending key or value
POSITIONS = [
    ("13-unknown-key-in-target", "nmae"),
    ("19-unknown-role", "buton"),
    ("24-unknown-persona", "alicia"),
    ("31-bad-duration", "5 minutes"),
    ("17-target-two-kinds", "css"),
    ("18-name-without-role", "name"),
    ("12-unknown-top-level-key", "prerequisite"),
    ("30-language-not-configured", "de:"),
    ("15-step-two-actions", "click"),
    ("25-unknown-prerequisite", "join-group"),
    ("35-negative-padding", "-8"),
    ("06-duplicate-keys", "title"),
    ("03-not-utf8", "\ufffd"),
    ("05-tab-indentation", "\t"),
    ("101-control-character", "\x07"),
    ("103-escape-in-comment", "\x1b"),
    ("105-deep-flow-nesting", "[" * 20),
    ("107-alias-bomb", "*d"),
    ("108-recursive-alias", "*loop"),
    ("110-tab-inside-value", "\t"),
    ("111-tab-after-colon", "\tgroups"),
    ("113-impossible-date", "2024-02-30"),
    ("115-undefined-alias", "*nowhere"),
    ("127-glossary-duplicate-terms", "groupe "),
    ("132-huge-nth", "100000000000000000000"),
    ("134-platform-bad-timezone", "Mars/Olympus"),
    ("135-platform-bad-css-mask", '"[[["'),
    ("149-upload-absolute-path", "/etc/hostname"),
    ("169-password-in-say", '"Tapez {password}'),
    ("184-duplicate-anchor", "&a y"),
]


@pytest.mark.parametrize(("name", "token"), POSITIONS)
def test_message_points_at_the_offending_key_or_value(name: str, token: str) -> None:
    case = BAD / f"{name}.yaml"
    first = expected_lines(case)[0]
    _, line, col = first.split(": ", 1)[0].rsplit(":", 2)
    text = case.read_bytes().decode("utf-8", "replace").splitlines()[int(line) - 1]
    assert text[int(col) - 1:].startswith(token), (first, text)


@pytest.mark.slow
def test_console_script_reports_a_case(tmp_path: Path) -> None:
    case = BAD / "40-crossref-despite-other-error.yaml"
    root = base_project(tmp_path)
    install(case, root)
    done = subprocess.run([sys.executable, "-m", "builder", "check"], check=False, cwd=root,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines()[:-1] == expected_lines(case)
    assert "Traceback" not in done.stderr
