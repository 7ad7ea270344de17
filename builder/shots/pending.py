"""Approved images and pending candidates: what a capture may publish, and what waits for review.

The published folder ``screenshots/<lang>/<id>/`` holds the *approved* images (the site
and the handouts read only those). A capture produces *candidates*; each is compared
with the approved image of the same step (:mod:`builder.shots.diff`):

- same pixels, or a changed-pixel ratio at or below ``review.threshold``: the approved
  image stays, byte for byte;
- more: the candidate is *pending*. It waits in ``screenshots/.pending/<lang>/<id>/``
  (git-ignored: any capture makes it again) with its diff overlay and ``pending.json``
  (the diff, the reasons in data form, both records), until ``helpwright review``
  approves it (then it replaces the approved image) or rejects it (then it is dropped).
  With ``review: {approve: auto}`` or ``capture --approve-all`` it is published at once.

A capture is its own baseline, published whole, when there is nothing comparable: the
scenario was never captured in that language, or its definition (steps, persona,
capture settings) changed since: the author asked for new images.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic
from builder.shots.store import is_image_name, read_json_object, write_json_atomic

PENDING = ".pending"
PENDING_FILE = "pending.json"
#: ``screenshots/approvals.json``: the reviewers' decisions, committed with the images
DECISIONS = "approvals.json"


def pending_root(screenshots: Path) -> Path:
    return screenshots / PENDING


def pending_folder(screenshots: Path, lang: str, scenario: str) -> Path:
    return pending_root(screenshots) / lang / scenario


def image_key(entry: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two manifest entries the same published image (not sizes or timings)."""
    return (entry.get("file"), entry.get("sha256"), json.dumps(entry.get("target"), sort_keys=True),
            json.dumps(entry.get("page"), sort_keys=True))


def same_images(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    if not old or old.get("status") != "passed" or old.get("definition_hash") != new.get("definition_hash"):
        return False
    if (old.get("quotes") or {}) != (new.get("quotes") or {}):
        return False
    if json.dumps(old.get("unshot") or [], sort_keys=True) != json.dumps(new.get("unshot") or [], sort_keys=True):
        return False  # what a step without an image recorded (its target, for tours) changed
    return [image_key(i) for i in old.get("images", [])] == [image_key(i) for i in new.get("images", [])]


def comparable(old: dict[str, Any] | None, new: dict[str, Any], folder: Path) -> bool:
    """Whether a published capture is a baseline for ``new``: same definition, images present."""
    return bool(old and old.get("status") == "passed" and old.get("definition_hash") == new.get("definition_hash")
                and all((folder / str(i.get("file"))).is_file() for i in old.get("images", [])))


@dataclass
class Triage:
    """How the candidates of one capture compare with the approved images."""

    #: files whose pixels match the approved image, or differ at or below the threshold
    kept: list[str] = field(default_factory=list)
    #: one entry per candidate above the threshold: step, file, new and approved records, diff, reasons
    changed: list[dict[str, Any]] = field(default_factory=list)


def triage(staged: Path, new: dict[str, Any], published: Path, old: dict[str, Any], *,
           threshold: float, pixel_threshold: float) -> Triage:
    """Compare each staged candidate with the published image of the same file."""
    from builder.shots.diff import compare_images
    from builder.shots.reasons import explain

    approved = {str(i.get("file")): i for i in old.get("images", [])}
    out = Triage()
    for entry in new["images"]:
        name = entry["file"]
        before = approved.get(name)
        if before is not None and before.get("sha256") == entry["sha256"]:
            out.kept.append(name)
            continue
        diff = None
        if before is not None:
            result = compare_images((published / name).read_bytes(), (staged / name).read_bytes(),
                                    pixel_threshold=pixel_threshold)
            if result.ratio <= threshold:
                out.kept.append(name)
                continue
            diff = result.as_json()
        out.changed.append({"step": entry["step"], "file": name, "new": entry, "approved": before,
                            "diff": diff, "reasons": explain(before, entry, diff)})
    return out


def keep_approved(staged: Path, new: dict[str, Any], published: Path, old: dict[str, Any],
                  files: set[str]) -> dict[str, Any]:
    """Put the approved image (and its manifest entry) back in the staged folder for ``files``.

    Unchanged images keep the new entry (same bytes, fresh record of the target and page).
    """
    approved = {str(i.get("file")): i for i in old.get("images", [])}
    images = []
    for entry in new["images"]:
        name = entry["file"]
        before = approved.get(name)
        if name in files and before is not None and before.get("sha256") != entry["sha256"]:
            shutil.copyfile(published / name, staged / name)
            entry = before
        images.append(entry)
    return {**new, "images": images}


def quiet_urls(new: dict[str, Any], old: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Keep the approved URL of every image whose bytes did not change; return the URL changes as information.

    A revision id or timestamp in the query changes the URL of a page that looks the same: that
    alone must neither make the image pending nor rewrite the published manifest.
    """
    approved = {str(i.get("file")): i for i in old.get("images", [])}
    images, moved = [], []
    for entry in new["images"]:
        before = approved.get(entry["file"])
        page, was = entry.get("page") or {}, (before or {}).get("page") or {}
        if (before is not None and before.get("sha256") == entry["sha256"] and page.get("url") != was.get("url")
                and {**page, "url": None} == {**was, "url": None}):
            moved.append({"step": entry["step"], "file": entry["file"], "from": was.get("url"), "to": page.get("url")})
            entry = {**entry, "page": was}
        images.append(entry)
    return {**new, "images": images}, moved


def write_pending(screenshots: Path, lang: str, scenario: str, staged: Path, manifest: dict[str, Any],
                  changed: list[dict[str, Any]], run_dir: Path, *, pixel_threshold: float) -> Path:
    """Replace the pending folder of a scenario×language with this capture's candidates."""
    from builder.shots.diff import overlay_png

    folder = run_dir / "pending" / lang / scenario
    folder.mkdir(parents=True)
    decisions = read_decisions(screenshots)
    published = screenshots / lang / scenario
    steps = []
    for item in changed:
        name = item["file"]
        data = (staged / name).read_bytes()
        (folder / name).write_bytes(data)
        if item["approved"] is not None:
            overlay = overlay_png((published / name).read_bytes(), data, pixel_threshold=pixel_threshold)
            (folder / diff_name(name)).write_bytes(overlay)
        previous = decisions.get(decision_key(lang, scenario, name))
        if previous and previous.get("decision") == "rejected" and previous.get("image") == item["new"]["sha256"]:
            item = {**item, "rejected_on": previous.get("date")}
        steps.append(item)
    info = {key: manifest.get(key) for key in ("scenario", "lang", "definition_hash", "captured_at",
                                               "base_url", "browser_version")}
    write_json_atomic(folder / PENDING_FILE, {**info, "steps": steps})
    root = pending_root(screenshots)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / ".gitignore").exists():
        write_bytes_atomic(root / ".gitignore", b"*\n")
    target = pending_folder(screenshots, lang, scenario)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Not store.publish: its aside folders are put back into screenshots/ after a kill.
    aside = run_dir / f"pending-{lang}-{scenario}.replaced"
    if target.exists():
        os.replace(target, aside)
    os.replace(folder, target)
    shutil.rmtree(aside, ignore_errors=True)
    return target


def diff_name(file: str) -> str:
    return file.removesuffix(".png") + ".diff.png"


def clear_pending(screenshots: Path, lang: str, scenario: str) -> None:
    folder = pending_folder(screenshots, lang, scenario)
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)
        _prune(folder.parent, pending_root(screenshots))


def _prune(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def read_pending(screenshots: Path, lang: str, scenario: str) -> dict[str, Any] | None:
    """A pending capture's ``pending.json``; None when there is none, or when a step's file is not a
    screenshot file name (such a file was not written by capture: it is never read or published)."""
    data = read_json_object(pending_folder(screenshots, lang, scenario) / PENDING_FILE)
    if not data or not isinstance(data.get("steps"), list) or not data["steps"]:
        return None
    if not all(isinstance(s, dict) and is_image_name(s.get("file")) for s in data["steps"]):
        return None
    from builder.jsonshape import PENDING_SHAPE, shape_problem, tampered

    problem = shape_problem(data, PENDING_SHAPE)
    if problem:
        folder = pending_folder(screenshots, lang, scenario)
        raise tampered(folder / PENDING_FILE, problem, f"delete {folder.name}/ under screenshots/.pending/{lang}/ "
                       "(the next capture makes it again)")
    return data


def all_pending(screenshots: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """Every pending capture: (lang, scenario, pending.json data), sorted."""
    root = pending_root(screenshots)
    out = []
    if root.is_dir():
        for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
            for folder in sorted(p for p in lang_dir.iterdir() if p.is_dir()):
                data = read_pending(screenshots, lang_dir.name, folder.name)
                if data:
                    out.append((lang_dir.name, folder.name, data))
    return out


# -- decisions ---------------------------------------------------------------------------------

def decision_key(lang: str, scenario: str, file: str) -> str:
    return f"{lang}/{scenario}/{file}"


def read_decisions(screenshots: Path) -> dict[str, dict[str, Any]]:
    from builder.jsonshape import DECISION_SHAPE, shape_problem, tampered

    data = read_json_object(screenshots / DECISIONS)
    decisions = {k: v for k, v in (data or {}).items() if isinstance(v, dict)}
    for key, value in decisions.items():
        problem = shape_problem(value, DECISION_SHAPE, key)
        if problem:
            raise tampered(screenshots / DECISIONS, problem, "restore it with git (`git checkout -- "
                           "screenshots/approvals.json`)")
    return decisions


def write_decisions(screenshots: Path, decisions: dict[str, dict[str, Any]]) -> None:
    """One entry per image, sorted: a review shows as a few changed lines in git."""
    write_json_atomic(screenshots / DECISIONS, dict(sorted(decisions.items())))


def remove_pending_step(screenshots: Path, lang: str, scenario: str, file: str) -> None:
    """Drop one step from a pending capture (its PNGs and its entry); the folder goes when empty."""
    folder = pending_folder(screenshots, lang, scenario)
    data = read_pending(screenshots, lang, scenario)
    if data is None:
        return
    data["steps"] = [s for s in data["steps"] if s.get("file") != file]
    if not data["steps"]:
        clear_pending(screenshots, lang, scenario)
        return
    write_json_atomic(folder / PENDING_FILE, data)
    for name in (file, diff_name(file)):
        try:
            os.unlink(folder / name)
        except FileNotFoundError:
            pass
