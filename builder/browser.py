"""Find and launch Chromium: Playwright's own build, else a system Chromium or Chrome.

One engine does everything: it takes the screenshots and prints the handouts.
Playwright's bundled browser cannot be downloaded everywhere, so a system build
found on PATH is a first-class fallback. Running as root needs ``--no-sandbox``;
the networking flags stop Chromium from calling hosts it cannot reach.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.errors import CaptureError

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--font-render-hinting=none",
    "--hide-scrollbars",
    # Determinism: one raster thread, no partial raster, fixed colour profile and
    # greyscale text antialiasing; without these a few edge pixels vary run to run.
    "--force-color-profile=srgb",
    "--disable-partial-raster",
    "--num-raster-threads=1",
    "--disable-skia-runtime-opts",
    "--disable-lcd-text",
    "--disable-font-subpixel-positioning",
    # text_masks run as JavaScript regular expressions in the page: one that backtracks too much
    # falls back to V8's linear-time engine instead of hanging the capture.
    "--js-flags=--enable-experimental-regexp-engine-on-excessive-backtracks",
]

#: where a system Chromium started by a wrapper script (Debian's /usr/bin/chromium) keeps its programs
WRAPPED_LIBS = (Path("/usr/lib/chromium"), Path("/usr/lib/chromium-browser"))

SYSTEM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]

#: how to get a browser, shared by every "no Chromium" message (README, "Chromium")
INSTALL = ("install one with `apt-get install -y chromium` (Debian/Ubuntu; `make setup` does it) "
           "or `python -m playwright install chromium`, see README.md")

INSTALL_HINT = f"no Chromium found: {INSTALL}, or set HELPWRIGHT_CHROMIUM to its path"


def find_chromium(playwright: Playwright | None = None) -> str | None:
    """Path of the browser to launch, or None for Playwright's own build.

    Order: $HELPWRIGHT_CHROMIUM, Playwright's bundled Chromium if present, then a
    system browser on PATH. Raises :class:`CaptureError` when there is none.
    """
    explicit = os.environ.get("HELPWRIGHT_CHROMIUM")
    if explicit:
        path = Path(explicit)
        if not path.is_file() or not os.access(path, os.X_OK):
            what = "which is not a program" if path.exists() else "which does not exist"
            raise CaptureError(f"HELPWRIGHT_CHROMIUM points to {explicit}, {what}: set it to the path of a "
                               f"Chromium or Chrome program, or unset it to use the one on PATH; to get one, "
                               f"{INSTALL}")
        return explicit
    if playwright is not None:
        try:
            bundled = playwright.chromium.executable_path
        except Exception:  # noqa: BLE001 - Playwright raises a generic Error when unknown
            bundled = ""
        if bundled and Path(bundled).exists():
            return None
    for name in SYSTEM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for known in ("/usr/bin/chromium", *(str(lib / "chromium") for lib in WRAPPED_LIBS), "/opt/google/chrome/chrome"):
        if Path(known).exists():
            return known
    raise CaptureError(INSTALL_HINT)


#: the Playwright driver each thread holds while a :func:`playwright_driver` block of it runs
_DRIVERS = threading.local()


def _held() -> Playwright | None:
    """The driver an outer :func:`playwright_driver` block of this thread holds (the tests' fast-lane guard
    replaces this function to refuse it)."""
    return getattr(_DRIVERS, "driver", None)


@contextmanager
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver for a block: the one an outer block of this thread already holds, else one
    started for this block and stopped at its end.

    Starting a driver costs about half a processor-second (a Node process and its protocol), and
    Playwright's sync API allows one live driver per thread: a second ``sync_playwright()`` in a
    thread that holds one fails. So every part of Helpwright that drives a browser (capture, handout
    printing) starts its driver here, and a caller that runs several of them in one thread (a test
    session, a command that captures then prints) holds one for all. Other threads start their own.
    """
    held = _held()
    if held is not None:
        yield held
        return
    from playwright.sync_api import sync_playwright

    from builder.owner import owned_tempdir

    _hook_driver_env()
    # The driver keeps each browser's profile (`playwright_chromiumdev_profile-*`, about 1.3 MB) in its own
    # TMPDIR, and removes it as the browser closes: not when the driver is killed with the run (`kill -9` of the
    # process group, a CI job's timeout). In a folder of the run's, a later run removes what it left.
    with owned_tempdir("driver", browser_tmp_parent()) as tmp:
        manager = sync_playwright()
        _DRIVER_TMP.path = str(tmp)  # read by the driver's environment as it starts (see _driver_env), here only
        try:
            playwright = manager.__enter__()
        finally:
            _DRIVER_TMP.path = None
        try:
            _DRIVERS.driver = playwright
            yield playwright
        finally:
            _DRIVERS.driver = None
            manager.__exit__(None, None, None)


#: the TMPDIR of the driver this thread is starting (Playwright's sync API starts it in the calling thread)
_DRIVER_TMP = threading.local()


def _driver_env(original: Any) -> Any:
    """Playwright's environment for its driver, with this thread's :data:`_DRIVER_TMP` as TMPDIR when set.
    Not ``os.environ``: another thread's programs would take it while the driver starts."""
    def env() -> dict[str, str]:
        values: dict[str, str] = original()
        path = getattr(_DRIVER_TMP, "path", None)
        if path:
            values["TMPDIR"] = path
        return values

    env.helpwright = True  # type: ignore[attr-defined]
    return env


def _hook_driver_env() -> None:
    """Have Playwright's driver start with :func:`_driver_env` (its transport's own name for the function).
    Where a Playwright version has no such name, drivers start as before, with the run's TMPDIR
    (``tests/test_kill_cleanup.py`` then fails: it finds the profile left in the shared TMPDIR)."""
    try:
        from playwright._impl import transport
    except ImportError:
        return
    original = getattr(transport, "get_driver_env", None)
    if callable(original) and not getattr(original, "helpwright", False):
        transport.get_driver_env = _driver_env(original)


class BrowserPool:
    """Browsers a thread launched, kept between the captures it runs one after the other.

    A capture launches a browser per interface language and closes it at its end: about a fifth of
    a processor-second for the headless shell, half a second for the full ``chromium`` with its
    language probe. A caller that runs many captures in one thread (a test session) holds a pool
    (:func:`browser_pool`): a capture's worker in that thread then takes a browser launched the
    same way from it and gives it back at its end. Each capture still opens its own browser
    contexts, which share nothing (cookies, storage, cache).

    Each of its browsers carries a watchdog token of its own (:data:`builder.capture.watchdog.TOKEN_ENV`,
    :meth:`token`), which the worker using it watches, and keeps its temp files in ``tmp_dir``, which
    goes with the pool. A browser that went away (killed by the watchdog, crashed) is never given out again.
    """

    def __init__(self, driver: Playwright, tmp_dir: Path) -> None:
        self.driver, self.tmp_dir = driver, tmp_dir
        #: launch key (see :meth:`take`) → idle browsers, each with its token
        self._idle: dict[tuple[Any, ...], list[tuple[Browser, str]]] = {}
        self._all: list[Browser] = []

    @staticmethod
    def token() -> str:
        """A new watchdog token, for a browser about to be launched for the pool."""
        import secrets

        return f"{os.getpid()}-pool-{secrets.token_hex(6)}"

    def take(self, key: tuple[Any, ...]) -> tuple[Browser, str] | None:
        """An idle browser launched with ``key`` (the program, its arguments and environment) and its token,
        or None."""
        idle = self._idle.get(key, [])
        while idle:
            browser, token = idle.pop()
            if browser.is_connected():
                return browser, token
        return None

    def add(self, browser: Browser) -> None:
        """A browser launched for this pool: closed with it."""
        self._all.append(browser)

    def give(self, key: tuple[Any, ...], browser: Browser, token: str) -> None:
        """``browser`` is free again: the next :meth:`take` of ``key`` gets it. Its contexts are closed first."""
        if not browser.is_connected():
            return
        try:
            for context in list(browser.contexts):
                context.close()
        except Exception:  # noqa: BLE001 - Playwright's Error: the browser went away meanwhile
            return
        self._idle.setdefault(key, []).append((browser, token))

    def launched(self) -> list[Browser]:
        """Every browser launched for this pool so far (gone ones included)."""
        return list(self._all)

    def close(self) -> None:
        browsers, self._all, self._idle = self._all, [], {}
        for browser in browsers:
            try:
                browser.close()
            except Exception:  # noqa: BLE001, S110 - Playwright's Error: it went away already
                pass


#: the variables of the environment that may change what a browser does or shows: a pooled browser is only
#: taken by a launch with the same values (:func:`launch_key`)
POOL_ENV = ("PATH", "HOME", "TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "FONTCONFIG_FILE", "FONTCONFIG_PATH",
            "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE")


def launch_key(playwright: Playwright, *, ui_language: str | None, extra_args: tuple[str, ...] | list[str] = (),
               extra_env: dict[str, str] | None = None) -> tuple[Any, ...]:
    """What a headless :func:`launch_chromium` with these arguments starts, as a :class:`BrowserPool` key: the
    program chosen now (``HELPWRIGHT_CHROMIUM`` and ``PATH`` may have changed), its arguments, the
    environment it is given (:data:`POOL_ENV` of this process's)."""
    return (choose_chromium(playwright, ui_language=ui_language), tuple(extra_args),
            tuple(sorted((extra_env or {}).items())), tuple(os.environ.get(name) for name in POOL_ENV))


_POOLS = threading.local()


def held_pool(driver: Playwright | None) -> BrowserPool | None:
    """The pool an outer :func:`browser_pool` block of this thread holds for ``driver``, or None."""
    pool: BrowserPool | None = getattr(_POOLS, "pool", None)
    return pool if pool is not None and driver is not None and pool.driver is driver else None


@contextmanager
def browser_pool() -> Iterator[BrowserPool]:
    """Hold a :class:`BrowserPool` for this thread for the block, inside a :func:`playwright_driver` block
    (its browsers belong to that driver); an outer block's pool when there is one. Closes its browsers and
    removes their temp files at the end."""
    held: BrowserPool | None = getattr(_POOLS, "pool", None)
    if held is not None:
        yield held
        return
    from builder.owner import owned_tempdir

    with playwright_driver() as driver, owned_tempdir("chromium", browser_tmp_parent()) as tmp_dir:
        pool = BrowserPool(driver, tmp_dir)
        _POOLS.pool = pool
        try:
            yield pool
        finally:
            _POOLS.pool = None
            pool.close()


#: Chromium's old headless mode as a program of its own (Debian's ``chromium-headless-shell``, built from
#: the same source as its ``chromium``): none of the browser's window machinery, the same pixels, about 40%
#: less processor for a capture. Its own strings are built in and English only, so it serves only a browser
#: whose native controls (a file field's "Choose File") do not matter or must read in English.
HEADLESS_SHELL = "chromium-headless-shell"
#: the interface languages whose native strings the headless shell has
_SHELL_LANGUAGES = {"en", "en-us"}


def headless_shell_beside(executable: str) -> str | None:
    """The headless shell installed with the system Chromium at ``executable``, or None."""
    real = Path(executable).resolve()
    if "chromium" not in real.name and "chromium" not in Path(executable).name:
        return None  # Chrome or another browser: its own headless mode, whatever it is
    # beside the program; for a wrapper script (Debian's /usr/bin/chromium), where its program lives
    libs = WRAPPED_LIBS if is_script(real) else ()
    for candidate in (real.parent / HEADLESS_SHELL, *(lib / HEADLESS_SHELL for lib in libs)):
        # the program itself, not Debian's /usr/bin script that starts it (one process less)
        if candidate.is_file() and os.access(candidate, os.X_OK) and not is_script(candidate):
            return str(candidate)
    return None


def is_script(path: Path) -> bool:
    """Whether ``path`` is a script (``#!``), such as the wrappers that start a system Chromium."""
    try:
        with path.open("rb") as handle:
            return handle.read(2) == b"#!"
    except OSError:
        return False


def choose_chromium(playwright: Playwright | None, *, headed: bool = False,
                    ui_language: str | None = None) -> str | None:
    """The program to launch (None: Playwright's own build), the lightest that shows the same screen.

    ``ui_language`` is the language the browser's own controls must speak (None: they do not
    matter, as in printing). A system Chromium found on its own is replaced by its headless shell
    when one is installed beside it, the run is headless and that language is English;
    ``HELPWRIGHT_CHROMIUM`` is always launched as it is.
    """
    executable = find_chromium(playwright)
    english = ui_language is None or ui_language.replace("_", "-").lower() in _SHELL_LANGUAGES
    if executable is None:
        # Playwright's own build: headless, Playwright starts its own headless shell, English only too;
        # named, its full Chromium starts instead
        return None if english or headed or playwright is None else playwright.chromium.executable_path
    if headed or os.environ.get("HELPWRIGHT_CHROMIUM") or not english:
        return executable
    return headless_shell_beside(executable) or executable


#: Chromium's singleton socket is ``$TMPDIR/org.chromium.Chromium.XXXXXX/SingletonSocket`` and a
#: Unix socket's path holds 107 bytes: Chromium does not start in a TMPDIR longer than this
_MAX_TMP_DIR = 107 - len("/org.chromium.Chromium.XXXXXX/SingletonSocket")
#: where a browser's temp files go when TMPDIR is too long for Chromium
SHORT_TMP = Path("/tmp")
#: room for the ``helpwright-chromium-<pid>-<random>`` folder of :func:`browser_tmp_parent`
_OWNED_DIR_ROOM = len("/helpwright-chromium-4194304-abcdefgh")


def _fits(folder: Path | str, room: int = 0) -> bool:
    return len(os.fsencode(str(folder))) + room <= _MAX_TMP_DIR


def browser_tmp_parent() -> Path:
    """Where a run makes its browser's own temp folder: ``$TMPDIR``, or /tmp when that is too long."""
    tmp = Path(tempfile.gettempdir())
    return tmp if _fits(tmp, _OWNED_DIR_ROOM) or not SHORT_TMP.is_dir() else SHORT_TMP


def remote_launch_headers(headed: bool, extra_args: tuple[str, ...] | list[str]) -> dict[str, str]:
    """How a Playwright browser server (`playwright run-server`) should launch our Chromium.

    The server launches the browser itself; these options give it the flags that make captures
    pixel-identical and the interface language. ``HELPWRIGHT_REMOTE_CHROMIUM`` names a Chromium
    on the server's machine, for a server without Playwright's own build (it must then run with
    ``--unsafe``, which lets a client choose the executable: keep such a server on loopback).
    """
    options: dict[str, Any] = {"headless": not headed, "args": [*CHROMIUM_ARGS, *extra_args]}
    if os.environ.get("HELPWRIGHT_REMOTE_CHROMIUM"):
        options["executablePath"] = os.environ["HELPWRIGHT_REMOTE_CHROMIUM"]
    return {"x-playwright-launch-options": json.dumps(options)}


#: Chrome features the full browser runs for its own window and a page never shows. A new browser
#: context opens a window, and each window loads the address bar's WebUI pop-up in a renderer of its
#: own: turned off, a context with its first page, load and screenshot costs 0.42 instead of 0.77
#: processor-seconds (Debian's chromium 156). The headless shell has no such window.
IDLE_WINDOW_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup")
_DISABLE_FEATURES = "--disable-features="
#: Playwright's own ``--disable-features`` value, learned once per program (see :func:`_features_switch`)
_PLAYWRIGHTS_FEATURES: dict[str | None, str | None] = {}


def _features_switch(playwright: Playwright, executable: str | None, kwargs: dict[str, Any]) -> str | None:
    """One ``--disable-features=`` holding Playwright's list and :data:`IDLE_WINDOW_FEATURES`, or None.

    Chromium keeps only the last ``--disable-features`` it is given, and Playwright passes a list of
    its own (paint holding, HTTPS upgrades, …) that must keep working. So the first launch of a
    program in a process starts a browser once as Playwright would and reads its command line back
    (``Browser.getBrowserCommandLine``): the headless shell installed beside the program when there
    is one (less than half the processor of a full start), else the program; None when that cannot
    be read, and the browser then starts as Playwright starts it.
    """
    if executable not in _PLAYWRIGHTS_FEATURES:
        learned: str | None = None
        try:
            # Chromium answers with its command line only under --enable-automation
            program = (headless_shell_beside(executable) or executable) if executable else None
            probe = playwright.chromium.launch(executable_path=program, headless=True,
                                               args=[*CHROMIUM_ARGS, "--enable-automation"], **kwargs)
            try:
                argv = probe.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]
                learned = next((a.removeprefix(_DISABLE_FEATURES) for a in reversed(argv)
                                if a.startswith(_DISABLE_FEATURES)), "")
            finally:
                probe.close()
        except Exception:  # noqa: BLE001, S110 - Playwright's Error: the real launch reports a failure
            pass
        _PLAYWRIGHTS_FEATURES[executable] = learned
    learned = _PLAYWRIGHTS_FEATURES[executable]
    if learned is None:
        return None
    names = [name for name in learned.split(",") if name]
    return _DISABLE_FEATURES + ",".join([*names, *(f for f in IDLE_WINDOW_FEATURES if f not in names)])


def _full_browser(executable: str | None, headed: bool) -> bool:
    """Whether the program launched is a full Chrome with windows, not a headless shell."""
    if executable is None:
        return headed  # Playwright's own build: its headless shell unless headed
    return Path(executable).name != HEADLESS_SHELL


def launch_chromium(playwright: Playwright, *, headed: bool = False, endpoint: str | None = None,
                    tmp_dir: Path | None = None, extra_args: tuple[str, ...] | list[str] = (),
                    extra_env: dict[str, str] | None = None, **kwargs: Any) -> Browser:
    """Launch a local Chromium, or connect to a remote Playwright browser server.

    ``tmp_dir`` becomes the browser's TMPDIR, so what a killed Chromium leaves there
    (``org.chromium.Chromium.*``) goes with that folder (:func:`builder.owner.owned_tempdir`).
    ``extra_args`` and ``extra_env`` are added to the command line and environment
    (an interface language, for one). A ``--lang=`` among them is the language the browser's own
    controls must speak; without one they do not matter (:func:`choose_chromium`).
    """
    env = dict(extra_env or {})
    if tmp_dir is not None and _fits(tmp_dir):
        env["TMPDIR"] = str(tmp_dir)
    elif not _fits(tempfile.gettempdir()) and SHORT_TMP.is_dir():
        env["TMPDIR"] = str(SHORT_TMP)  # a deep TMPDIR (a CI's or a test's) would keep Chromium from starting
    if env:
        kwargs.setdefault("env", {**os.environ, **env})
    if endpoint:
        try:
            return playwright.chromium.connect(endpoint, headers=remote_launch_headers(headed, extra_args))
        except Exception as exc:  # noqa: BLE001
            raise CaptureError(f"cannot connect to the browser server at {endpoint}: {exc}") from None
    # Chromium takes the last --lang it is given
    ui_language = next((arg.partition("=")[2] for arg in reversed(extra_args) if arg.startswith("--lang=")), None)
    executable = choose_chromium(playwright, headed=headed, ui_language=ui_language)
    args = [*CHROMIUM_ARGS, *extra_args]
    if _full_browser(executable, headed) and not any(a.startswith(_DISABLE_FEATURES) for a in extra_args):
        switch = _features_switch(playwright, executable, kwargs)
        if switch:
            args.append(switch)  # the last one: Chromium takes it, Playwright's list included
    try:
        return playwright.chromium.launch(executable_path=executable, headless=not headed, args=args, **kwargs)
    except Exception as exc:  # noqa: BLE001
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CaptureError(f"cannot start Chromium ({executable or 'Playwright build'}): {first_line}: check that "
                           f"it is a working Chromium or Chrome (HELPWRIGHT_CHROMIUM chooses one), or {INSTALL}") from None
