"""Load a Helpwright project from disk and report every problem at once.

A project is a folder with ``content/platform.yaml``, ``content/scenarios/**/*.yaml``,
optional ``content/workshops/*.yaml`` and ``content/glossary.yaml``. Loading never
raises on bad input: it returns what it could load plus a sorted list of
:class:`~builder.yamlsource.Problem`, each pointing at a file, line and column.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.model import LANG_PATTERN, Glossary, Platform, Scenario
from builder.yamlsource import DataPath, Located, Problem, YamlError, read_yaml

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {dict: "a mapping (key: value)", list: "a list", str: "text", int: "a number",
               float: "a number", bool: "true or false", type(None): "nothing"}


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[DataPath, bool]:
    """Map a pydantic error location onto the data; drop union tags that are not keys."""
    path: list[str | int] = []
    node = data
    skipped = False
    for i, part in enumerate(loc):
        after = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(node, dict) and part in node and after is not None and after in node \
                and not (isinstance(node[part], dict) and after in node[part]):
            skipped = True  # a union tag that happens to equal a key (`click.click.name`)
        elif isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier() and part not in node \
                and loc[-1] == part:
            path.append(part)  # a missing key: keep its name for the message
            node = None
        else:
            skipped = True
    return tuple(path), skipped


def _dotted(path: DataPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _known_fields(model: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def visit(m: Any) -> None:
        if not isinstance(m, type) or not issubclass(m, BaseModel) or m in seen:
            return
        seen.add(m)
        names.update(m.model_fields)
        for sub in m.__subclasses__():
            visit(sub)
        for f in m.model_fields.values():
            for arg in _walk_types(f.annotation):
                visit(arg)

    visit(model)
    return names


def _walk_types(tp: Any) -> list[Any]:
    out = [tp]
    for arg in getattr(tp, "__args__", ()) or ():
        out.extend(_walk_types(arg))
    for meta in getattr(tp, "__metadata__", ()) or ():
        out.extend(_walk_types(meta))
    return out


def _explain(err: dict[str, Any], path: DataPath, value: Any, fields: set[str]) -> tuple[str, str]:
    kind = err["type"]
    where = _dotted(path)
    if kind == "extra_forbidden":
        key = path[-1] if path else "?"
        close = difflib.get_close_matches(str(key), sorted(fields), n=1)
        todo = f"did you mean `{close[0]}`?" if close else "remove it or check the format reference"
        return f"unknown key `{key}` in {_dotted(path[:-1])}", todo
    if kind == "missing":
        return f"missing required key `{path[-1]}` in {_dotted(path[:-1])}", f"add `{path[-1]}:`"
    if kind == "step_action":
        found = [k for k in value] if isinstance(value, dict) else []
        return (f"{where}: a step needs exactly one action (found {', '.join(found) or 'none'})",
                "use one of goto, click, fill, select, check, uncheck, press, hover, upload, wait_for, expect")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{where} should be a mapping (key: value), not {_type_name(value)}", "write it as `key: value` lines"
    if kind == "list_type":
        return f"{where} should be a list, not {_type_name(value)}", "write each item on its own `- ` line"
    if kind in ("string_type",):
        return f"{where} should be text, not {_type_name(value)}", "write a string, or a {fr: …, en: …} map"
    if kind == "string_pattern_mismatch":
        if path and path[-1] in ("id", "topic") or (len(path) > 1 and path[-1] in ("prerequisites", "related")):
            return f"{where} `{value}` is not a valid id", "use lowercase letters, digits and dashes"
        if path and path[-1] == "duration":
            return f"{where} `{value}` is not a duration", "write minutes, e.g. `3 min`"
        return f"{where} `{value}` has the wrong form", err["msg"]
    if kind == "too_short":
        return f"{where} is empty", "add at least one item"
    if kind in ("literal_error", "enum"):
        return f"{where}: `{value}` is not allowed", err["msg"].replace("Input should be", "use")
    if kind == "value_error":
        return f"{where}: {err['msg'].removeprefix('Value error, ')}", "fix the value"
    if kind in ("bool_type", "bool_parsing"):
        return f"{where} should be true or false, not `{value}`", "write true or false"
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        return f"{where} should be a number, not `{value}`", "write a number"
    return f"{where}: {err['msg']}", "see the format reference"


def validate(located: Located, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate located data against ``model``; errors come back located and explained."""
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        fields = _known_fields(model)
        by_place: dict[DataPath, list[dict[str, Any]]] = {}
        for err in exc.errors(include_url=False):
            path, _ = _data_path(located.data, err["loc"])
            by_place.setdefault(path, []).append(err)
        problems = []
        for path, errs in by_place.items():
            value = _value_at(located.data, path)
            if len(errs) > 1 and all(e["type"].endswith("_type") for e in errs):
                text = (f"{_dotted(path)} should be text or a {{fr: …, en: …}} map, not {_type_name(value)}",
                        "write a string, or one string per language")
            else:
                text = _explain(errs[0], path, value, fields)
            on_key = errs[0]["type"] in ("extra_forbidden", "missing")
            problems.append(located.problem(path, *text, key=on_key))
        return None, problems


def _value_at(data: Any, path: DataPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def load_model(path: Path, model: type[M], root: Path) -> tuple[M | None, Located | None, list[Problem]]:
    display = _display(path, root)
    try:
        located = read_yaml(path, display)
    except YamlError as exc:
        return None, None, [exc.problem]
    if not isinstance(located.data, dict):
        return None, located, [located.problem((), f"the file should hold a mapping, not {_type_name(located.data)}",
                                                "start with `id: …` style keys")]
    obj, problems = validate(located, model)
    return obj, located, problems


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            return str(path)


@dataclass
class Source:
    """A loaded item and where it came from."""

    model: Any
    located: Located


@dataclass
class Project:
    root: Path
    platform: Platform | None = None
    platform_source: Located | None = None
    scenarios: dict[str, Source] = field(default_factory=dict)
    workshops: dict[str, Source] = field(default_factory=dict)
    glossary: Glossary = field(default_factory=Glossary)
    problems: list[Problem] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def languages(self) -> list[str]:
        return list(self.platform.languages) if self.platform else ["fr", "en"]

    def scenario(self, scenario_id: str) -> Scenario:
        return self.scenarios[scenario_id].model


def scenario_files(root: Path) -> list[Path]:
    return sorted((root / "content" / "scenarios").rglob("*.yaml"))


def load_project(root: Path, *, only: list[Path] | None = None) -> Project:
    """Load and cross-check a whole project. Never raises on bad content."""
    from builder.crossref import check_project  # noqa: PLC0415 - keeps the import graph one-way

    root = Path(root)
    project = Project(root=root)
    platform_path = root / "content" / "platform.yaml"
    if not platform_path.exists():
        project.problems.append(Problem(_display(platform_path, root), 1, 1, "platform config not found",
                                        "create content/platform.yaml (see the README)"))
    else:
        platform, located, problems = load_model(platform_path, Platform, root)
        project.platform, project.platform_source = platform, located
        project.problems += problems
    for path in only if only is not None else scenario_files(root):
        scenario, located, problems = load_model(path, Scenario, root)
        project.problems += problems
        if scenario is None or located is None:
            continue
        if scenario.id in project.scenarios:
            first = project.scenarios[scenario.id].located
            project.problems.append(located.problem(
                ("id",), f"duplicate scenario id `{scenario.id}` (also in {first.display})",
                "give each scenario its own id", key=False))
            continue
        project.scenarios[scenario.id] = Source(scenario, located)
    glossary_path = root / "content" / "glossary.yaml"
    if glossary_path.exists():
        glossary, _, problems = load_model(glossary_path, Glossary, root)
        project.problems += problems
        if glossary is not None:
            project.glossary = glossary
    _load_workshops(project)
    check_project(project)
    project.problems = sorted(set(project.problems))
    return project


def _load_workshops(project: Project) -> None:
    try:
        from builder.workshop import Workshop, check_workshops  # noqa: PLC0415
    except ImportError:
        return
    for path in sorted((project.root / "content" / "workshops").glob("*.yaml")):
        workshop, located, problems = load_model(path, Workshop, project.root)
        project.problems += problems
        if workshop is not None and located is not None:
            project.workshops[workshop.id] = Source(workshop, located)
    check_workshops(project)


def is_language_map(value: Any) -> bool:
    import re  # noqa: PLC0415

    return (isinstance(value, dict) and bool(value)
            and all(isinstance(k, str) and re.match(LANG_PATTERN, k) and isinstance(v, str)
                    for k, v in value.items()))
