"""What a capture run produced, and the reports written from it (JSON always, JUnit on request).

A failure names everything a trainer needs to act: scenario, language, step number
and its text, the cause, the page URL and the failure screenshot. Nothing here ever
holds a password: causes come from step descriptions and page text, not from values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from builder.atomicwrite import write_bytes_atomic
from builder.shots.store import write_json_atomic

PASSED, UNCHANGED, SKIPPED, FAILED = "passed", "unchanged", "skipped", "failed"
#: the capture passed but some images differ from the approved ones: they wait for review
PENDING = "pending"


@dataclass
class CaptureResult:
    """The outcome of one scenario in one language."""

    scenario: str
    lang: str
    status: str
    seconds: float = 0.0
    images: int = 0
    step: int | None = None
    say: str | None = None
    cause: str | None = None
    url: str | None = None
    failure_screenshot: str | None = None
    #: pending steps: ``{"step": 5, "file": "05.png", "ratio": 0.012, "reasons": [...]}``
    pending: list[dict[str, Any]] = field(default_factory=list)
    #: steps approved automatically (``approve: auto``, ``--approve-all``), same shape
    approved: list[dict[str, Any]] = field(default_factory=list)
    #: stale text: ``{"step": 5, "quotes": ["Publier"], "source": "content/…yaml:41:5"}``
    stale: list[dict[str, Any]] = field(default_factory=list)
    #: highlights that stand out less than 3:1 from the page around them: ``{"step": 5, "file": "05.png", "ratio": 2.1}``
    low_contrast: list[dict[str, Any]] = field(default_factory=list)
    #: where the failing step (or start page) is written: ``content/scenarios/x.yaml:12:7``
    source: str | None = None
    #: hidden file inputs framed through their one visible opener: ``{"step": 2, "target": …, "shown": …}``
    proxies: list[dict[str, Any]] = field(default_factory=list)
    #: images whose pixels did not change while their page's URL did: ``{"step", "file", "from", "to"}``
    url_changes: list[dict[str, Any]] = field(default_factory=list)


    #: steps whose target was found but has no stable selector (in-app tours leave them out)
    no_selector: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status != FAILED

    def message(self) -> str:
        """One paragraph for the terminal and the reports."""
        if self.ok:
            if self.status == PENDING:
                steps = ", ".join(_step_name(p) for p in self.pending)
                return (f"{self.scenario} [{self.lang}]: {len(self.pending)} changed image(s) pending review "
                        f"({steps}); run `helpwright review`")
            return f"{self.scenario} [{self.lang}]: {self.status}"
        where = f" step {self.step}" if self.step else ""
        said = f" (“{self.say}”)" if self.say else ""
        lines = [f"{self.scenario} [{self.lang}]{where}{said}: {self.cause}"]
        if self.source:
            lines.append(f"  at: {self.source}")
        if self.url:
            lines.append(f"  page: {self.url}")
        if self.failure_screenshot:
            lines.append(f"  screenshot: {self.failure_screenshot}")
        return "\n".join(lines)


def _step_name(item: dict[str, Any]) -> str:
    return f"step {item['step']}" if item.get("step") else "result"


@dataclass
class CaptureSummary:
    results: list[CaptureResult] = field(default_factory=list)
    seconds: float = 0.0
    base_url: str = ""
    browser_version: str = ""
    #: ``"i/n"`` for a ``--shard`` run, with the whole run's plan of (scenario, language) jobs
    shard: str = ""
    plan: list[tuple[str, str]] = field(default_factory=list)
    #: thread-seconds per capture phase (see :mod:`builder.capture.phases`), for the benchmark
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[CaptureResult]:
        return [r for r in self.results if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def write_json_report(path: Path, summary: CaptureSummary) -> None:
    data: dict[str, Any] = {
        "ok": summary.ok,
        "seconds": round(summary.seconds, 2),
        "base_url": summary.base_url,
        "browser_version": summary.browser_version,
        "counts": {s: summary.count(s) for s in (PASSED, UNCHANGED, PENDING, SKIPPED, FAILED)},
        "results": [asdict(r) | {"message": r.message()} for r in summary.results],
    }
    if summary.shard:
        data["shard"], data["plan"] = summary.shard, [list(job) for job in summary.plan]
    write_json_atomic(path, data)


def write_junit(path: Path, summary: CaptureSummary) -> None:
    """One test case per scenario×language, grouped by language."""
    suites = ET.Element("testsuites", name="helpwright capture", tests=str(len(summary.results)),
                        failures=str(len(summary.failed)), time=f"{summary.seconds:.2f}")
    for lang in sorted({r.lang for r in summary.results}):
        mine = [r for r in summary.results if r.lang == lang]
        suite = ET.SubElement(suites, "testsuite", name=f"capture.{lang}", tests=str(len(mine)),
                              failures=str(sum(1 for r in mine if not r.ok)),
                              skipped=str(sum(1 for r in mine if r.status == SKIPPED)),
                              time=f"{sum(r.seconds for r in mine):.2f}")
        for r in mine:
            case = ET.SubElement(suite, "testcase", classname=f"capture.{lang}", name=r.scenario,
                                 time=f"{r.seconds:.2f}")
            if not r.ok:
                failure = ET.SubElement(case, "failure", message=(r.cause or "failed")[:300])
                failure.text = r.message()
            elif r.status == SKIPPED:
                ET.SubElement(case, "skipped", message="unchanged since the last capture")
    ET.indent(suites)
    write_bytes_atomic(path, ET.tostring(suites, encoding="utf-8", xml_declaration=True) + b"\n")


def stale_lines(summary: CaptureSummary) -> list[str]:
    """One located line per step whose text quotes a label the page does not show."""
    lines = []
    for result in summary.results:
        for flag in result.stale:
            quoted = ", ".join(f"“{q}”" for q in flag.get("quotes", []))
            where = flag.get("source") or f"{result.scenario}: step {flag.get('step')}"
            lines.append(f"{where}: stale text [{result.lang}]: step {flag.get('step')} quotes {quoted}, which "
                         "the page no longer shows: reword the `say` to the label on screen, then capture again")
    return lines


#: WCAG 2.1 non-text contrast (1.4.11): a highlight must stand out at least this much
MIN_HIGHLIGHT_CONTRAST = 3.0


def contrast_lines(summary: CaptureSummary, platform_file: str = "content/platform.yaml") -> list[str]:
    """One warning per screenshot whose highlight hardly stands out from the page around it."""
    lines = []
    for result in summary.results:
        for flag in result.low_contrast:
            lines.append(f"warning: {result.lang}/{result.scenario} step {flag.get('step')} ({flag.get('file')}): "
                         f"the highlight stands out only {flag.get('ratio')}:1 from the page around it (under "
                         f"{MIN_HIGHLIGHT_CONTRAST:g}:1): choose another `highlight_colour` in {platform_file}")
    return lines


def proxy_lines(summary: CaptureSummary) -> list[str]:
    """One note per hidden file input that was framed through its one visible opener."""
    return [f"note: {result.lang}/{result.scenario} step {item.get('step')}: {item.get('target')} is a hidden file "
            f"input; the screenshot frames its visible opener, {item.get('shown')} (name it with `highlight:` "
            "to choose another)"
            for result in summary.results for item in result.proxies]


def url_lines(summary: CaptureSummary) -> list[str]:
    """One note per image that looks the same at another URL (kept as approved, never pending)."""
    return [f"note: {result.lang}/{result.scenario} step {item.get('step') or 'result'}: same image, the page's URL "
            f"changed from {item.get('from')} to {item.get('to')}"
            for result in summary.results for item in result.url_changes]


def selector_lines(summary: CaptureSummary) -> list[str]:
    """One note per scenario×language whose targets have no stable selector: tours leave those steps out."""
    lines = []
    for result in summary.results:
        if result.no_selector:
            steps = ", ".join(str(n) for n in result.no_selector)
            lines.append(f"note: {result.lang}/{result.scenario} step(s) {steps}: no stable selector found for the "
                         "target (no readable id, no unique data-* attribute or accessible name), so in-app tours "
                         "leave these steps out: give the element an id or a data-testid in the platform")
    return lines
