"""The navigation tree made once per folder (builder/outputs/site/navtree.py) is furo's own, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder.outputs.site import navtree
from builder.outputs.site.navtree import FolderTree
from tests.fixtures_site import copy_root

#: a folder's tree as furo writes it (bs4's output: attributes sorted), for no page: two topics, the second
#: listing a page twice and a page's anchor
NEUTRAL = (
    '<p class="caption" role="heading" aria-level="2"><span class="caption-text">Topics</span></p>\n'
    '<ul>\n'
    '<li class="toctree-l1 has-children"><a class="reference internal" href="../topics/a.html">A</a>'
    '<input aria-label="Toggle navigation of A" class="toctree-checkbox" id="toctree-checkbox-1" '
    'name="toctree-checkbox-1" role="switch" type="checkbox"/><label for="toctree-checkbox-1"></label><ul>\n'
    '<li class="toctree-l2"><a class="reference internal" href="one.html">One</a></li>\n'
    '<li class="toctree-l2"><a class="reference internal" href="two.html">Two</a></li>\n'
    '</ul>\n</li>\n'
    '<li class="toctree-l1 has-children"><a class="reference internal" href="../topics/b.html">B</a>'
    '<input aria-label="Toggle navigation of B" class="toctree-checkbox" id="toctree-checkbox-2" '
    'name="toctree-checkbox-2" role="switch" type="checkbox"/><label for="toctree-checkbox-2"></label><ul>\n'
    '<li class="toctree-l2"><a class="reference internal" href="two.html">Two again</a></li>\n'
    '<li class="toctree-l2"><a class="reference internal" href="one.html#part">One, a part</a></li>\n'
    '</ul>\n</li>\n'
    '</ul>\n')


def test_a_page_listed_once_gets_its_branch_marked_as_sphinx_and_furo_mark_it() -> None:
    tree, listed = FolderTree(NEUTRAL).for_page("one.html")
    assert listed
    assert '<ul class="current">\n<li class="toctree-l1 current has-children"><a class="reference internal" ' \
           'href="../topics/a.html">A</a><input aria-label="Toggle navigation of A" checked="" ' \
           'class="toctree-checkbox"' in tree
    assert '<li class="toctree-l2 current current-page"><a class="current reference internal" href="#">One</a>' in tree
    # the anchor of the page itself points into it; its item is not marked
    assert '<li class="toctree-l2"><a class="reference internal" href="#part">One, a part</a>' in tree
    assert tree.count("checked") == 1 and tree.count("current-page") == 1


def test_a_page_listed_twice_marks_both_branches_and_the_last_is_furos_current_page() -> None:
    tree, listed = FolderTree(NEUTRAL).for_page("two.html")
    assert listed
    assert tree.startswith('<p class="caption"')
    assert '\n<ul class="current">\n' in tree  # once, however many of the page's links it holds
    assert '<li class="toctree-l2 current"><a class="current reference internal" href="#">Two</a>' in tree
    assert '<li class="toctree-l2 current current-page"><a class="current reference internal" href="#">Two again</a>' \
        in tree
    assert tree.count('checked=""') == 2 and tree.count("current-page") == 1


def test_a_page_not_in_the_tree_gets_the_folders_tree() -> None:
    assert FolderTree(NEUTRAL).for_page("three.html") == (NEUTRAL, False)


def test_a_title_holding_attribute_text_stays_in_its_label() -> None:
    tricky = NEUTRAL.replace("Toggle navigation of A", 'Toggle navigation of Set class=big checked=&quot;yes')
    tree, _listed = FolderTree(tricky).for_page("one.html")
    assert ('<input aria-label="Toggle navigation of Set class=big checked=&quot;yes" checked="" '
            'class="toctree-checkbox" id="toctree-checkbox-1"') in tree


def _log_trees(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each page the fast path serves, its uri written as a line of ``log`` (each language of a Helpwright build
    runs in a process of its own: a file sees them all)."""
    made = FolderTree.for_page

    def logged(self: FolderTree, uri: str) -> tuple[str, bool]:
        with log.open("a", encoding="utf-8") as out:
            out.write(uri + "\n")
        return made(self, uri)

    monkeypatch.setattr(FolderTree, "for_page", logged)


def _site(root: Path) -> dict[str, str]:
    from builder.outputs.site.build import build_site_report

    build_site_report(root)
    site = root / "_build" / "site"
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and p.name != ".buildinfo"}  # it names the folder


@pytest.mark.slow
def test_every_page_of_a_site_is_the_one_furo_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "made.txt"
    _log_trees(monkeypatch, log)
    fast = _site(copy_root("test-basic", tmp_path / "fast"))
    monkeypatch.setattr(navtree, "ENABLED", False)
    assert fast == _site(copy_root("test-basic", tmp_path / "furo"))
    pages = sum(name.endswith(".html") for name in fast if "/_static/" not in name)
    assert pages > 20 and len(log.read_text(encoding="utf-8").splitlines()) >= pages - 4  # genindex, search


@pytest.mark.slow
def test_a_tree_that_differs_from_furos_puts_the_build_back_on_furos_own_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navtree, "ENABLED", False)
    furo = _site(copy_root("test-basic", tmp_path / "furo"))
    monkeypatch.setattr(navtree, "ENABLED", True)
    made = FolderTree.for_page

    def wrong(self: FolderTree, uri: str) -> tuple[str, bool]:
        tree, listed = made(self, uri)
        return tree.replace("current", "x"), listed

    monkeypatch.setattr(FolderTree, "for_page", wrong)
    assert _site(copy_root("test-basic", tmp_path / "wrong")) == furo


#: plain Sphinx projects (reST) whose trees a first version of the fast path got wrong, each found by building
#: it both ways: a page listed under two parents, `self` entries, a title holding attribute text, folders, a
#: glob listing a page listed already; and an `only` directive around a toctree, which is left to furo
PROJECTS = {
    "twice": {"index.rst": "Root\n====\n\n.. toctree::\n\n   self\n   a\n   b\n   c\n   g/index\n",
              "a.rst": "A\n=\n\n.. toctree::\n\n   x\n",
              "b.rst": "Set class=big \"now\"\n===================\n\n.. toctree::\n\n   self\n   y\n",
              "c.rst": "C & D\n=====\n\n.. toctree::\n\n   x\n",
              "x.rst": "X\n=\n\nText.\n", "y.rst": "Y\n=\n\nText.\n",
              "g/index.rst": "G\n=\n\n.. toctree::\n   :glob:\n\n   one\n   *\n",
              "g/one.rst": "One\n===\n", "g/two.rst": "Two\n===\n\n.. toctree::\n\n   deep/three\n",
              "g/deep/three.rst": "Three\n=====\n"},
    "only": {"index.rst": "Root\n====\n\n.. toctree::\n\n   a\n   c\n", "a.rst": "A\n=\n",
             "c.rst": "C\n=\n\n.. only:: latex\n\n   .. toctree::\n\n      y\n", "y.rst": "Y\n=\n"},
}


def _sphinx(source: Path, out: Path, *, fresh: bool = True) -> dict[str, bytes]:
    """A Sphinx build into ``out`` (``fresh``: from scratch; else it reads only the pages changed since its last
    build there). Sphinx's directives are registered in docutils for this build only, as Helpwright's builds do:
    a later build in this process would warn of them otherwise."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    with patch_docutils(source), docutils_namespace():
        Sphinx(str(source), str(source), str(out), str(out / ".doctrees"), "html", status=None, warning=None,
               freshenv=fresh).build()
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_projects_a_first_version_got_wrong_come_out_as_furo_writes_them(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fixtures_site import write_files

    source = write_files(tmp_path / "src", {**PROJECTS[name], "conf.py": (
        "extensions = ['builder.outputs.site.navtree']\nhtml_theme = 'furo'\nproject = 'T'\n")})
    log = tmp_path / "made.txt"
    _log_trees(monkeypatch, log)
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    fast = _sphinx(source, tmp_path / "fast")
    monkeypatch.setattr(navtree, "ENABLED", False)
    furo = _sphinx(source, tmp_path / "furo")
    assert fast.keys() == furo.keys()
    differ = [page for page in fast if fast[page] != furo[page]]
    assert not differ, differ
    served = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert (len(served) >= 5) if name == "twice" else not served  # an `only` directive: furo makes every tree


@pytest.mark.slow
def test_the_next_build_takes_the_folders_trees_kept_until_the_tables_of_contents_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.fixtures_site import write_files

    pages = {"index.rst": "Home\n====\n\n.. toctree::\n\n   a/one\n   a/two\n   b/three\n",
             "a/one.rst": "One\n===\n\nText.\n", "a/two.rst": "Two\n===\n\nText.\n",
             "b/three.rst": "Three\n=====\n\nText.\n"}
    source = write_files(tmp_path / "src", {**pages, "conf.py": (
        "extensions = ['builder.outputs.site.navtree']\nhtml_theme = 'furo'\nproject = 'T'\n")})
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent))
    slow: list[str] = []
    made = navtree.Navigation.slow
    monkeypatch.setattr(navtree.Navigation, "slow", lambda self, page: slow.append(page) or made(self, page))
    out = tmp_path / "fast"
    _sphinx(source, out, fresh=False)
    assert slow and (out / ".doctrees" / navtree.STORE).is_file()

    def furo() -> dict[str, bytes]:
        monkeypatch.setattr(navtree, "ENABLED", False)
        try:
            return _sphinx(source, tmp_path / "furo")
        finally:
            monkeypatch.setattr(navtree, "ENABLED", True)

    # A page's text edited: the tables of contents are the same, no tree is made.
    slow.clear()
    (source / "a/two.rst").write_text("Two\n===\n\nOther text.\n", encoding="utf-8")
    fast = _sphinx(source, out, fresh=False)
    assert slow == []
    assert fast == furo()
    # A title edited: the trees are made again, as furo makes them, and every page is written again (Sphinx
    # alone writes the page and those whose own table of contents names it: the others' navigation kept the
    # old title).
    (source / "b/three.rst").write_text("Three, renamed\n==============\n\nText.\n", encoding="utf-8")
    fast = _sphinx(source, out, fresh=False)
    assert slow
    assert b"Three, renamed" in fast["a/one.html"]
    assert fast == furo()
    # A page's text edited again: only that page is written.
    (source / "a/two.rst").write_text("Two\n===\n\nThird text.\n", encoding="utf-8")
    times = {page: (out / page).stat().st_mtime_ns for page in ("a/one.html", "b/three.html")}
    fast = _sphinx(source, out, fresh=False)
    assert {page: (out / page).stat().st_mtime_ns for page in times} == times
    assert fast == furo()
    # A page added to the root's table of contents: every menu shows it (the root page is read as it is now,
    # not as an earlier build saved it with the environment).
    (source / "c").mkdir()
    (source / "c/four.rst").write_text("Four\n====\n\nText.\n", encoding="utf-8")
    (source / "index.rst").write_text(pages["index.rst"] + "   c/four\n", encoding="utf-8")
    fast = _sphinx(source, out, fresh=False)
    assert b"Four</a>" in fast["a/one.html"]
    assert fast == furo()
