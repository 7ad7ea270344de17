"""The build names the pages whose last capture failed or whose screenshots are stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.shots.report import FAILED, CaptureResult, CaptureSummary, write_json_report

pytestmark = pytest.mark.slow


def write_manifest(root: Path, lang: str, scenario: str, digest: str, captured_at: str) -> None:
    folder = root / "screenshots" / lang / scenario
    manifest = {"scenario": scenario, "lang": lang, "status": "passed", "captured_at": captured_at,
                "definition_hash": digest, "images": []}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def fail_log_in_fr(root: Path) -> None:
    """The last capture run: log-in failed in French at step 2 (written by capture's own writer)."""
    report = root / "_build" / "capture-report.json"
    result = CaptureResult("log-in", "fr", FAILED, step=2, say="Cliquez sur Se connecter.",
                           cause="button “Se connecter” not found", url="http://127.0.0.1:9/login")
    write_json_report(report, CaptureSummary(results=[result]))
    os.utime(report, (1772443800, 1772443800))  # 2026-03-02 09:30 UTC


def html(site: Path, page: str) -> str:
    return (site / f"{page}.html").read_text(encoding="utf-8")


@pytest.fixture
def drifted(site_root):
    root = site_root("test-basic")
    write_manifest(root, "fr", "annotate-page", "0" * 64, "2026-02-27T08:00:00+00:00")
    fail_log_in_fr(root)
    return root


def test_failed_and_stale_pages_get_a_notice_a_located_warning_and_a_summary(drifted):
    from builder.outputs.site.build import build_site_report

    lines: list[str] = []
    report = build_site_report(drifted, progress=lines.append)
    fr, en = report["fr"].site, report["en"].site

    stale = html(fr, "scenarios/annotate-page")
    assert 'class="hw-drift hw-drift-stale warning admonition"' in stale
    assert "Cette fiche a été modifiée depuis sa dernière vérification sur la plateforme le 27\u00a0février\u00a02026" in stale
    failed = html(fr, "scenarios/log-in")
    assert "hw-drift-failed" in failed
    assert "Cette fiche est peut-être périmée\u202f: la dernière vérification sur la plateforme a échoué " \
           "à l’étape\u00a02 le 2\u00a0mars\u00a02026." in failed
    # The notice sits under the title, before the steps.
    assert failed.index("hw-drift") < failed.index("<ol")
    # Only the failed language and the stale page are flagged.
    assert "hw-drift" not in html(en, "scenarios/log-in")
    assert "hw-drift" not in html(fr, "scenarios/unlock-account")

    warnings = "\n".join(report["fr"].warnings)
    assert ("content/scenarios/account/log-in.yaml:12: WARNING: last capture failed at step 2 "
            "(“Cliquez sur Se connecter.”): button “Se connecter” not found") in warnings
    assert "content/scenarios/wiki/annotate-page.yaml:15: WARNING: screenshots captured on 2026-02-27 " \
           "from a different version of the steps" in warnings
    assert warnings.count("[helpwright.drift]") == 2

    summary = "\n".join(lines)
    assert "capture status: 1 page(s) failed, 1 stale" in summary
    assert "FAILED log-in [fr] content/scenarios/account/log-in.yaml:12: last capture failed at step 2" in summary
    assert "page: http://127.0.0.1:9/login" in summary
    assert "STALE annotate-page [fr] content/scenarios/wiki/annotate-page.yaml:15" in summary
    assert "MISSING " in summary and "annotate-page [en]" in summary
    assert "[helpwright.drift]" not in "\n".join(line for line in lines if line.startswith("warning:"))


def test_a_capture_of_the_current_steps_removes_the_stale_notice(drifted):
    from builder.content.loading import load_project
    from builder.outputs.site.build import build_site_report
    from builder.shots.definition import definition_hash

    build_site_report(drifted, languages=["fr"])
    project = load_project(drifted)
    current = definition_hash(project.scenarios["annotate-page"].model, project.platform, "fr",
                              drifted / "content")
    write_manifest(drifted, "fr", "annotate-page", current, "2026-03-03T08:00:00+00:00")
    again = build_site_report(drifted, languages=["fr"])
    assert "scenarios/annotate-page" in again["fr"].read
    assert "hw-drift" not in html(again["fr"].site, "scenarios/annotate-page")
    assert [(c.scenario, c.state) for c in again["fr"].checks if c.state != "missing"] == [("log-in", "failed")]
    # A later good capture of log-in (newer than the report) supersedes the failure.
    current = definition_hash(project.scenarios["log-in"].model, project.platform, "fr", drifted / "content")
    (drifted / "screenshots" / "fr" / "log-in").mkdir()
    write_manifest(drifted, "fr", "log-in", current, "2026-03-03T08:00:00+00:00")
    assert not [c for c in build_site_report(drifted, languages=["fr"])["fr"].checks if c.state != "missing"]


def test_build_command_prints_the_broken_pages_and_still_succeeds(drifted):
    from builder.cli import main

    result = CliRunner().invoke(main, ["-C", str(drifted), "build", "--lang", "fr"], obj={})
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "FAILED log-in [fr] content/scenarios/account/log-in.yaml:12" in result.output
    assert "STALE annotate-page [fr]" in result.output


def test_a_build_from_another_folder_reads_only_what_changed_and_locates_as_that_folder_sees(
        drifted, monkeypatch: pytest.MonkeyPatch):
    """The staged pages name their YAML relative to the project (the same pages wherever the build
    runs: Sphinx reads only what changed); warnings name it relative to the current folder."""
    from builder.outputs.site.build import build_site_report

    monkeypatch.chdir(drifted.parent)
    report = build_site_report(drifted, languages=["fr"], progress=lambda line: None)
    shown = f"{drifted.name}/content/scenarios/account/log-in.yaml:12: WARNING: last capture failed"
    assert shown in "\n".join(report["fr"].warnings)
    staged = {p: p.read_bytes() for p in sorted((drifted / "_build").rglob("log-in.md"))}
    assert staged and all(b':source: "content/scenarios/' in data for data in staged.values()), staged

    scenario = drifted / "content" / "scenarios" / "account" / "log-in.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("title:", "# edited\ntitle:", 1),
                        encoding="utf-8")
    monkeypatch.chdir(drifted)
    again = build_site_report(drifted, languages=["fr"], progress=lambda line: None)
    assert again["fr"].read == ["scenarios/log-in"], again["fr"].read
    # from inside the project: its own relative path (line 13: the comment added above the title)
    assert "\ncontent/scenarios/account/log-in.yaml:13: WARNING: last capture failed" \
        in "\n" + "\n".join(again["fr"].warnings)
