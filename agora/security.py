"""Sessions, CSRF protection and access-control decorators."""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import BadRequest

from .db import one

CSRF_FIELD = "csrf_token"


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
        if g.user is None:  # the account vanished (e.g. after a reset): start over
            session.pop("user_id", None)


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
