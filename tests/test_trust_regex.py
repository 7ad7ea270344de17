"""No regular expression from content can hang anything (findings 4 and 5).

Python's `re` backtracks: `^([\\w.?=&/]+)+!$` in `expect: {url}` hung `check` (its probe URLs),
and a `text_masks` pattern hung `capture` for minutes, out of the watchdog's reach. Patterns now
run in RE2 (linear time); what RE2 cannot run (backreferences, lookaround) is refused at its line
with the reason, and Chromium falls back to V8's linear engine for in-page regexes that backtrack.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.content.saferegex import PatternError, compile_pattern
from builder.content.urlpattern import url_matches
from tests.fixtures_site import copy_root

REPO = Path(__file__).resolve().parent.parent
REDOS_URL = r"re:^([\w.?=&/]+)+!$"
REDOS_MASKS = [r"^(a+)+$", r"^([\w\s]+)+!", r"(x+x+)+y", r"^(\w+\s?)*$"]


def test_classic_redos_patterns_run_in_linear_time() -> None:
    subject = "a" * 200_000 + "!"
    for pattern in REDOS_MASKS:
        started = time.monotonic()
        compile_pattern(pattern).sub("X", subject)
        assert time.monotonic() - started < 2, pattern
    started = time.monotonic()
    assert not url_matches(REDOS_URL, "http://h/" + "a/" * 50_000 + "?")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(("pattern", "reason"), [
    (r"(\d+) \1", "a backreference"), (r"(?P<d>\d)(?P=d)", "a backreference"),
    (r"\d+(?= sec)", "a lookahead or lookbehind"), (r"(?<!x)y", "a lookahead or lookbehind"),
    (r"(?x) a b", "the linear-time engine (RE2) cannot run this pattern"),
])
def test_patterns_re2_cannot_run_are_refused_with_the_reason(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError) as caught:
        compile_pattern(pattern)
    assert caught.value.reason.startswith(reason)


@pytest.mark.slow
def test_check_answers_within_seconds_and_refuses_backreferences_at_their_line(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    platform = root / "content" / "platform.yaml"
    masks = "".join(f"  - {{pattern: '{p}', replace: 'x'}}\n" for p in [*REDOS_MASKS, r"(\d+):\1"])
    platform.write_text(platform.read_text(encoding="utf-8") + "text_masks:\n" + masks, encoding="utf-8")
    scenario = next((root / "content" / "scenarios").rglob("*.yaml"))
    scenario.write_text(scenario.read_text(encoding="utf-8")
                        + f"  - expect: {{url: '{REDOS_URL}'}}\n    say: Done.\n", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "builder", "check"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120, check=False)
    assert time.monotonic() - started < 30
    assert "Traceback" not in done.stderr + done.stdout
    lines = (done.stdout + done.stderr).splitlines()
    bad = [line for line in lines if "backreference" in line]
    line_no = len(platform.read_text(encoding="utf-8").splitlines())
    assert len(bad) == 1 and bad[0].startswith(f"content/platform.yaml:{line_no}:"), lines
    assert not [line for line in lines if scenario.name in line and "url" in line], lines  # RE2 runs it


@pytest.mark.slow
@pytest.mark.browser
def test_capture_with_a_catastrophic_text_mask_answers_within_seconds(tmp_path: Path) -> None:
    from tests.test_capture_language import make_project, run
    from tests.test_capture_textmasks import CLOCK
    from tests.tiny_platform import tiny_platform

    # `mis à jour il y a 3 secondes` holds 29 characters `[\w\s]` before its comma: Python's `re`
    # takes over a minute on it, per text node and per shot.
    masks = "text_masks:\n  - {pattern: '^([\\w\\s]+)+!', replace: 'x'}\n"
    with tiny_platform({"query"}) as site:
        root = make_project(tmp_path / "p", "language_switch: {query_param: lang}\n" + masks, {"clock": CLOCK},
                            start="/clock")
        started = time.monotonic()
        summary = run(root, site.url, languages=["fr"])
        assert summary.ok, [r.cause for r in summary.results]
        assert time.monotonic() - started < 60


# Last: the module's Chromium stays open until the module ends (capture starts its own).
@pytest.mark.browser
def test_in_page_regexes_fall_back_to_linear_time(chromium: object) -> None:
    page = chromium.new_page()  # type: ignore[attr-defined]
    try:
        started = time.monotonic()
        result = page.evaluate("() => /^(a+)+$/.test('a'.repeat(60) + '!')")
        assert result is False
        assert time.monotonic() - started < 10
    finally:
        page.close()
