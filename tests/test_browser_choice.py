"""Which Chromium program a run launches: the headless shell where it shows the same screen.

Debian's ``chromium-headless-shell`` (Chromium's old headless mode) draws the same pixels as its
``chromium`` for about 40% less processor, but its own strings are English only: a browser whose
native controls must speak another language is the full ``chromium``. Here on a fake layout of
programs (files, never started); ``tests/test_native_language.py`` starts the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import browser


def _program(path: Path, *, script: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"#!/bin/sh\nexec true\n" if script else b"\x7fELF fake program")
    path.chmod(0o755)
    return path


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding Debian's wrapper script ``chromium``; the programs in ``lib/``."""
    bin_dir, lib = tmp_path / "bin", tmp_path / "lib"
    _program(bin_dir / "chromium", script=True)
    _program(lib / "chromium")
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("HELPWRIGHT_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "WRAPPED_LIBS", (lib,))
    return tmp_path


def test_the_shell_serves_english_and_browsers_whose_strings_do_not_matter(layout: Path) -> None:
    shell = str(_program(layout / "lib" / browser.HEADLESS_SHELL))
    for language in (None, "en", "en-US", "en_US", "EN"):
        assert browser.choose_chromium(None, ui_language=language) == shell, language


def test_other_languages_headed_runs_and_a_chosen_program_keep_the_full_chromium(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _program(layout / "lib" / browser.HEADLESS_SHELL)
    wrapper = str(layout / "bin" / "chromium")
    for language in ("fr", "en-GB", "pt-BR"):  # en-GB has its own strings ("Please fill in this field.")
        assert browser.choose_chromium(None, ui_language=language) == wrapper, language
    assert browser.choose_chromium(None, headed=True) == wrapper
    monkeypatch.setenv("HELPWRIGHT_CHROMIUM", wrapper)
    assert browser.choose_chromium(None, ui_language="en") == wrapper


def test_without_a_shell_or_with_only_its_script_the_full_chromium_runs(layout: Path) -> None:
    wrapper = str(layout / "bin" / "chromium")
    assert browser.choose_chromium(None, ui_language="en") == wrapper
    _program(layout / "bin" / browser.HEADLESS_SHELL, script=True)  # Debian's /usr/bin script: not the program
    assert browser.choose_chromium(None, ui_language="en") == wrapper


def test_a_shell_beside_the_program_itself_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = _program(tmp_path / "opt" / "chromium")
    shell = _program(tmp_path / "opt" / browser.HEADLESS_SHELL)
    monkeypatch.setattr(browser, "WRAPPED_LIBS", ())
    assert browser.headless_shell_beside(str(program)) == str(shell)
    chrome = _program(tmp_path / "opt" / "google-chrome")  # another browser: never paired with a Chromium shell
    assert browser.headless_shell_beside(str(chrome)) is None


def test_a_launch_with_a_language_flag_asks_for_that_language(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shell = str(_program(layout / "lib" / browser.HEADLESS_SHELL))
    launched: list[str | None] = []

    class Chromium:
        def launch(self, executable_path: str | None, **_: object) -> str:
            launched.append(executable_path)
            return "browser"

    class Playwright:
        chromium = Chromium()

    for args in ([], ["--lang=en"], ["--lang=fr"], ["--mute-audio", "--lang=pt-BR"], ["--lang=en", "--lang=fr"]):
        browser.launch_chromium(Playwright(), extra_args=args)  # type: ignore[arg-type]
    wrapper = str(layout / "bin" / "chromium")
    assert launched == [shell, shell, wrapper, wrapper, wrapper]  # Chromium takes the last --lang


def test_playwrights_own_build_is_named_for_another_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless, Playwright starts its own headless shell (English only) unless a program is named."""
    bundled = _program(tmp_path / "ms-playwright" / "chrome-linux" / "chrome")
    monkeypatch.delenv("HELPWRIGHT_CHROMIUM", raising=False)

    class Chromium:
        executable_path = str(bundled)

    class Playwright:
        chromium = Chromium()

    pw = Playwright()
    assert browser.choose_chromium(pw, ui_language="fr") == str(bundled)  # type: ignore[arg-type]
    assert browser.choose_chromium(pw, ui_language="en") is None  # type: ignore[arg-type]
    assert browser.choose_chromium(pw) is None  # type: ignore[arg-type]
    assert browser.choose_chromium(pw, headed=True, ui_language="fr") is None  # type: ignore[arg-type]


def test_only_a_wrapper_script_is_paired_with_the_system_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chromium of its own (a custom build on the PATH) never runs English in another build's shell."""
    lib = tmp_path / "lib"
    _program(lib / browser.HEADLESS_SHELL)
    monkeypatch.setattr(browser, "WRAPPED_LIBS", (lib,))
    assert browser.headless_shell_beside(str(_program(tmp_path / "custom" / "chromium"))) is None
    assert browser.headless_shell_beside(str(_program(tmp_path / "bin" / "chromium", script=True))) == \
        str(lib / browser.HEADLESS_SHELL)
