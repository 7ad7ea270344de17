"""What the guards let through: files inside the project, the password where a login types it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.content.guards import markdown_images
from builder.content.model import css_problem
from tests.checkcases import base_project

SCENARIO = """id: {id}
title: {{fr: Créer un groupe, en: Create a group}}
summary: {{fr: Créez un groupe., en: Create a group.}}
audience: [member]
topic: groups
{extra}steps:
{steps}"""


def check(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"], obj={})
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def add_scenario(root: Path, sid: str, steps: str, extra: str = "") -> None:
    path = root / "content" / "scenarios" / "cases" / f"{sid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCENARIO.format(id=sid, extra=extra, steps=steps), encoding="utf-8")


def test_files_inside_the_project_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    (root / "content" / "uploads").mkdir()
    (root / "content" / "uploads" / "report.txt").write_text("a report\n", encoding="utf-8")
    (root / "shared").mkdir()
    (root / "shared" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    # a link that stays inside the project is followed and accepted
    (root / "content" / "logo.svg").symlink_to("../shared/logo.svg")
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8").replace(
        "languages:", "logo: logo.svg\nlanguages:"), encoding="utf-8")
    # (an image in a text is refused whatever its file: texts show no images, see tests/test_richtext.py)
    add_scenario(root, "upload-report", "  - upload: {label: File}\n    files: [uploads/report.txt]\n"
                                        "    say: \"Choose the report: uploads/report.txt\"\n")
    assert check(root, monkeypatch) == (0, "")


def test_a_logged_out_scenario_may_type_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    add_scenario(root, "log-in", extra="persona: alice\nlogged_out: true\nstart: /login\n", steps=(
        "  - fill: {label: Username}\n    value: \"{username}\"\n    say: Type your user name.\n"
        "  - fill: {label: Password}\n    value: {fr: \"{password}\", en: \"{password}\"}\n"
        "    say: Type your password.\n"))
    assert check(root, monkeypatch) == (0, "")


def test_the_login_steps_may_type_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    platform = root / "content" / "platform.yaml"
    text = platform.read_text(encoding="utf-8")
    assert "    - click: {role: button, name: Log in}" in text
    platform.write_text(text.replace("    - click: {role: button, name: Log in}",
                                     "    - fill: {label: Password}\n      value: \"{password}\"\n      say: Password\n"
                                     "    - click: {role: button, name: Log in}"), encoding="utf-8")
    assert check(root, monkeypatch) == (0, "")


@pytest.mark.parametrize("selector", [
    "#page-form", "[data-testid=outbox-body]", "nav.tabs", "li:nth-child(2n+1)", "div:has(> p)",
    # Playwright's own CSS extensions work in its locators, so they are CSS here too
    "button:has-text('Save')", "li:visible", "css=main >> p",
    "article:has-text(\"a ) b\") > h2",
])
def test_css_that_playwright_takes_is_accepted(selector: str) -> None:
    assert css_problem(selector) is None


@pytest.mark.parametrize(("selector", "reason"), [
    ("[[[", "(malformed attribute selector at position 0)"),
    ("a >> ", "a CSS selector around `>>` is empty"),
    ("button:has-text('x') [", "malformed attribute selector)"),
])
def test_broken_css_is_refused(selector: str, reason: str) -> None:
    problem = css_problem(selector)
    assert problem is not None and problem.endswith(reason), problem


def test_markdown_images_are_found_in_every_form() -> None:
    text = ("Inline ![a](x.png), titled ![b](<y z.png> \"t\"), reference ![c][r], "
            "nested [![d](n.png)](https://example.org)\n\n[r]: /etc/passwd\n")
    assert sorted(markdown_images(text)) == ["/etc/passwd", "n.png", "x.png", "y%20z.png"]
    assert markdown_images("no image here [a](b) !not") == []


def test_a_hand_written_page_may_name_site_pages_web_pictures_and_its_own_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = base_project(tmp_path)
    page = root / "content" / "pages" / "en" / "about.md"
    page.parent.mkdir(parents=True)
    (page.parent / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page.write_text("# About\n\nSee the {doc}`/glossary`, [the glossary](/glossary) or [a section](#top).\n\n"
                    "![the map](map.png) ![a badge](https://example.org/badge.svg)\n\n"
                    "```{image} ../../uploads/missing-but-inside.png\n```\n", encoding="utf-8")
    assert check(root, monkeypatch) == (0, "")
