"""A stable selector for the element a step found: what in-app tours point at later.

One page evaluation tries, in order, and keeps the first that the page resolves to
exactly this element and no other (:data:`builder.shots.selectors.RESOLVE_SELECTOR`):

1. its ``id``, unless it looks generated (long digit runs, hex or UUID-like, framework prefixes);
2. a ``data-*`` attribute (``data-testid`` and its kin first), alone, then inside the nearest
   ancestor that has a unique id or ``data-*`` attribute;
3. its accessible role and name, alone, then inside such an ancestor or a unique landmark
   (``main``, ``nav``, a ``form`` with an id…): ``#post-form >> role=button[name="Publier"]``.

Nothing matches uniquely: None, and the step has no selector (outputs report it; nothing
is guessed). A structural path (``div:nth-child(3) > a``) is never offered: it would break
on the next layout change without anyone noticing until a reader's tour went astray.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from builder.shots.selectors import RESOLVE_SELECTOR

if TYPE_CHECKING:
    from playwright.sync_api import Locator

_FIND = r"""
(el) => {
  const resolve = RESOLVE_SELECTOR;
  const only = (sel) => {
    try { const found = resolve(sel); return found.length === 1 && found[0] === el; } catch (e) { return false; }
  };
  const cssString = (v) => '"' + CSS.escape(v) + '"';
  const generated = (id) => /\d{3,}|[0-9a-f]{8,}|^\d|^(ember|react|ext-|yui|gwt|mui-|radix-|headlessui-|:r)|[:\s]/i.test(id);
  const ownId = (e) => (e.id && !generated(e.id) && e.id.length <= 64 ? '#' + CSS.escape(e.id) : null);
  const preferred = ['data-testid', 'data-test', 'data-test-id', 'data-qa', 'data-cy'];
  const dataAttrs = (e) => {
    const names = [...e.attributes].map((a) => a.name).filter((n) => n.startsWith('data-'));
    names.sort((a, b) => ((preferred.indexOf(a) + 1 || 99) - (preferred.indexOf(b) + 1 || 99)) || (a < b ? -1 : 1));
    return names.map((n) => e.getAttribute(n) ? `[${n}=${cssString(e.getAttribute(n))}]` : `[${n}]`)
      .filter((s) => s.length <= 120);
  };
  const landmarks = ['main', 'nav', 'header', 'footer', 'aside', 'form', 'section', 'table', 'dialog'];
  // The ancestors that can scope a selector: each with its own selectors that find it alone.
  const scopes = [];
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    const own = [ownId(a), ...dataAttrs(a)].filter(Boolean);
    const tag = a.tagName.toLowerCase();
    if (landmarks.includes(tag)) {
      own.push(tag);
      const label = a.getAttribute('aria-label');
      if (label) own.push(`${tag}[aria-label=${cssString(label)}]`);
    }
    for (const sel of own) {
      try { const found = document.querySelectorAll(sel); if (found.length === 1 && found[0] === a) scopes.push(sel); }
      catch (e) { /* not valid CSS: skip */ }
    }
  }
  const candidates = [];
  const id = ownId(el);
  if (id) candidates.push(id);
  const data = dataAttrs(el);
  candidates.push(...data);
  for (const scope of scopes) for (const d of data) candidates.push(`${scope} ${d}`);
  const accName = resolve.nameOf(el);
  if (accName && accName.length <= 200) {
    const part = `role=${resolve.roleOf(el)}[name=${JSON.stringify(accName)}]`;
    candidates.push(part);
    for (const scope of scopes) candidates.push(`${scope} >> ${part}`);
  }
  for (const sel of candidates) if (only(sel)) return sel;
  return null;
}
""".replace("RESOLVE_SELECTOR", RESOLVE_SELECTOR.strip())


#: the selector finder as a page function's expression, for a script that records more (one evaluation per step)
FIND_SELECTOR = _FIND.strip()


def stable_selector(locator: Locator) -> str | None:
    """The first stable selector that finds exactly the locator's element in its page, or None."""
    try:
        found = locator.evaluate(_FIND, timeout=5000)
    except Exception:  # noqa: BLE001 - detached element, navigation: no selector rather than a guess
        return None
    return found if isinstance(found, str) and found else None
