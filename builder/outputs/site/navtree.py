"""Furo's navigation tree, made once per folder of pages instead of once per page.

Furo writes the whole site's navigation into every page. For each page, Sphinx resolves the global
table of contents (copying every page's own table on the way) and renders it; furo then parses that
HTML to add its toggles. Both come out the same for every page of a folder, but for the page's own
branch, which is marked current. That work grows with the square of the pages: at 255 pages it was
three quarters of a language's Sphinx time.

Here the tree of a folder is made once, for no page, by Sphinx's and furo's own code. Each page's tree
is that one with the page's branch marked as Sphinx and furo mark it: its links to the page point at
``#`` and carry ``current``; each list and item holding such a link carries ``current`` (once, however
many of the page's links it holds: the HTML writer drops a repeated class), and the toggle of each such
item is checked; the last such item is furo's ``current-page``.

That holds only while a page's tree differs from its folder's by those marks alone. Sphinx copies the
tables of contents of a page's ancestors whole, with their `only` directives unread, and reads those of
the other pages: a project with an `only` directive in a table of contents is left to furo.

A folder's first page is made furo's way, and so is the folder's tree, checked against the first page's,
byte for byte. The first page of each folder that is in the tree (or out of
it, whichever the first was not) is made both ways and compared too. A difference (a table-of-contents
feature this does not know, another furo) turns this off for the rest of the build, and every later page
is made by furo itself. The check samples: a difference on one page alone goes unseen, hence the rules
above, each found by building projects both ways (`tests/test_site_navtree.py`).

The folders' trees a build made and checked are kept for the next build (``navtree.pickle`` in the
language's doctrees), under a digest of everything Sphinx reads to make the global table of contents:
every page's title, table of contents and `tocdepth`, which pages include which, the root page's
tables, the tags, the HTML settings, the versions of Sphinx, furo and this code. A next build with the
same digest (an edit of a page's text) takes its trees from there: a one-page edit makes no tree at all.
Any other digest (a title edited, a page added) starts again as above.
"""

from __future__ import annotations

import hashlib
import pickle
import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

#: off: furo makes every page's tree itself (the tests compare the two)
ENABLED = True
#: the arguments furo's `_compute_navigation_tree` passes to the page's `toctree()`
FURO_TOCTREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
#: a page name no project has: the tree made for it marks no page current
_NO_PAGE = "__helpwright_no_page__"
#: where the builder keeps its folders' trees
_KEY = "_helpwright_navtree"
#: the page context's entry holding the page's tree until furo's own handler has run
_CONTEXT = "_helpwright_navigation_tree"
#: the folders' trees kept for the next build, in the language's doctrees folder
STORE = "navtree.pickle"
#: a new one (a change in how trees are made or marked) makes every kept tree unusable
STORE_VERSION = 1


@dataclass
class _Element:
    """One element of the tree's text; the text's elements are listed in the order they start."""

    tag: str
    head: int  # offset just after the start tag's name ('<li' → after 'i')
    attrs: dict[str, str]
    parent: int | None
    children: list[int] = field(default_factory=list)


class _Skeleton(HTMLParser):
    """The elements of furo's tree HTML (ul, li, a, input), each with its place in the text."""

    WANTED = frozenset({"ul", "li", "a", "input"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.elements: list[_Element] = []
        self._open: list[int] = []
        self._lines = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._lines.append(index + 1)
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.WANTED:
            return
        start = self._offset()
        if not self.text.startswith(self.get_starttag_text() or "", start):
            raise ValueError("the tree's text is not where the parser says")
        parent = self._open[-1] if self._open else None
        self.elements.append(_Element(tag, start + 1 + len(tag), {k: v or "" for k, v in attrs}, parent))
        index = len(self.elements) - 1
        if parent is not None:
            self.elements[parent].children.append(index)
        if tag in ("ul", "li"):
            self._open.append(index)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("ul", "li"):
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "li") and self._open and self.elements[self._open[-1]].tag == tag:
            self._open.pop()


def _attribute_spans(text: str, at: int) -> dict[str, tuple[int, int]]:
    """Each attribute of the start tag whose name ends at ``at``: its span in ``text``, from the space before
    it to the end of its value (quotes read, so a value holding `` class=`` is one value); under ``""``,
    where the tag's attributes end (before ``/>`` or ``>``)."""
    spans: dict[str, tuple[int, int]] = {}
    i = at
    while True:
        start = i
        while text[i] in " \t\n":
            i += 1
        if text[i] in "/>":
            spans[""] = (start, start)
            return spans
        name_start = i
        while text[i] not in " \t\n=/>":
            i += 1
        name = text[name_start:i]
        if text[i] == "=":
            i += 1
            if text[i] in "\"'":
                i = text.index(text[i], i + 1) + 1
            else:
                while text[i] not in " \t\n>":
                    i += 1
        spans[name] = (start, i)


def _escaped(value: str) -> str:
    """An attribute's value as bs4 writes it between double quotes."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class FolderTree:
    """Furo's tree for the pages of one folder, marked for any one of them."""

    def __init__(self, neutral: str) -> None:
        self.neutral = neutral
        self.elements = _Skeleton(neutral).elements

    def for_page(self, uri: str) -> tuple[str, bool]:
        """The tree of the page at ``uri`` (relative to the folder), and whether the page is in it."""
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the neutral text
        marked: set[int] = set()  # the elements holding one of the page's links (one `current` each, however many)
        found = False
        for element in self.elements:
            if element.tag != "a":
                continue
            href = element.attrs.get("href", "")
            if href == uri:
                found = True
                self._set(edits, element, "href", "#")
                self._set(edits, element, "class", " ".join(["current", *element.attrs.get("class", "").split()]))
                up = element.parent
                while up is not None:
                    marked.add(up)
                    up = self.elements[up].parent
            elif href.startswith(uri + "#"):
                self._set(edits, element, "href", href[len(uri):])  # the page's own anchor
        if not found:
            return self.neutral if not edits else self._apply(edits), False
        last = max((index for index in marked if self.elements[index].tag == "li"), default=None)
        for index in marked:
            element = self.elements[index]
            classes = element.attrs.get("class", "").split()
            if element.tag == "ul":
                classes = ["current", *classes]
            else:
                classes = classes[:1] + ["current"] + classes[1:] + (["current-page"] if index == last else [])
                box = next((self.elements[child] for child in element.children
                            if self.elements[child].tag == "input"), None)
                if box is not None and "has-children" in classes:
                    self._set(edits, box, "checked", "")
            self._set(edits, element, "class", " ".join(classes))
        return self._apply(edits), True

    def _set(self, edits: list[tuple[int, int, str]], element: _Element, name: str, value: str) -> None:
        """Write ``name="value"`` into ``element``'s start tag, where bs4 writes it (attributes sorted)."""
        spans = _attribute_spans(self.neutral, element.head)
        written = f' {name}="{_escaped(value)}"'
        if name in spans:
            edits.append((*spans[name], written))
            return
        # a new attribute: before the first one whose name sorts after it, else at the end
        after = [start for other, (start, _end) in spans.items() if other > name]
        at = min(after) if after else spans.get("", (0, 0))[0]
        edits.append((at, at, written))

    def _apply(self, edits: list[tuple[int, int, str]]) -> str:
        out, last = [], 0
        for start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
            out.append(self.neutral[last:start])
            out.append(text)
            last = max(last, end)
        out.append(self.neutral[last:])
        return "".join(out)


class Navigation:
    """The folders' trees of one build (one language)."""

    def __init__(self, builder: Any) -> None:
        from furo.navigation import get_navigation_tree

        self.builder = builder
        self.furo = get_navigation_tree
        self.on = not self._unknown_shape()  # made at the first page written: every page has been read
        self.folders: dict[str, FolderTree] = {}
        self.checked: set[tuple[str, bool]] = set()  # (folder, in the tree) compared with furo's own
        self.store = Path(builder.doctreedir) / STORE
        self.key = state_key(builder) if self.on else ""
        self.kept: dict[str, FolderTree] = {}  # folder → its tree as the last build with this key made it
        self.made = False  # whether this build made a tree or a check the store does not hold
        if self.on:
            self._load()

    def _load(self) -> None:
        """The trees kept by the last build, if it had this key (a file this wrote, as Sphinx's environment
        beside it: anything unreadable is no file)."""
        try:
            kept = pickle.loads(self.store.read_bytes())
            if kept["key"] == self.key and all(isinstance(tree, FolderTree) for tree in kept["folders"].values()):
                self.kept, self.checked = dict(kept["folders"]), set(kept["checked"])
        except Exception:  # noqa: BLE001 - see above
            self.kept, self.checked = {}, set()

    def save(self) -> None:
        """Keep this build's trees for the next one; when this build found a difference, keep none."""
        from builder.atomicwrite import write_bytes_atomic

        if not self.on:
            self.store.unlink(missing_ok=True)
            return
        if not self.made:
            return
        folders = {**self.kept, **self.folders}  # used by this build or not
        checked = {(folder, listed) for folder, listed in self.checked if folder in folders}
        write_bytes_atomic(self.store, pickle.dumps({"key": self.key, "folders": folders, "checked": checked},
                                                    protocol=pickle.HIGHEST_PROTOCOL))

    def slow(self, pagename: str) -> str:
        return str(self.furo(self.builder._get_local_toctree(pagename, **FURO_TOCTREE)))

    def _unknown_shape(self) -> bool:
        """Whether a page's own tree may differ from its folder's by more than its marks: Sphinx copies the
        tables of contents of the page's ancestors whole, `only` directives unread, and those of other pages
        with them read (``_toctree_standard_entry``)."""
        from sphinx import addnodes

        return any(next(iter(toc.findall(addnodes.only)), None) is not None
                   for toc in self.builder.env.tocs.values())

    def page(self, pagename: str) -> str | None:
        """The page's tree; None when furo must make it itself.

        A folder's first page is made furo's way, and so is the folder's tree, checked against it: a build
        that writes one page of a folder (an edit) makes two trees, and keeps the folder's for the next."""
        if not self.on:
            return None
        builder = self.builder
        folder = posixpath.dirname(builder.get_target_uri(pagename))
        nobody = posixpath.join(folder, _NO_PAGE)
        tree = self.folders.get(folder)
        if tree is None and folder in self.kept:
            tree = self.folders[folder] = self.kept.pop(folder)
        if tree is None:
            self.made = True
            if nobody in builder.env.all_docs:
                self.on = False
                return None
            own = self.slow(pagename)
            tree = self.folders[folder] = FolderTree(self.slow(nobody))
            fast, listed = tree.for_page(builder.get_relative_uri(nobody, pagename))
            self.checked.add((folder, listed))
            if fast != own:
                self.on = False
            return own
        fast, listed = tree.for_page(builder.get_relative_uri(nobody, pagename))
        if (folder, listed) not in self.checked:
            self.made = True
            self.checked.add((folder, listed))
            slow = self.slow(pagename)
            if slow != fast:
                self.on = False
                return slow
        return fast


def _before_furo(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """The page's tree made here, and furo's own call for it answered with nothing to do."""
    builder = app.builder
    if not ENABLED or getattr(builder, "name", "") != "html" or app.config.html_theme != "furo" or "toctree" not in context:
        return
    navigation = builder.__dict__.get(_KEY)
    if navigation is None:
        navigation = builder.__dict__[_KEY] = Navigation(builder)
    try:
        tree = navigation.page(pagename)
    except (ValueError, IndexError):  # a tree this cannot read: furo makes it
        navigation.on, tree = False, None
    if tree is None:
        return
    toctree = context["toctree"]

    def local_toctree(**kwargs: Any) -> str:
        if kwargs == FURO_TOCTREE and _CONTEXT in context:
            context[_CONTEXT] = (tree, True)  # furo asked: its answer is replaced after it
            return ""
        return str(toctree(**kwargs))

    context["toctree"] = local_toctree
    context[_CONTEXT] = (tree, False)


def _after_furo(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    made = context.pop(_CONTEXT, None)
    if made is not None and made[1]:
        context["furo_navigation_tree"] = made[0]


def state_key(builder: Any) -> str:
    """A digest of what Sphinx reads to make the global table of contents (``sphinx.environment.adapters
    .toctree``), of how its HTML is written, and of the code making and marking the trees."""
    import furo
    import sphinx

    env = builder.env
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(str(part).encode("utf-8", "surrogatepass") + b"\0")

    here = Path(__file__).resolve()
    add(STORE_VERSION, sphinx.__version__, furo.__version__, builder.name, type(builder).__qualname__,
        FURO_TOCTREE, env.config.root_doc, env.config.include_patterns, env.config.exclude_patterns,
        sorted(env._tags), getattr(builder.build_info, "config_hash", ""), getattr(builder.build_info, "tags_hash", ""),
        sorted(f"{name}={getattr(ext, 'version', '')}" for name, ext in builder.app.extensions.items()),
        hashlib.sha256(here.read_bytes() + (here.parent / "sphinxext.py").read_bytes()).hexdigest())
    for name in sorted(env.all_docs):
        add(name, env.titles.get(name), env.tocs.get(name), env.toctree_includes.get(name),
            env.metadata.get(name, {}).get("tocdepth"), env.doc2path(name, False))
    add(sorted(env.glob_toctrees), sorted(env.numbered_toctrees), sorted(env.toc_secnumbers.items()))
    add(*root_tables(env))
    return digest.hexdigest()


def navigation_digest(env: Any) -> str:
    """A digest of what every page's navigation shows (furo's tree has titles only, and its footer the pages
    before and after): each page's title and the tables of contents it holds, wherever in it, with their
    entries, captions and options; the root page's tables. Sections are left out: they show on their own
    page only."""
    from sphinx import addnodes

    digest = hashlib.sha256()
    for name in sorted(env.found_docs):
        toc = env.tocs.get(name)
        tables = [str(node) for node in toc.findall(addnodes.toctree)] if toc is not None else []
        digest.update(f"{name}\0{env.titles.get(name)}\0{tables}\0{env.metadata.get(name, {}).get('tocdepth')}\n"
                      .encode("utf-8", "surrogatepass"))
    digest.update(str([str(node) for node in root_tables(env)]).encode())
    return digest.hexdigest()


def root_tables(env: Any) -> list[Any]:
    """The root page's tables of contents, read from its doctree as saved now. Not ``env.master_doctree``: that
    one is kept on the environment once read, and read before Sphinx saves the environment (here, after
    reading), it would be saved with it, and every later build's menu made from that old root page."""
    from sphinx import addnodes

    env.__dict__.pop("master_doctree", None)  # an environment saved so by an earlier version of this
    if env.config.root_doc not in env.found_docs:
        return []
    return list(env.get_doctree(env.config.root_doc).findall(addnodes.toctree))


#: the navigation every page was last written with, in the language's doctrees
WRITTEN = "navigation-written.txt"


def _navigation_changed(app: Any, env: Any) -> list[str]:
    """Every page, when what the navigation shows changed since the pages were last written.

    Sphinx writes again the pages whose source changed, and those whose own table of contents names a page
    whose title changed: every other page would keep, in its navigation, a title edited or a page added
    or moved as they were. A build stopped before it wrote every page leaves the digest of the one before."""
    if getattr(app.builder, "format", "") != "html":
        return []
    digest = navigation_digest(env)
    app.builder.__dict__[WRITTEN] = digest
    try:
        written = (Path(app.doctreedir) / WRITTEN).read_text(encoding="utf-8")
    except OSError:
        written = ""
    return sorted(env.found_docs) if written != digest else []


def _finished(app: Any, exception: BaseException | None) -> None:
    if app.builder is None or exception is not None:
        return
    navigation = app.builder.__dict__.get(_KEY)
    if navigation is not None:
        navigation.save()
    digest = app.builder.__dict__.get(WRITTEN)
    if digest is not None:
        from builder.atomicwrite import write_text_atomic

        write_text_atomic(Path(app.doctreedir) / WRITTEN, digest)


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", _before_furo, priority=400)  # furo's own runs at 500
    app.connect("html-page-context", _after_furo, priority=600)
    app.connect("env-get-updated", _navigation_changed)
    app.connect("build-finished", _finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
