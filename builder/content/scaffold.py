"""`helpwright new`: scaffolds that pass `helpwright check` as written."""

from __future__ import annotations

import os
from pathlib import Path

from builder.atomicwrite import write_text_atomic
from builder.content.model import ID_PATTERN
from builder.errors import HelpwrightError

SCENARIO_TEMPLATE = """\
# yaml-language-server: $schema={schema}
id: {id}
title:
  fr: Titre de la tâche
  en: Task title
summary:
  fr: Ce que la personne saura faire à la fin.
  en: What the reader will be able to do.
audience: [member]
topic: {topic}
level: beginner
duration: 2 min
persona: {persona}
start: /
steps:
  # The scaffold runs as is on any platform. Replace these steps with the task:
  #   - click: {{role: button, name: {{fr: Publier, en: Publish}}}}
  #   - fill: {{label: {{fr: Titre, en: Title}}}}
  #     value: {{fr: Mon titre, en: My title}}
  #   - expect: {{text: {{fr: Enregistré, en: Saved}}}}
  # Each step also needs `say:`, the sentence the reader sees.
  - goto: /
    say:
      fr: Ouvrez la page d'accueil de la plateforme.
      en: Open the platform's home page.
  - expect: {{url: /}}
    say:
      fr: La page d'accueil s'affiche.
      en: The home page opens.
troubleshooting:
  - problem:
      fr: Je ne vois pas le lien.
      en: I cannot see the link.
    answer:
      fr: Vérifiez que vous êtes connecté.
      en: Check that you are logged in.
"""


def new_scenario(root: Path, scenario_id: str, topic: str, persona: str | None) -> Path:
    import re

    if not re.match(ID_PATTERN, scenario_id):
        raise HelpwrightError(f"`{scenario_id}` is not a valid id: use lowercase letters, digits and dashes")
    if not re.match(ID_PATTERN, topic):
        raise HelpwrightError(f"`{topic}` is not a valid topic: use lowercase letters, digits and dashes")
    path = root / "content" / "scenarios" / topic / f"{scenario_id}.yaml"
    existing = sorted((root / "content" / "scenarios").rglob(f"{scenario_id}.yaml"))
    if existing:
        raise HelpwrightError(f"{existing[0]} already exists: choose another id")
    schema = os.path.relpath(root / "schemas" / "scenario.schema.json", path.parent)
    write_text_atomic(path, SCENARIO_TEMPLATE.format(id=scenario_id, topic=topic, schema=schema,
                                                persona=persona or "null"))
    return path
