"""The dashboard (activity stream) and the members directory."""
from __future__ import annotations

from sqlite3 import Row

from flask import Blueprint, g, render_template, url_for
from markupsafe import Markup, escape

from ..db import query
from ..helpers import apply_order, display_order, pending_invitations, user_groups
from ..i18n import markup
from ..security import login_required

bp = Blueprint("activity", __name__)

OBJECT_LINKS = {"post": ("blog.view", "post_id"), "page": ("pages.view", "page_id"),
                "file": ("files.view", "file_id"), "group": ("groups.view", "group_id")}


def activity_line(entry: Row) -> Markup:
    """"Alice Leroy published the post X", with both names linked and escaped."""
    actor = Markup('<a href="{}">{}</a>').format(
        url_for("profile.view", username=entry["username"]), entry["display_name"])
    endpoint, arg = OBJECT_LINKS[entry["object_type"]]
    obj = Markup('<a href="{}">{}</a>').format(
        url_for(endpoint, **{arg: entry["object_id"]}), entry["object_title"])
    return markup(f"act.{entry['verb']}", actor=actor, object=obj)


def recent_activity(limit: int = 25, user_id: int | None = None,
                    group_id: int | None = None) -> list[Row]:
    where, args = [], []
    if user_id is not None:
        where.append("a.user_id = ?")
        args.append(user_id)
    if group_id is not None:
        where.append("a.group_id = ?")
        args.append(group_id)
    sql = ("SELECT a.*, u.username, u.display_name FROM activity a JOIN users u ON u.id = a.user_id "
           + (f"WHERE {' AND '.join(where)} " if where else "")
           + "ORDER BY a.created_at DESC, a.id DESC LIMIT ?")
    return query(sql, (*args, limit))


@bp.app_context_processor
def _activity_helpers() -> dict[str, object]:
    return {"activity_line": activity_line, "escape": escape}


@bp.get("/dashboard")
@login_required
def dashboard() -> str:
    drafts = query("SELECT id, title FROM posts WHERE author_id = ? AND status = 'draft' "
                   "AND deleted_at IS NULL ORDER BY updated_at DESC", (g.user["id"],))
    return render_template("activity/dashboard.html", entries=recent_activity(),
                           groups=user_groups(g.user["id"]), drafts=drafts,
                           invitations=pending_invitations(g.user["id"]))


@bp.get("/members")
@login_required
def members() -> str:
    order = display_order("members")
    rows = query("SELECT * FROM users")
    return render_template("activity/members.html", order=order,
                           members=apply_order(rows, order, title="display_name"))
