"""`helpwright demos`: each scenario as a click-through, one offline HTML file per language.

The screenshots are inlined at full size. A step whose target capture proved (its box is
in the manifest) gets a hotspot on that box: a click there advances, a click elsewhere on
the image shows a hint. A step without a proven target on its image (a crop or a whole-page
shot, whose coordinates are not the viewport's; a `goto` or an `expect`) advances with a
button instead: a hotspot is never guessed. Arrow keys, Enter, Home and End move too. A
page whose capture failed, went stale or waits for review says so above the first step.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic
from builder.content import richtext
from builder.content.catalog import Messages
from builder.content.model import ExpectStep, GotoStep, WaitForStep, localize
from builder.errors import BuildError
from builder.layout import PACKAGE_TEMPLATES, demo_path, demos_dir
from builder.outputs.viewmodel import PageModel, StepModel, ViewModel

#: steps that do something to an element: their target is what a reader clicks
_NO_CLICK = (ExpectStep, GotoStep, WaitForStep)
#: CSS pixels added around a target so that a small one can still be hit
_SLACK = 4


@dataclass(frozen=True)
class Hotspot:
    """Where the target is on the image, in percent of the image's size."""

    left: float
    top: float
    width: float
    height: float


def hotspot(model: StepModel, scale: float) -> Hotspot | None:
    """The proven target's box on the step's image, or None when the image cannot place it."""
    shot = model.step.shot
    box, record = model.box, model.record or {}
    if isinstance(model.step, _NO_CLICK) or box is None or shot is False or shot.crop is not None or shot.full_page:
        return None
    width, height = record.get("width"), record.get("height")
    if not isinstance(width, int) or not isinstance(height, int) or width <= 0 or height <= 0:
        return None
    css_w, css_h = width / scale, height / scale
    x, y, w, h = box
    if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > css_w + 1 or y + h > css_h + 1:
        return None  # not wholly on the image: no hotspot rather than one in the wrong place
    left, top = max(0.0, x - _SLACK), max(0.0, y - _SLACK)
    right, bottom = min(css_w, x + w + _SLACK), min(css_h, y + h + _SLACK)
    return Hotspot(round(100 * left / css_w, 3), round(100 * top / css_h, 3),
                   round(100 * (right - left) / css_w, 3), round(100 * (bottom - top) / css_h, 3))


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def render_demo(page: PageModel, view: ViewModel) -> str | None:
    """The demo's HTML, or None when no step of the page has an image."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    project = view.project
    msgs: Messages = view.messages(page.lang)
    scale = project.device_scale
    steps: list[dict[str, Any]] = []
    for model in page.steps:
        if model.image is None:
            continue
        steps.append({"number": model.number, "image": _data_uri(model.image), "alt": model.alt,
                      "caption": richtext.to_html(model.say, inline=True), "hotspot": hotspot(model, scale)})
    if not steps:
        return None
    # A project may override the template with its own templates/demos/demo.html.j2.
    folders = [project.root / "templates" / "demos", PACKAGE_TEMPLATES / "demos"]
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders if f.is_dir()]),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    words = msgs.section("demos")
    notice = words.get(f"notice_{page.state}") if page.state in ("failed", "stale", "stale_text", "pending") else None
    return env.get_template("demo.html.j2").render(
        lang=page.lang, title=richtext.to_plain(localize(page.scenario.title, page.lang)), steps=steps,
        result=_data_uri(page.result) if page.result is not None else None, L=words, notice=notice,
        platform_name=project.platform.name if project.platform else "")


def build_demos(view: ViewModel, *, languages: list[str] | None = None, only: list[str] | None = None,
                out_dir: Path | None = None, progress: Callable[[str], None] | None = None) -> list[Path]:
    """Write one demo per scenario and language that has screenshots; returns the files written."""
    project = view.project
    langs = languages or project.languages
    bad = [lang for lang in langs if lang not in project.languages]
    if bad:
        raise BuildError(f"language `{bad[0]}` is not configured: use {', '.join(project.languages)}")
    ids = list(only) if only else sorted(project.scenarios)
    unknown = [sid for sid in ids if sid not in project.scenarios]
    if unknown:
        raise BuildError(f"unknown scenario `{unknown[0]}`: use one of {', '.join(sorted(project.scenarios))}")
    out = out_dir or demos_dir(project.root)
    written, without = [], []
    for lang in langs:
        for sid in ids:
            path = demo_path(out, lang, sid)
            html = render_demo(view.page(sid, lang), view)
            if html is None:
                path.unlink(missing_ok=True)  # no screenshots (any more): no demo, and no link to one
                without.append(f"{lang}/{sid}")
                continue
            write_bytes_atomic(path, html.encode("utf-8"))
            written.append(path)
    if without and progress:
        more = " …" if len(without) > 5 else ""
        progress(f"{len(without)} page(s) without screenshots, so without a demo ({', '.join(without[:5])}{more}); "
                 "run `helpwright capture`")
    return written
