"""Blank or replace volatile text (times, "18 seconds ago", counters) before a screenshot.

``platform.text_masks`` lists Python regular expressions. Before each shot the page's
text nodes (open shadow roots and frames included) are read, the expressions applied
in Python (so the syntax is the one `helpwright check` validated, not JavaScript's),
and only the changed nodes written back. After the shot the page gets its own text
back, so the step's action sees the real page (a target found by its text still
matches).

A page may rewrite its text while the shot is taken (a clock ticking every second):
see :meth:`TextMasker.shoot`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from builder.capture.annotate import OVERLAY_ID

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

    from builder.content.model import TextMask

#: shots taken again when the page changed its text meanwhile
RETRIES = 3

# window.__helpwrightText: the text nodes read last, in order; __helpwrightSaved: [node, original text].
_COLLECT = """(overlayId) => {
  const nodes = [];
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA']);
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.shadowRoot) walk(n.shadowRoot);
        continue;
      }
      const parent = n.parentElement;
      if (!n.data.trim() || !parent || skip.has(parent.tagName) || parent.closest('#' + overlayId)) continue;
      nodes.push(n);
    }
  };
  if (document.body) walk(document.body);
  window.__helpwrightText = nodes;
  return nodes.map((n) => n.data);
}"""

_APPLY = """(changes) => {
  const nodes = window.__helpwrightText || [];
  const saved = window.__helpwrightSaved || [];
  for (const [i, text] of changes) {
    const node = nodes[i];
    if (!node || node.data === text) continue;
    saved.push([node, node.data]);
    node.data = text;
  }
  window.__helpwrightSaved = saved;
}"""

# In saving order: a node the page rewrote after the first masking gets the page's latest text.
_RESTORE = """() => {
  for (const [node, text] of (window.__helpwrightSaved || [])) node.data = text;
  delete window.__helpwrightSaved;
  delete window.__helpwrightText;
}"""


class TextMasker:
    """Applies a platform's text masks to a page, and puts its text back."""

    def __init__(self, masks: list[TextMask]) -> None:
        self.rules = [(re.compile(m.pattern), m.replace) for m in masks]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def masked(self, text: str) -> str:
        for pattern, replace in self.rules:
            text = pattern.sub(replace, text)
        return text

    def apply(self, page: Page) -> int:
        """Mask the text of every frame of ``page``; returns how many text nodes changed."""
        if not self.rules:
            return 0
        changed = 0
        for frame in _frames(page):
            try:
                texts: list[str] = frame.evaluate(_COLLECT, OVERLAY_ID)
                changes = [[i, new] for i, text in enumerate(texts) if (new := self.masked(text)) != text]
                if changes:
                    frame.evaluate(_APPLY, changes)
            except Exception:  # noqa: BLE001, S112 - a frame that went away has nothing to mask
                continue
            changed += len(changes)
        return changed

    def restore(self, page: Page) -> None:
        """Give the page its own text back."""
        if not self.rules:
            return
        for frame in _frames(page):
            try:
                frame.evaluate(_RESTORE)
            except Exception:  # noqa: BLE001, S112 - a frame that went away keeps nothing to restore
                continue

    def shoot(self, page: Page, take: Callable[[], bytes]) -> bytes:
        """``take()`` (the screenshot) on the masked page; again when volatile text came back meanwhile.

        Masking once more after the shot finds what the page rewrote during it (a clock
        ticking): when something needed masking again, the shot may show it, so it is
        taken again. Text the page changes that no mask matches costs nothing.
        """
        raw = take()
        for _ in range(RETRIES):
            if not self.apply(page):
                break
            raw = take()
        return raw


def _frames(page: Page) -> list[Frame]:
    return [page.main_frame] + [f for f in page.frames if f is not page.main_frame]
