"""What capture records about each step, for review and drift detection.

One round trip to the page per step gives: the target's accessible role and name
(computed the way assistive technologies do for the common cases: explicit `role`,
the element's implicit role, `aria-labelledby`, `aria-label`, the field's `<label>`,
its text), its box in CSS pixels, the page's title and URL, and which quoted labels of
the step's text the page does not show (see :mod:`builder.shots.stale`).

The record sits next to the image in ``manifest.json``::

    {"step": 5, "file": "05.png", ..., "target": {"role": "button", "name": "Publier",
     "box": [287, 682, 90, 36], "selector": "#post-form >> role=button[name=\\"Publier\\"]"},
     "page": {"title": "Écrire un article · Intranet",
     "url": "/blog/new?lang=fr"}}

The URL is kept relative to the base URL: captures on another port compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from builder.capture.selector import FIND_SELECTOR
from builder.capture.steps import evaluate_one
from builder.shots.selectors import RESOLVE_SELECTOR
from builder.shots.stale import FIND_MISSING

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

_RECORD = r"""
(el, [quotes]) => {
  const findMissing = FIND_MISSING;
  const text = (t) => (t || '').split(/\s+/).filter(Boolean).join(' ');
  const resolve = RESOLVE_SELECTOR;  // the roles and names a tour's selector is resolved with
  let target = null;
  if (el) {
    const r = el.getBoundingClientRect();
    target = {role: resolve.roleOf(el), name: resolve.nameOf(el).slice(0, 200),
              box: [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]};
  }
  return {target, title: document.title, url: location.href,
          missing: quotes.length ? findMissing([quotes, target ? target.name : '']) : []};
}
""".replace("FIND_MISSING", FIND_MISSING.strip()).replace("RESOLVE_SELECTOR", RESOLVE_SELECTOR.strip())


@dataclass
class StepRecord:
    """The target, the page and the step's quotes that the page does not show."""

    target: dict[str, Any] | None = None
    page: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"target": self.target, "page": self.page}


def relative_url(url: str, base_url: str) -> str:
    base = base_url.rstrip("/")
    if url.startswith(base + "/") or url == base:
        return url[len(base):] or "/"
    return url


#: :data:`_RECORD` for a target, with its stable selector (see :mod:`builder.capture.selector`):
#: ``(el, [quotes]) => …``, read by :func:`record_from`
RECORD_ELEMENT = f"""(el, arg) => {{
  const recorded = ({_RECORD.strip()})(el, arg);
  if (recorded && recorded.target) {{
    let selector = null;
    try {{ selector = ({FIND_SELECTOR})(el); }} catch (e) {{ /* no selector rather than a guess */ }}
    recorded.target.selector = selector;
  }}
  return recorded;
}}"""


def record_step(page: Page, locator: Locator | None, base_url: str, quotes: list[str]) -> StepRecord:
    """Record the step's target and page; never fails a capture (an empty record instead)."""
    try:
        if locator is not None:
            # The record and the stable selector in one page evaluation.
            data: Any = evaluate_one(locator, RECORD_ELEMENT, [quotes])
        else:
            data = page.evaluate(f"(arg) => ({_RECORD})(null, arg)", [quotes])
    except Exception:  # noqa: BLE001 - detached element, navigation: nothing to record
        return StepRecord()
    return record_from(data, base_url)


def record_from(data: Any, base_url: str) -> StepRecord:
    """The record :data:`RECORD_ELEMENT` returned (an empty one for anything else)."""
    if not isinstance(data, dict):
        return StepRecord()
    page_info = {"title": str(data.get("title") or ""), "url": relative_url(str(data.get("url") or ""), base_url)}
    target = data.get("target") if isinstance(data.get("target"), dict) else None
    if target is not None:
        # Only a selector the page resolves to this one element; none rather than a guess.
        selector = target.pop("selector", None)
        if isinstance(selector, str) and selector:
            target["selector"] = selector
    missing = [str(m) for m in data.get("missing") or []]
    return StepRecord(target=target, page=page_info, missing=missing)
