"""Trash: deleted posts, pages and files; the owner or an administrator restores within 30 days."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from ..clock import parse_iso
from ..db import execute, one, query
from ..helpers import now, now_iso
from ..i18n import gettext as _
from ..security import can_edit, is_admin, login_required

bp = Blueprint("trash", __name__, url_prefix="/trash")
RETENTION = timedelta(days=30)
# kind -> (table, owner column)
KINDS = {"post": ("posts", "author_id"), "page": ("pages", "author_id"),
         "file": ("files", "owner_id")}
VIEWS = {"post": ("blog.view", "post_id"), "page": ("pages.view", "page_id"),
         "file": ("files.view", "file_id")}


def restorable_until(deleted_at: str) -> Any:
    deleted = parse_iso(deleted_at)
    assert deleted is not None
    return deleted + RETENTION


def move_to_trash(kind: str, item: Any, list_endpoint: str) -> Response:
    """Soft-delete an item its owner (or an admin) removes, then go back to its list."""
    table, owner = KINDS[kind]
    if not can_edit(item[owner]):
        abort(403)
    execute(f"UPDATE {table} SET deleted_at = ?, deleted_by = ? WHERE id = ?",
            (now_iso(), g.user["id"], item["id"]))
    flash(_("trash.moved"), "success")
    return redirect(url_for(list_endpoint))


@bp.get("")
@login_required
def index() -> str:
    items = []
    for kind, (table, owner) in KINDS.items():
        sql = (f"SELECT t.id, t.title, t.deleted_at, t.{owner} AS owner_id, "
               f"u.display_name AS owner_name FROM {table} t JOIN users u ON u.id = t.{owner} "
               "WHERE t.deleted_at IS NOT NULL")
        args: tuple[Any, ...] = ()
        if not is_admin():
            sql += f" AND t.{owner} = ?"
            args = (g.user["id"],)
        for row in query(sql, args):
            until = restorable_until(row["deleted_at"])
            items.append({**dict(row), "kind": kind, "until": until, "expired": now() > until})
    items.sort(key=lambda item: (item["deleted_at"], item["kind"], item["id"]), reverse=True)
    return render_template("trash/index.html", items=items)


@bp.post("/<kind>/<int:item_id>/restore")
@login_required
def restore(kind: str, item_id: int) -> Response:
    if kind not in KINDS:
        abort(404)
    table, owner = KINDS[kind]
    row = one(f"SELECT id, title, deleted_at, {owner} AS owner_id FROM {table} "
              "WHERE id = ? AND deleted_at IS NOT NULL", (item_id,))
    if row is None:
        abort(404)
    if not can_edit(row["owner_id"]):
        abort(403)
    if now() > restorable_until(row["deleted_at"]):
        flash(_("trash.expired_error"), "error")
        return redirect(url_for("trash.index"))
    execute(f"UPDATE {table} SET deleted_at = NULL, deleted_by = NULL WHERE id = ?", (item_id,))
    flash(_("trash.restored", title=row["title"]), "success")
    endpoint, arg = VIEWS[kind]
    values: dict[str, Any] = {arg: item_id}
    return redirect(url_for(endpoint, **values))
