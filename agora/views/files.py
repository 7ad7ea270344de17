"""Files (placeholder)."""
from flask import Blueprint

bp = Blueprint("files", __name__)


@bp.get("/files")
def index() -> str:
    return ""


@bp.get("/files/<int:file_id>")
def view(file_id: int) -> str:
    return ""
