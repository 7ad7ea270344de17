"""The review gallery: one self-contained HTML page of every pending step.

Images are inlined (``data:`` URIs), so the page works from a file, a CI artifact or
``helpwright review --serve``; opened as a file it collects decisions into the
equivalent ``helpwright review --approve … --reject …`` command, served it writes them.
Texts come from the ``review.gallery`` catalog section in the reviewer's language.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

from builder.atomicwrite import write_bytes_atomic
from builder.content.loading import Project, load_project
from builder.content.model import localize
from builder.layout import PACKAGE_TEMPLATES
from builder.shots.pending import all_pending, diff_name, pending_folder
from builder.shots.reasons import render_all
from builder.shots.runlog import latest_results
from builder.shots.store import plain_file_inside
from builder.templating import render_template, sandboxed_environment

TEMPLATE = PACKAGE_TEMPLATES / "review" / "gallery.html.j2"


def gallery_path(root: Path) -> Path:
    return Path(root) / "_build" / "review" / "index.html"


def _data_uri(path: Path) -> str | None:
    """The image inlined, or None when it is missing or a link (which could point at any file)."""
    if not plain_file_inside(path, path.parent):
        return None
    try:
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError:
        return None


def mark_say(say: str, stale: list[str]) -> str:
    """The step text as HTML: **bold** kept, quotes the page no longer shows marked."""
    text = html.escape(say)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    for quote in stale:
        text = text.replace(html.escape(quote), f'<mark class="stale">{html.escape(quote)}</mark>')
    return text


def _stale_by_step(root: Path) -> dict[tuple[str, str], dict[int, dict[str, Any]]]:
    out: dict[tuple[str, str], dict[int, dict[str, Any]]] = {}
    for key, (result, _when) in latest_results(root).items():
        for flag in result.get("stale") or []:
            if isinstance(flag, dict) and isinstance(flag.get("step"), int):
                out.setdefault(key, {})[flag["step"]] = flag
    return out


def _say(project: Project, scenario: str, step: int, lang: str) -> str:
    source = project.scenarios.get(scenario)
    if source is None or step <= 0 or step > len(source.model.steps):
        return ""
    fallback = project.platform.languages[0] if project.platform else None
    return localize(source.model.steps[step - 1].say, lang, fallback)


def view(root: Path, ui_lang: str | None = None, languages: list[str] | None = None) -> dict[str, Any]:
    """Everything the template shows: groups of scenario × language, each with its steps."""
    from builder.content.catalog import messages

    root = Path(root)
    project = load_project(root)
    platform = project.platform
    ui = ui_lang or (platform.languages[0] if platform else "en")
    words = messages(ui, root).section("review").get("gallery") or {}
    shots = root / "screenshots"
    stale = _stale_by_step(root)
    groups = []
    count = 0
    for lang, sid, data in all_pending(shots):
        if languages and lang not in languages:
            continue
        text_lang = platform.languages[0] if platform and lang not in platform.languages else lang
        source = project.scenarios.get(sid)
        title = localize(source.model.title, ui, text_lang) if source else sid
        flags = stale.get((sid, lang), {})
        steps = []
        for item in data["steps"]:
            number = int(item.get("step") or 0)
            file = str(item["file"])
            new = item.get("new") or {}
            diff = item.get("diff") or {}
            width, height = int(new.get("width") or 1), int(new.get("height") or 1)
            boxes = [{"left": 100 * b[0] / width, "top": 100 * b[1] / height,
                      "width": 100 * b[2] / width, "height": 100 * b[3] / height}
                     for b in diff.get("boxes") or [] if len(b) == 4]
            flag = flags.get(number) or {}
            ratio = diff.get("ratio")
            steps.append({
                "key": f"{lang}/{sid}/{file}", "selector": f"{lang}/{sid}:{number or 'result'}",
                "heading": str(words.get("step", "{number}")).format(number=number) if number
                else words.get("result", "result"),
                "approved": _data_uri(shots / lang / sid / file),
                "new": _data_uri(pending_folder(shots, lang, sid) / file),
                "diff": _data_uri(pending_folder(shots, lang, sid) / diff_name(file)),
                "width": width, "height": height, "boxes": boxes,
                "percent": f"{ratio * 100:.2f}\u00a0%" if isinstance(ratio, int | float) else "",
                "reasons": render_all(item.get("reasons") or [], ui, root),
                "say": mark_say(_say(project, sid, number, text_lang), list(flag.get("quotes") or [])),
                "stale": flag, "rejected_on": item.get("rejected_on"),
            })
            count += 1
        groups.append({"lang": lang, "scenario": sid, "title": title, "steps": steps,
                       "captured_at": data.get("captured_at")})
    name = platform.name if platform else root.name
    return {"lang": ui, "W": words, "groups": groups, "count": count,
            "title": str(words.get("title", "{name}")).format(name=name),
            "intro": str(words.get("intro", "{count}")).format(count=count)}


def render_gallery(root: Path, *, ui_lang: str | None = None, languages: list[str] | None = None,
                   token: str = "") -> tuple[str, int]:
    """The gallery's HTML and the number of pending steps it shows.

    ``token`` is set when ``helpwright review --serve`` serves the page: it lets the
    page write decisions (a page from elsewhere cannot send it).
    """
    import jinja2

    env = sandboxed_environment(jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True,
                                trim_blocks=True, lstrip_blocks=True)
    data = view(root, ui_lang, languages)
    data["token"] = token
    data["words_json"] = json.dumps({k: str(v) for k, v in data["W"].items()}, ensure_ascii=False)
    return render_template(env, TEMPLATE.name, data, folders=[TEMPLATE.parent]), data["count"]


def write_gallery(root: Path, *, ui_lang: str | None = None, languages: list[str] | None = None,
                  out: Path | None = None) -> tuple[Path, int]:
    """Write the gallery (``_build/review/index.html`` by default); returns its path and the count."""
    page, count = render_gallery(root, ui_lang=ui_lang, languages=languages)
    path = out or gallery_path(root)
    write_bytes_atomic(path, page.encode("utf-8"))
    return path, count
