"""The terminal side of a capture: a live progress bar, one line per result, a summary table."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any, Self

from builder.shots.report import (
    FAILED,
    PASSED,
    PENDING,
    SKIPPED,
    UNCHANGED,
    CaptureResult,
    CaptureSummary,
)

_STYLE = {PASSED: ("✓", "green"), UNCHANGED: ("=", "cyan"), SKIPPED: ("·", "dim"), FAILED: ("✗", "red"),
          PENDING: ("◐", "yellow")}


class CaptureProgress:
    """Thread-safe progress display; a no-op when ``enabled`` is False."""

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._lock = threading.Lock()
        self._progress: Any = None
        self._task: Any = None
        self._total = total
        self._running: dict[str, str] = {}

    def __enter__(self) -> Self:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(TextColumn("[bold]capture"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.description}"), transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("", total=self._total)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)

    def started(self, worker: int, label: str) -> None:
        if self._progress is None:
            return
        with self._lock:
            self._running[str(worker)] = label
            self._progress.update(self._task, description=", ".join(self._running.values()))

    def finished(self, worker: int, result: CaptureResult) -> None:
        if self._progress is None:
            return
        mark, colour = _STYLE.get(result.status, ("?", "white"))
        with self._lock:
            self._running.pop(str(worker), None)
            text = f"[{colour}]{mark}[/] {result.lang} {result.scenario} [dim]{result.seconds:.1f} s[/]"
            if not result.ok:
                text += f"\n  [red]{_escape(result.message())}[/]"
            self._progress.console.print(text, highlight=False)
            self._progress.update(self._task, advance=1, description=", ".join(self._running.values()))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_summary(summary: CaptureSummary) -> None:
    """A table per scenario with one column per language, then the totals."""
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=False, highlight=False)
    langs = sorted({r.lang for r in summary.results}, key=lambda lang: [r.lang for r in summary.results].index(lang))
    table = Table(title="Capture summary", title_justify="left")
    table.add_column("scenario")
    for lang in langs:
        table.add_column(lang)
    by_key = {(r.scenario, r.lang): r for r in summary.results}
    for scenario in dict.fromkeys(r.scenario for r in summary.results):
        cells = []
        for lang in langs:
            r = by_key.get((scenario, lang))
            if r is None:
                cells.append("")
                continue
            mark, colour = _STYLE.get(r.status, ("?", "white"))
            cells.append(f"[{colour}]{mark} {r.status}[/]" + (f" ({r.images} img)" if r.images else ""))
        table.add_row(scenario, *cells)
    console.print(table)
    counts = ", ".join(f"{summary.count(s)} {s}" for s in (PASSED, UNCHANGED, PENDING, SKIPPED, FAILED)
                       if summary.count(s))
    console.print(f"{counts} in {summary.seconds:.1f} s")
