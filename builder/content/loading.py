"""Load a Helpwright project from disk and report every problem at once.

A project is a folder with ``content/platform.yaml``, ``content/scenarios/**/*.yaml``,
optional ``content/workshops/*.yaml`` and ``content/glossary.yaml``. Loading never
raises on bad input: it returns what it could load plus a sorted list of
:class:`~builder.content.yamlsource.Problem`, each pointing at a file, line and column.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from builder.content.crossref import check_project
from builder.content.explain import type_name, validate
from builder.content.guards import check_guards
from builder.content.loadcache import LoadCache
from builder.content.model import Glossary, Platform, Scenario
from builder.content.project import Project, Source, is_language_map
from builder.content.project import display_path as _display
from builder.content.project import outside_project as _outside
from builder.content.shotlinks import check_screenshot_links
from builder.content.workshop import Workshop, check_workshops
from builder.content.yamlsource import Located, Problem, YamlError, read_bytes, read_yaml

# Project and Source live in content/project.py; they are named here too for the callers of loading.
__all__ = ["Project", "Source", "find_project_root", "is_language_map", "load_model", "load_project",
           "problems_under", "scenario_files"]

M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M], root: Path,
               cache: LoadCache | None = None) -> tuple[M | None, Located | None, list[Problem]]:
    """Read one content file and check it against ``model``: the object (None if it cannot be made), the
    located data (None if the file cannot be read as YAML), and its problems. ``cache`` keeps what a file's
    bytes gave (:mod:`builder.content.loadcache`)."""
    display = _display(path, root)
    outside = _outside(path, root)
    if outside is not None:
        return None, None, [Problem(display, 1, 1, f"the file is a link to {outside}, outside the project",
                                    "copy the file into the project instead")]
    try:
        raw = read_bytes(path, display)
    except YamlError as exc:
        return None, None, [exc.problem]
    if cache is not None:
        kept = cache.get(path, display, model, raw)
        if kept is not None:
            return kept  # type: ignore[no-any-return]
    loaded = _load_model(path, model, display, raw)
    if cache is not None:
        cache.put(path, display, model, raw, loaded)
    return loaded


def _load_model(path: Path, model: type[M], display: str,
                raw: bytes) -> tuple[M | None, Located | None, list[Problem]]:
    try:
        located = read_yaml(path, display, raw=raw)
    except YamlError as exc:
        return None, None, [exc.problem]
    if not isinstance(located.data, dict):
        return None, located, [located.problem(
            (), f"the file should hold a mapping (key: value), not {type_name(located.data)}",
            "write `key: value` lines at the top level, without a leading `- `")]
    try:
        obj, problems = validate(located, model)
    except Exception as exc:  # noqa: BLE001 - a bug in a check must not hide the other files' problems
        return None, located, [located.problem((), f"internal error while checking this file ({exc!r})",
                                                "please report it with this file attached")]
    return obj, located, problems


def scenario_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "scenarios").rglob("*.yaml"))


def _misnamed(project: Project) -> None:
    """`.yml` and `.YAML` files where content is read: refused, never silently skipped."""
    content = project.content
    found = [p for p in content.glob("*") if p.stem in ("platform", "glossary")]
    found += [p for folder in ("scenarios", "workshops") for p in (content / folder).rglob("*")]
    for path in sorted(found):
        if path.suffix.lower() in (".yaml", ".yml") and path.suffix != ".yaml":
            project.misnamed.append(path)
            project.problems.append(Problem(_display(path, project.root), 1, 1, "this file is not read",
                                            f"rename it to {path.stem}.yaml"))


def load_project(root: Path) -> Project:
    """Load and cross-check a whole project. Never raises on bad content.

    Python's cycle collector is paused meanwhile: loading makes many objects and frees few, and
    each full collection walks everything loaded so far (a fifth of `check`'s time on 4,000 files).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root))
    finally:
        if enabled:
            gc.enable()


def _load(root: Path) -> Project:
    project = Project(root=root)
    cache = LoadCache(root)
    platform_path = root / "content" / "platform.yaml"
    if not (platform_path.exists() or platform_path.is_symlink()):
        project.problems.append(Problem(_display(platform_path, root), 1, 1, "platform config not found",
                                        "create content/platform.yaml (see the README)"))
    else:
        platform, located, problems = load_model(platform_path, Platform, root, cache)
        project.platform, project.platform_source = platform, located
        project.problems += problems
    project.scenario_paths = scenario_files(root)
    for path in project.scenario_paths:
        scenario, located, problems = load_model(path, Scenario, root, cache)
        project.problems += problems
        if located is not None and isinstance(located.data, dict):
            project.scenario_files.append(located)
        if scenario is not None and located is not None and scenario.id not in project.scenarios:
            project.scenarios[scenario.id] = Source(scenario, located)
    glossary_path = root / "content" / "glossary.yaml"
    if glossary_path.exists() or glossary_path.is_symlink():
        glossary, located, problems = load_model(glossary_path, Glossary, root, cache)
        project.problems += problems
        if located is not None and isinstance(located.data, dict):
            project.glossary_source = located
        if glossary is not None:
            project.glossary = glossary
    _load_workshops(project, cache)
    project.loaded = cache
    _misnamed(project)
    check_project(project)
    check_guards(project)
    check_screenshot_links(project)
    cache.save()
    project.problems = sorted(set(project.problems))
    return project


def _load_workshops(project: Project, cache: LoadCache | None = None) -> None:
    for path in sorted((project.root / "content" / "workshops").glob("*.yaml")):
        workshop, located, problems = load_model(path, Workshop, project.root, cache)
        project.problems += problems
        if located is not None and isinstance(located.data, dict):
            project.workshop_files.append(located)
        if workshop is None or located is None:
            continue
        first = project.workshops.get(workshop.id)
        if first is not None:
            project.problems.append(located.problem(
                ("id",), f"duplicate workshop id `{workshop.id}` (also in {first.located.display})",
                "give each workshop its own id, the name of its file", key=False,
                related=(first.located.display,)))
            continue
        project.workshops[workshop.id] = Source(workshop, located)
    check_workshops(project)


def find_project_root(start: Path) -> Path | None:
    """The folder holding content/platform.yaml: ``start`` itself or the nearest one above it."""
    here = Path(start).resolve()
    for folder in ([here] if here.is_dir() else []) + list(here.parents):
        marker = folder / "content" / "platform.yaml"
        if marker.exists() or marker.is_symlink():  # a broken one is reported, not a reason to look higher
            return folder
    return None


def problems_under(project: Project, focus: Path, items: list[Problem] | None = None) -> list[Problem]:
    """The problems a check of ``focus`` (a file or folder in the project) should show.

    That is the problems in files under it, those in other files that involve it
    (a duplicate id, a cycle), and those of platform.yaml, which every check depends on.
    """
    shown = _display(focus, project.root)
    platform = _display(project.root / "content" / "platform.yaml", project.root)

    def inside(display: str) -> bool:
        return display in (shown, platform) or display.startswith(shown.rstrip("/") + "/")

    return [p for p in (project.problems if items is None else items)
            if inside(p.path) or any(inside(r) for r in p.related)]
