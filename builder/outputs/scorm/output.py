"""The SCORM output's registration: `helpwright scorm`, its options, and what it does."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from builder.errors import HelpwrightError
from builder.layout import build_dir, demo_path, demos_dir, scorm_dir
from builder.outputs.registry import Option, Output, Run

if TYPE_CHECKING:  # the models and packaging load with the command, not with every `helpwright` start
    from builder.outputs.scorm.package import ExtraFiles


def click_through_files(run: Run, lang: str, scenario_ids: list[str]) -> ExtraFiles:
    """The click-through demo each lesson carries, when `helpwright demos` wrote one.

    Outputs never import each other: the demo is read from the path both take from
    :mod:`builder.layout` (``_build/demos/<lang>/<id>.html``, self-contained, images inlined),
    and only when it is a plain file inside ``_build/``. ``{scenario_id: {"demo.html": bytes}}``.
    """
    from builder.shots.store import plain_file_inside

    root = run.project.root
    found: dict[str, dict[str, bytes]] = {}
    for scenario_id in scenario_ids:
        demo = demo_path(demos_dir(root), lang, scenario_id)
        if plain_file_inside(demo, build_dir(root)):
            found[scenario_id] = {"demo.html": demo.read_bytes()}
    return found


def make_scorm(run: Run) -> None:
    from builder.content.model import localize
    from builder.content.richtext import to_plain
    from builder.outputs.scorm.package import build_package

    project = run.project
    languages = run.languages() or project.languages
    only = list(run.options.get("only") or ())
    unknown = sorted(set(only) - set(project.workshops))
    if unknown:
        known = ", ".join(sorted(project.workshops)) or "none"
        raise HelpwrightError(f"--only {unknown[0]}: no such workshop (known: {known}): "
                              "name one of content/workshops/<id>.yaml")
    out: Path = run.options.get("out") or scorm_dir(run.root)
    written: list[Path] = []
    missing: set[Path] = set()
    for lang in languages:
        for workshop_id in sorted(only or project.workshops):
            workshop = project.workshops[workshop_id].model
            ids = workshop.scenario_ids()
            package = build_package(
                run.view, lang, identifier=f"helpwright-{workshop_id}-{lang}",
                title=to_plain(localize(workshop.title, lang, "en")), scenario_ids=ids,
                checks=list(workshop.knowledge_checks), extra_files=click_through_files(run, lang, ids))
            path = out / lang / f"{workshop_id}.zip"
            package.write(path)
            missing.update(package.missing_images)
            written.append(path)
            run.tell(f"{path} ({len(ids)} lessons{', quiz' if workshop.knowledge_checks else ''})")
        if run.options.get("per_scenario"):
            for scenario_id in sorted(project.scenarios):
                page = run.view.page(scenario_id, lang)
                package = build_package(
                    run.view, lang, identifier=f"helpwright-{scenario_id}-{lang}",
                    title=to_plain(localize(page.scenario.title, lang, "en")), scenario_ids=[scenario_id],
                    extra_files=click_through_files(run, lang, [scenario_id]))
                path = out / lang / "scenarios" / f"{scenario_id}.zip"
                package.write(path)
                missing.update(package.missing_images)
                written.append(path)
    run.warn_missing(missing, "shown")
    run.say(f"Wrote {len(written)} SCORM package(s) to {out}.")


OUTPUT = Output(
    name="scorm",
    title="SCORM packages",
    order=60,
    make=make_scorm,
    help="""Write SCORM 1.2 packages an LMS imports: one zip per workshop and language.

    Writes _build/scorm/<lang>/<workshop>.zip: one lesson (SCO) per scenario, steps
    with their screenshots, and the workshop's knowledge checks as a scored quiz.
    Completion and score reach the LMS through the SCORM 1.2 API.
    """,
    options=(
        Option("languages", ("--lang", "-l"), "Package only this language (repeatable).", kind="langs"),
        Option("only", ("--only",), "Package only this workshop (repeatable).", kind="ids", metavar="ID"),
        Option("per_scenario", ("--per-scenario",), "Also write one zip per scenario, "
               "_build/scorm/<lang>/scenarios/<id>.zip.", kind="flag"),
        Option("out", ("--out", "-o"), "Output folder [default: _build/scorm].", kind="folder"),
    ),
)
