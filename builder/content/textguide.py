"""What a reader's text may hold, as examples: one list for the format reference and `check --explain`.

Each row is an example as a trainer writes it and what it means, worded from the
``reference`` section of the catalogs; :func:`builder.content.richtext.parse` is what
actually reads them, and the tests render every example to make sure it still does.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.content.catalog import Messages, messages


@dataclass(frozen=True)
class GuideRow:
    """``example`` as written; ``meaning`` from the catalog; ``link``: rendered as words only
    (its destination is only an example)."""

    example: str
    meaning: str
    link: bool = False


def text_guide(lang: str, msgs: Messages | None = None) -> list[GuideRow]:
    """The constructs of a reader's text, in the order a trainer meets them."""
    words = (msgs or messages(lang)).section("reference")
    return [
        GuideRow(f"**{words['example_label']}**", words["text_bold"]),
        GuideRow("*Alice*", words["text_italic"]),
        GuideRow("`Ctrl+S`", words["text_code"]),
        GuideRow("[Helpwright](https://example.org/help)", words["text_link"], link=True),
        GuideRow(f"[{words['example_howto']}](/scenarios/log-in)", words["text_howto"], link=True),
        GuideRow(f"{{guilabel}}`{words['example_label']}`", words["text_guilabel"]),
        GuideRow(f"{{menuselection}}`{words['example_menu']}`", words["text_menuselection"]),
    ]


def explain_lines(lang: str = "en") -> list[str]:
    """The guide for a terminal: `helpwright check --explain`."""
    words = messages(lang).section("reference")
    rows = text_guide(lang)
    width = max(len(row.example) for row in rows) + 2
    out = [f"{words['texts']}:", " ".join(str(words["texts_intro"]).split()), ""]
    out += [f"  {row.example.ljust(width)}{' '.join(row.meaning.split())}" for row in rows]
    return out
