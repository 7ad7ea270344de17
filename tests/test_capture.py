"""Live capture against the real Agora in real Chromium."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from builder.capture import Endpoint, capture_project
from builder.capture.annotate import HIGHLIGHT_RGB
from builder.capture.session import MASK_COLOUR
from builder.errors import CaptureError
from tests.pixels import colour_points

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent


def _pixels(path: Path, rgb: tuple[int, int, int], tolerance: int = 6) -> list[tuple[int, int]]:
    return colour_points(path, rgb, tolerance)


def _images(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _capture(root: Path, agora: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("endpoints", [Endpoint(agora.url, agora.reset)])
    kwargs.setdefault("languages", ["fr"])
    return capture_project(root, progress=False, **kwargs)


def test_capture_highlights_target_and_recapture_is_identical(capture_project_copy: Path, agora: Any) -> None:
    root = capture_project_copy
    summary = _capture(root, agora, only=["join-a-group"])
    assert summary.ok, [r.message() for r in summary.results]
    folder = root / "screenshots" / "fr" / "join-a-group"
    assert sorted(p.name for p in folder.iterdir()) == ["01.png", "02.png", "03.png", "manifest.json", "result.png"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "passed" and manifest["lang"] == "fr"
    assert [i["file"] for i in manifest["images"]] == ["01.png", "02.png", "03.png", "result.png"]
    assert manifest["browser_version"] and len(manifest["definition_hash"]) == 64

    # The badge is drawn in the highlight colour; the result shot has no highlight at all.
    badge = _pixels(folder / "02.png", HIGHLIGHT_RGB)
    assert len(badge) > 300, "no numbered badge in the highlight colour"
    assert not _pixels(folder / "result.png", HIGHLIGHT_RGB)
    # Step 2 targets the Join button of the first group card (left of the page's middle, in the
    # row of cards); the badge sits at the button's top-left corner.
    xs, ys = sorted(x for x, _ in badge), sorted(y for _, y in badge)
    assert 264 < xs[len(xs) // 2] < 640 and 200 < ys[len(ys) // 2] < 360

    before = _images(folder)
    again = _capture(root, agora, only=["join-a-group"])
    assert [r.status for r in again.results] == ["unchanged"]
    assert _images(folder) == before  # same bytes, manifest (and captured_at) untouched


def test_missing_element_fails_clearly_and_keeps_previous_screenshots(capture_project_copy: Path,
                                                                       agora: Any) -> None:
    root = capture_project_copy
    assert _capture(root, agora, only=["restore-deleted-page"]).ok
    folder = root / "screenshots" / "fr" / "restore-deleted-page"
    before = _images(folder)

    path = root / "content" / "scenarios" / "wiki" / "restore-deleted-page.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Restaurer « Ancienne procédure d'accueil »", "Restaurer « Page qui n'existe pas »")
    text = text.replace("    shot: {callout: {fr: Restaurable 30 jours", "    timeout: 2\n    shot: {callout: {fr: Restaurable 30 jours")
    path.write_text(text, encoding="utf-8")
    report = root / "junit.xml"
    summary = _capture(root, agora, only=["restore-deleted-page"], report=report)

    assert not summary.ok
    result = summary.failed[0]
    assert result.step == 2 and result.say and "Restaurer" in result.say
    assert result.cause.startswith("step 2 (click button “Restaurer « Page qui n'existe pas »”): "
                                   "not found within 2 s; did you mean “Restaurer « Ancienne procédure d'accueil »”")
    assert "(the closest names on the page) on http://127.0.0.1:" in result.cause
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "Page qui n'existe pas" in row)
    assert result.source == f"content/scenarios/wiki/restore-deleted-page.yaml:{line}:5"
    assert result.cause.endswith("/trash")
    assert _images(folder) == before
    failure = root / "_build" / "capture-failures" / "fr" / "restore-deleted-page.png"
    assert failure.is_file() and result.failure_screenshot == "_build/capture-failures/fr/restore-deleted-page.png"
    data = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))
    assert data["ok"] is False and data["results"][0]["step"] == 2
    junit = report.read_text(encoding="utf-8")
    assert 'failures="1"' in junit and "not found within 2 s" in junit


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_platform_down_is_a_clear_error(capture_project_copy: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(CaptureError, match=rf"the platform at {url} does not answer"):
        capture_project(capture_project_copy, base_url=url, only=["log-in"], progress=False)


def test_wrong_persona_password_is_a_clear_error(capture_project_copy: Path, agora: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGORA_ALICE_PASSWORD", "not-the-password")
    summary = _capture(capture_project_copy, agora, only=["join-a-group", "upload-a-file"])
    assert [r.status for r in summary.results] == ["failed", "failed"]
    cause = summary.results[0].cause or ""
    assert cause.startswith("login as persona alice failed: ")
    assert "check AGORA_ALICE_PASSWORD" in cause
    assert "incorrect" in cause  # Agora's own message, in French: « Identifiant ou mot de passe incorrect »
    agora.reset()


def test_locked_account_is_a_clear_error(capture_project_copy: Path, agora: Any) -> None:
    from builder.demo_platform import lock_account

    agora.reset()
    lock_account(agora.url, "alice")
    try:
        # No reset between scenarios here, or the reset would unlock the account.
        summary = _capture(capture_project_copy, agora, only=["join-a-group"], endpoints=[Endpoint(agora.url)])
    finally:
        agora.reset()
    cause = summary.results[0].cause or ""
    assert summary.results[0].status == "failed"
    assert "login as persona alice failed: Compte verrouillé" in cause
    assert "whether the account is locked" in cause


def test_password_is_masked_and_in_no_output_file(capture_project_copy: Path, agora: Any,
                                                  demo_password: str) -> None:
    root = capture_project_copy
    summary = _capture(root, agora, only=["log-in"], languages=["fr", "en"], report=root / "junit.xml")
    assert summary.ok, [r.message() for r in summary.results]
    mask = tuple(int(MASK_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
    # Step 3 is shot after the password was typed: its field is covered by the mask colour.
    assert len(_pixels(root / "screenshots" / "fr" / "log-in" / "03.png", mask, tolerance=2)) > 5000
    needle = demo_password.encode()
    written = [p for p in root.rglob("*") if p.is_file() and "content" not in p.relative_to(root).parts]
    assert len(written) >= 12
    assert [p for p in written if needle in p.read_bytes()] == []


@pytest.fixture(scope="module")
def find_your_way_published(tmp_path_factory: pytest.TempPathFactory, agora: Any) -> Path:
    """A copy of the repository's content with find-your-way captured (fr): what each interrupted run starts from."""
    root = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(REPO / "content", root / "content")
    assert _capture(root, agora, only=["find-your-way"]).ok
    return root


@pytest.fixture
def published_copy(find_your_way_published: Path, tmp_path: Path) -> Path:
    """This test's own copy of ``find_your_way_published`` (content, screenshots, _build)."""
    root = tmp_path / "project"
    shutil.copytree(find_your_way_published, root, symlinks=True)
    return root


def _run_to_interrupt(root: Path, agora: Any) -> tuple[subprocess.Popen[bytes], Path, dict[str, bytes]]:
    """With find-your-way published, change its definition, then start a CLI run of log-in and find-your-way.

    Returns once log-in is published and find-your-way is under way; the run is in its
    own process group, as in a terminal (Ctrl-C reaches the browser and its driver too).
    """
    folder = root / "screenshots" / "fr" / "find-your-way"
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["status"] == "passed"
    before = _images(folder)
    # Change the definition so the interrupted run would have replaced these images.
    path = root / "content" / "scenarios" / "getting-started" / "find-your-way.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Langue de l'interface", "Langue"), encoding="utf-8")
    cmd = [sys.executable, "-c", "from builder.cli import run; run()", "-C", str(root), "capture",
           "--base-url", agora.url, "--lang", "fr", "--only", "log-in", "--only", "find-your-way"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
                            start_new_session=True)
    first = root / "screenshots" / "fr" / "log-in" / "manifest.json"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None and not first.exists():
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    time.sleep(0.5)  # into the second scenario
    return proc, folder, before


def _interrupt(proc: subprocess.Popen[bytes], send: Any) -> str:
    """Signal the run, wait for it to end, and return its stderr (kill it if it hangs)."""
    try:
        send()
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    return err.decode("utf-8")


def test_killed_run_leaves_no_partial_files(published_copy: Path, agora: Any) -> None:
    root = published_copy
    proc, folder, before = _run_to_interrupt(root, agora)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    published = [p for p in (root / "screenshots").rglob("*")
                 if p.is_file() and ".staging" not in p.relative_to(root / "screenshots").parts]
    assert all(not p.name.startswith(".") for p in published), "a temp file was left among the images"
    assert _images(folder) == before
    from builder.shots.store import recover_and_clean

    recover_and_clean(root / "screenshots")
    assert [p.name for p in (root / "screenshots" / ".staging").iterdir()] == [".gitignore"]
    assert _images(folder) == before
    for manifest in (root / "screenshots").rglob("manifest.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        for image in data["images"]:
            from PIL import Image

            with Image.open(io.BytesIO((manifest.parent / image["file"]).read_bytes())) as img:
                img.load()


def test_ctrl_c_leaves_no_partial_files_and_a_one_line_message(published_copy: Path, agora: Any) -> None:
    root = published_copy
    proc, folder, before = _run_to_interrupt(root, agora)
    text = _interrupt(proc, lambda: os.killpg(proc.pid, signal.SIGINT))
    assert proc.returncode == 130
    assert text.strip().splitlines()[-1] == "Interrupted."
    assert "Traceback" not in text and "Error" not in text and "exception" not in text.lower(), text
    assert _images(folder) == before  # the interrupted scenario kept its published images
    published = [p for p in (root / "screenshots").rglob("*") if p.is_file()]
    assert [p for p in published if p.name.startswith(".") and p.name != ".gitignore"] == []
    assert [p.name for p in (root / "screenshots" / ".staging").iterdir()] == [".gitignore"]


def test_kill_with_sigterm_unwinds_like_ctrl_c(published_copy: Path, agora: Any) -> None:
    root = published_copy
    proc, folder, before = _run_to_interrupt(root, agora)
    text = _interrupt(proc, lambda: proc.send_signal(signal.SIGTERM))  # `kill PID`: not its group
    assert proc.returncode == 130, text
    assert text.strip().splitlines()[-1] == "Interrupted."
    assert "Traceback" not in text, text
    assert _images(folder) == before
    assert [p.name for p in (root / "screenshots" / ".staging").iterdir()] == [".gitignore"]
