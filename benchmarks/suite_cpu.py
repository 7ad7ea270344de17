"""Where a test run's processor goes, per test and per file: every process counted (Chromium's, the
platforms', the CLI's), each against the test its pytest process was running (Linux, /proc).

    python benchmarks/suite_cpu.py -m "browser or slow" -n 5 --dist loadfile   # any pytest arguments
    python benchmarks/suite_cpu.py --top 20 tests/test_capture.py

The lane is short of processor, not of parallelism (README, "Tests"): to make it faster, find what
uses the processor. The run's pytest processes load this module as a plugin: each writes the test it
runs into a folder, under its process id. This process samples ``/proc`` every 0.2 s, and adds each
process's new processor time to the test its nearest pytest ancestor runs. A process that lives less
than a sample is missed, and one sample's time can land on the next test: figures to compare, not to
add up to the second.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: the folder the pytest processes write their current test into (set for them by :func:`main`)
FOLDER_ENV = "HELPWRIGHT_SUITE_CPU"
BETWEEN = "(between tests)"
OUTSIDE = "(no test process)"
SAMPLE = 0.2
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


# -- the plugin, in each pytest process ------------------------------------------------------------

def _say(test: str) -> None:
    folder = os.environ.get(FOLDER_ENV)
    if folder:
        path = Path(folder) / str(os.getpid())
        path.with_suffix(".tmp").write_text(test, encoding="utf-8")
        os.replace(path.with_suffix(".tmp"), path)


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    _say(nodeid)


def pytest_runtest_logfinish(nodeid: str, location: Any) -> None:
    _say(BETWEEN)


# -- the sampler -------------------------------------------------------------------------------------

def _stat(pid: int) -> tuple[int, int] | None:
    """(parent, processor ticks) of a process; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _program(pid: int) -> str:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    # Chromium writes its whole command line into its first argument: the program is its first word
    name = argv[0].decode(errors="replace").split(" ", 1)[0].rsplit("/", 1)[-1] or "?"
    kind = re.search(rb"--type=([a-z-]+)", b" ".join(argv))
    return f"{name} {kind.group(1).decode()}" if kind else name


class Sampler:
    """Processor ticks by test and by program, for every process started after it began."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.last: dict[int, int] = {}
        self.parent: dict[int, int] = {}
        self.by_test: collections.Counter[str] = collections.Counter()
        self.by_program: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        self.started = time.monotonic()
        for pid in self._pids():  # what runs already (this process, the shell) is not the run's
            seen = _stat(pid)
            if seen is not None:
                self.last[pid] = seen[1]

    @staticmethod
    def _pids() -> list[int]:
        return [int(name) for name in os.listdir("/proc") if name.isdigit()]

    def sample(self) -> None:
        testing: dict[int, str] = {}
        for path in self.folder.iterdir():
            if path.name.isdigit():
                try:
                    testing[int(path.name)] = path.read_text(encoding="utf-8")
                except OSError:
                    continue
        for pid in self._pids():
            seen = _stat(pid)
            if seen is None:
                continue
            self.parent[pid], ticks = seen
            spent = ticks - self.last.get(pid, 0)
            self.last[pid] = ticks
            if spent > 0:
                test = self._test_of(pid, testing)
                self.by_test[test] += spent
                self.by_program[test][_program(pid)] += spent

    def _test_of(self, pid: int, testing: dict[int, str]) -> str:
        for _ in range(32):
            if pid in testing:
                return testing[pid]
            up = self.parent.get(pid)
            if up is None:
                seen = _stat(pid)
                up = self.parent[pid] = seen[0] if seen else 0
            if up <= 1:
                break
            pid = up
        return OUTSIDE

    def report(self, top: int) -> list[str]:
        total = sum(self.by_test.values()) / TICK
        wall = time.monotonic() - self.started
        lines = [f"processor: {total:.0f} s in {wall:.0f} s ({total / max(wall, 1e-9):.2f} cores busy on average)",
                 "", "per file (processor seconds):"]
        files: collections.Counter[str] = collections.Counter()
        for test, ticks in self.by_test.items():
            files[test.split("::", 1)[0]] += ticks
        lines += [f"  {ticks / TICK:7.1f}  {name}" for name, ticks in files.most_common(top)]
        programs: collections.Counter[str] = collections.Counter()
        for spent in self.by_program.values():
            programs.update(spent)
        lines += ["", "per program, over the whole run (processor seconds):"]
        lines += [f"  {ticks / TICK:7.1f}  {name}" for name, ticks in programs.most_common(top)]
        lines += ["", "per test (processor seconds, then the programs that used most of it):"]
        for test, ticks in self.by_test.most_common(top):
            programs = ", ".join(f"{name} {spent / TICK:.1f}" for name, spent in self.by_program[test].most_common(3))
            lines.append(f"  {ticks / TICK:7.1f}  {test}  [{programs}]")
        return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=40, help="how many files and tests to list (default 40)")
    args, pytest_args = parser.parse_known_args(argv)
    if not Path("/proc/self/stat").is_file():
        print("suite_cpu: needs Linux's /proc", file=sys.stderr)
        return 2
    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="suite-cpu-") as folder:
        env = {**os.environ, FOLDER_ENV: folder,
               "PYTHONPATH": os.pathsep.join(filter(None, [str(repo / "benchmarks"), os.environ.get("PYTHONPATH")]))}
        sampler = Sampler(Path(folder))
        run = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "suite_cpu", *pytest_args], cwd=repo, env=env)
        while run.poll() is None:
            sampler.sample()
            time.sleep(SAMPLE)
        sampler.sample()
    print("\n".join(sampler.report(args.top)))
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
