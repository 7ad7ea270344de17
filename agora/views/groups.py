"""Groups (placeholder while the feature lands)."""
from flask import Blueprint

bp = Blueprint("groups", __name__)


@bp.get("/groups")
def index() -> str:
    return ""


@bp.get("/groups/<int:group_id>")
def view(group_id: int) -> str:
    return ""
