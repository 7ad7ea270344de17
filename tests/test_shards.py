"""capture --shard i/n and merge-reports: n slices of one plan, joined into the result of one run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

import pytest

from builder.capture.nativelang import interface_env
from builder.errors import CaptureError
from builder.shots.shards import merge_reports, parse_shard, take_shard

REPO = Path(__file__).resolve().parent.parent


def test_a_shard_is_written_i_of_n_and_anything_else_says_how() -> None:
    assert parse_shard("2/3") == (2, 3)
    assert parse_shard(" 1 / 1 ") == (1, 1)
    for bad, words in (("3", "write it as I/N"), ("0/2", "between 1 and N"), ("3/2", "between 1 and N"),
                       ("a/b", "write it as I/N"), ("1/0", "between 1 and N")):
        with pytest.raises(CaptureError, match=words):
            parse_shard(bad)


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_the_shards_split_the_plan_exactly_once_and_evenly(count: int) -> None:
    plan = [(f"s{i:02d}", lang) for i in range(11) for lang in ("fr", "en")]
    slices = [take_shard(plan, (i, count)) for i in range(1, count + 1)]
    assert sorted(job for part in slices for job in part) == sorted(plan)
    assert max(map(len, slices)) - min(map(len, slices)) <= 1
    assert slices == [take_shard(plan, (i, count)) for i in range(1, count + 1)]  # deterministic


def _report(path: Path, shard: str, plan: list[list[str]], results: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"ok": True, "seconds": 1.5, "base_url": "http://x", "browser_version": "1",
                                "counts": {}, "results": results, "shard": shard, "plan": plan}))
    return path


PLAN = [["a", "fr"], ["a", "en"], ["b", "fr"], ["b", "en"]]


def _result(sid: str, lang: str, status: str = "passed") -> dict[str, Any]:
    return {"scenario": sid, "lang": lang, "status": status, "message": f"{sid} [{lang}]: {status}"}


def test_reports_merge_in_the_order_of_one_run(tmp_path: Path) -> None:
    one = _report(tmp_path / "1.json", "1/2", PLAN, [_result("a", "fr"), _result("b", "fr", "failed")])
    two = _report(tmp_path / "2.json", "2/2", PLAN, [_result("a", "en"), _result("b", "en", "pending")])
    merged = merge_reports(tmp_path, [two, one])
    assert [(r["scenario"], r["lang"]) for r in merged["results"]] == [tuple(job) for job in PLAN]
    assert merged["counts"] == {"passed": 2, "unchanged": 0, "pending": 1, "skipped": 0, "failed": 1}
    assert merged["ok"] is False and "shard" not in merged and "plan" not in merged
    assert json.loads((tmp_path / "_build" / "capture-report.json").read_text()) == merged


def test_a_missing_repeated_or_foreign_shard_is_refused(tmp_path: Path) -> None:
    one = _report(tmp_path / "1.json", "1/2", PLAN, [])
    with pytest.raises(CaptureError, match="shard 2 of 2 is missing"):
        merge_reports(tmp_path, [one])
    with pytest.raises(CaptureError, match="given twice"):
        merge_reports(tmp_path, [one, one])
    other = _report(tmp_path / "o.json", "2/2", PLAN[:2], [])
    with pytest.raises(CaptureError, match="comes from another run"):
        merge_reports(tmp_path, [one, other])
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"results": []}))
    with pytest.raises(CaptureError, match="run without --shard"):
        merge_reports(tmp_path, [plain])
    with pytest.raises(CaptureError, match="no capture report here"):
        merge_reports(tmp_path, [tmp_path / "nowhere"])


def _comparable(folder: Path) -> dict[str, Any]:
    """Every manifest and image under a screenshots folder, less what differs run to run."""
    out: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        if path.name == "manifest.json":
            data = json.loads(path.read_text())
            for key in ("captured_at", "base_url", "timings"):
                data.pop(key, None)
            out[str(path.relative_to(folder))] = data
        elif path.suffix == ".png":
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


@pytest.mark.browser
@pytest.mark.slow
def test_two_shards_merged_equal_one_run(tmp_path: Path, agora: Any) -> None:
    from builder.capture import Endpoint, capture_project

    only = ["log-out", "find-your-way"]
    roots = {}
    for name in ("single", "shard1", "shard2", "merged"):
        roots[name] = tmp_path / name
        shutil.copytree(REPO / "content", roots[name] / "content")
    endpoints = [Endpoint(agora.url, agora.reset)]
    single = capture_project(roots["single"], only=only, progress=False, endpoints=endpoints)
    for i in (1, 2):
        part = capture_project(roots[f"shard{i}"], only=only, progress=False, endpoints=endpoints, shard=(i, 2))
        assert len(part.results) == 2 and part.ok
    assert single.ok
    merged = merge_reports(roots["merged"], [roots["shard2"], roots["shard1"]])
    expected = json.loads((roots["single"] / "_build" / "capture-report.json").read_text())
    strip = ("seconds", "message")
    assert [{k: v for k, v in r.items() if k not in strip} for r in merged["results"]] == \
           [{k: v for k, v in r.items() if k not in strip} for r in expected["results"]]
    assert merged["counts"] == expected["counts"] and merged["ok"] is True
    assert _comparable(roots["merged"] / "screenshots") == _comparable(roots["single"] / "screenshots")
    assert len(_comparable(roots["merged"] / "screenshots")) > 8


@pytest.mark.browser
@pytest.mark.slow
def test_capture_through_a_playwright_browser_server_gives_the_same_pixels(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agora: Any) -> None:
    """`playwright run-server` on 127.0.0.1 (the Chromium of this machine, chosen by the client
    because Playwright's own build is not installed here) captures what a local browser does."""
    import socket
    import subprocess
    import sys
    import time

    from builder.capture import Endpoint, capture_project

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Chromium on Linux takes its own strings' language from the environment, which a client cannot
    # send (run-server keeps only some launch options): the server of fr captures runs in fr.
    # Its own TMPDIR, short (Chromium's socket path) and removed after: the group killed below leaves the profile.
    server_tmp = tempfile.mkdtemp(prefix="hws-", dir="/tmp")
    server = subprocess.Popen([sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1",
                               "--port", str(port), "--unsafe"], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, **interface_env("fr"), TMPDIR=server_tmp), start_new_session=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert f"ws://127.0.0.1:{port}/" in line, line
        from builder.browser import find_chromium, playwright_driver

        with playwright_driver() as pw:
            monkeypatch.setenv("HELPWRIGHT_REMOTE_CHROMIUM", find_chromium(pw) or "")
        roots = {}
        for name in ("local", "remote"):
            roots[name] = tmp_path / name
            shutil.copytree(REPO / "content", roots[name] / "content")
        endpoints = [Endpoint(agora.url, agora.reset)]
        local = capture_project(roots["local"], only=["log-out"], languages=["fr"], progress=False,
                                endpoints=endpoints)
        started = time.monotonic()
        remote = capture_project(roots["remote"], only=["log-out"], languages=["fr"], progress=False,
                                 endpoints=endpoints, browser_endpoint=f"ws://127.0.0.1:{port}/")
        assert time.monotonic() - started < 300
        assert local.ok and remote.ok, [r.message() for r in remote.results]
        shots = _comparable(roots["remote"] / "screenshots")
        assert shots == _comparable(roots["local"] / "screenshots")
        assert sum(1 for name in shots if name.endswith(".png")) == 3
    finally:
        # `python -m playwright` runs the server in a child of its own (Node.js), which can outlive
        # a SIGTERM (it was found still running minutes later): stop the launcher, then the group.
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(server_tmp, ignore_errors=True)


def test_merge_reports_command_prints_the_counts_and_fails_on_a_failed_job(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from builder.cli import main

    shutil.copytree(REPO / "tests" / "roots" / "test-basic", tmp_path / "p")
    one = _report(tmp_path / "1.json", "1/2", PLAN, [_result("a", "fr"), _result("b", "fr", "failed")])
    two = _report(tmp_path / "2.json", "2/2", PLAN, [_result("a", "en"), _result("b", "en")])
    done = CliRunner().invoke(main, ["-C", str(tmp_path / "p"), "merge-reports", str(one), str(two)])
    assert done.exit_code == 1, done.output
    assert "Merged 2 shard(s): 3 passed, 1 failed" in done.output
    assert "FAILED b [fr]: failed" in done.output
    done = CliRunner().invoke(main, ["-C", str(tmp_path / "p"), "merge-reports", str(one)])
    assert done.exit_code == 1 and "Error: shard 2 of 2 is missing" in done.output
    assert "Traceback" not in done.output
