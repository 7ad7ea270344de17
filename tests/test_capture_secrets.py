"""A password typed by a scenario is masked on every screenshot and written nowhere, whatever its field.

Against a tiny platform (tests/tiny_trouble.py) on 127.0.0.1, in real Chromium, through the
command line: scenarios that show logging in type the persona's real `{password}` into a
`type=text` field (sent by GET, so it lands in the next URL), and into a `type=password` field
that a "Show password" button turns into `type=text` (and writes out as text); one of them then fails.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.capture.session import MASK_COLOUR
from tests.tiny_trouble import (
    PASSWORD_BOX,
    PASSWORD_ENV,
    SHOWN_BOX,
    TroublePlatform,
    make_project,
    run_capture,
    trouble_platform,
)

pytestmark = pytest.mark.browser

MASK_RGB = tuple(int(MASK_COLOUR[i:i + 2], 16) for i in (1, 3, 5))
USERNAME_BOX = (40, 110, 320, 40)

TYPE_IN = [
    {"fill": {"label": "Username"}, "value": "{username}", "say": "Type your username."},
    {"fill": {"label": "Password"}, "value": "{password}", "say": "Type your password."},
]
SHOW = {"click": {"role": "button", "name": "Show password"}, "say": "Click **Show password** to check it."}


@pytest.fixture
def trouble(monkeypatch: pytest.MonkeyPatch) -> Iterator[TroublePlatform]:
    password = "pw-" + secrets.token_urlsafe(12)
    monkeypatch.setenv(PASSWORD_ENV, password)
    with trouble_platform(password) as running:
        yield running


def region(path: Path, box: tuple[int, int, int, int], inset: int = 2) -> list[tuple[int, int, int]]:
    """The pixels of ``box`` (CSS pixels, scale 1), without its outer ``inset`` pixels."""
    from PIL import Image

    x, y, w, h = box
    with Image.open(path) as img:
        crop = img.convert("RGB").crop((x + inset, y + inset, x + w - inset, y + h - inset))
        return list(crop.get_flattened_data())


def is_masked(path: Path, box: tuple[int, int, int, int]) -> bool:
    pixels = region(path, box)
    return bool(pixels) and all(all(abs(c - m) <= 2 for c, m in zip(p, MASK_RGB, strict=True)) for p in pixels)


def test_a_typed_password_is_masked_in_any_field_and_written_nowhere(tmp_path: Path,
                                                                     trouble: TroublePlatform) -> None:
    root = make_project(tmp_path, trouble, [
        {"id": "a-plain", "persona": "alice", "logged_out": True, "start": "/login-plain", "steps": [
            *TYPE_IN, {"click": {"role": "button", "name": "Log in"}, "say": "Click **Log in**."}]},
        {"id": "b-eye", "persona": "alice", "logged_out": True, "start": "/login-eye", "steps": [*TYPE_IN, SHOW]},
        {"id": "c-eye-fails", "persona": "alice", "logged_out": True, "start": "/login-eye", "steps": [
            *TYPE_IN, SHOW, {"expect": {"text": "Nothing like this"}, "say": "A message.", "timeout": 1}]},
    ])
    done = run_capture(root, trouble, "--report", str(root / "junit.xml"))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    password = trouble.password
    # The password was really typed (and even sent in a URL): masking it is not a vacuous pass.
    assert [p for p in trouble.log if p.startswith("/welcome?") and password in p]

    shots = root / "screenshots" / "en"
    manifest = json.loads((shots / "a-plain" / "manifest.json").read_text(encoding="utf-8"))
    typed = next(i for i in manifest["images"] if i["step"] == 2)
    assert tuple(typed["target"]["box"]) == PASSWORD_BOX  # the field is where the test looks
    assert not is_masked(shots / "a-plain" / "02.png", PASSWORD_BOX)  # still empty: nothing to hide
    # A type=text field once the password is in it (shot before the next action).
    assert is_masked(shots / "a-plain" / "03.png", PASSWORD_BOX)
    assert not is_masked(shots / "a-plain" / "03.png", USERNAME_BOX)  # only the secret is masked
    # A type=password field that "Show password" turned into type=text: the result shot.
    assert is_masked(shots / "b-eye" / "03.png", PASSWORD_BOX)
    assert is_masked(shots / "b-eye" / "result.png", PASSWORD_BOX)
    assert is_masked(shots / "b-eye" / "result.png", SHOWN_BOX)  # the page wrote it out as text
    # The failure screenshot too.
    failure = root / "_build" / "capture-failures" / "en" / "c-eye-fails.png"
    assert failure.is_file()
    assert is_masked(failure, PASSWORD_BOX)
    assert is_masked(failure, SHOWN_BOX)

    report = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))
    assert {r["scenario"]: r["status"] for r in report["results"]} == {
        "a-plain": "passed", "b-eye": "passed", "c-eye-fails": "failed"}
    written = [p for p in root.rglob("*") if p.is_file() and p.suffix != ".png"]
    assert len(written) >= 10
    assert any(p.name == "junit.xml" for p in written) and any(p.suffix == ".jsonl" for p in written)
    needle = password.encode()
    assert [str(p.relative_to(root)) for p in written if needle in p.read_bytes()] == []
    assert password not in done.stdout
    assert password not in done.stderr
