"""Handouts printed by a real Chromium: parse, size, texts, images, and what each reader sees."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.content.loading import Project, load_project
from builder.content.model import localize
from builder.outputs.handouts.build import Handout, build_handouts
from tests.pixels import colour_count
from tests.test_handouts_support import make_project, pdf_text, plain

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[tuple[str, str], Handout]]:
    root = make_project(tmp_path_factory.mktemp("handouts") / "project")
    project = load_project(root)
    assert project.problems == []
    seen: list[tuple[int, int]] = []
    made = build_handouts(project, progress=lambda h, done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    return project, {(h.lang, h.kind): h for h in made}


def test_every_language_gets_both_pdfs_under_build_handouts(printed) -> None:
    project, _made = printed
    out = project.root / "_build" / "handouts"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "en/notes-basics-facilitator.pdf", "en/notes-basics-participant.pdf",
        "fr/notes-basics-facilitator.pdf", "fr/notes-basics-participant.pdf",
    ]  # nothing else: no temp file or HTML left behind


def test_pdfs_parse_and_every_page_is_a4(printed) -> None:
    from pypdf import PdfReader

    for handout in printed[1].values():
        reader = PdfReader(handout.path)
        assert len(reader.pages) == handout.pages >= 6
        for page in reader.pages:
            assert abs(float(page.mediabox.width) - 595) <= 1
            assert abs(float(page.mediabox.height) - 842) <= 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_workbook_has_title_objectives_and_every_step(printed, lang: str) -> None:
    project, made = printed
    workshop = project.workshops["notes-basics"].model
    text = pdf_text(made[(lang, "participant")].path)
    assert localize(workshop.title, lang) in text
    for objective in workshop.objectives:
        assert plain(localize(objective, lang)) in text
    boxed = re.sub(r" (?=[.,])", "", text)  # a quoted label's box reads as a space before what follows
    for step in project.scenario("write-note").steps:
        assert plain(localize(step.say, lang)) in boxed
    assert plain(localize(workshop.memo.sections[0].points[0], lang)) in text


def test_answers_and_facilitator_notes_appear_only_in_the_guide(printed) -> None:
    project, made = printed
    workshop = project.workshops["notes-basics"].model
    for lang in ("fr", "en"):
        answer = localize(workshop.knowledge_checks[0].answer, lang)
        question = localize(workshop.knowledge_checks[0].question, lang)
        notes = localize(workshop.agenda[1].notes, lang)
        workbook, guide = (pdf_text(made[(lang, k)].path) for k in ("participant", "facilitator"))
        assert question in workbook and question in guide
        assert answer in guide and answer not in workbook
        assert notes in guide and notes not in workbook


def test_guide_has_running_order_checklist_and_trouble_fixes(printed) -> None:
    text = pdf_text(printed[1][("en", "facilitator")].path)
    for expected in ("Running order", "14:05–14:15", "14:25–14:30", "Set-up checklist", "☐",
                     "Print 6 participant workbooks", "Unlock it from Administration → Users.",
                     "Common trouble and fixes"):
        assert expected in text


def test_screenshots_are_embedded_and_a_missing_one_is_a_placeholder(printed) -> None:
    from pypdf import PdfReader

    handout = printed[1][("en", "participant")]
    reader = PdfReader(handout.path)
    images = [img for page in reader.pages for img in page.images]
    assert len(images) >= 3  # steps 1 and 3, and the result
    assert min(img.image.width for img in images) >= 1000  # full resolution, not a thumbnail
    assert "Screenshot not available" in pdf_text(handout.path)
    assert [p.name for p in handout.missing_images] == ["02.png"]


def test_contents_page_numbers_point_at_the_sections(printed) -> None:
    from pypdf import PdfReader

    path = printed[1][("en", "participant")].path
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(path).pages]
    contents = next(p for p in pages if "Contents" in p)
    for title in ("Check your knowledge", "Notes", "Write a note"):
        number = int(re.search(rf"{title}[ .]*?(\d+)", contents.split("Contents", 1)[1]).group(1))
        assert title in pages[number - 1].split(" ", 3)[-1], (title, number)


def test_a_step_page_is_not_blank(printed, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    path = printed[1][("fr", "participant")].path
    from pypdf import PdfReader

    page_no = next(i for i, p in enumerate(PdfReader(path).pages, 1) if p.images)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page_no), "-l", str(page_no), str(path),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    gray = Image.open(png).convert("L")
    assert ImageStat.Stat(gray).stddev[0] > 20
    assert gray.size[0] < gray.size[1]  # portrait


def test_cli_prints_one_workshop_in_one_language_with_progress(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["-C", str(root), "handouts", "--lang", "en", "--only", "notes-basics"],
                                obj={})
    assert result.exit_code == 0, result.output
    assert "[1/2]" in result.output and "[2/2]" in result.output
    assert "1 screenshot(s) missing" in result.output
    assert sorted(p.name for p in (root / "_build" / "handouts").rglob("*.pdf")) == [
        "notes-basics-facilitator.pdf", "notes-basics-participant.pdf"]


def test_cli_rejects_an_unknown_workshop_without_traceback(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["-C", str(root), "handouts", "--only", "nope"], obj={})
    assert result.exit_code == 1
    assert "Error: unknown workshop `nope`: use one of notes-basics" in result.output
    assert "Traceback" not in result.output


def test_cli_reports_a_bad_workshop_as_located_problems(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    path = root / "content" / "workshops" / "notes-basics.yaml"
    path.write_text(path.read_text().replace("scenarios: [write-note]", "scenarios: [no-such]", 1))
    result = CliRunner().invoke(main, ["-C", str(root), "handouts"], obj={})
    assert result.exit_code == 1
    assert re.search(r"notes-basics\.yaml:\d+:\d+: unknown scenario `no-such`", result.output)
    assert not (root / "_build" / "handouts").exists()




def test_a_quoted_label_prints_in_the_sites_label_style(printed, tmp_path: Path) -> None:
    """`{guilabel}` in a step's text: the label's words, in a light-blue box as on the site."""
    from PIL import Image
    from pypdf import PdfReader

    project, made = printed
    from builder.outputs.handouts.render import Renderer

    html = Renderer(project).render(project.workshops["notes-basics"].model, "en", "participant", {}).html
    assert '<span class="guilabel">New note</span>' in html
    path = made[("en", "participant")].path
    page_no = next(i for i, p in enumerate(PdfReader(path).pages, 1) if "Click New note" in
                   re.sub(r"\s+", " ", p.extract_text()))
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(page_no), "-l", str(page_no), str(path),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    label_blue = colour_count(image, (0xDD, 0xEE, 0xFF), 5)  # blue 250 to 255
    assert label_blue > 300, label_blue  # the box behind the label's words, nowhere else on the page


def test_material_from_a_failed_capture_warns_and_fails_with_strict(tmp_path: Path) -> None:
    from builder.shots.report import FAILED, CaptureResult, CaptureSummary
    from builder.shots.runlog import append_run

    root = make_project(tmp_path / "p")
    failed = CaptureResult("write-note", "fr", FAILED, step=3, cause="button “Enregistrer” not found")
    append_run(root, CaptureSummary(results=[failed], base_url="http://127.0.0.1:1"))
    line = next(i for i, text in enumerate((root / "content" / "scenarios" / "notes" / "write-note.yaml")
                                           .read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("  - click: {role: button, name: {fr: Enregistrer"))
    where = f"content/scenarios/notes/write-note.yaml:{line}: workshop notes-basics [fr] prints write-note, whose "\
            "last capture failed at step 3"
    strict = CliRunner().invoke(main, ["-C", str(root), "handouts", "--strict"], obj={})
    assert strict.exit_code == 1 and "Traceback" not in strict.output
    assert where in strict.output and "button “Enregistrer” not found" in strict.output
    assert "Error: --strict: 1 scenario page(s) in these handouts failed their last capture" in strict.output
    assert not (root / "_build" / "handouts").exists()  # nothing printed
    english = CliRunner().invoke(main, ["-C", str(root), "handouts", "--strict", "--lang", "en"], obj={})
    assert english.exit_code == 0, english.output  # the English capture did not fail
    lenient = CliRunner().invoke(main, ["-C", str(root), "handouts", "--lang", "fr"], obj={})
    assert lenient.exit_code == 0, lenient.output
    assert f"Warning: {where}" in lenient.output
    assert sorted(p.name for p in (root / "_build" / "handouts" / "fr").glob("*.pdf")) == [
        "notes-basics-facilitator.pdf", "notes-basics-participant.pdf"]


def test_a_persona_with_an_account_per_language_shows_that_languages_account(tmp_path: Path) -> None:
    from builder.outputs.handouts.render import Renderer

    root = make_project(tmp_path / "p")
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8").replace(
        "    username: alice\n    password_env: NOTEPAD_ALICE_PASSWORD\n",
        "    username: {fr: alice-fr, en: alice-en}\n"
        "    password_env: {fr: NOTEPAD_ALICE_FR_PASSWORD, en: NOTEPAD_ALICE_EN_PASSWORD}\n"), encoding="utf-8")
    project = load_project(root)
    assert project.problems == []
    workshop = project.workshops["notes-basics"].model

    def text(lang: str, kind: str) -> str:
        return re.sub(r"<[^>]+>", "", Renderer(project).render(workshop, lang, kind, {}).html).replace("\u00a0", " ")

    assert "Compte : alice-fr (Membre)" in text("fr", "participant")
    assert "Account: alice-en (Member)" in text("en", "participant")
    guide = text("fr", "facilitator")
    assert "Compte : alice-fr (Membre)" in guide and "Vérifier la connexion avec le compte « alice-fr »" in guide
    for lang, other in (("fr", "alice-en"), ("en", "alice-fr")):
        assert not [k for k in ("participant", "facilitator") if other in text(lang, k) or "alice (" in text(lang, k)]
