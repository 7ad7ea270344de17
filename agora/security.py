"""Sessions, CSRF protection and access-control decorators."""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import BadRequest
from werkzeug.security import generate_password_hash

from .db import execute, one

CSRF_FIELD = "csrf_token"
#: how passwords are hashed: scrypt at a cost of 4096, a check in about 12 ms of processor. Werkzeug's
#: default (32768) takes 100 ms; this platform runs on loopback for help captures and tests, which log
#: in hundreds of times. A stored hash names its own method, so older ones still check.
PASSWORD_METHOD = "scrypt:4096:8:1"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


class CSRFError(BadRequest):
    """A POST arrived without the session's token: refused with a 400 page that explains why."""


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    if request.method != "POST":
        return
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent, expected):
        raise CSRFError()


def load_user() -> None:
    g.user = None
    user_id = session.get("user_id")
    if user_id is not None:
        g.user = one("SELECT * FROM users WHERE id = ?", (user_id,))
        # The account vanished (e.g. after a reset), or its sessions were revoked: start over.
        if g.user is None or session.get("gen") != g.user["session_gen"]:
            g.user = None
            session.pop("user_id", None)
            session.pop("gen", None)


def start_session(user: Any) -> None:
    """Log ``user`` in on a fresh session (new CSRF token): stops session fixation."""
    keep_lang = session.get("lang")
    session.clear()
    session["user_id"] = user["id"]
    session["gen"] = user["session_gen"]
    if keep_lang:
        session["lang"] = keep_lang


def revoke_sessions(user_id: int) -> None:
    """End every session of this account, wherever it is open (logout, new password).

    Sessions live in signed cookies; each carries the account's session generation, and a
    cookie from an older generation no longer logs anyone in.
    """
    execute("UPDATE users SET session_gen = session_gen + 1 WHERE id = ?", (user_id,))


def keep_own_session(user_id: int) -> None:
    """After revoke_sessions on one's own account: stay logged in in this browser only."""
    if session.get("user_id") == user_id:
        row = one("SELECT session_gen FROM users WHERE id = ?", (user_id,))
        if row is not None:
            session["gen"] = row["session_gen"]


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user["role"] != "admin":
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def is_admin() -> bool:
    return g.user is not None and g.user["role"] == "admin"


def can_edit(owner_id: int) -> bool:
    """Members edit only their own content; administrators edit everything."""
    return g.user is not None and (g.user["id"] == owner_id or is_admin())


def require_owner(owner_id: int) -> None:
    if not can_edit(owner_id):
        abort(403)


def render_error(code: int, title_key: str, text_key: str) -> tuple[str, int]:
    return render_template("error.html", code=code, title_key=title_key, text_key=text_key), code
