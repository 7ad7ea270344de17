"""The tours' registration: `helpwright tours`, its options, and what it does."""

from __future__ import annotations

from builder.outputs.registry import Option, Output, Run


def make_tours(run: Run) -> None:
    from builder.outputs.tours.build import build_tours

    result = build_tours(run.view, languages=run.languages(), only=list(run.options.get("only") or ()) or None,
                         out=run.options.get("out"))
    for line in result.left_out:
        run.tell(f"left out: {line}")
    if result.left_out:
        run.tell(f"Warning: {len(result.left_out)} step(s) or tour(s) left out (listed above): a tour step needs "
                 "a capture that recorded a stable selector for its target; give the element an id or a "
                 "data-testid, or a unique accessible name, then run `helpwright capture`.")
    run.say(f"Wrote {len(result.written)} tour(s) and the loader {result.out / 'helpwright-tour.js'}.")


OUTPUT = Output(
    name="tours",
    title="In-app tours",
    order=30,
    make=make_tours,
    help="""Write in-app tours (Driver.js) of each scenario into _build/tours/.

    Per language and scenario, <lang>/<id>.json points each step at the element
    capture found, by the stable selector it recorded; helpwright-tour.js is the
    loader a platform includes (Driver.js is vendored next to it). Steps without a
    selector are left out and listed.
    """,
    options=(
        Option("languages", ("--lang", "-l"), "Write only this language (repeatable).", kind="langs"),
        Option("only", ("--only",), "Write only this scenario (repeatable).", kind="ids", metavar="ID"),
        Option("out", ("--out", "-o"), "Output folder [default: _build/tours].", kind="folder"),
    ),
)
