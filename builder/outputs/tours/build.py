"""In-app tours: one Driver.js tour definition per scenario and language, and the loader a platform includes.

``_build/tours/`` holds::

    helpwright-tour.js            the loader (the selector resolver capture checked with, built in)
    driver.js.iife.js driver.css  Driver.js, vendored from npm (see VENDORED), never a CDN
    LICENSE.driver.js.txt         its MIT licence
    index.json                    languages and, per language, each tour's id, title and first page
    <lang>/<scenario>.json        steps: selector, page URL, title and description as escaped HTML

A step points at the element capture found and recorded a selector for (``target.selector``,
proved to match exactly that element). A step without one is left out of the tour and
reported, never guessed; so is a whole page whose screenshots cannot be trusted (failed,
stale or never captured), since its selectors may belong to other steps.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic, write_text_atomic
from builder.content.model import localize
from builder.content.richtext import to_html
from builder.layout import build_dir
from builder.outputs.viewmodel import PageModel, ViewModel
from builder.shots.selectors import RESOLVE_SELECTOR

STATIC = Path(__file__).resolve().parent / "static"
LOADER = "helpwright-tour.js"
#: Driver.js, copied from the npm package driver.js (``npm pack driver.js@1.8.0``, dist/ and license)
VENDORED = ("driver.js.iife.js", "driver.css", "LICENSE.driver.js.txt")
DRIVER_VERSION = "1.8.0"
#: page states whose recorded selectors may not belong to the current steps
_UNTRUSTED = {"failed", "stale", "missing"}


@dataclass
class ToursResult:
    out: Path
    #: (lang, scenario id) → tour file
    written: dict[tuple[str, str], Path] = field(default_factory=dict)
    #: ``lang scenario step N: why`` for each step left out
    left_out: list[str] = field(default_factory=list)


def _platform_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url and not any(
        ord(c) < 32 for c in url)


def tours_dir(root: Path) -> Path:
    return build_dir(root) / "tours"


def tour_definition(page: PageModel, view: ViewModel) -> tuple[dict[str, Any], list[str]]:
    """The tour of one page, and why each left-out step was left out."""
    msgs = view.messages(page.lang).section("tours")
    title = localize(page.scenario.title, page.lang)
    steps, left_out = [], []
    where = f"{page.lang} {page.scenario.id}"
    for step in page.steps:
        page_record = (step.record or {}).get("page")
        url = page_record.get("url") if isinstance(page_record, dict) else None
        if step.record is not None and step.record.get("target") is None and url:
            # Recorded, with no element to point at (`goto`, an expected URL): the next step's page takes
            # the reader there. A record that failed has no page either, and is reported below.
            continue
        # A path on the platform only: manifests arrive by merge request, and the loader navigates there.
        if step.selector is None or not isinstance(url, str) or not _platform_path(url):
            why = ("nothing recorded (captured before steps without an image were recorded? run `helpwright "
                   "capture`)" if step.record is None else "no stable selector recorded" if step.selector is None
                   else "no page of the platform recorded")
            left_out.append(f"{where} step {step.number}: {why} ({step.source})")
            continue
        steps.append({
            "step": step.number,
            "selector": step.selector,
            "url": url,
            # Driver.js writes these with innerHTML: escaped here, the reader's Markdown as richtext's HTML.
            "title": html.escape(str(msgs["step_title"]).format(title=title, number=step.number)),
            "description": to_html(step.say, inline=False),
        })
    labels = {key: html.escape(str(msgs[key])) for key in ("next", "previous", "done")}
    labels["progress"] = html.escape(str(msgs["progress"]).format(current="{{current}}", total="{{total}}"))
    return ({"scenario": page.scenario.id, "lang": page.lang, "title": title, "start": page.scenario.start,
             "labels": labels, "close": str(msgs["close"]), "steps": steps}, left_out)


def build_tours(view: ViewModel, *, languages: list[str] | None = None, only: list[str] | None = None,
                out: Path | None = None) -> ToursResult:
    project = view.project
    result = ToursResult(out=out or tours_dir(project.root))
    langs = languages or list(project.languages)
    index: dict[str, Any] = {"languages": langs, "driver.js": DRIVER_VERSION, "tours": {}}
    for lang in langs:
        listed = index["tours"].setdefault(lang, [])
        for page in view.pages(lang):
            if only and page.scenario.id not in only:
                continue
            if page.state in _UNTRUSTED:
                result.left_out.append(f"{lang} {page.scenario.id}: the whole tour, its capture is {page.state}; "
                                       "run `helpwright capture`")
                continue
            tour, left_out = tour_definition(page, view)
            if not tour["steps"]:  # one line for the page, not one per step
                result.left_out.append(f"{lang} {page.scenario.id}: the whole tour, no step has a recorded "
                                       "selector (captured before selectors were recorded? run `helpwright capture`)")
                continue
            result.left_out += left_out
            path = result.out / lang / f"{page.scenario.id}.json"
            write_text_atomic(path, json.dumps(tour, ensure_ascii=False, indent=1) + "\n")
            result.written[(lang, page.scenario.id)] = path
            listed.append({"id": page.scenario.id, "title": tour["title"], "start": tour["steps"][0]["url"]})
    loader = (STATIC / LOADER).read_text(encoding="utf-8").replace("/*@RESOLVE_SELECTOR@*/", RESOLVE_SELECTOR.strip())
    write_text_atomic(result.out / LOADER, loader)
    for name in VENDORED:
        write_bytes_atomic(result.out / name, (STATIC / name).read_bytes())
    write_text_atomic(result.out / "index.json", json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    return result
