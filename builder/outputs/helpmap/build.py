"""Help links inside the platform: which help page answers each platform page, and the script that links it.

Capture records the page URL of every step (``page.url``, relative to the base URL). Per
language, those URLs become route patterns (the language's query parameter or path prefix
taken out, numeric and generated-looking segments as ``*``: ``/groups/*``), each mapped to
the scenarios that *do* something there: those that start on it, then those acting on it
(a click, a field, a key…), most steps there first. A page only seen as an outcome (an
``expect``, a page reached after saving) has no help of its own: the script then opens the
help site's search with the page's title. ``_build/helpmap/`` holds::

    helpwright-help.js      the script a platform includes: a "Help" link on every page
    index.json              the languages
    <lang>/help-map.json    site URL, search URL, the link's words, the routes (most specific first)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from builder.atomicwrite import write_text_atomic
from builder.content.model import ExpectStep, GotoStep, Platform, WaitForStep, localize
from builder.layout import build_dir
from builder.outputs.viewmodel import ViewModel

STATIC = Path(__file__).resolve().parent / "static"
SCRIPT = "helpwright-help.js"
#: where the help site puts a scenario's page and its search, under ``<site>/<lang>/``
SCENARIO_PAGE = "scenarios/{id}.html"
SEARCH_PAGE = "search.html"
#: steps that only look: a page they are on is an outcome, not a task's place
_LOOKING = (ExpectStep, WaitForStep, GotoStep)
_GENERATED = re.compile(r"^(\d+|[0-9a-f]{8,}|[0-9a-f-]{32,36})$", re.IGNORECASE)


@dataclass
class Route:
    pattern: str
    #: scenario id → steps it takes on this page
    steps: dict[str, int] = field(default_factory=dict)
    #: the scenarios that start here or act here (not only look)
    helps: set[str] = field(default_factory=set)
    starts: set[str] = field(default_factory=set)

    def ranked(self) -> list[str]:
        """The scenarios answering for this page: those starting here first, then most steps here."""
        return sorted(self.helps, key=lambda sid: (sid not in self.starts, -self.steps[sid], sid))


@dataclass
class HelpMapResult:
    out: Path
    #: lang → routes with help, routes without (patterns)
    covered: dict[str, list[str]] = field(default_factory=dict)
    uncovered: dict[str, list[str]] = field(default_factory=dict)


def helpmap_dir(root: Path) -> Path:
    return build_dir(root) / "helpmap"


def route_pattern(url: str, platform: Platform, lang: str) -> str:
    """``/groups/12?lang=fr`` → ``/groups/*``: the path a platform page has in every language."""
    parts = urlsplit(url)
    path = parts.path or "/"
    prefix = platform.language_switch.url_prefix
    if prefix:
        own = prefix.format(lang=lang).rstrip("/")
        if path == own or path.startswith(own + "/"):
            path = path[len(own):] or "/"
    segments = ["*" if _GENERATED.match(s) else s for s in path.split("/")]
    pattern = "/".join(segments) or "/"
    # The query decides the page on some platforms (?page=…); the language's own parameter never does.
    param = platform.language_switch.query_param
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    return pattern + ("?" + urlencode(query) if query else "")


def _routes(view: ViewModel, lang: str) -> dict[str, Route]:
    platform = view.project.platform
    assert platform is not None
    routes: dict[str, Route] = {}
    for page in view.pages(lang):
        sid = page.scenario.id
        start = route_pattern(page.scenario.start, platform, lang)
        for step in page.steps:
            record_page = (step.record or {}).get("page")
            url = record_page.get("url") if isinstance(record_page, dict) else None
            if not isinstance(url, str) or not url.startswith("/"):
                continue
            pattern = route_pattern(url, platform, lang)
            route = routes.setdefault(pattern, Route(pattern))
            route.steps[sid] = route.steps.get(sid, 0) + 1
            if pattern == start:
                route.starts.add(sid)
            if pattern == start or not isinstance(step.step, _LOOKING):
                route.helps.add(sid)
    return routes


def _specificity(pattern: str) -> tuple[int, int, str]:
    # Exact paths before patterns, longer before shorter: the script takes the first match.
    return (pattern.count("*"), -len(pattern), pattern)


def help_map(view: ViewModel, lang: str, site_url: str) -> dict[str, Any]:
    msgs = view.messages(lang).section("helpmap")
    site = site_url.rstrip("/") + f"/{lang}/"
    routes = []
    for pattern, route in sorted(_routes(view, lang).items(), key=lambda item: _specificity(item[0])):
        ranked = route.ranked()
        entry: dict[str, Any] = {"pattern": pattern, "seen_in": sorted(route.steps)}
        if ranked:
            scenario = view.project.scenario(ranked[0])
            entry.update(page=SCENARIO_PAGE.format(id=ranked[0]), scenario=ranked[0],
                         title=localize(scenario.title, lang), scenarios=ranked)
        routes.append(entry)
    platform = view.project.platform
    prefix = platform.language_switch.url_prefix if platform is not None else None
    return {"lang": lang, "site": site, "search": SEARCH_PAGE, "search_param": "q",
            "path_prefix": prefix.format(lang=lang).rstrip("/") if prefix else "",
            "labels": {k: str(msgs[k]) for k in ("link", "link_title", "search_title")}, "routes": routes}


def build_helpmap(view: ViewModel, *, site_url: str, languages: list[str] | None = None,
                  out: Path | None = None) -> HelpMapResult:
    project = view.project
    result = HelpMapResult(out=out or helpmap_dir(project.root))
    langs = languages or list(project.languages)
    for lang in langs:
        data = help_map(view, lang, site_url)
        write_text_atomic(result.out / lang / "help-map.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        result.covered[lang] = [r["pattern"] for r in data["routes"] if "page" in r]
        result.uncovered[lang] = [r["pattern"] for r in data["routes"] if "page" not in r]
    write_text_atomic(result.out / "index.json", json.dumps({"languages": langs}) + "\n")
    write_text_atomic(result.out / SCRIPT, (STATIC / SCRIPT).read_text(encoding="utf-8"))
    return result
