"""Property tests: whatever a trainer (or an attacker) writes, the reading code answers, never raises.

Hypothesis feeds the YAML loader arbitrary bytes and YAML-looking text, and `richtext` arbitrary
Markdown-looking text; each must end in a located problem or a result, never a traceback. (The
catalog placeholders and the review server's request parsing have theirs in
tests/test_trust_catalogs.py and tests/test_trust_review_server.py.) Example counts stay modest.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content import richtext
from builder.content.yamlsource import YamlError, read_yaml

YAML_BITS = st.sampled_from(["key: ", "- ", "  ", "\n", "{", "}", "[", "]", ": ", "'", '"', "&a ", "*a", "!!python/object ",
                             "<<: *a\n", "#", "|\n", "\t", "\x00", "é", "%YAML 1.1\n", "---\n", "...\n", "? ", ",",
                             "{fr: x, en: y}", "\ufeff", "\\u202e"])
MARKDOWN_BITS = st.sampled_from(["**", "*", "_", "`", "[a](", "https://x.example", "](/scenarios/a)", "<", ">",
                                 "<script>", "{role}`x`", ":::{note}", "```", "\n", "\n\n", "- ", "1. ", "# ", "|",
                                 "\\", "!", "![i](", ")", "<!--", "$$", "{dialog}", "  \n", "&amp;", "é"])


@given(st.one_of(st.binary(max_size=200), st.lists(YAML_BITS, max_size=30).map(lambda b: "".join(b).encode())))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_yaml_loader_answers_with_data_or_a_located_problem(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    try:
        located = read_yaml(path, "x.yaml")
    except YamlError as exc:
        assert exc.problem.line >= 1 and exc.problem.col >= 1
        assert str(exc.problem).startswith("x.yaml:")
    else:
        located.where(("anything", 0))


@given(st.one_of(st.text(max_size=120), st.lists(MARKDOWN_BITS, max_size=25).map("".join)))
@settings(max_examples=200, deadline=None)
def test_richtext_renders_and_checks_any_text(text: str) -> None:
    for inline in (False, True):
        richtext.parse(text, inline=inline)
        richtext.to_html(text, inline=inline)
        richtext.to_myst(text, inline=inline)
    richtext.to_myst(text, single_line=True)
    richtext.to_plain(text)
    richtext.myst_text(text)
    richtext.myst_option(text)
    richtext.plain_problems(text)
    for finding in richtext.text_problems(text, ["a"]):
        assert 0 <= finding.offset <= len(text)
    html = richtext.to_html(text)
    assert "<script" not in html.lower() and "onerror=" not in html.lower()
