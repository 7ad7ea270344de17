"""Profiles, profile editing (with avatar upload), avatars and notification settings."""
from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from ..avatars import MAX_AVATAR_BYTES, initials_svg, normalise_upload
from ..db import execute, one, uploads_dir
from ..helpers import get_pref, set_pref, user_groups
from ..i18n import LANGS
from ..i18n import gettext as _
from ..security import login_required
from .activity import recent_activity

bp = Blueprint("profile", __name__)

NOTIFICATION_EVENTS = ("comment", "annotation", "group_activity", "mention", "digest")
NOTIFICATION_DEFAULTS = {"comment": "1", "annotation": "1", "group_activity": "0", "mention": "1",
                         "digest": "1"}
FREQUENCIES = ("instant", "daily", "weekly")


@bp.get("/profile/<username>")
@login_required
def view(username: str) -> str:
    member = one("SELECT * FROM users WHERE username = ?", (username,))
    if member is None:
        abort(404)
    return render_template("profile/view.html", member=member, groups=user_groups(member["id"]),
                           entries=recent_activity(10, user_id=member["id"]))


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit() -> BaseResponse | str:
    errors: list[str] = []
    if request.method == "POST":
        form = request.form
        name = form.get("display_name", "").strip()
        email = form.get("email", "").strip().lower()
        lang = form.get("lang", "")
        if not name:
            errors.append(_("profile.name_required"))
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            errors.append(_("profile.email_invalid"))
        elif one("SELECT 1 FROM users WHERE email = ? AND id != ?", (email, g.user["id"])):
            errors.append(_("profile.email_taken"))
        avatar_name = g.user["avatar"]
        upload = request.files.get("avatar")
        if upload and upload.filename:
            data = upload.read(MAX_AVATAR_BYTES + 1)
            png = normalise_upload(data) if len(data) <= MAX_AVATAR_BYTES else None
            if len(data) > MAX_AVATAR_BYTES:
                errors.append(_("profile.avatar_too_big"))
            elif png is None:
                errors.append(_("profile.avatar_invalid"))
            else:
                avatar_name = f"avatar-{g.user['id']}.png"
                (uploads_dir(_data_dir()) / avatar_name).write_bytes(png)
        elif form.get("remove_avatar"):
            avatar_name = None
        if not errors:
            execute("UPDATE users SET display_name = ?, email = ?, job_title = ?, department = ?, "
                    "bio = ?, lang = ?, avatar = ? WHERE id = ?",
                    (name, email, form.get("job_title", "").strip(),
                     form.get("department", "").strip(), form.get("bio", "").strip(),
                     lang if lang in LANGS else None, avatar_name, g.user["id"]))
            if lang in LANGS:
                session["lang"] = lang
            else:
                session.pop("lang", None)
            flash(_("profile.saved", lang if lang in LANGS else None), "success")
            return redirect(url_for("profile.view", username=g.user["username"]))
    return render_template("profile/edit.html", errors=errors, form=request.form or g.user)


def _data_dir() -> Path:
    return current_app.config["AGORA_DATA_DIR"]


@bp.get("/avatar/<username>")
@login_required  # open to all, a 404 would tell who has an account
def avatar(username: str) -> BaseResponse:
    member = one("SELECT username, display_name, avatar FROM users WHERE username = ?", (username,))
    if member is None:
        abort(404)
    if member["avatar"]:
        path = uploads_dir(_data_dir()) / member["avatar"]
        if path.exists():
            return send_file(path, mimetype="image/png", max_age=0)
    svg = initials_svg(member["username"], member["display_name"])
    return Response(svg, mimetype="image/svg+xml")


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def notifications() -> BaseResponse | str:
    uid = g.user["id"]
    if request.method == "POST":
        for event in NOTIFICATION_EVENTS:
            set_pref(uid, f"notify:{event}", "1" if request.form.get(event) else "0")
        frequency = request.form.get("frequency", "instant")
        set_pref(uid, "notify:frequency", frequency if frequency in FREQUENCIES else "instant")
        flash(_("notif.saved"), "success")
        return redirect(url_for("profile.notifications"))
    current = {e: get_pref(uid, f"notify:{e}", NOTIFICATION_DEFAULTS[e]) == "1"
               for e in NOTIFICATION_EVENTS}
    return render_template("profile/notifications.html", events=NOTIFICATION_EVENTS,
                           current=current, frequencies=FREQUENCIES,
                           frequency=get_pref(uid, "notify:frequency", "instant"))
