"""The README cannot drift from the CLI and from CI."""

from __future__ import annotations

import re
from pathlib import Path

import click

from builder.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _cli_commands() -> set[str]:
    names: set[str] = set()
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        if isinstance(command, click.Group):
            names.update(f"{name} {sub}" for sub in command.list_commands(ctx))
        else:
            names.add(name)
    return names


def _readme_table_commands() -> set[str]:
    rows = re.findall(r"^\| `helpwright ([a-z][a-z-]*(?: [a-z]+)?)", README, flags=re.MULTILINE)
    found = set()
    for row in rows:
        first, *rest = row.split()
        found.add(f"{first} {rest[0]}" if first == "new" and rest else first)
    return found


def test_readme_command_table_lists_every_command_and_nothing_else() -> None:
    assert _readme_table_commands() == _cli_commands()


def test_readme_first_two_commands_are_demo_then_tests_and_ci_runs_the_test_one() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, flags=re.DOTALL)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands[:2] == ["make demo", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo: setup", makefile, flags=re.MULTILINE)
    assert re.search(r"^test: setup", makefile, flags=re.MULTILINE)


def test_every_command_has_help_text() -> None:
    ctx = click.Context(main)
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None and (command.help or "").strip(), name
