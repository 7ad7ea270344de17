"""`--jobs 2` on the demo platform, through the command's own path (what `make demo` runs).

`helpwright capture` with no `--base-url` on the demo's platform.yaml starts one Agora per
worker (`demo_endpoints`: one password and one session secret for all of them). The
manifests of a two-worker run must be those of a one-worker run, and each worker's Agora
must see at most one login per persona. Logins are counted where they happen: in each
Agora's own request log (`POST /login`), which the run keeps under $TMPDIR while it lasts.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
#: two personas' scenarios (alice twice, bruno once), none of which logs in as one of its steps
SCENARIOS = {"join-a-group": "alice", "leave-a-group": "alice", "write-blog-post": "bruno"}
#: the language captured: English, whose browser is the lightest (the headless shell where installed);
#: what runs in parallel is the subject here, not the language
LANG = "en"
#: what differs between any two runs: when, where (the port) and how long
RUN_FIELDS = ("captured_at", "base_url", "timings")
#: a login that worked: Agora redirects (a failed one, as when the demo locks an account at start, does not)
_LOGIN_POST = re.compile(r'POST /login\S* HTTP/[\d.]+(?:\x1b\[[0-9;]*m)?" 30[23] ')
_REQUEST = re.compile(r'"(?:\x1b\[[0-9;]*m)?(?:GET|POST) (/\S*) HTTP')


def _keep_logs(tmp: Path, kept: Path, running: threading.Event) -> None:
    """Hard-link every Agora log of the run into ``kept`` as soon as it appears (the run removes them)."""
    seen: set[Path] = set()
    while True:
        done = not running.is_set()
        try:
            logs = [*tmp.glob("helpwright-agora-*.log"), *tmp.glob("helpwright-agora-*/**/*.log")]
        except OSError:  # a folder removed while listed
            logs = []
        for log in logs:
            if log not in seen:
                try:
                    os.link(log, kept / f"agora-{len(seen)}.log")
                    seen.add(log)
                except FileNotFoundError:
                    pass
        if done:
            return
        time.sleep(0.01)


def _capture(root: Path, jobs: int, tmp: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run `python -m builder capture --jobs N` as a user would; return it and each Agora's log."""
    tmp.mkdir()
    kept = tmp / "kept"
    kept.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_")}
    env["TMPDIR"] = str(tmp)
    cmd = [sys.executable, "-m", "builder", "-C", str(root), "capture", "--jobs", str(jobs), "--lang", LANG,
           "--only", ",".join(SCENARIOS)]
    running = threading.Event()
    running.set()
    watcher = threading.Thread(target=_keep_logs, args=(tmp, kept, running), daemon=True)
    watcher.start()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=240, check=False)
    finally:
        running.clear()
        watcher.join(10)
    return proc, [p.read_text(encoding="utf-8", errors="replace") for p in sorted(kept.glob("*.log"))]


def _manifests(root: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((root / "screenshots" / LANG).glob("*/manifest.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[path.parent.name] = {k: v for k, v in data.items() if k not in RUN_FIELDS}
    return found


def _project(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(REPO / "content", root / "content")
    return root


def test_two_workers_give_the_manifests_of_one_and_log_in_once_per_persona(tmp_path: Path) -> None:
    personas = set(SCENARIOS.values())
    runs = {}
    for jobs in (1, 2):
        root = _project(tmp_path, f"jobs{jobs}")
        proc, logs = _capture(root, jobs, tmp_path / f"tmp{jobs}")
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr and "Starting the demo platform…" in proc.stderr
        report = json.loads((root / "_build" / "capture-report.json").read_text(encoding="utf-8"))
        assert report["ok"] and sorted(r["scenario"] for r in report["results"]) == sorted(SCENARIOS)
        assert {r["status"] for r in report["results"]} == {"passed"}
        # One Agora per worker, each seeing at most one login per persona.
        assert len(logs) == jobs, f"expected {jobs} platform log(s), kept {len(logs)}"
        logins = [len(_LOGIN_POST.findall(log)) for log in logs]
        pages = [{path.split("?")[0] for path in _REQUEST.findall(log)} - {"/login", "/healthz"} for log in logs]
        assert all(count <= len(personas) for count in logins), logins
        assert len(personas) <= sum(logins) <= len(personas) * jobs, logins
        # The scenarios' start pages were captured (which worker took which is up to the scheduler).
        assert {"/dashboard", "/blog"} <= set().union(*pages), pages
        runs[jobs] = (_manifests(root), logins)

    one, two = runs[1][0], runs[2][0]
    assert sorted(one) == sorted(SCENARIOS)
    assert sum(len(m["images"]) for m in one.values()) >= 12
    for scenario in SCENARIOS:
        assert two[scenario] == one[scenario], scenario
    # The personas' single logins: one worker logs each persona in exactly once.
    assert sum(runs[1][1]) == len(personas)
