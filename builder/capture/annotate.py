"""Draw the highlight into the page itself: a box, a numbered badge and a callout; fit crops.

Drawing in the DOM (rather than on the PNG afterwards) lets the browser render the
badge text with the same font hinting as the page, and keeps the overlay aligned
with the element even when the page is scrolled or cropped. The overlay never takes
pointer events and is removed before the step's action, so it cannot change what
the platform does.

Placement avoids covering what a reader needs: the badge and the callout each try a
few positions and take the one that covers the fewest other controls, then the least
text (first position wins a tie), in the page and in its components' open shadow roots. Revealing, measuring and drawing happen in one
script call, since each round trip to the browser costs more than the work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.capture.pagelib import KEY, LibraryScript, run_with
from builder.capture.shooting import remove_overlay
from builder.capture.steps import IN_VIEW, evaluate_one, on_one
from builder.capture.visibility import LIBRARY, on_page

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

#: the default highlight colour (platform.yaml `highlight_colour`); tests look for it in the pixels
HIGHLIGHT_RGB = (225, 29, 72)
#: what the highlight lays over the page outside its frame: a colour and its opacity (the frame's shadow)
HIGHLIGHT_DIM = ((15, 23, 42), 0.12)
OVERLAY_ID = "helpwright-overlay"

# Shared helpers, in viewport coordinates. `obstacles` lists controls and text lines near
# `near`, ignoring `target` (and its ancestors and descendants) and the overlay itself.
_LIB = """
const CONTROLS = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], '
  + '[role=link], [role=tab], [role=checkbox], [role=radio], [role=switch], [role=menuitem], '
  + '[role=combobox], [contenteditable=""], [contenteditable=true]';
const hits = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const rect = (left, top, width, height) => ({left, top, right: left + width, bottom: top + height});
const grow = (r, d) => ({left: r.left - d, top: r.top - d, right: r.right + d, bottom: r.bottom + d});
const area = (a, b) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left))
  * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
// The document's body and every open shadow root in it (found once a call): a component's words and controls are
// in its shadow root.
let annTreeList = null;
function annTrees() {
  if (annTreeList) return annTreeList;
  annTreeList = [document.body || document.documentElement];
  for (let i = 0; i < annTreeList.length; i++) {
    for (const n of annTreeList[i].querySelectorAll('*')) if (n.shadowRoot) annTreeList.push(n.shadowRoot);
  }
  return annTreeList;
}
function textRects(near, overlayId) {
  const out = [];
  const range = document.createRange();
  for (const tree of annTrees()) {
    const walker = document.createTreeWalker(tree, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const parent = t.parentElement;
      if (!parent || !t.data.trim() || !hits(parent.getBoundingClientRect(), near)) continue;
      if (parent.closest('#' + overlayId)) continue;
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        if (r.width >= 1 && r.height >= 1 && hits(r, near)) out.push(r);
      }
    }
  }
  return out;
}
// The target's own label on screen: its text and the text of its <label>s.
function labelRects(target) {
  const out = [], range = document.createRange();
  for (const host of [target, ...(target.labels || [])]) {
    const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!t.data.trim()) continue;
      range.selectNodeContents(t);
      // The glyphs, not the line box around them: a badge may touch a line's leading, not its letters.
      for (const r of range.getClientRects()) {
        if (r.width >= 1 && r.height >= 1) out.push(grow(r, -Math.min(3, r.height / 5)));
      }
    }
  }
  return out;
}
function obstacles(target, near, overlayId) {
  // across shadow roots (hwHas: the draw scripts carry the visibility library)
  const related = (n) => target && (hwHas(target, n) || hwHas(n, target));
  const controls = [];
  for (const n of annTrees().flatMap((tree) => [...tree.querySelectorAll(CONTROLS)])) {
    if (related(n)) continue;
    const r = n.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || !hits(r, near)) continue;
    if (n.checkVisibility && !n.checkVisibility({visibilityProperty: true})) continue;
    controls.push(r);
  }
  return {controls, text: textRects(near, overlayId)};
}
// [controls covered, text area covered]: compared in that order.
function cost(box, obs) {
  return [obs.controls.filter((r) => hits(r, box)).length,
          obs.text.reduce((sum, r) => sum + area(r, box), 0)];
}
function best(candidates, obs) {
  let pick = null, score = null;
  for (const c of candidates) {
    const s = cost(c, obs);
    if (!score || s[0] < score[0] || (s[0] === score[0] && s[1] < score[1] - 0.5)) { pick = c; score = s; }
  }
  return pick;
}
"""

_DRAW = """
function draw(r, target, number, callout, rgb, id, region) {
  document.getElementById(id)?.remove();
  const color = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  // The badge's number and the callout's words: white, or near-black on a light highlight colour.
  const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const lum = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
  const ink = 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.0603 ? '#fff' : '#111827';
  const doc = document.documentElement;
  const sx = window.scrollX, sy = window.scrollY, vw = window.innerWidth, vh = window.innerHeight;
  const root = document.createElement('div');
  root.id = id;
  root.setAttribute('aria-hidden', 'true');
  root.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;'
    + 'pointer-events:none;';
  document.body.appendChild(root);
  const o = root.getBoundingClientRect();  // a positioned <body> (margin, offset) is the root's containing block
  const dx = -window.scrollX - o.left, dy = -window.scrollY - o.top;
  if (Math.abs(dx) > 0.01 || Math.abs(dy) > 0.01) { root.style.left = `${dx}px`; root.style.top = `${dy}px`; }
  const pad = 4;
  // The image the reader gets (the viewport, or the whole page): the frame never leaves it.
  const img = hwImage(region || 'viewport');
  const grown = rect(r.left - pad, r.top - pad, r.width + 2 * pad, r.height + 2 * pad);
  const frameBox = {left: Math.max(grown.left, img.left), top: Math.max(grown.top, img.top),
                    right: Math.min(grown.right, img.right), bottom: Math.min(grown.bottom, img.bottom)};
  const x = frameBox.left + sx, y = frameBox.top + sy;
  const w = frameBox.right - frameBox.left, h = frameBox.bottom - frameBox.top;
  const frame = document.createElement('div');
  frame.style.cssText = `position:absolute;left:${x}px;top:${y}px;width:${w}px;height:${h}px;`
    + `border:3px solid ${color};border-radius:6px;box-sizing:border-box;`
    + 'box-shadow:0 0 0 3px rgba(255,255,255,0.85), 0 0 0 9999px rgba(""" + ",".join(map(str, (*HIGHLIGHT_DIM[0], HIGHLIGHT_DIM[1]))) + """);';
  root.appendChild(frame);
  if (target) {  // what it frames, and where: the shot's end checks the target is still there (MOVED)
    const fr = frame.getBoundingClientRect();
    root.hwTarget = target;
    root.hwAt = [r.left - fr.left, r.top - fr.top, r.width, r.height];
  }
  const near = grow(frameBox, 320);
  const obs = obstacles(target, near, id);

  // Badge: centred on the top-left corner, else just outside it; always inside the image, never on
  // the target's own label (its text, or its <label>): then around the other corners.
  const size = 28;
  const fits = (b) => b.left >= img.left + 2 && b.top >= img.top + 2 && b.right <= img.right - 2
    && b.bottom <= img.bottom - 2;
  const own = target ? labelRects(target) : [];
  const clear = (b) => fits(b) && !own.some((t) => hits(t, b));
  const corner = rect(Math.max(2 - sx, Math.min(frameBox.left - size / 2, doc.scrollWidth - size - 2 - sx)),
                      Math.max(2, frameBox.top - size / 2), size, size);
  let badgeBox = best([corner, rect(frameBox.left - size - 4, frameBox.top - size - 4, size, size),
                       rect(frameBox.left - size - 6, frameBox.top, size, size),
                       rect(frameBox.left, frameBox.top - size - 6, size, size)].filter(clear), obs);
  if (!badgeBox) {
    badgeBox = best([rect(frameBox.right - size / 2, frameBox.top - size / 2, size, size),
                     rect(frameBox.right + 6, frameBox.top, size, size),
                     rect(frameBox.left, frameBox.bottom + 6, size, size),
                     rect(frameBox.right - size / 2, frameBox.bottom - size / 2, size, size),
                     rect(frameBox.left - size / 2, frameBox.bottom - size / 2, size, size)].filter(clear), obs);
  }
  if (!badgeBox) {  // nowhere clear: the corner, pulled inside the image
    badgeBox = rect(Math.max(img.left + 2, Math.min(corner.left, img.right - size - 2)),
                    Math.max(img.top + 2, Math.min(corner.top, img.bottom - size - 2)), size, size);
  }
  const badge = document.createElement('div');
  badge.textContent = String(number);
  badge.style.cssText = `position:absolute;left:${badgeBox.left + sx}px;top:${badgeBox.top + sy}px;`
    + `width:${size}px;height:${size}px;`
    + `border-radius:50%;background:${color};color:${ink};font:700 15px/28px system-ui,sans-serif;`
    + 'text-align:center;box-shadow:0 0 0 2px #fff;';
  root.appendChild(badge);
  if (callout) {
    const label = document.createElement('div');
    label.textContent = callout;
    label.style.cssText = `position:absolute;left:0;top:0;background:${color};color:${ink};`
      + 'font:600 14px/1.3 system-ui,sans-serif;padding:6px 10px;border-radius:6px;'
      + 'width:max-content;max-width:280px;box-shadow:0 2px 6px rgba(0,0,0,0.25);white-space:normal;';
    root.appendChild(label);
    document.body.appendChild(root);  // measured in place, so it wraps as it will be shown
    const lw = label.offsetWidth, lh = label.offsetHeight;
    // Right, left, below, above the box: the first inside the viewport that covers the fewest
    // other controls (the badge counts as one), then the least text.
    const inView = (b) => b.left >= Math.max(4, img.left + 4) && b.top >= Math.max(4, img.top + 4)
      && b.right <= Math.min(vw, img.right) - 4 && b.bottom <= Math.min(vh, img.bottom) - 4;
    const cy = frameBox.top + h / 2 - lh / 2;
    const cx = Math.max(4, Math.min(frameBox.left, vw - lw - 4));
    const left = Math.min(frameBox.left, badgeBox.left), top = Math.min(frameBox.top, badgeBox.top);
    const candidates = [rect(frameBox.right + 12, cy, lw, lh), rect(left - 12 - lw, cy, lw, lh),
                        rect(cx, frameBox.bottom + 10, lw, lh), rect(cx, top - lh - 10, lw, lh)].filter(inView);
    obs.controls.push(badgeBox);
    const pick = best(candidates, obs) || rect(cx, Math.max(4, Math.min(frameBox.bottom + 10, vh - lh - 4)), lw, lh);
    label.style.left = `${pick.left + sx}px`;
    label.style.top = `${pick.top + sy}px`;
  } else {
    document.body.appendChild(root);
  }
}
"""

# On the element: scroll only when needed (also when something, a sticky header, covers it),
# then draw. Inside a frame it returns the box only and the caller draws in the main page.
_REVEAL_AND_DRAW = LIBRARY.script("(el, [number, callout, rgb, id, region, strict, drawing, proxy, key, read]) =>",
                                  _LIB + _DRAW + """
  const reveal = hwReveal;
  reveal(el);
  let seen = judge(el, region, read), via = null;
  if (!seen.ok && proxy) {
    // A hidden file input: the one visible control that opens it stands in for it.
    const proxies = hwProxies(el, 'page');
    if (proxies.length > 1) return {problem: 'proxies', box: seen.box, names: proxies.map(hwName)};
    if (proxies.length === 1) {
      el = proxies[0];
      via = hwName(el);
      reveal(el);
      seen = judge(el, region, read);
    }
  }
  if (window !== window.top) return seen.ok || !strict ? {framed: true, via} : seen;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return {problem: 'nobox', box: seen.box, contents: seen.contents};
  if (!seen.ok && strict) return seen;
  // `drawn`: where the drawing ends (viewport coordinates), to measure its contrast on the rows above; `glyphs`:
  // where the image must show the element's words (hwGlyphs), read before the drawing is there
  const glyphs = hwGlyphs(el);
  // `key`: where Chromium's own hit test (builder/capture/hittest.py) finds the element again, once the shot is taken
  if (key) Object.defineProperty(globalThis, key, {value: new WeakRef(el), configurable: true, writable: true});
  let drawn = null;
  if (drawing) {
    draw(r, el, number, callout, rgb, id, region);
    const overlay = document.getElementById(id);
    if (overlay) drawn = Math.max(...[...overlay.children].map((part) => part.getBoundingClientRect().bottom));
  }
  return {ok: true, via, drawn, glyphs, box: {x: r.left, y: r.top, width: r.width, height: r.height, sx: window.scrollX,
                                      sy: window.scrollY}};
}
""")

_DRAW_AT = LIBRARY.script("([box, number, callout, rgb, id]) =>", _LIB + _DRAW + """
  draw({left: box.x, top: box.y, width: box.width, height: box.height, right: box.x + box.width,
        bottom: box.y + box.height}, null, number, callout, rgb, id, 'viewport');
}
""")


# On the crop element: its box grown to hold a highlight that touches it, plus padding, with
# each edge pulled in where it would cut a line of text lying outside that box.
_FIT_CROP = "(el, [padding, id]) => {" + _LIB + """
  if (window !== window.top) return null;
  const r = el.getBoundingClientRect();
  let core = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  const overlay = document.getElementById(id);
  if (overlay && overlay.firstElementChild && hits(overlay.firstElementChild.getBoundingClientRect(),
                                                   grow(core, padding))) {
    for (const part of overlay.children) {
      const p = grow(part.getBoundingClientRect(), 3);  // the white ring around the badge
      core = {left: Math.min(core.left, p.left), top: Math.min(core.top, p.top),
              right: Math.max(core.right, p.right), bottom: Math.max(core.bottom, p.bottom)};
    }
  }
  const clip = grow(core, padding);
  const lines = textRects(grow(clip, 40), id);
  for (let pass = 0; pass < 3; pass++) {
    for (const t of lines) {
      if (!hits(t, clip)) continue;
      const across = t.left < clip.right && t.right > clip.left, down = t.top < clip.bottom && t.bottom > clip.top;
      // Top and bottom: leave a line out when it lies in the padding, take it whole when it
      // reaches into the box. Sides: only leave out (a long line would widen the crop a lot).
      if (across && t.top < clip.top && t.bottom > clip.top) {
        clip.top = t.bottom <= core.top ? t.bottom : t.top;
      }
      if (across && t.bottom > clip.bottom && t.top < clip.bottom) {
        clip.bottom = t.top >= core.bottom ? t.top : t.bottom;
      }
      if (down && t.left < clip.left && t.right > clip.left && t.right <= core.left) clip.left = t.right;
      if (down && t.right > clip.right && t.left < clip.right && t.left >= core.right) clip.right = t.left;
    }
  }
  const doc = document.documentElement;
  return {x: clip.left, y: clip.top, width: clip.right - clip.left, height: clip.bottom - clip.top,
          sx: window.scrollX, sy: window.scrollY, dw: doc.scrollWidth, dh: doc.scrollHeight};
}
"""


def draw_highlight(page: Page, locator: Locator, number: int, callout: str | None,
                   rgb: tuple[int, int, int] = HIGHLIGHT_RGB) -> dict[str, float] | None:
    """Scroll the element into view and draw the overlay; returns its box (viewport coordinates)."""
    seen = reveal_and_draw(page, locator, number, callout, rgb, strict=False)
    return dict(seen["box"]) if seen.get("ok") else None


def _before_reveal(before: str, reveal: str) -> str:
    """``before`` (another function of the element), then ``reveal`` (a form of :data:`_REVEAL_AND_DRAW`), then the
    element's own box once revealed: one round trip. Where the library is not installed, what ``reveal`` answers
    (:data:`~builder.capture.pagelib.MISSING`)."""
    return f"""(el, [arg, beforeArg]) => {{
  let before = null;
  try {{ before = ({before.strip()})(el, beforeArg); }} catch (e) {{ /* nothing recorded rather than no shot */ }}
  const seen = ({reveal.strip()})(el, arg);
  if (typeof seen === 'string') return seen;
  const r = el.getBoundingClientRect();
  return {{...seen, before, revealed: [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)]}};
}}"""


def reveal_and_draw(page: Page, locator: Locator, number: int, callout: str | None,
                    rgb: tuple[int, int, int] = HIGHLIGHT_RGB, *, region: Any = "viewport", strict: bool = True,
                    drawing: bool = True, proxy: bool = False, before: tuple[str, Any] | None = None,
                    key: str = "", read: bool = False) -> dict[str, Any]:
    """Scroll the element into view, judge what a reader sees of it, and draw the overlay, in one call.

    Returns ``{"ok": True, "box": …, "via": None}`` (the box in viewport coordinates, with the scroll
    offsets ``sx``/``sy``), or the reason the image would not show it (see
    :func:`builder.capture.visibility.problem_text`); ``strict=False`` draws anyway unless it takes no
    space. With ``proxy``, a hidden file input's one visible opener is judged and framed instead, and
    ``via`` names it. ``before``, a function of the element and its argument, runs on the element first,
    in the same round trip: its result is under ``before``, and the element's own box once revealed
    (``[x, y, width, height]``, of the element even when a proxy is framed) under ``revealed``. With ``key``, the
    element judged (the proxy, when one is framed) stays reachable under that name for
    :func:`builder.capture.hittest.cover_over` (a weak reference, on the page's global object). With ``read``, the
    element is read, not clicked (an expectation, a `highlight:`): a box painting nothing over it does not cover it.
    """
    args = [number, callout or "", list(rgb), OVERLAY_ID]
    reveal_arg = [*args, region, strict, drawing, proxy, key, read]
    script, arg = (_REVEAL_AND_DRAW, reveal_arg) if before is None else \
        (LibraryScript(_before_reveal(before[0], _REVEAL_AND_DRAW.short),
                       _before_reveal(before[0], _REVEAL_AND_DRAW.full)), [reveal_arg, before[1]])
    seen: Any = run_with(script, lambda source: evaluate_one(locator, source, arg),
                         lambda: evaluate_one(locator, LIBRARY.install, KEY))
    if seen.get("framed"):
        # In an iframe: its coordinates differ from the page's, so draw from Playwright's box.
        box = locator.bounding_box()
        if box is None:
            return {"problem": "nobox", "box": {}}
        if drawing:
            on_page(page, _DRAW_AT, [box, *args])
        return {"ok": True, "via": seen.get("via"), "box": dict(box), "before": seen.get("before")}
    return dict(seen)


def remove_highlight(page: Page) -> bool:
    """Remove the highlight; whether the element it framed had moved away from it (see :func:`remove_overlay`)."""
    return remove_overlay(page, OVERLAY_ID)


def fit_crop(locator: Locator, padding: int, timeout: float = 5.0) -> dict[str, float] | None:
    """The crop region in viewport coordinates (with scroll offsets and page size), once the crop element is
    scrolled into view; None in a frame. One round trip when the element is in full view already
    (:data:`~builder.capture.steps.IN_VIEW`), else Playwright scrolls it (waiting up to ``timeout`` seconds)."""
    arg = [padding, OVERLAY_ID]
    one, result = on_one(locator, f"(el, arg) => Promise.resolve(({IN_VIEW})(el)).then((still) => still "
                                  f"? [({_FIT_CROP.strip()})(el, arg)] : null)", arg)
    if not one or result is None:
        locator.scroll_into_view_if_needed(timeout=timeout * 1000)
        result = [evaluate_one(locator, _FIT_CROP, arg)]
    return dict(result[0]) if result[0] else None
