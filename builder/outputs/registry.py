"""The outputs Helpwright can make, each declared once: its name, its command, its options.

An output is a package under ``builder/outputs/`` holding an ``output.py`` whose ``OUTPUT``
is an :class:`Output`, plus one line in :data:`BUILTIN`. Packages outside Helpwright add
theirs through the ``helpwright.outputs`` entry point group, as Sphinx and mkdocs take
plugins::

    [project.entry-points."helpwright.outputs"]
    slides = "helpwright_slides:OUTPUT"

The CLI makes one command per output (``helpwright <name>``) and ``helpwright demo`` runs
them all, in ``order``, on one loaded project and one view model. Outputs are named here
as strings and imported only when listed, so no output is loaded by another's command and
this module imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.errors import HelpwrightError

if TYPE_CHECKING:
    from builder.content.project import Project
    from builder.outputs.viewmodel import ViewModel

#: The entry point group other packages register their outputs in.
ENTRY_POINT_GROUP = "helpwright.outputs"

#: Helpwright's own outputs, ``module:attribute`` as entry points write them.
BUILTIN = (
    "builder.outputs.handouts.output:OUTPUT",
    "builder.outputs.demos.output:OUTPUT",
    "builder.outputs.scorm.output:OUTPUT",
    "builder.outputs.site.output:OUTPUT",
    "builder.outputs.tours.output:OUTPUT",
    "builder.outputs.helpmap.output:OUTPUT",
)


@dataclass(frozen=True)
class Option:
    """One command line option of an output; ``kind`` says what it takes.

    ``flag`` (on or off), ``text``, ``folder`` (a path to a folder), ``langs`` (``--lang``,
    repeatable: the languages to make) or ``ids`` (repeatable ids). ``default`` is also what
    ``demo`` passes.
    """

    name: str
    flags: tuple[str, ...]
    help: str
    kind: str = "text"
    default: Any = None
    metavar: str | None = None


@dataclass
class Run:
    """What an output's command gets: the loaded project, its view model, and where to speak."""

    project: Project
    view: ViewModel
    options: dict[str, Any]
    #: a line for the user (standard output)
    say: Callable[[str], None]
    #: a line of progress or a warning (standard error)
    tell: Callable[[str], None]

    @property
    def root(self) -> Path:
        return self.project.root

    def languages(self) -> list[str] | None:
        """The languages asked for with ``--lang``; None for all. One the project lacks is an error."""
        asked = list(self.options.get("languages") or ())
        known = self.project.languages
        bad = [lang for lang in asked if lang not in known]
        if bad:
            raise HelpwrightError(f"--lang {bad[0]}: the project's languages are {', '.join(known)}: "
                                  "use one of them, or add it to `languages` in platform.yaml")
        return asked or None

    def warn_missing(self, missing: set[Path], shown: str) -> None:
        """One warning for the screenshots an output had to replace by placeholders (``shown``: how)."""
        if missing:
            self.tell(f"Warning: {len(missing)} screenshot(s) missing, {shown} as placeholders "
                      f"(first: {min(missing)}); run `helpwright capture`.")


@dataclass(frozen=True)
class Output:
    """An output, as its package registers it."""

    #: the command's name: ``helpwright <name>``
    name: str
    #: the command's help (first line: what it makes and where)
    help: str
    #: makes the output; raises :class:`~builder.errors.HelpwrightError` to fail with a message
    make: Callable[[Run], None]
    options: tuple[Option, ...] = ()
    #: the heading ``demo`` prints before it
    title: str = ""
    #: ``demo`` runs outputs by increasing order (an output that links another's files comes after it)
    order: int = 50
    #: whether ``demo`` makes it
    in_demo: bool = True
    #: asked before the project is loaded: True when there is nothing to make (it said so
    #: through ``say`` and ``tell``), so neither the project nor the view model is loaded
    unchanged: Callable[[Path, dict[str, Any], Callable[[str], None], Callable[[str], None]], bool] | None = None
    #: where it came from (``module:attribute``), for messages
    origin: str = field(default="", compare=False)


class OutputError(HelpwrightError):
    """An output could not be registered."""


def _load(spec: str, loader: Callable[[], Any]) -> Output:
    try:
        found = loader()
    except Exception as exc:  # noqa: BLE001 - a broken plugin is named, never a traceback
        raise OutputError(f"the output `{spec}` cannot be loaded ({type(exc).__name__}: {exc}): "
                          "fix or uninstall the package that provides it") from None
    if callable(found) and not isinstance(found, Output):
        found = found()
    if not isinstance(found, Output):
        raise OutputError(f"the output `{spec}` is a {type(found).__name__}, not an Output: "
                          "register an instance of builder.outputs.registry.Output")
    return replace(found, origin=spec)


def _builtin(spec: str) -> Output:
    module, _, attribute = spec.partition(":")
    return _load(spec, lambda: getattr(importlib.import_module(module), attribute))


def outputs(*, plugins: bool = True) -> list[Output]:
    """Every registered output, Helpwright's first, in ``demo`` order. Two with one name are refused."""
    found = [_builtin(spec) for spec in BUILTIN]
    if plugins:
        for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
            found.append(_load(f"{point.value} (entry point {point.name})", point.load))
    seen: dict[str, Output] = {}
    for output in found:
        if output.name in seen:
            raise OutputError(f"two outputs are named `{output.name}` ({seen[output.name].origin} and "
                              f"{output.origin}): uninstall one, or rename it in its registration")
        seen[output.name] = output
    return sorted(found, key=lambda o: o.order)
