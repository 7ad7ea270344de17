"""Which help pages broke or drifted, read from the last capture, for the site build.

Capture leaves two traces: ``_build/capture-report.json`` (the last run, one result per
scenario × language, with the failing step and its cause) and, per published capture,
``screenshots/<lang>/<id>/manifest.json`` (with the hash of the definition it was taken
from). The build compares them with the current content:

- **failed**: the last capture of the page failed; the page keeps its older images;
- **stale**: the images were taken from another version of the steps (or platform settings);
- **missing**: the page was never captured in that language;
- **pending**: the platform changed: new screenshots wait for review (``.pending``),
  the page keeps its approved ones;
- **stale_text**: a step's text quotes a label the page no longer shows.

Failures and stale text come from each page's latest result in the run log
(``_build/capture-log.jsonl``), so ``capture --only X`` forgets nothing about Y;
without a log, from the last report. Stale text whose quote is no longer in the
step's text (the author fixed it) is not reported again.

Nothing here runs a browser; the hash comes from the capture runner itself, so the two
stages can never disagree on what "unchanged" means.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from builder.content.project import Project
from builder.shots.store import read_json_object

FAILED, STALE, MISSING = "failed", "stale", "missing"
PENDING, STALE_TEXT = "pending", "stale_text"
#: every state `build --strict` fails on
STRICT_STATES = (FAILED, STALE, STALE_TEXT, PENDING, MISSING)
REPORT = Path("_build") / "capture-report.json"


@dataclass(frozen=True)
class PageCheck:
    """One scenario page in one language whose screenshots cannot be trusted as they are."""

    scenario: str
    lang: str
    state: str
    #: where a trainer acts: ``content/scenarios/x.yaml:LINE`` (the failing step, or ``steps:``)
    source: str
    step: int | None = None
    say: str = ""
    cause: str = ""
    url: str = ""
    #: ISO date (YYYY-MM-DD) of the last verification on the platform, when known
    date: str = ""
    #: pending: the steps waiting for review; stale_text: the quotes per step (``5: “Publier”``)
    detail: str = ""

    def describe(self) -> str:
        """One line for the terminal and the Sphinx warning (without the location)."""
        if self.state == FAILED:
            where = f" at step {self.step}" if self.step else " before the first step"
            said = f" (“{self.say}”)" if self.say else ""
            url = f" [page: {self.url}]" if self.url else ""
            return (f"last capture failed{where}{said}: {self.cause or 'no cause recorded'}{url}; "
                    "fix the scenario or the platform, then run `helpwright capture`")
        if self.state == STALE:
            when = f" on {self.date}" if self.date else ""
            return (f"screenshots captured{when} from a different version of the steps; "
                    "run `helpwright capture --changed`")
        if self.state == PENDING:
            when = f" on {self.date}" if self.date else ""
            return (f"the platform changed{when}: new screenshots of {self.detail} wait for review; "
                    "the page keeps the approved ones; run `helpwright review`")
        if self.state == STALE_TEXT:
            return (f"stale text: {self.detail}, which the platform no longer shows; "
                    "reword the `say`, then run `helpwright capture`")
        return "never captured; run `helpwright capture`"

    def located(self) -> str:
        """The line `build --strict` prints: where to act, the state, the page and what to do."""
        return f"{self.source}: {self.state.replace('_', ' ')} [{self.lang}] {self.scenario}: {self.describe()}"


def _latest_results(root: Path) -> dict[tuple[str, str], tuple[dict[str, Any], datetime | None]]:
    """Each page's latest capture result and when it ran: from the run log, else the last report."""
    from builder.shots.runlog import latest_results

    latest = latest_results(root)
    if latest:
        return latest
    failures, when = _report_failures(root)
    return {key: (result, when) for key, result in failures.items()}


def _report_failures(root: Path) -> tuple[dict[tuple[str, str], dict[str, Any]], datetime | None]:
    """Failed results of the last capture run, keyed by (scenario, lang), and when it ran."""
    path = root / REPORT
    report = read_json_object(path)
    if report is None or not isinstance(report.get("results"), list):
        return {}, None
    # The report holds no timestamp of its own; its file time is when the run ended.
    when = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    failures = {}
    for result in report["results"]:
        if isinstance(result, dict) and result.get("status") == FAILED:
            failures[(str(result.get("scenario")), str(result.get("lang")))] = result
    return failures, when


def _parse_time(text: Any) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def check_pages(project: Project, languages: list[str],
                read: Callable[[Path], dict[str, Any] | None] | None = None,
                only: Collection[str] | None = None) -> dict[tuple[str, str], PageCheck]:
    """Every scenario page, per language, that failed, went stale or was never captured (of the scenarios
    ``only``, when given).

    ``read`` reads a scenario folder's manifest (:func:`~builder.shots.store.read_manifest`, or the view
    model's, which keeps what it read for the pages)."""
    from builder.shots.definition import definition_hash
    from builder.shots.store import image_lang, read_manifest, scenario_folder

    read = read or read_manifest

    root, platform = project.root, project.platform
    if platform is None:
        return {}
    from builder.shots.pending import read_pending

    latest = _latest_results(root)
    checks: dict[tuple[str, str], PageCheck] = {}
    for sid, source in sorted(project.scenarios.items()):
        if only is not None and sid not in only:
            continue
        located = source.located
        steps_line = located.where(("steps",))[0]
        for lang in languages:
            folder = scenario_folder(root / "screenshots", platform, lang, sid)
            manifest = read(folder)
            captured = _parse_time(manifest.get("captured_at")) if manifest else None
            folder_lang = image_lang(platform, lang)
            result, report_time = latest.get((sid, folder_lang), ({}, None))
            failure = result if result.get("status") == FAILED else None
            current = definition_hash(source.model, platform, lang, root / "content")
            stale_text = stale_text_flags(source, result, lang, platform)
            pending = read_pending(root / "screenshots", folder_lang, sid)
            # A capture published after that report (by hand, or another checkout) supersedes it.
            if failure is not None and not (captured and report_time and captured > report_time):
                step = failure.get("step") if isinstance(failure.get("step"), int) else None
                line = located.where(("steps", step - 1))[0] if step else steps_line
                checks[(sid, lang)] = PageCheck(
                    sid, lang, FAILED, f"{located.display}:{line}", step=step,
                    say=str(failure.get("say") or ""), cause=str(failure.get("cause") or ""),
                    url=str(failure.get("url") or ""),
                    date=report_time.date().isoformat() if report_time else "")
            elif manifest is not None and manifest.get("definition_hash") != current:
                checks[(sid, lang)] = PageCheck(
                    sid, lang, STALE, f"{located.display}:{steps_line}",
                    date=captured.date().isoformat() if captured else "")
            elif stale_text:
                first = stale_text[0]
                detail = "; ".join(f"step {f['step']} quotes " + ", ".join(f"“{q}”" for q in f["quotes"])
                                   for f in stale_text)
                # the line and column capture recorded, in the file as shown now (capture ran elsewhere, maybe)
                recorded = str(first.get("source") or "").rsplit(":", 2)
                where = ":".join(recorded[1:]) if len(recorded) == 3 else str(steps_line)
                checks[(sid, lang)] = PageCheck(
                    sid, lang, STALE_TEXT, f"{located.display}:{where}",
                    step=int(first["step"]), detail=detail,
                    date=report_time.date().isoformat() if report_time else "")
            elif pending is not None and pending.get("definition_hash") == current:
                steps = ", ".join(f"step {s['step']}" if s.get("step") else "the result"
                                  for s in pending["steps"])
                when = _parse_time(pending.get("captured_at"))
                checks[(sid, lang)] = PageCheck(
                    sid, lang, PENDING, f"{located.display}:{steps_line}", detail=steps,
                    date=when.date().isoformat() if when else "")
            elif not any(folder.glob("*.png")):
                checks[(sid, lang)] = PageCheck(sid, lang, MISSING, f"{located.display}:{steps_line}")
            # Images without a manifest (copied by hand, test fixtures): nothing to compare with.
    return checks


def stale_text_flags(source: Any, result: dict[str, Any], lang: str, platform: Any) -> list[dict[str, Any]]:
    """The latest result's stale-text flags whose quotes the step's text still holds."""
    from builder.content.model import localize
    from builder.shots.stale import normalize, quotes

    steps = source.model.steps
    flags = []
    for flag in result.get("stale") or []:
        step = flag.get("step") if isinstance(flag, dict) else None
        if not isinstance(step, int) or not 0 < step <= len(steps):
            continue
        said = {normalize(q) for q in quotes(localize(steps[step - 1].say, lang, platform.languages[0]))}
        still = [q for q in flag.get("quotes") or [] if normalize(str(q)) in said]
        if still:
            flags.append({**flag, "quotes": still})
    return flags


def summary_lines(checks: dict[tuple[str, str], PageCheck]) -> list[str]:
    """What the build prints: one line per page with a notice, one line for the never captured."""
    if not checks:
        return ["capture status: every page matches its last capture"]
    ordered = sorted(checks.values(), key=lambda c: (c.state != FAILED, c.state, c.scenario, c.lang))
    failed = sum(1 for c in ordered if c.state == FAILED)
    stale = sum(1 for c in ordered if c.state == STALE)
    missing = [c for c in ordered if c.state == MISSING]
    pending = sum(1 for c in ordered if c.state == PENDING)
    stale_text = sum(1 for c in ordered if c.state == STALE_TEXT)
    head = (f"capture status: {failed} page(s) failed, {stale} stale, {stale_text} with stale text, "
            f"{pending} pending review, {len(missing)} never captured "
            "(from _build/capture-log.jsonl, screenshots/*/*/manifest.json and screenshots/.pending)")
    lines = [head]
    for check in ordered:
        if check.state != MISSING:
            lines.append(f"  {check.state.upper()} {check.scenario} [{check.lang}] {check.source}: "
                         f"{check.describe()} [helpwright.drift]")
    if missing:
        by_id: dict[str, list[str]] = {}
        for check in missing:
            by_id.setdefault(check.scenario, []).append(check.lang)
        names = ", ".join(f"{sid} [{', '.join(langs)}]" for sid, langs in by_id.items())
        lines.append(f"  MISSING {names}: never captured; run `helpwright capture`")
    return lines
