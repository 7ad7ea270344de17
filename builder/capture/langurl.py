"""URLs in a language: the query parameter or path prefix that ``language_switch`` adds.

Plain string work with no browser, shared by ``steps`` (every page it opens) and
``language`` (the request interception and the checks), so neither imports the other.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

if TYPE_CHECKING:
    from builder.content.model import LanguageSwitch


def add_query_param(url: str, name: str, value: str) -> str:
    """``url`` with ``name=value`` added, unless it already has the parameter (any value)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key == name for key, _ in query):
        return url
    return urlunsplit(parts._replace(query=urlencode([*query, (name, value)])))


def prefix_for(switch: LanguageSwitch, lang: str) -> str:
    """The path prefix of ``lang`` (``/fr``), or ``""`` when the mode is not ``url_prefix``."""
    return switch.url_prefix.replace("{lang}", lang) if switch.url_prefix else ""


def localized_url(base_url: str, path: str, lang: str, switch: LanguageSwitch | None) -> str:
    """Join ``path`` to the base URL, in ``lang``: with the query parameter or the path prefix.

    An absolute URL is taken as it is but still gets the query parameter. A path that
    already starts with a language's prefix keeps it.
    """
    if re.match(r"^https?://", path):
        url = path
    else:
        prefix = prefix_for(switch, lang) if switch is not None else ""
        if prefix and switch is not None and switch.url_prefix is not None:
            pattern = re.escape(switch.url_prefix).replace(re.escape("{lang}"), "[a-z]{2}")
            if re.match(f"^{pattern}(/|$|\\?)", path):
                prefix = ""
        url = urljoin(base_url.rstrip("/") + "/", (prefix + "/" + path.lstrip("/")).lstrip("/"))
    if switch is not None and switch.query_param:
        url = add_query_param(url, switch.query_param, lang)
    return url


def language_of(value: str) -> str:
    """The language part of a language tag: ``fr-FR`` and ``fr_ca`` are ``fr``."""
    return re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
