"""The handouts' registration: `helpwright handouts`, its options, and what it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.errors import HelpwrightError
from builder.outputs.registry import Option, Output, Run


def make_handouts(run: Run) -> None:
    from builder.outputs.handouts.build import build_handouts, failed_material

    only = list(run.options.get("only") or ()) or None
    strict = bool(run.options.get("strict"))
    failed = failed_material(run.project, languages=run.languages(), only=only, view=run.view)
    for line in failed:
        run.tell(("" if strict else "Warning: ") + line)
    if failed and strict:
        raise HelpwrightError(f"--strict: {len(failed)} scenario page(s) in these handouts failed their last "
                              "capture (listed above); nothing was printed")
    missing: set[Path] = set()

    def report(handout: Any, done: int, total: int) -> None:
        missing.update(handout.missing_images)
        run.tell(f"[{done}/{total}] {handout.path} ({handout.pages} pages, {handout.seconds:.1f} s)")

    run.tell("Printing handouts with Chromium…")
    made = build_handouts(run.project, languages=run.languages(), only=only,
                          out_dir=run.options.get("out"), progress=report, warn=run.tell, view=run.view,
                          help_url=run.options.get("help_url") or None, qr=not run.options.get("no_qr"))
    run.warn_missing(missing, "printed")
    run.say(f"Wrote {len(made)} PDFs.")


OUTPUT = Output(
    name="handouts",
    title="Handouts",
    order=10,  # before the site, which offers the PDFs as downloads
    make=make_handouts,
    help="""Print each workshop's participant workbook and facilitator guide to PDF.

    Writes _build/handouts/<lang>/<id>-participant.pdf and <id>-facilitator.pdf
    with Chromium. Missing screenshots print as placeholders, with a warning; so does a
    scenario whose last capture failed (it prints its earlier screenshots), and
    --strict makes that an error.
    With a help_url, each how-to in a workbook gets a QR code to its page.
    """,
    options=(
        Option("languages", ("--lang", "-l"), "Print only this language (repeatable).", kind="langs"),
        Option("only", ("--only",), "Print only this workshop (repeatable).", kind="ids", metavar="ID"),
        Option("out", ("--out", "-o"), "Output folder [default: _build/handouts].", kind="folder"),
        Option("strict", ("--strict",),
               "Fail, printing nothing, when a workshop uses a scenario whose last capture failed.", kind="flag"),
        Option("help_url", ("--help-url",), "Where the help site is published: each how-to in a workbook "
               "gets a QR code to its page [default: platform.yaml help_url].", metavar="URL"),
        Option("no_qr", ("--no-qr",), "Print no QR codes, even with a help_url.", kind="flag"),
    ),
)
