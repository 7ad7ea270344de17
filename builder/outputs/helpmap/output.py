"""The help map's registration: `helpwright helpmap`, its options, and what it does."""

from __future__ import annotations

from builder.errors import HelpwrightError
from builder.outputs.registry import Option, Output, Run

DEFAULT_SITE_URL = "/help/"


def make_helpmap(run: Run) -> None:
    from builder.outputs.helpmap.build import SCRIPT, build_helpmap

    site_url = str(run.options.get("site_url") or DEFAULT_SITE_URL)
    if not site_url.startswith(("http://", "https://", "/")):
        raise HelpwrightError(f"--site-url {site_url}: not a web address: give where the help site is published, "
                              "as https://help.example.org/ or a path on the platform's host like /help/")
    result = build_helpmap(run.view, site_url=site_url, languages=run.languages(), out=run.options.get("out"))
    for lang in result.covered:
        covered, uncovered = result.covered[lang], result.uncovered[lang]
        run.say(f"{lang}: route coverage: {len(covered)} platform page(s) seen in captures have help, "
                f"{len(uncovered)} have none")
        for pattern in covered:
            run.tell(f"  {lang} help    {pattern}")
        for pattern in uncovered:
            run.tell(f"  {lang} no help {pattern} (only reached as an outcome: its link opens the search)")
    run.say(f"Wrote the help maps and {result.out / SCRIPT}.")


OUTPUT = Output(
    name="helpmap",
    title="Help links",
    order=40,
    make=make_helpmap,
    help="""Write the help map and the script that adds a Help link to each platform page.

    Per language, _build/helpmap/<lang>/help-map.json maps the platform pages that
    capture visited (URL patterns) to the help page of the scenarios done there;
    helpwright-help.js, included by the platform, links each page to its help, or to
    the help site's search with the page's title. Prints the route coverage.
    """,
    options=(
        Option("languages", ("--lang", "-l"), "Write only this language (repeatable).", kind="langs"),
        Option("site_url", ("--site-url",), "Where the help site is published (holds <lang>/) "
               f"[default: {DEFAULT_SITE_URL}].", kind="text", metavar="URL"),
        Option("out", ("--out", "-o"), "Output folder [default: _build/helpmap].", kind="folder"),
    ),
)
