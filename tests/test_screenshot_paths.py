"""Files in ``screenshots/`` arrive by merge request like content: none of them may publish,
inline or overwrite a file outside the project.

- a screenshot replaced by a link (to a file or of a whole scenario folder) is refused by
  `check` at the link, and the site built anyway publishes nothing it points at;
- a manifest or a pending review naming an image by a path (``../../x``) is not a capture: its
  names are never read, and `review` neither inlines nor writes through them;
- a pending image that is a link is neither shown in the gallery nor approved.
Real `check`, Sphinx build and `review` commands on a copy of a sample project.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.shots.pending import read_pending
from builder.shots.store import read_manifest

ROOTS = Path(__file__).resolve().parent / "roots"
SCENARIO = "annotate-page"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "test-basic", root)
    folder = root / "screenshots" / "fr" / SCENARIO
    assert (folder / "02.png").is_file()
    # A published capture's manifest, as capture writes it (the sample project has its images only).
    images = [{"step": int(p.stem) if p.stem.isdigit() else None, "file": p.name,
               "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in sorted(folder.glob("*.png"))]
    (folder / "manifest.json").write_text(json.dumps({
        "scenario": SCENARIO, "lang": "fr", "status": "passed", "definition_hash": "d" * 64,
        "captured_at": "2026-01-01T00:00:00+00:00", "images": images}), encoding="utf-8")
    return root


@pytest.fixture
def canary(tmp_path: Path) -> bytes:
    """A file outside the project (``outside/secret.png``) with unique bytes to look for."""
    data = b"\x89PNG\r\n\x1a\n" + f"HWCANARY-{secrets.token_hex(8)}".encode()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.png").write_bytes(data)
    (tmp_path / "outside" / "01.png").write_bytes(data)
    return data


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", "-C", str(root), *args], capture_output=True,
                          text=True, cwd=root, timeout=300, check=False)


def _everywhere(folder: Path, needle: bytes) -> list[str]:
    """Files under ``folder`` holding ``needle``, as bytes or base64 (an inlined image)."""
    inlined = base64.b64encode(needle)[:-4]
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and not p.is_symlink() and (needle in (data := p.read_bytes()) or inlined in data))


@pytest.mark.slow
def test_links_in_screenshots_are_refused_by_check_and_never_published(project: Path, canary: bytes,
                                                                       tmp_path: Path) -> None:
    shots = project / "screenshots"
    (shots / "fr" / SCENARIO / "02.png").unlink()
    (shots / "fr" / SCENARIO / "02.png").symlink_to(tmp_path / "outside" / "secret.png")
    (shots / "en").mkdir(exist_ok=True)
    shutil.rmtree(shots / "en" / SCENARIO, ignore_errors=True)
    (shots / "en" / SCENARIO).symlink_to(tmp_path / "outside", target_is_directory=True)

    done = _cli(project, "check")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if "holds a link" in line]
    assert lines == [
        (f"screenshots/en/{SCENARIO}:1:1: the screenshot folder holds a link to {tmp_path / 'outside'}, which "
         "the site would publish: delete the link and run `helpwright capture` to write the images"),
        (f"screenshots/fr/{SCENARIO}/02.png:1:1: the screenshot folder holds a link to "
         f"{tmp_path / 'outside' / 'secret.png'}, which the site would publish: delete the link and run "
         "`helpwright capture` to write the images"),
    ], done.stdout + done.stderr

    # Built anyway (check's problems set aside): the site shows a placeholder, not the file.
    from builder.content.loading import load_project
    from builder.outputs.site.build import build_loaded_site

    loaded = load_project(project)
    loaded.problems = []
    build_loaded_site(loaded)
    assert (project / "_build" / "site" / "fr").is_dir()
    assert _everywhere(project / "_build", canary) == []
    # The plain screenshots next to the link are published as before (re-encoded); the link is not.
    from PIL import Image

    published = project / "_build" / "site" / "fr" / "_shots" / SCENARIO
    assert not list(published.glob("02.*"))
    [first] = [p for p in published.glob("01.*") if ".phone." not in p.name]
    with Image.open(first) as shown, Image.open(shots / "fr" / SCENARIO / "01.png") as original:
        assert shown.size == original.size


def _pending(shots: Path, steps: list[dict[str, object]]) -> Path:
    manifest = json.loads((shots / "fr" / SCENARIO / "manifest.json").read_text(encoding="utf-8"))
    folder = shots / ".pending" / "fr" / SCENARIO
    folder.mkdir(parents=True)
    (folder / "pending.json").write_text(json.dumps({
        "scenario": SCENARIO, "lang": "fr", "definition_hash": manifest["definition_hash"],
        "captured_at": manifest.get("captured_at"), "steps": steps}), encoding="utf-8")
    return folder


def _approved(shots: Path, name: str) -> dict[str, object]:
    manifest = json.loads((shots / "fr" / SCENARIO / "manifest.json").read_text(encoding="utf-8"))
    return next(i for i in manifest["images"] if i["file"] == name)


@pytest.mark.slow
def test_a_pending_review_naming_a_path_is_ignored(project: Path, canary: bytes, tmp_path: Path) -> None:
    shots = project / "screenshots"
    up = "../" * 8
    escape = os.path.relpath(tmp_path / "outside" / "secret.png", shots / ".pending" / "fr" / SCENARIO)
    planted = project / "evil_conf.py"
    _pending(shots, [
        {"step": 2, "file": escape, "new": {"file": escape, "step": 2, "sha256": hashlib.sha256(canary).hexdigest()},
         "approved": _approved(shots, "02.png"), "reasons": []},
        {"step": 3, "file": f"{up}evil_conf.py", "new": {"file": "x", "step": 3, "sha256": "0" * 64},
         "approved": None, "reasons": []},
    ])
    assert read_pending(shots, "fr", SCENARIO) is None

    gallery = _cli(project, "review")
    assert gallery.returncode == 0 and "Traceback" not in gallery.stderr, gallery.stderr
    assert _everywhere(project / "_build", canary) == []
    approve = _cli(project, "review", "--approve", f"fr/{SCENARIO}")
    assert approve.returncode == 1 and "Traceback" not in approve.stderr, approve.stderr
    assert f"nothing pending review matches `fr/{SCENARIO}`" in approve.stdout + approve.stderr
    assert not planted.exists() and not (project.parent / "evil_conf.py").exists()
    assert (shots / "fr" / SCENARIO / "02.png").read_bytes() != canary


@pytest.mark.slow
def test_a_pending_image_that_is_a_link_is_neither_shown_nor_approved(project: Path, canary: bytes,
                                                                     tmp_path: Path) -> None:
    shots = project / "screenshots"
    before = (shots / "fr" / SCENARIO / "02.png").read_bytes()
    folder = _pending(shots, [
        {"step": 2, "file": "02.png", "new": {**_approved(shots, "02.png"),
                                              "sha256": hashlib.sha256(canary).hexdigest()},
         "approved": _approved(shots, "02.png"), "reasons": []}])
    (folder / "02.png").symlink_to(tmp_path / "outside" / "secret.png")

    # `review` checks the project first: the link is refused at its place.
    refused = _cli(project, "review", "--approve", f"fr/{SCENARIO}:2")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr, refused.stderr
    assert (f"screenshots/.pending/fr/{SCENARIO}/02.png:1:1: the screenshot folder holds a link to "
            f"{tmp_path / 'outside' / 'secret.png'}") in refused.stderr
    # And below the check, the gallery and the approval still never read through the link.
    from builder.errors import HelpwrightError
    from builder.review.decide import PendingStep, approve
    from builder.review.gallery import write_gallery

    write_gallery(project)
    assert _everywhere(project / "_build", canary) == []
    with pytest.raises(HelpwrightError) as err:
        approve(project, PendingStep("fr", SCENARIO, "02.png", 2))
    assert str(err.value) == f"fr/{SCENARIO}:2: the pending image is missing or is a link; capture it again"
    assert (shots / "fr" / SCENARIO / "02.png").read_bytes() == before


def test_a_manifest_naming_an_image_by_a_path_is_no_capture(project: Path) -> None:
    folder = project / "screenshots" / "fr" / SCENARIO
    assert read_manifest(folder) is not None
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for bad in ("../../../../etc/passwd", "/etc/passwd", "sub/01.png", "01.png.exe", "", None, 7):
        data["images"][0]["file"] = bad
        (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
        assert read_manifest(folder) is None, bad
    for good in ("01.png", "result.png", "123.png"):
        data["images"][0]["file"] = good
        (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
        assert read_manifest(folder) is not None, good
