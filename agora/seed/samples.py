"""Small, valid sample files built in code, byte-for-byte the same on every run."""
from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 120, height: int = 60, colour: tuple[int, int, int] = (29, 91, 216)) -> bytes:
    """A banner: a coloured band with a lighter stripe, written without Pillow for stable bytes."""
    rows = []
    for y in range(height):
        shade = (191, 219, 254) if height // 3 <= y < 2 * height // 3 else colour
        rows.append(b"\x00" + bytes(shade) * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + _chunk(b"IEND", b""))


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and a few lines of text (ASCII only, Helvetica)."""
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = [f"BT /F1 18 Tf 72 760 Td ({esc(title)}) Tj ET"]
    for i, line in enumerate(lines):
        ops.append(f"BT /F1 11 Tf 72 {730 - 16 * i} Td ({esc(line)}) Tj ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>"),
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


def text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")
