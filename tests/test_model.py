"""Units of the scenario format: texts per language, target descriptions, step kinds."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from builder.content.model import (
    STEP_MODELS,
    ClickStep,
    ExpectStep,
    FillStep,
    GotoStep,
    Scenario,
    Shot,
    Step,
    Target,
    UploadStep,
    WaitForStep,
    localize,
)

STEP = TypeAdapter(Step)


@pytest.mark.parametrize(("text", "lang", "fallback", "want"), [
    ("Publier", "en", None, "Publier"),                       # one string serves every language
    ({"fr": "Publier", "en": "Publish"}, "en", None, "Publish"),
    ({"fr": "Publier", "en": "Publish"}, "fr", None, "Publier"),
    ({"fr": "Publier"}, "en", "fr", "Publier"),               # missing language: the fallback
    ({"fr": "Publier", "en": "Publish"}, "de", "en", "Publish"),
    ({"en": "Publish"}, "de", "fr", "Publish"),               # neither: any language, not nothing
    (None, "fr", None, ""),
    ({}, "fr", "en", ""),
])
def test_localize(text: object, lang: str, fallback: str | None, want: str) -> None:
    assert localize(text, lang, fallback) == want  # type: ignore[arg-type]


@pytest.mark.parametrize(("target", "lang", "want"), [
    ({"role": "button", "name": {"fr": "Publier", "en": "Publish"}}, "fr", "button “Publier”"),
    ({"role": "button", "name": {"fr": "Publier", "en": "Publish"}}, "en", "button “Publish”"),
    ({"role": "navigation"}, "en", "navigation"),
    ({"label": {"fr": "Votre note", "en": "Your note"}}, "en", "label “Your note”"),
    ({"text": "Charte"}, "fr", "text “Charte”"),
    ({"placeholder": "Rechercher"}, "fr", "placeholder “Rechercher”"),
    ({"testid": "save-note"}, "fr", "testid “save-note”"),
    ({"css": "#annotation-form"}, "fr", "css “#annotation-form”"),
])
def test_target_describe(target: dict, lang: str, want: str) -> None:
    assert Target.model_validate(target).describe(lang) == want


def test_target_kind_is_the_one_way_given() -> None:
    assert Target.model_validate({"label": "Nom", "exact": True, "nth": 1}).kind == "label"


@pytest.mark.parametrize("target", [
    {},
    {"label": "Nom", "css": "#name"},
    {"text": "Groupes", "name": "Créer"},
    {"role": "buton"},
    {"role": "button", "nth": -1},
    {"role": "button", "colour": "red"},
])
def test_target_rejects(target: dict) -> None:
    with pytest.raises(ValidationError):
        Target.model_validate(target)


@pytest.mark.parametrize(("raw", "model"), [
    ({"goto": "/groups", "say": "Ouvrez les groupes."}, GotoStep),
    ({"click": {"role": "link", "name": "Charte"}, "say": "Cliquez."}, ClickStep),
    ({"fill": {"label": "Nom"}, "value": "Chorale", "say": "Nommez."}, FillStep),
    ({"upload": {"label": "Fichier"}, "files": ["a.pdf"], "say": "Choisissez."}, UploadStep),
    ({"wait_for": {"role": "dialog", "state": "hidden"}, "say": "Attendez."}, WaitForStep),
    ({"expect": {"url": "re:/groups/\\d+"}, "say": "Vérifiez."}, ExpectStep),
])
def test_the_action_key_picks_the_step_model(raw: dict, model: type) -> None:
    step = STEP.validate_python(raw)
    assert type(step) is model
    assert step.action == next(k for k in raw if k in STEP_MODELS)


def test_step_target_is_its_action_target() -> None:
    click = STEP.validate_python({"click": {"text": "Charte"}, "say": "Cliquez."})
    assert click.target == Target(text="Charte")
    assert STEP.validate_python({"goto": "/", "say": "Ouvrez."}).target is None


@pytest.mark.parametrize("raw", [
    {"say": "Cliquez."},                                              # no action
    {"goto": "/", "click": {"text": "Charte"}, "say": "Les deux."},   # two actions
    "click the button",                                               # not a mapping
])
def test_a_step_needs_exactly_one_action(raw: object) -> None:
    with pytest.raises(ValidationError) as info:
        STEP.validate_python(raw)
    assert info.value.errors()[0]["type"] == "step_action"


def test_step_errors_name_the_action_branch() -> None:
    with pytest.raises(ValidationError) as info:
        STEP.validate_python({"click": {"text": "Charte"}})
    assert [e["loc"] for e in info.value.errors()] == [("click", "say")]


def test_shot_defaults_and_false() -> None:
    step = STEP.validate_python({"goto": "/", "say": "Ouvrez."})
    assert step.shot == Shot(highlight=True, padding=16, full_page=False)
    assert STEP.validate_python({"goto": "/", "say": "Ouvrez.", "shot": False}).shot is False
    with pytest.raises(ValidationError):
        STEP.validate_python({"goto": "/", "say": "Ouvrez.", "shot": True})


def test_scenario_defaults() -> None:
    scenario = Scenario.model_validate({
        "id": "read-page", "title": "Lire", "summary": "Lire une page.", "audience": ["member"],
        "topic": "wiki", "steps": [{"goto": "/pages", "say": "Ouvrez le wiki."}],
    })
    assert (scenario.start, scenario.persona, scenario.level.value) == ("/", None, "beginner")
    assert scenario.prerequisites == [] and scenario.troubleshooting == []
