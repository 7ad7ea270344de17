"""Blueprints, one per feature."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from . import activity, admin, auth, blog, files, groups, pages, profile, trash
    for module in (auth, activity, profile, groups, blog, pages, files, trash, admin):
        app.register_blueprint(module.bp)
