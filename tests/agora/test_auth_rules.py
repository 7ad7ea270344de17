"""The account rules the help pages promise: where login leads, link expiry, session rotation,
and the exact edges of the lockout (5 failures in 5 minutes lock for 15 minutes)."""
from __future__ import annotations

import re
import urllib.parse
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from .conftest import PASSWORD, login, plain, post, text

SESSION_COOKIE = "agora_session"


# -- ?next= -----------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/x", "/pages/view/1", "/blog?sort=alpha", "/files#list",
                                    "/pages/view/1?lang=en&sort=oldest"])
def test_next_is_honoured(anon: FlaskClient, target: str) -> None:
    url = "/login?" + urllib.parse.urlencode({"next": target})
    response = post(anon, url, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == target


def test_next_set_by_a_protected_page_leads_back(anon: FlaskClient) -> None:
    response = anon.get("/pages/history/1?sort=oldest")
    login_url = response.headers["Location"]
    assert login_url.startswith("/login?next=")
    assert 'id="login-form"' in text(anon.get(login_url))  # the form posts back to this URL
    response = post(anon, login_url, {"username": "alice", "password": PASSWORD})
    assert response.headers["Location"] == "/pages/history/1?sort=oldest"


def test_next_to_another_site_is_refused(anon: FlaskClient) -> None:
    response = post(anon, "/login?next=//evil.example", {"username": "alice",
                                                          "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"


# -- reset links ------------------------------------------------------------------------------

def reset_path(anon: FlaskClient, admin: FlaskClient, who: str = "alice") -> str:
    post(anon, "/password/forgot", {"identifier": who})
    found = re.search(r"https?://[^/\s]+(/password/reset/[\w-]+)", text(admin.get("/admin/outbox")))
    assert found
    return found.group(1)


def test_reset_link_works_for_24_hours(app: Flask, anon: FlaskClient, claire: FlaskClient) -> None:
    path = reset_path(anon, claire)
    clock = app.config["AGORA_CLOCK"]
    clock.advance(hours=23, minutes=59, seconds=59)
    assert anon.get(path).status_code == 200
    clock.advance(seconds=1)  # exactly 24 hours after it was sent
    response = anon.get(path)
    assert response.status_code == 404
    assert "invalide, déjà utilisé ou expiré" in plain(response)
    response = post(anon, path, {"password": "nouveau-mdp-1", "confirm": "nouveau-mdp-1"})
    assert response.status_code == 404
    assert login(anon, "alice", "nouveau-mdp-1").status_code == 401
    assert login(anon, "alice").status_code == 302


def test_reset_link_used_just_in_time(app: Flask, anon: FlaskClient, claire: FlaskClient) -> None:
    path = reset_path(anon, claire)
    app.config["AGORA_CLOCK"].advance(hours=23, minutes=59, seconds=59)
    response = post(anon, path, {"password": "nouveau-mdp-1", "confirm": "nouveau-mdp-1"})
    assert response.status_code == 302
    assert login(anon, "alice", "nouveau-mdp-1").status_code == 302


# -- session and CSRF token rotate at login ---------------------------------------------------

def test_session_and_csrf_token_rotate_at_login(app: Flask, anon: FlaskClient) -> None:
    page = text(anon.get("/login"))
    token_before = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token_before
    cookie_before = anon.get_cookie(SESSION_COOKIE)
    assert cookie_before is not None
    response = anon.post("/login", data={"username": "alice", "password": PASSWORD,
                                         "csrf_token": token_before.group(1)})
    assert response.status_code == 302
    cookie_after = anon.get_cookie(SESSION_COOKIE)
    assert cookie_after is not None and cookie_after.value != cookie_before.value
    with anon.session_transaction() as session:
        assert session.get("csrf") != token_before.group(1)
    # The pre-login token no longer passes, and the pre-login cookie is still anonymous.
    assert anon.post("/pages/1/annotate", data={"body": "x", "csrf_token": token_before.group(1)}
                     ).status_code == 400
    fixed = app.test_client()
    fixed.set_cookie(SESSION_COOKIE, cookie_before.value)
    assert fixed.get("/dashboard").status_code == 302


# -- lockout edges ----------------------------------------------------------------------------

def attempts_left(response) -> int | None:  # type: ignore[no-untyped-def]
    found = re.search(r"verrouillage du compte : (\d+)", plain(response))
    return int(found.group(1)) if found else None


def lock(anon: FlaskClient, username: str) -> None:
    for _ in range(5):
        response = login(anon, username, "wrong")
    assert response.status_code == 423


def test_after_a_lock_ends_one_miss_leaves_four(app: Flask, anon: FlaskClient) -> None:
    lock(anon, "bruno")
    app.config["AGORA_CLOCK"].advance(minutes=15)
    response = login(anon, "bruno", "wrong")
    assert response.status_code == 401 and attempts_left(response) == 4


def test_success_clears_earlier_failures(anon: FlaskClient) -> None:
    for expected in (4, 3, 2, 1):
        assert attempts_left(login(anon, "bruno", "wrong")) == expected
    assert login(anon, "bruno").status_code == 302
    post(anon, "/logout")
    for expected in (4, 3, 2, 1):
        response = login(anon, "bruno", "wrong")
        assert response.status_code == 401 and attempts_left(response) == expected
    assert login(anon, "bruno", "wrong").status_code == 423


def test_lock_ends_at_exactly_fifteen_minutes(app: Flask, anon: FlaskClient) -> None:
    lock(anon, "bruno")
    clock = app.config["AGORA_CLOCK"]
    clock.advance(minutes=14, seconds=59)
    assert login(anon, "bruno").status_code == 423
    clock.advance(seconds=1)
    assert login(anon, "bruno").status_code == 302


def test_failures_count_for_exactly_five_minutes(app: Flask, anon: FlaskClient) -> None:
    clock = app.config["AGORA_CLOCK"]
    login(anon, "bruno", "wrong")
    clock.advance(timedelta(minutes=4, seconds=59))
    assert attempts_left(login(anon, "bruno", "wrong")) == 3  # the first still counts
    clock.advance(seconds=1)  # the first failure is now exactly 5 minutes old
    assert attempts_left(login(anon, "bruno", "wrong")) == 3


def test_choosing_a_password_voids_the_other_links(anon: FlaskClient, claire: FlaskClient) -> None:
    post(anon, "/password/forgot", {"identifier": "alice"})
    post(anon, "/password/forgot", {"identifier": "alice.leroy@agora.example"})
    paths = re.findall(r"https?://[^/\s]+(/password/reset/[\w-]+)", text(claire.get("/admin/outbox")))
    assert len(set(paths)) == 2
    assert post(anon, paths[0], {"password": "nouveau-mdp-1", "confirm": "nouveau-mdp-1"}
                ).status_code == 302
    assert anon.get(paths[1]).status_code == 404
