"""Administration: users (unlock, reset password), CSV import/export of members, the mail outbox."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from .. import csv_members, lockout
from ..clock import parse_iso
from ..db import execute, one, query, transaction
from ..helpers import now, now_iso
from ..i18n import gettext as _
from ..security import admin_required, hash_password, keep_own_session, revoke_sessions
from .auth import MIN_PASSWORD, send_reset_link

bp = Blueprint("admin", __name__, url_prefix="/admin")
UNUSABLE_PASSWORD = "!"


@bp.get("")
@admin_required
def index() -> str:
    counts = {key: one(f"SELECT COUNT(*) AS n FROM {table}{where}")["n"]  # type: ignore[index]
              for key, table, where in (
                  ("members", "users", ""), ("groups", "groups_", ""),
                  ("posts", "posts", " WHERE deleted_at IS NULL"),
                  ("pages", "pages", " WHERE deleted_at IS NULL"),
                  ("files", "files", " WHERE deleted_at IS NULL"),
                  ("outbox", "outbox", ""))}
    locked = sum(1 for u in query("SELECT locked_until FROM users WHERE locked_until IS NOT NULL")
                 if (parse_iso(u["locked_until"]) or now()) > now())
    return render_template("admin/index.html", counts=counts, locked=locked)


@bp.get("/users")
@admin_required
def users() -> str:
    rows = query("SELECT * FROM users ORDER BY display_name COLLATE NOCASE, id")
    current = now()
    members = [{**dict(u), "locked": bool(u["locked_until"]) and
                (parse_iso(u["locked_until"]) or current) > current} for u in rows]
    return render_template("admin/users.html", members=members)


@bp.post("/users/<int:user_id>/unlock")
@admin_required
def unlock(user_id: int) -> BaseResponse:
    member = one("SELECT * FROM users WHERE id = ?", (user_id,))
    if member is None:
        abort(404)
    lockout.clear(user_id)
    flash(_("admin.unlocked", name=member["display_name"]), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@admin_required
def password(user_id: int) -> BaseResponse | str:
    member = one("SELECT * FROM users WHERE id = ?", (user_id,))
    if member is None:
        abort(404)
    error = None
    if request.method == "POST":
        if request.form.get("mode") == "link":
            send_reset_link(member)
            flash(_("admin.link_sent", name=member["display_name"]), "success")
            return redirect(url_for("admin.users"))
        new = request.form.get("password", "")
        if len(new) < MIN_PASSWORD:
            error = _("auth.password_short", n=MIN_PASSWORD)
        elif new != request.form.get("confirm", ""):
            error = _("auth.password_mismatch")
        else:
            execute("UPDATE users SET password_hash = ? WHERE id = ?",
                    (hash_password(new), user_id))
            lockout.clear(user_id)
            revoke_sessions(user_id)  # whoever holds a session of this account is logged out
            keep_own_session(user_id)
            flash(_("admin.password_reset", name=member["display_name"]), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/password.html", member=member, error=error)


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_members() -> str | tuple[str, int]:
    result = imported = None
    if request.method == "POST":
        upload = request.files.get("csv_file")
        if not upload or not upload.filename:
            flash(_("import.no_file"), "error")
            return render_template("admin/import.html", result=None, imported=None,
                                   columns=csv_members.COLUMNS), 400
        existing = query("SELECT username, email FROM users")
        result = csv_members.validate(upload.read(), [u["username"] for u in existing],
                                      [u["email"] for u in existing])
        if not result.errors:
            imported = _create_members(result.rows)
    status = 400 if result and result.errors else 200
    return render_template("admin/import.html", result=result, imported=imported,
                           columns=csv_members.COLUMNS), status


def _create_members(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    stamp = now_iso()
    with transaction():
        for row in rows:
            execute("INSERT INTO users (username, display_name, email, password_hash, role, lang, "
                    "job_title, department, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (row["username"], row["display_name"], row["email"].lower(),
                     # "!" matches no password (it is not a hash): new members choose theirs
                     # from the e-mailed link. Hashing a random one per row would be slow.
                     UNUSABLE_PASSWORD,
                     (row.get("role") or "member").lower(), (row.get("language") or "").lower()
                     or None, row.get("job_title", ""), row.get("department", ""), stamp))
    for row in rows:
        member = one("SELECT * FROM users WHERE username = ?", (row["username"],))
        send_reset_link(member)
    return rows


@bp.get("/import/sample.csv")
@admin_required
def sample() -> BaseResponse:
    return Response(csv_members.SAMPLE.encode("utf-8"), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=agora-members-sample.csv"})


@bp.get("/export.csv")
@admin_required
def export() -> BaseResponse:
    rows = [{**dict(u), "language": u["lang"]} for u in query("SELECT * FROM users ORDER BY id")]
    return Response(csv_members.export(rows), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=agora-members.csv"})


@bp.get("/outbox")
@admin_required
def outbox() -> str:
    mails = query("SELECT * FROM outbox ORDER BY created_at DESC, id DESC")
    return render_template("admin/outbox.html", mails=mails, user_id=g.user["id"])
