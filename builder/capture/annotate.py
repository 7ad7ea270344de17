"""Draw the highlight into the page itself: a box, a numbered badge and a callout.

Drawing in the DOM (rather than on the PNG afterwards) lets the browser render the
badge text with the same font hinting as the page, and keeps the overlay aligned
with the element even when the page is scrolled or cropped. The overlay never takes
pointer events and is removed before the step's action, so it cannot change what
the platform does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

#: the highlight colour; tests look for it in the pixels of the badge
HIGHLIGHT_RGB = (225, 29, 72)
OVERLAY_ID = "helpwright-overlay"

_DRAW = """
([box, number, callout, rgb, id]) => {
  const color = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  const doc = document.documentElement;
  const root = document.createElement('div');
  root.id = id;
  root.setAttribute('aria-hidden', 'true');
  root.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;'
    + 'pointer-events:none;';
  const pad = 4;
  const x = box.x + window.scrollX - pad, y = box.y + window.scrollY - pad;
  const w = box.width + 2 * pad, h = box.height + 2 * pad;
  const frame = document.createElement('div');
  frame.style.cssText = `position:absolute;left:${x}px;top:${y}px;width:${w}px;height:${h}px;`
    + `border:3px solid ${color};border-radius:6px;box-sizing:border-box;`
    + 'box-shadow:0 0 0 3px rgba(255,255,255,0.85), 0 0 0 9999px rgba(15,23,42,0.12);';
  root.appendChild(frame);
  const size = 28;
  const maxX = doc.scrollWidth - size - 2;
  let bx = Math.max(2, Math.min(x - size / 2, maxX));
  let by = y - size / 2;
  if (by < window.scrollY + 2) by = window.scrollY + 2;
  const badge = document.createElement('div');
  badge.textContent = String(number);
  badge.style.cssText = `position:absolute;left:${bx}px;top:${by}px;width:${size}px;height:${size}px;`
    + `border-radius:50%;background:${color};color:#fff;font:700 15px/28px system-ui,sans-serif;`
    + 'text-align:center;box-shadow:0 0 0 2px #fff;';
  root.appendChild(badge);
  if (callout) {
    const label = document.createElement('div');
    label.textContent = callout;
    label.style.cssText = `position:absolute;background:${color};color:#fff;`
      + 'font:600 14px/1.3 system-ui,sans-serif;padding:6px 10px;border-radius:6px;'
      + 'width:max-content;max-width:280px;box-shadow:0 2px 6px rgba(0,0,0,0.25);white-space:normal;';
    root.appendChild(label);
    // Right of the box when it fits, else below it, else above it.
    const vw = window.scrollX + window.innerWidth;
    const lw = Math.min(280, label.offsetWidth), lh = label.offsetHeight;
    let lx = x + w + 12, ly = y + h / 2 - lh / 2;
    if (lx + lw > vw - 4) {
      lx = Math.max(window.scrollX + 4, Math.min(x, vw - lw - 4));
      ly = y + h + 10;
      if (ly + lh > window.scrollY + window.innerHeight - 4) ly = y - lh - 10;
    }
    label.style.left = `${lx}px`;
    label.style.top = `${Math.max(window.scrollY + 4, ly)}px`;
  }
  document.body.appendChild(root);
}
"""

# Scroll only when needed, but also when something (a sticky header) covers the element.
_REVEAL = """
(el) => {
  const r = el.getBoundingClientRect();
  const inView = r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));
  const covered = !hit || !(hit === el || el.contains(hit) || hit.contains(el));
  if (!inView || covered) {
    el.scrollIntoView({block: r.height > window.innerHeight * 0.7 ? 'start' : 'center', inline: 'nearest'});
  }
}
"""

_REMOVE = "(id) => { const el = document.getElementById(id); if (el) el.remove(); }"


def draw_highlight(page: Page, locator: Locator, number: int, callout: str | None) -> dict[str, float] | None:
    """Scroll the element into view and draw the overlay; returns its box (viewport coordinates)."""
    locator.evaluate(_REVEAL, timeout=5000)
    box = locator.bounding_box()
    if box is None:
        return None
    page.evaluate(_DRAW, [box, number, callout or "", list(HIGHLIGHT_RGB), OVERLAY_ID])
    return box


def remove_highlight(page: Page) -> None:
    page.evaluate(_REMOVE, OVERLAY_ID)
