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


def package_catalog(lang: str) -> Path:
    return PACKAGE_MESSAGES / f"{lang}.yaml"


def project_catalog(root: Path, lang: str) -> Path:
    return Path(root) / "content" / "messages" / f"{lang}.yaml"


@lru_cache(maxsize=64)
def _read_cached(path: str, stamp: tuple[int, int]) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
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
        data = _merge(data, _read(project_catalog(root, lang)))
    return Messages(lang, copy.deepcopy(data))


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


def _check_keys(located: Located, data: dict[str, Any], reference: dict[str, Any], path: DataPath,
                problems: list[Problem]) -> None:
    # Maps keyed by the platform's own words (theme fragments, language names) take any key.
    free = path and path[-1] in ("theme_gettext", "theme_html", "target_words", "language_names")
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
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problems.append(located.problem(here, f"`{name}` is a text", "write it as one line of text, "
                                            "in quotes if it holds `:` or `{`", key=False))
        elif isinstance(expected, str) and not free:
            unknown = _fields(str(value)) - _fields(expected)
            if unknown:
                allowed = ", ".join(f"{{{f}}}" for f in sorted(_fields(expected))) or "none"
                field = min(unknown)
                problem = ("a lone `{` or `}`" if field == "\0" else f"unknown field `{{{field}}}`")
                problems.append(located.problem(here, f"{problem} in `{name}`",
                                                f"use only these fields: {allowed} (write `{{{{` for a brace)",
                                                key=False))


def audience_title(platform: Platform | None, audience: str, lang: str) -> str:
    """An audience's title from platform.yaml; an undeclared id reads as words ("group owner")."""
    from builder.content.model import localize

    if platform is not None and audience in platform.audiences:
        return localize(platform.audiences[audience].title, lang, platform.languages[0])
    return audience.replace("-", " ").capitalize()
