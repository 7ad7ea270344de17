"""``helpwright status``: per scenario and language, where its screenshots stand.

Read from the run log (last good capture, latest failure, stale text), the published
manifests and ``screenshots/.pending``; nothing runs a browser. The counts make it a CI
gate: the command exits non-zero while a page's last capture failed or waits for review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from builder.content.project import Project
from builder.shots.drift import stale_text_flags
from builder.shots.pending import read_pending
from builder.shots.report import FAILED
from builder.shots.runlog import last_good, latest_results, parse_time
from builder.shots.store import image_lang, read_manifest


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "never"


@dataclass
class Status:
    """What `helpwright status` prints, and the counts its exit code comes from."""

    lines: list[str] = field(default_factory=list)
    #: steps waiting for review, steps quoting stale text, pages whose last capture failed
    pending: int = 0
    stale: int = 0
    failed: int = 0

    @property
    def blocking(self) -> bool:
        """A page failed or waits for review: what CI must not ship."""
        return bool(self.failed or self.pending)


def status_lines(project: Project, languages: list[str] | None = None) -> list[str]:
    return project_status(project, languages).lines


def project_status(project: Project, languages: list[str] | None = None) -> Status:
    root, platform = project.root, project.platform
    if platform is None:
        return Status()
    shots = root / "screenshots"
    good, latest = last_good(root), latest_results(root)
    lines: list[str] = []
    totals = {"pending": 0, "stale": 0, "failed": 0}
    seen: set[tuple[str, str]] = set()
    for sid, source in sorted(project.scenarios.items()):
        for lang in languages or project.languages:
            folder = image_lang(platform, lang)
            if (sid, folder) in seen:
                continue
            seen.add((sid, folder))
            manifest = read_manifest(shots / folder / sid)
            last = good.get((sid, folder)) or (parse_time(manifest.get("captured_at")) if manifest else None)
            parts = [f"{sid} [{folder}]: last good capture {_when(last)}"]
            result: dict[str, Any] = latest.get((sid, folder), ({}, None))[0]
            if result.get("status") == FAILED:
                totals["failed"] += 1
                where = f" at step {result['step']}" if result.get("step") else ""
                parts.append(f"FAILED{where}: {result.get('cause') or 'no cause recorded'}")
            pending = read_pending(shots, folder, sid)
            if pending:
                totals["pending"] += len(pending["steps"])
                steps = ", ".join(str(s.get("step") or "result") for s in pending["steps"])
                parts.append(f"PENDING review: step(s) {steps}")
            for flag in stale_text_flags(source, result, lang, platform):
                totals["stale"] += 1
                quoted = ", ".join(f"“{q}”" for q in flag["quotes"])
                parts.append(f"STALE TEXT step {flag['step']} quotes {quoted} ({flag.get('source', '')})")
            lines.append(" · ".join(parts))
    lines.append(f"{totals['pending']} step(s) pending review, {totals['stale']} step(s) with stale text, "
                 f"{totals['failed']} failed capture(s)"
                 + ("; run `helpwright review`" if totals["pending"] else ""))
    return Status(lines, totals["pending"], totals["stale"], totals["failed"])
