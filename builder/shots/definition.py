"""What determines a capture: the definition hash that manifests record and drift compares.

A page whose manifest holds another hash than the scenario's current one is stale. The
hash covers the steps (their text left out), the start page, the persona and the capture
settings of platform.yaml, so a typo fix in `say` never marks screenshots stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builder.content.model import DEFAULT_HIGHLIGHT_COLOUR, Platform, Scenario, StepBase, UploadStep
from builder.shots.store import image_lang, sha256, ui_lang

#: bump when the look of the images changes (highlight style, masks), to invalidate --changed
ENGINE_VERSION = "2"


def definition_hash(scenario: Scenario, platform: Platform, lang: str, content: Path) -> str:
    """What determines a capture: the steps, the start, the persona and the capture settings."""
    uploads = {}
    steps: list[StepBase] = list(scenario.steps)
    for step in steps:
        if isinstance(step, UploadStep):
            files: list[str] = step.files
            for name in files:
                path = content / name
                uploads[name] = sha256(path.read_bytes()) if path.is_file() else None
    persona = platform.personas.get(scenario.persona or "")
    lang = ui_lang(platform, image_lang(platform, lang))  # a one-language UI: the same capture for all
    data: dict[str, Any] = {
        "engine": ENGINE_VERSION,
        "lang": lang,
        "scenario": _captured_definition(scenario),
        "persona": persona.username_for(lang) if persona else None,
        "uploads": uploads,
        "platform": platform.model_dump(mode="json", include={
            "viewport", "device_scale_factor", "timezone", "masks", "login"}),
    }
    _drop_unset_new_keys(data)
    # Only what is set, so a platform.yaml written before these keys keeps its hashes.
    data["platform"]["language_switch"] = platform.language_switch.model_dump(mode="json", exclude_none=True)
    if platform.text_masks:
        data["platform"]["text_masks"] = [m.model_dump(mode="json") for m in platform.text_masks]
    if platform.highlight_colour.lower() != DEFAULT_HIGHLIGHT_COLOUR:
        data["platform"]["highlight_colour"] = platform.highlight_colour.lower()
    return sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))


#: keys added to the models after screenshots were published: left out of the hash while unset, so
#: adding an optional key to the format marks no screenshot stale (`expect: {language}`)
_NEW_OPTIONAL_KEYS = frozenset({"language"})


def _drop_unset_new_keys(value: Any) -> None:
    if isinstance(value, dict):
        for key in [k for k in value if k in _NEW_OPTIONAL_KEYS and value[k] is None]:
            del value[key]
        for item in value.values():
            _drop_unset_new_keys(item)
    elif isinstance(value, list):
        for item in value:
            _drop_unset_new_keys(item)


#: step keys that only hold reader text: fixing a typo there must not mark screenshots stale
_TEXT_ONLY = {"say", "note"}


def _captured_definition(scenario: Scenario) -> dict[str, Any]:
    """The scenario as far as it decides the screenshots: start, persona, steps without their text."""
    data = scenario.model_dump(mode="json", include={"start", "persona", "steps"})
    data["steps"] = [{k: v for k, v in step.items() if k not in _TEXT_ONLY} for step in data["steps"]]
    if scenario.logged_out:
        data["logged_out"] = True
    return data
