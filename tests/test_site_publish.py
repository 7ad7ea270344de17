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
    first = out.resolve().stat()
    assert _tree(out) == {**_tree(work), "index.html": b"<p>redirect</p>"}
    kept = _tree(out)
    spare = out.parent / ".site-spare"

    # An edit: one page written again, one image gone, a folder new.
    time.sleep(0.01)
    _write(work, {"fr/index.html": "fr 2", "fr/_shots/c/01.webp": "image c"})
    (work / "fr/_shots/b/01.webp").unlink()
    (work / "fr/_shots/b").rmdir()
    out = _publish(tmp_path, work)
    second = out.resolve()
    assert not os.path.samestat(second.stat(), first)
    # the site readers had waits as the spare, as it was
    assert os.path.samestat(spare.stat(), first) and _tree(spare) == kept
    assert _tree(out) == {**_tree(work), "index.html": b"<p>redirect</p>"}
    # an image both sites hold alike is one file on the disk
    assert os.path.samefile(spare / "fr/_shots/a/01.webp", second / "fr/_shots/a/01.webp")

    # The next build brings the spare up to date, whatever a killed build left in it, and writes no file it
    # shares with the published one.
    second_files = _tree(second)
    (spare / "fr/_shots/a/01.webp").unlink()  # a file missing
    (spare / "en/stray.html").write_text("stray", encoding="utf-8")  # a file the site does not have
    (spare / "en/pagefind/x.pf").unlink()
    (spare / "en/pagefind/x.pf").mkdir()  # a folder where a file should be
    (spare / "odd").mkdir()  # a top-level folder no language has
    os.link(second / "fr/index.html", spare / "fr/shared.html")  # a file shared with the published site
    _write(work, {"fr/shared.html": "new page"})
    second_folder = second.stat()
    out = _publish(tmp_path, work)
    assert os.path.samestat(out.resolve().stat(), first)  # the folder of two builds ago, up to date
    assert os.path.samestat(spare.stat(), second_folder) and _tree(spare) == second_files  # as readers had it
    assert _tree(out) == {**_tree(work), "index.html": b"<p>redirect</p>"}
    folders = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".site-"))
    assert folders == sorted([out.resolve().name, ".site-spare"])


def test_two_builds_at_once_never_share_a_folder(tmp_path: Path) -> None:
    """The spare is taken with one rename: a second build finds none and makes its own folder."""
    from builder.outputs.site.publish import _next_folder

    work = tmp_path / "work"
    _write(work, {"fr/index.html": "fr 1", "en/index.html": "en 1"})
    out = _publish(tmp_path, work)
    out = _publish(tmp_path, work)
    assert (out.parent / ".site-spare").is_dir()
    published = out.resolve()
    one, other = _next_folder(out, published), _next_folder(out, published)
    assert one != other and one != published and other != published
    assert not (out.parent / ".site-spare").exists()
    assert not any(other.iterdir())  # made new: the spare went to the first


def test_publishing_leaves_the_folders_of_an_output_beside_it_alone(tmp_path: Path) -> None:
    """`build --out _build/site-fr` publishes beside `_build/site`: neither build removes the other's folders."""
    work = tmp_path / "work"
    _write(work, {"fr/index.html": "fr 1", "en/index.html": "en 1"})
    other = tmp_path / "_build" / "site-fr"
    publish(other, {"fr": work / "fr"}, {})
    publish(other, {"fr": work / "fr"}, {})
    theirs = sorted(p.name for p in other.parent.iterdir() if p.name.startswith(".site-fr-"))
    for _ in range(3):
        _publish(tmp_path, work)
    assert sorted(p.name for p in other.parent.iterdir() if p.name.startswith(".site-fr-")) == theirs
    assert _tree(other) == {"fr/index.html": b"fr 1"}
