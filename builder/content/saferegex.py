"""Regular expressions from content run in linear time (RE2), so no pattern can hang anything.

A trainer's pattern (`expect: {url: 're:…'}`, `text_masks`) is matched against pages Helpwright
does not control. Python's `re` backtracks: `^([\\w.?=&/]+)+!$` on a long URL takes longer than
the universe has left, and a Python regex holds the GIL, so no watchdog can stop it. Google's RE2
(`google-re2`, imported as `re2`) matches in time linear in the text. It has no backreferences
and no lookaround (the constructs that need backtracking): `check` refuses them at their line
with that reason. Inside the page, Chromium runs with V8's linear-time fallback for regular
expressions that backtrack too much (`builder/browser.py`).
"""

from __future__ import annotations

import re
from typing import Any

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\\k<|\\g<")
_LOOKAROUND = re.compile(r"\(\?<?[=!]")


class PatternError(ValueError):
    """A pattern Helpwright will not run: ``reason`` and what to do."""

    def __init__(self, reason: str, todo: str) -> None:
        super().__init__(reason)
        self.reason, self.todo = reason, todo


def _options() -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print its own copy of the error on stderr
    return options


def compile_pattern(pattern: str) -> Any:
    """``pattern`` compiled by RE2 (same API as `re`: search, sub, match…), or :class:`PatternError`."""
    import re2

    if _BACKREFERENCE.search(pattern):
        raise PatternError("a backreference (`\\1`, `(?P=name)`) can take exponential time, and Helpwright's "
                           "regular expressions run in linear time (RE2), without them",
                           "match the repeated text itself, e.g. `(\\w+) \\w+` rather than `(\\w+) \\1`")
    if _LOOKAROUND.search(pattern):
        raise PatternError("a lookahead or lookbehind (`(?=…)`, `(?!…)`, `(?<=…)`) needs backtracking, and "
                           "Helpwright's regular expressions run in linear time (RE2), without it",
                           "match the surrounding text too, and keep it in the replacement with a group (`\\1`)")
    try:
        re.compile(pattern)  # Python's own syntax first: its messages are the ones trainers know
    except re.error as exc:
        raise PatternError(f"bad regular expression ({exc})",
                           "fix the pattern (Python syntax; quote it in YAML with single quotes)") from None
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        said = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise PatternError(f"the linear-time engine (RE2) cannot run this pattern ({said})",
                           "write it with RE2's syntax: classes, groups, `|`, `*`, `+`, `?`, `{m,n}`, "
                           "`(?i)`; no backreferences, lookaround or `(?x)`") from None
