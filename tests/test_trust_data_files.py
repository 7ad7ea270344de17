"""Files Helpwright writes and reads back are validated like content (finding 12).

`manifest.json`, `pending.json` and `approvals.json` sit in the project, so a hand or a merge
can change them. Whatever a value becomes, `helpwright review`, `review --approve` and `status`
end with one line naming the file and the value (`…/pending.json: steps[0].step: expected a whole
number…`), exit 1, never a traceback; an untouched file still works.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.cli import main
from tests.fixtures_site import ROOTS

SID = "annotate-page"


def _image(root: Path, name: str, step: int) -> dict[str, Any]:
    png = root / "screenshots" / "fr" / SID / name
    return {"step": step, "file": name, "width": 1280, "height": 800,
            "sha256": hashlib.sha256(png.read_bytes()).hexdigest(),
            "target": {"role": "link", "name": "Annoter", "box": [1, 2, 3, 4]}, "page": {"title": "t", "url": "/"}}


def make_project(dest: Path) -> Path:
    """test-basic with a manifest, one pending step and one decision, as capture and review write them."""
    root = dest / "p"
    shutil.copytree(ROOTS / "test-basic", root)
    published = root / "screenshots" / "fr" / SID
    images = [_image(root, "01.png", 1), _image(root, "02.png", 2)]
    manifest = {"scenario": SID, "lang": "fr", "status": "passed", "captured_at": "2026-01-01T00:00:00+00:00",
                "definition_hash": "h", "images": images, "quotes": {"1": ["Annoter"]}}
    (published / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    pending = root / "screenshots" / ".pending" / "fr" / SID
    pending.mkdir(parents=True)
    shutil.copy(published / "02.png", pending / "01.png")
    new = {**images[0], "sha256": images[1]["sha256"]}
    (pending / "pending.json").write_text(json.dumps({
        "scenario": SID, "lang": "fr", "definition_hash": "h", "captured_at": "2026-01-02T00:00:00+00:00",
        "steps": [{"file": "01.png", "step": 1, "new": new, "approved": images[0],
                   "diff": {"ratio": 0.2, "boxes": [[0, 0, 10, 10]]}, "reasons": []}]}), encoding="utf-8")
    (root / "screenshots" / "approvals.json").write_text(json.dumps(
        {"fr/annotate-page/02.png": {"decision": "approved", "date": "2026-01-01", "image": "x"}}), encoding="utf-8")
    return root


def run(root: Path, *args: str) -> Any:
    result = CliRunner().invoke(main, ["-C", str(root), *args], obj={})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


FILES = {"manifest": f"screenshots/fr/{SID}/manifest.json", "pending": f"screenshots/.pending/fr/{SID}/pending.json",
         "approvals": "screenshots/approvals.json"}


def test_untouched_files_review_and_approve(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    status = run(root, "status")  # exits 1 while a screenshot waits for review, without a traceback
    assert status.exit_code == 1 and "pending review" in status.output, status.output
    assert run(root, "review").exit_code == 0
    assert run(root, "review", "--approve", f"{SID}:1").exit_code == 0


@pytest.mark.parametrize(("which", "path", "value", "where"), [
    ("pending", ["steps", 0, "step"], "one", "steps[0].step: expected a whole number or null, found str"),
    ("pending", ["steps", 0, "new"], [1], "steps[0].new: expected a mapping, found list"),
    ("pending", ["steps", 0, "diff", "boxes"], [["a", 1, 2, 3]], "steps[0].diff.boxes[0][0]: expected a number"),
    ("manifest", ["images", 0, "target", "box"], "wide", "images[0].target.box: expected a list or null"),
    ("approvals", ["fr/annotate-page/02.png", "decision"], {"x": 1}, "fr/annotate-page/02.png.decision: expected"),
])
def test_tampered_file_is_named_with_its_value(tmp_path: Path, which: str, path: list[Any], value: Any,
                                                where: str) -> None:
    root = make_project(tmp_path)
    file = root / FILES[which]
    data = json.loads(file.read_text(encoding="utf-8"))
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    file.write_text(json.dumps(data), encoding="utf-8")
    named = 0
    for args in (("review",), ("review", "--approve", f"{SID}:1"), ("status",)):
        result = run(root, *args)
        if result.exit_code == 0 or "changed by hand" not in result.output:
            continue  # a command that does not read this file (status exits 1 on the pending step)
        assert result.exit_code == 1, (args, result.output)
        assert f"{FILES[which]}: {where}" in result.output, (args, result.output)
        assert "changed by hand" in result.output
        named += 1
    assert named >= 1


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                    max_leaves=6)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            out += _paths(item, (*prefix, n))
    return out


@given(which=st.sampled_from(sorted(FILES)), pick=st.integers(min_value=0), value=JSON)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_tampered_value_ends_without_a_traceback(tmp_path_factory: pytest.TempPathFactory, which: str,
                                                      pick: int, value: Any) -> None:
    root = make_project(tmp_path_factory.mktemp("t"))
    file = root / FILES[which]
    data = json.loads(file.read_text(encoding="utf-8"))
    paths = _paths(data)
    path = paths[pick % len(paths)]
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    file.write_text(json.dumps(data), encoding="utf-8")
    for args in (("review",), ("review", "--approve", f"{SID}:1"), ("status",)):
        run(root, *args)
