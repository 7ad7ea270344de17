"""Groups: list, create, join, leave, invitations, and a group page with its posts, pages, files
and members, shown in the order its owner chose."""
from __future__ import annotations

from sqlite3 import Row

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from ..db import execute, one, query, transaction
from ..helpers import SORT_ORDERS, apply_order, display_order, is_member, log_activity, now_iso
from ..i18n import gettext as _
from ..security import can_edit, is_admin, login_required, require_owner
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
                group_id = execute("INSERT INTO groups_ (name, description, owner_id, created_at, "
                                   "content_order) VALUES (?, ?, ?, ?, ?)",
                                   (name, request.form.get("description", "").strip(),
                                    g.user["id"], stamp, _content_order("newest")))
                execute("INSERT INTO memberships VALUES (?, ?, ?)", (group_id, g.user["id"], stamp))
            log_activity("group_created", "group", group_id, name, group_id)
            flash(_("groups.created"), "success")
            return redirect(url_for("groups.view", group_id=group_id))
    return render_template("groups/form.html", group=None, form=request.form, error=error,
                           orders=SORT_ORDERS)


@bp.route("/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def edit(group_id: int) -> Response | str:
    group = get_group(group_id)
    require_owner(group["owner_id"])
    error = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        error = _validate(name, group_id)
        owner_id = _new_owner(group) if error is None else group["owner_id"]
        if owner_id is None:
            error = _("groups.owner_not_member")
        if error is None:
            execute("UPDATE groups_ SET name = ?, description = ?, content_order = ?, owner_id = ? WHERE id = ?",
                    (name, request.form.get("description", "").strip(),
                     _content_order(group["content_order"]), owner_id, group_id))
            flash(_("groups.saved"), "success")
            return redirect(url_for("groups.view", group_id=group_id))
    # Administrators hand a group over to one of its members (the owner cannot leave it otherwise).
    candidates = query("SELECT id, display_name FROM users WHERE id = ? OR id IN "
                       "(SELECT user_id FROM memberships WHERE group_id = ?) ORDER BY display_name",
                       (group["owner_id"], group_id)) if is_admin() else []
    return render_template("groups/form.html", group=group, form=request.form or group, error=error,
                           orders=SORT_ORDERS, candidates=candidates)


def _new_owner(group: Row) -> int | None:
    """The owner picked in the form (administrators only), else the current one; None: not a member."""
    wanted = request.form.get("owner_id", "")
    if not is_admin() or not wanted or wanted == str(group["owner_id"]):
        return int(group["owner_id"])
    if not wanted.isdigit():
        return None
    member = one("SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id "
                 "WHERE m.group_id = ? AND u.id = ?", (group["id"], int(wanted)))
    return int(member["id"]) if member else None


def _content_order(current: str) -> str:
    """The display order picked in the group form; anything unknown keeps the current one."""
    wanted = request.form.get("content_order", "")
    return wanted if wanted in SORT_ORDERS else current


@bp.get("/<int:group_id>")
@login_required
def view(group_id: int) -> str:
    group = get_group(group_id)
    members = query("SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id "
                    "WHERE m.group_id = ? ORDER BY m.joined_at, u.id", (group_id,))
    posts = query("SELECT p.*, u.display_name AS author_name FROM posts p JOIN users u "
                  "ON u.id = p.author_id WHERE p.group_id = ? AND p.status = 'published' "
                  "AND p.deleted_at IS NULL", (group_id,))
    pages = query("SELECT * FROM pages WHERE group_id = ? AND deleted_at IS NULL", (group_id,))
    files = query("SELECT * FROM files WHERE group_id = ? AND deleted_at IS NULL", (group_id,))
    # The owner's choice, the same for every member (lists elsewhere follow each member's own).
    order = group["content_order"]
    manage = can_edit(group["owner_id"])
    return render_template("groups/view.html", group=group, members=members,
                           posts=apply_order(posts, order, date="published_at"),
                           pages=apply_order(pages, order, date="updated_at"),
                           files=apply_order(files, order), joined=is_member(group_id),
                           can_edit=manage, invitable=_invitable(group_id) if manage else [],
                           pending=_pending(group_id) if manage else [],
                           entries=recent_activity(8, group_id=group_id))


def _invitable(group_id: int) -> list[Row]:
    """Members of Agora who are neither in the group nor already invited to it."""
    return query("SELECT id, display_name FROM users u WHERE NOT EXISTS (SELECT 1 FROM memberships m "
                 "WHERE m.group_id = ? AND m.user_id = u.id) AND NOT EXISTS (SELECT 1 FROM "
                 "group_invites i WHERE i.group_id = ? AND i.user_id = u.id) "
                 "ORDER BY display_name COLLATE NOCASE, id", (group_id, group_id))


def _pending(group_id: int) -> list[Row]:
    return query("SELECT i.created_at, u.display_name FROM group_invites i JOIN users u "
                 "ON u.id = i.user_id WHERE i.group_id = ? ORDER BY i.created_at, u.id", (group_id,))


@bp.post("/<int:group_id>/invite")
@login_required
def invite(group_id: int) -> Response:
    group = get_group(group_id)
    require_owner(group["owner_id"])
    raw = request.form.get("user_id", "")
    invitee = one("SELECT * FROM users WHERE id = ?", (int(raw),)) if raw.isdigit() else None
    if invitee is None:
        flash(_("groups.invite_choose"), "error")
    elif invitee["id"] not in {row["id"] for row in _invitable(group_id)}:
        flash(_("groups.invite_already", name=invitee["display_name"]), "error")
    else:
        execute("INSERT INTO group_invites (group_id, user_id, invited_by, created_at) "
                "VALUES (?, ?, ?, ?)", (group_id, invitee["id"], g.user["id"], now_iso()))
        lang = invitee["lang"] or "fr"
        # Like reset links: the configured address, never the request's Host header.
        link = current_app.config["AGORA_BASE_URL"] + url_for("activity.dashboard")
        execute("INSERT INTO outbox (to_addr, subject, body, created_at) VALUES (?, ?, ?, ?)",
                (invitee["email"], _("mail.invite_subject", lang, group=group["name"]),
                 _("mail.invite_body", lang, name=invitee["display_name"],
                   inviter=g.user["display_name"], group=group["name"], link=link), now_iso()))
        flash(_("groups.invite_sent", name=invitee["display_name"]), "success")
    return redirect(url_for("groups.view", group_id=group_id) + "#group-invite")


@bp.post("/<int:group_id>/invitation/<answer>")
@login_required
def answer_invitation(group_id: int, answer: str) -> Response:
    group = get_group(group_id)
    if answer not in ("accept", "decline"):
        abort(404)
    invited = one("SELECT 1 FROM group_invites WHERE group_id = ? AND user_id = ?",
                  (group_id, g.user["id"]))
    if invited is None:
        abort(404)
    execute("DELETE FROM group_invites WHERE group_id = ? AND user_id = ?", (group_id, g.user["id"]))
    if answer == "decline":
        flash(_("groups.invite_declined", name=group["name"]), "success")
        return redirect(url_for("activity.dashboard"))
    return join(group_id)


@bp.post("/<int:group_id>/join")
@login_required
def join(group_id: int) -> Response:
    group = get_group(group_id)
    if not is_member(group_id):
        with transaction():
            execute("INSERT INTO memberships VALUES (?, ?, ?)", (group_id, g.user["id"], now_iso()))
            execute("DELETE FROM group_invites WHERE group_id = ? AND user_id = ?",
                    (group_id, g.user["id"]))
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
