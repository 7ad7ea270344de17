"""Upload rules: an allowlist of file types, a size cap per type, and a signature check."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    mime: str
    max_bytes: int
    magic: tuple[bytes, ...] = ()  # accepted leading bytes; empty means text, checked as UTF-8


_OFFICE = (b"PK\x03\x04",)  # OOXML and OpenDocument files are zip archives
ALLOWED: dict[str, FileType] = {
    "pdf": FileType("application/pdf", 5 * MB, (b"%PDF-",)),
    "png": FileType("image/png", 5 * MB, (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("image/jpeg", 5 * MB, (b"\xff\xd8\xff",)),
    "jpeg": FileType("image/jpeg", 5 * MB, (b"\xff\xd8\xff",)),
    "gif": FileType("image/gif", 5 * MB, (b"GIF87a", b"GIF89a")),
    "txt": FileType("text/plain; charset=utf-8", 1 * MB),
    "csv": FileType("text/csv; charset=utf-8", 1 * MB),
    "md": FileType("text/markdown; charset=utf-8", 1 * MB),
    "docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     5 * MB, _OFFICE),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     5 * MB, _OFFICE),
    "pptx": FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     5 * MB, _OFFICE),
    "odt": FileType("application/vnd.oasis.opendocument.text", 5 * MB, _OFFICE),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", 5 * MB, _OFFICE),
}


def extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def check(filename: str, data: bytes) -> tuple[FileType | None, str | None]:
    """Returns (file type, None) when acceptable, or (None, message key) when refused."""
    kind = ALLOWED.get(extension(filename))
    if kind is None:
        return None, "files.type_refused"
    if len(data) > kind.max_bytes:
        return None, "files.too_big"
    if not data:
        return None, "files.empty"
    if kind.magic and not data.startswith(kind.magic):
        return None, "files.content_mismatch"
    if not kind.magic:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None, "files.content_mismatch"
    return kind, None
