"""A build with nothing changed does nothing; any change to what the site is made of rebuilds it.

`helpwright build` records the hashes of its inputs after each successful publish
(``_build/site-inputs.json``, builder/outputs/site/inputs.py). These tests build the sample
project through the command, then: build again (no Sphinx, no loading, one line), change one
input of each kind (a scenario's text, a screenshot's bytes, a catalog, a template, an approval)
and look for the change in the published page, and damage the published site.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.fixtures_site import copy_root

pytestmark = pytest.mark.slow

NOOP = "fr, en: nothing changed since the last build (built "
PACKAGE_SITE_TEMPLATES = Path(__file__).resolve().parent.parent / "builder" / "templates" / "site"


def _build(root: Path, *args: str) -> Result:
    from builder.cli import main

    result = CliRunner().invoke(main, ["-C", str(root), "build", *args], catch_exceptions=False)
    return result


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file's hash."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def _page(root: Path, lang: str, page: str) -> str:
    return (root / "_build" / "site" / lang / page).read_text(encoding="utf-8")


def _rebuilt(root: Path, *args: str) -> Result:
    result = _build(root, *args)
    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.stderr, result.stderr
    return result


def _noop(root: Path) -> Result:
    result = _build(root)
    assert result.exit_code == 0, result.output
    assert NOOP in result.stderr and result.stderr.rstrip().endswith("; use --clean to rebuild"), result.stderr
    return result


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = copy_root("test-basic", tmp_path / "p")
    _rebuilt(root)
    return root


def test_a_second_build_with_nothing_changed_runs_neither_the_check_nor_sphinx(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder import cli
    from builder.outputs.site import build

    root = built
    site, doctrees = root / "_build" / "site", root / "_build" / "doctrees"
    link, trees, published = site.readlink(), _mtimes(doctrees), _snapshot(site)

    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a build with nothing changed loaded the project or ran Sphinx")

    monkeypatch.setattr(cli, "load_checked", refused)
    monkeypatch.setattr(build, "build_loaded_site", refused)
    monkeypatch.setattr(build, "_run_sphinx", refused)
    result = _noop(root)
    assert [line for line in result.stderr.splitlines() if line.strip()] == [result.stderr.strip()]  # one line
    assert result.stdout.splitlines() == [f"fr: {site / 'fr' / 'index.html'}", f"en: {site / 'en' / 'index.html'}"]
    assert site.readlink() == link and _mtimes(doctrees) == trees and _snapshot(site) == published

    monkeypatch.undo()
    _rebuilt(root, "--clean")  # --clean ignores the record
    assert site.readlink() != link and _snapshot(site) == published
    _noop(root)


def _approvable(root: Path) -> None:
    """annotate-page (fr) published with a manifest of the current steps, and a new 02.png pending review."""
    from builder.content.loading import load_project
    from builder.shots.definition import definition_hash

    project = load_project(root)
    assert project.platform is not None
    scenario = project.scenarios["annotate-page"].model
    current = definition_hash(scenario, project.platform, "fr", root / "content")
    folder = root / "screenshots" / "fr" / "annotate-page"
    images = [{"step": int(p.stem) if p.stem.isdigit() else None, "file": p.name,
               "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in sorted(folder.glob("*.png"))]
    (folder / "manifest.json").write_text(json.dumps({
        "scenario": "annotate-page", "lang": "fr", "status": "passed", "definition_hash": current,
        "captured_at": "2026-01-01T00:00:00+00:00", "images": images}), encoding="utf-8")
    pending = root / "screenshots" / ".pending" / "fr" / "annotate-page"
    pending.mkdir(parents=True)
    candidate = (folder / "01.png").read_bytes()  # another real image
    (pending / "02.png").write_bytes(candidate)
    approved = next(i for i in images if i["file"] == "02.png")
    (pending / "pending.json").write_text(json.dumps({
        "scenario": "annotate-page", "lang": "fr", "definition_hash": current,
        "captured_at": "2026-02-01T00:00:00+00:00", "steps": [{
            "file": "02.png", "step": 2, "approved": approved,
            "new": {"step": 2, "file": "02.png", "sha256": hashlib.sha256(candidate).hexdigest()}}]}),
        encoding="utf-8")


def _approve(root: Path) -> None:
    from builder.review.decide import PendingStep, approve

    approve(root, PendingStep("fr", "annotate-page", "02.png", 2))


def test_each_kind_of_input_change_rebuilds_and_the_page_shows_it(built: Path) -> None:
    root = built
    _noop(root)

    scenario = root / "content" / "scenarios" / "account" / "log-in.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("en: Log in}", "en: Log in NOW}"),
                        encoding="utf-8")
    # an incremental build warns of nothing (Sphinx looked for its own search index, which is not built)
    rebuilt = _rebuilt(root)
    assert "WARNING" not in rebuilt.output, rebuilt.output
    assert "Log in NOW" in _page(root, "en", "scenarios/log-in.html")
    _noop(root)

    images = _snapshot(root / "_build" / "site" / "fr" / "_shots")
    shot = root / "screenshots" / "fr" / "annotate-page" / "02.png"
    shot.write_bytes((root / "screenshots" / "fr" / "annotate-page" / "result.png").read_bytes())
    _rebuilt(root)
    # the page shows the new image (same name: the page itself may not change)
    assert images and _snapshot(root / "_build" / "site" / "fr" / "_shots") != images
    _noop(root)

    (root / "content" / "messages").mkdir()
    (root / "content" / "messages" / "fr.yaml").write_text(
        "site:\n  welcome: \"Bienvenue CATALOGUEMARQUE sur {name}.\"\n", encoding="utf-8")
    _rebuilt(root)
    assert "CATALOGUEMARQUE" in _page(root, "fr", "index.html")
    _noop(root)

    (root / "templates" / "site").mkdir(parents=True)
    template = (PACKAGE_SITE_TEMPLATES / "scenario.md.j2").read_text(encoding="utf-8")
    (root / "templates" / "site" / "scenario.md.j2").write_text(template + "\nGABARITMARQUE\n", encoding="utf-8")
    _rebuilt(root)
    assert "GABARITMARQUE" in _page(root, "en", "scenarios/log-in.html")
    _noop(root)

    _approvable(root)
    _rebuilt(root)
    waiting = _page(root, "fr", "scenarios/annotate-page.html")
    assert "hw-drift-pending" in waiting, "the page should say screenshots wait for review"
    _noop(root)
    _approve(root)  # writes screenshots/approvals.json, the manifest and the image, clears the pending review
    assert (root / "screenshots" / "approvals.json").is_file()
    _rebuilt(root)
    assert "hw-drift-pending" not in _page(root, "fr", "scenarios/annotate-page.html")
    _noop(root)


def test_a_deleted_or_altered_published_site_is_built_again(built: Path) -> None:
    root = built
    site = root / "_build" / "site"
    good = _snapshot(site)
    index = site / "fr" / "index.html"
    index.write_text(index.read_text(encoding="utf-8") + "<!-- altered -->", encoding="utf-8")
    _rebuilt(root)
    assert _snapshot(site) == good

    shutil.rmtree(site.resolve())
    _rebuilt(root)
    assert _snapshot(site) == good

    site.unlink()
    _rebuilt(root)
    assert _snapshot(site) == good
    _noop(root)


def test_strict_fails_again_on_a_build_with_nothing_changed(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = built  # the sample project's en pages were never captured
    first = _build(root, "--strict")
    assert first.exit_code == 1
    failing = [line for line in first.stderr.splitlines() if "never captured" in line]
    assert failing
    again = _build(root, "--strict")
    assert again.exit_code == 1 and NOOP in again.stderr
    assert [line for line in again.stderr.splitlines() if "never captured" in line] == failing
    assert "--strict: " in again.stderr
    # From the parent folder, the recorded lines name the files as that folder sees them.
    monkeypatch.chdir(root.parent)
    elsewhere = _build(root, "--strict")
    assert elsewhere.exit_code == 1 and NOOP in elsewhere.stderr
    shown = [line for line in elsewhere.stderr.splitlines() if "never captured" in line]
    assert shown == [f"{root.name}/{line}" for line in failing] and failing[0].startswith("content/")


def test_a_page_another_language_gains_gets_its_language_switch_again(built: Path) -> None:
    """Sphinx writes a page again when its own source changed; its language switch also depends on whether the
    other language has the page (else it leads to that language's home page)."""
    root = built
    (root / "content" / "pages" / "en").mkdir(parents=True, exist_ok=True)
    (root / "content" / "pages" / "en" / "extra.md").write_text("# Extra help\n\nText.\n", encoding="utf-8")
    _rebuilt(root)
    assert 'href="../../fr/index.html"' in _page(root, "en", "pages/extra.html")
    (root / "content" / "pages" / "fr").mkdir(parents=True, exist_ok=True)
    (root / "content" / "pages" / "fr" / "extra.md").write_text("# Aide en plus\n\nTexte.\n", encoding="utf-8")
    _rebuilt(root)
    assert 'href="../../fr/pages/extra.html"' in _page(root, "en", "pages/extra.html")
    (root / "content" / "pages" / "fr" / "extra.md").unlink()
    _rebuilt(root)
    assert 'href="../../fr/index.html"' in _page(root, "en", "pages/extra.html")
