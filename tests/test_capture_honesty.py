"""Capture never reports "passed" on a screenshot that does not show what its steps say.

Against a tiny wiki (tests/tiny_wiki.py) served on 127.0.0.1, in real Chromium:
logins reached by query string, sessions lost silently, JavaScript dialogs, URL
expectations, highlights of hidden elements, and resets of the platform's data.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.capture import capture_project
from builder.capture.annotate import HIGHLIGHT_RGB
from builder.errors import CaptureError
from tests.pixels import colour_points
from tests.tiny_wiki import LOGGED_IN_RGB, LOGGED_OUT_RGB, TinyWiki, tiny_wiki

pytestmark = pytest.mark.browser

LOGIN_STEPS = [
    {"fill": {"label": "Username"}, "value": "{username}", "say": "Username"},
    {"fill": {"label": "Password"}, "value": "{password}", "say": "Password"},
    {"click": {"role": "button", "name": "Log in"}, "say": "Log in"},
]


@pytest.fixture
def wiki(monkeypatch: pytest.MonkeyPatch) -> Iterator[TinyWiki]:
    password = "pw-" + secrets.token_urlsafe(9)
    monkeypatch.setenv("TINY_ALICE_PASSWORD", password)
    with tiny_wiki(password) as running:
        yield running


def make_project(root: Path, wiki: TinyWiki, scenarios: list[dict[str, Any]], **platform: Any) -> Path:
    data = {
        "name": "Tiny wiki", "base_url": wiki.url, "languages": ["en"],
        "personas": {"alice": {"username": "alice", "password_env": "TINY_ALICE_PASSWORD"}},
        "login": {"path": "/index.php?title=Special:UserLogin", "steps": LOGIN_STEPS,
                  "check": {"role": "button", "name": "Log out"}, "error": ".error"},
        "topics": {"wiki": {"title": "Wiki"}},
        **platform,
    }
    (root / "content" / "scenarios").mkdir(parents=True)
    (root / "content" / "platform.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    for scenario in scenarios:
        full = {"title": "A task", "summary": "A task.", "audience": ["member"], "topic": "wiki", **scenario}
        path = root / "content" / "scenarios" / f"{scenario['id']}.yaml"
        path.write_text(yaml.safe_dump(full, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


def run(root: Path, **kwargs: Any) -> Any:
    return capture_project(root, progress=False, **kwargs)


def results(summary: Any) -> dict[str, Any]:
    return {r.scenario: r for r in summary.results}


def colour_share(path: Path, rgb: tuple[int, int, int], tolerance: int = 24) -> float:
    from PIL import Image

    with Image.open(path) as img:
        pixels = list(img.convert("RGB").get_flattened_data())
    hits = sum(1 for p in pixels if all(abs(c - r) <= tolerance for c, r in zip(p, rgb, strict=True)))
    return hits / len(pixels)


def shows_logged_in(path: Path) -> bool:
    return colour_share(path, LOGGED_IN_RGB) > 0.01 and colour_share(path, LOGGED_OUT_RGB) == 0


HEADING = {"expect": {"target": {"role": "heading", "name": "Main Page"}}, "say": "The main page opens."}


# --- Logged in means logged in -------------------------------------------------------------------


def test_persona_scenario_on_a_query_string_login_path_runs_logged_in(tmp_path: Path, wiki: TinyWiki) -> None:
    """Every page of the wiki has the login page's path: the scenario must still run logged in."""
    root = make_project(tmp_path, wiki, [
        {"id": "read-main-page", "persona": "alice", "start": "/index.php?title=Main_Page", "steps": [HEADING]},
    ])
    summary = run(root)
    assert summary.ok, [r.message() for r in summary.results]
    shot = root / "screenshots" / "en" / "read-main-page" / "01.png"
    assert shows_logged_in(shot), "the screenshot shows the wiki logged out"


def test_logged_out_scenario_shows_logging_in_with_the_personas_secrets(tmp_path: Path, wiki: TinyWiki) -> None:
    root = make_project(tmp_path, wiki, [
        {"id": "log-in", "persona": "alice", "logged_out": True, "start": "/index.php?title=Special:UserLogin",
         "steps": [*LOGIN_STEPS, {"expect": {"text": "Logged in as alice"}, "say": "You are logged in."}]},
    ])
    summary = run(root)
    assert summary.ok, [r.message() for r in summary.results]
    folder = root / "screenshots" / "en" / "log-in"
    assert colour_share(folder / "01.png", LOGGED_OUT_RGB) > 0.01  # it starts logged out
    assert shows_logged_in(folder / "result.png")
    assert not [p for p in root.rglob("*") if p.is_file() and wiki.password.encode() in p.read_bytes()
                and "content" not in p.parts]


def test_a_session_dropped_between_scenarios_logs_in_again(tmp_path: Path, wiki: TinyWiki) -> None:
    """The reset forgets every session (as a database restored from a copy does): log in again, honestly."""
    root = make_project(tmp_path, wiki, [
        {"id": "a-first", "persona": "alice", "start": "/index.php?title=Main_Page", "steps": [HEADING]},
        {"id": "b-second", "persona": "alice", "start": "/index.php?title=Main_Page", "steps": [HEADING]},
    ], reset={"http": {"method": "POST", "url": "/__reset"}})
    summary = run(root)
    assert summary.ok, [r.message() for r in summary.results]
    assert wiki.resets == 2 and wiki.logins == 2
    for sid in ("a-first", "b-second"):
        assert shows_logged_in(root / "screenshots" / "en" / sid / "01.png"), sid


@pytest.mark.parametrize("start", ["/index.php?title=Special:DropSessions", "/index.php?title=Special:ClearCookie"])
def test_a_persona_that_silently_lost_its_session_fails(tmp_path: Path, wiki: TinyWiki, start: str) -> None:
    """The start page drops the session (server side, or by clearing the cookie) and renders logged out."""
    root = make_project(tmp_path, wiki, [
        {"id": "lost", "persona": "alice", "start": start,
         "steps": [{"expect": {"text": "Welcome to the tiny wiki"}, "say": "The page opens."}]},
    ])
    summary = run(root)
    result = results(summary)["lost"]
    assert result.status == "failed"
    assert result.cause.startswith(f"the start page {start}: persona alice is not logged in at {start}: "
                                   "button “Log out” (login.check) not found, even after logging in again")
    assert not (root / "screenshots" / "en" / "lost").exists()


def test_a_login_failure_quotes_the_platforms_error(tmp_path: Path, wiki: TinyWiki,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TINY_ALICE_PASSWORD", "not-the-password")
    root = make_project(tmp_path, wiki, [
        {"id": "read-main-page", "persona": "alice", "start": "/index.php?title=Main_Page", "steps": [HEADING]},
    ])
    cause = results(run(root))["read-main-page"].cause
    assert cause.startswith("login as persona alice failed: Incorrect username or password for alice. "
                            "(button “Log out” of login.check not found on ")
    assert "check TINY_ALICE_PASSWORD" in cause


# --- Dialogs are never silent ---------------------------------------------------------------------

RESTORE = "/index.php?title=Restore"


def click_restore(**extra: Any) -> dict[str, Any]:
    return {"click": {"role": "button", "name": "Restore"}, "say": "Click **Restore**.", **extra}


def test_an_unexpected_confirm_fails_the_step_quoting_it(tmp_path: Path, wiki: TinyWiki) -> None:
    """Playwright would dismiss it silently: the restore would not happen, and the weak check pass."""
    root = make_project(tmp_path, wiki, [
        {"id": "restore", "start": RESTORE, "steps": [
            click_restore(),
            {"expect": {"target": {"role": "heading", "name": "Restore"}}, "say": "Done."}]},
    ])
    result = results(run(root))["restore"]
    assert result.status == "failed" and result.step == 1
    assert result.cause.startswith("step 1 (click button “Restore”): a browser dialog opened that no step "
                                   "expects (confirm “Really restore this version?”); it was dismissed.")
    assert wiki.restores == 0


def test_a_confirm_accepted_with_its_text_checked(tmp_path: Path, wiki: TinyWiki) -> None:
    root = make_project(tmp_path, wiki, [
        {"id": "restore", "start": RESTORE, "steps": [
            click_restore(dialog={"accept": True, "text": "Really restore"}),
            {"expect": {"dialog": "Really restore this version?"}, "say": "Agora asks: {dialog}"},
            {"expect": {"text": "Restored."}, "say": "Done."}]},
    ])
    summary = run(root)
    assert summary.ok, [r.message() for r in summary.results]
    assert wiki.restores == 1


def test_a_dialog_that_says_something_else_is_dismissed_and_fails(tmp_path: Path, wiki: TinyWiki) -> None:
    root = make_project(tmp_path, wiki, [
        {"id": "restore", "start": RESTORE, "steps": [click_restore(dialog={"accept": True, "text": "Delete"})]},
    ])
    result = results(run(root))["restore"]
    assert result.status == "failed"
    assert ("the dialog said “Really restore this version?”, not “Delete”; it was dismissed (nothing was "
            "confirmed)") in result.cause
    assert wiki.restores == 0


def test_dismiss_prompt_and_missing_dialog(tmp_path: Path, wiki: TinyWiki) -> None:
    root = make_project(tmp_path, wiki, [
        {"id": "cancel", "start": RESTORE, "steps": [
            click_restore(dialog="dismiss"), {"expect": {"text": "Cancelled."}, "say": "Nothing changed."}]},
        {"id": "rename", "start": "/index.php?title=Rename", "steps": [
            {"click": {"role": "button", "name": "Rename"}, "dialog": {"accept": "Weekly notes"}, "say": "Rename."},
            {"expect": {"text": "Renamed to Weekly notes"}, "say": "Renamed."}]},
        {"id": "no-dialog", "start": RESTORE, "steps": [
            {"click": {"role": "button", "name": "Quiet"}, "dialog": "accept", "timeout": 1, "say": "Click."}]},
    ])
    got = results(run(root))
    assert got["cancel"].status == "passed" and got["rename"].status == "passed", got
    assert got["no-dialog"].status == "failed"
    assert "the step expects a browser dialog (`dialog: accept`), but none opened within 1 s" in got["no-dialog"].cause
    assert wiki.restores == 0


def test_an_alert_on_the_start_page_fails_unless_the_platform_accepts_dialogs(tmp_path: Path, wiki: TinyWiki) -> None:
    scenario = {"id": "hello", "start": "/index.php?title=Hello&greet=1",
                "steps": [{"expect": {"text": "Hello."}, "say": "The page greets you."}]}
    root = make_project(tmp_path / "fail", wiki, [scenario])
    cause = results(run(root))["hello"].cause
    assert "a browser dialog opened that no step expects (alert “Welcome back!”)" in cause
    root = make_project(tmp_path / "accept", wiki, [scenario], dialogs="accept")
    assert run(root).ok


# --- Expectations mean what they say --------------------------------------------------------------


def test_url_expectations_match_the_path_exactly_and_the_query_when_given(tmp_path: Path, wiki: TinyWiki) -> None:
    def expecting(number: int, url: str, timeout: int) -> dict[str, Any]:
        return {"id": f"u{number}", "start": "/index.php?title=Main_Page&action=view",
                "steps": [{"expect": {"url": url}, "timeout": timeout, "say": "The page opens."}]}

    good = ["/index.php", "/index.php?title=Main_Page", "/index.*", "re:title=Main_"]
    bad = ["/", "/index", "/index.php?title=Other", "/index.php?title=Main_Page&action=edit"]
    # a matching URL returns at once, so only the failing ones wait out their timeout; a 1 s timeout on
    # a passing one made the test fail on a loaded machine (Playwright also waits for the page's load)
    scenarios = [expecting(n, u, 20 if u in good else 1) for n, u in enumerate(good + bad)]
    root = make_project(tmp_path, wiki, scenarios)
    got = results(run(root))
    status = {url: got[s["id"]].status for url, s in zip(good + bad, scenarios, strict=True)}
    causes = {url: got[s["id"]].cause for url, s in zip(good + bad, scenarios, strict=True)}
    assert status == {**dict.fromkeys(good, "passed"), **dict.fromkeys(bad, "failed")}, causes
    # `url: /` used to pass on every page (the URL contains a slash)
    cause = got[scenarios[len(good)]["id"]].cause
    assert "expected url “/”, but the page is at /index.php?title=Main_Page&action=view after 1 s" in cause


# --- Highlight another element ---------------------------------------------------------------------


def _badge_centre(path: Path) -> tuple[float, float]:
    points = colour_points(path, HIGHLIGHT_RGB, 6)
    assert points, "no highlight drawn"
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def test_a_hidden_file_field_is_framed_at_its_visible_label(tmp_path: Path, wiki: TinyWiki) -> None:
    (tmp_path / "content" / "uploads").mkdir(parents=True)
    (tmp_path / "content" / "uploads" / "notes.txt").write_text("notes\n", encoding="utf-8")
    upload = {"upload": {"label": "Choose a file"}, "files": ["uploads/notes.txt"], "say": "Choose the file."}
    root = make_project(tmp_path, wiki, [
        {"id": "labelled", "start": "/index.php?title=Upload", "steps": [
            {**upload, "highlight": {"text": "Choose a file"}},
            {"expect": {"text": "notes.txt"}, "say": "The file is chosen."}]},
        {"id": "hidden", "start": "/index.php?title=Upload", "steps": [upload]},
    ])
    got = results(run(root))
    assert got["labelled"].status == "passed", got["labelled"].cause
    x, y = _badge_centre(root / "screenshots" / "en" / "labelled" / "01.png")
    assert x < 200 and 60 < y < 200  # at the label, top left of the page's main part
    # Without `highlight:`, the field's one visible label stands in for it, and the report says so.
    assert got["hidden"].status == "passed", got["hidden"].cause
    assert _badge_centre(root / "screenshots" / "en" / "hidden" / "01.png") == (x, y)
    assert got["hidden"].proxies == [{"step": 1, "target": "label “Choose a file”",
                                      "shown": "label.btn “Choose a file”"}]



# --- Resets ------------------------------------------------------------------------------------------


def _counting_reset(root: Path) -> list[str]:
    script = "import pathlib; p = pathlib.Path('resets.txt'); p.write_text(p.read_text() + 'x' if p.exists() else 'x')"
    return [sys.executable, "-c", script]


def test_reset_command_runs_in_the_project_before_each_scenario_or_once(tmp_path: Path, wiki: TinyWiki) -> None:
    scenarios = [{"id": name, "start": "/index.php?title=Main_Page", "steps": [HEADING]} for name in ("one", "two")]
    root = make_project(tmp_path / "each", wiki, scenarios)
    platform = yaml.safe_load((root / "content" / "platform.yaml").read_text(encoding="utf-8"))
    for when, expected in (("scenario", "xx"), ("run", "x")):
        platform["reset"] = {"command": _counting_reset(root), "when": when}
        (root / "content" / "platform.yaml").write_text(yaml.safe_dump(platform), encoding="utf-8")
        (root / "resets.txt").unlink(missing_ok=True)
        assert run(root).ok
        assert (root / "resets.txt").read_text(encoding="utf-8") == expected, when


def test_a_failing_reset_is_a_clear_error_quoting_stderr(tmp_path: Path, wiki: TinyWiki) -> None:
    scenarios = [{"id": "one", "start": "/index.php?title=Main_Page", "steps": [HEADING]}]
    root = make_project(tmp_path, wiki, scenarios, reset={
        "command": f"{sys.executable} -c \"import sys; sys.exit('base.sqlite3: no such file')\""})
    with pytest.raises(CaptureError, match=r"reset command `.*` failed \(exit 1\): base.sqlite3: no such file"):
        run(root)
    root = make_project(tmp_path / "http", wiki, scenarios, reset={"http": {"url": "/nowhere"}})
    with pytest.raises(CaptureError, match=r"reset request POST http://127.0.0.1:\d+/nowhere answered HTTP 404"):
        run(root)
    with pytest.raises(CaptureError, match=r"scenarios cannot run in parallel on one platform: use --jobs 1"):
        run(make_project(tmp_path / "jobs", wiki, scenarios, reset={"http": {"url": "/__reset"}}), jobs=2)


# --- The step text is not part of the definition hash ---------------------------------------------


def test_fixing_the_text_of_a_step_does_not_mark_screenshots_stale(tmp_path: Path, wiki: TinyWiki) -> None:
    from builder.content.loading import load_project
    from builder.shots.definition import definition_hash

    root = make_project(tmp_path, wiki, [
        {"id": "read", "persona": "alice", "start": "/index.php?title=Main_Page",
         "steps": [{**HEADING, "note": "A tip."}]},
    ])
    path = root / "content" / "scenarios" / "read.yaml"

    def digest() -> str:
        project = load_project(root)
        assert not project.problems, project.problems
        return definition_hash(project.scenarios["read"].model, project.platform, "en", root / "content")

    first = digest()
    path.write_text(path.read_text(encoding="utf-8").replace("The main page opens.", "The main page shows.")
                    .replace("A tip.", "A better tip."), encoding="utf-8")
    assert digest() == first
    path.write_text(path.read_text(encoding="utf-8").replace("name: Main Page", "name: Main"), encoding="utf-8")
    assert digest() != first
    path.write_text(path.read_text(encoding="utf-8").replace("persona: alice", "persona: alice\nlogged_out: true"),
                    encoding="utf-8")
    assert digest() != first


def test_capture_report_lists_the_start_page_failure(tmp_path: Path, wiki: TinyWiki) -> None:
    root = make_project(tmp_path, wiki, [
        {"id": "lost", "persona": "alice", "start": "/index.php?title=Special:ClearCookie",
         "steps": [{"expect": {"text": "Welcome"}, "say": "The page opens."}]},
    ])
    run(root)
    report = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))
    assert report["ok"] is False
    assert "persona alice is not logged in" in report["results"][0]["cause"]
