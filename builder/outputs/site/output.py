"""The help site's registration: `helpwright build`, its options, and what it does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder.errors import HelpwrightError
from builder.outputs.registry import Option, Output, Run

#: where the inputs hashed before loading wait for the build (an option no command line sets)
HASHED = "_site_inputs"

LANG = Option("languages", ("--lang", "-l"), "Build only this language (repeatable).", kind="langs")


def site_unchanged(root: Path, options: dict[str, Any], say: Callable[[str], None],
                   tell: Callable[[str], None]) -> bool:
    """True, having said so, when the last build's record shows nothing to do (see ``inputs.py``)."""
    if options.get("clean"):
        return False
    from builder.outputs.site.inputs import compare_build

    out = options.get("out")
    record, inputs = compare_build(root, list(options.get("languages") or ()) or None, out)
    if record is None:
        options[HASHED] = inputs  # the build records these instead of hashing again
        return False
    site = Path(out).absolute() if out else root.resolve() / "_build" / "site"
    built = record.built.replace("T", " ")[:16]
    tell(f"{', '.join(record.languages)}: nothing changed since the last build (built {built}, "
         f"{len(record.inputs)} inputs the same); use --clean to rebuild")
    for lang in record.languages:
        say(f"{lang}: {site / lang / 'index.html'}")
    if options.get("strict") and record.strict:
        from builder.content.project import shown_source  # only here: it loads the content model

        for line in record.strict:
            source, _, rest = line.partition(": ")
            tell(f"{shown_source(source, root)}: {rest}")
        raise _strict_error(len(record.strict))
    return True


def _strict_error(count: int) -> HelpwrightError:
    return HelpwrightError(f"--strict: {count} page(s) need attention (listed above); the site "
                           "was built, with notices on those pages")


def make_site(run: Run) -> None:
    from rich.console import Console

    from builder.outputs.site.build import build_loaded_site, clean_build, strict_failures

    options = run.options
    if options.get("clean"):
        clean_build(run.root)
    console = Console(stderr=True, highlight=False)
    with console.status("Building the help site…"):
        results = build_loaded_site(run.project, languages=run.languages(), out=options.get("out"),
                                    progress=lambda line: console.print(line, markup=False, soft_wrap=True),
                                    view=run.view, inputs=options.get(HASHED))
    for lang, result in results.items():
        run.say(f"{lang}: {result.site / 'index.html'}")
    failing = strict_failures(results) if options.get("strict") else []
    if failing:
        for check in failing:
            run.tell(check.located())
        raise _strict_error(len(failing))


OUTPUT = Output(
    name="build",
    title="Help site",
    order=90,  # last: the site links the handouts' PDFs and every other output's files
    make=make_site,
    unchanged=site_unchanged,
    help="""Build the help site with Sphinx into _build/site/<lang>/.

    With nothing changed since the last build (content, screenshots,
    approvals, templates, conf.py, demos, PDFs, Helpwright and options all
    hash the same, and the published site is untouched), it says so and does
    nothing. Otherwise only pages whose text or screenshots changed are
    re-read. A missing screenshot is a warning and a placeholder in the
    page, not a failure.
    Pages whose last capture failed, whose screenshots are older than their
    steps or wait for review, or whose text quotes labels the platform no
    longer shows are listed first and carry a notice for readers (warnings
    too); --strict makes them an error.
    """,
    options=(
        LANG,
        Option("out", ("--out", "-o"), "Output folder [default: _build/site].", kind="folder"),
        Option("clean", ("--clean",), "Forget the incremental state and rebuild everything.", kind="flag"),
        Option("strict", ("--strict",),
               "Fail (exit 1) when a page failed its capture, is stale, quotes stale text, has "
               "screenshots pending review or was never captured (for CI).", kind="flag"),
    ),
)
