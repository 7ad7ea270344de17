"""Visible means visible in the published image; quoted labels are checked on the first capture.

Against a tiny site (tests/tiny_visibility.py) on 127.0.0.1, in real Chromium: what the DOM
holds but a reader does not see (a screen-reader-only label, a row action parked off-screen,
a hidden file input, a clipped button, a button under a modal) fails its step with a located
message; what can be scrolled into view is; `{guilabel}` and `{menuselection}` labels must
show in the step's image, in that language. One capture run per module serves every test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from builder.capture import capture_project
from builder.capture.annotate import HIGHLIGHT_RGB
from builder.content.loading import load_project as _LOAD
from tests.pixels import colour_points
from tests.tiny_visibility import ICON_PAGES, tiny_visibility

pytestmark = pytest.mark.browser

QUICK = {"timeout": 1}


def _project(root: Path, url: str, languages: list[str], scenarios: list[dict[str, Any]]) -> Path:
    data = {"name": "Tiny", "base_url": url, "languages": languages, "topics": {"t": {"title": "T"}},
            "language_switch": {"query_param": "lang"}}
    (root / "content" / "scenarios").mkdir(parents=True)
    (root / "content" / "uploads").mkdir()
    (root / "content" / "uploads" / "notes.txt").write_text("notes\n", encoding="utf-8")
    (root / "content" / "platform.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for scenario in scenarios:
        full = {"title": "A task", "summary": "A task.", "audience": ["member"], "topic": "t", **scenario}
        path = root / "content" / "scenarios" / f"{scenario['id']}.yaml"
        path.write_text(yaml.safe_dump(full, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


UPLOAD = {"upload": {"css": "#f"}, "files": ["uploads/notes.txt"], "say": "Choose the file."}

SEEN = [
    {"id": "sronly-text", "start": "/sronly", "steps": [
        {"expect": {"text": "Saved"}, "say": "The page says it is saved.", **QUICK}]},
    {"id": "sronly-then-shown", "start": "/sronly-then-shown", "steps": [
        {"expect": {"text": "Saved"}, "say": "The page says it is saved."}]},
    {"id": "row-action", "start": "/rows", "steps": [
        {"expect": {"target": {"role": "link", "name": "Edit"}}, "say": "Edit is there.", **QUICK}]},
    {"id": "row-action-hovered", "start": "/rows", "steps": [
        {"hover": {"css": "#row"}, "say": "Point at the row."},
        {"click": {"role": "link", "name": "Edit"}, "say": "Click Edit."}]},
    {"id": "upload-one", "start": "/upload-one", "steps": [
        UPLOAD, {"expect": {"text": "notes.txt"}, "say": "The file is chosen."}]},
    {"id": "upload-two", "start": "/upload-two", "steps": [UPLOAD]},
    {"id": "upload-none", "start": "/upload-none", "steps": [UPLOAD]},
    {"id": "clipped", "start": "/clipped", "steps": [
        {"click": {"role": "button", "name": "Hidden away"}, "say": "Click it.", **QUICK}]},
    {"id": "modal", "start": "/modal", "steps": [
        {"click": {"role": "button", "name": "Behind"}, "say": "Click it.", **QUICK}]},
    {"id": "text-unseen", "start": "/icons", "steps": [
        {"expect": {"text": "Secret"}, "say": "It says Secret.", **QUICK}]},
    {"id": "text-seen", "start": "/icons", "steps": [{"expect": {"text": "Contact"}, "say": "It says Contact."}]},
    {"id": "veil", "start": "/veil", "steps": [
        {"click": {"role": "button", "name": "Veiled"}, "say": "Click it.", **QUICK}]},
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Veiled"}, "say": "Click it.", **QUICK}]}
      for page in ("veil-in-shadow", "veil-beside", "gradient-veil", "gradient-shine", "slotted-veil", "closed-veil",
                   "fading-veil")),
    *({"id": page, "start": f"/{page}", "steps": [{"click": {"role": "button", "name": "Shown"}, "say": "Click it."}]}
      for page in ("shell", "card-ring", "underline", "gradient-text", "fading-clear")),
    {"id": "faded-component", "start": "/faded-component", "steps": [
        {"expect": {"target": {"role": "button", "name": "Faded"}}, "say": "See it.", **QUICK}]},
    {"id": "glass", "start": "/glass", "steps": [
        {"expect": {"target": {"role": "button", "name": "Under glass"}}, "say": "See {guilabel}`Under glass`."}]},
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "link", "name": "Summer sale"}, "say": "Open the sale.", **QUICK}]}
      for page in ("caption", "caption-veiled")),
    {"id": "caption-label", "start": "/caption", "steps": [
        {"click": {"role": "link", "name": "Summer sale"}, "say": "Open {guilabel}`Summer sale`."}]},
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Synced"}, "say": "Click it.", **QUICK}]}
      for page in ("card-before", "card-after")),
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Menu"}, "say": "Open the menu.", **QUICK}]}
      for page in ("icon", "icon-veiled", "img-icon", "img-icon-veiled", "img-swatch", "img-icon-foreign",
                   "img-icon-foreign-veiled", "img-swatch-foreign", "img-blank-foreign", "font-icon", "font-icon-veiled",
                   "bg-icon-veiled", "css-swatch")),
    *({"id": page, "start": f"/{page}", "steps": [{"click": {"role": "link", "name": "Menu"}, "say": "Open it.",
                                                    **QUICK}]}
      for page in ("font-icon-inner", "font-icon-inner-veiled")),
    *({"id": page, "start": f"/{page}", "steps": [{"click": {"role": "button", "name": "Menu"}, "say": "Open it.",
                                                    **QUICK}]}
      for page in ICON_PAGES),
    {"id": "crop-scroll", "start": "/crop-scroll", "steps": [
        {"click": {"role": "button", "name": "Shown"}, "say": "Click it.", "shot": {"crop": "#box", "padding": 8}}]},
    {"id": "closed-veil-field", "start": "/closed-veil-field", "steps": [
        {"fill": {"label": "Name"}, "value": "Ada", "say": "Type your name.", **QUICK}]},
    *({"id": f"state-layer-{name.lower()}", "start": "/state-layer", "steps": [
        {"expect": {"target": {"role": "button", "name": name}}, "say": f"See {{guilabel}}`{name}`.", **QUICK}]}
      for name in ("Keep", "Drop")),
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay."}]}
      for page in ("label-veiled", "label-misted", "label-twice")),
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Open {guilabel}`Language`, then pay."}]}
      for page in ("label-badge", "badge-veiled")),
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay.",
         "shot": {"full_page": True, **({"crop": "#box"} if page.endswith("crop") else {})},
         **(QUICK if page in ("label-below-banner", "label-below-component") else {})}]}
      for page in ("label-below", "label-below-crop", "label-below-banner", "label-below-fixed",
                   "label-below-component")),
    *({"id": page, "start": f"/{page}", "steps": [{"hover": {"css": css}, "say": "Point at it."}]}
      for page, css in (("foreign-dot", "#name"), ("nested-slot", "#save"))),
    {"id": "foreign-in-nav", "start": "/foreign-in-nav", "steps": [
        {"click": {"role": "button", "name": "Go"}, "say": "Check {guilabel}`Deals`, then go.", **QUICK}]},
    {"id": "label-below-notice", "start": "/label-below-notice", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay.",
         "shot": {"full_page": True}},
        {"expect": {"target": {"css": "#notice"}}, "say": "Read the notice."}]},
    {"id": "closed-own", "start": "/closed-own", "steps": [{"hover": {"css": "x-send"}, "say": "Point at it."}]},
    *({"id": page, "start": f"/{page}", "steps": [{"hover": {"css": "#card"}, "say": "Read it.", **QUICK}]}
      for page in ("closed-pseudo", "closed-picture", "foreign-picture", "closed-saved-text", "open-banner-words",
                   "frame-over", "wrap-after", "clear-shape", "picture-letterboxed")),
    {"id": "label-bannered-going", "start": "/label-bannered-going", "steps": [
        {"expect": {"target": {"role": "button", "name": "Pay"}}, "say": "See {menuselection}`Pay --> Total due`."}]},
    {"id": "faint-placeholder", "start": "/faint-placeholder", "steps": [
        {"hover": {"label": "Search"}, "say": "Point at the search field."}]},
    {"id": "label-bannered", "start": "/label-bannered", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay.", **QUICK}]},
    {"id": "label-bannered-result", "start": "/label-bannered", "steps": [
        {"expect": {"target": {"role": "button", "name": "Pay"}}, "say": "See {menuselection}`Pay --> Total due`.",
         **QUICK}]},
    {"id": "label-veiled-result", "start": "/label-veiled", "steps": [  # the menu's second level: the result's
        {"expect": {"target": {"role": "button", "name": "Pay"}}, "say": "See {menuselection}`Pay --> Total due`."}]},
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Send"}, "say": "Send it.", **({} if page.endswith("going") else QUICK)}]}
      for page in ("closed-banner", "closed-banner-going", "closed-saving", "closed-clear")),
    *({"id": page, "start": f"/{page}", "steps": [{"click": {"role": "button", "name": "Delete"}, "say": "Delete it."}]}
      for page in ("white-on-white", "white-outlined")),
    {"id": "decor", "start": "/decor", "steps": [
        {"click": {"role": "button", "name": "Decorated"}, "say": "Click it."}]},
    {"id": "saving", "start": "/saving", "steps": [
        {"click": {"role": "button", "name": "Send"}, "say": "Click it.", **QUICK}]},
    {"id": "dot", "start": "/saving", "steps": [{"click": {"role": "link", "name": "Inbox"}, "say": "Click it."}]},
    {"id": "shadow", "start": "/shadow", "steps": [
        {"click": {"role": "button", "name": "Shadowed"}, "say": "Click {guilabel}`Shadowed`."}]},
    {"id": "smooth", "start": "/smooth", "steps": [
        {"click": {"role": "button", "name": "Smoothly below"}, "say": "Click it."}]},
    {"id": "effects", "start": "/effects", "steps": [
        {"click": {"role": "button", "name": "Under effects"}, "say": "Click it."}]},
    *({"id": page, "start": f"/{page}", "steps": [{"click": {"role": "button", "name": "Target"}, "say": "Click it."}]}
      for page in ("words-light", "words-shadow")),
    {"id": "far", "start": "/far", "steps": [{"click": {"role": "button", "name": "Far below"}, "say": "Click it."}]},
    {"id": "select-missing", "start": "/form", "steps": [
        {"select": {"label": "Colour"}, "option": "Blue", "say": "Choose blue.", **QUICK}]},
    {"id": "details-closed", "start": "/details-closed", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay.", **QUICK}]},
    {"id": "unrendered-menu", "start": "/unrendered-menu", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Open {menuselection}`Settings`, then pay.", **QUICK}]},
    {"id": "inner-scroll", "start": "/inner-scroll", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay."}]},
    {"id": "masked-target", "start": "/masked", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Click it.", "shot": {"mask": ["#pay"]}}]},
    {"id": "masked-label", "start": "/masked", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay.",
         "shot": {"mask": ["#due"]}}]},
    {"id": "masked-beside", "start": "/masked", "steps": [
        {"click": {"role": "button", "name": "Back"}, "say": "Go back.", "shot": {"mask": ["#pay"]}}]},
    {"id": "placeholder-words", "start": "/placeholder-words", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Pay.", **QUICK}]},
    {"id": "thumbnail", "start": "/thumbnail", "steps": [
        {"expect": {"target": {"role": "button", "name": "Pay"}}, "say": "See Pay."}]},
    {"id": "thumbnail-only", "start": "/thumbnail", "steps": [
        {"click": {"role": "button", "name": "Pay", "nth": 0}, "say": "Pay.", **QUICK}]},
    *({"id": page, "start": f"/{page}", "steps": [
        {"expect": {"target": {"role": "button", "name": "Pay"}}, "say": "See {guilabel}`Pay`."}]}
      for page in ("click-catcher", "stretched-card")),
    {"id": "click-catcher-click", "start": "/click-catcher", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Pay.", **QUICK}]},
    {"id": "label-value", "start": "/label-value", "steps": [
        {"click": {"role": "button", "name": "Pay"}, "say": "Check the {guilabel}`Total due`, then pay."}]},
    {"id": "status-words", "start": "/status-words", "steps": [
        {"click": {"role": "button", "name": "Send"}, "say": "Send it.", **QUICK}]},
    {"id": "contents-link", "start": "/contents-link", "steps": [
        {"click": {"role": "link", "name": "Menu"}, "say": "Open it.", **QUICK}]},
    *({"id": page, "start": f"/{page}", "steps": [
        {"click": {"role": "button", "name": "Go"}, "say": "Check the {guilabel}`Total due`, then go.", **QUICK}]}
      for page in ("frame-label", "frame-label-veiled")),
    {"id": "tall-form", "start": "/tall-form", "steps": [
        {"expect": {"target": {"css": "#f"}}, "say": "The form opens with {guilabel}`Field 0`."}]},
    {"id": "carousel", "start": "/carousel", "steps": [
        {"click": {"role": "button", "name": "Buy two"}, "say": "Buy two.", **QUICK}]},
    {"id": "masked-field", "start": "/masked-field", "steps": [
        {"click": {"label": "Email"}, "say": "Click the {guilabel}`Email` field.", "shot": {"mask": ["#u"]}}]},
    {"id": "badge-one", "start": "/badge-one", "steps": [
        {"expect": {"text": "1"}, "say": "The badge shows {guilabel}`1`."}]},
    {"id": "pop-menu", "start": "/pop-menu", "steps": [
        {"click": {"role": "button", "name": "More"}, "say": "Click {guilabel}`More`."},
        {"click": {"role": "button", "name": "Rename"}, "say": "Click {guilabel}`Rename`."}]},
    {"id": "misroled", "start": "/switch", "steps": [
        {"click": {"role": "button", "name": "Notify"}, "say": "Turn it on.", **QUICK}]},
    {"id": "misnamed", "start": "/labels", "steps": [
        {"click": {"role": "button", "name": "Publsh"}, "say": "Publish.", **QUICK}]},
]


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    with tiny_visibility() as url:
        root = _project(tmp_path_factory.mktemp("seen"), url, ["en"], SEEN)
        summary = capture_project(root, progress=False)
        yield root, {r.scenario: r for r in summary.results}


def where(root: Path, scenario: str, text: str, after: str = "") -> str:
    """``content/scenarios/<id>.yaml:line:col`` of the first ``text`` (after the line holding ``after``)."""
    lines = (root / "content" / "scenarios" / f"{scenario}.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    for number, line in enumerate(lines[start:], start + 1):
        if text in line:
            return f"content/scenarios/{scenario}.yaml:{number}:{line.index(text) + 1}"
    raise AssertionError(f"{text} not in {scenario}")


def _red_points(path: Path) -> list[tuple[int, int]]:
    return colour_points(path, HIGHLIGHT_RGB, 6)


def test_a_screen_reader_only_text_does_not_satisfy_expect_text(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    assert got["sronly-text"].status == "failed"
    cause = got["sronly-text"].cause
    assert "expected text “Saved”: the page holds it, but the screenshot would not show it" in cause
    assert "screen-reader-only" in cause
    assert got["sronly-text"].source == where(root, "sronly-text", "expect:")


def test_expect_text_highlights_the_match_a_reader_sees(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    assert got["sronly-then-shown"].status == "passed", got["sronly-then-shown"].message()
    import json

    manifest = json.loads((root / "screenshots" / "en" / "sronly-then-shown" / "manifest.json").read_text())
    box = manifest["images"][0]["target"]["box"]
    assert box[2] > 2 and box[3] > 2  # the visible paragraph, not the 1-px label
    assert _red_points(root / "screenshots" / "en" / "sronly-then-shown" / "01.png")


def test_a_row_action_parked_off_screen_fails_until_hovered(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    assert got["row-action"].status == "failed"
    cause = got["row-action"].cause
    assert "the screenshot would not show it: it is outside the screenshot (x=-" in cause
    assert "add a `hover:` step" in cause
    assert got["row-action-hovered"].status == "passed", got["row-action-hovered"].message()
    points = _red_points(root / "screenshots" / "en" / "row-action-hovered" / "02.png")
    assert points and min(x for x, _ in points) >= 0


def test_a_hidden_file_input_is_framed_through_its_one_visible_opener(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    assert got["upload-one"].status == "passed", got["upload-one"].message()
    assert got["upload-one"].proxies == [{"step": 1, "target": "css “#f”", "shown": "button.btn “Select files…”"}]
    from builder.shots.report import CaptureSummary, proxy_lines

    assert proxy_lines(CaptureSummary(results=[got["upload-one"]])) == [
        ("note: en/upload-one step 1: css “#f” is a hidden file input; the screenshot frames its visible opener, "
         "button.btn “Select files…” (name it with `highlight:` to choose another)")]
    points = _red_points(root / "screenshots" / "en" / "upload-one" / "01.png")
    assert points and min(x for x, _ in points) > 0  # the button's frame, inside the image
    assert got["upload-two"].status == "failed"
    assert ("is a hidden file input that 2 visible controls may open (button.btn “Select files…”, "
            "button.btn “Select folder…”): add `highlight:`") in got["upload-two"].cause
    assert got["upload-none"].status == "failed"
    assert ("css “#f” would not show in the screenshot: it is outside the screenshot (x=-1770, y=100, "
            in got["upload-none"].cause)
    assert "or be a hidden file input (point `highlight:` at the visible control that opens it)" in \
        got["upload-none"].cause


def test_a_button_clipped_by_its_box_fails(seen: tuple[Path, dict[str, Any]]) -> None:
    _root, got = seen
    assert got["clipped"].status == "failed"
    cause = got["clipped"].cause
    assert "button “Hidden away” would not show in the screenshot: it is cut off by div “A first line" in cause
    assert "which hides its overflow" in cause


def test_a_button_under_a_modal_fails_naming_what_covers_it(seen: tuple[Path, dict[str, Any]]) -> None:
    _root, got = seen
    assert got["modal"].status == "failed"
    assert "div#backdrop “Please accept the terms first.” covers its centre" in got["modal"].cause


def test_an_expected_text_in_the_colour_of_its_background_does_not_show(seen: tuple[Path, dict[str, Any]]) -> None:
    _root, got = seen
    assert got["text-seen"].status == "passed", got["text-seen"].cause  # white on dark blue
    assert got["text-unseen"].status == "failed", "white words on a white page passed as shown"
    assert "expected text “Secret”: the page holds it, but the screenshot would not show it: its words do not " \
           "show" in got["text-unseen"].cause, got["text-unseen"].cause


def test_a_veil_an_ancestor_draws_with_a_pseudo_element_covers_the_button(seen: tuple[Path, dict[str, Any]]) -> None:
    # hit, a ::after counts as the form that draws it, which holds the button: no hit test tells them apart
    _root, got = seen
    assert got["saving"].status == "failed", "a button under its form's white ::after passed as shown"
    assert "the ::after of form.saving “Send” covers its centre" in got["saving"].cause, got["saving"].cause
    assert got["dot"].status == "passed", got["dot"].cause  # a dot beside the link covers nothing


def test_a_button_in_a_shadow_root_on_a_smooth_page_or_under_a_clear_canvas_shows(
        seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen  # the shadow root's button is quoted as {guilabel}: its words there count
    for scenario in ("shadow", "smooth", "effects"):
        assert got[scenario].status == "passed", f"{scenario}: {got[scenario].cause}"
        assert _red_points(root / "screenshots" / "en" / scenario / "01.png")
    # In view already, the shadow root's button is not scrolled to the middle (taken as covered by its host)
    assert min(y for _x, y in _red_points(root / "screenshots" / "en" / "shadow" / "01.png")) > 560


def test_a_button_in_a_component_drawn_at_opacity_zero_is_not_seen(seen: tuple[Path, dict[str, Any]]) -> None:
    # the opacity is the host's, above the shadow root: it counts as an ancestor's does
    _root, got = seen
    assert got["faded-component"].status == "failed", "a button in an invisible component passed as shown"
    assert "it is transparent (opacity 0)" in got["faded-component"].cause, \
        got["faded-component"].cause


def test_the_badge_keeps_off_a_components_words_as_off_the_pages(seen: tuple[Path, dict[str, Any]]) -> None:
    # the same words above the button, in the page or in a component's shadow root: the badge goes to one place
    root, got = seen
    assert got["words-light"].status == "passed" and got["words-shadow"].status == "passed"
    light, shadow = (_red_points(root / "screenshots" / "en" / page / "01.png") for page in ("words-light", "words-shadow"))
    assert light and light == shadow


def test_a_veil_that_lets_clicks_through_still_covers_the_button(seen: tuple[Path, dict[str, Any]]) -> None:
    # elementFromPoint does not see an element with `pointer-events: none`; the reader sees it
    _root, got = seen
    assert got["veil"].status == "failed", "a button under a white veil passed as shown"
    assert "div#veil “Loading…” covers its centre" in got["veil"].cause, got["veil"].cause


def test_a_veil_in_a_shadow_root_or_painted_with_a_gradient_covers_the_button(
        seen: tuple[Path, dict[str, Any]]) -> None:
    # in a component over the page, in the button's own component, or a white gradient rather than a colour
    _root, got = seen
    for scenario in ("veil-in-shadow", "veil-beside", "gradient-veil", "slotted-veil"):
        assert got[scenario].status == "failed", f"{scenario}: a button under a white veil passed as shown"
        assert "“Loading…” covers its centre" in got[scenario].cause, got[scenario].cause


def test_a_cards_before_paints_behind_its_positioned_words_and_its_after_over_them(
        seen: tuple[Path, dict[str, Any]]) -> None:
    # in the card's stacking context, its ::before comes first in tree order: a positioned child paints over it
    _root, got = seen
    assert got["card-before"].status == "passed", got["card-before"].cause
    assert got["card-after"].status == "failed", "a button under its card's dark ::after passed as shown"
    assert "the ::after of div.card “Synced” covers its centre" in got["card-after"].cause, got["card-after"].cause


def test_a_quoted_label_under_a_state_layer_that_paints_nothing_shows(seen: tuple[Path, dict[str, Any]]) -> None:
    # a button's clear state layer over its word is glass to a reader; one whose ::after paints white is not
    _root, got = seen
    assert got["state-layer-keep"].status == "passed", got["state-layer-keep"].cause
    drop = got["state-layer-drop"]
    assert drop.status == "failed"
    assert "{guilabel} “Drop” [en] is not visible in the screenshot of step 1" in drop.cause, drop.cause


def test_words_the_image_does_not_show_fail_the_step_whatever_the_dom_says(seen: tuple[Path, dict[str, Any]]) -> None:
    # A veil in a closed shadow root (no page script sees it), and a list faded to white over its last row: the DOM
    # checks pass both; the screenshot's pixels, where the button's word is drawn, are one flat colour.
    root, got = seen
    for scenario in ("closed-veil", "fading-veil"):
        result = got[scenario]
        assert result.status == "failed", f"{scenario}: a button the image does not show passed as shown"
        assert "step 1 (click button “Veiled”): its words “Veiled” do not show in the screenshot" in result.cause, \
            result.cause
        assert "wait for it to go with a `wait_for` step" in result.cause
        assert result.source == where(root, scenario, "click:")
        assert not (root / "screenshots" / "en" / scenario).exists()  # nothing published
    # a field's words are its value, or its placeholder while shown
    field = got["closed-veil-field"]
    assert field.status == "failed", "a field the image does not show passed as shown"
    assert "step 1 (fill label “Name”): its words “Your full name” do not show in the screenshot" in field.cause, \
        field.cause
    # white words over a dark picture: nothing known behind them, they must show as words on a page would
    assert got["caption"].status == "passed", got["caption"].cause
    assert got["caption-label"].status == "passed", got["caption-label"].cause  # quoted: the same words, read so
    assert got["caption-veiled"].status == "failed", "white words under a white veil passed as shown"
    assert "its words “Summer sale” do not show in the screenshot" in got["caption-veiled"].cause
    # an element without words: its icon, drawn in one colour, stands for them
    assert got["icon"].status == "passed", got["icon"].cause
    assert got["icon-veiled"].status == "failed", "an icon button the image does not show passed as shown"
    assert "step 1 (click button “Menu”): its icon does not show in the screenshot" in got["icon-veiled"].cause
    # …or its picture (an <img> icon), drawn in colours of its own
    assert got["img-icon"].status == "passed", got["img-icon"].cause
    assert got["img-icon-veiled"].status == "failed", "a picture button the image does not show passed as shown"
    assert "its icon does not show in the screenshot" in got["img-icon-veiled"].cause, got["img-icon-veiled"].cause
    # a flat swatch draws no contrast of its own: nothing its pixels could fail to show
    assert got["img-swatch"].status == "passed", got["img-swatch"].cause
    # another origin's picture, whose pixels no page script may read: it must show against what lies around it
    assert got["img-icon-foreign"].status == "passed", got["img-icon-foreign"].cause
    assert got["img-swatch-foreign"].status == "passed", got["img-swatch-foreign"].cause
    for page in ("img-icon-foreign-veiled", "img-blank-foreign"):
        assert got[page].status == "failed", f"{page}: a picture from another origin the image does not show passed"
        assert "its picture does not show in the screenshot: it comes from another origin" in got[page].cause, \
            got[page].cause
    # no words, SVG nor picture in the DOM (an icon font's ::before, a background picture): its box must show
    assert got["font-icon"].status == "passed", got["font-icon"].cause
    assert got["css-swatch"].status == "passed", got["css-swatch"].cause  # a flat box: no contrast of its own
    assert got["font-icon-inner"].status == "passed", got["font-icon-inner"].cause  # drawn by an <i> inside it
    # icon-only buttons as platforms draw them: each shows, and each under a veil only the pixels tell fails
    for page in ICON_PAGES:
        if page == "slot-busy-layer":  # what covers the button is slotted into it, placed over it
            assert got[page].status == "failed" and "covers its centre" in got[page].cause, (page, got[page].cause)
        elif page == "busy-layer-inside":  # held by the button, placed over its icon, a spinner of its own on it
            assert got[page].status == "failed" and "span, lies over its words" in got[page].cause, got[page].cause
        elif page.startswith("busy-"):  # the same, its spinner a character or words, or drawn by a ::after
            layer = {"busy-char-inside": "span “⟳”", "busy-icon-char": "span “⟳”", "busy-words-inside": "span “Wait…”",
                     "busy-own-after": "button.ba “Menu” (its ::after)", "busy-child-after": "i (its ::after)",
                     "busy-dots-inside": "span “…”", "busy-before-face": "button.o.busy “Menu” (its ::before)"}[page]
            assert got[page].status == "failed" and f"{layer}, lies over its words" in got[page].cause, got[page].cause
        elif page == "clear-words-busy":  # its words drawn transparent, a spinner in their place
            assert got[page].status == "failed" and "the page draws them transparent" in got[page].cause, got[page].cause
        elif page.endswith(("-veiled", "-covered")):
            assert got[page].status == "failed", f"{page}: an icon the image does not show passed"
            assert re.search(r"(does|do) not show in the screenshot", got[page].cause), got[page].cause
        else:
            assert got[page].status == "passed", (page, got[page].cause)
    for page in ("font-icon-veiled", "bg-icon-veiled", "font-icon-inner-veiled", "placed-icon-covered"):
        assert got[page].status == "failed", f"{page}: an icon the image does not show passed"
        assert ("it does not show in the screenshot: it has no words, and the page cannot read the colours of the icon"
                if page.startswith("bg-") else "its icon does not show in the screenshot: it has no words, and draws its "
                "icon with the character of a ::before or ::after") in got[page].cause, got[page].cause
    # CSS shapes alone: each veiled one fails, saying so
    for page in ("bars-icon-veiled", "bars-pseudo-veiled", "chevron-icon-veiled", "toggle-knob-veiled",
                 "knob-shadow-veiled", "knob-shadow-span-veiled", "knob-shadow-pale-veiled"):
        assert "draws its icon with CSS shapes alone" in got[page].cause, got[page].cause
    # words read where the image shows them: in a crop whose fit scrolled the page after they were measured
    assert got["crop-scroll"].status == "passed", got["crop-scroll"].cause
    # the same fade over the list's first row leaves its word clear: it passes, highlighted
    assert got["fading-clear"].status == "passed", got["fading-clear"].cause


def test_what_a_closed_shadow_root_draws_over_the_words_letting_clicks_through_covers_them(
        seen: tuple[Path, dict[str, Any]]) -> None:
    # No page script reads a closed shadow root, and its layer lets clicks through: Chromium's own hit test finds it
    # over the button's words. A banner's own words, or a spinner, would pass the pixel check for the button's. Under
    # the spinner, clear in its middle, the white layer it sits on is found.
    root, got = seen
    for scenario, by in (("closed-banner", "div “We use cookies. We use cookies. We use c”"), ("closed-saving", "div")):
        result = got[scenario]
        assert result.status == "failed", f"{scenario}: a button a closed component covers passed as shown"
        assert (f"step 1 (click button “Send”): button “Send” does not show in the screenshot: {by}, drawn in a closed "
                "shadow root (which no page script can read) and letting clicks through (pointer-events: none), lies "
                "over its words; wait for it to go") in result.cause, result.cause
        assert result.source == where(root, scenario, "click:")
        assert not (root / "screenshots" / "en" / scenario).exists()  # nothing published
        # the failure screenshot is the image the step would have published: its highlight is drawn
        assert result.failure_screenshot and _red_points(root / result.failure_screenshot), result.failure_screenshot
    # a quoted label under such a banner: its words are not the label's; failed at the `say` quoting it, for the
    # step's image or for the result's
    label = got["label-bannered"]
    assert label.status == "failed", "a quoted label a closed component covers passed as shown"
    assert ("step 1 (click button “Pay”): {guilabel} “Total due” [en] does not show in the screenshot of step 1: div "
            "“We use cookies. We use cookies. We use c”, drawn in a closed shadow root (which no page script can read) "
            "and letting clicks through (pointer-events: none), lies over its words") in label.cause, label.cause
    assert label.source == where(root, "label-bannered", "say:")
    assert label.failure_screenshot and _red_points(root / label.failure_screenshot)
    result = got["label-bannered-result"]
    assert result.status == "failed", "a quoted label a closed component covers in the result passed as shown"
    assert result.cause.startswith("the result screenshot: {menuselection} “Pay --> Total due”, level 2 “Total due” "
                                   "[en] (quoted by step 1) does not show in the result screenshot: div “We use "
                                   "cookies."), result.cause
    # painting with a ::before or a picture covers too; so does a banner that takes clicks, in the page itself, over
    # the card's only words (the page-side checks judge the card's middle alone)
    for scenario, by in (("closed-pseudo", "div.l (its ::before), drawn in a closed shadow root"),
                         ("closed-picture", "rect, drawn in a closed shadow root"),
                         # a picture from another origin, whose pixels no page script may read, drawing words
                         ("foreign-picture", "img, drawn in a closed shadow root"),
                         ("open-banner-words", "div “We use cookies. We use cookies. We use c”, lies over its words"),
                         ("frame-over", "iframe, letting clicks through"),
                         ("wrap-after", "div.wrap “Order summary” (its ::after), lies over its words")):
        result = got[scenario]
        assert result.status == "failed", f"{scenario}: a card whose words something covers passed as shown"
        assert f"css “#card” does not show in the screenshot: {by}" in result.cause, result.cause
    # another origin's opaque picture inside a menu, over its only link: the menu holds it, but it is not the words
    nav = got["foreign-in-nav"]
    assert nav.status == "failed", "a label under an opaque picture inside its menu passed"
    assert "{guilabel} “Deals” [en] does not show in the screenshot of step 1: img#block" in nav.cause, nav.cause
    # a layer that goes is waited for; a clear one over the whole page, its toast far from the button, covers nothing,
    # nor words of its own far from the card's; nor does what a control's own closed shadow root draws
    # …nor a clear SVG shape; a layer over a label quoted for the result is waited for as in a step; a faint hint in a
    # field is no word of the field's
    # …nor a picture letterboxed far from the words (object-fit: contain), its box over them; nor another origin's
    # picture only touching the words (clear but for a dot in its corner); nor a span slotted through two components'
    # open shadow roots (the element's own words)
    for scenario in ("closed-banner-going", "closed-clear", "closed-saved-text", "closed-own", "clear-shape",
                     "label-bannered-going", "faint-placeholder", "picture-letterboxed", "foreign-dot", "nested-slot"):
        assert got[scenario].status == "passed", got[scenario].cause
        assert _red_points(root / "screenshots" / "en" / scenario / "01.png")


def test_words_drawn_in_the_colour_behind_them_do_not_show(seen: tuple[Path, dict[str, Any]]) -> None:
    # The page's own colours promise nothing (white on white) and the image shows nothing there: the reader sees an
    # empty button where the text says "Delete". Outlined by a dark shadow, the same words read: they pass.
    root, got = seen
    result = got["white-on-white"]
    assert result.status == "failed", "words drawn in their background's colour passed as shown"
    assert ("step 1 (click button “Delete”): its words “Delete” do not show in the screenshot: the page draws them "
            "in almost the colour behind them (#ffffff on #ffffff), and the image shows nothing else there, so a "
            "reader sees no words") in result.cause, \
        result.cause
    assert result.source == where(root, "white-on-white", "click:")
    assert got["white-outlined"].status == "passed", got["white-outlined"].cause


def test_a_quoted_label_the_image_does_not_show_fails_at_its_say(seen: tuple[Path, dict[str, Any]]) -> None:
    # "Total due" is in the DOM, in view, and no page script sees the veil over it (a closed shadow root): the
    # image's pixels, where its words are drawn, are one flat colour
    root, got = seen
    veiled = got["label-veiled"]
    assert veiled.status == "failed", "a quoted label the image does not show passed as shown"
    assert ("step 1 (click button “Pay”): {guilabel} “Total due” [en] does not show in the screenshot of step 1: "
            "where the page draws its words the image is almost one flat colour") in veiled.cause, veiled.cause
    assert "reword the `say` to what the image shows" in veiled.cause
    assert veiled.source == where(root, "label-veiled", "say: Check"), veiled.source
    assert not (root / "screenshots" / "en" / "label-veiled").exists()  # nothing published
    # a light veil leaves the words readable
    assert got["label-misted"].status == "passed", got["label-misted"].cause
    # the label shown a second time, in full view: the reader finds it there
    assert got["label-twice"].status == "passed", got["label-twice"].cause
    # the label's own words are read, each of them: a badge shown beside a veiled "Language" does not stand for it
    assert got["label-badge"].status == "failed", "a veiled label passed on its badge's words"
    assert "{guilabel} “Language” [en] does not show in the screenshot of step 1" in got["label-badge"].cause
    assert got["badge-veiled"].status == "passed", got["badge-veiled"].cause  # the badge's words are not the label's
    # in a full-page shot, below the first screen too (as strictly as in view: what lies behind is read up the tree),
    # cropped or not
    for page in ("label-below", "label-below-crop"):
        assert got[page].status == "failed", f"{page}: a veiled label below the first screen passed in a full-page shot"
        assert "{guilabel} “Total due” [en] does not show in the screenshot of step 1" in got[page].cause
    # a banner drawing words of its own over it there (its ink is not the label's): Chromium's hit test, which sees
    # only the viewport, is asked with the page scrolled to the label, and the page's scroll put back
    # (a panel with words, fixed to the middle of the viewport, lies over the label when it is scrolled there, but not
    # in the image: the label is asked again, placed nearer the viewport's top); so does one that a component inside
    # the line's box draws in its open shadow root (its words are not the line's)
    for page in ("label-below-banner", "label-below-component"):
        banner = got[page]
        assert banner.status == "failed", f"{page}: a label under a banner with words, below the first screen, passed"
        assert ("{guilabel} “Total due” [en] does not show in the screenshot of step 1: div “We use cookies. We use "
                "cookies. We use c”, letting clicks through (pointer-events: none), lies over its words") in banner.cause
    # what is fixed to the viewport lies on the image's first screen, not where the page was scrolled to ask
    assert got["label-below-fixed"].status == "passed", got["label-below-fixed"].cause
    # (the page's scroll put back: tests/test_hittest.py) and its scripts not told: a notice that goes on the page's
    # first scroll is still there for the next step
    assert got["label-below-notice"].status == "passed", got["label-below-notice"].cause
    # a label the text quotes for the result image: its screenshot must show it too
    result = got["label-veiled-result"]
    assert result.status == "failed", "a label quoted for the result image passed unseen"
    assert ("the result screenshot: {menuselection} “Pay --> Total due”, level 2 “Total due” [en] (quoted by step 1) "
            "does not show in the result screenshot") in result.cause, result.cause
    assert result.source == where(root, "label-veiled-result", "say: See"), result.source


def test_what_lets_clicks_through_under_or_clear_over_the_button_does_not_cover_it(
        seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    # a clear gradient over it (a shine); a component's background behind the page under its clear toast layer;
    # a card's background behind its slotted button under its clear ring; a gradient line; gradient text
    # and a layer at opacity 0 over the page: it takes the clicks, a reader sees through it
    for scenario in ("decor", "gradient-shine", "shell", "card-ring", "underline", "gradient-text", "glass"):
        assert got[scenario].status == "passed", got[scenario].cause
        assert _red_points(root / "screenshots" / "en" / scenario / "01.png")


def test_a_button_far_down_is_scrolled_into_the_image(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    assert got["far"].status == "passed", got["far"].message()

    path = root / "screenshots" / "en" / "far" / "01.png"
    points = _red_points(path)
    with Image.open(path) as img:
        width, height = img.size
    assert points and all(0 <= x < width and 0 <= y < height for x, y in points)


def test_a_missing_option_lists_the_options_within_the_steps_timeout(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    result = got["select-missing"]
    assert result.status == "failed"
    assert "the list has no option “Blue” after 1 s; its options: “Red”, “Green”; fix `option:`" in result.cause
    assert result.seconds < 15  # not Playwright's 30 s
    assert result.source == where(root, "select-missing", "select:")


def test_what_is_laid_out_but_not_drawn_is_not_seen(seen: tuple[Path, dict[str, Any]]) -> None:
    """A closed <details>, content-visibility: hidden: Chromium gives their content boxes, and draws none of it."""
    _, got = seen
    for page, label in (("details-closed", "{guilabel} “Total due”"), ("unrendered-menu", "{menuselection} “Settings”")):
        assert got[page].status == "failed", f"{page}: a label the image does not show passed"
        assert f"{label}" in got[page].cause and "is not visible in the screenshot" in got[page].cause, got[page].cause


def test_a_target_scrolled_away_in_a_box_is_scrolled_into_it(seen: tuple[Path, dict[str, Any]]) -> None:
    """A button 600 px down a 100-px box that scrolls: the box is scrolled to it, as a reader would (not a failure)."""
    root, got = seen
    assert got["inner-scroll"].status == "passed", got["inner-scroll"].cause
    assert _red_points(root / "screenshots" / "en" / "inner-scroll" / "01.png"), "no highlight in the image"


def test_words_too_small_or_too_faint_are_not_seen(seen: tuple[Path, dict[str, Any]]) -> None:
    """A page's thumbnail holds the same button at an eighth of its size: an expectation finds the one a reader sees,
    a click on the thumbnail's fails, saying why; a loading placeholder's words in the button's own colour fail."""
    root, got = seen
    assert got["thumbnail"].status == "passed", got["thumbnail"].cause
    red = _red_points(root / "screenshots" / "en" / "thumbnail" / "01.png")
    assert red and min(y for _, y in red) > 100, "the highlight frames the thumbnail, not the button below it"
    assert got["thumbnail-only"].status == "failed"
    assert "it is drawn at 12% of its size" in got["thumbnail-only"].cause, got["thumbnail-only"].cause
    assert got["placeholder-words"].status == "failed"
    assert "in almost the colour behind them" in got["placeholder-words"].cause, got["placeholder-words"].cause


def test_a_clear_box_over_what_is_read_does_not_cover_it(seen: tuple[Path, dict[str, Any]]) -> None:
    """What paints nothing over an expected button hides nothing; over a button to click, it takes the click."""
    _, got = seen
    for page in ("click-catcher", "stretched-card"):
        assert got[page].status == "passed", (page, got[page].cause)
    assert got["click-catcher-click"].status == "failed"
    assert "div covers its centre" in got["click-catcher-click"].cause, got["click-catcher-click"].cause


def test_what_was_rightly_seen_stays_seen(seen: tuple[Path, dict[str, Any]]) -> None:
    """A tall form in a dialog keeps its top in view when revealed; a field's value under a mask is masked on purpose;
    a one-character badge is words; a menu growing from nothing is waited for, not called shrunk."""
    _, got = seen
    for page in ("tall-form", "masked-field", "badge-one", "pop-menu"):
        assert got[page].status == "passed", (page, got[page].cause)


def test_a_box_that_hides_its_overflow_is_not_scrolled(seen: tuple[Path, dict[str, Any]]) -> None:
    """A carousel's second slide in a page that scrolls inside a box: a reader cannot scroll the carousel."""
    _, got = seen
    assert got["carousel"].status == "failed"
    assert "which hides its overflow" in got["carousel"].cause, got["carousel"].cause


def test_a_label_before_its_value_is_a_label_shown(seen: tuple[Path, dict[str, Any]]) -> None:
    """“Total due: 5 €” shows the label “Total due”."""
    _, got = seen
    assert got["label-value"].status == "passed", got["label-value"].cause


def test_a_label_in_a_frame_is_read_there(seen: tuple[Path, dict[str, Any]]) -> None:
    """A label an <iframe>'s document shows is shown; under a band the page lays over the frame, it is not."""
    _, got = seen
    assert got["frame-label"].status == "passed", got["frame-label"].cause
    assert got["frame-label-veiled"].status == "failed"
    assert "{guilabel} “Total due” [en] does not show in the screenshot of step 1: where the page draws its words the " \
        "image is almost one flat colour" in got["frame-label-veiled"].cause, got["frame-label-veiled"].cause


def test_words_a_mask_covers_are_not_shown(seen: tuple[Path, dict[str, Any]]) -> None:
    """A mask over the target's words or a quoted label fails, saying so; a mask beside them does not."""
    _, got = seen
    assert got["masked-target"].status == "failed"
    assert "its words “Pay” do not show in the screenshot: where the page draws them a mask covers them" in \
        got["masked-target"].cause, got["masked-target"].cause
    assert got["masked-label"].status == "failed"
    assert "{guilabel} “Total due” [en] does not show" in got["masked-label"].cause
    assert "a mask covers them" in got["masked-label"].cause, got["masked-label"].cause
    assert got["masked-beside"].status == "passed", got["masked-beside"].cause


def test_a_target_not_found_names_the_closest_visible_names(seen: tuple[Path, dict[str, Any]]) -> None:
    root, got = seen
    assert got["misnamed"].status == "failed"
    assert "not found within 1 s; did you mean “Publish”" in got["misnamed"].cause
    assert f"  at: {where(root, 'misnamed', 'click:')}" in got["misnamed"].message()
    # words that show, but are no button's accessible name; a link with no box of its own
    assert ("not found within 1 s; “Send” shows on the page, but no button has it as its accessible name"
            in got["status-words"].cause), got["status-words"].cause
    assert "it has no box of its own (`display: contents`" in got["contents-link"].cause, got["contents-link"].cause
    # the name is right, the role is not: which role it has, to write instead
    assert got["misroled"].status == "failed"
    assert ("not found within 1 s; an element named “Notify” is there as a switch, not a button: write "
            "`role: switch`") in got["misroled"].cause, got["misroled"].cause


# --- Quoted labels ----------------------------------------------------------------------------------

PUBLISH = {"role": "button", "name": {"en": "Publish", "fr": "Publier"}}
SETTINGS = {"role": "button", "name": {"en": "Settings", "fr": "Paramètres"}}
LANGUAGE = {"role": "link", "name": {"en": "Language", "fr": "Langue"}}

LABELS = [
    {"id": "label-present", "start": "/labels", "steps": [
        {"click": PUBLISH, "say": {"en": "Click {guilabel}`Publish`.", "fr": "Cliquez sur {guilabel}`Publier`."}}]},
    {"id": "label-absent", "start": "/labels", "steps": [
        {"click": PUBLISH, "say": {"en": "Click {guilabel}`Publish now`.",
                                   "fr": "Cliquez sur {guilabel}`Publier`."}}]},
    {"id": "label-other-language", "start": "/labels", "steps": [
        {"click": PUBLISH, "say": {"en": "Click {guilabel}`Publish`.", "fr": "Cliquez sur {guilabel}`Publish`."}}]},
    {"id": "bold-is-emphasis", "start": "/labels", "steps": [
        {"click": PUBLISH, "say": {"en": "Click **Publish now**.", "fr": "Cliquez **vraiment**."}}]},
    {"id": "label-placeholder-gone", "start": "/filled", "steps": [
        {"click": {"role": "button", "name": "Go"}, "say": "Type in {guilabel}`Search`, then click {guilabel}`Go`."}]},
    {"id": "label-split", "start": "/icons", "steps": [
        {"click": {"role": "link", "name": "Print"}, "say": "Click {guilabel}`Print`, not {guilabel}`Contact`."}]},
    {"id": "label-unseen-settings", "start": "/icons", "steps": [
        {"click": {"role": "link", "name": "Print"}, "say": "Click {guilabel}`Print`, not {guilabel}`Settings`."}]},
    {"id": "menu", "start": "/menu", "steps": [
        {"click": SETTINGS, "say": {"en": "Open {menuselection}`Settings --> Language`.",
                                    "fr": "Ouvrez {menuselection}`Paramètres --> Langue`."}},
        {"click": LANGUAGE, "say": {"en": "Choose it.", "fr": "Choisissez-la."}}]},
    {"id": "menu-wrong-level", "start": "/menu", "steps": [
        {"click": SETTINGS, "say": {"en": "Open {menuselection}`Settings --> Languages`.",
                                    "fr": "Ouvrez {menuselection}`Paramètres --> Langue`."}},
        {"click": LANGUAGE, "say": {"en": "Choose it.", "fr": "Choisissez-la."}}]},
]


def _load_accepting_roles(root: Path) -> Any:
    """The project as loaded, less `check`'s refusal of the two roles.

    Reader text accepting ``{guilabel}`` and ``{menuselection}`` is `richtext`'s part of the same
    issue, on another branch; once merged this drops nothing. Capture's own check is what is tested.
    """
    project = _LOAD(root)
    project.problems = [p for p in project.problems
                        if "{guilabel}" not in p.problem and "{menuselection}" not in p.problem]
    return project


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Any, Any]]:
    with tiny_visibility() as url, pytest.MonkeyPatch.context() as patch:
        patch.setattr("builder.content.loading.load_project", _load_accepting_roles)
        root = _project(tmp_path_factory.mktemp("labels"), url, ["en", "fr"], LABELS)
        summary = capture_project(root, progress=False)
        yield {"root": root} | {(r.scenario, r.lang): r for r in summary.results}


def test_a_guilabel_on_screen_passes_in_each_language(labelled: dict[Any, Any]) -> None:
    for lang in ("en", "fr"):
        assert labelled[("label-present", lang)].status == "passed", labelled[("label-present", lang)].message()
        assert labelled[("bold-is-emphasis", lang)].status == "passed"


def test_a_guilabel_absent_fails_on_the_first_capture_with_did_you_mean(
        labelled: dict[Any, Any]) -> None:
    result = labelled[("label-absent", "en")]
    assert result.status == "failed"
    assert ("{guilabel} “Publish now” [en] is not visible in the screenshot of step 1; did you mean “Publish”"
            in result.cause)
    # the en text of the say
    assert result.source == where(labelled["root"], "label-absent", "en: Click", after="say:").replace(":4", ":4")
    assert labelled[("label-absent", "fr")].status == "passed"


def test_a_guilabel_only_in_the_other_language_fails_in_that_language(
        labelled: dict[Any, Any]) -> None:
    assert labelled[("label-other-language", "en")].status == "passed"
    result = labelled[("label-other-language", "fr")]
    assert result.status == "failed"
    assert "{guilabel} “Publish” [fr] is not visible in the screenshot of step 1; did you mean “Publier”" in result.cause


def test_a_label_split_over_children_shows_and_an_accessible_name_does_not(labelled: dict[Any, Any]) -> None:
    assert labelled[("label-split", "en")].status == "passed", labelled[("label-split", "en")].message()
    result = labelled[("label-unseen-settings", "en")]
    assert result.status == "failed", "an icon button's aria-label passed as words on screen"
    assert ("{guilabel} “Settings” [en] is not visible in the screenshot of step 1; it is only the accessible name "
            "(aria-label) of button “⚙”, which a screen reader reads out and the screen does not show") in result.cause


def test_words_the_dom_holds_and_no_reader_sees_are_missing() -> None:
    """Each way a page holds words that do not show, judged by the capture's own label check in one call."""
    from builder.browser import launch_chromium, playwright_driver
    from builder.capture.visibility import missing_labels

    unseen = {"Edit": "screen-reader-only", "Archive": "not displayed", "Clear": "a transparent colour",
              "Home": "pushed away by text-indent", "Close": "font size 0", "Secret": "white on white",
              "Publish everything": "cut short", "Faint": "white on white, in oklch()",
              "Save": "under the cover its button places over it", "Apply": "under a cover that lets clicks through"}
    with tiny_visibility() as url, playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page()
            page.goto(f"{url}/icons")
            seen = missing_labels(page, ["Print", "Contact", "Modern", "Send", "Undo", "Open", "Settings", *unseen])
        finally:
            browser.close()
    missing = seen.missing
    assert set(missing) == {"Settings", *unseen}, f"shown, yet no reader sees them: {set(unseen) - set(missing)}"
    assert seen.named == {"Settings": "button “⚙”"}
    assert not set(unseen) & set(seen.names)  # nor suggested ("did you mean") as words on screen
    # each label shown comes with where its words are drawn, for the image's pixels to confirm
    drawn = {item["label"]: item["glyphs"] for item in seen.shown}
    assert set(drawn) == {"Print", "Contact", "Modern", "Send", "Undo", "Open"}, drawn
    contact = drawn["Contact"][0]  # white on dark blue, as the page paints it
    assert contact["say"].startswith("Contact") and contact["ink"] == [255, 255, 255] and contact["back"] == [30, 58, 138]


def test_a_placeholder_shows_only_while_its_field_is_empty(labelled: dict[Any, Any]) -> None:
    result = labelled[("label-placeholder-gone", "en")]
    assert result.status == "failed", "a placeholder hidden by the field's value passed as shown"
    assert "{guilabel} “Search” [en] is not visible in the screenshot of step 1" in result.cause, result.cause


def test_each_menuselection_level_shows_in_the_image_of_the_step_that_opens_it(
        labelled: dict[Any, Any]) -> None:
    for lang in ("en", "fr"):
        assert labelled[("menu", lang)].status == "passed", labelled[("menu", lang)].message()
    wrong = labelled[("menu-wrong-level", "en")]
    assert wrong.status == "failed"
    assert ("{menuselection} “Settings --> Languages”, level 2 “Languages” [en] (quoted by step 1) is not visible "
            "in the screenshot of step 2; did you mean “Language”") in wrong.cause
    assert labelled[("menu-wrong-level", "fr")].status == "passed"
