"""SCORM 1.2 packages: the manifest lists what the zip holds, a rebuild gives the same bytes,
texts are escaped, answers stay out, and `correct` must name one of the choices.

The sample project (tests/roots/test-handouts, one scenario, its second screenshot missing)
gets two scored questions next to its open one. The run-time test, with an LMS in Chromium,
is tests/test_scorm_runtime.py.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from builder.content.loading import load_project
from builder.content.workshop import KnowledgeCheck
from builder.errors import HelpwrightError
from builder.outputs.scorm.manifest import ADLCP, IMSCP
from builder.outputs.scorm.package import build_package
from builder.outputs.scorm.pages import environment, render_quiz
from builder.outputs.viewmodel import build_view_model
from builder.shots.drift import FAILED, PageCheck
from tests.test_handouts_support import make_project

NS = {"cp": IMSCP, "adlcp": ADLCP}

SCORED = """knowledge_checks:
  - question: {fr: "Quel bouton crée une note ?", en: "Which button makes a note?"}
    choices: [{fr: Enregistrer, en: Save}, {fr: Nouvelle note, en: New note}]
    correct: 2
    answer: {fr: NOUVELLE-NOTE-SECRET, en: NEW-NOTE-SECRET}
  - question: {fr: "Qui lit un carnet privé ?", en: "Who reads a private notebook?"}
    choices: [{fr: Son auteur, en: Its author}, {fr: Tout le monde, en: Everyone}]
    correct: 1
    answer: {fr: AUTEUR-SECRET, en: AUTHOR-SECRET}
"""


def scored_project(dest: Path) -> Path:
    """The sample project with two scored questions before its open one."""
    root = make_project(dest)
    path = root / "content" / "workshops" / "notes-basics.yaml"
    text = path.read_text(encoding="utf-8")
    assert "knowledge_checks:\n" in text
    path.write_text(text.replace("knowledge_checks:\n", SCORED, 1), encoding="utf-8")
    return root


def _package(root: Path, lang: str = "en") -> zipfile.ZipFile:
    project = load_project(root)
    assert project.problems == []
    workshop = project.workshops["notes-basics"].model
    package = build_package(build_view_model(project), lang, identifier="w", title="Notes",
                            scenario_ids=workshop.scenario_ids(), checks=list(workshop.knowledge_checks))
    return zipfile.ZipFile(io.BytesIO(package.zip_bytes()))


def test_manifest_lists_exactly_the_files_of_the_zip(tmp_path: Path) -> None:
    archive = _package(scored_project(tmp_path / "p"))
    names = set(archive.namelist())
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    resources = {r.get("identifier"): r for r in manifest.iterfind("cp:resources/cp:resource", NS)}
    scos = [r for r in resources.values() if r.get(f"{{{ADLCP}}}scormtype") == "sco"]
    assert [r.get("href") for r in scos] == ["sco/write-note/index.html", "quiz/index.html"]
    listed = {f.get("href") for r in resources.values() for f in r.iterfind("cp:file", NS)}
    assert listed == names - {"imsmanifest.xml"}
    # every item and dependency points at a resource, every launch page is listed in its own resource
    organization = manifest.find("cp:organizations/cp:organization", NS)
    assert organization is not None and manifest.find("cp:organizations", NS).get("default") == organization.get(
        "identifier")
    refs = [i.get("identifierref") for i in organization.iterfind("cp:item", NS)]
    refs += [d.get("identifierref") for r in resources.values() for d in r.iterfind("cp:dependency", NS)]
    assert refs and all(ref in resources for ref in refs)
    for sco in scos:
        assert sco.get("href") in {f.get("href") for f in sco.iterfind("cp:file", NS)}
    quiz = organization.find("cp:item[@identifierref='res-quiz']", NS)
    assert quiz is not None and quiz.findtext("adlcp:masteryscore", namespaces=NS) == "80"
    # the missing second screenshot is not claimed: the page says it is missing
    assert "sco/write-note/02.png" not in names and "sco/write-note/01.png" in names
    assert "sco/write-note/result.png" in names
    lesson = archive.read("sco/write-note/index.html").decode()
    assert "Screenshot not captured yet" in lesson


def test_rebuilding_gives_the_same_bytes(tmp_path: Path) -> None:
    root = scored_project(tmp_path / "p")
    project = load_project(root)
    workshop = project.workshops["notes-basics"].model

    def once() -> bytes:
        return build_package(build_view_model(project), "fr", identifier="w", title="Notes",
                             scenario_ids=workshop.scenario_ids(),
                             checks=list(workshop.knowledge_checks)).zip_bytes()

    first = once()
    assert once() == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == sorted(archive.namelist())
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_package_loads_nothing_remote_and_keeps_answers_out(tmp_path: Path) -> None:
    archive = _package(scored_project(tmp_path / "p"), "fr")
    pages = {n: archive.read(n).decode() for n in archive.namelist() if n.endswith((".html", ".js", ".css"))}
    for name, text in pages.items():
        assert "SECRET" not in text, name
        assert "http://" not in text.replace("http://www.", "") and "https://" not in text, name
        if name.endswith(".html"):
            assert "script-src 'self'" in text and "<script>" not in text, name
    quiz = pages["quiz/index.html"]
    assert quiz.count('data-correct="') == 2 and "Étape" not in quiz and "Valider" in quiz


def test_quiz_texts_are_escaped() -> None:
    hostile = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>'
    # built without validation: check refuses HTML first, the escaping must hold on its own
    check = KnowledgeCheck.model_construct(question=hostile, choices=[hostile, "b"], answer="a", correct=1, lines=3)
    html = render_quiz(environment(Path("/nonexistent")), [check], "en", {
        k: k for k in ("quiz_intro", "no_lms", "submit", "score", "passed", "failed", "unanswered", "right",
                       "wrong", "open_question", "your_answer")}, root="../", title="<b>t</b>", mastery=80)
    assert "<img" not in html and "<script>alert" not in html and "<b>t</b>" not in html
    assert html.count("&lt;img src=x onerror=") == 2


def test_correct_must_name_one_of_the_choices(tmp_path: Path) -> None:
    root = scored_project(tmp_path / "p")
    path = root / "content" / "workshops" / "notes-basics.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("correct: 2", "correct: 3", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "correct: 3" in t)
    problems = [str(p) for p in load_project(root).problems]
    assert len(problems) == 1
    assert f"notes-basics.yaml:{line}:" in problems[0]
    assert "`correct: 3` but the question has 2 choice(s)" in problems[0]
    assert "give the number of the right choice" in problems[0]


def test_cli_writes_a_zip_per_workshop_and_per_scenario(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import main

    root = scored_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["-C", str(root), "scorm", "--lang", "en", "--per-scenario"])
    assert result.exit_code == 0, result.output
    out = root / "_build" / "scorm"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "en/notes-basics.zip", "en/scenarios/write-note.zip"]  # nothing else: no temp file left
    with zipfile.ZipFile(out / "en" / "scenarios" / "write-note.zip") as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        assert [r.get("href") for r in manifest.iterfind("cp:resources/cp:resource", NS)
                if r.get(f"{{{ADLCP}}}scormtype") == "sco"] == ["sco/write-note/index.html"]
        assert not [n for n in archive.namelist() if n.startswith("quiz/")]
    assert "Wrote 2 SCORM package(s)" in result.output
    # a second run gives the same bytes
    first = (out / "en" / "notes-basics.zip").read_bytes()
    assert CliRunner().invoke(main, ["-C", str(root), "scorm", "--lang", "en"]).exit_code == 0
    assert (out / "en" / "notes-basics.zip").read_bytes() == first


def test_cli_refuses_an_unknown_workshop_or_language_without_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import main

    root = scored_project(tmp_path / "p")
    for args, said in ((["--only", "notes"], "--only notes: no such workshop (known: notes-basics)"),
                       (["--lang", "de"], "--lang de: the project's languages are fr, en")):
        result = CliRunner().invoke(main, ["-C", str(root), "scorm", *args])
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert said in result.output, result.output
    assert not (root / "_build" / "scorm").exists()


def _lesson_html(root: Path, checks: dict[tuple[str, str], PageCheck] | None = None) -> tuple[zipfile.ZipFile, str]:
    """The package of write-note in English with two click-through files; ``checks``: the pages' states."""
    project = load_project(root)
    package = build_package(build_view_model(project, checks=checks), "en", identifier="w", title="Notes",
                            scenario_ids=["write-note"],
                            extra_files={"write-note": {"demo.html": b"<p>demo</p>", "demo.js": b"//"}})
    archive = zipfile.ZipFile(io.BytesIO(package.zip_bytes()))
    return archive, archive.read("sco/write-note/index.html").decode()


def test_click_through_files_join_their_lesson_listed_and_linked(tmp_path: Path) -> None:
    archive, lesson = _lesson_html(scored_project(tmp_path / "p"))
    assert archive.read("sco/write-note/demo.html") == b"<p>demo</p>"
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    files = {f.get("href") for f in manifest.iterfind("cp:resources/cp:resource[@identifier='res-sco-write-note']/"
                                                      "cp:file", NS)}
    assert {"sco/write-note/demo.html", "sco/write-note/demo.js"} <= files
    assert lesson.count('<a href="demo.html">Try it</a>') == 1 and "demo.js" not in lesson
    project = load_project(tmp_path / "p")
    with pytest.raises(HelpwrightError, match="extra file `../x.html` for `write-note`"):
        build_package(build_view_model(project), "en", identifier="w", title="t", scenario_ids=["write-note"],
                      extra_files={"write-note": {"../x.html": b""}})


def test_a_lesson_whose_capture_failed_says_its_screenshots_are_unconfirmed(tmp_path: Path) -> None:
    root = scored_project(tmp_path / "p")
    _, good = _lesson_html(root, checks={})
    assert "hw-notice" not in good
    failed = PageCheck(scenario="write-note", lang="en", state=FAILED, source="x.yaml:9", step=2)
    _, doubtful = _lesson_html(root, checks={("write-note", "en"): failed})
    assert '<p class="hw-notice" role="note">This how-to may be out of date' in doubtful


def test_each_lesson_carries_the_click_through_demo_that_helpwright_demos_wrote(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import main

    root = scored_project(tmp_path / "p")
    assert CliRunner().invoke(main, ["-C", str(root), "demos", "--lang", "en"]).exit_code == 0
    demo = root / "_build" / "demos" / "en" / "write-note.html"
    assert demo.is_file()
    result = CliRunner().invoke(main, ["-C", str(root), "scorm", "--lang", "en"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "_build" / "scorm" / "en" / "notes-basics.zip") as archive:
        assert archive.read("sco/write-note/demo.html") == demo.read_bytes()
        assert '<a href="demo.html">' in archive.read("sco/write-note/index.html").decode()
    # a demo that is a link (it could pack any file) is left out, never followed
    demo.unlink()
    demo.symlink_to(root / "content" / "platform.yaml")
    assert CliRunner().invoke(main, ["-C", str(root), "scorm", "--lang", "en"]).exit_code == 0
    with zipfile.ZipFile(root / "_build" / "scorm" / "en" / "notes-basics.zip") as archive:
        assert "sco/write-note/demo.html" not in archive.namelist()
