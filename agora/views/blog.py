"""Blog: write, save as draft, publish, comment, moderate comments; drafts are visible only to
their author."""
from __future__ import annotations

from sqlite3 import Row

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..db import execute, one, query
from ..helpers import (
    apply_order,
    authored_row,
    chosen_group,
    display_order,
    log_activity,
    now_iso,
    title_and_body,
    user_groups,
)
from ..i18n import gettext as _
from ..security import can_edit, login_required, require_owner
from .trash import move_to_trash

bp = Blueprint("blog", __name__, url_prefix="/blog")


def get_post(post_id: int) -> Row:
    post = authored_row("posts", post_id)
    # A draft is nobody else's business: not even its existence.
    if post is None or (post["status"] == "draft" and not can_edit(post["author_id"])):
        abort(404)
    return post


def read_form() -> tuple[str, str, int | None, str | None]:
    """Title, body and group from the submitted form, plus an error message if incomplete."""
    title, body, error = title_and_body()
    return title, body, chosen_group(), error


@bp.get("")
@login_required
def index() -> str:
    order = display_order("blog")
    rows = query("SELECT p.*, u.display_name AS author_name, u.username AS author_username, "
                 "gr.name AS group_name, (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id) "
                 "AS comment_count FROM posts p JOIN users u ON u.id = p.author_id "
                 "LEFT JOIN groups_ gr ON gr.id = p.group_id WHERE p.deleted_at IS NULL "
                 "AND (p.status = 'published' OR p.author_id = ?)", (g.user["id"],))
    return render_template("blog/index.html", posts=apply_order(rows, order), order=order)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | str:
    error = None
    if request.method == "POST":
        title, body, group_id, error = read_form()
        if error is None:
            publish = request.form.get("action") == "publish"
            stamp = now_iso()
            post_id = execute("INSERT INTO posts (author_id, group_id, title, body, status, "
                              "created_at, updated_at, published_at) VALUES (?,?,?,?,?,?,?,?)",
                              (g.user["id"], group_id, title, body,
                               "published" if publish else "draft", stamp, stamp,
                               stamp if publish else None))
            if publish:
                log_activity("post_published", "post", post_id, title, group_id)
            flash(_("blog.published" if publish else "blog.draft_saved"), "success")
            return redirect(url_for("blog.view", post_id=post_id))
    return render_template("blog/form.html", post=None, form=request.form, error=error,
                           groups=user_groups(g.user["id"]),
                           selected_group=request.args.get("group", type=int))


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int) -> Response | str:
    post = get_post(post_id)
    require_owner(post["author_id"])
    error = None
    if request.method == "POST":
        title, body, group_id, error = read_form()
        if error is None:
            execute("UPDATE posts SET title = ?, body = ?, group_id = ?, updated_at = ? WHERE id = ?",
                    (title, body, group_id, now_iso(), post_id))
            if request.form.get("action") == "publish" and post["status"] == "draft":
                return _publish(post, title)
            flash(_("blog.saved"), "success")
            return redirect(url_for("blog.view", post_id=post_id))
    return render_template("blog/form.html", post=post, form=request.form or post, error=error,
                           groups=user_groups(g.user["id"]), selected_group=post["group_id"])


def _publish(post: Row, title: str) -> Response:
    execute("UPDATE posts SET status = 'published', published_at = ? WHERE id = ?",
            (now_iso(), post["id"]))
    log_activity("post_published", "post", post["id"], title, post["group_id"])
    flash(_("blog.published"), "success")
    return redirect(url_for("blog.view", post_id=post["id"]))


@bp.post("/<int:post_id>/publish")
@login_required
def publish(post_id: int) -> Response:
    post = get_post(post_id)
    require_owner(post["author_id"])
    if post["status"] == "published":
        return redirect(url_for("blog.view", post_id=post_id))
    return _publish(post, post["title"])


@bp.get("/<int:post_id>")
@login_required
def view(post_id: int) -> str:
    post = get_post(post_id)
    comments = query("SELECT c.*, u.display_name AS author_name, u.username AS author_username "
                     "FROM comments c JOIN users u ON u.id = c.author_id WHERE c.post_id = ? "
                     "ORDER BY c.created_at, c.id", (post_id,))
    return render_template("blog/view.html", post=post, comments=comments,
                           can_edit=can_edit(post["author_id"]),
                           moderates=moderates(post), user_id=g.user["id"])


def moderates(post: Row) -> bool:
    """Who may delete anyone's comment on a post: its author, its group's owner, administrators."""
    if can_edit(post["author_id"]):
        return True
    group = one("SELECT owner_id FROM groups_ WHERE id = ?", (post["group_id"],)) \
        if post["group_id"] else None
    return group is not None and group["owner_id"] == g.user["id"]


@bp.post("/<int:post_id>/comment")
@login_required
def comment(post_id: int) -> Response:
    post = get_post(post_id)
    body = request.form.get("body", "").strip()
    if post["status"] != "published" or not body:
        flash(_("blog.comment_empty"), "error")
        return redirect(url_for("blog.view", post_id=post_id))
    comment_id = execute("INSERT INTO comments (post_id, author_id, body, created_at) "
                         "VALUES (?, ?, ?, ?)", (post_id, g.user["id"], body, now_iso()))
    log_activity("comment_added", "post", post_id, post["title"], post["group_id"])
    flash(_("blog.comment_added"), "success")
    return redirect(url_for("blog.view", post_id=post_id) + f"#comment-{comment_id}")


@bp.post("/<int:post_id>/comments/<int:comment_id>/delete")
@login_required
def delete_comment(post_id: int, comment_id: int) -> Response:
    post = get_post(post_id)
    found = one("SELECT * FROM comments WHERE id = ? AND post_id = ?", (comment_id, post_id))
    if found is None:
        abort(404)
    # Everyone may take back their own comment; moderators may delete anyone's.
    if found["author_id"] != g.user["id"] and not moderates(post):
        abort(403)
    execute("DELETE FROM comments WHERE id = ?", (comment_id,))
    flash(_("blog.comment_deleted"), "success")
    return redirect(url_for("blog.view", post_id=post_id) + "#comments-heading")


@bp.post("/<int:post_id>/delete")
@login_required
def delete(post_id: int) -> Response:
    return move_to_trash("post", get_post(post_id), "blog.index")
