"""`kill -9` of a run on the demo platform leaves no process behind and no stray data.

The run is the real CLI (`capture`, then `demo --jobs 2`, whose two Agoras start in
threads) on a copy of the repository's content, with TMPDIR pointing at a folder of the
test's own. Its process tree (Agora, Playwright's driver, Chromium and its helpers) is
read from /proc once the browser is up, then the CLI alone is killed with SIGKILL: every
one of those processes must end. While the test runs it is the "child subreaper" of its
descendants, so the orphans are re-parented to it and it can tell a process that ended
(a zombie it reaps) from one still running. The next run removes the killed run's
seeded database folder, its Chromium's temp folder and its Playwright driver's (with the
browser's profile, left there when the whole process group is killed at once), and leaves
alone the folder of a platform that is still running: nothing at all is left in TMPDIR.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, uses prctl")]

REPO = Path(__file__).resolve().parent.parent
PR_SET_CHILD_SUBREAPER = 36
STRAY = "helpwright-agora-"


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            children.setdefault(stat[1], []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.fixture
def subreaper() -> Iterator[None]:
    """Orphans of this test's runs are re-parented to the test process, not to init."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        pytest.skip("prctl(PR_SET_CHILD_SUBREAPER) is not available")
    try:
        yield
    finally:
        libc.prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """TMPDIR for the runs: Chromium's profile holds a Unix socket, whose path must stay short."""
    folder = Path(tempfile.mkdtemp(prefix="hwk-", dir="/tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _survivors(pids: list[int], seconds: float) -> list[str]:
    """Wait for ``pids`` to end, reaping those re-parented to us; describe the ones still running."""
    deadline = time.monotonic() + seconds
    while True:
        alive = []
        for pid in pids:
            stat = _stat(pid)
            if stat is None:
                continue
            if stat[0] == "Z":
                if stat[1] == os.getpid():
                    os.waitpid(pid, os.WNOHANG)
                    continue
                alive.append(f"{pid} zombie of {stat[1]} {_cmdline(stat[1])[:80]}")
            else:
                alive.append(f"{pid} {stat[0]} {_cmdline(pid)[:100]}")
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _kill_leftovers(pids: list[int]) -> None:
    for pid in pids:
        if (stat := _stat(pid)) is not None and stat[0] != "Z":
            os.kill(pid, signal.SIGKILL)
    _survivors(pids, 10)


def _env(tmp: Path) -> dict[str, str]:
    # Each run starts its own Agora with its own random password: no password from another test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_")}
    return dict(env, TMPDIR=str(tmp), PYTHONUNBUFFERED="1")


def _cli(root: Path, *args: str, tmp: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "builder", "-C", str(root), *args]
    return subprocess.Popen(cmd, cwd=REPO, env=_env(tmp), start_new_session=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def _wait_for_browser(proc: subprocess.Popen[bytes], platforms: int, log: Path) -> list[int]:
    """The run's process tree once ``platforms`` Agoras and a Chromium are running."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        tree = _descendants(proc.pid)
        lines = [_cmdline(pid) for pid in tree]
        if sum("-m agora" in line for line in lines) >= platforms and any("chromium" in line for line in lines):
            time.sleep(1)  # let Chromium start its helpers too
            if proc.poll() is None:
                return _descendants(proc.pid)
        time.sleep(0.1)
    raise AssertionError(f"the run ended or stalled before its browser started (exit {proc.poll()}):\n"
                         + log.read_text(errors="replace")[-3000:])


def _strays(tmp: Path) -> list[str]:
    """What runs left in TMPDIR, all of it: Agora's data, Chromium's own temp folder (its
    ``org.chromium.Chromium.*`` files, in a ``helpwright-chromium-*`` folder of the run's),
    Playwright's profiles and artifacts."""
    return sorted(p.name for p in tmp.iterdir())


@pytest.mark.parametrize(("command", "platforms", "group"), [
    (("capture", "--lang", "fr"), 1, False),
    (("demo", "--jobs", "2"), 2, False),
    (("capture", "--lang", "fr"), 1, True),
], ids=["capture", "demo", "capture-group"])
def test_kill_9_leaves_no_process_and_the_next_run_removes_its_data(
        tmp_path: Path, short_tmp: Path, subreaper: None, command: tuple[str, ...], platforms: int,
        group: bool) -> None:
    """``group``: the whole process group is killed at once (a CI job's timeout), Playwright's driver with the
    run, so nothing of the run's gets to clean up: its browser's profile stays, in a folder of the run's."""
    root, tmp = tmp_path / "project", short_tmp
    shutil.copytree(REPO / "content", root / "content")
    log = tmp_path / "killed-run.log"
    with log.open("wb") as out:
        proc = _cli(root, *command, tmp=tmp, stdout=out, stderr=subprocess.STDOUT)
    tree: list[int] = []
    try:
        tree = _wait_for_browser(proc, platforms, log)
        agoras = [pid for pid in tree if "-m agora" in _cmdline(pid)]
        assert len(agoras) == platforms
        assert sum(name.startswith(STRAY) for name in _strays(tmp)) >= platforms  # each one's seeded data
        if group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        left = _survivors(tree, 10)
        assert left == [], "still running after kill -9 of the run:\n" + "\n".join(left)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        _kill_leftovers(tree)
    stale = _strays(tmp)
    assert stale, "nothing to clean: the test would prove nothing"
    assert any(name.startswith("helpwright-chromium-") for name in stale), stale
    assert not any(name.startswith("org.chromium.") for name in stale), "Chromium used the shared TMPDIR"
    assert not any(name.startswith("playwright") for name in stale), "Playwright's driver used the shared TMPDIR"
    if group:  # the browser's profile, left by the driver killed with the run, in the run's own folder
        assert list(tmp.glob("helpwright-driver-*/playwright_chromiumdev_profile-*")), stale

    # The next run (here `helpwright platform`, which stays up) removes the killed run's data first.
    live = _cli(root, "platform", "--port", "0", tmp=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    live_tree: list[int] = []
    try:
        assert live.stdout is not None
        assert b"is running at" in live.stdout.readline()
        live_tree = _descendants(live.pid)
        live_data = next(_cmdline(pid).split("--data-dir ", 1)[1].split()[0] for pid in live_tree
                         if "-m agora" in _cmdline(pid))
        owner = Path(live_data).relative_to(tmp).parts[0]
        assert owner not in stale
        assert _strays(tmp) == [owner], "the killed run's data is still there"
        if command[0] == "capture":
            # A run while another is still up leaves that one's folder alone, and removes its own.
            again = _cli(root, "capture", "--only", "log-in", "--lang", "fr", tmp=tmp,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            _out, err = again.communicate(timeout=180)
            assert again.returncode == 0, err.decode()
            assert _strays(tmp) == [owner]
            assert Path(live_data, "agora.sqlite3").is_file()
    finally:
        live.send_signal(signal.SIGTERM)  # `kill PID`: it stops its platform and removes its data
        live.wait(30)
        if live.stdout is not None:
            live.stdout.close()
        _kill_leftovers(live_tree)
    assert _strays(tmp) == []
