"""Compiled templates are shared by the builds of one process, and only while their source is the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from builder import templating


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    real = Environment.compile

    def counting(self: Environment, source: str, name: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append(str(name))
        return real(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Environment, "compile", counting)
    return compiled


def _render(templates: Path, cache_dir: Path) -> str:
    env = Environment(loader=FileSystemLoader(str(templates)),
                      bytecode_cache=templating.compiled_templates(cache_dir))
    return env.get_template("page.html").render(name="Ada")


def test_a_second_project_of_the_process_reuses_the_compiled_template_and_gets_its_own_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templating, "_COMPILED", {})
    compiled = _compiles(monkeypatch)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("Hello {{ name }}", encoding="utf-8")

    first, second = tmp_path / "a" / "_build" / ".jinja" / "site", tmp_path / "b" / "_build" / ".jinja" / "site"
    assert _render(templates, first) == "Hello Ada"
    assert compiled == ["page.html"]
    assert _render(templates, second) == "Hello Ada"
    assert compiled == ["page.html"], "compiled again in the same process"
    assert [p.name for p in first.iterdir()] == [p.name for p in second.iterdir()] != []  # each project's own

    # Another way of compiling (another folder name) never takes it; a changed source is compiled again.
    assert _render(templates, tmp_path / "c" / "_build" / ".jinja" / "sphinx") == "Hello Ada"
    assert compiled == ["page.html"] * 2
    (templates / "page.html").write_text("Bonjour {{ name }}", encoding="utf-8")
    assert _render(templates, second) == "Bonjour Ada"
    assert compiled == ["page.html"] * 3


def test_an_environment_that_compiles_otherwise_never_takes_another_ones_template(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project's conf.py may change Sphinx's environment (here: trim_blocks): the same folder name, the same
    file, but code compiled for other settings would render another text."""
    monkeypatch.setattr(templating, "_COMPILED", {})
    compiled = _compiles(monkeypatch)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("{% if name %}\nHello {{ name }}{% endif %}", encoding="utf-8")
    cache = tmp_path / "a" / "_build" / ".jinja" / "sphinx"

    def render(**options: object) -> str:
        env = Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=templating.compiled_templates(cache),
                          **options)  # type: ignore[arg-type]
        return env.get_template("page.html").render(name="Ada")

    assert render() == "\nHello Ada"
    assert render(trim_blocks=True) == "Hello Ada"  # not the first one's code, from memory or from disk
    assert len(compiled) == 2
    templating._COMPILED.clear()  # a new process: only the disk cache, which keeps both apart too
    assert render() == "\nHello Ada" and render(trim_blocks=True) == "Hello Ada"
    assert len(compiled) == 2
