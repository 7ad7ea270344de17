"""Content files kept by their bytes (``builder.content.loadcache``): a load reads again only the files that
changed, gives the same project and the same problems as reading every file, and trusts nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.content import loadcache, loading
from builder.content.loading import load_project
from tests.fixtures_site import copy_root


def _read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files read and checked from their text (not taken from the cache), by name."""
    read: list[str] = []
    real = loading._load_model

    def counted(path: Path, *args: object) -> object:
        read.append(path.name)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "_load_model", counted)
    return read


def _summary(root: Path) -> tuple[list[str], dict[str, object], dict[str, object]]:
    project = load_project(root)
    return ([str(p) for p in project.problems],
            {sid: source.model.model_dump() for sid, source in project.scenarios.items()},
            {sid: (source.located.keys, source.located.values) for sid, source in project.scenarios.items()})


def test_a_load_reads_again_only_the_files_changed_and_gives_the_same_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    (root / "_build").mkdir()
    read = _read(monkeypatch)
    first = _summary(root)
    assert len(read) > 2 and (root / "_build" / loadcache.CACHE).is_file()
    read.clear()
    assert _summary(root) == first
    assert read == []
    # One scenario changed: that file alone is read, and a problem in it is found.
    scenario = min((root / "content" / "scenarios").rglob("*.yaml"))
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("steps:", "colour: red\nsteps:", 1),
                        encoding="utf-8")
    changed = _summary(root)
    assert read == [scenario.name]
    assert any("colour" in problem for problem in changed[0])
    read.clear()
    assert _summary(root) == changed and read == []  # the problem is kept with the file


def test_nothing_is_kept_without_a_build_folder_and_a_broken_or_foreign_cache_is_no_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    read = _read(monkeypatch)
    first = _summary(root)
    assert not (root / "_build").exists()  # `check` on a fresh project writes nothing
    (root / "_build").mkdir()
    cache = root / "_build" / loadcache.CACHE
    cache.write_bytes(b"not a pickle")
    read.clear()
    assert _summary(root) == first and len(read) > 2
    read.clear()
    assert _summary(root) == first and read == []  # written again, whole
    # Another Helpwright (its code's digest): every file is read again.
    monkeypatch.setattr(loadcache, "_code", "another")
    assert _summary(root) == first and len(read) > 2
    # The same files in another folder are read there: where a file is shows in its problems.
    copied = copy_root("test-basic", tmp_path / "q")
    (copied / "_build").mkdir()
    (copied / "_build" / loadcache.CACHE).write_bytes(cache.read_bytes())
    read.clear()
    load_project(copied)
    assert len(read) > 2


def test_a_first_build_keeps_the_files_once_it_has_made_its_build_folder(tmp_path: Path) -> None:
    root = copy_root("test-basic", tmp_path / "p")
    project = load_project(root)
    assert not (root / "_build").exists()
    (root / "_build").mkdir()  # what a build does next
    project.keep_loaded()
    assert (root / "_build" / loadcache.CACHE).is_file()


def test_the_checks_of_one_file_alone_are_kept_with_it_and_give_the_same_problems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.content import crossref, guards

    root = copy_root("test-basic", tmp_path / "p")
    (root / "_build").mkdir()
    log_in = root / "content" / "scenarios" / "account" / "log-in.yaml"
    text = log_in.read_text(encoding="utf-8")
    log_in.write_text(text.replace("say: {fr: Saisissez votre identifiant., en: Type your user name.}",
                                   'say: {fr: "  ", en: Type your user name.}', 1)
                      .replace("title: {fr: Se connecter, en: Log in}", "title: {fr: Se connecter}", 1),
                      encoding="utf-8")
    ran: list[str] = []
    blank, languages = guards._check_blank, crossref.check_languages

    def counted_blank(project: object, located: object, value: object, path: tuple[object, ...]) -> None:
        if path == ():
            ran.append(f"blank {located.display}")  # type: ignore[attr-defined]
        blank(project, located, value, path)  # type: ignore[arg-type]

    def counted_languages(project: object, source: object, langs: list[str]) -> None:
        ran.append(f"languages {source.located.display}")  # type: ignore[attr-defined]
        languages(project, source, langs)  # type: ignore[arg-type]

    monkeypatch.setattr(guards, "_check_blank", counted_blank)
    monkeypatch.setattr(crossref, "check_languages", counted_languages)
    first = _summary(root)
    assert any("is empty" in p and "log-in.yaml" in p for p in first[0])
    assert any("has no en version" in p and "log-in.yaml" in p for p in first[0])
    assert len(ran) >= 8
    ran.clear()
    assert _summary(root) == first
    assert not [r for r in ran if "scenarios" in r]  # every scenario's own checks were kept
    # The languages configured are read by the language check: another list, every file checked again.
    platform = root / "content" / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8").replace("languages: [fr, en]", "languages: [fr]"),
                        encoding="utf-8")
    load_project(root)
    assert sum(r.startswith("languages") for r in ran) >= 4
