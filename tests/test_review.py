"""Review against the real Agora: a UI change makes exactly the affected steps pending, explained in words.

The changes are made by ``tests.agora_variant`` (a copy of Agora's templates, patched):
the blog form's « Publier » becomes « Publier le billet » in French, the wiki page's
« Annoter » link moves, the header bar changes colour.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from builder.capture import Endpoint, capture_project
from builder.shots.pending import DECISIONS, pending_folder, read_pending
from builder.shots.reasons import render_all

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
BLOG, WIKI = "write-blog-post", "annotate-wiki-page"


@contextmanager
def variant_agora(changes: str, password: str) -> Iterator[Any]:
    """Agora serving a patched copy of its templates, on a free 127.0.0.1 port, reset like the demo."""
    from builder.demo_platform import FROZEN_CLOCK, DemoPlatform, _wait_listening

    data_dir = Path(tempfile.mkdtemp(prefix="helpwright-variant-"))
    log = data_dir.with_name(data_dir.name + ".log")
    cmd = [sys.executable, "-u", "-m", "tests.agora_variant", changes, "--", "--port", "0", "--reset",
           "--data-dir", str(data_dir), "--frozen-clock", FROZEN_CLOCK]
    env = dict(os.environ, AGORA_DEMO_PASSWORD=password)
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, text=True, env=env, cwd=REPO)
    snapshot = data_dir.with_name(data_dir.name + "-seed")
    try:
        url = _wait_listening(proc, log)
        shutil.copytree(data_dir, snapshot, ignore=shutil.ignore_patterns("secret_key"))
        yield DemoPlatform(url=url, data_dir=data_dir, pid=proc.pid, _snapshot=snapshot)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stdout is not None:
            proc.stdout.close()
        for path in (data_dir, snapshot):
            shutil.rmtree(path, ignore_errors=True)
        log.unlink(missing_ok=True)


def _capture(root: Path, platform: Any, only: list[str], languages: list[str]) -> Any:
    """Capture in a thread of its own: the session's Chromium may already hold this one's Playwright."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(capture_project, root, endpoints=[Endpoint(platform.url, platform.reset)],
                           only=only, languages=languages, progress=False).result()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _result(summary: Any, scenario: str, lang: str) -> Any:
    return next(r for r in summary.results if r.scenario == scenario and r.lang == lang)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, agora: Any, demo_password: str) -> dict[str, Any]:
    """A project captured on the normal Agora, then on the changed ones: pending changes to review."""
    root = tmp_path_factory.mktemp("review") / "project"
    shutil.copytree(REPO / "content", root / "content")
    blog = root / "content" / "scenarios" / "blog" / f"{BLOG}.yaml"
    # An exact name would not find the renamed button at all; as most scenarios do, match it as a substring.
    text = blog.read_text(encoding="utf-8")
    assert "name: {fr: Publier, en: Publish}, exact: true}" in text
    text = text.replace("name: {fr: Publier, en: Publish}, exact: true}", "name: {fr: Publier, en: Publish}}")
    # A label quoted with {guilabel} that the page no longer shows fails the capture (tests/test_guilabels.py,
    # test_capture_visibility.py); quoted in bold, as here, it is emphasis: the capture passes, the text is
    # flagged stale and the changed images wait for review, which is what these tests look at.
    text = text.replace("{guilabel}`Publier`", "**Publier**").replace("{guilabel}`Publish`", "**Publish**")
    blog.write_text(text, encoding="utf-8")
    baseline = _capture(root, agora, [BLOG], ["fr", "en"])
    baseline_wiki = _capture(root, agora, [WIKI], ["fr"])
    assert baseline.ok and baseline_wiki.ok
    assert [r.status for r in baseline.results + baseline_wiki.results] == ["passed"] * 3
    assert [r.stale for r in baseline.results + baseline_wiki.results] == [[], [], []]
    shots = root / "screenshots"
    before = {key: _files(shots / key) for key in ("fr/" + BLOG, "en/" + BLOG, "fr/" + WIKI)}
    with variant_agora("rename", demo_password) as renamed:
        rename = _capture(root, renamed, [BLOG], ["fr", "en"])
    with variant_agora("move,header", demo_password) as moved:
        move = _capture(root, moved, [WIKI], ["fr"])
    return {"root": root, "before": before, "rename": rename, "move": move, "yaml": blog}


def copy_of(reviewed: dict[str, Any], tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(reviewed["root"], root)
    return root


def test_renamed_button_makes_exactly_its_steps_pending_in_french_only(reviewed: dict[str, Any]) -> None:
    root, summary = reviewed["root"], reviewed["rename"]
    fr, en = _result(summary, BLOG, "fr"), _result(summary, BLOG, "en")
    assert summary.ok and fr.status == "pending" and en.status == "unchanged"
    # Steps 2 to 5 are shot on the form that shows the button; step 1, step 6 and the result are not.
    assert [p["step"] for p in fr.pending] == [2, 3, 4, 5]
    pending = read_pending(root / "screenshots", "fr", BLOG)
    assert pending is not None and [s["file"] for s in pending["steps"]] == ["02.png", "03.png", "04.png", "05.png"]
    for item in pending["steps"]:  # the candidates are the new images, not the approved ones
        png = (pending_folder(root / "screenshots", "fr", BLOG) / item["file"]).read_bytes()
        assert hashlib.sha256(png).hexdigest() == item["new"]["sha256"] != item["approved"]["sha256"]
    folder = pending_folder(root / "screenshots", "fr", BLOG)
    assert sorted(p.name for p in folder.glob("*.png")) == ["02.diff.png", "02.png", "03.diff.png", "03.png",
                                                            "04.diff.png", "04.png", "05.diff.png", "05.png"]
    # The site and the handouts keep reading the approved images: not one published byte changed.
    for key in ("fr/" + BLOG, "en/" + BLOG):
        assert _files(root / "screenshots" / key) == reviewed["before"][key]
    # The reasons name the change, on the step that acts on the button.
    step5 = pending["steps"][3]
    assert render_all(step5["reasons"], "en") == ["the button “Publier” is now “Publier le billet”"]
    assert render_all(step5["reasons"], "fr") == [("le bouton «\u202fPublier\u202f» s’appelle désormais "
                                                  "«\u202fPublier le billet\u202f»")]
    assert all(s["reasons"] == [{"key": "style"}] for s in pending["steps"][:3])
    # One changed region, on the button's row: from the words added to it to the buttons they pushed.
    bx, by, bw, bh = step5["new"]["target"]["box"]
    (x, y, w, h), = step5["diff"]["boxes"]
    assert bx <= x < bx + bw and by - 12 <= y and y + h <= by + bh + 12 and w < 600


def test_stale_text_is_flagged_at_the_line_of_the_say_in_french_only(reviewed: dict[str, Any]) -> None:
    from builder.shots.report import stale_lines

    summary = reviewed["rename"]
    lines = reviewed["yaml"].read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "fr: Cliquez sur **Publier**." in text)
    col = lines[line - 1].index("fr:") + 1
    assert _result(summary, BLOG, "fr").stale == [
        {"step": 5, "quotes": ["Publier"], "source": f"content/scenarios/blog/{BLOG}.yaml:{line}:{col}"}]
    assert _result(summary, BLOG, "en").stale == []
    assert stale_lines(summary) == [
        (f"content/scenarios/blog/{BLOG}.yaml:{line}:{col}: stale text [fr]: step 5 quotes “Publier”, which the "
        "page no longer shows: reword the `say` to the label on screen, then capture again")]


def test_moved_link_and_header_colour_spare_the_cropped_step(reviewed: dict[str, Any]) -> None:
    root = reviewed["root"]
    result = _result(reviewed["move"], WIKI, "fr")
    assert result.status == "pending" and result.stale == []
    # The header shows in every shot but step 2's (cropped to the annotation form) and step 3's
    # (the page is scrolled down to the form): those two are not pending.
    assert [p["step"] for p in result.pending] == [1, 4, 0]
    pending = read_pending(root / "screenshots", "fr", WIKI)
    assert pending is not None
    step1 = render_all(pending["steps"][0]["reasons"], "en")
    assert any(r.startswith("the target moved ") and r.endswith(" px right") for r in step1), step1
    assert render_all(pending["steps"][1]["reasons"], "en") == ["only pixels changed (style)"]
    assert _files(root / "screenshots" / "fr" / WIKI) == reviewed["before"]["fr/" + WIKI]


def test_approving_one_step_publishes_only_that_image(reviewed: dict[str, Any], tmp_path: Path) -> None:
    from builder.cli import main

    root = copy_of(reviewed, tmp_path)
    shots = root / "screenshots"
    before = reviewed["before"]["fr/" + BLOG]
    new5 = (pending_folder(shots, "fr", BLOG) / "05.png").read_bytes()
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(root), "review", "--approve", "fr/write-blog-post:5"], obj={})
    assert result.exit_code == 0, result.output
    assert "approved fr/write-blog-post:5 (05.png" in result.output
    assert "the button “Publier” is now “Publier le billet”" in result.output
    after = _files(shots / "fr" / BLOG)
    assert [name for name in after if after[name] != before[name]] == ["05.png", "manifest.json"]
    assert after["05.png"] == new5
    manifest = json.loads(after["manifest.json"])
    entry = next(i for i in manifest["images"] if i["file"] == "05.png")
    assert entry["target"]["name"] == "Publier le billet"
    decisions = json.loads((shots / DECISIONS).read_text(encoding="utf-8"))
    assert list(decisions) == ["fr/write-blog-post/05.png"]
    assert decisions["fr/write-blog-post/05.png"]["decision"] == "approved"
    assert decisions["fr/write-blog-post/05.png"]["reasons"] == ["the button “Publier” is now “Publier le billet”"]
    pending = read_pending(shots, "fr", BLOG)
    assert pending is not None and [s["step"] for s in pending["steps"]] == [2, 3, 4]

    result = runner.invoke(main, ["-C", str(root), "review", "--reject", "write-blog-post:2"], obj={})
    assert result.exit_code == 0, result.output
    assert _files(shots / "fr" / BLOG)["02.png"] == before["02.png"]
    assert json.loads((shots / DECISIONS).read_text(encoding="utf-8"))["fr/write-blog-post/02.png"]["decision"] \
        == "rejected"
    assert "5 step(s) still pending review" in result.output  # 2 of the blog post, 3 of the wiki page

    bad = runner.invoke(main, ["-C", str(root), "review", "--approve", "write-blog-post:9"], obj={})
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert "nothing pending review matches `write-blog-post:9`" in bad.output


@contextmanager
def review_server(root: Path) -> Iterator[Any]:
    from builder.review.serve import ReviewServer

    server = ReviewServer(root, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _decision(root: Path, key: str) -> str | None:
    path = root / "screenshots" / DECISIONS
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return (data.get(key) or {}).get("decision")


def test_gallery_approves_by_click_and_by_keyboard_in_chromium(reviewed: dict[str, Any], tmp_path: Path,
                                                                 chromium: Any) -> None:
    root = copy_of(reviewed, tmp_path)
    shots = root / "screenshots"
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        with review_server(root) as server:
            page.goto(server.url)
            steps = page.locator("article.step")
            keys = [steps.nth(i).get_attribute("data-key") for i in range(steps.count())]
            assert keys == [f"fr/{WIKI}/01.png", f"fr/{WIKI}/04.png",
                            f"fr/{WIKI}/result.png", f"fr/{BLOG}/02.png", f"fr/{BLOG}/03.png",
                            f"fr/{BLOG}/04.png", f"fr/{BLOG}/05.png"]
            blog5 = page.locator(f'article[data-key="fr/{BLOG}/05.png"]')
            assert "Le bouton «\u202fPublier\u202f» s’appelle désormais «\u202fPublier le billet\u202f»" \
                in blog5.locator("ul.reasons").inner_text()
            assert blog5.locator("mark.stale").inner_text() == "Publier"  # the stale quote is marked
            assert blog5.locator(".box").count() == 2  # the changed region, boxed on the new image and the diff
            page.screenshot(path=str(tmp_path / "gallery.png"))

            # Click: approve the moved link.
            new01 = (pending_folder(shots, "fr", WIKI) / "01.png").read_bytes()
            first = steps.nth(0)
            first.get_by_role("button", name="Valider", exact=True).click()
            first.locator(".state", has_text="Validée").wait_for()
            assert _decision(root, f"fr/{WIKI}/01.png") == "approved"
            assert (shots / "fr" / WIKI / "01.png").read_bytes() == new01
            # Keyboard: the next open step is selected; `a` approves it, `j` moves on, `r` rejects.
            page.keyboard.press("a")
            steps.nth(1).locator(".state", has_text="Validée").wait_for()
            assert _decision(root, f"fr/{WIKI}/04.png") == "approved"
            page.keyboard.press("j")
            page.keyboard.press("r")
            steps.nth(3).locator(".state", has_text="Refusée").wait_for()
            assert _decision(root, f"fr/{BLOG}/02.png") == "rejected"
            assert _decision(root, f"fr/{WIKI}/result.png") is None
            # The rejection selected the next step; `k` goes back to it, where `b` blinks and `s` slides.
            page.keyboard.press("k")
            page.keyboard.press("b")
            assert steps.nth(3).get_attribute("data-mode") == "blink"
            page.keyboard.press("s")
            assert steps.nth(3).get_attribute("data-mode") == "slider"
            steps.nth(3).locator(".view.slider input").fill("20")
            page.screenshot(path=str(tmp_path / "gallery-decided.png"))
            # Reloaded, the gallery shows what is left.
            page.goto(server.url)
            assert page.locator("article.step").count() == 4
        pending = read_pending(shots, "fr", WIKI)
        assert pending is not None and [s["step"] for s in pending["steps"]] == [0]
    finally:
        page.close()


def test_gallery_from_a_file_gives_the_command_instead(reviewed: dict[str, Any], tmp_path: Path,
                                                      chromium: Any) -> None:
    from builder.review.gallery import write_gallery

    root = copy_of(reviewed, tmp_path)
    path, count = write_gallery(root, ui_lang="en")
    assert count == 7
    html = path.read_text(encoding="utf-8")
    assert "src=\"data:image/png;base64," in html and "http" not in html.split("<script>")[0].split("<main>")[1]
    page = chromium.new_page()
    try:
        page.goto(path.as_uri())
        step = page.locator(f'article[data-key="fr/{BLOG}/05.png"]')
        step.get_by_role("button", name="Approve", exact=True).click()
        page.keyboard.press("r")
        command = page.locator("#command").input_value()
        assert command == "helpwright review --approve fr/write-blog-post:5 --reject fr/annotate-wiki-page:1"
        assert page.locator("#offline").is_visible()
    finally:
        page.close()
    assert not (root / "screenshots" / DECISIONS).exists()


@pytest.mark.slow
def test_site_notices_and_strict_build(reviewed: dict[str, Any], tmp_path: Path) -> None:
    from builder.cli import main

    root = copy_of(reviewed, tmp_path)
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--lang", "fr", "--strict"], obj={})
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "STALE_TEXT write-blog-post [fr]" in result.output
    assert "PENDING annotate-wiki-page [fr]" in result.output
    assert "--strict: " in result.output
    site = root / "_build" / "site" / "fr" / "scenarios"
    blog = next(site.rglob(f"{BLOG}.html")).read_text(encoding="utf-8")
    wiki = next(site.rglob(f"{WIKI}.html")).read_text(encoding="utf-8")
    assert "hw-drift-stale_text" in blog and "La plateforme n’affiche plus un libellé que cite cette fiche" in blog
    assert "hw-drift-pending" in wiki and "de nouvelles captures d’écran attendent d’être" in wiki

    status = CliRunner().invoke(main, ["-C", str(root), "status", "--lang", "fr"], obj={})
    assert status.exit_code == 1, status.output  # a gate: screenshots wait for review
    assert "annotate-wiki-page [fr]: last good capture " in status.output
    assert "PENDING review: step(s) 1, 4, result" in status.output
    assert "STALE TEXT step 5 quotes “Publier”" in status.output
