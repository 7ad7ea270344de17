"""Blank or replace volatile text (times, "18 seconds ago", counters) before a screenshot.

``platform.text_masks`` lists regular expressions (Python syntax, run by RE2 in linear time:
:mod:`builder.content.saferegex`). Before each shot the page's
text nodes (open shadow roots and frames included) are read, the expressions applied
in Python (so the syntax is the one `helpwright check` validated, not JavaScript's),
and only the changed nodes written back. After the shot the page gets its own text
back, so the step's action sees the real page (a target found by its text still
matches).

A page may rewrite its text while the shot is taken (a clock ticking every second,
or every few milliseconds). Two guards keep such text out of the image:

- while masked, a mutation observer masks each text the page writes, before the
  browser paints it, with the same expressions translated to JavaScript
  (:func:`js_rule`; an expression JavaScript cannot take is left to the next guard);
- after the shot, masking again in Python finds any text that escaped; the shot is
  then taken again (:meth:`TextMasker.shoot`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from builder.capture.annotate import OVERLAY_ID

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

    from builder.content.model import TextMask

#: shots taken again when volatile text came back during the shot
RETRIES = 3

#: record fields that are addresses, not text a reader sees: never masked
_NOT_TEXT = frozenset({"url", "box"})
#: a target's stable selector: one holding volatile text is not stable, and a masked one would find
#: nothing in the live page, so it is dropped rather than masked
_SELECTOR = "selector"

# window.__helpwrightText: the text nodes read last, in order; __helpwrightSaved: [node, page's text].
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

# Writes Python's results, then keeps masking what the page writes until _RESTORE.
_APPLY = """([changes, rules, overlayId]) => {
  const nodes = window.__helpwrightText || [];
  const saved = window.__helpwrightSaved || (window.__helpwrightSaved = []);
  for (const [i, text] of changes) {
    const node = nodes[i];
    if (!node || node.data === text) continue;
    saved.push([node, node.data]);
    node.data = text;
  }
  if (window.__helpwrightObserver) return;
  const compiled = [];
  for (const [source, flags, replace] of rules) {
    try { compiled.push([new RegExp(source, flags), replace]); } catch (e) { /* Python's check after the shot */ }
  }
  if (!compiled.length) return;
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA']);
  const mask = (node) => {
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || parent.closest('#' + overlayId)) return;
    let text = node.data;
    for (const [re, replace] of compiled) { re.lastIndex = 0; text = text.replace(re, replace); }
    if (text === node.data) return;
    saved.push([node, node.data]);
    node.data = text;
  };
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { mask(node); return; }
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) mask(t);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') mask(r.target);
      else r.addedNodes.forEach(visit);
    }
  });
  observer.observe(document, {subtree: true, characterData: true, childList: true});
  window.__helpwrightObserver = observer;
}"""

# In saving order: a node the page rewrote while masked gets the page's latest text.
_RESTORE = """() => {
  if (window.__helpwrightObserver) window.__helpwrightObserver.disconnect();
  for (const [node, text] of (window.__helpwrightSaved || [])) node.data = text;
  delete window.__helpwrightObserver;
  delete window.__helpwrightSaved;
  delete window.__helpwrightText;
}"""

_PY_FLAGS = {"i": "i", "m": "m", "s": "s"}


def js_rule(pattern: str, replace: str) -> tuple[str, str, str] | None:
    """A text mask as a JavaScript regular expression: (source, flags, replacement), or None.

    Covers what trainers write (classes, groups, named groups, `(?i)`); an expression
    with Python-only syntax is left out (None) and only masked from Python.
    """
    flags = "g"
    lead = re.match(r"^\(\?([aiLmsux]+)\)", pattern)
    if lead:
        if set(lead.group(1)) - set(_PY_FLAGS):
            return None
        flags += "".join(_PY_FLAGS[f] for f in lead.group(1))
        pattern = pattern[lead.end():]
    if re.search(r"\(\?[aiLmsux-]+[:)]|\\[AZ]|\(\?P>|\(\?\(", pattern):
        return None  # scoped or late flags, \A, \Z, recursion, conditionals: Python only
    source = re.sub(r"\(\?P<(\w+)>", r"(?<\1>", pattern)
    source = re.sub(r"\(\?P=(\w+)\)", r"\\k<\1>", source)
    out, i = [], 0
    while i < len(replace):
        ch = replace[i]
        if ch == "$":
            out.append("$$")
        elif ch == "\\" and i + 1 < len(replace):
            nxt = replace[i + 1]
            group = re.match(r"\\g<(\w+)>", replace[i:])
            digits = re.match(r"\\(\d{1,2})", replace[i:])
            if group:
                name = group.group(1)
                out.append("$&" if name == "0" else f"${name}" if name.isdigit() else f"$<{name}>")
                i += len(group.group(0))
                continue
            if digits:
                out.append(f"${digits.group(1)}")
                i += len(digits.group(0))
                continue
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(nxt, "\\" + nxt))
            i += 2
            continue
        else:
            out.append(ch)
        i += 1
    return source, flags, "".join(out)


class TextMasker:
    """Applies a platform's text masks to a page, and puts its text back."""

    def __init__(self, masks: list[TextMask]) -> None:
        from builder.content.saferegex import compile_pattern

        # RE2, linear in the text: a pattern cannot hang a capture (Python's regexes ignore the watchdog)
        self.rules = [(compile_pattern(m.pattern), m.replace) for m in masks]
        self.js_rules = [rule for m in masks if (rule := js_rule(m.pattern, m.replace)) is not None]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def masked(self, text: str) -> str:
        for pattern, replace in self.rules:
            text = pattern.sub(replace, text)
        return text

    def masked_json(self, data: Any) -> Any:
        """``data`` (a step's record: target name, page title) with its texts masked, addresses kept."""
        if not self.rules:
            return data
        if isinstance(data, str):
            return self.masked(data)
        if isinstance(data, list):
            return [self.masked_json(item) for item in data]
        if isinstance(data, dict):
            return {k: v if k in _NOT_TEXT else self.masked_json(v) for k, v in data.items()
                    if k != _SELECTOR or self.masked(v) == v}
        return data

    def apply(self, page: Page) -> int:
        """Mask the text of every frame of ``page`` and keep it masked; returns how many text nodes changed."""
        if not self.rules:
            return 0
        changed = 0
        for frame in _frames(page):
            try:
                texts: list[str] = frame.evaluate(_COLLECT, OVERLAY_ID)
                changes = [[i, new] for i, text in enumerate(texts) if (new := self.masked(text)) != text]
                frame.evaluate(_APPLY, [changes, self.js_rules, OVERLAY_ID])
            except Exception:  # noqa: BLE001, S112 - a frame that went away has nothing to mask
                continue
            changed += len(changes)
        return changed

    def restore(self, page: Page) -> None:
        """Give the page its own text back (the latest the page wrote) and stop masking."""
        if not self.rules:
            return
        for frame in _frames(page):
            try:
                frame.evaluate(_RESTORE)
            except Exception:  # noqa: BLE001, S112 - a frame that went away keeps nothing to restore
                continue

    def shoot(self, page: Page, take: Callable[[], bytes]) -> bytes:
        """``take()`` (the screenshot) on the masked page; again when volatile text came back meanwhile.

        Masking once more after the shot finds what escaped the observer (an expression
        JavaScript cannot take): when something needed masking, the shot may show it,
        so it is taken again. Text the page changes that no mask matches costs nothing.
        """
        raw = take()
        for _ in range(RETRIES):
            if not self.apply(page):
                break
            raw = take()
        return raw


def _frames(page: Page) -> list[Frame]:
    return [page.main_frame] + [f for f in page.frames if f is not page.main_frame]
