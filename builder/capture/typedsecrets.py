"""A persona's password written as a literal value in content: refused before a capture starts.

`{password}` is typed from the environment and masked on every later screenshot. A
trainer who writes the password itself (``value: s3cret``) gets none of that: the
password would be typed in clear, shown in the image and published with the content.
Capture compares every literal string of every step (typed values, options, keys,
expected texts, targets), and of the login steps, with each persona's password from
the environment, and refuses the run before anything starts, naming each step at its
line with the value masked.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from builder.capture.steps import HIDDEN
from builder.errors import CaptureError

if TYPE_CHECKING:
    from builder.content.model import Platform, Scenario
    from builder.content.yamlsource import DataPath, Located


def persona_passwords(platform: Platform) -> dict[str, str]:
    """Each password set in the environment, with the persona (and language) it belongs to."""
    found: dict[str, str] = {}
    for persona_id, persona in platform.personas.items():
        envs = persona.password_env.values() if isinstance(persona.password_env, dict) else [persona.password_env]
        for env in envs:
            value = os.environ.get(env)
            if value:
                found.setdefault(value, persona_id)
    return found


def _strings(value: Any, path: DataPath) -> list[tuple[DataPath, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, (*path, i))]
    return []


def literal_password_problems(steps: list[Any], located: Located | None, steps_path: DataPath,
                              passwords: dict[str, str]) -> list[str]:
    """``file:line:col: problem: what to do`` for each step holding a password as written."""
    from builder.content.explain import dotted

    lines = []
    for index, step in enumerate(steps):
        data = step.model_dump(exclude_none=True, exclude_defaults=True)
        for path, text in _strings(data, (*steps_path, index)):
            persona = passwords.get(text.strip())
            if persona is None:
                continue
            where = ""
            if located is not None:
                line, col = located.where(path, key=False)
                where = f"{located.display}:{line}:{col}: "
            lines.append(f"{where}{dotted(path)} is the password of persona {persona} written out ({HIDDEN}): "
                         f"write `{{password}}` instead, which capture types from the environment and masks on "
                         "every screenshot, and change that password: it is in the content")
            break  # one line per step
    return lines


def check_literal_passwords(platform: Platform, scenarios: list[Scenario], sources: dict[str, Located],
                            platform_source: Located | None) -> None:
    """Raise :class:`CaptureError` (nothing captured) when a step types a persona's password as written."""
    passwords = persona_passwords(platform)
    if not passwords:
        return
    lines: list[str] = []
    if platform.login is not None:
        lines += literal_password_problems(platform.login.steps, platform_source, ("login", "steps"), passwords)
    for scenario in scenarios:
        lines += literal_password_problems(scenario.steps, sources.get(scenario.id), ("steps",), passwords)
    if lines:
        raise CaptureError("\nError: ".join(lines))
