"""Where captures land: staging folders, the atomic swap, manifests and PNG files.

A scenario×language is written to ``screenshots/.staging/<run>/<lang>/<id>/`` and only
replaces ``screenshots/<lang>/<id>/`` once the whole scenario passed. The swap is two
``os.replace`` calls (old folder aside, new folder in); the old folder is kept until
the new one is in place and is restored by the next run if a kill fell in between.
So an interrupted run never leaves a half-written file among the published images.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

STAGING = ".staging"
MANIFEST = "manifest.json"
_OLD_SUFFIX = ".old"


def staging_root(screenshots: Path) -> Path:
    return screenshots / STAGING


def recover_and_clean(screenshots: Path) -> None:
    """Put back folders a killed swap moved aside, then drop every stale staging folder."""
    root = staging_root(screenshots)
    if not root.exists():
        return
    for run in sorted(root.iterdir()):
        for old in sorted(run.glob(f"*{_OLD_SUFFIX}")):
            lang, _, scenario = old.name.removesuffix(_OLD_SUFFIX).partition("__")
            target = screenshots / lang / scenario
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(old, target)
    shutil.rmtree(root, ignore_errors=True)


def new_staging(screenshots: Path) -> Path:
    root = staging_root(screenshots)
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        write_bytes_atomic(ignore, b"*\n")
    return Path(tempfile.mkdtemp(prefix="run-", dir=root))


def optimise_png(data: bytes) -> tuple[bytes, int, int]:
    """Re-encode losslessly and deterministically (no timestamps, fixed settings)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        img.load()
        if img.mode not in ("RGB", "RGBA"):
            img = img.convert("RGBA")
        out = io.BytesIO()
        img.save(out, format="PNG", optimize=True)
        return out.getvalue(), img.width, img.height


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json_atomic(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    write_bytes_atomic(path, text.encode("utf-8"))


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def same_capture(old: dict[str, Any] | None, new: dict[str, Any], folder: Path) -> bool:
    """True when a published capture has the same definition and the same image bytes."""
    if not old or old.get("status") != "passed" or old.get("definition_hash") != new.get("definition_hash"):
        return False
    key = [(i.get("file"), i.get("sha256")) for i in old.get("images", [])]
    if key != [(i["file"], i["sha256"]) for i in new["images"]]:
        return False
    return all((folder / str(name)).is_file() for name, _ in key)


def publish(staged: Path, target: Path, run_dir: Path) -> None:
    """Swap a complete staged folder in place of the published one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    aside = run_dir / f"{target.parent.name}__{target.name}{_OLD_SUFFIX}"
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
