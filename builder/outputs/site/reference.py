"""The format reference page, generated from the pydantic models so it cannot drift.

Each model becomes a section with a table of its keys: name, accepted values,
whether it is required (or its default) and the field's description. Adding a
field or a step action to :mod:`builder.content.model` adds it here on the next build.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from builder.content import model as m
from builder.content.catalog import Messages, messages
from builder.content.workshop import Workshop

#: The sections written by hand, in reading order: (anchor, heading, model). Every other model a
#: file can hold gets its own section after the first section that uses it (see _sections).
_DECLARED: list[tuple[str, str, type[BaseModel]]] = [
    ("scenario", "Scenario — content/scenarios/**/*.yaml", m.Scenario),
    ("step", "Step (shared keys)", m.StepBase),
    ("target", "Target", m.Target),
    ("shot", "Shot", m.Shot),
    ("expectation", "Expectation", m.Expectation),
    ("troubleshooting", "Troubleshooting", m.Troubleshooting),
    ("platform", "Platform — content/platform.yaml", m.Platform),
    ("persona", "Persona", m.Persona),
    ("login", "Login", m.Login),
    ("audience", "Audience", m.Audience),
    ("topic", "Topic", m.Topic),
    ("viewport", "Viewport", m.Viewport),
    ("language-switch", "LanguageSwitch", m.LanguageSwitch),
    ("glossary", "Glossary — content/glossary.yaml", m.Glossary),
    ("glossary-entry", "GlossaryEntry", m.GlossaryEntry),
    ("workshop", "Workshop — content/workshops/*.yaml", Workshop),
]


def _models_in(tp: Any) -> list[type[BaseModel]]:
    """The models a field's type refers to, in order (through unions, lists, maps, Annotated)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    if typing.get_origin(tp) is typing.Literal:
        return []
    return [model for arg in typing.get_args(tp) for model in _models_in(arg)]


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _sections() -> list[tuple[str, str, type[BaseModel]]]:
    """Every section: the declared ones, each followed by the models first used under it."""
    declared = {model for _, _, model in _DECLARED}
    seen: set[type[BaseModel]] = set(declared)
    out: list[tuple[str, str, type[BaseModel]]] = []

    def follow(model: type[BaseModel]) -> None:
        fields = list(model.model_fields.values())
        if model is m.StepBase:  # the step actions' own keys hang off the shared keys
            fields += [f for step in m.STEP_MODELS.values() for f in step.model_fields.values()]
        for info in fields:
            for used in _models_in(info.annotation):
                if used in seen or issubclass(used, (m.StepBase, m.Target)):
                    continue
                seen.add(used)
                out.append((_kebab(used.__name__), used.__name__, used))
                follow(used)

    for section in _DECLARED:
        out.append(section)
        follow(section[2])
    return out


_SECTIONS = _sections()


def _is_text(tp: Any) -> bool:
    """A reader-facing text: `str | {lang: str}`, however the union is spelled."""
    if tp == m.Text:
        return True
    args = typing.get_args(tp)
    return (typing.get_origin(tp) in (typing.Union, types.UnionType) and str in args
            and any(typing.get_origin(a) is dict for a in args))


def _labels(lang: str, msgs: Messages | None = None) -> dict[str, str]:
    return (msgs or messages(lang)).section("reference")


def describe_type(tp: Any, lang: str, labels: dict[str, str] | None = None) -> str:
    """A reader's name for a type: `text or {fr, en}`, `list of Target`, `true/false`…"""
    labels = labels or _labels(lang)
    if _is_text(tp):
        return labels["text"]
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return describe_type(typing.get_args(tp)[0], lang, labels)
    if origin in (typing.Union, types.UnionType):
        if all(_is_step(a) for a in typing.get_args(tp)):
            return "[step](#ref-step)"
        parts = [describe_type(a, lang, labels) for a in typing.get_args(tp) if a is not type(None)]
        return " | ".join(dict.fromkeys(parts))
    if origin is typing.Literal:
        return " | ".join(f"`{str(v).lower() if isinstance(v, bool) else v}`" for v in typing.get_args(tp))
    if origin is list:
        return f"{labels['list']} {describe_type(typing.get_args(tp)[0], lang, labels)}"
    if origin is dict:
        return f"{labels['map']} id → {describe_type(typing.get_args(tp)[1], lang, labels)}"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return " | ".join(f"`{e.value}`" for e in tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{_anchor_of(tp)})" if _anchor_of(tp) else tp.__name__
    return {str: labels["string"], int: labels["integer"], float: labels["number"],
            bool: "`true` | `false`"}.get(tp, str(tp))


def _is_step(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return isinstance(tp, type) and issubclass(tp, m.StepBase)


def _anchor_of(model: type) -> str | None:
    for anchor, _, candidate in _SECTIONS:
        if candidate is model:
            return f"ref-{anchor}"
    if isinstance(model, type) and issubclass(model, m.Target):
        return "ref-target"
    return None


def _required_cell(info: FieldInfo, labels: dict[str, str]) -> str:
    if info.is_required():
        return labels["yes"]
    if info.default is not PydanticUndefined and info.default not in (None, [], {}, ""):
        value = info.default.value if isinstance(info.default, enum.Enum) else info.default
        if isinstance(value, BaseModel):
            return ""
        shown = str(value).lower() if isinstance(value, bool) else value
        return f"{labels['default']} `{shown}`"
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def model_table(model: type[BaseModel], lang: str, msgs: Messages | None = None) -> str:
    """A Markdown table of a model's keys."""
    labels = _labels(lang, msgs)
    rows = [f"| {labels['key']} | {labels['type']} | {labels['req']} | {labels['desc']} |",
            "| --- | --- | --- | --- |"]
    text_help = typing.get_args(m.Text)[1].description
    for name, info in model.model_fields.items():
        # Text fields all carry the same generic help; the Values column already says it.
        description = "" if info.description == text_help else info.description or ""
        # `A | B` in a type is escaped so the table keeps its columns.
        rows.append(f"| `{name}` | {_cell(describe_type(info.annotation, lang, labels))} | "
                    f"{_cell(_required_cell(info, labels))} | {_cell(description)} |")
    return "\n".join(rows)


def _doc(model: type) -> str:
    text = (model.__doc__ or "").strip()
    return " ".join(text.split()) if text and not text.startswith(("Usage docs", "!!!")) else ""


def render_reference(lang: str, msgs: Messages | None = None) -> str:
    """The whole reference page, as MyST."""
    msgs = msgs or messages(lang)
    labels = _labels(lang, msgs)
    out = [f"# {labels['title']}", "", labels["intro"], ""]
    for anchor, heading, model in _SECTIONS:
        out += [f"({'ref-' + anchor})=", f"## {heading}", ""]
        if _doc(model):
            out += [_doc(model), ""]
        out += [model_table(model, lang, msgs), ""]
        if model is m.StepBase:
            out += _step_actions(lang, labels)
        if model is m.Scenario:
            out += _reader_texts(lang, labels, msgs)
    return "\n".join(out).rstrip() + "\n"


def _reader_texts(lang: str, labels: dict[str, str], msgs: Messages) -> list[str]:
    """What a reader's text may hold: each example as written, and as readers see it."""
    from builder.content.richtext import to_myst, to_plain
    from builder.content.textguide import text_guide

    out = ["(ref-texts)=", f"### {labels['texts']}", "", " ".join(labels["texts_intro"].split()), "",
           f"| {labels['you_write']} | {labels['readers_see']} | {labels['desc']} |", "| --- | --- | --- |"]
    for row in text_guide(lang, msgs):
        shown = _cell(to_plain(row.example) if row.link else to_myst(row.example, single_line=True))
        out.append(f"| {_cell(_code(row.example))} | {shown} | {_cell(' '.join(row.meaning.split()))} |")
    return [*out, ""]


def _code(text: str) -> str:
    """``text`` as inline code, whatever backticks it holds."""
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _step_actions(lang: str, labels: dict[str, str]) -> list[str]:
    out = [f"### {labels['steps']}", "", labels["step_intro"], "",
           f"| {labels['key']} | {labels['type']} | {labels['desc']} |", "| --- | --- | --- |"]
    shared = set(m.StepBase.model_fields)
    for action, step_model in m.STEP_MODELS.items():
        info = step_model.model_fields[action]
        extras = [f"`{n}` ({_cell(describe_type(f.annotation, lang, labels))})"
                  for n, f in step_model.model_fields.items() if n not in shared and n != action]
        desc = info.description or _doc(step_model) or ""
        if extras:
            desc = (desc + " " if desc else "") + "+ " + ", ".join(extras)
        out.append(f"| `{action}` | {_cell(describe_type(info.annotation, lang, labels))} | {desc} |")
    return [*out, ""]
