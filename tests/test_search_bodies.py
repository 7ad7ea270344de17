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
