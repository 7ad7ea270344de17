"""The words' check in a screenshot's pixels (builder/capture/ink.py), on images drawn with Pillow.

The capture tests (tests/test_capture_visibility.py) run it on real pages in Chromium: a veil in a
closed shadow root and a fading gradient fail there. These pin what the pixels must show.
"""

from __future__ import annotations

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from builder.capture.ink import label_problem, problem, unseen_labels, unseen_words

MASK = (100, 116, 139)
BLACK_ON_WHITE = {"ink": [0, 0, 0], "back": [255, 255, 255]}


def _png(veil: int | None = None, *, words: str = "Publish", at: tuple[int, int] = (40, 30),
         colour: tuple[int, int, int] = (0, 0, 0), size: tuple[int, int] = (300, 120),
         box: tuple[int, int, int, int] | None = None, fill: tuple[int, int, int] | None = None) -> bytes:
    """A white image with ``words`` at ``at``, under a white veil ``veil`` (0-255 opaque), and a ``box`` of ``fill``."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.text(at, words, fill=colour, font=ImageFont.load_default(size=18))
    if veil is not None:
        image = Image.blend(image, Image.new("RGB", size, "white"), veil / 255)
    if box is not None and fill is not None:
        ImageDraw.Draw(image).rectangle(box, fill=fill)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def glyph(x: float = 40, y: float = 30, w: float = 70, h: float = 22, **colours: object) -> dict[str, object]:
    return {"box": [x, y, w, h], "say": "Publish", **(colours or BLACK_ON_WHITE)}


def test_words_drawn_in_their_colour_show() -> None:
    assert unseen_words(_png(), [glyph()], (0, 0), 1, MASK) is None


def test_words_under_a_veil_four_fifths_opaque_do_not() -> None:
    found = unseen_words(_png(veil=215), [glyph()], (0, 0), 1, MASK)
    assert found is not None and found["say"] == "Publish"
    assert found["seen"] < 1.6 and found["promised"] == 21.0
    message = problem(found)
    assert message.startswith("its words “Publish” do not show in the screenshot: where the page draws them")
    assert "wait for it to go with a `wait_for` step" in message


def test_a_light_veil_or_grey_words_still_show() -> None:
    # a veil half opaque leaves black words mid grey, one 70% opaque light grey: a reader reads them
    assert unseen_words(_png(veil=128), [glyph()], (0, 0), 1, MASK) is None
    assert unseen_words(_png(veil=179), [glyph()], (0, 0), 1, MASK) is None
    grey = {"ink": [118, 118, 118], "back": [255, 255, 255]}
    assert unseen_words(_png(colour=(118, 118, 118)), [glyph(**grey)], (0, 0), 1, MASK) is None


def test_one_line_shown_is_enough_and_a_blank_place_alone_fails() -> None:
    # the first line shows and a second, faded by design, does not: the element's words show
    shown, blank = glyph(), glyph(y=80)
    assert unseen_words(_png(), [shown, blank], (0, 0), 1, MASK) is None
    assert unseen_words(_png(), [blank], (0, 0), 1, MASK) is not None


def test_the_image_origin_and_scale_place_the_words() -> None:
    # a crop whose top left corner is at (20, 10) in the viewport, at 2 device pixels per CSS pixel: the words
    # drawn at (40, 30) in the image are at (40, 25) in the viewport
    png = _png(size=(400, 200))
    assert unseen_words(png, [glyph(x=40, y=25, w=35, h=11)], (20, 10), 2, MASK) is None
    assert unseen_words(png, [glyph(x=120, y=60, w=35, h=11)], (20, 10), 2, MASK) is not None


def test_what_is_not_checked_passes() -> None:
    blank = _png(veil=255)
    # colours that promise little (pale yellow on white), words outside the image, an icon masked on purpose
    pale = {"ink": [250, 250, 200], "back": [255, 255, 255]}
    assert unseen_words(blank, [glyph(**pale)], (0, 0), 1, MASK) is None
    assert unseen_words(blank, [glyph(x=500)], (0, 0), 1, MASK) is None
    masked = _png(box=(30, 20, 130, 60), fill=MASK)
    assert unseen_words(masked, [glyph(say="", unread="bare")], (0, 0), 1, MASK) is None
    assert unseen_words(blank, [], (0, 0), 1, MASK) is None


def test_words_a_mask_covers_do_not_show() -> None:
    """Words all in the mask's colour are words the image does not show; words beside the mask show."""
    masked = _png(box=(30, 20, 130, 60), fill=MASK)
    assert unseen_words(masked, [glyph()], (0, 0), 1, MASK) == {"say": "Publish", "masked": True}
    beside = _png(at=(40, 80), box=(30, 20, 130, 60), fill=MASK)  # a second line, below the mask
    assert unseen_words(beside, [glyph(), glyph(y=80)], (0, 0), 1, MASK) is None
    assert unseen_labels(masked, [{"label": "Publish", "glyphs": [glyph()]}], (0, 0), 1, MASK) == {
        "say": "Publish", "masked": True, "label": "Publish"}
    assert "a mask covers them" in problem({"say": "Publish", "masked": True})


def test_words_on_an_image_are_held_to_plain_text_contrast() -> None:
    # nothing known behind them (`back` null): they must show about as words on a plain background do
    unknown = {"ink": [0, 0, 0], "back": None}
    assert unseen_words(_png(), [glyph(**unknown)], (0, 0), 1, MASK) is None
    found = unseen_words(_png(veil=235), [glyph(**unknown)], (0, 0), 1, MASK)
    assert found is not None and found["promised"] == 4.5
    # the message says the picture behind them may have their colour
    assert "or what lies behind them (a picture) has their colour" in problem(found), problem(found)
    assert "where words on a page show at least 4.5:1" in problem(found)


def test_the_highlights_own_drawing_is_not_taken_for_words() -> None:
    # a frame drawn close around a field crosses the box its words fill: its pixels (and its halo) are left out
    red = (225, 29, 72)
    framed_blank = _png(veil=255, box=(30, 35, 160, 37), fill=red)
    assert unseen_words(framed_blank, [glyph()], (0, 0), 1, MASK, red) is not None
    assert unseen_words(framed_blank, [glyph()], (0, 0), 1, MASK) is None  # what the frame alone would pass
    framed_words = _png(box=(30, 35, 160, 37), fill=red)
    assert unseen_words(framed_words, [glyph()], (0, 0), 1, MASK, red) is None


def test_an_emoji_is_held_to_plain_text_contrast() -> None:
    # A colour emoji draws in its own colours, not the text's (hwGlyphs sends no ink): a light yellow star on white
    # promises nothing of black's 21:1, only what words on a page show.
    star = _png(words="*", colour=(200, 200, 200))
    box = glyph(x=36, y=28, w=16, h=20)
    assert unseen_words(star, [{**box, "ink": None}], (0, 0), 1, MASK) is None
    assert unseen_words(star, [box], (0, 0), 1, MASK) is not None


def test_a_box_that_is_no_place_is_left_out() -> None:
    nowhere = glyph(x=float("nan"))
    assert unseen_words(_png(veil=255), [nowhere], (0, 0), 1, MASK) is None
    assert unseen_words(_png(veil=255), [nowhere, glyph()], (0, 0), 1, MASK) is not None


def test_an_icon_stands_for_the_words_an_element_does_not_have() -> None:
    found = unseen_words(_png(veil=255), [{**glyph(), "say": ""}], (0, 0), 1, MASK)
    assert found is not None
    assert problem(found).startswith("its icon does not show in the screenshot: where the page draws it the image")


def test_each_quoted_label_must_show_where_its_element_draws_it() -> None:
    # two labels: "Publish" drawn at (40, 30), "Archive" said to be drawn at (40, 80), where the image is blank
    png = _png(size=(300, 140))
    shown = {"label": "Publish", "glyphs": [glyph()]}
    hidden = {"label": "Archive", "glyphs": [glyph(y=80)]}
    assert unseen_labels(png, [shown], (0, 0), 1, MASK) is None
    found = unseen_labels(png, [shown, hidden], (0, 0), 1, MASK)
    assert found is not None and found["label"] == "Archive" and found["promised"] == 21.0
    message = label_problem(found)
    assert message.startswith("where the page draws its words the image is almost one flat colour")
    assert "reword the `say` to what the image shows" in message
    # a label is quoted word for word: each of its words must show, where an element passes with one
    two = [glyph(), glyph(y=80)]
    assert unseen_words(png, two, (0, 0), 1, MASK) is None
    assert unseen_labels(png, [{"label": "Publish now", "glyphs": two}], (0, 0), 1, MASK) is not None
    # shown again elsewhere: one copy the image shows is enough
    hidden_twice = {**hidden, "more": [[glyph(y=100)]]}
    assert unseen_labels(png, [hidden_twice], (0, 0), 1, MASK) is not None
    assert unseen_labels(png, [{**hidden, "more": [[glyph(y=100)], [glyph()]]}], (0, 0), 1, MASK) is None
    # a label whose words could not be placed (outside the image) is not failed by the pixels
    assert unseen_labels(png, [{"label": "Far", "glyphs": [glyph(x=400)]}, {"label": "None", "glyphs": []}],
                         (0, 0), 1, MASK) is None


def test_words_in_the_colour_behind_them_do_not_show_unless_the_image_shows_them_otherwise() -> None:
    # white on white, each word: a reader sees a blank place where the text names words
    white = {"ink": [255, 255, 255], "back": [255, 255, 255]}
    blank = _png(veil=255)
    found = unseen_words(blank, [glyph(**white), glyph(x=120, **white)], (0, 0), 1, MASK)
    assert found is not None and found["faint"] == "#ffffff on #ffffff" and found["seen"] == 0
    assert problem(found).startswith("its words “Publish” do not show in the screenshot: the page draws them in "
                                     "almost the colour behind them (#ffffff on #ffffff)"), problem(found)
    # …unless the image shows them all the same (an outline or a shadow the page draws around them)
    assert unseen_words(_png(), [glyph(**white)], (0, 0), 1, MASK) is None
    # one word in colours that tell it apart: the element's words are not all faint
    assert unseen_words(blank, [glyph(**white), glyph(x=120)], (0, 0), 1, MASK) is not None  # (that one unseen)
    assert "faint" not in (unseen_words(blank, [glyph(**white), glyph(x=120)], (0, 0), 1, MASK) or {})
    # a picture's colours are its own: a flat swatch shows as itself
    swatch = {"ink": [192, 57, 43], "back": [192, 57, 43], "picture": True}
    assert unseen_words(_png(fill=(192, 57, 43), box=(30, 20, 130, 60)), [glyph(**swatch)], (0, 0), 1, MASK) is None


def test_what_the_page_could_not_read_is_held_to_plain_text_contrast_or_stands_out_from_around() -> None:
    # Another origin's picture, or an element with nothing the page reads (an icon font's ::before): no colours
    # known, so 4.5:1 is promised over its box and the rim around it. A flat red square on white shows by its edge;
    # a blank place fails, and the message says what was not read.
    swatch = _png(words="", box=(42, 32, 60, 50), fill=(192, 57, 43))
    for unread in ("foreign", "bare"):
        rim = {"box": [40, 30, 22, 22], "say": "", "ink": None, "back": None, "unread": unread}
        assert unseen_words(swatch, [rim], (0, 0), 1, MASK) is None
        found = unseen_words(_png(words=""), [rim], (0, 0), 1, MASK)
        assert found is not None and found["unread"] == unread and found["promised"] == 4.5, found
        said = problem(found)
        assert said.startswith("its picture does not show in the screenshot: it comes from another origin"
                               if unread == "foreign" else
                               "it does not show in the screenshot: it has no words, and the page cannot read the colours"), said
        assert "at least 1.35:1" in said
        # one flat colour filling the box: it shows when it stands out from the background around it (the page's)
        red = _png(words="", box=(40, 30, 62, 52), fill=(192, 57, 43))
        flat = {**rim, "box": [45, 35, 12, 12]}
        assert unseen_words(red, [{**flat, "around": [255, 255, 255]}], (0, 0), 1, MASK) is None
        assert unseen_words(red, [{**flat, "around": [190, 60, 45]}], (0, 0), 1, MASK) is not None
        assert unseen_words(red, [flat], (0, 0), 1, MASK) is not None  # nothing known around it
        # a dark veil over it all: the box is one colour unlike the white the page says lies around, but so is what
        # the image shows around it: the veil's
        veiled = _png(words="", box=(0, 0, 299, 119), fill=(40, 40, 40))
        assert unseen_words(veiled, [{**flat, "around": [255, 255, 255]}], (0, 0), 1, MASK) is not None


def test_a_css_shape_shows_by_its_colour_against_what_lies_behind_it() -> None:
    # An icon drawn with CSS shapes alone (a bar, hwShapes): its box with some of what lies behind it, colours known.
    # A dark bar on white shows; the same place under a white veil is one flat colour, and the message says what
    # the element draws.
    bar = {"box": [37, 37, 22, 8], "say": "", "ink": [51, 51, 51], "back": [255, 255, 255], "unread": "shape"}
    drawn = _png(words="", box=(40, 40, 55, 41), fill=(51, 51, 51))
    assert unseen_words(drawn, [bar], (0, 0), 1, MASK) is None
    found = unseen_words(_png(words=""), [bar], (0, 0), 1, MASK)
    assert found is not None and found["unread"] == "shape", found
    said = problem(found)
    assert said.startswith("its icon does not show in the screenshot: it has no words, and draws its icon with CSS "
                           "shapes alone"), said
    # an icon font's character in colours known (a ::before in the flow, or placed in a box of its own): said so
    found = unseen_words(_png(words=""), [{**bar, "unread": "bare"}], (0, 0), 1, MASK)
    assert found is not None and problem(found).startswith(
        "its icon does not show in the screenshot: it has no words, and draws its icon with the character of a ::before"), found


def test_a_shape_shows_by_its_colour_even_beside_one_of_its_own_grey() -> None:
    # Red beside blue: about 1.26:1 in grey, a clear difference to a reader; a shape is read channel by channel.
    red_blue = Image.new("RGB", (120, 60), "white")
    ImageDraw.Draw(red_blue).rectangle((40, 20, 51, 43), fill=(192, 57, 43))
    ImageDraw.Draw(red_blue).rectangle((52, 20, 63, 43), fill=(41, 128, 185))
    out = BytesIO()
    red_blue.save(out, "PNG")
    half = {"box": [40, 20, 15, 24], "say": "", "ink": [192, 57, 43], "back": [255, 255, 255], "unread": "shape"}
    assert unseen_words(out.getvalue(), [half], (0, 0), 1, MASK) is None
    assert unseen_words(out.getvalue(), [{**half, "unread": ""}], (0, 0), 1, MASK) is not None  # words: by grey


def test_a_shape_in_the_colour_said_behind_it_is_read_only_where_the_image_shows_another() -> None:
    # White bars the page says lie on white (`doubt`: a face a closed shadow root paints behind them is out of reach).
    # The image showing white there: nothing to read. A dark face with the white bar on it shows; the same place all
    # dark (a veil of the face's colour) is flat, and the message says what the page believes.
    bar = {"box": [37, 37, 22, 8], "say": "", "ink": [255, 255, 255], "back": [255, 255, 255], "unread": "doubt"}
    assert unseen_words(_png(words=""), [bar], (0, 0), 1, MASK) is None
    face = Image.new("RGB", (120, 80), "white")
    ImageDraw.Draw(face).rectangle((30, 30, 65, 50), fill=(31, 41, 55))
    ImageDraw.Draw(face).rectangle((40, 40, 55, 41), fill=(255, 255, 255))
    shown, veiled = BytesIO(), BytesIO()
    face.save(shown, "PNG")
    ImageDraw.Draw(face).rectangle((30, 30, 65, 50), fill=(31, 41, 55))
    face.save(veiled, "PNG")
    assert unseen_words(shown.getvalue(), [bar], (0, 0), 1, MASK) is None
    found = unseen_words(veiled.getvalue(), [bar], (0, 0), 1, MASK)
    assert found is not None and found["unread"] == "doubt", found
    assert "in the colour the page says lies behind them, yet the image shows another colour there" in problem(found)


def test_words_drawn_transparent_do_not_show_unless_masked() -> None:
    # A button in a loading state draws its words transparent, a spinner in their place (`clear`, hwGlyphs): whatever
    # the image shows there, they do not show; the box all in the mask's colour is masked on purpose.
    words = {"box": [37, 27, 60, 20], "say": "Menu", "ink": None, "back": None, "clear": True}
    spinner = _png(words="", box=(60, 30, 72, 42), fill=(0, 0, 0))
    found = unseen_words(spinner, [words], (0, 0), 1, MASK)
    assert found is not None and found["clear"], found
    assert problem(found).startswith("its words “Menu” do not show in the screenshot: the page draws them transparent")
    assert unseen_words(_png(words="", box=(30, 20, 110, 60), fill=MASK), [words], (0, 0), 1, MASK) is None
