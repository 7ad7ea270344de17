"""Browser dialogs (alert, confirm, prompt, beforeunload): never answered silently.

Playwright dismisses a dialog nobody listens for, so a `confirm("Really restore?")`
would be cancelled and the capture would go on as if the restore had happened. A
:class:`DialogGuard` listens on the page instead:

- a step with ``dialog:`` gets its answer (accept, with a prompt's text, or dismiss);
  when it also gives ``text``, a dialog that does not say it is dismissed and the
  step fails; a step that expects a dialog fails when none opens;
- any other dialog gets the platform's ``dialogs`` default; with ``fail`` (the
  default) it is dismissed and the step fails, quoting the dialog's message.

The last dialog's message is kept for ``expect: {dialog: …}``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from builder.capture.steps import StepFailed
from builder.content.model import DialogAnswer, StepBase, Text, localize

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Page


def _plain(text: str) -> str:
    return " ".join(text.split())


def says(message: str, expected: str) -> bool:
    """The dialog's message contains the expected text (spacing aside)."""
    return _plain(expected) in _plain(message)


@dataclass
class Plan:
    """What the current step does with the dialog it opens."""

    accept: bool
    prompt: str | None
    text: str | None
    answered: bool = False
    #: the message of a dialog that did not say ``text`` (dismissed)
    mismatch: str | None = None


def plan_for(step: StepBase, lang: str) -> Plan | None:
    """The step's `dialog:` as a plan, or None when it expects no dialog."""
    answer: Any = getattr(step, "dialog", None)
    if answer is None:
        return None
    if isinstance(answer, str):
        return Plan(accept=answer == "accept", prompt=None, text=None)
    assert isinstance(answer, DialogAnswer)
    text = localize(answer.text, lang) if answer.text is not None else None
    if answer.dismiss:
        return Plan(accept=False, prompt=None, text=text)
    prompt = None if answer.accept is True else localize(answer.accept, lang)  # type: ignore[arg-type]
    return Plan(accept=True, prompt=prompt, text=text)


class DialogGuard:
    """Answers a page's dialogs as the steps and the platform say; remembers the unexpected ones."""

    def __init__(self, page: Page, default: str = "fail") -> None:
        self.default = default
        self.plan: Plan | None = None
        self.last: str | None = None
        self.unexpected: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog: Dialog) -> None:
        message, kind = dialog.message, dialog.type
        self.last = message
        plan = self.plan
        try:
            if plan is not None and not plan.answered:
                plan.answered = True
                if plan.text is not None and not says(message, plan.text):
                    plan.mismatch = message
                    dialog.dismiss()
                elif plan.accept:
                    dialog.accept(plan.prompt) if plan.prompt is not None else dialog.accept()
                else:
                    dialog.dismiss()
                return
            if self.default == "accept":
                dialog.accept()
                return
            dialog.dismiss()
            if self.default == "fail":
                self.unexpected.append(f"{kind} “{_plain(message)}”")
        except Exception:  # noqa: BLE001, S110 - the page closed meanwhile: nothing left to answer
            pass

    def arm(self, step: StepBase, lang: str) -> None:
        """Before the step's action: the dialog it opens gets the step's answer."""
        self.plan = plan_for(step, lang)

    def finish(self, page: Page, timeout: float) -> None:
        """After the step's action: fail for an unexpected dialog, a missing one or one that said otherwise."""
        plan, self.plan = self.plan, None
        if plan is not None and not plan.answered:
            deadline = time.monotonic() + timeout
            while not plan.answered and time.monotonic() < deadline:
                page.wait_for_timeout(50)  # dialog events arrive while Playwright waits
            if not plan.answered:
                self.raise_unexpected()
                what = "accept" if plan.accept else "dismiss"
                raise StepFailed(f"the step expects a browser dialog (`dialog: {what}`), but none opened "
                                 f"within {timeout:g} s; remove `dialog:` if the platform no longer asks")
        self.raise_unexpected()
        if plan is not None and plan.mismatch is not None:
            raise StepFailed(f"the dialog said “{_plain(plan.mismatch)}”, not “{plan.text}”; it was dismissed "
                             "(nothing was confirmed)")

    def disarm(self) -> None:
        self.plan = None

    def raise_unexpected(self) -> None:
        """Fail, quoting the dialogs no step expected (they were dismissed)."""
        if self.unexpected:
            shown, self.unexpected = "; ".join(self.unexpected), []
            raise StepFailed(f"a browser dialog opened that no step expects ({shown}); it was dismissed. "
                             "Add `dialog: accept` (or `dismiss`) to the step that opens it, or set `dialogs:` "
                             "in platform.yaml")

    def check(self, expected: Text, lang: str) -> None:
        """`expect: {dialog: …}`: the last dialog said this."""
        want = localize(expected, lang)
        if self.last is None:
            raise StepFailed(f"expected a dialog saying “{want}”, but no dialog has opened")
        if not says(self.last, want):
            raise StepFailed(f"the last dialog said “{_plain(self.last)}”, not “{want}”")

