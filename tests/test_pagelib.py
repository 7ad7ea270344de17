"""The honesty checks' page library, sent to a document once (builder/capture/pagelib.py).

Fast tests: every name a check's own code takes from the library is one the factory hands out. Browser tests, on
tiny pages in real Chromium: a check answers the same with the library installed as with it inline, and on a
page whose scripts broke the install or took its name first; no assignment or `delete` of the page's replaces or
removes the factory; a new document gets it again.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

import pytest

from builder.capture import annotate, hittest, visibility
from builder.capture.hittest import cover_over
from builder.capture.pagelib import KEY, MISSING, LibraryScript, PageLibrary, top_level_names
from builder.capture.visibility import LIBRARY, missing_labels, visible_names

#: the identifiers the library's names are made of (see pagelib._MORE)
_NAME = re.compile(r"(?<![.\w])(hw[A-Z]\w*|HW_[A-Z_]+|judge)\b(?!\s*:)")  # not a property (`o.hwAt`, `{hwAt: …}`)
_DECLARED = re.compile(r"(?:function\s+|(?:const|let|var)\s+)(\w+)")


def _scripts() -> dict[str, LibraryScript]:
    return {f"{module.__name__}.{name}": value for module in (visibility, annotate, hittest)
            for name, value in vars(module).items() if isinstance(value, LibraryScript)}


def test_top_level_names_take_every_declaration_of_a_line() -> None:
    source = ("const hwW = (r) => Math.max(0, r.right - r.left), hwH = (r) => r.bottom;\n"
              "function hwName(n) {\n  const inner = 1;\n  return n;\n}\nlet hwQuick = false;\n"
              "const HW_NAMED = 'a, b';\nconst hwA = 1, hwB = 2, hwC = 3;\nlet hwD, hwE;\nvar hwF = Math.max(1, 2);\n"
              "async function hwG() {}\nclass HwK {}\nfunction* hwI() {}\n")
    assert set(top_level_names(source)) == {"hwW", "hwH", "hwName", "hwQuick", "HW_NAMED", "hwA", "hwB", "hwC",
                                            "hwD", "hwE", "hwF", "hwG", "HwK", "hwI"}
    with pytest.raises(ValueError, match="cannot name"):
        top_level_names("const {hwA, hwB} = globalThis;\n")


def test_every_library_name_a_check_uses_is_handed_out() -> None:
    scripts = _scripts()
    assert len(scripts) >= 6, sorted(scripts)
    for name, script in scripts.items():
        assert script.short != script.full and MISSING in script.short and KEY in script.short, name
        body = script.short.split("} = hwLib();\n", 1)[1]
        own = set(_DECLARED.findall(body))
        used = set(_NAME.findall(body)) - own
        assert used <= set(LIBRARY.names), (name, sorted(used - set(LIBRARY.names)))
        assert script.full.endswith(body) and LIBRARY.source in script.full, name


def test_a_library_of_two_names_on_one_line_installs_both() -> None:
    library = PageLibrary("const hwA = (x) => x + 1, hwB = (x) => x * 2;\n")
    assert library.names == ["hwA", "hwB"]
    assert "return {hwA, hwB};" in library.install


#: a page script that leaves the install nothing to work with (a window cannot be made non-extensible)
REFUSES = "<script>Object.defineProperty = () => { throw new Error('no'); };</script>"

LABELS_PAGE = """<body style="margin:0"><h1>Members</h1><button>Save changes</button>
<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Delete account</span>
<div style="height:2000px"></div><a href="#">Far below</a></body>"""


class Sent:
    """A page whose evaluations are listed: what each check sent, as ``short``, ``install`` or ``full``."""

    def __init__(self, page: Any) -> None:
        self.page, self.sent = page, []

    def evaluate(self, source: str, arg: Any = None) -> Any:
        self.sent.append("install" if source == LIBRARY.install else "full" if LIBRARY.source in source else "short")
        return self.page.evaluate(source, arg)

    @property
    def main_frame(self) -> Any:  # the page's frames, looked in for labels (none here)
        return self.page.main_frame


def _answers(page: Any) -> tuple[Any, ...]:
    seen = missing_labels(page, ["Save changes", "Delete account", "Far below", "Members"])
    return seen.missing, seen.names, seen.named, [s["label"] for s in seen.shown], visible_names(page)


@pytest.mark.browser
def test_the_same_answers_installed_inline_and_where_the_page_refuses_it(chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 800, "height": 600})
    try:
        page = context.new_page()
        page.set_content(LABELS_PAGE)
        assert page.evaluate("(key) => key in globalThis", KEY) is False
        sent = Sent(page)
        first = _answers(sent)  # installs the factory, then answers
        assert sent.sent == ["short", "install", "short", "short"], sent.sent
        assert first[0] == ["Delete account", "Far below"], first  # a screen-reader-only text and one off-screen
        assert page.evaluate("(key) => typeof globalThis[key]", KEY) == "function"
        # inline, as before: the same answers
        inline = page.evaluate(visibility._LABELS.full, [["Save changes", "Delete account", "Far below", "Members"],
                                                       "viewport", False, ""])
        assert inline["missing"] == first[0] and inline["names"] == first[1]
        sent.sent.clear()
        assert _answers(sent) == first  # installed: the same again, the library not sent
        assert sent.sent == ["short", "short"], sent.sent
        # the page can neither replace nor remove it, and does not list it
        page.evaluate("(key) => { try { globalThis[key] = () => ({}); } catch (e) {} "
                      "try { delete globalThis[key]; } catch (e) {} }", KEY)
        assert page.evaluate("(key) => [typeof globalThis[key], Object.keys(globalThis).includes(key), "
                             "Object.getOwnPropertyDescriptor(globalThis, key).configurable]", KEY) \
            == ["function", False, False]
        assert _answers(page) == first

        # a new document (a navigation, not document.write, which keeps the global object) has none, and gets it
        page.goto("data:text/html," + urllib.parse.quote(LABELS_PAGE))
        assert page.evaluate("(key) => key in globalThis", KEY) is False
        sent.sent.clear()
        assert _answers(sent) == first
        assert sent.sent == ["short", "install", "short", "short"], sent.sent

        # a page that took the name first (it would have had to learn it): refused, the library goes inline
        page.goto("data:text/html," + urllib.parse.quote(LABELS_PAGE))
        page.evaluate("(key) => { globalThis[key] = 'taken'; }", KEY)
        sent.sent.clear()
        assert _answers(sent) == first
        assert sent.sent == ["short", "install", "full", "short", "install", "full"], sent.sent
        assert page.evaluate("(key) => globalThis[key]", KEY) == "taken"

        # a page whose scripts broke what the install uses: the check goes with the library inline
        page.goto("data:text/html," + urllib.parse.quote(LABELS_PAGE + REFUSES))
        sent.sent.clear()
        assert _answers(sent) == first
        assert sent.sent == ["short", "install", "full", "short", "install", "full"], sent.sent
        assert page.evaluate("(key) => key in globalThis", KEY) is False
    finally:
        context.close()


COVER_PAGE = """<body style="margin:0"><p id="due" style="font-size:20px">Total due</p>
<div style="position:absolute;left:0;top:0;width:400px;height:80px;background:#111;color:#fff">We use cookies.</div>
<p id="free" style="margin-top:120px">Free</p></body>"""


@pytest.mark.browser
@pytest.mark.parametrize("frozen", [False, True])
def test_the_hit_test_installs_it_through_the_node_it_asks(chromium: Any, frozen: bool) -> None:
    context = chromium.new_context(viewport={"width": 800, "height": 600})
    try:
        page = context.new_page()
        page.goto("data:text/html," + urllib.parse.quote(COVER_PAGE + "<script>for (const id of ['due', 'free']) globalThis['k_' + id] = "
                         "new WeakRef(document.getElementById(id));"
                         + "</script>" + (REFUSES if frozen else "")))
        cdp = context.new_cdp_session(page)

        def middle(element_id: str) -> tuple[float, float]:
            box = page.evaluate("(id) => { const r = document.getElementById(id).getBoundingClientRect(); "
                                "return [r.left + 20, (r.top + r.bottom) / 2]; }", element_id)
            return box[0], box[1]

        cover = cover_over(cdp, "k_due", [middle("due")], words=False)
        assert cover is not None and cover["name"].startswith("div “We use cookies."), cover
        assert cover_over(cdp, "k_free", [middle("free")], words=False) is None
        assert page.evaluate("(key) => key in globalThis", KEY) is (not frozen)
    finally:
        context.close()


#: a page script that looks for the factory and tries to replace it, then breaks what an install would use
MEDDLES = ("<script>for (const name of Object.getOwnPropertyNames(globalThis)) {"
           " if (name.startsWith('__helpwright_lib_')) { try { globalThis[name] = () => ({}); } catch (e) {}"
           " try { delete globalThis[name]; } catch (e) {} } }" + REFUSES[len("<script>"):])


@pytest.mark.browser
def test_capture_contexts_have_it_before_the_page_s_scripts(chromium: Any) -> None:
    context = chromium.new_context(viewport={"width": 800, "height": 600})
    try:
        context.add_init_script(script=LIBRARY.init_script)  # as capture's contexts (session.Worker._context)
        page = context.new_page()
        page.goto("data:text/html," + urllib.parse.quote(LABELS_PAGE + MEDDLES))
        sent = Sent(page)
        answers = _answers(sent)
        assert sent.sent == ["short", "short"], sent.sent  # found at once: nothing installed, nothing inline
        inline = page.evaluate(visibility._LABELS.full, [["Save changes", "Delete account", "Far below", "Members"],
                                                       "viewport", False, ""])
        assert answers[0] == inline["missing"] == ["Delete account", "Far below"], (answers, inline)
        assert page.evaluate("(key) => typeof globalThis[key]", KEY) == "function"
    finally:
        context.close()
