"""Capture past one machine: ``capture --shard i/n`` and ``helpwright merge-reports``.

A run's plan is every scenario × language job in a fixed order (scenario ids sorted, then the
languages of platform.yaml). Shard ``i`` of ``n`` takes the jobs at positions ``i-1``,
``i-1+n``, … of that plan: deterministic, so n machines given the same content split the work
without talking to each other, and balanced to within one job. Each shard's report records the
whole plan and its own place in it.

Merging checks that the reports come from one plan and that every shard is there exactly once,
then orders the results as one run would. Given shard project folders rather than report files,
it also brings over each job's published images and pending candidates, folder by folder, with
the same swap that capture uses, so the merged checkout looks as if one machine had captured it.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from builder.errors import CaptureError
from builder.shots.store import write_json_atomic

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
REPORT = Path("_build") / "capture-report.json"
#: statuses whose images a shard published or holds for review (a failed job keeps the last good ones)
_CAPTURED = {"passed", "pending", "unchanged"}


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/3"`` → ``(2, 3)``; anything else is a clear error."""
    match = _SHARD.match(text)
    if not match:
        raise CaptureError(f"--shard {text!r}: write it as I/N, e.g. --shard 1/3 for the first of three")
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise CaptureError(f"--shard {text}: I must be between 1 and N (got {index} of {count})")
    return index, count


def take_shard(plan: list[Any], shard: tuple[int, int] | None) -> list[Any]:
    """The jobs of ``plan`` that shard ``(i, n)`` captures (all of them without a shard)."""
    if shard is None:
        return list(plan)
    index, count = shard
    return [job for position, job in enumerate(plan) if position % count == index - 1]


def _read_report(source: Path) -> tuple[dict[str, Any], Path | None]:
    """A shard's report and, when ``source`` is a project folder, that folder."""
    path, project = (source / REPORT, source) if source.is_dir() else (source, None)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CaptureError(f"{path}: no capture report here; run `helpwright capture --shard I/N` "
                           "in that folder first") from None
    except (OSError, ValueError) as exc:
        raise CaptureError(f"{path}: not a capture report ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise CaptureError(f"{path}: not a capture report (no results)")
    if not isinstance(data.get("shard"), str) or not isinstance(data.get("plan"), list):
        raise CaptureError(f"{path}: this report is from a run without --shard; merge only the reports "
                           "of `capture --shard I/N` runs")
    return data, project


def merge_reports(root: Path, sources: list[Path]) -> dict[str, Any]:
    """Join the shards' reports (and images, for project folders) into ``root``; returns the report."""
    if not sources:
        raise CaptureError("name the shards' reports or project folders to merge")
    shards: dict[int, tuple[dict[str, Any], Path | None, Path]] = {}
    plan: list[list[str]] | None = None
    count = 0
    for source in sources:
        data, project = _read_report(source)
        index, n = parse_shard(data["shard"])
        if plan is None:
            plan, count = data["plan"], n
        elif data["plan"] != plan or n != count:
            raise CaptureError(f"{source}: this shard comes from another run (its scenarios, languages or "
                               "shard count differ); merge the shards of one run, captured from the same content")
        if index in shards:
            raise CaptureError(f"{source}: shard {index}/{n} is given twice (also {shards[index][2]})")
        shards[index] = (data, project, source)
    missing = [str(i) for i in range(1, count + 1) if i not in shards]
    if missing:
        raise CaptureError(f"shard {', '.join(missing)} of {count} is missing; merge every shard of the run")
    assert plan is not None
    order = {(str(sid), str(lang)): position for position, (sid, lang) in enumerate(plan)}
    results: list[dict[str, Any]] = []
    for index in sorted(shards):
        data, project, _source = shards[index]
        results += data["results"]
        if project is not None and project.resolve() != root.resolve():
            _bring_images(project, root, data["results"])
    results.sort(key=lambda r: order.get((str(r.get("scenario")), str(r.get("lang"))), len(order)))
    counts = {status: sum(1 for r in results if r.get("status") == status)
              for status in ("passed", "unchanged", "pending", "skipped", "failed")}
    first = shards[min(shards)][0]
    merged = {
        "ok": counts["failed"] == 0,
        "seconds": max(float(d.get("seconds") or 0) for d, _p, _s in shards.values()),
        "base_url": first.get("base_url", ""),
        "browser_version": first.get("browser_version", ""),
        "counts": counts,
        "results": results,
    }
    write_json_atomic(root / REPORT, merged)
    return merged


def _bring_images(project: Path, root: Path, results: list[dict[str, Any]]) -> None:
    """Each captured job's folder (published and pending) from a shard's checkout into ``root``."""
    for result in results:
        if result.get("status") not in _CAPTURED:
            continue
        lang, sid = str(result.get("lang")), str(result.get("scenario"))
        if not _plain_name(lang) or not _plain_name(sid):
            raise CaptureError(f"{project / REPORT}: `{lang}/{sid}` is not a scenario folder name")
        for part in (Path("screenshots") / lang / sid, Path("screenshots") / ".pending" / lang / sid):
            _replace_folder(project / part, root / part)


def _plain_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name)) and ".." not in name


def _replace_folder(source: Path, target: Path) -> None:
    """``target`` becomes a copy of ``source`` (or goes, when the shard has none), swapped in whole."""
    if source.is_symlink():
        raise CaptureError(f"{source}: a link, not a folder of images; shards hold plain folders")
    staged = target.with_name(f".{target.name}.merging")
    old = target.with_name(f".{target.name}.replaced")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    if source.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, staged, symlinks=True)
    if target.exists():
        target.rename(old)
    if staged.exists():
        staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)
