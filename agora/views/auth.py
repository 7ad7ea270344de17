"""Log in, log out, forgotten password (the link lands in the admin outbox) and password reset."""
from __future__ import annotations

import secrets
import unicodedata
from datetime import timedelta
from functools import cache
from sqlite3 import Row
from urllib.parse import urlsplit, urlunsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response

from .. import lockout
from ..clock import parse_iso
from ..db import execute, one
from ..helpers import now, now_iso
from ..i18n import format_datetime
from ..i18n import gettext as _
from ..security import hash_password, revoke_sessions, start_session

bp = Blueprint("auth", __name__)
MIN_PASSWORD = 8
RESET_VALIDITY = timedelta(hours=24)


def _safe_next(target: str | None) -> str:
    r"""Where to go after login: ``target`` if it is a path on this site, else the dashboard.

    The value is judged decoded, as a browser reads it: browsers drop tabs and line breaks and
    read a backslash as a slash, so ``/<TAB>/evil.example`` or ``/\evil.example`` would leave
    the site. Any control or format character, whitespace or backslash is refused outright.
    """
    fallback = url_for("activity.dashboard")
    if not target or any(c.isspace() or c == "\\" or unicodedata.category(c)[0] == "C"
                         for c in target):
        return fallback
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc \
            or not parts.path.startswith("/") or parts.path.startswith("//"):
        return fallback
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


def _password_matches(user: Row | None, password: str) -> bool:
    stored = user["password_hash"] if user is not None else ""
    if stored.count("$") != 2:  # no account, or one whose password is not set yet
        check_password_hash(_dummy_hash(), password)  # spend the same time as a real check
        return False
    return check_password_hash(stored, password)


@cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


@bp.get("/")
def home() -> Response:
    return redirect(url_for("activity.dashboard" if g.user else "auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int]:
    if g.user is not None and request.method == "GET":
        return redirect(url_for("activity.dashboard"))
    error = locked = None
    attempts_left = None
    username = request.form.get("username", "").strip()
    if request.method == "POST":
        name = username.lower()
        user = one("SELECT * FROM users WHERE username = ? OR email = ?", (name, name))
        # Unknown names go through the same steps (a hash check, the failure count, the lock)
        # so that neither the answer nor its timing tells whether the account exists.
        until = lockout.locked_until(user, name)
        if until:
            locked = format_datetime(until)
        elif _password_matches(user, request.form.get("password", "")) and user is not None:
            lockout.clear(user["id"])
            start_session(user)
            # A language picked on the login page wins for this session; otherwise the
            # user's saved preference applies.
            if not session.get("lang") and user["lang"]:
                session["lang"] = user["lang"]
            return redirect(_safe_next(request.args.get("next")))
        else:
            until, attempts_left = lockout.record_failure(user, name)
            if until:
                locked = format_datetime(until)
            error = _("auth.invalid")
    status = 200 if request.method == "GET" else (423 if locked else 401)
    return render_template("auth/login.html", error=error, locked=locked, username=username,
                           attempts_left=attempts_left), status


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    if request.method == "GET":
        return render_template("auth/logout.html")
    lang = g.lang
    if g.user is not None:
        revoke_sessions(g.user["id"])  # a copy of this session cookie must not outlive it
    session.clear()
    session["lang"] = lang
    flash(_("auth.logged_out"), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot() -> Response | str:
    if request.method == "POST":
        ident = request.form.get("identifier", "").strip().lower()
        user = one("SELECT * FROM users WHERE username = ? OR email = ?", (ident, ident))
        if user:
            send_reset_link(user)
        # Same answer either way, so the form cannot be used to probe for accounts.
        flash(_("auth.reset_sent"), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html")


def send_reset_link(user: object) -> None:
    token = secrets.token_urlsafe(24)
    execute("INSERT INTO password_resets (token, user_id, created_at) VALUES (?, ?, ?)",
            (token, user["id"], now_iso()))  # type: ignore[index]
    # Never from the request's Host header: a forged one would mail a link to another site.
    link = current_app.config["AGORA_BASE_URL"] + url_for("auth.reset", token=token)
    lang = user["lang"] or "fr"  # type: ignore[index]
    execute("INSERT INTO outbox (to_addr, subject, body, created_at) VALUES (?, ?, ?, ?)",
            (user["email"], _("mail.reset_subject", lang),  # type: ignore[index]
             _("mail.reset_body", lang, name=user["display_name"], link=link),  # type: ignore[index]
             now_iso()))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Response | str | tuple[str, int]:
    row = one("SELECT * FROM password_resets WHERE token = ?", (token,))
    created = parse_iso(row["created_at"]) if row else None
    if not row or row["used"] or not created or now() - created >= RESET_VALIDITY:
        return render_template("auth/reset.html", invalid=True, error=None), 404
    error = None
    if request.method == "POST":
        password = request.form.get("password", "")
        if len(password) < MIN_PASSWORD:
            error = _("auth.password_short", n=MIN_PASSWORD)
        elif password != request.form.get("confirm", ""):
            error = _("auth.password_mismatch")
        else:
            execute("UPDATE users SET password_hash = ? WHERE id = ?",
                    (hash_password(password), row["user_id"]))
            # This link and any other still open for the account: one new password per request.
            execute("UPDATE password_resets SET used = 1 WHERE user_id = ?", (row["user_id"],))
            lockout.clear(row["user_id"])
            revoke_sessions(row["user_id"])
            flash(_("auth.password_changed"), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", invalid=False, error=error)
