"""The parts of review that need no browser: pixel diff, reasons, quotes, run log, decisions."""

from __future__ import annotations

import io
import json
from pathlib import Path

from PIL import Image, ImageDraw

from builder.shots.diff import compare_images, overlay_png
from builder.shots.reasons import explain, render, sentence
from builder.shots.report import FAILED, PASSED, CaptureResult, CaptureSummary
from builder.shots.runlog import append_run, last_good, latest_results, log_path, read_runs
from builder.shots.stale import normalize, quotes


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def page() -> Image.Image:
    img = Image.new("RGB", (640, 400), "white")
    ImageDraw.Draw(img).rectangle((40, 40, 200, 80), fill=(37, 99, 235))
    return img


def test_diff_counts_changed_pixels_boxes_regions_and_ignores_antialiasing_noise() -> None:
    old = page()
    new = old.copy()
    draw = ImageDraw.Draw(new)
    draw.rectangle((201, 40, 260, 80), fill=(37, 99, 235))  # the button grew
    draw.rectangle((500, 300, 509, 309), fill="black")       # and something appeared far away
    noise = old.copy()
    for x in range(0, 640, 7):  # edge pixels a few levels off, as re-rendered anti-aliasing is
        noise.putpixel((x, 200), (245, 245, 245))
    diff = compare_images(png(old), png(new))
    assert diff.changed == 60 * 41 + 100
    assert abs(diff.ratio - (60 * 41 + 100) / (640 * 400)) < 1e-9
    assert diff.boxes == [(201, 40, 60, 41), (500, 300, 10, 10)]
    assert compare_images(png(old), png(noise)).changed == 0
    assert compare_images(png(old), png(noise), pixel_threshold=0.01).changed == len(range(0, 640, 7))
    overlay = Image.open(io.BytesIO(overlay_png(png(old), png(new))))
    assert overlay.size == (640, 400) and overlay.getpixel((230, 60)) == (220, 38, 38)


def test_diff_of_images_of_different_sizes_counts_what_only_one_covers() -> None:
    old = page()
    new = old.crop((0, 0, 640, 300))
    diff = compare_images(png(old), png(new))
    assert diff.size_changed and diff.old_size == (640, 400)
    assert diff.changed == 640 * 100 and diff.boxes == [(0, 300, 640, 100)]


def record(name: str, box: list[int], title: str = "Nouvel article") -> dict:
    return {"file": "05.png", "width": 1280, "height": 800,
            "target": {"role": "button", "name": name, "box": box},
            "page": {"title": title, "url": "/blog/new?lang=fr"}}


def test_reasons_in_words() -> None:
    old = record("Publier", [100, 500, 80, 30])
    assert explain(old, record("Publier le billet", [100, 500, 140, 30])) == [
        {"key": "renamed", "role": "button", "name": "Publier", "new_role": "button", "new_name": "Publier le billet"}]
    moved = explain(old, record("Publier", [100, 620, 80, 30]), {"boxes": [[0, 100, 1280, 120]]})
    assert sentence(moved) == "The target moved 120 px down; a new element appeared above the target"
    assert sentence(moved, "fr") == ("La cible s’est déplacée de 120\u00a0px vers le bas\u202f; un nouvel élément "
                                     "est apparu au-dessus de la cible")
    assert explain(old, dict(old)) == [{"key": "style"}]
    assert render(explain(old, record("Publier", [100, 500, 80, 30], "Brouillon"))[0]) == \
        "the page title changed: “Nouvel article” → “Brouillon”"
    link = {**old, "target": {"role": "link", "name": "Publier", "box": [100, 500, 80, 30]}}
    assert render(explain(old, link)[0]) == "the button “Publier” is now the link “Publier”"
    assert explain(None, old) == [{"key": "new_image"}]


def test_quotes_of_a_step_text() -> None:
    say = "Cliquez sur **Publier**, puis « Enregistrer » et “Save”. Ni *ceci* ni **{dialog}**."
    assert quotes(say) == ["Publier", "Enregistrer", "Save"]
    assert quotes("Choose **« Publish »** then **publish**") == ["Publish"]
    assert normalize("Langue de l’interface\u00a0:") == normalize("langue de l'interface") == "langue de l'interface"


def _summary(*results: CaptureResult) -> CaptureSummary:
    return CaptureSummary(results=list(results), base_url="http://127.0.0.1:1")


def test_run_log_keeps_each_pages_latest_result(tmp_path: Path) -> None:
    failed = CaptureResult("log-in", "fr", FAILED, step=2, cause="not found")
    append_run(tmp_path, _summary(failed, CaptureResult("annotate-page", "fr", PASSED)))
    append_run(tmp_path, _summary(CaptureResult("annotate-page", "fr", PASSED)), only=["annotate-page"])
    with log_path(tmp_path).open("a", encoding="utf-8") as log:
        log.write('{"when": "2026-03-02", "results": [{"scen')  # a crash mid-line
    runs = read_runs(tmp_path)
    assert [r["only"] for r in runs] == [None, ["annotate-page"]]
    latest = latest_results(tmp_path)
    assert latest[("log-in", "fr")][0]["status"] == "failed"  # --only annotate-page forgot nothing
    assert set(last_good(tmp_path)) == {("annotate-page", "fr")}


def test_capture_only_keeps_other_pages_failures_on_the_site(site_root, tmp_path: Path) -> None:
    from builder.content.loading import load_project
    from builder.shots.drift import FAILED as DRIFT_FAILED
    from builder.shots.drift import check_pages

    root = site_root("test-basic")
    append_run(root, _summary(CaptureResult("log-in", "fr", FAILED, step=2, cause="button not found")))
    append_run(root, _summary(CaptureResult("annotate-page", "fr", PASSED)), only=["annotate-page"])
    checks = check_pages(load_project(root), ["fr"])
    assert checks[("log-in", "fr")].state == DRIFT_FAILED
    assert checks[("log-in", "fr")].cause == "button not found"
    # `build --clean` keeps the history.
    from builder.outputs.site.build import clean_build

    clean_build(root)
    assert len(read_runs(root)) == 2
    assert json.loads(log_path(root).read_text(encoding="utf-8").splitlines()[0])["results"][0]["step"] == 2


def test_only_quotes_found_before_can_go_stale() -> None:
    from builder.shots.stale import judge

    first, known = judge({5: {"found": ["Enregistrer"], "missing": ["Verr. Maj"]},
                          6: {"found": ["Publier"], "missing": []}}, {})
    assert first == [] and known == {"5": ["Enregistrer"], "6": ["Publier"]}  # a key name is never flagged
    stale, known = judge({5: {"found": ["Enregistrer"], "missing": ["Verr. Maj"]},
                          6: {"found": [], "missing": ["Publier"]}}, known)
    assert stale == [{"step": 6, "quotes": ["Publier"]}]
    assert known["6"] == ["Publier"]  # still known: it stays flagged until shown again or reworded
    again, known = judge({6: {"found": ["Publier"], "missing": []}}, known)
    assert again == [] and known == {"6": ["Publier"]}


def test_quoted_labels_and_menu_levels_are_quotes_too() -> None:
    say = "Open {menuselection}`Settings --> &Language`, click {guilabel}`Save` and **Save** or **Close**."
    assert quotes(say) == ["Settings", "Language", "Save", "Close"]


def test_status_exits_non_zero_while_a_page_failed_or_waits_for_review(site_root, tmp_path: Path) -> None:
    import hashlib

    from click.testing import CliRunner

    from builder.cli import main
    from builder.shots.pending import write_pending

    root = site_root("test-basic")

    def status() -> tuple[int, str]:
        result = CliRunner().invoke(main, ["-C", str(root), "status"], obj={})
        assert "Traceback" not in result.output
        return result.exit_code, result.output

    code, out = status()
    assert code == 0 and "0 step(s) pending review, 0 step(s) with stale text, 0 failed capture(s)" in out
    append_run(root, _summary(CaptureResult("log-in", "fr", FAILED, step=2, cause="button not found")))
    code, out = status()
    assert code == 1 and "log-in [fr]" in out and "FAILED at step 2: button not found" in out
    assert "Error: 1 failed capture(s) and 0 step(s) pending review" in out
    append_run(root, _summary(CaptureResult("log-in", "fr", PASSED)), only=["log-in"])
    assert status()[0] == 0  # the page passed again
    staged = tmp_path / "staged"
    staged.mkdir()
    data = png(page())
    (staged / "01.png").write_bytes(data)
    entry = {"step": 1, "file": "01.png", "sha256": hashlib.sha256(data).hexdigest(), "width": 640, "height": 400}
    manifest = {"scenario": "annotate-page", "lang": "fr", "images": [entry]}
    (tmp_path / "run").mkdir()
    write_pending(root / "screenshots", "fr", "annotate-page", staged, manifest,
                  [{"step": 1, "file": "01.png", "new": entry, "approved": None, "diff": None, "reasons": []}],
                  tmp_path / "run", pixel_threshold=0.1)
    code, out = status()
    assert code == 1 and "annotate-page [fr]" in out and "PENDING review: step(s) 1" in out
    assert "0 failed capture(s) and 1 step(s) pending review" in out


def test_quotes_keep_the_texts_order_whether_bold_or_quoted_labels() -> None:
    bold = "Write the **content**. Leave **Group** empty, then « Save »."
    roles = "Write the **content**. Leave {guilabel}`Group` empty, then « Save »."
    assert quotes(bold) == quotes(roles) == ["content", "Group", "Save"]


def test_the_demo_librarys_published_screenshots_match_its_scenarios() -> None:
    """An optional key added to the format (or a `say` reworded) marks no committed screenshot stale."""
    from builder.content.loading import load_project
    from builder.shots.definition import definition_hash

    repo = Path(__file__).resolve().parent.parent
    project = load_project(repo)
    assert project.problems == [] and project.platform is not None
    stale = []
    for sid, source in sorted(project.scenarios.items()):
        for lang in project.languages:
            manifest = json.loads((repo / "screenshots" / lang / sid / "manifest.json").read_text(encoding="utf-8"))
            if manifest["definition_hash"] != definition_hash(source.model, project.platform, lang,
                                                              repo / "content"):
                stale.append(f"{lang}/{sid}")
    assert stale == []
