"""Visible means visible in the published image: what a sighted reader sees, not what the DOM holds.

Playwright calls an element "visible" when it has a box and is not ``visibility: hidden``.
A reader looks at pixels: a 1-pixel screen-reader-only label, a row action parked at
x = -9999 until hover, a file input hidden behind a styled button, a button under a
modal, all count as "visible" for the DOM and show nothing in the screenshot.

:data:`LIB` judges one element in the page, in one pass: its box is not empty nor
1-pixel, it is not ``visibility: hidden`` nor transparent (opacity multiplied up the
tree), not clipped to nothing (``clip``, ``clip-path: inset(50%)``), not cut off by an
ancestor that clips its overflow (following containing blocks, so an absolutely placed
element escapes an ``overflow: hidden`` parent that is not its containing block), at
least half of it inside the image (the viewport, the whole page, or the crop), and
nothing else at its centre (``elementFromPoint``: an overlay or a modal counts; so does one
that lets clicks through, ``pointer-events: none``, when it paints over the element, with a colour or a
gradient, in the page or in a component's open shadow root). The
annotation script (:mod:`builder.capture.annotate`) reveals, judges and draws in the
same call; :func:`pick_visible` finds the first match of an expectation that a reader
sees; :func:`missing_labels` checks the labels a step's text quotes.
"""

from __future__ import annotations

import difflib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from builder.capture.pagelib import KEY, LibraryScript, PageLibrary, run_with

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Locator, Page

#: Runs in the page. ``judge(el, region)`` → ``{ok, box}`` or ``{problem, box, by}``; ``region`` is
#: ``'viewport'``, ``'page'`` (a full-page shot) or ``{left, top, right, bottom}`` in viewport coordinates.
LIB = r"""
const hwW = (r) => Math.max(0, r.right - r.left), hwH = (r) => Math.max(0, r.bottom - r.top);
const hwCut = (a, b) => ({left: Math.max(a.left, b.left), top: Math.max(a.top, b.top),
                          right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom)});
function hwName(n) {
  if (!n) return 'nothing';
  let s = n.tagName.toLowerCase();
  if (n.id) s += '#' + n.id;
  else if (typeof n.className === 'string' && n.className.trim()) {
    s += '.' + n.className.trim().split(/\s+/).slice(0, 2).join('.');
  }
  const t = (n.innerText || '').split(/\s+/).filter(Boolean).join(' ').slice(0, 40);
  return t ? s + ' “' + t + '”' : s;
}
function hwImage(region) {
  if (region === 'page') {
    const d = document.documentElement;
    return {left: -window.scrollX, top: -window.scrollY, right: Math.max(d.scrollWidth, innerWidth) - window.scrollX,
            bottom: Math.max(d.scrollHeight, innerHeight) - window.scrollY};
  }
  if (region && typeof region === 'object') return region;
  return {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
}
function hwPadBox(n) {
  const r = n.getBoundingClientRect();
  const left = r.left + n.clientLeft, top = r.top + n.clientTop;
  return {left, top, right: left + n.clientWidth, bottom: top + n.clientHeight};
}
function hwSrOnly(s) {
  if (s.clip && s.clip !== 'auto' && (s.position === 'absolute' || s.position === 'fixed')) {
    const m = s.clip.match(/rect\(([^)]*)\)/);
    if (m) {
      const v = m[1].split(/[\s,]+/).map(parseFloat);
      if (v.length === 4 && v.every((x) => !isNaN(x)) && (v[1] - v[3] <= 2 || v[2] - v[0] <= 2)) return true;
    }
  }
  return !!s.clipPath && /^inset\(\s*(50|100)%/.test(s.clipPath);
}
// One box up the containing blocks, `ns` its computed style, `mode` how the box below it is placed (null in
// flow, 'abs', 'fixed'): whether it clips what lies below it (it is that box's containing block and hides its
// overflow), and the mode above it.
function hwContains(mode, ns) {
  const cb = mode === null || (mode === 'abs' && (ns.position !== 'static' || ns.transform !== 'none'))
    || (mode === 'fixed' && ns.transform !== 'none');
  if (cb) mode = null;
  const clips = cb && (ns.overflowX !== 'visible' || ns.overflowY !== 'visible');
  if (mode === null && ns.position === 'absolute') mode = 'abs';
  else if (mode === null && ns.position === 'fixed') mode = 'fixed';
  return [clips, mode];
}
// The deepest element at a point, through open shadow roots.
function hwHitDeep(x, y) {
  let hit = document.elementFromPoint(x, y);
  while (hit && hit.shadowRoot) {
    const inner = hit.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === hit) break;
    hit = inner;
  }
  return hit;
}
// What element n is seen in, up the flat tree: the slot it is shown in, else its parent, else its shadow root's host.
function hwUp(n) {
  return n.assignedSlot || n.parentElement || n.getRootNode().host;
}
// The 2D matrix [a, b, c, d, e, f] of a computed `transform` (the identity for none); null for a 3D one.
function hwMatrix(transform) {
  if (!transform || transform === 'none') return [1, 0, 0, 1, 0, 0];
  const m = /^matrix\(([^)]*)\)$/.exec(transform);
  return m ? m[1].split(',').map(Number) : null;
}
// Whether b is a or inside it, across shadow roots.
function hwHas(a, b) {  // up the flat tree as a reader sees it: a slotted node lies in its slot's element too, unless
  // it is placed over it (positioned absolute or fixed: a busy layer slotted into a button covers it)
  const over = (n) => n.nodeType === 1 && /^(absolute|fixed)$/.test(getComputedStyle(n).position);
  for (let n = b; n; n = n.assignedSlot && !over(n) ? n.assignedSlot : n.parentNode || n.host) if (n === a) return true;
  return false;
}
// The opacity `n` is drawn at: its own times its ancestors', up through shadow hosts, stopping below the first
// ancestor for which `stop` says so (one that holds what is being looked at).
function hwOpacityUp(n, stop = () => false) {
  let o = 1;
  for (let p = n; p && !stop(p); p = p.parentElement || (p.getRootNode() !== document && p.getRootNode().host) || null) {
    o *= parseFloat(getComputedStyle(p).opacity || '1');
  }
  return o;
}
// The trees from the one holding `n` (or `n` itself, a document or a shadow root) up to the document.
function hwTreesUp(n) {
  const out = [];
  for (let r = n.getRootNode(); ; r = r.host.getRootNode()) { out.push(r); if (!(r instanceof ShadowRoot)) break; }
  return out;
}
// A hit test asked of `tree` with every element of the trees `roots` hit for that moment, even one that lets
// clicks through (pointer-events: none) yet paints: an adopted style sheet, removed at once (two restyles).
function hwHitEvery(tree, x, y, roots) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('* { pointer-events: auto !important; }');
  const before = roots.map((r) => [...r.adoptedStyleSheets]);  // copies: the arrays change with the next line
  try {
    roots.forEach((r) => { r.adoptedStyleSheets = [...r.adoptedStyleSheets, sheet]; });
    return tree.elementsFromPoint(x, y);
  } finally {
    roots.forEach((r, i) => { r.adoptedStyleSheets = before[i]; });
  }
}
// An element that paints nothing of its own: no background, shadow, visible border or outline, no words of its
// own, no ::before, ::after or list marker, not an image, a canvas, a form control, an embedded document or a
// component (a closed shadow root may paint): a button's state layer at rest, a card's empty overlay link. What it
// holds paints for itself and is hit as itself, so such a box is seen through like glass (hwUnderGlass); should it
// paint after all, the shot's pixels are read where a target's words are drawn (builder/capture/ink.py).
const HW_PAINTS = /^(img|canvas|video|audio|iframe|embed|object|input|textarea|select|button|picture|meter|progress)$/;
function hwPaintsNothing(n) {
  const tag = n.tagName.toLowerCase();
  if (HW_PAINTS.test(tag) || tag.includes('-') || n instanceof SVGElement || n.shadowRoot) return false;
  const clear = (c) => { const v = hwRgba(c); return !!v && v[3] === 0; };
  // a box of style s painting nothing: no background, shadow, backdrop, border, outline nor marker
  const bare = (s) => clear(s.backgroundColor) && s.backgroundImage === 'none' && s.boxShadow === 'none'
    && (!s.backdropFilter || s.backdropFilter === 'none') && s.display !== 'list-item'
    && ['Top', 'Right', 'Bottom', 'Left'].every((side) => !(parseFloat(s[`border${side}Width`]) > 0
      && s[`border${side}Style`] !== 'none' && !clear(s[`border${side}Color`])))
    && !(parseFloat(s.outlineWidth) > 0 && s.outlineStyle !== 'none' && !clear(s.outlineColor));
  if (!bare(getComputedStyle(n))) return false;
  for (const c of n.childNodes) if (c.nodeType === 3 && c.data.trim()) return false;
  // a ::before or ::after with no content, or blank content in a bare box (a stretched link's layer over its card)
  for (const pseudo of ['::before', '::after']) {
    const q = getComputedStyle(n, pseudo), content = q.content;
    if (content && content !== 'none' && content !== 'normal' && !(/^(""|'')$/.test(content) && bare(q))) return false;
  }
  return true;
}
// What a reader sees at a point, given what a hit test found there: an element drawn at an opacity under 0.1
// (its own and its ancestors', up through shadow hosts: the same bound as judge's 'transparent') shows nothing,
// so what lies under it in its tree's hit stack is looked at instead (an invisible native select over a styled
// one, a card's `opacity: 0` link over its title). With `paintless`, so does one that paints nothing
// (hwPaintsNothing), for what is only read, never clicked: the words of a label a step quotes. (A box that paints
// nothing still takes a click: over a step's target, it is reported as covering it.) The first element found
// that is not so invisible, or the hit itself when the stack says nothing more.
function hwUnderGlass(hit, x, y, mine, paintless = false) {
  const clear = (n) => hwOpacityUp(n) < 0.1 || (paintless && hwPaintsNothing(n));
  if (!hit || mine(hit) || !clear(hit)) return hit;
  const stack = hit.getRootNode().elementsFromPoint(x, y);
  for (const n of stack.slice(Math.max(0, stack.indexOf(hit)))) {
    if (mine(n) || !clear(n)) return n;
  }
  return hit;
}
function judge(el, region, paintless = false) {
  const r = el.getBoundingClientRect();
  const box = {x: Math.round(r.left), y: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height)};
  if (r.width < 1 && r.height < 1) return {problem: 'nobox', box, contents: getComputedStyle(el).display === 'contents'};
  if (!el.checkVisibility()) {  // laid out, not drawn: in a closed <details>, under content-visibility: hidden
    let by = el.parentElement;
    while (by && !(by.localName === 'details' && !by.open) && getComputedStyle(by).contentVisibility !== 'hidden') {
      by = by.parentElement;
    }
    return {problem: 'skipped', box, by: by ? hwName(by) : null};
  }
  const s = getComputedStyle(el);
  if (s.visibility !== 'visible') return {problem: 'hidden', box};
  const opacity = hwOpacityUp(el);  // up through shadow hosts: a component at opacity 0 hides its button
  if (opacity < 0.1) return {problem: 'transparent', box, opacity: Math.round(opacity * 100) / 100};
  if (r.width <= 2 || r.height <= 2) return {problem: 'sronly', box};
  // drawn far smaller than laid out (a transform or zoom: a page's thumbnail, a preview), its words too small to read:
  // the scale from its area (a quarter turn keeps it)
  const k = el.offsetWidth > 0 && el.offsetHeight > 0 ? Math.sqrt(r.width * r.height / (el.offsetWidth * el.offsetHeight)) : 1;
  if (k < 0.5 && parseFloat(s.fontSize) * k < 6 && (el.innerText || el.value || '').trim()) {
    return {problem: 'shrunk', box, scale: Math.round(k * 100)};
  }
  let vis = {left: r.left, top: r.top, right: r.right, bottom: r.bottom}, by = null;
  // Walk the containing blocks: an ancestor clips only when it is the element's containing block chain.
  let mode = null;
  for (let n = el; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
    const ns = n === el ? s : getComputedStyle(n);
    if (hwSrOnly(ns)) return {problem: 'sronly', box, by: n === el ? null : hwName(n)};
    const [clips, next] = hwContains(mode, ns);
    if (n !== el && clips) {
      const before = hwW(vis) * hwH(vis);
      vis = hwCut(vis, hwPadBox(n));
      if (hwW(vis) * hwH(vis) < before - 0.5 && !by) by = n;
    }
    mode = next;
  }
  if (hwW(vis) * hwH(vis) < 0.5 * r.width * r.height) {
    const tiny = by && (by.getBoundingClientRect().width <= 2 || by.getBoundingClientRect().height <= 2);
    return {problem: tiny ? 'sronly' : 'clipped', box, by: hwName(by)};
  }
  const img = hwImage(region), seen = hwCut(vis, img);
  const part = hwW(seen) * hwH(seen), whole = hwW(vis) * hwH(vis);
  if (part < 1 || part < 0.5 * Math.min(whole, hwW(img) * hwH(img))) return {problem: 'outside', box};
  const cx = (seen.left + seen.right) / 2, cy = (seen.top + seen.bottom) / 2;
  if (cx >= 0 && cy >= 0 && cx < innerWidth && cy < innerHeight) {
    const has = hwHas, mine = (h) => has(el, h) || has(h, el) || [...(el.labels || [])].some((l) => has(l, h));
    const hit = hwUnderGlass(hwHitDeep(cx, cy), cx, cy, mine, paintless);
    if (hit && !mine(hit)) return {problem: 'covered', box, by: hwName(hit)};
    const veil = hwVeilOver(cx, cy, mine, el);
    if (veil) return {problem: 'covered', box, by: hwName(veil)};
    const drawn = hwPseudoVeil(el, cx, cy);
    if (drawn) return {problem: 'covered', box, by: `the ${drawn[1]} of ${hwName(drawn[0])}`};
  }
  return {ok: true, box};
}
// What lets clicks through (pointer-events: none) is not hit by elementFromPoint, yet it may paint over what
// lies below it: a white loading veil, in the page or in a component's open shadow root. Those that paint a
// background at least half opaque (a colour, or a gradient whose every colour is) are listed once a page
// evaluation; one over the point and over the element in the page's own paint order (a hit test with every
// element hit, for that moment) covers it.
let hwVeilList = null;
function hwVeils() {
  if (hwVeilList) return hwVeilList;
  hwVeilList = [];
  for (const n of hwEvery('*')) {
    const s = getComputedStyle(n);
    if (s.pointerEvents !== 'none' || s.visibility !== 'visible' || n.closest('#helpwright-overlay')) continue;
    const alpha = hwOpaque(s);
    if (alpha < 0.5) continue;  // an image or a canvas may be clear where the element is: not taken to cover it
    if (alpha * hwOpacityUp(n) >= 0.5) hwVeilList.push(n);
  }
  return hwVeilList;
}
// Every open shadow root of the page, outer ones first (found once a page evaluation), and the elements matching
// a selector in the document's body and in each of them: what a reader sees of a component is in its shadow root.
let hwShadowList = null;
function hwShadows() {
  if (hwShadowList) return hwShadowList;
  hwShadowList = [];
  const roots = [document];
  for (let i = 0; i < roots.length; i++) {
    for (const n of roots[i].querySelectorAll('*')) {
      if (n.shadowRoot) { roots.push(n.shadowRoot); hwShadowList.push(n.shadowRoot); }
    }
  }
  return hwShadowList;
}
function hwEvery(selector) {
  const out = [...(document.body || document.documentElement).querySelectorAll(selector)];
  for (const root of hwShadows()) out.push(...root.querySelectorAll(selector));
  return out;
}
// How opaque a box's background is over the whole box, at its least: its colour, or a gradient layer drawn over
// all of it (its size `auto`, `cover` or 100%) whose every colour is that opaque (`linear-gradient(#fff, #fff)`).
// A layer with an image (a url(), which may be clear), a stripe or a dot of gradient (`… bottom / 100% 3px`), and a
// background that only fills text (`background-clip: text`) do not count.
const hwColourToken = /(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\([^()]*\)|transparent/g;
const hwLayers = (text) => {  // a comma-separated CSS list, split at its top-level commas
  const out = [];
  let depth = 0, item = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && !depth) { out.push(item.trim()); item = ''; } else item += ch;
  }
  out.push(item.trim());
  return out;
};
function hwOpaque(s) {
  if (/text/.test(s.backgroundClip || '') || /text/.test(s.webkitBackgroundClip || '')) return 0;
  const bg = hwRgba(s.backgroundColor);
  let alpha = bg ? bg[3] : 0;
  const layers = hwLayers(s.backgroundImage || 'none'), sizes = hwLayers(s.backgroundSize || 'auto');
  layers.forEach((layer, i) => {
    if (!/gradient\(/.test(layer) || /url\(/.test(layer)) return;
    if (!/^(auto|auto auto|cover|100%|100% 100%)$/.test(sizes[i % sizes.length])) return;
    const stops = (layer.match(hwColourToken) || []).map((c) => (c === 'transparent' ? 0 : (hwRgba(c) || [0, 0, 0, 0])[3]));
    if (stops.length) alpha = Math.max(alpha, Math.min(...stops));
  });
  return alpha;
}
// `n` as the tree of `root` sees it: itself, or the shadow host that holds it there; null when `root` does not
// hold it.
function hwIn(n, root) {
  for (let r = n.getRootNode(); r !== root; r = n.getRootNode()) {
    if (!(r instanceof ShadowRoot)) return null;
    n = r.host;
  }
  return n;
}
// A box an ancestor draws over its content with ::before or ::after (`.loading::after {position: absolute;
// inset: 0; background: #fff}`): hit, it counts as the ancestor itself, so no hit test tells it from what it
// holds. One placed over the point, painting a background at least half opaque, covers the element, unless the
// element or a box between them is placed above it (a z-index at least its own). Returns [ancestor, '::after'].
function hwPseudoVeil(el, cx, cy) {
  if (hwQuick) return null;
  let lift = -Infinity;  // the highest z-index of a positioned box from the element up to the ancestor
  let sink = Infinity;  // and the lowest
  // whether a box from the element up to the ancestor is painted in its stacking context's layer 0 in tree order
  // (positioned with z-index auto or 0, or drawn at an opacity or with a transform): it comes after the
  // ancestor's ::before, so it paints over it (a dark card's ::before behind its positioned words)
  let layered = false;
  for (let a = el; a && a !== document.documentElement; a = a.parentElement) {
    if (a !== el) {
      for (const which of ['::before', '::after']) {
        const ps = getComputedStyle(a, which);
        if (!ps.content || ps.content === 'none' || ps.content === 'normal') continue;
        if (ps.position !== 'absolute' && ps.position !== 'fixed') continue;
        const bg = hwRgba(ps.backgroundColor);
        if (!bg || bg[3] * parseFloat(ps.opacity || '1') < 0.5) continue;
        const z = ps.zIndex === 'auto' ? 0 : parseFloat(ps.zIndex);
        if (lift >= z || (which === '::before' && z === 0 && layered)) continue;
        // at a negative z-index it paints below the in-flow content of its stacking context, which holds the
        // element (a header's backdrop), unless a box between is placed lower still
        if (z < 0 && sink >= z) continue;
        const cb = ps.position === 'fixed' ? null : (getComputedStyle(a).position !== 'static' ? a : a.offsetParent);
        const o = cb ? hwPadBox(cb) : {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
        const px = (v) => (v.endsWith('px') ? parseFloat(v) : NaN);
        let left = px(ps.left), top = px(ps.top), w = px(ps.width), h = px(ps.height);
        if (isNaN(left) && !isNaN(px(ps.right)) && !isNaN(w)) left = (o.right - o.left) - px(ps.right) - w;
        if (isNaN(top) && !isNaN(px(ps.bottom)) && !isNaN(h)) top = (o.bottom - o.top) - px(ps.bottom) - h;
        if ([left, top, w, h].some(isNaN)) continue;
        const x = o.left + left, y = o.top + top;
        if (cx >= x && cx < x + w && cy >= y && cy < y + h) return [a, which];
      }
    }
    const s = getComputedStyle(a);
    if (s.position !== 'static' && s.zIndex !== 'auto') {
      lift = Math.max(lift, parseFloat(s.zIndex));
      sink = Math.min(sink, parseFloat(s.zIndex));
    }
    if ((s.position !== 'static' && (s.zIndex === 'auto' || parseFloat(s.zIndex) === 0))
        || parseFloat(s.opacity) < 1 || s.transform !== 'none') layered = true;
  }
  return null;
}
let hwQuick = false;  // for "did you mean": hundreds of elements judged, each veil check costing two restyles
function hwVeilOver(cx, cy, mine, el) {
  if (hwQuick) return null;
  const over = hwVeils().filter((v) => {
    if (mine(v)) return false;
    const r = v.getBoundingClientRect();
    return cx >= r.left && cx < r.right && cy >= r.top && cy < r.bottom;
  });
  if (!over.length) return null;
  // One hit test per tree holding veils, asked of that tree, with everything in the veils' trees and the
  // element's hit for that moment: a veil comes back as itself (asked of the document, a veil in a shadow root
  // would come back as its host, and anything of that component above the element would pass for it); the
  // element as itself, or as its host in the deepest tree that holds both.
  const byRoot = new Map();
  for (const v of over) {
    const r = v.getRootNode();
    if (!byRoot.has(r)) byRoot.set(r, []);
    byRoot.get(r).push(v);
  }
  const elTrees = hwTreesUp(el);
  for (const [veilRoot, veils] of byRoot) {
    const stack = hwHitEvery(veilRoot, cx, cy, [...new Set([...hwTreesUp(veils[0]), ...elTrees])]);
    const root = elTrees.find((r) => hwIn(veils[0], r)) || document, mineThere = hwIn(el, root) || el;
    for (const n of stack) {
      if (veils.includes(n)) return n;
      if (n === mineThere || mine(n)) break;
    }
  }
  return null;
}
// Scroll only when needed (also when something, a sticky header, covers it), as the highlight does.
function hwReveal(e) {
  // cut off by a box a reader scrolls (overflow auto or scroll: a dialog's body, a side list), each such box,
  // innermost first, is scrolled to show it in its middle (its top at the box's top when it is taller than the box);
  // a box that hides its overflow is not (a reader cannot scroll it: a carousel's next slide stays hidden)
  for (let n = e.parentElement; n && n !== document.body && n !== document.documentElement; n = hwUp(n)) {
    const s = getComputedStyle(n), down = /auto|scroll/.test(s.overflowY), across = /auto|scroll/.test(s.overflowX);
    if (!down && !across) continue;
    const a = e.getBoundingClientRect(), b = hwPadBox(n);
    const by = (lo, hi, from, to) => (lo >= from && hi <= to ? 0 : hi - lo > to - from ? lo - from
      : (lo + hi - from - to) / 2);
    const top = down ? by(a.top, a.bottom, b.top, b.bottom) : 0, left = across ? by(a.left, a.right, b.left, b.right) : 0;
    if (top || left) n.scrollBy({top, left, behavior: 'instant'});
  }
  const r = e.getBoundingClientRect();
  const inView = r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  const hit = hwHitDeep(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));  // into shadow roots
  const covered = !hit || !(hwHas(e, hit) || hwHas(hit, e));
  if (!inView || covered) {
    // instant: a page's smooth scrolling would leave it where it starts when judged
    e.scrollIntoView({behavior: 'instant', block: r.height > window.innerHeight * 0.7 ? 'start' : 'center',
                      inline: 'nearest'});
  }
}
// A hidden file input's visible proxy: its labels, else the buttons of the smallest ancestor holding some.
function hwProxies(el, region) {
  if (!(el.tagName === 'INPUT' && (el.type || '').toLowerCase() === 'file')) return [];
  let found = [...(el.labels || [])];
  if (!found.length) {
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      found = [...n.querySelectorAll('button, [role=button], input[type=button], input[type=submit]')]
        .filter((b) => b !== el);
      if (found.length) break;
    }
  }
  return [...new Set(found)].filter((p) => judge(p, region).ok);
}
const HW_NAMED = 'a[href], button, input, select, textarea, summary, label, legend, h1, h2, h3, h4, h5, h6, th, '
  + '[role], [aria-label]';
function hwLabelOf(n) {
  const t = (x) => (x || '').split(/\s+/).filter(Boolean).join(' ');
  if (n.getAttribute('aria-label')) return t(n.getAttribute('aria-label'));
  if (n.tagName === 'INPUT' && /^(button|submit|reset)$/i.test(n.type)) return t(n.value);
  if (n.tagName === 'INPUT' || n.tagName === 'TEXTAREA') {
    return t([...(n.labels || [])].map((l) => l.innerText).join(' ') || n.placeholder);
  }
  if (n.tagName === 'SELECT') return t([...(n.labels || [])].map((l) => l.innerText).join(' '));
  return t(n.innerText);
}
// Words spread over the element's children (<a><b>Sa</b>ve</a>) show when every child holding a part of its
// rendered text (innerText) is seen, and each part shows as words (hwTextSeen); a screen-reader-only part is
// rendered, yet no reader sees it. With `some`, whether any part shows (an expected text, its match holding
// more). The element itself is judged by the caller.
function hwPartsSeen(el, region, some = false) {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const p = t.parentElement;
    if (!t.data.trim() || !p || !p.checkVisibility({visibilityProperty: true})) continue;
    const shows = (p === el || !!judge(p, region, true).ok) && hwTextSeen(t, p, region);
    if (shows === some) return some;
  }
  return !some;
}
// A computed CSS colour as sRGB [r, g, b, alpha]: rgb()/rgba() read as they are; any other (oklch(), color(),
// as modern style sheets give them) painted on a 1-pixel canvas outside the page and read back.
let hwInk = null;
const hwRgba = (text) => {
  text = text || '';
  if (/^rgba?\(/.test(text)) {
    const v = text.match(/[\d.]+/g);
    return v && v.length >= 3 ? [+v[0], +v[1], +v[2], v.length > 3 ? +v[3] : 1] : null;
  }
  if (!text) return null;
  hwInk = hwInk || document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  hwInk.clearRect(0, 0, 1, 1);
  hwInk.fillStyle = '#000';
  hwInk.fillStyle = text;
  hwInk.fillRect(0, 0, 1, 1);
  const d = hwInk.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3] / 255];
};
const hwLum = (c) => {
  const lin = (x) => { x /= 255; return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
};
// What is left of `rect` (of what element `el` holds) by el and the boxes that clip its overflow, following
// containing blocks as judge does (an absolutely placed box escapes a parent that is not its containing block).
function hwClipRect(el, rect) {
  let vis = {left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom}, mode = null;
  for (let n = el; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
    const [clips, next] = hwContains(mode, getComputedStyle(n));
    if (clips) vis = hwCut(vis, hwPadBox(n));
    mode = next;
  }
  return vis;
}
// Whether text node `t` (of element `p`) shows as words: at a readable size, mostly inside the image (text
// pushed away by text-indent is not), whole (not cut short by a box that hides its overflow), in a colour that is
// not transparent and stands out from what lies behind it there (the first background at least half opaque under
// its centre; an image behind it is taken to let it show).
function hwTextSeen(t, p, region) {
  // Text slotted into a component is drawn where its slot is, in the colour the slot inherits.
  let slot = null;  // the slot that draws the text or the nearest box holding it, when one is slotted
  for (let q = t; q && !slot; q = q.parentNode || q.host) slot = q.assignedSlot || null;
  while (slot && slot.assignedSlot) slot = slot.assignedSlot;
  const s = getComputedStyle(t.assignedSlot || p);
  const ink = hwRgba(s.color);
  if (parseFloat(s.fontSize) < 6 || !ink || ink[3] < 0.1) return false;
  const range = document.createRange();
  range.selectNodeContents(t);
  const r = range.getBoundingClientRect();
  const seen = hwCut(r, hwImage(region));
  // under 6 px high as drawn (a transform or zoom shrinks them): too small to read
  if (hwW(r) < 1 || hwH(r) < 6 || hwW(seen) * hwH(seen) < 0.5 * hwW(r) * hwH(r)) return false;
  // cut short by a box that hides its overflow ("Publis…"): the reader does not see the whole words
  const whole = hwClipRect(p, r);
  if (hwW(whole) < 0.95 * hwW(r) - 1 || hwH(whole) < 0.5 * hwH(r)) return false;
  const x = (seen.left + seen.right) / 2, y = (seen.top + seen.bottom) / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return true;  // out of the view: cannot tell
  // Asked of the tree that draws the text (a slotted text: its slot's), every box hit for that moment (a cover
  // that lets clicks through paints all the same).
  const tree = (slot || p).getRootNode().elementsFromPoint ? (slot || p).getRootNode() : document;
  const holds = (n) => {  // n is p or a box the text is drawn in (up the flat tree, through slots)
    for (let q = t; q; q = q.assignedSlot || q.parentNode || q.host) if (q === n) return true;
    return false;
  };
  const hitAll = (hx, hy) => {
    // a hit test with every box hit costs two restyles: only when a listed veil (hwVeils) lies over the point
    const near = hwVeils().some((v) => {
      const b = v.getBoundingClientRect();
      return hx >= b.left && hx < b.right && hy >= b.top && hy < b.bottom;
    });
    return near ? hwHitEvery(tree, hx, hy, hwTreesUp(tree)) : tree.elementsFromPoint(hx, hy);
  };
  // Painted over at its own glyphs (its widest line) by a box above it with a background at least half opaque
  // as drawn (its opacity, and that of what holds it, counted): a "Saving…" cover a button places over its word.
  // A box that holds the text is not above it (hit first, it is its ::before or ::after: hwPseudoVeil's matter).
  const lines = [...range.getClientRects()].filter((q) => q.width >= 1 && q.height >= 1);
  const line = lines.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a), lines[0] || r);
  const gx = Math.min(Math.max((line.left + line.right) / 2, 0), innerWidth - 1);
  const gy = Math.min(Math.max((line.top + line.bottom) / 2, 0), innerHeight - 1);
  const drawnAlpha = (n) => hwOpaque(getComputedStyle(n)) * hwOpacityUp(n, holds);
  const above = hitAll(gx, gy), at = above.findIndex(holds);
  if (at > 0 && above.slice(0, at).some((n) => !holds(n) && drawnAlpha(n) >= 0.5)) return false;
  const stack = tree.elementsFromPoint(x, y);
  const from = stack.findIndex(holds);
  let back = [255, 255, 255, 1];
  for (const n of from < 0 ? [p, ...stack] : stack.slice(from)) {
    // a picture behind the words (a caption over a photo): its colours are not known here; the pixels tell, for
    // words they read (opaque enough and 9 px or more, see hwGlyphs): a loaded image, a video, a drawing
    if (/^(img|video|canvas|svg)$/i.test(n.tagName) && !holds(n) && (n.tagName !== 'IMG' || n.naturalWidth)
        && ink[3] * hwOpacityUp(p) >= 0.6 && parseFloat(s.fontSize) >= 9) return true;
    const ns = getComputedStyle(n);
    if (ns.backgroundImage !== 'none') return true;
    const c = hwRgba(ns.backgroundColor);
    if (c && c[3] >= 0.5) { back = c; break; }
  }
  const a = ink[3], shown = [0, 1, 2].map((i) => ink[i] * a + back[i] * (1 - a));
  const [lo, hi] = [hwLum(shown), hwLum(back)].sort((u, v) => u - v);
  return (hi + 0.05) / (lo + 0.05) >= 1.25;
}
// The element's words where the image must show them, for the pixel check (builder/capture/ink.py): the boxes of
// its first 8 words or so (a field's: its content box, with its value, or its placeholder while shown; `own`: only
// its own text's) in viewport CSS pixels, each cut to the boxes that clip it and to the viewport (`whole`: to the
// page, for a full-page shot), with the text (`say`), its colour as drawn (`ink`, its opacity counted over `back`;
// null for an emoji, drawn in colours of its own) and the colour behind it (`back`; null when an image or a
// gradient lies behind). A page can paint over words in ways no DOM check sees (a veil in a closed shadow root, a
// fading gradient, a canvas): the screenshot's pixels say whether they show.
function hwGlyphs(el, own = false, whole = false) {
  const out = [], range = document.createRange();
  const view = whole ? {left: -scrollX, top: -scrollY, right: document.documentElement.scrollWidth - scrollX,
    bottom: document.documentElement.scrollHeight - scrollY} : {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  // what is painted below element p at the middle of `box`, in the viewport: the first picture (an image, a video, a
  // canvas, an SVG, a frame) or background there, if any (`holders`: what holds p passed over)
  const PICTURE = /^(img|video|canvas|svg|picture|iframe|embed|object)$/i;
  const below = (p, box, holders = false) => {
    const x = (box.left + box.right) / 2, y = (box.top + box.bottom) / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
    const tree = p.getRootNode().elementsFromPoint ? p.getRootNode() : document;
    const stack = tree.elementsFromPoint(x, y), at = stack.indexOf(p);
    for (const q of at < 0 ? [] : stack.slice(at + 1)) {
      if (holders && q.contains(p)) continue;
      const s = getComputedStyle(q), c = hwRgba(s.backgroundColor);
      if (PICTURE.test(q.tagName) || s.backgroundImage !== 'none' || (c && c[3] >= 0.5)) return q;
    }
    return null;
  };
  // the first background under n's box (`box`, when given: under its middle), up the flat tree; null for an image
  const behind = (n, box = null) => {
    for (let q = n; q && q.nodeType === 1; q = hwUp(q)) {
      const s = getComputedStyle(q);
      if (s.backgroundImage !== 'none') return null;
      // its ::before under its content (a header's dark backdrop): over its own background when it holds its own
      // stacking (positioned with a z-index), else below it
      const c = hwRgba(s.backgroundColor), d = hwBackdrop(q, box), own = s.position !== 'static' && s.zIndex !== 'auto';
      if (d && own) return d;
      if (c && c[3] >= 0.5) return c;
      if (d) return d;
    }
    // none up the tree: what is painted below n at the middle of `box` and does not hold it (a backdrop placed beside
    // it, fixed at a lower z-index); a picture there is not known
    const under = box && below(n, box, true);
    if (under) {
      const s = getComputedStyle(under);
      return PICTURE.test(under.tagName) || s.backgroundImage !== 'none' ? null : hwRgba(s.backgroundColor);
    }
    // the canvas: white, or Chromium's dark one for a page that asks for the dark scheme alone
    // (the root's `color-scheme`, else the page's <meta name="color-scheme">)
    const meta = document.querySelector('meta[name="color-scheme"]');
    const root = getComputedStyle(document.documentElement).colorScheme || '';
    const scheme = (root && root !== 'normal' ? root : (meta && meta.getAttribute('content')) || '').toLowerCase();
    return /\bdark\b/.test(scheme) && !/\blight\b/.test(scheme) ? [18, 18, 18, 1] : [255, 255, 255, 1];
  };
  // a picture (an image, a video, a canvas, an SVG) under element p at the middle of `box`, before any background:
  // its colours behind the words are not known (a caption over a photo)
  // (out of the view: its box's background)
  const onPicture = (p, box) => { const q = below(p, box); return !!q && PICTURE.test(q.tagName); };
  // how element `p` draws words in `colour` over what lies behind `under` (once for all its words): null when
  // it draws them too faint to be checked
  const paint = (colour, p, under, box = null) => {
    const fill = hwRgba(colour), back = behind(under, box);
    if (!fill) return null;
    const a = fill[3] * hwOpacityUp(p), base = back || [255, 255, 255];
    return a < 0.1 ? null : {p, back, ink: [0, 1, 2].map((i) => fill[i] * a + base[i] * (1 - a))};
  };
  // words `say` drawn as `painted` says, in the boxes `rects`; an emoji (`own` colours) draws in colours of its
  // own, not the text's: its ink is not known
  const add = (rects, say, painted, own = false) => {
    if (!painted) return;
    const {p, back, ink} = painted;
    for (const r of rects) {
      const seen = hwCut(hwClipRect(p, r), view);
      if (hwW(seen) < 4 || hwH(seen) < 6 || hwH(seen) < 0.6 * (r.bottom - r.top)) continue;
      out.push({box: [seen.left, seen.top, hwW(seen), hwH(seen)], say: say.trim().slice(0, 40), ink: own ? null : ink,
                back: back && !onPicture(p, seen) ? back.slice(0, 3) : null});
    }
  };
  // a field's words (its value, else its placeholder while shown; a list's choice) fill its content box
  const kind = el.tagName === 'INPUT' ? (el.type || 'text').toLowerCase()
    : ['TEXTAREA', 'SELECT'].includes(el.tagName) ? el.tagName.toLowerCase() : '';
  if (/^(text|search|email|url|tel|number|textarea|select|submit|button|reset)$/.test(kind)) {
    const s = getComputedStyle(el), px = (v) => parseFloat(v) || 0;
    const value = kind === 'select' ? (el.selectedOptions[0] || {}).textContent || '' : el.value || '';
    const holder = !value.trim() && el.matches(':placeholder-shown') ? el.getAttribute('placeholder') || '' : '';
    const r = el.getBoundingClientRect();
    const content = {left: r.left + px(s.borderLeftWidth) + px(s.paddingLeft), top: r.top + px(s.borderTopWidth)
      + px(s.paddingTop), right: r.right - px(s.borderRightWidth) - px(s.paddingRight),
                     bottom: r.bottom - px(s.borderBottomWidth) - px(s.paddingBottom)};
    if (parseFloat(s.fontSize) >= 9 && (value.trim() || holder.trim())) {
      add([content], value.trim() ? value : holder,
          paint(value.trim() ? s.color : getComputedStyle(el, '::placeholder').color, el, el));
      if (!value.trim()) out.forEach((g) => { g.placeholder = true; });  // a hint, never faint (ink.py)
      else if (!/^(submit|button|reset)$/.test(kind)) out.forEach((g) => { g.entered = true; });  // typed or chosen
    }
    return out;
  }
  let tried = 0;  // a large element (a whole page's main part) is not read word by word to its end
  const clear = [];  // words drawn transparent: [text, its element, its box]
  const textClip = (q) => {  // a background clipped to the words (gradient words) on q or what holds it
    for (; q && q.nodeType === 1; q = hwUp(q)) {
      const s = getComputedStyle(q);
      if (/text/.test(s.webkitBackgroundClip || s.backgroundClip || '')) return true;
    }
    return false;
  };
  // its text as a reader sees it: its own, its shadow root's, and what a <slot> in it shows from outside it (a
  // component's button whose words are slotted into it)
  const texts = function* () {
    const roots = el.shadowRoot ? [el, el.shadowRoot] : [el];
    for (let i = 0; i < roots.length; i++) {
      if (roots[i].nodeType === 3) { yield roots[i]; continue; }
      const walker = document.createTreeWalker(roots[i], NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.nodeType === 3) yield n;
        else if (n.localName === 'slot' && roots.length < 20) {
          roots.push(...n.assignedNodes({flatten: true}).filter((a) => !el.contains(a)));
        }
      }
    }
  };
  for (const t of texts()) {
    if (out.length >= 8 || tried >= 200) break;
    const p = t.parentElement;
    if (!t.data.trim() || !p || (own && p !== el) || !p.checkVisibility({visibilityProperty: true,
      opacityProperty: true})) continue;
    range.selectNodeContents(t);
    const all = range.getBoundingClientRect();
    if (all.bottom < view.top || all.top > view.bottom || all.right < view.left || all.left > view.right) continue;
    const s = getComputedStyle(t.assignedSlot || p);
    if (parseFloat(s.fontSize) < 9) continue;
    let painted = paint(s.webkitTextFillColor || s.color, p, t.assignedSlot || p, all);
    const fill = hwRgba(s.webkitTextFillColor || s.color);
    if (!painted && fill && fill[3] * hwOpacityUp(p) < 0.1) {
      // drawn transparent: drawn otherwise (a stroke, a shadow, a gradient clipped to them) in colours not known, as
      // words over a picture; else not drawn
      const shadow = (s.textShadow.match(/rgba?\([^)]*\)/g) || []).some((c) => (hwRgba(c) || [0, 0, 0, 0])[3] >= 0.1);
      const stroke = parseFloat(s.webkitTextStrokeWidth) > 0 && (hwRgba(s.webkitTextStrokeColor) || [0, 0, 0, 0])[3] >= 0.1;
      if (stroke || shadow || textClip(p)) {
        painted = {p, ink: null, back: null};
      } else {
        clear.push([t, p, all]);
      }
    }
    if (!painted) continue;
    for (const word of t.data.matchAll(/\S+/g)) {  // words, not lines: a line may hold none (in a <pre>)
      range.setStart(t, word.index);
      range.setEnd(t, word.index + word[0].length);
      add(range.getClientRects(), t.data, painted,
          /\p{Extended_Pictographic}/u.test(word[0]) && !/[\p{L}\p{N}]/u.test(word[0]));
      if (out.length >= 8 || ++tried >= 200) break;
    }
  }
  // words beside an icon (an SVG, a picture): the icon shows the element too, should its words be faint (ink.py)
  if (out.length && [...el.querySelectorAll('svg, img')].some((n) => n.getBoundingClientRect().width >= 8
      && n.checkVisibility({visibilityProperty: true, opacityProperty: true}))) out.forEach((g) => { g.icon = true; });
  // words all drawn transparent: a loading state hides them so, a spinner (a box turning without end) in their place:
  // they do not show (`clear`, ink.py); else what is drawn in their place is read as for an element with no words (an
  // image replacement's icon, CSS bars), and with nothing drawn there, they do not show either
  let hidden = null;
  if (!out.length && clear.length && !own) {
    const [t, p, box] = clear[0];
    hidden = () => { add([box], t.data, {p, ink: null, back: null}); out.forEach((g) => { g.clear = true; }); };
    const turning = (q) => q.animationName !== 'none' && q.animationIterationCount === 'infinite';
    if ([el, ...el.querySelectorAll('*')].some((n) => turning(getComputedStyle(n))
        || turning(getComputedStyle(n, '::before')) || turning(getComputedStyle(n, '::after')))) {
      hidden();
      hidden = null;
    }
  }
  const first = (sel) => (out.length ? [] : [...(el.matches(sel) ? [el] : []), ...el.querySelectorAll(sel)].slice(0, 2));
  // no words: an icon drawn in one colour (an SVG whose shapes fill or stroke with a plain colour) stands for them
  for (const svg of first('svg')) {
    const shape = svg.querySelector('path, circle, rect, polygon, ellipse, line, polyline, use');
    if (!shape || !svg.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const ss = getComputedStyle(shape), colour = /^(rgb|#|hsl|oklch|color)/.test(ss.fill) ? ss.fill : ss.stroke;
    if (!/^(rgb|#|hsl|oklch|color)/.test(colour || '')) continue;
    const r = svg.getBoundingClientRect();
    if (r.width >= 8 && r.height >= 8) add([r], '', paint(colour, shape, svg));  // no words: `say` empty
  }
  // …else a picture (an <img> icon, loaded): it promises the contrast between the darkest and lightest colours it
  // draws (over what lies behind it), read from its own pixels. Another origin's, whose pixels no script may read,
  // promises what words do, colours not known (`unread: 'foreign'`): over its box, the image must show that contrast,
  // or be one colour that stands out by as much from the background around it (`around`: a flat swatch shows, a
  // blank or veiled picture does not)
  for (const img of first('img')) {
    const r = img.getBoundingClientRect();
    if (!img.complete || !img.naturalWidth || r.width < 8 || r.height < 8 || hwOpacityUp(img) < 0.6
        || !img.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const under = behind(img.parentElement || img);
    const spread = hwPictureSpread(img, under || [255, 255, 255]);
    const from = out.length;  // its own darkest and lightest colours, not words over a background: `picture`
    add([r], '', spread ? {p: img, ink: spread[0], back: spread[1]} : {p: img, ink: null, back: null});
    out.slice(from).forEach((g) => {
      g.picture = true;
      if (!spread) Object.assign(g, {unread: 'foreign', around: (under || []).slice(0, 3)});
    });
  }
  // …else, not a field, what a ::before or ::after draws, its own or an element's inside it (an icon font's
  // character, `<i class="fa …">`: its colour over what lies behind, as words), else a picture (a background or
  // mask image, a pseudo-element's too, an SVG, picture or canvas a component's shadow root or a slot holds: a
  // sprite, colours not known, read as another origin's picture), over the box of the element that draws it (`bare`).
  // A pseudo-element placed elsewhere (a caption, a tooltip) or too faint to say is read with colours not known. A flat
  // box (a colour swatch) draws no contrast to check.
  if (!out.length && (!/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || kind === 'image')) {
    // what it holds as a reader sees it (the flat tree: what a component's open shadow root and a <slot> in it show),
    // in order, its first 40 shown
    const inside = [], small = [], todo = [el];
    for (let seen = 0; todo.length && inside.length < 40 && seen < 2000; seen++) {
      const n = todo.shift(), r = n.getBoundingClientRect();
      if ((r.width >= 1 || r.height >= 1) && n.checkVisibility({visibilityProperty: true, opacityProperty: true})) {
        if (r.width >= 8 && r.height >= 8) inside.push(n);
        if (small.length < 40) small.push(n);  // a CSS shape (a 2 px bar) is smaller
      }
      const shown = n.localName === 'slot' ? n.assignedElements({flatten: true}) : [];
      todo.unshift(...(n.shadowRoot ? n.shadowRoot.children : []), ...(shown.length ? shown : n.children));
    }
    const pictured = /url\(|image-set\(/;  // a picture in a CSS value
    const url = (st) => pictured.test(st.backgroundImage + st.maskImage + (st.webkitMaskImage || ''));
    const picture = (n) => (n !== el || kind === 'image' || n.localName === 'svg')
      && n.matches('svg, img, canvas, video, input[type=image]');
    const blank = /^("[\s\u200b-\u200d\u2060\ufeff]*"|'[\s\u200b-\u200d\u2060\ufeff]*')$/;
    // the first four that may draw the icon, in order (one left blank, a spinner at rest, does not hide the next):
    // [element, its pseudo-element's style when it draws a character]
    const drawers = [];
    // a component with no shadow root the page can read and nothing of its own to show (a closed shadow root draws
    // it: its icon's colours are not known): read over its box, or its element's when its box is smaller (inline)
    for (const n of small) {
      if (drawers.length >= 4 || !n.localName.includes('-') || n.shadowRoot || !customElements.get(n.localName)
          || n.childElementCount || (n.textContent || '').trim()) continue;
      const r = n.getBoundingClientRect();
      drawers.push([r.width >= 8 && r.height >= 8 ? n : el, null]);
    }
    for (const n of inside) {
      for (const at of ['::before', '::after']) {
        const q = getComputedStyle(n, at);
        if (q.display === 'none' || q.visibility !== 'visible' || parseFloat(q.opacity) < 0.6
            || q.content === 'none' || q.content === 'normal') continue;
        if (pictured.test(q.content) || (blank.test(q.content) && url(q))) drawers.push([n, null]);
        else if (!blank.test(q.content)) drawers.push([n, q]);
      }
      if (picture(n) || url(getComputedStyle(n))) drawers.push([n, null]);
      if (drawers.length >= 4) break;
    }
    for (const [at, q] of drawers.slice(0, 4)) {
      const from = out.length, size = q && hwPlaced(at, q), box = size && size[2];  // a character placed in a box of its own
      const placed = size && paint(q.webkitTextFillColor || q.color, at, hwUnder(at, box));
      add([(placed && box) || at.getBoundingClientRect()], '', placed || {p: at, ink: null, back: null});
      out.slice(from).forEach((g) => {
        g.unread = 'bare';
        if (!placed) g.around = (behind(at.parentElement || at) || []).slice(0, 3);
      });
    }
    for (const r of drawers.length ? [] : hwShapes(el, small, blank, paint)) {  // …else its CSS shapes (`shape`)
      const from = out.length;
      add([r], '', r.painted);
      out.slice(from).forEach((g) => { g.unread = r.doubt ? 'doubt' : 'shape'; if (r.painted.shadow) g.shadow = true; });
    }
  }
  if (hidden && !out.length) hidden();
  return out;
}
// The size of n's pseudo-element of style q, and its box when it is placed (absolute) against n's: [width, height,
// box or null]; null when where it draws is not known here: placed fixed or against a box further up, at an offset
// not in pixels, scaled itself or clipped, turned or moved when placed (a share of its size), moved out of the flow,
// n turned. n drawn scaled (a smaller switch: by its own transform or what holds it) scales the box with it.
function hwPlaced(n, q) {
  const px = (v) => parseFloat(v) || 0, none = (v) => !v || v === 'none';
  const edges = (a, b) => (q.boxSizing === 'border-box' ? 0 : px(q[`padding${a}`]) + px(q[`padding${b}`])
    + px(q[`border${a}Width`]) + px(q[`border${b}Width`]));
  // n drawn scaled (its own transform, or what holds it): its layout's lengths times that scale, as its box says
  // against its size in whole pixels (offsetWidth, rounded: each scale is known within that rounding); one scale
  // across and another down (turned, stretched), not known
  const r = n.getBoundingClientRect(), ow = n.offsetWidth, oh = n.offsetHeight;
  const span = (len, whole) => (whole ? [len / (whole + 0.5), whole > 0.5 ? len / (whole - 0.5) : Infinity] : [0, Infinity]);
  const [a0, a1] = span(r.width, ow), [b0, b1] = span(r.height, oh), lo = Math.max(a0, b0), hi = Math.min(a1, b1);
  if (lo > hi * 1.01) return null;
  const k = lo <= 1 && 1 <= hi ? 1 : Number.isFinite(hi) ? (lo + hi) / 2 : lo || 1;
  const w = (px(q.width) + edges('Left', 'Right')) * k, h = (px(q.height) + edges('Top', 'Bottom')) * k;
  const t = hwMatrix(q.transform);
  const moved = none(q.translate) ? [0, 0] : q.translate.split(/\s+/).map((v) => (/px$/.test(v) ? px(v) : NaN));
  if (!t || !none(q.scale) || !none(q.clipPath) || moved.some(Number.isNaN)
      || Math.abs(t[0] * t[3] - t[1] * t[2] - 1) > 0.01) return null;
  const dx = t[4] + (moved[0] || 0), dy = t[5] + (moved[1] || 0), straight = t[1] === 0 && t[2] === 0 && none(q.rotate);
  if (!/^(absolute|fixed)$/.test(q.position)) return dx || dy ? null : [w, h, null];  // turned in its place: inside n
  const s = getComputedStyle(n);
  if (!straight || q.position === 'fixed' || s.position === 'static' || !/px$/.test(q.left) || !/px$/.test(q.top)) {
    return null;
  }
  const left = r.left + (px(s.borderLeftWidth) + px(q.left) + px(q.marginLeft) + dx) * k;
  const top = r.top + (px(s.borderTopWidth) + px(q.top) + px(q.marginTop) + dy) * k;
  return [w, h, {left, top, right: left + w, bottom: top + h}];
}
// What lies behind n's pseudo-element placed at `box` (hwPlaced): n, when the box lies inside n's; else what holds n.
function hwUnder(n, box) {
  const r = n.getBoundingClientRect();
  const inside = !box || (box.left >= r.left - 0.5 && box.top >= r.top - 0.5 && box.right <= r.right + 0.5
    && box.bottom <= r.bottom + 0.5);
  return inside ? n : hwUp(n);
}
// The colour n paints its whole box in with a ::before or ::after placed under its content (z-index below 0: a
// header's dark backdrop), if any; with `box`, the colour it paints behind the middle of that box (a pill behind an
// icon's shapes).
function hwBackdrop(n, box = null) {
  for (const at of ['::before', '::after']) {
    const q = getComputedStyle(n, at), c = hwRgba(q.backgroundColor);
    if (q.content === 'none' || q.content === 'normal' || !(parseInt(q.zIndex, 10) < 0) || q.backgroundImage !== 'none'
        || !c || c[3] < 0.5 || parseFloat(q.opacity) < 0.6 || q.visibility !== 'visible') continue;
    const size = hwPlaced(n, q), r = n.getBoundingClientRect();
    if (!size || !size[2] || hwUnder(n, size[2]) !== n) continue;
    const b = size[2], x = box && (box.left + box.right) / 2, y = box && (box.top + box.bottom) / 2;
    if (box ? x >= b.left && x < b.right && y >= b.top && y < b.bottom : size[0] * size[1] >= 0.9 * r.width * r.height) {
      return c;
    }
  }
  return null;
}
// What element `el` (no words, SVG, picture nor character) draws with CSS shapes alone, among the elements `small`
// it holds (itself first): a box painted in one colour (its background, else a border: three bars, a border chevron,
// a ring, a toggle's knob), its own or its ::before's or ::after's with no content, over what lies behind it. Each as
// a box to read (at most four, each with its `painted` colours, see hwGlyphs' paint()): the shape with some of what lies
// behind it, inside `el` and clear of the highlight's frame and halo, which reach 6 px into it (ink.py leaves their
// pixels out). A shape with nothing behind it left to show (a swatch filling `el`, or all but its frame) is not read;
// nor one drawn where its box is not known (placed fixed or against a box further up, scaled, clipped), nor a plate
// holding other shapes (the icon drawn on it shows, or not, by them). Shapes in the colour the page says lies behind
// them (`doubt`) are given only when no other is: ink.py reads them only where the image shows another colour there.
function hwShapes(el, small, blank, paint) {
  const px = (v) => parseFloat(v) || 0, out = [], frame = el.getBoundingClientRect(), edge = 6;
  // the colours a box paints in one, each with whether it is its border's (a ring, a chevron: its box shows what lies
  // inside them too): its background, then its first border drawn
  const colours = (s) => {
    const c = hwRgba(s.backgroundColor);
    const all = c && c[3] >= 0.6 && s.backgroundImage === 'none' ? [[s.backgroundColor, false]] : [];
    const side = ['Top', 'Right', 'Bottom', 'Left'].find((k) => px(s[`border${k}Width`]) >= 1
      && !/^(none|hidden)$/.test(s[`border${k}Style`]) && (hwRgba(s[`border${k}Color`]) || [0, 0, 0, 0])[3] >= 0.6);
    return side ? [...all, [s[`border${side}Color`], px(s[`border${side}Width`])]] : all;
  };
  // turned (a bar of a close cross): its box holds what lies behind its corners
  const turned = (s) => { const t = hwMatrix(s.transform);
    return (!!t && (Math.abs(t[1]) > 0.01 || Math.abs(t[2]) > 0.01)) || !/^(none)?$/.test(s.rotate || ''); };
  const found = [];  // {n, own, box: where it lies (its own box, else its element's), w, h, colours, under}
  for (const n of small) {
    if (n !== el) {
      const st = getComputedStyle(n), c = colours(st), r = n.getBoundingClientRect();
      if (c.length) found.push({n, own: true, box: r, w: r.width, h: r.height, c, under: hwUp(n), turned: turned(st),
                                shadow: st.boxShadow});
    }
    for (const at of ['::before', '::after']) {
      const q = getComputedStyle(n, at), c = colours(q);
      if (!c.length || !blank.test(q.content) || q.display === 'none' || q.visibility !== 'visible'
          || parseFloat(q.opacity) < 0.6 || parseInt(q.zIndex, 10) < 0) continue;
      const size = hwPlaced(n, q);
      if (size) found.push({n, box: size[2] || n.getBoundingClientRect(), boxed: !!size[2], w: size[0], h: size[1], c,
                            under: hwUnder(n, size[2]), shadow: q.boxShadow});
    }
  }
  // painted in a colour apart from what lies behind it (some channel more than 12 off, as ink.py's FAINT)
  const apart = (p) => p && (!p.back || Math.max(...p.ink.map((v, i) => Math.abs(v - p.back[i]))) > 12);
  // shapes in the colour the page says lies behind them (white bars on white): drawing nothing, or over what no page
  // script reads (a face a closed shadow root paints behind them): read only when none other is (`doubt`)
  const doubts = [];
  for (const {n, own, box: r, boxed, w, h, c, under, turned: slant, shadow} of found) {
    if (own && found.some((o) => o.n !== n && n.contains(o.n))) continue;  // a plate: its shapes tell
    const all = c.map(([one, b]) => [paint(one, n, under, r), b]);
    let [painted, border] = all.find(([p]) => apart(p)) || [];
    let doubt = !painted, reach = 0;
    if (doubt) [painted, border] = all.find(([p]) => p && p.back) || [];
    // in the colour behind it, or one too close to it to be read (a white knob on a pale grey track), shown by its
    // shadow: read as that shadow draws it, over its box and as far as the shadow reaches
    const lum = (c) => hwLum(c) + 0.05;
    if (painted && painted.back && (doubt || Math.max(lum(painted.ink), lum(painted.back))
        < 1.3 * Math.min(lum(painted.ink), lum(painted.back)))) {
      const cast = hwCast(shadow, n, painted.back);
      if (cast) [doubt, painted, reach] = [false, {p: painted.p, back: painted.back, ink: cast[0], shadow: true}, cast[1]];
    }
    if (!painted || w < 1 || h < 1 || (doubt && doubts.length >= 4)) continue;
    const m = own || boxed ? 3 + reach : reach;
    const read = {left: Math.max(frame.left + edge, r.left - m), top: Math.max(frame.top + edge, r.top - m),
                  right: Math.min(frame.right - edge, r.right + m), bottom: Math.min(frame.bottom - edge, r.bottom + m)};
    // some of what lies behind it shows: beyond its own box, or in its element's box around it
    const room = slant || (border && Math.min(w, h) > 2 * border + 2) || (m ? read.left <= r.left - 2
      || read.top <= r.top - 2 || read.right >= r.right + 2 || read.bottom >= r.bottom + 2
      : read.right - read.left >= w + 2 || read.bottom - read.top >= h + 2);
    if (!room || read.right <= read.left || read.bottom <= read.top) continue;
    if (doubt) {
      doubts.push(Object.assign(read, {painted, doubt}));
      continue;
    }
    out.push(Object.assign(read, {painted}));
    if (out.length >= 4) break;
  }
  return out.length ? out : doubts;
}
// What the box shadows of style value `value` (an element's or pseudo-element's, on element `n`) draw over colour
// `back` around or inside its box: [the colour the strongest paints there at its full strength, how far past the box
// the shadows reach (at most 6 px: its darkest part lies close to the box)]; null when none paints a colour apart from
// `back` (some channel more than 12 off, as ink.py's FAINT).
function hwCast(value, n, back) {
  if (!back || !value || value === 'none') return null;
  const k = hwOpacityUp(n);
  let best = null, gap = 12, reach = 0;
  for (const one of value.split(/,(?![^(]*\))/)) {
    const m = one.trim().match(/^([a-z-]+\([^)]*\)|#\w+|[a-z]+)\s+(.*)$/i);
    const fill = m && hwRgba(m[1]);
    if (!fill) continue;
    const a = fill[3] * k, ink = [0, 1, 2].map((i) => fill[i] * a + back[i] * (1 - a));
    const off = Math.max(...ink.map((v, i) => Math.abs(v - back[i])));
    if (off <= gap) continue;
    [best, gap] = [ink, off];
    const [x = 0, y = 0, blur = 0, spread = 0] = m[2].split(/\s+/).filter((v) => /px$/.test(v)).map(parseFloat);
    reach = Math.max(reach, /inset/.test(m[2]) ? 0 : Math.min(6, Math.max(Math.abs(x), Math.abs(y)) + blur / 2 + spread));
  }
  return best && [best, Math.ceil(reach)];
}
// The darkest and lightest colours picture `img` draws over colour `back`, drawn at most 64 px wide (smaller: its
// finest strokes blend, which only lowers what it promises); null when its pixels cannot be read (another origin's).
function hwPictureSpread(img, back) {
  try {
    const r = img.getBoundingClientRect(), k = Math.min(1, 64 / Math.max(r.width, r.height));
    const w = Math.max(1, Math.round(r.width * k)), h = Math.max(1, Math.round(r.height * k));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d', {willReadFrequently: true});
    g.fillStyle = `rgb(${back[0]}, ${back[1]}, ${back[2]})`;
    g.fillRect(0, 0, w, h);
    g.drawImage(img, 0, 0, w, h);
    const d = g.getImageData(0, 0, w, h).data;
    let lo = 0, hi = 0, low = Infinity, high = -Infinity;
    for (let i = 0; i < d.length; i += 4) {
      const l = hwLum([d[i], d[i + 1], d[i + 2]]);
      if (l < low) { low = l; lo = i; }
      if (l > high) { high = l; hi = i; }
    }
    return [[d[lo], d[lo + 1], d[lo + 2]], [d[hi], d[hi + 1], d[hi + 2]]];
  } catch (e) {
    return null;
  }
}
// The names of controls, labels and headings in the image (for "did you mean"): with `seen`, only words a reader
// sees there (no aria-label, no screen-reader-only part), for a label the text quotes; else accessible names too.
function hwVisibleNames(region, seen) {
  const out = new Set(), img = hwImage(region);
  hwQuick = true;
  try {
    for (const n of hwEvery(HW_NAMED)) {
      if (out.size >= 400) break;
      const inImage = hwCut(n.getBoundingClientRect(), img);
      if (hwW(inImage) < 1 || hwH(inImage) < 1) continue;
      const name = seen && n.getAttribute('aria-label') ? '' : hwLabelOf(n);
      if (!name || name.length > 80 || out.has(name)) continue;
      if (judge(n, region, true).ok && (!seen || hwPartsSeen(n, region))) out.add(name);
    }
  } finally {
    hwQuick = false;
  }
  return [...out];
}
"""

#: :data:`LIB`, sent to each document once (see :mod:`builder.capture.pagelib`)
LIBRARY = PageLibrary(LIB)


def on_page(page: Page | Frame, script: LibraryScript, arg: Any) -> Any:
    """``script`` (a function of ``arg`` that uses :data:`LIB`) evaluated in the page's (or frame's) own world."""
    return run_with(script, lambda source: page.evaluate(source, arg), lambda: page.evaluate(LIBRARY.install, KEY))


#: `[labels, region]` → the labels no element in the image shows, and the visible names when some are missing; for
#: the labels shown, where the element found draws its words (`shown`, hwGlyphs), at the page's scroll `at`.
_LABELS = LIBRARY.script("([labels, region, whole, key]) =>", r"""
  const norm = (t) => (t || '').normalize('NFKC').replace(/[’‘]/g, "'").split(/\s+/).filter(Boolean)
    .join(' ').toLowerCase().replace(/[\s:.…!?]+$/u, '').trim();
  const left = new Map(labels.map((q) => [norm(q), q])), shown = [];
  // What a control shows in words of its own: not its accessible name (aria-label), which no reader sees.
  const texts = (el) => {
    const out = [el.matches(':placeholder-shown') ? el.getAttribute('placeholder') : null];  // not once filled
    if (el.tagName === 'INPUT' && /^(button|submit|reset)$/i.test(el.type)) out.push(el.value);
    if (el.tagName === 'SELECT' && el.selectedOptions && el.selectedOptions.length) {
      out.push(el.selectedOptions[0].textContent);
    }
    return out;
  };
  // The element's own text (its text nodes), shown when each shows as words (hwTextSeen).
  const own = (el) => {
    let text = '';
    for (const node of el.childNodes) if (node.nodeType === 3) text += node.textContent;
    return norm(text);
  };
  const ownSeen = (el) => [...el.childNodes].every((node) => node.nodeType !== 3 || !node.data.trim()
    || hwTextSeen(node, el, region));
  for (const el of hwEvery('*')) {
    if (!left.size) break;
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION', 'OPTGROUP'].includes(el.tagName)) continue;
    if (el.closest('#helpwright-overlay')) continue;
    const hits = texts(el).map(norm).filter((t) => t && left.has(t));
    const mine = own(el);
    // a label before its value, in the same words ("Total due: 5 €")
    const lead = mine && !left.has(mine) && mine.includes(':') ? mine.split(':')[0].trim() : '';
    const inner = el.children.length && (el.textContent || '').length <= 300 ? norm(el.innerText) : '';
    if (!hits.length && !(mine && left.has(mine)) && !(lead && left.has(lead)) && !(inner && left.has(inner))) continue;
    if (!judge(el, region, true).ok) continue;  // words are read, not clicked: a box painting nothing over them is glass
    const found = new Map(hits.map((h) => [h, false]));  // the label → whether it is el's own text alone
    if (mine && left.has(mine) && ownSeen(el)) found.set(mine, true);
    if (lead && left.has(lead) && ownSeen(el)) found.set(lead, true);
    if (inner && left.has(inner) && hwPartsSeen(el, region)) found.set(inner, false);
    for (const [f, alone] of found) {  // where the image must show the label's words (builder/capture/ink.py)
      const glyphs = hwGlyphs(el, alone, whole);
      if (glyphs.length) shown.push({label: left.get(f), key: f, el, els: [el], glyphs, more: []});
      left.delete(f);
    }
  }
  // A label that is an element's own text may show more than once: two more copies the reader sees, for the
  // pixels to try when the first is hidden (by what no page script sees)
  const again = new Map(shown.map((item) => [item.key, item]));
  for (const el of again.size ? hwEvery('*') : []) {
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION', 'OPTGROUP'].includes(el.tagName)) continue;
    const item = again.get(own(el));  // another copy: not the first one's words again (inside it, or around it)
    if (!item || item.el.contains(el) || el.contains(item.el) || el.closest('#helpwright-overlay')
        || !judge(el, region, true).ok || !ownSeen(el)) continue;
    const glyphs = hwGlyphs(el, true, whole);
    if (glyphs.length) { item.more.push(glyphs); item.els.push(el); }
    if (item.more.length >= 2) again.delete(item.key);
    if (!again.size) break;
  }
  // `key`: where Chromium's own hit test (builder/capture/hittest.py) finds each label's elements (its copies) again
  if (key) {
    Object.defineProperty(globalThis, key, {value: shown.map((item) => item.els.map((e) => new WeakRef(e))),
                                            configurable: true, writable: true});
  }
  for (const item of shown) { delete item.el; delete item.els; delete item.key; }
  const missing = [...left.values()];
  // A missing label that is the accessible name (aria-label) of an element in the image: say which.
  const named = {};
  for (const el of missing.length ? hwEvery('[aria-label]') : []) {
    const q = missing.find((m) => norm(m) === norm(el.getAttribute('aria-label')));
    if (q && !(q in named) && !el.closest('#helpwright-overlay') && judge(el, region, true).ok) named[q] = hwName(el);
  }
  return {missing, names: missing.length ? hwVisibleNames(region, true) : [], named, shown, at: [scrollX, scrollY]};
}
""")

_PICK = LIBRARY.script("(els, [region, words]) =>", r"""
  let first = null;
  for (let i = 0; i < els.length; i++) {  // an expectation is read, not clicked: a box painting nothing over it is glass
    let v = judge(els[i], region, true);
    if (!v.ok && ['outside', 'covered', 'clipped'].includes(v.problem)) {
      hwReveal(els[i]);
      v = judge(els[i], region, true);
    }
    // With `words` (a text expected): some of the match's text shows as words, not only its box.
    if (v.ok && words && !hwPartsSeen(els[i], region, true)) v = {problem: 'unseen', box: v.box};
    if (v.ok) return {index: i};
    if (first === null) first = v;
  }
  return {index: null, first};
}
""")

_NAMES = LIBRARY.script("(region) =>", " return hwVisibleNames(region, false); }")

#: seconds between two looks while waiting for a match a reader sees
POLL = 0.15


def problem_text(result: dict[str, Any]) -> str:
    """What a reader would miss in the screenshot, and what to do about it."""
    code, box, by = result.get("problem"), result.get("box") or {}, result.get("by")
    where = f"x={box.get('x')}, y={box.get('y')}, {box.get('width')}×{box.get('height')} px"
    if code == "nobox":
        if result.get("contents"):
            return ("it has no box of its own (`display: contents`: what it holds shows in its place); add "
                    "`highlight:` with the element inside it a reader sees, or `shot: {highlight: false}`")
        return ("it takes no space on the page (hidden); add `highlight:` with the element a reader sees, "
                "or `shot: {highlight: false}`")
    if code == "hidden":
        return "it is `visibility: hidden`, so the screenshot does not show it; point the step at what a reader sees"
    if code == "shrunk":
        return (f"it is drawn at {result.get('scale')}% of its size ({where}: a transform or a zoom, as a page's "
                "thumbnail or preview is), its words too small to read; point the step at where a reader sees it full "
                "size (`nth:` or `within:` to pick that one)")
    if code == "skipped":
        return (f"it is inside {by or 'a part of the page'}, whose content the browser lays out but does not draw (a "
                "closed <details>, `content-visibility: hidden`); open it first with a step on what opens it, or point "
                "the step at what a reader sees")
    if code == "transparent":
        return (f"it is transparent (opacity {result.get('opacity')}), so the screenshot does not show it; "
                "point the step (or `highlight:`) at what a reader sees")
    if code == "sronly":
        inside = f" (inside {by})" if by else ""
        return (f"it is a screen-reader-only element{inside} ({where}): a sighted reader does not see it; "
                "point the step at the visible text or control")
    if code == "clipped":
        return (f"it is cut off by {by}, which hides its overflow ({where}); scroll or open what holds it "
                "first, or point the step at what a reader sees")
    if code == "outside":
        return (f"it is outside the screenshot ({where}): it may show only on hover (add a `hover:` step on "
                "what reveals it), or be a hidden file input (point `highlight:` at the visible control that "
                "opens it)")
    if code == "unseen":
        return (f"its words do not show ({where}): drawn in a transparent colour or the colour of what lies behind "
                "them, too small, or pushed out of the image; wait for the text that shows")
    if code == "covered":
        return (f"{by} covers its centre in the screenshot ({where}): close or wait for what covers it (a dialog, "
                "a banner) first")
    return "the screenshot would not show it"


def pick_visible(locator: Locator, region: Any, timeout: float,
                 words: bool = False) -> tuple[int | None, dict[str, Any] | None]:
    """The index of the first match a reader sees, polling until ``timeout``; else None and why the first is not.
    With ``words`` (an expected text), some of the match's text must show as words too (:data:`LIB`'s
    ``hwTextSeen``), not in a transparent or background colour."""
    deadline = time.monotonic() + timeout
    while True:
        result: Any = run_with(_PICK, lambda script: locator.evaluate_all(script, [region, words]),
                               lambda: locator.evaluate_all(LIBRARY.install, KEY))
        if result.get("index") is not None:
            return int(result["index"]), None
        if time.monotonic() >= deadline:
            return None, result.get("first")
        time.sleep(POLL)


@dataclass(frozen=True)
class LabelsSeen:
    """What :func:`missing_labels` found of the labels a text quotes."""

    #: the labels no element in the image shows in words a reader sees
    missing: list[str]
    #: when some are missing, the names the image does show (for "did you mean")
    names: list[str]
    #: the missing labels that are the accessible name (``aria-label``) of an element in the image, with that
    #: element (an icon button: its name is read out, not shown)
    named: dict[str, str]
    #: the labels shown, each with where its element draws its words (``hwGlyphs``, viewport CSS pixels), for the
    #: pixel check of :mod:`builder.capture.ink`
    shown: list[dict[str, Any]]
    #: the page's scroll (CSS pixels) when they were measured
    at: tuple[float, float]


def missing_labels(page: Page, labels: list[str], region: Any = "viewport", whole: bool = False,
                   key: str = "") -> LabelsSeen:
    """Which of ``labels`` the image (``region``) shows in words a reader sees, as the DOM says (:class:`LabelsSeen`);
    ``whole``: the image is of the whole page (a full-page shot), so words below the first screen are placed too."""
    if not labels:
        return LabelsSeen([], [], {}, [], (0.0, 0.0))
    result: Any = on_page(page, _LABELS, [labels, region, whole, key])
    named = result.get("named") or {}
    at = result.get("at") or [0, 0]
    missing = [str(m) for m in result.get("missing") or []]
    names = [str(n) for n in result.get("names") or []]
    shown = [s for s in result.get("shown") or [] if isinstance(s, dict)]
    for frame in page.main_frame.child_frames if missing else []:  # a label inside an embedded document
        framed = _framed_labels(page, frame, missing, region)
        if framed is not None:
            missing, more, found = framed
            names += more
            shown += found
        if not missing:
            break
    return LabelsSeen(missing, names, {str(k): str(v) for k, v in named.items()}, shown, (float(at[0]), float(at[1])))


# Where the content of frame element `el` (an <iframe>) starts in the viewport, when a reader sees it in the image
# (`region`; nothing painting over its middle); null when not.
_FRAME_AT = LIBRARY.script("(el, region) =>", r"""
  if (!judge(el, region, true).ok) return null;
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return [r.left + el.clientLeft + parseFloat(s.paddingLeft), r.top + el.clientTop + parseFloat(s.paddingTop)];
}
""")


def _framed_labels(page: Page, frame: Frame, labels: list[str],
                   region: Any) -> tuple[list[str], list[str], list[dict[str, Any]]] | None:
    """Which of ``labels`` the document of ``frame`` (a child of the page's) shows in words a reader sees, inside
    its frame's box and that box in the image: the labels still missing, the names it shows, and those it shows
    with where their words are drawn, in the page's viewport (its pixels are read as the page's; Chromium's hit
    test does not ask in a frame: ``framed``). None when the frame is not seen or cannot say."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        element = frame.frame_element()
        at: Any = run_with(_FRAME_AT, lambda script: element.evaluate(script, region),
                           lambda: element.evaluate(LIBRARY.install, KEY))
        if not at:
            return None
        result: Any = on_page(frame, _LABELS, [labels, "viewport", False, ""])
    except PlaywrightError:
        return None
    dx, dy = float(at[0]), float(at[1])

    def moved(glyphs: Any) -> list[dict[str, Any]]:
        return [{**g, "box": [g["box"][0] + dx, g["box"][1] + dy, *g["box"][2:]]} for g in glyphs or []
                if isinstance(g, dict) and g.get("box")]

    found = [{**item, "glyphs": moved(item.get("glyphs")), "more": [moved(c) for c in item.get("more") or []],
              "framed": True} for item in result.get("shown") or [] if isinstance(item, dict)]
    return [str(m) for m in result.get("missing") or []], [str(n) for n in result.get("names") or []], found


def visible_names(page: Page, region: Any = "viewport") -> list[str]:
    """The names of the controls, labels and headings a reader sees; empty when the page cannot tell."""
    try:
        result: Any = on_page(page, _NAMES, region)
    except Exception:  # noqa: BLE001 - a page that navigated away: no suggestion
        return []
    return [str(n) for n in result] if isinstance(result, list) else []


def closest(wanted: str, names: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``names`` closest to ``wanted``, case aside (for "did you mean")."""
    by_key = {name.casefold(): name for name in names}
    return [by_key[k] for k in difflib.get_close_matches(wanted.casefold(), list(by_key), n=n, cutoff=0.4)]


def did_you_mean(wanted: str, names: list[str]) -> str:
    close = closest(wanted, names)
    return "did you mean " + ", ".join(f"“{c}”" for c in close) + "?" if close else ""
