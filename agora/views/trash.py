"""Trash (placeholder)."""
from flask import Blueprint

bp = Blueprint("trash", __name__)


@bp.get("/trash")
def index() -> str:
    return ""
