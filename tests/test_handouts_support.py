"""Helpers shared by the handout tests: a copied sample project with Pillow-made screenshots."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).parent / "roots" / "test-handouts"


def make_project(dest: Path, *, skip: tuple[str, ...] = ("02.png",)) -> Path:
    """Copy the sample project and draw fake screenshots (each distinct, so none is blank)."""
    from PIL import Image, ImageDraw

    shutil.copytree(ROOT, dest)
    for lang in ("fr", "en"):
        for i, name in enumerate(("01.png", "02.png", "03.png", "result.png")):
            if name in skip:
                continue
            img = Image.new("RGB", (1280, 800), "white")
            draw = ImageDraw.Draw(img)
            draw.rectangle((0, 0, 1280, 56), fill=(20, 50, 80))
            draw.rectangle((80 + 40 * i, 140, 720, 420), outline=(210, 30, 30), width=6)
            draw.text((100, 160), f"{lang} {name}", fill="black")
            path = dest / "screenshots" / lang / "write-note" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            img.save(path)
    return dest


def pdf_text(path: Path) -> str:
    """All the text of a PDF, whitespace collapsed (line breaks fall anywhere)."""
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(path).pages))


def plain(markdown: str) -> str:
    markdown = re.sub(r"\{(?:guilabel|menuselection)\}`([^`]*)`", r"\1", markdown)
    return re.sub(r"\s+", " ", markdown.replace("**", "").replace("*", "")).strip()
