"""The atomic writer: whole files only, and the mode a published file needs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.atomicwrite import current_umask, write_bytes_atomic, write_text_atomic


@pytest.fixture
def umask() -> Iterator[object]:
    """Set the process umask for one test, and put the old one back."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_a_written_file_gets_the_mode_of_any_new_file(tmp_path: Path, umask, mask: int, expected: int) -> None:
    umask(mask)
    assert current_umask() == mask
    target = tmp_path / "site" / "index.html"
    write_text_atomic(target, "<!DOCTYPE html>\n")
    assert mode(target) == expected
    # the same as a file Python creates itself under this umask
    plain = tmp_path / "plain.html"
    plain.write_text("x", encoding="utf-8")
    assert mode(plain) == expected


def test_a_private_file_from_an_older_run_is_published_readable(tmp_path: Path, umask) -> None:
    umask(0o022)
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")
    target.chmod(0o600)  # what the writer used to leave (mkstemp's mode)
    write_bytes_atomic(target, b"%PDF-1.7\n")
    assert target.read_bytes() == b"%PDF-1.7\n" and mode(target) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("{}", encoding="utf-8")

    with pytest.raises(TypeError):
        write_bytes_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]
