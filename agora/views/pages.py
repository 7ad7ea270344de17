"""Wiki pages: create, edit, revision history, and annotations (margin notes) others can resolve."""
from __future__ import annotations

from sqlite3 import Row

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from ..db import execute, one, query, transaction
from ..helpers import (
    apply_order,
    authored_row,
    chosen_group,
    display_order,
    is_member,
    log_activity,
    now_iso,
    title_and_body,
    user_groups,
)
from ..i18n import gettext as _
from ..security import can_edit, login_required, require_owner
from .trash import move_to_trash

bp = Blueprint("pages", __name__, url_prefix="/pages")


def get_page(page_id: int) -> Row:
    page = authored_row("pages", page_id)
    if page is None:
        abort(404)
    return page


def latest_revision(page_id: int) -> Row:
    rev = one("SELECT * FROM revisions WHERE page_id = ? ORDER BY id DESC LIMIT 1", (page_id,))
    assert rev is not None, "every page has at least one revision"
    return rev


@bp.get("")
@login_required
def index() -> str:
    order = display_order("pages")
    rows = query("SELECT p.*, u.display_name AS author_name, gr.name AS group_name FROM pages p "
                 "JOIN users u ON u.id = p.author_id LEFT JOIN groups_ gr ON gr.id = p.group_id "
                 "WHERE p.deleted_at IS NULL")
    return render_template("pages/index.html", pages=apply_order(rows, order, date="updated_at"),
                           order=order)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | str:
    error = None
    if request.method == "POST":
        title, body, error = title_and_body()
        if error is None:
            stamp, group_id = now_iso(), chosen_group()
            with transaction():
                page_id = execute("INSERT INTO pages (author_id, group_id, title, created_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?)",
                                  (g.user["id"], group_id, title, stamp, stamp))
                execute("INSERT INTO revisions (page_id, author_id, title, body, summary, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (page_id, g.user["id"], title, body, _("pages.first_version"), stamp))
            log_activity("page_created", "page", page_id, title, group_id)
            flash(_("pages.created"), "success")
            return redirect(url_for("pages.view", page_id=page_id))
    selected = request.args.get("group", type=int)
    return render_template("pages/form.html", page=None, form=request.form, error=error,
                           groups=user_groups(g.user["id"]), selected_group=selected)


def may_annotate(page: Row) -> bool:
    return is_member(page["group_id"])


@bp.get("/view/<int:page_id>")
@login_required
def view(page_id: int) -> str:
    page = get_page(page_id)
    notes = query("SELECT a.*, u.display_name AS author_name, u.username AS author_username, "
                  "r.display_name AS resolver_name FROM annotations a "
                  "JOIN users u ON u.id = a.author_id LEFT JOIN users r ON r.id = a.resolved_by "
                  "WHERE a.page_id = ? ORDER BY a.resolved_at IS NOT NULL, a.created_at, a.id",
                  (page_id,))
    return render_template("pages/view.html", page=page, rev=latest_revision(page_id),
                           notes=notes, may_annotate=may_annotate(page),
                           annotating=request.args.get("annotate") == "1",
                           can_edit=can_edit(page["author_id"]))


@bp.route("/edit/<int:page_id>", methods=["GET", "POST"])
@login_required
def edit(page_id: int) -> Response | str:
    page = get_page(page_id)
    require_owner(page["author_id"])
    rev = latest_revision(page_id)
    error = None
    if request.method == "POST":
        title, body, error = title_and_body()
        if error is None:
            save_revision(page, title, body, request.form.get("summary", "").strip())
            flash(_("pages.saved"), "success")
            return redirect(url_for("pages.view", page_id=page_id))
    form = request.form if request.method == "POST" else {"title": rev["title"], "body": rev["body"]}
    return render_template("pages/form.html", page=page, form=form, error=error, groups=[],
                           selected_group=None)


def save_revision(page: Row, title: str, body: str, summary: str) -> None:
    stamp = now_iso()
    with transaction():
        execute("INSERT INTO revisions (page_id, author_id, title, body, summary, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (page["id"], g.user["id"], title, body, summary, stamp))
        execute("UPDATE pages SET title = ?, updated_at = ? WHERE id = ?", (title, stamp, page["id"]))
    log_activity("page_edited", "page", page["id"], title, page["group_id"])


@bp.get("/history/<int:page_id>")
@login_required
def history(page_id: int) -> str:
    page = get_page(page_id)
    revisions = query("SELECT r.*, u.display_name AS author_name FROM revisions r "
                      "JOIN users u ON u.id = r.author_id WHERE r.page_id = ? ORDER BY r.id DESC",
                      (page_id,))
    shown = None
    rev_id = request.args.get("rev", type=int)
    if rev_id is not None:
        shown = next((r for r in revisions if r["id"] == rev_id), None)
        if shown is None:
            abort(404)
    return render_template("pages/history.html", page=page, revisions=revisions, shown=shown,
                           can_edit=can_edit(page["author_id"]))


@bp.post("/history/<int:page_id>/restore/<int:rev_id>")
@login_required
def restore_revision(page_id: int, rev_id: int) -> Response:
    page = get_page(page_id)
    require_owner(page["author_id"])
    rev = one("SELECT * FROM revisions WHERE id = ? AND page_id = ?", (rev_id, page_id))
    if rev is None:
        abort(404)
    # The number the history shows (v1, v2…), not the database id shared by all pages.
    version = one("SELECT COUNT(*) AS n FROM revisions WHERE page_id = ? AND id <= ?",
                  (page_id, rev_id))
    save_revision(page, rev["title"], rev["body"],
                  _("pages.restored_summary", n=version["n"] if version else rev_id))
    flash(_("pages.revision_restored"), "success")
    return redirect(url_for("pages.view", page_id=page_id))


@bp.post("/<int:page_id>/annotate")
@login_required
def annotate(page_id: int) -> Response:
    page = get_page(page_id)
    if not may_annotate(page):
        abort(403)
    body = request.form.get("body", "").strip()
    if not body:
        flash(_("pages.note_empty"), "error")
        return redirect(url_for("pages.view", page_id=page_id, annotate=1) + "#annotation-form")
    execute("INSERT INTO annotations (page_id, author_id, quote, body, created_at) "
                      "VALUES (?, ?, ?, ?, ?)", (page_id, g.user["id"],
                                                 request.form.get("quote", "").strip(), body,
                                                 now_iso()))
    log_activity("annotation_added", "page", page_id, page["title"], page["group_id"])
    flash(_("pages.note_published"), "success")
    # No #note anchor: the page opens at the top, with the confirmation message in view.
    return redirect(url_for("pages.view", page_id=page_id))


@bp.post("/<int:page_id>/annotations/<int:note_id>/resolve")
@login_required
def resolve(page_id: int, note_id: int) -> Response:
    page = get_page(page_id)
    note = one("SELECT * FROM annotations WHERE id = ? AND page_id = ?", (note_id, page_id))
    if note is None:
        abort(404)
    if not (may_annotate(page) or can_edit(page["author_id"])):
        abort(403)
    if note["resolved_at"] is None:
        execute("UPDATE annotations SET resolved_by = ?, resolved_at = ? WHERE id = ?",
                (g.user["id"], now_iso(), note_id))
        log_activity("annotation_resolved", "page", page_id, page["title"], page["group_id"])
    flash(_("pages.note_resolved"), "success")
    return redirect(url_for("pages.view", page_id=page_id))


@bp.post("/<int:page_id>/delete")
@login_required
def delete(page_id: int) -> Response:
    return move_to_trash("page", get_page(page_id), "pages.index")
