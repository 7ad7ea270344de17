"""JSON Schemas generated from the models, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from builder.atomicwrite import write_text_atomic
from builder.content.model import Glossary, Platform, Scenario


def schema_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"scenario": Scenario, "platform": Platform, "glossary": Glossary}
    try:
        from builder.content.workshop import Workshop
    except ImportError:
        pass
    else:
        models["workshop"] = Workshop
    return models


def schema_text(model: type[BaseModel]) -> str:
    schema: dict[str, Any] = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name, model in schema_models().items():
        path = folder / f"{name}.schema.json"
        write_text_atomic(path, schema_text(model))
        written.append(path)
    return written
