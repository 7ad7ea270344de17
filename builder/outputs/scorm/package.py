"""Put a SCORM 1.2 package together: pages, images, manifest, one deterministic zip.

A package holds lessons (one SCO per scenario, ``sco/<id>/index.html`` with its images
next to it) and, for a workshop with knowledge checks, a quiz SCO (``quiz/index.html``).
Entries are sorted and carry a fixed time and mode, so building again from the same
content gives the same bytes; the zip is written through a temporary file renamed into place.

Click-through demos are made by their own output: :data:`ExtraFiles` is how their
files join a lesson (``extra_files={scenario_id: {"demo.html": bytes}}``); the lesson page
links every extra ``.html`` file ("Try it").
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.atomicwrite import write_bytes_atomic
from builder.content.model import localize
from builder.content.richtext import to_plain
from builder.content.workshop import KnowledgeCheck
from builder.errors import HelpwrightError
from builder.layout import PACKAGE_TEMPLATES
from builder.outputs.scorm.manifest import Lesson, manifest_xml
from builder.outputs.scorm.pages import environment, render_lesson, render_quiz
from builder.outputs.viewmodel import RESULT, PageModel, ViewModel

#: scenario id → {file name: bytes} added to that lesson (click-through demos, once they exist)
ExtraFiles = Mapping[str, Mapping[str, bytes]]
#: what every lesson loads, from Helpwright's templates (a project may override them)
COMMON_FILES = ("hw-scorm.css", "hw-scorm.js")
#: the zip time of every entry: the earliest a zip can hold, so nothing depends on the clock
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: the score a learner needs to pass the quiz, in percent
MASTERY = 80
_EXTRA_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,80}$")


@dataclass
class Package:
    """One zip's content, and the screenshots it could not include."""

    files: dict[str, bytes] = field(default_factory=dict)
    missing_images: list[Path] = field(default_factory=list)

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # Unix, so the mode below is read
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[name], compresslevel=9)
        return buffer.getvalue()

    def write(self, path: Path) -> None:
        write_bytes_atomic(path, self.zip_bytes())


def _common_file(root: Path, name: str) -> bytes:
    own = root / "templates" / "scorm" / name
    return (own if own.is_file() else PACKAGE_TEMPLATES / "scorm" / name).read_bytes()


def _lesson(package: Package, view: ViewModel, page: PageModel, extras: Mapping[str, bytes]) -> Lesson:
    folder = f"sco/{page.scenario.id}/"
    names = []
    for step in page.steps:
        if step.image_name is None:
            continue
        if step.image is None:
            package.missing_images.append(page.folder / step.image_name)
            continue
        package.files[folder + step.image_name] = step.image.read_bytes()
        names.append(folder + step.image_name)
    if page.result is not None:
        package.files[folder + RESULT] = page.result.read_bytes()
        names.append(folder + RESULT)
    for name, data in sorted(extras.items()):
        if not _EXTRA_NAME.match(name) or name == "index.html":
            raise HelpwrightError(f"extra file `{name}` for `{page.scenario.id}`: a lesson's extra files are "
                                  "plain lowercase names other than index.html; rename it")
        package.files[folder + name] = data
        names.append(folder + name)
    labels = view.messages(page.lang).section("scorm")
    html = render_lesson(environment(view.project.root), page, labels, root="../../",
                         extras=[n for n in sorted(extras) if n.endswith(".html")])
    package.files[folder + "index.html"] = html.encode("utf-8")
    title = to_plain(localize(page.scenario.title, page.lang, "en"))
    return Lesson(identifier=f"sco-{page.scenario.id}", title=title,
                  href=folder + "index.html", files=tuple(sorted([folder + "index.html", *names])))


def build_package(view: ViewModel, lang: str, *, identifier: str, title: str, scenario_ids: list[str],
                  checks: list[KnowledgeCheck] | None = None, extra_files: ExtraFiles | None = None) -> Package:
    """The package of ``scenario_ids`` in ``lang`` (lessons in that order), with a quiz of ``checks``."""
    package = Package()
    lessons = [_lesson(package, view, view.page(sid, lang), (extra_files or {}).get(sid, {}))
               for sid in scenario_ids]
    if checks:
        labels = view.messages(lang).section("scorm")
        html = render_quiz(environment(view.project.root), checks, lang, labels, root="../",
                           title=labels["quiz_title"], mastery=MASTERY)
        package.files["quiz/index.html"] = html.encode("utf-8")
        scored = any(c.correct is not None for c in checks)
        lessons.append(Lesson(identifier="quiz", title=labels["quiz_title"], href="quiz/index.html",
                              files=("quiz/index.html",), mastery=MASTERY if scored else None))
    for name in COMMON_FILES:
        package.files[name] = _common_file(view.project.root, name)
    package.files["imsmanifest.xml"] = manifest_xml(identifier, title, lessons, list(COMMON_FILES))
    return package
