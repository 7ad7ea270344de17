"""The order in which pytest-xdist hands out test files (``--dist loadfile``): the longest first.

With ``--dist loadfile`` each worker runs whole files, and takes the next one in the queue when
it runs short. xdist's own queue puts the files with the most tests first, whatever they cost:
a file of six tests that takes three minutes could start last and end the run three minutes
after the other workers went idle. So, on xdist's workers (whose collection order is the queue's
order), the files known to be long go first, longest first (the greedy "longest processing
time" order: the short files fill the gaps at the end), and the files that read the demo site
(``demo_build``) go last but the one that builds it: they then find it built instead of each
waiting on its lock while their worker could run something else. ``LONG_FILES`` holds the
seconds each long file took in a serial run; a file missing there only starts later, so the
table needs no care beyond adding a new long file. The rest keep their collection order.
"""

from __future__ import annotations

import pytest

#: seconds a file's `browser or slow` tests took in a run of the lane as the Makefile runs it (`-n 5 --dist loadfile`,
#: `--durations=0`, summed per file, each test with its set-up: the first to use a session fixture pays for it; each
#: test two to three times slower than alone, the processes sharing two cores), for the files over 20 s; the one that
#: builds the demo site counts its build. Measured on the 2-core machine at the stop that made the visibility file's
#: trap pages many (it was 26 s).
LONG_FILES = {
    "tests/test_third_party_django.py": 431,
    "tests/test_capture_visibility.py": 339,
    "tests/test_accessibility.py": 222,  # builds the demo site first (demo_build)
    "tests/test_review.py": 193,
    "tests/test_capture_honesty.py": 188,
    "tests/test_injection.py": 186,
    "tests/test_first_run_errors.py": 163,
    "tests/test_benchmarks.py": 153,
    "tests/test_capture_language.py": 143,
    "tests/test_capture.py": 138,
    "tests/test_install.py": 120,
    "tests/test_trust_publish.py": 94,
    "tests/test_handouts.py": 92,
    "tests/test_capture_errors.py": 80,
    "tests/test_site_noop.py": 76,
    "tests/test_handouts_paper.py": 74,
    "tests/test_demo_jobs.py": 71,
    "tests/test_capture_textmasks.py": 71,
    "tests/test_store_swap.py": 70,
    "tests/test_handout_qr.py": 67,
    "tests/test_shards.py": 64,
    "tests/test_site.py": 57,
    "tests/test_kill_cleanup.py": 51,
    "tests/test_site_navtree.py": 45,
    "tests/test_highlight_contrast.py": 42,
    "tests/test_static.py": 40,
    "tests/test_concurrent_capture.py": 39,
    "tests/test_capture_selector.py": 39,
    "tests/test_search_quality.py": 38,
    "tests/test_page_paths.py": 34,
    "tests/test_scorm_runtime.py": 33,
    "tests/test_browser_pool.py": 32,
    "tests/test_site_drift.py": 30,
    "tests/test_step_kinds_agora.py": 29,
    "tests/test_login_language.py": 25,
    "tests/test_tours.py": 21,
    "tests/test_screenshot_paths.py": 21,
    "tests/test_glossary_synonyms.py": 21,
}
#: the file whose tests build the demo site for the others (see tests/fixtures_site.py)
DEMO_BUILDER = "tests/test_accessibility.py"


def pytest_configure(config: pytest.Config) -> None:
    # xdist would sort the files by their number of tests again (its --loadscope-reorder).
    if getattr(config.option, "dist", "no") in ("loadfile", "loadscope"):
        config.option.loadscopereorder = False


def file_of(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):
        return  # not an xdist worker: one process runs everything, the order makes no difference
    demo_readers = {file_of(item) for item in items if "demo_build" in getattr(item, "fixturenames", ())}

    def weight(path: str) -> float:
        if path in demo_readers and path != DEMO_BUILDER:
            return -1.0
        return LONG_FILES.get(path, 0.0)

    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(file_of(item), index)
    items.sort(key=lambda item: (-weight(file_of(item)), first_seen[file_of(item)]))
