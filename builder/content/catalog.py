"""Message catalogs: the words Helpwright itself puts around a project's content.

Every heading, label and notice of the help site and the handouts comes from a
catalog, one YAML file per language: ``builder/messages/<lang>.yaml`` ships with the
package (fr and en), and a project adds or rewords with ``content/messages/<lang>.yaml``.
:func:`messages` merges, key by key (nested mappings merged, other values replaced):

1. the English catalog, so a key missing anywhere still reads as something;
2. the package's catalog for the language, when there is one;
3. the project's catalog for the language, when there is one.

A language with neither catalog therefore reads English labels; :func:`missing_catalogs`
names such languages so a build can say so once. :func:`catalog_problems` checks a
project's catalogs (keys, value shapes, ``{fields}``) for ``helpwright check``.
"""

from __future__ import annotations

import copy
import difflib
import re
import string
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from builder.content.model import Platform, Target
    from builder.content.yamlsource import DataPath, Located, Problem

#: Helpwright's own catalogs, carried by the package.
PACKAGE_MESSAGES = Path(__file__).resolve().parent.parent / "messages"
#: The catalog every other one falls back to, key by key.
FALLBACK = "en"
#: a Markdown link or autolink: catalog words are plain text
_LINK = re.compile(r"\]\(|<(?:https?|mailto|ftp):|\bhttps?://", re.IGNORECASE)
#: Markdown that opens a block at the start of a line: a heading, a quote, a list, a target
_BLOCK = re.compile(r"(?m)^[ \t]*(?:#{1,6}(?:[ \t]|$)|>|[-+*][ \t]|\d{1,9}[.)][ \t]|\([^)\n]*\)=)")


def package_catalog(lang: str) -> Path:
    return PACKAGE_MESSAGES / f"{lang}.yaml"


def project_catalog(root: Path, lang: str) -> Path:
    return Path(root) / "content" / "messages" / f"{lang}.yaml"


@lru_cache(maxsize=64)
def _read_cached(path: str, stamp: tuple[int, int]) -> dict[str, Any]:
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data if isinstance(data, dict) else {}


def _read(path: Path) -> dict[str, Any]:
    """A catalog's data ({} when absent or unreadable: `check` reports why, a build goes on)."""
    try:
        stat = path.stat()
        return _read_cached(str(path), (stat.st_mtime_ns, stat.st_size))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}


def _merge(base: dict[str, Any], top: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def has_catalog(lang: str, root: Path | None = None) -> bool:
    """Whether the package or the project has a catalog for ``lang``."""
    return package_catalog(lang).is_file() or (root is not None and project_catalog(root, lang).is_file())


def missing_catalogs(languages: list[str], root: Path | None = None) -> list[str]:
    """The languages that would read English labels for want of a catalog."""
    return [lang for lang in languages if not has_catalog(lang, root)]


def missing_catalog_warning(lang: str) -> str:
    """The one line a build prints for a language with no catalog."""
    return (f"warning: no message catalog for `{lang}`: its site and handouts use English labels; "
            f"add content/messages/{lang}.yaml (the keys of {package_catalog(FALLBACK)}) to translate them")


class Messages:
    """The merged catalog of one language: ``msgs["site"]["help"]``, plus dates and quotes."""

    def __init__(self, lang: str, data: dict[str, Any]) -> None:
        self.lang = lang
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def section(self, key: str) -> dict[str, Any]:
        """A section (``site``, ``handouts``…) as a plain dict, for templates."""
        value = self.data.get(key)
        return dict(value) if isinstance(value, dict) else {}

    def quote(self, text: str) -> str:
        return str(self.data["quote"]).format(text=text)

    def target(self, target: Target) -> str:
        """A target as a reader says it: `link “Annotate”`, `lien « Annoter »`."""
        from builder.content.model import localize

        if target.role is not None:
            kind, value = str(target.role), localize(target.name, self.lang)
        else:
            kind, value = target.kind, localize(getattr(target, target.kind), self.lang)
        words = self.data.get("target_words") or {}
        kind = str(words.get(kind, kind))
        return f"{kind} {self.quote(value)}" if value or target.role is None else kind

    def long_date(self, iso: str) -> str:
        """``2026-03-02`` as a reader says it: ``2 mars 2026``, ``2 March 2026``."""
        try:
            day = datetime.fromisoformat(iso).date()
        except ValueError:
            return iso
        dates = self.data["dates"]
        number = str(dates.get("first_day") or 1) if day.day == 1 else str(day.day)
        return str(dates["format"]).format(day=number, month=dates["months"][day.month - 1], year=day.year)


def messages(lang: str, root: Path | None = None) -> Messages:
    """The catalog of ``lang`` for the project in ``root`` (English where it has no word)."""
    data = _read(package_catalog(FALLBACK))
    if lang != FALLBACK:
        data = _merge(data, _read(package_catalog(lang)))
    if root is not None:
        data = _merge(data, as_data(_read(project_catalog(root, lang))))
    return Messages(lang, copy.deepcopy(data))


def bare_fields(text: str) -> str:
    """``text`` with every placeholder but a bare ``{name}`` turned into text (braces doubled).

    A project's catalog is data: ``str.format`` must not obey its format specs
    (``{name:>1000000}``), conversions, indexes or attributes (``{name.__class__}``).
    `check` refuses them; a build that meets one shows it as written instead.
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:  # a lone brace: the whole text is text
        return text.replace("{", "{{").replace("}", "}}")
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name.isidentifier() and not spec and not conversion:
            out.append("{" + name + "}")
        else:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            out.append(shown.replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def as_data(value: Any) -> Any:
    """A project's catalog with :func:`bare_fields` applied to every text."""
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_data(item) for item in value]
    return bare_fields(value) if isinstance(value, str) else value


def language_name(lang: str, root: Path | None = None) -> str:
    """How ``lang`` names itself: its own catalog's `language_name`, else the known autonyms."""
    if has_catalog(lang, root):
        own = _read(package_catalog(lang))
        if root is not None:
            own = _merge(own, _read(project_catalog(root, lang)))
        if own.get("language_name"):
            return str(own["language_name"])
    names = messages(FALLBACK, root).get("language_names") or {}
    return str(names.get(lang, lang))


# -- checking a project's catalogs -----------------------------------------------------------

def catalog_problems(root: Path, display: Any = None) -> list[Problem]:
    """Problems in the project's ``content/messages/*.yaml``: YAML, unknown keys, value shapes, fields.

    ``display(path)`` gives the path shown in a problem (defaults to the path as it is).
    """
    from builder.content.yamlsource import YamlError, read_yaml

    folder = Path(root) / "content" / "messages"
    if not folder.is_dir():
        return []
    reference = _read(package_catalog(FALLBACK))
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            located = read_yaml(path, display(path) if display else str(path))
        except YamlError as exc:
            problems.append(exc.problem)
            continue
        if located.data is None:
            continue
        if not isinstance(located.data, dict):
            problems.append(located.problem((), "a message catalog holds a mapping of keys to texts",
                                            "write `key: text` lines, e.g. `site: {help: \"{name} help\"}`"))
            continue
        _check_keys(located, located.data, reference, (), problems)
    return problems


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"\0"}


def field_problem(text: str, expected: str = "") -> tuple[int, str] | None:
    """The first placeholder that is more than a bare ``{name}``: (offset in text, what is wrong).

    ``str.format`` would obey a format spec (``{name:>1000000}`` grows every page by a megabyte),
    a conversion (``{name!r}``), an index or an attribute (``{name.__class__}``): a catalog is data.
    """
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return None  # a lone brace: reported as such by the field check
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if shown in expected and not name.isidentifier():
            continue  # braces the package's own text shows as they are (`{fr, en}`)
        offset = max(text.find("{" + name), 0)
        if not name:
            return offset, f"field `{shown}` without a name"
        if not name.isidentifier():
            return offset, f"field `{shown}` reaches into a value (index or attribute)"
        if conversion:
            return offset, f"conversion `!{conversion}` in field `{shown}`"
        if spec:
            return offset, f"format spec `:{spec}` in field `{shown}`"
    return None


def markup_problem(text: str) -> tuple[int, str] | None:
    """Markup a catalog text may not hold (offset, what): its words are shown as written, never as markup."""
    from builder.content.richtext import text_problems

    findings = text_problems(text, ())
    link = _LINK.search(text)
    if link and all(f.offset > link.start() for f in findings):
        return link.start(), f"link `{link.group()[:40]}`"
    if findings:
        return findings[0].offset, findings[0].problem
    heading = _BLOCK.search(text)
    if heading:
        return heading.start(), f"Markdown `{heading.group().strip()}` at the start of a line"
    return None


def _check_keys(located: Located, data: dict[str, Any], reference: dict[str, Any], path: DataPath,
                problems: list[Problem]) -> None:
    # Maps keyed by the platform's own words (theme fragments, language names) take any key.
    free = path and path[-1] in ("theme_gettext", "theme_text", "target_words", "language_names")
    for key, value in data.items():
        here = (*path, key)
        name = ".".join(str(p) for p in here)
        if key not in reference and not free:
            close = difflib.get_close_matches(str(key), [str(k) for k in reference], n=1)
            todo = f"did you mean `{close[0]}`?" if close else f"use a key of {package_catalog(FALLBACK).name}"
            problems.append(located.problem(here, f"unknown message `{name}`", todo, key=True))
            continue
        expected = reference.get(key, "")
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                problems.append(located.problem(here, f"`{name}` holds keys, not a single value",
                                                f"write `{key}:` then its keys indented below", key=False))
            else:
                _check_keys(located, value, expected, here, problems)
        elif isinstance(expected, list):
            if not isinstance(value, list) or len(value) != len(expected):
                problems.append(located.problem(here, f"`{name}` is a list of {len(expected)} texts",
                                                f"write {len(expected)} texts in `[…]`", key=False))
            else:
                for n, item in enumerate(value):
                    if isinstance(item, str):
                        _value_problem(located, (*here, n), f"{name}[{n}]", item, problems)
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problems.append(located.problem(here, f"`{name}` is a text", "write it as one line of text, "
                                            "in quotes if it holds `:` or `{`", key=False))
        elif isinstance(value, str) and _value_problem(located, here, name, value, problems, expected):
            continue
        elif isinstance(expected, str) and not free:
            _field_problem(located, here, name, str(value), expected, problems)


def _field_problem(located: Located, here: DataPath, name: str, value: str, expected: str,
                   problems: list[Problem]) -> None:
    """A placeholder the reference text does not have, refused at its place."""
    unknown = _fields(value) - _fields(expected)
    if unknown:
        allowed = ", ".join(f"{{{f}}}" for f in sorted(_fields(expected))) or "none"
        field = min(unknown)
        problem = ("a lone `{` or `}`" if field == "\0" else f"unknown field `{{{field}}}`")
        problems.append(located.problem(here, f"{problem} in `{name}`",
                                        f"use only these fields: {allowed} (write `{{{{` for a brace)",
                                        key=False))


def _value_problem(located: Located, here: DataPath, name: str, value: str, problems: list[Problem],
                   expected: Any = "") -> bool:
    """A catalog text's placeholders and markup, refused at their place; True when one is."""
    from builder.content.richtext import _locate
    from builder.content.yamlsource import Problem

    found = field_problem(value, expected if isinstance(expected, str) else "")
    todo = "write only `{name}` fields the package's catalog uses (and `{{` for a brace)"
    if found is None:
        found = markup_problem(value)
        todo = "a catalog holds plain words, shown as they are written: remove the markup"
    if found is None:
        return False
    line, col = _locate(located, here, value, found[0])
    problems.append(Problem(located.display, line, col, f"{found[1]} in `{name}`", todo))
    return True


def audience_title(platform: Platform | None, audience: str, lang: str) -> str:
    """An audience's title from platform.yaml; an undeclared id reads as words ("group owner")."""
    from builder.content.model import localize

    if platform is not None and audience in platform.audiences:
        return localize(platform.audiences[audience].title, lang, platform.languages[0])
    return audience.replace("-", " ").capitalize()
