"""Taking a step's screenshot: a still frame, and a crop's place on the page.

:func:`still_frame` shoots a page once it is still; :func:`clip_to_shot`, :func:`crop_region`
and :func:`inside_crop` place a ``crop:`` region in the screenshot's coordinates and make sure
the highlighted element lies inside it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from builder.capture.steps import StepFailed
from builder.shots.store import png_size, same_image

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from builder.content.model import Shot

#: seconds a shot waits at most for two frames in a row to be the same
STILL_TIMEOUT = 3.0


def still_frame(page: Page, options: dict[str, Any], approved: bytes | None = None, *,
                css_mask: str | None = None, fast: Callable[[], bytes | None] | None = None,
                overlay: str | None = None) -> bytes:
    """A screenshot of a still page: one frame when the page shows it is still, else two equal frames in a row.

    Playwright finishes CSS animations for the shot, but not what a script moves (a fade by
    `requestAnimationFrame`, a focus ring drawn late): shot in the middle, the image would
    differ on every recapture. :data:`WATCH` watches the page from just before the shot
    until two frames have passed and the shot is taken: no change to its DOM, scroll or
    focus, and nothing it cannot watch (a canvas, a video, a frame, an image still loading).
    A page quiet all along is shot once, and the shot shows what stood still. Otherwise
    frames are shot until two in a row are the same, within :data:`STILL_TIMEOUT`: a page
    still moving after the bound gets its last frame. A first frame that shows the
    published image's pixels is that still frame already (:func:`builder.shots.store.same_image`).

    ``css_mask`` says that ``options["mask"]`` is just the locator of that CSS selector
    list: while nothing matches it, Playwright is not asked to mask (it would add elements
    to the page, which the watch would see). Playwright hides the text caret by restyling
    every field; while watching, a style sheet the page's DOM does not show does it, and
    only when something has the focus.

    ``fast()`` takes that first frame of a quiet page straight from Chromium with its
    PNG compressed for speed (:func:`fast_frame`), when nothing on the page animates and its fonts are in: the
    same pixels as Playwright's shot, for about a third less of Chromium's time. Only in a recapture (an
    ``approved`` image to match): the frame is then most often the published image, whose bytes are kept;
    a changed one is compressed again by :func:`builder.shots.store.final_png`, which would cost a first
    capture more than Chromium saves.

    ``overlay`` is the id of an element drawn for this shot alone (the highlight): it is gone when the
    frame is returned, removed in the same call that ends the watch when the page stayed still, else
    once the last frame is taken.
    """
    frame, left = _still_frame(page, options, approved, css_mask, fast, overlay)
    if overlay is not None and left and remove_overlay(page, overlay):
        raise HighlightMoved
    return frame


class HighlightMoved(Exception):
    """The shot is over, and the element its highlight framed is no longer where the highlight is: an animation
    (which Playwright's shot finishes) or a script moved it after the highlight was drawn. The image would
    frame an empty place: the highlight is gone, and the caller draws it again and shoots again."""


def remove_overlay(page: Page, overlay: str) -> bool:
    """Remove the element of id ``overlay`` from the page, if it is there; whether the element it framed had
    moved away from it (:data:`MOVED`)."""
    return page.evaluate(_REMOVE, overlay) is True


# Whether the highlight `o` (the overlay's root, see annotate.draw) no longer frames its element where it drew
# it: the element gone, or its box moved against the frame's (a scroll moves both) by more than 3 px (the frame
# stands 4 px off the element: it still frames it).
MOVED = """const hwMoved = (o) => {
  if (!o || !o.hwTarget) return false;
  const t = o.hwTarget, frame = o.firstElementChild;
  if (!t.isConnected || !frame) return true;
  const a = t.getBoundingClientRect(), f = frame.getBoundingClientRect(), at = o.hwAt;
  return [a.left - f.left, a.top - f.top, a.width, a.height].some((v, i) => Math.abs(v - at[i]) > 3);
};"""

_REMOVE = ("(id) => { " + MOVED + " const el = document.getElementById(id); const moved = hwMoved(el); "
           "if (el) el.remove(); return moved; }")


def _still_frame(page: Page, options: dict[str, Any], approved: bytes | None, css_mask: str | None,
                 fast: Callable[[], bytes | None] | None, overlay: str | None) -> tuple[bytes, bool]:
    """:func:`still_frame`, and whether ``overlay`` is left to remove."""
    if options.get("full_page"):
        quiet = False
    elif css_mask is None and options.get("mask"):
        quiet = is_quiet(page)  # masks Playwright draws by adding elements: watched before the shot
    else:
        watching, masked, moving = _watch(page, css_mask)
        if watching and not masked:
            try:
                taken = None
                if fast is not None and approved is not None and not moving and not options.get("clip"):
                    taken = fast()
                frame = taken or page.screenshot(**{**options, "caret": "initial", "mask": []})
            finally:
                quiet = _quiet(page, overlay)  # still: this frame is the one, and the overlay goes
            if quiet:
                return frame, False
            if approved is not None and same_image(frame, approved):
                return frame, True
            quiet = False  # it moved: frames until two agree
        else:
            quiet = watching and _quiet(page)  # a mask to draw: watched before the shot
    frame = page.screenshot(**options)
    if quiet or (approved is not None and same_image(frame, approved)):
        return frame, True
    deadline = time.monotonic() + STILL_TIMEOUT
    while time.monotonic() < deadline:
        again = page.screenshot(**options)
        if again == frame:
            break
        frame = again
    return frame, True


# Starts watching the page for the shot: any DOM mutation, scroll or focus event (even one that comes back)
# until the end (_QUIET), in the document and its open shadow roots. Returns [watching, masked, moving]:
# moving when an animation or transition is not finished (Playwright's shot stops it) or a font is still loading. Not watching
# when the page holds what a MutationObserver cannot see change (a canvas, a video, an embedded frame, an
# image in view still loading); masked when an element matches the CSS mask. With the focus on something, a
# constructed style sheet (not in the DOM) hides the caret.
WATCH = """(css) => {
  if (document.querySelector('canvas, video, iframe, frame, embed, object')) return [false, false, true];
  const inView = (el) => { const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; };
  if ([...document.images].some((img) => !img.complete && inView(img))) return [false, false, true];
  const roots = [document];  // and every open shadow root, as Playwright's masks and a reader's eyes see them
  for (let i = 0; i < roots.length; i++) {
    const walker = document.createTreeWalker(roots[i], NodeFilter.SHOW_ELEMENT);
    for (let el = walker.nextNode(); el; el = walker.nextNode()) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  let masked = false;
  try { masked = !!css && roots.some((root) => root.querySelector(css)); }
  catch (e) { masked = true; }  // a selector only Playwright reads: let it mask
  // Playwright's shot finishes or cancels every animation with an effect and a rate, running or paused
  const moving = document.fonts.status !== 'loaded' || roots.some((root) => root.getAnimations().some(
    (a) => a.effect && a.playbackRate !== 0 && a.playState !== 'finished'));
  const old = window[Symbol.for('helpwright.still')];
  if (old) old.stop();
  const active = document.activeElement;
  const state = {changed: false, frames: 0, x: scrollX, y: scrollY, focus: active, sheet: null};
  const moved = () => { state.changed = true; };
  const watch = new MutationObserver(moved);
  for (const root of roots) {
    watch.observe(root, {subtree: true, attributes: true, childList: true, characterData: true});
  }
  const events = ['scroll', 'focusin', 'focusout'];
  for (const name of events) window.addEventListener(name, moved, true);
  const tick = () => { state.frames += 1; state.raf = requestAnimationFrame(tick); };
  state.raf = requestAnimationFrame(tick);
  if (document.designMode === 'on' || (active && active !== document.body && active !== document.documentElement)) {
    state.sheet = new CSSStyleSheet();
    state.sheet.replaceSync('* { caret-color: transparent !important; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, state.sheet];
  }
  state.stop = () => {
    cancelAnimationFrame(state.raf);
    watch.disconnect();
    for (const name of events) window.removeEventListener(name, moved, true);
    if (state.sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== state.sheet);
    delete window[Symbol.for('helpwright.still')];
    return !state.changed && state.x === scrollX && state.y === scrollY && state.focus === document.activeElement;
  };
  window[Symbol.for('helpwright.still')] = state;
  return [true, masked, moving];
}"""

# Ends the watch once two frames have passed since it began: whether the page stayed still. A page whose
# frames never come (hidden, throttled) is not known to be still. When it stayed still, the element of id
# `overlay` (drawn for the shot) is removed: the shot is over.
_QUIET = """(overlay) => new Promise((done) => {
  """ + MOVED + """
  const state = window[Symbol.for('helpwright.still')];
  if (!state) return done(false);
  const end = () => { const still = state.stop(), el = still && overlay && document.getElementById(overlay);
    const moved = hwMoved(el);
    if (el) el.remove();
    done(moved ? 'moved' : still); };
  if (state.frames >= 2) return end();
  const late = setTimeout(() => { state.changed = true; end(); }, 500);
  const wait = () => { if (state.frames >= 2) { clearTimeout(late); end(); }
    else requestAnimationFrame(wait); };
  requestAnimationFrame(wait);
})"""


def _watch(page: Page, css_mask: str | None) -> tuple[bool, bool, bool]:
    try:
        watching, masked, moving = page.evaluate(WATCH, css_mask)
        return bool(watching), bool(masked), bool(moving)
    except Exception:  # noqa: BLE001 - Playwright's Error (navigating, closed): shoot two frames
        return False, True, True


def fast_frame(cdp: Any, width: int, height: int, scale: float) -> bytes | None:
    """The viewport (``width`` × ``height`` CSS pixels) at ``scale`` device pixels per CSS pixel, as Playwright
    shoots it when it has nothing to mask or stop, its PNG compressed for speed; ``cdp`` is the page's CDP
    session. The scroll offsets come from the browser (``Page.getLayoutMetrics``), as Playwright takes them,
    never from the page's scripts, which may redefine ``scrollY``. None when the image is not the size it
    must be: the caller then takes Playwright's shot."""
    import base64

    view = cdp.send("Page.getLayoutMetrics")["cssVisualViewport"]
    clip = {"x": view["pageX"], "y": view["pageY"], "width": width, "height": height, "scale": scale}
    answer = cdp.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True, "clip": clip,
                                                 "captureBeyondViewport": False})
    data = base64.b64decode(answer["data"])
    return data if png_size(data) == (round(width * scale), round(height * scale)) else None


def _quiet(page: Page, overlay: str | None = None) -> bool:
    """Whether the page stayed still since :data:`WATCH` began (``overlay`` then removed); raises
    :class:`HighlightMoved` when it did, but the element the overlay framed is no longer under it."""
    try:
        still = page.evaluate(_QUIET, overlay)
    except Exception:  # noqa: BLE001 - as above
        return False
    if still == "moved":
        raise HighlightMoved
    return bool(still)


def is_quiet(page: Page) -> bool:
    """Whether the page stays still for two frames (:data:`WATCH`); a page that cannot say is not."""
    watching, _, _ = _watch(page, None)
    return watching and _quiet(page)


def crop_region(clip: dict[str, float], region: dict[str, Any], full_page: bool) -> dict[str, float] | None:
    """The crop in viewport coordinates (as the page's scripts see it); None when the scroll is unknown."""
    if not full_page:
        return {"left": clip["x"], "top": clip["y"], "right": clip["x"] + clip["width"],
                "bottom": clip["y"] + clip["height"]}
    if "sx" not in region:
        return None
    sx, sy = region["sx"], region["sy"]
    return {"left": clip["x"] - sx, "top": clip["y"] - sy, "right": clip["x"] + clip["width"] - sx,
            "bottom": clip["y"] + clip["height"] - sy}


def inside_crop(seen: dict[str, Any], crop: dict[str, float], fitted: dict[str, Any], shot: Shot,
                 lang: str) -> None:
    """The highlighted element lies (at least half) inside the crop; else the image would not show it."""
    box = seen.get("box") or {}
    if "sx" not in box or "sx" not in fitted:
        return  # in a frame: no scroll offsets to compare with
    # The crop was measured after scrolling to it: compare in page coordinates.
    left, top = box["x"] + box["sx"], box["y"] + box["sy"]
    right, bottom = left + box["width"], top + box["height"]
    c_left, c_top = crop["left"] + fitted["sx"], crop["top"] + fitted["sy"]
    c_right, c_bottom = crop["right"] + fitted["sx"], crop["bottom"] + fitted["sy"]
    inside = max(0.0, min(right, c_right) - max(left, c_left)) * max(0.0, min(bottom, c_bottom) - max(top, c_top))
    if inside < 0.5 * max(1.0, (right - left) * (bottom - top)):
        crop_name = shot.crop if isinstance(shot.crop, str) else shot.crop.describe(lang) if shot.crop else ""
        raise StepFailed(f"the highlighted element (x={round(left)}, y={round(top)}) lies outside the crop "
                         f"{crop_name}, so the image would not show it: crop to an element that holds it")


def clip_to_shot(region: dict[str, Any], page: Page, full_page: bool) -> dict[str, float]:
    """The crop region (viewport coordinates), kept inside what the screenshot covers."""
    if full_page:
        if "sx" in region:
            sx, sy, limit_w, limit_h = region["sx"], region["sy"], region["dw"], region["dh"]
        else:
            sx, sy, limit_w, limit_h = page.evaluate(
                "() => [window.scrollX, window.scrollY, document.documentElement.scrollWidth, "
                "document.documentElement.scrollHeight]")
        region = {**region, "x": region["x"] + sx, "y": region["y"] + sy}
    else:
        size = page.viewport_size or {"width": 1280, "height": 800}
        limit_w, limit_h = size["width"], size["height"]
    x0, y0 = max(0.0, region["x"]), max(0.0, region["y"])
    x1 = min(float(limit_w), region["x"] + region["width"])
    y1 = min(float(limit_h), region["y"] + region["height"])
    return {"x": round(x0), "y": round(y0), "width": round(x1 - x0), "height": round(y1 - y0)}


__all__ = ["STILL_TIMEOUT", "HighlightMoved", "clip_to_shot", "crop_region", "inside_crop", "is_quiet", "remove_overlay", "still_frame"]
