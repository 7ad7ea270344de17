"""Reader-facing text: the small Markdown a trainer writes, parsed into a tiny tree, rendered safely.

Every text a reader sees (a step's `say` and `note`, titles, summaries, troubleshooting,
glossary, descriptions, workshop texts) is Markdown limited to what a trainer needs:

- ``**bold**``, ``*italics*``, ```code```;
- links to web addresses (``https://…``, ``http://…``, ``mailto:…``) and to other
  how-tos: ``[Unlock an account](/scenarios/unlock-account)``, the form hand-written
  pages use for the site's own pages;
- line breaks (a backslash or two spaces at the end of a line), and in longer texts
  paragraphs (a blank line) and simple lists (``- item``, ``1. item``);
- a control's label quoted with Sphinx's two roles for it, ``{guilabel}`Save``` and
  ``{menuselection}`Settings --> Language``` (:mod:`builder.content.uilabels`).

Nothing else has a meaning: other MyST directives and roles (``{raw}``, ``{include}``,
``{download}``, ``{eval-rst}``…), reStructuredText, raw HTML, images, headings, tables,
front matter and substitutions are text. :func:`parse` reads a text into the tree
(:class:`Paragraph`, :class:`ListBlock`, :class:`Strong`, :class:`Link`…), and each
output renders the tree for where it lands, escaping everything else:

- :func:`to_myst` for the site's MyST pages (every character that means something to
  MyST, Markdown or Sphinx is backslash-escaped);
- :func:`to_html` for the handouts (HTML-escaped; links to how-tos become anchors in the
  document, or plain text when the how-to is not in it);
- :func:`to_plain` for alt texts, meta descriptions and running headers;
- :func:`myst_option` and :func:`yaml_string` for a value inside a directive option or
  the front matter, where escaping rules are YAML's.

`check` refuses what can only be an attack or a mistake (:func:`text_problems`): a
directive, any other role, a malformed label role, an HTML element or event handler, an image, a link to anything but
a web address or an existing how-to. The renderers escape it anyway: the check is the
first guard, the escaping the one that holds.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from builder.content import uilabels
from builder.content.uilabels import UiLabel

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from builder.content.project import Project
    from builder.content.yamlsource import DataPath, Located


# -- the tree -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Break:
    """A line break: ``hard`` when the writer asked for one, else a wrapped line (a space)."""

    hard: bool


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link to a web address (http, https, mailto)."""

    children: tuple[Inline, ...]
    url: str


@dataclass(frozen=True)
class ScenarioLink:
    """A link to another how-to, by id."""

    children: tuple[Inline, ...]
    scenario: str


Inline = Text | Code | Break | Strong | Emph | Link | ScenarioLink | UiLabel


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]
    tight: bool = True


Block = Paragraph | ListBlock

#: ``[text](/scenarios/ID)``: a link to another how-to.
SCENARIO_LINK = re.compile(r"^/scenarios/([a-z0-9][a-z0-9-]*)$")
_WEB = re.compile(r"^(?:https?://[^\s/?#]|mailto:[^\s@]+@)", re.IGNORECASE)


def web_url(url: str) -> bool:
    """Whether ``url`` is a web address a reader may follow: http(s) with a host, or mailto."""
    return bool(_WEB.match(url))


def _allowed_link(url: str) -> bool:
    return web_url(url) or bool(SCENARIO_LINK.match(url))


# -- parsing ------------------------------------------------------------------------------------

_RULES = ["emphasis", "backticks", "link", "newline", "escape", "autolink"]
_PARSERS: dict[str, MarkdownIt] = {}


def _parser(kind: str) -> MarkdownIt:
    """``strict`` (what renders), or ``loose`` (what check reads: every link, and images)."""
    if kind not in _PARSERS:
        from markdown_it import MarkdownIt

        md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
        md.enable(_RULES + ["list"])
        md.inline.ruler.before("backticks", "ui_label", uilabels.role_rule)
        if kind == "loose":
            md.enable(["image", "reference"])
            md.validateLink = lambda url: True  # type: ignore[method-assign]
            md.normalizeLink = lambda url: url  # type: ignore[method-assign]
        else:
            md.validateLink = _allowed_link  # type: ignore[method-assign]
        _PARSERS[kind] = md
    return _PARSERS[kind]


def _clean(text: str) -> str:
    """Line ends as ``\\n``; control characters (but tab and line feed) out: they mean nothing to a reader."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


@functools.lru_cache(maxsize=8192)
def parse(text: str, *, inline: bool = False) -> tuple[Block, ...]:
    """The tree of a text. ``inline``: one paragraph, whatever blank lines it holds (titles, list items).

    Kept per text (the tree is immutable): a site build renders each text several times, for the
    page, the topic, the alt text and the search words.
    """
    md = _parser("strict")
    text = _clean(text or "")
    if inline:
        tokens = md.parseInline(text.strip())
        children = _inlines(tokens[0].children or []) if tokens else ()
        return (Paragraph(children),) if children else ()
    tokens = md.parse(text)
    return _blocks(tokens, 0, len(tokens))[0]


def _blocks(tokens: list[Token], start: int, end: int) -> tuple[tuple[Block, ...], int]:
    """Blocks from ``tokens[start:end]`` up to the first unmatched closing token."""
    out: list[Block] = []
    i = start
    while i < end:
        token = tokens[i]
        if token.type == "paragraph_open":
            inline = tokens[i + 1]
            out.append(Paragraph(_inlines(inline.children or [])))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            ordered = token.type == "ordered_list_open"
            first = int(token.attrGet("start") or 1) if ordered else 1
            items: list[tuple[Block, ...]] = []
            opened = i
            i += 1
            while i < end and tokens[i].type == "list_item_open":
                body, i = _blocks(tokens, i + 1, end)
                items.append(body)
                i += 1  # list_item_close
            # markdown-it hides the paragraphs of a tight list's items
            tight = not any(t.type == "paragraph_open" and not t.hidden and t.level == token.level + 2
                            for t in tokens[opened:i])
            out.append(ListBlock(ordered, first, tuple(items), tight))
            i += 1  # list close
        elif token.type.endswith("_close"):
            return tuple(out), i
        else:  # nothing else is enabled; kept as text rather than lost
            if token.content:
                out.append(Paragraph((Text(token.content),)))
            i += 1
    return tuple(out), i


def _closed(opened: str, data: Any, children: tuple[Inline, ...]) -> Inline:
    """The node a closing token ends: bold, italics, or a link (to a how-to or the web)."""
    if opened == "strong_open":
        return Strong(children)
    if opened == "em_open":
        return Emph(children)
    found = SCENARIO_LINK.match(data)
    return ScenarioLink(children, found[1]) if found else Link(children, data)


def _inlines(tokens: list[Token]) -> tuple[Inline, ...]:
    stack: list[tuple[str, Any, list[Inline]]] = [("root", None, [])]
    for token in tokens:
        kind = token.type
        if kind in ("text", "text_special"):
            stack[-1][2].append(Text(token.content))
        elif kind == "code_inline":
            stack[-1][2].append(Code(token.content))
        elif kind == "ui_label":
            stack[-1][2].append(UiLabel(str(token.meta["role"]), token.content))
        elif kind in ("softbreak", "hardbreak"):
            stack[-1][2].append(Break(kind == "hardbreak"))
        elif kind in ("strong_open", "em_open"):
            stack.append((kind, None, []))
        elif kind == "link_open":
            stack.append((kind, str(token.attrGet("href") or ""), []))
        elif kind in ("strong_close", "em_close", "link_close") and len(stack) > 1:
            opened, data, children = stack.pop()
            stack[-1][2].append(_closed(opened, data, tuple(children)))
        elif token.content:
            stack[-1][2].append(Text(token.content))
    while len(stack) > 1:  # unbalanced (cannot happen with markdown-it's pairs): keep the words
        _, _, children = stack.pop()
        stack[-1][2].extend(children)
    return tuple(stack[0][2])


# -- plain text ----------------------------------------------------------------------------------

def to_plain(text: str, *, inline: bool = True) -> str:
    """The words of a text on one line, markup gone: alt texts, meta descriptions, running heads."""
    return one_line(" ".join(_plain_block(b) for b in parse(text, inline=inline)))


def _plain_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _plain_inlines(block.children)
    return " ".join(_plain_block(b) for item in block.items for b in item)


def _plain_inlines(nodes: Iterable[Inline]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, Break):
            out.append(" ")
        elif isinstance(node, UiLabel):
            out.append(uilabels.label_plain(node))
        else:
            out.append(_plain_inlines(node.children))
    return "".join(out)


_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Every run of white space (line ends and Unicode line separators included) as one space."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text or "")).strip()


# -- MyST (the site) -----------------------------------------------------------------------------

#: Escaped wherever they are: inline syntax (emphasis, code, roles, attributes, links,
#: images: a `!` before a link, autolinks, HTML, tables, math, entities, heading closers,
#: glossary classifiers).
_MYST_ALWAYS = frozenset("\\`*_{}[]<>|$&#:~!")
#: Escaped at the start of a line, where they open a block: a list, a thematic break or
#: setext underline, front matter, a MyST comment, a target `(label)=`, a block quote.
_MYST_LINE_START = frozenset("+-=%()>.")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


def escape_myst(text: str, *, line_start: bool = True) -> str:
    """Literal text for a MyST page: shown as written, whatever it holds."""
    out = []
    for i, ch in enumerate(text):
        if ch in _MYST_ALWAYS or (line_start and i == 0 and ch in _MYST_LINE_START):
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    if line_start:
        escaped = _ORDERED_MARKER.sub(r"\1\\\2", escaped)
    return escaped


def myst_text(text: str) -> str:
    """A plain value (a platform name, a tag, an id) as literal MyST text on one line."""
    return escape_myst(one_line(text))


def to_myst(text: str, *, inline: bool = False, single_line: bool = False) -> str:
    """A reader's text as MyST. ``single_line`` (headings, table cells, list summaries): no line ends."""
    blocks = parse(text, inline=inline or single_line)
    return _myst_blocks(blocks, single_line)


def _myst_blocks(blocks: Iterable[Block], single_line: bool = False) -> str:
    return "\n\n".join(_myst_block(b, single_line) for b in blocks)


def _myst_block(block: Block, single_line: bool) -> str:
    if isinstance(block, Paragraph):
        return _myst_inlines(block.children, single_line, [True])
    items = []
    for n, item in enumerate(block.items):
        marker = f"{block.start + n}. " if block.ordered else "- "
        body = _myst_blocks(item)
        pad = " " * len(marker)
        lines = body.split("\n")
        items.append(marker + "\n".join([lines[0]] + [pad + line if line else "" for line in lines[1:]]))
    return ("\n" if block.tight else "\n\n").join(items)


def _myst_inlines(nodes: Iterable[Inline], single_line: bool, at_start: list[bool]) -> str:
    """``at_start[0]``: the next character begins a line (block syntax could start there)."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            if node.text:
                out.append(escape_myst(node.text, line_start=at_start[0]))
                at_start[0] = False
            continue
        if isinstance(node, Break):
            if single_line:
                out.append(" ")
            else:
                out.append("\\\n" if node.hard else "\n")
                at_start[0] = True
            continue
        at_start[0] = False
        out.append(_myst_node(node, single_line, at_start))
        at_start[0] = False
    return "".join(out)


def _myst_node(node: Inline, single_line: bool, at_start: list[bool]) -> str:
    """One inline node but text and breaks, as MyST."""
    if isinstance(node, Code):
        return _myst_code(node.text)
    if isinstance(node, UiLabel):  # Sphinx renders the role: the same span as its own docs
        return uilabels.to_myst(node)
    if isinstance(node, (Strong, Emph, ScenarioLink, Link)):
        inner = _myst_inlines(node.children, single_line, at_start)
        if isinstance(node, Strong):
            return "**" + inner + "**"
        if isinstance(node, Emph):
            return "*" + inner + "*"
        if isinstance(node, ScenarioLink):
            return "[" + inner + f"](/scenarios/{node.scenario}.md)"
        return "[" + inner + f"](<{_safe_url(node.url)}>)" if web_url(node.url) else inner
    return ""


def _myst_code(text: str) -> str:
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _safe_url(url: str) -> str:
    """Percent-encode what could end a link destination or an HTML attribute."""
    return quote(url, safe="-._~:/?#[]@!$&'()*+,;=%")


def myst_option(value: str) -> str:
    """A directive option's value: a one-line double-quoted YAML string.

    Unquoted, a value starting with ``#`` is a comment (the alt text vanished) and a line
    end or ``:key:`` starts another option.
    """
    return json.dumps(one_line(value), ensure_ascii=False)


def yaml_string(value: str) -> str:
    """A front matter value: a one-line double-quoted YAML string (JSON is YAML)."""
    return json.dumps(one_line(value), ensure_ascii=False)


def escape_markdown(text: str) -> str:
    """Literal text to put *into* a Markdown source before it is parsed (a quoted dialog)."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def fill_placeholder(markdown: str, placeholder: str, value: str | None) -> str:
    """``markdown`` with ``placeholder`` replaced by ``value`` as literal text (left as is when None)."""
    if value is None or placeholder not in markdown:
        return markdown
    return markdown.replace(placeholder, escape_markdown(value))


# -- HTML (the handouts) -------------------------------------------------------------------------

ScenarioHref = Callable[[str], "str | None"]


def to_html(text: str, *, inline: bool = False, scenario_href: ScenarioHref | None = None) -> str:
    """A reader's text as HTML, escaped. ``scenario_href(id)``: where a link to a how-to goes
    (an anchor in the document), or None to show its words without a link."""
    href = scenario_href or (lambda _id: None)
    blocks = parse(text, inline=inline)
    if inline:
        return "".join(_html_inlines(b.children, href) for b in blocks if isinstance(b, Paragraph))
    return "\n".join(_html_block(b, href, in_tight_list=False) for b in blocks)


def _html_block(block: Block, href: ScenarioHref, *, in_tight_list: bool) -> str:
    if isinstance(block, Paragraph):
        inner = _html_inlines(block.children, href)
        return inner if in_tight_list else f"<p>{inner}</p>"
    tag = "ol" if block.ordered else "ul"
    start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
    items = "".join("<li>" + "\n".join(_html_block(b, href, in_tight_list=block.tight) for b in item) + "</li>"
                    for item in block.items)
    return f"<{tag}{start}>{items}</{tag}>"


def _html_inlines(nodes: Iterable[Inline], href: ScenarioHref) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(html.escape(node.text))
        elif isinstance(node, Code):
            out.append(f"<code>{html.escape(node.text)}</code>")
        elif isinstance(node, Break):
            out.append("<br>\n" if node.hard else "\n")
        elif isinstance(node, Strong):
            out.append(f"<strong>{_html_inlines(node.children, href)}</strong>")
        elif isinstance(node, Emph):
            out.append(f"<em>{_html_inlines(node.children, href)}</em>")
        elif isinstance(node, UiLabel):
            out.append(uilabels.label_html(node))
        else:
            inner = _html_inlines(node.children, href)
            url = href(node.scenario) if isinstance(node, ScenarioLink) else (
                node.url if web_url(node.url) else None)
            out.append(f'<a href="{html.escape(_safe_url(url))}">{inner}</a>' if url else inner)
    return "".join(out)


# -- check: what a text may not hold -------------------------------------------------------------

_TODO = ("remove it: texts take only **bold**, *italics*, `code`, links, line breaks and a label quoted as "
         "{guilabel}`Label` or {menuselection}`Menu --> Item` (a page of its own goes under content/pages/)")

#: Elements that run, load, embed or lay out: `<Enter>` or `<Save>` in a text stay allowed.
_HTML_TAGS = ("script|style|iframe|frame|frameset|object|embed|applet|img|svg|math|video|audio|picture|canvas|"
              "meta|link|base|form|input|button|textarea|a|div|span|p|br|table|details|dialog|marquee|template|"
              "body|html|head|noscript|xmp|plaintext|portal|isindex|keygen")

#: (pattern, problem): the constructs `check` refuses; group ``what`` is quoted in the message.
_HOSTILE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[ \t]*(?:`{3,}|~{3,}|:{3,})[ \t]*(?P<what>\{[^}\n]*\})", re.MULTILINE), "MyST directive `{what}`"),
    (re.compile(r"^[ \t]*(?P<what>\.\.[ \t]+[A-Za-z][\w:+.-]*::)", re.MULTILINE),
     "reStructuredText directive `{what}`"),
    (re.compile(r"(?P<what>\{(?!(?:guilabel|menuselection)\})[A-Za-z][\w:+.-]*\})`"), "MyST role `{what}`"),
    (re.compile(rf"(?P<what><[ \t]*(?:{_HTML_TAGS})(?=[\s/>]|$))", re.IGNORECASE), "HTML `{what}>`"),
    (re.compile(r"(?P<what><[^<>\n]*?\bon[a-z]+[ \t]*=)", re.IGNORECASE), "HTML event handler `{what}`"),
]


@dataclass(frozen=True)
class Finding:
    """Something a text may not hold: at ``offset`` in the text. ``image``: the source of an image."""

    offset: int
    problem: str
    todo: str
    image: str | None = None


def text_problems(text: str, scenario_ids: Iterable[str] | None = None) -> list[Finding]:
    """What `check` refuses in a reader's text. ``scenario_ids``: the how-tos a link may name (a set is
    used as it is: `check` asks about every text of every scenario, and a copy each time grew with the
    library, squared)."""
    found: list[Finding] = []
    for pattern, problem in _HOSTILE:
        for match in pattern.finditer(text):
            what = match.group("what")
            found.append(Finding(match.start("what"), problem.format(what=_short(what)), _TODO))
    found += [Finding(p.offset, p.problem, p.todo) for p in uilabels.role_problems(text)]
    ids: AbstractSet[str] | None = None if scenario_ids is None else (
        scenario_ids if isinstance(scenario_ids, AbstractSet) else set(scenario_ids))
    links, images = _link_targets(text)
    for src in images:
        offset = max(text.find(src), 0)
        start = text.rfind("![", 0, offset)
        found.append(Finding(start if start >= 0 else offset, f"image `{_short(src)}` in a text",
                             "texts show no images: the step's screenshot shows the page; remove it",
                             image=src))
    for url in links:
        offset = max(text.find(url), 0)
        scenario = SCENARIO_LINK.match(url)
        if scenario:
            if ids is not None and scenario[1] not in ids:
                found.append(Finding(offset, f"link to unknown how-to `{scenario[1]}`",
                                     _did_you_mean(scenario[1], ids)))
        elif not web_url(url):
            found.append(Finding(offset, f"link to `{_short(url)}`",
                                 "link to a web address (https://…) or to a how-to: [its title](/scenarios/ID)"))
    first: dict[int, Finding] = {}
    for finding in found:  # one problem per place: `<img onerror=` is an HTML element, said once
        first.setdefault(finding.offset, finding)
    return sorted(first.values(), key=lambda f: f.offset)


def plain_problems(text: str) -> list[Finding]:
    """What `check` refuses in a plain one-line value (a tag, the platform's name)."""
    found = [Finding(m.start(), "line break in a one-line value", "write it on one line")
             for m in re.finditer(r"[\n\r\x85\u2028\u2029]", text)][:1]
    for pattern, problem in _HOSTILE[3:5]:
        for match in pattern.finditer(text):
            if all(f.offset != match.start("what") for f in found):  # `<img onerror=`: said once
                found.append(Finding(match.start("what"), problem.format(what=_short(match.group("what"))),
                                     "write plain text: it is shown as it is written"))
    return found


def _short(text: str, limit: int = 40) -> str:
    text = one_line(text).replace("`", "'")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _did_you_mean(name: str, ids: AbstractSet[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(ids), n=1)
    return (f"did you mean `{close[0]}`?" if close else
            "write the id of an existing how-to, as in /scenarios/unlock-account")


def _link_targets(text: str) -> tuple[list[str], list[str]]:
    """The destination of every link and the source of every image, as written."""
    if "](" not in text and "<" not in text and "][" not in text:
        return [], []
    md = _parser("loose")
    links: list[str] = []
    images: list[str] = []
    stack = list(md.parse(_clean(text)))
    while stack:
        token = stack.pop(0)
        if token.type == "link_open" and token.attrGet("href"):
            links.append(str(token.attrGet("href")))
        elif token.type == "image":
            images.append(str(token.attrGet("src") or ""))
        stack.extend(token.children or [])
    return links, images


# -- check: where the texts are -------------------------------------------------------------------

#: Text fields that are not Markdown for readers but literal values matched against (or typed
#: into) the platform: targets, typed values, dialog texts, callouts. None: every field.
_LITERAL: dict[str, frozenset[str] | None] = {
    "Target": None, "WaitFor": None, "DialogAnswer": None, "TextMask": None,
    "Expectation": frozenset({"text", "dialog"}), "FillStep": frozenset({"value"}),
    "SelectStep": frozenset({"option"}), "Shot": frozenset({"callout"}),
}
#: Plain one-line values (not Markdown) that readers see.
_PLAIN: dict[str, frozenset[str]] = {"Scenario": frozenset({"tags"}), "Platform": frozenset({"name"})}


def reader_texts(value: Any, path: DataPath = ()) -> list[tuple[DataPath, str, bool]]:
    """(path, text, plain) of every reader-facing text of a model, one per language."""
    from pydantic import BaseModel

    out: list[tuple[DataPath, str, bool]] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            out += reader_texts(item, path + (i,))
        return out
    if isinstance(value, dict):
        for key, item in value.items():
            out += reader_texts(item, path + (key,))
        return out
    if not isinstance(value, BaseModel):
        return out
    name = type(value).__name__
    literal = _LITERAL.get(name, frozenset())
    if literal is None:
        return out
    plain = _PLAIN.get(name, frozenset())
    for field in type(value).model_fields:
        item = getattr(value, field)
        here = path + (field,)
        if field in literal:
            continue
        if field in plain:
            out += [(p, t, True) for p, t in _strings(item, here)]
        elif isinstance(item, BaseModel) or (isinstance(item, (list, dict)) and _has_models(item)):
            out += reader_texts(item, here)
        elif field in _text_fields(type(value)):
            out += [(p, t, False) for p, t in _strings(item, here)]
    return out


_TEXT_FIELDS: dict[type, frozenset[str]] = {}


def _text_fields(model: type) -> frozenset[str]:
    """The fields of a model class typed as reader text (worked out once per class: check walks
    every step of every scenario)."""
    found = _TEXT_FIELDS.get(model)
    if found is None:
        fields = getattr(model, "model_fields", {})
        found = _TEXT_FIELDS[model] = frozenset(name for name, info in fields.items()
                                                if _is_text(info.annotation))
    return found


def _has_models(value: list[Any] | dict[Any, Any]) -> bool:
    from pydantic import BaseModel

    items = value.values() if isinstance(value, dict) else value
    return any(isinstance(v, BaseModel) for v in items)


def _is_text(annotation: Any) -> bool:
    from typing import get_args, get_origin

    from builder.content.model import Text as TextType

    text = get_args(TextType)[0]
    if annotation in (TextType, text):
        return True
    return any(_is_text(arg) for arg in get_args(annotation)) if get_origin(annotation) is not dict else False


def _strings(value: Any, path: DataPath) -> list[tuple[DataPath, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [(path + (k,), v) for k, v in value.items() if isinstance(v, str)]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _strings(item, path + (i,))]
    return []


def check_texts(project: Project) -> None:
    """Append a located problem for every construct a reader's text may not hold."""
    ids = set(project.scenarios) | {str(located.data.get("id")) for located in project.scenario_files
                                    if isinstance(located.data, dict) and isinstance(located.data.get("id"), str)}
    sources: list[tuple[Located, Any]] = [(s.located, s.model) for s in project.scenarios.values()]
    sources += [(s.located, s.model) for s in project.workshops.values()]
    if project.platform is not None and project.platform_source is not None:
        sources.append((project.platform_source, project.platform))
    if project.glossary_source is not None:
        sources.append((project.glossary_source, project.glossary))
    from urllib.parse import unquote

    from builder.content.project import file_problem
    from builder.content.yamlsource import Problem

    for located, model in sources:
        for path, text, plain in reader_texts(model):
            findings = plain_problems(text) if plain else text_problems(text, ids)
            for finding in findings:
                if finding.image is not None and file_problem(project, unquote(finding.image), "image"):
                    continue  # an image of a file outside the project: the file guard says so already
                line, col = _locate(located, path, text, finding.offset)
                project.problems.append(Problem(located.display, line, col, finding.problem, finding.todo))


def _locate(located: Located, path: DataPath, text: str, offset: int) -> tuple[int, int]:
    """Line and column of ``text[offset:]`` in the file: found after the value's start, else the value."""
    line, col = located.where(path, key=False)
    snippet = text[offset:].split("\n", 1)[0][:30]
    if not snippet.strip():
        return line, col
    try:
        source = located.path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return line, col
    lines = source.split("\n")
    start = sum(len(lines[i]) + 1 for i in range(min(line - 1, len(lines)))) + col - 1
    at = source.find(snippet, start, start + 4 * len(text) + 200)
    if at < 0:
        return line, col
    found_line = source.count("\n", 0, at) + 1
    return found_line, at - (source.rfind("\n", 0, at) + 1) + 1
