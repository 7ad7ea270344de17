"""Alt text of a step's screenshot, from the step and what capture recorded of its target.

Shared by every output through the view model (:mod:`builder.outputs.viewmodel`): the
site's images, the click-through demos and any other output say the same thing.
"""

from __future__ import annotations

from typing import Any

from builder.content import richtext
from builder.content.catalog import Messages, messages
from builder.content.model import ExpectStep, GotoStep, StepBase, Target, WaitFor, localize


def plain_text(markdown: str) -> str:
    """Markdown to one line of plain text, for alt text and summaries."""
    return richtext.to_plain(markdown, inline=False)


def step_alt(step: StepBase, lang: str, msgs: Messages | None = None, number: int | None = None,
             record: dict[str, Any] | None = None) -> str:
    """Alt text for a step's screenshot, in ``lang``: the step and its text, then the numbered
    marker drawn on the image and what it frames (its role and accessible name, as capture
    recorded them in the manifest when it can: ``record`` is the image's manifest entry).

    ``Étape 3 : Cliquez sur Publier. (repère 3 : bouton « Publier »)``. Without ``number``
    (a step shown on its own), the text and what is highlighted: ``… — bouton « Publier »``.
    """
    msgs = msgs or messages(lang)
    words = msgs["site"]
    said = plain_text(localize(step.say, lang))
    head = str(words["alt_step"]).format(number=number, say=said) if number is not None else said
    if isinstance(step, GotoStep):
        return f"{head} — {words['goto']} {step.goto}"
    marked = highlighted_name(step, lang, msgs, record)
    if marked is None or (not marked and number is None):
        return head
    if number is None:
        return f"{head} — {marked}"
    if not marked:
        return f"{head} {str(words['alt_marker_alone']).format(number=number)}"
    return f"{head} {str(words['alt_marker']).format(number=number, target=marked)}"


#: Roles capture records for elements that have none a reader would name (plain text, a box).
_WORDLESS_ROLES = frozenset({"generic", "paragraph", "none", "presentation"})

#: A recorded accessible name longer than this (a form's whole text) is cut at a word.
_NAME_MAX = 80


def _short(name: str) -> str:
    if len(name) <= _NAME_MAX:
        return name
    return name[:_NAME_MAX].rsplit(" ", 1)[0].rstrip(" ,;:.…") + "…"


def highlighted_name(step: StepBase, lang: str, msgs: Messages,
                     record: dict[str, Any] | None = None) -> str | None:
    """What the step's highlight frames, as a reader says it (`bouton « Publier »`); "" when it
    has no words a reader knows it by; None when the screenshot has no highlight (and so no
    numbered marker)."""
    if step.shot is False or not step.shot.highlight:
        return None
    if step.highlight is not None:
        return msgs.target(step.highlight)
    target: Target | None = step.target
    expected: Any = None
    if isinstance(step, ExpectStep):
        expected, target = step.expect.text, step.expect.target
        if expected is None and target is None:  # a URL or dialog check frames nothing
            return None
    elif target is None or (isinstance(target, WaitFor) and target.state in ("hidden", "detached")):
        return None
    seen = (record or {}).get("target") or {}
    name, role = _short(richtext.one_line(str(seen.get("name") or ""))), str(seen.get("role") or "")
    roles = msgs.data.get("target_words") or {}
    if name:  # the name the page gives it, in the page's language
        word = msgs["site"]["text"] if not role or role in _WORDLESS_ROLES else roles.get(role, role)
        return f"{word} {msgs.quote(name)}"
    if expected is not None:
        return f"{msgs['site']['text']} {msgs.quote(localize(expected, lang))}"
    assert target is not None
    if target.kind in ("css", "testid"):  # words a reader never sees
        return ""
    return msgs.target(target)
