"""Workbooks link to the live help: each how-to's QR code, read back from the printed PDF, opens its page.

The sample project gets a second how-to and `help_url` in platform.yaml. Its workbooks are
printed by Chromium and its site built by Sphinx; each PDF page is rasterised by pdftoppm and
read by zbarimg (zbar-tools, installed by `make setup`). Every code must sit on the page where
its how-to's section starts, and its URL, taken from the published address onto _build/site,
must name a page the build wrote for that how-to in that language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.cli import main
from builder.content.loading import load_project
from builder.content.model import localize
from builder.outputs.handouts.build import anchor_pages, page_count
from builder.outputs.handouts.render import Renderer
from tests.test_handouts_support import make_project, pdf_text

PUBLISHED = "https://help.example.org/aide"  # no final slash: the model adds it
HOW_TOS = ["write-note", "read-note"]  # in the order the workbook first shows them
ASIDE = '<aside class="help-link">'


def two_how_to_project(dest: Path, help_url: str | None = PUBLISHED) -> Path:
    """The sample project with a second how-to (`read-note`, in the exercise block) and ``help_url``."""
    root = make_project(dest)
    scenarios = root / "content" / "scenarios" / "notes"
    text = (scenarios / "write-note.yaml").read_text(encoding="utf-8")
    text = text.replace("id: write-note", "id: read-note", 1).replace(
        "title: {fr: Écrire une note, en: Write a note}", "title: {fr: Relire une note, en: Read a note}", 1)
    assert "id: read-note" in text and "Read a note" in text
    (scenarios / "read-note.yaml").write_text(text, encoding="utf-8")
    workshop = root / "content" / "workshops" / "notes-basics.yaml"
    text = workshop.read_text(encoding="utf-8")
    exercise = "    kind: exercise\n    duration: 10 min\n    scenarios: [write-note]\n"
    assert exercise in text
    workshop.write_text(text.replace(exercise, exercise.replace("[write-note]", "[read-note]")), encoding="utf-8")
    if help_url is not None:
        platform = root / "content" / "platform.yaml"
        platform.write_text(platform.read_text(encoding="utf-8") + f"help_url: {help_url}\n", encoding="utf-8")
    return root


def decode_qr_codes(pdf: Path, tmp: Path) -> list[tuple[int, str]]:
    """(page number, decoded text) of every QR code in ``pdf``, rasterised at 150 dpi in grey (zbar reads grey
    anyway; a plain PGM is written five times faster than a PNG)."""
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: run `make setup` (apt-get install zbar-tools)"
    out = tmp / f"{pdf.parent.name}-{pdf.stem}"
    out.mkdir()
    subprocess.run(["pdftoppm", "-gray", "-r", "150", str(pdf), str(out / "p")], check=True)
    images = sorted(out.glob("p-*.pgm"))
    assert len(images) == page_count(pdf.read_bytes()), images  # every page read: no code missed unseen
    found = []
    for image in images:
        page = int(image.stem.split("-")[1])
        # exit status 4: no code on this page
        result = subprocess.run([zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                                check=False, capture_output=True, text=True)
        assert result.returncode in (0, 4), result.stderr
        found += [(page, line) for line in result.stdout.splitlines() if line]
    return found


@pytest.mark.browser
@pytest.mark.slow
def test_each_how_to_qr_code_opens_its_built_page(tmp_path: Path) -> None:
    from builder.outputs.handouts.build import build_handouts
    from builder.outputs.site.build import build_site_report

    root = two_how_to_project(tmp_path / "p")
    project = load_project(root)
    assert project.problems == []
    made = {(h.lang, h.kind): h for h in build_handouts(project)}
    build_site_report(root)
    site = root / "_build" / "site"
    for lang in ("fr", "en"):
        workbook = made[(lang, "participant")].path
        codes = decode_qr_codes(workbook, tmp_path)
        sections = anchor_pages(workbook.read_bytes())
        assert [page for page, _ in codes] == [sections[f"sc-{sid}"] for sid in HOW_TOS]
        for (_page, url), sid in zip(codes, HOW_TOS, strict=True):
            assert url == f"{PUBLISHED}/{lang}/scenarios/{sid}.html"
            page = site / url.removeprefix(PUBLISHED + "/")
            assert page.is_file(), f"{url} names no page the build wrote ({page})"
            title = localize(project.scenario(sid).title, lang)
            assert re.search(rf"<h1>{re.escape(title)}", page.read_text(encoding="utf-8")), (url, title)
            # the short address is printed too, for a reader without a phone
            assert url.removeprefix("https://") in pdf_text(workbook).replace(" ", "")
        # the guide has no steps, so no codes
        assert decode_qr_codes(made[(lang, "facilitator")].path, tmp_path) == []


def test_no_help_url_or_no_qr_prints_no_help_links(tmp_path: Path) -> None:
    without = load_project(two_how_to_project(tmp_path / "without", help_url=None))
    workshop = without.workshops["notes-basics"].model
    assert ASIDE not in Renderer(without).render(workshop, "en", "participant", {}).html
    with_url = load_project(two_how_to_project(tmp_path / "with"))
    html = Renderer(with_url).render(workshop, "en", "participant", {}).html
    assert html.count(ASIDE) == 2
    assert "help.example.org/aide/en/scenarios/read-note.html" in html
    assert ASIDE not in Renderer(with_url, qr=False).render(workshop, "en", "participant", {}).html
    # --help-url overrides platform.yaml, and the guide never gets one
    other = Renderer(with_url, help_url="http://intranet.test/help/").render(workshop, "fr", "participant", {}).html
    assert "intranet.test/help/fr/scenarios/write-note.html" in other and "example.org" not in other
    assert ASIDE not in Renderer(with_url).render(workshop, "en", "facilitator", {}).html


@pytest.mark.parametrize(("value", "problem"), [
    ("ftp://help.example.org/", "is not a web address"),
    ("help.example.org", "is not a web address"),
    ("https://help.example.org/?v=1", "holds a space, a query or a fragment"),
])
def test_a_bad_help_url_is_located_in_platform_yaml(tmp_path: Path, value: str, problem: str) -> None:
    root = two_how_to_project(tmp_path / "p", help_url=value)
    line = len((root / "content" / "platform.yaml").read_text(encoding="utf-8").splitlines())
    problems = [str(p) for p in load_project(root).problems]
    assert len(problems) == 1, problems
    assert re.match(rf".*platform\.yaml:{line}:\d+: ", problems[0]), problems[0]
    assert problem in problems[0] and "give the address the help site is published at" in problems[0]


def test_cli_refuses_a_bad_help_url_without_traceback(tmp_path: Path) -> None:
    root = two_how_to_project(tmp_path / "p", help_url=None)
    result = CliRunner().invoke(main, ["-C", str(root), "handouts", "--help-url", "intranet/help"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "--help-url: `intranet/help` is not a web address" in result.output
