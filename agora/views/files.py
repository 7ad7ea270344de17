"""Files: upload (allowlisted types, size limits), list, details, download, edit, delete."""
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
    send_file,
    url_for,
)
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response

from .. import uploads
from ..db import execute, one, query, uploads_dir
from ..helpers import apply_order, display_order, is_member, log_activity, now_iso, user_groups
from ..i18n import format_size
from ..i18n import gettext as _
from ..security import can_edit, login_required, require_owner
from .trash import move_to_trash

bp = Blueprint("files", __name__, url_prefix="/files")


def get_file(file_id: int) -> Row:
    row = one("SELECT f.*, u.display_name AS owner_name, u.username AS owner_username, "
              "gr.name AS group_name FROM files f JOIN users u ON u.id = f.owner_id "
              "LEFT JOIN groups_ gr ON gr.id = f.group_id WHERE f.id = ? AND f.deleted_at IS NULL",
              (file_id,))
    if row is None:
        abort(404)
    return row


def limits() -> list[tuple[str, str]]:
    """(extensions, max size) pairs for the upload page, grouped by size."""
    by_size: dict[int, list[str]] = {}
    for ext, kind in uploads.ALLOWED.items():
        by_size.setdefault(kind.max_bytes, []).append(ext.upper())
    return [(", ".join(exts), format_size(size)) for size, exts in sorted(by_size.items())]


@bp.get("")
@login_required
def index() -> str:
    order = display_order("files")
    rows = query("SELECT f.*, u.display_name AS owner_name, gr.name AS group_name FROM files f "
                 "JOIN users u ON u.id = f.owner_id LEFT JOIN groups_ gr ON gr.id = f.group_id "
                 "WHERE f.deleted_at IS NULL")
    return render_template("files/index.html", files=apply_order(rows, order), order=order)


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload() -> Response | str | tuple[str, int]:
    error = None
    if request.method == "POST":
        incoming = request.files.get("file")
        title = request.form.get("title", "").strip()
        raw = request.form.get("group_id", "")
        group_id = int(raw) if raw.isdigit() and is_member(int(raw)) else None
        if not incoming or not incoming.filename:
            error = _("files.no_file")
        else:
            filename = secure_filename(incoming.filename) or "fichier"
            data = incoming.read()
            kind, problem = uploads.check(incoming.filename, data)
            if problem:
                error = _(problem, name=filename)
            else:
                assert kind is not None
                file_id = execute(
                    "INSERT INTO files (owner_id, group_id, title, description, filename, "
                    "stored_name, mime, size, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (g.user["id"], group_id, title or filename,
                     request.form.get("description", "").strip(), filename, "", kind.mime,
                     len(data), now_iso()))
                # Stored under a name we choose, never the user's, so paths cannot be forged.
                stored = f"file-{file_id}.{uploads.extension(filename)}"
                (uploads_dir(current_app.config["AGORA_DATA_DIR"]) / stored).write_bytes(data)
                execute("UPDATE files SET stored_name = ? WHERE id = ?", (stored, file_id))
                log_activity("file_uploaded", "file", file_id, title or filename, group_id)
                flash(_("files.uploaded"), "success")
                return redirect(url_for("files.view", file_id=file_id))
    status = 400 if error else 200
    return render_template("files/upload.html", error=error, form=request.form, limits=limits(),
                           groups=user_groups(g.user["id"]),
                           selected_group=request.args.get("group", type=int)), status


@bp.get("/<int:file_id>")
@login_required
def view(file_id: int) -> str:
    row = get_file(file_id)
    return render_template("files/view.html", file=row, can_edit=can_edit(row["owner_id"]))


@bp.get("/<int:file_id>/download")
@login_required
def download(file_id: int) -> Response:
    row = get_file(file_id)
    path = uploads_dir(current_app.config["AGORA_DATA_DIR"]) / row["stored_name"]
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=row["mime"], as_attachment=True, download_name=row["filename"])


@bp.route("/<int:file_id>/edit", methods=["GET", "POST"])
@login_required
def edit(file_id: int) -> Response | str:
    row = get_file(file_id)
    require_owner(row["owner_id"])
    if request.method == "POST":
        title = request.form.get("title", "").strip() or row["filename"]
        execute("UPDATE files SET title = ?, description = ? WHERE id = ?",
                (title, request.form.get("description", "").strip(), file_id))
        flash(_("files.saved"), "success")
        return redirect(url_for("files.view", file_id=file_id))
    return render_template("files/edit.html", file=row)


@bp.post("/<int:file_id>/delete")
@login_required
def delete(file_id: int) -> Response:
    return move_to_trash("file", get_file(file_id), "files.index")
