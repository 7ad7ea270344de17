"""Stale instructions: a step's text quotes a label the platform no longer shows.

A `say` quotes the interface with ``{guilabel}`…``` and each level of ``{menuselection}`A --> B```
(which capture also requires to be visible on the first capture, see :mod:`builder.capture.guilabels`),
**bold**, « guillemets » and “curly quotes”.
During capture each quote is looked for, in the step's language, on the page the step
acts on: it holds when it equals the target's accessible name or any visible text of
the page (an element's text or own text, a label, an `aria-label`, a `title`, a
placeholder, a button's value, an option of a list), compared without case, spacing,
apostrophe style or a trailing `:`/`…`. A quote missing before the action is looked
for again once the action settled (a say may name the message that follows), and only
then flagged. Quotes holding a `{placeholder}` are not checked.

Only a quote that was true counts: the quotes found are kept, per step, in the
published ``manifest.json`` (``quotes``), and a quote is *stale* when an earlier
capture found it and this one does not. Bold also marks emphasis, key names and
things shown elsewhere; those were never found, so they are never flagged.

Flags are reported at the YAML line of the `say` (its language's line when it is a
per-language mapping) and kept with the capture's results: approving images does not
clear them; the page showing the label again, or the text no longer quoting it, does.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

_ROLES = re.compile(r"\{(?:guilabel|menuselection)\}`[^`]+`")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL)
_QUOTED = re.compile(r"«[\s\u00a0\u202f]*(.+?)[\s\u00a0\u202f]*»|“(.+?)”", re.DOTALL)
_INNER = re.compile(r"^[«“\"'\s\u00a0\u202f]+|[»”\"'\s\u00a0\u202f]+$")
MAX_QUOTE = 120


def quotes(say: str) -> list[str]:
    """The interface labels a step's text quotes, in order, once each."""
    from builder.capture.guilabels import labels_quoted

    found: list[str] = labels_quoted(say)
    say = _ROLES.sub(" ", say)
    for match in _BOLD.finditer(say):
        found.append(_INNER.sub("", match.group(1) or match.group(2) or ""))
    rest = _BOLD.sub(" ", say)
    for match in _QUOTED.finditer(rest):
        found.append(match.group(1) or match.group(2) or "")
    out: list[str] = []
    for text in found:
        text = " ".join(text.replace("*", "").split())
        if text and "{" not in text and len(text) <= MAX_QUOTE and normalize(text) not in map(normalize, out):
            out.append(text)
    return out


def normalize(text: str) -> str:
    """What two labels must share to be the same: no case, spacing or apostrophe style."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = " ".join(text.split()).casefold()
    return re.sub(r"[\s:.…!?]+$", "", text).strip()


#: Runs in the page: the same normalization as :func:`normalize` (NFKC folds the
#: no-break spaces into spaces), then a walk over the visible elements until every
#: quote is found. Returns the quotes not found. Used by :mod:`builder.capture.records`.
FIND_MISSING = r"""
([quotes, targetName]) => {
  const norm = (t) => (t || '').normalize('NFKC').replace(/[’‘]/g, "'").split(/\s+/).filter(Boolean)
    .join(' ').toLowerCase().replace(/[\s:.…!?]+$/u, '').trim();
  const left = new Map(quotes.map((q) => [norm(q), q]));
  const seen = (text) => { const n = norm(text); if (n && left.has(n)) left.delete(n); };
  seen(targetName);
  seen(document.title);
  const visible = (el) => {
    if (el.tagName === 'OPTION' || el.tagName === 'OPTGROUP') return true;
    return typeof el.checkVisibility === 'function'
      ? el.checkVisibility({visibilityProperty: true, opacityProperty: true})
      : !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  };
  for (const el of document.querySelectorAll('body, body *')) {
    if (!left.size) break;
    if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'TEMPLATE') continue;
    if (!visible(el)) continue;
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) seen(el.getAttribute(attr));
    if (el.tagName === 'INPUT' && /^(button|submit|reset)$/i.test(el.type)) seen(el.value);
    let own = '';
    for (const node of el.childNodes) if (node.nodeType === 3) own += node.textContent;
    seen(own);
    const all = el.textContent || '';
    if (all.length <= 300) { seen(all); seen(el.innerText); }
  }
  return [...left.values()];
}
"""


def missing_quotes(page: Page, labels: list[str], target_name: str | None = None) -> list[str]:
    """The labels (from :func:`quotes`) that neither name the target nor show on the page."""
    if not labels:
        return []
    try:
        result: Any = page.evaluate(FIND_MISSING, [labels, target_name or ""])
    except Exception:  # noqa: BLE001 - a page that navigated away: nothing can be said
        return []
    return [str(text) for text in result] if isinstance(result, list) else []


def judge(observed: dict[int, dict[str, list[str]]], known: dict[str, list[str]]
          ) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Which quotes went stale, and the quotes known to be true, to keep in the manifest.

    A quote is *stale* when an earlier capture found it (it is in ``known``, keyed by
    step number) and this one did not: the platform changed under the text. A quote
    never found (emphasis, a key name, a page not shown) is not the platform's doing
    and is not flagged. A stale quote stays known, so it stays flagged until the page
    shows it again or the text stops quoting it.
    """
    stale: list[dict[str, Any]] = []
    kept: dict[str, list[str]] = {}
    for step, seen in sorted(observed.items()):
        was = {normalize(q) for q in known.get(str(step), [])}
        missing = [q for q in seen.get("missing", []) if normalize(q) in was]
        if missing:
            stale.append({"step": step, "quotes": missing})
        found = set(seen.get("found", []))
        order = seen.get("quotes") or seen.get("found", []) + seen.get("missing", [])  # as the text has them
        now = [q for q in order if q in found or normalize(q) in was]
        if now:
            kept[str(step)] = now
    return stale, kept
