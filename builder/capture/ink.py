"""Whether the screenshot shows the highlighted element's words: checked in the image's pixels.

The page-side checks (:mod:`builder.capture.visibility`) read the DOM: a covering box, a veil, an opacity.
A reader reads pixels, and a page can paint over words in ways those checks do not see: a veil in a closed
shadow root, a gradient that fades the bottom of a list to white, a canvas drawn over a form. So when the
highlight is drawn, the page also says where the element's words are (``hwGlyphs``: line boxes in viewport CSS
pixels, with the text's colour and the colour behind it), and once the shot is taken their pixels are read.

Words show as ink on a background: in each line box the lightest and darkest pixels differ. Where the page's
own colours promise a contrast (black on white, 21:1) and the pixels there are one flat colour, the words are
not in the image. A line passes when the contrast between its lightest and darkest pixels reaches a fifth of
the promised one on a log scale (:data:`SHARE`): thin anti-aliased strokes and a light veil pass, words under a
veil four fifths opaque do not. The element passes when one of its lines does (a card may fade its last line
by design). Words in a mask's colour are masked on purpose, and count as shown. A picture (an ``<img>`` icon)
promises the contrast between the darkest and lightest colours it draws, read from its own pixels: a flat
swatch promises none and is not checked. Another origin's picture, whose pixels no page script may read, promises
what words of unknown colours do (:data:`UNKNOWN_BACK`) over its box, or, drawn in one colour, to stand out as much
from the background the page says lies around it (``around``): a flat swatch shows, a blank or veiled picture does
not (``foreign``). An element with no
words, SVG or picture at all (not a field) is read by what a ``::before`` or ``::after`` draws, its own or an
element's inside it (an icon font's character: its colour over what lies behind, as words; colours not known when
it is placed elsewhere or too faint to say), else by a background or mask picture (colours not known), over the box
of the element that draws it (``bare``); else by its CSS shapes (``shape``: three bars, a border chevron, a toggle's
knob: a box painted in one colour, known, read with some of what lies behind it, channel by channel, since red
beside blue of one grey shows); a flat box (a colour swatch) has nothing to check.

A label the step's text quotes (``{guilabel}`Save```) is read the same way, where the element the DOM check
found for it draws its words (:func:`unseen_labels`): only the label's own words, and each of them must show
(the text quotes them word for word); in a full-page shot, below the first screen too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from PIL import Image, ImageChops

from builder.capture.annotate import HIGHLIGHT_DIM
from builder.capture.contrast import HALO, Rgb, _dilate, _top_rows, contrast, drawn_mask, luminance

#: the share (log scale) of the promised contrast a line's pixels must show: black words under a white veil 70%
#: opaque read as light grey (2.0:1 of 21:1), and pass; under one 80% opaque (1.6:1), they do not
SHARE = 0.2
#: the contrast taken as promised when a picture or a gradient lies behind the words, or they are an emoji (WCAG's for
#: body text)
UNKNOWN_BACK = 4.5
#: below this promised contrast the page's own colours hardly tell the words apart: not checked
LEAST = 2.0
#: the same for a CSS shape (``shape``), read channel by channel, with what lies behind it in its box: a toggle's white
#: knob on its light grey track when off (1.5:1) is checked; under a veil its box is one flat colour
SHAPE_LEAST = 1.3
#: words drawn in almost the colour behind them (white on white): no channel (red, green, blue, 0 to 255) of their
#: colour differs from the background's by more; when that holds of each of an element's words, and the image's
#: pixels spread no more where each is drawn (no outline, no shadow), a reader sees no words there. By channel, not by
#: luminance: pale yellow words on white have almost its luminance, and show.
FAINT = 12
#: a box of words to read (:func:`_lines`): where, in image pixels, the contrast it promises, its words, whether
#: their colour and what lies behind them are both known, what stands for words the page could not read (``unread``:
#: ``foreign``, another origin's picture; ``bare``, an element with no words, SVG or picture, read by a ``::before``
#: or a background picture; ``shape``, one read by its CSS shapes; else empty), and, for those in colours not known,
#: the background around them when known (``around``: a flat picture in a colour that stands out from it shows), and
#: whether they are what a field holds (``entered``: a value typed or chosen, which a mask may hide on purpose)
Line = tuple[tuple[int, int, int, int], float, str, bool, str, Rgb | None, bool]


def _grey(level: int) -> float:
    return luminance((level, level, level))


def unseen_words(png: bytes, glyphs: Sequence[dict[str, Any]], origin: tuple[float, float], scale: float,
                 mask: Rgb, highlight: Rgb | None = None, *, every: bool = False) -> dict[str, Any] | None:
    """None when the image shows some of the element's words (with ``every``, each of its words; or none could
    be checked); else what its pixels show where the page draws them: ``{"say": …, "seen": 1.1, "promised": 21.0}``.

    ``glyphs`` are :func:`hwGlyphs`' line boxes, in viewport CSS pixels; ``origin`` is where the image's
    top left corner lies in those coordinates, and ``scale`` its device pixels per CSS pixel. The pixels of
    the highlight's drawing (``highlight``, its colour) and of its halo are left out: a frame drawn close
    around a field crosses the box its words fill.
    """
    lines = _lines(glyphs, origin, scale)
    if lines:
        return _verdict(_decoded(png, [lines]), lines, mask, highlight, every)
    clear = _lines(glyphs, origin, scale, clear=True)
    if clear:  # words the page draws transparent: they do not show, unless masked on purpose
        image = _decoded(png, [clear])
        cuts = [_cut(image, line, mask) for line in clear]
        if any(cut is not None and cut[1] is None for cut in cuts):
            return None
        return {"say": clear[0][2], "clear": True}
    faint = _faint_lines(glyphs, origin, scale)
    return _faint_verdict(_decoded(png, [[line[0] for line in faint]]), faint, mask, highlight) if faint else None


def _decoded(png: bytes, boxes: Sequence[Sequence[Line]]) -> Image.Image:
    """The image, decoded down to the last row any of ``boxes`` (:func:`_lines`) reads, its halo included (and the
    ring around a box whose surroundings are compared, :func:`_surroundings_as_said`)."""
    bottom = max(line[0][3] + (AROUND[1] if line[5] else 0) for lines in boxes for line in lines) + HALO
    top = _top_rows(png, bottom + 1)
    return Image.open(BytesIO(top if top is not None else png))


def _verdict(image: Image.Image, lines: Sequence[Line], mask: Rgb, highlight: Rgb | None,
             every: bool) -> dict[str, Any] | None:
    """:func:`unseen_words`' answer for ``lines`` (:func:`_lines`) in the decoded ``image``."""
    worst: dict[str, Any] | None = None
    masked: dict[str, Any] | None = None
    for line in lines:
        _, promised, say, known, unread, _, entered = line
        cut = _cut(image, line, mask)
        if cut is None:
            continue
        box, part = cut
        if part is None:  # all in the mask's colour: a mask the step or the platform asks for lies over it
            if not say or entered:
                if every:
                    continue
                # an icon, a picture or a field's value masked on purpose: the image shows the mask a reader is meant
                return None  # to see
            if every:  # words masked are words the image does not show
                return {"say": say, "masked": True}
            masked = masked or {"say": say, "masked": True}
            continue
        seen = _seen(image, box, part, line, highlight)
        if seen is None:
            continue
        if math.log(seen) < SHARE * math.log(promised):
            worst = worst or {"say": say, "seen": round(seen, 2), "promised": round(promised, 1), "known": known,
                              **({"unread": unread} if unread else {})}
            if every:
                return worst
        elif not every:
            return None
    return None if every else worst or masked


def _seen(image: Image.Image, box: tuple[int, int, int, int], part: Image.Image, line: Line,
          highlight: Rgb | None) -> float | None:
    """The contrast the image shows where ``line`` lies (``box``, its pixels ``part``); None when there is nothing to
    read: a shape in the colour the page says lies behind it, which the image shows there, or all of it under the
    highlight's drawing."""
    _, _, _, _, unread, around, _ = line
    if unread == "doubt" and (around is None or _as_said(image, box, part, around, highlight)):
        return None
    spread = _spread(image, box, part, highlight)
    if spread is None:
        return None
    seen = contrast(_grey(spread[0]), _grey(spread[1]))
    if unread in ("shape", "doubt"):  # a shape in a colour apart from what lies beside it shows, whatever its grey (red by blue)
        seen = max([seen, *(contrast(_grey(low), _grey(high)) for low, high in _bands(image, box, part, highlight))])
    if unread != "doubt" and around is not None and spread[1] - spread[0] <= FAINT and _surroundings_as_said(image, box, around, highlight):
        # one colour: it shows when it stands out from the background around it, the image showing that background
        seen = max(seen, contrast(_grey((spread[0] + spread[1]) // 2), luminance(around)))
    return seen


#: the ring of pixels around a box compared with the background the page says lies there (``around``): from this many
#: pixels out to this many, beyond the highlight's frame (4 px off its element) and halo
AROUND = (10, 16)


def _surroundings_as_said(image: Image.Image, box: tuple[int, int, int, int], around: Rgb,
                          highlight: Rgb | None) -> bool:
    """Whether the image's pixels around ``box`` (a ring :data:`AROUND`, the highlight's drawing and halo left out)
    are mostly the background the page says lies there, as it is or dimmed by the highlight: no veil over it all."""
    near, far = AROUND
    outer = (max(0, box[0] - far), max(0, box[1] - far), min(image.width, box[2] + far), min(image.height, box[3] + far))
    if outer[2] <= outer[0] or outer[3] <= outer[1]:
        return False
    part = image.crop(outer).convert("RGB")
    keep = Image.new("L", part.size, 255)
    inner = (box[0] - near - outer[0], box[1] - near - outer[1], box[2] + near - outer[0], box[3] + near - outer[1])
    keep.paste(0, (max(0, inner[0]), max(0, inner[1]), max(0, inner[2]), max(0, inner[3])))
    if highlight is not None:
        keep = ImageChops.subtract(keep, _dilate(drawn_mask(part, highlight), HALO))
    counts = part.convert("L").histogram(mask=keep)
    if not any(counts):
        return False
    level = max(range(256), key=counts.__getitem__)
    dim, share = HIGHLIGHT_DIM  # outside its frame, the highlight dims the page
    dimmed = tuple(c * (1 - share) + d * share for c, d in zip(around, dim, strict=True))
    return any(abs(level - (0.299 * r + 0.587 * g + 0.114 * b)) <= FAINT for r, g, b in (around, dimmed))


def _as_said(image: Image.Image, box: tuple[int, int, int, int], part: Image.Image, colour: Rgb,
             highlight: Rgb | None) -> bool:
    """Whether the image shows ``colour`` over most of ``box`` (``part``, its pixels): all but a tenth of them
    within :data:`FAINT` of it in every channel, the highlight's drawing and halo left out."""
    off = ImageChops.difference(part, Image.new("RGB", part.size, colour)).split()
    far = ImageChops.lighter(ImageChops.lighter(off[0], off[1]), off[2]).point(lambda v: 255 if v > FAINT else 0)
    keep = Image.new("L", part.size, 255)
    if highlight is not None:
        keep = ImageChops.subtract(keep, _dilate(drawn_mask(part, highlight), HALO))
    counted = keep.histogram()[255]
    if not counted:
        return True  # all of it under the highlight: nothing to say
    return ImageChops.multiply(far, keep).histogram()[255] <= 0.1 * counted


def _cut(image: Image.Image, line: Line, mask: Rgb) -> tuple[tuple[int, int, int, int], Image.Image | None] | None:
    """``line``'s box cut to ``image`` and its pixels (None when all in the mask's colour: masked on purpose); None
    when too little of it lies in the image to read."""
    left, upper, right, lower = line[0]
    box = (max(0, left), max(0, upper), min(image.width, right), min(image.height, lower))
    if box[2] - box[0] < 3 or box[3] - box[1] < 4:
        return None
    part = image.crop(box).convert("RGB")
    colours = part.getcolors(1)
    return box, None if colours and colours[0][1] == mask else part


def _faint_verdict(image: Image.Image, faint: Sequence[tuple[Line, str]], mask: Rgb,
                   highlight: Rgb | None) -> dict[str, Any] | None:
    """Words drawn in almost their background's colour (:func:`_faint_lines`): None when the image shows one of
    them, its pixels spreading more than :data:`FAINT` in some channel where it is drawn; else the first, with
    ``faint``, the colours the page draws it in."""
    worst: dict[str, Any] | None = None
    for line, colours in faint:
        say = line[2]
        cut = _cut(image, line, mask)
        if cut is None:
            continue
        box, part = cut
        if part is None:
            return None  # masked on purpose
        spreads = _bands(image, box, part, highlight)
        if len(spreads) < 3:
            continue  # all of it under the highlight's drawing
        seen = max(high - low for low, high in spreads)
        if seen > FAINT:
            return None
        worst = worst or {"say": say, "faint": colours, "seen": seen}
    return worst


def _faint_lines(glyphs: Sequence[dict[str, Any]], origin: tuple[float, float],
                 scale: float) -> list[tuple[Line, str]]:
    """The boxes of ``glyphs`` (as :func:`_lines`) and the colours they are drawn in (``#ffffff on #ffffff``), when
    each of them is drawn in almost the colour behind it (:data:`FAINT`), both known; else none. A picture's
    colours are its own darkest and lightest: a flat swatch shows as itself; words beside an icon (``icon``) leave
    the icon to show the element; a field's placeholder is a hint its box shows the field without."""
    out = []
    for glyph in glyphs:
        ink, back = glyph.get("ink"), glyph.get("back")
        if glyph.get("picture") or glyph.get("icon") or glyph.get("placeholder") or not ink or not back:
            return []
        if max(abs(a - b) for a, b in zip(_rgb(ink), _rgb(back), strict=True)) > FAINT:
            return []
        lines = _lines([glyph], origin, scale, least=0.0)
        if lines:
            out.append((lines[0], "{} on {}".format(*("#{:02x}{:02x}{:02x}".format(*_rgb(c)) for c in (ink, back)))))
    return out


def _lines(glyphs: Sequence[dict[str, Any]], origin: tuple[float, float], scale: float,
           least: float = LEAST, *, clear: bool = False) -> list[Line]:
    """The boxes of ``glyphs`` worth reading, in image pixels, each with the contrast it promises, its words, and
    whether their colour and what lies behind them are both known; with ``clear``, those of the words drawn
    transparent instead (:func:`unseen_words` looks at them apart: nothing to read there)."""
    lines = []
    for glyph in glyphs:
        ink, back = glyph.get("ink"), glyph.get("back")
        # nothing known behind the words (a picture), or of their ink (an emoji's own colours): as plain text
        promised = UNKNOWN_BACK if not back or not ink else contrast(luminance(_rgb(ink)), luminance(_rgb(back)))
        if bool(glyph.get("clear")) != clear:
            continue
        doubt = glyph.get("unread") == "doubt" and back
        if doubt or glyph.get("shadow"):  # drawn in the colour the page says lies behind it: read only where the
            promised = SHAPE_LEAST  # image shows another colour, or shown by a shadow (a faint one, as much as any)
        elif promised < (min(least, SHAPE_LEAST) if glyph.get("unread") == "shape" else least):
            continue
        x, y, w, h = (float(v) for v in glyph["box"])
        if not all(math.isfinite(v) for v in (x, y, w, h)):
            continue  # not a place in the image
        box = (math.ceil((x - origin[0]) * scale), math.ceil((y - origin[1]) * scale),
               math.floor((x + w - origin[0]) * scale), math.floor((y + h - origin[1]) * scale))
        if box[2] - box[0] >= 3 and box[3] - box[1] >= 4:
            around = back if doubt else glyph.get("around")
            lines.append((box, promised, str(glyph.get("say") or ""), bool(back and ink),
                          str(glyph.get("unread") or ""), _rgb(around) if around and len(around) == 3 else None,
                          bool(glyph.get("entered"))))
    return lines


def unseen_labels(png: bytes, shown: Sequence[dict[str, Any]], origin: tuple[float, float], scale: float,
                  mask: Rgb, highlight: Rgb | None = None) -> dict[str, Any] | None:
    """The first quoted label one of whose words the image does not show, as :func:`unseen_words` finds it, with its
    ``label``; None when each shows. ``shown`` is what :func:`~builder.capture.visibility.missing_labels` found:
    each label with where the element that shows it draws its words (a label is quoted word for word: each must
    show, where an element's words pass when one does), and, in ``more``, where up to two more copies of it are
    drawn: one copy the image shows is enough."""
    # each label, then its further copies (up to two): their boxes in image pixels; the image decoded once for all
    labels = [[_lines(glyphs, origin, scale) for glyphs in [item.get("glyphs") or [], *(item.get("more") or [])]]
              for item in shown]
    boxes = [lines for copies in labels for lines in copies if lines]
    if not boxes:
        return None
    image = _decoded(png, boxes)
    for item, (first, *more) in zip(shown, labels, strict=True):
        found = _verdict(image, first, mask, highlight, every=True) if first else None
        # the label shown elsewhere too: one copy the image shows is enough
        if found is not None and all(bool(lines) and _verdict(image, lines, mask, highlight, every=True) is not None
                                     for lines in more):
            return {**found, "label": str(item.get("label") or "")}
    return None


def _spread(image: Image.Image, box: tuple[int, int, int, int], part: Image.Image,
            highlight: Rgb | None) -> tuple[int, int] | None:
    """The darkest and lightest grey levels of ``part`` (``image`` cut to ``box``), the highlight's drawing and
    halo left out; None when nothing else is there."""
    grey = part.convert("L")
    # the drawing found around the box too: its halo reaches into the box from a frame just outside it
    around = (max(0, box[0] - HALO), max(0, box[1] - HALO), min(image.width, box[2] + HALO),
              min(image.height, box[3] + HALO))
    drawn = drawn_mask(image.crop(around).convert("RGB"), highlight) if highlight is not None else None
    if drawn is None or drawn.getbbox() is None:
        low, high = grey.getextrema()
        return int(low), int(high)  # type: ignore[arg-type]
    inside = (box[0] - around[0], box[1] - around[1], box[2] - around[0], box[3] - around[1])
    keep = ImageChops.invert(_dilate(drawn, HALO).crop(inside))
    if keep.getbbox() is None:
        return None
    # the drawing's pixels become white for the darkest level, black for the lightest: neither counts
    low = Image.composite(grey, Image.new("L", grey.size, 255), keep).getextrema()[0]
    high = Image.composite(grey, Image.new("L", grey.size, 0), keep).getextrema()[1]
    return int(low), int(high)  # type: ignore[arg-type]


def _bands(image: Image.Image, box: tuple[int, int, int, int], part: Image.Image,
           highlight: Rgb | None) -> list[tuple[int, int]]:
    """:func:`_spread` of each of ``part``'s red, green and blue channels, those not all under the highlight's drawing."""
    return [spread for band in "RGB" if (spread := _spread(image, box, part.getchannel(band), highlight))]


def _rgb(colour: Any) -> Rgb:
    r, g, b = (round(float(c)) for c in list(colour)[:3])
    return r, g, b


def _hidden(found: dict[str, Any], it: str, before: str) -> str:
    if found.get("masked"):
        return (f"a mask covers {it} (the step's `shot: mask:` or the platform's `masks:`): mask less, so that the "
                f"image shows {it} (words that must not show, a name or a date, can be replaced by `text_masks:` "
                "instead)" + (", or point the step at what the image shows" if before == "this one" else ""))
    # with a colour not known (a picture behind, an emoji's or a picture's own), the page may draw them in the colour
    # of what lies behind them
    its = "its" if it == "it" else "their"
    known = found.get("known", True)
    given = "where the page's colours give" if known else "where words on a page show at least"
    unknown = "" if known else f", or what lies behind {it} (a picture) has {its} colour"
    return (f"the image is almost one flat colour (contrast {found['seen']}:1, {given} {found['promised']}:1), so "
            f"something painted over {it} hides {it} (a veil, a fading gradient, an overlay the page's checks cannot "
            f"see){unknown}; wait for it to go with a `wait_for` step before {before}, or close it")


#: the end of every failure of the pixel check
_SHOWN = "; the failure screenshot shows what the image would have been"


def label_problem(found: dict[str, Any]) -> str:
    """What :func:`unseen_labels` found, after the label's name and image: why the image does not show it."""
    return ("where the page draws its words " + _hidden(found, "them", "this shot")
            + ", or reword the `say` to what the image shows" + _SHOWN)


def problem(found: dict[str, Any]) -> str:
    """What :func:`unseen_words` found, as the step's failure (an icon, drawn in one colour, stands for words an
    element does not have: its ``say`` is empty)."""
    what, it = (f"its words “{found['say']}” do not show", "them") if found["say"] else ("its icon does not show", "it")
    if found.get("unread"):  # what stands for words the element does not have (hwGlyphs)
        what = {"foreign": "its picture does not show in the screenshot: it comes from another origin, so the page "
                           "cannot say what it draws",
                "shape": "its icon does not show in the screenshot: it has no words, and draws its icon with CSS shapes "
                         "alone (bars, a border, a knob: boxes painted in one colour, or shown by their shadow)",
                "doubt": "its icon does not show in the screenshot: it has no words, and draws its icon with CSS shapes "
                         "alone in the colour the page says lies behind them, yet the image shows another colour there "
                         "(what a closed shadow root paints, which no page script reads)"}.get(
            found["unread"], "its icon does not show in the screenshot: it has no words, and draws its icon with the "
                             "character of a ::before or ::after (an icon font's)" if found.get("known") else
            "it does not show in the screenshot: it has no words, and the page cannot read the colours of the icon it "
            "draws (an icon font's character placed elsewhere or see-through, a background or mask picture, a "
            "component's SVG or what its closed shadow root draws, a canvas)")
        return (f"{what}, and where the page draws it the image is almost one flat colour (contrast {found['seen']}:1, "
                f"where what shows has at least {found['promised'] ** SHARE:.2f}:1): it is blank, drawn in the colour "
                f"around it, or something painted over it hides it (a veil, an overlay the page's checks cannot see); "
                f"wait for it to go with a `wait_for` step before this one, or close it" + _SHOWN)
    if found.get("clear"):
        return (f"{what} in the screenshot: the page draws {it} transparent (as a button in a loading state hides its "
                f"words, a spinner in their place); wait for {it} to show with a `wait_for` step before this one" + _SHOWN)
    if found.get("faint"):
        return (f"{what} in the screenshot: the page draws {it} in almost the colour behind {it} ({found['faint']}), "
                f"and the image shows nothing else there, so a reader sees no {'words' if found['say'] else 'icon'}; "
                f"reword the `say` to what the image shows, or have the platform draw {it} readably" + _SHOWN)
    return f"{what} in the screenshot: where the page draws {it} " + _hidden(found, it, "this one") + _SHOWN
