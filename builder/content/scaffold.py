"""`helpwright new`: scaffolds that pass `helpwright check` as written.

A scaffold follows the project's platform.yaml: a text per configured language, the
first declared audience, the first persona, and a last step that checks something
that could fail (the platform's name on the start page), never a check every page passes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from builder.atomicwrite import write_text_atomic
from builder.content.init import _scalar, _Writer
from builder.content.model import ID_PATTERN
from builder.errors import HelpwrightError

if TYPE_CHECKING:
    from builder.content.model import Platform


def scenario_text(scenario_id: str, topic: str, schema: str, platform: Platform | None) -> str:
    w = _Writer(tuple(platform.languages) if platform else ("fr", "en"))
    t = w.text
    persona = next(iter(platform.personas), None) if platform else None
    audience = next(iter(platform.audiences), "member") if platform else "member"
    name = platform.name if platform else "the platform"
    return f"""\
# yaml-language-server: $schema={schema}
id: {scenario_id}
title: {t("Titre de la tâche", "Task title")}
summary: {t("Ce que la personne saura faire à la fin.", "What the reader will be able to do.")}
audience: [{audience}]
topic: {topic}
level: beginner
duration: 2 min
persona: {persona or "null"}
start: /
steps:
  # Replace these steps with the task. Each step has one action and `say:`, the
  # sentence the reader sees:
  #   - click: {{role: button, name: {t("Publier", "Publish")}}}
  #   - fill: {{label: {t("Titre", "Title")}}}
  #     value: {t("Mon titre", "My title")}
  #   - expect: {{text: {t("Enregistré", "Saved")}}}
  - goto: /
    say: {t("Ouvrez la page d'accueil de la plateforme.", "Open the platform's home page.")}
  # What the reader should see: fails if the page does not show it. End with what the task achieves.
  - expect: {{text: {_scalar(name)}}}
    say: {t(f"La page d'accueil de {name} s'affiche.", f"The {name} home page opens.")}
troubleshooting:
  - problem: {t("Je ne vois pas le lien.", "I cannot see the link.")}
    answer: {t("Vérifiez que vous êtes connecté.", "Check that you are logged in.")}
"""


def new_scenario(root: Path, scenario_id: str, topic: str, platform: Platform | None = None) -> Path:
    """Write ``content/scenarios/<topic>/<id>.yaml``, following ``platform`` (languages, audience, persona)."""
    if not re.match(ID_PATTERN, scenario_id):
        raise HelpwrightError(f"`{scenario_id}` is not a valid id: use lowercase letters, digits and dashes")
    if not re.match(ID_PATTERN, topic):
        raise HelpwrightError(f"`{topic}` is not a valid topic: use lowercase letters, digits and dashes")
    path = root / "content" / "scenarios" / topic / f"{scenario_id}.yaml"
    existing = sorted((root / "content" / "scenarios").rglob(f"{scenario_id}.yaml"))
    if existing:
        raise HelpwrightError(f"{existing[0]} already exists: choose another id")
    schema = os.path.relpath(root / "schemas" / "scenario.schema.json", path.parent)
    write_text_atomic(path, scenario_text(scenario_id, topic, schema, platform))
    return path
