"""Accounts: login, lockout timing, forgotten password, CSRF, cookies and language."""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from .conftest import PASSWORD, csrf, login, post, text


def test_login_and_logout(anon: FlaskClient) -> None:
    assert anon.get("/dashboard").status_code == 302
    response = login(anon, "alice")
    assert response.status_code == 302 and response.location == "/dashboard"
    assert "Bonjour Alice" in text(anon.get("/dashboard"))
    assert post(anon, "/logout").status_code == 302
    assert anon.get("/dashboard").status_code == 302


def test_wrong_password_counts_down(anon: FlaskClient) -> None:
    response = login(anon, "alice", "wrong")
    assert response.status_code == 401
    assert "Identifiant ou mot de passe incorrect" in text(response)
    assert "verrouillage du compte : 4" in text(response)


def test_lockout_after_five_failures_for_fifteen_minutes(app: Flask, anon: FlaskClient) -> None:
    for _ in range(4):
        assert login(anon, "bruno", "wrong").status_code == 401
    response = login(anon, "bruno", "wrong")
    assert response.status_code == 423
    body = text(response)
    assert "Compte verrouillé" in body
    assert "jusqu'au 2 mars 2026 à 09:45" in body  # frozen at 09:30, locked for 15 minutes
    assert "administrateur" in body and "/password/forgot" in body
    # Even the right password is refused while locked.
    assert login(anon, "bruno", PASSWORD).status_code == 423
    app.config["AGORA_CLOCK"].advance(minutes=14, seconds=59)
    assert login(anon, "bruno", PASSWORD).status_code == 423
    app.config["AGORA_CLOCK"].advance(seconds=2)
    assert login(anon, "bruno", PASSWORD).status_code == 302


def test_lockout_message_in_english(anon: FlaskClient) -> None:
    anon.get("/login?lang=en")
    for _ in range(5):
        response = login(anon, "david", "wrong")
    assert "Account locked" in text(response)
    assert "locked until March 2, 2026 at 9:45 AM" in text(response)


def test_failures_older_than_five_minutes_do_not_count(app: Flask, anon: FlaskClient) -> None:
    for _ in range(4):
        login(anon, "emma", "wrong")
    app.config["AGORA_CLOCK"].advance(minutes=5, seconds=1)
    response = login(anon, "emma", "wrong")
    assert response.status_code == 401  # only 1 failure in the window now
    assert login(anon, "emma", PASSWORD).status_code == 302


def test_forgot_password_writes_link_to_outbox(anon: FlaskClient,
                                               claire: FlaskClient) -> None:
    response = post(anon, "/password/forgot", {"identifier": "alice"})
    assert response.status_code == 302
    outbox = text(claire.get("/admin/outbox"))
    assert "alice.leroy@agora.example" in outbox
    link = re.search(r"http://localhost(/password/reset/[\w-]+)", outbox)
    assert link
    assert anon.get(link.group(1)).status_code == 200
    response = post(anon, link.group(1), {"password": "nouveau-mdp-1", "confirm": "nouveau-mdp-1"})
    assert response.status_code == 302
    assert login(anon, "alice", "nouveau-mdp-1").status_code == 302
    # The link works once only.
    assert anon.get(link.group(1)).status_code == 404


def test_forgot_password_same_answer_for_unknown(anon: FlaskClient, claire: FlaskClient) -> None:
    response = post(anon, "/password/forgot", {"identifier": "ghost"}, follow_redirects=True)
    assert "Si un compte correspond" in text(response)
    assert "Aucun e-mail envoyé" in text(claire.get("/admin/outbox"))


def test_csrf_token_refused(alice: FlaskClient) -> None:
    response = alice.post("/pages/1/annotate", data={"body": "x", "csrf_token": "forged"})
    assert response.status_code == 400
    assert "Formulaire expiré ou invalide" in text(response)
    assert alice.post("/pages/1/annotate", data={"body": "x"}).status_code == 400
    assert "x</p>" not in text(alice.get("/pages/view/1"))


def test_login_form_needs_csrf(anon: FlaskClient) -> None:
    response = anon.post("/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 400


def test_session_cookie_flags(anon: FlaskClient) -> None:
    response = login(anon, "alice")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_language_from_query_is_remembered_for_user(alice: FlaskClient, app: Flask) -> None:
    page = text(alice.get("/dashboard?lang=en"))
    assert '<html lang="en">' in page and "Activity stream" in page
    assert "Activity stream" in text(alice.get("/dashboard"))
    # The preference is stored on the account: a new session starts in English.
    other = app.test_client()
    login(other, "alice")
    assert '<html lang="en">' in text(other.get("/dashboard"))
    assert "Fil d'activité" in text(alice.get("/dashboard?lang=fr"))


def test_language_chosen_on_login_page_wins_over_preference(app: Flask) -> None:
    first = app.test_client()
    login(first, "alice")
    first.get("/dashboard?lang=en")  # saved as Alice's preference
    other = app.test_client()
    other.get("/login?lang=fr")
    login(other, "alice")
    assert '<html lang="fr">' in text(other.get("/dashboard"))


def test_language_from_browser_and_fallback(anon: FlaskClient, app: Flask) -> None:
    assert '<html lang="fr">' in text(anon.get("/login"))
    english = app.test_client()
    page = text(english.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}))
    assert '<html lang="en">' in page and "Log in to Agora" in page
    german = app.test_client()
    assert '<html lang="fr">' in text(german.get("/login", headers={"Accept-Language": "de"}))


def test_profile_language_setting(alice: FlaskClient) -> None:
    response = post(alice, "/profile/edit", {"display_name": "Alice Leroy",
                                             "email": "alice.leroy@agora.example", "lang": "en"},
                    follow_redirects=True)
    assert "Profile saved." in text(response)
    assert '<html lang="en">' in text(alice.get("/members"))


def test_healthz(anon: FlaskClient) -> None:
    response = anon.get("/healthz")
    assert response.status_code == 200 and response.data == b"ok"


def test_csrf_helper_reuses_session_token(alice: FlaskClient) -> None:
    assert csrf(alice) == csrf(alice)
