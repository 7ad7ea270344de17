"""A SCORM package in an LMS: scorm-again's SCORM 1.2 runtime in Chromium receives completion and score.

scorm-again (MIT, npm, pinned in tests/scorm/package-lock.json; `make setup` runs `npm ci`
there) provides ``window.API`` on a test LMS page served on 127.0.0.1; the package, built
from the sample project with two scored questions and an open one, is unzipped next to it
and each SCO opens in a frame, as an LMS shows it. The lesson is stepped through to the
end (buttons and keyboard); the quiz is answered wrong, then right. What the LMS received
is read from the runtime: the calls the SCO made and the final ``cmi`` values. A package
made from tests/injection/payloads.yaml in every text field runs nothing and shows each as text.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.content.loading import load_project
from builder.outputs.scorm.package import build_package
from builder.outputs.viewmodel import build_view_model
from tests.test_scorm import scored_project

RUNTIME = Path(__file__).resolve().parent / "scorm" / "node_modules" / "scorm-again" / "dist" / "scorm12.js"

LMS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.js"></script>
<script>
  window.API = new Scorm12API({autocommit: false, logLevel: 5});
  window.received = [];
  ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"].forEach(function (name) {
    window.API.on(name, function (element, value) { window.received.push([name, element || "", value || ""]); });
  });
</script></head>
<body><iframe id="sco" title="lesson" style="width: 1300px; height: 1000px; border: 0"></iframe></body></html>
"""


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The LMS page on 127.0.0.1 with both languages' packages unzipped under pkg/<lang>/: its URL."""
    from builder.outputs.site.serve import serve_in_thread

    assert RUNTIME.is_file(), f"{RUNTIME} is missing: run `make setup` (npm ci in tests/scorm)"
    base = tmp_path_factory.mktemp("scorm")
    project = load_project(scored_project(base / "project"))
    workshop = project.workshops["notes-basics"].model
    site = base / "lms"
    site.mkdir()
    shutil.copy(RUNTIME, site / "scorm12.js")
    (site / "index.html").write_text(LMS_PAGE, encoding="utf-8")
    view = build_view_model(project)
    for lang in ("fr", "en"):
        zip_path = base / f"{lang}.zip"
        build_package(view, lang, identifier="w", title="Notes", scenario_ids=workshop.scenario_ids(),
                      checks=list(workshop.knowledge_checks)).write(zip_path)
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(site / "pkg" / lang)
    server, url = serve_in_thread(site, 0, "/")
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def _open(chromium: Any, lms: str, sco: str) -> tuple[Any, Any, Any]:
    context = chromium.new_context(viewport={"width": 1320, "height": 1020})
    page = context.new_page()
    remote: list[str] = []
    page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(lms) else None)
    page.goto(lms)
    page.evaluate("src => { document.getElementById('sco').src = src; }", f"pkg/{sco}")
    frame = page.frame_locator("#sco")
    frame.locator("body[data-hw-kind]").wait_for()
    page.wait_for_function("() => window.received.some(c => c[0] === 'LMSInitialize')")
    return context, page, frame, remote  # type: ignore[return-value]


def _received(page: Any) -> list[list[str]]:
    return json.loads(page.evaluate("() => JSON.stringify(window.received)"))


def _set(received: list[list[str]], element: str) -> list[str]:
    return [value for name, el, value in received if name == "LMSSetValue" and el == element]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lesson_is_completed_once_every_step_is_seen(chromium: Any, lms: str, lang: str, tmp_path: Path) -> None:
    context, page, frame, remote = _open(chromium, lms, f"{lang}/sco/write-note/index.html")
    try:
        steps = frame.locator(".hw-step")
        total = steps.count()
        assert total == 4  # the sample scenario's steps, shot or not
        assert _set(_received(page), "cmi.core.lesson_status") == ["incomplete"]
        assert frame.locator(".hw-nolms").is_hidden()
        # the first step shows its screenshot; the page found the API in its parent
        assert frame.locator(".hw-step:visible img.hw-shot").count() == 1
        page.screenshot(path=str(tmp_path / f"lesson-{lang}-1.png"))
        for _ in range(total - 2):
            frame.locator("[data-hw=next]").click()
        assert "completed" not in _set(_received(page), "cmi.core.lesson_status")
        frame.locator("body").press("ArrowRight")  # the keyboard goes on too
        assert frame.locator(".hw-step:visible").get_attribute("data-step") == str(total)
        # the last step (not shot) ends on the final screenshot
        assert frame.locator(".hw-step:visible img[src='result.png']").is_visible()
        assert _set(_received(page), "cmi.core.lesson_status")[-1] == "completed"
        finish = frame.locator("[data-hw=finish]")
        assert finish.is_visible() and frame.locator("[data-hw=next]").is_hidden()
        finish.click()
        assert frame.locator(".hw-done").is_visible()
        page.screenshot(path=str(tmp_path / f"lesson-{lang}-end.png"))
        received = _received(page)
        assert [c[0] for c in received][-2:] == ["LMSCommit", "LMSFinish"]
        assert page.evaluate("() => window.API.cmi.core.lesson_status") == "completed"
        assert page.evaluate("() => window.API.cmi.core.lesson_location") == str(total)
        assert remote == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_quiz_reports_score_and_pass_or_fail(chromium: Any, lms: str, lang: str, tmp_path: Path) -> None:
    context, page, frame, remote = _open(chromium, lms, f"{lang}/quiz/index.html")
    try:
        submit = frame.locator("button[type=submit]")
        # a scored question left unanswered: nothing reaches the LMS but the start
        frame.locator("#q1 input[value='2']").check()
        submit.click()
        assert frame.locator(".hw-result").inner_text().strip() != ""
        assert _set(_received(page), "cmi.core.score.raw") == []
        # one right (q1: 2), one wrong (q2: 2, right is 1): 50 %, under the mastery score
        frame.locator("#q2 input[value='2']").check()
        frame.locator("#q3 textarea").fill("open answers are never scored")
        submit.click()
        received = _received(page)
        assert _set(received, "cmi.core.score.raw") == ["50"]
        assert _set(received, "cmi.core.lesson_status")[-1] == "failed"
        assert frame.locator("#q2 .hw-verdict.wrong").is_visible()
        assert "50" in frame.locator(".hw-result").inner_text()
        page.screenshot(path=str(tmp_path / f"quiz-{lang}-failed.png"), full_page=True)
        # try again, both right: 100, passed, and the SCO ends its session
        frame.locator("#q2 input[value='1']").check()
        submit.click()
        received = _received(page)
        assert _set(received, "cmi.core.score.raw") == ["50", "100"]
        assert _set(received, "cmi.core.lesson_status")[-1] == "passed"
        assert received[-1][0] == "LMSFinish"
        assert page.evaluate("() => [window.API.cmi.core.score.raw, window.API.cmi.core.score.max, "
                             "window.API.cmi.core.lesson_status]") == ["100", "100", "passed"]
        page.screenshot(path=str(tmp_path / f"quiz-{lang}-passed.png"), full_page=True)
        assert remote == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_lesson_without_an_lms_says_progress_is_not_recorded(chromium: Any, lms: str) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{lms}pkg/en/sco/write-note/index.html")
        assert page.locator(".hw-nolms").is_visible()
        page.locator("[data-hw=next]").click()  # still a working lesson
        assert page.locator(".hw-step:visible").get_attribute("data-step") == "2"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_lesson_opened_in_a_window_finds_the_api_of_its_opener(chromium: Any, lms: str) -> None:
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(lms)
        with context.expect_page() as popup_info:
            page.evaluate("() => { window.open('pkg/en/sco/write-note/index.html'); }")
        popup = popup_info.value
        popup.wait_for_load_state()
        page.wait_for_function("() => window.received.some(c => c[0] === 'LMSInitialize')")
        assert popup.locator(".hw-nolms").is_hidden()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_texts_stay_text_in_every_package_page(chromium: Any, tmp_path: Path) -> None:
    """tests/injection/payloads.yaml in every text field (check set aside): the package's pages
    run and load nothing a benign package does not, and each payload reads as text."""
    import functools
    import http.server
    import threading

    from tests.test_injection import PAYLOADS, Signatures, _straight, sid, write_project

    def package(name: str, texts: list[str]) -> Path:
        root = tmp_path / name
        write_project(root, [t.replace("@CANARY@", "/etc/passwd").replace("@INNER@", "x.txt") for t in texts])
        project = load_project(root)
        project.problems = []
        workshop = project.workshops["hostile"].model
        checks = [c.model_copy(update={"correct": 1}) for c in workshop.knowledge_checks]  # choices as radios
        folder = tmp_path / f"{name}-pkg"
        build_package(build_view_model(project), "en", identifier="w", title="t", scenario_ids=workshop.scenario_ids(),
                      checks=checks).write(tmp_path / f"{name}.zip")
        with zipfile.ZipFile(tmp_path / f"{name}.zip") as archive:
            archive.extractall(folder)
        return folder

    def signatures(folder: Path) -> Signatures:
        found = Signatures()
        for page in sorted(folder.rglob("*.html")):
            found.add_document(page.read_text(encoding="utf-8"), str(page.relative_to(folder)))
        return found

    benign = signatures(package("benign", ["A benign text, **bold**.", "Another one, `code`.", "A third."]))
    hostile = package("hostile", [p["text"] for p in PAYLOADS])
    found = signatures(hostile)
    assert not found.problems, found.problems[:10]
    assert sorted(found.items - benign.items) == []
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(hostile)))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    context = chromium.new_context()
    context.route(lambda u: not u.startswith(url), lambda route: route.abort())
    fired: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    try:
        for i, payload in enumerate(PAYLOADS):
            page.goto(f"{url}sco/{sid(i)}/index.html", wait_until="load")
            assert page.evaluate("() => window.hwxss === undefined"), payload["name"]
            text = _straight(page.inner_text("main"))
            assert payload["shows"] in text, (payload["name"], text[:300])
        page.goto(f"{url}quiz/index.html", wait_until="load")
        quiz = _straight(page.inner_text("main"))
        assert all(p["shows"] in quiz for p in PAYLOADS)
        assert page.evaluate("() => window.hwxss === undefined") and not fired, fired
    finally:
        context.close()
        server.shutdown()
        server.server_close()
