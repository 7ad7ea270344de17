"""Checks that span files: personas, topics, prerequisites, related ids, languages.

Each problem points at the key that holds the bad reference, so a trainer lands
on the right line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from builder.model import Scenario, UploadStep

if TYPE_CHECKING:
    from builder.loading import Project, Source
    from builder.yamlsource import DataPath


def check_project(project: Project) -> None:
    platform = project.platform
    languages = project.languages
    ids = set(project.scenarios)
    for source in project.scenarios.values():
        scenario: Scenario = source.model
        loc = source.located
        stem = loc.path.stem
        if stem != scenario.id:
            project.problems.append(loc.problem(("id",), f"id `{scenario.id}` differs from the file name `{stem}.yaml`",
                                                f"rename the file to `{scenario.id}.yaml` or change the id", key=False))
        if platform is not None:
            if scenario.persona is not None and scenario.persona not in platform.personas:
                known = ", ".join(sorted(platform.personas)) or "none defined"
                project.problems.append(loc.problem(("persona",), f"unknown persona `{scenario.persona}`",
                                                    f"use one of the personas in platform.yaml ({known})", key=False))
            if platform.topics and scenario.topic not in platform.topics:
                known = ", ".join(sorted(platform.topics))
                project.problems.append(loc.problem(("topic",), f"unknown topic `{scenario.topic}`",
                                                    f"use one of {known}, or declare it under `topics` in platform.yaml",
                                                    key=False))
        for field_name in ("prerequisites", "related"):
            for i, ref in enumerate(getattr(scenario, field_name)):
                if ref not in ids:
                    project.problems.append(loc.problem((field_name, i), f"unknown scenario `{ref}` in {field_name}",
                                                        "use the id of an existing scenario", key=False))
                elif ref == scenario.id:
                    project.problems.append(loc.problem((field_name, i), f"scenario `{ref}` lists itself in {field_name}",
                                                        "remove it", key=False))
        for i, step in enumerate(scenario.steps):
            if isinstance(step, UploadStep):
                for j, name in enumerate(step.files):
                    if not (project.content / name).is_file():
                        project.problems.append(loc.problem(("steps", i, "files", j), f"file to upload not found: {name}",
                                                            "put it under content/ or fix the path", key=False))
        check_languages(project, source, languages)
    _check_cycles(project)
    if project.platform is not None and project.platform_source is not None:
        _check_language_maps(project, project.platform_source, project.platform, (), languages)
    for source in project.workshops.values():
        check_languages(project, source, languages)


def check_languages(project: Project, source: Source, languages: list[str]) -> None:
    _check_language_maps(project, source.located, source.model, (), languages)


def _check_language_maps(project: Project, located: Any, value: Any, path: DataPath, languages: list[str]) -> None:
    from builder.loading import is_language_map  # noqa: PLC0415

    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _check_language_maps(project, located, getattr(value, name), path + (name,), languages)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_language_maps(project, located, item, path + (i,), languages)
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
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_language_maps(project, located, item, path + (key,), languages)


def _check_cycles(project: Project) -> None:
    graph = {sid: [p for p in src.model.prerequisites if p in project.scenarios]
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
                    project.problems.append(src.located.problem(
                        ("prerequisites", index), "circular prerequisites: " + " → ".join(cycle),
                        "remove one of these prerequisites", key=False))
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for sid in sorted(graph):
        if sid not in state:
            visit(sid)
