"""Hostile content: every payload of tests/injection/payloads.yaml in every text field, built for real.

One project carries each payload in every text field: a scenario per payload (title, summary,
tags, every step's `say` and `note`, targets, typed values, the dialog quoted into a step,
troubleshooting), a persona per payload, the glossary (a term per payload), a workshop whose
every field holds them and platform.yaml (name, login steps, topic and audience titles and
descriptions). Lists hold one payload per item; a single field holds all of them, a paragraph
each (a line each in one-line fields), so each still starts a line. `check` must refuse the
hostile constructs; then the check is set aside and the site (real Sphinx) and the handouts
(real Chromium print) are built anyway, to prove the escaping holds on its own:

- nothing runs: no script, event handler, `javascript:`/`data:` URL, refresh or frame that a
  benign build of the same project does not have; each page loaded in Chromium raises no dialog
  and sets nothing;
- nothing is included or copied: the content of a secret file outside the project, of one
  inside it, of /etc/hostname and /etc/passwd appears nowhere under _build (PDF text
  included), `_downloads/` holds only the handout PDFs, `_images/` only screenshots,
  `_static/` only what a benign build has;
- the payload is still there, as text, for the reader;
- published files are readable by others (0644 under the usual umask).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAYLOADS: list[dict[str, str]] = yaml.safe_load(
    (Path(__file__).parent / "injection" / "payloads.yaml").read_text(encoding="utf-8"))
#: Payloads `check` lets through: shown as text, nothing in them is hostile once escaped.
ALLOWED_BY_CHECK = {"front-matter", "newline-front-matter-breakout", "option-injection", "attrs-inline",
                    "target-comment-heading", "jinja-template", "math-and-html-comment"}
INNER = "uploads/inner-secret.txt"


def test_the_corpus_is_big_enough() -> None:
    assert len(PAYLOADS) >= 25
    assert len({p["name"] for p in PAYLOADS}) == len(PAYLOADS)


# -- the project --------------------------------------------------------------------------------

def sid(i: int) -> str:
    return f"inj-{i:02d}"


def write_project(root: Path, texts: list[str]) -> None:
    """A project whose every text field holds ``texts`` (one per scenario, topic, audience…)."""
    every = "\n\n".join(texts)
    n = len(texts)
    content = root / "content"
    platform = {
        "name": "\n".join(texts),
        "base_url": "http://127.0.0.1:9",
        "languages": ["en"],
        "personas": {f"p{i}": {"username": f"user{i}", "password_env": f"HW_INJECTION_{i}", "description": t}
                     for i, t in enumerate(texts)},
        "login": {"path": "/login",
                  "steps": [{"fill": {"label": texts[0]}, "value": "{username}", "say": every},
                            {"click": {"role": "button", "name": texts[1]}, "say": every}],
                  "check": {"role": "button", "name": texts[2]}},
        # one topic and one audience hold every payload: a page per payload would only slow the build
        "audiences": {"a0": {"title": "\n".join(texts), "description": every},
                      "a1": {"title": "Benign audience"}},
        "topics": {"t0": {"title": "\n".join(texts), "description": every}, "t1": {"title": "Benign topic"}},
    }
    dump(content / "platform.yaml", platform)
    for i, t in enumerate(texts):
        dump(content / "scenarios" / f"{sid(i)}.yaml", {
            "id": sid(i), "title": t, "summary": t, "audience": ["a0", "a1"], "topic": f"t{i % 2}",
            "tags": [t, "plain tag"], "persona": f"p{i}", "duration": "3 min",
            "prerequisites": [sid((i + 1) % n)], "related": [sid((i + 2) % n)],
            "steps": [
                {"goto": "/start", "say": t, "note": t},
                {"click": {"role": "button", "name": t}, "dialog": {"accept": True, "text": t},
                 "say": t + "\n\nIt asks: {dialog}", "shot": {"callout": t}},
                {"fill": {"label": t}, "value": t, "say": t, "note": t},
                {"expect": {"text": t}, "say": t},
            ],
            "troubleshooting": [{"problem": t, "answer": t}],
        })
    dump(content / "glossary.yaml", {"terms": [{"term": f"{t} {i}", "definition": t} for i, t in enumerate(texts)]})
    dump(content / "workshops" / "hostile.yaml", {
        "id": "hostile", "title": every, "subtitle": every, "audience": ["a0"], "duration": f"{5 * n} min",
        "start_time": "08:00", "participants": 4,
        "objectives": texts, "prerequisites": texts, "materials": texts, "room": texts,
        "agenda": [{"title": t, "kind": "exercise", "duration": "5 min", "scenarios": [sid(i)], "summary": t,
                    "exercise": t, "writing_lines": 1, "script": t, "notes": t, "expected": t}
                   for i, t in enumerate(texts)],
        "knowledge_checks": [{"question": t, "choices": [t, "plain"], "answer": t, "lines": 1} for t in texts],
        "memo": {"title": every, "sections": [{"title": t, "points": [t]} for t in texts], "help": every},
        "troubles": [{"problem": t, "fix": t, "scenario": sid(i)} for i, t in enumerate(texts)],
    })
    write_screenshots(root, n)


def dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def write_screenshots(root: Path, n: int) -> None:
    """Screenshots for every other scenario: the others show the missing-image placeholder (alt text)."""
    from PIL import Image

    for i in range(0, n, 2):
        folder = root / "screenshots" / "en" / sid(i)
        folder.mkdir(parents=True, exist_ok=True)
        for k, name in enumerate(["01.png", "02.png", "03.png", "04.png", "result.png"]):
            Image.new("RGB", (64, 40), (i * 7 % 256, k * 40, 90)).save(folder / name)


@dataclass
class Built:
    root: Path
    canaries: list[bytes]
    problems: list[str]
    site: Path
    pdfs: list[Path]
    handout_html: dict[str, str]
    baseline: Signatures
    baseline_static: set[str]


@pytest.fixture(scope="module")
def umask_022() -> Iterator[None]:
    saved = os.umask(0o022)
    yield
    os.umask(saved)


def build(root: Path) -> tuple[list[str], Path, list[Path], dict[str, str]]:
    """Check, then build the handouts and the site with check's problems set aside."""
    from builder.content.loading import load_project
    from builder.outputs.demos.build import build_demos
    from builder.outputs.handouts.build import build_handouts
    from builder.outputs.handouts.render import Renderer
    from builder.outputs.site.build import build_loaded_site
    from builder.outputs.viewmodel import build_view_model

    project = load_project(root)
    problems = [str(p) for p in project.problems]
    assert len(project.scenarios) == len(list((root / "content" / "scenarios").glob("*.yaml")))
    assert "hostile" in project.workshops and project.glossary.terms and project.platform is not None
    project.problems = []
    handouts = build_handouts(project, languages=["en"])
    renderer = Renderer(project)
    html = {kind: renderer.render(project.workshops["hostile"].model, "en", kind, {}).html
            for kind in ("participant", "facilitator")}
    view = build_view_model(project)
    assert build_demos(view, languages=["en"])  # the scenarios with screenshots, before the site links them
    built = build_loaded_site(project, view=view)
    return problems, built["en"].site.parent, [h.path for h in handouts], html


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, umask_022: None) -> Built:
    base = tmp_path_factory.mktemp("injection")
    secret = base / "outside-secret.txt"
    canary = f"HWCANARY-{secrets.token_hex(8)}".encode()
    secret.write_bytes(canary + b"\n")
    inner = f"HWINNER-{secrets.token_hex(8)}".encode()
    texts = [p["text"].replace("@CANARY@", str(secret)).replace("@INNER@", INNER) for p in PAYLOADS]

    benign = base / "benign"
    write_project(benign, ["A benign text, **bold**.", "Another one, `code`.", "A third, *italics*."])
    _, benign_site, _, benign_html = build(benign)
    baseline = signatures_of_site(benign_site)
    for html in benign_html.values():
        baseline.add_document(html)

    root = base / "project"
    write_project(root, texts)
    (root / "content" / INNER).parent.mkdir(parents=True, exist_ok=True)
    (root / "content" / INNER).write_bytes(inner + b"\n")
    problems, site, pdfs, handout_html = build(root)
    canaries = [canary, inner, b"root:x:0:0:"]
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").is_file() else b""
    if len(hostname) >= 6 and not any(hostname in p.read_bytes() for p in benign_site.rglob("*") if p.is_file()):
        canaries.append(hostname)
    static = {p.relative_to(benign_site).as_posix() for p in benign_site.glob("*/_static/**/*") if p.is_file()}
    return Built(root, canaries, problems, site, pdfs, handout_html, baseline, static)


# -- reading what was built ---------------------------------------------------------------------

_URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc",
              "srcset", "ping", "cite", "longdesc", "manifest", "codebase", "archive"}
_LOADERS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "portal"}


@dataclass
class Signatures:
    """What in a page could run or load something, as (kind, detail) pairs."""

    items: set[tuple[str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def add_document(self, html: str, where: str = "") -> None:
        scanner = _Scanner()
        scanner.feed(html)
        scanner.close()
        self.items |= scanner.items
        self.problems += [f"{where}: {p}" for p in scanner.problems]


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: set[tuple[str, str]] = set()
        self.problems: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"event handler <{tag} {name}={value!r}>")
            if name in _URL_ATTRS:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text", "data:application")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "meta" and "http-equiv" in values:
            self.items.add(("meta", repr(sorted(values.items()))))
        elif tag in ("script", "style"):
            self._in, self._text = tag, []
            if values.get("src"):
                self.items.add((tag, "src=" + values["src"]))
        elif tag == "link":
            rel = values.get("rel", "")
            # next/prev carry a page's title: text, escaped; the rest loads what their href names
            self.items.add(("link", rel if rel in ("next", "prev") else f"{rel} {values.get('href', '')}"))
        elif tag in _LOADERS:
            self.items.add((tag, repr(sorted(values.items()))))
        elif tag == "img":
            src = re.sub(r"^data:image/png;base64,[A-Za-z0-9+/=]+$", "<inline png>", values.get("src", ""))
            self.items.add(("img", re.sub(r"^.*(_images|_shots|/screenshots)/.*$", r"<\1>", src)))
        elif tag == "source":  # a screenshot's phone crop, in its <picture>
            self.items.add(("source", re.sub(r"^.*(_shots)/.*$", r"<\1>", values.get("srcset", ""))))

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            # the handouts' running headers quote the title: a CSS string, whatever it says
            text = re.sub(r'content: "(?:[^"\\\n]|\\.)*";', 'content: "…";', text)
            if text:
                self.items.add((tag, text))
            self._in = None


def signatures_of_site(site: Path) -> Signatures:
    found = Signatures()
    for page in sorted(site.rglob("*.html")):
        found.add_document(page.read_text(encoding="utf-8"), str(page.relative_to(site)))
    return found


@functools.cache
def pdf_text(path: Path) -> str:
    """The text of a built PDF, read once for the module's tests, by poppler's pdftotext (a second; pypdf
    took a minute a hostile handout)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


# -- what check says ----------------------------------------------------------------------------

def test_check_refuses_every_hostile_payload_at_its_place(hostile: Built) -> None:
    for i, payload in enumerate(PAYLOADS):
        mine = [p for p in hostile.problems if p.startswith(f"content/scenarios/{sid(i)}.yaml:")]
        assert all(re.match(r"^content/scenarios/inj-\d\d\.yaml:\d+:\d+: ", p) for p in mine)
        if payload["name"] not in ALLOWED_BY_CHECK:
            says = [p for p in mine if ": line break in a one-line value" not in p]
            assert says, f"check let `{payload['name']}` through"
    for name in ("glossary.yaml", "workshops/hostile.yaml", "platform.yaml"):
        assert any(p.startswith(f"content/{name}:") for p in hostile.problems), name


# -- nothing runs ---------------------------------------------------------------------------------

def test_no_built_page_has_anything_that_runs_or_loads_beyond_a_benign_build(hostile: Built) -> None:
    found = signatures_of_site(hostile.site)
    for html in hostile.handout_html.values():
        found.add_document(html, "handout")
    assert not found.problems, found.problems[:10]
    extra = sorted(found.items - hostile.baseline.items)
    assert not extra, extra[:10]
    # the root redirect is the only refresh, to the primary language
    refreshes = [p for p in hostile.site.rglob("*.html") if "http-equiv=\"refresh\"" in p.read_text(encoding="utf-8")]
    assert refreshes == [hostile.site / "index.html"]
    assert 'content="0; url=en/index.html"' in refreshes[0].read_text(encoding="utf-8")


def test_loading_every_page_in_chromium_runs_nothing(hostile: Built, chromium: Any, tmp_path: Path) -> None:
    # the root redirect only goes to en/index.html (checked above), loaded here anyway
    pages = sorted(p for p in hostile.site.rglob("*.html") if p != hostile.site / "index.html")
    for kind, html in hostile.handout_html.items():
        doc = tmp_path / f"{kind}.html"
        doc.write_text(html, encoding="utf-8")
        pages.append(doc)
    context = chromium.new_context()
    # nothing leaves the machine: a payload that fetched would be caught here, not on the network
    context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    fired: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (fired.append(f"dialog {dialog.message!r}"), dialog.dismiss()))
    page.on("console", lambda msg: fired.append(f"console {msg.text!r}") if "hwxss" in msg.text else None)
    try:
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_timeout(30)
            if page.evaluate("() => window.hwxss !== undefined || document.title.includes('hwxss-ran')"):
                fired.append(f"window.hwxss set by {path}")
            assert not fired, (path, fired)
    finally:
        context.close()


# -- nothing is included or copied ----------------------------------------------------------------

def test_no_secret_file_is_included_or_copied_anywhere(hostile: Built) -> None:
    build_dir = hostile.root / "_build"
    for path in build_dir.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for canary in hostile.canaries:
            assert canary not in data, (path, canary)
    for pdf in hostile.pdfs:
        text = pdf_text(pdf).encode()
        for canary in hostile.canaries:
            assert canary not in text, (pdf, canary)


def test_only_screenshots_handouts_and_theme_files_are_published(hostile: Built) -> None:
    site = hostile.site / "en"
    pdfs = {hashlib.sha256(p.read_bytes()).hexdigest() for p in hostile.pdfs}
    downloads = [p for p in (site / "_downloads").rglob("*") if p.is_file()]
    assert downloads and all(hashlib.sha256(p.read_bytes()).hexdigest() in pdfs for p in downloads), downloads
    shots = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (hostile.root / "screenshots").rglob("*.png")}
    # each published image is one of the project's screenshots (re-encoded, or its phone crop), by name
    captured = {(p.parent.name, p.stem) for p in (hostile.root / "screenshots").rglob("*.png")}
    images = [p for p in (site / "_shots").rglob("*") if p.is_file()]
    assert images and all((p.parent.name, p.name.split(".")[0]) in captured and p.suffix in (".webp", ".png")
                          for p in images), images
    assert not (site / "_images").exists()
    static = {p.relative_to(hostile.site).as_posix() for p in site.glob("_static/**/*") if p.is_file()}
    assert static <= hostile.baseline_static, sorted(static - hostile.baseline_static)
    # nothing else beside the pages: no copied source, no stray folder
    demos = {p.name: p.read_bytes() for p in (hostile.root / "_build" / "demos" / "en").glob("*.html")}
    assert demos and {p.name: p.read_bytes() for p in (site / "_demos").iterdir()} == demos
    # the demos' inline images are the project's screenshots, byte for byte
    inlined = {hashlib.sha256(base64.b64decode(data)).hexdigest()
               for html in demos.values() for data in re.findall(rb'src="data:image/png;base64,([^"]+)"', html)}
    assert inlined and inlined <= shots
    tops = {p.name for p in site.iterdir()}
    assert tops <= {"_demos", "_downloads", "_shots", "_static", "scenarios", "topics", "audiences", "workshops", "pages",
                    "index.html", "search.html", "genindex.html", "searchindex.js", "objects.inv", ".buildinfo",
                    "troubleshooting.html", "glossary.html", "trainers", "_sources", "pagefind"}, tops
    assert not [p for p in (site / "_sources").rglob("*") if p.is_file()]  # no MyST source is published


# -- still there, as text ------------------------------------------------------------------------

def test_every_payload_reads_as_text_on_its_page_and_in_the_handouts(hostile: Built, chromium: Any) -> None:
    page = chromium.new_page()
    try:
        for i, payload in enumerate(PAYLOADS):
            page.goto((hostile.site / "en" / "scenarios" / f"{sid(i)}.html").as_uri(), wait_until="load")
            text = _straight(page.inner_text("article"))
            assert payload["shows"] in text, (payload["name"], text[:400])
            assert text.count(payload["shows"]) >= 4  # title, summary, steps, troubleshooting
        for i, payload in enumerate(PAYLOADS):
            if i % 2:
                continue  # no screenshots, no demo
            page.goto((hostile.site / "en" / "_demos" / f"{sid(i)}.html").as_uri(), wait_until="load")
            text = _straight(page.locator("main").evaluate("main => main.textContent"))  # every step, shown or not
            assert payload["shows"] in text and page.title().startswith("Try it: "), (payload["name"], text[:400])
        page.set_content(hostile.handout_html["participant"])
        workbook = _straight(page.inner_text("body"))
    finally:
        page.close()
    for payload in PAYLOADS:
        assert payload["shows"] in workbook, payload["name"]
    printed = _straight(" ".join(pdf_text(p) for p in hostile.pdfs))
    assert "<script>alert(" in printed and "{raw} html" in printed


def _straight(text: str) -> str:
    """Typographic quotes back to straight ones (Sphinx's smart quotes)."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'}))


# -- published files are readable ----------------------------------------------------------------

def test_published_files_are_readable_by_everyone(hostile: Built) -> None:
    import stat

    published = [p for p in hostile.site.rglob("*") if p.is_file()] + hostile.pdfs
    private = [p for p in published if stat.S_IMODE(p.stat().st_mode) & 0o044 != 0o044]
    assert not private, private[:5]
    assert stat.S_IMODE((hostile.site / "index.html").stat().st_mode) == 0o644
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in hostile.pdfs)


def test_search_results_show_payloads_as_text(hostile: Built, chromium: Any) -> None:
    """The search page writes result titles and excerpts into the page: as text, never as HTML."""
    import functools
    import http.server
    import threading

    # A security test never skips: a build without a search index is a broken build, and it fails here.
    index = hostile.site / "en" / "pagefind"
    assert (index / "pagefind.js").is_file(), f"no Pagefind index in {index}: the search is broken, so this fails"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(hostile.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fired: list[str] = []
    page = chromium.new_page()
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    shown = 0
    try:
        for query in ("script", "onerror", "raw", "javascript"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/en/search.html?q={query}",
                      wait_until="networkidle")
            page.wait_for_timeout(300)
            assert page.evaluate("() => window.hwxss") is None
            shown += page.locator("#hw-search-results .hw-search-result").count()
        assert shown > 0, "the search page showed no result: the payloads were not checked"
        assert "<iframe src=" in _straight(page.inner_text("body"))  # the results, as text
    finally:
        page.close()
        server.shutdown()
        server.server_close()
    assert not fired, fired
