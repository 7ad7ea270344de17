"""The labels a step's text quotes with Sphinx's roles, and the images that must show them.

A `say` quotes a control with ``{guilabel}`Publish``` and a menu path with
``{menuselection}`Settings --> Language```, the roles Sphinx users know. Unlike bold
(emphasis, never checked), these are claims: capture fails a step whose image does not
show the label, in that language (see :mod:`builder.capture.visibility`).

Which image shows a menu level: a menu opens one level per step, so level *k* (from 1)
of a ``{menuselection}`` in step *n* must show in the image of step *n + k - 1*: the step
that says it shows the first level, the next step (the one after the first click) the
second, and so on. A level past the last step must show in the result image, the page
after the last action. One step per level is how scenarios are written anyway; a path
that the reader follows in one image (a breadcrumb) is still checked level by level.

The roles are read by :mod:`builder.content.uilabels`, as Sphinx reads them (``&`` before
a character marks an accelerator key and is dropped, ``&&`` is a literal ``&``, ``&``
before a space stays), so a label is checked as the published page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.content.uilabels import ui_labels

#: the step number standing for the result image
RESULT = 0


@dataclass(frozen=True)
class Quoted:
    """One label a step's image must show."""

    label: str
    #: the step whose `say` quotes it
    said_in: int
    #: ``{guilabel}`…``` or ``{menuselection}`…``` as written, for messages
    written: str
    #: 1-based level in a menu path (0 for a guilabel)
    level: int = 0

    def describe(self) -> str:
        if not self.level:
            return f"{{guilabel}} “{self.label}”"
        return f"{{menuselection}} “{self.written}”, level {self.level} “{self.label}”"


def roles(say: str) -> list[tuple[str, list[str]]]:
    """``[("guilabel", ["Publish"]), ("menuselection", ["Settings", "Language"])]`` in text order."""
    found = []
    for label in ui_labels(say):
        parts = [" ".join(level.split()) for level in label.levels]
        parts = [p for p in parts if p]
        if parts:
            found.append((label.role, parts))
    return found


def label_plan(says: list[str]) -> dict[int, list[Quoted]]:
    """Per step number (1-based; :data:`RESULT` for the result image), the labels its image must show."""
    plan: dict[int, list[Quoted]] = {}
    last = len(says)
    for number, say in enumerate(says, 1):
        for kind, parts in roles(say):
            if kind == "guilabel":
                plan.setdefault(number, []).append(Quoted(parts[0], number, parts[0]))
                continue
            written = " --> ".join(parts)
            for level, part in enumerate(parts, 1):
                shown_in = number + level - 1
                plan.setdefault(shown_in if shown_in <= last else RESULT, []).append(
                    Quoted(part, number, written, level))
    return plan


def labels_quoted(say: str) -> list[str]:
    """Every label the roles of ``say`` quote, once each (for the stale-text detector)."""
    out: list[str] = []
    for _kind, parts in roles(say):
        out += [p for p in parts if p not in out]
    return out
