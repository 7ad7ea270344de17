"""Chromium's own words (a file field's button) follow the capture language.

A French capture in an English browser shows "Choose File" in a French page: the
screenshot would pass and lie. Each capture language gets a browser whose interface is
in that language, and a system Chromium without that language's strings stops the run.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from builder.capture.nativelang import (
    check_interface_languages,
    has_interface_language,
    interface_args,
    interface_env,
    locales_folder,
)
from builder.errors import CaptureError


def _ink_width(png: bytes) -> int:
    """How far right the non-white pixels of a screenshot reach."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    box = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert box is not None, "nothing drawn"
    return box[2]


@pytest.mark.browser
def test_a_browser_in_french_draws_a_file_field_in_french() -> None:
    from builder.browser import launch_chromium, playwright_driver

    widths = {}
    with playwright_driver() as pw:
        for lang in ("en", "fr"):
            browser = launch_chromium(pw, extra_args=interface_args(lang), extra_env=interface_env(lang))
            try:
                page = browser.new_page(locale=lang)
                page.set_content("<body style='margin:0;background:#fff'><input type=file></body>")
                widths[lang] = _ink_width(page.screenshot(clip={"x": 0, "y": 0, "width": 400, "height": 30}))
            finally:
                browser.close()
    # "Choisir un fichier  Aucun fichier choisi" is far wider than "Choose File  No file chosen".
    assert widths["fr"] > widths["en"] + 40, widths


def _chromium_programs(pid: int, besides: set[int] | frozenset[int] = frozenset()) -> dict[str, str]:
    """The program of each browser below ``pid`` (but the processes ``besides``), by the language of its ``--lang=``."""
    from tests.test_kill_cleanup import _descendants

    found = {}
    for child in set(_descendants(pid)) - set(besides):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            program = os.readlink(f"/proc/{child}/exe")
        except OSError:
            continue
        if not any(a.startswith(b"--type=") for a in argv):  # the browser's main process
            found.update((a.decode()[len("--lang="):], program) for a in argv if a.startswith(b"--lang="))
    return found


@pytest.mark.browser
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_capture_worker_starts_one_browser_per_language(capture_project_copy: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.browser import HEADLESS_SHELL, choose_chromium
    from builder.capture.logins import Logins
    from builder.capture.session import Worker
    from builder.content.loading import load_project
    from tests.test_kill_cleanup import _descendants

    # Launches are the subject: not the session's pool, whose idle browsers would also answer below
    monkeypatch.setattr("builder.browser.held_pool", lambda _driver: None)
    already = set(_descendants(os.getpid()))
    project = load_project(capture_project_copy)
    with ThreadPoolExecutor(1) as encoder:
        worker = Worker(project.platform, capture_project_copy / "content", Logins(), encoder, languages=["fr", "en"])
        worker.start()
        try:
            assert worker.browsers == {}, "a browser started before a capture needed it"
            worker.ready("fr")
            assert set(_chromium_programs(os.getpid(), already)) == {"fr"}
            worker.ready("en")
            assert set(worker.browsers) == {"fr", "en"}
            assert set(_chromium_programs(os.getpid(), already)) == {"fr", "en"}
            # English needs no strings beyond the headless shell's: it runs there when installed
            programs = _chromium_programs(os.getpid(), already)
            assert "headless" not in Path(programs["fr"]).name, programs
            expected = choose_chromium(worker._pw, ui_language="en")
            if expected is not None and HEADLESS_SHELL in Path(expected).name:
                assert programs["en"] == os.path.realpath(expected), programs
            else:  # no shell, or a program chosen by HELPWRIGHT_CHROMIUM: the same program
                assert programs["en"] == programs["fr"], programs
            first = worker.browsers["fr"]
            worker.ready("fr")
            assert worker.browsers["fr"] is first, "a running browser was started again"
        finally:
            worker.stop()
    assert worker.browsers == {}


def _fake_chromium(tmp_path: Path, paks: list[str]) -> Path:
    """A Debian-like layout: a wrapper script in bin/ and the program's files in lib/chromium/."""
    (tmp_path / "bin").mkdir()
    script = tmp_path / "bin" / "chromium"
    script.write_text("#!/bin/sh\nexec true\n")
    script.chmod(0o755)
    locales = tmp_path / "lib" / "chromium" / "locales"
    locales.mkdir(parents=True)
    for name in paks:
        (locales / name).write_bytes(b"")
    return script


def test_a_chromium_without_french_strings_stops_the_run(tmp_path: Path) -> None:
    script = _fake_chromium(tmp_path, ["en-US.pak"])
    assert locales_folder(str(script)) == tmp_path / "lib" / "chromium" / "locales"
    check_interface_languages(str(script), ["en"])  # English is there
    with pytest.raises(CaptureError) as err:
        check_interface_languages(str(script), ["en", "fr"])
    assert str(err.value) == ("Chromium has no fr interface strings (file pickers and other native controls "
                              "would read in English): apt-get install -y chromium-l10n")


def test_language_files_are_matched_by_tag_and_base_language(tmp_path: Path) -> None:
    folder = tmp_path / "locales"
    folder.mkdir()
    for name in ("en-US.pak", "fr.pak", "pt-BR.pak", "nb.pak"):
        (folder / name).write_bytes(b"")
    assert has_interface_language(folder, "fr")
    assert has_interface_language(folder, "fr-CA")  # falls back to fr
    assert has_interface_language(folder, "pt")  # pt-BR stands for Portuguese
    assert has_interface_language(folder, "no")  # Chromium's name for Norwegian is nb
    assert not has_interface_language(folder, "de")
    assert interface_args("pt_BR") == ["--lang=pt-BR"]
    assert interface_env("fr") == {"LANGUAGE": "fr", "LANG": "fr.UTF-8"}


def test_playwrights_own_build_is_not_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Playwright's own build carries every language: its files are not even looked at, while a
    system Chromium with the same missing strings is refused."""
    program = tmp_path / "chromium"
    program.write_bytes(b"\x7fELF")  # a program, not a wrapper script
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en-US.pak").write_bytes(b"")
    with pytest.raises(CaptureError, match="no ja interface strings"):
        check_interface_languages(str(program), ["ja"])

    looked: list[str] = []
    monkeypatch.setattr("builder.capture.nativelang.locales_folder", lambda path: looked.append(path))
    assert check_interface_languages(None, ["fr", "de", "ja"]) is None
    assert looked == []


@pytest.mark.browser
def test_any_running_chromium_is_asked_which_language_its_own_strings_are_in() -> None:
    """Whatever its files' layout: a browser for a language it has no strings for answers in English."""
    from builder.browser import launch_chromium, playwright_driver
    from builder.capture.nativelang import probe_interface_language

    with playwright_driver() as pw:
        for lang, english in (("fr", False), ("en", False), ("eo", True)):  # Chromium ships no Esperanto
            browser = launch_chromium(pw, extra_args=interface_args(lang), extra_env=interface_env(lang))
            try:
                if english:
                    with pytest.raises(CaptureError) as err:
                        probe_interface_language(browser, lang)
                    assert str(err.value).startswith(
                        "Chromium's own interface is in English, not eo (it says “Please fill out this field.”): "
                        "its native controls (a file field's button) would read in English on eo screenshots")
                else:
                    assert probe_interface_language(browser, lang) is None
            finally:
                browser.close()
