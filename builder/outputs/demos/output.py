"""The click-through demos' registration: `helpwright demos`, its options, and what it does."""

from __future__ import annotations

from builder.outputs.registry import Option, Output, Run


def make_demos(run: Run) -> None:
    from builder.outputs.demos.build import build_demos

    made = build_demos(run.view, languages=run.languages(), only=list(run.options.get("only") or ()) or None,
                       out_dir=run.options.get("out"), progress=run.tell)
    run.say(f"Wrote {len(made)} click-through demos.")


OUTPUT = Output(
    name="demos",
    title="Click-through demos",
    order=20,  # before the site, whose scenario pages link them
    make=make_demos,
    help="""Write each scenario as a click-through demo, one offline HTML file per language.

    Writes _build/demos/<lang>/<id>.html: the screenshots at full size, a hotspot
    on each target capture proved (a wrong click shows a hint), the step text as a
    caption, keyboard navigation. The help site links each demo it finds.
    """,
    options=(
        Option("languages", ("--lang", "-l"), "Write only this language (repeatable).", kind="langs"),
        Option("only", ("--only",), "Write only this scenario (repeatable).", kind="ids", metavar="ID"),
        Option("out", ("--out", "-o"), "Output folder [default: _build/demos].", kind="folder"),
    ),
)
