"""Every step kind against real Chromium on the real demo platform, Agora.

One capture run of tests/roots/test-step-kinds (plus the demo's own `upload-a-file`)
covers: targets by role, label, text, placeholder and CSS; a target matching several
elements; `select`, `check`, `uncheck`, `press`, `hover`, `upload`, `wait_for`, `goto`;
`expect` on text, url, enabled, checked and unchecked; crops by target and by CSS.
The tests read what the run wrote: the images (sizes, pixels) and the manifests
(each image's step and the record of its target).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from builder.capture import Endpoint, capture_project
from builder.capture.annotate import HIGHLIGHT_RGB
from tests.fixtures_site import copy_root
from tests.pixels import colour_count

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = ["tour-notifications", "tour-files", "tour-ambiguous", "upload-a-file"]
#: Agora's button colours (agora/static/agora.css): --primary, and --primary-dark under the pointer
PRIMARY, PRIMARY_DARK = (29, 91, 216), (23, 72, 173)


@pytest.fixture(scope="module")
def toured(tmp_path_factory: pytest.TempPathFactory, agora: Any) -> tuple[Path, Any]:
    """The test-step-kinds project, with the demo's upload-a-file, captured once in French."""
    root = copy_root("test-step-kinds", tmp_path_factory.mktemp("tour") / "project")
    content = root / "content"
    demo = (REPO / "content" / "scenarios" / "files" / "upload-a-file.yaml").read_text(encoding="utf-8")
    # `related` points at a scenario this small project does not hold; it plays no part in capture.
    demo = re.sub(r"^related: .*\n", "", demo, flags=re.MULTILINE)
    (content / "scenarios" / "files").mkdir(parents=True)
    (content / "scenarios" / "files" / "upload-a-file.yaml").write_text(demo, encoding="utf-8")
    shutil.copy(REPO / "content" / "uploads" / "compte-rendu-atelier.txt", content / "uploads")
    summary = capture_project(root, endpoints=[Endpoint(agora.url, agora.reset)], languages=["fr"],
                              only=SCENARIOS, progress=False)
    return root, summary


def _result(summary: Any, scenario: str) -> Any:
    return next(r for r in summary.results if r.scenario == scenario)


def _manifest(root: Path, scenario: str) -> dict[str, Any]:
    return json.loads((root / "screenshots" / "fr" / scenario / "manifest.json").read_text(encoding="utf-8"))


def _image(path: Path) -> Any:
    from PIL import Image

    with Image.open(path) as img:
        return img.convert("RGB")


def _count(img: Any, rgb: tuple[int, int, int], box: list[int] | None = None, tolerance: int = 4) -> int:
    """Pixels of colour ``rgb`` in ``box`` ([x, y, width, height]; the whole image by default)."""
    return colour_count(img, rgb, tolerance, box)


def _region(img: Any, box: list[int]) -> bytes:
    x, y, w, h = box
    return img.crop((x, y, x + w, y + h)).tobytes()


def _inner(box: list[int], margin: int) -> list[int]:
    x, y, w, h = box
    return [x + margin, y + margin, w - 2 * margin, h - 2 * margin]


def _by_file(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {image["file"]: image for image in manifest["images"]}


def test_every_scenario_ends_as_expected(toured: tuple[Path, Any]) -> None:
    _root, summary = toured
    assert [(r.scenario, r.status) for r in summary.results] == [
        ("tour-notifications", "passed"), ("tour-files", "passed"), ("tour-ambiguous", "failed"),
        ("upload-a-file", "passed")], [r.message() for r in summary.results]


def test_form_controls_expectations_and_crops(toured: tuple[Path, Any]) -> None:
    root, summary = toured
    assert _result(summary, "tour-notifications").status == "passed"
    folder = root / "screenshots" / "fr" / "tour-notifications"
    manifest = _manifest(root, "tour-notifications")
    # Steps 8 and 10 take no screenshot (`shot: false`); every other step and the result do.
    assert [(i["step"], i["file"]) for i in manifest["images"]] == [
        (1, "01.png"), (2, "02.png"), (3, "03.png"), (4, "04.png"), (5, "05.png"), (6, "06.png"),
        (7, "07.png"), (9, "09.png"), (0, "result.png")]
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(_by_file(manifest))
    images = _by_file(manifest)
    targets = {name: (i["target"] or {}) for name, i in images.items()}
    assert (targets["01.png"]["role"], targets["01.png"]["name"]) == ("checkbox", "quelqu'un commente un de mes articles")
    assert (targets["02.png"]["role"], targets["02.png"]["name"]) == ("checkbox", "il y a du nouveau dans mes groupes")
    assert (targets["03.png"]["role"], targets["03.png"]["name"]) == ("checkbox", "le résumé hebdomadaire est disponible")
    assert (targets["04.png"]["role"], targets["04.png"]["name"]) == ("combobox", "Fréquence d'envoi")
    assert (targets["05.png"]["role"], targets["05.png"]["name"]) == ("button", "Enregistrer")
    assert (targets["06.png"]["role"], targets["06.png"]["name"]) == ("button", "Enregistrer")
    # wait_for: the confirmation Agora shows after the form was sent with Enter.
    assert targets["07.png"]["name"] == "Paramètres de notification enregistrés."
    # (Agora's redirect after the POST drops `?lang=fr`; the request interception adds it back unseen.)
    assert images["07.png"]["page"]["url"].split("?")[0] == "/settings/notifications"
    assert images["result.png"]["target"] is None

    full = (1280, 800)
    for name in ("01.png", "04.png", "05.png", "06.png", "07.png", "09.png", "result.png"):
        assert (images[name]["width"], images[name]["height"]) == full, name
    # Step 2 crops to the form by its test id with 16 px around it, step 3 to the same form by CSS, flush.
    form_w, form_h = images["03.png"]["width"], images["03.png"]["height"]
    assert 400 < form_w < 1280 and 200 < form_h < 800
    assert (images["02.png"]["width"], images["02.png"]["height"]) == (form_w + 32, form_h + 32)
    for name in ("01.png", "02.png", "03.png", "04.png"):
        with _image(folder / name) as img:
            assert img.size == (images[name]["width"], images[name]["height"])
            assert _count(img, HIGHLIGHT_RGB) > 200, f"{name}: no highlight"
    assert _count(_image(folder / "result.png"), HIGHLIGHT_RGB) == 0

    # The page itself changed: in 04.png (after check and uncheck) both boxes look otherwise than in 01.png.
    before, after = _image(folder / "01.png"), _image(folder / "04.png")
    ticked, unticked = targets["02.png"]["box"], targets["03.png"]["box"]
    assert _region(before, ticked) != _region(after, ticked)
    assert _region(before, unticked) != _region(after, unticked)
    # After the save, Agora's confirmation pushes the form down; the reloaded form shows the saved state:
    # the weekly digest's box now looks exactly as an unticked box did in 01.png, not as it did then.
    shift = targets["09.png"]["box"][1] - ticked[1]
    assert 30 < shift < 100
    moved = [unticked[0], unticked[1] + shift, unticked[2], unticked[3]]
    saved = _region(_image(folder / "09.png"), moved)
    assert saved == _region(before, ticked) and saved != _region(before, unticked)


def test_pointer_keyboard_upload_and_placeholder(toured: tuple[Path, Any]) -> None:
    root, summary = toured
    assert _result(summary, "tour-files").status == "passed"
    folder = root / "screenshots" / "fr" / "tour-files"
    manifest = _manifest(root, "tour-files")
    assert [(i["step"], i["file"]) for i in manifest["images"]] == [
        (1, "01.png"), (2, "02.png"), (4, "04.png"), (5, "05.png"), (7, "07.png"), (10, "10.png"),
        (0, "result.png")]
    images = _by_file(manifest)
    # Step 1 points at the button by CSS, step 2 clicks the same button by its text.
    button = images["01.png"]["target"]
    assert (button["role"], button["name"]) == ("link", "Déposer un fichier")
    assert images["02.png"]["target"]["box"] == button["box"]
    inside = _inner(button["box"], 6)
    first, second = _image(folder / "01.png"), _image(folder / "02.png")
    area = inside[2] * inside[3]
    # Before the hover the button has Agora's primary colour; under the pointer, its darker hover colour.
    assert _count(first, PRIMARY, inside) > area // 3 and _count(first, PRIMARY_DARK, inside) == 0
    assert _count(second, PRIMARY_DARK, inside) > area // 3 and _count(second, PRIMARY, inside) == 0

    upload = images["04.png"]
    assert upload["page"]["url"].split("?")[0] == "/files/upload"
    assert (upload["target"]["role"], upload["target"]["name"]) == ("button", "Fichier")
    # Agora answers a form without a file with an error and no confirmation, so the `wait_for` on
    # its confirmation (step 7) holds only if the upload reached it.
    assert (images["05.png"]["target"]["role"], images["05.png"]["target"]["name"]) == ("textbox", "Titre")
    # After Enter in the title field: the file's own page, with Agora's confirmation.
    assert images["07.png"]["target"]["name"] == "Fichier déposé."
    assert re.fullmatch(r"/files/\d+(\?lang=fr)?", images["07.png"]["page"]["url"])
    # The placeholder found the e-mail field (named by its label); the crop is the profile form.
    email = images["10.png"]
    assert (email["target"]["role"], email["target"]["name"]) == ("textbox", "Adresse e-mail")
    assert email["page"]["url"].split("?")[0] == "/profile/edit"
    assert email["width"] < 1280 and email["height"] <= 800 and email["width"] > 400
    with _image(folder / "10.png") as img:
        assert img.size == (email["width"], email["height"]) and _count(img, HIGHLIGHT_RGB) > 200


def test_ambiguous_target_fails_with_the_count(toured: tuple[Path, Any], agora: Any) -> None:
    root, summary = toured
    result = _result(summary, "tour-ambiguous")
    assert result.status == "failed" and result.step == 1
    assert result.cause == (f"step 1 (click css “#notifications-form input[type=checkbox]”): 5 elements match; "
                            f"add `nth:` (from 0) or `within:` to pick one on {agora.url}/settings/notifications?lang=fr")
    assert not (root / "screenshots" / "fr" / "tour-ambiguous").exists()
    assert (root / "_build" / "capture-failures" / "fr" / "tour-ambiguous.png").is_file()


def test_demo_upload_a_file_is_captured(toured: tuple[Path, Any]) -> None:
    root, summary = toured
    assert _result(summary, "upload-a-file").status == "passed"
    folder = root / "screenshots" / "fr" / "upload-a-file"
    manifest = _manifest(root, "upload-a-file")
    assert [i["file"] for i in manifest["images"]] == ["01.png", "02.png", "03.png", "04.png", "05.png", "result.png"]
    images = _by_file(manifest)
    field = images["02.png"]["target"]
    assert (field["role"], field["name"]) == ("button", "Fichier")
    assert images["04.png"]["target"]["name"] == "Déposer"
    assert images["05.png"]["target"]["name"] == "Fichier déposé."
    assert re.fullmatch(r"/files/\d+(\?lang=fr)?", images["result.png"]["page"]["url"])
    assert _count(_image(folder / "02.png"), HIGHLIGHT_RGB) > 200
    # The file field is on the upload form, in the left half of the page.
    assert field["box"][0] < 640 and field["box"][2] > 0
