"""Alt text of screenshots: the step in the page's language, its number, and the numbered
marker drawn on the image with the target's role and accessible name (as capture recorded
them in screenshots/<lang>/<id>/manifest.json). Checked on every scenario page of the
real demo site (committed content and screenshots, built by real Sphinx)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.content.catalog import messages
from builder.content.loading import load_project
from builder.content.model import GotoStep
from builder.layout import build_dir
from builder.outputs.site.rendering import plain_text, step_alt

ROOTS = Path(__file__).resolve().parent / "roots"


class _Images(HTMLParser):
    """The alt of every <img> inside the page's <article>, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.alts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1
        elif tag == "img" and self.depth:
            self.alts.append(dict(attrs).get("alt"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1


def _spaces(text: str) -> str:
    return " ".join(text.split())


def test_alt_names_the_step_and_its_marker() -> None:
    project = load_project(ROOTS / "test-basic")
    step = project.scenario("annotate-page").steps[0]
    record = {"file": "01.png", "target": {"role": "button", "name": "Annoter la page", "box": [1, 2, 3, 4]}}
    fr = messages("fr")
    assert step_alt(step, "fr", fr, 1, record) == \
        "Étape\u00a01\u202f: Cliquez sur Annoter au-dessus du texte. (repère\u00a01\u202f: bouton «\u202fAnnoter la page\u202f»)"
    # no record (never captured): the target as the scenario names it
    assert step_alt(step, "en", messages("en"), 3) == \
        "Step 3: Click Annotate above the text. (marker 3: link “Annotate”)"
    # a recorded name that is a whole form's text is cut at a word; plain text is "text"
    long = {"target": {"role": "form", "name": "Notify me when " + "someone comments " * 20}}
    assert step_alt(step, "fr", fr, 3, long).endswith(
        "(repère\u00a03\u202f: formulaire «\u202fNotify me when someone comments someone comments someone "
        "comments someone…\u202f»)")
    plain = {"target": {"role": "generic", "name": "Note publiée"}}
    assert step_alt(step, "en", messages("en"), 4, plain).endswith("(marker 4: text “Note publiée”)")


@pytest.mark.slow
def test_every_screenshot_of_the_demo_has_alt_text_with_its_marker(demo_build: Path) -> None:
    root = demo_build
    project = load_project(root)
    checked = marked = 0
    for lang, other in (("fr", "en"), ("en", "fr")):
        words = messages(lang)["site"]
        for sid, source in project.scenarios.items():
            scenario = source.model
            parser = _Images()
            parser.feed((build_dir(root) / "site" / lang / "scenarios" / f"{sid}.html").read_text(encoding="utf-8"))
            manifest = json.loads((root / "screenshots" / lang / sid / "manifest.json").read_text(encoding="utf-8"))
            records = {image["step"]: image for image in manifest["images"]}
            shots = [(n, step) for n, step in enumerate(scenario.steps, start=1) if step.shot is not False]
            alts = parser.alts
            assert len(alts) in (len(shots), len(shots) + 1), (lang, sid, alts)  # + the result
            for (number, step), raw in zip(shots, alts, strict=False):
                where = (lang, sid, number, raw)
                assert raw and raw.strip(), where
                alt = _spaces(raw)  # a directive option is one line: no-break spaces become spaces
                assert alt.startswith(_spaces(str(words["alt_step"]).format(number=number, say=""))), where
                said = plain_text(step.say if isinstance(step.say, str) else step.say[lang])
                assert said.split("{dialog}")[0][:20] in alt, where  # the step's own words, in this language
                if not isinstance(step.say, str):
                    theirs = plain_text(step.say[other])
                    assert theirs == said or theirs[:20] not in alt, where
                checked += 1
                target = (records.get(number) or {}).get("target") or {}
                highlighted = not isinstance(step, GotoStep) and step.shot.highlight and target
                if highlighted:
                    marker = _spaces(str(words["alt_marker"]).format(number=number, target="")[:-1])  # "(repère 3 :"
                    assert marker in alt, where
                    name = " ".join(str(target.get("name") or "").split())
                    if name:
                        assert f"{name[:40]}" in alt, where  # the accessible name (a long one is cut)
                        marked += 1
            if len(alts) == len(shots) + 1:
                assert alts[-1] == words["result_alt"], (lang, sid, alts[-1])
    # the demo's 36 scenarios in two languages: most images frame a named element
    assert checked > 300 and marked > checked // 2, (checked, marked)
