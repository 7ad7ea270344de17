"""What lies over a highlighted element's words, as Chromium's own hit test finds it, through closed shadow roots.

The page-side checks (:mod:`builder.capture.visibility`) find what covers an element with the page's own hit test,
``elementsFromPoint``, and look for what lets clicks through (``pointer-events: none``) yet paints, in the page and
in every open shadow root. A closed shadow root is out of every page script's reach: a loading veil, a banner or a
"saving" layer drawn inside one, letting clicks through, paints over the words with nothing in the DOM to say so.
When it is flat, the pixel check (:mod:`builder.capture.ink`) sees it; when it draws words of its own (a cookie
banner) or a spinner, its own ink passes for the element's.

Chromium's DevTools protocol sees every tree: ``DOM.getNodeForLocation`` with ``ignorePointerEventsNone`` answers
the topmost node at a point, whatever lets clicks through. Once the shot is taken (the highlight gone: its frame
would be that node), each point where the element draws its words (``hwGlyphs``' boxes, else its box's middle) is
asked in turn; the first that finds the element itself, or anything the page's checks could see, ends the check
(one word a reader sees is enough, as for the pixels). A point covers the element when what is found there lies
in a closed shadow root, on its way up to what it shares with the element, and paints at the point: a background at
least half opaque (its own opacity and its ancestors' counted), or words of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from builder.capture.visibility import LIB

#: Called on the node found at a point, with the name the reveal keeps the element under and the point (page
#: coordinates): the name of what covers the element there, or null.
_COVERS = "function (key, x, y) {" + LIB + r"""
  const ref = globalThis[key], el = ref && ref.deref ? ref.deref() : null;
  if (!el || !el.isConnected) return null;
  const up = (n) => n.assignedSlot || n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const hit = this.nodeType === 1 ? this : up(this);
  if (!hit) return null;
  const labels = [...(el.labels || [])];
  for (let q = hit; q; q = up(q)) if (q === el || labels.includes(q)) return null;  // the element's own
  const mine = new Set();
  for (let q = el; q; q = up(q)) mine.add(q);
  const px = x - scrollX, py = y - scrollY;
  let cover = null, closed = false;
  for (let q = hit; q && !mine.has(q); q = up(q)) {
    const root = q.getRootNode();
    if (root instanceof ShadowRoot && root.mode === 'closed') closed = true;
    if (cover) continue;
    const s = getComputedStyle(q), r = q.getBoundingClientRect();
    if (s.visibility !== 'visible' || px < r.left || px >= r.right || py < r.top || py >= r.bottom) continue;
    const o = hwOpacityUp(q);
    const words = q === hit && [...q.childNodes].some((c) => c.nodeType === 3 && c.data.trim());
    if (hwOpaque(s) * o >= 0.5 || (words && o >= 0.5)) cover = q;
  }
  return closed && cover ? hwName(cover) : null;
}"""


def closed_cover(cdp: Any, key: str, points: Sequence[tuple[float, float]]) -> str | None:
    """The name of what covers the element the reveal kept under ``key`` at every one of ``points`` (page
    coordinates, CSS pixels, inside the viewport) from inside a closed shadow root; None when one point shows the
    element, or no point can be asked (``cdp``: the page's DevTools session)."""
    from playwright.sync_api import Error as PlaywrightError

    found = None
    for x, y in points:
        try:
            node = cdp.send("DOM.getNodeForLocation", {"x": int(x), "y": int(y), "ignorePointerEventsNone": True,
                                                       "includeUserAgentShadowDOM": False})
            handle = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendNodeId"]})
            answer = cdp.send("Runtime.callFunctionOn", {
                "objectId": handle["object"]["objectId"], "functionDeclaration": _COVERS, "returnByValue": True,
                "arguments": [{"value": key}, {"value": x}, {"value": y}]})
        except (PlaywrightError, KeyError):
            return None  # nothing there (outside the page), or a page going away: nothing can be told
        name = answer.get("result", {}).get("value")
        if not isinstance(name, str):
            return None
        found = found or name
    return found


def glyph_points(seen: dict[str, Any], viewport: tuple[float, float], scroll: tuple[float, float] | None,
                 at_most: int = 8) -> list[tuple[float, float]]:
    """Where to ask: the middle of each of the element's word boxes (``seen``: what the reveal answered, its boxes
    in viewport coordinates at its scroll ``box.sx``/``box.sy``), else of its box, in page coordinates, kept to
    those inside the viewport at the page's scroll now (``scroll``; None: the reveal's)."""
    box = seen.get("box") or {}
    if "sx" not in box:  # in a frame: its coordinates are not the page's
        return []
    sx, sy = box["sx"], box["sy"]
    now = scroll if scroll is not None else (sx, sy)
    boxes = [g["box"] for g in seen.get("glyphs") or [] if isinstance(g, dict) and g.get("box")]
    if not boxes:
        left, top = max(box["x"], 0.0), max(box["y"], 0.0)
        right, bottom = min(box["x"] + box["width"], viewport[0]), min(box["y"] + box["height"], viewport[1])
        boxes = [[left, top, right - left, bottom - top]] if right > left and bottom > top else []
    points = []
    for left, top, width, height in boxes:
        x, y = left + width / 2 + sx, top + height / 2 + sy
        if now[0] <= x < now[0] + viewport[0] and now[1] <= y < now[1] + viewport[1]:
            points.append((x, y))
    return points[:at_most]
