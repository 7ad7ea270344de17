"""SQLite storage: one connection per request, schema created on demand."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import current_app, g

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, role TEXT NOT NULL DEFAULT 'member',
    lang TEXT, job_title TEXT NOT NULL DEFAULT '', department TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '', avatar TEXT, created_at TEXT NOT NULL, locked_until TEXT,
    session_gen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS login_failures (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS name_failures (
    name TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS name_locks (
    name TEXT PRIMARY KEY, locked_until TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS prefs (
    user_id INTEGER NOT NULL REFERENCES users(id), key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE TABLE IF NOT EXISTS groups_ (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '',
    owner_id INTEGER NOT NULL REFERENCES users(id), created_at TEXT NOT NULL,
    content_order TEXT NOT NULL DEFAULT 'newest'
);
CREATE TABLE IF NOT EXISTS group_invites (
    group_id INTEGER NOT NULL REFERENCES groups_(id), user_id INTEGER NOT NULL REFERENCES users(id),
    invited_by INTEGER NOT NULL REFERENCES users(id), created_at TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE TABLE IF NOT EXISTS memberships (
    group_id INTEGER NOT NULL REFERENCES groups_(id), user_id INTEGER NOT NULL REFERENCES users(id),
    joined_at TEXT NOT NULL, PRIMARY KEY (group_id, user_id)
);
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users(id),
    group_id INTEGER REFERENCES groups_(id), title TEXT NOT NULL, body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    published_at TEXT, deleted_at TEXT, deleted_by INTEGER
);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts(id),
    author_id INTEGER NOT NULL REFERENCES users(id), body TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES users(id),
    group_id INTEGER REFERENCES groups_(id), title TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL, deleted_at TEXT, deleted_by INTEGER
);
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL REFERENCES pages(id),
    author_id INTEGER NOT NULL REFERENCES users(id), title TEXT NOT NULL, body TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS annotations (
    id INTEGER PRIMARY KEY, page_id INTEGER NOT NULL REFERENCES pages(id),
    author_id INTEGER NOT NULL REFERENCES users(id), quote TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL, created_at TEXT NOT NULL, resolved_by INTEGER, resolved_at TEXT
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL REFERENCES users(id),
    group_id INTEGER REFERENCES groups_(id), title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL, stored_name TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL,
    created_at TEXT NOT NULL, deleted_at TEXT, deleted_by INTEGER
);
CREATE TABLE IF NOT EXISTS activity (
    id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), verb TEXT NOT NULL,
    object_type TEXT NOT NULL, object_id INTEGER NOT NULL, object_title TEXT NOT NULL,
    group_id INTEGER, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY, to_addr TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS password_resets (
    token TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), created_at TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
"""


def db_path(data_dir: Path) -> Path:
    return Path(data_dir) / "agora.sqlite3"


def uploads_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "uploads"


def connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: each statement commits; multi-statement work uses `transaction()`.
    conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def init_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def migrate(path: Path) -> None:
    """Bring a database made by an older Agora up to date (new tables and columns)."""
    conn = connect(path)
    try:
        init_schema(conn)
        columns = {row["name"] for row in conn.execute("PRAGMA table_info(users)")}
        if "session_gen" not in columns:
            conn.execute("ALTER TABLE users ADD COLUMN session_gen INTEGER NOT NULL DEFAULT 0")
        columns = {row["name"] for row in conn.execute("PRAGMA table_info(groups_)")}
        if "content_order" not in columns:
            conn.execute("ALTER TABLE groups_ ADD COLUMN content_order TEXT NOT NULL DEFAULT 'newest'")
    finally:
        conn.close()


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = connect(db_path(current_app.config["AGORA_DATA_DIR"]))
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def query(sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
    return get_db().execute(sql, tuple(args)).fetchall()


def one(sql: str, args: Iterable[Any] = ()) -> sqlite3.Row | None:
    return get_db().execute(sql, tuple(args)).fetchone()


def execute(sql: str, args: Iterable[Any] = ()) -> int:
    """Run a write statement and return the new row id."""
    cur = get_db().execute(sql, tuple(args))
    return cur.lastrowid or 0


class transaction:
    """`with transaction():` groups writes so they all land or none do."""

    def __enter__(self) -> sqlite3.Connection:
        conn = get_db()
        conn.execute("BEGIN")
        return conn

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        get_db().execute("ROLLBACK" if exc_type else "COMMIT")
