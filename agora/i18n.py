"""French/English UI text and date formatting.

Messages live in ``translations/*.json`` as ``{"key": {"fr": "...", "en": "..."}}``; every file is
merged, so each feature keeps its own file. fr is the primary language and the fallback.
"""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from flask import g, has_request_context
from markupsafe import Markup

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(TRANSLATIONS_DIR.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def current_lang() -> str:
    if has_request_context():
        return getattr(g, "lang", DEFAULT_LANG)
    return DEFAULT_LANG


def gettext(key: str, lang: str | None = None, **params: object) -> str:
    """Translate `key`; unknown keys come back as the key itself so they stand out on screen."""
    entry = messages().get(key)
    text = entry.get(lang or current_lang(), entry.get(DEFAULT_LANG, key)) if entry else key
    return text.format(**params) if params else text


def markup(key: str, **params: object) -> Markup:
    """Translate a trusted message and insert escaped parameters (which may themselves be Markup)."""
    return Markup(gettext(key)).format(**params)


def best_from_header(accept_language: str | None) -> str | None:
    """Pick fr or en from an Accept-Language header, honouring q-values."""
    best: tuple[float, str] | None = None
    for part in (accept_language or "").split(","):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()[:2]
        quality = 1.0
        for bit in bits[1:]:
            if bit.strip().startswith("q="):
                try:
                    quality = float(bit.strip()[2:])
                except ValueError:
                    quality = 0.0
        if tag in LANGS and (best is None or quality > best[0]):
            best = (quality, tag)
    return best[1] if best else None


def format_datetime(value: datetime | str | None, lang: str | None = None) -> str:
    if not value:
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    lang = lang or current_lang()
    month = MONTHS[lang][when.month - 1]
    if lang == "fr":
        return f"{when.day} {month} {when.year} à {when:%H:%M}"
    hour = when.hour % 12 or 12
    return f"{month} {when.day}, {when.year} at {hour}:{when:%M} {'AM' if when.hour < 12 else 'PM'}"


def format_date(value: datetime | str | None, lang: str | None = None) -> str:
    if not value:
        return ""
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    lang = lang or current_lang()
    month = MONTHS[lang][when.month - 1]
    return f"{when.day} {month} {when.year}" if lang == "fr" else f"{month} {when.day}, {when.year}"


def format_size(size: int, lang: str | None = None) -> str:
    lang = lang or current_lang()
    unit_b, unit_k, unit_m = ("o", "Ko", "Mo") if lang == "fr" else ("B", "KB", "MB")
    if size < 1024:
        return f"{size} {unit_b}"
    if size < 1024 * 1024:
        text = f"{size / 1024:.1f} {unit_k}"
    else:
        text = f"{size / 1024 / 1024:.1f} {unit_m}"
    return text.replace(".", ",") if lang == "fr" else text
