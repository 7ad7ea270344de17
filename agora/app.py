"""The Flask application factory."""
from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, g, request, session
from werkzeug.exceptions import HTTPException

from . import i18n
from .clock import Clock
from .db import close_db, db_path, execute, migrate, uploads_dir
from .security import CSRFError, check_csrf, csrf_token, is_admin, load_user, render_error
from .text import render as render_text

MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # whole request; each file type has its own smaller cap
#: links in e-mails when nobody says where Agora is; the server sets its own listening URL
DEFAULT_BASE_URL = "http://localhost"
#: on every response. Agora runs no JavaScript and styles come from agora.css only, so the
#: policy allows no script at all and no inline style; no site may frame Agora.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'none'; style-src 'self'; "
                               "img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _secret_key(data_dir: Path) -> str:
    """Kept in the data dir so sessions survive a restart; a reset leaves it in place."""
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


def check_base_url(base_url: str) -> str:
    """The public address links in e-mails start with: http(s)://host[:port][/path], no query."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
            or parts.fragment:
        raise ValueError(f"invalid base URL {base_url!r}: expected http(s)://host[:port][/path]")
    return base_url.rstrip("/")


def create_app(data_dir: Path, *, frozen_time: datetime | None = None,
               testing: bool = False, base_url: str = DEFAULT_BASE_URL) -> Flask:
    """``base_url`` starts the links Agora e-mails (reset links): never the request's Host."""
    base_url = check_base_url(base_url)
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if not db_path(data_dir).exists():
        from .seed import demo_password, reset
        reset(data_dir, demo_password())
    migrate(db_path(data_dir))
    uploads_dir(data_dir).mkdir(exist_ok=True)

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret_key(data_dir),
        TESTING=testing,
        AGORA_DATA_DIR=data_dir,
        AGORA_CLOCK=Clock(frozen_time),
        AGORA_BASE_URL=base_url,
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="agora_session",
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["rich"] = render_text
    app.teardown_appcontext(close_db)

    @app.before_request
    def _before() -> None:
        load_user()
        _choose_language()
        check_csrf()

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    # Plain functions are globals so imported macros see them too; per-request values below.
    app.jinja_env.globals.update(
        _=i18n.gettext, _m=i18n.markup, csrf_token=csrf_token, fmt_dt=i18n.format_datetime,
        fmt_date=i18n.format_date, fmt_size=i18n.format_size)

    @app.context_processor
    def _request_values() -> dict[str, object]:
        return {"lang": g.get("lang", i18n.DEFAULT_LANG), "user": g.get("user"),
                "is_admin": is_admin(), "endpoint": request.endpoint or ""}

    @app.get("/healthz")
    def healthz() -> tuple[str, int, dict[str, str]]:
        return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(CSRFError)
    def _csrf(_e: CSRFError) -> tuple[str, int]:
        return render_error(400, "error.csrf_title", "error.csrf_text")

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException) -> tuple[str, int] | HTTPException:
        known = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "bad_request",
                 413: "too_large"}
        if e.code not in known:
            return e
        name = known[e.code or 400]
        return render_error(e.code or 400, f"error.{name}_title", f"error.{name}_text")

    from .views import register
    register(app)
    return app


def _choose_language() -> None:
    """?lang= wins (and is remembered), then the session, the user's preference, the browser, fr."""
    wanted = request.args.get("lang")
    if wanted in i18n.LANGS:
        session["lang"] = wanted
        if g.user is not None and g.user["lang"] != wanted:
            execute("UPDATE users SET lang = ? WHERE id = ?", (wanted, g.user["id"]))
    user_lang = g.user["lang"] if g.user is not None else None
    g.lang = (session.get("lang") if session.get("lang") in i18n.LANGS else None) \
        or (user_lang if user_lang in i18n.LANGS else None) \
        or i18n.best_from_header(request.headers.get("Accept-Language")) \
        or i18n.DEFAULT_LANG
