"""Read YAML while remembering where every key and value came from.

PyYAML's composer gives nodes with marks; we build plain Python data from them and
keep a map from each data path (``("steps", 2, "click", "name")``) to the line and
column of its key and of its value. Validation errors can then point at the exact
place a trainer has to fix. Duplicate keys, tabs, several documents and bad bytes
become :class:`Problem`s instead of exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DataPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, with what to do about it."""

    path: str
    line: int
    col: int
    problem: str
    todo: str = ""
    #: other files the problem involves (a duplicate id, a cycle), so checking
    #: one of them alone still shows it
    related: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        tail = f": {self.todo}" if self.todo else ""
        return f"{self.path}:{self.line}:{self.col}: {self.problem}{tail}"


@dataclass
class Located:
    """YAML data plus where each part of it sits in the file."""

    path: Path
    display: str
    data: Any
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, data_path: DataPath, *, key: bool = True) -> tuple[int, int]:
        """Line and column (1-based) of a path, or of its closest located parent."""
        probe = tuple(data_path)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def problem(self, data_path: DataPath, problem: str, todo: str = "", *, key: bool = True,
                related: tuple[str, ...] = ()) -> Problem:
        line, col = self.where(data_path, key=key)
        return Problem(self.display, line, col, problem, todo, related)


class YamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _build(loader: yaml.SafeLoader, node: yaml.Node, here: DataPath, out: Located) -> Any:
    out.values[here] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                line, col = _mark(key_node)
                raise YamlError(Problem(out.display, line, col, "a key must be a plain word", "write `name: value`"))
            if isinstance(key, bool):
                key = key_node.value  # `on:`/`yes:` used as keys mean the word, not a boolean
            if key in result:
                line, col = _mark(key_node)
                first = out.keys[here + (key,)]
                raise YamlError(
                    Problem(
                        out.display, line, col, f"duplicate key `{key}` (first at line {first[0]})",
                        "keep only one of them",
                    )
                )
            out.keys[here + (key,)] = _mark(key_node)
            result[key] = _build(loader, value_node, here + (key,), out)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, here + (i,), out) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _syntax_problem(display: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = getattr(exc, "problem", None) or str(exc)
    if "\t" in what or "'\\t'" in what:
        return Problem(display, line, col, "tab character in indentation", "indent with spaces only")
    context = getattr(exc, "context", None)
    opened = getattr(exc, "context_mark", None)
    if context and opened is not None and opened.line + 1 != line:
        # an unclosed bracket or quote is only noticed lines later: name where it opened
        context = f"{context} that starts at line {opened.line + 1}, column {opened.column + 1}"
    text = f"YAML syntax error: {what}" + (f" ({context})" if context else "")
    todo = "check the indentation and quoting on this line"
    if opened is not None and opened.line + 1 != line and ("flow" in (context or "") or "quoted" in (context or "")):
        todo = f"check that the bracket or quote opened on line {opened.line + 1} is closed"
    if what.startswith("expected <block end>"):
        text = "YAML syntax error: this line is indented differently from the lines above it"
        todo = "line it up with the keys it belongs with (spaces only)"
    if "mapping values are not allowed" in what:
        todo = "quote a value that contains `: `, or fix the indentation"
    return Problem(display, line, col, text, todo)


def read_yaml(path: Path, display: str | None = None) -> Located:
    """Read one YAML file. Raises :class:`YamlError` with a located problem."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(shown, 1, 1, f"cannot read the file ({exc.strerror})", "check it exists")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # count characters, not bytes, so the column matches what an editor shows
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise YamlError(
            Problem(shown, line, col, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})", "save it as UTF-8")
        ) from None
    located = Located(path=path, display=shown, data=None)
    if not text.strip():
        raise YamlError(Problem(shown, 1, 1, "the file is empty", "write the content, or delete the file"))
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlError(Problem(shown, 1, 1, "the file holds only comments",
                                "write the content, or delete the file"))
    tab_line = next(
        (i for i, ln in enumerate(text.splitlines(), 1) if ln[: len(ln) - len(ln.lstrip(" \t"))].count("\t")),
        None,
    )
    if tab_line is not None:
        line_text = text.splitlines()[tab_line - 1]
        col = line_text.index("\t") + 1
        raise YamlError(Problem(shown, tab_line, col, "tab character in indentation", "indent with spaces only"))
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlError(Problem(shown, 1, 1, "the file is empty", "write the content, or delete the file"))
        located.data = _build(loader, node, (), located)
    except yaml.composer.ComposerError as exc:
        if "expected a single document" in str(exc):
            mark = exc.problem_mark
            raise YamlError(
                Problem(shown, mark.line + 1 if mark else 1, 1, "more than one YAML document (`---`)",
                        "keep one scenario per file")
            ) from None
        raise YamlError(_syntax_problem(shown, exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(_syntax_problem(shown, exc)) from None
    finally:
        loader.dispose()
    return located
