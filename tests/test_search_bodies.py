"""What Pagefind reads of each page (``search.write_bodies``), without Pagefind: the cut pages when every
page has the page template's shape, else nothing (Pagefind then reads the whole pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.outputs.site.search import BODY_END, BODY_START, write_bodies
from tests.fixtures_site import write_files

HEAD = '<!doctype html>\n<html class="no-js" lang="fr"><head><title>Titre</title></head><body><nav>{nav}</nav>'
PAGE = HEAD + BODY_START + "<h1>Se connecter</h1><p>Texte</p></div>" + BODY_END + "<footer>{footer}</footer></body></html>"


def _site(tmp_path: Path, **pages: str) -> Path:
    return write_files(tmp_path / "site", pages)


def test_the_cut_page_keeps_the_language_the_title_and_the_indexed_part_only(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"index.html": PAGE.format(nav="<a>x</a>" * 500, footer="Pied"),
                              "search.html": HEAD.format(nav="") + "<p>Recherche</p></body></html>"})
    assert write_bodies(site, tmp_path / "cut")
    cut = (tmp_path / "cut" / "index.html").read_text(encoding="utf-8")
    assert '<html class="no-js" lang="fr">' in cut and "<title>Titre</title>" in cut
    assert "<h1>Se connecter</h1><p>Texte</p></div>" in cut
    assert "<a>x</a>" not in cut and "Pied" not in cut
    assert not (tmp_path / "cut" / "search.html").exists()  # no indexed part: Pagefind leaves it out too


@pytest.mark.parametrize("page", [
    PAGE.format(nav='<div data-pagefind-filter="topic:x"></div>', footer=""),  # read outside the part
    PAGE.format(nav='<div DATA-PAGEFIND-META="x"></div>', footer=""),  # attributes are read in any case
    PAGE.format(nav="<h1>Site</h1>", footer=""),  # Pagefind's title is the first <h1>
    PAGE.format(nav="", footer='<img src="logo.png" alt="">'),  # its image, the first <img> after it
    PAGE.format(nav="", footer="").replace(BODY_END, ""),  # no marker: where the part ends is unknown
    HEAD.format(nav="") + "<p>Texte</p></body></html>",  # a template with no indexed part at all
], ids=["filter", "upper-case", "h1-before", "img-after", "no-marker", "no-part"])
def test_a_page_of_another_shape_has_pagefind_read_the_whole_pages(tmp_path: Path, page: str) -> None:
    site = _site(tmp_path, **{"index.html": page, "scenarios/a.html": PAGE.format(nav="", footer="")}
                 if "pagefind-body" in page else {"index.html": page})
    assert not write_bodies(site, tmp_path / "cut")
    assert not (tmp_path / "cut").exists()


def _files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_a_rebuild_cuts_only_the_pages_written_again_and_drops_those_gone(tmp_path: Path) -> None:
    import os

    pages = {f"scenarios/s{n}.html": PAGE.format(nav="", footer="").replace("Texte", f"Texte {n}") for n in range(4)}
    site = _site(tmp_path, **pages)
    cut = tmp_path / "cut"
    assert write_bodies(site, cut)
    assert (tmp_path / "cut.json").is_file()
    # A page with the same size and time is taken as cut already: its text is not read again.
    kept = site / "scenarios/s0.html"
    stat = kept.stat()
    kept.write_text(kept.read_text(encoding="utf-8").replace("Texte 0", "Texte 9"), encoding="utf-8")
    os.utime(kept, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # One page written again, one gone, one new, and a stray file in the cut pages' folder.
    (site / "scenarios/s1.html").write_text(PAGE.format(nav="", footer="").replace("Texte", "Nouveau"),
                                            encoding="utf-8")
    (site / "scenarios/s2.html").unlink()
    (site / "scenarios/s5.html").write_text(PAGE.format(nav="", footer=""), encoding="utf-8")
    (cut / "stray.html").write_text("<html></html>", encoding="utf-8")
    assert write_bodies(site, cut)
    got = _files(cut)
    assert "Texte 0" in got["scenarios/s0.html"]  # not read again
    (kept).write_text(kept.read_text(encoding="utf-8").replace("Texte 9", "Texte 0"), encoding="utf-8")
    assert write_bodies(site, tmp_path / "fresh")
    assert got == _files(tmp_path / "fresh")
    assert sorted(got) == ["scenarios/s0.html", "scenarios/s1.html", "scenarios/s3.html", "scenarios/s5.html"]
    assert "Nouveau" in got["scenarios/s1.html"]


def test_a_page_turning_to_another_shape_has_pagefind_read_the_whole_pages_again(tmp_path: Path) -> None:
    site = _site(tmp_path, **{"index.html": PAGE.format(nav="", footer=""), "a.html": PAGE.format(nav="", footer="")})
    cut = tmp_path / "cut"
    assert write_bodies(site, cut)
    (site / "a.html").write_text(PAGE.format(nav='<div data-pagefind-filter="x"></div>', footer=""), encoding="utf-8")
    assert not write_bodies(site, cut)
    assert not cut.exists() and not (tmp_path / "cut.json").exists()


def test_a_new_bundle_settles_in_place_keeping_the_files_whose_bytes_are_the_same(tmp_path: Path) -> None:
    import os

    from builder.outputs.site.search import settle

    final = write_files(tmp_path / "pagefind", {"pagefind.js": "js", "fragment/a.pf": "a", "fragment/b.pf": "b",
                                                "index/gone.pf": "gone", "entry.json": "{}"})
    kept = (final / "fragment/a.pf").stat()
    new = write_files(tmp_path / "new", {"pagefind.js": "js", "fragment/a.pf": "a", "fragment/b.pf": "b2",
                                         "fragment/c.pf": "c", "entry.json/x": "a folder where a file was"})
    settle(new, final)
    assert not new.exists()
    assert {p.relative_to(final).as_posix(): p.read_text(encoding="utf-8") for p in final.rglob("*") if p.is_file()} \
        == {"pagefind.js": "js", "fragment/a.pf": "a", "fragment/b.pf": "b2", "fragment/c.pf": "c",
            "entry.json/x": "a folder where a file was"}
    now = (final / "fragment/a.pf").stat()
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)  # the same bytes: the same file
    assert not (final / "index").exists()
    assert os.listdir(tmp_path) == ["pagefind"]
