"""Catalogs are data: a project's `content/messages/<lang>.yaml` never becomes markup or code.

Findings 1, 8 and 9: a catalog injected raw HTML (`theme_html`, a `<script>` included) into every
page, Markdown (an outside link, a remote image, a fake heading) through its labels, and grew the
site by a megabyte a page with a format spec (`{name:>1000000}`). `check` refuses each at its
line and column; with the check set aside, the real build (Sphinx) shows each as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.catalog import catalog_problems, field_problem
from builder.outputs.site.labels import myst_label
from tests.fixtures_site import copy_root

HOSTILE = """\
theme_html:
  Skip to content: '<script>window.HACKED=1</script>'
theme_text:
  Skip to content: '<img src=x onerror=alert(1)>'
site:
  help: "{name:>1000000}"
  welcome: "{name.__class__} {name!r}"
  by_topic: "[Outside](https://evil.example/)"
  by_audience: "![remote](https://evil.example/x.png)"
  faq: "# Fake heading"
  more: "<script>window.HACKED=2</script>"
  none_yet: "{name[0]}"
"""


def _hostile_project(tmp_path: Path) -> Path:
    root = copy_root("test-basic", tmp_path / "p")
    (root / "content" / "messages").mkdir()
    (root / "content" / "messages" / "fr.yaml").write_text(HOSTILE, encoding="utf-8")
    return root


def test_check_refuses_every_hostile_catalog_entry_at_its_place(tmp_path: Path) -> None:
    root = _hostile_project(tmp_path)
    found = [str(p) for p in catalog_problems(root, lambda p: p.relative_to(root).as_posix())]
    at = {int(m.group(1)): line for line in found if (m := re.match(r"content/messages/fr\.yaml:(\d+):", line))}
    assert "unknown message `theme_html`" in at[1]
    assert "HTML `<img>`" in at[4]
    assert at[6] == ("content/messages/fr.yaml:6:10: format spec `:>1000000` in field `{name:>1000000}` in "
                     "`site.help`: write only `{name}` fields the package's catalog uses (and `{{` for a brace)")
    assert "reaches into a value" in at[7]
    assert "link" in at[8] and "image" in at[9] and "Markdown `#`" in at[10]
    assert "HTML `<script>`" in at[11] and "reaches into a value" in at[12]
    assert len(at) == 9, found


@pytest.mark.slow
def test_hostile_catalog_builds_as_text_when_check_is_set_aside(tmp_path: Path) -> None:
    from builder.content.loading import load_project
    from builder.outputs.site.build import build_loaded_site

    root = _hostile_project(tmp_path)
    project = load_project(root)
    project.problems.clear()  # the check set aside: the escaping must hold on its own
    build_loaded_site(project, languages=["fr"])
    site = root / "_build" / "site" / "fr"
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert len(pages) > 5
    everything = "\n".join(pages.values())
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in everything and "<img src=x" not in everything
    assert "&lt;script&gt;window.HACKED=2&lt;/script&gt;" in home  # the label, shown as text
    assert 'href="https://evil.example' not in everything and 'src="https://evil.example' not in everything
    assert "<h1>Fake heading" not in everything and "<h2>Fake heading" not in everything
    assert "[Outside](https://evil.example/)" in home  # shown as written
    assert max(len(text) for text in pages.values()) < 1_000_000  # no format spec obeyed


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_placeholder_checks_never_raise(text: str) -> None:
    """Any text: the field check answers, and a label that passes it formats without error."""
    problem = field_problem(text)
    label = myst_label(text)
    if problem is None:
        try:
            label.format(name="N", count=1, query="q")
        except KeyError:
            pass  # a field the package's text does not have: `check` refuses it as unknown
    assert "\n" not in label
