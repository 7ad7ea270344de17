"""Outputs are registered once (name, command, options); the CLI and `demo` are made from the registry."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from builder import cli
from builder.cli import main
from builder.outputs.registry import BUILTIN, ENTRY_POINT_GROUP, OutputError, outputs

BUILDER = Path(__file__).resolve().parent.parent / "builder"

PLUGIN = '''
from builder.outputs.registry import Option, Output


def make(run):
    pages = [page for lang in run.project.languages for page in run.view.pages(lang)]
    shown = sum(1 for page in pages for step in page.steps if step.image is not None)
    out = run.root / "_build" / "pages.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"{run.options['greeting']} {len(pages)} pages, {shown} images", encoding="utf-8")
    run.say(f"wrote {out.name}")


OUTPUT = Output(name="{name}", help="Count the pages.", make=make, title="Pages",
                options=(Option("greeting", ("--greeting",), "First word.", default="hello"),))
'''


@pytest.fixture(autouse=True)
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_OUTPUTS", [])


def install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str = "pages",
                   source: str = PLUGIN) -> None:
    """A package that registers an output through the entry point group, as pip would install it."""
    (tmp_path / "hw_pages.py").write_text(source.replace("{name}", name), encoding="utf-8")
    info = tmp_path / "hw_pages-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hw-pages\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = hw_pages:OUTPUT\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "hw_pages", raising=False)


def test_each_builtin_output_is_its_package_plus_one_registration() -> None:
    found = outputs(plugins=False)
    names = [o.name for o in found]
    assert {"handouts", "demos", "build", "tours", "helpmap", "scorm"} <= set(names)
    assert names[0] == "handouts" and names[-1] == "build"  # demo order: the site links the other outputs' files
    for spec in BUILTIN:
        module = spec.split(":")[0]
        assert module.startswith("builder.outputs.") and module.endswith(".output")
        assert (BUILDER / Path(*module.split(".")[1:])).with_suffix(".py").is_file()


def test_the_cli_makes_each_output_command_from_its_registration() -> None:
    ctx = click.Context(main)
    build = main.get_command(ctx, "build")
    assert build is not None and [p.name for p in build.params] == ["languages", "out", "clean", "strict"]
    handouts = main.get_command(ctx, "handouts")
    assert handouts is not None and [p.name for p in handouts.params] == [
        "languages", "only", "out", "strict", "help_url", "no_qr"]
    assert {"build", "handouts", "check", "capture"} <= set(main.list_commands(ctx))


def test_an_installed_package_adds_an_output_with_its_command(tmp_path: Path, site_root,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "site-packages").mkdir()
    install_plugin(tmp_path / "site-packages", monkeypatch)
    root = site_root("test-basic")
    assert "pages" in [o.name for o in outputs()]
    result = CliRunner().invoke(main, ["-C", str(root), "pages", "--greeting", "bonjour"])
    assert result.exit_code == 0, result.output
    # the loaded project and its view model: 4 scenarios × 2 languages; 01, 02 and 04 of annotate-page in fr
    assert (root / "_build" / "pages.txt").read_text(encoding="utf-8") == "bonjour 8 pages, 3 images"
    ctx = click.Context(main)
    assert "pages" in main.list_commands(ctx) and "Count the pages." in (main.get_command(ctx, "pages").help or "")


def test_a_plugin_that_takes_a_taken_name_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, name="handouts")
    with pytest.raises(OutputError, match=r"two outputs are named `handouts` .*uninstall one"):
        outputs()


def test_a_broken_plugin_is_named_and_the_other_commands_still_work(tmp_path: Path, site_root,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    install_plugin(tmp_path, monkeypatch, source="raise RuntimeError('no luck')\n")
    with pytest.raises(OutputError, match=r"`hw_pages:OUTPUT \(entry point pages\)` cannot be loaded "
                                          r"\(RuntimeError: no luck\): fix or uninstall"):
        outputs()
    result = CliRunner().invoke(main, ["-C", str(site_root("test-basic")), "check"])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert sorted(o.name for o in cli.registered_outputs()) == sorted(o.name for o in outputs(plugins=False))


def test_missing_screenshots_are_one_warning_naming_the_first() -> None:
    from builder.outputs.registry import Run

    told: list[str] = []
    run = Run(project=None, view=None, options={}, say=told.append, tell=told.append)  # type: ignore[arg-type]
    run.warn_missing(set(), "printed")
    assert told == []
    run.warn_missing({Path("screenshots/fr/b/02.png"), Path("screenshots/fr/a/01.png")}, "printed")
    assert told == [("Warning: 2 screenshot(s) missing, printed as placeholders (first: screenshots/fr/a/01.png); "
                    "run `helpwright capture`.")]


def test_every_output_refuses_a_language_the_project_lacks(tmp_path: Path) -> None:
    """`--lang` is checked once, by the registry, for every output that takes it: none drops it silently."""
    from tests.test_scorm import scored_project

    root = scored_project(tmp_path / "p")
    takers = [o.name for o in outputs(plugins=False) if any(opt.kind == "langs" for opt in o.options)]
    assert {"build", "handouts", "tours", "helpmap", "demos", "scorm"} <= set(takers)
    for name in takers:
        result = CliRunner().invoke(main, ["-C", str(root), name, "--lang", "de"])
        assert result.exit_code != 0, (name, result.output)
        assert "Traceback" not in result.output
        assert "--lang de: the project's languages are fr, en" in result.output, (name, result.output)
    assert not (root / "_build" / "html").exists()
