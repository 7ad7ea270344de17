"""Catalog words as MyST: a catalog is data, so its texts are escaped like any other value.

A project's `content/messages/<lang>.yaml` arrives by merge request like a scenario; its words
land in every page of the site. Each text is escaped as literal MyST (no heading, link, image,
role or HTML can come from it); its `{field}`s stay, so a template can still fill them in with
values it escapes itself (`L.help.format(name=platform_name | text)`).
"""

from __future__ import annotations

import functools
import re
import string
from typing import Any

from builder.content.richtext import escape_myst, one_line


def _flat(text: str) -> str:
    """Line breaks as spaces; spaces around a field stay (`{name} Help`)."""
    return re.sub(r"[ \t]*[\n\r\x85\u2028\u2029]+[ \t]*", " ", text)


@functools.lru_cache(maxsize=8192)  # every page formats the same catalog words
def myst_label(text: str) -> str:
    """One catalog text as literal MyST on one line, its `{field}`s kept for ``str.format``."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:  # a lone brace (`check` refuses it): all of it is text
        parts = [(text, None, None, None)]
    out = []
    for n, (literal, name, spec, conversion) in enumerate(parts):
        if name is not None and not name.isidentifier():
            # not a field (`{fr, en}` in a sentence): text like the rest
            literal += "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            name = None
        escaped = escape_myst(_flat(literal), line_start=n == 0) if literal else ""
        # A literal brace as a character reference: shown as a brace, and `str.format` sees none.
        out.append(escaped.replace("\\{", "&#123;").replace("\\}", "&#125;"))
        if name is not None:
            # only the bare field: a format spec or conversion from a catalog is refused by
            # `check`, and dropped here should a build meet one
            out.append("{" + name + "}")
    return "".join(out)


def myst_labels(section: Any) -> Any:
    """A catalog section (nested mappings and lists of texts) with every text as :func:`myst_label`."""
    if isinstance(section, dict):
        return {key: myst_labels(value) for key, value in section.items()}
    if isinstance(section, list):
        return [myst_labels(value) for value in section]
    return myst_label(section) if isinstance(section, str) else section


def role_label(text: str) -> str:
    """A label inside a role's backticks (`{download}`label <file>``): no backtick or angle bracket."""
    return one_line(text).replace("`", "'").replace("<", "‹").replace(">", "›")
