"""Workers keep to one UI language while they can, so each runs one browser instead of one per language."""

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
