"""What a site build is made of, and when its record says there is nothing to do (no Sphinx here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.outputs.site.inputs import (
    record_path,
    site_fingerprint,
    site_inputs,
    unchanged_build,
    write_record,
)
from tests.fixtures_site import write_files

#: one file of each kind of input, as a project holds them
INPUTS = {
    "content/platform.yaml": "name: X\n",
    "content/scenarios/a/log-in.yaml": "id: log-in\n",
    "content/glossary.yaml": "terms: []\n",
    "content/workshops/w.yaml": "id: w\n",
    "content/messages/fr.yaml": "site: {}\n",
    "screenshots/fr/log-in/01.png": "png",
    "screenshots/fr/log-in/manifest.json": "{}",
    "screenshots/approvals.json": "{}",
    "screenshots/.pending/fr/log-in/pending.json": "{}",
    "templates/site/scenario.md.j2": "x",
    "conf.py": "x = 1\n",
    "_build/demos/fr/log-in.html": "<html>",
    "_build/handouts/fr/w-participant.pdf": "%PDF",
    "_build/capture-report.json": "{}",
    "_build/capture-log.jsonl": "{}\n",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_files(tmp_path / "p", INPUTS)


def _site(root: Path) -> Path:
    """A published site as publish() leaves it: a link to a folder."""
    folder = root / "_build" / ".site-1-1"
    (folder / "fr").mkdir(parents=True)
    (folder / "fr" / "index.html").write_text("<html>", encoding="utf-8")
    (root / "_build" / "site").symlink_to(folder.name)
    return root / "_build" / "site"


def test_every_kind_of_input_is_hashed_and_each_change_shows(project: Path) -> None:
    out = project / "_build" / "site"
    before = site_inputs(project, None, out)
    assert set(INPUTS) <= set(before)
    assert {"helpwright/templates/site/scenario.md.j2", "helpwright/messages/fr.yaml",
            "helpwright/outputs/site/build.py", "version:helpwright", "version:sphinx",
            "option:languages", "option:out"} <= set(before)
    assert not any("__pycache__" in name for name in before)
    for name, text in INPUTS.items():
        (project / name).write_text(text + " ", encoding="utf-8")
        assert site_inputs(project, None, out)[name] != before[name], name
    assert site_inputs(project, ["en"], out) != site_inputs(project, None, out)
    assert site_inputs(project, None, project / "elsewhere") != site_inputs(project, None, out)
    (project / "content" / "scenarios" / "a" / "new.yaml").write_text("id: new\n", encoding="utf-8")
    assert "content/scenarios/a/new.yaml" in site_inputs(project, None, out)
    # A capture report's time is read (a failure older than the capture published after it is past): a run
    # failing the same way again writes the same bytes at another time.
    import os

    report = project / "_build" / "capture-report.json"
    report.write_text('{"results": []}', encoding="utf-8")
    once = site_inputs(project, None, out)
    os.utime(report, ns=(1, 1))
    assert site_inputs(project, None, out) != once


def test_what_the_build_writes_is_not_an_input(project: Path) -> None:
    out = _site(project)
    (project / "_build" / "src" / "fr").mkdir(parents=True)
    (project / "_build" / "src" / "fr" / "index.md").write_text("x", encoding="utf-8")
    assert not any(name.startswith(("_build/src", "_build/site", "_build/.site")) for name in site_inputs(
        project, None, out))


def test_nothing_to_do_only_with_the_record_the_same_inputs_and_the_published_site(project: Path) -> None:
    out = _site(project)
    assert unchanged_build(project, None, None) is None  # no record yet
    write_record(project, site_inputs(project, None, out), site_fingerprint(out), ["fr"], [])
    record = unchanged_build(project, None, None)
    assert record is not None and record.languages == ["fr"]
    assert unchanged_build(project, ["fr"], None) is None  # other options
    (project / "screenshots" / "fr" / "log-in" / "01.png").write_bytes(b"other")
    assert unchanged_build(project, None, None) is None
    write_record(project, site_inputs(project, None, out), site_fingerprint(out), ["fr"], [])
    assert unchanged_build(project, None, None) is not None
    index = out / "fr" / "index.html"
    os.utime(index, ns=(index.stat().st_atime_ns, index.stat().st_mtime_ns + 1))
    assert unchanged_build(project, None, None) is None  # the published site changed
    write_record(project, site_inputs(project, None, out), site_fingerprint(out), ["fr"], [])
    record_path(project).write_text("{not json", encoding="utf-8")
    assert unchanged_build(project, None, None) is None  # a damaged record: build


def test_clean_forgets_the_site_state_and_keeps_what_other_commands_made(tmp_path: Path) -> None:
    from builder.outputs.site.build import SITE_STATE, clean_build

    build = tmp_path / "_build"
    others = ["demos/fr/a.html", "handouts/fr/w-participant.pdf", "scorm/fr/w.zip", "tours/fr/tours.json",
              "helpmap/fr/helpmap.json", "capture-log.jsonl", "capture-report.json"]
    mine = ["src/fr/index.md", "doctrees/fr/x.doctree", "images/ab/abc", ".jinja/site/t.py", "site-work/fr/index.html",
            "site-inputs.json", "input-hashes.json", ".site-1-2/fr/index.html"]
    for name in [*others, *mine, ".site-3-4/fr/index.html"]:
        (build / name).parent.mkdir(parents=True, exist_ok=True)
        (build / name).write_text("x", encoding="utf-8")
    (build / "site").symlink_to(".site-3-4")
    clean_build(tmp_path)
    assert all((build / name).is_file() for name in others)
    assert not any((build / name.split("/")[0]).exists() for name in mine)
    assert (build / "site" / "fr" / "index.html").is_file()  # the published site stays
    assert {name.split("/")[0] for name in mine} - {".site-1-2"} == set(SITE_STATE)


def test_hashing_again_reads_only_the_files_whose_status_changed(project: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from builder.outputs.site import inputs

    out = project / "_build" / "site"
    read: list[str] = []
    real = inputs._digest
    monkeypatch.setattr(inputs, "_digest", lambda handle: read.append(handle.name) or real(handle))
    # Files written just now are hashed every time (a write within the clock's tick would not show)...
    first = site_inputs(project, None, out)
    read.clear()
    assert site_inputs(project, None, out) == first
    assert any(path.endswith("01.png") for path in read)
    # ...and, once settled, never read again while their status holds.
    monkeypatch.setattr(inputs._Hashes, "SETTLED_NS", 0)
    site_inputs(project, None, out)
    read.clear()
    assert site_inputs(project, None, out) == first
    assert read == []
    # Other bytes of the same size, the old modification time put back: the change time shows it.
    time.sleep(0.05)
    shot = project / "screenshots" / "fr" / "log-in" / "01.png"
    stat = shot.stat()
    shot.write_bytes(b"PNG")
    os.utime(shot, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = site_inputs(project, None, out)
    assert read == [str(shot)]
    assert again["screenshots/fr/log-in/01.png"] != first["screenshots/fr/log-in/01.png"]
    # A damaged file of hashes is no file of hashes.
    (project / "_build" / inputs.HASHES).write_text("{not json", encoding="utf-8")
    read.clear()
    assert site_inputs(project, None, out) == again
    assert len(read) == len([name for name in again if not name.startswith(("option:", "version:", "python"))
                             and not name.endswith(":time")])
