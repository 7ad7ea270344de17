"""Groups: list, create, join, leave, and a group page with its posts, pages, files and members."""
from __future__ import annotations

from sqlite3 import Row

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..db import execute, one, query, transaction
from ..helpers import apply_order, display_order, is_member, log_activity, now_iso
from ..i18n import gettext as _
from ..security import can_edit, login_required, require_owner
from .activity import recent_activity

bp = Blueprint("groups", __name__, url_prefix="/groups")


def get_group(group_id: int) -> Row:
    group = one("SELECT gr.*, u.display_name AS owner_name, u.username AS owner_username, "
                "(SELECT COUNT(*) FROM memberships m WHERE m.group_id = gr.id) AS member_count "
                "FROM groups_ gr JOIN users u ON u.id = gr.owner_id WHERE gr.id = ?", (group_id,))
    if group is None:
        abort(404)
    return group


@bp.get("")
@login_required
def index() -> str:
    order = display_order("groups")
    rows = query("SELECT gr.*, (SELECT COUNT(*) FROM memberships m WHERE m.group_id = gr.id) "
                 "AS member_count, EXISTS(SELECT 1 FROM memberships m WHERE m.group_id = gr.id "
                 "AND m.user_id = ?) AS joined FROM groups_ gr", (g.user["id"],))
    return render_template("groups/index.html", groups=apply_order(rows, order, title="name"),
                           order=order)


def _validate(name: str, group_id: int | None = None) -> str | None:
    if not name:
        return _("groups.name_required")
    clash = one("SELECT id FROM groups_ WHERE name = ? COLLATE NOCASE", (name,))
    if clash and clash["id"] != group_id:
        return _("groups.name_taken")
    return None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | str:
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        error = _validate(name)
        if error is None:
            stamp = now_iso()
            with transaction():
                group_id = execute("INSERT INTO groups_ (name, description, owner_id, created_at) "
                                   "VALUES (?, ?, ?, ?)", (name, request.form.get(
                                       "description", "").strip(), g.user["id"], stamp))
                execute("INSERT INTO memberships VALUES (?, ?, ?)", (group_id, g.user["id"], stamp))
            log_activity("group_created", "group", group_id, name, group_id)
            flash(_("groups.created"), "success")
            return redirect(url_for("groups.view", group_id=group_id))
    return render_template("groups/form.html", group=None, form=request.form, error=error)


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def edit(group_id: int) -> Response | str:
    group = get_group(group_id)
    require_owner(group["owner_id"])
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        error = _validate(name, group_id)
        if error is None:
            execute("UPDATE groups_ SET name = ?, description = ? WHERE id = ?",
                    (name, request.form.get("description", "").strip(), group_id))
            flash(_("groups.saved"), "success")
            return redirect(url_for("groups.view", group_id=group_id))
    return render_template("groups/form.html", group=group, form=request.form or group, error=error)


@bp.get("/<int:group_id>")
@login_required
def view(group_id: int) -> str:
    group = get_group(group_id)
    members = query("SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id "
                    "WHERE m.group_id = ? ORDER BY m.joined_at, u.id", (group_id,))
    posts = query("SELECT p.*, u.display_name AS author_name FROM posts p JOIN users u "
                  "ON u.id = p.author_id WHERE p.group_id = ? AND p.status = 'published' "
                  "AND p.deleted_at IS NULL ORDER BY p.published_at DESC", (group_id,))
    pages = query("SELECT * FROM pages WHERE group_id = ? AND deleted_at IS NULL "
                  "ORDER BY updated_at DESC", (group_id,))
    files = query("SELECT * FROM files WHERE group_id = ? AND deleted_at IS NULL "
                  "ORDER BY created_at DESC", (group_id,))
    return render_template("groups/view.html", group=group, members=members, posts=posts,
                           pages=pages, files=files, joined=is_member(group_id),
                           can_edit=can_edit(group["owner_id"]),
                           entries=recent_activity(8, group_id=group_id))


@bp.post("/<int:group_id>/join")
@login_required
def join(group_id: int) -> Response:
    group = get_group(group_id)
    if not is_member(group_id):
        execute("INSERT INTO memberships VALUES (?, ?, ?)", (group_id, g.user["id"], now_iso()))
        log_activity("group_joined", "group", group_id, group["name"], group_id)
    flash(_("groups.joined", name=group["name"]), "success")
    return redirect(url_for("groups.view", group_id=group_id))


@bp.post("/<int:group_id>/leave")
@login_required
def leave(group_id: int) -> Response:
    group = get_group(group_id)
    if group["owner_id"] == g.user["id"]:
        flash(_("groups.owner_cannot_leave"), "error")
    else:
        execute("DELETE FROM memberships WHERE group_id = ? AND user_id = ?",
                (group_id, g.user["id"]))
        flash(_("groups.left", name=group["name"]), "success")
    return redirect(url_for("groups.view", group_id=group_id))
