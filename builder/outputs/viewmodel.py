"""The view model every output renders: scenario × language → steps, images and the page's state.

Built once per build from the loaded project and the shots (:mod:`builder.shots`), then
read by the site, the handouts and any other output, so none of them reads manifests,
the run log or pending files itself. Pages are made on first use and kept: an output
that needs one language pays for one language.

A step carries its text (the trainer's Markdown, `{dialog}` filled), the approved image
when there is one (a plain file under ``screenshots/``, never a link), its alt text, what
capture recorded of the target (role, name, box and, when recorded, a stable selector) and
where it is written (``content/scenarios/x.yaml:LINE``). A page carries its state from
:func:`builder.shots.drift.check_pages`: failed, stale, stale text, pending or missing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.content.catalog import Messages, messages
from builder.content.dialogtext import PLACEHOLDER, dialog_text, fill_dialog
from builder.content.model import Scenario, StepBase, localize
from builder.content.project import Project
from builder.content.richtext import fill_placeholder
from builder.outputs.alttext import step_alt
from builder.shots.drift import PageCheck
from builder.shots.store import PlainFiles, read_manifest, scenario_folder

#: the file name of a scenario's final screenshot, after its last step
RESULT = "result.png"

#: (language, scenario id, image file name) → that image's manifest entry
Records = dict[tuple[str, str, str], dict[str, Any]]


def unshot_key(number: int) -> str:
    """The key of a step without an image among a page's records (never an image file name)."""
    return f"step-{number:02d}"


@dataclass(frozen=True)
class StepModel:
    """One step of a scenario page, in one language."""

    number: int
    step: StepBase
    #: the step's text in the page's language: the trainer's Markdown, `{dialog}` filled in
    say: str
    note: str
    #: ``NN.png`` when the step is shot, None when it says ``shot: false``
    image_name: str | None
    #: the approved image, None when the step is not shot or was never captured
    image: Path | None
    alt: str
    #: ``content/scenarios/x.yaml:LINE`` of the step
    source: str
    #: what capture recorded of the step (its image's manifest entry, or the `unshot` entry of a step
    #: without an image), None when nothing was recorded
    record: dict[str, Any] | None = None

    @property
    def target(self) -> dict[str, Any]:
        target = (self.record or {}).get("target")
        return target if isinstance(target, dict) else {}

    @property
    def box(self) -> tuple[int, int, int, int] | None:
        """The highlighted target's box on the image, in CSS pixels: x, y, width, height."""
        box = self.target.get("box")
        if isinstance(box, list) and len(box) == 4 and all(isinstance(v, int | float) for v in box):
            x, y, w, h = (int(v) for v in box)
            return x, y, w, h
        return None

    def image_box(self, scale: float) -> tuple[float, float, float, float] | None:
        """The target's box on this step's image, in the image's own pixels (``scale``: the device scale).

        Capture records the box in the viewport's CSS pixels: that is where it lies on a shot of the
        viewport. A cropped or full-page shot places the viewport elsewhere on its image, so it has
        none here, nor has a step without an image.
        """
        shot = self.step.shot
        if self.image_name is None or self.box is None or shot is False or shot.crop is not None or shot.full_page:
            return None
        x, y, w, h = self.box
        return x * scale, y * scale, w * scale, h * scale

    @property
    def selector(self) -> str | None:
        """A selector capture proved matches exactly this element, when it recorded one."""
        selector = self.target.get("selector")
        return selector if isinstance(selector, str) and selector else None


@dataclass(frozen=True)
class PageModel:
    """One scenario in one language, as every output shows it."""

    scenario: Scenario
    lang: str
    #: ``screenshots/<lang>/<id>`` (``all/<id>`` for a one-language UI), whether or not it exists
    folder: Path
    steps: list[StepModel]
    #: the final screenshot, when there is one
    result: Path | None
    #: why the page's screenshots cannot be trusted as they are; None when they can
    check: PageCheck | None = None

    @property
    def state(self) -> str | None:
        """``failed``, ``stale``, ``stale_text``, ``pending`` or ``missing``; None for a page in good standing."""
        return self.check.state if self.check is not None else None

    def image(self, name: str) -> Path | None:
        """The approved image ``name`` (``NN.png``, ``result.png``) of this page, if it is there."""
        if name == RESULT:
            return self.result
        return next((s.image for s in self.steps if s.image_name == name), None)


@dataclass
class ViewModel:
    """Every scenario page of a project, per language, made on first use."""

    project: Project
    #: manifest entries to use instead of reading ``manifest.json`` files (tests, a site index)
    records: Records | None = None
    _checks: dict[tuple[str, str], PageCheck] | None = None
    _lang_checks: dict[str, dict[tuple[str, str], PageCheck]] = field(default_factory=dict)
    _pages: dict[tuple[str, str], PageModel] = field(default_factory=dict)
    _messages: dict[str, Messages] = field(default_factory=dict)
    #: each scenario folder's manifest as read once (the pages' checks, then the pages)
    _manifests: dict[Path, dict[str, Any] | None] = field(default_factory=dict)

    @property
    def checks(self) -> dict[tuple[str, str], PageCheck]:
        """(scenario id, language) → the page's check, for every page that has one."""
        if self._checks is None:
            self._checks = {key: check for lang in self.project.languages
                            for key, check in self.checks_of(lang).items()}
        return self._checks

    def use_checks(self, lang: str, checks: dict[tuple[str, str], PageCheck]) -> None:
        """Take ``checks`` as :meth:`checks_of` ``lang`` (a build that knows some pages' checks unchanged)."""
        if self._checks is None:
            self._lang_checks[lang] = checks

    def checks_of(self, lang: str) -> dict[tuple[str, str], PageCheck]:
        """:attr:`checks` of one language's pages (what a language's process needs: the others' are not read)."""
        if self._checks is not None:
            return {key: check for key, check in self._checks.items() if key[1] == lang}
        if lang not in self._lang_checks:
            from builder.shots.drift import check_pages

            self._lang_checks[lang] = check_pages(self.project, [lang], read=self.read_manifest)
        return self._lang_checks[lang]

    @property
    def screenshots(self) -> Path:
        return self.project.root / "screenshots"

    @functools.cached_property
    def plain_files(self) -> PlainFiles:
        """Whether a file under ``screenshots/`` is a plain one (no link), each folder resolved once."""
        return PlainFiles(self.screenshots)

    def messages(self, lang: str) -> Messages:
        if lang not in self._messages:
            self._messages[lang] = messages(lang, self.project.root)
        return self._messages[lang]

    def page(self, scenario_id: str, lang: str) -> PageModel:
        key = (scenario_id, lang)
        if key not in self._pages:
            self._pages[key] = self._make_page(self.project.scenario(scenario_id), lang)
        return self._pages[key]

    def pages(self, lang: str) -> Iterator[PageModel]:
        """Every scenario page of ``lang``, in the order of their ids."""
        for scenario_id in sorted(self.project.scenarios):
            yield self.page(scenario_id, lang)

    def _records(self, lang: str, scenario_id: str, folder: Path) -> dict[str, dict[str, Any]]:
        if self.records is not None:
            return {name: record for (lg, sid, name), record in self.records.items()
                    if lg == lang and sid == scenario_id}
        manifest = self.read_manifest(folder) or {}
        records = {image["file"]: image for image in manifest.get("images") or [] if isinstance(image, dict)}
        for entry in manifest.get("unshot") or []:  # steps without an image: their target, for in-app outputs
            if isinstance(entry, dict) and isinstance(entry.get("step"), int):
                records[unshot_key(entry["step"])] = entry
        return records

    def read_manifest(self, folder: Path) -> dict[str, Any] | None:
        """A scenario folder's ``manifest.json`` (:func:`~builder.shots.store.read_manifest`), read once."""
        if folder not in self._manifests:
            self._manifests[folder] = read_manifest(folder)
        return self._manifests[folder]

    def _approved(self, folder: Path, name: str) -> Path | None:
        path = folder / name
        return path if self.plain_files(path) else None

    def _make_page(self, scenario: Scenario, lang: str) -> PageModel:
        folder = scenario_folder(self.screenshots, self.project.platform, lang, scenario.id)
        records = self._records(lang, scenario.id, folder)
        msgs = self.messages(lang)
        source = self.project.scenarios[scenario.id].located
        all_steps: list[StepBase] = list(scenario.steps)
        steps = []
        for number, step in enumerate(all_steps, start=1):
            name = f"{number:02d}.png" if step.shot is not False else None
            record = records.get(name or unshot_key(number))
            say = localize(step.say, lang)
            if PLACEHOLDER in say:  # the dialog's text, kept literal (never read as Markdown)
                say = fill_placeholder(say, PLACEHOLDER, dialog_text(all_steps, number, lang))
            steps.append(StepModel(
                number=number, step=step, say=say, note=localize(step.note, lang) if step.note else "",
                image_name=name, image=self._approved(folder, name) if name else None,
                alt=fill_dialog(step_alt(step, lang, msgs, number, record), all_steps, number, lang),
                source=f"{source.display}:{source.where(('steps', number - 1))[0]}", record=record))
        return PageModel(scenario=scenario, lang=lang, folder=folder, steps=steps,
                         result=self._approved(folder, RESULT), check=self.checks_of(lang).get((scenario.id, lang)))


def build_view_model(project: Project, *, checks: dict[tuple[str, str], PageCheck] | None = None,
                     records: Records | None = None) -> ViewModel:
    """The view model of a loaded project. ``checks`` and ``records`` replace what would be read
    from the shots (the run log and pending files; the manifests): a caller that has them already
    passes them, so nothing is read twice."""
    return ViewModel(project, records=records, _checks=checks)
