"""Taking a step's screenshot: a still frame, and a crop's place on the page.

:func:`still_frame` shoots a page once it is still; :func:`clip_to_shot`, :func:`crop_region`
and :func:`inside_crop` place a ``crop:`` region in the screenshot's coordinates and make sure
the highlighted element lies inside it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from builder.capture.steps import StepFailed

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from builder.content.model import Shot

#: seconds a shot waits at most for two frames in a row to be the same
STILL_TIMEOUT = 3.0


def still_frame(page: Page, options: dict[str, Any], approved: bytes | None = None) -> bytes:
    """A screenshot of a still page: one frame when the page shows it is still, else two equal frames in a row.

    Playwright finishes CSS animations for the shot, but not what a script moves (a fade by
    `requestAnimationFrame`, a focus ring drawn late): shot in the middle, the image would
    differ on every recapture. :data:`QUIET` watches the page for two frames first: no
    change to its DOM, scroll or focus, and nothing it cannot watch (a canvas, a video, a
    frame, an image still loading). A quiet page is shot once. Otherwise frames are shot
    until two in a row are the same, within :data:`STILL_TIMEOUT`: a page still moving
    after the bound gets its last frame. A first frame byte for byte the published image
    (Chromium encodes the same pixels to the same bytes) is that still frame already.

    Playwright hides the text caret for a shot by restyling the whole page, twice. A quiet
    page where nothing has the focus shows no caret: it is shot as it is.
    """
    quiet, focused = (False, True) if options.get("full_page") else probe(page)
    if quiet and not focused and options.get("caret") == "hide":
        options = {**options, "caret": "initial"}
    frame = page.screenshot(**options)
    if quiet or (approved is not None and frame == approved):
        return frame
    deadline = time.monotonic() + STILL_TIMEOUT
    while time.monotonic() < deadline:
        again = page.screenshot(**options)
        if again == frame:
            break
        frame = again
    return frame


# Quiet for two frames: no DOM mutation, no scroll or focus event, and nothing a MutationObserver cannot see
# change (a canvas, a video, an embedded frame, an image in view still loading). A page whose frames never come
# (hidden, throttled) is not known to be quiet.
QUIET = """() => new Promise((done) => {
  if (document.querySelector('canvas, video, iframe, frame, embed, object')) return done([false, true]);
  const inView = (el) => { const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; };
  if ([...document.images].some((img) => !img.complete && inView(img))) return done([false, true]);
  const active = document.activeElement;
  const focused = document.designMode === 'on' || !!(active && active !== document.body
    && active !== document.documentElement);
  let changed = false;
  const moved = () => { changed = true; };
  const watch = new MutationObserver(moved);
  watch.observe(document, {subtree: true, attributes: true, childList: true, characterData: true});
  const events = ['scroll', 'focusin', 'focusout'];  // any scroller's, any focus move, even one that comes back
  for (const name of events) window.addEventListener(name, moved, true);
  const x = scrollX, y = scrollY, focus = document.activeElement;
  const end = (still) => {
    watch.disconnect();
    for (const name of events) window.removeEventListener(name, moved, true);
    done([still, focused]);
  };
  const late = setTimeout(() => end(false), 500);
  requestAnimationFrame(() => requestAnimationFrame(() => {
    clearTimeout(late);
    end(!changed && x === scrollX && y === scrollY && focus === document.activeElement);
  }));
})"""


def probe(page: Page) -> tuple[bool, bool]:
    """Whether the page stays still for two frames (:data:`QUIET`), and whether something in it has the
    focus (and so may show a caret); a page that cannot say is neither still nor caret-free."""
    try:
        still, focused = page.evaluate(QUIET)
        return bool(still), bool(focused)
    except Exception:  # noqa: BLE001 - Playwright's Error (navigating, closed): shoot two frames
        return False, True


def is_quiet(page: Page) -> bool:
    """Whether the page stays still for two frames (:data:`QUIET`)."""
    return probe(page)[0]


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


__all__ = ["STILL_TIMEOUT", "clip_to_shot", "crop_region", "inside_crop", "is_quiet", "probe", "still_frame"]
