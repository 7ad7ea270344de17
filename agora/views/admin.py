"""Admin (placeholder)."""
from flask import Blueprint

bp = Blueprint("admin", __name__)


@bp.get("/admin")
def index() -> str:
    return ""
