"""The capture runner's pieces: the job queue (workers keep to one UI language) and a Ctrl-C without tracebacks."""

from __future__ import annotations

from typing import Any

from builder.capture.runner import _JobQueue


def _jobs() -> list[tuple[Any, str, str]]:
    return [(f"s{i}", lang, "digest") for i in range(3) for lang in ("fr", "en")]


def test_each_worker_takes_its_own_language_first_then_helps_with_the_other() -> None:
    todo = _JobQueue(_jobs(), lambda lang: lang)  # type: ignore[arg-type]
    assert [todo.take(0)[:2] for _ in range(3)] == [("s0", "fr"), ("s1", "fr"), ("s2", "fr")]  # type: ignore[index]
    assert todo.take(1)[:2] == ("s0", "en")  # type: ignore[index]
    # Worker 0 has no French left: it takes from the language with the most jobs left.
    assert todo.take(0)[:2] == ("s1", "en")  # type: ignore[index]
    assert todo.take(1)[:2] == ("s2", "en")  # type: ignore[index]
    assert todo.take(0) is None and todo.take(1) is None


def test_every_job_is_taken_exactly_once_whatever_the_workers() -> None:
    for workers in (1, 2, 3, 5):
        todo = _JobQueue(_jobs(), lambda lang: "ui-" + lang)  # type: ignore[arg-type]
        taken = []
        while (item := todo.take(len(taken) % workers)) is not None:
            taken.append(item)
        assert sorted(taken) == sorted(_jobs())


def test_languages_that_share_a_ui_language_share_a_queue() -> None:
    todo = _JobQueue(_jobs(), lambda lang: "one")  # type: ignore[arg-type]
    assert [todo.take(1)[1] for _ in range(6)] == ["fr", "en", "fr", "en", "fr", "en"]  # type: ignore[index]


def test_after_ctrl_c_playwright_s_dying_driver_logs_no_traceback(caplog: Any) -> None:
    """Once interrupted, a reply for a call Playwright gave up on is a consequence: not shown to the user."""
    import logging

    import pytest

    from builder.capture.runner import Interruption

    logger = logging.getLogger("playwright")
    with caplog.at_level(logging.ERROR, logger="playwright"):
        logger.error("Error occurred in event listener", exc_info=RuntimeError("before"))
        assert len(caplog.records) == 1  # before an interruption, every error shows
        interruption = Interruption()
        with pytest.raises(KeyboardInterrupt):
            interruption._handle(2, None)
        try:
            logger.error("Error occurred in event listener", exc_info=RuntimeError("Cannot find command to respond"))
            assert len(caplog.records) == 1
        finally:
            for name in ("playwright", "asyncio"):
                for kept in list(logging.getLogger(name).filters):
                    logging.getLogger(name).removeFilter(kept)
