"""`{dialog}` in a step's text: the browser dialog's message, as the scenario expects it.

The text comes from the scenario itself (the last `dialog: {text: …}` or
`expect: {dialog: …}` up to the step), which the capture checked against the real
dialog, so the site and the handouts can quote it without a capture.
"""

from __future__ import annotations

from typing import Any

from builder.content.model import DialogAnswer, StepBase, localize

PLACEHOLDER = "{dialog}"


def dialog_text(steps: list[StepBase], number: int, lang: str) -> str | None:
    """The last dialog text expected by steps 1..``number`` (1-based), or None."""
    found = None
    for step in steps[:number]:
        answer: Any = getattr(step, "dialog", None)
        if isinstance(answer, DialogAnswer) and answer.text is not None:
            found = localize(answer.text, lang)
        expect = getattr(step, "expect", None)
        if expect is not None and getattr(expect, "dialog", None) is not None:
            found = localize(expect.dialog, lang)
    return found


def fill_dialog(text: str, steps: list[StepBase], number: int, lang: str) -> str:
    """``text`` with `{dialog}` replaced by the dialog's expected message (left as is when none)."""
    if PLACEHOLDER not in text:
        return text
    quoted = dialog_text(steps, number, lang)
    return text if quoted is None else text.replace(PLACEHOLDER, quoted)
