"""Orchestrate a capture run: plan scenario×language jobs, run them on workers, publish, report.

The engine knows nothing of any particular platform: it gets base URLs (one
:class:`Endpoint` per worker, each with an optional ``reset``) and the platform's
own description from content/platform.yaml. Results are published per
scenario×language, so one failure never costs the other scenarios their images.
"""

from __future__ import annotations

import collections
import contextlib
import errno
import logging
import os
import shutil
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.atomicwrite import write_bytes_atomic
from builder.capture.logins import Logins
from builder.capture.phases import PhaseClock
from builder.capture.progress import CaptureProgress, print_summary
from builder.capture.reset import with_platform_reset
from builder.capture.session import Endpoint, Outcome, Worker
from builder.content.model import (
    Platform,
    Review,
    Scenario,
)
from builder.errors import CaptureError, ContentError
from builder.shots.definition import definition_hash
from builder.shots.pending import (
    clear_pending,
    comparable,
    keep_approved,
    quiet_urls,
    same_images,
    triage,
    write_pending,
)
from builder.shots.report import (
    FAILED,
    MIN_HIGHLIGHT_CONTRAST,
    PASSED,
    PENDING,
    SKIPPED,
    UNCHANGED,
    CaptureResult,
    CaptureSummary,
    write_json_report,
    write_junit,
)
from builder.shots.runlog import append_run
from builder.shots.stale import judge as judge_quotes
from builder.shots.store import (
    MANIFEST,
    image_lang,
    new_staging,
    publish,
    read_manifest,
    recover_and_clean,
    same_capture,
    sha256,
    ui_lang,
    write_json_atomic,
)

if TYPE_CHECKING:
    from builder.content.yamlsource import Located

def check_reachable(url: str) -> None:
    """Fail early and clearly when nothing answers at the platform's URL."""
    try:
        with urllib.request.urlopen(url, timeout=10):
            return
    except urllib.error.HTTPError:
        return  # it answered, even if with an error page
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CaptureError(f"the platform at {url} does not answer ({reason}); start it, "
                           "or point --base-url at a running platform") from None


def _select(project: Any, only: list[str] | None) -> list[Scenario]:
    scenarios = {sid: src.model for sid, src in sorted(project.scenarios.items())}
    if only:
        unknown = [sid for sid in only if sid not in scenarios]
        if unknown:
            raise CaptureError(f"unknown scenario id {', '.join(unknown)}; known: {', '.join(scenarios)}")
        return [scenarios[sid] for sid in only]
    return list(scenarios.values())


def capture_project(root: Path, *, base_url: str | None = None, only: list[str] | None = None,
                    languages: list[str] | None = None, jobs: int = 1, changed: bool = False,
                    headed: bool = False, browser_endpoint: str | None = None, report: Path | None = None,
                    progress: bool = True, endpoints: list[Endpoint] | None = None,
                    approve_all: bool = False, shard: tuple[int, int] | None = None) -> CaptureSummary:
    """Capture the project's scenarios in each language and publish the images that passed.

    ``endpoints`` (one per worker, each with an optional reset) overrides ``base_url``;
    callers that can reset a platform between scenarios pass them. ``approve_all``
    publishes changed images without review, like ``review: {approve: auto}``. ``shard``
    ``(i, n)`` captures only the i-th of n deterministic slices of the jobs (see ``shards``).
    """
    from builder.content.loading import load_project
    from builder.shots.shards import take_shard

    root = Path(root)
    project = load_project(root)
    if project.problems or project.platform is None:
        raise ContentError(f"{len(project.problems)} problem(s) in the content; run `helpwright check`")
    platform: Platform = project.platform
    langs = languages or list(platform.languages)
    bad = [lang for lang in langs if lang not in platform.languages]
    if bad:
        raise CaptureError(f"language {', '.join(bad)} is not in platform.yaml (languages: "
                           f"{', '.join(platform.languages)})")
    selected = _select(project, only)
    # One job per image folder: every language of a one-language UI shares `screenshots/all/`.
    folders = list(dict.fromkeys(image_lang(platform, lang) for lang in langs))
    check_passwords(platform, selected, [ui_lang(platform, lang) for lang in folders])
    from builder.capture.typedsecrets import check_literal_passwords

    check_literal_passwords(platform, selected, {sid: src.located for sid, src in project.scenarios.items()},
                            project.platform_source)
    if endpoints is None:
        endpoints = [Endpoint((base_url or platform.base_url).rstrip("/"))]
    check_reachable(endpoints[0].base_url)
    endpoints = with_platform_reset(platform, root, endpoints, max(1, jobs))
    content, shots = root / "content", root / "screenshots"
    recover_and_clean(shots)
    summary = CaptureSummary(base_url=endpoints[0].base_url)
    jobs_list: list[tuple[Scenario, str, str]] = []
    plan = [(scenario, lang) for scenario in selected for lang in folders]
    if shard is not None:
        summary.shard = f"{shard[0]}/{shard[1]}"
        summary.plan = [(scenario.id, lang) for scenario, lang in plan]
    for scenario, lang in take_shard(plan, shard):
        digest = definition_hash(scenario, platform, ui_lang(platform, lang), content)
        if changed and _up_to_date(shots / lang / scenario.id, digest):
            summary.results.append(CaptureResult(scenario.id, lang, SKIPPED))
            continue
        jobs_list.append((scenario, lang, digest))
    started = time.monotonic()
    run_dir = new_staging(shots)

    def write_reports() -> None:
        order = {(s.id, lang): i for i, (s, lang, _) in enumerate(jobs_list)}
        summary.results.sort(key=lambda r: order.get((r.scenario, r.lang), -1))
        summary.seconds = time.monotonic() - started
        _locate_stale(project, platform, summary)
        write_json_report(root / "_build" / "capture-report.json", summary)
        append_run(root, summary, languages=langs, only=only, changed=changed, approve_all=approve_all)
        if report is not None:
            write_junit(report, summary)

    try:
        with CaptureProgress(len(jobs_list), enabled=progress) as bar, Interruption() as interrupted:
            _run_jobs(jobs_list, platform, content, shots, run_dir, endpoints, summary, bar, interrupted,
                      jobs=max(1, jobs), headed=headed, browser_endpoint=browser_endpoint,
                      approve_all=approve_all,
                      sources={sid: src.located for sid, src in project.scenarios.items()},
                      platform_source=project.platform_source)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            write_reports()
            raise
        with contextlib.suppress(OSError):  # the report too, if there is room for it
            write_reports()
        where = exc.filename or "the screenshots"
        free = shutil.disk_usage(root).free / 2**20 if root.exists() else 0.0
        raise CaptureError(f"no space left on the disk while writing {where} ({free:.1f} MB free): free some "
                           "space, then capture again; the published screenshots are unchanged") from None
    except Exception:
        write_reports()  # the run stopped (the browser could not start again…): what was done is reported
        raise
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    write_reports()
    if progress:
        print_summary(summary)
    return summary


def check_passwords(platform: Platform, scenarios: list[Scenario], langs: list[str]) -> None:
    """Every password variable the scenarios' personas need is set, or one line per missing one.

    Checked before anything starts (platform, browser): a capture would only find out at
    each scenario's login, once per scenario.
    """
    missing: dict[str, list[str]] = {}
    for persona_id in dict.fromkeys(s.persona for s in scenarios if s.persona):
        persona = platform.personas.get(persona_id)
        if persona is None:
            continue  # `check` refuses an unknown persona; the capture reports it at its scenario
        for lang in langs:
            env = persona.password_env_for(lang)
            if not os.environ.get(env) and persona_id not in missing.setdefault(env, []):
                missing[env].append(persona_id)
    lines = [f"persona {' and '.join(personas)}: the environment variable {env} is not set; set it to the "
             f"persona's password (nothing was captured)" for env, personas in missing.items()]
    if lines:
        # One `Error:` line per variable (the CLI puts the first one's prefix).
        raise CaptureError("\nError: ".join(lines))


def _locate_stale(project: Any, platform: Platform, summary: CaptureSummary) -> None:
    """Point each stale-text flag at its `say` in the YAML (the language's own line when split)."""
    for result in summary.results:
        source = project.scenarios.get(result.scenario)
        for flag in result.stale:
            path: tuple[Any, ...] = ("steps", int(flag["step"]) - 1, "say")
            located = source.located if source is not None else None
            if located is None:
                continue
            line, col = located.where((*path, ui_lang(platform, result.lang)))
            flag["source"] = f"{located.display}:{line}:{col}"


def _up_to_date(folder: Path, digest: str) -> bool:
    old = read_manifest(folder)
    return bool(old and old.get("status") == PASSED and old.get("definition_hash") == digest
                and all((folder / str(i.get("file"))).is_file() for i in old.get("images", [])))


class Interruption:
    """Notes a Ctrl-C (or a SIGTERM) during the run.

    A terminal sends SIGINT to the whole process group: the browser and Playwright's
    driver die with us, so the errors that follow (closed targets, broken pipes) are
    consequences, not causes. Once this is set the run ends as interrupted: the CLI
    says so in one line; staging is dropped and published folders are never half-swapped.
    """

    def __init__(self) -> None:
        self.event = threading.Event()
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> threading.Event:
        if threading.current_thread() is threading.main_thread():
            # `kill PID` (SIGTERM) too: the same unwinding, and the same silence about its consequences.
            self._previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGINT, signal.SIGTERM)}
        return self.event

    def _handle(self, _signum: int, _frame: Any) -> None:
        if not self.event.is_set():
            # Playwright's futures fail when its driver dies; asyncio would print them at exit,
            # and Playwright logs a reply that comes for a call it already gave up ("Error
            # occurred in event listener", with a traceback): consequences, not causes.
            logging.getLogger("asyncio").addFilter(_no_orphan_futures)
            logging.getLogger("playwright").addFilter(_no_listener_errors)
        self.event.set()
        raise KeyboardInterrupt

    def __exit__(self, *_exc: object) -> None:
        for sig, previous in self._previous.items():
            if previous is not None:  # None: a handler not set from Python, which cannot be put back
                signal.signal(sig, previous)
        self._previous = {}


def _no_orphan_futures(record: logging.LogRecord) -> bool:
    return "exception was never retrieved" not in record.getMessage()


def _no_listener_errors(record: logging.LogRecord) -> bool:
    return "Error occurred in event listener" not in record.getMessage()


class _JobQueue:
    """The jobs a run's workers take, each worker keeping to one UI language while it can.

    A worker runs one browser per UI language it captures in (see :meth:`Worker.ready`): worker
    ``i`` takes the jobs of the ``i``-th language first, then helps with the language that has
    the most left. Two workers on two languages launch two browsers instead of four.
    """

    def __init__(self, jobs: list[tuple[Scenario, str, str]], ui: Callable[[str], str]) -> None:
        self._lock = threading.Lock()
        self._by_lang: dict[str, collections.deque[tuple[Scenario, str, str]]] = {}
        for item in jobs:
            self._by_lang.setdefault(ui(item[1]), collections.deque()).append(item)
        self._langs = list(self._by_lang)

    def take(self, worker: int) -> tuple[Scenario, str, str] | None:
        """The next job for ``worker``; None when every job is taken."""
        with self._lock:
            if not self._langs:
                return None
            home = self._by_lang[self._langs[worker % len(self._langs)]]
            jobs = home or max(self._by_lang.values(), key=len)
            return jobs.popleft() if jobs else None


def _run_jobs(jobs_list: list[tuple[Scenario, str, str]], platform: Platform, content: Path, shots: Path,
              run_dir: Path, endpoints: list[Endpoint], summary: CaptureSummary, bar: CaptureProgress,
              interrupted: threading.Event, *, jobs: int, headed: bool, browser_endpoint: str | None,
              approve_all: bool = False, sources: dict[str, Located] | None = None,
              platform_source: Located | None = None) -> None:
    todo = _JobQueue(jobs_list, lambda lang: ui_lang(platform, lang))
    logins = Logins()
    clock = PhaseClock()
    summary.phases = clock.seconds  # filled in as the workers go
    encoder = ThreadPoolExecutor(max_workers=2, thread_name_prefix="png")
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        endpoint = endpoints[index % len(endpoints)]
        # One browser per UI language, its native controls (file pickers…) in that language.
        worker = Worker(platform, content, logins, encoder, headed=headed, browser_endpoint=browser_endpoint,
                        languages=list(dict.fromkeys(ui_lang(platform, lang) for _, lang, _ in jobs_list)),
                        platform_source=platform_source, clock=clock)
        try:
            worker.start()
            while not errors and not interrupted.is_set():
                item = todo.take(index)
                if item is None:
                    return
                scenario, lang, digest = item
                bar.started(index, f"{lang} {scenario.id}")
                t0 = time.monotonic()
                version = worker.ready(ui_lang(platform, lang))  # started again if it went away with the last one
                with lock:
                    summary.browser_version = version
                outcome = worker.capture(scenario, ui_lang(platform, lang), endpoint, shots / lang / scenario.id,
                                         source=(sources or {}).get(scenario.id))
                if interrupted.is_set():
                    return  # after a Ctrl-C, a failure is its consequence, not the scenario's
                result = _publish(scenario, lang, digest, outcome, shots, run_dir, endpoint.base_url,
                                  version, time.monotonic() - t0, review=platform.review,
                                  approve_all=approve_all, clock=clock)
                with lock:
                    summary.results.append(result)
                bar.finished(index, result)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the calling thread
            errors.append(exc)
        finally:
            try:
                worker.stop()
            except Exception as exc:  # noqa: BLE001 - after a Ctrl-C the browser is already gone
                if not interrupted.is_set():
                    errors.append(exc)

    count = min(jobs, max(1, len(jobs_list)))
    try:
        if count == 1:
            work(0)
        else:
            threads = [threading.Thread(target=work, args=(i,), name=f"capture-{i}", daemon=True)
                       for i in range(count)]
            for thread in threads:
                thread.start()
            try:
                for thread in threads:
                    while thread.is_alive():
                        thread.join(0.2)  # short joins keep Ctrl-C responsive
            except KeyboardInterrupt:
                errors.append(KeyboardInterrupt())  # workers take no new scenario
                for thread in threads:
                    thread.join(5)  # their browser is gone: they stop quickly
                raise
    finally:
        encoder.shutdown(wait=False, cancel_futures=True)
    if interrupted.is_set():
        raise KeyboardInterrupt
    if errors:
        raise errors[0]


def _publish(scenario: Scenario, lang: str, digest: str, outcome: Outcome, shots: Path, run_dir: Path,
             base_url: str, browser_version: str, seconds: float, *, review: Review | None = None,
             approve_all: bool = False, clock: PhaseClock | None = None) -> CaptureResult:
    """Write a passed capture to staging and swap it in; keep a failure's screenshot aside.

    Against an approved capture of the same definition, only unchanged images and, with
    auto-approval, changed ones are published; the others wait in ``.pending`` (see
    :mod:`builder.shots.pending`).
    """
    clock = clock or PhaseClock()
    result = CaptureResult(scenario.id, lang, PASSED, seconds=round(seconds, 2), images=len(outcome.images))
    target = shots / lang / scenario.id
    old = read_manifest(target)
    result.stale, quoted = judge_quotes(outcome.quotes, (old or {}).get("quotes") or {})
    result.proxies = list(outcome.proxies)
    if outcome.failure is not None:
        result.status, result.cause, result.source = FAILED, str(outcome.failure), outcome.source
        result.step, result.say, result.url = outcome.step, outcome.say, outcome.url
        if outcome.failure_png:
            path = shots.parent / "_build" / "capture-failures" / lang / f"{scenario.id}.png"
            write_bytes_atomic(path, outcome.failure_png)
            result.failure_screenshot = str(path.relative_to(shots.parent))
        return result
    staged = run_dir / lang / scenario.id
    staged.mkdir(parents=True)
    images = []
    for image in outcome.images:
        png, width, height = image.result()
        ratio = image.contrast.result() if image.contrast is not None else None
        if ratio is not None and ratio < MIN_HIGHLIGHT_CONTRAST:
            result.low_contrast.append({"step": image.step, "file": image.file, "ratio": round(ratio, 2)})
        found = image.record.get("target") if isinstance(image.record, dict) else None
        if isinstance(found, dict) and not found.get("selector"):
            result.no_selector.append(image.step)  # found, but nothing stable to point a tour at
        with clock.phase("write"):
            (staged / image.file).write_bytes(png)
        images.append({"step": image.step, "file": image.file, "width": width,
                       "height": height, "sha256": sha256(png), **image.record})
    manifest = {
        "scenario": scenario.id, "lang": lang, "status": PASSED,
        "captured_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "definition_hash": digest, "base_url": base_url, "browser_version": browser_version,
        "timings": outcome.timings, "images": images,
    }
    if quoted:
        manifest["quotes"] = quoted
    if outcome.unshot:
        manifest["unshot"] = [{"step": number, **record} for number, record in sorted(outcome.unshot.items())]
        result.no_selector = sorted({*result.no_selector, *(
            number for number, record in outcome.unshot.items()
            if isinstance(record.get("target"), dict) and not record["target"].get("selector"))})
    review = review or Review()
    if old is not None and comparable(old, manifest, target):
        with clock.phase("compare"):
            found = triage(staged, manifest, target, old, threshold=review.threshold,
                           pixel_threshold=review.pixel_threshold)
        auto = approve_all or review.approve == "auto"
        summary = [{"step": c["step"], "file": c["file"], "ratio": (c["diff"] or {}).get("ratio"),
                    "reasons": c["reasons"]} for c in found.changed]
        if auto:
            result.approved = summary
            clear_pending(shots, lang, scenario.id)
        elif found.changed:
            result.status, result.pending = PENDING, summary
            with clock.phase("write"):
                write_pending(shots, lang, scenario.id, staged, manifest, found.changed, run_dir,
                              pixel_threshold=review.pixel_threshold)
        else:
            clear_pending(shots, lang, scenario.id)
        # The staged folder becomes what is published: approved images where nothing (or not enough)
        # changed, and where a change waits for review.
        held = set(found.kept) | (set() if auto else {c["file"] for c in found.changed})
        with clock.phase("compare"):
            manifest = keep_approved(staged, manifest, target, old, held)
            manifest, result.url_changes = quiet_urls(manifest, old)
        if same_images(old, manifest):
            if result.status != PENDING:
                result.status = UNCHANGED  # identical pixels: leave the published folder (and git) alone
            return result
    else:
        clear_pending(shots, lang, scenario.id)  # a new baseline: the author changed the steps
    with clock.phase("write"):
        write_json_atomic(staged / MANIFEST, manifest)
    if same_capture(old, manifest, target) and same_images(old, manifest):
        result.status = UNCHANGED
        return result
    with clock.phase("write"):
        publish(staged, target, run_dir)
    return result
