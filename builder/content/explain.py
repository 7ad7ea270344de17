"""Turn pydantic validation errors into located problems a trainer can act on.

Pydantic reports where an error is in the *model* (``steps.1.click.click.role``),
with union branch names mixed in (``str``, ``Shot``, ``literal[False]``) and one
error per branch tried. A trainer needs the place in the *file* and one sentence.
So we map each error location back onto the YAML data, keep only the union branch
that got furthest into the data (a `{fr: {…}}` is a broken language map, not a
broken string), merge what is left at one place into one problem, and phrase it
as `what is wrong: what to do`.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.content.model import (
    COLOUR_PATTERN,
    DURATION_PATTERN,
    ENV_PATTERN,
    ID_PATTERN,
    LANG_PATTERN,
    PATH_PATTERN,
    STEP_MODELS,
    URL_PATTERN,
    step_action,
)
from builder.content.yamlsource import DataPath, Located, Problem

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {dict: "a mapping (key: value)", list: "a list", str: "text", int: "a number",
               float: "a number", bool: "true or false", type(None): "nothing"}

#: What a value failing one of the model's patterns is not, and how to write it.
_PATTERN_HINTS = {
    ID_PATTERN: ("is not a valid id", "use lowercase letters, digits and dashes, e.g. `join-group`"),
    LANG_PATTERN: ("is not a language code", "use a two-letter code such as `fr` or `en`"),
    DURATION_PATTERN: ("is not a duration", "write minutes, e.g. `3 min`"),
    URL_PATTERN: ("is not a web address", "start it with http:// or https://"),
    PATH_PATTERN: ("is not a path", "start it with `/` (a path from the base URL) or http(s)://"),
    COLOUR_PATTERN: ("is not a colour", "write it as `#rrggbb`, e.g. `#e11d48`"),
    ENV_PATTERN: ("is not an environment variable name",
                  ("write the NAME of the variable that holds the password (e.g. ALICE_PASSWORD), "
                   "never the password itself")),
}

#: What each kind of type error expects, to merge union branches into one sentence.
_EXPECTED = {
    "string_type": "text", "dict_type": "a mapping (key: value)", "model_type": "a mapping (key: value)",
    "model_attributes_type": "a mapping (key: value)", "list_type": "a list", "bool_type": "true or false",
    "bool_parsing": "true or false", "int_type": "a whole number", "int_parsing": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "int_from_float": "a whole number",
    "finite_number": "a finite number",
}

_TODO = {
    "model_type": "write it as `key: value` lines under it", "dict_type": "write it as `key: value` lines under it",
    "list_type": "write each item on its own `- ` line, or as `[a, b]`",
    "string_type": "write text; quote it if it looks like a number or true/false",
}

_BOUNDS = {"greater_than_equal": ("ge", "at least", "use {} or more"),
           "greater_than": ("gt", "more than", "use a number above {}"),
           "less_than_equal": ("le", "at most", "use {} or less"),
           "less_than": ("lt", "less than", "use a number below {}")}


def type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def dotted(path: DataPath) -> str:
    """``("steps", 2, "click")`` → ``steps[2].click``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _data_path(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[DataPath, DataPath | None, bool]:
    """Map an error location onto the data.

    Returns the data path, the data path where a union branch name was skipped
    (None when the error did not go through a union), and whether the error is
    about a mapping key rather than its value.
    """
    path: list[str | int] = []
    node = data
    union_at: DataPath | None = None
    on_key = False
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if (not last and i > 0 and isinstance(loc[i - 1], int) and isinstance(node, dict)
                and step_action(node) == part):
            continue  # the step's discriminator tag, which repeats the action key
        if part == "[key]":
            on_key = True
        elif (isinstance(node, dict) and part in node
              or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            path.append(part)
            node = node[part]
        elif last and kind == "missing" and isinstance(node, dict):
            path.append(part)  # the missing key: keep its name for the message
            node = None
        elif union_at is None:
            union_at = tuple(path)  # a union branch name such as `str` or `Shot`
    return tuple(path), union_at, on_key


def _value_at(data: Any, path: DataPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _known_fields(model: type[BaseModel]) -> set[str]:
    """Every field name of the model and the models it contains, for `did you mean`."""
    names: set[str] = set()
    seen: set[type] = set()

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.add(tp)
            names.update(tp.model_fields)
            for sub in tp.__subclasses__():
                visit(sub)
            for info in tp.model_fields.values():
                visit(info.annotation)
        for arg in (getattr(tp, "__args__", ()) or ()) + (getattr(tp, "__metadata__", ()) or ()):
            visit(arg)

    visit(model)
    return names


def _choices(err: dict[str, Any]) -> list[str]:
    expected = str((err.get("ctx") or {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected)


def _explain_step(path: DataPath, value: Any, located: Located) -> Problem:
    actions = [k for k in value if k in STEP_MODELS] if isinstance(value, dict) else []
    where = dotted(path)
    if not isinstance(value, dict):
        return located.problem(path, f"{where} should be a mapping (key: value), not {type_name(value)}",
                               "write the step as `- click: …` with `say: …` under it", key=False)
    if len(actions) > 1:
        return located.problem(path + (actions[1],), f"{where} has {len(actions)} actions ({', '.join(actions)})",
                               "split it into one step per action")
    keys = ", ".join(str(k) for k in value) or "none"
    # A misspelt action (`clik`) is the likeliest cause: point at that key and name the action meant.
    known = {name for model in STEP_MODELS.values() for name in model.model_fields}
    for key in value:
        close = difflib.get_close_matches(str(key), list(STEP_MODELS), n=1, cutoff=0.6)
        if close and str(key) not in known:
            return located.problem(path + (key,), f"{where} has no action: unknown key `{key}`",
                                   f"did you mean `{close[0]}`?")
    return located.problem(path, f"{where} has no action (its keys: {keys})",
                           "add one of " + ", ".join(STEP_MODELS), key=False)


def _explain(err: dict[str, Any], path: DataPath, value: Any, fields: set[str]) -> tuple[str, str]:
    kind = err["type"]
    where = dotted(path)
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        inside = f" in {dotted(path[:-1])}" if path[:-1] else ""
        # `fields` holds the keys of nested models too: the unknown key may be one of them (`language`
        # of an expectation, unknown on the platform), and is no suggestion for itself.
        close = [ctx["suggest"]] if "suggest" in ctx else difflib.get_close_matches(key, sorted(fields - {key}), n=1)
        todo = f"did you mean `{close[0]}`?" if close else "remove it, or see the format reference"
        return f"unknown key `{key}`{inside}", todo
    if kind == "missing":
        inside = f" in {dotted(path[:-1])}" if path[:-1] else ""
        return f"missing required key `{path[-1]}`{inside}", f"add `{path[-1]}: …`"
    if kind == "string_pattern_mismatch":
        what, todo = _PATTERN_HINTS.get(ctx.get("pattern", ""), ("has the wrong form", err["msg"]))
        return f"{where} `{value}` {what}", todo
    if kind in ("too_short",):
        return f"{where} is empty", "add at least one item"
    if kind in ("literal_error", "enum"):
        choices = _choices(err)
        close = difflib.get_close_matches(str(value), choices, n=1)
        if close:
            return f"{where}: `{value}` is not allowed", f"did you mean `{close[0]}`?"
        return f"{where}: `{value}` is not allowed", "use one of " + ", ".join(choices)
    if kind in _BOUNDS:
        bound = f"{ctx.get(_BOUNDS[kind][0]):g}"
        return f"{where} should be {_BOUNDS[kind][1]} {bound}, not {value}", _BOUNDS[kind][2].format(bound)
    if kind == "value_error":
        return f"{where}: {err['msg'].removeprefix('Value error, ')}", "fix the value"
    if "todo" in ctx:  # our own checks (PydanticCustomError) carry what to do
        return (f"{where}: {err['msg']}" if path else str(err["msg"])), str(ctx["todo"])
    if kind in _EXPECTED:
        shown = f"`{value}`" if isinstance(value, (int, float, str)) and not isinstance(value, bool) else type_name(value)
        return f"{where} should be {_EXPECTED[kind]}, not {shown}", _TODO.get(kind, f"write {_EXPECTED[kind]}")
    return f"{where}: {err['msg']}", "see the format reference"


def _merge_branches(path: DataPath, errs: list[dict[str, Any]], value: Any) -> tuple[str, str] | None:
    """One sentence for a value that fits none of a union's branches."""
    kinds = {e["type"] for e in errs}
    where = dotted(path)
    if kinds == {"string_type", "dict_type"}:  # a Text
        return (f"{where} should be text or a {{fr: …, en: …}} map, not {type_name(value)}",
                "write one string, or one string per language")
    expected: list[str] = []
    for err in errs:
        if err["type"] == "literal_error":
            choices = _choices(err) or [str((err.get("ctx") or {}).get("expected", ""))]
            wanted = " or ".join(f"`{c}`".lower() for c in choices)
        else:
            wanted = _EXPECTED.get(err["type"], "")
        if wanted and wanted not in expected:
            expected.append(wanted)
    if len(expected) < 2 or len(expected) != len(errs):
        return None
    shown = f"`{value}`" if isinstance(value, str) else type_name(value)
    return f"{where} should be {' or '.join(expected)}, not {shown}", _TODO.get(errs[0]["type"], "see the format reference")


def _drop_misspelt_missing(
    kept: list[tuple[dict[str, Any], DataPath, bool]],
) -> list[tuple[dict[str, Any], DataPath, bool]]:
    """`defintion:` gives both "unknown key" and "missing `definition`": keep one line.

    The unknown key is the one to fix, and the missing key is the best guess of
    what it should be, so it becomes the `did you mean`.
    """
    missing = {(path[:-1], path[-1]) for err, path, _ in kept if err["type"] == "missing" and path}
    fixed: set[tuple[DataPath, str | int]] = set()
    out = []
    for err, path, on_key in kept:
        if err["type"] == "extra_forbidden" and path:
            names = [str(name) for parent, name in missing if parent == path[:-1]]
            close = difflib.get_close_matches(str(path[-1]), names, n=1)
            if close:
                fixed.add((path[:-1], close[0]))
                err = {**err, "ctx": {**(err.get("ctx") or {}), "suggest": close[0]}}
        out.append((err, path, on_key))
    return [(e, p, k) for e, p, k in out if not (e["type"] == "missing" and (p[:-1], p[-1]) in fixed)]


def validate(located: Located, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate located data against ``model``; errors come back located and explained."""
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        errors: list[dict[str, Any]] = [dict(e) for e in exc.errors(include_url=False)]
    mapped = [(err, *_data_path(located.data, err["loc"], err["type"])) for err in errors]
    # A union branch that stopped at a path another branch got past is noise.
    kept = [(err, path, on_key) for err, path, union_at, on_key in mapped
            if union_at is None or not any(
                other_union == union_at and len(other) > len(path) and other[:len(path)] == path
                for _, other, other_union, _ in mapped)]
    kept = _drop_misspelt_missing(kept)
    by_place: dict[tuple[DataPath, bool], list[dict[str, Any]]] = {}
    for err, path, on_key in kept:
        by_place.setdefault((path, on_key), []).append(err)
    fields = _known_fields(model)
    problems = []
    for (path, on_key), errs in by_place.items():
        value = _value_at(located.data, path)
        ours = [e for e in errs if "todo" in (e.get("ctx") or {})]
        if ours and len(ours) < len(errs):
            # `crop: "[[["`: a union (target or CSS) whose CSS branch said what is wrong beats
            # the target branch's "should be a mapping"
            errs = ours
        if any(e["type"] == "step_action" for e in errs):
            problems.append(_explain_step(path, value, located))
            continue
        if on_key and path and errs[0]["type"] == "string_pattern_mismatch":
            # a mapping key is wrong (`personas: {Alice: …}`), not its value
            what, todo = _PATTERN_HINTS.get((errs[0].get("ctx") or {}).get("pattern", ""),
                                            ("has the wrong form", errs[0]["msg"]))
            text = (f"`{path[-1]}` in {dotted(path[:-1])} {what}", todo)
        elif value is None and path and not isinstance(path[-1], int) and errs[0]["type"] != "missing":
            text = (f"`{path[-1]}` has no value", f"write its value after `{path[-1]}:`")
            on_key = True
        else:
            text = (_merge_branches(path, errs, value) if len(errs) > 1 else None) \
                or _explain(errs[0], path, value, fields)
        at = (errs[0].get("ctx") or {}).get("at")
        if at is not None and isinstance(value, (dict, list)) and (at in value if isinstance(value, dict)
                                                                   else 0 <= at < len(value)):
            path = path + (at,)  # our checks name the key or item that is wrong
            on_key = isinstance(value, dict)
        on_key = on_key or errs[0]["type"] in ("extra_forbidden", "missing")
        problems.append(located.problem(path, *text, key=on_key))
    return None, problems
