"""Where captures land: staging folders, the atomic swap, manifests and PNG files.

A scenario×language is written to ``screenshots/.staging/<run>/<lang>/<id>/`` and only
replaces ``screenshots/<lang>/<id>/`` once the whole scenario passed. The swap is two
``os.replace`` calls (old folder aside, new folder in); the old folder is kept until
the new one is in place and is restored by the next run if a kill fell in between.
So an interrupted run never leaves a half-written file among the published images.
Each run's staging folder names its owner process: captures running at once in one
project leave each other's staging alone, and their swaps take turns (``swap_lock``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.atomicwrite import write_bytes_atomic
from builder.owner import is_stale, make_owned_dir, pid_in

if TYPE_CHECKING:
    from builder.content.model import Platform

STAGING = ".staging"
MANIFEST = "manifest.json"
_OLD_SUFFIX = ".old"
#: ``.staging/run-<owner pid>-*``: one run's staged folders and the folders its swaps moved aside
_RUN_PREFIX = "run-"
#: ``screenshots/all/<id>/``: the one image set every language shows, for a one-language UI
#: (``language_switch: {none: true}``). Never a language code: those are two letters.
SHARED = "all"


def image_lang(platform: Platform | None, lang: str) -> str:
    """The folder under ``screenshots/`` holding the images a reader of ``lang`` sees.

    Every stage that reads or writes screenshots goes through this (or
    :func:`scenario_folder`), so a one-language UI keeps one image set: its scenarios
    are captured once into ``screenshots/all/`` and each language's pages show them.
    """
    if platform is not None and platform.language_switch.none:
        return SHARED
    return lang


def ui_lang(platform: Platform, folder_lang: str) -> str:
    """The language the UI is driven in (targets, texts typed) for a folder of ``image_lang``.

    The shared set of a one-language UI is captured in the first language.
    """
    return platform.languages[0] if folder_lang == SHARED else folder_lang


def scenario_folder(screenshots: Path, platform: Platform | None, lang: str, scenario_id: str) -> Path:
    """``screenshots/<lang>/<id>``, or ``screenshots/all/<id>`` for a one-language UI."""
    return screenshots / image_lang(platform, lang) / scenario_id


def staging_root(screenshots: Path) -> Path:
    return screenshots / STAGING


def recover_and_clean(screenshots: Path) -> None:
    """Put back the folders a killed run's swap moved aside, then drop that run's staging folder.

    Only runs whose owner process is gone are touched: another capture of the same project
    still running (in this process or another) keeps its staging folder and its swaps.
    """
    root = staging_root(screenshots)
    try:
        runs = sorted(root.glob(f"{_RUN_PREFIX}*"))
    except OSError:
        return
    for run in runs:
        if not run.is_dir() or not is_stale(run, pid_in(run.name, _RUN_PREFIX)):
            continue
        asides = sorted(run.glob(f"*{_OLD_SUFFIX}"))
        if asides:
            with swap_lock(screenshots):
                for old in asides:
                    lang, _, scenario = old.name.removesuffix(_OLD_SUFFIX).partition("__")
                    target = screenshots / lang / scenario
                    if not target.exists():
                        target.parent.mkdir(parents=True, exist_ok=True)
                        try:
                            os.replace(old, target)
                        except OSError:
                            pass  # another run put it back first
        shutil.rmtree(run, ignore_errors=True)


def new_staging(screenshots: Path) -> Path:
    """This run's ``.staging/run-<pid>-*`` folder, marked with its owner (see :mod:`builder.owner`)."""
    root = staging_root(screenshots)
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        write_bytes_atomic(ignore, b"*\n")
    return make_owned_dir(_RUN_PREFIX, root)


@contextmanager
def swap_lock(screenshots: Path) -> Iterator[None]:
    """One swap at a time in a project, across runs: two renames of one folder never interleave.

    A lock on the ``.staging`` folder itself (``flock``: the system drops it when its holder
    dies), so no lock file is left behind.
    """
    try:
        import fcntl
    except ImportError:  # no flock (Windows): swaps of one folder by two runs at once may clash
        yield
        return
    root = staging_root(screenshots)
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, without decoding the image."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return img.mode, img.size, img.tobytes()


def same_image(a: bytes, b: bytes) -> bool:
    """Whether two PNGs show the same pixels: the same bytes, or the same size (from the headers) and the
    same decoded mode and pixels, whatever encoded them (Chromium, for speed or not, or Pillow)."""
    if a == b:
        return True
    try:
        return png_size(a) == png_size(b) and _pixels(a) == _pixels(b)
    except Exception:  # noqa: BLE001 - a damaged image shows nothing to match
        return False


def final_png(data: bytes, published: Path | None = None) -> tuple[bytes, int, int]:
    """The bytes to publish for a screenshot, with its size.

    Chromium's own PNG is already zlib-compressed with adaptive filters, holds only
    IHDR/IDAT/IEND (no timestamp) and is the same for the same pixels, so it is kept
    as is: re-encoding it (Pillow ``optimize=True``) cost ~0.3 s of CPU per image for
    about 1 % of size. When the published image shows exactly the same pixels, its
    bytes are kept instead, so a recapture never rewrites an unchanged file, whatever
    encoder made it (an older Helpwright, another Chromium version). A PNG that Chromium
    compressed for speed (a quiet page's first frame, see
    :func:`builder.capture.shooting.still_frame`) is compressed again at zlib's usual
    level (about 16 ms, off the browser's path): within a few percent of Chromium's own size.
    """
    width, height = png_size(data)
    if published is not None and published.is_file():
        try:
            old = published.read_bytes()
        except OSError:  # a published file that cannot be read is simply replaced
            old = None
        if old is not None and same_image(old, data):
            return old, width, height
    if compressed_for_speed(data):
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            out = io.BytesIO()
            img.save(out, "PNG", compress_level=6)
        data = out.getvalue()
    return data, width, height


def compressed_for_speed(data: bytes) -> bool:
    """Whether the PNG's image data was compressed at zlib's fastest level (its first IDAT's header says so)."""
    at = 8
    while at + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT" and length >= 2:
            header = data[at + 8:at + 10]
            return len(header) == 2 and header[0] & 0x0F == 8 and header[1] >> 6 == 0
        at += 12 + length
    return False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_json_object(path: Path) -> dict[str, Any] | None:
    """A JSON file's object, or None when it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_json_atomic(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))


#: a screenshot's file name: ``NN.png`` (the shot before step NN) or ``result.png``
IMAGE_NAME = re.compile(r"(?:\d{1,3}|result)\.png")


def is_image_name(name: object) -> bool:
    """Whether ``name`` is what capture calls a screenshot (never a path: no folder, no ``..``)."""
    return isinstance(name, str) and IMAGE_NAME.fullmatch(name) is not None


def plain_file_inside(path: Path, root: Path) -> bool:
    """A file that is no link and really lies under ``root``: what may be read out of a screenshots folder.

    Screenshots arrive by merge request like content: a link there could publish any file.
    """
    return PlainFiles(root)(path)


class PlainFiles:
    """:func:`plain_file_inside` for many files of a few folders: each folder resolved once.

    A file that is itself no link, in a folder that resolves under ``root``, lies under ``root``:
    two system calls per file instead of a walk of its whole path. Made for one build: a folder
    replaced by a link after its first file was asked about is not seen.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[Path, bool] = {}

    def __call__(self, path: Path) -> bool:
        folder = path.parent
        inside = self._folders.get(folder)
        if inside is None:
            try:
                inside = folder.resolve().is_relative_to(self.root.resolve())
            except (OSError, RuntimeError):  # RuntimeError: a loop of links (Python 3.11)
                inside = False
            self._folders[folder] = inside
        try:
            return inside and stat.S_ISREG(os.lstat(path).st_mode)  # a file, and not a link
        except OSError:
            return False


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """A scenario's ``manifest.json``; None when missing, unreadable, or naming an image that is not
    a screenshot file name (a hand-edited manifest is treated as no capture at all)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    images = data.get("images", [])
    if not isinstance(images, list) or not all(isinstance(i, dict) and is_image_name(i.get("file")) for i in images):
        return None
    from builder.jsonshape import MANIFEST_SHAPE, shape_problem, tampered

    problem = shape_problem(data, MANIFEST_SHAPE)
    if problem:
        raise tampered(folder / MANIFEST, problem, "restore it with git (`git checkout -- screenshots/`) "
                       "or capture the scenario again")
    return data


def same_capture(old: dict[str, Any] | None, new: dict[str, Any], folder: Path) -> bool:
    """True when a published capture has the same definition and the same image bytes."""
    if not old or old.get("status") != "passed" or old.get("definition_hash") != new.get("definition_hash"):
        return False
    key = [(i.get("file"), i.get("sha256")) for i in old.get("images", [])]
    if key != [(i["file"], i["sha256"]) for i in new["images"]]:
        return False
    return all((folder / str(name)).is_file() for name, _ in key)


def publish(staged: Path, target: Path, run_dir: Path) -> None:
    """Swap a complete staged folder in place of the published one.

    ``run_dir`` is this run's staging folder, ``screenshots/.staging/run-*``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    aside = run_dir / f"{target.parent.name}__{target.name}{_OLD_SUFFIX}"
    with swap_lock(run_dir.parent.parent):
        had_old = target.exists()
        if had_old:
            os.replace(target, aside)
        try:
            os.replace(staged, target)
        except BaseException:
            if had_old and not target.exists():
                os.replace(aside, target)
            raise
    if had_old:
        shutil.rmtree(aside, ignore_errors=True)
