"""Checks that span files: personas, topics, prerequisites, related ids, languages.

Each problem points at the key that holds the bad reference, so a trainer lands
on the right line.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from builder.content.model import ID_PATTERN, Platform
from builder.content.project import display_path, is_language_map
from builder.content.richtext import check_texts

if TYPE_CHECKING:
    from builder.content.project import Project, Source
    from builder.content.yamlsource import DataPath, Located


def check_project(project: Project) -> None:
    """Append every cross-file problem to ``project.problems``.

    References are read from the raw YAML data of every scenario file, valid or
    not, so a file with an unrelated mistake still has its persona, topic and
    prerequisites checked, and a reference to a broken scenario is not "unknown".
    """
    ids = _check_ids(project)
    for located in project.scenario_files:
        _check_references(project, located, ids)
        _check_audiences(project, located)
    for source in project.workshops.values():
        _check_audiences(project, source.located)
    languages = ",".join(project.languages)
    for source in project.scenarios.values():
        project.per_file("languages", source.located, languages,
                         functools.partial(check_languages, project, source, project.languages))
        _check_dialog_quotes(project, source)
    _warn_no_reset(project)
    _check_cycles(project)
    if project.platform is not None and project.platform_source is not None:
        check_language_maps(project, project.platform_source, project.platform, (), project.languages)
        _check_language_switch(project, project.platform_source, project.platform, project.languages)
    for source in project.workshops.values():
        check_languages(project, source, project.languages)
    _check_catalogs(project)
    from builder.content.loginpage import check_login_start

    check_login_start(project)
    # Reader texts: only the Markdown a trainer needs (no directives, roles, HTML, images, odd links).
    check_texts(project)


def _check_audiences(project: Project, located: Located) -> None:
    """Each `audience` id names an audience of platform.yaml (any id while none are declared, as topics)."""
    platform = project.platform
    audience = located.data.get("audience")
    if platform is None or not platform.audiences or not isinstance(audience, list):
        return
    known = sorted(platform.audiences)
    for i, name in enumerate(audience):
        if isinstance(name, str) and name not in platform.audiences:
            close = difflib.get_close_matches(name, known, n=1)
            todo = f"did you mean `{close[0]}`?" if close else "declare it under `audiences` in platform.yaml"
            project.problems.append(located.problem(
                ("audience", i), f"unknown audience `{name}`", f"{todo} (audiences: {', '.join(known)})",
                key=False))


def _check_catalogs(project: Project) -> None:
    """The project's own message catalogs, content/messages/<lang>.yaml."""
    from builder.content.catalog import catalog_problems

    project.problems += catalog_problems(project.root, lambda path: display_path(path, project.root))


def _check_language_switch(project: Project, located: Located, platform: Platform, languages: list[str]) -> None:
    """A language marker for every language; one account per language with `persona: true`."""
    switch = platform.language_switch
    marker = switch.check.marker if switch.check is not None else None
    if marker is not None:
        path: DataPath = ("language_switch", "check", "marker")
        missing = [lang for lang in languages if lang not in marker]
        if missing:
            project.problems.append(located.problem(
                path, f"the language marker has no {', '.join(missing)} element",
                f"add `{missing[0]}: {{text: …}}`: something only the {missing[0]} UI shows", key=True))
        for lang in marker:
            if lang not in languages:
                project.problems.append(located.problem(
                    path + (lang,), f"language `{lang}` is not configured",
                    f"use {', '.join(languages)} or add it to `languages` in platform.yaml", key=True))
    if switch.persona and len(languages) > 1:
        for pid, persona in platform.personas.items():
            if not persona.per_language:
                project.problems.append(located.problem(
                    ("personas", pid, "username"),
                    f"persona `{pid}` has one account for every language, but `language_switch: "
                    "{persona: true}` takes the language from the account",
                    f"give one account per language: `username: {{{', '.join(f'{x}: …' for x in languages)}}}`",
                    key=False))


def _raw_id(located: Located) -> str | None:
    value = located.data.get("id")
    return value if isinstance(value, str) and re.match(ID_PATTERN, value) else None


def _check_ids(project: Project) -> set[str]:
    """Ids must be unique and match the file name; returns every id in use."""
    first: dict[str, Located] = {}
    for located in project.scenario_files:
        sid = _raw_id(located)
        if sid is None:
            continue
        if located.path.stem != sid:
            project.problems.append(located.problem(
                ("id",), f"id `{sid}` differs from the file name `{located.path.stem}.yaml`",
                f"rename the file to `{sid}.yaml` or change the id", key=False))
        if sid in first:
            project.problems.append(located.problem(
                ("id",), f"duplicate scenario id `{sid}` (also in {first[sid].display})",
                "give each scenario its own id", key=False, related=(first[sid].display,)))
        else:
            first[sid] = located
    return set(first) | project.known_ids


def _check_references(project: Project, located: Located, ids: set[str]) -> None:
    data: dict[str, Any] = located.data
    platform = project.platform
    persona, topic = data.get("persona"), data.get("topic")
    if platform is not None and isinstance(persona, str) and persona not in platform.personas:
        known = ", ".join(sorted(platform.personas)) or "none defined"
        close = difflib.get_close_matches(persona, sorted(platform.personas), n=1)
        todo = f"did you mean `{close[0]}`?" if close else "use a persona of platform.yaml"
        project.problems.append(located.problem(
            ("persona",), f"unknown persona `{persona}`", f"{todo} (personas: {known})", key=False))
    if platform is not None and platform.topics and isinstance(topic, str) and topic not in platform.topics:
        known = ", ".join(sorted(platform.topics))
        close = difflib.get_close_matches(topic, sorted(platform.topics), n=1)
        todo = f"did you mean `{close[0]}`?" if close else "declare it under `topics` in platform.yaml"
        project.problems.append(located.problem(
            ("topic",), f"unknown topic `{topic}`", f"{todo} (topics: {known})", key=False))
    own = _raw_id(located)
    for field_name in ("prerequisites", "related"):
        refs = data.get(field_name)
        for i, ref in enumerate(refs if isinstance(refs, list) else []):
            if not isinstance(ref, str):
                continue
            if ref == own:
                project.problems.append(located.problem(
                    (field_name, i), f"scenario `{ref}` lists itself in {field_name}", "remove it", key=False))
            elif ref not in ids:
                close = difflib.get_close_matches(ref, sorted(ids), n=1)
                hint = f"did you mean `{close[0]}`?" if close else "use the id of an existing scenario"
                project.problems.append(located.problem(
                    (field_name, i), f"unknown scenario `{ref}` in {field_name}", hint, key=False))
    # upload files are checked with every other path in content: builder/content/guards.py


def check_languages(project: Project, source: Source, languages: list[str]) -> None:
    check_language_maps(project, source.located, source.model, (), languages)


def check_language_maps(project: Project, located: Any, value: Any, path: DataPath, languages: list[str]) -> None:

    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            check_language_maps(project, located, getattr(value, name), path + (name,), languages)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_language_maps(project, located, item, path + (i,), languages)
    elif is_language_map(value):
        missing = [lang for lang in languages if lang not in value]
        extra = [lang for lang in value if lang not in languages]
        if missing:
            project.problems.append(located.problem(
                path, f"text has no {', '.join(missing)} version", f"add `{missing[0]}: …` next to the others",
                key=True))
        if extra:
            project.problems.append(located.problem(
                path + (extra[0],), f"language `{extra[0]}` is not configured",
                f"use {', '.join(languages)} or add it to `languages` in platform.yaml", key=True))
    elif is_language_map(value, of=list):  # search words: a language may go without, not an unknown one
        extra = [lang for lang in value if lang not in languages]
        if extra:
            project.problems.append(located.problem(
                path + (extra[0],), f"language `{extra[0]}` is not configured",
                f"use {', '.join(languages)} or add it to `languages` in platform.yaml", key=True))
    elif isinstance(value, dict):
        for key, item in value.items():
            check_language_maps(project, located, item, path + (key,), languages)


def _check_cycles(project: Project) -> None:
    graph = {sid: [p for p in src.model.prerequisites if p in project.scenarios and p != sid]
             for sid, src in project.scenarios.items()}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    src = project.scenarios[node]
                    index = src.model.prerequisites.index(nxt)
                    others = tuple(project.scenarios[c].located.display for c in cycle[:-1] if c != node)
                    project.problems.append(src.located.problem(
                        ("prerequisites", index), "circular prerequisites: " + " → ".join(cycle),
                        "remove one of these prerequisites", key=False, related=others))
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for sid in sorted(graph):
        if sid not in state:
            visit(sid)


def _check_dialog_quotes(project: Project, source: Source) -> None:
    """`{dialog}` in a step's text needs a dialog text expected at or before that step."""
    from builder.content.dialogtext import PLACEHOLDER, dialog_text
    from builder.content.model import localize

    steps = list(source.model.steps)
    for number, step in enumerate(steps, 1):
        for lang in project.languages:
            if PLACEHOLDER in localize(step.say, lang) and dialog_text(steps, number, lang) is None:
                project.problems.append(source.located.problem(
                    ("steps", number - 1, "say"), "`{dialog}` quotes a dialog's message, but no step up to "
                    "this one says what the dialog says",
                    "add `dialog: {accept: true, text: …}` to the step that opens it, or "
                    "`expect: {dialog: …}`", key=True))
                break


#: Step actions that change the platform's data on their own (see :func:`changes_data`).
_FORM_FIELDS = ("fill", "select", "check", "uncheck")


def changes_data(steps: list[Any]) -> int | None:
    """The 0-based index of the first step that likely changes the platform's data, else None.

    A simple heuristic, for a warning only: an upload; a dialog accepted (a confirmation);
    a click on a button (buttons act, links go somewhere); or a click or key press after a
    form field was filled, selected or ticked (a form sent).
    """
    from builder.content.model import ClickStep, DialogAnswer, PressStep, UploadStep

    filled = False
    for i, step in enumerate(steps):
        answer = getattr(step, "dialog", None)
        if isinstance(step, UploadStep) or answer == "accept" or (
                isinstance(answer, DialogAnswer) and answer.accept not in (None, False)):
            return i
        if isinstance(step, ClickStep) and step.click.role == "button":
            return i
        if filled and isinstance(step, ClickStep | PressStep):
            return i
        filled = filled or step.action in _FORM_FIELDS
    return None


def _warn_no_reset(project: Project) -> None:
    """Warn about scenarios that change data when nothing puts the data back between runs."""
    platform = project.platform
    if platform is None or platform.reset is not None:
        return
    for source in sorted(project.scenarios.values(), key=lambda s: s.located.display):
        index = changes_data(list(source.model.steps))
        if index is None:
            continue
        project.warnings.append(source.located.problem(
            ("steps", index), f"warning: scenario `{source.model.id}` changes the platform's data (step "
            f"{index + 1}, {source.model.steps[index].action}) and platform.yaml has no `reset:`; other "
            "scenarios and the other languages' runs will see its changes",
            "add `reset: {command: …}` or `reset: {http: …}` to platform.yaml", key=False))
