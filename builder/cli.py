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

from builder.demo_platform import DEMO_NAME, DEMO_PASSWORD_ENV
from builder.errors import ContentError, HelpwrightError


def _project_root(ctx: click.Context) -> Path:
    return Path(ctx.obj["project"])


def _terminate_like_ctrl_c() -> None:
    """Make `kill` (SIGTERM) unwind like Ctrl-C, so servers stop and staging is cleaned."""
    import signal
    import threading

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.startswith(("http://", "https://")):
        raise click.BadParameter(f"`{value}` is not a web address: start it with http:// or https://")
    return value


def stage(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command body, turning domain errors into `Error: …` and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _terminate_like_ctrl_c()
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
    from builder.content.loading import load_project

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

    PATH is a project folder (default: the current project), or a file or folder
    inside one: then only its problems are shown, checked against the whole
    project. Every problem is printed as `path:line:col: problem: what to do`;
    the exit code is 1 if there is any.
    """
    from builder.content.loading import find_project_root, load_project, problems_under

    focus = path if path is not None else _project_root(ctx)
    root = find_project_root(focus)
    if root is None:
        if not focus.is_dir():
            raise HelpwrightError(f"{focus} is not in a Helpwright project (no content/platform.yaml above it)")
        root = focus  # an empty folder: loading reports the missing platform.yaml
    project = load_project(root)
    partial = focus.resolve() != root.resolve()
    problems = problems_under(project, focus) if partial else project.problems
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        count = len(problems)
        raise ContentError(f"{count} problem{'s' if count > 1 else ''} found; fix them and run again")
    from builder.demo_platform import is_demo_url

    # `capture` starts the demo platform itself and restores its data before every scenario.
    if project.platform is not None and not is_demo_url(project.platform.base_url):
        for warning in problems_under(project, focus, project.warnings) if partial else project.warnings:
            click.echo(str(warning), err=True)
    if partial:
        click.echo(f"OK: {focus}")
    else:
        click.echo(f"OK: {len(project.scenarios)} scenarios, {len(project.workshops)} workshops, "
                   f"{len(project.languages)} languages.")


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--base-url", default=None, callback=_check_base_url,
              help="Where the platform runs [default: http://127.0.0.1:8000].")
@click.option("--languages", default="fr,en", show_default=True, metavar="LANG[,LANG…]",
              help="Languages of the help, primary first.")
@click.option("--login-path", default="/login", show_default=True, help="Path of the platform's login page.")
@click.pass_context
@stage
def init(ctx: click.Context, folder: Path | None, base_url: str | None, languages: str, login_path: str) -> None:
    """Start a new help project in FOLDER (default: the project folder, `-C`).

    Writes a commented content/platform.yaml, an example scenario and workshop,
    the JSON Schemas and a .gitignore; asks nothing. Refuses a folder that
    already holds a project.
    """
    from builder.content.init import DEFAULT_BASE_URL, init_project, next_steps

    root = folder if folder is not None else _project_root(ctx)
    langs = [lang.strip() for lang in languages.replace(" ", ",").split(",") if lang.strip()]
    written = init_project(root, base_url=base_url or DEFAULT_BASE_URL, languages=langs, login_path=login_path)
    for path in written:
        click.echo(f"Wrote {path}")
    click.echo("")
    for line in next_steps(root, langs):
        click.echo(line)


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
    from builder.content.loading import load_model
    from builder.content.model import Platform
    from builder.content.scaffold import new_scenario

    root = _project_root(ctx.parent.parent) if ctx.parent and ctx.parent.parent else Path(".")
    platform, _, _ = load_model(root / "content" / "platform.yaml", Platform, root)
    if platform is None:
        raise HelpwrightError("content/platform.yaml is missing or invalid: run `helpwright check`")
    if topic is None:
        topic = next(iter(platform.topics), "general")
    if platform.topics and topic not in platform.topics:
        raise HelpwrightError(f"unknown topic `{topic}`: use one of {', '.join(platform.topics)} "
                              "or declare it under `topics` in content/platform.yaml")
    path = new_scenario(root, scenario_id, topic, platform)
    click.echo(f"Created {path}")


@main.command()
@click.pass_context
@stage
def schema(ctx: click.Context) -> None:
    """Regenerate the JSON Schemas in schemas/ from the models."""
    from builder.content.schema import write_schemas

    for path in write_schemas(_project_root(ctx) / "schemas"):
        click.echo(f"Wrote {path}")


@main.command()
@click.option("--lang", "-l", "languages", multiple=True, help="Build only this language (repeatable).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: _build/site].")
@click.option("--clean", is_flag=True, help="Forget the incremental state and rebuild everything.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) when a page failed its capture, is stale, quotes stale text, has "
                   "screenshots pending review or was never captured (for CI).")
@click.pass_context
@stage
def build(ctx: click.Context, languages: tuple[str, ...], out: Path | None, clean: bool,
          strict: bool = False) -> None:
    """Build the help site with Sphinx into _build/site/<lang>/.

    Only pages whose text or screenshots changed are re-read. A missing
    screenshot is a warning and a placeholder in the page, not a failure.
    Pages whose last capture failed, whose screenshots are older than their
    steps or wait for review, or whose text quotes labels the platform no
    longer shows are listed first and carry a notice for readers (warnings
    too); --strict makes them an error.
    """
    from rich.console import Console

    from builder.outputs.site.build import build_site_report, clean_build, strict_failures

    root = _project_root(ctx)
    load_checked(root)
    if clean:
        clean_build(root)
    console = Console(stderr=True, highlight=False)
    with console.status("Building the help site…"):
        results = build_site_report(root, languages=list(languages) or None, out=out,
                                    progress=lambda line: console.print(line, markup=False, soft_wrap=True))
    for lang, result in results.items():
        click.echo(f"{lang}: {result.site / 'index.html'}")
    failing = strict_failures(results) if strict else []
    if failing:
        for check in failing:
            click.echo(f"{check.source}: {check.state.replace('_', ' ')} [{check.lang}] {check.scenario}: "
                       f"{check.describe()}", err=True)
        raise HelpwrightError(f"--strict: {len(failing)} page(s) need attention (listed above); the site "
                              "was built, with notices on those pages")


@main.command()
@click.option("--lang", "-l", "languages", multiple=True, help="Print only this language (repeatable).")
@click.option("--only", "only", multiple=True, metavar="ID", help="Print only this workshop (repeatable).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: _build/handouts].")
@click.pass_context
@stage
def handouts(ctx: click.Context, languages: tuple[str, ...], only: tuple[str, ...], out: Path | None) -> None:
    """Print each workshop's participant workbook and facilitator guide to PDF.

    Writes _build/handouts/<lang>/<id>-participant.pdf and <id>-facilitator.pdf
    with Chromium. Missing screenshots print as placeholders, with a warning.
    """
    from builder.outputs.handouts.build import build_handouts

    project = load_checked(_project_root(ctx))
    missing: set[Path] = set()

    def report(handout: Any, done: int, total: int) -> None:
        missing.update(handout.missing_images)
        click.echo(f"[{done}/{total}] {handout.path} ({handout.pages} pages, {handout.seconds:.1f} s)", err=True)

    click.echo("Printing handouts with Chromium…", err=True)
    made = build_handouts(project, languages=list(languages) or None, only=list(only) or None,
                          out_dir=out, progress=report, warn=lambda line: click.echo(line, err=True))
    if missing:
        click.echo(f"Warning: {len(missing)} screenshot(s) missing, printed as placeholders "
                   f"(first: {min(missing)}); run `helpwright capture`.", err=True)
    click.echo(f"Wrote {len(made)} PDFs.")


@main.command()
@click.option("--base-url", default=None, callback=_check_base_url,
              help="Platform URL [default: platform.yaml; the demo starts itself].")
@click.option("--browser-endpoint", default=None, metavar="WS_URL",
              help="Connect to a remote Playwright browser server (ws://…).")
@click.option("--headed", is_flag=True, help="Show the browser window (debugging).")
@click.option("--jobs", "-j", type=click.IntRange(1, 32), default=1, show_default=True,
              help="Scenarios captured in parallel.")
@click.option("--only", "only", multiple=True, metavar="ID[,ID…]",
              help="Capture only these scenarios (comma-separated, or repeat the option).")
@click.option("--lang", "-l", "languages", multiple=True, help="Capture only this language (repeatable).")
@click.option("--changed", is_flag=True, help="Skip scenarios unchanged since their last good capture.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a JUnit XML report here.")
@click.option("--approve-all", is_flag=True,
              help="Publish changed screenshots at once instead of holding them for `helpwright review`.")
@click.pass_context
@stage
def capture(ctx: click.Context, base_url: str | None, browser_endpoint: str | None, headed: bool, jobs: int,
            only: tuple[str, ...], languages: tuple[str, ...], changed: bool, report: Path | None,
            approve_all: bool = False) -> None:
    """Run the scenarios in Chromium and write screenshots/<lang>/<id>/.

    With no --base-url and the demo's URL in platform.yaml, the demo platform
    is started (reset, frozen clock) for the run and stopped afterwards.
    A screenshot that differs from the approved one waits in
    screenshots/.pending/ for `helpwright review` (unless --approve-all or
    `review: {approve: auto}`); steps whose text quotes a label the page no
    longer shows are reported at the line of their `say`.
    """
    from contextlib import ExitStack

    from builder.capture import capture_project
    from builder.demo_platform import demo_endpoints, is_demo_url

    root = _project_root(ctx)
    project = load_checked(root)
    only = tuple(sid for value in only for sid in value.replace(",", " ").split())
    unknown = [sid for sid in only if sid not in project.scenarios]
    if unknown:
        raise HelpwrightError(f"unknown scenario `{unknown[0]}` in --only: use one of "
                              f"{', '.join(sorted(project.scenarios))}")
    with ExitStack() as stack:
        endpoints = None
        if base_url is None and is_demo_url(project.platform.base_url):
            click.echo("Starting the demo platform…", err=True)
            endpoints = stack.enter_context(demo_endpoints(root, count=jobs))
        summary = capture_project(root, base_url=base_url, only=list(only) or None,
                                  languages=list(languages) or None, jobs=jobs, changed=changed,
                                  headed=headed, browser_endpoint=browser_endpoint, report=report,
                                  endpoints=endpoints, approve_all=approve_all)
    _print_review_hints(summary)
    if not summary.ok:
        for result in summary.failed:
            click.echo(f"FAILED {result.message()}", err=True)
        click.echo(f"Error: {len(summary.failed)} capture(s) failed; see _build/capture-report.json", err=True)
        sys.exit(1)


@main.command()
@click.option("--approve", "approvals", multiple=True, metavar="[LANG/]ID[:STEP]",
              help="Approve pending screenshots: a scenario, or one step (a number or `result`); repeatable.")
@click.option("--reject", "rejections", multiple=True, metavar="[LANG/]ID[:STEP]",
              help="Reject pending screenshots (the approved ones stay); repeatable.")
@click.option("--lang", "-l", "languages", multiple=True, help="Only this language's captures (repeatable).")
@click.option("--ui-lang", default=None, help="Language of the gallery [default: the first of platform.yaml].")
@click.option("--serve", is_flag=True, help="Serve the gallery on 127.0.0.1; decisions made in it are written.")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Port for --serve (0: any free port).")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the gallery [default: _build/review/index.html].")
@click.pass_context
@stage
def review(ctx: click.Context, approvals: tuple[str, ...], rejections: tuple[str, ...],
           languages: tuple[str, ...], ui_lang: str | None, serve: bool, port: int, out: Path | None) -> None:
    """Review screenshots that changed since they were approved.

    Without --approve/--reject, writes an offline gallery of every pending step
    (approved and new image side by side, slider, blink, differences boxed,
    the reasons in words, stale text marked) to _build/review/index.html.
    With --serve it is served on 127.0.0.1 and its Approve/Reject buttons (and
    keys a/r) write the decisions. Each decision updates screenshots/ and is
    recorded in screenshots/approvals.json, to commit with the images.
    """
    from builder.review.decide import approve, reject, select

    root = _project_root(ctx)
    project = load_checked(root)
    langs = list(languages) or None
    shots = root / "screenshots"
    if approvals or rejections:
        chosen = [(s, approve) for s in select(shots, list(approvals), langs)]
        chosen += [(s, reject) for s in select(shots, list(rejections), langs)]
        for step, action in chosen:
            decision = action(root, step)
            why = "; ".join(decision.get("reasons") or []) or "no reason recorded"
            click.echo(f"{decision['decision']} {step.label} ({step.file}, {decision['changed']} changed): {why}")
        _echo_remaining(shots)
        return
    if ui_lang is not None and ui_lang not in project.languages:
        raise HelpwrightError(f"--ui-lang {ui_lang}: use one of {', '.join(project.languages)}")
    if serve:
        from builder.review.serve import ReviewServer

        server = ReviewServer(root, port, ui_lang=ui_lang, languages=langs, log=click.echo)
        click.echo(f"Review gallery: {server.url} (decisions are written to screenshots/). Press Ctrl-C to stop.")
        try:
            server.serve_forever(poll_interval=0.2)
        finally:
            server.server_close()
        return
    from builder.review.gallery import write_gallery

    path, count = write_gallery(root, ui_lang=ui_lang, languages=langs, out=out)
    click.echo(f"{count} step(s) pending review: {path}")
    if count:
        click.echo("Open it in a browser, or run `helpwright review --serve` to approve and reject in it; "
                   "from the terminal: `helpwright review --approve ID[:STEP]`.")


def _echo_remaining(shots: Path) -> None:
    from builder.review.decide import pending_steps

    left = pending_steps(shots)
    click.echo(f"{len(left)} step(s) still pending review" + (
        ": " + ", ".join(s.label for s in left[:12]) + (" …" if len(left) > 12 else "") if left else "."))


@main.command()
@click.option("--lang", "-l", "languages", multiple=True, help="Only this language (repeatable).")
@click.pass_context
@stage
def status(ctx: click.Context, languages: tuple[str, ...]) -> None:
    """Per scenario and language: the last good capture, pending review, stale text, failures."""
    from builder.review.status import status_lines

    root = _project_root(ctx)
    project = load_checked(root)
    for line in status_lines(project, list(languages) or None):
        click.echo(line)


def _print_review_hints(summary: Any) -> None:
    """Stale text at its YAML line, then what waits for review."""
    from builder.capture.reasons import sentence
    from builder.capture.report import PENDING, contrast_lines, proxy_lines, stale_lines, url_lines

    for line in stale_lines(summary) + contrast_lines(summary) + proxy_lines(summary) + url_lines(summary):
        click.echo(line, err=True)
    pending = [r for r in summary.results if r.status == PENDING]
    for result in pending:
        for item in result.pending:
            step = f"step {item['step']}" if item.get("step") else "result"
            ratio = item.get("ratio")
            changed = f" ({ratio * 100:.2f}% changed)" if isinstance(ratio, int | float) else ""
            click.echo(f"PENDING {result.lang}/{result.scenario}:{item.get('step') or 'result'} {step}{changed}: "
                       f"{sentence(item.get('reasons') or [])}", err=True)
    if pending:
        count = sum(len(r.pending) for r in pending)
        click.echo(f"{count} changed screenshot(s) wait for review; the site keeps the approved ones. "
                   "Run `helpwright review` (gallery) or `helpwright review --approve ID[:STEP]`.", err=True)


@main.command(help=f"Run {DEMO_NAME}, the demo platform, in the foreground (reset, frozen clock) until Ctrl-C.")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.pass_context
@stage
def platform(ctx: click.Context, port: int) -> None:
    import time

    from builder.demo_platform import running_demo_platform

    with running_demo_platform(port=port, root=_project_root(ctx), keep_default_password=True) as demo:
        click.echo(f"{DEMO_NAME} is running at {demo.url} (seeded users share {DEMO_PASSWORD_ENV}, "
                   "or the documented default). Press Ctrl-C to stop.")
        while True:
            time.sleep(3600)


@main.command()
@click.option("--skip-capture", is_flag=True, help="Use the committed screenshots; do not start the platform.")
@click.option("--jobs", "-j", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Scenarios captured in parallel.")
@click.pass_context
def demo(ctx: click.Context, skip_capture: bool, jobs: int) -> None:
    """The main job on the demo platform: capture, then handouts, then the help site.

    Starts the demo platform (reset, frozen clock, random password), captures every scenario
    in every language, stops it, prints the workshop PDFs and builds the site
    (which links to them). A failed capture keeps its last good screenshots: the
    handouts and the site are still built, and the exit code says it failed.
    """
    failed = 0
    steps: list[tuple[str, Callable[..., Any], dict[str, Any]]] = [
        ("Capture", capture, {"base_url": None, "browser_endpoint": None, "headed": False, "jobs": jobs,
                              "only": (), "languages": (), "changed": False, "report": None}),
        ("Handouts", handouts, {"languages": (), "only": (), "out": None}),
        ("Help site", build, {"languages": (), "out": None, "clean": False}),
    ]
    if skip_capture:
        steps = steps[1:]
    for title, command, options in steps:
        click.secho(f"\n== {title} ==", bold=True, err=True)
        try:
            ctx.invoke(command, **options)
        except SystemExit as exc:
            if exc.code:
                failed += 1
                if title != "Capture":
                    sys.exit(exc.code)
    root = _project_root(ctx).resolve()
    for line in demo_summary(root):
        click.echo(line)
    if failed:
        click.echo("Error: some captures failed; their previous screenshots were kept (see above).", err=True)
        sys.exit(1)


def demo_summary(root: Path) -> list[str]:
    """Where to look after `demo`: captures, pages built, the PDFs and how to serve the site."""
    import json

    lines = [""]
    try:
        report = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))
        results = report.get("results", [])
        failed = sum(1 for r in results if r.get("status") == "failed")
        pending = sum(1 for r in results if r.get("status") == "pending")
        lines.append(f"Captured: {len(results) - failed} scenario run(s) of {len(results)}, {failed} failed"
                     + (f", {pending} with screenshots pending review (`helpwright review`)" if pending else ""))
    except (OSError, ValueError):
        lines.append("Captured: no capture report (capture skipped)")
    site = root / "_build" / "site"
    pages = sum(1 for _ in site.glob("*/**/*.html")) if site.is_dir() else 0
    command = Path(sys.executable).parent / "helpwright"
    lines.append(f"Help site: {pages} pages in {site}; to browse it with search: "
                 f"{command if command.is_file() else 'helpwright'} -C {root} serve   "
                 "(then open http://127.0.0.1:8000/)")
    pdfs = sorted((root / "_build" / "handouts").glob("*/*.pdf"))
    lines.append(f"Handouts: {len(pdfs)} PDF(s) in {root / '_build' / 'handouts'}")
    lines.extend(f"  {pdf.relative_to(root)}" for pdf in pdfs)
    return lines


@main.command()
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--prefix", default="/", show_default=True,
              help="Serve the site under this sub-path, as when it is deployed at /help/.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The built site folder [default: _build/site].")
@click.pass_context
@stage
def serve(ctx: click.Context, port: int, prefix: str, out: Path | None) -> None:
    """Serve the built help site on 127.0.0.1 (search included) until Ctrl-C.

    Opens nothing: it prints the address to open. Build the site first with
    `helpwright build` (or `helpwright demo`).
    """
    from builder.outputs.site.serve import make_server, site_url

    site = (out or _project_root(ctx) / "_build" / "site").resolve()
    server = make_server(site, port, prefix)
    click.echo(f"Serving {site} at {site_url(server, prefix)} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    finally:
        server.server_close()


def run() -> None:  # pragma: no cover - console entry point
    main(obj={})
