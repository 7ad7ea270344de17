"""A scenario page is rendered again only when its own inputs or the shared ones changed
(``builder.outputs.site.pagekeys``), and what is staged is always what a full render gives. No Sphinx."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.content.loading import load_project
from builder.outputs.site import rendering
from builder.outputs.site.build import stage_language, stage_screenshots
from builder.outputs.site.inputs import site_inputs
from builder.outputs.site.rendering import ShotIndex, render_site
from builder.outputs.viewmodel import build_view_model
from tests.fixtures_site import copy_root


def _stage(root: Path, rendered: list[str]) -> dict[str, str]:
    """Stage the French site as a build does; the scenario pages rendered go into ``rendered``. Returns what is
    staged, after checking it is what rendering every page gives."""
    rendered.clear()
    project = load_project(root)
    view = build_view_model(project)
    out = root / "_build" / "site"
    staged_build = stage_language(root, project, "fr", out, None, view, site_inputs(root, None, out))
    by_stage = list(rendered)
    # the pages' checks, kept for the pages not looked at again, are those a fresh look finds
    from builder.shots.drift import check_pages

    assert staged_build.checks == [c for _, c in sorted(check_pages(load_project(root), ["fr"]).items())]
    src = root / "_build" / "src" / "fr"
    staged = {p.relative_to(src).as_posix(): p.read_text(encoding="utf-8") for p in src.rglob("*.md")}
    images = sorted(p.relative_to(src).as_posix() for p in (src / "_shots").rglob("*"))
    index, fresh = ShotIndex(), build_view_model(project)
    assert stage_screenshots(root, "fr", project, src, index, fresh) == []  # every image published already
    assert sorted(p.relative_to(src).as_posix() for p in (src / "_shots").rglob("*")) == images
    assert staged == render_site(project, "fr", index, view=fresh)
    rendered[:] = by_stage
    return staged


def test_only_the_pages_whose_inputs_changed_are_rendered_again(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    rendered: list[str] = []
    real = rendering.SiteRenderer.scenario_page

    def counted(self: rendering.SiteRenderer, scenario: object) -> str:
        rendered.append(scenario.id)  # type: ignore[attr-defined]
        return real(self, scenario)  # type: ignore[arg-type]

    monkeypatch.setattr(rendering.SiteRenderer, "scenario_page", counted)
    everything = sorted(["annotate-page", "fill-profile", "log-in", "unlock-account"])
    _stage(root, rendered)
    assert sorted(rendered) == everything
    _stage(root, rendered)
    assert rendered == []

    # Its own scenario file: that page alone.
    log_in = root / "content" / "scenarios" / "account" / "log-in.yaml"
    log_in.write_text(log_in.read_text(encoding="utf-8").replace("fr: Saisissez votre identifiant.", "fr: Saisissez MAINTENANT votre identifiant.", 1), encoding="utf-8")
    assert "MAINTENANT" in _stage(root, rendered)["scenarios/log-in.md"]
    assert rendered == ["log-in"]
    # Its own screenshots: that page alone.
    shot = root / "screenshots" / "fr" / "annotate-page" / "02.png"
    shot.write_bytes((root / "screenshots" / "fr" / "annotate-page" / "result.png").read_bytes())
    _stage(root, rendered)
    assert rendered == ["annotate-page"]
    # A new audience named by one scenario: every page is given the audiences, every page again.
    fill = root / "content" / "scenarios" / "account" / "fill-profile.yaml"
    fill.write_text(fill.read_text(encoding="utf-8").replace("audience: [member]", "audience: [member, guest]"),
                    encoding="utf-8")
    _stage(root, rendered)
    assert sorted(rendered) == everything
    # What every page shares (the platform's file): every page.
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8").replace("Membre", "Adhérent"), encoding="utf-8")
    assert "Adhérent" in _stage(root, rendered)["scenarios/log-in.md"]
    assert sorted(rendered) == everything
    # A staged page changed by anything else: rendered again.
    staged = root / "_build" / "src" / "fr" / "scenarios" / "unlock-account.md"
    staged.write_text("changed by hand\n", encoding="utf-8")
    _stage(root, rendered)
    assert rendered == ["unlock-account"]
