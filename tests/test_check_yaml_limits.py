"""Reading YAML is bounded: size, depth and alias budgets, bad bytes, odd files; always a located problem."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.content.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_VALUES, YamlError, read_yaml
from tests.checkcases import BAD, base_project, expected_lines, install


def problem_of(path: Path) -> str:
    with pytest.raises(YamlError) as caught:
        read_yaml(path, "f.yaml")
    return str(caught.value.problem)


def test_an_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    # ten levels of ten aliases: 10^10 values once expanded
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    text = problem_of(path)
    assert time.perf_counter() - started < 2
    assert f"more than {MAX_VALUES} values once its aliases" in text
    assert text.startswith("f.yaml:5:45:")  # the alias in a4 that passes the budget


def test_aliases_within_the_budget_are_expanded(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text("a: &x {fr: Oui, en: Sure}\nb: [*x, *x]\n", encoding="utf-8")
    located = read_yaml(path)
    assert located.data == {"a": {"fr": "Oui", "en": "Sure"}, "b": [{"fr": "Oui", "en": "Sure"}] * 2}
    assert located.values[("b", 1)] == (1, 4)  # an alias points at the value it names


def test_nesting_at_the_limit_is_read_and_one_deeper_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    # the mapping is level 1, so MAX_DEPTH - 1 brackets make MAX_DEPTH levels
    path.write_text("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n", encoding="utf-8")
    read_yaml(path)
    path.write_text("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", encoding="utf-8")
    assert problem_of(path) == (f"f.yaml:1:{3 + MAX_DEPTH}: values nested more than {MAX_DEPTH} levels deep: "
                                "flatten this part")


def test_aliases_cannot_stack_nesting_past_the_limit(tmp_path: Path) -> None:
    # each alias adds 60 levels the composer saw once: only the expansion goes too deep
    lines = ["a0: &a0 " + "[" * 60 + "x" + "]" * 60]
    lines += [f"a{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 for i in range(1, 4)]
    path = tmp_path / "stacked.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"nested more than {MAX_DEPTH} levels deep" in problem_of(path)


def test_a_file_over_the_size_budget_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# x\n" * (MAX_BYTES // 4 + 1))
    started = time.perf_counter()
    assert problem_of(path) == "f.yaml:1:1: the file is too big (256 KB; at most 256 KB): split it into several files"
    assert time.perf_counter() - started < 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert problem_of(path) == "f.yaml:1:1: this is not a regular file: replace it with a plain text file"


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.symlink_to("/dev/zero")
    assert problem_of(path) == "f.yaml:1:1: this is not a regular file: replace it with a plain text file"


@pytest.mark.parametrize(("text", "where"), [
    ("a: x\x7f\n", "1:5"),            # DEL
    ("a: x\x9b1m\n", "1:5"),          # C1 control sequence introducer
    ("a: \ufffe\n", "1:4"),           # a non-character
    ("a: ok\r\nb: \x08\r\n", "2:4"),  # CRLF line ends count as one
])
def test_characters_yaml_refuses_are_located(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert problem_of(path).startswith(f"f.yaml:{where}: invisible control character U+")


def test_a_reader_error_is_located_even_past_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PyYAML's reader checks the text when the loader is made: that is inside the `try` too
    import re

    from builder.content import yamlsource

    path = tmp_path / "c.yaml"
    path.write_text("a: 1\nb: x\x07\n", encoding="utf-8")
    monkeypatch.setattr(yamlsource, "_NOT_PRINTABLE", re.compile("(?!)"))  # our own scan finds nothing
    assert problem_of(path) == "f.yaml:2:5: invisible control character U+0007: delete it"


@pytest.mark.parametrize("command", [["build"], ["handouts"], ["capture", "--base-url", "http://127.0.0.1:9"]])
def test_every_command_shows_the_located_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              command: list[str]) -> None:
    root = base_project(tmp_path)
    cases = ["101-control-character.yaml", "105-deep-flow-nesting.yaml", "107-alias-bomb.yaml"]
    for name in cases:
        install(BAD / name, root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, command, obj={})
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    want = sorted(line for name in cases for line in expected_lines(BAD / name))
    assert result.stderr.splitlines()[:len(want)] == want
