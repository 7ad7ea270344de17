"""Two captures of one project at once leave each other alone; each run's temp folders are its own.

The real test runs two capture CLIs on one project against the live demo platform: the
first stops in the middle of its swap (its published folder moved aside into its staging
folder, the staged one not yet in), the second starts then, and only once it is under way
does the first go on. Both must succeed and publish. A unit-level test gives
``recover_and_clean`` run folders of runs that are gone (really gone: processes that made
them and ended) and of runs still going.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from builder.owner import make_owned_dir, remove_stale_temp
from builder.shots.store import new_staging, recover_and_clean
from tests.test_kill_cleanup import _descendants, short_tmp  # noqa: F401 - a fixture, used below
from tests.test_store_swap import _PAUSED_CLI as _PAUSED_FOREVER
from tests.test_store_swap import SCENARIO, _capture, _files, _leftovers

REPO = Path(__file__).resolve().parent.parent
OTHER = "log-in"

#: Makes a staging run folder the way a capture does, with a folder aside ``fr__<id>.old``
#: holding one file, prints the folder and then exits (a run that is gone) or waits for stdin.
_RUN = """
import sys
from pathlib import Path
from builder.shots.store import new_staging
run = new_staging(Path(sys.argv[1]))
(run / f"fr__{sys.argv[2]}.old").mkdir()
(run / f"fr__{sys.argv[2]}.old" / "shot.png").write_bytes(sys.argv[2].encode())
print(run, flush=True)
if sys.argv[3] == "wait":
    sys.stdin.read()
"""


def _run_folder(shots: Path, scenario: str, *, wait: bool) -> tuple[Path, subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", _RUN, str(shots), scenario, "wait" if wait else "exit"],
                            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    run = Path(proc.stdout.readline().strip())
    if not wait:
        assert proc.wait(30) == 0
    return run, proc


@pytest.mark.slow
def test_recover_and_clean_restores_dead_runs_and_leaves_live_ones(tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    dead, _ = _run_folder(shots, "gone", wait=False)
    live_elsewhere, other = _run_folder(shots, "elsewhere", wait=True)
    try:
        live_here = new_staging(shots)
        (live_here / "fr__here.old").mkdir()
        (live_here / "fr" / "here").mkdir(parents=True)
        # A PID in use again by another process (here this one): its start time differs from the mark.
        reused = shots / ".staging" / f"run-{os.getpid()}-reused"
        reused.mkdir()
        (reused / "owner").write_text(f"{os.getpid()} 1")
        (reused / "fr__reused.old").mkdir()
        # An older Helpwright's folder (no owner): stale once untouched for a while, not before.
        older, recent = shots / ".staging" / "run-k2j4_x9z", shots / ".staging" / "run-q8w7_e6r"
        (older / "fr__older.old").mkdir(parents=True)
        recent.mkdir()
        os.utime(older, (time.time() - 3600, time.time() - 3600))
        assert (dead / "owner").read_text().split()[0] == dead.name.split("-")[1]

        recover_and_clean(shots)

        assert _files(shots / "fr" / "gone") == {"shot.png": b"gone"}, "the dead run's aside folder was not put back"
        assert (shots / "fr" / "reused").is_dir() and (shots / "fr" / "older").is_dir()
        assert not dead.exists() and not reused.exists() and not older.exists()
        assert _files(live_elsewhere / "fr__elsewhere.old") == {"shot.png": b"elsewhere"}
        assert (live_here / "fr__here.old").is_dir() and (live_here / "fr" / "here").is_dir()
        assert recent.is_dir()
        assert not (shots / "fr" / "elsewhere").exists() and not (shots / "fr" / "here").exists()
        assert (shots / ".staging" / ".gitignore").is_file()
    finally:
        other.communicate("")
    # Once its owner has ended, the other process's folder goes too, its aside folder put back.
    recover_and_clean(shots)
    assert not live_elsewhere.exists()
    assert _files(shots / "fr" / "elsewhere") == {"shot.png": b"elsewhere"}


@pytest.mark.slow
def test_a_dead_runs_temp_folders_go_and_a_live_runs_stay(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code = ("import sys; from pathlib import Path; from builder.owner import make_owned_dir; "
            "print(make_owned_dir('helpwright-chromium-', Path(sys.argv[1])))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp)], cwd=REPO, capture_output=True, text=True, check=True)
    dead = Path(out.stdout.strip())
    (dead / "org.chromium.Chromium.AbC123").mkdir()  # what a Chromium killed while starting leaves
    live = make_owned_dir("helpwright-chromium-", tmp)
    foreign = tmp / "helpwright-notes"  # not made by Helpwright's owner marking: never touched
    foreign.mkdir()
    assert remove_stale_temp(tmp) == [dead]
    assert sorted(p.name for p in tmp.iterdir()) == sorted([live.name, foreign.name])


#: The CLI with the swap stopped between its renames (see tests/test_store_swap.py) until $SWAP_RESUME exists
_PAUSED_CLI = _PAUSED_FOREVER.replace(
    "time.sleep(3600)", "while not os.path.exists(os.environ['SWAP_RESUME']):\n            time.sleep(0.05)")
assert _PAUSED_CLI != _PAUSED_FOREVER


def _browser_tmpdirs(pid: int) -> set[str]:
    """The TMPDIR of each Chromium the process ``pid`` started."""
    found = set()
    for child in _descendants(pid):
        try:
            if b"chrom" not in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")[0]:
                continue
            environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        found.update(item[7:].decode() for item in environ if item.startswith(b"TMPDIR="))
    return found


#: French: the full Chromium, whose own files (``org.chromium.Chromium.*``) in the run's TMPDIR this test
#: follows (the headless shell English captures use leaves none there)
LANG = "fr"


@pytest.mark.browser
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_two_captures_at_once_in_one_project(capture_project_copy: Path, agora: Any, tmp_path: Path,
                                            request: pytest.FixtureRequest) -> None:
    root = capture_project_copy
    tmp: Path = request.getfixturevalue("short_tmp")  # TMPDIR for the runs, short for Chromium's socket
    shots = root / "screenshots"
    summary = _capture(root, agora, only=[SCENARIO], languages=[LANG])
    assert [r.status for r in summary.results] == ["passed"], [r.message() for r in summary.results]
    folder = shots / LANG / SCENARIO
    before = _files(folder)
    # A changed definition: the first run makes a new baseline, which its swap publishes.
    path = root / "content" / "scenarios" / "getting-started" / f"{SCENARIO}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "Langue de l'interface" in text
    path.write_text(text.replace("Langue de l'interface", "Langue"), encoding="utf-8")

    paused, resume = tmp_path / "swap-paused", tmp_path / "swap-resume"
    env = dict(os.environ, SWAP_PAUSED=str(paused), SWAP_RESUME=str(resume), TMPDIR=str(tmp))
    capture = ["-C", str(root), "capture", "--base-url", agora.url, "--lang", LANG, "--only"]
    first = subprocess.Popen([sys.executable, "-c", _PAUSED_CLI, *capture, SCENARIO], cwd=REPO, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    second: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 180
        while not paused.exists() and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert paused.exists(), f"the first run never reached its swap: {first.poll()} {first.stderr.read().decode()[-2000:]}"  # type: ignore[union-attr]
        # Mid-swap: the published folder is aside in the first run's staging folder.
        assert not folder.exists()
        [first_run] = (shots / ".staging").glob(f"run-{first.pid}-*")
        assert _files(first_run / f"{LANG}__{SCENARIO}.old") == before
        # Its Chromium (still open) has a TMPDIR of the run's own, holding Chromium's own files.
        [browser_tmp] = _browser_tmpdirs(first.pid)
        assert Path(browser_tmp).parent == tmp and Path(browser_tmp).name.startswith(
            f"helpwright-chromium-{first.pid}-")
        assert any(p.name.startswith("org.chromium.Chromium.") for p in Path(browser_tmp).iterdir())
        assert not any(p.name.startswith("org.chromium.Chromium.") for p in tmp.iterdir())

        second = subprocess.Popen([sys.executable, "-m", "builder", *capture, OTHER], cwd=REPO, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        # The second run cleans up (then makes its own staging folder) without waiting for the first.
        deadline = time.monotonic() + 60
        while (not list((shots / ".staging").glob(f"run-{second.pid}-*")) and second.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.05)
        assert second.poll() is None, second.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
        assert list((shots / ".staging").glob(f"run-{second.pid}-*")), \
            "the second run is held up by the first one's swap (it touched the first run's staging)"
        assert first_run.is_dir() and _files(first_run / f"{LANG}__{SCENARIO}.old") == before
        assert not folder.exists(), "the second run put the first one's aside folder back mid-swap"
        resume.touch()
        _out, err_first = first.communicate(timeout=120)
        _out, err_second = second.communicate(timeout=180)
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)
    assert first.returncode == 0, err_first.decode()[-3000:]
    assert second.returncode == 0, err_second.decode()[-3000:]

    # Both published: the first run's new baseline, the second run's scenario.
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "passed" and manifest != json.loads(before["manifest.json"])
    assert {i["file"] for i in manifest["images"]} <= set(_files(folder))
    other = json.loads((shots / LANG / OTHER / "manifest.json").read_text(encoding="utf-8"))
    assert other["status"] == "passed" and other["images"]
    assert all((shots / LANG / OTHER / i["file"]).is_file() for i in other["images"])
    assert _leftovers(shots) == []
    assert not Path(browser_tmp).exists()
    assert sorted(p.name for p in tmp.iterdir()) == [], "the runs left temp files"
