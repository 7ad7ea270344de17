"""Chromium's own interface language, which its native controls are drawn in.

A page's words follow the platform's language, but some text inside a page is
Chromium's: the button and the "no file chosen" of ``<input type=file>``, among
others. Chromium takes it from its interface language, chosen once per browser
process (``--lang``, else ``LANGUAGE``/``LANG``), from its ``locales/<lang>.pak``
files. A French capture in an English browser shows "Choose File": so each capture
language gets its own browser (see :class:`builder.capture.session.Worker`).

Debian's ``chromium`` ships ``en-US.pak`` alone; ``chromium-l10n`` holds the others.
Playwright's own full builds ship them all (its headless shell is English only: a browser for
another language is launched from the full build). A language whose file is missing would fall
back to English without a word, so the run stops first (:func:`check_interface_languages`).

That check reads files where known Chromium builds keep them. Any other browser (a
remote one, an unknown layout) is judged by asking it (:func:`probe_interface_language`):
the message Chromium gives a required field left empty comes from the same strings as
its file picker, so a non-English capture whose browser answers in English stops, and a
browser that gives no message is reported as not judged rather than trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from builder.browser import WRAPPED_LIBS, is_script
from builder.errors import CaptureError

if TYPE_CHECKING:
    from playwright.sync_api import Browser

#: old language codes Chromium maps to the ones its files are named after
_ALIASES = {"no": "nb", "iw": "he", "tl": "fil"}


def interface_args(lang: str) -> list[str]:
    """Chromium's command-line flag for ``lang`` as its interface language."""
    return [f"--lang={_tag(lang)}"]


def interface_env(lang: str) -> dict[str, str]:
    """The environment a browser process in ``lang`` gets (what Chromium reads when ``--lang`` is absent)."""
    tag = _tag(lang)
    return {"LANGUAGE": tag.replace("-", "_"), "LANG": f"{tag.replace('-', '_')}.UTF-8"}


def locales_folder(executable: str) -> Path | None:
    """The ``locales`` folder of the Chromium at ``executable``, or None when it cannot be told."""
    real = Path(executable).resolve()
    beside = real.parent / "locales"
    if beside.is_dir():
        return beside
    if is_script(real):  # a wrapper: the program and its files live in /usr/lib/<name>/
        for lib in (real.parent.parent / "lib" / real.name, *WRAPPED_LIBS):
            if (lib / "locales").is_dir():
                return lib / "locales"
    return None


def has_interface_language(folder: Path, lang: str) -> bool:
    """Whether ``folder`` holds Chromium's strings for ``lang`` (``fr``, ``pt-BR``…) or its base language."""
    tag = _tag(lang)
    base = tag.split("-")[0].lower()
    base = _ALIASES.get(base, base)
    names = {path.stem.lower() for path in folder.glob("*.pak")}
    return tag.lower() in names or base in names or any(name.startswith(f"{base}-") for name in names)


def check_interface_languages(executable: str | None, langs: list[str]) -> None:
    """Raise :class:`CaptureError` when the system Chromium at ``executable`` lacks a capture language.

    ``None`` is Playwright's own build, which has every language; a browser whose
    files are not where a Chromium keeps them is not judged.
    """
    if executable is None:
        return
    folder = locales_folder(executable)
    if folder is None:
        return
    for lang in dict.fromkeys(langs):
        if not has_interface_language(folder, lang):
            raise CaptureError(f"Chromium has no {lang} interface strings (file pickers and other native "
                               f"controls would read in English): apt-get install -y chromium-l10n")


#: what an English Chromium says of a required field left empty (its `validationMessage`)
ENGLISH_REQUIRED = "Please fill out this field."
_PROBE = "() => { const i = document.createElement('input'); i.required = true; return i.validationMessage; }"


def probe_interface_language(browser: Browser, lang: str) -> str | None:
    """Ask a running browser which language its own strings are in.

    Raises :class:`CaptureError` when a browser meant for ``lang`` answers in English;
    returns a warning when it cannot tell (no message), None when it is in ``lang``'s strings.
    """
    if _tag(lang).split("-")[0].lower() == "en":
        return None
    context = browser.new_context()
    try:
        message = str(context.new_page().evaluate(_PROBE) or "")
    except Exception as exc:  # noqa: BLE001 - Playwright's generic Error: say it could not tell
        message, problem = "", str(exc).splitlines()[0]
    else:
        problem = "it gives no message for a required field"
    finally:
        context.close()
    if message.strip() == ENGLISH_REQUIRED:
        raise CaptureError(f"Chromium's own interface is in English, not {lang} (it says “{message}”): its "
                           f"native controls (a file field's button) would read in English on {lang} screenshots; "
                           f"give it its {lang} strings (Debian: apt-get install -y chromium-l10n; Playwright's "
                           "full build has them all, a headless shell English only) or set HELPWRIGHT_CHROMIUM "
                           "to a Chromium that has them")
    if not message.strip():
        return (f"could not tell the language of Chromium's own controls for {lang} ({problem}): check a file "
                f"field's button on a {lang} screenshot")
    return None


def _tag(lang: str) -> str:
    return lang.replace("_", "-")


__all__ = ["check_interface_languages", "has_interface_language", "interface_args", "interface_env",
           "locales_folder", "probe_interface_language"]
