"""The `helpwright` command: parses options and calls a stage, nothing more.

Stages raise :class:`~builder.errors.HelpwrightError`; this is the only place that
turns them into a message and an exit code. Heavy imports (Sphinx, Playwright)
happen inside the commands so `helpwright --help` and `check` start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from builder.errors import ContentError, HelpwrightError


def _project_root(ctx: click.Context) -> Path:
    return Path(ctx.obj["project"])


def stage(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command body, turning domain errors into `Error: …` and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ContentError as exc:
            if str(exc):
                click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except HelpwrightError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper


def load_checked(root: Path) -> Any:
    """Load the project; print every problem and stop when there is one."""
    from builder.loading import load_project

    project = load_project(root)
    if project.problems:
        for problem in project.problems:
            click.echo(str(problem), err=True)
        count = len(project.problems)
        raise ContentError(f"{count} problem{'s' if count > 1 else ''} found; fix them and run again")
    return project


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "-C", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Project folder (holds content/).")
@click.version_option(package_name="helpwright")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Turn YAML usage scenarios into help pages, a help site and workshop handouts."""
    ctx.ensure_object(dict)
    ctx.obj["project"] = project


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.pass_context
@stage
def check(ctx: click.Context, path: Path | None) -> None:
    """Validate scenarios, workshops, platform config and cross-references.

    PATH is a project folder (default: the current project). Every problem is
    printed as `path:line:col: problem: what to do`; the exit code is 1 if any.
    """
    root = path if path is not None and path.is_dir() else _project_root(ctx)
    project = load_checked(root)
    click.echo(f"OK: {len(project.scenarios)} scenarios, {len(project.workshops)} workshops, "
               f"{len(project.languages)} languages.")


@main.group()
def new() -> None:
    """Create a new file from a scaffold that passes `check`."""


@new.command("scenario")
@click.argument("scenario_id")
@click.option("--topic", "-t", default=None, help="Topic id (folder under content/scenarios/).")
@click.pass_context
@stage
def new_scenario_command(ctx: click.Context, scenario_id: str, topic: str | None) -> None:
    """Write content/scenarios/TOPIC/SCENARIO_ID.yaml."""
    from builder.loading import load_model
    from builder.model import Platform
    from builder.scaffold import new_scenario

    root = _project_root(ctx.parent.parent) if ctx.parent and ctx.parent.parent else Path(".")
    platform, _, problems = load_model(root / "content" / "platform.yaml", Platform, root)
    if platform is None:
        raise HelpwrightError("content/platform.yaml is missing or invalid: run `helpwright check`")
    if topic is None:
        topic = next(iter(platform.topics), "general")
    if platform.topics and topic not in platform.topics:
        raise HelpwrightError(f"unknown topic `{topic}`: use one of {', '.join(platform.topics)} "
                              "or declare it under `topics` in content/platform.yaml")
    persona = next(iter(platform.personas), None)
    path = new_scenario(root, scenario_id, topic, persona)
    click.echo(f"Created {path}")


@main.command()
@click.pass_context
@stage
def schema(ctx: click.Context) -> None:
    """Regenerate the JSON Schemas in schemas/ from the models."""
    from builder.schema import write_schemas

    for path in write_schemas(_project_root(ctx) / "schemas"):
        click.echo(f"Wrote {path}")


def run() -> None:  # pragma: no cover - console entry point
    main(obj={})
