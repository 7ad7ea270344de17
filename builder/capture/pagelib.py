"""A script library sent to a document once, not with every call that uses it.

The honesty checks share one page-side library (:data:`builder.capture.visibility.LIB`, about
36 KB). Sent inline, it crossed Python, Playwright's driver and Chromium as JSON with every
reveal, pick, label check and hit test: 5.4 MB for eight scenarios (145 calls), some 4 ms of the
machine's processor a call. Now a document gets it once, as a factory kept under a name of
this run (:data:`KEY`) on its global object: not enumerable, not writable, not configurable,
so no assignment or ``delete`` of the page's replaces or removes it once set. Each call runs the
factory and takes the library's functions from what it returns: every call still gets the
library's own state fresh (its caches start empty), as when the text came with it.

Capture's browser contexts install it in every new document before the page's own scripts run
(:attr:`PageLibrary.init_script`). A call made where the factory is not all the same (a document
the context did not start, a page driven without it) answers :data:`MISSING` without running
anything; the caller then installs the factory (:attr:`PageLibrary.install`) in that same place and
calls again. Where it cannot be installed (its name taken, ``Object.defineProperty`` broken by the
page's scripts), the call goes with the library inline, as before.

What this does not guard against, and never did: the checks run in the page's own world, and trust
its built-ins. A page whose scripts patch them (``getBoundingClientRect``, ``checkVisibility``) can
make them say what it likes. Installed before the page's scripts, the factory itself is out of their
reach: they can neither wrap it as it is installed nor take its name first. The platform being
documented is not taken for an adversary; the checks catch what an honest page hides from a reader.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: the global name a document's factory is kept under, new for each run of the program
KEY = "__helpwright_lib_" + secrets.token_hex(8)
#: what a call answers where the factory is not installed
MISSING = "__helpwright_lib_missing_" + secrets.token_hex(4)

# A top-level declaration of the library: a line starting with `function`, `async function`, `class`, or
# `const`/`let`/`var` with one name or more (`const hwW = …, hwH = …`: further names start with `hw` or `HW_`).
_FUNCTION = re.compile(r"^(?:async\s+)?function\s*\*?\s*(\w+)\s*\(", re.MULTILINE)
_CLASS = re.compile(r"^class\s+(\w+)", re.MULTILINE)
_BINDING = re.compile(r"^(?:const|let|var)\s+(.*)$", re.MULTILINE)
_FIRST = re.compile(r"(\w+)\s*(?:=(?![=>])|[,;]|$)")
_MORE = re.compile(r",\s*((?:hw|HW_)\w+)\s*(?:=(?![=>])|[,;]|$)")


def top_level_names(source: str) -> list[str]:
    """The names a library's source declares at its top level (see the patterns above); a top-level
    declaration it cannot read (a destructuring) is an error, not a name left out."""
    found = [*_FUNCTION.findall(source), *_CLASS.findall(source)]
    for declaration in _BINDING.findall(source):
        first = _FIRST.match(declaration)
        if first is None:
            raise ValueError(f"a top-level declaration the page library cannot name: {declaration[:60]!r}")
        found += [first.group(1), *_MORE.findall(declaration)]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class LibraryScript:
    """A page function that uses a :class:`PageLibrary`: ``short`` takes the library from the document's factory
    (or answers :data:`MISSING`), ``full`` carries it inline."""

    short: str
    full: str


class PageLibrary:
    """A library of page-side functions (see the module's description)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.names = top_level_names(source)
        factory = "function () {" + source + "\nreturn {" + ", ".join(self.names) + "};\n}"
        #: installs the factory under the key it is given on the global object where it runs; true once it is
        #: there. Given the key alone (a page's evaluation), or after an element or a list (a locator's).
        #: A name taken already (by the page: ours would be there only if a call had found it) is refused.
        self.install = ("function (a, b) { const key = b === undefined ? a : b; "
                        "if (Object.prototype.hasOwnProperty.call(globalThis, key)) return false; "
                        "Object.defineProperty(globalThis, key, {value: " + factory + ", enumerable: false, "
                        "writable: false, configurable: false}); return typeof globalThis[key] === 'function'; }")
        #: the install as a script for a browser context's every new document, run before any of the page's own
        #: (Playwright's ``add_init_script``): the factory is there first, from the page's built-ins as they were
        #: before its scripts could change them, and a call finds it at once
        self.init_script = f"({self.install})({json.dumps(KEY)});"

    def script(self, head: str, body: str) -> LibraryScript:
        """A page function of parameters ``head`` (``"(el, [a, b]) =>"`` or ``"function (a, b)"``) whose ``body``
        uses the library."""
        take = (f"const hwLib = globalThis[{KEY!r}]; if (typeof hwLib !== 'function') return {MISSING!r}; "
                "const {" + ", ".join(self.names) + "} = hwLib();\n")
        return LibraryScript(short=f"{head} {{{take}{body}", full=f"{head} {{{self.source}{body}")


def run_with(script: LibraryScript, call: Callable[[str], Any], install: Callable[[], Any],
             value: Callable[[Any], Any] = lambda result: result) -> Any:
    """``call(source)`` with ``script``'s short form; where the factory is missing, ``install()`` (the
    library's install, run in the same place with :data:`KEY`; true once installed) and call again, or call
    the full form when it cannot be installed there. ``value`` takes the page's answer from what ``call``
    returns (a DevTools reply holds it under ``result.value``)."""
    result = call(script.short)
    if not _missing(value(result)):
        return result
    try:
        installed = value(install()) is True
    except Exception:  # noqa: BLE001 - Playwright's Error: a page whose scripts broke what the install uses
        installed = False
    if installed:
        result = call(script.short)
        if not _missing(value(result)):
            return result
    return call(script.full)


def _missing(result: Any) -> bool:
    return isinstance(result, str) and result == MISSING
