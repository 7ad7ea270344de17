"""Shared helpers: the clock, per-user preferences, the activity log and list ordering."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from flask import current_app, g, request

from .clock import iso
from .db import execute, one, query
from .i18n import gettext

SORT_ORDERS = ("newest", "oldest", "alpha")


def now() -> datetime:
    return current_app.config["AGORA_CLOCK"].now()


def now_iso() -> str:
    return iso(now())


def get_pref(user_id: int, key: str, default: str | None = None) -> str | None:
    row = one("SELECT value FROM prefs WHERE user_id = ? AND key = ?", (user_id, key))
    return row["value"] if row else default


def set_pref(user_id: int, key: str, value: str) -> None:
    execute("INSERT INTO prefs (user_id, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value", (user_id, key, value))


def log_activity(verb: str, object_type: str, object_id: int, title: str,
                 group_id: int | None = None) -> None:
    execute("INSERT INTO activity (user_id, verb, object_type, object_id, object_title, group_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (g.user["id"], verb, object_type, object_id, title, group_id, now_iso()))


def fold(text: str) -> str:
    """Accent- and case-insensitive sort key, so "Émilie" sorts with the E's."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold())
                   if unicodedata.category(c) != "Mn")


def display_order(list_name: str) -> str:
    """The order for a list: from ?sort= (and then remembered for the user) or the saved preference."""
    key = f"sort:{list_name}"
    wanted = request.args.get("sort")
    if wanted in SORT_ORDERS:
        if g.user is not None:
            set_pref(g.user["id"], key, wanted)
        return wanted
    if g.user is not None:
        saved = get_pref(g.user["id"], key)
        if saved in SORT_ORDERS:
            return saved
    return "newest"


def apply_order(rows: Sequence[Any], order: str, title: str = "title",
                date: str = "created_at") -> list[Any]:
    if order == "alpha":
        return sorted(rows, key=lambda r: (fold(r[title]), r["id"]))
    reverse = order == "newest"
    return sorted(rows, key=lambda r: (r[date] or "", r["id"]), reverse=reverse)


def user_groups(user_id: int) -> list[Any]:
    return query("SELECT g.* FROM groups_ g JOIN memberships m ON m.group_id = g.id "
                 "WHERE m.user_id = ? ORDER BY g.name", (user_id,))


def pending_invitations(user_id: int) -> list[Any]:
    """The group invitations waiting for a member's answer, oldest first."""
    return query("SELECT gr.id, gr.name, u.display_name AS inviter_name, i.created_at "
                 "FROM group_invites i JOIN groups_ gr ON gr.id = i.group_id "
                 "JOIN users u ON u.id = i.invited_by WHERE i.user_id = ? "
                 "ORDER BY i.created_at, gr.id", (user_id,))


def is_member(group_id: int | None) -> bool:
    if group_id is None or g.user is None:
        return g.user is not None
    return one("SELECT 1 FROM memberships WHERE group_id = ? AND user_id = ?",
               (group_id, g.user["id"])) is not None


def chosen_group() -> int | None:
    """The group picked in the submitted form, only if the user belongs to it."""
    raw = request.form.get("group_id", "")
    return int(raw) if raw.isdigit() and is_member(int(raw)) else None


def title_and_body() -> tuple[str, str, str | None]:
    """Title and body of the submitted form, plus the error to show when one is empty."""
    title = request.form.get("title", "").strip()
    body = request.form.get("body", "").strip()
    return title, body, None if title and body else gettext("form.required_title_body")


def authored_row(table: Literal["posts", "pages"], row_id: int) -> Any:
    """A live row of ``posts`` or ``pages`` with its author's and group's names, or None."""
    return one(f"SELECT p.*, u.display_name AS author_name, u.username AS author_username, "
               f"gr.name AS group_name FROM {table} p JOIN users u ON u.id = p.author_id "
               "LEFT JOIN groups_ gr ON gr.id = p.group_id "
               "WHERE p.id = ? AND p.deleted_at IS NULL", (row_id,))
