"""Blog (placeholder)."""
from flask import Blueprint

bp = Blueprint("blog", __name__)


@bp.get("/blog")
def index() -> str:
    return ""


@bp.get("/blog/new")
def new() -> str:
    return ""


@bp.get("/blog/<int:post_id>")
def view(post_id: int) -> str:
    return ""
