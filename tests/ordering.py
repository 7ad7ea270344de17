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

#: seconds a file's `browser or slow` tests took one after the other (summed per file, each test with its
#: set-up: the first to use a session fixture pays for it), for the files over ~12 s; the one that builds
#: the demo site counts its build. Measured alone on the 2-core machine, after the site's images got faster.
LONG_FILES = {
    "tests/test_third_party_django.py": 126,
    "tests/test_capture_honesty.py": 101,
    "tests/test_capture_language.py": 69,
    "tests/test_capture.py": 66,
    "tests/test_capture_errors.py": 44,
    "tests/test_accessibility.py": 43,  # builds the demo site first (demo_build)
    "tests/test_injection.py": 36,
    "tests/test_review.py": 30,
    "tests/test_first_run_errors.py": 28,
    "tests/test_capture_textmasks.py": 27,
    "tests/test_capture_visibility.py": 26,
    "tests/test_benchmarks.py": 25,
    "tests/test_demo_jobs.py": 24,
    "tests/test_shards.py": 24,
    "tests/test_trust_publish.py": 24,
    "tests/test_install.py": 23,
    "tests/test_search_quality.py": 21,
    "tests/test_kill_cleanup.py": 21,
    "tests/test_store_swap.py": 20,
    "tests/test_capture_selector.py": 17,
    "tests/test_handouts.py": 16,
    "tests/test_handout_qr.py": 15,
    "tests/test_handouts_paper.py": 14,
    "tests/test_login_language.py": 13,
    "tests/test_step_kinds_agora.py": 12,
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
