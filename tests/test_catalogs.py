"""Message catalogs and a project's overrides: words, templates, Sphinx configuration.

Projects are made by `helpwright init` (every text in every configured language), then
built with the real Sphinx; the handouts' HTML comes from the real renderer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.content.catalog import (
    language_name,
    messages,
    missing_catalogs,
    package_catalog,
)
from builder.content.init import init_project
from builder.content.loading import load_project
from builder.outputs.handouts.render import Renderer
from builder.outputs.site.build import build_site_report
from builder.outputs.site.rendering import ShotIndex, render_site


def _project(tmp_path: Path, languages: list[str]) -> Path:
    root = tmp_path / "project"
    init_project(root, languages=languages)
    return root


def _build(root: Path, lang: str) -> tuple[str, list[str]]:
    """The home page of ``lang`` and the lines the build printed."""
    lines: list[str] = []
    report = build_site_report(root, languages=[lang], progress=lines.append)
    return (report[lang].site / "index.html").read_text(encoding="utf-8"), lines


def _workbook_html(root: Path, lang: str) -> str:
    project = load_project(root)
    assert project.problems == []
    return Renderer(project).render(project.workshops["first-steps"].model, lang, "participant", {}).html


def test_package_catalogs_have_the_same_keys_and_fields() -> None:
    # A French catalog that lacks a key would silently read English.
    en, fr = messages("en").data, messages("fr").data

    def keys(data: dict, prefix: str = "") -> set[str]:
        out = set()
        for key, value in data.items():
            if isinstance(value, dict) and key not in ("theme_gettext", "theme_text", "target_words",
                                                       "language_names"):
                out |= keys(value, f"{prefix}{key}.")
            else:
                out.add(f"{prefix}{key}")
        return out

    import yaml

    fr_own = yaml.safe_load(package_catalog("fr").read_text(encoding="utf-8"))
    assert keys(fr_own) - {"language_name"} <= keys(en)
    missing = keys(en) - keys(fr_own) - {"language_names"}
    assert not missing, f"fr.yaml lacks {sorted(missing)}"
    assert fr["site"]["help"].format(name="X") == "Aide X"
    assert en["site"]["help"].format(name="X") == "X Help"


@pytest.mark.slow
def test_a_language_without_catalog_builds_with_english_labels_and_one_warning(tmp_path: Path) -> None:
    root = _project(tmp_path, ["fr", "en", "de"])
    assert missing_catalogs(["fr", "en", "de"], root) == ["de"]
    home, lines = _build(root, "de")
    warnings = [line for line in lines if "message catalog" in line]
    assert len(warnings) == 1, lines
    assert "`de`" in warnings[0] and "content/messages/de.yaml" in warnings[0]
    assert "By role" in home and "By topic" in home and "My platform Help" in home
    assert 'lang="de"' in home
    # The switch names each language in its own words, known or not.
    assert ">Deutsch<" in home and ">Français<" in home and ">English<" in home
    assert "Participant workbook" in _workbook_html(root, "de")


@pytest.mark.slow
def test_adding_a_catalog_file_translates_the_labels(tmp_path: Path) -> None:
    root = _project(tmp_path, ["fr", "en", "de"])
    (root / "content" / "messages").mkdir()
    (root / "content" / "messages" / "de.yaml").write_text(
        "language_name: Deutsch (Schweiz)\n"
        "site:\n  help: \"{name}-Hilfe\"\n  by_audience: Nach Rolle\n  by_topic: Nach Thema\n"
        "handouts:\n  participant_workbook: Arbeitsheft\n", encoding="utf-8")
    assert missing_catalogs(["fr", "en", "de"], root) == []
    assert load_project(root).problems == []
    home, lines = _build(root, "de")
    assert not [line for line in lines if "message catalog" in line]
    assert "Nach Rolle" in home and "Nach Thema" in home and "My platform-Hilfe" in home
    assert "By role" not in home
    assert "Resources" in home  # a key the catalog leaves out reads English
    assert language_name("de", root) == "Deutsch (Schweiz)"
    assert "Arbeitsheft" in _workbook_html(root, "de")


def test_a_project_catalog_rewords_a_shipped_language(tmp_path: Path) -> None:
    root = _project(tmp_path, ["fr", "en"])
    (root / "content" / "messages").mkdir()
    (root / "content" / "messages" / "fr.yaml").write_text(
        "site:\n  by_audience: Par public\nlevels:\n  beginner: Premiers pas\n", encoding="utf-8")
    project = load_project(root)
    assert project.problems == []
    pages = render_site(project, "fr", ShotIndex())
    assert "## Par public" in pages["index.md"] and "## Par thème" in pages["index.md"]
    assert "Premiers pas" in pages["scenarios/open-login-page.md"]
    assert "## By role" in render_site(project, "en", ShotIndex())["index.md"]  # other languages unchanged


def test_dates_quotes_and_targets_come_from_the_catalog() -> None:
    fr, en = messages("fr"), messages("en")
    assert fr.long_date("2026-03-01") == "1er\u00a0mars\u00a02026"
    assert en.long_date("2026-03-02") == "2\u00a0March\u00a02026"
    assert fr.quote("Annoter") == "«\u202fAnnoter\u202f»"
    from builder.content.model import Target

    assert fr.target(Target(role="link", name="Annoter")) == "lien «\u202fAnnoter\u202f»"
    assert en.target(Target(label="Title")) == "label “Title”"


def test_audiences_come_from_the_platform(tmp_path: Path) -> None:
    root = _project(tmp_path, ["fr", "en"])
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8").replace(
        "title: {fr: Membre, en: Member}", "title: {fr: Bénévole, en: Volunteer}"), encoding="utf-8")
    pages = render_site(load_project(root), "en", ShotIndex())
    assert {p for p in pages if p.startswith("audiences/")} == {"audiences/member.md",
                                                                   "audiences/administrator.md"}
    assert pages["audiences/member.md"].startswith("# Volunteer\n")
    assert "[Volunteer](/audiences/member.md)" in pages["index.md"]
    assert "Volunteer" in pages["scenarios/open-login-page.md"]
    assert "Volunteer" in _workbook_html(root, "en")


@pytest.mark.slow
def test_project_templates_and_conf_override_the_package_ones(tmp_path: Path) -> None:
    root = _project(tmp_path, ["fr", "en"])
    site = root / "templates" / "site"
    (site / "_static").mkdir(parents=True)
    (site / "_templates").mkdir()
    # One page template, one static file and one Sphinx template, each replacing the package's.
    (site / "topic.md.j2").write_text("# {{ topic_title(topic) }}\n\nOVERRIDDEN TOPIC PAGE\n\n"
                                      "```{toctree}\n:hidden:\n\n{% for s in scenarios %}/scenarios/{{ s.id }}\n"
                                      "{% endfor %}```\n", encoding="utf-8")
    (site / "_static" / "custom.css").write_text("/* project css */ body { --x: 1; }\n", encoding="utf-8")
    (site / "_templates" / "page.html").write_text(
        '{% extends "!page.html" %}{% block announcement %}PROJECT BAR{% endblock %}', encoding="utf-8")
    (root / "templates" / "handouts").mkdir()
    (root / "templates" / "handouts" / "custom.css").write_text(":root { --accent: #123456; }\n", encoding="utf-8")
    (root / "conf.py").write_text("from builder.outputs.site.default_conf import *  # noqa: F403\n"
                                  "html_theme_options = {'sidebar_hide_name': True}\n", encoding="utf-8")
    _build(root, "en")
    out = root / "_build" / "site" / "en"
    assert "OVERRIDDEN TOPIC PAGE" in (out / "topics" / "getting-started.html").read_text(encoding="utf-8")
    assert "project css" in (out / "_static" / "custom.css").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "PROJECT BAR" in home
    assert "<title>My platform Help</title>" in home  # platform settings still filled in with a conf.py
    assert "sidebar-brand-text" not in home  # the project's theme option took effect
    assert "--accent: #123456" in _workbook_html(root, "en")
    # Untouched package templates are still used.
    assert "By role" in home
