"""What lies over a highlighted element's words, as Chromium's own hit test finds it, through closed shadow roots.

The page-side checks (:mod:`builder.capture.visibility`) find what covers an element with the page's own hit test,
``elementsFromPoint``, and look for what lets clicks through (``pointer-events: none``) yet paints, in the page and
in every open shadow root. A closed shadow root is out of every page script's reach: a loading veil, a banner or a
"saving" layer drawn inside one, letting clicks through, paints over the words with nothing in the DOM to say so.
When it is flat, the pixel check (:mod:`builder.capture.ink`) sees it; when it draws words of its own (a cookie
banner) or a spinner, its own ink passes for the element's.

Chromium's DevTools protocol sees every tree: ``DOM.getNodeForLocation`` with ``ignorePointerEventsNone`` answers
the topmost node at a point, whatever lets clicks through, in any tree. Once the shot is taken (the highlight gone:
its frame would be that node), each point where the element draws its words (``hwGlyphs``' boxes, else its box's
middle) is asked in turn; the first where the element shows ends the check (one word a reader sees is enough, as for
the pixels). What Chromium finds there is judged in its own tree, closed or not: the element's own (itself, what
holds it, one of its labels, what lies inside it) shows it; something else covers it when it paints at the point,
mostly opaque (its opacity, its ancestors' and ``filter: opacity()`` counted): a background, its own words drawn
there, a picture's pixel (another origin's picture, whose pixels no script may read, is taken to cover), an SVG
shape with a mostly opaque fill or stroke, a ``::before`` or ``::after`` with a background (one drawn by what holds
the element too: a band over it), another document (a frame, judged by its element in the page).
What paints nothing there (a clear container, a ring) is looked through, down the paint order of that tree (a hit
test with every box hit for that moment, as the page-side checks make one). Inside the element, what its own closed
shadow root draws is its own; a component inside it whose closed shadow root draws at the middle of words the page
measured lies over them (those words are not in it), and so does a layer it holds, placed over it (absolute or fixed:
an element, or a ``::before`` or ``::after`` of the element or of what lies inside it), painting an opaque plain
background there over its other words or picture: a busy layer, its spinner an SVG, a character or words of its own
("Loading…"), or its ``::before`` under a spinner's ring. A face holding the icon, a text swap's copy of the words (the
words drawn beneath: not hidden, clipped away or turned away), a caption over a part of its picture, a scrim or second
picture over its picture, a marker blended over its words, are its own. The labels a step's text quotes are asked the same way, where
the label check found their words, and each copy of a label shown more than once: one copy that shows is enough.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from builder.capture.pagelib import KEY, run_with
from builder.capture.visibility import LIBRARY

#: the page's scroll put back (see :data:`_SCROLL`): its scripts told of neither once two frames have passed
_BACK = """(k, x, y) => {
  window.scrollTo({left: x, top: y, behavior: 'instant'});
  const still = globalThis[k];
  if (!still) return;
  const scrolls = still.scrolls;
  const end = () => {  // unless the page was scrolled again since
    if (globalThis[k] !== still || still.scrolls !== scrolls) return;
    removeEventListener('scroll', still.stop, true); removeEventListener('scrollend', still.stop, true);
    delete globalThis[k];
  };
  requestAnimationFrame(() => requestAnimationFrame(end));
  setTimeout(end, 1000);
}"""

#: Called on the node found at a point (an element, a text, or a pseudo-element such as ``::before``), with the name
#: the element is kept under (its index in the list kept there, and the copy, for a label), the point (page
#: coordinates), whether it is the middle of words the page measured (else of the element's box), and, when the page
#: was scrolled to bring the point into view (a full-page shot's), its scroll at the shot (put back by this call) and
#: the name of the stop to its scroll events: what covers the element there (``{name, closed, through}``), null, or
#: ``'elsewhere'`` (what lies over the point now was drawn elsewhere in the image, at the shot's scroll: ask again).
_COVERS = LIBRARY.script("function (key, index, copy, x, y, words, shot, still)", r"""
  // the page's scroll put back as soon as the point is judged, in this same call (`still`: the name of the stop
  // to the page's scroll events): a frame drawn meanwhile would tell the page's observers of it
  try { return judged.call(this); } finally { if (shot) (""" + _BACK + r""")(still, shot[0], shot[1]); }
  function judged() {
  const kept = globalThis[key];
  let ref = Array.isArray(kept) ? kept[index] : kept;
  if (Array.isArray(ref)) ref = ref[copy];
  const el = ref && ref.deref ? ref.deref() : null;
  if (!el || !el.isConnected) return null;
  const up = (n) => n.assignedSlot || n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const pseudo = this.nodeType === undefined && this.element ? this.type : null;
  const top = pseudo ? this.element : this.nodeType === 1 ? this : up(this);
  if (!top) return null;
  const px = x - scrollX, py = y - scrollY;
  const labels = [...(el.labels || [])], holds = new Set();
  for (let q = el; q; q = up(q)) holds.add(q);  // the element and what holds it: under its words
  // the element's own: itself, one of its labels, what holds it, or what lies inside it; but at the middle of words
  // the page measured, not a picture inside it when they are its text (an icon button's picture is its word), nor
  // what a component inside it draws in its own shadow tree: a closed one, or an open one when the words are the
  // element's own text, outside any shadow root (what the element's own shadow tree holds, at any depth, is its own;
  // text slotted through another component's tree is still the element's)
  const light = !!(el.textContent || '').trim(), home = el.getRootNode();
  const own = (q) => {
    if (holds.has(q) || labels.includes(q)) return true;
    let inside = false;
    for (let n = q; n && !inside; n = up(n)) inside = n === el || labels.includes(n);
    if (!inside || !words) return inside;
    if (light && /^(img|video|canvas|iframe|embed|object)$/i.test(q.tagName || '')) return false;
    let foreign = false;
    for (let r = q.getRootNode(); r instanceof ShadowRoot && r !== home; r = r.host.getRootNode()) {
      if (r.host === el) return true;
      if (r.mode === 'closed' || light) foreign = true;
    }
    return !foreign;
  };
  // the box of a line of text node t drawn at the point, if any
  const range = document.createRange();
  const lineOf = (t) => {
    range.selectNodeContents(t);
    for (const r of range.getClientRects()) {
      if (px >= r.left && px < r.right && py >= r.top && py < r.bottom) return r;
    }
    return null;
  };
  // the box of the element's words at the point (a line of one text node: where a word the page measured lies), if any
  const lineAt = () => {
    if (!words) return null;
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      const line = lineOf(t);
      if (line) return line;
    }
    return null;
  };
  // the opacity q is drawn at: its own and its ancestors', `filter: opacity()` counted
  const drawn = (q) => {
    let o = 1;
    for (let n = q; n; n = n.parentElement || n.getRootNode().host || null) {
      const s = getComputedStyle(n), f = /opacity\(([\d.]+)(%?)\)/.exec(s.filter || '');
      o *= parseFloat(s.opacity || '1') * (f ? parseFloat(f[1]) / (f[2] ? 100 : 1) : 1);
    }
    return o;
  };
  // whether q (or its pseudo-element `which`) paints at the point, mostly opaque: a background, words of its own
  // drawn there, a picture's pixel there (another origin's, unreadable, is taken to), an SVG shape (hit only where it
  // is drawn)
  const paints = (q, which) => {
    const s = getComputedStyle(q, which || null);
    if (s.visibility !== 'visible') return false;
    const o = drawn(q) * (which ? parseFloat(s.opacity || '1') : 1);
    if (o < 0.5) return false;
    if (hwOpaque(s) >= 0.5) return true;
    if (which) return false;
    const ink = hwRgba(s.webkitTextFillColor || s.color);
    if (ink && ink[3] >= 0.5 && [...q.childNodes].some((c) => c.nodeType === 3 && c.data.trim() && lineOf(c))) {
      return true;
    }
    if (/^(img|canvas|video)$/i.test(q.tagName)) {
      const b = q.getBoundingClientRect(), side = (k) => parseFloat(s[`border${k}Width`]) + parseFloat(s[`padding${k}`]);
      const r = {left: b.left + side('Left'), top: b.top + side('Top'), width: b.width - side('Left') - side('Right'),
                 height: b.height - side('Top') - side('Bottom')};  // its content box, where the picture is drawn
      const w = q.naturalWidth || q.videoWidth || q.width, h = q.naturalHeight || q.videoHeight || q.height;
      if (!w || !h || !(r.width > 0) || !(r.height > 0)) return false;
      // where in that box the picture is drawn (object-fit, object-position): a letterboxed one paints nothing beside
      const fit = s.objectFit, k = fit === 'cover' ? Math.max(r.width / w, r.height / h)
        : /^(contain|scale-down)$/.test(fit) ? Math.min(r.width / w, r.height / h) : 1;
      const dw = fit === 'fill' ? r.width : w * (fit === 'scale-down' ? Math.min(k, 1) : k);
      const dh = fit === 'fill' ? r.height : h * (fit === 'scale-down' ? Math.min(k, 1) : k);
      // an offset: a length, a percentage of the free room, or calc(P% ± Npx) (as "right 10px" is given)
      const at = (v, free) => {
        const c = /^calc\(([-\d.]+)%\s*([-+])\s*([\d.]+)px\)$/.exec(v || '');
        const o = c ? parseFloat(c[1]) / 100 * free + (c[2] === '-' ? -1 : 1) * parseFloat(c[3])
          : /%$/.test(v || '') ? parseFloat(v) / 100 * free : parseFloat(v);
        return Number.isFinite(o) ? o : free / 2;
      };
      const [ox, oy] = (s.objectPosition || '50% 50%').match(/calc\([^)]*\)|\S+/g) || [];
      const left = r.left + at(ox, r.width - dw), top = r.top + at(oy || ox, r.height - dh);
      const dx = px - left, dy = py - top;
      if (dx < 0 || dy < 0 || dx >= dw || dy >= dh) return false;
      try {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        const g = canvas.getContext('2d', {willReadFrequently: true});
        g.drawImage(q, dx / dw * w, dy / dh * h, 1, 1, 0, 0, 1, 1);
        return g.getImageData(0, 0, 1, 1).data[3] >= 128;
      } catch (e) {
        // another origin's pixels, which no page script may read: a picture (not a canvas the page drew in) is taken
        // to cover when it spans the line of words at the point, across and over its middle half (a banner), as
        // another document is; one only touching it (an icon, its corner clear) is looked through
        if (!/^(img|video)$/i.test(q.tagName)) return false;
        const line = lineAt(), band = line ? (line.bottom - line.top) / 4 : 0;
        return !line || (line.left >= left - 1 && line.right <= left + dw + 1 && line.top + band >= top
                         && line.bottom - band <= top + dh);
      }
    }
    if (q instanceof SVGGeometryElement || q instanceof SVGTextContentElement) {
      const solid = (paint, opacity) => paint !== 'none'
        && (/url\(/.test(paint) || (hwRgba(paint) || [0, 0, 0, 0])[3] * parseFloat(opacity || '1') >= 0.5);
      return solid(s.fill, s.fillOpacity) || solid(s.stroke, s.strokeOpacity);
    }
    // another document (a frame) over the words: what it draws there is not known here; it is taken to cover them
    if (/^(iframe|embed|object)$/i.test(q.tagName)) return true;
    return false;
  };
  // `shot`: the page's scroll at the shot, when it was scrolled since to bring the point into view (a full-page shot's
  // point below its first screen). What lies over the point now may have been drawn elsewhere in the image: fixed to
  // the viewport, stuck, placed against an anchor. Its box at the shot's scroll (read with the page scrolled back
  // there and forth again in this same call: no frame drawn between) says where; not there, it tells nothing here
  // (asked again, the point placed elsewhere in the viewport)
  const elsewhere = (q) => {
    if (!shot) return false;
    const now = [scrollX, scrollY];
    window.scrollTo({left: shot[0], top: shot[1], behavior: 'instant'});
    const r = q.getBoundingClientRect();
    window.scrollTo({left: now[0], top: now[1], behavior: 'instant'});
    return !(x >= r.left + shot[0] && x < r.right + shot[0] && y >= r.top + shot[1] && y < r.bottom + shot[1]);
  };
  const named = (q, which = null) => {
    let closed = false;
    for (let n = q; n; n = up(n)) {
      const r = n.getRootNode();
      if (r instanceof ShadowRoot && r.mode === 'closed') closed = true;
    }
    return {name: hwName(q) + (which ? ` (its ${which})` : ''), closed,
            through: getComputedStyle(q, which).pointerEvents === 'none'};
  };
  // a layer the element holds, placed over it (absolute or fixed): an element inside it, or a ::before or ::after
  // of the element or of what lies inside it, painting an opaque plain background (no blend) over what else of it is
  // drawn at the middle of words the page measured (its words, its picture: not inside the layer). A busy layer
  // covers them, with a spinner drawn on it, a character or words of its own ("Loading…"), as one slotted into it does;
  // a face holding the icon, a copy of the words (a text swap, the layer's own words or its content's), a caption
  // over a part of its picture, a second picture, a tint or scrim the picture shows through, a marker blended over the
  // words, are its own
  const norm = (t) => t.replace(/\s+/g, ' ').trim();
  // the words a pseudo-element's `content` draws: its strings and the attributes it quotes
  const said = (q, which) => {
    let out = '';
    for (const m of (getComputedStyle(q, which).content || '').matchAll(/"((?:[^"\\]|\\.)*)"|attr\(\s*([\w-]+)\s*\)/g)) {
      out += m[2] ? q.getAttribute(m[2]) || '' : m[1].replace(/\\(.)/g, '$1');
    }
    return norm(out);
  };
  // whether p is drawn at the point: hit there with every box of its tree hittable (words hidden, clipped away, on a
  // flipped face's back, are not drawn there, whatever their boxes say)
  let hits = null;
  const drawnHere = (p) => {
    const tree = el.getRootNode();
    if (!p || p.getRootNode() !== tree) return !!p && p.checkVisibility({visibilityProperty: true, opacityProperty: true});
    if (!hits) hits = new Set(hwHitEvery(tree, px, py, tree === document ? [document] : [tree]));
    return hits.has(p);
  };
  // something placed (not static) between n and a, exclusive: it paints over a ::before of a placed before it
  const raised = (n, a) => {
    for (let q = n; q && q !== a; q = up(q)) if (getComputedStyle(q).position !== 'static') return true;
    return false;
  };
  const beneath = (a, which) => {
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let others = '', mine = which ? said(a, which) : '';
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      if (!t.data.trim() || !lineOf(t)) continue;
      if (!which && a.contains(t)) mine += ' ' + t.data;
      else if (drawnHere(t.parentElement) && !(which === '::before' && raised(t.parentElement, a))) others += ' ' + t.data;
    }
    const under = norm(others).toLowerCase();
    // words of its own there over other words: a copy of them (a text swap: the one holding the other, "Menu" over
    // "Menu ▾") shows them, other words (a spinner's character, "Loading…", dots with no letter) cover them
    if (under) {
      const own = norm(mine).toLowerCase(), copy = which ? own : norm(a.textContent || '').toLowerCase();
      return !own || !(copy.includes(under) || (/[\p{L}\p{N}]/u.test(copy) && under.includes(copy)));
    }
    return [...el.querySelectorAll('svg, img, canvas, video')].some((p) => {
      const r = p.getBoundingClientRect();
      if ((!which && a.contains(p)) || p.contains(a) || !(px >= r.left && px < r.right && py >= r.top && py < r.bottom)
          || !p.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
      if (!norm(mine)) return true;
      // with words of its own: a caption over a part of the picture is its own; a layer over most of it covers it
      const b = a.getBoundingClientRect(), w = Math.min(b.right, r.right) - Math.max(b.left, r.left);
      const h = Math.min(b.bottom, r.bottom) - Math.max(b.top, r.top);
      return w > 0 && h > 0 && w * h >= 0.75 * r.width * r.height;
    });
  };
  const opaque = (a, which) => {
    const s = getComputedStyle(a, which || null), c = hwRgba(s.backgroundColor);
    return s.mixBlendMode === 'normal' && s.backgroundImage === 'none' && !!c && s.clipPath === 'none'
      && (s.maskImage || s.webkitMaskImage || 'none') === 'none'
      && c[3] * drawn(a) * (which ? parseFloat(s.opacity || '1') : 1) >= 0.9
      && (!!which || !/^(img|svg|canvas|video|picture)$/i.test(a.tagName));
  };
  const placed = (a, which) => /^(absolute|fixed)$/.test(getComputedStyle(a, which || null).position);
  const layer = () => {
    if (!words) return null;
    const path = [];
    let n = top;
    for (; n && n !== el; n = up(n)) path.push(n);
    if (n !== el) return null;  // not inside it
    if (pseudo) {
      // the pseudo-element hit or, when it paints nothing there (a spinner's ring), its element's ::before placed over
      // the point under it (a face in the button's colour)
      if (placed(top, pseudo) && opaque(top, pseudo) && beneath(top, pseudo)) return [top, pseudo];
      if (pseudo !== '::after' || paints(top, pseudo)) return null;
      const s = getComputedStyle(top, '::before'), size = hwPlaced(top, s), b = size && size[2];
      return b && px >= b.left && px < b.right && py >= b.top && py < b.bottom && !(parseInt(s.zIndex, 10) < 0)
        && placed(top, '::before') && opaque(top, '::before') && beneath(top, '::before') ? [top, '::before'] : null;
    }
    const a = path.find((q) => q.nodeType === 1 && placed(q) && opaque(q) && beneath(q));
    return a ? [a, null] : null;
  };
  const over = layer();
  if (over) return elsewhere(over[0]) ? 'elsewhere' : named(...over);
  // a pseudo-element drawn by what holds the element (a ::after band over it) is not the element's own
  if (pseudo ? top === el || (!holds.has(top) && own(top)) : own(top)) return null;
  if (paints(top, pseudo)) return elsewhere(top) ? 'elsewhere' : named(top, pseudo);
  // something clear on top (a container, a ring; an SVG whose shapes let clicks through, found as itself): what lies
  // there, every box hit, in paint order
  // (only that tree's boxes made hittable, when it is a shadow root: restyling the whole page costs much on a big one)
  const tree = top.getRootNode();
  for (const q of hwHitEvery(tree, px, py, tree === document ? [document] : [tree])) {
    if (own(q)) return null;
    if (paints(q)) return elsewhere(q) ? 'elsewhere' : named(q);
  }
  return null;
  }
}""")


#: where the page is scrolled and how big its viewport is
_VIEW = "[scrollX, scrollY, innerWidth, innerHeight]"
#: a scroll (instant, whatever the page's CSS asks) the page's scripts are not told of: its `scroll` and `scrollend`
#: events are stopped (a listener on the window, first to hear them) until two frames after the scroll is put back
_SCROLL = """((k, x, y) => {
  let still = globalThis[k];
  if (!still) {
    still = {stop: (e) => e.stopImmediatePropagation(), scrolls: 0};
    Object.defineProperty(globalThis, k, {value: still, configurable: true});
    addEventListener('scroll', still.stop, true); addEventListener('scrollend', still.stop, true);
  }
  still.scrolls += 1;
  window.scrollTo({left: x, top: y, behavior: 'instant'});
})"""
#: where an off-screen point is brought in the viewport (its share of the width and of the height), in turn, while
#: what lies over it there was drawn elsewhere in the image (fixed to the viewport, say)
_PLACES = ((0.5, 0.5), (0.5, 0.2), (0.5, 0.8))


def cover_over(cdp: Any, key: str, points: Sequence[tuple[float, float]], index: int = 0, copy: int = 0,
               words: bool = True, main_frame: str | None = None, whole: bool = False) -> dict[str, Any] | None:
    """What covers the element kept under ``key`` (by the reveal; or the ``copy``-th of the ``index``-th label in
    the list the label check keeps there) at every one of ``points`` (page coordinates, CSS pixels; inside the
    viewport but with ``whole``): ``{"name": …, "closed": …, "through": …}`` for the first point (see
    :data:`_COVERS`); None when one point shows the element, or no point can be asked (``cdp``: the page's DevTools
    session). ``words``: the points are the middles of words the page measured, not of the element's box. A node
    found in another frame than ``main_frame`` (the page's) is judged by the element that holds that frame in the
    page. A point that cannot be asked (nothing there, a script error) tells nothing: the others still do.

    ``whole``: the points are a full-page shot's, anywhere in the page. Chromium's hit test sees only the viewport:
    a point outside it is asked with the page scrolled (instantly, its scripts not told) to bring it to the
    viewport's middle, then, while what lies over it there was drawn elsewhere in the image (its box at the shot's
    scroll elsewhere: fixed to the viewport, say), nearer its top, then its bottom; the page's scroll is put back
    after each such point."""
    from playwright.sync_api import Error as PlaywrightError

    view: list[float] | None = _value(cdp, _VIEW) if whole else None
    still = key + "_still"  # the name of the stop to the page's scroll events (see _SCROLL)
    found = None
    for x, y in points:
        # the page's scroll at the shot, when the point lies outside the viewport there
        shot = view if view and not (view[0] <= x < view[0] + view[2] and view[1] <= y < view[1] + view[3]) else None
        cover: Any = None
        for across, down in _PLACES if shot else ((0.0, 0.0),):
            try:
                if shot:
                    _call(cdp, _SCROLL, still, x - shot[2] * across, y - shot[3] * down)
                answer = _ask(cdp, key, index, copy, x, y, words, main_frame, shot, still)
            except (PlaywrightError, KeyError):
                answer = {"exceptionDetails": True}  # nothing there (outside the page), or a page going away
            if shot and "exceptionDetails" in answer:  # else put back by the judging call itself
                try:
                    _call(cdp, f"({_BACK})", still, shot[0], shot[1])
                except PlaywrightError:
                    pass  # a page going away
            # a script error (the page's own, or a page going away) tells nothing at this point
            cover = "elsewhere" if "exceptionDetails" in answer else answer.get("result", {}).get("value")
            if cover != "elsewhere":
                break
        if cover == "elsewhere":
            continue  # this point tells nothing
        if not isinstance(cover, dict) or not isinstance(cover.get("name"), str):
            return None
        found = found or cover
    return found


def _ask(cdp: Any, key: str, index: int, copy: int, x: float, y: float, words: bool, main_frame: str | None,
         shot: list[float] | None, still: str) -> dict[str, Any]:
    """Chromium's answer at page point (x, y), judged by :data:`_COVERS` (``shot``: the page's scroll at the shot,
    when it was scrolled since; ``still``: the name of the stop to its scroll events)."""
    node = cdp.send("DOM.getNodeForLocation", {"x": int(x), "y": int(y), "ignorePointerEventsNone": True,
                                               "includeUserAgentShadowDOM": False})
    if main_frame is not None and node.get("frameId") not in (None, main_frame):
        node = cdp.send("DOM.getFrameOwner", {"frameId": node["frameId"]})
    handle = cdp.send("DOM.resolveNode", {"backendNodeId": node["backendNodeId"]})
    arguments = [{"value": v} for v in (key, index, copy, x, y, words, shot[:2] if shot else None, still)]

    def call(function: str, args: list[dict[str, Any]]) -> dict[str, Any]:
        return cdp.send("Runtime.callFunctionOn", {"objectId": handle["object"]["objectId"], "returnByValue": True,
                                                   "functionDeclaration": function, "arguments": args})

    answer: dict[str, Any] = run_with(_COVERS, lambda source: call(source, arguments),
                                      lambda: call(LIBRARY.install, [{"value": KEY}]),
                                      value=lambda reply: (reply.get("result") or {}).get("value"))
    return answer


def _value(cdp: Any, expression: str) -> Any:
    """What ``expression`` evaluates to in the page (by value)."""
    return cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}).get("result", {}).get("value")


def _call(cdp: Any, function: str, *args: Any) -> Any:
    """``function`` (an expression) called in the page with ``args`` (JSON values)."""
    return _value(cdp, f"{function}(...{json.dumps(list(args))})")


def cover_text(cover: dict[str, Any]) -> str:
    """What covers an element, in words: ``div “We use cookies”, drawn in a closed shadow root …``."""
    how = [part for part, said in (("drawn in a closed shadow root (which no page script can read)",
                                    cover.get("closed")),
                                   ("letting clicks through (pointer-events: none)", cover.get("through"))) if said]
    return f"{cover['name']}{', ' + ' and '.join(how) if how else ''},"


def revealed_points(seen: dict[str, Any], viewport: tuple[float, float], scroll: tuple[float, float] | None,
                    whole: bool = False) -> tuple[list[tuple[float, float]], bool]:
    """Where to ask for the element the reveal framed (``seen``: what it answered, its boxes in viewport coordinates
    at its scroll ``box.sx``/``box.sy``): its word boxes, else its box (see :func:`glyph_points`); none in a frame,
    whose coordinates are not the page's. ``scroll``: the page's now, when not the reveal's; ``whole``: a full-page
    shot's. With whether they are words' middles."""
    box = seen.get("box") or {}
    if "sx" not in box:
        return [], False
    return glyph_points(seen.get("glyphs") or [], (box["sx"], box["sy"]), viewport, scroll, box, whole=whole)


def glyph_points(glyphs: Sequence[Any], measured: tuple[float, float], viewport: tuple[float, float],
                 scroll: tuple[float, float] | None = None, box: dict[str, Any] | None = None,
                 at_most: int = 8, whole: bool = False) -> tuple[list[tuple[float, float]], bool]:
    """Where to ask: the middle of each word box of ``glyphs`` (``hwGlyphs``' boxes, viewport coordinates at the
    page's scroll ``measured``), else of the element's ``box`` cut to the viewport, in page coordinates, kept to
    those inside the viewport at the page's scroll now (``scroll``; None: ``measured``), or anywhere in the page
    (``whole``: a full-page shot's; see :func:`cover_over`); with whether they are the words' (not the box's)."""
    sx, sy = measured
    now = scroll if scroll is not None else (sx, sy)
    # an element with nothing the page reads as words has the box of what draws its icon as its one glyph (`bare`),
    # or of its CSS shapes with some of what lies behind them (`shape`): asked at its own box, as an element without words
    boxes = [g["box"] for g in glyphs
             if isinstance(g, dict) and g.get("box") and g.get("unread") not in ("bare", "shape")]
    words = bool(boxes)
    if not boxes and box is not None:
        left, top = max(box["x"], 0.0), max(box["y"], 0.0)
        right, bottom = box["x"] + box["width"], box["y"] + box["height"]
        if not whole:
            right, bottom = min(right, viewport[0]), min(bottom, viewport[1])
        boxes = [[left, top, right - left, bottom - top]] if right > left and bottom > top else []
    points = []
    for left, top, width, height in boxes:
        x, y = left + width / 2 + sx, top + height / 2 + sy
        if whole or (now[0] <= x < now[0] + viewport[0] and now[1] <= y < now[1] + viewport[1]):
            points.append((x, y))
    return points[:at_most], words
