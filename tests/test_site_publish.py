"""Publishing the built site (``builder.outputs.site.publish``), without Sphinx: the published folder is
never written, the folder it replaces is brought up to date by the next build whatever it holds, and a
file both hold alike is shared, not copied."""

from __future__ import annotations

import os
import time
from pathlib import Path

from builder.outputs.site.publish import publish


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _publish(tmp_path: Path, work: Path) -> Path:
    out = tmp_path / "_build" / "site"
    publish(out, {"fr": work / "fr", "en": work / "en"}, {"index.html": b"<p>redirect</p>"})
    return out


def test_each_build_publishes_the_work_folders_and_never_writes_a_published_folder(tmp_path: Path) -> None:
    work = tmp_path / "work"
    _write(work, {"fr/index.html": "fr 1", "fr/_shots/a/01.webp": "image a", "fr/_shots/b/01.webp": "image b",
                  "en/index.html": "en 1", "en/pagefind/x.pf": "index"})
    out = _publish(tmp_path, work)
    first = out.resolve()
    assert _tree(out) == {**{k: v.encode() for k, v in {
        "fr/index.html": "fr 1", "fr/_shots/a/01.webp": "image a", "fr/_shots/b/01.webp": "image b",
        "en/index.html": "en 1", "en/pagefind/x.pf": "index"}.items()}, "index.html": b"<p>redirect</p>"}
    kept = _tree(first)

    # An edit: one page written again, one image gone, a folder new.
    time.sleep(0.01)
    _write(work, {"fr/index.html": "fr 2", "fr/_shots/c/01.webp": "image c"})
    (work / "fr/_shots/b/01.webp").unlink()
    (work / "fr/_shots/b").rmdir()
    out = _publish(tmp_path, work)
    second = out.resolve()
    assert second != first
    assert _tree(first) == kept  # the site readers had is as it was
    assert _tree(out) == {**{k: v for k, v in _tree(work).items()}, "index.html": b"<p>redirect</p>"}
    # an image both sites hold alike is one file on the disk
    assert os.path.samefile(first / "fr/_shots/a/01.webp", second / "fr/_shots/a/01.webp")

    # The next build brings the first folder up to date, whatever a killed build left in it, and writes
    # no file it shares with the published one.
    second_files = _tree(second)
    (first / "fr/_shots/a/01.webp").unlink()  # a file missing
    (first / "en/stray.html").write_text("stray", encoding="utf-8")  # a file the site does not have
    (first / "en/pagefind/x.pf").unlink()
    (first / "en/pagefind/x.pf").mkdir()  # a folder where a file should be
    (first / "odd").mkdir()  # a top-level folder no language has
    os.link(second / "fr/index.html", first / "fr/shared.html")  # a file shared with the published site
    _write(work, {"fr/shared.html": "new page"})
    out = _publish(tmp_path, work)
    assert out.resolve() == first  # the folder of two builds ago, brought up to date
    assert _tree(second) == second_files  # the site readers had is as it was
    assert _tree(out) == {**_tree(work), "index.html": b"<p>redirect</p>"}
    folders = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".site-"))
    assert folders == sorted([first.name, second.name])
