"""Fixtures: a freshly seeded Agora with a frozen clock, and logged-in test clients."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from agora.app import create_app
from agora.seed import reset

PASSWORD = "test-password-1"
FROZEN = datetime(2026, 3, 2, 9, 30, 0)
TOKEN_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    reset(tmp_path, PASSWORD)
    return tmp_path


@pytest.fixture
def app(data_dir: Path) -> Flask:
    return create_app(data_dir, frozen_time=FROZEN, testing=True)


def csrf(client: FlaskClient) -> str:
    """The session's CSRF token (creating the session by visiting the login page if needed)."""
    with client.session_transaction() as session:
        token = session.get("csrf")
    if token:
        return token
    match = TOKEN_RE.search(client.get("/login").get_data(as_text=True))
    assert match
    return match.group(1)


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
