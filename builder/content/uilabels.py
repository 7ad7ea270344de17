"""Quoted interface labels in reader text: Sphinx's ``{guilabel}`` and ``{menuselection}`` roles.

A step text names a control the way Sphinx users already do: ``Click {guilabel}`Save`.``
or ``Open {menuselection}`Settings --> Language`.`` These two roles are the only MyST
syntax a reader's text may hold (:mod:`builder.content.richtext` escapes everything
else). Bold stays emphasis; a role is a promise that the label is on screen, which
capture can check.

This module holds what the roles mean, in one place for every output:

- :func:`role_rule`, the markdown-it inline rule that reads them (the same pattern as
  MyST's own role syntax, limited to the two names);
- :func:`role_problems`, what `check` refuses: a role not closed, an empty label, a
  menu path with an empty level;
- :func:`label_html` and :func:`label_plain`, the label as Sphinx renders it (``-->`` as
  ``‣``, ``&`` marking an accelerator key, ``&&`` a literal ``&``), for the handouts and
  plain texts;
- :func:`ui_labels`, the labels a text quotes, for checks that look for them on screen.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_inline import StateInline

#: The two role names, as Sphinx spells them.
GUILABEL = "guilabel"
MENUSELECTION = "menuselection"
ROLES = (GUILABEL, MENUSELECTION)
#: Between the levels of a ``{menuselection}``, as in Sphinx.
MENU_SEPARATOR = "-->"
#: What Sphinx shows between the levels.
MENU_BULLET = "\N{TRIANGULAR BULLET}"

#: A whole role: its name, the backtick fence and the label (on one line, as MyST reads it).
ROLE = re.compile(r"\{(guilabel|menuselection)\}(`+)(?!`)([^\n]*?)(?<!`)\2(?!`)")
#: Where a role starts, closed or not (not after a backslash, which makes the brace literal).
_OPENING = re.compile(r"(?<!\\)\{(guilabel|menuselection)\}")
#: An empty role: two backticks with nothing (or spaces) between them.
_EMPTY = re.compile(r"\{(?:guilabel|menuselection)\}`[ \t]*`(?!`)")
#: Sphinx's accelerator marker: ``&`` before a character (``&&`` is a literal ``&``).
_ACCELERATOR = re.compile(r"(?<!&)&(?![&\s])")


@dataclass(frozen=True)
class UiLabel:
    """A quoted label: ``role`` is ``guilabel`` or ``menuselection``; ``text`` as written."""

    role: str
    text: str

    @property
    def levels(self) -> list[str]:
        """The label's levels as the screen shows them (one for a ``guilabel``)."""
        if self.role == MENUSELECTION:  # Sphinx reads the accelerators of the whole path at once
            return [level.strip() for level in _shown(self.text).split(MENU_SEPARATOR)]
        return [_shown(self.text).strip()]


# -- reading -------------------------------------------------------------------------------------

def role_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: a ``{guilabel}`` or ``{menuselection}`` role becomes a ``ui_label`` token."""
    if state.src[state.pos] != "{":
        return False
    found = ROLE.match(state.src, state.pos, state.posMax)
    if found is None or not found[3].strip():
        return False
    if not silent:
        token = state.push("ui_label", "", 0)
        token.meta = {"role": found[1]}
        token.content = found[3]
    state.pos = found.end()
    return True


def ui_labels(text: str) -> list[UiLabel]:
    """The labels a text quotes with the two roles, in order (well-formed ones only)."""
    return [UiLabel(m[1], m[3]) for m in ROLE.finditer(text or "") if m[3].strip()
            and (m.start() == 0 or text[m.start() - 1] != "\\")]


# -- rendering -----------------------------------------------------------------------------------

def to_myst(label: UiLabel) -> str:
    """The role for a MyST page: Sphinx renders it (a backtick fence longer than any run inside)."""
    runs = [len(r) for r in re.findall(r"`+", label.text)]
    fence = "`" * (max(runs, default=0) + 1)
    return f"{{{label.role}}}{fence}{label.text}{fence}"


def _sphinx_text(label: UiLabel) -> str:
    return label.text.replace(MENU_SEPARATOR, MENU_BULLET) if label.role == MENUSELECTION else label.text


def _shown(text: str) -> str:
    """A label's words as the reader sees them: accelerator markers gone, ``&&`` as ``&``."""
    spans = _ACCELERATOR.split(text)
    return spans[0] + "".join(span.replace("&&", "&") for span in spans[1:])


def label_plain(label: UiLabel) -> str:
    """The bare label: for alt texts, meta descriptions and running heads."""
    return _shown(_sphinx_text(label))


def label_html(label: UiLabel) -> str:
    """The span Sphinx's HTML writer makes of the role, escaped."""
    spans = _ACCELERATOR.split(_sphinx_text(label))
    out = [html.escape(spans[0])]
    for span in spans[1:]:
        span = span.replace("&&", "&")
        out.append(f'<span class="accelerator">{html.escape(span[0])}</span>{html.escape(span[1:])}')
    return f'<span class="{label.role}">{"".join(out)}</span>'


# -- check ---------------------------------------------------------------------------------------

_EXAMPLE = {GUILABEL: "{guilabel}`Save`", MENUSELECTION: "{menuselection}`Settings --> Language`"}


@dataclass(frozen=True)
class RoleProblem:
    offset: int
    problem: str
    todo: str


def role_problems(text: str) -> list[RoleProblem]:
    """Each malformed role of a text: not closed, an empty label, an empty menu level, a backtick inside."""
    found: list[RoleProblem] = []
    for opening in _OPENING.finditer(text):
        role = opening[1]
        whole = ROLE.match(text, opening.start())
        example = _EXAMPLE[role]
        if whole is None and _EMPTY.match(text, opening.start()):
            found.append(RoleProblem(opening.start(), f"empty `{{{role}}}`",
                                     f"write the label as it shows on screen, as in {example}"))
        elif whole is None:
            found.append(RoleProblem(opening.start(), f"`{{{role}}}` without its label between backticks",
                                     f"write the label as it shows on screen between two backticks on one "
                                     f"line, as in {example}"))
        if whole is None:
            continue
        label = whole[3]
        if not label.strip():
            found.append(RoleProblem(opening.start(), f"empty `{{{role}}}`",
                                     f"write the label as it shows on screen, as in {example}"))
        elif "`" in label:
            found.append(RoleProblem(opening.start(), f"backtick inside `{{{role}}}`",
                                     "write the label without backticks"))
        elif role == MENUSELECTION and any(not level.strip() for level in label.split(MENU_SEPARATOR)):
            found.append(RoleProblem(opening.start(), "`{menuselection}` with an empty level",
                                     f"write each level's label on both sides of `{MENU_SEPARATOR}`, as in "
                                     f"{example}"))
        elif role == GUILABEL and MENU_SEPARATOR in label:
            found.append(RoleProblem(opening.start(), "menu path in a `{guilabel}`",
                                     f"quote a path of menus with {{menuselection}}`{label.strip()}`"))
    return found
