"""Avatars: deterministic initials drawn as SVG, or an uploaded photo normalised to a 256px PNG."""
from __future__ import annotations

import hashlib
import io

from markupsafe import escape
from PIL import Image, UnidentifiedImageError

PALETTE = ["#1d5bd8", "#0f766e", "#b45309", "#7c3aed", "#be185d", "#15803d", "#0369a1", "#9a3412"]
MAX_AVATAR_BYTES = 2 * 1024 * 1024
AVATAR_SIZE = 256


def initials(display_name: str) -> str:
    parts = [p for p in display_name.replace("-", " ").split() if p]
    letters = "".join(p[0] for p in parts[:2]) or "?"
    return letters.upper()


def initials_svg(username: str, display_name: str) -> str:
    # Colour from a stable hash of the username, so the same person always gets the same colour.
    # Byte 16 of the digest happens to give the six demo users six different colours.
    colour = PALETTE[hashlib.sha256(username.encode()).digest()[16] % len(PALETTE)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">'
        f'<rect width="96" height="96" fill="{colour}"/>'
        '<text x="48" y="50" dy=".35em" text-anchor="middle" fill="#fff" font-size="38" '
        'font-weight="600" font-family="system-ui, \'Segoe UI\', Roboto, \'Liberation Sans\', '
        f'Arial, sans-serif">{escape(initials(display_name))}</text></svg>'
    )


def normalise_upload(data: bytes) -> bytes | None:
    """Decode any image Pillow understands, crop to a square and re-encode as PNG.

    Re-encoding drops whatever else the upload carried (metadata, scripts in polyglots).
    Returns None when the bytes are not an image.
    """
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            image = img.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((AVATAR_SIZE, AVATAR_SIZE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
