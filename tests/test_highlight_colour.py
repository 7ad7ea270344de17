"""platform.yaml's ``highlight_colour``: the highlight is drawn in it, and capture warns when
the highlight hardly stands out from the page around it.

Real Chromium captures a tiny platform page that is all in the default highlight red
(tests/tiny_trouble.py ``/red``): the default colour is reported at the step with what to
do, and a colour chosen in platform.yaml is drawn, measured and no longer reported.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from builder.capture.contrast import highlight_contrast, parse_colour
from tests.test_capture_secrets import trouble  # noqa: F401 - the fixture, used below
from tests.tiny_trouble import TroublePlatform, make_project, run_capture

pytestmark = pytest.mark.browser

SEND = {"click": {"role": "button", "name": "Send"}, "say": "Click **Send**."}


def _pixels_of(png: bytes, rgb: tuple[int, int, int]) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, colour in image.getcolors(1 << 24) or []
               if all(abs(a - b) <= 8 for a, b in zip(colour, rgb, strict=True)))


def test_a_highlight_lost_on_the_page_is_reported_and_another_colour_fixes_it(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    platform: TroublePlatform = request.getfixturevalue("trouble")  # tiny platform, password in its variable
    root = make_project(tmp_path, platform, [{"id": "red-page", "start": "/red", "steps": [SEND]}])
    done = run_capture(root, platform)
    assert done.returncode == 0, done.stderr
    warning = next((line for line in done.stderr.splitlines() if line.startswith("warning: en/red-page")), None)
    assert warning is not None, done.stderr
    assert warning.startswith("warning: en/red-page step 1 (01.png): the highlight stands out only 1.")
    assert warning.endswith(":1 from the page around it (under 3:1): choose another `highlight_colour` in "
                            "content/platform.yaml"), warning
    flagged = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))["results"][0]
    assert [(f["step"], f["file"]) for f in flagged["low_contrast"]] == [(1, "01.png")]
    assert flagged["low_contrast"][0]["ratio"] < 3
    first = (root / "screenshots" / "en" / "red-page" / "01.png").read_bytes()

    platform_yaml = root / "content" / "platform.yaml"
    data = yaml.safe_load(platform_yaml.read_text(encoding="utf-8"))
    data["highlight_colour"] = "#fef08a"
    platform_yaml.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    done = run_capture(root, platform)
    assert done.returncode == 0, done.stderr
    assert "highlight_colour" not in done.stderr, done.stderr
    png = (root / "screenshots" / "en" / "red-page" / "01.png").read_bytes()
    yellow = parse_colour("#fef08a")
    assert _pixels_of(png, yellow) > 200, "the chosen colour is not drawn"
    ratio = highlight_contrast(png, yellow)
    assert ratio is not None and ratio >= 3, ratio
    result = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))["results"][0]
    assert result["status"] == "passed" and result["low_contrast"] == []
    assert png != first, "the image drawn in the default colour was kept"
