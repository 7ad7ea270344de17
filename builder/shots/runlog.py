"""The capture run log: one JSON line per run, appended, never rewritten in place.

``_build/capture-log.jsonl`` holds, per run: when it ended, how long it took, what it
was asked for (languages, ``--only``, ``--changed``, ``--approve-all``) and one result
per scenario × language (status, failing step and cause, pending and auto-approved
steps, stale text). Reading it back gives each page's *latest* result whatever later
runs covered, so ``capture --only X`` never hides an earlier failure of Y, and
``helpwright status`` can tell when a page was last captured successfully.

A line is written with one ``write`` on a file opened for appending: a crash leaves
at most a truncated last line, which readers skip. ``build --clean`` keeps the log.
When it passes ``MAX_BYTES`` the oldest half is dropped (the file is then replaced
atomically).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic
from builder.shots.report import FAILED, SKIPPED, CaptureSummary

LOG = Path("_build") / "capture-log.jsonl"
MAX_BYTES = 4 * 1024 * 1024
_FIELDS = ("scenario", "lang", "status", "seconds", "images", "step", "say", "cause", "url",
           "failure_screenshot", "pending", "approved", "stale")


def log_path(root: Path) -> Path:
    return Path(root) / LOG


def append_run(root: Path, summary: CaptureSummary, *, languages: list[str] | None = None,
               only: list[str] | None = None, changed: bool = False, approve_all: bool = False,
               when: datetime | None = None) -> dict[str, Any]:
    """Add one run to the log and return the entry written."""
    results = []
    for result in summary.results:
        data = asdict(result)
        results.append({k: data[k] for k in _FIELDS if data.get(k) not in (None, [], "")})
    entry = {
        "when": (when or datetime.now(UTC)).replace(microsecond=0).isoformat(),
        "seconds": round(summary.seconds, 2), "base_url": summary.base_url,
        "browser_version": summary.browser_version, "languages": languages, "only": only,
        "changed": changed, "approve_all": approve_all, "results": results,
    }
    path = log_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    if path.stat().st_size > MAX_BYTES:
        lines = path.read_bytes().splitlines(keepends=True)
        write_bytes_atomic(path, b"".join(lines[len(lines) // 2:]))
    return entry


def read_runs(root: Path) -> list[dict[str, Any]]:
    """Every run in the log, oldest first; damaged lines are skipped."""
    try:
        text = log_path(root).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    runs = []
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("results"), list):
            runs.append(entry)
    return runs


def parse_time(text: Any) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def latest_results(root: Path) -> dict[tuple[str, str], tuple[dict[str, Any], datetime | None]]:
    """Each page's latest result (skipped ones do not count) and when its run ended."""
    latest: dict[tuple[str, str], tuple[dict[str, Any], datetime | None]] = {}
    for run in read_runs(root):
        when = parse_time(run.get("when"))
        for result in run["results"]:
            if isinstance(result, dict) and result.get("status") != SKIPPED:
                latest[(str(result.get("scenario")), str(result.get("lang")))] = (result, when)
    return latest


def last_good(root: Path) -> dict[tuple[str, str], datetime | None]:
    """When each page last captured without failing."""
    good: dict[tuple[str, str], datetime | None] = {}
    for run in read_runs(root):
        when = parse_time(run.get("when"))
        for result in run["results"]:
            if isinstance(result, dict) and result.get("status") not in (SKIPPED, FAILED):
                good[(str(result.get("scenario")), str(result.get("lang")))] = when
    return good
