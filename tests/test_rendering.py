"""Rendering scenarios to MyST, without Sphinx."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.content.loading import load_project
from builder.content.model import STEP_MODELS, Platform, Scenario
from builder.outputs.site.reference import render_reference
from builder.outputs.site.rendering import ShotIndex, plain_text, render_site, step_alt

ROOTS = Path(__file__).resolve().parent / "roots"
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("HELPWRIGHT_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def basic():
    project = load_project(ROOTS / "test-basic")
    assert project.problems == []
    return project


def body(text: str) -> str:
    """The page without its front matter, which holds only metadata."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return text.lstrip("\n")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_scenario_myst_matches_snapshot(basic, lang):
    shots = ShotIndex({(lang, "annotate-page", "01.png"): "d1", (lang, "annotate-page", "result.png"): "d9"})
    page = body(render_site(basic, lang, shots)["scenarios/annotate-page.md"])
    snapshot = SNAPSHOTS / f"annotate-page.{lang}.md"
    if UPDATE or not snapshot.exists():
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(page, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing snapshot {snapshot.name}; check it and run again")
    assert page == snapshot.read_text(encoding="utf-8"), \
        "MyST changed: review, then rerun with HELPWRIGHT_UPDATE_SNAPSHOTS=1"


def test_steps_are_numbered_and_skip_screenshots_marked_false(basic):
    page = render_site(basic, "en", ShotIndex())["scenarios/annotate-page.md"]
    for n in (1, 2, 3, 4):
        assert f"\n{n}. " in page
    assert "_shots/annotate-page/01.png" in page
    assert "_shots/annotate-page/03.png" not in page  # shot: false
    assert "_shots/annotate-page/04.png" in page
    assert "result.png" not in page  # no result captured yet


def test_prerequisites_related_and_troubleshooting_are_links_and_sections(basic):
    page = render_site(basic, "fr", ShotIndex())["scenarios/annotate-page.md"]
    assert "{doc}`/scenarios/log-in`" in page
    assert "{doc}`/scenarios/unlock-account`" in page
    assert page.index("## Dépannage") > page.index("## Étapes")
    assert "### Je ne vois pas le bouton Annoter." in page


def test_alt_text_is_the_step_without_markdown_plus_its_target(basic):
    step = basic.scenario("annotate-page").steps[0]
    assert step_alt(step, "en") == "Click Annotate above the text. — link “Annotate”"
    assert step_alt(step, "fr") == "Cliquez sur Annoter au-dessus du texte. — lien «\u202fAnnoter\u202f»"
    assert plain_text("See [the *charter*](http://x) and `code`") == "See the charter and code"


def test_site_has_home_audience_topic_troubleshooting_glossary_and_pages(basic):
    pages = render_site(basic, "en", ShotIndex())
    for docpath in ("index.md", "audiences/member.md", "audiences/group-owner.md",
                    "audiences/administrator.md", "topics/wiki.md", "topics/account.md",
                    "troubleshooting.md", "glossary.md", "trainers/index.md", "trainers/reference.md",
                    "pages/about.md"):
        assert docpath in pages, docpath
    assert "{doc}`/scenarios/annotate-page`" in pages["audiences/group-owner.md"]
    assert "annotate-page" not in pages["audiences/administrator.md"]
    trouble = pages["troubleshooting.md"]
    assert "The account locks again." in trouble and "I cannot see the Annotate button." in trouble
    assert "Trash\n  Where deleted content goes." in pages["glossary.md"]
    # Topic pages are listed in platform.yaml order with their localized titles.
    home = pages["index.md"]
    assert home.index("[Account](/topics/account.md)") < home.index("[Wiki](/topics/wiki.md)")


def test_reference_lists_every_field_and_step_action():
    page = render_reference("en")
    for name in Scenario.model_fields:
        assert f"| `{name}` |" in page, name
    for name in Platform.model_fields:
        assert f"| `{name}` |" in page, name
    for action in STEP_MODELS:
        assert f"| `{action}` |" in page, action
    assert "| `title` | text or {fr, en} | yes |" in page
    assert "| `say` | text or {fr, en} | yes |" in page


def test_reference_has_a_section_for_every_model_a_file_can_hold():
    """A new nested model (say, a reset's HTTP request) gets its own table, linked from its parent."""
    from builder.content.workshop import Workshop
    from builder.outputs.site.reference import _SECTIONS, _models_in

    page = render_reference("en")
    shown = {model for _, _, model in _SECTIONS}
    todo, seen = [Scenario, Platform, Workshop, *STEP_MODELS.values()], set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.model_fields.values():
            todo += _models_in(info.annotation)
    for model in seen:
        if model.__name__ in {m.__name__ for m in STEP_MODELS.values()} or model.__name__ == "WaitFor":
            continue  # the step actions' table and Target cover these
        assert model in shown, model.__name__
    for anchor, _, model in _SECTIONS:
        assert f"(ref-{anchor})=" in page
        for name in model.model_fields:
            assert f"| `{name}` |" in page, (model.__name__, name)
    assert "[Reset](#ref-reset)" in page and "[Audience](#ref-audience)" in page


def test_the_format_reference_is_a_trainers_page_out_of_the_readers_menus(basic):
    pages = render_site(basic, "en", ShotIndex())
    assert "reference.md" not in pages
    assert "reference" not in pages["index.md"]  # neither in the home page's list nor in a toctree
    for docpath in ("trainers/index.md", "trainers/reference.md"):
        assert pages[docpath].startswith("---\norphan: true\nnosearch: true\n---\n"), docpath
    assert "# For trainers" in pages["trainers/index.md"]
    assert "{doc}`/trainers/reference`" in pages["trainers/index.md"]
    assert "toctree" not in "".join(text for path, text in pages.items() if path.startswith("trainers/"))

