"""Fixtures: a freshly seeded Agora with a frozen clock, and logged-in test clients."""
from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from agora.app import create_app
from agora.seed import reset

PASSWORD = "test-password-1"
FROZEN = datetime(2026, 3, 2, 9, 30, 0)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed once per session with a fast hash; each test gets its own copy."""
    from agora import seed

    patch = pytest.MonkeyPatch()
    # The demo's own hash (scrypt, agora.security.PASSWORD_METHOD) costs 12 ms a user; tests need a valid one.
    patch.setattr(seed, "_password_hash",
                  lambda password, _user: generate_password_hash(password, "pbkdf2:sha256:1000"))
    template = tmp_path_factory.mktemp("agora-seed")
    reset(template, PASSWORD)
    patch.undo()
    return template


@pytest.fixture
def data_dir(seeded_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seeded_template, target)
    return target


def plain(response) -> str:  # type: ignore[no-untyped-def]
    """The visible text of a page: tags removed, entities decoded, whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body))


@pytest.fixture
def app(data_dir: Path) -> Flask:
    return create_app(data_dir, frozen_time=FROZEN, testing=True)


def csrf(client: FlaskClient) -> str:
    """The session's CSRF token, as a form on any page would carry it."""
    with client.session_transaction() as session:
        if not session.get("csrf"):
            # What the app does on the first page with a form; set here to save a request.
            session["csrf"] = "token-for-tests"
        return session["csrf"]


def text(response) -> str:  # type: ignore[no-untyped-def]
    """The response body with HTML entities decoded, for readable assertions."""
    return html.unescape(response.get_data(as_text=True))


def post(client: FlaskClient, url: str, data: dict | None = None, **kwargs: object):
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf(client))
    return client.post(url, data=payload, **kwargs)


def login(client: FlaskClient, username: str, password: str = PASSWORD):
    return post(client, "/login", {"username": username, "password": password})


@pytest.fixture
def client_for(app: Flask) -> Callable[[str], FlaskClient]:
    def make(username: str) -> FlaskClient:
        client = app.test_client()
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return make


@pytest.fixture
def alice(client_for: Callable[[str], FlaskClient]) -> FlaskClient:
    return client_for("alice")


@pytest.fixture
def claire(client_for: Callable[[str], FlaskClient]) -> FlaskClient:
    return client_for("claire")


@pytest.fixture
def anon(app: Flask) -> Iterator[FlaskClient]:
    yield app.test_client()
