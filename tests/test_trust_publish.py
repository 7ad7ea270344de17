"""A killed or failed build leaves the last good site published, whole (issue item 7).

Sphinx used to write `_build/site` in place: a build killed half-way left some new and some old
pages, a killed `build --clean` no site at all. Now the site is built in a private folder and
published with one switch of the `_build/site` link. Here a real `helpwright build` is killed
with SIGKILL at several moments; each time `_build/site` must hold exactly the last good site.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures_site import copy_root

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _build(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "builder", "build", *args], cwd=root,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _running_in(root: Path, timeout: float = 10.0) -> list[str]:
    """The processes still working in ``root`` once ``timeout`` has passed (Linux: read from /proc)."""
    deadline = time.monotonic() + timeout
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and Path(os.readlink(entry / "cwd")).is_relative_to(root):
                    command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    found.append(f"{entry.name}: {command}")
            except OSError:
                continue  # ended meanwhile, or not ours to read
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_killed_builds_leave_the_last_good_site_whole(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    first = _build(root)
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    site = root / "_build" / "site"
    good, published = _snapshot(site), os.readlink(site)
    assert "fr/index.html" in good and "en/index.html" in good and "en/pagefind/pagefind.js" in good
    scenario = next((root / "content" / "scenarios").rglob("*.yaml"))
    text = scenario.read_text(encoding="utf-8")
    for n, (delay, args) in enumerate([(0.5, ()), (2.0, ()), (4.0, ("--clean",)), (1.0, ("--clean",)),
                                       (6.0, ())]):
        scenario.write_text(text.replace("title:", f"# change {n}\ntitle:", 1), encoding="utf-8")
        proc = _build(root, *args)
        time.sleep(delay)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            now = _snapshot(site)
            if os.readlink(site) != published:
                # killed in the moment between its switch and its exit: the link moved to its whole new site
                assert now.keys() == good.keys(), f"killed after {delay} s {args}: a site with files missing"
                published, good = os.readlink(site), now
            assert now == good, f"killed after {delay} s {args}: the published site changed"
            if sys.platform.startswith("linux"):  # a language's process or Pagefind dies with the build
                assert _running_in(root) == [], f"killed after {delay} s {args}: its children live on"
        else:  # finished before the kill: then it published a whole new site
            assert proc.returncode == 0
            good, published = _snapshot(site), os.readlink(site)
    scenario.write_text(text, encoding="utf-8")
    last = _build(root)
    assert last.wait(timeout=300) == 0
    final = _snapshot(site)
    assert set(final) >= {"fr/index.html", "en/index.html", "index.html"}
    # no leftovers: the published site, and the one before it, which the next build brings up to date
    folders = [p for p in (root / "_build").iterdir() if p.name.startswith(".site-")]
    assert len(folders) == 2 and os.readlink(site) in {p.name for p in folders}


def test_a_failing_build_keeps_the_published_site(tmp_path: Path) -> None:
    from builder.errors import BuildError
    from builder.outputs.site.build import build_site_report

    root = copy_root("test-basic", tmp_path / "p")
    build_site_report(root)
    site = root / "_build" / "site"
    good = _snapshot(site)
    (root / "templates" / "site").mkdir(parents=True)
    (root / "templates" / "site" / "topic.md.j2").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError):
        build_site_report(root)
    assert _snapshot(site) == good


def test_a_full_disk_during_build_gives_one_line_and_keeps_the_site(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC injected at the writer every page goes through (no tmpfs needed)."""
    import errno

    from builder.errors import BuildError
    from builder.outputs.site import build
    from builder.outputs.site.build import build_site_report

    root = copy_root("test-basic", tmp_path / "p")
    build_site_report(root)
    site = root / "_build" / "site"
    good = _snapshot(site)
    scenario = next((root / "content" / "scenarios").rglob("*.yaml"))
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("title:", "# edited\ntitle:", 1),
                        encoding="utf-8")

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(build, "write_bytes_atomic", full)
    with pytest.raises(BuildError) as caught:
        build_site_report(root)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("no space left on the disk while writing ") and " free): free some space" in message
    assert _snapshot(site) == good


@pytest.mark.browser
def test_a_full_disk_during_capture_gives_one_line_writes_the_report_and_keeps_the_images(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC injected where capture writes a scenario's manifest: one CaptureError line, report written."""
    import errno

    from builder.errors import CaptureError
    from builder.shots import store
    from tests.test_capture_language import WANDER, make_project, run
    from tests.tiny_platform import tiny_platform

    real = store.write_bytes_atomic

    def full(path: Path, data: bytes) -> None:
        if Path(path).name == "manifest.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    with tiny_platform({"query"}) as site:
        root = make_project(tmp_path / "p", "language_switch: {query_param: lang}\n", {"wander": WANDER})
        monkeypatch.setattr(store, "write_bytes_atomic", full)
        with pytest.raises(CaptureError) as caught:
            run(root, site.url, languages=["fr"])
    message = str(caught.value)
    assert "\n" not in message and message.startswith("no space left on the disk while writing ")
    assert "manifest.json" in message and "MB free): free some space" in message
    assert (root / "_build" / "capture-report.json").is_file()
    assert not (root / "screenshots" / "fr" / "wander" / "manifest.json").exists()  # nothing half-published


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_child_whose_build_died_before_it_asked_to_die_with_it_ends_at_once() -> None:
    """The build forks a language's process (or starts Pagefind) and is killed before the child's
    prctl: the kernel would never signal that child, which must see it was adopted and end."""
    from builder.outputs.site.search import die_with_parent

    for build, code in ((os.getpid(), 0), (os.getpid() + 4_000_000, 1)):  # its real parent; a build long gone
        child = os.fork()
        if child == 0:  # pragma: no cover - the child
            try:
                stop = die_with_parent(build)
                if stop is not None:
                    stop()
                    os._exit(0)
            finally:
                os._exit(2)  # never back into pytest
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == code, build
