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
        def launch(self, executable_path: str | None, args: list[str], **_: object) -> str:
            if "--enable-automation" not in args:  # not the probe of Playwright's own features
                launched.append(executable_path)
            return "browser"

    class Playwright:
        chromium = Chromium()

    monkeypatch.setattr(browser, "_PLAYWRIGHTS_FEATURES", {})
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


class _Recording:
    """A Playwright whose browser answers the probe with ``features`` as Playwright's own list."""

    def __init__(self, features: str | None) -> None:
        self.launches: list[list[str]] = []
        outer = self

        class Probe:
            def new_browser_cdp_session(self) -> object:
                class Session:
                    def send(self, method: str) -> dict[str, list[str]]:
                        assert method == "Browser.getBrowserCommandLine"
                        if features is None:
                            raise RuntimeError("Protocol error: command line not returned")
                        return {"arguments": ["chromium", f"--disable-features={features}", "--lang=fr"]}
                return Session()

            def close(self) -> None:
                pass

        class Chromium:
            def launch(self, executable_path: str | None, args: list[str], **_: object) -> object:
                outer.launches.append(list(args))
                return Probe()

        self.chromium = Chromium()


def test_a_full_browser_keeps_playwrights_features_and_drops_the_window_popups(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "_PLAYWRIGHTS_FEATURES", {})
    pw = _Recording("PaintHolding,HttpsUpgrades,WebUIOmniboxPopup")
    for _ in range(2):
        browser.launch_chromium(pw, extra_args=["--lang=fr"])  # type: ignore[arg-type]
    probe, first, second = pw.launches  # the probe once per program, in this process
    assert "--enable-automation" in probe and "--enable-automation" not in first
    wanted = "--disable-features=PaintHolding,HttpsUpgrades,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup"
    assert first[-1] == second[-1] == wanted  # Chromium keeps the last one only: Playwright's list is in it


def test_the_headless_shell_and_a_features_switch_of_the_callers_are_left_as_they_are(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _program(layout / "lib" / browser.HEADLESS_SHELL)
    monkeypatch.setattr(browser, "_PLAYWRIGHTS_FEATURES", {})
    pw = _Recording("PaintHolding")
    browser.launch_chromium(pw, extra_args=["--lang=en"])  # type: ignore[arg-type]
    browser.launch_chromium(pw, extra_args=["--lang=fr", "--disable-features=Mine"])  # type: ignore[arg-type]
    assert len(pw.launches) == 2 and all("--enable-automation" not in a for a in pw.launches)
    assert [a for a in pw.launches[1] if a.startswith("--disable-features")] == ["--disable-features=Mine"]


def test_a_browser_that_does_not_tell_its_command_line_starts_as_playwright_starts_it(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "_PLAYWRIGHTS_FEATURES", {})
    pw = _Recording(None)
    browser.launch_chromium(pw, extra_args=["--lang=fr"])  # type: ignore[arg-type]
    assert not any(a.startswith("--disable-features") for a in pw.launches[-1])


@pytest.mark.browser
def test_a_real_full_browser_opens_windows_without_the_address_bar_popup() -> None:
    from builder.browser import playwright_driver

    with playwright_driver() as pw:
        program = browser.choose_chromium(pw, ui_language="fr")
        if program is not None and Path(program).name == browser.HEADLESS_SHELL:
            pytest.skip("French runs in a headless shell here")

        def popups(launched: object) -> list[str]:
            """The browser's own UI renderers once a window is open (given up to 3 s to show)."""
            import time

            context = launched.new_context()  # type: ignore[attr-defined]
            context.new_page().goto("about:blank")
            cdp = launched.new_browser_cdp_session()  # type: ignore[attr-defined]
            deadline = time.monotonic() + 3
            while True:
                targets = cdp.send("Target.getTargets", {"filter": [{}]})["targetInfos"]
                found = [t["url"] for t in targets if t["type"] == "browser_ui"]
                if found or time.monotonic() > deadline:
                    return found
                time.sleep(0.2)

        plain = pw.chromium.launch(executable_path=program, args=[*browser.CHROMIUM_ARGS, "--lang=fr"])
        try:
            before = popups(plain)
        finally:
            plain.close()
        ours = browser.launch_chromium(pw, extra_args=["--lang=fr", "--enable-automation"])
        try:
            assert popups(ours) == [], "the address bar's pop-up still loads in every window"
            argv = ours.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]
        finally:
            ours.close()
    switches = [a for a in argv if a.startswith("--disable-features=")]
    assert switches[-1].split("=", 1)[1].split(",")[:len(switches[0].split(","))] == \
        switches[0].split("=", 1)[1].split(","), "Playwright's own disabled features were dropped"
    # the pop-up's absence means something only where this build loads it (Debian's Chromium 156 does)
    if not any(url.startswith("chrome://omnibox-popup") for url in before):
        pytest.skip(f"this Chromium loads no address bar pop-up in a window ({before}): nothing to turn off")


@pytest.mark.browser
def test_blocks_of_one_thread_share_its_driver_and_another_thread_starts_its_own(playwright_session: object) -> None:
    import threading

    from builder.browser import launch_chromium, playwright_driver

    with playwright_driver() as outer:
        assert outer is playwright_session  # the session's, held in this thread
        with playwright_driver() as inner:
            assert inner is outer

    seen: list[object] = []

    def elsewhere() -> None:
        try:
            with playwright_driver() as own:
                seen.append(own)
                launch_chromium(own).close()  # it works: a driver of this thread's own
            seen.append(browser._held())  # stopped and let go at the block's end
        except BaseException as exc:  # noqa: BLE001 - reported below
            seen.append(exc)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join(60)
    assert len(seen) == 2 and seen[0] is not playwright_session and seen[1] is None, seen
    # The session's driver still serves this thread after the other one stopped.
    launch_chromium(playwright_session).close()  # type: ignore[arg-type]
