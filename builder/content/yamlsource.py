"""Read YAML while remembering where every key and value came from.

PyYAML's composer gives nodes with marks; we build plain Python data from them and
keep a map from each data path (``("steps", 2, "click", "name")``) to the line and
column of its key and of its value. Validation errors can then point at the exact
place a trainer has to fix. Duplicate keys, tabs, several documents and bad bytes
become :class:`Problem`s instead of exceptions.

Content arrives by merge request from many people, so reading is bounded: a file
over :data:`MAX_BYTES`, nesting deeper than :data:`MAX_DEPTH` and aliases that
would expand past :data:`MAX_VALUES` values (a "billion laughs" bomb) are refused
with a located problem while the file is composed, before anything is expanded.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

DataPath = tuple[str | int, ...]

#: The largest content file read, in bytes: the biggest real one is under 20 KB, and
#: PyYAML reads about 50 KB a second.
MAX_BYTES = 256 * 1024
#: How deep lists and mappings may nest (a scenario needs about 8 levels).
MAX_DEPTH = 100
#: How many values a file may hold once its aliases (`*name`) are expanded.
MAX_VALUES = 100_000

#: What YAML refuses in a file (PyYAML's reader test): C0/C1 controls but tab and line
#: breaks, DEL, and the two non-characters.
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
#: Control characters a double-quoted escape can still put into a value (`"\e[2J"`).
_CONTROL = re.compile("[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]")


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


def _at(display: str, mark: Any, problem: str, todo: str) -> YamlError:
    return YamlError(Problem(display, mark.line + 1, mark.column + 1, problem, todo))


def _too_deep(display: str, mark: Any) -> YamlError:
    return _at(display, mark, f"values nested more than {MAX_DEPTH} levels deep", "flatten this part")


try:  # LibYAML's parser, when PyYAML was built with it (its wheels are)
    from yaml.cyaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML without LibYAML reads every file in Python
    _CParser = object


class _Bounds:
    """Counts depth and alias expansions while a loader composes (mixed into both loaders).

    An alias is composed as the very node it names, so a bomb costs nothing until
    something walks it; counting here refuses it before :func:`_build` would expand it.
    The count is exact: every value of the expanded tree is either composed once or
    inside the expansion of exactly one alias.
    """

    display: str
    anchors: dict[Any, Any]
    if TYPE_CHECKING:  # given by the loader this is mixed into
        def peek_event(self) -> Any: ...

    def _start_bounds(self, display: str) -> None:
        self.display = display
        self.depth = 0
        self.values = 0
        self.sizes: dict[int, int] = {}  # id(node) -> values it holds once expanded

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise _at(self.display, event.start_mark, f"`*{event.anchor}` names no anchor",
                          f"write the value out, or put `&{event.anchor}` on a value above")
            node = super().compose_node(parent, index)  # type: ignore[misc]
            size = self.sizes.get(id(node))
            if size is None:  # named by an anchor, but not finished: we are inside it
                raise _at(self.display, event.start_mark,
                          f"the alias `*{event.anchor}` is inside the value it names",
                          "write the value out instead")
            self._count(size, event.start_mark)
            return node
        anchor = getattr(event, "anchor", None)
        if anchor is not None and anchor in self.anchors:
            first = self.anchors[anchor].start_mark.line + 1
            raise _at(self.display, event.start_mark, f"the anchor `&{anchor}` is defined twice (first at line {first})",
                      "give each anchor its own name")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _too_deep(self.display, event.start_mark)
        node = super().compose_node(parent, index)  # type: ignore[misc]
        self.depth -= 1
        children: list[Any] = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        self.sizes[id(node)] = 1 + sum(self.sizes.get(id(child), 1) for child in children)
        self._count(1, event.start_mark)
        return node

    def _count(self, size: int, mark: Any) -> None:
        self.values += size
        if self.values > MAX_VALUES:
            raise _at(self.display, mark, f"the file holds more than {MAX_VALUES} values once its aliases "
                      "(`*name`) are expanded", "write the values out, or use fewer aliases")


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, bounded: its messages are the ones trainers see."""

    def __init__(self, text: str, display: str) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._start_bounds(display)


class _FastBoundedLoader(_Bounds, yaml.composer.Composer, _CParser,  # type: ignore[misc,valid-type]
                         yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """LibYAML's C scanner and parser under the same bounded composer: about ten times faster.

    Its events carry the same line and column marks. Its error wording differs, so a file it
    refuses is read again by :class:`_BoundedLoader`, whose message is the one reported.
    """

    def __init__(self, text: str, display: str) -> None:
        _CParser.__init__(self, text)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self._start_bounds(display)

    def dispose(self) -> None:
        _CParser.dispose(self)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node, display: str) -> Any:
    """Construct a scalar; a value PyYAML cannot turn into its type becomes a problem."""
    if node.tag not in _SCALAR_TAGS:  # `!!binary` would smuggle bytes past every text check
        raise _not_plain(display, node)
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        if "could not determine a constructor" in str(exc.problem):
            raise _not_plain(display, node) from None
        raise
    except (ValueError, OverflowError):
        text = str(node.value)
        if node.tag.endswith(":timestamp"):
            raise _at(display, node.start_mark, f"`{text}` reads as a date, but there is no such day",
                      "fix the date, or quote it to keep it as text") from None
        if node.tag.endswith(":int") or node.tag.endswith(":float"):
            raise _at(display, node.start_mark, f"a number with {sum(ch.isdigit() for ch in text)} digits",
                      "write a smaller number") from None
        raise _at(display, node.start_mark, f"this {_short_tag(node.tag)} value cannot be read",
                  "quote it to keep it as text") from None
    if isinstance(value, float) and value != value:  # noqa: PLR0124 - NaN is the one float unequal to itself
        raise _at(display, node.start_mark, f"`{node.value}` (not a number) is not a value", "write a number")
    if isinstance(value, str) and (bad := _CONTROL.search(value)):
        raise _at(display, node.start_mark, f"invisible control character U+{ord(bad.group()):04X} in this value",
                  "remove the escape (`\\…`) that writes it")
    return value


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
#: What a plain scalar resolves to; `<<` is the merge key.
_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in
                         ("str", "int", "float", "bool", "null", "timestamp", "merge"))


def _not_plain(display: str, node: yaml.Node) -> YamlError:
    return _at(display, node.start_mark, f"YAML tag `{_short_tag(node.tag)}` is not allowed",
               "remove it (content is plain YAML: text, numbers, lists and mappings)")


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _build(loader: yaml.SafeLoader, node: yaml.Node, here: DataPath, out: Located) -> Any:
    if len(here) >= MAX_DEPTH:  # aliases can stack nesting the composer saw as shallow
        raise _too_deep(out.display, node.start_mark)
    out.values[here] = _mark(node)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise _not_plain(out.display, node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key: Any = _scalar(loader, key_node, out.display) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)):
                line, col = _mark(key_node)
                raise YamlError(Problem(out.display, line, col, "a key must be a plain word", "write `name: value`"))
            if isinstance(key, (bool, int, float)):
                key = key_node.value  # `on:`, `yes:`, `404:` used as keys mean the word
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
    return _scalar(loader, node, out.display)


def _syntax_problem(display: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = getattr(exc, "problem", None) or str(exc)
    if "\t" in what or "'\\t'" in what:
        # tabs in indentation are found before parsing; this one is after a key or in a value
        return Problem(display, line, col, "tab character outside quotes",
                       "replace it with a space, or put the text in quotes")
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
    if "flow" in (context or "") and re.search(r"\{(?:guilabel|menuselection)\}", _line_of(mark)):
        todo = ("inside `{…}` the braces of a `{guilabel}` or `{menuselection}` end the mapping: write each "
                "language on its own line under the key (`fr: …`), or put the text in quotes")
    return Problem(display, line, col, text, todo)


def _line_of(mark: Any) -> str:
    """The source line a YAML mark points at ('' when the parser kept no buffer)."""
    buffer = getattr(mark, "buffer", None)
    if not isinstance(buffer, str):
        return ""
    start = buffer.rfind("\n", 0, mark.pointer) + 1
    end = buffer.find("\n", mark.pointer)
    return buffer[start:end if end >= 0 else len(buffer)]


def read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, at most :data:`MAX_BYTES`; anything but a readable regular file is a problem."""
    def refuse(problem: str, todo: str) -> YamlError:
        return YamlError(Problem(shown, 1, 1, problem, todo))

    try:
        if path.is_symlink() and not path.exists():
            raise refuse(f"the file is a link to {os.readlink(path)}, which does not exist", "fix the link or delete it")
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise refuse("this is a folder, not a file",
                         f"rename it so its name does not end in {path.suffix or 'its extension'}")
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise refuse("this is not a regular file", "replace it with a plain text file")
        if info.st_size > MAX_BYTES:
            raise refuse(_too_big(info.st_size), "split it into several files")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file ({exc.strerror})", "check it exists and can be read") from None
    if len(raw) > MAX_BYTES:  # it grew while we looked
        raise refuse(_too_big(len(raw)), "split it into several files")
    return raw


def _too_big(size: int) -> str:
    return f"the file is too big ({round(size / 1024)} KB; at most {MAX_BYTES // 1024} KB)"


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character, counting characters as an editor does."""
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def read_yaml(path: Path, display: str | None = None, *, raw: bytes | None = None) -> Located:
    """Read one YAML file (its bytes ``raw`` when the caller read them: :func:`read_bytes`). Raises
    :class:`YamlError` with a located problem."""
    shown = display or str(path)
    raw = read_bytes(path, shown) if raw is None else raw
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(Problem(shown, 1, 1, "the file is UTF-16, not UTF-8", "save it as UTF-8"))
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
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        raise YamlError(Problem(shown, line, col, f"invisible control character U+{ord(bad.group()):04X}",
                                "delete it"))
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
    # LibYAML accepts tabs where PyYAML refuses them: a file with one takes the Python path
    if _FAST and "\t" not in text and (fast := _read_fast(text, shown, located)) is not None:
        return fast
    loader: _BoundedLoader | None = None
    try:
        # created inside the `try`: the reader checks the text as soon as it is made
        loader = _BoundedLoader(text, shown)
        node = loader.get_single_node()
        if node is None:
            raise YamlError(Problem(shown, 1, 1, "the file is empty", "write the content, or delete the file"))
        located.data = _build(loader, node, (), located)
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, min(exc.position, len(text)))
        raise YamlError(Problem(shown, line, col, f"invisible control character U+{exc.character:04X}",
                                "delete it")) from None
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
    except RecursionError:  # a last resort: the limits above should make this unreachable
        raise YamlError(Problem(shown, 1, 1, f"values nested more than {MAX_DEPTH} levels deep",
                                "flatten the file")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return located


#: LibYAML is there (PyYAML's wheels carry it); without it every file takes the pure-Python path.
_FAST = _CParser is not object


def _read_fast(text: str, shown: str, located: Located) -> Located | None:
    """Compose and build with LibYAML; ``None`` when it finds any problem (the caller reads the
    file again with the pure-Python loader, whose located message is the one reported)."""
    loader: _FastBoundedLoader | None = None
    try:
        loader = _FastBoundedLoader(text, shown)
        node = loader.get_single_node()
        if node is None:
            return None
        located.data = _build(loader, node, (), located)
        return located
    except (yaml.YAMLError, YamlError, RecursionError, ValueError):
        located.keys.clear()
        located.values.clear()
        located.data = None
        return None
    finally:
        if loader is not None:
            loader.dispose()
