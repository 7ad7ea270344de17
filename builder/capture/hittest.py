"""What lies over a highlighted element's words, as Chromium's own hit test finds it, through closed shadow roots.

The page-side checks (:mod:`builder.capture.visibility`) find what covers an element with the page's own hit test,
``elementsFromPoint``, and look for what lets clicks through (``pointer-events: none``) yet paints, in the page and
in every open shadow root. A closed shadow root is out of every page script's reach: a loading veil, a banner or a
"saving" layer drawn inside one, letting clicks through, paints over the words with nothing in the DOM to say so.
When it is flat, the pixel check (:mod:`builder.capture.ink`) sees it; when it draws words of its own (a cookie
banner) or a spinner, its own ink passes for the element's.

Chromium's DevTools protocol sees every tree: ``DOM.getNodeForLocation`` with ``ignorePointerEventsNone`` answers
the topmost node at a point, whatever lets clicks through; when that is what the same test finds with clicks
counted, nothing that lets them through lies on top there. Once the shot is taken (the highlight gone: its frame
would be that node), each point where the element draws its words (``hwGlyphs``' boxes, else its box's middle) is
asked in turn; the first that finds the element itself, or anything the page's checks could see, ends the check
(one word a reader sees is enough, as for the pixels). A point covers the element when what is found there lies
in a closed shadow root, on its way up to what it shares with the element, and paints at the point: a background at
least half opaque (its own opacity and its ancestors' counted), or words of its own. Inside the element, what its
own closed shadow root draws is its own; a component inside it whose closed shadow root draws at the middle of
words the page measured lies over them. The labels a step's text quotes are asked the same way, where the label
check found their words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from builder.capture.visibility import LIB

#: Called on the node found at a point, with the name the element is kept under (its index in the list kept
#: there, for a label), the point (page coordinates) and whether it is the middle of words the page measured (else
#: of the element's box): the name of what covers the element there, or null.
_COVERS = "function (key, index, x, y, words) {" + LIB + r"""
  const kept = globalThis[key], ref = Array.isArray(kept) ? kept[index] : kept;
  const el = ref && ref.deref ? ref.deref() : null;
  if (!el || !el.isConnected) return null;
  const up = (n) => n.assignedSlot || n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const hit = this.nodeType === 1 ? this : up(this);
  if (!hit) return null;
  // From the hit up to the element (or one of its labels), or to what it shares with it. Inside the element, what
  // it draws itself (its own closed shadow root, at the middle of its box) is its own; a component inside it whose
  // closed shadow root draws at the middle of words the page measured (outside that root) lies over them.
  const labels = [...(el.labels || [])], mine = new Set();
  for (let q = el; q; q = up(q)) mine.add(q);
  const path = [];
  let inside = false;
  for (let q = hit; q && !mine.has(q); q = up(q)) {
    if (labels.includes(q)) { inside = true; break; }
    path.push(q);
  }
  inside = inside || (path.length ? up(path[path.length - 1]) === el : hit === el);
  if (inside && !words) return null;
  const px = x - scrollX, py = y - scrollY;
  let cover = null, closed = false;
  for (const q of path) {
    const root = q.getRootNode();
    if (root instanceof ShadowRoot && root.mode === 'closed' && root.host !== el) closed = true;
    if (cover) continue;
    const s = getComputedStyle(q), r = q.getBoundingClientRect();
    if (s.visibility !== 'visible' || px < r.left || px >= r.right || py < r.top || py >= r.bottom) continue;
    const o = hwOpacityUp(q);
    const words = q === hit && [...q.childNodes].some((c) => c.nodeType === 3 && c.data.trim());
    if (hwOpaque(s) * o >= 0.5 || (words && o >= 0.5)) cover = q;
  }
  return closed && cover ? hwName(cover) : null;
}"""


def closed_cover(cdp: Any, key: str, points: Sequence[tuple[float, float]], index: int = 0,
                 words: bool = True) -> str | None:
    """The name of what covers the element kept under ``key`` (by the reveal; or the ``index``-th in the list the
    label check keeps there) at every one of ``points`` (page coordinates, CSS pixels, inside the viewport) from
    inside a closed shadow root; None when one point shows the element, or no point can be asked (``cdp``: the
    page's DevTools session). ``words``: the points are the middles of words the page measured, not of the
    element's box."""
    from playwright.sync_api import Error as PlaywrightError

    found = None
    for x, y in points:
        try:
            at = {"x": int(x), "y": int(y), "includeUserAgentShadowDOM": False}
            node = cdp.send("DOM.getNodeForLocation", {**at, "ignorePointerEventsNone": True})
            if node["backendNodeId"] == cdp.send("DOM.getNodeForLocation", at)["backendNodeId"]:
                return None  # on top there, what takes clicks: the page-side checks' matter (two round trips)
            handle = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendNodeId"]})
            answer = cdp.send("Runtime.callFunctionOn", {
                "objectId": handle["object"]["objectId"], "functionDeclaration": _COVERS, "returnByValue": True,
                "arguments": [{"value": key}, {"value": index}, {"value": x}, {"value": y}, {"value": words}]})
        except (PlaywrightError, KeyError):
            return None  # nothing there (outside the page), or a page going away: nothing can be told
        name = answer.get("result", {}).get("value")
        if not isinstance(name, str):
            return None
        found = found or name
    return found


def revealed_points(seen: dict[str, Any], viewport: tuple[float, float],
                    scroll: tuple[float, float] | None) -> tuple[list[tuple[float, float]], bool]:
    """Where to ask for the element the reveal framed (``seen``: what it answered, its boxes in viewport coordinates
    at its scroll ``box.sx``/``box.sy``): its word boxes, else its box (see :func:`glyph_points`); none in a frame,
    whose coordinates are not the page's. ``scroll``: the page's now, when not the reveal's. With whether they are
    words' middles."""
    box = seen.get("box") or {}
    if "sx" not in box:
        return [], False
    return glyph_points(seen.get("glyphs") or [], (box["sx"], box["sy"]), viewport, scroll, box)


def glyph_points(glyphs: Sequence[Any], measured: tuple[float, float], viewport: tuple[float, float],
                 scroll: tuple[float, float] | None = None, box: dict[str, Any] | None = None,
                 at_most: int = 8) -> tuple[list[tuple[float, float]], bool]:
    """Where to ask: the middle of each word box of ``glyphs`` (``hwGlyphs``' boxes, viewport coordinates at the
    page's scroll ``measured``), else of the element's ``box`` cut to the viewport, in page coordinates, kept to
    those inside the viewport at the page's scroll now (``scroll``; None: ``measured``); with whether they are the
    words' (not the box's)."""
    sx, sy = measured
    now = scroll if scroll is not None else (sx, sy)
    boxes = [g["box"] for g in glyphs if isinstance(g, dict) and g.get("box")]
    words = bool(boxes)
    if not boxes and box is not None:
        left, top = max(box["x"], 0.0), max(box["y"], 0.0)
        right, bottom = min(box["x"] + box["width"], viewport[0]), min(box["y"] + box["height"], viewport[1])
        boxes = [[left, top, right - left, bottom - top]] if right > left and bottom > top else []
    points = []
    for left, top, width, height in boxes:
        x, y = left + width / 2 + sx, top + height / 2 + sy
        if now[0] <= x < now[0] + viewport[0] and now[1] <= y < now[1] + viewport[1]:
            points.append((x, y))
    return points[:at_most], words
