"""The view model: one scenario page per language, read from the shots once, shared by every output."""

from __future__ import annotations

import json
import os
from pathlib import Path

from builder.content.loading import load_project
from builder.outputs.viewmodel import build_view_model
from builder.shots.definition import definition_hash
from builder.shots.drift import FAILED, MISSING
from builder.shots.report import CaptureResult, CaptureSummary, write_json_report

BOX = [120, 64, 80, 24]


def _manifest(root: Path, lang: str = "fr", unshot: list[dict[str, object]] | None = None) -> None:
    project = load_project(root)
    source = project.scenarios["annotate-page"]
    folder = root / "screenshots" / lang / "annotate-page"
    images = [{"step": 1, "file": "01.png", "target": {"role": "link", "name": "Annoter la page", "box": BOX,
                                                       "selector": "#annotate"}},
              {"step": 2, "file": "02.png", "target": {"role": "textbox", "name": "Votre note"}}]
    manifest = {"scenario": "annotate-page", "lang": lang, "status": "passed",
                "captured_at": "2026-03-01T08:00:00+00:00", "images": images,
                "definition_hash": definition_hash(source.model, project.platform, lang, root / "content")}
    if unshot is not None:
        manifest["unshot"] = unshot
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_page_holds_each_step_with_its_image_alt_box_and_selector(site_root) -> None:
    root = site_root("test-basic")
    _manifest(root)
    view = build_view_model(load_project(root))
    page = view.page("annotate-page", "fr")
    assert page.state is None  # captured, current, nothing pending: a page in good standing
    assert [s.image_name for s in page.steps] == ["01.png", "02.png", None, "04.png"]
    first, second, pressed, last = page.steps
    assert first.image == root / "screenshots" / "fr" / "annotate-page" / "01.png"
    assert first.say == "Cliquez sur **Annoter** au-dessus du texte."  # the trainer's Markdown, for each output
    assert first.alt == ("Étape\u00a01\u202f: Cliquez sur Annoter au-dessus du texte. "
                         "(repère\u00a01\u202f: lien «\u202fAnnoter la page\u202f»)")
    assert first.box == tuple(BOX) and first.selector == "#annotate"
    assert second.box is None and second.selector is None  # recorded without them: never guessed
    assert second.note == "Restez bref et précis."
    assert pressed.image is None and pressed.image_name is None  # `shot: false`
    assert last.record is None and last.image is not None  # an image without a manifest entry
    assert first.source.endswith("annotate-page.yaml:16") and last.source.endswith("annotate-page.yaml:28")
    assert page.result == root / "screenshots" / "fr" / "annotate-page" / "result.png"
    assert page.image("04.png") == last.image and page.image("03.png") is None


def test_a_targets_box_on_its_image_is_scaled_and_absent_from_crops_and_whole_pages(site_root) -> None:
    import dataclasses

    root = site_root("test-basic")
    _manifest(root)
    first = build_view_model(load_project(root)).page("annotate-page", "fr").steps[0]
    assert first.image_box(1) == tuple(BOX) and first.image_box(2) == tuple(2 * v for v in BOX)
    for shot in ({"crop": "#form"}, {"full_page": True}):
        other = first.step.model_copy(update={"shot": first.step.shot.model_copy(update=shot)})
        assert dataclasses.replace(first, step=other).image_box(1) is None  # the viewport lies elsewhere on it


def test_a_step_without_an_image_keeps_what_capture_recorded_of_its_target(site_root) -> None:
    root = site_root("test-basic")
    _manifest(root, unshot=[{"step": 3, "target": {"role": "button", "name": "Enregistrer", "selector": "#save"},
                             "page": {"title": "Note", "url": "/notes/new"}}])
    pressed = build_view_model(load_project(root)).page("annotate-page", "fr").steps[2]
    assert pressed.image_name is None and pressed.image is None  # `shot: false`: still no image…
    assert pressed.selector == "#save" and pressed.box is None  # …but its target, for a tour, and no box
    assert pressed.record is not None and pressed.record["page"]["url"] == "/notes/new"


def test_a_page_never_captured_or_whose_capture_failed_says_so(site_root) -> None:
    root = site_root("test-basic")
    _manifest(root)
    report = root / "_build" / "capture-report.json"
    write_json_report(report, CaptureSummary(results=[
        CaptureResult("annotate-page", "fr", FAILED, step=2, say="Écrivez.", cause="field not found")]))
    os.utime(report, (1772443800, 1772443800))  # after the manifest's capture
    view = build_view_model(load_project(root))
    failed = view.page("annotate-page", "fr")
    assert failed.state == FAILED and failed.check is not None and failed.check.step == 2
    assert failed.steps[0].image is not None  # the last good screenshots stay
    never = view.page("log-in", "en")
    assert never.state == MISSING and all(step.image is None for step in never.steps)


def test_a_link_in_the_screenshots_is_no_image(site_root, tmp_path: Path) -> None:
    root = site_root("test-basic")
    secret = tmp_path / "secret.png"
    secret.write_bytes((root / "screenshots" / "fr" / "annotate-page" / "01.png").read_bytes())
    link = root / "screenshots" / "fr" / "annotate-page" / "02.png"
    link.unlink()
    link.symlink_to(secret)
    page = build_view_model(load_project(root)).page("annotate-page", "fr")
    assert page.steps[1].image is None and page.image("02.png") is None
    assert page.steps[0].image is not None


def test_pages_are_made_once_and_kept(site_root) -> None:
    root = site_root("test-basic")
    view = build_view_model(load_project(root))
    page = view.page("annotate-page", "fr")
    (root / "screenshots" / "fr" / "annotate-page" / "01.png").unlink()
    assert view.page("annotate-page", "fr") is page  # every output reads the same page
    assert [p.scenario.id for p in view.pages("en")] == sorted(load_project(root).scenarios)


def test_each_manifest_is_read_once_for_the_pages_checks_and_the_pages(site_root, monkeypatch) -> None:
    from builder.outputs import viewmodel
    from builder.shots import store

    root = site_root("test-basic")
    _manifest(root)
    read: list[Path] = []
    real = store.read_manifest
    for module in (store, viewmodel):  # the checks read through the store's, the pages through their own
        monkeypatch.setattr(module, "read_manifest", lambda folder: read.append(folder) or real(folder))
    view = build_view_model(load_project(root))
    assert view.checks[("annotate-page", "en")].state == MISSING
    assert ("annotate-page", "fr") not in view.checks  # its manifest is current
    pages = [view.page(sid, lang) for lang in ("fr", "en") for sid in sorted(view.project.scenarios)]
    assert [s.record["target"]["box"] for s in pages[0].steps if s.image_name == "01.png"] == [BOX]
    assert len(read) == len(set(read)) == len(pages)
