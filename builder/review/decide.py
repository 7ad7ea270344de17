"""Approve or reject pending screenshots, one step at a time.

Approving copies the candidate over the approved image, updates the step's entry in
``manifest.json`` and drops it from ``.pending``. Rejecting drops it and keeps the
approved image. Both record the decision in ``screenshots/approvals.json``: one entry
per image, keyed ``<lang>/<scenario>/<file>``, holding the decision, its date, the
image decided on (and the one it replaced or kept), how much changed and why, so a
review reads as a short diff next to the changed PNGs. A rejected image that a later
capture produces again is pending again, marked "rejected on …" in the gallery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic
from builder.errors import HelpwrightError
from builder.shots.pending import (
    all_pending,
    decision_key,
    pending_folder,
    read_decisions,
    read_pending,
    remove_pending_step,
    write_decisions,
)
from builder.shots.reasons import render_all
from builder.shots.store import (
    MANIFEST,
    plain_file_inside,
    read_manifest,
    sha256,
    write_json_atomic,
)

APPROVED, REJECTED = "approved", "rejected"


@dataclass(frozen=True)
class PendingStep:
    """One pending image: ``fr/write-blog-post/05.png``."""

    lang: str
    scenario: str
    file: str
    step: int

    @property
    def key(self) -> str:
        return decision_key(self.lang, self.scenario, self.file)

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.scenario}:{self.step or 'result'}"


def pending_steps(screenshots: Path) -> list[PendingStep]:
    return [PendingStep(lang, sid, str(item["file"]), int(item.get("step") or 0))
            for lang, sid, data in all_pending(screenshots) for item in data["steps"]]


def parse_selector(text: str) -> tuple[str | None, str, str | None]:
    """``[LANG/]ID[:STEP]`` → (lang, scenario, step) with STEP a number or ``result``."""
    lang, _, rest = text.rpartition("/") if "/" in text else (None, "", text)
    scenario, _, step = rest.partition(":")
    if not scenario or (step and step != "result" and not step.isdigit()):
        raise HelpwrightError(f"`{text}` is not a step to review: write ID, ID:STEP (a number or `result`), "
                              "or LANG/ID:STEP, e.g. `write-blog-post:5` or `fr/write-blog-post:5`")
    return lang or None, scenario, step or None


def select(screenshots: Path, selectors: list[str], languages: list[str] | None = None) -> list[PendingStep]:
    """The pending steps the selectors name (each selector must name at least one)."""
    steps = pending_steps(screenshots)
    chosen: list[PendingStep] = []
    for text in selectors:
        lang, scenario, step = parse_selector(text)
        found = [s for s in steps if s.scenario == scenario
                 and (lang is None or s.lang == lang) and (not languages or s.lang in languages)
                 and (step is None or (s.step == 0 if step == "result" else s.step == int(step)))]
        if not found:
            known = ", ".join(sorted({s.label for s in steps})) or "nothing is pending"
            raise HelpwrightError(f"nothing pending review matches `{text}`; pending: {known}")
        chosen += [s for s in found if s not in chosen]
    return chosen


def _item(screenshots: Path, step: PendingStep) -> tuple[dict[str, Any], dict[str, Any]]:
    data = read_pending(screenshots, step.lang, step.scenario)
    for item in (data or {}).get("steps", []):
        if item.get("file") == step.file:
            return data or {}, item
    raise HelpwrightError(f"{step.label} is no longer pending review; run `helpwright status`")


def _summary(item: dict[str, Any], root: Path) -> dict[str, Any]:
    ratio = (item.get("diff") or {}).get("ratio")
    return {"changed": f"{ratio * 100:.2f}%" if isinstance(ratio, int | float) else "new image",
            "reasons": render_all(item.get("reasons") or [], "en", root)}


def approve(root: Path, step: PendingStep, *, today: date | None = None) -> dict[str, Any]:
    """Publish one pending image in place of the approved one; returns the decision recorded."""
    shots = Path(root) / "screenshots"
    data, item = _item(shots, step)
    published = shots / step.lang / step.scenario
    manifest = read_manifest(published)
    if manifest is None or manifest.get("definition_hash") != data.get("definition_hash"):
        raise HelpwrightError(f"{step.label}: the scenario's steps changed since this image was captured; "
                              f"capture it again (`helpwright capture --only {step.scenario}`)")
    images = list(manifest.get("images", []))
    current = next((i for i in images if i.get("file") == step.file), None)
    before = item.get("approved")
    if (before or {}).get("sha256") != (current or {}).get("sha256"):
        raise HelpwrightError(f"{step.label}: the approved image changed since this capture; capture it again "
                              f"(`helpwright capture --only {step.scenario}`) and review the new result")
    candidate = pending_folder(shots, step.lang, step.scenario) / step.file
    if not plain_file_inside(candidate, candidate.parent):
        raise HelpwrightError(f"{step.label}: the pending image is missing or is a link; capture it again")
    png = candidate.read_bytes()
    new = item["new"]
    if sha256(png) != new.get("sha256"):
        raise HelpwrightError(f"{step.label}: the pending image was modified; capture it again")
    write_bytes_atomic(published / step.file, png)
    if current is None:
        images.append(new)
        images.sort(key=lambda i: (int(i.get("step") or 0) == 0, int(i.get("step") or 0)))
    else:
        images[images.index(current)] = new
    manifest["images"] = images
    if str(data.get("captured_at") or "") > str(manifest.get("captured_at") or ""):
        manifest["captured_at"] = data["captured_at"]
    write_json_atomic(published / MANIFEST, manifest)
    decision = {"decision": APPROVED, "date": (today or date.today()).isoformat(), "image": new.get("sha256"),
                "replaced": (before or {}).get("sha256"), **_summary(item, root)}
    _record(shots, step, decision)
    remove_pending_step(shots, step.lang, step.scenario, step.file)
    return decision


def reject(root: Path, step: PendingStep, *, today: date | None = None) -> dict[str, Any]:
    """Drop one pending image and keep the approved one; returns the decision recorded."""
    shots = Path(root) / "screenshots"
    _data, item = _item(shots, step)
    decision = {"decision": REJECTED, "date": (today or date.today()).isoformat(),
                "image": item["new"].get("sha256"), "kept": (item.get("approved") or {}).get("sha256"),
                **_summary(item, root)}
    _record(shots, step, decision)
    remove_pending_step(shots, step.lang, step.scenario, step.file)
    return decision


def _record(shots: Path, step: PendingStep, decision: dict[str, Any]) -> None:
    decisions = read_decisions(shots)
    decisions[step.key] = decision
    write_decisions(shots, decisions)


def decide(root: Path, step: PendingStep, decision: str) -> dict[str, Any]:
    if decision == APPROVED:
        return approve(root, step)
    if decision == REJECTED:
        return reject(root, step)
    raise HelpwrightError(f"unknown decision `{decision}`: use approved or rejected")


def from_key(screenshots: Path, key: str) -> PendingStep:
    """The pending step of a ``<lang>/<scenario>/<file>`` key (as the gallery sends it)."""
    for step in pending_steps(screenshots):
        if step.key == key:
            return step
    raise HelpwrightError(f"{key} is not pending review (already decided, or captured again)")
