"""Seeded demo data and the reset that restores it.

All seeded users share one password, read from the ``AGORA_DEMO_PASSWORD`` environment variable;
when it is unset the password is ``agora-demo-2026``. The password is never printed or logged.

``reset(data_dir, password)`` wipes the database and uploads and rebuilds them with fixed ids and
timestamps computed from ``REFERENCE`` (2026-03-02T09:30:00), so two resets show identical content.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..db import connect, db_path, init_schema, uploads_dir
from ..security import hash_password
from . import samples
from .content import ANNOTATIONS, FILES, GROUP_INVITES, GROUPS, PAGES, POSTS, REFERENCE, USERS

DEFAULT_PASSWORD = "agora-demo-2026"
MIME = {"pdf": "application/pdf", "png": "image/png", "txt": "text/plain"}

__all__ = ["DEFAULT_PASSWORD", "REFERENCE", "demo_password", "reset"]


def demo_password() -> str:
    return os.environ.get("AGORA_DEMO_PASSWORD") or DEFAULT_PASSWORD


def _password_hash(password: str, username: str) -> str:
    """The stored hash of a seeded user's password: every seeded user shares the one demo password, so they
    share one hash of it (one salt), made once per process. Hashing is deliberately slow (about 60 ms); a
    hash per user made every start of Agora cost over half a processor-second."""
    return _hash_of(password)


@lru_cache(maxsize=8)
def _hash_of(password: str) -> str:
    return hash_password(password)


def _later(stamp: str, **delta: float) -> str:
    return (datetime.fromisoformat(stamp) + timedelta(**delta)).isoformat()


def _deleted(days: int | None) -> str | None:
    return (REFERENCE - timedelta(days=days)).isoformat() if days is not None else None


def _file_bytes(kind: str, title: str) -> bytes:
    if kind == "pdf":
        return samples.pdf(title, ["Agora - document de demonstration.",
                                   "Contenu genere pour la demonstration de l'intranet."])
    if kind == "png":
        return samples.png()
    return samples.text([title, "", "Participants : David Moreau, Claire Dubois, Farid Benali.",
                         "Décision : lancement de la première vague en mars."])


def _fill(conn: sqlite3.Connection, password: str, upload_dir: Path) -> None:
    activity: list[tuple[Any, ...]] = []  # (when, user, verb, type, id, title, group)
    for uid, (username, name, role, email, job, dept, bio, created) in enumerate(USERS, start=1):
        conn.execute("INSERT INTO users (id, username, display_name, email, password_hash, role, "
                     "job_title, department, bio, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (uid, username, name, email, _password_hash(password, username), role, job,
                      dept, bio, created))
    for gid, (name, desc, owner, created, members) in enumerate(GROUPS, start=1):
        conn.execute("INSERT INTO groups_ (id, name, description, owner_id, created_at) "
                     "VALUES (?,?,?,?,?)", (gid, name, desc, owner, created))
        activity.append((created, owner, "group_created", "group", gid, name, gid))
        for n, member in enumerate(members):
            joined = created if member == owner else _later(created, days=n)
            conn.execute("INSERT INTO memberships VALUES (?,?,?)", (gid, member, joined))
            if member != owner:
                activity.append((joined, member, "group_joined", "group", gid, name, gid))
    for group, user, by, when in GROUP_INVITES:
        conn.execute("INSERT INTO group_invites VALUES (?,?,?,?)", (group, user, by, when))
    comment_id = 0
    for pid, (author, group, title, body, status, created, published, comments) in enumerate(
            POSTS, start=1):
        conn.execute("INSERT INTO posts (id, author_id, group_id, title, body, status, created_at, "
                     "updated_at, published_at) VALUES (?,?,?,?,?,?,?,?,?)",
                     (pid, author, group, title, body, status, created, created, published))
        if published:
            activity.append((published, author, "post_published", "post", pid, title, group))
        for c_author, c_body, c_created in comments:
            comment_id += 1
            conn.execute("INSERT INTO comments VALUES (?,?,?,?,?)",
                         (comment_id, pid, c_author, c_body, c_created))
            activity.append((c_created, c_author, "comment_added", "post", pid, title, group))
    rev_id = 0
    for page_id, (author, group, title, revisions, deleted) in enumerate(PAGES, start=1):
        first, last = revisions[0][3], revisions[-1][3]
        conn.execute("INSERT INTO pages (id, author_id, group_id, title, created_at, updated_at, "
                     "deleted_at, deleted_by) VALUES (?,?,?,?,?,?,?,?)",
                     (page_id, author, group, title, first, last, _deleted(deleted),
                      author if deleted is not None else None))
        for n, (r_author, body, summary, created) in enumerate(revisions):
            rev_id += 1
            conn.execute("INSERT INTO revisions VALUES (?,?,?,?,?,?,?)",
                         (rev_id, page_id, r_author, title, body, summary, created))
            if deleted is None:
                verb = "page_created" if n == 0 else "page_edited"
                activity.append((created, r_author, verb, "page", page_id, title, group))
    for note_id, (page_id, author, quote, body, created, resolved) in enumerate(ANNOTATIONS, 1):
        by, when = resolved if resolved else (None, None)
        conn.execute("INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?)",
                     (note_id, page_id, author, quote, body, created, by, when))
        page_title = PAGES[page_id - 1][2]
        activity.append((created, author, "annotation_added", "page", page_id, page_title, None))
        if resolved:
            activity.append((when, by, "annotation_resolved", "page", page_id, page_title, None))
    for fid, (owner, group, title, desc, filename, kind, created, deleted) in enumerate(FILES, 1):
        data = _file_bytes(kind, title)
        stored = f"file-{fid}.{kind}"
        (upload_dir / stored).write_bytes(data)
        conn.execute("INSERT INTO files (id, owner_id, group_id, title, description, filename, "
                     "stored_name, mime, size, created_at, deleted_at, deleted_by) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     (fid, owner, group, title, desc, filename, stored, MIME[kind], len(data),
                      created, _deleted(deleted), owner if deleted is not None else None))
        if deleted is None:
            activity.append((created, owner, "file_uploaded", "file", fid, title, group))
    # Insert in time order so activity ids follow the timeline.
    for n, (when, uid, verb, otype, oid, title, group) in enumerate(sorted(activity), start=1):
        conn.execute("INSERT INTO activity VALUES (?,?,?,?,?,?,?,?)",
                     (n, uid, verb, otype, oid, title, group, when))


def reset(data_dir: Path, password: str) -> None:
    """Replace the database and uploads under data_dir with the seeded demo data."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    upload_dir = uploads_dir(data_dir)
    shutil.rmtree(upload_dir, ignore_errors=True)
    upload_dir.mkdir()
    staging = data_dir / "agora.sqlite3.new"
    staging.unlink(missing_ok=True)
    conn = connect(staging)
    try:
        init_schema(conn)
        conn.execute("BEGIN")
        _fill(conn, password, upload_dir)
        conn.execute("COMMIT")
    finally:
        conn.close()
    # Swap in one step: a running server sees either the old database or the new one.
    os.replace(staging, db_path(data_dir))
