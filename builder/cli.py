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
from typing import TYPE_CHECKING, Any

import click

from builder.demo_platform import DEMO_NAME, DEMO_PASSWORD_ENV
from builder.errors import ContentError, HelpwrightError

if TYPE_CHECKING:
    from builder.outputs.registry import Option, Output


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


class _Main(click.Group):
    """The core commands, then one command per registered output (:mod:`builder.outputs.registry`),
    listed only when asked for so `helpwright check` loads no output."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(o.name for o in registered_outputs())})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            output = next((o for o in registered_outputs() if o.name == cmd_name), None)
            command = output_command(output) if output is not None else None
        return command


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--explain", is_flag=True,
              help="Also print what a reader's text may hold ({guilabel}, {menuselection}, bold…).")
@click.pass_context
@stage
def check(ctx: click.Context, path: Path | None, explain: bool = False) -> None:
    """Validate scenarios, workshops, platform config and cross-references.

    PATH is a project folder (default: the current project), or a file or folder
    inside one: then only its problems are shown, checked against the whole
    project. Every problem is printed as `path:line:col: problem: what to do`;
    the exit code is 1 if there is any.
    """
    from builder.content.loading import find_project_root, load_project, problems_under

    if explain:
        from builder.content.textguide import explain_lines

        click.echo("\n".join(explain_lines()) + "\n", err=True)

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
    from builder.content.codenotice import code_notice

    notice = code_notice(project)
    if notice and not partial:
        click.echo(notice, err=True)
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
@click.option("--shard", default=None, metavar="I/N",
              help="Capture only the I-th of N slices of the scenario×language jobs (one per CI machine); "
                   "join them with `helpwright merge-reports`.")
@click.pass_context
@stage
def capture(ctx: click.Context, base_url: str | None, browser_endpoint: str | None, headed: bool, jobs: int,
            only: tuple[str, ...], languages: tuple[str, ...], changed: bool, report: Path | None,
            approve_all: bool = False, shard: str | None = None) -> None:
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
    from builder.shots.shards import parse_shard

    slice_ = parse_shard(shard) if shard is not None else None
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
                                  endpoints=endpoints, approve_all=approve_all, shard=slice_)
    _print_review_hints(summary)
    if not summary.ok:
        for result in summary.failed:
            click.echo(f"FAILED {result.message()}", err=True)
        click.echo(f"Error: {len(summary.failed)} capture(s) failed; see _build/capture-report.json", err=True)
        sys.exit(1)


@main.command("merge-reports")
@click.argument("shards", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.pass_context
@stage
def merge_reports_command(ctx: click.Context, shards: tuple[Path, ...]) -> None:
    """Join the shards of a `capture --shard I/N` run into one result.

    SHARDS are the shards' project folders (their images and pending candidates are brought
    into this project, folder by folder) or their `_build/capture-report.json` files (the
    report only). Writes _build/capture-report.json as one run would; exits 1 if any failed.
    """
    from builder.shots.shards import merge_reports

    merged = merge_reports(_project_root(ctx), list(shards))
    counts = ", ".join(f"{n} {status}" for status, n in merged["counts"].items() if n)
    click.echo(f"Merged {len(shards)} shard(s): {counts}; wrote _build/capture-report.json")
    if not merged["ok"]:
        for result in merged["results"]:
            if result.get("status") == "failed":
                click.echo(f"FAILED {result.get('message')}", err=True)
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
    """Per scenario and language: the last good capture, pending review, stale text, failures.

    Exits 1 when a page's last capture failed or a screenshot waits for review, so CI can
    stop there; stale text alone is reported, as `build --strict` fails on it.
    """
    from builder.review.status import project_status

    root = _project_root(ctx)
    project = load_checked(root)
    found = project_status(project, list(languages) or None)
    for line in found.lines:
        click.echo(line)
    if found.blocking:
        raise HelpwrightError(f"{found.failed} failed capture(s) and {found.pending} step(s) pending review: "
                              "fix and recapture the failed pages, review the pending ones "
                              "(`helpwright review`), then run `helpwright status` again")


def _print_review_hints(summary: Any) -> None:
    """Stale text at its YAML line, then what waits for review."""
    from builder.shots.reasons import sentence
    from builder.shots.report import (
        PENDING,
        contrast_lines,
        proxy_lines,
        selector_lines,
        stale_lines,
        url_lines,
    )

    for line in (stale_lines(summary) + contrast_lines(summary) + proxy_lines(summary) + url_lines(summary)
                 + selector_lines(summary)):
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
    """The main job on the demo platform: capture, then every output (handouts, demos, the help site).

    Starts the demo platform (reset, frozen clock, random password), captures every scenario
    in every language, stops it, then makes each registered output in turn: the workshop
    PDFs, the click-through demos and the site (which links to both). A failed capture keeps its last good screenshots: the
    handouts and the site are still built, and the exit code says it failed.
    """
    failed = 0
    if not skip_capture:
        click.secho("\n== Capture ==", bold=True, err=True)
        try:
            ctx.invoke(capture, base_url=None, browser_endpoint=None, headed=False, jobs=jobs, only=(),
                       languages=(), changed=False, report=None)
        except SystemExit as exc:
            failed += 1 if exc.code else 0
    # Every output of the registry, in its order, on one loaded project and one view model.
    loaded: list[Any] = []
    for output in registered_outputs():
        if not output.in_demo:
            continue
        click.secho(f"\n== {output.title or output.name} ==", bold=True, err=True)
        options = {option.name: _demo_value(option) for option in output.options}
        stage(_run_output)(ctx, output, options, loaded)
    root = _project_root(ctx).resolve()
    for line in demo_summary(root):
        click.echo(line)
    if failed:
        click.echo("Error: some captures failed; their previous screenshots were kept (see above).", err=True)
        sys.exit(1)


def registered_outputs() -> list[Output]:
    """The registry's outputs; a plugin that cannot be loaded is named once and left out."""
    from builder.outputs.registry import OutputError, outputs

    if _OUTPUTS:
        return _OUTPUTS
    try:
        found = outputs()
    except OutputError as exc:
        click.echo(f"Warning: {exc}", err=True)
        found = outputs(plugins=False)
    _OUTPUTS.extend(o for o in found if o.name not in main.commands)  # a core command keeps its name
    return _OUTPUTS


_OUTPUTS: list[Output] = []

_KINDS: dict[str, dict[str, Any]] = {
    "flag": {"is_flag": True},
    "folder": {"type": click.Path(file_okay=False, path_type=Path)},
    "langs": {"multiple": True},
    "ids": {"multiple": True},
}


def _click_option(option: Option) -> click.Option:
    settings = {"help": option.help, "default": option.default, **_KINDS.get(option.kind, {})}
    if option.kind == "flag":
        settings["default"] = bool(option.default)
    if option.metavar:
        settings["metavar"] = option.metavar
    return click.Option([*option.flags, option.name], **settings)


def _demo_value(option: Option) -> Any:
    if option.kind in ("langs", "ids"):
        return ()
    return bool(option.default) if option.kind == "flag" else option.default


def _run_output(ctx: click.Context, output: Output, options: dict[str, Any], loaded: list[Any] | None = None) -> None:
    """Make one output from the loaded project and its view model (``loaded`` keeps them for the next)."""
    from builder.outputs.registry import Run

    loaded = [] if loaded is None else loaded
    say, tell = click.echo, lambda line: click.echo(line, err=True)
    # Before anything is loaded: a build with nothing to do costs little more than hashing its inputs.
    if output.unchanged is not None and output.unchanged(_project_root(ctx), options, say, tell):
        return
    if not loaded:
        from builder.outputs.viewmodel import build_view_model

        if options.get("clean"):  # from scratch: the content files are read again too
            from builder.content.loadcache import forget

            forget(_project_root(ctx))
        project = load_checked(_project_root(ctx))
        loaded += [project, build_view_model(project)]
    project, view = loaded
    output.make(Run(project, view, options, say=say, tell=tell))


def output_command(output: Output) -> click.Command:
    """The `helpwright <name>` command of an output, its options as the output declares them."""

    @click.pass_context
    @stage
    def make(ctx: click.Context, **options: Any) -> None:
        _run_output(ctx, output, options)

    return click.Command(output.name, callback=make, params=[_click_option(o) for o in output.options],
                         help=output.help)


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
    demos = sorted((root / "_build" / "demos").glob("*/*.html"))
    lines.append(f"Click-through demos: {len(demos)} in {root / '_build' / 'demos'} (linked from the help pages)")
    tours = [p for p in (root / "_build" / "tours").glob("*/*.json") if p.name != "index.json"]
    lines.append(f"In-app tours: {len(tours)} in {root / '_build' / 'tours'} (a platform includes helpwright-tour.js)")
    maps = sorted((root / "_build" / "helpmap").glob("*/help-map.json"))
    lines.append(f"Help links: {len(maps)} help map(s) in {root / '_build' / 'helpmap'} "
                 "(a platform includes helpwright-help.js)")
    zips = sorted((root / "_build" / "scorm").glob("*/*.zip"))
    lines.append(f"SCORM packages: {len(zips)} in {root / '_build' / 'scorm'} (import them into the LMS)")
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

    # Not resolved: `_build/site` is a link a build switches; each request follows it.
    site = (out or _project_root(ctx) / "_build" / "site").absolute()
    server = make_server(site, port, prefix)
    click.echo(f"Serving {site} at {site_url(server, prefix)} (Ctrl-C to stop)")
    try:
        server.serve_forever()
    finally:
        server.server_close()


def run() -> None:  # pragma: no cover - console entry point
    """The `helpwright` command; its process then ends without tearing the interpreter down.

    Once a command is done, every file it wrote is closed and every process it started has ended;
    what is left is freeing, one by one, the objects a build loaded (Sphinx's environment, the
    project): a quarter of a second after a one-page edit, a sixth of it. What must run at exit
    still runs (``atexit``: logging, temporary folders); only the freeing is skipped, and only
    when no other thread is running (the normal exit would wait for it).
    """
    import atexit
    import os
    import threading

    code: str | int | None = 0
    try:
        main(obj={})
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    if not isinstance(code, int) or threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except ValueError:  # closed: nothing to flush
            pass
        except OSError:  # a closed pipe (`helpwright … | head`): as the normal exit would
            code = code or 120
    os._exit(code)
