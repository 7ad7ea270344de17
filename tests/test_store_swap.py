"""The screenshot store's swap, on real captures: a changed capture replaces the published
folder whole, and a run killed between the swap's two renames is repaired by the next run.

The kill is real: the run is the CLI in a process of its own whose ``store.os.replace`` stops
(and says so in a file) just before the staged folder goes in, once the published one was
moved aside; the test then sends SIGKILL. Nothing else in the run is changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from builder.capture import Endpoint, capture_project
from tests.test_review import variant_agora

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCENARIO = "find-your-way"
#: the language captured: English, whose browser is the lightest (the headless shell where installed);
#: the swap is the subject here, not the language
LANG = "en"
#: the header bar of the "header" variant of Agora (tests/agora_variant.py) is dark red, #7c2d12
#: (darker where a shot dims the page around its highlight); Agora's own is dark blue


def _red_header(png: bytes) -> bool:
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        colours = img.convert("RGB").getcolors(1 << 22) or []
    return sum(n for n, (r, g, b) in colours if r > 90 and r > 2 * g and r > 4 * b) > 20_000


def _capture(root: Path, platform: Any, **kwargs: Any) -> Any:
    """Capture in a thread of its own: the session's Chromium may already hold this one's Playwright."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        kwargs.setdefault("languages", [LANG])
        return pool.submit(capture_project, root, endpoints=[Endpoint(platform.url, platform.reset)],
                           progress=False, **kwargs).result()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _leftovers(shots: Path) -> list[str]:
    """Anything in staging but its .gitignore, and any folder moved aside by a swap."""
    staging = shots / ".staging"
    found = [str(p.relative_to(shots)) for p in staging.iterdir() if p.name != ".gitignore"] if staging.exists() else []
    return found + [str(p.relative_to(shots)) for p in shots.rglob("*.old")]


@pytest.fixture
def published(capture_project_copy: Path, agora: Any) -> tuple[Path, Path, dict[str, bytes]]:
    """A project with SCENARIO captured and published in LANG."""
    root = capture_project_copy
    summary = _capture(root, agora, only=[SCENARIO])
    assert [r.status for r in summary.results] == ["passed"], [r.message() for r in summary.results]
    folder = root / "screenshots" / LANG / SCENARIO
    return root, folder, _files(folder)


def test_changed_capture_replaces_the_published_folder(published: tuple[Path, Path, dict[str, bytes]],
                                                       demo_password: str) -> None:
    root, folder, before = published
    old_inode = folder.stat().st_ino
    assert not any(_red_header(data) for name, data in before.items() if name.endswith(".png"))

    with variant_agora("header", demo_password) as changed:
        summary = _capture(root, changed, only=[SCENARIO], approve_all=True)
    result = summary.results[0]
    assert result.status == "passed", result.message()
    assert result.approved and {c["file"] for c in result.approved} == {n for n in before if n.endswith(".png")}

    after = _files(folder)
    assert folder.stat().st_ino != old_inode, "the published folder was rewritten in place, not swapped"
    assert sorted(after) == sorted(before)
    manifest = json.loads(after["manifest.json"])
    assert manifest["status"] == "passed" and manifest != json.loads(before["manifest.json"])
    for image in manifest["images"]:
        data = after[image["file"]]
        assert data != before[image["file"]]
        assert hashlib.sha256(data).hexdigest() == image["sha256"]
        assert _red_header(data), f"{image['file']} is not the new capture"
    assert _leftovers(root / "screenshots") == []
    assert not (root / "screenshots" / ".pending" / LANG / SCENARIO).exists()


#: Runs the CLI with the swap stopped between its renames: once the published folder is
#: aside, moving a staged folder into screenshots/ writes the marker file and waits forever.
_PAUSED_CLI = """
import os, sys, time, types
import builder.shots.store as store

class _Os(types.ModuleType):
    def __getattr__(self, name):
        return getattr(os, name)

def replace(src, dst):
    if ".staging" in os.fspath(src).split(os.sep) and ".staging" not in os.fspath(dst).split(os.sep):
        with open(os.environ["SWAP_PAUSED"], "w") as marker:
            marker.write(os.fspath(dst))
        time.sleep(3600)
    return os.replace(src, dst)

store.os = _Os("os")
store.os.replace = replace
from builder.cli import run
run()
"""


def test_kill_between_the_two_renames_is_repaired_by_the_next_run(
        published: tuple[Path, Path, dict[str, bytes]], agora: Any, tmp_path: Path) -> None:
    root, folder, before = published
    shots = root / "screenshots"
    # A changed definition: the run makes a new baseline, which the swap publishes.
    path = root / "content" / "scenarios" / "getting-started" / f"{SCENARIO}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Langue de l'interface" in text
    path.write_text(text.replace("Langue de l'interface", "Langue"), encoding="utf-8")

    marker = tmp_path / "swap-paused"
    cmd = [sys.executable, "-c", _PAUSED_CLI, "-C", str(root), "capture", "--base-url", agora.url,
           "--lang", LANG, "--only", SCENARIO]
    proc = subprocess.Popen(cmd, cwd=REPO, env=dict(os.environ, SWAP_PAUSED=str(marker)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), f"the run never reached the swap: {proc.poll()} {proc.stderr.read().decode()[-2000:]}"  # type: ignore[union-attr]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()

    # What the kill left: the published folder gone from screenshots/, kept aside in staging.
    assert Path(marker.read_text()) == folder
    assert not folder.exists()
    aside = list((shots / ".staging").glob(f"*/{LANG}__{SCENARIO}.old"))
    assert len(aside) == 1 and _files(aside[0]) == before

    # The next run, of another scenario, puts the folder back byte for byte and clears staging.
    summary = _capture(root, agora, only=["log-in"])
    assert [r.status for r in summary.results] == ["passed"], [r.message() for r in summary.results]
    assert _files(folder) == before
    assert _leftovers(shots) == []
