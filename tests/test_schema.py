"""The JSON Schemas in schemas/ match the models, and files point at them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builder.content.schema import schema_models, schema_text

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


@pytest.mark.parametrize("name", sorted(schema_models()))
def test_committed_schema_matches_the_models(name: str) -> None:
    path = SCHEMAS / f"{name}.schema.json"
    assert path.is_file(), f"{path} is missing: run `helpwright schema`"
    assert path.read_text(encoding="utf-8") == schema_text(schema_models()[name]), (
        f"{path} is out of date with builder/model.py: run `helpwright schema` and commit the result")


def test_no_stale_schema_files() -> None:
    names = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert names == set(schema_models()), "schemas/ holds a schema no model generates: delete it"


def test_every_field_has_a_description_for_editors() -> None:
    """Editors show these as help, and the format reference page is made of them."""
    missing = []
    for name in ("scenario", "platform", "glossary"):  # the workshop model has its own owner and tests
        schema = json.loads(schema_text(schema_models()[name]))
        for def_name, definition in [(name, schema), *schema.get("$defs", {}).items()]:
            for prop, spec in definition.get("properties", {}).items():
                if not spec.get("description"):
                    missing.append(f"{def_name}.{prop}")
    assert missing == []


def test_schema_lines_in_content_point_at_existing_schemas() -> None:
    checked = 0
    for path in sorted((REPO / "content").rglob("*.yaml")):
        match = SCHEMA_LINE.search(path.read_text(encoding="utf-8"))
        if match:
            target = (path.parent / match.group(1)).resolve()
            assert target.is_file(), f"{path}: $schema points at {target}, which does not exist"
            assert target.parent == SCHEMAS
            checked += 1
    assert checked >= 1


def test_schema_rejects_unknown_keys_like_the_model() -> None:
    schema = json.loads(schema_text(schema_models()["scenario"]))
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Target"]["additionalProperties"] is False
