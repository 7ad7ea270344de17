"""The shape of the JSON files Helpwright writes and later reads back (manifests, pending, approvals).

These files are committed or sit in the project, so a hand or a merge can change them: they are
validated like content. :func:`shape_problem` names the first value of the wrong type by its path
(``steps[0].new.width: expected a whole number``), so a reader never meets a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Maybe:
    """``shape`` or null."""

    shape: Any


NUMBER = "number"
ANY = "any"
_WORDS = {str: "text", int: "a whole number", NUMBER: "a number", bool: "true or false"}


def _describe(shape: Any) -> str:
    if isinstance(shape, Maybe):
        return f"{_describe(shape.shape)} or null"
    if isinstance(shape, dict):
        return "a mapping"
    if isinstance(shape, list):
        return "a list"
    return _WORDS.get(shape, str(shape))


def _matches(value: Any, shape: Any) -> bool:
    if shape == ANY:
        return True
    if shape == NUMBER:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if shape is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(shape, type):
        return isinstance(value, shape)
    return isinstance(value, dict) if isinstance(shape, dict) else isinstance(value, list)


def shape_problem(value: Any, shape: Any, path: str = "") -> str | None:
    """``path: expected …`` for the first value not of its shape; None when all are.

    A mapping shape lists the keys read (others are left alone, absent ones are fine); a list
    shape holds the shape of every item.
    """
    wanted = shape
    if isinstance(shape, Maybe):
        if value is None:
            return None
        shape = shape.shape
    if not _matches(value, shape):
        found = "null" if value is None else type(value).__name__
        return f"{path or 'the file'}: expected {_describe(wanted)}, found {found}"
    if isinstance(shape, dict):
        for key, inner in shape.items():
            if key in value:
                inner_problem = shape_problem(value[key], inner, f"{path}.{key}" if path else key)
                if inner_problem:
                    return inner_problem
    elif isinstance(shape, list):
        for n, item in enumerate(value):
            item_problem = shape_problem(item, shape[0], f"{path}[{n}]")
            if item_problem:
                return item_problem
    return None


TARGET = Maybe({"role": Maybe(str), "name": Maybe(str), "box": Maybe([NUMBER])})
PAGE = Maybe({"title": Maybe(str), "url": Maybe(str)})
IMAGE = {"step": Maybe(int), "file": str, "width": Maybe(int), "height": Maybe(int), "sha256": Maybe(str),
         "target": TARGET, "page": PAGE}
#: ``screenshots/<lang>/<id>/manifest.json``
MANIFEST_SHAPE = {"scenario": Maybe(str), "lang": Maybe(str), "status": Maybe(str), "captured_at": Maybe(str),
                  "definition_hash": Maybe(str), "base_url": Maybe(str), "browser_version": Maybe(str),
                  "images": [IMAGE], "quotes": Maybe({}),
                  "unshot": Maybe([{"step": Maybe(int), "target": TARGET, "page": PAGE}])}
#: ``screenshots/.pending/<lang>/<id>/pending.json``
PENDING_SHAPE = {"scenario": Maybe(str), "lang": Maybe(str), "definition_hash": Maybe(str),
                 "captured_at": Maybe(str), "steps": [{
                     "file": str, "step": Maybe(int), "new": IMAGE, "approved": Maybe(IMAGE),
                     "diff": Maybe({"ratio": Maybe(NUMBER), "boxes": Maybe([[NUMBER]])}),
                     "reasons": Maybe([{}]), "rejected_on": Maybe(str)}]}
#: ``screenshots/approvals.json``: one decision per image key
DECISION_SHAPE = {"decision": Maybe(str), "date": Maybe(str), "image": Maybe(str)}


def tampered(path: Any, problem: str, todo: str) -> Exception:
    """The error for a file of the wrong shape: ``path: where: expected …: what to do``."""
    from pathlib import Path

    from builder.errors import DataFileError

    try:
        shown = str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    return DataFileError(f"{shown}: {problem}: the file was changed by hand; {todo}")
