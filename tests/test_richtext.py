"""Reader texts: the Markdown a trainer needs renders, everything else is text (MyST, HTML) or refused by check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.content import richtext
from tests.checkcases import base_project

#: What MyST may make of an escaped text: paragraphs and lists of words, emphasis, code and links.
ALLOWED_TOKENS = {
    "paragraph_open", "paragraph_close", "inline", "text", "softbreak", "hardbreak", "strong_open", "strong_close",
    "em_open", "em_close", "code_inline", "link_open", "link_close", "bullet_list_open", "bullet_list_close",
    "ordered_list_open", "ordered_list_close", "list_item_open", "list_item_close", "text_special",
}

HOSTILE = [
    "```{raw} html\n<script>alert(1)</script>\n```",
    ":::{raw} html\n<script>alert(1)</script>\n:::",
    "```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```",
    "```{include} /etc/passwd\n```",
    "```{literalinclude} /etc/hostname\n```",
    "{download}`/etc/hostname`",
    "{eval-rst}`x` and {ref}`y` and {raw}`z`",
    ".. include:: /etc/passwd",
    "![x](/etc/passwd) ![y](https://evil.example/t.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "---\nmyst:\n  html_meta:\n    http-equiv=refresh: 0;url=https://evil.example\n---",
    "(target)=\n% comment\n+++\n# Heading\n> quote\n| a | b |\n|---|---|",
    "[span]{.danger #id} and $math$ and {{ substitution }} and &lt;entity&gt;",
    "1. first\n\n   ```{raw} html\n   <b>x</b>\n   ```",
    "Text\n:::\n:::{admonition} x\n:::",
    "``` {raw} html\nspaces\n```\n    indented code",
    "Term\n: a definition-list line",
]


def myst_tokens(text: str) -> list[str]:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions={"colon_fence", "attrs_inline"},
                            disable_syntax=["html_block", "html_inline"])
    md = create_md_parser(config, RendererHTML)
    out = []
    for token in md.parse(text):
        out.append(token.type)
        out += [child.type for child in token.children or []]
    return out


def test_the_markdown_a_trainer_needs_renders_in_both_outputs() -> None:
    text = ("Click **Save**, then *Publish*: `Ctrl+S` works too.\\\nSee [the charter](https://example.org/c?a=1&b=2) "
            "and [Unlock an account](/scenarios/unlock-account).\n\n1. First\n2. Second\n\n- a\n- b")
    myst = richtext.to_myst(text)
    assert "**Save**" in myst and "*Publish*" in myst and "`Ctrl+S`" in myst
    assert "[the charter](<https://example.org/c?a=1&b=2>)" in myst
    assert "[Unlock an account](/scenarios/unlock-account.md)" in myst
    assert "\n1. First\n2. Second\n\n- a\n- b" in myst
    html = richtext.to_html(text, scenario_href=lambda sid: f"#sc-{sid}")
    assert "<strong>Save</strong>" in html and "<em>Publish</em>" in html and "<code>Ctrl+S</code>" in html
    assert '<a href="https://example.org/c?a=1&amp;b=2">the charter</a>' in html
    assert '<a href="#sc-unlock-account">Unlock an account</a>' in html and "<br>" in html
    assert "<ol><li>First</li><li>Second</li></ol>" in html
    # a how-to that is not in the document: its words, no link
    assert "Unlock an account" in richtext.to_html(text) and "#sc-" not in richtext.to_html(text)
    assert richtext.to_plain(text, inline=False).startswith("Click Save, then Publish: Ctrl+S works too. See the")


@pytest.mark.parametrize("payload", HOSTILE)
def test_anything_else_is_literal_text_for_myst_and_html(payload: str) -> None:
    for myst in (richtext.to_myst(payload), richtext.to_myst(payload, single_line=True)):
        kinds = set(myst_tokens(myst))
        assert kinds <= ALLOWED_TOKENS, (myst, kinds - ALLOWED_TOKENS)
        hrefs = [t.attrGet("href") for t in _inline_children(myst) if t.type == "link_open"]
        assert all(str(h).startswith("https://") for h in hrefs), hrefs  # `![y](https://…)`: `!` and a link
    html = richtext.to_html(payload) + richtext.to_html(payload, inline=True)
    assert "<script" not in html and "<img" not in html and "<h1" not in html
    assert all(h.startswith("https://") for h in re.findall(r'href="([^"]*)"', html))


def _inline_children(myst: str) -> list:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "attrs_inline"}), RendererHTML)
    return [child for token in md.parse(myst) for child in token.children or []]


def test_words_survive_escaping() -> None:
    """Escaped text reads as written once MyST has parsed it."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "attrs_inline"}), RendererHTML)
    for text in ["a_b_c {x} [y] <z> | $5 & 3 # 2: ~ 1. * 2", "1. not a list", "- not a bullet", "(x)= % c"]:
        words = "".join(c.content for t in md.parse(richtext.myst_text(text)) for c in t.children or []
                        if c.type in ("text", "text_special"))
        assert words == text


@pytest.mark.parametrize("value", ["#css-target", "a: b", "x\n:class: evil", 'quote " and \\ back', "tab\there\u2028next"])
def test_directive_options_and_front_matter_values_hold_whatever_they_contain(value: str) -> None:
    import yaml
    from myst_parser.parsers.options import options_to_items

    items, _ = options_to_items(f"alt: {richtext.myst_option(value)}")
    assert items == [("alt", richtext.one_line(value))]
    assert yaml.safe_load(f"description: {richtext.yaml_string(value)}") == {"description": richtext.one_line(value)}


def test_a_dialog_quoted_into_a_step_stays_literal() -> None:
    text = richtext.fill_placeholder("It asks {dialog}", "{dialog}", "**Really** {download}`x`?")
    assert richtext.to_plain(text) == "It asks **Really** {download}`x`?"


@pytest.mark.parametrize(("text", "problem"), [
    ("```{raw} html\n<b>x</b>\n```", "MyST directive `{raw}`"),
    ("x\n:::{include} /etc/passwd\n:::", "MyST directive `{include}`"),
    ("See {download}`/etc/hostname`.", "MyST role `{download}`"),
    (".. raw:: html", "reStructuredText directive `.. raw::`"),
    ("<script>alert(1)</script>", "HTML `<script>`"),
    ("<IMG SRC=x>", "HTML `<IMG>`"),
    ("<b onmouseover=alert(1)>x</b>", "HTML event handler `<b onmouseover=`"),
    ("![plan](uploads/plan.png)", "image `uploads/plan.png` in a text"),
    ("[go](javascript:alert(1))", "link to `javascript:alert(1)`"),
    ("[file](docs/a.pdf)", "link to `docs/a.pdf`"),
    ("[other](/scenarios/nope)", "link to unknown how-to `nope`"),
])
def test_check_refuses_what_can_only_be_an_attack_or_a_mistake(text: str, problem: str) -> None:
    found = richtext.text_problems(text, {"log-in"})
    assert problem in [f.problem for f in found]


@pytest.mark.parametrize("text", ["Press <Enter>, then <Tab>.", "Type {username} then {dialog}.",
                                  "[Log in](/scenarios/log-in) or [web](https://x.example) or <https://y.example>",
                                  "Costs $5 & more: a_b", "mail [us](mailto:help@x.example)"])
def test_check_accepts_ordinary_texts(text: str) -> None:
    assert richtext.text_problems(text, {"log-in"}) == []


def test_check_points_at_the_construct_in_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    (root / "content" / "scenarios" / "cases").mkdir()
    (root / "content" / "scenarios" / "cases" / "bad-texts.yaml").write_text(
        "id: bad-texts\n"
        "title: {fr: Titre, en: Title <img src=x onerror=alert(1)>}\n"
        "summary: {fr: Résumé., en: Summary.}\n"
        "audience: [member]\n"
        "topic: wiki\n"
        "tags: [\"one\\ntwo\"]\n"
        "steps:\n"
        "  - goto: /wiki\n"
        "    say:\n"
        "      fr: |\n"
        "        Ouvrez le wiki.\n"
        "        ```{raw} html\n"
        "        <b>x</b>\n"
        "        ```\n"
        "      en: See [this](/scenarios/read-wiki-pag).\n"
        "    note: 'Also {download}`/etc/hostname`'\n"
        "    shot: {callout: \"<b>literal values are not texts</b>\"}\n",
        encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], obj={})
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if "bad-texts.yaml" in line]
    where = "content/scenarios/cases/bad-texts.yaml"
    assert lines == [
        f"{where}:2:30: HTML `<img>`: {richtext._TODO}",
        f"{where}:6:8: line break in a one-line value: write it on one line",
        f"{where}:12:12: MyST directive `{{raw}}`: {richtext._TODO}",
        f"{where}:15:22: link to unknown how-to `read-wiki-pag`: did you mean `read-wiki-page`?",
        f"{where}:16:17: MyST role `{{download}}`: {richtext._TODO}",
    ]


# -- quoted interface labels: Sphinx's {guilabel} and {menuselection} ------------------------------

LABELS = "Click {guilabel}`Save`, then open {menuselection}`Settings --> Language`; **Save** stays bold."


def test_label_roles_render_as_sphinx_roles_in_myst_spans_in_html_and_bare_labels_in_plain_text() -> None:
    myst = richtext.to_myst(LABELS)
    assert "{guilabel}`Save`" in myst and "{menuselection}`Settings --> Language`" in myst
    assert "**Save**" in myst
    roles = [(t.meta["name"], t.content) for t in _inline_children(myst) if t.type == "myst_role"]
    assert roles == [("guilabel", "Save"), ("menuselection", "Settings --> Language")]
    html = richtext.to_html(LABELS)
    assert '<span class="guilabel">Save</span>' in html
    assert '<span class="menuselection">Settings \u2023 Language</span>' in html
    assert "<strong>Save</strong>" in html
    assert richtext.to_plain(LABELS) == "Click Save, then open Settings \u2023 Language; Save stays bold."


def test_a_label_is_text_inside_its_span_and_keeps_sphinx_accelerators() -> None:
    text = "{guilabel}`<b onclick=x>&Save && go</b>` then {guilabel}`{download}x`"
    html = richtext.to_html(text, inline=True)
    assert html.startswith('<span class="guilabel">&lt;b onclick=x&gt;<span class="accelerator">S</span>ave '
                           "&amp; go&lt;/b&gt;</span>")
    assert "<b " not in html
    assert richtext.to_plain(text) == "<b onclick=x>Save & go</b> then {download}x"
    assert richtext.text_problems("Click {guilabel}`&Save`.") == []


@pytest.mark.parametrize("text", [
    "Click {guilabel}`Save`.", "Open {menuselection}`A --> B --> C`.", "**{guilabel}`Save`**",
    "Press \\{guilabel} as text.", "{guilabel}`Save`{menuselection}`File --> Quit`",
])
def test_check_accepts_the_two_label_roles(text: str) -> None:
    assert richtext.text_problems(text) == []


@pytest.mark.parametrize(("text", "problem"), [
    ("Click {guilabel}`` now.", "empty `{guilabel}`"),
    ("Click {guilabel}` ` now.", "empty `{guilabel}`"),
    ("Click {guilabel}`Save now.", "`{guilabel}` without its label between backticks"),
    ("Click {guilabel}Save.", "`{guilabel}` without its label between backticks"),
    ("Open {menuselection}`Settings -->`.", "`{menuselection}` with an empty level"),
    ("Open {menuselection}`--> Language`.", "`{menuselection}` with an empty level"),
    ("Open {menuselection}`A -->  --> B`.", "`{menuselection}` with an empty level"),
    ("Open {guilabel}`Settings --> Language`.", "menu path in a `{guilabel}`"),
    ("Open {GuiLabel}`Save`.", "MyST role `{GuiLabel}`"),
    ("Open {kbd}`Ctrl`.", "MyST role `{kbd}`"),
])
def test_check_refuses_a_malformed_label_role_and_any_other_role(text: str, problem: str) -> None:
    found = richtext.text_problems(text)
    assert [f.problem for f in found] == [problem]
    assert found[0].offset == text.index("{")


def test_a_malformed_label_role_is_refused_at_its_place_with_what_to_do(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    (root / "content" / "scenarios" / "cases").mkdir()
    (root / "content" / "scenarios" / "cases" / "labels.yaml").write_text(
        "id: labels\n"
        "title: {fr: Titre, en: Title}\n"
        "summary: {fr: Résumé., en: Summary.}\n"
        "audience: [member]\n"
        "topic: wiki\n"
        "steps:\n"
        "  - goto: /wiki\n"
        "    say:\n"
        "      fr: Cliquez sur {guilabel}`Enregistrer`, puis {guilabel}``.\n"
        "      en: |\n"
        "        Open {menuselection}`Settings -->`\n"
        "        and {guilabel}`Save.\n",
        encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], obj={})
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if "labels.yaml" in line]
    where = "content/scenarios/cases/labels.yaml"
    assert lines == [
        f"{where}:9:53: empty `{{guilabel}}`: write the label as it shows on screen, as in {{guilabel}}`Save`",
        (f"{where}:11:14: `{{menuselection}}` with an empty level: write each level's label on both sides of "
        "`-->`, as in {menuselection}`Settings --> Language`"),
        (f"{where}:12:13: `{{guilabel}}` without its label between backticks: write the label as it shows on "
        "screen between two backticks on one line, as in {guilabel}`Save`"),
    ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_example_of_the_text_guide_is_accepted_and_means_something(lang: str) -> None:
    from builder.content.textguide import text_guide

    for row in text_guide(lang):
        assert richtext.text_problems(row.example, {"log-in"}) == [], row
        assert richtext.to_plain(row.example) != row.example, row  # each one is markup, not text


def test_check_explain_shows_the_label_roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(base_project(tmp_path))
    result = CliRunner().invoke(main, ["check", "--explain"], obj={})
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Texts for readers:"
    assert any(line.strip().startswith("{guilabel}`Save`") and "screenshot" in line for line in lines)
    assert any(line.strip().startswith("{menuselection}`Settings --> Language`") for line in lines)
    assert any(line.strip().startswith("**Save**") and "Never compared with the screen" in line for line in lines)
    plain = CliRunner().invoke(main, ["check"], obj={})
    assert "guilabel" not in plain.output


def test_a_label_role_inside_a_one_line_mapping_gets_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    (root / "content" / "scenarios" / "cases").mkdir()
    (root / "content" / "scenarios" / "cases" / "flow.yaml").write_text(
        "id: flow\ntitle: {fr: Titre, en: Title}\nsummary: {fr: Résumé., en: Summary.}\naudience: [member]\n"
        "topic: wiki\nsteps:\n  - goto: /wiki\n    say: {fr: Cliquez sur {guilabel}`Enregistrer`., en: Click.}\n",
        encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], obj={})
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if "flow.yaml" in line]
    assert line.startswith("content/scenarios/cases/flow.yaml:8:")
    assert line.endswith("inside `{…}` the braces of a `{guilabel}` or `{menuselection}` end the mapping: write "
                         "each language on its own line under the key (`fr: …`), or put the text in quotes")


def test_the_known_how_tos_are_looked_up_not_copied_for_each_text() -> None:
    """`check` asks about every text of every scenario with the same set of ids: copying it each time made
    `check` grow with the square of the library (3.9 ms a file at 4,000 files against 2.3 at 1,000)."""
    from collections.abc import Set as AbstractSet

    from builder.content.richtext import text_problems

    class Ids(AbstractSet):
        def __contains__(self, item: object) -> bool:
            return item == "unlock-account"

        def __len__(self) -> int:
            return 1

        def __iter__(self):
            raise AssertionError("the set of ids was copied")

    ids = Ids()
    assert text_problems("See [the page](/scenarios/unlock-account).", ids) == []
    [found] = text_problems("See [the page](/scenarios/unlock-acount).", {"unlock-account"})
    assert "unknown how-to `unlock-acount`" in found.problem and "unlock-account" in found.todo
